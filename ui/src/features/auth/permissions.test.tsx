import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { navigate } from '../../shared/router';
import { CustomerDetailPage } from '../customers/CustomerDetailPage';
import { SegmentsPage } from '../segments/SegmentsPage';
import { AppShell } from '../shell/AppShell';

/**
 * A company with a customer and a segment, and `role` signed in: its permissions are the ones the core's role
 * table gives it.
 */
async function signedInAs(role: Role) {
  const backend = await realCore([role, 'owner']);
  const customer = await backend.run('customers.create', { name: 'Acme' });
  await backend.run('customers.segments.create', { name: 'VIP', criteria: { match: 'all', rules: [] } });
  return { ...backend, customer };
}

afterEach(() => {
  window.location.hash = '';
});

describe('a cashier', () => {
  it('sees neither the activity log nor users in the sidebar, and cannot reach them by address', async () => {
    const cashier = await signedInAs('cashier');
    navigate('activity');
    renderSignedIn(<AppShell />, { session: cashier.session });

    expect(await screen.findByTestId('nav-customers', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('nav-activity')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument();
    expect(screen.queryByTestId('activity-table')).not.toBeInTheDocument();
    expect(cashier.calls.some((call) => call.command.startsWith('users.activity.'))).toBe(false);
  });

  it('may add customers but neither import nor export them', async () => {
    const cashier = await signedInAs('cashier');
    renderSignedIn(<AppShell />, { session: cashier.session });

    expect(await screen.findByTestId('customers-new', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('customers-import')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customers-export')).not.toBeInTheDocument();
  });

  it('may edit, archive and write notes on a customer', async () => {
    const cashier = await signedInAs('cashier');
    renderSignedIn(<CustomerDetailPage customerId={cashier.customer.id} />, { session: cashier.session });

    expect(await screen.findByTestId('customer-edit', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId('customer-archive')).toBeInTheDocument();
    expect(screen.getByTestId('note-text')).toBeInTheDocument();
  });
});

describe('an accountant', () => {
  it('sees the activity log but not users', async () => {
    const accountant = await signedInAs('accountant');
    renderSignedIn(<AppShell />, { session: accountant.session });

    expect(await screen.findByTestId('nav-activity', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument();
  });

  it('may export customers, but not import, add, edit, archive or write on the timeline', async () => {
    const accountant = await signedInAs('accountant');
    renderSignedIn(<AppShell />, { session: accountant.session });

    expect(await screen.findByTestId('customers-export', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('customers-import')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customers-new')).not.toBeInTheDocument();
  });

  it('reads a customer without edit, archive or the timeline composer', async () => {
    const accountant = await signedInAs('accountant');
    renderSignedIn(<CustomerDetailPage customerId={accountant.customer.id} />, { session: accountant.session });

    expect(await screen.findByTestId('customer-detail-name', {}, SLOW)).toHaveTextContent('Acme');
    expect(screen.queryByTestId('customer-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-archive')).not.toBeInTheDocument();
    expect(screen.queryByTestId('note-text')).not.toBeInTheDocument();
  });

  it('lists segments without create, edit or delete', async () => {
    const accountant = await signedInAs('accountant');
    renderSignedIn(<SegmentsPage />, { session: accountant.session });

    await waitFor(() => expect(screen.getByText('VIP')).toBeInTheDocument(), SLOW);
    expect(screen.queryByTestId('segments-new')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });
});
