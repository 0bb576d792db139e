import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { choose, confirmIn, formItemOf, paste, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

async function shop(role: Role = 'owner') {
  const backend = await realCore(role);
  const back = await backend.run('inventory.locations.create', { name: 'Back room' });
  const tea = await backend.run('inventory.products.create', {
    name: 'Green tea',
    sku: 'TEA-1',
    price: '12',
    cost: '6.00',
    suppliers: [{ name: 'Hangzhou Tea Co.', contact: '', lead_time_days: 5 }],
  });
  return { ...backend, back, tea };
}

function orderRow(): HTMLElement {
  return screen.getByTestId('inv-order-row');
}

describe('Inventory: purchase orders', { timeout: 30_000 }, () => {
  it('saves an order as a PDF for the supplier, in the language picked (purchases.manage only)', async () => {
    const backend = await shop();
    const order = await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '10', unit_cost: '6.00' }],
    });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-order-pdf', {}, SLOW));
    await userEvent.click(await screen.findByTestId('inv-order-pdf-en', {}, SLOW));
    expect(await screen.findByText(/^Saved to .+\.pdf$/, {}, SLOW)).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'inventory.orders.pdf')).toEqual([{ id: order.id, language: 'en' }]);
  });

  it('suggests the suppliers the products name, and fills in their contact', async () => {
    const backend = await shop();
    await backend.run('inventory.products.create', {
      name: 'Oolong',
      sku: 'OOL-1',
      price: '20',
      suppliers: [{ name: 'Anxi Tea Farm', contact: '0595-2233', lead_time_days: 3 }],
    });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-order-new', {}, SLOW));
    await userEvent.type(screen.getByTestId('inv-order-supplier'), 'anxi');
    const option = await screen.findByTestId('inv-order-supplier-option', {}, SLOW);
    expect(option).toHaveTextContent('Anxi Tea Farm 1 product');
    await userEvent.click(option);
    await waitFor(() => expect(screen.getByTestId('inv-order-supplier')).toHaveValue('Anxi Tea Farm'), SLOW);
    expect(screen.getByTestId('inv-order-contact')).toHaveValue('0595-2233');
  });

  it('offers no PDF to those who do not manage purchases', async () => {
    const backend = await shop('staff');
    await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '10', unit_cost: '6.00' }],
    });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-order-row')).toHaveLength(1), SLOW);
    expect(screen.queryByTestId('inv-order-pdf')).not.toBeInTheDocument();
  });

  it('drafts an order, sends it, receives part of it (partially received), then the rest (received)', async () => {
    const backend = await shop();
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-order-new', {}, SLOW));
    await paste(screen.getByTestId('inv-order-supplier'), 'Hangzhou Tea Co.');
    // The only location is picked already.
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('inv-order-location'))).toHaveTextContent('Back room'),
      SLOW,
    );
    await choose(screen.getByTestId('inv-order-line-product-0'), 'Green tea (TEA-1)');
    // Picking the product fills in its cost.
    await waitFor(() => expect(screen.getByTestId('inv-order-line-cost-0')).toHaveValue('6.00'), SLOW);
    await paste(screen.getByTestId('inv-order-line-quantity-0'), '10');
    await userEvent.click(screen.getByTestId('inv-order-submit'));

    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.orders.create')).toEqual([
          {
            supplier: 'Hangzhou Tea Co.',
            location_id: backend.back.id,
            date: dayjs().format('YYYY-MM-DD'),
            lines: [{ product_id: backend.tea.id, quantity: '10', unit_cost: '6.00' }],
          },
        ]),
      SLOW,
    );
    await waitFor(() => expect(within(orderRow()).getByTestId('inv-order-status')).toHaveTextContent('Draft'), SLOW);
    expect(orderRow()).toHaveTextContent('60.00');
    // A draft is not received.
    expect(within(orderRow()).queryByTestId('inv-order-receive')).not.toBeInTheDocument();

    await userEvent.click(within(orderRow()).getByTestId('inv-order-send'));
    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'sent'), SLOW);
    expect(within(orderRow()).queryByTestId('inv-order-edit')).not.toBeInTheDocument();

    await userEvent.click(within(orderRow()).getByTestId('inv-order-receive'));
    const quantity = await screen.findByTestId('inv-receive-qty-0', {}, SLOW);
    // Everything still to come, by default.
    await waitFor(() => expect(quantity).toHaveValue('10'), SLOW);
    const line = screen.getByTestId('inv-receive-line');
    expect(within(line).getByTestId('inv-receive-to-come')).toHaveTextContent('10');
    await paste(quantity, '4');
    await userEvent.click(screen.getByTestId('inv-receive-submit'));

    const [{ id }] = await backend.run('inventory.orders.list', {});
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.orders.receive')).toEqual([
          { id, lines: [{ product_id: backend.tea.id, quantity: '4' }], date: dayjs().format('YYYY-MM-DD') },
        ]),
      SLOW,
    );
    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'partially_received'), SLOW);
    expect(within(orderRow()).getByTestId('inv-order-status')).toHaveTextContent('Partially received');

    // The rest: more than is still to come is refused at the line.
    await userEvent.click(within(orderRow()).getByTestId('inv-order-receive'));
    await waitFor(
      () =>
        expect(within(screen.getByTestId('inv-receive-line')).getByTestId('inv-receive-received')).toHaveTextContent(
          '4',
        ),
      SLOW,
    );
    const rest = screen.getByTestId('inv-receive-qty-0');
    await waitFor(() => expect(rest).toHaveValue('6'), SLOW);
    // Nothing on any line: the core says so, and nothing is received.
    await paste(rest, '0');
    await userEvent.click(screen.getByTestId('inv-receive-submit'));
    await waitFor(
      () =>
        expect(screen.getByTestId('inv-receive-error')).toHaveTextContent(
          'Enter how much arrived on at least one line',
        ),
      SLOW,
    );
    expect(orderRow()).toHaveAttribute('data-status', 'partially_received');
    await paste(rest, '7');
    await userEvent.click(screen.getByTestId('inv-receive-submit'));
    await waitFor(() => expect(formItemOf(rest)).toHaveTextContent('More than is still to come on this line'), SLOW);
    await paste(rest, '6');
    await userEvent.click(screen.getByTestId('inv-receive-submit'));
    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'received'), SLOW);
    expect(within(orderRow()).queryByTestId('inv-order-receive')).not.toBeInTheDocument();
    expect(within(orderRow()).queryByTestId('inv-order-cancel')).not.toBeInTheDocument();

    // Stock went up by all ten at the order's location.
    const levels = await backend.run('inventory.stock.levels', { product_id: backend.tea.id });
    expect(levels.map((level) => level.on_hand)).toEqual(['10']);
  });

  it('shows each line the core refused at its field, all at once, and writes nothing', async () => {
    const backend = await shop();
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-order-new', {}, SLOW));
    await paste(screen.getByTestId('inv-order-supplier'), 'Hangzhou Tea Co.');
    await choose(screen.getByTestId('inv-order-line-product-0'), 'Green tea (TEA-1)');
    await waitFor(() => expect(screen.getByTestId('inv-order-line-cost-0')).toHaveValue('6.00'), SLOW);
    await paste(screen.getByTestId('inv-order-line-quantity-0'), '0');
    await paste(screen.getByTestId('inv-order-line-cost-0'), '1.234');
    await userEvent.click(screen.getByTestId('inv-order-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.orders.create')).toHaveLength(1), SLOW);
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('inv-order-line-quantity-0'))).toHaveTextContent('Must be above zero'),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('inv-order-line-cost-0'))).toHaveTextContent('At most 2 decimals');
    expect(await backend.run('inventory.orders.list', {})).toEqual([]);
  });

  it('cancels a sent order after confirmation', async () => {
    const backend = await shop();
    const order = await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '5' }],
    });
    await backend.run('inventory.orders.send', { id: order.id });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'sent'), SLOW);
    await userEvent.click(within(orderRow()).getByTestId('inv-order-cancel'));
    await confirmIn('Cancel the order to Hangzhou Tea Co.?', 'Cancel order');
    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.orders.cancel')).toEqual([{ id: order.id }]), SLOW);
    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'cancelled'), SLOW);
  });

  it('fills in a new order from the suggestions: what is low, from its supplier', async () => {
    const backend = await shop();
    await backend.run('inventory.stock.movements.create', {
      product_id: backend.tea.id,
      location_id: backend.back.id,
      kind: 'receipt',
      quantity: '2',
    });
    await backend.run('inventory.stock.thresholds.set', {
      product_id: backend.tea.id,
      location_id: backend.back.id,
      minimum: '5',
      maximum: '20',
    });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-order-suggest', {}, SLOW));
    expect(await screen.findByTestId('inv-order-prefilled', {}, SLOW)).toHaveTextContent(
      'Filled in from 1 suggestion for Back room',
    );
    await waitFor(() => expect(screen.getByTestId('inv-order-supplier')).toHaveValue('Hangzhou Tea Co.'), SLOW);
    // Up to the maximum: 20 - 2.
    expect(screen.getByTestId('inv-order-line-quantity-0')).toHaveValue('18');
    expect(screen.getByTestId('inv-order-line-cost-0')).toHaveValue('6.00');
    await userEvent.click(screen.getByTestId('inv-order-submit'));
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.orders.create')).toEqual([
          {
            supplier: 'Hangzhou Tea Co.',
            location_id: backend.back.id,
            date: dayjs().format('YYYY-MM-DD'),
            lines: [{ product_id: backend.tea.id, quantity: '18', unit_cost: '6.00' }],
          },
        ]),
      SLOW,
    );
  });

  it('lets staff receive an order but not write, send or cancel one, and shows them no costs', async () => {
    const backend = await shop('staff');
    const order = await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '5' }],
    });
    await backend.run('inventory.orders.send', { id: order.id });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'sent'), SLOW);
    expect(within(orderRow()).getByTestId('inv-order-receive')).toBeInTheDocument();
    expect(within(orderRow()).queryByTestId('inv-order-cancel')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-order-new')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-order-suggest')).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Total' })).not.toBeInTheDocument();
  });

  it('lets the accountant write orders but not receive them', async () => {
    const backend = await shop('accountant');
    const order = await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '5' }],
    });
    await backend.run('inventory.orders.send', { id: order.id });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'sent'), SLOW);
    expect(screen.getByTestId('inv-order-new')).toBeInTheDocument();
    expect(within(orderRow()).getByTestId('inv-order-cancel')).toBeInTheDocument();
    expect(within(orderRow()).queryByTestId('inv-order-receive')).not.toBeInTheDocument();
  });
});

describe('Inventory: valuation', { timeout: 30_000 }, () => {
  it('values stock at moving average cost, with the total, for those who see costs', async () => {
    const backend = await shop();
    // The core's day is the screen's today in any time zone: its clock at noon of that day.
    await backend.setClock(dayjs().startOf('day').add(12, 'hour').valueOf());
    for (const [quantity, unit_cost] of [
      ['10', '2.00'],
      ['10', '4.00'],
    ])
      await backend.run('inventory.stock.movements.create', {
        product_id: backend.tea.id,
        location_id: backend.back.id,
        kind: 'receipt',
        quantity,
        unit_cost,
      });
    navigate('inventory', 'valuation');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const row = await screen.findByTestId('inv-valuation-row', {}, SLOW);
    expect(row).toHaveTextContent('Green tea');
    expect(row).toHaveTextContent('20');
    expect(row).toHaveTextContent('3.00');
    expect(screen.getByTestId('inv-valuation-total')).toHaveTextContent('60.00');
    expect(screen.getByTestId('inv-valuation-as-of')).toHaveTextContent(dayjs().format('YYYY-MM-DD'));
  });

  it('is not there for those who do not see costs', async () => {
    const backend = await shop('staff');
    navigate('inventory', 'valuation');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    // The address falls back to the products.
    expect(await screen.findByTestId('inv-products-table', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('inv-tab-valuation')).not.toBeInTheDocument();
    expect(inputsOf(backend.calls, 'inventory.reports.valuation')).toEqual([]);
  });
});

describe('Inventory: purchase orders in Chinese', { timeout: 30_000 }, () => {
  inLanguage('zh-CN');

  it('says in Chinese, naming the order’s state, why an order received meanwhile cannot be cancelled', async () => {
    const backend = await shop();
    const order = await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '5' }],
    });
    await backend.run('inventory.orders.send', { id: order.id });
    navigate('inventory', 'orders');
    renderSignedIn(<InventoryPage />, { session: backend.session });
    await waitFor(() => expect(orderRow()).toHaveAttribute('data-status', 'sent'), SLOW);

    // Received in full at the counter (another window or device) while this screen still shows it sent.
    await backend.run('inventory.orders.receive', {
      id: order.id,
      lines: [{ product_id: backend.tea.id, quantity: '5' }],
    });
    await userEvent.click(within(orderRow()).getByTestId('inv-order-cancel'));
    await confirmIn('取消给 Hangzhou Tea Co. 的采购单？', '取消采购单');

    expect(
      await screen.findByText('与现有数据冲突：这张采购单已全部收货，没有可取消的部分', {}, SLOW),
    ).toBeInTheDocument();
  });
});
