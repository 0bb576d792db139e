import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { PASSWORD, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderPlain } from '../../test/render';
import { totp } from '../../test/totp';
import { AuthGate } from './AuthGate';
import { useSession } from '../../shared/session';

function SignedIn() {
  const { session } = useSession();
  return <span data-testid="app">{session.permissions.join(',')}</span>;
}

describe('two-step sign-in required by the role', () => {
  it('shows the enrolment instead of the app, then refreshes the session and goes on', async () => {
    const backend = await realCore(['cashier', 'owner']);
    const now = Date.now();
    await backend.setClock(now);
    // The owner makes the cashiers' role require two-step sign-in; the cashier, who has not set it up, signs in
    // on this computer with "keep me signed in".
    await backend.run('users.roles.mfa', { role: 'cashier', required: true });
    const pending = await backend.run('users.auth.login', {
      email: 'cashier@example.com',
      password: PASSWORD,
      remember: true,
    });
    expect(pending.mfa_setup_required).toBe(true);
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );

    const gate = await screen.findByTestId('mfa-setup', {}, SLOW);
    expect(gate).toHaveTextContent('The owner requires two-step sign-in for your role (Cashier)');
    expect(screen.queryByTestId('app')).toBeNull();
    expect(screen.getByTestId('mfa-setup-logout')).toBeInTheDocument();

    await userEvent.click(await screen.findByTestId('settings-mfa-turn-on', {}, SLOW));
    expect(await screen.findByTestId('settings-mfa-qr', {}, SLOW)).toBeInTheDocument();
    // The authenticator app, given the key shown, shows the code.
    const secret = screen.getByTestId('settings-mfa-secret').textContent ?? '';
    await userEvent.type(screen.getByTestId('settings-mfa-code'), totp(secret, now));
    await userEvent.click(screen.getByTestId('settings-mfa-submit'));

    // The recovery codes are shown before going on: they are never shown again.
    const codes = await screen.findByTestId('settings-mfa-codes', {}, SLOW);
    expect(codes).toHaveTextContent(/[0-9a-f]{5}-[0-9a-f]{5}/);
    expect(backend.calls.some((c) => c.command === 'users.auth.refresh')).toBe(false);
    await userEvent.click(screen.getByTestId('settings-mfa-done'));

    // The refreshed session carries what the role grants, as the core's role table says.
    const roles = await backend.run('users.roles.list', {});
    const cashier = roles.find((role) => role.key === 'cashier');
    expect(cashier?.permissions.length).toBeGreaterThan(0);
    expect(await screen.findByTestId('app', {}, SLOW)).toHaveTextContent(cashier?.permissions.join(',') ?? '');
    await waitFor(() => expect(screen.queryByTestId('mfa-setup')).toBeNull());
    expect(backend.calls.find((c) => c.command === 'users.auth.refresh')?.token).toBe(pending.token);
  });
});
