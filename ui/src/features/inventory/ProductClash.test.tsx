import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { InventoryPage } from './InventoryPage';

/**
 * Oolong added on this computer with ten on the shelf, and again on the till while it was offline under the same SKU
 * in lower case, where three were sold: after sync both carry the SKU.
 */
async function clashingShop(role: Role) {
  const backend = await realCore(role);
  const shelf = await backend.run('inventory.locations.create', { name: 'Shelf' });
  // The till knows the shelf, then goes offline.
  await backend.joinAnotherDevice();
  const oolong = await backend.run('inventory.products.create', {
    name: 'Oolong 250g',
    sku: 'OOL-250',
    price: '30',
  });
  await backend.run('inventory.stock.movements.create', {
    product_id: oolong.id,
    location_id: shelf.id,
    kind: 'receipt',
    quantity: '10',
  });
  const till = await backend.fromAnotherDevice('inventory.products.create', {
    name: 'Oolong tea',
    sku: 'ool-250',
    price: '30',
  });
  await backend.fromAnotherDevice('inventory.stock.movements.create', {
    product_id: till.id,
    location_id: shelf.id,
    kind: 'adjustment',
    quantity: '-3',
    reason: 'sold on the till',
  });
  return { ...backend, shelf, oolong, till };
}

/** The Edit link next to the product named `name` in a clash's item. */
function editOf(item: HTMLElement, name: string): HTMLElement {
  const link = within(item)
    .getAllByTestId('inv-clash-edit')
    .find((edit) => edit.parentElement?.textContent?.includes(`${name} (`));
  if (!link) throw new Error(`no Edit link for ${name}`);
  return link;
}

afterEach(() => {
  window.location.hash = '';
});

describe('Inventory: codes on more than one product', { timeout: 30_000 }, () => {
  it('shows nothing while every code is on one product', async () => {
    const backend = await realCore();
    await backend.run('inventory.products.create', { name: 'Oolong 250g', sku: 'OOL-250', price: '30' });
    await backend.run('inventory.products.create', {
      name: 'Green tea',
      sku: 'TEA-1',
      price: '12',
      barcode: '4006381333931',
    });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(2), SLOW);
    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.products.clashes')).toContainEqual({}), SLOW);
    expect(screen.queryByTestId('inv-clash-alert')).not.toBeInTheDocument();
  });

  it('lists each code with its products, SKUs first, and gives one another code from its Edit link', async () => {
    const backend = await clashingShop('owner');
    await backend.run('inventory.products.create', {
      name: 'Green tea',
      sku: 'TEA-1',
      price: '12',
      barcode: '4006381333931',
    });
    // The till, which has synced since, gives the same barcode to a product of its own while offline again.
    await backend.fromAnotherDevice('inventory.products.create', {
      name: 'Green tea 100g',
      sku: 'TEA-100',
      price: '12',
      barcode: '4006381333931',
    });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const alert = await screen.findByTestId('inv-clash-alert', {}, SLOW);
    expect(alert).toHaveTextContent('2 codes are on more than one product (given on two devices offline)');
    const items = within(alert).getAllByTestId('inv-clash-item');
    expect(items.map((item) => item.getAttribute('data-code'))).toEqual(['OOL-250', '4006381333931']);
    expect(items[0]).toHaveTextContent(/^SKU OOL-250:/);
    expect(items[0]).toHaveTextContent('Oolong 250g (OOL-250, on hand 10 pcs)');
    expect(items[0]).toHaveTextContent('Oolong tea (ool-250, on hand -3 pcs)');
    expect(items[1]).toHaveTextContent(/^Barcode 4006381333931:/);
    expect(items[1]).toHaveTextContent('Green tea (TEA-1, on hand 0 pcs)');
    expect(items[1]).toHaveTextContent('Green tea 100g (TEA-100, on hand 0 pcs)');
    expect(within(items[0]).getAllByTestId('inv-clash-edit')).toHaveLength(2);
    expect(within(items[0]).getByTestId('inv-clash-merge')).toBeInTheDocument();

    await userEvent.click(editOf(items[0], 'Oolong tea'));
    const sku = await screen.findByTestId('inv-product-sku', {}, SLOW);
    await waitFor(() => expect(sku).toHaveValue('ool-250'), SLOW);
    await paste(sku, 'OOL-250-T');
    await userEvent.click(screen.getByTestId('inv-product-submit'));

    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.products.update')).toEqual([
          { id: backend.till.id, sku: 'OOL-250-T' },
        ]),
      SLOW,
    );
    await waitFor(
      () => expect(screen.getByTestId('inv-clash-alert')).toHaveTextContent('1 code is on more than one product'),
      SLOW,
    );
    expect(screen.getAllByTestId('inv-clash-item').map((item) => item.getAttribute('data-code'))).toEqual([
      '4006381333931',
    ]);
  });

  it('merges the products of a code into the one the manager keeps', async () => {
    const backend = await clashingShop('manager');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-clash-merge', {}, SLOW));
    const modal = await screen.findByTestId('inv-merge-modal', {}, SLOW);
    expect(modal).toHaveTextContent('Merge the products with SKU OOL-250');
    expect(modal).toHaveTextContent('the others are archived and give up their SKU and barcode');
    // The one with the most stock is offered; the manager keeps the till's.
    expect(within(modal).getByRole('radio', { name: 'Oolong 250g (OOL-250, on hand 10 pcs)' })).toBeChecked();
    await userEvent.click(within(modal).getByRole('radio', { name: 'Oolong tea (ool-250, on hand -3 pcs)' }));
    await userEvent.click(within(modal).getByTestId('inv-merge-submit'));

    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.products.merge')).toEqual([
          { id: backend.oolong.id, into_id: backend.till.id },
        ]),
      SLOW,
    );
    expect(await screen.findByText('Merged into Oolong tea', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('inv-clash-alert')).not.toBeInTheDocument(), SLOW);

    // The ten on the shelf moved across; the duplicate gave up its SKU and was archived.
    const kept = await backend.run('inventory.products.get', { id: backend.till.id });
    expect(kept.on_hand).toBe('7');
    const folded = await backend.run('inventory.products.get', { id: backend.oolong.id });
    expect(folded.on_hand).toBe('0');
    expect(folded.archived).toBe(true);
    expect(folded.sku).toMatch(/^P-[0-9A-F]{8}$/);
    await waitFor(() => expect(screen.getAllByTestId('inv-product-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('inv-product-row')).toHaveAttribute('data-sku', 'ool-250');
  });

  it('says in the modal why the product chosen cannot keep the others', async () => {
    const backend = await realCore();
    const shelf = await backend.run('inventory.locations.create', { name: 'Shelf' });
    await backend.joinAnotherDevice();
    const wrap = await backend.run('inventory.products.create', {
      name: 'Gift wrap',
      sku: 'WRAP',
      price: '5',
      tracks_stock: false,
    });
    const paper = await backend.fromAnotherDevice('inventory.products.create', {
      name: 'Wrapping paper',
      sku: 'wrap',
      price: '5',
    });
    await backend.run('inventory.stock.movements.create', {
      product_id: paper.id,
      location_id: shelf.id,
      kind: 'receipt',
      quantity: '4',
    });
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('inv-clash-merge', {}, SLOW));
    const modal = await screen.findByTestId('inv-merge-modal', {}, SLOW);
    // A service holds no stock: the stocked one is offered.
    expect(within(modal).getByRole('radio', { name: 'Wrapping paper (wrap, on hand 4 pcs)' })).toBeChecked();
    await userEvent.click(within(modal).getByRole('radio', { name: 'Gift wrap (WRAP, service)' }));
    await userEvent.click(within(modal).getByTestId('inv-merge-submit'));

    expect(await within(modal).findByTestId('inv-merge-error', {}, SLOW)).toHaveTextContent(
      'This product cannot take the others in',
    );
    expect(inputsOf(backend.calls, 'inventory.products.merge')).toEqual([{ id: paper.id, into_id: wrap.id }]);
    expect(screen.getByTestId('inv-clash-alert')).toBeInTheDocument();
  });

  it('shows the clashes to staff, without editing or merging', async () => {
    const backend = await clashingShop('staff');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    const alert = await screen.findByTestId('inv-clash-alert', {}, SLOW);
    expect(within(alert).getByTestId('inv-clash-item')).toHaveTextContent('Oolong tea (ool-250, on hand -3 pcs)');
    expect(within(alert).queryByTestId('inv-clash-edit')).not.toBeInTheDocument();
    expect(within(alert).queryByTestId('inv-clash-merge')).not.toBeInTheDocument();
  });
});
