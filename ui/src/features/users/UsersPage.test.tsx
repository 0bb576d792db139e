import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { inputsOf, PASSWORD, realCore } from '../../test/core';
import { choose, confirmIn, formItemOf, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { UsersPage } from './UsersPage';

/** A company whose owner has taken on Li, a manager, and Wang, a cashier who has left (disabled). */
async function staffed(roles: Role | Role[] = 'owner') {
  const backend = await realCore(roles);
  const li = await backend.run('users.create', {
    name: 'Li Manager',
    email: 'li@example.com',
    role: 'manager',
    password: PASSWORD,
  });
  const wang = await backend.run('users.create', {
    name: 'Wang Till',
    email: 'wang@example.com',
    role: 'cashier',
    password: PASSWORD,
  });
  await backend.run('users.disable', { id: wang.id });
  return { ...backend, li, wang };
}

/** Li the manager, and Wang holding the shop's own role "Counter lead". */
async function withCustomRole() {
  const backend = await realCore();
  const counterLead = await backend.run('users.roles.create', {
    name: 'Counter lead',
    permissions: ['customers.read', 'customers.write'],
  });
  const li = await backend.run('users.create', {
    name: 'Li Manager',
    email: 'li@example.com',
    role: 'manager',
    password: PASSWORD,
  });
  const wang = await backend.run('users.create', {
    name: 'Wang Till',
    email: 'wang@example.com',
    role: 'staff',
    custom_role_id: counterLead.key,
    password: PASSWORD,
  });
  return { ...backend, counterLead, li, wang };
}

async function rowOf(email: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('user-row', {}, SLOW);
  const row = rows.find((r) => r.textContent?.includes(email));
  if (!row) throw new Error(`no row for ${email}`);
  return row;
}

describe('UsersPage', () => {
  it('lists users with their role and status', async () => {
    const backend = await staffed();
    renderSignedIn(<UsersPage />, { session: backend.session });

    const row = await rowOf('wang@example.com');
    expect(row).toHaveTextContent('Cashier');
    expect(row).toHaveTextContent('Disabled');
    expect(within(row).getByTestId('user-enable')).toBeInTheDocument();
    expect(await rowOf('li@example.com')).toHaveTextContent('Manager');
    // Nobody disables their own account: the owner's own row offers no switch.
    expect(within(await rowOf('owner@example.com')).queryByTestId('user-disable')).not.toBeInTheDocument();
  });

  it('puts a taken email on the email field', async () => {
    const backend = await staffed();
    renderSignedIn(<UsersPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('users-add', {}, SLOW));
    await userEvent.type(screen.getByTestId('user-form-name'), 'Li Again');
    await userEvent.type(screen.getByTestId('user-form-email'), 'li@example.com');
    await userEvent.type(screen.getByTestId('user-form-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('user-form-submit'));

    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('user-form-email'))).toHaveTextContent(
          'Another user already has this email',
        ),
      SLOW,
    );
    expect(inputsOf(backend.calls, 'users.create')).toEqual([
      { name: 'Li Again', email: 'li@example.com', role: 'staff', password: 'correct-horse-9' },
    ]);
    expect((await backend.run('users.list', {})).filter((user) => user.email === 'li@example.com')).toHaveLength(1);
  });

  it('disables a user after confirmation', async () => {
    const backend = await staffed();
    renderSignedIn(<UsersPage />, { session: backend.session });

    await userEvent.click(within(await rowOf('li@example.com')).getByTestId('user-disable'));
    await confirmIn('Disable Li Manager? They are signed out at once and can no longer sign in.', 'Disable');

    await waitFor(() => expect(inputsOf(backend.calls, 'users.disable')).toEqual([{ id: backend.li.id }]), SLOW);
    await waitFor(async () => expect(await rowOf('li@example.com')).toHaveTextContent('Disabled'), SLOW);
    const li = (await backend.run('users.list', {})).find((user) => user.id === backend.li.id);
    expect(li?.status).toBe('disabled');
  });

  it('offers a password reset to owners only, and leaves owners alone for a manager', async () => {
    const backend = await staffed(['manager', 'owner']);
    renderSignedIn(<UsersPage />, { session: backend.session });

    const cashier = await rowOf('wang@example.com');
    expect(within(cashier).getByTestId('user-edit')).toBeInTheDocument();
    expect(within(cashier).queryByTestId('user-reset')).not.toBeInTheDocument();
    expect(within(await rowOf('owner@example.com')).queryByTestId('user-edit')).not.toBeInTheDocument();
  });
});

describe('UsersPage with custom roles', () => {
  it('shows the custom role’s name in the list', async () => {
    const backend = await withCustomRole();
    renderSignedIn(<UsersPage />, { session: backend.session });

    await waitFor(async () => expect(await rowOf('wang@example.com')).toHaveTextContent('Counter lead'), SLOW);
  });

  it('adds a user with a custom role as staff holding that role', async () => {
    const backend = await withCustomRole();
    renderSignedIn(<UsersPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('users-add', {}, SLOW));
    await userEvent.type(screen.getByTestId('user-form-name'), 'Zhao');
    await userEvent.type(screen.getByTestId('user-form-email'), 'zhao@example.com');
    await userEvent.type(screen.getByTestId('user-form-password'), 'correct-horse-9');
    await choose(screen.getByTestId('user-form-role'), 'Counter lead');
    await userEvent.click(screen.getByTestId('user-form-submit'));

    await waitFor(() => expect(inputsOf(backend.calls, 'users.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'users.create')).toEqual([
      {
        name: 'Zhao',
        email: 'zhao@example.com',
        role: 'staff',
        custom_role_id: backend.counterLead.key,
        password: 'correct-horse-9',
      },
    ]);
    await waitFor(async () => expect(await rowOf('zhao@example.com')).toHaveTextContent('Counter lead'), SLOW);
    const zhao = (await backend.run('users.list', {})).find((user) => user.email === 'zhao@example.com');
    expect(zhao).toMatchObject({ role: 'staff', custom_role_id: backend.counterLead.key });
  });

  it('gives a custom role as {role: staff, custom_role_id}, and a built-in one alone', async () => {
    const backend = await withCustomRole();
    renderSignedIn(<UsersPage />, { session: backend.session });

    // Li (manager) → Counter lead.
    await userEvent.click(within(await rowOf('li@example.com')).getByTestId('user-edit'));
    await choose(screen.getByTestId('user-form-role'), 'Counter lead');
    await userEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(inputsOf(backend.calls, 'users.update')).toHaveLength(1), SLOW);
    await waitFor(async () => expect(await rowOf('li@example.com')).toHaveTextContent('Counter lead'), SLOW);

    // Wang (Counter lead) → Cashier, which clears the custom role.
    await userEvent.click(within(await rowOf('wang@example.com')).getByTestId('user-edit'));
    await waitFor(() => expect(screen.getByTitle('Counter lead')).toBeInTheDocument(), SLOW);
    await choose(screen.getByTestId('user-form-role'), 'Cashier');
    await userEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(inputsOf(backend.calls, 'users.update')).toHaveLength(2), SLOW);

    expect(inputsOf(backend.calls, 'users.update')).toEqual([
      { id: backend.li.id, role: 'staff', custom_role_id: backend.counterLead.key },
      { id: backend.wang.id, role: 'cashier' },
    ]);
    await waitFor(async () => expect(await rowOf('wang@example.com')).toHaveTextContent('Cashier'), SLOW);
    const users = await backend.run('users.list', {});
    expect(users.find((user) => user.id === backend.li.id)).toMatchObject({
      role: 'staff',
      custom_role_id: backend.counterLead.key,
    });
    expect(users.find((user) => user.id === backend.wang.id)).toMatchObject({ role: 'cashier', custom_role_id: null });
  });
});

describe('UsersPage in Chinese', () => {
  inLanguage('zh-CN');

  it('says why the core refused the password, in Chinese', async () => {
    const backend = await realCore();
    renderSignedIn(<UsersPage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('users-add', {}, SLOW));
    await userEvent.type(screen.getByTestId('user-form-name'), '小李');
    await userEvent.type(screen.getByTestId('user-form-email'), 'xl@example.com');
    await userEvent.type(screen.getByTestId('user-form-password'), 'short');
    await userEvent.click(screen.getByTestId('user-form-submit'));

    await waitFor(
      () => expect(formItemOf(screen.getByTestId('user-form-password'))).toHaveTextContent('至少 8 个字符'),
      SLOW,
    );
    expect((await backend.run('users.list', {})).map((user) => user.email)).toEqual(['owner@example.com']);
  });
});
