import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { renderPlain } from '../../test/render';
import { AuthGate } from './AuthGate';
import { useSession } from './session';

/** A cashier whose role the owner has made require two-step sign-in, which they have not set up. */
const PENDING: Session = {
  token: 'tok-1',
  user: {
    id: 'u4',
    name: 'Wang',
    email: 'wang@example.com',
    role: 'cashier',
    custom_role_id: null,
    status: 'active',
    mfa_enabled: false,
    pin_set: false,
  },
  expires_at_ms: 4_102_444_800_000,
  permissions: [],
  mfa_setup_required: true,
};

const READY: Session = {
  ...PENDING,
  user: { ...PENDING.user, mfa_enabled: true },
  permissions: ['customers.read', 'customers.write'],
  mfa_setup_required: false,
};

function SignedIn() {
  const { session } = useSession();
  return <span data-testid="app">{session.permissions.join(',')}</span>;
}

describe('two-step sign-in required by the role', () => {
  it('shows the enrolment instead of the app, then refreshes the session and goes on', async () => {
    const calls = mockCommands({
      'setup.status': () => ({ initialized: true, company_name: 'Tea House' }),
      'users.auth.resume': () => PENDING,
      'users.profile.get': () => PENDING.user,
      'users.mfa.enroll': () => ({
        secret: 'JBSWY3DPEHPK3PXP',
        otpauth_url: 'otpauth://totp/Suanpan:wang?secret=JBSWY3DPEHPK3PXP',
      }),
      'users.mfa.confirm': () => ({ recovery_codes: ['aaaaa-bbbbb'] }),
      'users.auth.refresh': () => READY,
    });
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );

    const gate = await screen.findByTestId('mfa-setup');
    expect(gate).toHaveTextContent('The owner requires two-step sign-in for your role (Cashier)');
    expect(screen.queryByTestId('app')).toBeNull();
    expect(screen.getByTestId('mfa-setup-logout')).toBeInTheDocument();

    await userEvent.click(await screen.findByTestId('settings-mfa-turn-on'));
    expect(await screen.findByTestId('settings-mfa-qr')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('settings-mfa-code'), '123456');
    await userEvent.click(screen.getByTestId('settings-mfa-submit'));

    // The recovery codes are shown before going on: they are never shown again.
    expect(await screen.findByTestId('settings-mfa-codes')).toHaveTextContent('aaaaa-bbbbb');
    expect(calls.some((c) => c.command === 'users.auth.refresh')).toBe(false);
    await userEvent.click(screen.getByTestId('settings-mfa-done'));

    expect(await screen.findByTestId('app')).toHaveTextContent('customers.read,customers.write');
    await waitFor(() => expect(screen.queryByTestId('mfa-setup')).toBeNull());
    expect(calls.find((c) => c.command === 'users.auth.refresh')?.token).toBe('tok-1');
  });
});
