// DEV ONLY: recurring invoices for the browser mock (see mockFinance.ts). A small imitation of
// crates/core/src/finance/recurring.rs: schedules that make an invoice every month, quarter or year from a
// start day, on the one device each runs on; `run` makes those due up to today, skipping (with why) a
// schedule that cannot make its invoice, and leaving a day in a closed period a draft. The core stays the only
// source of truth: the UI never works out what is due, it asks.
import type { Invoice, InvoiceLine, Recurring, RecurringRun, RecurringSkip } from '../api/bindings';
import type { MockCustomer } from './mockInvoicing';

type Json = Record<string, unknown>;

/** This browser's device; schedules set up "elsewhere" run on another one until taken over. */
export const HERE = 'dev-laptop';

/** At most this many invoices are made for one schedule in one run (a long-paused one catching up). */
const CATCH_UP_MAX = 24;

const MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, yearly: 12 };

type Schedule = {
  id: string;
  customer_id: string;
  customer_name: string;
  interval: string;
  start_date: string;
  end_date: string | null;
  count: number;
  prices_include_tax: boolean;
  /** The lines as given (`InvoiceLineInput`s): priced again each time. */
  lines: Json[];
  notes: string;
  issue: boolean;
  active: boolean;
  device_id: string;
};

/** What the recurring mock needs of the invoicing mock's. */
export type RecurringDeps = {
  booksOpen: () => unknown;
  /** The last closed day, if any. */
  closedThrough: () => string | null;
  priceLines: (lines: unknown, inclusive: boolean) => { lines: InvoiceLine[]; total: string };
  customer: (field: string, id: unknown) => MockCustomer;
  invoicing: (command: string, input: Json, by: string) => unknown;
  today: () => string;
};

const invalid = (field: string, message: string, reason = 'invalid_value') => ({
  code: 'validation',
  field,
  reason,
  message,
});

function date(field: string, value: unknown): string {
  const text = String(value ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
    throw invalid(field, `${field}: '${text}' is not a date like 2026-03-31`, 'invalid_date');
  return text;
}

/** `money::add_months`: the same day `months` later, or that month's last day. */
export function addMonths(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + (Number(day.slice(5, 7)) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dayOf = Math.min(Number(day.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOf).padStart(2, '0')}`;
}

export function createRecurringMock(deps: RecurringDeps) {
  const schedules: Schedule[] = [];

  /** The day of the schedule's `n`th invoice (0: the start), or null past its end. */
  function dateOf(schedule: Schedule, n: number): string | null {
    const day = addMonths(schedule.start_date, n * (MONTHS[schedule.interval] ?? 1));
    return schedule.end_date && day > schedule.end_date ? null : day;
  }

  function view(schedule: Schedule): Recurring {
    let priced: { lines: InvoiceLine[]; total: string };
    try {
      priced = deps.priceLines(schedule.lines, schedule.prices_include_tax);
    } catch {
      // A tax archived since: no total; running it says why.
      priced = { lines: [], total: '' };
    }
    const next = schedule.active ? dateOf(schedule, schedule.count) : null;
    const here = schedule.device_id === HERE;
    return {
      id: schedule.id,
      customer_id: schedule.customer_id,
      customer_name: schedule.customer_name,
      interval: schedule.interval,
      start_date: schedule.start_date,
      end_date: schedule.end_date,
      next_date: next,
      count: schedule.count,
      prices_include_tax: schedule.prices_include_tax,
      lines: priced.lines,
      total: priced.total,
      notes: schedule.notes,
      issue: schedule.issue,
      active: schedule.active,
      runs_here: here,
      due: schedule.active && here && next !== null && next <= deps.today(),
    };
  }

  function find(id: unknown): Schedule {
    const schedule = schedules.find((s) => s.id === id);
    if (!schedule) throw { code: 'not_found', message: 'no such recurring invoice' };
    return schedule;
  }

  function create(input: Json, device = HERE): Recurring {
    deps.booksOpen();
    const who = deps.customer('customer_id', input.customer_id);
    const interval = String(input.interval ?? '').trim();
    if (!(interval in MONTHS)) throw invalid('interval', 'interval: monthly, quarterly or yearly');
    const start = date('start_date', input.start_date);
    const endText = String(input.end_date ?? '').trim();
    const end = endText ? date('end_date', endText) : null;
    if (end && end < start)
      throw invalid('end_date', `end_date (${end}) is before start_date (${start})`, 'out_of_range');
    const inclusive = Boolean(input.prices_include_tax);
    // Checked now, as an invoice's are; kept as given and priced again each time.
    deps.priceLines(input.lines, inclusive);
    const schedule: Schedule = {
      id: crypto.randomUUID(),
      customer_id: who.id,
      customer_name: who.name,
      interval,
      start_date: start,
      end_date: end,
      count: 0,
      prices_include_tax: inclusive,
      lines: input.lines as Json[],
      notes: String(input.notes ?? ''),
      issue: Boolean(input.issue),
      active: true,
      device_id: device,
    };
    schedules.push(schedule);
    return view(schedule);
  }

  function update(input: Json): Recurring {
    const schedule = find(input.id);
    if (typeof input.active === 'boolean') schedule.active = input.active;
    if (input.end_date !== undefined) {
      const text = String(input.end_date).trim();
      const end = text ? date('end_date', text) : null;
      if (end && end < schedule.start_date)
        throw invalid('end_date', `end_date (${end}) is before the start (${schedule.start_date})`, 'out_of_range');
      schedule.end_date = end;
    }
    if (typeof input.issue === 'boolean') schedule.issue = input.issue;
    if (input.take_over === true) schedule.device_id = HERE;
    return view(schedule);
  }

  /** Why a schedule cannot make its invoice now (its customer gone, a tax archived), if it cannot. */
  function blocker(schedule: Schedule): string | null {
    try {
      deps.customer('customer_id', schedule.customer_id);
      deps.priceLines(schedule.lines, schedule.prices_include_tax);
      return null;
    } catch (error) {
      return (error as { message?: string }).message ?? 'cannot be made';
    }
  }

  function run(by: string): RecurringRun {
    const made: Invoice[] = [];
    const skipped: RecurringSkip[] = [];
    for (const schedule of schedules) {
      if (!schedule.active || schedule.device_id !== HERE) continue;
      for (let steps = 0; steps < CATCH_UP_MAX; steps++) {
        const day = dateOf(schedule, schedule.count);
        if (day === null || day > deps.today()) break;
        // One schedule's trouble stops only itself.
        const reason = blocker(schedule);
        if (reason !== null) {
          skipped.push({ recurring_id: schedule.id, customer_name: schedule.customer_name, date: day, reason });
          break;
        }
        let invoice = deps.invoicing(
          'finances.invoices.create',
          {
            customer_id: schedule.customer_id,
            issue_date: day,
            prices_include_tax: schedule.prices_include_tax,
            lines: schedule.lines,
            notes: schedule.notes,
          },
          by,
        ) as Invoice;
        // A day in a closed period gets a draft to look at, not a posting.
        const closed = deps.closedThrough();
        if (schedule.issue && (closed === null || day > closed))
          invoice = deps.invoicing('finances.invoices.issue', { id: invoice.id }, by) as Invoice;
        made.push(invoice);
        schedule.count += 1;
      }
    }
    return { invoices: made, skipped };
  }

  /** Answers one `finances.recurring.*` command for `by` (their name). */
  function call(command: string, input: Json, by: string): unknown {
    switch (command) {
      case 'finances.recurring.list':
        deps.booksOpen();
        return schedules.map(view);
      case 'finances.recurring.create':
        return create(input);
      case 'finances.recurring.update':
        return update(input);
      case 'finances.recurring.run':
        return run(by);
      default:
        throw { code: 'unknown_command', message: `unknown command ${command}` };
    }
  }

  /**
   * With ?finance=seeded: a monthly invoice that started two months ago (three due: the app makes them when
   * someone who sells signs in; with ?finance=late the first two, in the closed period, stay drafts) and a
   * quarterly one that another device, the till, makes.
   */
  function seed(customerId: string, taxId: string) {
    const started = addMonths(deps.today(), -2);
    create({
      customer_id: customerId,
      interval: 'monthly',
      start_date: started,
      lines: [{ description: 'Tea club: 4 teas a month', quantity: '1', unit_price: '288.00', tax_id: taxId }],
      issue: true,
    });
    create(
      {
        customer_id: customerId,
        interval: 'quarterly',
        start_date: addMonths(deps.today(), 1),
        lines: [{ description: 'Tasting room rent', quantity: '1', unit_price: '1500.00', tax_id: taxId }],
      },
      'dev-till',
    );
  }

  return { call, seed };
}
