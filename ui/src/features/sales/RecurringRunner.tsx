import type { ReactNode } from 'react';
import { DataVersionContext, useDataVersion } from '../../shared/dataVersion';
import { RECURRING_RUN_INTERVAL_MS, useRecurringRunner } from './useRecurringRunner';

type Props = {
  children: ReactNode;
  /** How often to look for due recurring invoices (tests make it short). */
  intervalMs?: number;
};

/**
 * Runs the recurring invoices that are due (`useRecurringRunner`) in the signed-in shell, and has the pages below
 * reload after a run made invoices, as they do after a sync round brought changes.
 */
export function RecurringRunner({ children, intervalMs = RECURRING_RUN_INTERVAL_MS }: Props) {
  const synced = useDataVersion();
  const made = useRecurringRunner(intervalMs);
  return <DataVersionContext.Provider value={synced + made}>{children}</DataVersionContext.Provider>;
}
