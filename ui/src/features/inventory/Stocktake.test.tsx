import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location, Product } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { choose, confirmIn, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

/** A shop with tea (5) and coffee (3) on its shelf, and nuts only in the back room. */
async function shop() {
  const backend = await realCore('staff');
  const store = await backend.run('inventory.locations.create', { name: 'Shop' });
  const back = await backend.run('inventory.locations.create', { name: 'Back room' });
  const product = (name: string, sku: string, barcode = '') =>
    backend.run('inventory.products.create', { name, sku, barcode, price: '3' });
  const tea = await product('Green tea', 'TEA-1', '4006381333931');
  const coffee = await product('Coffee beans', 'COF-1');
  const nuts = await product('Nuts', 'NUT-1');
  const receive = (p: Product, l: Location, quantity: string) =>
    backend.run('inventory.stock.movements.create', {
      product_id: p.id,
      location_id: l.id,
      kind: 'receipt',
      quantity,
    });
  await receive(tea, store, '5');
  await receive(coffee, store, '3');
  await receive(nuts, back, '7');
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
    const { backend, store, tea, coffee, nuts } = await shop();
    renderSignedIn(<InventoryPage />, { session: backend.session });
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
    const levels = await backend.run('inventory.stock.levels', { location_id: store.id });
    expect(levels.map((level) => [level.sku, level.on_hand])).toEqual([
      ['COF-1', '4'],
      ['TEA-1', '3'],
      ['NUT-1', '1'],
    ]);
  });

  it('puts the core’s refusal of a counted quantity on its line', async () => {
    const { backend } = await shop();
    renderSignedIn(<InventoryPage />, { session: backend.session });
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
    expect(await backend.run('inventory.stock.movements.list', {})).toHaveLength(3);
  });

  it('prints the count sheet blind', async () => {
    const { backend, store } = await shop();
    renderSignedIn(<InventoryPage />, { session: backend.session });
    await openSheet();

    await userEvent.click(screen.getByTestId('inv-count-print'));
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.stock.counts.pdf')).toEqual([{ location_id: store.id, blind: true }]),
      SLOW,
    );
    expect(await screen.findByText('Saved to count-Shop.pdf', {}, SLOW)).toBeInTheDocument();
  });
});
