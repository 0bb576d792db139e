import { App } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PairingState, PairingStatus } from '../../api/bindings';
import { useApi } from '../../shared/session';
import { useSyncErrorText } from '../sync/sync';

/** How often the code's state is read while it is shown: each read is what sends the key once answered. */
const PAIR_POLL_MS = 1_000;

/** The states in which the new device may still answer or take the key: read again until they end. */
export function isUnderWay(state: PairingState): boolean {
  return state === 'waiting' || state === 'sent';
}

export type SyncPairing = {
  /** The pairing shown; null when there is none (not started, cancelled or closed). */
  status: PairingStatus | null;
  /** Why starting or reading the pairing failed; reading stops then. */
  error: unknown;
  /** Shown: a code, or why there is none. */
  open: boolean;
  starting: boolean;
  /** Starts pairing, or starts again with a new code. */
  start: () => Promise<void>;
  cancel: () => Promise<void>;
  close: () => void;
};

/**
 * Pairing a new device from this connected one (owners: security.manage): a code to type there, read again
 * every second until the new device has taken the sync key. Starting is the user's click, not an effect, so
 * that a component mounted twice (StrictMode) does not open two pairings. `onPaired` runs once a device has
 * joined.
 */
export function useSyncPairing(onPaired: () => void): SyncPairing {
  const { t } = useTranslation();
  const api = useApi();
  const { message } = App.useApp();
  const syncErrorText = useSyncErrorText();
  const [status, setStatus] = useState<PairingStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);

  const start = useCallback(async () => {
    setStarting(true);
    setError(null);
    try {
      setStatus(await api.sync.pairStart());
    } catch (startError) {
      setStatus(null);
      setError(startError);
    } finally {
      setStarting(false);
    }
  }, [api]);

  // One read at a time: the next is timed from the end of the last, and each answer (a new object) sets
  // the next one going. Unmounting, cancelling, or an ended state stops it.
  useEffect(() => {
    if (!status || !isUnderWay(status.state)) return;
    let current = true;
    const timer = window.setTimeout(() => {
      api.sync.pairStatus().then(
        (next) => {
          if (!current) return;
          // Nothing under way any more (cancelled elsewhere, or the app restarted): the code no longer works.
          setStatus(next ?? { ...status, state: 'expired' });
          if (next?.state === 'done') {
            void message.success(t('settings.sync.pair.joined'));
            onPaired();
          }
        },
        (readError: unknown) => {
          if (!current) return;
          // The code shown may no longer work: offer a new one rather than keep it up.
          setStatus(null);
          setError(readError);
        },
      );
    }, PAIR_POLL_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [api, status, message, t, onPaired]);

  const close = useCallback(() => {
    setStatus(null);
    setError(null);
  }, []);

  const cancel = useCallback(async () => {
    // Hidden (and no longer read) at once: the code is given up whatever the core answers.
    close();
    try {
      await api.sync.pairCancel();
    } catch (cancelError) {
      void message.error(syncErrorText(cancelError));
    }
  }, [api, close, message, syncErrorText]);

  return { status, error, open: status !== null || error !== null, starting, start, cancel, close };
}
