import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Account,
  CashFlow,
  FinanceSettings,
  PeriodInput,
  ProfitAndLoss,
  TrialBalanceRow,
} from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { FinancePage } from './FinancePage';

// Antd and the mocked round trips take seconds on a loaded machine.
const SLOW = { timeout: 10_000 };

const READER = sessionAs('staff', ['customers.read', 'finance.read']);

const SETTINGS: FinanceSettings = {
  base_currency: 'CNY',
  template: 'prc_small_business',
  closed_through: null,
  tax_rounding: 'line',
  payment_terms_days: 30,
  invoice_header: '',
  has_logo: false,
  cashier_discount_max_percent: null,
  utc_offset_minutes: 480,
};

const ACCOUNTS: Account[] = [
  {
    id: 'a5001',
    code: '5001',
    name: '主营业务收入',
    kind: 'income',
    archived: false,
    holds_money: false,
    created_at_ms: 1,
    updated_at_ms: 1,
  },
];

/** The reports tab's default range: this month. */
const FROM = dayjs().startOf('month').format('YYYY-MM-DD');
const TO = dayjs().endOf('month').format('YYYY-MM-DD');

function row(balance: string, prior: string | null): TrialBalanceRow {
  return {
    account_id: 'a5001',
    code: '5001',
    name: '主营业务收入',
    kind: 'income',
    debit: '0.00',
    credit: balance,
    balance,
    prior_balance: prior,
  };
}

/** The core's P&L: compared with last month when asked. */
function profitAndLoss(input: PeriodInput): ProfitAndLoss {
  const compare = input.compare === true;
  return {
    from: input.from ?? null,
    to: input.to ?? null,
    prior: compare
      ? { from: '2000-01-01', to: '2000-01-31', total_income: '1200.00', total_expenses: '0.00', net: '1200.00' }
      : null,
    income: [row('1500.00', compare ? '1200.00' : null)],
    expenses: [],
    total_income: '1500.00',
    total_expenses: '0.00',
    net: '1500.00',
  };
}

const CASH_FLOW: CashFlow = {
  from: FROM,
  to: TO,
  opening: '1000.00',
  lines: [
    { category: 'customer_receipts', amount: '800.00', prior_amount: null },
    { category: 'customer_refunds', amount: '-50.00', prior_amount: null },
    { category: 'other_income', amount: '0.00', prior_amount: null },
    { category: 'expenses', amount: '-300.00', prior_amount: null },
    { category: 'other', amount: '0.00', prior_amount: null },
  ],
  net: '450.00',
  closing: '1450.00',
  prior: null,
};

function reportsBackend() {
  return {
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => ACCOUNTS,
    'finances.reports.profit_and_loss': profitAndLoss,
    'finances.reports.cash_flow': () => CASH_FLOW,
  } as const;
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: reports compared and exported', { timeout: 30_000 }, () => {
  it('compares the profit and loss with the prior period: sends compare and shows the prior column', async () => {
    const calls = mockCommands(reportsBackend());
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: READER });

    expect(await screen.findByTestId('pnl-total-income', {}, SLOW)).toHaveTextContent('1,500.00');
    expect(screen.queryByTestId('pnl-total-income-prior')).not.toBeInTheDocument();
    expect(inputsOf(calls, 'finances.reports.profit_and_loss')).toEqual([{ from: FROM, to: TO }]);

    await userEvent.click(screen.getByTestId('pnl-compare'));

    expect(await screen.findByTestId('pnl-total-income-prior', {}, SLOW)).toHaveTextContent('1,200.00');
    expect(inputsOf(calls, 'finances.reports.profit_and_loss').at(-1)).toEqual({ from: FROM, to: TO, compare: true });
    const income = screen.getByTestId('pnl-income');
    expect(within(income).getByText('Prior period')).toBeInTheDocument();
    expect(within(income).getAllByText('1,200.00').length).toBeGreaterThan(0);
    expect(screen.getByTestId('pnl-prior-period')).toHaveTextContent('Compared with 2000-01-01 – 2000-01-31');
    expect(screen.getByTestId('pnl-net-prior')).toHaveTextContent('CNY 1,200.00');

    // Off again: no comparison asked for, no prior column.
    await userEvent.click(screen.getByTestId('pnl-compare'));
    await waitFor(() => expect(screen.queryByTestId('pnl-total-income-prior')).not.toBeInTheDocument(), SLOW);
  });

  it('shows the cash flow by category, and exports it as Excel as shown, in the UI language', async () => {
    const calls = mockCommands(reportsBackend(), {
      save_file_dialog: () => ({ path: '/home/staff/Documents/cash_flow.xlsx', count: 1 }),
    });
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: READER });

    expect(await screen.findByTestId('cash-flow-closing', {}, SLOW)).toHaveTextContent('1,450.00');
    const table = screen.getByTestId('cash-flow-table');
    expect(table).toHaveTextContent('Opening cash');
    expect(table).toHaveTextContent('Received from customers');
    expect(table).toHaveTextContent('Refunded to customers');
    expect(table).toHaveTextContent('Paid for expenses');
    expect(screen.getByTestId('cash-flow-customer_receipts')).toHaveTextContent('800.00');
    expect(screen.getByTestId('cash-flow-net')).toHaveTextContent('450.00');

    await userEvent.click(screen.getByTestId('report-export-cash_flow'));
    await userEvent.click(await screen.findByTestId('report-export-cash_flow-xlsx', {}, SLOW));

    await waitFor(() => expect(inputsOf(calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'save_file_dialog')[0]).toEqual({
      command: 'finances.reports.export',
      input: { report: 'cash_flow', format: 'xlsx', from: FROM, to: TO, language: 'en' },
      title: 'Save file',
    });
    expect(await screen.findByText('Saved to /home/staff/Documents/cash_flow.xlsx', {}, SLOW)).toBeInTheDocument();
  });

  it('exports the profit and loss as compared, as Excel', async () => {
    const calls = mockCommands(reportsBackend(), { save_file_dialog: () => null });
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('pnl-compare', {}, SLOW));
    await screen.findByTestId('pnl-total-income-prior', {}, SLOW);
    await userEvent.click(screen.getByTestId('report-export-profit_and_loss'));
    await userEvent.click(await screen.findByTestId('report-export-profit_and_loss-xlsx', {}, SLOW));

    await waitFor(() => expect(inputsOf(calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'save_file_dialog')[0]).toEqual({
      command: 'finances.reports.export',
      input: { report: 'profit_and_loss', format: 'xlsx', from: FROM, to: TO, compare: true, language: 'en' },
      title: 'Save file',
    });
  });
});

describe('FinancePage: reports exported in Chinese', { timeout: 30_000 }, () => {
  inLanguage('zh-CN');

  it('asks for the balance sheet in Chinese when the UI is', async () => {
    const calls = mockCommands(reportsBackend(), { save_file_dialog: () => null });
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('report-export-balance_sheet', {}, SLOW));
    await userEvent.click(await screen.findByTestId('report-export-balance_sheet-pdf', {}, SLOW));

    await waitFor(() => expect(inputsOf(calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'save_file_dialog')[0]).toEqual({
      command: 'finances.reports.export',
      input: { report: 'balance_sheet', format: 'pdf', language: 'zh' },
      title: '保存文件',
    });
  });
});
