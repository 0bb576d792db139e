import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/bindings';
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
