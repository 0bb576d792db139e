import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { FinancePage } from '../finance/FinancePage';

/**
 * Books in Shanghai's time zone closed through March 2026 on April 1st at 17:00, and `late` walk-in sales a
 * second till (offline since before the close) recorded into March a few minutes later (within the session's
 * idle time: the other till's user is still signed in).
 */
async function closedBooks(late: number, role: Role = 'owner') {
  const backend = await realCore(role);
  await backend.setClock(Date.UTC(2026, 3, 1, 9, 0));
  await backend.run('finances.setup', { template: 'prc_small_business', utc_offset_minutes: 480 });
  await backend.joinAnotherDevice();
  await backend.run('finances.periods.close', { through: '2026-03-31' });
  await backend.setClock(Date.UTC(2026, 3, 1, 9, 5));
  for (let sale = 0; sale < late; sale++) {
    await backend.fromAnotherDevice('finances.income.create', {
      date: '2026-03-30',
      amount: '1286.00',
      description: 'Walk-in sale',
    });
  }
  return backend;
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: late postings', { timeout: 30_000 }, () => {
  it('warns where the books are closed of entries posted into the closed period after it closed, and lists them', async () => {
    const backend = await closedBooks(1);
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const alert = await screen.findByTestId('late-postings', {}, SLOW);
    expect(alert).toHaveTextContent(
      '1 entry was posted into the closed period after it was closed (from a device that was offline)',
    );
    await userEvent.click(within(alert).getByTestId('late-postings-toggle'));
    const row = await within(alert).findByTestId('late-posting-row', {}, SLOW);
    expect(row).toHaveTextContent('2026-03-30');
    expect(row).toHaveTextContent('Walk-in sale');
    expect(row).toHaveTextContent('1,286.00');
    // The other till's user: the owner, there.
    expect(row).toHaveTextContent('Owner');
  });

  it('shows it to those who only read the books, too', async () => {
    const backend = await closedBooks(2);
    const reader = await backend.signInWith(['customers.read', 'finance.read']);
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: reader });

    expect(await screen.findByTestId('late-postings', {}, SLOW)).toHaveTextContent('2 entries were posted');
  });

  it('shows nothing while there are none', async () => {
    const backend = await closedBooks(0);
    navigate('finance', 'accounts');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.periods.late_postings')).toHaveLength(1), SLOW);
    expect(await screen.findByTestId('periods-status', {}, SLOW)).toHaveTextContent('Books closed through 2026-03-31');
    expect(screen.queryByTestId('late-postings')).not.toBeInTheDocument();
  });
});
