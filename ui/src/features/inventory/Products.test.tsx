import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { choose, confirmIn, formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

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

describe('Inventory: products', { timeout: 30_000 }, () => {
  it('opens the product the address names (a scan notice links there): found in the list and open to change', async () => {
    const backend = await realCore();
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-BLACK', price: '9' });
    const green = await backend.run('inventory.products.create', {
      name: 'Green tea',
      sku: 'TEA-GREEN',
      price: '12',
    });
    navigate('inventory', 'products', green.id);
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getByPlaceholderText('Name, SKU or barcode')).toHaveValue('TEA-GREEN'), SLOW);
    await waitFor(() => expect(screen.getByTestId('inv-product-name')).toHaveValue('Green tea'), SLOW);
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('inv-product-row')).toHaveAttribute('data-sku', 'TEA-GREEN');
  });

  it('says what to do when there are no products yet, and that none match when a search finds none', async () => {
    const backend = await realCore();
    navigate('inventory', 'products');
    renderSignedIn(<InventoryPage />, { session: backend.session });
    await listLoaded();
    expect(screen.getByTestId('inv-products-table')).toHaveTextContent(
      'No products yet. Add one with “Add product”, or import a spreadsheet.',
    );

    await backend.run('inventory.products.create', { name: 'Black tea', price: '9' });
    await userEvent.type(screen.getByPlaceholderText('Name, SKU or barcode'), 'coffee');
    await waitFor(() => expect(screen.getByTestId('inv-products-table')).toHaveTextContent('No products match'), SLOW);
  });

  it('adds a product with its category, cost and a supplier, and lists it with its cost', async () => {
    const backend = await realCore();
    const drinks = await backend.run('inventory.categories.create', { name: 'Drinks' });
    await backend.run('inventory.categories.create', { name: 'Tea', parent_id: drinks.id });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-product-add', {}, SLOW));
    await paste(screen.getByTestId('inv-product-name'), 'Green tea 250g');
    await paste(screen.getByTestId('inv-product-sku'), 'TEA-GREEN');
    await paste(screen.getByTestId('inv-product-barcode'), '4006381333931');
    await paste(screen.getByTestId('inv-product-price'), '12.50');
    await paste(screen.getByTestId('inv-product-cost'), '7.2');
    await choose(screen.getByTestId('inv-product-category'), 'Tea');
    await userEvent.click(screen.getByTestId('inv-product-supplier-add'));
    await paste(screen.getByTestId('inv-product-supplier-name-0'), 'Hangzhou Tea Co.');
    await userEvent.click(screen.getByTestId('inv-product-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.products.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'inventory.products.create')[0]).toEqual({
      name: 'Green tea 250g',
      sku: 'TEA-GREEN',
      barcode: '4006381333931',
      price: '12.50',
      cost: '7.2',
      category_id: expect.any(String),
      suppliers: [{ name: 'Hangzhou Tea Co.', contact: '', lead_time_days: 0 }],
    });
    const row = await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(row).toHaveAttribute('data-sku', 'TEA-GREEN');
    expect(row).toHaveTextContent('Green tea 250g');
    expect(row).toHaveTextContent('Tea');
    expect(row).toHaveTextContent('12.50');
    expect(within(row).getByTestId('inv-product-cost')).toHaveTextContent('7.20');
    // 12.50 - 7.20 = 5.30, 42.4% of the price.
    expect(within(row).getByTestId('inv-product-margin')).toHaveTextContent('5.30 (42.4%)');
    expect(within(row).getByTestId('inv-product-on-hand')).toHaveTextContent('0 pcs');
  });

  it('adds a service, which has no stock', async () => {
    const backend = await realCore();
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-product-add', {}, SLOW));
    await paste(screen.getByTestId('inv-product-name'), 'Gift wrapping');
    await paste(screen.getByTestId('inv-product-price'), '10');
    await userEvent.click(screen.getByTestId('inv-product-tracks-stock'));
    await userEvent.click(screen.getByTestId('inv-product-submit'));

    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.products.create')).toEqual([
          { name: 'Gift wrapping', price: '10', tracks_stock: false },
        ]),
      SLOW,
    );
    const row = await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(within(row).getByTestId('inv-product-service')).toBeInTheDocument();
  });

  it('adds a category from the product form and puts the product in it', async () => {
    const backend = await realCore();
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-product-add', {}, SLOW));
    await userEvent.click(screen.getByTestId('inv-category-add'));
    await paste(screen.getByTestId('inv-category-name'), 'Snacks');
    await userEvent.click(screen.getByTestId('inv-category-create'));
    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.categories.create')).toEqual([{ name: 'Snacks' }]),
      SLOW,
    );
    await waitFor(() => expect(screen.queryByTestId('inv-category-form')).not.toBeInTheDocument(), SLOW);

    await paste(screen.getByTestId('inv-product-name'), 'Nuts');
    await paste(screen.getByTestId('inv-product-price'), '5');
    await userEvent.click(screen.getByTestId('inv-product-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.products.create')).toHaveLength(1), SLOW);
    const created = inputsOf(backend.calls, 'inventory.products.create')[0] as { category_id?: string };
    const categories = await backend.run('inventory.categories.list', {});
    expect(created.category_id).toBe(categories[0].id);
  });

  it('puts each of the core’s refusals under the field it names, and takes one off when its field changes', async () => {
    const backend = await realCore();
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-product-add', {}, SLOW));
    await paste(screen.getByTestId('inv-product-name'), 'Green tea');
    const sku = screen.getByTestId('inv-product-sku');
    await paste(sku, 'TEA-1');
    const price = screen.getByTestId('inv-product-price');
    await paste(price, '3.001');
    await userEvent.click(screen.getByTestId('inv-product-submit'));

    const skuRefused = 'Letters, digits and - _ . / only, not used by another product';
    await waitFor(() => expect(formItemOf(sku)).toHaveTextContent(skuRefused), SLOW);
    expect(formItemOf(price)).toHaveTextContent('At most 2 decimals');
    await paste(sku, 'TEA-2');
    await waitFor(() => expect(formItemOf(sku)).not.toHaveTextContent(skuRefused), SLOW);
    expect(formItemOf(price)).toHaveTextContent('At most 2 decimals');
    expect(inputsOf(backend.calls, 'inventory.products.create')).toHaveLength(1);
  });

  it('changes only what was changed, and archives and restores', async () => {
    const backend = await realCore();
    const tea = await backend.run('inventory.products.create', {
      name: 'Black tea',
      sku: 'TEA-1',
      price: '3.00',
      cost: '1.00',
    });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const row = await screen.findByTestId('inv-product-row', {}, SLOW);
    await listLoaded();
    await userEvent.click(within(row).getByTestId('inv-product-edit'));
    await waitFor(() => expect(screen.getByTestId('inv-product-price')).toHaveValue('3.00'), SLOW);
    await paste(screen.getByTestId('inv-product-price'), '3.50');
    await userEvent.click(screen.getByTestId('inv-product-submit'));
    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.products.update')).toEqual([{ id: tea.id, price: '3.50' }]),
      SLOW,
    );

    // The list shows the price the core saved.
    await waitFor(() => expect(screen.getByTestId('inv-product-row')).toHaveTextContent('3.50'), SLOW);
    await listLoaded();
    await userEvent.click(within(screen.getByTestId('inv-product-row')).getByTestId('inv-product-archive'));
    await confirmIn('Archive Black tea?', 'Archive');
    await waitFor(
      () => expect(inputsOf(backend.calls, 'inventory.products.update')).toContainEqual({ id: tea.id, archived: true }),
      SLOW,
    );
    // Archived products are hidden unless asked for.
    await waitFor(() => expect(screen.queryByTestId('inv-product-row')).not.toBeInTheDocument(), SLOW);
    await userEvent.click(screen.getByTestId('inv-products-show-archived'));
    const archived = await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(within(archived).getByTestId('inv-product-archived')).toBeInTheDocument();
    await listLoaded();
    await userEvent.click(within(archived).getByTestId('inv-product-restore'));
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.products.update')).toContainEqual({ id: tea.id, archived: false }),
      SLOW,
    );
  });

  it('searches by name, SKU or barcode', async () => {
    const backend = await realCore();
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3' });
    await backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '4' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);
    await paste(screen.getByPlaceholderText('Name, SKU or barcode'), 'cof');
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('inv-product-row')).toHaveAttribute('data-sku', 'COF-1');
    expect(inputsOf(backend.calls, 'inventory.products.list')).toContainEqual({ limit: 50, offset: 0, search: 'cof' });
  });
});

describe('Inventory: what each role sees of products', { timeout: 30_000 }, () => {
  it('hides the cost column and field from those without costs.read', async () => {
    const backend = await realCore('manager');
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3.00', cost: '1.00' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const row = await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(row).toHaveTextContent('3.00');
    expect(within(row).queryByTestId('inv-product-cost')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('inv-product-margin')).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Cost' })).not.toBeInTheDocument();

    // A manager edits products, but without a cost.
    await userEvent.click(screen.getByTestId('inv-product-add'));
    expect(screen.getByTestId('inv-product-price')).toBeInTheDocument();
    expect(screen.queryByTestId('inv-product-cost')).not.toBeInTheDocument();
  });

  it('shows the cost column to the owner', async () => {
    const backend = await realCore();
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3.00', cost: '1.00' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const row = await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(within(row).getByTestId('inv-product-cost')).toHaveTextContent('1.00');
    expect(screen.getByRole('columnheader', { name: 'Cost' })).toBeInTheDocument();
  });

  it('lets staff look at products without adding, changing or archiving them', async () => {
    const backend = await realCore('staff');
    await backend.run('inventory.products.create', { name: 'Black tea', sku: 'TEA-1', price: '3.00' });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const row = await screen.findByTestId('inv-product-row', {}, SLOW);
    expect(within(row).queryByTestId('inv-product-edit')).not.toBeInTheDocument();
    expect(within(row).queryByTestId('inv-product-archive')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-product-add')).not.toBeInTheDocument();
    // Nor what stock is worth.
    expect(screen.queryByTestId('inv-tab-valuation')).not.toBeInTheDocument();
  });
});
