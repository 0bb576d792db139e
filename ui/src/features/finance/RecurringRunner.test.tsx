import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Invoice, Recurring } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { RecurringRunner } from './RecurringRunner';
import { RECURRING_RUN_INTERVAL_MS } from './useRecurringRunner';

const SELLER = sessionAs('cashier', ['customers.read', 'sales.read', 'sales.write']);
const READER = sessionAs('staff', ['customers.read', 'sales.read', 'finance.read']);

/** A schedule as the core lists it: whether it is `due` here is the core's to say. */
function schedule(due: boolean): Recurring {
  return {
    id: 'r1',
    customer_id: 'c1',
    customer_name: 'Tea House',
    interval: 'monthly',
    start_date: '2026-01-15',
    end_date: null,
    next_date: '2026-02-15',
    count: 1,
    prices_include_tax: false,
    lines: [],
    total: '325.44',
    notes: '',
    issue: true,
    active: true,
    runs_here: true,
    due,
  };
}

/** What `finances.recurring.run` made: only how many matters here. */
function invoices(count: number): Invoice[] {
  return Array.from({ length: count }, (_, i) => ({ id: `inv${i}` }) as Invoice);
}

function count(calls: Call[], command: Call['command']): number {
  return calls.filter((call) => call.command === command).length;
}

/** Lets the answers of the mocked calls arrive. */
async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RecurringRunner', () => {
  it('checks at start and every hour, and runs only when the core says something is due', async () => {
    // Real time still runs (for the rendering); the hours are skipped.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let due = false;
    const calls = mockCommands({
      'finances.recurring.list': () => [schedule(due)],
      'finances.recurring.run': () => ({ invoices: invoices(2), skipped: [] }),
    });
    renderSignedIn(
      <RecurringRunner>
        <div />
      </RecurringRunner>,
      { session: SELLER },
    );

    await waitFor(() => expect(count(calls, 'finances.recurring.list')).toBe(1));
    await settle();
    expect(count(calls, 'finances.recurring.run')).toBe(0);

    due = true;
    act(() => {
      vi.advanceTimersByTime(RECURRING_RUN_INTERVAL_MS - 1_000);
    });
    await settle();
    expect(count(calls, 'finances.recurring.list')).toBe(1);

    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    await waitFor(() => expect(count(calls, 'finances.recurring.run')).toBe(1));
    expect(count(calls, 'finances.recurring.list')).toBe(2);
    expect(await screen.findByText('2 recurring invoices made')).toBeInTheDocument();
  });

  it('says nothing when a run made no invoice', async () => {
    const calls = mockCommands({
      'finances.recurring.list': () => [schedule(true)],
      'finances.recurring.run': () => ({ invoices: [], skipped: [] }),
    });
    renderSignedIn(
      <RecurringRunner intervalMs={60_000}>
        <div />
      </RecurringRunner>,
      { session: SELLER },
    );

    await waitFor(() => expect(count(calls, 'finances.recurring.run')).toBe(1));
    await settle();
    expect(screen.queryByText(/recurring invoices? made/)).not.toBeInTheDocument();
  });

  it('says once which schedules the core had to skip, and why', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const skip = {
      recurring_id: 'r2',
      customer_name: 'Noodle Bar',
      date: '2026-02-15',
      reason: 'customer_id: the customer was erased',
    };
    const calls = mockCommands({
      'finances.recurring.list': () => [schedule(true)],
      'finances.recurring.run': () => ({ invoices: invoices(1), skipped: [skip] }),
    });
    renderSignedIn(
      <RecurringRunner>
        <div />
      </RecurringRunner>,
      { session: SELLER },
    );

    expect(await screen.findByText('1 recurring invoice made')).toBeInTheDocument();
    const skipped = await screen.findByTestId('recurring-skipped');
    expect(skipped).toHaveTextContent('1 recurring invoice could not be made');
    expect(skipped).toHaveTextContent('Noodle Bar, 2026-02-15: customer_id: the customer was erased');

    // An hour on, the same schedule is skipped for the same reason: not told again.
    act(() => {
      vi.advanceTimersByTime(RECURRING_RUN_INTERVAL_MS);
    });
    await waitFor(() => expect(count(calls, 'finances.recurring.run')).toBe(2));
    await settle();
    expect(screen.getAllByTestId('recurring-skipped')).toHaveLength(1);
  });

  it('says when invoices were due but the core would not make them', async () => {
    mockCommands({
      'finances.recurring.list': () => [schedule(true)],
      'finances.recurring.run': () => {
        throw { code: 'validation', field: 'date', reason: 'out_of_range', message: 'date is in a closed period' };
      },
    });
    renderSignedIn(
      <RecurringRunner>
        <div />
      </RecurringRunner>,
      { session: SELLER },
    );

    expect(await screen.findByText('Recurring invoices are due but could not be made')).toBeInTheDocument();
  });

  it('does nothing for a user who cannot make invoices', async () => {
    const calls = mockCommands({ 'finances.recurring.list': () => [schedule(true)] });
    renderSignedIn(
      <RecurringRunner>
        <div data-testid="page" />
      </RecurringRunner>,
      { session: READER },
    );

    expect(await screen.findByTestId('page')).toBeInTheDocument();
    await settle();
    expect(calls).toEqual([]);
  });
});
