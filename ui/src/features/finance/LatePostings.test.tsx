import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { FinanceSettings, LatePosting } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { FinancePage } from './FinancePage';

const SLOW = { timeout: 10_000 };

const OWNER = sessionAs('owner', [
  'customers.read',
  'security.manage',
  'finance.read',
  'finance.write',
  'finance.manage',
]);
const READER = sessionAs('staff', ['customers.read', 'finance.read']);

const SETTINGS: FinanceSettings = {
  base_currency: 'CNY',
  template: 'prc_small_business',
  closed_through: '2026-03-31',
  tax_rounding: 'line',
  payment_terms_days: 30,
  invoice_header: '',
  has_logo: false,
  cashier_discount_max_percent: null,
  utc_offset_minutes: 480,
};

/** An income the till posted into March while offline, after the books were closed through March. */
const LATE: LatePosting = {
  entry: {
    id: 'e-late',
    date: '2026-03-30',
    memo: 'Walk-in sale',
    source: 'income',
    source_id: 'm1',
    reverses: null,
    reversed_by: null,
    lines: [
      { account_id: 'a1001', account_code: '1001', account_name: '库存现金', debit: '1286.00', credit: '0.00' },
      { account_id: 'a5001', account_code: '5001', account_name: '主营业务收入', debit: '0.00', credit: '1286.00' },
    ],
    posted_by_name: '小王',
    posted_at_ms: Date.UTC(2026, 3, 2, 9, 0),
  },
  closed_at_ms: Date.UTC(2026, 3, 1, 18, 0),
};

function books(late: LatePosting[]): Call[] {
  return mockCommands({
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => [],
    'finances.periods.late_postings': () => late,
  });
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: late postings', { timeout: 30_000 }, () => {
  it('warns where the books are closed of entries posted into the closed period after it closed, and lists them', async () => {
    books([LATE]);
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: OWNER });

    const alert = await screen.findByTestId('late-postings', {}, SLOW);
    expect(alert).toHaveTextContent(
      '1 entry was posted into the closed period after it was closed (from a device that was offline)',
    );
    await userEvent.click(within(alert).getByTestId('late-postings-toggle'));
    const row = await within(alert).findByTestId('late-posting-row', {}, SLOW);
    expect(row).toHaveTextContent('2026-03-30');
    expect(row).toHaveTextContent('Walk-in sale');
    expect(row).toHaveTextContent('1,286.00');
    expect(row).toHaveTextContent('小王');
  });

  it('shows it to those who only read the books, too', async () => {
    books([LATE, { ...LATE, entry: { ...LATE.entry, id: 'e-late-2' } }]);
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: READER });

    expect(await screen.findByTestId('late-postings', {}, SLOW)).toHaveTextContent('2 entries were posted');
  });

  it('shows nothing while there are none', async () => {
    const calls = books([]);
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await waitFor(
      () => expect(calls.some((call) => call.command === 'finances.periods.late_postings')).toBe(true),
      SLOW,
    );
    expect(await screen.findByTestId('periods-status', {}, SLOW)).toHaveTextContent('Books closed through 2026-03-31');
    expect(screen.queryByTestId('late-postings')).not.toBeInTheDocument();
  });
});
