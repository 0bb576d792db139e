import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { rpc } from '../../api/rpc';
import { PASSWORD, realCore } from '../../test/core';
import { formItemOf, SLOW } from '../../test/forms';
import { inLanguage } from '../../test/language';
import { renderPlain } from '../../test/render';
import { AuthGate } from './AuthGate';
import { useApi, useLockNow, useSession } from '../../shared/session';

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

/**
 * A company whose owner has the PIN 246813 and signed in on this computer with "keep me signed in": the app
 * starts into the owner's session (the one returned).
 */
async function ownerAtTheCounter(roles: Role[] = ['owner']) {
  const backend = await realCore(roles);
  await backend.run('users.pin.set', { pin: '246813', current_password: PASSWORD });
  const session = await backend.run('users.auth.login', {
    email: 'owner@example.com',
    password: PASSWORD,
    remember: true,
  });
  return { backend, session };
}

describe('LockScreen', () => {
  it('locks in place of the app, says a wrong PIN is wrong, and unlocks with the right one', async () => {
    const { backend, session } = await ownerAtTheCounter();
    renderApp();

    await userEvent.click(await screen.findByText('lock', {}, SLOW));

    expect(await screen.findByTestId('lock-screen', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId('lock-user-name')).toHaveTextContent('Owner');
    // Not hidden behind an overlay: the app's data is gone from the page.
    expect(screen.queryByTestId('secret-data')).toBeNull();
    expect(backend.calls.find((c) => c.command === 'users.auth.lock')?.token).toBe(session.token);

    await userEvent.type(screen.getByTestId('lock-pin'), '1111');
    await userEvent.click(screen.getByTestId('lock-unlock'));
    await waitFor(() => expect(formItemOf(screen.getByTestId('lock-pin'))).toHaveTextContent('The PIN is wrong'), SLOW);
    expect(screen.queryByTestId('secret-data')).toBeNull();

    await userEvent.type(screen.getByTestId('lock-pin'), '246813');
    await userEvent.click(screen.getByTestId('lock-unlock'));

    expect(await screen.findByTestId('secret-data', {}, SLOW)).toBeInTheDocument();
    expect(backend.calls.filter((c) => c.command === 'users.auth.unlock').map((c) => [c.input, c.token])).toEqual([
      [{ pin: '1111' }, session.token],
      [{ pin: '246813' }, session.token],
    ]);
  });

  it('comes up when the core says another window locked the session', async () => {
    const { session } = await ownerAtTheCounter();
    renderApp();
    const profile = await screen.findByText('profile', {}, SLOW);

    // Another window of the app, on the same session, locks it.
    await rpc('users.auth.lock', {}, session.token);
    await userEvent.click(profile);

    expect(await screen.findByTestId('lock-screen', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('secret-data')).toBeNull();
    // Locked is not signed out: no login screen.
    expect(screen.queryByTestId('login-email')).toBeNull();
  });

  it('unlocks with the password instead of the PIN', async () => {
    const { backend } = await ownerAtTheCounter();
    renderApp();
    await userEvent.click(await screen.findByText('lock', {}, SLOW));

    await userEvent.click(await screen.findByTestId('lock-use-password', {}, SLOW));
    expect(screen.queryByTestId('lock-pin')).toBeNull();
    await userEvent.type(screen.getByTestId('lock-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('lock-unlock'));

    expect(await screen.findByTestId('secret-data', {}, SLOW)).toBeInTheDocument();
    expect(backend.calls.find((c) => c.command === 'users.auth.unlock')?.input).toEqual({ password: PASSWORD });
  });

  it('hands the counter to another user by their PIN, replacing the session', async () => {
    const { backend, session } = await ownerAtTheCounter(['owner', 'cashier']);
    await backend.run('users.pin.set', { pin: '1234', current_password: PASSWORD }, 'cashier');
    const cashier = backend.sessions.cashier?.user;
    renderApp();
    await userEvent.click(await screen.findByText('lock', {}, SLOW));

    await userEvent.click(await screen.findByTestId('lock-switch', {}, SLOW));
    const panel = await screen.findByTestId('switch-panel');
    // The signed-in user unlocks instead: only the others are offered.
    await waitFor(() => expect(within(panel).getAllByTestId('switch-user')).toHaveLength(1), SLOW);
    await userEvent.click(within(panel).getByText('Xiao Wang'));

    await userEvent.type(await screen.findByTestId('switch-pin', {}, SLOW), '1234');
    await userEvent.click(screen.getByTestId('switch-submit'));

    expect(await screen.findByTestId('who', {}, SLOW)).toHaveTextContent('Xiao Wang');
    expect(backend.calls.find((c) => c.command === 'users.auth.switch')).toMatchObject({
      input: { user_id: cashier?.id, pin: '1234' },
      token: session.token,
    });
    // From now on the core is asked with Xiao Wang's token.
    await userEvent.click(screen.getByText('profile'));
    await waitFor(() => expect(backend.calls.filter((c) => c.command === 'users.profile.get')).toHaveLength(1), SLOW);
    const token = backend.calls.find((c) => c.command === 'users.profile.get')?.token ?? null;
    expect(token).not.toBe(session.token);
    expect((await rpc('users.profile.get', {}, token)).name).toBe('Xiao Wang');
    // The owner's session ended with the hand-over.
    await expect(rpc('users.profile.get', {}, session.token)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('LockScreen in Chinese', () => {
  inLanguage('zh-CN');

  it('says how many minutes a locked-out user must wait', async () => {
    const { backend } = await ownerAtTheCounter();
    // Someone tried the owner's password five times at another computer: the account is locked out.
    for (let attempt = 0; attempt < 5; attempt++)
      await expect(
        backend.run('users.auth.login', { email: 'owner@example.com', password: 'wrong-horse' }),
      ).rejects.toMatchObject({ code: 'unauthenticated' });
    renderApp();
    await userEvent.click(await screen.findByText('lock', {}, SLOW));

    await userEvent.type(await screen.findByTestId('lock-pin', {}, SLOW), '246813');
    await userEvent.click(screen.getByTestId('lock-unlock'));

    await waitFor(
      () => expect(formItemOf(screen.getByTestId('lock-pin'))).toHaveTextContent('登录失败次数过多，请 15 分钟后再试'),
      SLOW,
    );
  });
});
