import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, FinanceSettings, Recurring, RecurringInput, Tax } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { FinancePage } from './FinancePage';

// Antd forms check their fields asynchronously; on a loaded machine that, and the mocked round trips, take seconds.
const SLOW = { timeout: 10_000 };

const OWNER = sessionAs('owner', [
  'customers.read',
  'security.manage',
  'finance.read',
  'finance.write',
  'finance.manage',
  'sales.read',
  'sales.write',
]);
const CASHIER = sessionAs('cashier', ['customers.read', 'sales.read', 'sales.write']);

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

const VAT: Tax = {
  id: 'tax-13',
  name: '增值税 13%',
  rate: '13',
  components: [{ name: '增值税', rate: '13' }],
  preset: 'prc_vat',
  archived: false,
};

const CUSTOMER: Customer = {
  id: 'c1',
  name: 'Tea House',
  email: null,
  phone: null,
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  tax_id: null,
  tags: [],
  archived: false,
  erased: false,
  created_at_ms: 1,
  updated_at_ms: 1,
};

const TODAY = dayjs().format('YYYY-MM-DD');

/** A schedule as the core lists it; the dates, total and flags are the core's, given here. */
function schedule(id: string, fields: Partial<Recurring> = {}): Recurring {
  return {
    id,
    customer_id: 'c1',
    customer_name: 'Tea House',
    interval: 'monthly',
    start_date: '2026-01-15',
    end_date: null,
    next_date: '2026-12-15',
    count: 11,
    prices_include_tax: false,
    lines: [],
    total: '325.44',
    notes: '',
    issue: false,
    active: true,
    runs_here: true,
    due: false,
    ...fields,
  };
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

async function paste(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label, {}, SLOW);
  fireEvent.click(options[options.length - 1]);
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

function books(list: () => Recurring[], more: Parameters<typeof mockCommands>[0] = {}) {
  return mockCommands({
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => [],
    'finances.taxes.list': () => [VAT],
    'customers.list': () => ({ total: 1, items: [CUSTOMER] }),
    'finances.invoices.preview': (input) => ({
      lines: input.lines.map(() => ({ net: '288.00', tax: '37.44' })),
      subtotal: '288.00',
      tax: '37.44',
      total: '325.44',
    }),
    'finances.recurring.list': () => list(),
    ...more,
  });
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: recurring invoices', { timeout: 40_000 }, () => {
  it('sets up a recurring invoice from the form, and lists it as the core answers', async () => {
    let saved: Recurring[] = [];
    const calls = books(() => saved, {
      'finances.recurring.create': (input: RecurringInput) => {
        const made = schedule('r1', { interval: input.interval, next_date: input.start_date, count: 0, issue: true });
        saved = [made];
        return made;
      },
    });
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: OWNER });

    expect(await screen.findByTestId('finance-tab-recurring', {}, SLOW)).toBeInTheDocument();
    await userEvent.click(await screen.findByTestId('recurring-new', {}, SLOW));
    await choose(screen.getByTestId('recurring-customer'), 'Tea House');
    await choose(screen.getByTestId('recurring-interval'), 'Quarter');
    await typeDate(screen.getByTestId('recurring-form-end-date'), '2027-12-31');
    await userEvent.click(screen.getByTestId('recurring-form-issue'));
    await paste(screen.getByTestId('recurring-line-description-0'), 'Tea club');
    await paste(screen.getByTestId('recurring-line-quantity-0'), '1');
    await paste(screen.getByTestId('recurring-line-price-0'), '288');
    await choose(screen.getByTestId('recurring-line-tax-0'), '增值税 13%');
    // The core prices the lines, as on an invoice.
    await waitFor(() => expect(screen.getByTestId('recurring-preview-total')).toHaveTextContent('325.44'), SLOW);

    await userEvent.click(screen.getByTestId('recurring-save'));
    await waitFor(() => expect(inputsOf(calls, 'finances.recurring.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.recurring.create')[0]).toEqual({
      customer_id: 'c1',
      interval: 'quarterly',
      start_date: TODAY,
      end_date: '2027-12-31',
      prices_include_tax: false,
      issue: true,
      lines: [{ description: 'Tea club', quantity: '1', unit_price: '288', tax_id: 'tax-13' }],
    });

    const row = await screen.findByTestId('recurring-row', {}, SLOW);
    expect(row).toHaveTextContent('Tea House');
    expect(row).toHaveTextContent('Quarter');
    expect(within(row).getByTestId('recurring-next-date')).toHaveTextContent(TODAY);
    expect(row).toHaveTextContent('CNY 325.44');
    expect(within(row).getByTestId('recurring-runs-here')).toHaveTextContent('This device');
  });

  it('shows the core’s refusal of the last day at that field', async () => {
    const calls = books(() => [], {
      'finances.recurring.create': () => {
        throw {
          code: 'validation',
          field: 'end_date',
          reason: 'out_of_range',
          message: 'end_date (2020-01-01) is before start_date',
        };
      },
    });
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('recurring-new', {}, SLOW));
    await choose(screen.getByTestId('recurring-customer'), 'Tea House');
    await typeDate(screen.getByTestId('recurring-form-end-date'), '2020-01-01');
    await paste(screen.getByTestId('recurring-line-description-0'), 'Tea club');
    await paste(screen.getByTestId('recurring-line-quantity-0'), '1');
    await paste(screen.getByTestId('recurring-line-price-0'), '288');
    await userEvent.click(screen.getByTestId('recurring-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.recurring.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('recurring-form-end-date'))).toHaveTextContent(
          "The last day cannot be before the first invoice's date",
        ),
      SLOW,
    );
    expect(screen.queryByTestId('recurring-form-error')).not.toBeInTheDocument();
  });

  it('pauses a schedule, and takes over one another device makes', async () => {
    let list = [schedule('r1'), schedule('r2', { runs_here: false, customer_name: 'Noodle Bar' })];
    const calls = books(() => list, {
      'finances.recurring.update': (patch) => {
        list = list.map((r) =>
          r.id === patch.id
            ? {
                ...r,
                active: patch.active ?? r.active,
                next_date: patch.active === false ? null : r.next_date,
                runs_here: patch.take_over ? true : r.runs_here,
              }
            : r,
        );
        const changed = list.find((r) => r.id === patch.id);
        if (!changed) throw { code: 'not_found', message: 'no such recurring invoice' };
        return changed;
      },
    });
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await waitFor(() => expect(screen.getAllByTestId('recurring-row')).toHaveLength(2), SLOW);
    const [first, second] = screen.getAllByTestId('recurring-row');
    await userEvent.click(within(first).getByTestId('recurring-active'));
    await waitFor(
      () => expect(inputsOf(calls, 'finances.recurring.update')).toEqual([{ id: 'r1', active: false }]),
      SLOW,
    );
    expect(await within(first).findByTestId('recurring-paused', {}, SLOW)).toHaveTextContent('Paused');

    await userEvent.click(within(second).getByTestId('recurring-take-over'));
    await userEvent.click(await screen.findByRole('button', { name: 'Take over' }, SLOW));
    await waitFor(
      () => expect(inputsOf(calls, 'finances.recurring.update').at(-1)).toEqual({ id: 'r2', take_over: true }),
      SLOW,
    );
    await waitFor(() => expect(screen.getAllByTestId('recurring-runs-here')).toHaveLength(2), SLOW);
  });

  it('shows a cashier the schedules, and offers no changes to them', async () => {
    const calls = mockCommands({
      'finances.taxes.list': () => [VAT],
      'finances.recurring.list': () => [schedule('r1', { runs_here: false })],
    });
    navigate('finance', 'recurring');
    renderSignedIn(<FinancePage />, { session: CASHIER });

    const row = await screen.findByTestId('recurring-row', {}, SLOW);
    expect(row).toHaveTextContent('Tea House');
    expect(within(row).getByTestId('recurring-runs-elsewhere')).toBeInTheDocument();
    expect(within(row).getByTestId('recurring-active')).toBeDisabled();
    expect(screen.queryByTestId('recurring-new')).not.toBeInTheDocument();
    expect(inputsOf(calls, 'finances.settings.get')).toEqual([]);
  });
});
