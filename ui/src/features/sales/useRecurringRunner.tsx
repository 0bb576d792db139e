import { App } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecurringSkip } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import styles from '../ledger/ledger.module.css';

/** How often the app looks for recurring invoices that are due while someone who sells is signed in. */
export const RECURRING_RUN_INTERVAL_MS = 60 * 60_000;

/** One skipped invoice: a schedule, its day, and why. */
function skipKey(skip: RecurringSkip): string {
  return `${skip.recurring_id}:${skip.date}:${skip.reason}`;
}

/**
 * Makes the recurring invoices that are due on this device: while a user with sales.write is signed in, it asks
 * `finances.recurring.list` now and every `intervalMs`, and when the core says some schedule is `due`, runs
 * `finances.recurring.run`, then says how many invoices it made, and which schedules it had to skip and why (each
 * once, not every hour while it stays so). Whether one is due is the core's to say (by its dates, and the device
 * each schedule runs on). Never two checks at a time; a check that fails (the books not set up, the screen
 * locked) waits quietly for the next. Returns how many runs have made invoices, for the pages that list them to
 * reload on.
 */
export function useRecurringRunner(intervalMs: number = RECURRING_RUN_INTERVAL_MS): number {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { notification } = App.useApp();
  const [made, setMade] = useState(0);
  const running = useRef(false);
  /** Skipped schedules already told of: the same trouble is not told again every hour. */
  const told = useRef(new Set<string>());
  const sells = can('sales.write');

  const check = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      const schedules = await api.call('finances.recurring.list', {});
      if (!schedules.some((recurring) => recurring.due)) return;
      try {
        const run = await api.call('finances.recurring.run', {});
        const count = run.invoices.length;
        if (count > 0) {
          setMade((runs) => runs + 1);
          notification.success({
            title: t('finance.recurring.madeNotice', { count }),
            props: { 'data-testid': 'recurring-made' },
          });
        }
        const fresh = run.skipped.filter((skip) => !told.current.has(skipKey(skip)));
        if (fresh.length > 0) {
          for (const skip of fresh) told.current.add(skipKey(skip));
          notification.warning({
            title: t('finance.recurring.skippedNotice', { count: fresh.length }),
            // The core's own words: it gives no code for why a schedule could not make its invoice.
            description: (
              <ul className={styles.skipped}>
                {fresh.map((skip) => (
                  <li key={skipKey(skip)}>
                    {t('finance.recurring.skippedOne', {
                      customer: skip.customer_name,
                      date: skip.date,
                      reason: skip.reason,
                    })}
                  </li>
                ))}
              </ul>
            ),
            duration: 0,
            props: { 'data-testid': 'recurring-skipped' },
          });
        }
      } catch (error) {
        // Due, but not made (a closed period, an archived tax): someone should know.
        notification.warning({
          title: t('finance.recurring.runFailed'),
          description: errorText(error),
          props: { 'data-testid': 'recurring-run-failed' },
        });
      }
    } catch {
      // The list could not be read: try again at the next check.
    } finally {
      running.current = false;
    }
  }, [api, errorText, notification, t]);

  // The timer calls the latest check without restarting when the session (and so `api`) is renewed.
  const checkRef = useRef(check);
  useEffect(() => {
    checkRef.current = check;
  }, [check]);

  useEffect(() => {
    if (!sells) return;
    void checkRef.current();
    const timer = window.setInterval(() => void checkRef.current(), intervalMs);
    return () => window.clearInterval(timer);
  }, [sells, intervalMs]);

  return made;
}
