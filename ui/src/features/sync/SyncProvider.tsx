import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onShellEvent, toApiError, type ApiError, type SyncReportBody, type SyncStatusBody } from '../../api/rpc';
import { useApi } from '../../shared/session';
import { DataVersionContext } from '../../shared/dataVersion';
import { REMOTE_CHANGES_EVENT, SYNC_INTERVAL_MS, SyncContext, type SyncContextValue } from './sync';

/**
 * Keeps this device in sync while someone is signed in: one round straight away, then one every
 * `SYNC_INTERVAL_MS`, never two at a time, the status read again after each. Does nothing until the device
 * is connected to a relay. Lives in the app shell, so it stops while the screen is locked or nobody is
 * signed in. A round that applied changes from another device bumps the data version (`useDataVersion`),
 * which pages that list data reload on. Besides the timer, a round runs when the shell hears from the
 * relay's live feed that another device pushed (`REMOTE_CHANGES_EVENT`); heard during a round, it runs
 * one more after it, so nothing pushed meanwhile waits for the timer.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatusBody | null>(null);
  const [statusError, setStatusError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const inFlight = useRef<Promise<SyncReportBody> | null>(null);
  const againAfter = useRef(false);

  const refresh = useCallback(async () => {
    try {
      setStatus(await api.sync.status());
      setStatusError(null);
    } catch (statusFailure) {
      setStatusError(toApiError(statusFailure));
    }
  }, [api]);

  const syncNow = useCallback((): Promise<SyncReportBody> => {
    if (inFlight.current) return inFlight.current;
    setRunning(true);
    const round = api.sync
      .now()
      .then(
        (report) => {
          setError(null);
          // Open pages list what was here before the round: they reload on this.
          if (report.applied > 0) setDataVersion((version) => version + 1);
          return report;
        },
        (failure: unknown) => {
          const roundError = toApiError(failure);
          setError(roundError);
          throw roundError;
        },
      )
      .finally(async () => {
        // Even a failed round may have sent some changes, or ended the session (then this fails quietly).
        await refresh();
        inFlight.current = null;
        setRunning(false);
      });
    inFlight.current = round;
    return round;
  }, [api, refresh]);

  const update = useCallback((next: SyncStatusBody) => {
    setStatus(next);
    setStatusError(null);
  }, []);

  useEffect(() => {
    let current = true;
    api.sync.status().then(
      (next) => current && update(next),
      (statusFailure: unknown) => current && setStatusError(toApiError(statusFailure)),
    );
    return () => {
      current = false;
    };
  }, [api, update]);

  // The timer calls the latest runner without restarting when the session (and so `api`) is renewed.
  const syncNowRef = useRef(syncNow);
  useEffect(() => {
    syncNowRef.current = syncNow;
  });

  /** A round in the background: its failure shows in the shell, nobody else waits for it. */
  const backgroundRound = useCallback(() => void syncNowRef.current().catch(() => undefined), []);

  /** News from the live feed: a round now, or one more after the round under way. */
  const roundForNews = useCallback(() => {
    const round = inFlight.current;
    if (round) {
      // The round under way may have pulled before the news: one more after it.
      if (!againAfter.current) {
        againAfter.current = true;
        void round
          .catch(() => undefined)
          .finally(() => {
            againAfter.current = false;
            void syncNowRef.current().catch(() => undefined);
          });
      }
      return;
    }
    void syncNowRef.current().catch(() => undefined);
  }, []);

  const configured = status?.configured === true;
  useEffect(() => {
    if (!configured) return;
    backgroundRound();
    const timer = window.setInterval(backgroundRound, SYNC_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [configured, backgroundRound]);

  useEffect(() => {
    if (!configured) return;
    let stopped = false;
    let unlisten: (() => void) | undefined;
    onShellEvent<number>(REMOTE_CHANGES_EVENT, roundForNews).then(
      (stop) => {
        if (stopped) stop();
        else unlisten = stop;
      },
      // Without the live feed the timer still syncs.
      () => undefined,
    );
    return () => {
      stopped = true;
      unlisten?.();
    };
  }, [configured, roundForNews]);

  const value = useMemo<SyncContextValue>(
    () => ({ status, statusError, running, error, syncNow, refresh, update }),
    [status, statusError, running, error, syncNow, refresh, update],
  );
  return (
    <SyncContext.Provider value={value}>
      <DataVersionContext.Provider value={dataVersion}>{children}</DataVersionContext.Provider>
    </SyncContext.Provider>
  );
}
