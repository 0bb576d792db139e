import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PermissionInfo, RoleInfo } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn, sessionAs, TEST_SESSION } from '../../test/render';
import { UsersPage } from './UsersPage';

const PERMISSIONS: PermissionInfo[] = [
  { permission: 'customers.read', description: 'See customers, notes, interactions and segments' },
  { permission: 'customers.write', description: 'Add and change customers, notes, interactions and segments' },
  { permission: 'customers.import', description: 'Import customers from a file' },
  { permission: 'customers.export', description: 'Export customers and their personal data' },
  { permission: 'customers.erase', description: "Erase a customer's personal data for good" },
  { permission: 'activity.read', description: 'See, check and export the activity log' },
  { permission: 'users.read', description: 'See the staff list and roles' },
  { permission: 'users.manage', description: 'Add, change and disable staff and roles' },
  { permission: 'security.manage', description: 'Encryption keys and sign-in rules (owners only)' },
];

const COUNTER_LEAD: RoleInfo = {
  key: 'r-1',
  name: 'Counter lead',
  description: 'Runs the till',
  built_in: false,
  permissions: ['customers.read', 'customers.write', 'customers.export'],
  mfa_required: false,
  users: 1,
};

const ROLES: RoleInfo[] = [
  {
    key: 'owner',
    name: 'owner',
    description: '',
    built_in: true,
    permissions: PERMISSIONS.map((p) => p.permission),
    mfa_required: true,
    users: 1,
  },
  {
    key: 'cashier',
    name: 'cashier',
    description: '',
    built_in: true,
    permissions: ['customers.read', 'customers.write'],
    mfa_required: false,
    users: 2,
  },
  COUNTER_LEAD,
];

const OWNER = { ...TEST_SESSION, permissions: [...TEST_SESSION.permissions, 'security.manage'] };
const MANAGER = sessionAs('manager', ['customers.read', 'users.read', 'users.manage']);

async function openRoles() {
  await userEvent.click(await screen.findByTestId('roles-tab'));
}

async function roleRow(key: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('role-row');
  const row = rows.find((r) => r.dataset.roleKey === key);
  if (!row) throw new Error(`no row for role ${key}`);
  return row;
}

describe('Roles tab', () => {
  it('lists built-in roles translated, then custom ones, with translated permissions and holders', async () => {
    mockCommands({ 'users.list': () => [], 'users.roles.list': () => ROLES });
    renderSignedIn(<UsersPage />, { session: OWNER });
    await openRoles();

    const cashier = await roleRow('cashier');
    expect(cashier).toHaveTextContent('Cashier');
    expect(cashier).toHaveTextContent('Built-in');
    expect(cashier).toHaveTextContent('See customers');
    expect(cashier).toHaveTextContent('Add and change customers');
    const lead = await roleRow('r-1');
    expect(lead).toHaveTextContent('Counter lead');
    expect(lead).toHaveTextContent('Export customers');
    expect(lead).not.toHaveTextContent('Built-in');
    expect(within(lead).getByTestId('role-edit')).toBeInTheDocument();
    expect(within(cashier).queryByTestId('role-edit')).toBeNull();
  });

  it('builds the create input from the form: name, description, and the ticked permissions in order', async () => {
    const calls = mockCommands({
      'users.list': () => [],
      'users.roles.list': () => ROLES,
      'users.permissions.list': () => PERMISSIONS,
      'users.roles.create': (input) => ({
        key: 'r-2',
        name: input.name,
        description: input.description ?? '',
        built_in: false,
        permissions: input.permissions,
        mfa_required: false,
        users: 0,
      }),
    });
    renderSignedIn(<UsersPage />, { session: OWNER });
    await openRoles();

    await userEvent.click(await screen.findByTestId('role-new'));
    await userEvent.type(screen.getByTestId('role-form-name'), 'Stock keeper');
    await userEvent.type(screen.getByTestId('role-form-description'), 'Looks after the shelves');
    // Translated, with the core's English description beside it.
    const exportBox = (await screen.findByTestId('role-form-permission-customers.export')).closest('label');
    expect(exportBox).toHaveTextContent('Export customers');
    expect(exportBox).toHaveTextContent('Export customers and their personal data');
    // A custom role can never hold the owner's security.manage: it is not offered.
    expect(screen.queryByTestId('role-form-permission-security.manage')).toBeNull();

    await userEvent.click(screen.getByTestId('role-form-permission-customers.export'));
    await userEvent.click(screen.getByTestId('role-form-permission-customers.read'));
    await userEvent.click(screen.getByTestId('role-form-submit'));

    await waitFor(() => expect(calls.some((c) => c.command === 'users.roles.create')).toBe(true));
    expect(calls.find((c) => c.command === 'users.roles.create')?.input).toEqual({
      name: 'Stock keeper',
      description: 'Looks after the shelves',
      permissions: ['customers.read', 'customers.export'],
    });
    expect(await screen.findByText('Role “Stock keeper” created')).toBeInTheDocument();
  });

  it('shows the core’s words when a manager hands out a permission they do not hold', async () => {
    mockCommands({
      'users.list': () => [],
      'users.roles.list': () => ROLES,
      'users.permissions.list': () => PERMISSIONS,
      'users.roles.create': () => {
        throw { code: 'forbidden', message: 'manager may not hand out activity.read, which they do not hold' };
      },
    });
    renderSignedIn(<UsersPage />, { session: MANAGER });
    await openRoles();

    await userEvent.click(await screen.findByTestId('role-new'));
    await userEvent.type(screen.getByTestId('role-form-name'), 'Auditor');
    await userEvent.click(await screen.findByTestId('role-form-permission-activity.read'));
    await userEvent.click(screen.getByTestId('role-form-submit'));

    expect(
      await screen.findByText('Not allowed: manager may not hand out activity.read, which they do not hold'),
    ).toBeInTheDocument();
  });

  it('lets the owner require two-step sign-in of a role; a manager sees the switch but cannot use it', async () => {
    const calls = mockCommands({
      'users.list': () => [],
      'users.roles.list': () => ROLES,
      'users.roles.mfa': () => ({}),
    });
    const { unmount } = renderSignedIn(<UsersPage />, { session: OWNER });
    await openRoles();

    const toggle = within(await roleRow('cashier')).getByTestId('role-mfa-cashier');
    expect(toggle).not.toBeDisabled();
    expect(toggle).toHaveAttribute('aria-checked', 'false');
    await userEvent.click(toggle);

    await waitFor(() => expect(toggle).toHaveAttribute('aria-checked', 'true'));
    expect(calls.find((c) => c.command === 'users.roles.mfa')?.input).toEqual({ role: 'cashier', required: true });
    unmount();

    mockCommands({ 'users.list': () => [], 'users.roles.list': () => ROLES });
    renderSignedIn(<UsersPage />, { session: MANAGER });
    await openRoles();
    expect(within(await roleRow('owner')).getByTestId('role-mfa-owner')).toBeDisabled();
  });

  it('says why a role somebody holds cannot be deleted', async () => {
    const calls = mockCommands({
      'users.list': () => [],
      'users.roles.list': () => ROLES,
      'users.roles.delete': () => {
        throw { code: 'conflict', message: '1 user(s) hold the role Counter lead; give them another role first' };
      },
    });
    renderSignedIn(<UsersPage />, { session: OWNER });
    await openRoles();

    await userEvent.click(within(await roleRow('r-1')).getByTestId('role-delete'));
    const question = await screen.findByText('Delete the role “Counter lead”?');
    const popover = question.closest('.ant-popover');
    if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
    await userEvent.click(within(popover).getByRole('button', { name: 'Delete' }));

    expect(
      await screen.findByText('Somebody still holds this role. Give them another role first.'),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'users.roles.delete')?.input).toEqual({ id: 'r-1' });
  });
});

describe('Roles tab in Chinese', () => {
  inLanguage('zh-CN');

  it('names built-in roles and permissions in Chinese', async () => {
    mockCommands({ 'users.list': () => [], 'users.roles.list': () => ROLES });
    renderSignedIn(<UsersPage />, { session: OWNER });
    await openRoles();

    const cashier = await roleRow('cashier');
    expect(cashier).toHaveTextContent('收银员');
    expect(cashier).toHaveTextContent('查看客户');
  });
});
