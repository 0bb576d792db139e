import type { TFunction } from 'i18next';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isRelayRefusal,
  isRelayUnreachable,
  toApiError,
  type ApiError,
  type SyncReportBody,
  type SyncStatusBody,
} from '../../api/rpc';
import { errorText } from '../../shared/errors';

/** How often the shell syncs while someone is signed in and this device is connected to a relay. */
export const SYNC_INTERVAL_MS = 30_000;
/** The shell's event: the relay's feed holds changes from another device that this one has not pulled. */
export const REMOTE_CHANGES_EVENT = 'sync-remote';

export type SyncContextValue = {
  /** Null until the shell has asked (or when it could not). */
  status: SyncStatusBody | null;
  /** Why `status` could not be read; null once it has been. */
  statusError: ApiError | null;
  /** A round is running (only one ever is). */
  running: boolean;
  /** Why the last round failed; null once one succeeds. */
  error: ApiError | null;
  /** Runs a round now, or joins the one already running; the status is read again after it. */
  syncNow: () => Promise<SyncReportBody>;
  /** Reads the status again. */
  refresh: () => Promise<void>;
  /** Keeps a status the caller already has (from connecting): the indicator and the timer follow it. */
  update: (status: SyncStatusBody) => void;
};

export const SyncContext = createContext<SyncContextValue | null>(null);

/** The shell's sync state and runner. */
export function useSync(): SyncContextValue {
  const value = useContext(SyncContext);
  if (!value) throw new Error('useSync must be used inside a SyncProvider');
  return value;
}

/** Whether a failed round means the relay could not be reached (the indicator says "Offline"). */
export function isOffline(error: ApiError | null): boolean {
  return error?.code === 'storage';
}

/**
 * A sync error in the UI language: the relay out of reach, the relay's own refusal (its English reason only
 * where no code of ours says it), or any other error as `errorText` says it.
 */
export function syncErrorText(t: TFunction, error: unknown): string {
  const apiError = toApiError(error);
  if (isRelayUnreachable(apiError)) return t('sync.errors.unreachable');
  if (isRelayRefusal(apiError)) {
    if (apiError.code === 'unauthenticated') return t('sync.errors.relayUnauthenticated');
    if (apiError.code === 'conflict') return t('sync.errors.relayConflict');
    return t('sync.errors.relayRefused', { detail: apiError.message.slice('relay: '.length) });
  }
  return errorText(t, apiError);
}

/** `syncErrorText` bound to the UI language, for components. */
export function useSyncErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => syncErrorText(t, error), [t]);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "just now", "2 minutes ago", "yesterday": how long ago `at_ms` was, in the UI language. */
export function agoText(t: TFunction, language: string, at_ms: number, now_ms: number): string {
  const age_ms = Math.max(0, now_ms - at_ms);
  if (age_ms < MINUTE_MS) return t('sync.justNow');
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (age_ms < HOUR_MS) return relative.format(-Math.floor(age_ms / MINUTE_MS), 'minute');
  if (age_ms < DAY_MS) return relative.format(-Math.floor(age_ms / HOUR_MS), 'hour');
  return relative.format(-Math.floor(age_ms / DAY_MS), 'day');
}

/** The time now, renewed every `every_ms`: for "synced 2 minutes ago" to age while nothing else changes. */
export function useNow(every_ms: number): number {
  const [now_ms, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), every_ms);
    return () => window.clearInterval(timer);
  }, [every_ms]);
  return now_ms;
}
