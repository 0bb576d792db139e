import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { desktopShell, inputsOf, realCore } from '../../test/core';
import { clickWhenReady, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import shelfPicture from './fixtures/shelf.png?inline';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

function rowOf(sku: string): HTMLElement {
  const row = screen.getAllByTestId('inv-product-row').find((r) => r.getAttribute('data-sku') === sku);
  if (!row) throw new Error(`no product row for ${sku}`);
  return row;
}

/**
 * Waits until the product list is idle: antd's table takes no clicks while it shows itself loading, which it stops
 * doing one render after the rows have arrived.
 */
async function listLoaded() {
  await waitFor(() => {
    const table = screen.getByTestId('inv-products-table');
    expect(table.querySelector('[aria-busy="true"]')).toBeNull();
    // A reload keeps the old rows on screen under a spinner that takes no clicks.
    expect(table.querySelector('.ant-spin-blur, .ant-spin-spinning')).toBeNull();
  }, SLOW);
}

/** Ticks a product's row once nothing (a reload's spinner) keeps clicks off it. */
async function tick(sku: string) {
  await clickWhenReady(() => within(rowOf(sku)).getByRole('checkbox'));
}

function csvFile(text: string, name = 'products.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}

/**
 * A photo of two labels from the core's own label sheet (`inventory.labels.pdf`, rendered by poppler's pdftoppm at
 * 200 dpi): Black tea's EAN-13 4006381333931 above a QR code of https://example.com/menu, a code no product has.
 */
const SHELF_BASE64 = shelfPicture.slice(shelfPicture.indexOf(',') + 1);

function shelfPhoto(): File {
  const bytes = Uint8Array.from(atob(SHELF_BASE64), (c) => c.charCodeAt(0));
  return new File([bytes], 'shelf.png', { type: 'image/png' });
}

/** A promise the test resolves: the shell's stand-in holds the core's answer (after the progress events) until then. */
function gate(): { hold: Promise<void>; release: () => void } {
  let release = () => {};
  const hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { hold, release };
}

describe('Inventory: labels and barcodes', { timeout: 30_000 }, () => {
  it('prints labels of the selected products, with the copies and code chosen', async () => {
    const backend = await realCore('staff');
    const tea = await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    await backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '4' });
    const nuts = await backend.run('inventory.products.create', { name: 'Nuts', sku: 'NUT-1', price: '5' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(3), SLOW);
    await listLoaded();
    expect(screen.getByTestId('inv-labels-print')).toBeDisabled();
    await tick('NUT-1');
    await tick('TEA-1');
    expect(screen.getByTestId('inv-labels-print')).toHaveTextContent('Print labels (2)');
    await userEvent.click(screen.getByTestId('inv-labels-print'));
    await paste(await screen.findByTestId('inv-labels-copies', {}, SLOW), '3');
    await userEvent.click(screen.getByTestId('inv-labels-symbology-qr'));
    await userEvent.click(screen.getByTestId('inv-labels-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.labels.pdf')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'inventory.labels.pdf')[0]).toEqual({
      product_ids: [nuts.id, tea.id],
      copies: 3,
      symbology: 'qr',
    });
    expect(await screen.findByText('Saved to labels.pdf', {}, SLOW)).toBeInTheDocument();
  });

  it('gives a product without a barcode an internal one (inventory.manage only)', async () => {
    const backend = await realCore('manager');
    const tea = await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    await backend.run('inventory.products.create', {
      name: 'Coffee',
      sku: 'COF-1',
      price: '4',
      barcode: '4006381333931',
    });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);
    expect(within(rowOf('COF-1')).queryByTestId('inv-product-generate-barcode')).not.toBeInTheDocument();
    await listLoaded();
    await userEvent.click(within(rowOf('TEA-1')).getByTestId('inv-product-generate-barcode'));

    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.products.generate_barcode')).toEqual([{ id: tea.id }]),
      SLOW,
    );
    const { barcode: code } = await backend.run('inventory.products.get', { id: tea.id });
    await waitFor(() => expect(rowOf('TEA-1')).toHaveTextContent(code), SLOW);
    expect(within(rowOf('TEA-1')).queryByTestId('inv-product-generate-barcode')).not.toBeInTheDocument();
  });

  it('hides generating barcodes from staff', async () => {
    const backend = await realCore('staff');
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(screen.queryByTestId('inv-product-generate-barcode')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-import-open')).not.toBeInTheDocument();
  });
});

describe('Inventory: reading codes from a picture', { timeout: 30_000 }, () => {
  it('lists the codes found with their products, and opens one', async () => {
    const backend = await realCore('staff');
    await backend.run('inventory.products.create', {
      name: 'Black tea',
      sku: 'TEA-1',
      price: '3',
      barcode: '4006381333931',
    });
    await backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '4' });
    renderSignedIn(<InventoryPage />, { session: backend.session });
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);

    await userEvent.upload(screen.getByTestId('inv-decode-file'), shelfPhoto());

    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.scanning.decode')).toEqual([{ base64: SHELF_BASE64 }]),
      SLOW,
    );
    // In the order the core's reader finds them: QR codes first.
    const codes = await screen.findAllByTestId('inv-decode-code', {}, SLOW);
    expect(codes.map((code) => code.getAttribute('data-text'))).toEqual(['https://example.com/menu', '4006381333931']);
    expect(codes[0]).toHaveTextContent('QR_CODE');
    expect(within(codes[0]).getByTestId('inv-decode-unknown')).toHaveTextContent('No product has this code');
    expect(within(codes[1]).getByTestId('inv-decode-product')).toHaveTextContent('Black tea');
    expect(codes[1]).toHaveTextContent('EAN_13');

    // Staff cannot edit it: the list shows it.
    await userEvent.click(within(codes[1]).getByTestId('inv-decode-product'));
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
    const backend = await realCore('staff');
    await backend.joinAnotherDevice();
    await backend.run('inventory.products.create', {
      name: 'Black tea',
      sku: 'TEA-1',
      price: '3',
      barcode: '4006381333931',
    });
    // The till, offline, gave the same barcode to a product of its own.
    await backend.fromAnotherDevice('inventory.products.create', {
      name: 'Black tea 100g',
      sku: 'TEA-100',
      price: '3',
      barcode: '4006381333931',
    });
    renderSignedIn(<InventoryPage />, { session: backend.session });
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);

    await userEvent.upload(screen.getByTestId('inv-decode-file'), shelfPhoto());

    const codes = await screen.findAllByTestId('inv-decode-code', {}, SLOW);
    expect(codes.map((code) => code.getAttribute('data-text'))).toEqual(['https://example.com/menu', '4006381333931']);
    expect(within(codes[0]).getByTestId('inv-decode-unknown')).toHaveTextContent('No product has this code');
    expect(within(codes[1]).queryByTestId('inv-decode-product')).not.toBeInTheDocument();
    expect(within(codes[1]).queryByTestId('inv-decode-unknown')).not.toBeInTheDocument();
    const problem = within(codes[1]).getByTestId('inv-decode-problem');
    expect(problem).toHaveTextContent('4006381333931 is the code of 2 products');
    expect(problem).toHaveTextContent('TEA-1 Black tea');
    expect(problem).toHaveTextContent('TEA-100 Black tea 100g');
  });
});

describe('Inventory: importing products', { timeout: 40_000 }, () => {
  it('previews the file, shows the progress, and lists every bad row by its number and column', async () => {
    const { hold, release } = gate();
    const backend = await realCore('manager');
    // What the core reports while it checks a file of three rows (every 1,000th row), before it refuses two.
    desktopShell(backend, { progress: [{ task: 'products.import.check', done: 0, total: 3 }], hold });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-import-open', {}, SLOW));
    await userEvent.upload(
      await screen.findByTestId('inv-import-file', {}, SLOW),
      csvFile('Name,Shelf price,SKU\nGreen tea,12.50,TEA-1\n,3,COF-1\nNuts,abc,NUT-1\n'),
    );

    const preview = await screen.findByTestId('inv-import-preview', {}, SLOW);
    expect(within(preview).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId('inv-import-total')).toHaveTextContent('3 rows');
    // Name and SKU were recognised; the price's column, under a header the core does not know, is chosen by hand.
    const nameField = screen.getByTestId('inv-import-map-name').closest('.ant-form-item') as HTMLElement;
    expect(nameField).toHaveTextContent('Name');
    expect(screen.getByTestId('inv-import-submit')).toBeDisabled();
    // A manager does not see costs: there is no cost column to map.
    expect(screen.queryByTestId('inv-import-map-cost')).not.toBeInTheDocument();
    const priceSelect = screen.getByTestId('inv-import-map-price');
    await userEvent.click(priceSelect.closest('.ant-select') as HTMLElement);
    const options = await screen.findAllByTitle('Shelf price', {}, SLOW);
    await userEvent.click(options[options.length - 1]);
    await waitFor(() => expect(screen.getByTestId('inv-import-submit')).toBeEnabled(), SLOW);
    await userEvent.click(screen.getByTestId('inv-import-submit'));

    // The core is checking the rows; it has not answered yet.
    const progress = await screen.findByTestId('inv-import-progress', {}, SLOW);
    await waitFor(() => expect(screen.getByTestId('inv-import-task')).toHaveTextContent('Checking rows: 0 of 3'), SLOW);
    expect(progress).toHaveAttribute('data-percent', '0');
    release();

    const errors = await screen.findAllByTestId('inv-import-row-error', {}, SLOW);
    expect(errors.map((row) => [row.getAttribute('data-row'), row.getAttribute('data-field')])).toEqual([
      ['3', 'Name'],
      ['4', 'Shelf price'],
    ]);
    // What is wrong in the user's language, then the core's own words.
    expect(errors[0]).toHaveTextContent('This is required');
    expect(errors[0]).toHaveTextContent('row 3, column "Name": name must not be empty');
    expect(errors[1]).toHaveTextContent('This value is not valid');
    expect(errors[1]).toHaveTextContent('row 4, column "Shelf price": price: \'abc\' is not an amount like 1234.50');
    expect(screen.getByTestId('inv-import-row-errors-title')).toHaveTextContent(
      '2 rows have problems; nothing was imported',
    );
    expect(screen.queryByTestId('inv-import-progress')).not.toBeInTheDocument();
    expect(inputsOf(backend.calls, 'inventory.products.import')).toEqual([
      {
        file_name: 'products.csv',
        base64: expect.any(String),
        mapping: { name: 'Name', price: 'Shelf price', sku: 'SKU' },
      },
    ]);
    expect((await backend.run('inventory.products.list', {})).total).toBe(0);
  });

  it('imports every row, updating existing SKUs when asked, and reports what it did', async () => {
    const { hold, release } = gate();
    const backend = await realCore();
    // What the core reports for a file of two rows: checking them, then writing them.
    desktopShell(backend, {
      progress: [
        { task: 'products.import.check', done: 0, total: 2 },
        { task: 'products.import.write', done: 0, total: 2 },
        { task: 'products.import.write', done: 2, total: 2 },
      ],
      hold,
    });
    await backend.run('inventory.products.create', { name: 'Old tea', sku: 'TEA-1', price: '9' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

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
    expect(inputsOf(backend.calls, 'inventory.products.import')[0]).toMatchObject({
      mapping: { name: 'name', price: 'price', cost: 'cost', sku: 'sku', category: 'category' },
      update_existing: true,
    });
    await userEvent.click(screen.getByTestId('inv-import-close'));
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);
    expect(rowOf('TEA-1')).toHaveTextContent('Green tea');
  });
});
