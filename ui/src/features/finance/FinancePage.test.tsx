import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { choose, clickWhenReady, confirmIn, formItemOf, paste, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { AppShell } from '../shell/AppShell';
import { FinancePage } from './FinancePage';

const TODAY = dayjs().format('YYYY-MM-DD');

/**
 * A company whose books are kept by the PRC small-business chart, in this computer's time zone (as the app
 * sets them up: the core's today is the screen's), its owner signed in.
 */
async function books() {
  const backend = await realCore('owner');
  await backend.run('finances.setup', {
    template: 'prc_small_business',
    utc_offset_minutes: -new Date().getTimezoneOffset(),
  });
  const chart = await backend.run('finances.accounts.list', {});
  /** The chart's account with `code`. */
  const account = (code: string): Account => {
    const found = chart.find((a) => a.code === code);
    if (!found) throw new Error(`the chart has no account ${code}: ${chart.map((a) => a.code).join(', ')}`);
    return found;
  };
  return { ...backend, account };
}

/** Someone who reads the books and changes nothing: finance.read (and the customers, to have a start page). */
function signInReader(backend: Awaited<ReturnType<typeof books>>) {
  return backend.signInWith(['customers.read', 'finance.read']);
}

/**
 * Picks an account in a searchable account picker: typing its code first, as the chart is longer than the list
 * shows at once.
 */
async function chooseAccount(select: HTMLElement, label: string) {
  const search = select.closest('.ant-select')?.querySelector('input');
  if (!search) throw new Error('the account picker has no search box');
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  fireEvent.change(search, { target: { value: label.split(' ')[0] } });
  await choose(select, label);
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: setting up the books', { timeout: 30_000 }, () => {
  it('shows the setup when the ledger is not set up, and sets it up with the chosen chart', async () => {
    const backend = await realCore('owner');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await screen.findByTestId('finance-setup', {}, SLOW);
    expect(screen.queryByTestId('finance-tab-income')).not.toBeInTheDocument();
    expect(screen.getByTestId('finance-setup-currency')).toHaveValue('CNY');
    await userEvent.click(screen.getByText('PRC Small Business Accounting Standard (小企业会计准则)'));
    await userEvent.click(screen.getByTestId('finance-setup-submit'));

    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'finances.setup')).toEqual([
          // The computer's offset from UTC, for the shop's day (as sent: JSON has no -0).
          {
            template: 'prc_small_business',
            base_currency: 'CNY',
            utc_offset_minutes: 0 - new Date().getTimezoneOffset(),
          },
        ]),
      SLOW,
    );
    // Set up: the books take the setup's place.
    expect(await screen.findByTestId('finance-tab-income', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('finance-setup')).not.toBeInTheDocument();
    expect(await backend.run('finances.settings.get', {})).toMatchObject({
      template: 'prc_small_business',
      base_currency: 'CNY',
    });
  });

  it('asks someone without finance.manage to get the books set up', async () => {
    const backend = await realCore('manager');
    renderSignedIn(<FinancePage />, { session: backend.session });

    expect(await screen.findByTestId('finance-setup-ask', {}, SLOW)).toHaveTextContent(
      'Ask the owner or the accountant to set up the books',
    );
    expect(screen.queryByTestId('finance-setup-submit')).not.toBeInTheDocument();
  });
});

describe('FinancePage: income and expenses', { timeout: 30_000 }, () => {
  it('records income with the amount as typed, and lists it with the exact total', async () => {
    const backend = await books();
    await backend.run('finances.income.create', { date: TODAY, amount: '0.10' });
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    await paste(screen.getByTestId('money-form-amount'), '1234.2');
    await paste(screen.getByTestId('money-form-party'), 'Tea House');
    await userEvent.click(screen.getByTestId('money-form-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.income.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.income.create')[0]).toEqual({
      date: TODAY,
      amount: '1234.2',
      party: 'Tea House',
    });
    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(2), SLOW);
    expect(screen.getAllByTestId('income-row')[0]).toHaveTextContent('1,234.20');
    expect(screen.getAllByTestId('income-row')[0]).toHaveTextContent('Tea House');
    // 1234.20 + 0.10, added in cents: no floating-point crumbs.
    expect(screen.getByTestId('income-total')).toHaveTextContent('Total: CNY 1,234.30');
  });

  it('records income once when the answer to its submit was lost and it is sent again', async () => {
    const backend = await books();
    // The first answer to the create is lost on its way back (the core did record it).
    const recorder = vi.mocked(globalThis.fetch).getMockImplementation();
    if (!recorder) throw new Error('the calls are not recorded');
    const sent: (string | undefined)[] = [];
    let lose = true;
    vi.mocked(globalThis.fetch).mockImplementation(async (resource, init) => {
      const answer = await recorder(resource, init);
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      if (body.command === 'finances.income.create') {
        sent.push(typeof body.request_id === 'string' ? body.request_id : undefined);
        if (lose) {
          lose = false;
          throw new TypeError('the answer was lost');
        }
      }
      return answer;
    });
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    await paste(screen.getByTestId('money-form-amount'), '43.21');
    await paste(screen.getByTestId('money-form-party'), 'Tea House');
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(() => expect(sent).toHaveLength(1), SLOW);
    await waitFor(() => expect(screen.getByTestId('money-form-submit')).toBeEnabled(), SLOW);
    await userEvent.click(screen.getByTestId('money-form-submit'));

    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(1), SLOW);
    expect(sent).toHaveLength(2);
    expect(sent[0], 'the submit carries a request id').toMatch(/^[0-9a-f]{32}$/);
    expect(sent[1], 'sent again, it is the same request').toBe(sent[0]);
    expect((await backend.run('finances.income.list', {})).events, 'recorded once').toHaveLength(1);
  });

  it('puts the core’s reason for refusing an amount under its field, and takes amounts as people type them', async () => {
    const backend = await books();
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    const amount = screen.getByTestId('money-form-amount');
    const refusedAs = async (typed: string, words: string) => {
      await paste(amount, typed);
      await userEvent.click(screen.getByTestId('money-form-submit'));
      await waitFor(() => expect(formItemOf(amount)).toHaveTextContent(words), SLOW);
    };
    await refusedAs('1.234', 'At most 2 decimals');
    await refusedAs('-1', 'Cannot be below zero');
    await refusedAs('1e309', 'Enter an amount like 1234.50, with at most 2 decimals');
    // A decimal comma: the core takes commas only between thousands.
    await refusedAs('12,50', 'Enter an amount like 1234.50, with at most 2 decimals');
    await refusedAs('999999999999', 'Too large');
    expect((await backend.run('finances.income.list', {})).events.length, 'nothing was recorded').toBe(0);

    // Full-width digits from a Chinese input method, with a yuan sign: read as 12.50.
    await paste(amount, '￥１２．５');
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('income-row')).toHaveTextContent('12.50');
  });

  it('puts every refusal on its own field at once: an impossible date and a negative amount', async () => {
    const backend = await books();
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    const date = screen.getByTestId('money-form-date');
    const amount = screen.getByTestId('money-form-amount');
    await paste(date, '2026-02-30');
    await paste(amount, '-5');
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(() => expect(formItemOf(date)).toHaveTextContent('Write the date as YYYY-MM-DD'), SLOW);
    expect(formItemOf(amount)).toHaveTextContent('Cannot be below zero');
    // Correcting one field clears its refusal and leaves the other's.
    await paste(amount, '5');
    await waitFor(() => expect(formItemOf(amount)).not.toHaveTextContent('Cannot be below zero'), SLOW);
    expect(formItemOf(date)).toHaveTextContent('Write the date as YYYY-MM-DD');
  });

  it('keeps an impossible date as typed and puts the core’s refusal on it, and takes a day picked from the calendar', async () => {
    const backend = await books();
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('income-add', {}, SLOW));
    const date = screen.getByTestId('money-form-date');
    expect(date).toHaveValue(TODAY);
    await paste(date, '2026-02-30');
    await paste(screen.getByTestId('money-form-amount'), '43.21');
    // Leaving the field does not turn it back into another day.
    fireEvent.blur(date);
    expect(date).toHaveValue('2026-02-30');
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(() => expect(formItemOf(date)).toHaveTextContent('Write the date as YYYY-MM-DD'), SLOW);
    expect(date).toHaveValue('2026-02-30');
    expect((await backend.run('finances.income.list', {})).events, 'nothing was recorded').toEqual([]);

    // The calendar opens on the month shown, and the day picked is written in the field.
    await userEvent.click(screen.getByTestId('money-form-date-pick'));
    const calendar = await screen.findByTestId('money-form-date-calendar');
    await userEvent.click(within(calendar).getByTitle(TODAY));
    await waitFor(() => expect(date).toHaveValue(TODAY));
    await userEvent.click(screen.getByTestId('money-form-submit'));
    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.income.create').map((input) => (input as { date: string }).date)).toEqual([
      '2026-02-30',
      TODAY,
    ]);
  });

  it('voids a record after confirmation, and leaves voided ones out of the total', async () => {
    const backend = await books();
    const voided = await backend.run('finances.income.create', { date: TODAY, amount: '5.00' });
    await backend.run('finances.income.void', { id: voided.id });
    const sale = await backend.run('finances.income.create', { date: TODAY, amount: '20.00' });
    renderSignedIn(<FinancePage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('income-row')).toHaveLength(2), SLOW);
    const rowOf = (amount: string) => {
      const row = screen.getAllByTestId('income-row').find((r) => r.textContent?.includes(amount));
      if (!row) throw new Error(`no income row of ${amount}`);
      return row;
    };
    expect(screen.getByTestId('income-total')).toHaveTextContent('CNY 20.00');
    expect(within(rowOf('5.00')).getByTestId('income-voided')).toBeInTheDocument();
    expect(within(rowOf('5.00')).queryByTestId('income-void')).not.toBeInTheDocument();

    await userEvent.click(within(rowOf('20.00')).getByTestId('income-void'));
    await confirmIn('Void this record?', 'Void');

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.income.void')).toEqual([{ id: sale.id }]), SLOW);
    await waitFor(() => expect(within(rowOf('20.00')).getByTestId('income-voided')).toBeInTheDocument(), SLOW);
    expect(screen.getByTestId('income-total')).toHaveTextContent('CNY 0.00');
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
    const backend = await books();
    // The e-wallets' account holds money, but this shop has archived it.
    await backend.run('finances.accounts.update', { id: backend.account('1012').id, archived: true });
    renderSignedIn(<FinancePage />, { session: backend.session });

    await openAccountPicker('income');
    expect(screen.getAllByTitle('1002 银行存款')).not.toHaveLength(0);
    // Archived; an asset money is not kept in; a liability.
    expect(screen.queryByTitle('1012 其他货币资金')).not.toBeInTheDocument();
    expect(screen.queryByTitle('1122 应收账款')).not.toBeInTheDocument();
    expect(screen.queryByTitle('2202 应付账款')).not.toBeInTheDocument();
  });

  it('offers an expense the accounts that hold money and liabilities (a credit card)', async () => {
    const backend = await books();
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await openAccountPicker('expense');
    expect(screen.getAllByTitle('1002 银行存款')).not.toHaveLength(0);
    expect(screen.getAllByTitle('2202 应付账款')).not.toHaveLength(0);
    expect(screen.queryByTitle('1122 应收账款')).not.toBeInTheDocument();
    await choose(screen.getByTestId('money-form-account'), '2202 应付账款');
    await paste(screen.getByTestId('money-form-amount'), '80');
    await userEvent.click(screen.getByTestId('money-form-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.expenses.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.expenses.create')[0]).toEqual({
      date: TODAY,
      amount: '80',
      account_id: backend.account('2202').id,
    });
    // Owed to the card, not paid from the till.
    await waitFor(() => expect(screen.getAllByTestId('expense-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('expense-row')).toHaveTextContent('2202 应付账款');
    // The category left blank is what the form said it would be: a running cost, not cost of goods sold.
    expect(screen.getByTestId('expense-row')).toHaveTextContent('5602 管理费用');
  });

  it('shows as each blank field’s placeholder the account the core will take', async () => {
    const backend = await books();
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('expense-add', {}, SLOW));
    expect(formItemOf(screen.getByTestId('money-form-category'))).toHaveTextContent('Default: 5602 管理费用');
    expect(formItemOf(screen.getByTestId('money-form-account'))).toHaveTextContent('Default: 1001 库存现金');
  });

  it('keeps an expense that leaves the cash below zero, and warns with what the core says is left', async () => {
    const backend = await books();
    await backend.run('finances.income.create', { date: TODAY, amount: '40.00' });
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('expense-add', {}, SLOW));
    await paste(screen.getByTestId('money-form-amount'), '22429.02');
    await userEvent.click(screen.getByTestId('money-form-submit'));

    expect(await screen.findByTestId('money-overdrawn', {}, SLOW)).toHaveTextContent(
      'Expense recorded. 1001 库存现金 is now -22,389.02',
    );
    await waitFor(() => expect(screen.getAllByTestId('expense-row')).toHaveLength(1), SLOW);
    expect(screen.getByTestId('expense-row')).toHaveTextContent('22,429.02');
    // Said above the table, where it stays until the user has read it: not a toast over the header.
    const warning = screen.getByTestId('money-overdrawn').closest('.ant-alert') as HTMLElement;
    expect(warning).not.toBeNull();
    await userEvent.click(within(warning).getByRole('button'));
    await waitFor(() => expect(screen.queryByTestId('money-overdrawn')).not.toBeInTheDocument());
  });
});

describe('FinancePage: the chart of accounts', { timeout: 30_000 }, () => {
  it('adds an asset that holds money, the box offered only for an asset, and no flag for another kind', async () => {
    const backend = await books();
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: backend.session });

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

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.accounts.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.accounts.create')[0]).toEqual({
      code: '1003',
      name: '招商银行',
      kind: 'asset',
      holds_money: true,
    });
    let chart = await backend.run('finances.accounts.list', {});
    expect(chart.find((a) => a.code === '1003')).toMatchObject({ name: '招商银行', kind: 'asset', holds_money: true });

    // The box ticked for an asset sends nothing once the kind is another. 2241 is the chart's 其他应付款: the
    // card gets a code of its own.
    await clickWhenReady(() => screen.getByTestId('accounts-add'));
    await waitFor(() => expect(screen.getByTestId('account-form-code')).toHaveValue(''), SLOW);
    await paste(screen.getByTestId('account-form-code'), '2242');
    await paste(screen.getByTestId('account-form-name'), '信用卡');
    await choose(screen.getByTestId('account-form-kind'), 'Asset');
    await userEvent.click(await screen.findByTestId('account-form-holds-money', {}, SLOW));
    await choose(screen.getByTestId('account-form-kind'), 'Liability');
    await waitFor(() => expect(screen.queryByTestId('account-form-holds-money')).not.toBeInTheDocument(), SLOW);
    await userEvent.click(screen.getByTestId('account-form-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.accounts.create')).toHaveLength(2), SLOW);
    expect(inputsOf(backend.calls, 'finances.accounts.create')[1]).toEqual({
      code: '2242',
      name: '信用卡',
      kind: 'liability',
    });
    chart = await backend.run('finances.accounts.list', {});
    expect(chart.find((a) => a.code === '2242')).toMatchObject({ kind: 'liability', holds_money: false });
  });

  it('tags the accounts that hold money, and marks another asset as holding money', async () => {
    const backend = await books();
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await screen.findAllByTestId('account-row', {}, SLOW);
    const row = (code: string) => {
      const found = screen.getAllByTestId('account-row').find((element) => element.dataset.code === code);
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

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.accounts.update')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.accounts.update')[0]).toEqual({
      id: backend.account('1122').id,
      name: '应收账款',
      holds_money: true,
    });
    await waitFor(() => expect(row('1122').getByTestId('account-holds-money')).toBeInTheDocument(), SLOW);
  });
});

describe('FinancePage: the journal', { timeout: 30_000 }, () => {
  it('shows the difference of unbalanced lines, and an amount the core cannot read at its field', async () => {
    const backend = await books();
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('finance-tab-journal', {}, SLOW));
    await userEvent.click(await screen.findByTestId('journal-add', {}, SLOW));
    await chooseAccount(screen.getByTestId('journal-line-account-0'), '1001 库存现金');
    await chooseAccount(screen.getByTestId('journal-line-account-1'), '3001 实收资本');
    await paste(screen.getByTestId('journal-line-debit-0'), '100');
    await paste(screen.getByTestId('journal-line-credit-1'), '99.99');

    expect(await screen.findByTestId('journal-difference', {}, SLOW)).toHaveTextContent(
      'Debits and credits differ by 0.01',
    );
    expect(screen.getByTestId('journal-total-debit')).toHaveTextContent('100.00');
    expect(screen.getByTestId('journal-total-credit')).toHaveTextContent('99.99');
    expect(screen.getByTestId('journal-form-submit')).toBeDisabled();

    // A decimal comma: the core reads it as no amount (commas only between thousands), and the form says so at
    // the field while the entry cannot be posted.
    await paste(screen.getByTestId('journal-line-credit-1'), '1,00');
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('journal-line-credit-1'))).toHaveTextContent(
          'Enter an amount like 1234.50',
        ),
      SLOW,
    );
    expect(screen.getByTestId('journal-difference')).toHaveTextContent('Debits and credits differ by 100.00');
    expect(screen.getByTestId('journal-form-submit')).toBeDisabled();
    expect(formItemOf(screen.getByTestId('journal-line-debit-0'))).not.toHaveTextContent('Enter an amount');

    // Corrected, it posts.
    await paste(screen.getByTestId('journal-line-credit-1'), '100.00');
    await waitFor(() => expect(screen.getByTestId('journal-form-submit')).toBeEnabled(), SLOW);
    // (antd lets the message fade out.)
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('journal-line-credit-1'))).not.toHaveTextContent('Enter an amount'),
      SLOW,
    );
    await userEvent.click(screen.getByTestId('journal-form-submit'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.journal.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.journal.create')[0]).toEqual({
      date: TODAY,
      memo: '',
      lines: [
        { account_id: backend.account('1001').id, debit: '100' },
        { account_id: backend.account('3001').id, credit: '100.00' },
      ],
    });
  });

  it('shows the core’s refusal of the entry as a whole in an alert', async () => {
    // The core refuses the lines as a whole only when they do not balance (which the form never sends) or are
    // more than 200; what it refuses of a balanced entry that concerns no field: the bookkeeper may no longer
    // post, the owner having taken finance.write from their role while the form was open.
    const backend = await books();
    const bookkeeper = await backend.signInWith(['customers.read', 'finance.read', 'finance.write']);
    renderSignedIn(<FinancePage />, { session: bookkeeper });

    await userEvent.click(await screen.findByTestId('finance-tab-journal', {}, SLOW));
    await userEvent.click(await screen.findByTestId('journal-add', {}, SLOW));
    await chooseAccount(screen.getByTestId('journal-line-account-0'), '5602 管理费用');
    await chooseAccount(screen.getByTestId('journal-line-account-1'), '1002 银行存款');
    await paste(screen.getByTestId('journal-line-debit-0'), '0.1');
    await paste(screen.getByTestId('journal-line-credit-1'), '0.10');
    await waitFor(() => expect(screen.getByTestId('journal-form-submit')).toBeEnabled(), SLOW);

    const roles = await backend.run('users.roles.list', {});
    const role = roles.find((r) => !r.built_in && r.permissions.includes('finance.write'));
    if (!role) throw new Error('the bookkeeper has no role of their own');
    await backend.run('users.roles.update', { id: role.key, permissions: ['customers.read', 'finance.read'] });
    await userEvent.click(screen.getByTestId('journal-form-submit'));

    expect(await screen.findByTestId('journal-form-error', {}, SLOW)).toHaveTextContent(
      'Your account is not allowed to do this.',
    );
    expect(inputsOf(backend.calls, 'finances.journal.create')).toHaveLength(1);
    expect(await backend.run('finances.journal.list', {}), 'nothing was posted').toEqual([]);
  });

  it('lists entries with their lines, and reverses a manual one after confirmation', async () => {
    const backend = await books();
    const manual = await backend.run('finances.journal.create', {
      date: TODAY,
      memo: 'Owner puts in capital',
      lines: [
        { account_id: backend.account('1002').id, debit: '50000.00' },
        { account_id: backend.account('3001').id, credit: '50000.00' },
      ],
    });
    const income = await backend.run('finances.income.create', { date: TODAY, amount: '12.00' });
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('finance-tab-journal', {}, SLOW));
    await waitFor(() => expect(screen.getAllByTestId('journal-row')).toHaveLength(2), SLOW);
    const rowOf = (id: string) => {
      const row = screen.getAllByTestId('journal-row').find((r) => r.dataset.id === id);
      if (!row) throw new Error(`no journal row for entry ${id}`);
      return row;
    };
    expect(rowOf(manual.id)).toHaveTextContent('50,000.00');
    expect(rowOf(manual.id)).toHaveTextContent('Manual');
    // Income entries are voided from the income list, not reversed here.
    expect(within(rowOf(income.entry_id)).queryByTestId('journal-reverse')).not.toBeInTheDocument();

    await userEvent.click(within(rowOf(manual.id)).getByRole('button', { name: /expand row/i }));
    expect(await screen.findByTestId('journal-entry-lines', {}, SLOW)).toHaveTextContent('1002 银行存款');

    await userEvent.click(within(rowOf(manual.id)).getByTestId('journal-reverse'));
    await confirmIn('Reverse this entry?', 'Reverse');
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.journal.reverse')).toEqual([{ id: manual.id }]), SLOW);
    // The reversal is listed too, and the entry is marked reversed.
    await waitFor(() => expect(screen.getAllByTestId('journal-row')).toHaveLength(3), SLOW);
    expect(within(rowOf(manual.id)).getByTestId('journal-reversed')).toBeInTheDocument();
  });

  it('posts the opening balances with the difference to equity, once, and offers them again once reversed', async () => {
    const backend = await books();
    navigate('finance', 'journal');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('opening-add', {}, SLOW));
    expect(screen.getByTestId('opening-hint')).toBeInTheDocument();
    expect(screen.queryByTestId('journal-form-memo')).not.toBeInTheDocument();
    await chooseAccount(screen.getByTestId('journal-line-account-0'), '1002 银行存款');
    await paste(screen.getByTestId('journal-line-debit-0'), '30,000');
    await chooseAccount(screen.getByTestId('journal-line-account-1'), '2202 应付账款');
    await paste(screen.getByTestId('journal-line-credit-1'), '5000');
    // The core totals what was typed; the difference is said, not refused.
    expect(await screen.findByTestId('opening-to-equity', {}, SLOW)).toHaveTextContent('25,000.00');
    await userEvent.click(screen.getByTestId('journal-form-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.opening.create')).toHaveLength(1), SLOW);
    const opening = await backend.run('finances.opening.get', {});
    expect(opening.also_standing).toEqual([]);
    expect(opening.entry?.lines.map((line) => [line.account_code, line.debit, line.credit])).toEqual([
      ['1002', '30000.00', '0.00'],
      ['2202', '0.00', '5000.00'],
      ['3001', '0.00', '25000.00'],
    ]);
    await waitFor(() => expect(screen.queryByTestId('opening-add')).not.toBeInTheDocument(), SLOW);
    const row = await screen.findByText('Opening balances', { selector: '.ant-tag' }, SLOW);
    await clickWhenReady(() => within(row.closest('tr') as HTMLElement).getByTestId('journal-reverse'));
    await confirmIn('Reverse this entry?', 'Reverse');
    expect(await screen.findByTestId('opening-add', {}, SLOW)).toBeInTheDocument();
  });
});

describe('FinancePage: reports', { timeout: 30_000 }, () => {
  it('shows the trial balance with its totals and that it balances, and the net profit', async () => {
    const backend = await books();
    await backend.run('finances.income.create', { date: TODAY, amount: '1500.00' });
    await backend.run('finances.expenses.create', { date: TODAY, amount: '200.00' });
    const reader = await signInReader(backend);
    renderSignedIn(<FinancePage />, { session: reader });

    await userEvent.click(await screen.findByTestId('finance-tab-reports', {}, SLOW));
    // Cash: 1,500.00 in and 200.00 out; the income and the expense on the other sides.
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
    const backend = await books();
    await backend.run('finances.income.create', { date: TODAY, amount: '20.00' });
    const reader = await signInReader(backend);
    renderSignedIn(<FinancePage />, { session: reader });

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
    const backend = await books();
    const reader = await signInReader(backend);
    navigate('finance');
    const { unmount } = renderSignedIn(<AppShell />, { session: reader });
    expect(await screen.findByTestId('nav-finance', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('finance-tab-income', {}, SLOW)).toBeInTheDocument();
    unmount();

    const customersOnly = await backend.signInWith(['customers.read', 'customers.write']);
    renderSignedIn(<AppShell />, { session: customersOnly });
    expect(await screen.findByTestId('nav-customers', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('nav-finance')).not.toBeInTheDocument();
    expect(screen.queryByTestId('finance-tab-income')).not.toBeInTheDocument();
  });
});

describe('FinancePage: the journal in Chinese', { timeout: 30_000 }, () => {
  inLanguage('zh-CN');

  it('shows the memos of what the app posts in Chinese, and a memo someone typed as typed', async () => {
    const backend = await books();
    const customer = await backend.run('customers.create', { name: '王小明' });
    const draft = await backend.run('finances.invoices.create', {
      customer_id: customer.id,
      issue_date: TODAY,
      lines: [{ description: '龙井 250g', quantity: '2', unit_price: '80.00' }],
    });
    const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
    const payment = await backend.run('finances.payments.create', {
      invoice_id: invoice.id,
      date: TODAY,
      amount: '50.00',
      method: 'cash',
    });
    const rent = await backend.run('finances.expenses.create', {
      date: TODAY,
      amount: '1500.00',
      party: '李房东',
      description: '三月房租',
    });
    const manual = await backend.run('finances.journal.create', {
      date: TODAY,
      memo: 'Owner puts in capital',
      lines: [
        { account_id: backend.account('1002').id, debit: '50000.00' },
        { account_id: backend.account('3001').id, credit: '50000.00' },
      ],
    });
    navigate('finance', 'journal');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('journal-row')).toHaveLength(4), SLOW);
    const memoOf = (id: string | null) => {
      const row = screen.getAllByTestId('journal-row').find((r) => r.dataset.id === id);
      if (!row) throw new Error(`no journal row for entry ${id}`);
      return within(row).getByTestId('journal-memo');
    };
    expect(memoOf(invoice.entry_id)).toHaveTextContent(`销售发票 ${invoice.number}，客户 王小明`);
    expect(memoOf(payment.entry_id)).toHaveTextContent(`收款，发票 ${invoice.number}，客户 王小明`);
    expect(memoOf(rent.entry_id)).toHaveTextContent('三月房租，支付给 李房东');
    // Nobody translates what a person typed.
    expect(memoOf(manual.id)).toHaveTextContent('Owner puts in capital');
    expect(screen.queryByText(/^Invoice /)).not.toBeInTheDocument();
  });
});
