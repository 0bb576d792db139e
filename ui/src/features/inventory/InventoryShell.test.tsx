import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Location, Product } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { AppShell } from '../shell/AppShell';
import { InventoryPage } from './InventoryPage';
import { confirmIn, inputsOf, mockInventory, OWNER, paste, SLOW, STAFF } from './testBackend';

const SHELL = {
  'security.settings.get': () => ({ idle_lock_minutes: 0 }),
  'customers.list': () => ({ total: 0, items: [] }),
  'customers.tags.list': () => [],
} as const;

afterEach(() => {
  window.location.hash = '';
});

describe('Inventory in the sidebar', { timeout: 30_000 }, () => {
  it('is hidden without inventory.read, and its address falls back to customers', async () => {
    const calls = mockCommands(SHELL);
    navigate('inventory');
    renderSignedIn(<AppShell />, { session: sessionAs('staff', ['customers.read']) });

    expect(await screen.findByTestId('nav-customers', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('nav-inventory')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-tab-products')).not.toBeInTheDocument();
    expect(calls.some((call) => call.command.startsWith('inventory.'))).toBe(false);
  });

  it('shows a badge with how much stock is low or oversold, and opens the inventory', async () => {
    const backend = mockInventory(STAFF, SHELL);
    const counter = backend.run<Location>('inventory.locations.create', { name: 'Counter' });
    const tea = backend.run<Product>('inventory.products.create', { name: 'Green tea', sku: 'TEA-1', price: '1' });
    const coffee = backend.run<Product>('inventory.products.create', { name: 'Coffee', sku: 'COF-1', price: '1' });
    backend.run('inventory.stock.thresholds.set', { product_id: tea.id, location_id: counter.id, minimum: '5' });
    backend.run('inventory.stock.movements.create', {
      product_id: coffee.id,
      location_id: counter.id,
      kind: 'adjustment',
      quantity: '-1',
      reason: 'sold offline',
    });
    renderSignedIn(<AppShell />, { session: STAFF });

    const badge = await screen.findByTestId('inv-nav-badge', {}, SLOW);
    expect(badge).toHaveTextContent('2');
    await userEvent.click(screen.getByTestId('nav-inventory'));
    expect(await screen.findByTestId('inv-tab-products', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('inv-low-alert', {}, SLOW)).toHaveTextContent(
      '1 item is at or below its minimum; 1 item is oversold',
    );
  });

  it('shows no badge while nothing is low', async () => {
    const backend = mockInventory(STAFF, SHELL);
    renderSignedIn(<AppShell />, { session: STAFF });

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
    const backend = mockInventory(OWNER);
    const warehouse = backend.run<Location>('inventory.locations.create', { name: 'Warehouse' });
    navigate('inventory', 'locations');
    renderSignedIn(<InventoryPage />, { session: OWNER });

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
    const shelf = backend.run<Location[]>('inventory.locations.list', {}).find((l) => l.name === 'Shelf B');
    expect(shelf?.archived).toBe(true);
  });

  it('lets staff see the locations without changing them', async () => {
    const backend = mockInventory(STAFF);
    backend.run('inventory.locations.create', { name: 'Warehouse' });
    navigate('inventory', 'locations');
    renderSignedIn(<InventoryPage />, { session: STAFF });

    await waitFor(() => expect(screen.getAllByTestId('inv-location-row')).toHaveLength(1), SLOW);
    expect(screen.queryByTestId('inv-location-add')).not.toBeInTheDocument();
    expect(screen.queryByTestId('inv-location-rename')).not.toBeInTheDocument();
  });
});
