import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn } from '../../test/render';
import { AppShell } from './AppShell';

function mockApp(idle_lock_minutes: number) {
  return mockCommands({
    'security.settings.get': () => ({ idle_lock_minutes }),
    'users.auth.lock': () => ({}),
    'customers.list': () => ({ total: 0, items: [] }),
    'customers.tags.list': () => [],
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AppShell locking', () => {
  it('locks from the header button', async () => {
    const calls = mockApp(0);
    const showLock = vi.fn();
    renderSignedIn(<AppShell />, { showLock });

    await userEvent.click(await screen.findByTestId('lock-now'));

    await waitFor(() => expect(showLock).toHaveBeenCalledTimes(1));
    expect(calls.some((c) => c.command === 'users.auth.lock')).toBe(true);
  });

  it('locks by itself after the company’s idle time', async () => {
    // Real time still runs (for the rendering); the idle minutes are skipped.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = mockApp(3);
    const showLock = vi.fn();
    renderSignedIn(<AppShell />, { showLock });
    await waitFor(() => expect(calls.some((c) => c.command === 'security.settings.get')).toBe(true));
    // Let the answer reach the timer.
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });

    act(() => {
      vi.advanceTimersByTime(2 * 60_000);
    });
    expect(calls.some((c) => c.command === 'users.auth.lock')).toBe(false);

    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    await waitFor(() => expect(showLock).toHaveBeenCalledTimes(1));
    expect(calls.filter((c) => c.command === 'users.auth.lock')).toHaveLength(1);
  });
});

describe('AppShell sync', () => {
  it('shows how sync stands in the header once this device is connected to a relay', async () => {
    mockCommands(
      {
        'security.settings.get': () => ({ idle_lock_minutes: 0 }),
        'customers.list': () => ({ total: 0, items: [] }),
        'customers.tags.list': () => [],
      },
      {
        sync_status: () => ({
          configured: true,
          relay_url: 'https://relay.example.com',
          device_id: 'd-laptop',
          pending: 4,
          waiting: 0,
          last_synced_at_ms: null,
        }),
        sync_now: () => ({ pushed: 0, pulled: 0, applied: 0, waiting: 0, rejected: 0, cursor: 0 }),
      },
    );
    renderSignedIn(<AppShell />);

    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('4 to send'));
  });

  it('shows nothing about sync on a device that is not connected', async () => {
    const calls = mockApp(0);
    renderSignedIn(<AppShell />);

    await waitFor(() => expect(calls.some((c) => c.command === 'sync_status')).toBe(true));
    expect(screen.queryByTestId('sync-indicator')).toBeNull();
  });
});
