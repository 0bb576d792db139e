import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Account,
  AccountKind,
  FinanceSettings,
  JournalEntry,
  MoneyEvent,
  MoneyEventInput,
  ProfitAndLoss,
  TrialBalance,
} from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { AppShell } from '../shell/AppShell';
import { FinancePage } from './FinancePage';

// Antd forms check their fields asynchronously; on a loaded machine that, and the mocked round trips, take seconds.
const SLOW = { timeout: 10_000 };

const OWNER = sessionAs('owner', [
  'customers.read',
  'security.manage',
  'finance.read',
  'finance.write',
  'finance.manage',
]);
const MANAGER = sessionAs('manager', ['customers.read', 'finance.read', 'finance.write']);
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

function account(
  code: string,
  name: string,
  kind: AccountKind,
  { archived = false, holdsMoney = false }: { archived?: boolean; holdsMoney?: boolean } = {},
): Account {
  return { id: `a${code}`, code, name, kind, archived, holds_money: holdsMoney, created_at_ms: 1, updated_at_ms: 1 };
}

const ACCOUNTS: Account[] = [
  account('1001', '库存现金', 'asset', { holdsMoney: true }),
  account('1002', '银行存款', 'asset', { holdsMoney: true }),
  account('1012', '其他货币资金', 'asset', { holdsMoney: true, archived: true }),
  account('1122', '应收账款', 'asset'),
  account('2202', '应付账款', 'liability'),
  account('3001', '实收资本', 'equity'),
  account('5001', '主营业务收入', 'income'),
  account('5051', '其他业务收入', 'income'),
  account('5602', '管理费用', 'expense'),
  account('5603', '财务费用', 'expense', { archived: true }),
];

function moneyEvent(id: string, amount: string, voided = false): MoneyEvent {
  return {
    id,
    kind: 'income',
    date: dayjs().format('YYYY-MM-DD'),
    amount,
    category_id: 'a5001',
    category_name: '5001 主营业务收入',
    account_id: 'a1001',
    account_name: '1001 库存现金',
    party: 'Walk-in',
    description: '',
    entry_id: `e-${id}`,
    voided,
    created_by_name: 'owner',
    created_at_ms: 1,
    tax: '0.00',
    tax_id: null,
    attachments: [],
  };
}

/** The ledger is set up; income, journal and reports answer from the given lists. */
function mockBooks(income: MoneyEvent[] = [], journal: JournalEntry[] = []) {
  return {
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => ACCOUNTS,
    'finances.income.list': () => income,
    'finances.expenses.list': () => [],
    'finances.journal.list': () => journal,
  } as const;
}

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

/** Sets an input's value at once, as pasting would, and waits until the form holds it. */
async function paste(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

/** Opens an antd Select and picks the option with the given label. */
async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label, {}, SLOW);
  fireEvent.click(options[options.length - 1]);
}

async function confirmIn(question: string, button: string) {
  const popover = (await screen.findByText(question, {}, SLOW)).closest('.ant-popover');
  if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
  await userEvent.click(within(popover).getByRole('button', { name: button }));
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: setting up the books', { timeout: 30_000 }, () => {
  it('shows the setup when the ledger is not set up, and sets it up with the chosen chart', async () => {
    let settings: FinanceSettings | null = null;
    const calls = mockCommands({
      'finances.settings.get': () => {
        if (!settings) throw { code: 'conflict', message: 'the ledger is not set up yet' };
        return settings;
      },
      'finances.setup': (input) => {
        settings = { ...SETTINGS, base_currency: input.base_currency ?? 'CNY', template: input.template };
        return settings;
      },
      'finances.accounts.list': () => ACCOUNTS,
      'finances.income.list': () => [],
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await screen.findByTestId('finance-setup', {}, SLOW);
    expect(screen.queryByTestId('finance-tab-income')).not.toBeInTheDocument();
    expect(screen.getByTestId('finance-setup-currency')).toHaveValue('CNY');
    await userEvent.click(screen.getByText('PRC Small Business Accounting Standard (小企业会计准则)'));
    await userEvent.click(screen.getByTestId('finance-setup-submit'));

    await waitFor(
      () =>
        expect(inputsOf(calls, 'finances.setup')).toEqual([
          // The computer's offset from UTC, for the shop's day.
          {
            template: 'prc_small_business',
            base_currency: 'CNY',
            utc_offset_minutes: -new Date().getTimezoneOffset(),
          },
        ]),
      SLOW,
    );
    // Set up: the books take the setup's place.
    expect(await screen.findByTestId('finance-tab-income', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('finance-setup')).not.toBeInTheDocument();
  });

  it('asks someone without finance.manage to get the books set up', async () => {
    mockCommands({
      'finances.settings.get': () => {
        throw { code: 'conflict', message: 'the ledger is not set up yet' };
      },
    });
    renderSignedIn(<FinancePage />, { session: MANAGER });

    expect(await screen.findByTestId('finance-setup-ask', {}, SLOW)).toHaveTextContent(
      'Ask the owner or the accountant to set up the books',
    );
    expect(screen.queryByTestId('finance-setup-submit')).not.toBeInTheDocument();
  });
});

describe('FinancePage: income and expenses', { timeout: 30_000 }, () => {
  it('records income with the amount as typed, and lists it with the exact total', async () => {
    const income = [moneyEvent('m1', '0.10')];
    const calls = mockCommands({
      ...mockBooks(income),
      'finances.income.create': (input: MoneyEventInput) => {
        const created = { ...moneyEvent('m2', input.amount), party: input.party ?? '' };
        income.unshift(created);
        return created;
      },
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    await paste(screen.getByTestId('money-form-amount'), '1234.2');
    await paste(screen.getByTestId('money-form-party'), 'Tea House');
    await userEvent.click(screen.getByTestId('money-form-submit'));

    await waitFor(() => expect(inputsOf(calls, 'finances.income.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.income.create')[0]).toEqual({
      date: dayjs().format('YYYY-MM-DD'),
      amount: '1234.2',
      party: 'Tea House',
    });
    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(2), SLOW);
    expect(screen.getAllByTestId('income-row')[0]).toHaveTextContent('1,234.20');
    expect(screen.getAllByTestId('income-row')[0]).toHaveTextContent('Tea House');
    // 1234.20 + 0.10, added in cents: no floating-point crumbs.
    expect(screen.getByTestId('income-total')).toHaveTextContent('Total: CNY 1,234.30');
  });

  it('checks the amount before sending, and puts the core’s refusal under its field', async () => {
    const calls = mockCommands({
      ...mockBooks(),
      'finances.income.create': () => {
        throw { code: 'validation', field: 'amount', message: 'the amount is larger than the shop can hold' };
      },
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    const amount = screen.getByTestId('money-form-amount');
    await paste(amount, '1.234');
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(
      () => expect(formItemOf(amount)).toHaveTextContent('Enter an amount like 1234.50, with at most 2 decimals'),
      SLOW,
    );
    expect(inputsOf(calls, 'finances.income.create')).toEqual([]);

    await paste(amount, '99999999');
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(
      () => expect(formItemOf(amount)).toHaveTextContent('the amount is larger than the shop can hold'),
      SLOW,
    );
  });

  it('voids a record after confirmation, and leaves voided ones out of the total', async () => {
    const calls = mockCommands({
      ...mockBooks([moneyEvent('m1', '20.00'), moneyEvent('m0', '5.00', true)]),
      'finances.income.void': ({ id }) => ({ ...moneyEvent(id, '20.00'), voided: true }),
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(2), SLOW);
    expect(screen.getByTestId('income-total')).toHaveTextContent('CNY 20.00');
    expect(within(screen.getAllByTestId('income-row')[1]).getByTestId('income-voided')).toBeInTheDocument();
    expect(within(screen.getAllByTestId('income-row')[1]).queryByTestId('income-void')).not.toBeInTheDocument();

    await userEvent.click(within(screen.getAllByTestId('income-row')[0]).getByTestId('income-void'));
    await confirmIn('Void this record?', 'Void');

    await waitFor(() => expect(inputsOf(calls, 'finances.income.void')).toEqual([{ id: 'm1' }]), SLOW);
  });
});

describe('FinancePage: the accounts money goes into or comes out of', { timeout: 30_000 }, () => {
  /** Opens the record form's account picker, and waits until it lists cash. */
  async function openAccountPicker(kind: 'income' | 'expense') {
    await userEvent.click(await screen.findByTestId(`${kind}-add`, {}, SLOW));
    const picker = screen.getByTestId('money-form-account');
    fireEvent.mouseDown(picker.closest('.ant-select')?.querySelector('.ant-select-selector') ?? picker);
    expect(await screen.findAllByTitle('1001 库存现金', {}, SLOW)).not.toHaveLength(0);
  }

  it('offers income only the active accounts that hold money', async () => {
    mockCommands(mockBooks());
    renderSignedIn(<FinancePage />, { session: OWNER });

    await openAccountPicker('income');
    expect(screen.getAllByTitle('1002 银行存款')).not.toHaveLength(0);
    // Archived; an asset money is not kept in; a liability.
    expect(screen.queryByTitle('1012 其他货币资金')).not.toBeInTheDocument();
    expect(screen.queryByTitle('1122 应收账款')).not.toBeInTheDocument();
    expect(screen.queryByTitle('2202 应付账款')).not.toBeInTheDocument();
  });

  it('offers an expense the accounts that hold money and liabilities (a credit card)', async () => {
    const calls = mockCommands({
      ...mockBooks(),
      'finances.expenses.create': (input: MoneyEventInput) => ({ ...moneyEvent('m2', input.amount), kind: 'expense' }),
    });
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await openAccountPicker('expense');
    expect(screen.getAllByTitle('1002 银行存款')).not.toHaveLength(0);
    expect(screen.getAllByTitle('2202 应付账款')).not.toHaveLength(0);
    expect(screen.queryByTitle('1122 应收账款')).not.toBeInTheDocument();
    await choose(screen.getByTestId('money-form-account'), '2202 应付账款');
    await paste(screen.getByTestId('money-form-amount'), '80');
    await userEvent.click(screen.getByTestId('money-form-submit'));

    await waitFor(() => expect(inputsOf(calls, 'finances.expenses.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.expenses.create')[0]).toEqual({
      date: dayjs().format('YYYY-MM-DD'),
      amount: '80',
      account_id: 'a2202',
    });
  });
});

describe('FinancePage: the chart of accounts', { timeout: 30_000 }, () => {
  it('adds an asset that holds money, the box offered only for an asset', async () => {
    const calls = mockCommands({
      ...mockBooks(),
      'finances.accounts.create': (input) =>
        account(input.code, input.name, input.kind as AccountKind, { holdsMoney: input.holds_money }),
    });
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('accounts-add', {}, SLOW));
    await paste(screen.getByTestId('account-form-code'), '1003');
    await paste(screen.getByTestId('account-form-name'), '招商银行');
    // An expense by default: it holds no money, so no box.
    expect(screen.queryByTestId('account-form-holds-money')).not.toBeInTheDocument();
    await choose(screen.getByTestId('account-form-kind'), 'Asset');
    const box = await screen.findByTestId('account-form-holds-money', {}, SLOW);
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    await userEvent.click(screen.getByTestId('account-form-submit'));

    await waitFor(() => expect(inputsOf(calls, 'finances.accounts.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.accounts.create')[0]).toEqual({
      code: '1003',
      name: '招商银行',
      kind: 'asset',
      holds_money: true,
    });
  });

  it('sends no flag for another kind, even after the box was ticked for an asset', async () => {
    const calls = mockCommands({
      ...mockBooks(),
      'finances.accounts.create': (input) => account(input.code, input.name, input.kind as AccountKind),
    });
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('accounts-add', {}, SLOW));
    await paste(screen.getByTestId('account-form-code'), '2241');
    await paste(screen.getByTestId('account-form-name'), '信用卡');
    await choose(screen.getByTestId('account-form-kind'), 'Asset');
    await userEvent.click(await screen.findByTestId('account-form-holds-money', {}, SLOW));
    await choose(screen.getByTestId('account-form-kind'), 'Liability');
    await waitFor(() => expect(screen.queryByTestId('account-form-holds-money')).not.toBeInTheDocument(), SLOW);
    await userEvent.click(screen.getByTestId('account-form-submit'));

    await waitFor(() => expect(inputsOf(calls, 'finances.accounts.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.accounts.create')[0]).toEqual({
      code: '2241',
      name: '信用卡',
      kind: 'liability',
    });
  });

  it('tags the accounts that hold money, and marks another asset as holding money', async () => {
    const calls = mockCommands({
      ...mockBooks(),
      'finances.accounts.update': (input) => account('1122', '应收账款', 'asset', { holdsMoney: input.holds_money }),
    });
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: OWNER });

    const rows = await screen.findAllByTestId('account-row', {}, SLOW);
    const row = (code: string) => {
      const found = rows.find((element) => element.dataset.code === code);
      if (!found) throw new Error(`no row for account ${code}`);
      return within(found);
    };
    expect(row('1001').getByTestId('account-holds-money')).toHaveTextContent('Money');
    expect(row('1002').getByTestId('account-holds-money')).toBeInTheDocument();
    expect(row('1122').queryByTestId('account-holds-money')).not.toBeInTheDocument();
    expect(row('2202').queryByTestId('account-holds-money')).not.toBeInTheDocument();

    await userEvent.click(row('1122').getByTestId('account-rename'));
    const box = await screen.findByTestId('account-form-holds-money', {}, SLOW);
    await waitFor(() => expect(box).not.toBeChecked(), SLOW);
    await userEvent.click(box);
    await userEvent.click(screen.getByTestId('account-form-submit'));

    await waitFor(() => expect(inputsOf(calls, 'finances.accounts.update')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.accounts.update')[0]).toEqual({
      id: 'a1122',
      name: '应收账款',
      holds_money: true,
    });
  });
});

describe('FinancePage: the journal', { timeout: 30_000 }, () => {
  it('shows the difference of unbalanced lines, and puts the core’s error at the line it names', async () => {
    const calls = mockCommands({
      ...mockBooks(),
      'finances.journal.create': () => {
        throw {
          code: 'validation',
          field: 'lines[1].debit',
          reason: 'invalid_value',
          message: "lines[1].debit has more than 2 decimals: '1.234'",
        };
      },
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('finance-tab-journal', {}, SLOW));
    await userEvent.click(await screen.findByTestId('journal-add', {}, SLOW));
    await choose(screen.getByTestId('journal-line-account-0'), '1001 库存现金');
    await choose(screen.getByTestId('journal-line-account-1'), '3001 实收资本');
    await paste(screen.getByTestId('journal-line-debit-0'), '100');
    await paste(screen.getByTestId('journal-line-credit-1'), '99.99');

    expect(await screen.findByTestId('journal-difference', {}, SLOW)).toHaveTextContent(
      'Debits and credits differ by 0.01',
    );
    expect(screen.getByTestId('journal-total-debit')).toHaveTextContent('100.00');
    expect(screen.getByTestId('journal-total-credit')).toHaveTextContent('99.99');
    expect(screen.getByTestId('journal-form-submit')).toBeDisabled();

    await paste(screen.getByTestId('journal-line-credit-1'), '100');
    await waitFor(() => expect(screen.getByTestId('journal-form-submit')).toBeEnabled(), SLOW);
    expect(screen.queryByTestId('journal-difference')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('journal-form-submit'));

    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('journal-line-debit-1'))).toHaveTextContent(
          'Enter an amount like 1234.50',
        ),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('journal-line-debit-0'))).not.toHaveTextContent('Enter an amount');
    expect(inputsOf(calls, 'finances.journal.create')[0]).toEqual({
      date: dayjs().format('YYYY-MM-DD'),
      memo: '',
      lines: [
        { account_id: 'a1001', debit: '100' },
        { account_id: 'a3001', credit: '100' },
      ],
    });
  });

  it('shows the core’s refusal of the lines as a whole in an alert', async () => {
    mockCommands({
      ...mockBooks(),
      'finances.journal.create': () => {
        throw {
          code: 'validation',
          field: 'lines',
          reason: 'invalid_value',
          message: 'lines: debits (100.00) and credits (99.99) differ by 0.01',
        };
      },
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('finance-tab-journal', {}, SLOW));
    await userEvent.click(await screen.findByTestId('journal-add', {}, SLOW));
    await choose(screen.getByTestId('journal-line-account-0'), '5602 管理费用');
    await choose(screen.getByTestId('journal-line-account-1'), '1002 银行存款');
    await paste(screen.getByTestId('journal-line-debit-0'), '0.1');
    await paste(screen.getByTestId('journal-line-credit-1'), '0.10');
    await waitFor(() => expect(screen.getByTestId('journal-form-submit')).toBeEnabled(), SLOW);
    await userEvent.click(screen.getByTestId('journal-form-submit'));

    expect(await screen.findByTestId('journal-form-error', {}, SLOW)).toHaveTextContent('differ by 0.01');
  });

  it('lists entries with their lines, and reverses a manual one after confirmation', async () => {
    const manual: JournalEntry = {
      id: 'e1',
      date: '2026-03-02',
      memo: 'Owner puts in capital',
      source: 'manual',
      source_id: null,
      reverses: null,
      reversed_by: null,
      lines: [
        { account_id: 'a1002', account_code: '1002', account_name: '银行存款', debit: '50000.00', credit: '0.00' },
        { account_id: 'a3001', account_code: '3001', account_name: '实收资本', debit: '0.00', credit: '50000.00' },
      ],
      posted_by_name: 'owner',
      posted_at_ms: 1,
    };
    const fromIncome: JournalEntry = { ...manual, id: 'e2', memo: 'Income', source: 'income' };
    const calls = mockCommands({
      ...mockBooks([], [manual, fromIncome]),
      'finances.journal.reverse': ({ id }) => ({ ...manual, id: 'e3', reverses: id, source: 'reversal' }),
    });
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('finance-tab-journal', {}, SLOW));
    await waitFor(() => expect(screen.getAllByTestId('journal-row')).toHaveLength(2), SLOW);
    const [first, second] = screen.getAllByTestId('journal-row');
    expect(first).toHaveTextContent('50,000.00');
    expect(first).toHaveTextContent('Manual');
    // Income entries are voided from the income list, not reversed here.
    expect(within(second).queryByTestId('journal-reverse')).not.toBeInTheDocument();

    await userEvent.click(within(first).getByRole('button', { name: /expand row/i }));
    expect(await screen.findByTestId('journal-entry-lines', {}, SLOW)).toHaveTextContent('1002 银行存款');

    await userEvent.click(within(first).getByTestId('journal-reverse'));
    await confirmIn('Reverse this entry?', 'Reverse');
    await waitFor(() => expect(inputsOf(calls, 'finances.journal.reverse')).toEqual([{ id: 'e1' }]), SLOW);
  });
});

describe('FinancePage: reports', { timeout: 30_000 }, () => {
  it('shows the trial balance with its totals and that it balances, and the net profit', async () => {
    const trial: TrialBalance = {
      from: null,
      to: null,
      rows: [
        {
          account_id: 'a1001',
          code: '1001',
          name: '库存现金',
          kind: 'asset',
          debit: '1500.00',
          credit: '200.00',
          balance: '1300.00',
          prior_balance: null,
        },
        {
          account_id: 'a5001',
          code: '5001',
          name: '主营业务收入',
          kind: 'income',
          debit: '0.00',
          credit: '1500.00',
          balance: '1500.00',
          prior_balance: null,
        },
        {
          account_id: 'a5602',
          code: '5602',
          name: '管理费用',
          kind: 'expense',
          debit: '200.00',
          credit: '0.00',
          balance: '200.00',
          prior_balance: null,
        },
      ],
      total_debit: '1700.00',
      total_credit: '1700.00',
      prior: null,
    };
    const pnl: ProfitAndLoss = {
      from: null,
      to: null,
      prior: null,
      income: [trial.rows[1]],
      expenses: [trial.rows[2]],
      total_income: '1500.00',
      total_expenses: '200.00',
      net: '1300.00',
    };
    mockCommands({
      ...mockBooks(),
      'finances.reports.trial_balance': () => trial,
      'finances.reports.profit_and_loss': () => pnl,
    });
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('finance-tab-reports', {}, SLOW));
    expect(await screen.findByTestId('trial-balance-total-debit', {}, SLOW)).toHaveTextContent('1,700.00');
    expect(screen.getByTestId('trial-balance-total-credit')).toHaveTextContent('1,700.00');
    expect(screen.getByTestId('trial-balance-balanced')).toHaveTextContent('Balanced');
    expect(screen.getByTestId('trial-balance-table')).toHaveTextContent('主营业务收入');
    expect(screen.getByTestId('pnl-total-income')).toHaveTextContent('1,500.00');
    expect(screen.getByTestId('pnl-net')).toHaveTextContent('Net profit');
    expect(screen.getByTestId('pnl-net')).toHaveTextContent('CNY 1,300.00');
  });
});

describe('FinancePage: permissions', { timeout: 30_000 }, () => {
  it('offers no way to change the books with finance.read alone', async () => {
    mockCommands(mockBooks([moneyEvent('m1', '20.00')]));
    renderSignedIn(<FinancePage />, { session: READER });

    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(1), SLOW);
    expect(screen.queryByTestId('income-add')).not.toBeInTheDocument();
    expect(screen.queryByTestId('income-void')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('finance-tab-journal'));
    await screen.findByTestId('journal-table', {}, SLOW);
    expect(screen.queryByTestId('journal-add')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('finance-tab-accounts'));
    await waitFor(() => expect(screen.getAllByTestId('account-row').length).toBeGreaterThan(0), SLOW);
    expect(screen.queryByTestId('accounts-add')).not.toBeInTheDocument();
    expect(screen.queryByTestId('account-rename')).not.toBeInTheDocument();
    expect(screen.queryByTestId('periods-close')).not.toBeInTheDocument();
    expect(screen.getByTestId('periods-status')).toHaveTextContent('No period closed');
  });

  it('shows Finance in the sidebar only with finance.read or sales.read', async () => {
    mockCommands({
      ...mockBooks(),
      'customers.list': () => ({ total: 0, items: [] }),
      'customers.tags.list': () => [],
    });
    navigate('finance');
    const { unmount } = renderSignedIn(<AppShell />, { session: READER });
    expect(await screen.findByTestId('nav-finance', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('finance-tab-income', {}, SLOW)).toBeInTheDocument();
    unmount();

    renderSignedIn(<AppShell />, { session: sessionAs('cashier', ['customers.read', 'customers.write']) });
    expect(await screen.findByTestId('nav-customers', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('nav-finance')).not.toBeInTheDocument();
    expect(screen.queryByTestId('finance-tab-income')).not.toBeInTheDocument();
  });
});
