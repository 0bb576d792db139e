import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf } from '../../test/core';
import { choose, clickWhenReady, formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { FinancePage } from '../finance/FinancePage';
import { books, type Books } from './testBooks';

const TODAY = dayjs().format('YYYY-MM-DD');
/** The last day of next year: after any first invoice a test sets up. */
const END_OF_NEXT_YEAR = `${dayjs().year() + 1}-12-31`;

/** A tea club for `customerId`: one 288.00 box a month with 13% VAT, from today. */
function teaClub(backend: Books, customerId: string) {
  return {
    customer_id: customerId,
    interval: 'monthly',
    start_date: TODAY,
    lines: [{ description: 'Tea club', quantity: '1', unit_price: '288', tax_id: backend.vat.id }],
  };
}

/** The schedule's row, found by its customer. */
function rowOf(customer: string): HTMLElement {
  const row = screen.getAllByTestId('recurring-row').find((r) => r.textContent?.includes(customer));
  if (!row) throw new Error(`no recurring invoice for ${customer} is listed`);
  return row;
}

/** Types a day into an antd DatePicker and confirms it, as a keyboard user would. */
async function typeDate(picker: HTMLElement, day: string) {
  const input = picker instanceof HTMLInputElement ? picker : within(picker).getByRole('textbox');
  fireEvent.mouseDown(input);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: day } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
  await waitFor(() => expect(input).toHaveValue(day));
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: recurring invoices', { timeout: 40_000 }, () => {
  it('sets up a recurring invoice from the form, and lists it as the core answers', async () => {
    const backend = await books();
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: backend.session });

    expect(await screen.findByTestId('finance-tab-recurring', {}, SLOW)).toBeInTheDocument();
    await userEvent.click(await screen.findByTestId('recurring-new', {}, SLOW));
    await choose(screen.getByTestId('recurring-customer'), 'Tea House');
    await choose(screen.getByTestId('recurring-interval'), 'Quarter');
    await typeDate(screen.getByTestId('recurring-form-end-date'), END_OF_NEXT_YEAR);
    await userEvent.click(screen.getByTestId('recurring-form-issue'));
    await paste(screen.getByTestId('recurring-line-description-0'), 'Tea club');
    await paste(screen.getByTestId('recurring-line-quantity-0'), '1');
    await paste(screen.getByTestId('recurring-line-price-0'), '288');
    await choose(screen.getByTestId('recurring-line-tax-0'), '增值税 13%');
    // The core prices the lines, as on an invoice: 288.00 and 13% VAT on it.
    await waitFor(() => expect(screen.getByTestId('recurring-preview-total')).toHaveTextContent('325.44'), SLOW);

    await userEvent.click(screen.getByTestId('recurring-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.recurring.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.recurring.create')[0]).toEqual({
      customer_id: backend.customer.id,
      interval: 'quarterly',
      start_date: TODAY,
      end_date: END_OF_NEXT_YEAR,
      prices_include_tax: false,
      issue: true,
      lines: [{ description: 'Tea club', quantity: '1', unit_price: '288', tax_id: backend.vat.id }],
    });

    // Its first invoice is today's; this device makes it.
    const row = await screen.findByTestId('recurring-row', {}, SLOW);
    expect(row).toHaveTextContent('Tea House');
    expect(row).toHaveTextContent('Quarter');
    expect(within(row).getByTestId('recurring-next-date')).toHaveTextContent(TODAY);
    expect(row).toHaveTextContent('CNY 325.44');
    expect(within(row).getByTestId('recurring-runs-here')).toHaveTextContent('This device');
  });

  it('shows the core’s refusal of the last day at that field', async () => {
    const backend = await books();
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('recurring-new', {}, SLOW));
    await choose(screen.getByTestId('recurring-customer'), 'Tea House');
    // Before the first invoice's date, today.
    await typeDate(screen.getByTestId('recurring-form-end-date'), '2020-01-01');
    await paste(screen.getByTestId('recurring-line-description-0'), 'Tea club');
    await paste(screen.getByTestId('recurring-line-quantity-0'), '1');
    await paste(screen.getByTestId('recurring-line-price-0'), '288');
    await userEvent.click(screen.getByTestId('recurring-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.recurring.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('recurring-form-end-date'))).toHaveTextContent(
          "The last day cannot be before the first invoice's date",
        ),
      SLOW,
    );
    expect(screen.queryByTestId('recurring-form-error')).not.toBeInTheDocument();
    expect(await backend.run('finances.recurring.list', {})).toEqual([]);
  });

  it('pauses a schedule, and takes over one another device makes', async () => {
    const backend = await books();
    const noodleBar = await backend.run('customers.create', { name: 'Noodle Bar' });
    const here = await backend.run('finances.recurring.create', teaClub(backend, backend.customer.id));
    const elsewhere = await backend.fromAnotherDevice('finances.recurring.create', teaClub(backend, noodleBar.id));
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await waitFor(() => expect(screen.getAllByTestId('recurring-row')).toHaveLength(2), SLOW);
    // Made on the other device, which makes its invoices: this one may take it over.
    expect(within(rowOf('Noodle Bar')).queryByTestId('recurring-runs-here')).not.toBeInTheDocument();
    await userEvent.click(within(rowOf('Tea House')).getByTestId('recurring-active'));
    await waitFor(
      () => expect(inputsOf(backend.calls, 'finances.recurring.update')).toEqual([{ id: here.id, active: false }]),
      SLOW,
    );
    expect(await within(rowOf('Tea House')).findByTestId('recurring-paused', {}, SLOW)).toHaveTextContent('Paused');

    await clickWhenReady(() => within(rowOf('Noodle Bar')).getByTestId('recurring-take-over'));
    await userEvent.click(await screen.findByRole('button', { name: 'Take over' }, SLOW));
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'finances.recurring.update').at(-1)).toEqual({
          id: elsewhere.id,
          take_over: true,
        }),
      SLOW,
    );
    await waitFor(() => expect(screen.getAllByTestId('recurring-runs-here')).toHaveLength(2), SLOW);
    // The core has it so: the tea club paused, the noodle bar's made here from now on.
    const listed = await backend.run('finances.recurring.list', {});
    expect(listed.find((r) => r.id === here.id)).toMatchObject({ active: false, next_date: null });
    expect(listed.find((r) => r.id === elsewhere.id)).toMatchObject({ active: true, runs_here: true });
  });

  it('shows a cashier the schedules, and offers no changes to them', async () => {
    const backend = await books('cashier');
    await backend.fromAnotherDevice('finances.recurring.create', teaClub(backend, backend.customer.id));
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const row = await screen.findByTestId('recurring-row', {}, SLOW);
    expect(row).toHaveTextContent('Tea House');
    expect(within(row).getByTestId('recurring-runs-elsewhere')).toBeInTheDocument();
    expect(within(row).getByTestId('recurring-active')).toBeDisabled();
    expect(screen.queryByTestId('recurring-new')).not.toBeInTheDocument();
    expect(inputsOf(backend.calls, 'finances.settings.get')).toEqual([]);
  });
});
