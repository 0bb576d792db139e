import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { scan } from '../../test/scanner';
import { InventoryPage } from '../inventory/InventoryPage';
import { BarcodeScanner } from './BarcodeScanner';
import { SCAN_GAP_MS } from './scanDetector';
import { useBarcodeScanner } from './useBarcodeScanner';

function Listening({ onScan }: { onScan: (code: string) => void }) {
  useBarcodeScanner(onScan);
  return <input data-testid="field" />;
}

/**
 * A shop with a back room and a green tea in it (7, with a barcode). `anotherDevice`: a second device (a till)
 * joins before the tea is made, and works offline from then on.
 */
async function shop({ anotherDevice = false } = {}) {
  const backend = await realCore('owner');
  const back = await backend.run('inventory.locations.create', { name: 'Back room' });
  if (anotherDevice) await backend.joinAnotherDevice();
  const tea = await backend.run('inventory.products.create', {
    name: 'Green tea',
    sku: 'TEA-1',
    barcode: '6901234567892',
    price: '12.50',
    cost: '6.00',
  });
  await backend.run('inventory.stock.movements.create', {
    product_id: tea.id,
    location_id: back.id,
    kind: 'receipt',
    quantity: '7',
  });
  return { ...backend, back, tea };
}

afterEach(() => {
  window.location.hash = '';
});

describe('useBarcodeScanner', () => {
  it('hears a fast burst of keys and Enter outside a field', () => {
    const onScan = vi.fn();
    render(<Listening onScan={onScan} />);
    scan('6901234567892');
    expect(onScan).toHaveBeenCalledExactlyOnceWith('6901234567892');
  });

  it('does not take slow typing for a scan', () => {
    const onScan = vi.fn();
    render(<Listening onScan={onScan} />);
    // The detector reads the time of each key: a person's keys come further apart than a scanner's.
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      for (const key of 'TEA-1') {
        fireEvent.keyDown(document.body, { key });
        vi.advanceTimersByTime(SCAN_GAP_MS + 25);
      }
      fireEvent.keyDown(document.body, { key: 'Enter' });
    } finally {
      vi.useRealTimers();
    }
    expect(onScan).not.toHaveBeenCalled();
  });

  it('leaves a scan into a field to the field', () => {
    const onScan = vi.fn();
    render(<Listening onScan={onScan} />);
    scan('6901234567892', screen.getByTestId('field'));
    expect(onScan).not.toHaveBeenCalled();
  });
});

describe('BarcodeScanner', { timeout: 30_000 }, () => {
  it('with nothing open that takes scans, says what the product is, and opens it in Inventory', async () => {
    const backend = await shop();
    renderSignedIn(<BarcodeScanner />, { session: backend.session });

    scan('6901234567892');
    const notice = await screen.findByTestId('scan-notice', {}, SLOW);
    expect(screen.getByTestId('scan-notice-name')).toHaveTextContent('Green tea');
    expect(within(notice).getByTestId('scan-notice-price')).toHaveTextContent('12.50');
    expect(within(notice).getByTestId('scan-notice-stock')).toHaveTextContent('7');
    expect(inputsOf(backend.calls, 'inventory.scanning.lookup')).toEqual([{ code: '6901234567892' }]);
    await userEvent.click(screen.getByTestId('scan-notice-open'));
    expect(window.location.hash).toBe(`#/inventory/products/${backend.tea.id}`);
  });

  it('warns of a code no product has', async () => {
    const backend = await shop();
    renderSignedIn(<BarcodeScanner />, { session: backend.session });
    scan('0000000000000');
    expect(await screen.findByText('No product has the code 0000000000000', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('scan-notice')).not.toBeInTheDocument();
  });

  it('refuses a code two products have since devices synced, naming them', async () => {
    // The till joined before the tea was made and, offline, gave the tea's barcode to a product of its own.
    const backend = await shop({ anotherDevice: true });
    await backend.fromAnotherDevice('inventory.products.create', {
      name: 'Green tea 100g',
      sku: 'TEA-100',
      price: '5.00',
      barcode: '6901234567892',
    });
    renderSignedIn(<BarcodeScanner />, { session: backend.session });
    scan('6901234567892');
    const refusal = await screen.findByText(/6901234567892 is on more than one product/, {}, SLOW);
    expect(refusal).toHaveTextContent('TEA-1 Green tea');
    expect(refusal).toHaveTextContent('TEA-100 Green tea 100g');
    expect(refusal.closest('.ant-message-notice')?.querySelector('.ant-message-error')).not.toBeNull();
    expect(screen.queryByTestId('scan-notice')).not.toBeInTheDocument();
  });

  it('counts a scanned product in on the order being received', async () => {
    const backend = await shop();
    const order = await backend.run('inventory.orders.create', {
      supplier: 'Hangzhou Tea Co.',
      location_id: backend.back.id,
      lines: [{ product_id: backend.tea.id, quantity: '10' }],
    });
    await backend.run('inventory.orders.send', { id: order.id });
    navigate('inventory', 'orders');
    renderSignedIn(
      <>
        <BarcodeScanner />
        <InventoryPage />
      </>,
      { session: backend.session },
    );

    await userEvent.click(await screen.findByTestId('inv-order-receive', {}, SLOW));
    const quantity = await screen.findByTestId('inv-receive-qty-0', {}, SLOW);
    await waitFor(() => expect(quantity).toHaveValue('10'), SLOW);
    scan('TEA-1');
    await waitFor(() => expect(quantity).toHaveValue('11'), SLOW);
    scan('6901234567892');
    await waitFor(() => expect(quantity).toHaveValue('12'), SLOW);
    expect(screen.queryByTestId('scan-notice')).not.toBeInTheDocument();
  });

  it('counts a product scanned anywhere on the stocktake tab, and not once another tab is shown', async () => {
    const backend = await shop();
    navigate('inventory', 'stocktake');
    renderSignedIn(
      <>
        <BarcodeScanner />
        <InventoryPage />
      </>,
      { session: backend.session },
    );

    const row = await screen.findByTestId('inv-count-row', {}, SLOW);
    const counted = within(row).getByTestId('inv-count-counted');
    scan('6901234567892');
    await waitFor(() => expect(counted).toHaveValue('1'), SLOW);
    scan('TEA-1');
    await waitFor(() => expect(counted).toHaveValue('2'), SLOW);
    expect(screen.queryByTestId('scan-notice')).not.toBeInTheDocument();
    // On another tab the stocktake stays mounted but no longer takes scans.
    await userEvent.click(screen.getByTestId('inv-tab-products'));
    scan('TEA-1');
    expect(await screen.findByTestId('scan-notice', {}, SLOW)).toBeInTheDocument();
    expect(counted).toHaveValue('2');
  });
});
