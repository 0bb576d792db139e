import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location, Product } from '../../api/bindings';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';
import { choose, confirmIn, inputsOf, mockInventory, paste, SLOW, STAFF } from './testBackend';

afterEach(() => {
  window.location.hash = '';
});

/** A shop with tea (5) and coffee (3) on its shelf, and nuts only in the back room. */
function shop() {
  const backend = mockInventory(STAFF);
  const store = backend.run<Location>('inventory.locations.create', { name: 'Shop' });
  const back = backend.run<Location>('inventory.locations.create', { name: 'Back room' });
  const product = (name: string, sku: string, barcode = '') =>
    backend.run<Product>('inventory.products.create', { name, sku, barcode, price: '3' });
  const tea = product('Green tea', 'TEA-1', '4006381333931');
  const coffee = product('Coffee beans', 'COF-1');
  const nuts = product('Nuts', 'NUT-1');
  const receive = (p: Product, l: Location, quantity: string) =>
    backend.run('inventory.stock.movements.create', {
      product_id: p.id,
      location_id: l.id,
      kind: 'receipt',
      quantity,
    });
  receive(tea, store, '5');
  receive(coffee, store, '3');
  receive(nuts, back, '7');
  return { backend, store, tea, coffee, nuts };
}

function rowOf(sku: string): HTMLElement {
  const row = screen.getAllByTestId('inv-count-row').find((r) => r.getAttribute('data-sku') === sku);
  if (!row) throw new Error(`no count line for ${sku}`);
  return row;
}

async function openSheet() {
  await userEvent.click(await screen.findByTestId('inv-tab-stocktake', {}, SLOW));
  await choose(await screen.findByTestId('inv-count-location', {}, SLOW), 'Shop');
  await waitFor(() => expect(screen.getAllByTestId('inv-count-row')).toHaveLength(2), SLOW);
}

describe('Inventory: stocktake', { timeout: 40_000 }, () => {
  it('counts scanned items one by one, adds a product not on the sheet, and shows the variances posted', async () => {
    const { backend, store, tea, coffee, nuts } = shop();
    renderSignedIn(<InventoryPage />, { session: STAFF });
    await openSheet();
    expect(inputsOf(backend.calls, 'inventory.stock.counts.sheet')).toContainEqual({ location_id: store.id });

    const scan = screen.getByTestId('inv-count-scan');
    // By barcode, three times: three counted.
    for (let i = 0; i < 3; i++) await userEvent.type(scan, '4006381333931{Enter}');
    await waitFor(() => expect(within(rowOf('TEA-1')).getByTestId('inv-count-counted')).toHaveValue('3'), SLOW);
    expect(screen.getByTestId('inv-count-last')).toHaveTextContent('Scanned Green tea: 3 counted');
    // By SKU, in any case.
    await userEvent.type(scan, 'cof-1{Enter}');
    await waitFor(() => expect(within(rowOf('COF-1')).getByTestId('inv-count-counted')).toHaveValue('1'), SLOW);
    // Not on this location's sheet: looked up, added and counted.
    await userEvent.type(scan, 'NUT-1{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('inv-count-row')).toHaveLength(3), SLOW);
    expect(inputsOf(backend.calls, 'inventory.scanning.lookup')).toEqual([{ code: 'NUT-1' }]);
    expect(within(rowOf('NUT-1')).getByTestId('inv-count-added')).toHaveTextContent('Not on the sheet');
    expect(within(rowOf('NUT-1')).getByTestId('inv-count-counted')).toHaveValue('1');
    // Typed in, over the scans.
    await paste(within(rowOf('COF-1')).getByTestId('inv-count-counted'), '4');
    await paste(screen.getByTestId('inv-count-reason'), 'Year-end count');

    await userEvent.click(screen.getByTestId('inv-count-post'));
    await confirmIn('Post the count of 3 products?', 'Post count');

    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.stock.counts.post')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'inventory.stock.counts.post')[0]).toEqual({
      location_id: store.id,
      lines: [
        { product_id: coffee.id, counted: '4' },
        { product_id: tea.id, counted: '3' },
        { product_id: nuts.id, counted: '1' },
      ],
      reason: 'Year-end count',
    });
    const result = await screen.findByTestId('inv-count-result', {}, SLOW);
    expect(within(result).getByTestId('inv-count-summary')).toHaveTextContent('0 matched the books, 3 differed');
    const variances = within(result).getAllByTestId('inv-count-variance-row');
    expect(variances.map((row) => row.textContent)).toEqual([
      expect.stringContaining('Coffee beans'),
      expect.stringContaining('Green tea'),
      expect.stringContaining('Nuts'),
    ]);
    expect(
      within(result)
        .getAllByTestId('inv-count-variance')
        .map((cell) => cell.textContent),
    ).toEqual(['+1', '-2', '+1']);
    // The stock now is what was counted.
    const levels = backend.run<{ sku: string; location_name: string; on_hand: string }[]>('inventory.stock.levels', {
      location_id: store.id,
    });
    expect(levels.map((level) => [level.sku, level.on_hand])).toEqual([
      ['COF-1', '4'],
      ['TEA-1', '3'],
      ['NUT-1', '1'],
    ]);
  });

  it('puts the core’s refusal of a counted quantity on its line', async () => {
    const { backend } = shop();
    renderSignedIn(<InventoryPage />, { session: STAFF });
    await openSheet();

    await paste(within(rowOf('TEA-1')).getByTestId('inv-count-counted'), '1.23456');
    await userEvent.click(screen.getByTestId('inv-count-post'));
    await confirmIn('Post the count of 1 product?', 'Post count');

    await waitFor(
      () =>
        expect(within(rowOf('TEA-1')).getByTestId('inv-count-line-error')).toHaveTextContent(
          'Enter what was counted, like 12 or 1.5',
        ),
      SLOW,
    );
    expect(screen.queryByTestId('inv-count-result')).not.toBeInTheDocument();
    expect(backend.run<unknown[]>('inventory.stock.movements.list', {})).toHaveLength(3);
  });

  it('prints the count sheet blind', async () => {
    const { backend, store } = shop();
    renderSignedIn(<InventoryPage />, { session: STAFF });
    await openSheet();

    await userEvent.click(screen.getByTestId('inv-count-print'));
    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[0]).toEqual({
      command: 'inventory.stock.counts.pdf',
      input: { location_id: store.id, blind: true },
      title: 'Save file',
    });
  });
});
