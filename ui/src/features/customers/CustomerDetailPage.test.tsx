import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomerInput, Role } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import * as download from '../../shared/download';
import { CustomerDetailPage } from './CustomerDetailPage';

const ACME: CustomerInput = {
  name: 'Acme',
  email: 'acme@example.com',
  phone: '+86 138 0000 0000',
  address: { line1: '1 Road', line2: '', city: '上海', region: '', postal_code: '', country: 'CN' },
  tags: ['vip'],
};

/** A company with Acme, signed in as `roles` (the first is the session). */
async function withAcme(roles: Role | Role[] = 'owner') {
  const backend = await realCore(roles);
  const acme = await backend.run('customers.create', ACME);
  return { ...backend, acme };
}

afterEach(() => vi.restoreAllMocks());

describe('CustomerDetailPage privacy', () => {
  it('erases only after a confirm that says it cannot be undone, then shows the reloaded, erased customer', async () => {
    const backend = await withAcme();
    renderSignedIn(<CustomerDetailPage customerId={backend.acme.id} />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('customer-gdpr-erase', {}, SLOW));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(dialog).toHaveTextContent('This cannot be undone.');

    // Cancelling changes nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(inputsOf(backend.calls, 'customers.gdpr.erase')).toEqual([]);
    expect((await backend.run('customers.get', { id: backend.acme.id })).erased).toBe(false);

    await userEvent.click(screen.getByTestId('customer-gdpr-erase'));
    // The cancelled dialog may still be fading out; the new one comes last.
    const dialogs = await screen.findAllByRole('dialog', {}, SLOW);
    await userEvent.click(within(dialogs[dialogs.length - 1]).getByRole('button', { name: 'Erase' }));

    expect(await screen.findByTestId('customer-detail-erased', {}, SLOW)).toHaveTextContent('Erased');
    expect(inputsOf(backend.calls, 'customers.gdpr.erase')).toEqual([{ id: backend.acme.id }]);
    const afterErase = backend.calls.slice(backend.calls.findIndex((c) => c.command === 'customers.gdpr.erase'));
    expect(afterErase.some((c) => c.command === 'customers.get')).toBe(true);
    // What the core now holds: the record, without who it was.
    const erased = await backend.run('customers.get', { id: backend.acme.id });
    expect(erased).toMatchObject({ erased: true, archived: true, email: null, phone: null, tags: [] });
    expect(screen.getByTestId('customer-detail-name')).toHaveTextContent(erased.name);
    expect(screen.queryByText('acme@example.com')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-edit')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-unarchive')).not.toBeInTheDocument();
    expect(screen.queryByTestId('customer-gdpr-erase')).not.toBeInTheDocument();
  });

  it('downloads the export as customer-<id>.json', async () => {
    const backend = await withAcme();
    await backend.run('customers.notes.create', { customer_id: backend.acme.id, text: 'Prefers green tea' });
    const save = vi.spyOn(download, 'downloadText').mockImplementation(() => undefined);
    renderSignedIn(<CustomerDetailPage customerId={backend.acme.id} />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('customer-gdpr-export', {}, SLOW));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1), SLOW);
    const [fileName, text] = save.mock.calls[0];
    expect(fileName).toBe(`customer-${backend.acme.id}.json`);
    // The core's export as it answered: the customer, their note, and what was done to them.
    const exported = JSON.parse(text) as unknown;
    const customer = await backend.run('customers.get', { id: backend.acme.id });
    const notes = await backend.run('customers.notes.list', { customer_id: backend.acme.id });
    expect(exported).toMatchObject({ customer, notes, interactions: [] });
    expect(notes).toMatchObject([{ text: 'Prefers green tea' }]);
    expect(exported).toHaveProperty(
      'activity',
      expect.arrayContaining([expect.objectContaining({ command: 'customers.create' })]),
    );
  });

  it('shows no privacy actions without the permissions', async () => {
    const backend = await withAcme(['cashier', 'owner']);
    renderSignedIn(<CustomerDetailPage customerId={backend.acme.id} />, { session: backend.session });

    expect(await screen.findByTestId('customer-edit', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('customer-privacy')).not.toBeInTheDocument();
  });
});

describe('CustomerDetailPage concurrent edits', () => {
  /**
   * Acme's phone changed here, and on the till while it was offline: after sync, both values are in the record,
   * one of them kept on every device.
   */
  async function phoneClash(roles: Role | Role[] = 'owner') {
    const backend = await withAcme(roles);
    await backend.joinAnotherDevice();
    await backend.run('customers.update', { id: backend.acme.id, phone: '+86 138 0000 0001' });
    await backend.fromAnotherDevice('customers.update', { id: backend.acme.id, phone: '+86 139 0000 0002' });
    const clash = await backend.run('customers.conflicts.list', { id: backend.acme.id });
    expect(
      clash.map((edit) => edit.field),
      'the two devices changed the phone at once',
    ).toEqual(['phone']);
    return { ...backend, clash };
  }

  it('says which field two devices changed at once, who set each value, and confirms the kept one', async () => {
    const backend = await phoneClash();
    const [kept, other] = backend.clash[0].values;
    renderSignedIn(<CustomerDetailPage customerId={backend.acme.id} />, { session: backend.session });

    const panel = await screen.findByTestId('customer-conflicts', {}, SLOW);
    expect(panel).toHaveTextContent('Changed on two devices at the same time');
    const values = within(screen.getByTestId('customer-conflict-phone')).getAllByTestId('customer-conflict-value');
    expect(values).toHaveLength(2);
    // The kept value first: the one the record shows.
    const record = await backend.run('customers.get', { id: backend.acme.id });
    expect(kept).toMatchObject({ kept: true, value: record.phone, by: 'Owner' });
    expect(other).toMatchObject({ kept: false, by: 'Owner' });
    expect(values[0]).toHaveAttribute('data-kept', 'true');
    expect(values[0]).toHaveTextContent(String(kept.value));
    expect(values[0]).toHaveTextContent('kept');
    expect(values[0]).toHaveTextContent('by Owner on device');
    expect(values[1]).toHaveTextContent(String(other.value));
    expect(values[1]).toHaveTextContent('by Owner on device');
    expect(values[1]).not.toHaveTextContent('kept');
    expect([kept.value, other.value].sort()).toEqual(['+86 138 0000 0001', '+86 139 0000 0002']);
    // Each value names its device, and the two devices can be told apart on screen.
    const whoKept = within(values[0]).getByTitle(String(kept.device_id));
    const whoOther = within(values[1]).getByTitle(String(other.device_id));
    expect(kept.device_id).not.toBe(other.device_id);
    expect(whoKept.textContent).not.toBe(whoOther.textContent);

    await userEvent.click(screen.getByTestId('customer-conflict-confirm-phone'));
    await waitFor(() => expect(screen.queryByTestId('customer-conflicts')).not.toBeInTheDocument(), SLOW);
    expect(inputsOf(backend.calls, 'customers.conflicts.resolve')).toEqual([{ id: backend.acme.id, field: 'phone' }]);
    expect(await backend.run('customers.conflicts.list', { id: backend.acme.id })).toEqual([]);
    expect((await backend.run('customers.get', { id: backend.acme.id })).phone).toBe(kept.value);
  });

  it('shows nothing when no field was changed concurrently, and no confirm button to a reader', async () => {
    const backend = await withAcme();
    // Changed on the till, then here after it synced: one after the other, not at once.
    await backend.fromAnotherDevice('customers.update', { id: backend.acme.id, phone: '+86 139 0000 0002' });
    await backend.run('customers.update', { id: backend.acme.id, phone: '+86 138 0000 0001' });
    renderSignedIn(<CustomerDetailPage customerId={backend.acme.id} />, { session: backend.session });

    await waitFor(() => expect(inputsOf(backend.calls, 'customers.conflicts.list')).toHaveLength(1), SLOW);
    expect(await screen.findByTestId('customer-detail-name', {}, SLOW)).toHaveTextContent('Acme');
    expect(await backend.run('customers.conflicts.list', { id: backend.acme.id })).toEqual([]);
    expect(screen.queryByTestId('customer-conflicts')).not.toBeInTheDocument();
  });

  it('lets a reader see the clash but not confirm it', async () => {
    const backend = await phoneClash(['accountant', 'owner']);
    renderSignedIn(<CustomerDetailPage customerId={backend.acme.id} />, { session: backend.session });

    expect(await screen.findByTestId('customer-conflicts', {}, SLOW)).toHaveTextContent('Phone');
    expect(screen.queryByTestId('customer-conflict-confirm-phone')).not.toBeInTheDocument();
  });
});
