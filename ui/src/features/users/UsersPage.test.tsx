import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RoleInfo, User } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn, sessionAs, TEST_SESSION } from '../../test/render';
import { UsersPage } from './UsersPage';

const USERS: User[] = [
  { ...TEST_SESSION.user },
  {
    id: 'u2',
    name: 'Li Manager',
    email: 'li@example.com',
    role: 'manager',
    custom_role_id: null,
    status: 'active',
    mfa_enabled: false,
    pin_set: false,
  },
  {
    id: 'u3',
    name: 'Wang Till',
    email: 'wang@example.com',
    role: 'cashier',
    custom_role_id: null,
    status: 'disabled',
    mfa_enabled: false,
    pin_set: false,
  },
];

const COUNTER_LEAD: RoleInfo = {
  key: 'r-1',
  name: 'Counter lead',
  description: '',
  built_in: false,
  permissions: ['customers.read', 'customers.write'],
  mfa_required: false,
  users: 1,
};

const ROLES: RoleInfo[] = [
  ...(['owner', 'manager', 'accountant', 'cashier', 'staff'] as const).map((key) => ({
    key,
    name: key,
    description: '',
    built_in: true,
    permissions: ['customers.read'],
    mfa_required: false,
    users: 0,
  })),
  COUNTER_LEAD,
];

/** Wang holds the custom role. */
const WITH_CUSTOM_ROLE: User[] = [USERS[0], USERS[1], { ...USERS[2], role: 'staff', custom_role_id: 'r-1' }];

/** Opens an antd Select and picks the option with the given label. */
async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label);
  fireEvent.click(options[options.length - 1]);
}

const MANAGER = {
  ...sessionAs('manager', ['customers.read', 'activity.read', 'users.read', 'users.manage']),
  user: USERS[1],
};

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

async function rowOf(email: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('user-row');
  const row = rows.find((r) => r.textContent?.includes(email));
  if (!row) throw new Error(`no row for ${email}`);
  return row;
}

describe('UsersPage', () => {
  it('lists users with their role and status', async () => {
    mockCommands({ 'users.list': () => USERS });
    renderSignedIn(<UsersPage />);

    const row = await rowOf('wang@example.com');
    expect(row).toHaveTextContent('Cashier');
    expect(row).toHaveTextContent('Disabled');
    expect(within(row).getByTestId('user-enable')).toBeInTheDocument();
    // Nobody disables their own account: the owner's own row offers no switch.
    expect(within(await rowOf('owner@example.com')).queryByTestId('user-disable')).not.toBeInTheDocument();
  });

  it('puts a taken email on the email field', async () => {
    const calls = mockCommands({
      'users.list': () => USERS,
      'users.create': () => {
        throw { code: 'conflict', message: 'another user has this email', field: 'email' };
      },
    });
    renderSignedIn(<UsersPage />);

    await userEvent.click(await screen.findByTestId('users-add'));
    await userEvent.type(screen.getByTestId('user-form-name'), 'Li Again');
    await userEvent.type(screen.getByTestId('user-form-email'), 'li@example.com');
    await userEvent.type(screen.getByTestId('user-form-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('user-form-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('user-form-email'))).toHaveTextContent(
        'Another user already has this email',
      ),
    );
    expect(calls.find((call) => call.command === 'users.create')?.input).toEqual({
      name: 'Li Again',
      email: 'li@example.com',
      role: 'staff',
      password: 'correct-horse-9',
    });
  });

  it('disables a user after confirmation', async () => {
    const calls = mockCommands({
      'users.list': () => USERS,
      'users.disable': ({ id }) => ({ ...USERS[1], id, status: 'disabled' }),
    });
    renderSignedIn(<UsersPage />);

    await userEvent.click(within(await rowOf('li@example.com')).getByTestId('user-disable'));
    const question = await screen.findByText(
      'Disable Li Manager? They are signed out at once and can no longer sign in.',
    );
    const popover = question.closest('.ant-popover');
    if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
    await userEvent.click(within(popover).getByRole('button', { name: 'Disable' }));

    await waitFor(() => expect(calls.some((call) => call.command === 'users.disable')).toBe(true));
    expect(calls.find((call) => call.command === 'users.disable')?.input).toEqual({ id: 'u2' });
  });

  it('offers a password reset to owners only, and leaves owners alone for a manager', async () => {
    mockCommands({ 'users.list': () => USERS });
    renderSignedIn(<UsersPage />, { session: MANAGER });

    const cashier = await rowOf('wang@example.com');
    expect(within(cashier).getByTestId('user-edit')).toBeInTheDocument();
    expect(within(cashier).queryByTestId('user-reset')).not.toBeInTheDocument();
    expect(within(await rowOf('owner@example.com')).queryByTestId('user-edit')).not.toBeInTheDocument();
  });
});

describe('UsersPage with custom roles', () => {
  it('shows the custom role’s name in the list', async () => {
    mockCommands({ 'users.list': () => WITH_CUSTOM_ROLE, 'users.roles.list': () => ROLES });
    renderSignedIn(<UsersPage />);

    await waitFor(async () => expect(await rowOf('wang@example.com')).toHaveTextContent('Counter lead'));
  });

  it('adds a user with a custom role as staff holding that role', async () => {
    const calls = mockCommands({
      'users.list': () => USERS,
      'users.roles.list': () => ROLES,
      'users.create': (input) => ({ ...USERS[2], id: 'u9', name: input.name, email: input.email }),
    });
    renderSignedIn(<UsersPage />);

    await userEvent.click(await screen.findByTestId('users-add'));
    await userEvent.type(screen.getByTestId('user-form-name'), 'Zhao');
    await userEvent.type(screen.getByTestId('user-form-email'), 'zhao@example.com');
    await userEvent.type(screen.getByTestId('user-form-password'), 'correct-horse-9');
    await choose(screen.getByTestId('user-form-role'), 'Counter lead');
    await userEvent.click(screen.getByTestId('user-form-submit'));

    await waitFor(() => expect(calls.some((call) => call.command === 'users.create')).toBe(true));
    expect(calls.find((call) => call.command === 'users.create')?.input).toEqual({
      name: 'Zhao',
      email: 'zhao@example.com',
      role: 'staff',
      custom_role_id: 'r-1',
      password: 'correct-horse-9',
    });
  });

  it('gives a custom role as {role: staff, custom_role_id}, and a built-in one alone', async () => {
    const calls = mockCommands({
      'users.list': () => WITH_CUSTOM_ROLE,
      'users.roles.list': () => ROLES,
      'users.update': (patch) => ({ ...USERS[1], ...patch }),
    });
    renderSignedIn(<UsersPage />);

    // Li (manager) → Counter lead.
    await userEvent.click(within(await rowOf('li@example.com')).getByTestId('user-edit'));
    await choose(screen.getByTestId('user-form-role'), 'Counter lead');
    await userEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(calls.filter((call) => call.command === 'users.update')).toHaveLength(1));

    // Wang (Counter lead) → Cashier, which clears the custom role.
    await userEvent.click(within(await rowOf('wang@example.com')).getByTestId('user-edit'));
    await waitFor(() => expect(screen.getByTitle('Counter lead')).toBeInTheDocument());
    await choose(screen.getByTestId('user-form-role'), 'Cashier');
    await userEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(calls.filter((call) => call.command === 'users.update')).toHaveLength(2));

    expect(calls.filter((call) => call.command === 'users.update').map((call) => call.input)).toEqual([
      { id: 'u2', role: 'staff', custom_role_id: 'r-1' },
      { id: 'u3', role: 'cashier' },
    ]);
  });
});

describe('UsersPage in Chinese', () => {
  inLanguage('zh-CN');

  it('says why the core refused the password, in Chinese', async () => {
    mockCommands({
      'users.list': () => USERS,
      'users.create': () => {
        throw {
          code: 'validation',
          message: 'password must have at least 8 characters',
          field: 'password',
          reason: 'too_short',
          limit: 8,
        };
      },
    });
    renderSignedIn(<UsersPage />);

    await userEvent.click(await screen.findByTestId('users-add'));
    await userEvent.type(screen.getByTestId('user-form-name'), '小李');
    await userEvent.type(screen.getByTestId('user-form-email'), 'xl@example.com');
    await userEvent.type(screen.getByTestId('user-form-password'), 'short');
    await userEvent.click(screen.getByTestId('user-form-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('user-form-password'))).toHaveTextContent('至少 8 个字符'),
    );
  });
});
