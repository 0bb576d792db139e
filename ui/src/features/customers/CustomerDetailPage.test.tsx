import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import * as download from '../../shared/download';
import { CustomerDetailPage } from './CustomerDetailPage';

const CUSTOMER: Customer = {
  id: 'c1',
  name: 'Acme',
  email: 'acme@example.com',
  phone: '+86 138 0000 0000',
  address: { line1: '1 Road', line2: '', city: '上海', region: '', postal_code: '', country: 'CN' },
  tax_id: null,
  tags: ['vip'],
  archived: false,
  erased: false,
  created_at_ms: 1_700_000_000_000,
  updated_at_ms: 1_700_000_000_000,
};

const ERASED: Customer = {
  ...CUSTOMER,
  name: '—',
  email: null,
  phone: null,
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  tags: [],
  archived: true,
  erased: true,
};

const OWNER = sessionAs('owner', ['customers.read', 'customers.write', 'customers.export', 'customers.erase']);

afterEach(() => vi.restoreAllMocks());

describe('CustomerDetailPage privacy', () => {
  it('erases only after a confirm that says it cannot be undone, then shows the reloaded, erased customer', async () => {
    let stored = CUSTOMER;
    const calls = mockCommands({
      'customers.get': () => stored,
      'customers.timeline': () => [],
      'customers.gdpr.erase': () => {
        stored = ERASED;
        return ERASED;
      },
    });
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('customer-gdpr-erase'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('This cannot be undone.');

    // Cancelling changes nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.command === 'customers.gdpr.erase')).toBe(false);

    await userEvent.click(screen.getByTestId('customer-gdpr-erase'));
    // The cancelled dialog may still be fading out; the new one comes last.
    const dialogs = await screen.findAllByRole('dialog');
    await userEvent.click(within(dialogs[dialogs.length - 1]).getByRole('button', { name: 'Erase' }));

    expect(await screen.findByTestId('customer-detail-erased')).toHaveTextContent('Erased');
    expect(calls.filter((c) => c.command === 'customers.gdpr.erase').map((c) => c.input)).toEqual([{ id: 'c1' }]);
    const afterErase = calls.slice(calls.findIndex((c) => c.command === 'customers.gdpr.erase'));
    expect(afterErase.some((c) => c.command === 'customers.get')).toBe(true);
    expect(screen.getByTestId('customer-detail-name')).toHaveTextContent('—');
    expect(screen.queryByTestId('customer-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-unarchive')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-gdpr-erase')).not.toBeInTheDocument();
  });

  it('downloads the export as customer-<id>.json', async () => {
    const save = vi.spyOn(download, 'downloadText').mockImplementation(() => undefined);
    const data = { customer: CUSTOMER, notes: [], interactions: [], activity: [] };
    mockCommands({
      'customers.get': () => CUSTOMER,
      'customers.timeline': () => [],
      'customers.gdpr.export': () => data,
    });
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('customer-gdpr-export'));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    const [fileName, text] = save.mock.calls[0];
    expect(fileName).toBe('customer-c1.json');
    expect(JSON.parse(text)).toEqual(data);
  });

  it('shows no privacy actions without the permissions', async () => {
    mockCommands({ 'customers.get': () => CUSTOMER, 'customers.timeline': () => [] });
    renderSignedIn(<CustomerDetailPage customerId="c1" />, {
      session: sessionAs('cashier', ['customers.read', 'customers.write']),
    });

    expect(await screen.findByTestId('customer-edit')).toBeInTheDocument();
    expect(screen.queryByTestId('customer-privacy')).not.toBeInTheDocument();
  });
});

describe('CustomerDetailPage concurrent edits', () => {
  const PHONE_CLASH = [
    {
      field: 'phone',
      values: [
        {
          value: '+86 138 0000 0000',
          kept: true,
          by: 'Owner',
          device_id: '01a222fb-6369-counter',
          at_ms: 1_700_000_100_000,
        },
        {
          value: '+86 139 0000 0002',
          kept: false,
          by: 'Mia',
          device_id: '01b333fc-638c-laptop',
          at_ms: 1_700_000_200_000,
        },
      ],
    },
  ];

  it('says which field two devices changed at once, who set each value, and confirms the kept one', async () => {
    let stored = PHONE_CLASH;
    const calls = mockCommands({
      'customers.get': () => CUSTOMER,
      'customers.timeline': () => [],
      'customers.conflicts.list': () => stored,
      'customers.conflicts.resolve': () => {
        stored = [];
        return [];
      },
    });
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: OWNER });

    const panel = await screen.findByTestId('customer-conflicts');
    expect(panel).toHaveTextContent('Changed on two devices at the same time');
    const values = within(screen.getByTestId('customer-conflict-phone')).getAllByTestId('customer-conflict-value');
    expect(values).toHaveLength(2);
    expect(values[0]).toHaveAttribute('data-kept', 'true');
    expect(values[0]).toHaveTextContent('+86 138 0000 0000');
    expect(values[0]).toHaveTextContent('kept');
    expect(values[0]).toHaveTextContent('by Owner on device 01a222fb');
    expect(values[1]).toHaveTextContent('+86 139 0000 0002');
    expect(values[1]).toHaveTextContent('by Mia on device 01b333fc');
    expect(values[1]).not.toHaveTextContent('kept');

    await userEvent.click(screen.getByTestId('customer-conflict-confirm-phone'));
    await waitFor(() => expect(screen.queryByTestId('customer-conflicts')).not.toBeInTheDocument());
    expect(calls.filter((c) => c.command === 'customers.conflicts.resolve').map((c) => c.input)).toEqual([
      { id: 'c1', field: 'phone' },
    ]);
  });

  it('shows nothing when no field was changed concurrently, and no confirm button to a reader', async () => {
    mockCommands({
      'customers.get': () => CUSTOMER,
      'customers.timeline': () => [],
      'customers.conflicts.list': () => [],
    });
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: OWNER });
    await screen.findByTestId('customer-detail-name');
    expect(screen.queryByTestId('customer-conflicts')).not.toBeInTheDocument();
  });

  it('lets a reader see the clash but not confirm it', async () => {
    mockCommands({
      'customers.get': () => CUSTOMER,
      'customers.timeline': () => [],
      'customers.conflicts.list': () => PHONE_CLASH,
    });
    renderSignedIn(<CustomerDetailPage customerId="c1" />, { session: sessionAs('accountant', ['customers.read']) });
    expect(await screen.findByTestId('customer-conflicts')).toHaveTextContent('Phone');
    expect(screen.queryByTestId('customer-conflict-confirm-phone')).not.toBeInTheDocument();
  });
});
