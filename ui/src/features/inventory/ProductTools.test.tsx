import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Product } from '../../api/bindings';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';
import { inputsOf, MANAGER, mockInventory, OWNER, paste, SLOW, STAFF } from './testBackend';

afterEach(() => {
  window.location.hash = '';
});

function rowOf(sku: string): HTMLElement {
  const row = screen.getAllByTestId('inv-product-row').find((r) => r.getAttribute('data-sku') === sku);
  if (!row) throw new Error(`no product row for ${sku}`);
  return row;
}

function csvFile(text: string, name = 'products.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}

/** A promise the test resolves: the mocked shell holds its answer (after the progress events) until then. */
function gate(): { hold: Promise<void>; release: () => void } {
  let release = () => {};
  const hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { hold, release };
}

describe('Inventory: labels and barcodes', { timeout: 30_000 }, () => {
  it('prints labels of the selected products, with the copies and code chosen', async () => {
    const backend = mockInventory(STAFF);
    const tea = backend.run<Product>('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    backend.run<Product>('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '4' });
    const nuts = backend.run<Product>('inventory.products.create', { name: 'Nuts', sku: 'NUT-1', price: '5' });
    renderSignedIn(<InventoryPage />, { session: STAFF });

    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(3), SLOW);
    expect(screen.getByTestId('inv-labels-print')).toBeDisabled();
    await userEvent.click(within(rowOf('NUT-1')).getByRole('checkbox'));
    await userEvent.click(within(rowOf('TEA-1')).getByRole('checkbox'));
    expect(screen.getByTestId('inv-labels-print')).toHaveTextContent('Print labels (2)');
    await userEvent.click(screen.getByTestId('inv-labels-print'));
    await paste(await screen.findByTestId('inv-labels-copies', {}, SLOW), '3');
    await userEvent.click(screen.getByTestId('inv-labels-symbology-qr'));
    await userEvent.click(screen.getByTestId('inv-labels-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'save_file_dialog')[0]).toEqual({
      command: 'inventory.labels.pdf',
      input: { product_ids: [nuts.id, tea.id], copies: 3, symbology: 'qr' },
      title: 'Save file',
    });
    expect(await screen.findByText('Saved to /home/owner/Documents/labels.pdf', {}, SLOW)).toBeInTheDocument();
  });

  it('gives a product without a barcode an internal one (inventory.manage only)', async () => {
    const backend = mockInventory(MANAGER);
    const tea = backend.run<Product>('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '4', barcode: '4006381333931' });
    renderSignedIn(<InventoryPage />, { session: MANAGER });

    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);
    expect(within(rowOf('COF-1')).queryByTestId('inv-product-generate-barcode')).not.toBeInTheDocument();
    await userEvent.click(within(rowOf('TEA-1')).getByTestId('inv-product-generate-barcode'));

    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.products.generate_barcode')).toEqual([{ id: tea.id }]),
      SLOW,
    );
    const code = backend.run<Product>('inventory.products.get', { id: tea.id }).barcode;
    await waitFor(() => expect(rowOf('TEA-1')).toHaveTextContent(code), SLOW);
    expect(within(rowOf('TEA-1')).queryByTestId('inv-product-generate-barcode')).not.toBeInTheDocument();
  });

  it('hides generating barcodes from staff', async () => {
    const backend = mockInventory(STAFF);
    backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    renderSignedIn(<InventoryPage />, { session: STAFF });

    await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(screen.queryByTestId('inv-product-generate-barcode')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-import-open')).not.toBeInTheDocument();
  });
});

describe('Inventory: reading codes from a picture', { timeout: 30_000 }, () => {
  it('lists the codes found with their products, and opens one', async () => {
    const backend = mockInventory(STAFF);
    backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3', barcode: '4006381333931' });
    backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '4' });
    renderSignedIn(<InventoryPage />, { session: STAFF });
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);

    const picture = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shelf.png', { type: 'image/png' });
    await userEvent.upload(screen.getByTestId('inv-decode-file'), picture);

    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.scanning.decode')).toEqual([{ base64: 'iVBORw==' }]),
      SLOW,
    );
    const codes = await screen.findAllByTestId('inv-decode-code', {}, SLOW);
    expect(codes.map((code) => code.getAttribute('data-text'))).toEqual(['4006381333931', 'https://example.com/menu']);
    expect(within(codes[0]).getByTestId('inv-decode-product')).toHaveTextContent('Black tea');
    expect(codes[0]).toHaveTextContent('EAN_13');
    expect(within(codes[1]).getByTestId('inv-decode-unknown')).toHaveTextContent('No product has this code');

    // Staff cannot edit it: the list shows it.
    await userEvent.click(within(codes[0]).getByTestId('inv-decode-product'));
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('inv-product-row')).toHaveAttribute('data-sku', 'TEA-1');
    expect(inputsOf(backend.calls, 'inventory.products.list')).toContainEqual({
      limit: 50,
      offset: 0,
      search: 'TEA-1',
    });
  });
});

describe('Inventory: a code on two products in a picture', { timeout: 30_000 }, () => {
  it('gives no product for it, and says why', async () => {
    const backend = mockInventory(STAFF);
    backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3', barcode: '4006381333931' });
    // The till, offline, gave the same barcode to a product of its own.
    backend.synced({ name: 'Black tea 100g', sku: 'TEA-100', price: '3', barcode: '4006381333931' });
    renderSignedIn(<InventoryPage />, { session: STAFF });
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);

    const picture = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shelf.png', { type: 'image/png' });
    await userEvent.upload(screen.getByTestId('inv-decode-file'), picture);

    const codes = await screen.findAllByTestId('inv-decode-code', {}, SLOW);
    expect(codes.map((code) => code.getAttribute('data-text'))).toEqual(['4006381333931', 'https://example.com/menu']);
    expect(within(codes[0]).queryByTestId('inv-decode-product')).not.toBeInTheDocument();
    expect(within(codes[0]).queryByTestId('inv-decode-unknown')).not.toBeInTheDocument();
    const problem = within(codes[0]).getByTestId('inv-decode-problem');
    expect(problem).toHaveTextContent('4006381333931 is the code of 2 products');
    expect(problem).toHaveTextContent('TEA-1 Black tea');
    expect(problem).toHaveTextContent('TEA-100 Black tea 100g');
    expect(within(codes[1]).getByTestId('inv-decode-unknown')).toHaveTextContent('No product has this code');
  });
});

describe('Inventory: importing products', { timeout: 40_000 }, () => {
  it('previews the file, shows the progress, and lists every bad row by its number and column', async () => {
    const { hold, release } = gate();
    const backend = mockInventory(MANAGER, {}, { hold });
    renderSignedIn(<InventoryPage />, { session: MANAGER });

    await userEvent.click(await screen.findByTestId('inv-import-open', {}, SLOW));
    await userEvent.upload(
      await screen.findByTestId('inv-import-file', {}, SLOW),
      csvFile('Name,Sale price,SKU\nGreen tea,12.50,TEA-1\n,3,COF-1\nNuts,abc,NUT-1\n'),
    );

    const preview = await screen.findByTestId('inv-import-preview', {}, SLOW);
    expect(within(preview).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId('inv-import-total')).toHaveTextContent('3 rows');
    // Name and SKU were recognised; the price's column is chosen by hand.
    const nameField = screen.getByTestId('inv-import-map-name').closest('.ant-form-item') as HTMLElement;
    expect(nameField).toHaveTextContent('Name');
    expect(screen.getByTestId('inv-import-submit')).toBeDisabled();
    // A manager does not see costs: there is no cost column to map.
    expect(screen.queryByTestId('inv-import-map-cost')).not.toBeInTheDocument();
    const priceSelect = screen.getByTestId('inv-import-map-price');
    await userEvent.click(priceSelect.closest('.ant-select') as HTMLElement);
    const options = await screen.findAllByTitle('Sale price', {}, SLOW);
    await userEvent.click(options[options.length - 1]);
    await waitFor(() => expect(screen.getByTestId('inv-import-submit')).toBeEnabled(), SLOW);
    await userEvent.click(screen.getByTestId('inv-import-submit'));

    // The core checked all three rows; it has not answered yet.
    const progress = await screen.findByTestId('inv-import-progress', {}, SLOW);
    await waitFor(() => expect(progress).toHaveAttribute('data-percent', '100'), SLOW);
    expect(screen.getByTestId('inv-import-task')).toHaveTextContent('Checking rows: 3 of 3');
    release();

    const errors = await screen.findAllByTestId('inv-import-row-error', {}, SLOW);
    expect(errors.map((row) => [row.getAttribute('data-row'), row.getAttribute('data-field')])).toEqual([
      ['3', 'Name'],
      ['4', 'Sale price'],
    ]);
    expect(errors[0]).toHaveTextContent('row 3: the name must not be empty');
    expect(errors[1]).toHaveTextContent("row 4: 'abc' is not a price like 12.50");
    expect(screen.getByTestId('inv-import-row-errors-title')).toHaveTextContent(
      '2 rows have problems; nothing was imported',
    );
    expect(screen.queryByTestId('inv-import-progress')).not.toBeInTheDocument();
    expect(inputsOf(backend.calls, 'call_with_progress')).toEqual([
      {
        command: 'inventory.products.import',
        input: {
          file_name: 'products.csv',
          base64: expect.any(String),
          mapping: { name: 'Name', price: 'Sale price', sku: 'SKU' },
        },
      },
    ]);
    expect(backend.run<{ total: number }>('inventory.products.list', {}).total).toBe(0);
  });

  it('imports every row, updating existing SKUs when asked, and reports what it did', async () => {
    const { hold, release } = gate();
    const backend = mockInventory(OWNER, {}, { hold });
    backend.run('inventory.products.create', { name: 'Old tea', sku: 'TEA-1', price: '9' });
    renderSignedIn(<InventoryPage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('inv-import-open', {}, SLOW));
    await userEvent.upload(
      await screen.findByTestId('inv-import-file', {}, SLOW),
      csvFile('name,price,cost,sku,category\nGreen tea,12.50,7.20,TEA-1,Tea\nNuts,5,2,NUT-1,Snacks\n'),
    );
    await screen.findByTestId('inv-import-preview', {}, SLOW);
    await userEvent.click(screen.getByTestId('inv-import-update-existing'));
    await userEvent.click(screen.getByTestId('inv-import-submit'));

    const progress = await screen.findByTestId('inv-import-progress', {}, SLOW);
    await waitFor(() => expect(screen.getByTestId('inv-import-task')).toHaveTextContent('Importing: 2 of 2'), SLOW);
    expect(progress).toHaveAttribute('data-percent', '100');
    release();

    expect(await screen.findByTestId('inv-import-report', {}, SLOW)).toHaveTextContent(
      '1 added, 1 updated, 2 new categories',
    );
    expect(inputsOf(backend.calls, 'call_with_progress')[0]).toMatchObject({
      input: {
        mapping: { name: 'name', price: 'price', cost: 'cost', sku: 'sku', category: 'category' },
        update_existing: true,
      },
    });
    await userEvent.click(screen.getByTestId('inv-import-close'));
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);
    expect(rowOf('TEA-1')).toHaveTextContent('Green tea');
  });
});
