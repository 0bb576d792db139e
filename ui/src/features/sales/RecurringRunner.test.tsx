import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../api/bindings';
import { realCore, type Call } from '../../test/core';
import { renderSignedIn } from '../../test/render';
import { RecurringRunner } from './RecurringRunner';
import { RECURRING_RUN_INTERVAL_MS } from './useRecurringRunner';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Noon (UTC) of a day two months back: the core's clock in these tests, before any session it signed in ends. */
const NOON = (Math.floor(Date.now() / DAY_MS) - 60) * DAY_MS + DAY_MS / 2;

/** The day `ms` falls on in the books, which keep UTC days here. */
function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Books on the core's clock at NOON (their days UTC) with a customer, Tea House, and a monthly tea club for them
 * whose first invoice is `start`, made and issued on this device; signed in as `role` (one who sells: a cashier).
 */
async function teaClub(start: string, role: Role = 'cashier') {
  const backend = await realCore(role);
  await backend.setClock(NOON);
  await backend.run('finances.setup', { template: 'prc_small_business', utc_offset_minutes: 0 });
  const customer = await backend.run('customers.create', { name: 'Tea House' });
  const schedule = await backend.run('finances.recurring.create', {
    customer_id: customer.id,
    interval: 'monthly',
    start_date: start,
    issue: true,
    lines: [{ description: 'Tea club', quantity: '1', unit_price: '288.00' }],
  });
  return { ...backend, customer, schedule };
}

function count(calls: Call[], command: string): number {
  return calls.filter((call) => call.command === command).length;
}

/**
 * Waits until the core has answered the UI's `nth` call of `command` (from 1): what it said then was said before
 * anything the test changes next.
 */
async function answered(command: string, nth = 1) {
  const fetches = vi.mocked(globalThis.fetch).mock;
  const index = () =>
    fetches.calls
      .map(([, init], i) => ({ i, body: typeof init?.body === 'string' ? init.body : '' }))
      .filter(({ body }) => body.includes(`"command":"${command}"`))
      .at(nth - 1)?.i;
  await waitFor(() => expect(index(), `the UI asks ${command} (${nth})`).toBeDefined());
  await fetches.results[index() as number].value;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RecurringRunner', () => {
  it('checks at start and every hour, and runs only when the core says something is due', async () => {
    // Real time still runs (for the rendering); the hours are skipped.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    // The club starts tomorrow: nothing is due yet.
    const backend = await teaClub(dayOf(NOON + DAY_MS));
    renderSignedIn(
      <RecurringRunner>
        <div />
      </RecurringRunner>,
      { session: backend.session },
    );

    await answered('finances.recurring.list');
    // Forty days on, the club's first two invoices are due.
    await backend.setClock(NOON + 40 * DAY_MS);
    act(() => {
      vi.advanceTimersByTime(RECURRING_RUN_INTERVAL_MS - 1_000);
    });
    expect(count(backend.calls, 'finances.recurring.list')).toBe(1);

    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    await waitFor(() => expect(count(backend.calls, 'finances.recurring.run')).toBe(1));
    expect(await screen.findByText('2 recurring invoices made')).toBeInTheDocument();
    // Looked at start and at the hour; ran only once something was due.
    expect(
      backend.calls.map((call) => call.command),
      'one look at start, one at the hour, and then the run',
    ).toEqual(['finances.recurring.list', 'finances.recurring.list', 'finances.recurring.run']);
    const { invoices } = await backend.run('finances.invoices.list', {});
    expect(invoices, 'the club’s first two invoices').toHaveLength(2);
    for (const invoice of invoices) expect(invoice.number, 'made and issued').not.toBeNull();
  });

  it('says nothing of invoices made when a run made none', async () => {
    // Due today, but its customer was erased since: the run makes no invoice (and says why, in a warning of its own).
    const backend = await teaClub(dayOf(NOON));
    await backend.run('customers.gdpr.erase', { id: backend.customer.id });
    renderSignedIn(
      <RecurringRunner intervalMs={60_000}>
        <div />
      </RecurringRunner>,
      { session: backend.session },
    );

    await waitFor(() => expect(count(backend.calls, 'finances.recurring.run')).toBe(1));
    expect(await screen.findByTestId('recurring-skipped')).toBeInTheDocument();
    expect(screen.queryByText(/recurring invoices? made/)).not.toBeInTheDocument();
    expect((await backend.run('finances.invoices.list', {})).invoices).toEqual([]);
  });

  it('says once which schedules the core had to skip, and why', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    // Two clubs due today: Tea House's, and Noodle Bar's, whose customer was erased since.
    const backend = await teaClub(dayOf(NOON));
    const noodleBar = await backend.run('customers.create', { name: 'Noodle Bar' });
    await backend.run('finances.recurring.create', {
      customer_id: noodleBar.id,
      interval: 'monthly',
      start_date: dayOf(NOON),
      issue: true,
      lines: [{ description: 'Noodle club', quantity: '1', unit_price: '99.00' }],
    });
    await backend.run('customers.gdpr.erase', { id: noodleBar.id });
    renderSignedIn(
      <RecurringRunner>
        <div />
      </RecurringRunner>,
      { session: backend.session },
    );

    expect(await screen.findByText('1 recurring invoice made')).toBeInTheDocument();
    const skipped = await screen.findByTestId('recurring-skipped');
    expect(skipped).toHaveTextContent('1 recurring invoice could not be made');
    expect(skipped).toHaveTextContent(`Noodle Bar, ${dayOf(NOON)}: customer_id: this customer's data was erased`);

    // An hour on, the same schedule is skipped for the same reason: not told again.
    act(() => {
      vi.advanceTimersByTime(RECURRING_RUN_INTERVAL_MS);
    });
    await waitFor(() => expect(count(backend.calls, 'finances.recurring.run')).toBe(2));
    await answered('finances.recurring.run', 2);
    // The next hour's look starts only once that run's answer was taken in.
    act(() => {
      vi.advanceTimersByTime(RECURRING_RUN_INTERVAL_MS);
    });
    await waitFor(() => expect(count(backend.calls, 'finances.recurring.list')).toBe(3));
    expect(screen.getAllByTestId('recurring-skipped')).toHaveLength(1);
  });

  it('says when invoices were due but the core would not make them', async () => {
    // Due today, but the receivable an issued invoice posts to was archived: the core makes none.
    const backend = await teaClub(dayOf(NOON));
    const receivable = (await backend.run('finances.accounts.list', {})).find((account) => account.code === '1122');
    if (!receivable) throw new Error('the PRC chart has no receivable 1122');
    await backend.run('finances.accounts.update', { id: receivable.id, archived: true });
    renderSignedIn(
      <RecurringRunner>
        <div />
      </RecurringRunner>,
      { session: backend.session },
    );

    expect(await screen.findByText('Recurring invoices are due but could not be made')).toBeInTheDocument();
    expect(screen.getByTestId('recurring-run-failed')).toHaveTextContent('1122 应收账款 is archived');
  });

  it('does nothing for a user who cannot make invoices', async () => {
    const backend = await teaClub(dayOf(NOON), 'owner');
    const reader = await backend.signInWith(['customers.read', 'sales.read', 'finance.read']);
    renderSignedIn(
      <RecurringRunner>
        <div data-testid="page" />
      </RecurringRunner>,
      { session: reader },
    );

    expect(await screen.findByTestId('page')).toBeInTheDocument();
    // A check would have asked the core at once, as the page was shown.
    expect(backend.calls).toEqual([]);
    expect((await backend.run('finances.invoices.list', {})).invoices).toEqual([]);
  });
});
