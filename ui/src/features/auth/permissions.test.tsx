import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Customer, Segment } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { CustomerDetailPage } from '../customers/CustomerDetailPage';
import { SegmentsPage } from '../segments/SegmentsPage';
import { AppShell } from '../shell/AppShell';

// The permissions each role holds in docs/commands.md (Roles).
const CASHIER = sessionAs('cashier', ['customers.read', 'customers.write']);
const ACCOUNTANT = sessionAs('accountant', ['customers.read', 'customers.export', 'activity.read']);

const CUSTOMER: Customer = {
  id: 'c1',
  name: 'Acme',
  email: null,
  phone: null,
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  tax_id: null,
  tags: [],
  archived: false,
  erased: false,
  created_at_ms: 1_700_000_000_000,
  updated_at_ms: 1_700_000_000_000,
};

const SEGMENT: Segment = {
  id: 's1',
  name: 'VIP',
  description: '',
  criteria: { match: 'all', rules: [] },
  member_count: 3,
  created_at_ms: 1_700_000_000_000,
  updated_at_ms: 1_700_000_000_000,
};

function mockReads() {
  return mockCommands({
    'customers.list': () => ({ total: 1, items: [CUSTOMER] }),
    'customers.tags.list': () => [],
    'customers.get': () => CUSTOMER,
    'customers.timeline': () => [],
    'customers.segments.list': () => [SEGMENT],
    'users.activity.list': () => ({ total: 0, items: [] }),
  });
}

afterEach(() => {
  window.location.hash = '';
});

describe('a cashier-like session (customers.read, customers.write)', () => {
  it('sees neither the activity log nor users in the sidebar, and cannot reach them by address', async () => {
    mockReads();
    navigate('activity');
    renderSignedIn(<AppShell />, { session: CASHIER });

    expect(await screen.findByTestId('nav-customers')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-activity')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument();
    expect(screen.queryByTestId('activity-table')).not.toBeInTheDocument();
  });

  it('may add customers but neither import nor export them', async () => {
    mockReads();
    renderSignedIn(<AppShell />, { session: CASHIER });

    expect(await screen.findByTestId('customers-new')).toBeInTheDocument();
    expect(screen.queryByTestId('customers-import')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customers-export')).not.toBeInTheDocument();
  });

  it('may edit, archive and write notes on a customer', async () => {
    mockReads();
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: CASHIER });

    expect(await screen.findByTestId('customer-edit')).toBeInTheDocument();
    expect(screen.getByTestId('customer-archive')).toBeInTheDocument();
    expect(screen.getByTestId('note-text')).toBeInTheDocument();
  });
});

describe('an accountant-like session (customers.read, customers.export, activity.read)', () => {
  it('sees the activity log but not users', async () => {
    mockReads();
    renderSignedIn(<AppShell />, { session: ACCOUNTANT });

    expect(await screen.findByTestId('nav-activity')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-users')).not.toBeInTheDocument();
  });

  it('may export customers, but not import, add, edit, archive or write on the timeline', async () => {
    mockReads();
    renderSignedIn(<AppShell />, { session: ACCOUNTANT });

    expect(await screen.findByTestId('customers-export')).toBeInTheDocument();
    expect(screen.queryByTestId('customers-import')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customers-new')).not.toBeInTheDocument();
  });

  it('reads a customer without edit, archive or the timeline composer', async () => {
    mockReads();
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: ACCOUNTANT });

    expect(await screen.findByTestId('customer-detail-name')).toHaveTextContent('Acme');
    expect(screen.queryByTestId('customer-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-archive')).not.toBeInTheDocument();
    expect(screen.queryByTestId('note-text')).not.toBeInTheDocument();
  });

  it('lists segments without create, edit or delete', async () => {
    mockReads();
    renderSignedIn(<SegmentsPage />, { session: ACCOUNTANT });

    await waitFor(() => expect(screen.getByText('VIP')).toBeInTheDocument());
    expect(screen.queryByTestId('segments-new')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });
});
