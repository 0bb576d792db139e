import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { FinancePage } from './FinancePage';

/** The reports tab's default range: this month. */
const FROM = dayjs().startOf('month').format('YYYY-MM-DD');
const TO = dayjs().endOf('month').format('YYYY-MM-DD');
/** The last day before it: in the period a comparison looks at, whatever its length. */
const BEFORE = dayjs().startOf('month').subtract(1, 'day').format('YYYY-MM-DD');
const TODAY = dayjs().format('YYYY-MM-DD');

/**
 * A shop's books, read by someone with finance.read alone. Last month: 1,200.00 of walk-in sales in the till.
 * This month: a 1,500.00 invoice to Tea House, who paid 800.00 of it and left a 50.00 deposit, refunded;
 * 300.00 of rent paid.
 */
async function books() {
  const backend = await realCore('owner');
  // The shop's day is this computer's, as the app sets it up: the exports are named after the core's today.
  await backend.run('finances.setup', {
    template: 'prc_small_business',
    utc_offset_minutes: -new Date().getTimezoneOffset(),
  });
  await backend.run('finances.income.create', { date: BEFORE, amount: '1200.00', description: 'Walk-in sales' });
  const customer = await backend.run('customers.create', { name: 'Tea House' });
  const draft = await backend.run('finances.invoices.create', {
    customer_id: customer.id,
    issue_date: FROM,
    lines: [{ description: 'Tea for the month', quantity: '1', unit_price: '1500.00' }],
  });
  const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
  await backend.run('finances.payments.create', {
    invoice_id: invoice.id,
    date: FROM,
    amount: '800.00',
    method: 'cash',
  });
  await backend.run('finances.payments.create', {
    customer_id: customer.id,
    date: FROM,
    amount: '50.00',
    method: 'cash',
  });
  await backend.run('finances.payments.refund', {
    customer_id: customer.id,
    date: FROM,
    amount: '50.00',
    method: 'cash',
  });
  await backend.run('finances.expenses.create', { date: FROM, amount: '300.00', description: 'Rent' });
  const reader = await backend.signInWith(['customers.read', 'finance.read']);
  return { ...backend, reader };
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: reports compared and exported', { timeout: 30_000 }, () => {
  it('compares the profit and loss with the prior period: sends compare and shows the prior column', async () => {
    const backend = await books();
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    expect(await screen.findByTestId('pnl-total-income', {}, SLOW)).toHaveTextContent('1,500.00');
    expect(screen.queryByTestId('pnl-total-income-prior')).not.toBeInTheDocument();
    expect(inputsOf(backend.calls, 'finances.reports.profit_and_loss')).toEqual([{ from: FROM, to: TO }]);

    await userEvent.click(screen.getByTestId('pnl-compare'));

    expect(await screen.findByTestId('pnl-total-income-prior', {}, SLOW)).toHaveTextContent('1,200.00');
    expect(inputsOf(backend.calls, 'finances.reports.profit_and_loss').at(-1)).toEqual({
      from: FROM,
      to: TO,
      compare: true,
    });
    const income = screen.getByTestId('pnl-income');
    expect(within(income).getByText('Prior period')).toBeInTheDocument();
    expect(within(income).getAllByText('1,200.00').length).toBeGreaterThan(0);
    // The period compared with is the core's.
    const { prior } = await backend.run('finances.reports.profit_and_loss', { from: FROM, to: TO, compare: true });
    if (!prior) throw new Error('the core compared with no prior period');
    expect(screen.getByTestId('pnl-prior-period')).toHaveTextContent(`Compared with ${prior.from} – ${prior.to}`);
    // No expenses last month; this month's rent comes off this month's income.
    expect(screen.getByTestId('pnl-net-prior')).toHaveTextContent('CNY 1,200.00');
    expect(screen.getByTestId('pnl-net')).toHaveTextContent('CNY 1,200.00');

    // Off again: no comparison asked for, no prior column.
    await userEvent.click(screen.getByTestId('pnl-compare'));
    await waitFor(() => expect(screen.queryByTestId('pnl-total-income-prior')).not.toBeInTheDocument(), SLOW);
  });

  it('shows the cash flow by category, and exports it as Excel as shown, in the UI language', async () => {
    const backend = await books();
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    // 1,200.00 in the till; 800.00 + 50.00 received, 50.00 refunded, 300.00 paid: 500.00 more.
    expect(await screen.findByTestId('cash-flow-closing', {}, SLOW)).toHaveTextContent('1,700.00');
    const table = screen.getByTestId('cash-flow-table');
    expect(table).toHaveTextContent('Opening cash');
    expect(table).toHaveTextContent('1,200.00');
    expect(table).toHaveTextContent('Received from customers');
    expect(table).toHaveTextContent('Refunded to customers');
    expect(table).toHaveTextContent('Paid for expenses');
    expect(screen.getByTestId('cash-flow-customer_receipts')).toHaveTextContent('850.00');
    expect(screen.getByTestId('cash-flow-customer_refunds')).toHaveTextContent('-50.00');
    expect(screen.getByTestId('cash-flow-expenses')).toHaveTextContent('-300.00');
    expect(screen.getByTestId('cash-flow-net')).toHaveTextContent('500.00');

    await userEvent.click(screen.getByTestId('report-export-cash_flow'));
    await userEvent.click(await screen.findByTestId('report-export-cash_flow-xlsx', {}, SLOW));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.reports.export')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.reports.export')[0]).toEqual({
      report: 'cash_flow',
      format: 'xlsx',
      from: FROM,
      to: TO,
      language: 'en',
    });
    // Outside the desktop app the file is downloaded under the name the core gave it.
    expect(await screen.findByText(`Saved to cash_flow-${TODAY}.xlsx`, {}, SLOW)).toBeInTheDocument();
  });

  it('exports the profit and loss as compared, as Excel', async () => {
    const backend = await books();
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    await userEvent.click(await screen.findByTestId('pnl-compare', {}, SLOW));
    await screen.findByTestId('pnl-total-income-prior', {}, SLOW);
    await userEvent.click(screen.getByTestId('report-export-profit_and_loss'));
    await userEvent.click(await screen.findByTestId('report-export-profit_and_loss-xlsx', {}, SLOW));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.reports.export')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.reports.export')[0]).toEqual({
      report: 'profit_and_loss',
      format: 'xlsx',
      from: FROM,
      to: TO,
      compare: true,
      language: 'en',
    });
    expect(await screen.findByText(`Saved to profit_and_loss-${TODAY}.xlsx`, {}, SLOW)).toBeInTheDocument();
  });
});

describe('FinancePage: reports exported in Chinese', { timeout: 30_000 }, () => {
  inLanguage('zh-CN');

  it('asks for the balance sheet in Chinese when the UI is', async () => {
    const backend = await books();
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    await userEvent.click(await screen.findByTestId('report-export-balance_sheet', {}, SLOW));
    await userEvent.click(await screen.findByTestId('report-export-balance_sheet-pdf', {}, SLOW));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.reports.export')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.reports.export')[0]).toEqual({
      report: 'balance_sheet',
      format: 'pdf',
      language: 'zh',
    });
    expect(await screen.findByText(`已保存到 balance_sheet-${TODAY}.pdf`, {}, SLOW)).toBeInTheDocument();
  });
});
