import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location, Product } from '../../api/bindings';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';
import { inputsOf, mockInventory, OWNER, paste, SLOW, STAFF } from './testBackend';

afterEach(() => {
  window.location.hash = '';
});

const FROM = dayjs().startOf('month').format('YYYY-MM-DD');
const TO = dayjs().endOf('month').format('YYYY-MM-DD');
const TODAY = dayjs().format('YYYY-MM-DD');

/** Tea bought twice (10 at 1.00, then 10 at 2.00), 12 sold; nuts bought and never sold. */
function shop(session = OWNER) {
  const backend = mockInventory(session);
  const store = backend.run<Location>('inventory.locations.create', { name: 'Shop' });
  const tea = backend.run<Product>('inventory.products.create', { name: 'Tea', sku: 'TEA-1', price: '3' });
  const nuts = backend.run<Product>('inventory.products.create', { name: 'Nuts', sku: 'NUT-1', price: '5' });
  const receive = (p: Product, quantity: string, unit_cost: string) =>
    backend.run('inventory.stock.movements.create', {
      product_id: p.id,
      location_id: store.id,
      kind: 'receipt',
      quantity,
      unit_cost,
      date: TODAY,
    });
  receive(tea, '10', '1.00');
  receive(tea, '10', '2.00');
  receive(nuts, '4', '1.00');
  backend.run('inventory.stock.movements.create', {
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
    const { backend } = shop(STAFF);
    renderSignedIn(<InventoryPage />, { session: STAFF });
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
    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[0]).toEqual({
      command: 'inventory.reports.export',
      input: { report: 'movements', format: 'xlsx', from: FROM, to: TO, language: 'en' },
      title: 'Save file',
    });
    expect(await screen.findByText('Saved to /home/owner/Documents/movements.xlsx', {}, SLOW)).toBeInTheDocument();

    await paste(screen.getByTestId('inv-reports-days'), '30');
    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.reports.slow_movers')).toContainEqual({ days: 30 }),
      SLOW,
    );
    await exportAs('slow_movers', 'pdf');
    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(2), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[1]).toMatchObject({
      input: { report: 'slow_movers', format: 'pdf', days: 30, language: 'en' },
    });

    await exportAs('stock_on_hand', 'csv');
    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(3), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[2]).toMatchObject({
      input: { report: 'stock_on_hand', format: 'csv', language: 'en' },
    });

    await exportAs('low_stock', 'xlsx');
    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(4), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[3]).toMatchObject({
      input: { report: 'low_stock', format: 'xlsx', language: 'en' },
    });
    // Staff do not see what stock is worth.
    expect(screen.queryByTestId('inv-export-valuation')).not.toBeInTheDocument();
  });

  it('values the stock first in, first out when asked, and exports it that way', async () => {
    const { backend } = shop(OWNER);
    renderSignedIn(<InventoryPage />, { session: OWNER });
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
    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[0]).toEqual({
      command: 'inventory.reports.export',
      input: { report: 'valuation', format: 'csv', method: 'fifo', language: 'en' },
      title: 'Save file',
    });
  });
});
