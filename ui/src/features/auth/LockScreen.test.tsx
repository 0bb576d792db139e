import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderPlain } from '../../test/render';
import { AuthGate } from './AuthGate';
import { useApi, useLockNow, useSession } from './session';

const CHEN: Session = {
  token: 'tok-chen',
  user: {
    id: 'u1',
    name: 'Chen',
    email: 'chen@example.com',
    role: 'owner',
    custom_role_id: null,
    status: 'active',
    mfa_enabled: false,
    pin_set: true,
  },
  expires_at_ms: 4_102_444_800_000,
  permissions: ['customers.read'],
  mfa_setup_required: false,
};

const WANG: Session = {
  ...CHEN,
  token: 'tok-wang',
  user: { ...CHEN.user, id: 'u4', name: 'Wang', email: 'wang@example.com', role: 'cashier' },
};

/** Stands in for the app: who is signed in, some data, and ways to lock and to call the core. */
function SignedIn() {
  const { session } = useSession();
  const api = useApi();
  const lockNow = useLockNow();
  return (
    <div>
      <span data-testid="who">{session.user.name}</span>
      <span data-testid="secret-data">Acme Tea, +86 138 0000 0000</span>
      <button onClick={() => void lockNow()}>lock</button>
      <button onClick={() => void api.call('users.profile.get', {}).catch(() => undefined)}>profile</button>
    </div>
  );
}

function renderApp() {
  return renderPlain(
    <AuthGate>
      <SignedIn />
    </AuthGate>,
  );
}

const BOOT = {
  'setup.status': () => ({ initialized: true, company_name: 'Tea House' }),
  'users.auth.resume': () => CHEN,
  'users.auth.lock': () => ({}),
} as const;

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

describe('LockScreen', () => {
  it('locks in place of the app, says a wrong PIN is wrong, and unlocks with the right one', async () => {
    const calls = mockCommands({
      ...BOOT,
      'users.auth.unlock': ({ pin }) => {
        if (pin !== '2468')
          throw { code: 'unauthenticated', message: 'the PIN is wrong', field: 'pin', reason: 'wrong_credentials' };
        return CHEN;
      },
    });
    renderApp();

    await userEvent.click(await screen.findByText('lock'));

    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.getByTestId('lock-user-name')).toHaveTextContent('Chen');
    // Not hidden behind an overlay: the app's data is gone from the page.
    expect(screen.queryByTestId('secret-data')).toBeNull();
    expect(calls.find((c) => c.command === 'users.auth.lock')?.token).toBe('tok-chen');

    await userEvent.type(screen.getByTestId('lock-pin'), '1111');
    await userEvent.click(screen.getByTestId('lock-unlock'));
    await waitFor(() => expect(formItemOf(screen.getByTestId('lock-pin'))).toHaveTextContent('The PIN is wrong'));
    expect(screen.queryByTestId('secret-data')).toBeNull();

    await userEvent.type(screen.getByTestId('lock-pin'), '2468');
    await userEvent.click(screen.getByTestId('lock-unlock'));

    expect(await screen.findByTestId('secret-data')).toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'users.auth.unlock').map((c) => [c.input, c.token])).toEqual([
      [{ pin: '1111' }, 'tok-chen'],
      [{ pin: '2468' }, 'tok-chen'],
    ]);
  });

  it('comes up when the core says another window locked the session', async () => {
    mockCommands({
      ...BOOT,
      'users.profile.get': () => {
        throw { code: 'unauthenticated', message: 'the screen is locked', reason: 'session_locked' };
      },
    });
    renderApp();

    await userEvent.click(await screen.findByText('profile'));

    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(screen.queryByTestId('secret-data')).toBeNull();
    // Locked is not signed out: no login screen.
    expect(screen.queryByTestId('login-email')).toBeNull();
  });

  it('unlocks with the password instead of the PIN', async () => {
    const calls = mockCommands({ ...BOOT, 'users.auth.unlock': () => CHEN });
    renderApp();
    await userEvent.click(await screen.findByText('lock'));

    await userEvent.click(await screen.findByTestId('lock-use-password'));
    expect(screen.queryByTestId('lock-pin')).toBeNull();
    await userEvent.type(screen.getByTestId('lock-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('lock-unlock'));

    expect(await screen.findByTestId('secret-data')).toBeInTheDocument();
    expect(calls.find((c) => c.command === 'users.auth.unlock')?.input).toEqual({ password: 'correct-horse-9' });
  });

  it('hands the counter to another user by their PIN, replacing the session', async () => {
    const calls = mockCommands({
      ...BOOT,
      'users.auth.switch_list': () => [
        { id: 'u1', name: 'Chen' },
        { id: 'u4', name: 'Wang' },
      ],
      'users.auth.switch': ({ user_id, pin }) => {
        if (user_id !== 'u4' || pin !== '1234')
          throw { code: 'unauthenticated', message: 'wrong', field: 'pin', reason: 'wrong_credentials' };
        return WANG;
      },
      'users.profile.get': () => WANG.user,
    });
    renderApp();
    await userEvent.click(await screen.findByText('lock'));

    await userEvent.click(await screen.findByTestId('lock-switch'));
    const panel = await screen.findByTestId('switch-panel');
    // The signed-in user unlocks instead: only the others are offered.
    await waitFor(() => expect(within(panel).getAllByTestId('switch-user')).toHaveLength(1));
    await userEvent.click(within(panel).getByText('Wang'));

    await userEvent.type(await screen.findByTestId('switch-pin'), '1234');
    await userEvent.click(screen.getByTestId('switch-submit'));

    expect(await screen.findByTestId('who')).toHaveTextContent('Wang');
    expect(calls.find((c) => c.command === 'users.auth.switch')).toMatchObject({
      input: { user_id: 'u4', pin: '1234' },
      token: 'tok-chen',
    });
    // From now on the core is asked with Wang's token.
    await userEvent.click(screen.getByText('profile'));
    await waitFor(() =>
      expect(calls.filter((c) => c.command === 'users.profile.get').map((c) => c.token)).toEqual(['tok-wang']),
    );
  });
});

describe('LockScreen in Chinese', () => {
  inLanguage('zh-CN');

  it('says how many minutes a locked-out user must wait', async () => {
    mockCommands({
      ...BOOT,
      'users.auth.unlock': () => {
        throw {
          code: 'unauthenticated',
          message: 'too many failed attempts',
          field: 'pin',
          reason: 'locked',
          limit: 15,
        };
      },
    });
    renderApp();
    await userEvent.click(await screen.findByText('lock'));

    await userEvent.type(await screen.findByTestId('lock-pin'), '0000');
    await userEvent.click(screen.getByTestId('lock-unlock'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('lock-pin'))).toHaveTextContent('登录失败次数过多，请 15 分钟后再试'),
    );
  });
});
