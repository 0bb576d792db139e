import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn } from '../../test/render';
import { AppShell } from './AppShell';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Notes the delay of every timer the page sets from now on (until `stop`). Not `vi.spyOn`: restoring that
 * spy after the test would bring the fake timers back.
 */
function timersSet() {
  const set = window.setTimeout;
  const delays_ms: number[] = [];
  window.setTimeout = ((handler: TimerHandler, delay_ms?: number, ...args: unknown[]) => {
    delays_ms.push(delay_ms ?? 0);
    return set(handler, delay_ms, ...args);
  }) as typeof window.setTimeout;
  return {
    delays_ms,
    stop: () => {
      window.setTimeout = set;
    },
  };
}

describe('AppShell locking', () => {
  it('locks from the header button', async () => {
    const backend = await realCore();
    await backend.run('security.settings.update', { idle_lock_minutes: 0 });
    const showLock = vi.fn();
    renderSignedIn(<AppShell />, { session: backend.session, showLock });

    await userEvent.click(await screen.findByTestId('lock-now', {}, SLOW));

    await waitFor(() => expect(showLock).toHaveBeenCalled(), SLOW);
    expect(inputsOf(backend.calls, 'users.auth.lock')).toHaveLength(1);
    // The core now refuses the session until it is unlocked.
    await expect(backend.run('users.profile.get', {})).rejects.toMatchObject({ reason: 'session_locked' });
  });

  it('locks by itself after the company’s idle time', async () => {
    const backend = await realCore();
    await backend.run('security.settings.update', { idle_lock_minutes: 3 });
    // Real time still runs (for the rendering and the core's answers); the idle minutes are skipped.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const timers = timersSet();
    const showLock = vi.fn();
    renderSignedIn(<AppShell />, { session: backend.session, showLock });
    // The company's idle time has reached the timer.
    await waitFor(() => expect(timers.delays_ms).toContain(3 * 60_000), SLOW);
    timers.stop();

    act(() => {
      vi.advanceTimersByTime(2 * 60_000);
    });
    expect(inputsOf(backend.calls, 'users.auth.lock')).toHaveLength(0);

    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    await waitFor(() => expect(showLock).toHaveBeenCalled(), SLOW);
    expect(inputsOf(backend.calls, 'users.auth.lock')).toHaveLength(1);
  });
});

describe('AppShell sync', () => {
  it('shows how sync stands in the header once this device is connected to a relay', async () => {
    // Stood in: a device connected to a sync relay needs the relay, which the development host does not run.
    const { session } = await realCore();
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
    renderSignedIn(<AppShell />, { session });

    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('4 to send'), SLOW);
  });

  it('shows nothing about sync on a device that is not connected', async () => {
    const backend = await realCore();
    renderSignedIn(<AppShell />, { session: backend.session });

    await waitFor(() => expect(inputsOf(backend.calls, 'sync.status').length).toBeGreaterThan(0), SLOW);
    expect((await backend.run('sync.status', {})).configured).toBe(false);
    expect(screen.queryByTestId('sync-indicator')).toBeNull();
  });
});
