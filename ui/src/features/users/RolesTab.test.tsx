import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { inputsOf, PASSWORD, realCore } from '../../test/core';
import { confirmIn, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { UsersPage } from './UsersPage';

/** A company with the shop's own role "Counter lead", which Wang holds, signed in as `roles`. */
async function withCounterLead(roles: Role | Role[] = 'owner') {
  const backend = await realCore(roles);
  const counterLead = await backend.run('users.roles.create', {
    name: 'Counter lead',
    description: 'Runs the till',
    permissions: ['customers.read', 'customers.write', 'customers.export'],
  });
  await backend.run('users.create', {
    name: 'Wang Till',
    email: 'wang@example.com',
    role: 'staff',
    custom_role_id: counterLead.key,
    password: PASSWORD,
  });
  return { ...backend, counterLead };
}

async function openRoles() {
  await userEvent.click(await screen.findByTestId('roles-tab', {}, SLOW));
}

async function roleRow(key: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('role-row', {}, SLOW);
  const row = rows.find((r) => r.dataset.roleKey === key);
  if (!row) throw new Error(`no row for role ${key}`);
  return row;
}

describe('Roles tab', () => {
  it('lists built-in roles translated, then custom ones, with translated permissions and holders', async () => {
    const backend = await withCounterLead();
    renderSignedIn(<UsersPage />, { session: backend.session });
    await openRoles();

    const cashier = await roleRow('cashier');
    expect(cashier).toHaveTextContent('Cashier');
    expect(cashier).toHaveTextContent('Built-in');
    expect(cashier).toHaveTextContent('See customers');
    expect(cashier).toHaveTextContent('Add and change customers');
    const lead = await roleRow(backend.counterLead.key);
    expect(lead).toHaveTextContent('Counter lead');
    expect(lead).toHaveTextContent('Export customers');
    expect(lead).not.toHaveTextContent('Built-in');
    expect(within(lead).getByTestId('role-edit')).toBeInTheDocument();
    expect(within(cashier).queryByTestId('role-edit')).toBeNull();
    // Built-in roles first, then the shop's own.
    const keys = (await screen.findAllByTestId('role-row')).map((row) => row.dataset.roleKey);
    expect(keys.indexOf('cashier')).toBeLessThan(keys.indexOf(backend.counterLead.key));
  });

  it('builds the create input from the form: name, description, and the ticked permissions in order', async () => {
    const backend = await realCore();
    renderSignedIn(<UsersPage />, { session: backend.session });
    await openRoles();

    await userEvent.click(await screen.findByTestId('role-new', {}, SLOW));
    await userEvent.type(screen.getByTestId('role-form-name'), 'Stock keeper');
    await userEvent.type(screen.getByTestId('role-form-description'), 'Looks after the shelves');
    // Translated, with the core's English description beside it.
    const exportBox = (await screen.findByTestId('role-form-permission-customers.export', {}, SLOW)).closest('label');
    expect(exportBox).toHaveTextContent('Export customers');
    expect(exportBox).toHaveTextContent('Export customers and their personal data');
    // A custom role can never hold the owner's security.manage: it is not offered.
    expect(screen.queryByTestId('role-form-permission-security.manage')).toBeNull();

    await userEvent.click(screen.getByTestId('role-form-permission-customers.export'));
    await userEvent.click(screen.getByTestId('role-form-permission-customers.read'));
    await userEvent.click(screen.getByTestId('role-form-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'users.roles.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'users.roles.create')).toEqual([
      {
        name: 'Stock keeper',
        description: 'Looks after the shelves',
        permissions: ['customers.read', 'customers.export'],
      },
    ]);
    expect(await screen.findByText('Role “Stock keeper” created', {}, SLOW)).toBeInTheDocument();
    const made = (await backend.run('users.roles.list', {})).find((role) => role.name === 'Stock keeper');
    expect(made).toMatchObject({
      built_in: false,
      description: 'Looks after the shelves',
      permissions: ['customers.read', 'customers.export'],
    });
  });

  it('shows the core’s words when a manager hands out a permission they do not hold', async () => {
    const backend = await realCore(['manager', 'owner']);
    renderSignedIn(<UsersPage />, { session: backend.session });
    await openRoles();

    await userEvent.click(await screen.findByTestId('role-new', {}, SLOW));
    await userEvent.type(screen.getByTestId('role-form-name'), 'Auditor');
    // The books' set-up is the owner's and the accountant's, not a manager's to give.
    await userEvent.click(await screen.findByTestId('role-form-permission-finance.manage', {}, SLOW));
    await userEvent.click(screen.getByTestId('role-form-submit'));

    expect(
      await screen.findByText(
        'Not allowed: Li Manager may not hand out finance.manage, which they do not hold',
        {},
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'users.roles.create')).toEqual([
      { name: 'Auditor', permissions: ['finance.manage'] },
    ]);
    expect((await backend.run('users.roles.list', {})).some((role) => role.name === 'Auditor')).toBe(false);
  });

  it('lets the owner require two-step sign-in of a role; a manager sees the switch but cannot use it', async () => {
    const backend = await realCore(['owner', 'manager']);
    const { unmount } = renderSignedIn(<UsersPage />, { session: backend.session });
    await openRoles();

    const toggle = within(await roleRow('cashier')).getByTestId('role-mfa-cashier');
    expect(toggle).not.toBeDisabled();
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    await userEvent.click(toggle);

    await waitFor(() => expect(toggle).toHaveAttribute('aria-checked', 'true'), SLOW);
    expect(inputsOf(backend.calls, 'users.roles.mfa')).toEqual([{ role: 'cashier', required: true }]);
    const cashier = (await backend.run('users.roles.list', {})).find((role) => role.key === 'cashier');
    expect(cashier?.mfa_required).toBe(true);
    unmount();

    const manager = backend.sessions.manager;
    if (!manager) throw new Error('the manager is not signed in');
    renderSignedIn(<UsersPage />, { session: manager });
    await openRoles();
    expect(within(await roleRow('owner')).getByTestId('role-mfa-owner')).toBeDisabled();
  });

  it('says why a role somebody holds cannot be deleted', async () => {
    const backend = await withCounterLead();
    renderSignedIn(<UsersPage />, { session: backend.session });
    await openRoles();

    await userEvent.click(within(await roleRow(backend.counterLead.key)).getByTestId('role-delete'));
    await confirmIn('Delete the role “Counter lead”?', 'Delete');

    expect(
      await screen.findByText('Somebody still holds this role. Give them another role first.', {}, SLOW),
    ).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'users.roles.delete')).toEqual([{ id: backend.counterLead.key }]);
    expect((await backend.run('users.roles.list', {})).some((role) => role.key === backend.counterLead.key)).toBe(true);
  });
});

describe('Roles tab in Chinese', () => {
  inLanguage('zh-CN');

  it('names built-in roles and permissions in Chinese', async () => {
    const backend = await realCore();
    renderSignedIn(<UsersPage />, { session: backend.session });
    await openRoles();

    const cashier = await roleRow('cashier');
    expect(cashier).toHaveTextContent('收银员');
    expect(cashier).toHaveTextContent('查看客户');
  });
});
