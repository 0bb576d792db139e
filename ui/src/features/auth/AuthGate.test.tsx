import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { renderPlain } from '../../test/render';
import { AuthGate } from './AuthGate';
import { useApi, useSession } from './session';

const SESSION: Session = {
  token: 'tok-1',
  user: {
    id: 'u1',
    name: 'Chen',
    email: 'chen@example.com',
    role: 'owner',
    custom_role_id: null,
    status: 'active',
    mfa_enabled: false,
    pin_set: false,
  },
  expires_at_ms: 4_102_444_800_000,
  permissions: ['customers.read'],
  mfa_setup_required: false,
};

function SignedIn() {
  const { session, companyName } = useSession();
  const api = useApi();
  return (
    <div>
      <span data-testid="who">
        {session.user.name} @ {companyName}
      </span>
      <button onClick={() => void api.call('users.profile.get', {}).catch(() => undefined)}>profile</button>
    </div>
  );
}

describe('AuthGate', () => {
  it('shows the first-run screen when there is no company yet', async () => {
    mockCommands({ 'setup.status': () => ({ initialized: false, company_name: null }) });
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );
    expect(await screen.findByTestId('firstrun-company')).toBeInTheDocument();
  });

  it('resumes a remembered session straight into the app', async () => {
    mockCommands({
      'setup.status': () => ({ initialized: true, company_name: 'Tea House' }),
      'users.auth.resume': () => SESSION,
    });
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );
    expect(await screen.findByTestId('who')).toHaveTextContent('Chen @ Tea House');
  });

  it('goes back to the login screen when the core says the session has ended', async () => {
    const calls = mockCommands({
      'setup.status': () => ({ initialized: true, company_name: 'Tea House' }),
      'users.auth.resume': () => SESSION,
      'users.profile.get': () => {
        throw { code: 'unauthenticated', message: 'the session has ended; sign in again' };
      },
    });
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );

    await userEvent.click(await screen.findByText('profile'));

    expect(await screen.findByTestId('login-email')).toBeInTheDocument();
    expect(screen.queryByTestId('who')).toBeNull();
    expect(calls.find((call) => call.command === 'users.profile.get')?.token).toBe('tok-1');
  });

  it('shows the login screen without a remembered session, then signs in', async () => {
    mockCommands({
      'setup.status': () => ({ initialized: true, company_name: 'Tea House' }),
      'users.auth.resume': () => null,
      'users.auth.login': () => SESSION,
    });
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );

    await userEvent.type(await screen.findByTestId('login-email'), 'chen@example.com');
    await userEvent.type(screen.getByTestId('login-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('login-submit'));

    await waitFor(() => expect(screen.getByTestId('who')).toHaveTextContent('Chen @ Tea House'));
  });
});
