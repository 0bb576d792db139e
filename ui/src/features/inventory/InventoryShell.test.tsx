import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { confirmIn, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { AppShell } from '../shell/AppShell';
import { InventoryPage } from './InventoryPage';

afterEach(() => {
  window.location.hash = '';
});

describe('Inventory in the sidebar', { timeout: 30_000 }, () => {
  it('is hidden without inventory.read, and its address falls back to customers', async () => {
    const core = await realCore();
    const session = await core.signInWith(['customers.read']);
    navigate('inventory');
    renderSignedIn(<AppShell />, { session });

    expect(await screen.findByTestId('nav-customers', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('nav-inventory')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-tab-products')).not.toBeInTheDocument();
    expect(core.calls.some((call) => call.command.startsWith('inventory.'))).toBe(false);
  });

  it('shows a badge with how much stock is low or oversold, and opens the inventory', async () => {
    const backend = await realCore(['staff', 'owner']);
    const counter = await backend.run('inventory.locations.create', { name: 'Counter' });
    const tea = await backend.run('inventory.products.create', { name: 'Green tea', sku: 'TEA-1', price: '1' });
    const coffee = await backend.run('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '1' });
    await backend.run('inventory.stock.thresholds.set', { product_id: tea.id, location_id: counter.id, minimum: '5' });
    await backend.run('inventory.stock.movements.create', {
      product_id: coffee.id,
      location_id: counter.id,
      kind: 'adjustment',
      quantity: '-1',
      reason: 'sold offline',
    });
    renderSignedIn(<AppShell />, { session: backend.session });

    const badge = await screen.findByTestId('inv-nav-badge', {}, SLOW);
    expect(badge).toHaveTextContent('2');
    await userEvent.click(screen.getByTestId('nav-inventory'));
    expect(await screen.findByTestId('inv-tab-products', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('inv-low-alert', {}, SLOW)).toHaveTextContent(
      '1 item is at or below its minimum; 1 item is oversold',
    );
  });

  it('shows no badge while nothing is low', async () => {
    const backend = await realCore('staff');
    renderSignedIn(<AppShell />, { session: backend.session });

    expect(await screen.findByTestId('nav-inventory', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(inputsOf(backend.calls, 'inventory.stock.low')).toHaveLength(1), SLOW);
    expect(screen.queryByTestId('inv-nav-badge')).not.toBeInTheDocument();
  });
});

describe('Inventory: locations', { timeout: 30_000 }, () => {
  function rowNamed(name: string): HTMLElement {
    const row = screen.getAllByTestId('inv-location-row').find((r) => r.getAttribute('data-name') === name);
    if (!row) throw new Error(`no location row ${name}`);
    return row;
  }

  it('adds a location inside another, renames it and archives it', async () => {
    const backend = await realCore();
    const warehouse = await backend.run('inventory.locations.create', { name: 'Warehouse' });
    navigate('inventory', 'locations');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-location-row')).toHaveLength(1), SLOW);
    await userEvent.click(within(rowNamed('Warehouse')).getByTestId('inv-location-add-child'));
    await paste(await screen.findByTestId('inv-location-name', {}, SLOW), 'Shelf A');
    await userEvent.click(screen.getByTestId('inv-location-submit'));
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'inventory.locations.create')).toEqual([
          { name: 'Shelf A', parent_id: warehouse.id },
        ]),
      SLOW,
    );
    // Shown inside the warehouse, with its path.
    await waitFor(() => expect(screen.getAllByTestId('inv-location-row')).toHaveLength(2), SLOW);
    expect(rowNamed('Shelf A')).toHaveTextContent('Warehouse / Shelf A');

    await userEvent.click(within(rowNamed('Shelf A')).getByTestId('inv-location-rename'));
    const name = await screen.findByTestId('inv-location-name', {}, SLOW);
    await waitFor(() => expect(name).toHaveValue('Shelf A'), SLOW);
    await paste(name, 'Shelf B');
    await userEvent.click(screen.getByTestId('inv-location-submit'));
    await waitFor(() => expect(rowNamed('Shelf B')).toHaveTextContent('Warehouse / Shelf B'), SLOW);

    await userEvent.click(within(rowNamed('Shelf B')).getByTestId('inv-location-archive'));
    await confirmIn('Archive Shelf B?', 'Archive');
    await waitFor(() => expect(screen.getAllByTestId('inv-location-row')).toHaveLength(1), SLOW);
    const shelf = (await backend.run('inventory.locations.list', {})).find((l) => l.name === 'Shelf B');
    expect(shelf?.archived).toBe(true);
  });

  it('lets staff see the locations without changing them', async () => {
    const backend = await realCore(['staff', 'owner']);
    await backend.run('inventory.locations.create', { name: 'Warehouse' });
    navigate('inventory', 'locations');
    renderSignedIn(<InventoryPage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('inv-location-row')).toHaveLength(1), SLOW);
    expect(screen.queryByTestId('inv-location-add')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-location-rename')).not.toBeInTheDocument();
  });
});
