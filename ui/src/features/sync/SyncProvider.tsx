import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { toApiError, type ApiError, type SyncReportBody, type SyncStatusBody } from '../../api/rpc';
import { useApi } from '../auth/session';
import { DataVersionContext, SYNC_INTERVAL_MS, SyncContext, type SyncContextValue } from './sync';

/**
 * Keeps this device in sync while someone is signed in: one round straight away, then one every
 * `SYNC_INTERVAL_MS`, never two at a time, the status read again after each. Does nothing until the device
 * is connected to a relay. Lives in the app shell, so it stops while the screen is locked or nobody is
 * signed in. A round that applied changes from another device bumps the data version (`useDataVersion`),
 * which pages that list data reload on.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatusBody | null>(null);
  const [statusError, setStatusError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const inFlight = useRef<Promise<SyncReportBody> | null>(null);

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

  const configured = status?.configured === true;
  useEffect(() => {
    if (!configured) return;
    // The shell shows a failed round; the timer has nobody else to tell.
    const round = () => void syncNowRef.current().catch(() => undefined);
    round();
    const timer = window.setInterval(round, SYNC_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [configured]);

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
