import { emit } from '@tauri-apps/api/event';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncReportBody, SyncStatusBody } from '../../api/rpc';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn } from '../../test/render';
import { inLanguage } from '../../test/language';
import { SyncIndicator } from './SyncIndicator';
import { SyncProvider } from './SyncProvider';
import { REMOTE_CHANGES_EVENT, SYNC_INTERVAL_MS } from './sync';

const CONNECTED: SyncStatusBody = {
  configured: true,
  relay_url: 'https://relay.example.com',
  device_id: 'd-laptop',
  pending: 0,
  waiting: 0,
  last_synced_at_ms: null,
};
const REPORT: SyncReportBody = {
  pushed: 0,
  pulled: 0,
  applied: 0,
  waiting: 0,
  rejected: 0,
  cursor: 3,
  files_sent: 0,
  files_received: 0,
  files_waiting: 0,
  files_forgotten: 0,
};
const OFFLINE = {
  code: 'storage',
  message: 'cannot reach the relay at https://relay.example.com: connection refused',
  reason: 'relay_offline',
};

function renderIndicator(options: { expire?: () => void } = {}) {
  return renderSignedIn(
    <SyncProvider>
      <SyncIndicator />
    </SyncProvider>,
    options,
  );
}

function rounds(calls: Call[]): number {
  return calls.filter((call) => call.command === 'sync_now').length;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SyncIndicator', () => {
  it('is not there while this device is not connected to a relay, and syncs nothing', async () => {
    const calls = mockCommands({});
    renderIndicator();

    await waitFor(() => expect(calls.some((call) => call.command === 'sync_status')).toBe(true));
    expect(screen.queryByTestId('sync-indicator')).toBeNull();
    expect(rounds(calls)).toBe(0);
  });

  it('says how many changes wait to be sent', async () => {
    const calls = mockCommands({}, { sync_status: () => ({ ...CONNECTED, pending: 3 }), sync_now: () => REPORT });
    renderIndicator();

    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('3 to send'));
    expect(rounds(calls)).toBe(1);
    expect(calls.find((call) => call.command === 'sync_now')?.token).toBe('test-token');
  });

  it('says when it is up to date, and when it last synced', async () => {
    mockCommands(
      {},
      {
        sync_status: () => ({ ...CONNECTED, last_synced_at_ms: Date.now() - 2 * 60_000 - 5_000 }),
        sync_now: () => REPORT,
      },
    );
    renderIndicator();

    await waitFor(() =>
      expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Up to date · synced 2 minutes ago'),
    );
  });

  it('says “Offline” when the relay cannot be reached, and why in its tooltip', async () => {
    const expire = vi.fn();
    mockCommands(
      {},
      {
        sync_status: () => ({ ...CONNECTED, pending: 1 }),
        sync_now: () => {
          throw OFFLINE;
        },
      },
    );
    renderIndicator({ expire });

    const indicator = await screen.findByTestId('sync-indicator');
    await waitFor(() => expect(indicator).toHaveTextContent('Offline'));
    expect(indicator).toHaveAttribute('data-state', 'offline');
    await userEvent.hover(indicator);
    const details = await screen.findByTestId('sync-indicator-details');
    expect(details).toHaveTextContent('Cannot reach the relay.');
    expect(details).toHaveTextContent('Relay: https://relay.example.com');
    expect(details).toHaveTextContent('1 change made here not yet sent');
    expect(expire).not.toHaveBeenCalled();
  });

  it('says “Syncing…” during a round', async () => {
    let finish: (report: SyncReportBody) => void = () => undefined;
    let last_synced_at_ms: number | null = null;
    mockCommands(
      {},
      {
        sync_status: () => ({ ...CONNECTED, last_synced_at_ms }),
        sync_now: () =>
          new Promise<SyncReportBody>((resolve) => {
            finish = (report) => {
              last_synced_at_ms = Date.now();
              resolve(report);
            };
          }),
      },
    );
    renderIndicator();

    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Syncing…'));
    act(() => finish(REPORT));
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Up to date · synced just now'));
  });

  it('does not let a relay refusal end the session', async () => {
    const expire = vi.fn();
    mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => {
          throw { code: 'unauthenticated', message: 'relay: this device has been revoked', reason: 'relay_refused' };
        },
      },
    );
    renderIndicator({ expire });

    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('Sync failed'));
    expect(expire).not.toHaveBeenCalled();
  });

  it('ends the session when the core says it has ended', async () => {
    const expire = vi.fn();
    mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => {
          throw { code: 'unauthenticated', message: 'the session has ended; sign in again' };
        },
      },
    );
    renderIndicator({ expire });

    await waitFor(() => expect(expire).toHaveBeenCalledTimes(1));
  });

  it('syncs every 30 seconds, never two rounds at once', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let finish: (report: SyncReportBody) => void = () => undefined;
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => new Promise<SyncReportBody>((resolve) => (finish = resolve)),
      },
    );
    renderIndicator();
    await waitFor(() => expect(rounds(calls)).toBe(1));

    // The first round is still running when the next is due: it is not started twice.
    act(() => {
      vi.advanceTimersByTime(SYNC_INTERVAL_MS);
    });
    expect(rounds(calls)).toBe(1);

    act(() => finish(REPORT));
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).not.toHaveTextContent('Syncing…'));
    act(() => {
      vi.advanceTimersByTime(SYNC_INTERVAL_MS);
    });
    await waitFor(() => expect(rounds(calls)).toBe(2));
    // The status is read again after each round.
    expect(calls.filter((call) => call.command === 'sync_status').length).toBeGreaterThanOrEqual(2);
  });
});

describe('SyncIndicator and the live feed', () => {
  it('runs a round when the shell hears another device pushed, and one more if a round was under way', async () => {
    let finish: (report: SyncReportBody) => void = () => undefined;
    const calls = mockCommands(
      {},
      {
        sync_status: () => CONNECTED,
        sync_now: () => new Promise<SyncReportBody>((resolve) => (finish = resolve)),
      },
    );
    renderIndicator();
    await waitFor(() => expect(rounds(calls)).toBe(1));
    act(() => finish(REPORT));
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).not.toHaveTextContent('Syncing…'));

    // By now (a round has come and gone) the listener is registered.
    await act(() => emit(REMOTE_CHANGES_EVENT, 4));
    await waitFor(() => expect(rounds(calls)).toBe(2));
    // News during that round (it may have pulled already): exactly one more round after it.
    await act(() => emit(REMOTE_CHANGES_EVENT, 5));
    await act(() => emit(REMOTE_CHANGES_EVENT, 6));
    expect(rounds(calls)).toBe(2);
    act(() => finish(REPORT));
    await waitFor(() => expect(rounds(calls)).toBe(3));
    act(() => finish(REPORT));
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).not.toHaveTextContent('Syncing…'));
    expect(rounds(calls)).toBe(3);
  });

  it('does not listen while this device is not connected', async () => {
    const calls = mockCommands({});
    renderIndicator();
    await waitFor(() => expect(calls.some((call) => call.command === 'sync_status')).toBe(true));

    await act(() => emit(REMOTE_CHANGES_EVENT, 4));
    expect(rounds(calls)).toBe(0);
  });
});

describe('SyncIndicator in Chinese', () => {
  inLanguage('zh-CN');

  it('says how many changes wait to be sent', async () => {
    mockCommands({}, { sync_status: () => ({ ...CONNECTED, pending: 3 }), sync_now: () => REPORT });
    renderIndicator();

    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveTextContent('3 条待发送'));
  });
});
