import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location, Product, Role } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { choose, formItemOf, paste, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

/** A shop with tea low at the counter and coffee oversold there (sold on two offline devices), plenty in the back. */
async function stockedShop(role: Role = 'owner') {
  const backend = await realCore(role);
  // The core's day is the screen's today in any time zone (movements list newest day first): its clock at noon.
  await backend.setClock(dayjs().startOf('day').add(12, 'hour').valueOf());
  const counter = await backend.run('inventory.locations.create', { name: 'Counter' });
  const back = await backend.run('inventory.locations.create', { name: 'Back room' });
  const tea = await backend.run('inventory.products.create', { name: 'Green tea', sku: 'TEA-1', price: '12' });
  const coffee = await backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '9' });
  const receive = (product: Product, location: Location, quantity: string) =>
    backend.run('inventory.stock.movements.create', {
      product_id: product.id,
      location_id: location.id,
      kind: 'receipt',
      quantity,
    });
  await receive(tea, counter, '3');
  await receive(tea, back, '40');
  await receive(coffee, counter, '2');
  await backend.run('inventory.stock.movements.create', {
    product_id: coffee.id,
    location_id: counter.id,
    kind: 'adjustment',
    quantity: '-5',
    reason: 'sold on two tills offline',
  });
  await backend.run('inventory.stock.thresholds.set', { product_id: tea.id, location_id: counter.id, minimum: '5' });
  return { ...backend, counter, back, tea, coffee };
}

function rowOf(sku: string, location: string): HTMLElement {
  const row = screen
    .getAllByTestId('inv-stock-row')
    .find((r) => r.getAttribute('data-sku') === sku && r.getAttribute('data-location') === location);
  if (!row) throw new Error(`no stock row for ${sku} at ${location}`);
  return row;
}

describe('Inventory: stock levels', { timeout: 30_000 }, () => {
  it('tags low stock orange and oversold stock red, says why stock can be oversold, and sums it up on top', async () => {
    const shop = await stockedShop();
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    const low = within(rowOf('TEA-1', 'Counter')).getByTestId('inv-stock-low-tag');
    expect(low).toHaveTextContent('Low');
    expect(low).toHaveClass('ant-tag-orange');
    const oversold = rowOf('COF-1', 'Counter');
    expect(within(oversold).getByTestId('inv-stock-on-hand')).toHaveTextContent('-3');
    expect(within(oversold).getByTestId('inv-stock-oversold-tag')).toHaveClass('ant-tag-red');
    expect(within(rowOf('TEA-1', 'Back room')).queryByTestId('inv-stock-low-tag')).not.toBeInTheDocument();
    // Why, said once where the levels are: not only offline devices, and what to do.
    expect(screen.getByTestId('inv-stock-oversold-help')).toHaveTextContent('a miscount');
    expect(screen.getByTestId('inv-stock-oversold-help')).toHaveTextContent('Nothing was lost');
    expect(screen.getByTestId('inv-stock-count-now')).toHaveTextContent('Count stock');

    const alert = await screen.findByTestId('inv-low-alert', {}, SLOW);
    expect(alert).toHaveTextContent('1 item is at or below its minimum; 1 item is oversold');
    expect(alert, 'the explanation is not repeated on top').not.toHaveTextContent('Nothing was lost');
    await userEvent.click(screen.getByTestId('inv-low-alert-show'));
    // Only what needs looking at.
    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(2), SLOW);
    expect(screen.getByTestId('inv-stock-attention-only')).toBeChecked();

    // The fix is a click away: count the stock.
    await userEvent.click(screen.getByTestId('inv-stock-count-now'));
    await waitFor(() => expect(window.location.hash).toBe('#/inventory/stocktake'), SLOW);
  });

  it('asks for a reason before adjusting, and adjusts by a signed quantity', async () => {
    const shop = await stockedShop();
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    await userEvent.click(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-row-adjust'));
    const quantity = await screen.findByTestId('inv-movement-quantity', {}, SLOW);
    await paste(quantity, '-2');
    await userEvent.click(screen.getByTestId('inv-movement-submit'));
    const reason = screen.getByTestId('inv-movement-reason');
    await waitFor(
      () => expect(formItemOf(reason)).toHaveTextContent('Say why: broken, expired, found, counted…'),
      SLOW,
    );
    expect(inputsOf(shop.calls, 'inventory.stock.movements.create')).toEqual([]);

    await paste(reason, 'broken');
    // The core's clock is fixed for the scene: a minute on, so this movement is the newest, as it would be.
    await shop.setClock(dayjs().startOf('day').add(12, 'hour').add(1, 'minute').valueOf());
    await userEvent.click(screen.getByTestId('inv-movement-submit'));
    await waitFor(
      () =>
        expect(inputsOf(shop.calls, 'inventory.stock.movements.create')).toEqual([
          {
            product_id: shop.tea.id,
            location_id: shop.back.id,
            kind: 'adjustment',
            quantity: '-2',
            date: dayjs().format('YYYY-MM-DD'),
            reason: 'broken',
          },
        ]),
      SLOW,
    );
    await waitFor(
      () => expect(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-on-hand')).toHaveTextContent('38'),
      SLOW,
    );
    // The movement is listed, with its reason.
    const movements = await screen.findAllByTestId('inv-movement-row', {}, SLOW);
    expect(movements[0]).toHaveAttribute('data-kind', 'adjustment');
    expect(movements[0]).toHaveTextContent('broken');
  });

  it('receives goods without an order, and moves stock between locations', async () => {
    const shop = await stockedShop();
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    await userEvent.click(within(rowOf('TEA-1', 'Counter')).getByTestId('inv-stock-row-receive'));
    await paste(await screen.findByTestId('inv-movement-quantity', {}, SLOW), '4');
    await paste(screen.getByTestId('inv-movement-unit-cost'), '6.50');
    await userEvent.click(screen.getByTestId('inv-movement-submit'));
    await waitFor(
      () =>
        expect(inputsOf(shop.calls, 'inventory.stock.movements.create').at(-1)).toEqual({
          product_id: shop.tea.id,
          location_id: shop.counter.id,
          kind: 'receipt',
          quantity: '4',
          unit_cost: '6.50',
          date: dayjs().format('YYYY-MM-DD'),
        }),
      SLOW,
    );
    // 3 + 4 is above the minimum of 5: no longer low.
    await waitFor(
      () => expect(within(rowOf('TEA-1', 'Counter')).getByTestId('inv-stock-on-hand')).toHaveTextContent('7'),
      SLOW,
    );
    expect(within(rowOf('TEA-1', 'Counter')).queryByTestId('inv-stock-low-tag')).not.toBeInTheDocument();

    await userEvent.click(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-row-transfer'));
    await choose(await screen.findByTestId('inv-transfer-to', {}, SLOW), 'Counter');
    await paste(screen.getByTestId('inv-transfer-quantity'), '10');
    await userEvent.click(screen.getByTestId('inv-transfer-submit'));
    await waitFor(
      () =>
        expect(inputsOf(shop.calls, 'inventory.stock.transfer')).toEqual([
          {
            product_id: shop.tea.id,
            from_location_id: shop.back.id,
            to_location_id: shop.counter.id,
            quantity: '10',
            date: dayjs().format('YYYY-MM-DD'),
          },
        ]),
      SLOW,
    );
    await waitFor(
      () => expect(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-on-hand')).toHaveTextContent('30'),
      SLOW,
    );
    expect(within(rowOf('TEA-1', 'Counter')).getByTestId('inv-stock-on-hand')).toHaveTextContent('17');
  });

  it('books opening stock at cost against equity, saying so in the drawer', async () => {
    const shop = await stockedShop();
    await shop.run('finances.setup', { template: 'prc_small_business' });
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    await userEvent.click(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-row-receive'));
    const kinds = await screen.findByTestId('inv-movement-kind', {}, SLOW);
    expect(screen.queryByTestId('inv-movement-opening-help')).not.toBeInTheDocument();
    await userEvent.click(within(kinds).getByText('Opening stock'));
    expect(await screen.findByTestId('inv-movement-opening-help')).toHaveTextContent('not owed to a supplier');
    await paste(screen.getByTestId('inv-movement-quantity'), '10');
    await paste(screen.getByTestId('inv-movement-unit-cost'), '7.25');
    await userEvent.click(screen.getByTestId('inv-movement-submit'));
    await waitFor(
      () => expect(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-on-hand')).toHaveTextContent('50'),
      SLOW,
    );
    expect(inputsOf(shop.calls, 'inventory.stock.movements.create').at(-1)).toMatchObject({
      kind: 'opening',
      quantity: '10',
      unit_cost: '7.25',
    });
    // The core booked it: 72.50 of stock against the owner's equity, nothing owed to a supplier.
    const tb = await shop.run('finances.reports.trial_balance', {});
    const row = (code: string) => tb.rows.find((r) => r.code === code);
    expect(row('1405')).toMatchObject({ debit: '72.50' });
    expect(row('3001')).toMatchObject({ credit: '72.50' });
    expect(row('2202')).toBeUndefined();
  });

  it('sets a minimum, reorder quantity and maximum', async () => {
    const shop = await stockedShop();
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    await userEvent.click(within(rowOf('TEA-1', 'Counter')).getByTestId('inv-stock-row-threshold'));
    await waitFor(() => expect(screen.getByTestId('inv-threshold-min')).toHaveValue('5'), SLOW);
    await paste(screen.getByTestId('inv-threshold-min'), '2');
    await paste(screen.getByTestId('inv-threshold-reorder'), '12');
    await paste(screen.getByTestId('inv-threshold-max'), '1');
    await userEvent.click(screen.getByTestId('inv-threshold-submit'));
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('inv-threshold-max'))).toHaveTextContent('At least the minimum'),
      SLOW,
    );

    await paste(screen.getByTestId('inv-threshold-max'), '30');
    await userEvent.click(screen.getByTestId('inv-threshold-submit'));
    await waitFor(
      () =>
        expect(inputsOf(shop.calls, 'inventory.stock.thresholds.set').at(-1)).toEqual({
          product_id: shop.tea.id,
          location_id: shop.counter.id,
          minimum: '2',
          reorder_quantity: '12',
          maximum: '30',
        }),
      SLOW,
    );
    // 3 on hand, above the new minimum of 2.
    await waitFor(
      () => expect(within(rowOf('TEA-1', 'Counter')).queryByTestId('inv-stock-low-tag')).not.toBeInTheDocument(),
      SLOW,
    );
  });

  it('lets staff receive, adjust and transfer, but not set minimums', async () => {
    const shop = await stockedShop('staff');
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    expect(screen.getByTestId('inv-stock-receive')).toBeInTheDocument();
    expect(screen.getByTestId('inv-stock-adjust')).toBeInTheDocument();
    expect(screen.getByTestId('inv-stock-transfer')).toBeInTheDocument();
    expect(screen.queryByTestId('inv-stock-threshold')).not.toBeInTheDocument();
    expect(within(rowOf('TEA-1', 'Counter')).queryByTestId('inv-stock-row-threshold')).not.toBeInTheDocument();
    // Staff do not see costs: a receipt takes the product's.
    await userEvent.click(screen.getByTestId('inv-stock-receive'));
    await screen.findByTestId('inv-movement-quantity', {}, SLOW);
    expect(screen.queryByTestId('inv-movement-unit-cost')).not.toBeInTheDocument();
  });
});

describe('Inventory: stock, in Chinese', { timeout: 30_000 }, () => {
  inLanguage('zh-CN');

  it('says low and oversold in Chinese', async () => {
    const shop = await stockedShop();
    navigate('inventory', 'stock');
    renderSignedIn(<InventoryPage />, { session: shop.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-stock-row')).toHaveLength(3), SLOW);
    expect(within(rowOf('TEA-1', 'Counter')).getByTestId('inv-stock-low-tag')).toHaveTextContent('库存不足');
    expect(within(rowOf('COF-1', 'Counter')).getByTestId('inv-stock-oversold-tag')).toHaveTextContent('超卖');
    // The unit the core stored for a product saved without one ("pcs") reads as Chinese too.
    expect(within(rowOf('TEA-1', 'Back room')).getByTestId('inv-stock-on-hand')).toHaveTextContent('40 件');
    expect(screen.getByTestId('inv-stock-oversold-help')).toHaveTextContent('没有任何数据丢失');
    expect(screen.getByTestId('inv-stock-count-now')).toHaveTextContent('去盘点');
    expect(await screen.findByTestId('inv-low-alert', {}, SLOW)).toHaveTextContent('1 项库存不足；1 项超卖');
  });
});
