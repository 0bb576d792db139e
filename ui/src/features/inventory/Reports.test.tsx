import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Product, Role } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

const FROM = dayjs().startOf('month').format('YYYY-MM-DD');
const TO = dayjs().endOf('month').format('YYYY-MM-DD');
const TODAY = dayjs().format('YYYY-MM-DD');

/** Tea bought twice (10 at 1.00, then 10 at 2.00), 12 sold; nuts bought and never sold. */
async function shop(role: Role) {
  const backend = await realCore(role);
  // The core's day is the screen's today in any time zone: its clock at noon of that day.
  await backend.setClock(dayjs().startOf('day').add(12, 'hour').valueOf());
  const store = await backend.run('inventory.locations.create', { name: 'Shop' });
  const tea = await backend.run('inventory.products.create', { name: 'Tea', sku: 'TEA-1', price: '3' });
  const nuts = await backend.run('inventory.products.create', { name: 'Nuts', sku: 'NUT-1', price: '5' });
  const receive = (p: Product, quantity: string, unit_cost: string) =>
    backend.run('inventory.stock.movements.create', {
      product_id: p.id,
      location_id: store.id,
      kind: 'receipt',
      quantity,
      unit_cost,
      date: TODAY,
    });
  await receive(tea, '10', '1.00');
  await receive(tea, '10', '2.00');
  await receive(nuts, '4', '1.00');
  await backend.run('inventory.stock.movements.create', {
    product_id: tea.id,
    location_id: store.id,
    kind: 'adjustment',
    quantity: '-12',
    reason: 'sold at the market',
    date: TODAY,
  });
  return { backend };
}

async function exportAs(report: string, format: string) {
  await userEvent.click(await screen.findByTestId(`inv-export-${report}`, {}, SLOW));
  await userEvent.click(await screen.findByTestId(`inv-export-${report}-${format}`, {}, SLOW));
}

describe('Inventory: reports', { timeout: 40_000 }, () => {
  it('sums the movements of the month and exports each report in the format chosen', async () => {
    const { backend } = await shop('staff');
    renderSignedIn(<InventoryPage />, { session: backend.session });
    const exports = () => inputsOf(backend.calls, 'inventory.reports.export');
    await userEvent.click(await screen.findByTestId('inv-tab-reports', {}, SLOW));

    const rows = await screen.findAllByTestId('inv-reports-movement-row', {}, SLOW);
    expect(inputsOf(backend.calls, 'inventory.reports.movements')).toContainEqual({ from: FROM, to: TO });
    const tea = rows.find((row) => row.getAttribute('data-sku') === 'TEA-1') as HTMLElement;
    expect(
      within(tea)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Tea', 'TEA-1', '20', '0', '0', '-12', '0', '8']);
    // Nothing sold in 90 days: both are slow movers; the tea never sold.
    const slow = await screen.findAllByTestId('inv-reports-slow-row', {}, SLOW);
    expect(slow.map((row) => row.getAttribute('data-sku'))).toEqual(['NUT-1', 'TEA-1']);
    expect(slow[1]).toHaveTextContent('Never sold');

    await exportAs('movements', 'xlsx');
    await waitFor(() => expect(exports()).toHaveLength(1), SLOW);
    expect(exports()[0]).toEqual({ report: 'movements', format: 'xlsx', from: FROM, to: TO, language: 'en' });
    expect(await screen.findByText(`Saved to movements-${TODAY}.xlsx`, {}, SLOW)).toBeInTheDocument();

    await paste(screen.getByTestId('inv-reports-days'), '30');
    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.reports.slow_movers')).toContainEqual({ days: 30 }),
      SLOW,
    );
    await exportAs('slow_movers', 'pdf');
    await waitFor(() => expect(exports()).toHaveLength(2), SLOW);
    expect(exports()[1]).toEqual({ report: 'slow_movers', format: 'pdf', days: 30, language: 'en' });

    await exportAs('stock_on_hand', 'csv');
    await waitFor(() => expect(exports()).toHaveLength(3), SLOW);
    expect(exports()[2]).toEqual({ report: 'stock_on_hand', format: 'csv', language: 'en' });

    await exportAs('low_stock', 'xlsx');
    await waitFor(() => expect(exports()).toHaveLength(4), SLOW);
    expect(exports()[3]).toEqual({ report: 'low_stock', format: 'xlsx', language: 'en' });
    // Staff do not see what stock is worth.
    expect(screen.queryByTestId('inv-export-valuation')).not.toBeInTheDocument();
  });

  it('values the stock first in, first out when asked, and exports it that way', async () => {
    const { backend } = await shop('owner');
    renderSignedIn(<InventoryPage />, { session: backend.session });
    await userEvent.click(await screen.findByTestId('inv-tab-valuation', {}, SLOW));

    // Moving average: 20 at 1.50 = 30.00, 12 out at 1.50 leaves 8 worth 12.00; plus nuts 4.00.
    await waitFor(() => expect(screen.getByTestId('inv-valuation-total')).toHaveTextContent('16.00'), SLOW);
    expect(screen.getByTestId('inv-valuation-as-of')).toHaveTextContent('at moving average cost');
    await userEvent.click(screen.getByTestId('inv-valuation-method-fifo'));
    // First in, first out: the 8 left are of the later 2.00 lot.
    await waitFor(() => expect(screen.getByTestId('inv-valuation-total')).toHaveTextContent('20.00'), SLOW);
    expect(inputsOf(backend.calls, 'inventory.reports.valuation')).toContainEqual({ method: 'fifo' });
    expect(screen.getByTestId('inv-valuation-as-of')).toHaveTextContent('first in, first out');

    await exportAs('valuation', 'csv');
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.reports.export')).toEqual([
          { report: 'valuation', format: 'csv', method: 'fifo', language: 'en' },
        ]),
      SLOW,
    );
    expect(await screen.findByText(`Saved to valuation-${TODAY}.csv`, {}, SLOW)).toBeInTheDocument();
  });
});
