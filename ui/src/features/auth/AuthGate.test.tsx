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

  it('joins a company another device syncs: connects and receives it with no session, then asks to sign in', async () => {
    const KEY = '0123456789abcdef'.repeat(4);
    let received = false;
    let finishRound: () => void = () => undefined;
    const calls = mockCommands(
      { 'setup.status': () => ({ initialized: received, company_name: received ? 'Tea House' : null }) },
      {
        sync_connect: () => ({
          configured: true,
          relay_url: 'https://relay.example.com',
          device_id: 'd-new',
          pending: 0,
          waiting: 0,
          last_synced_at_ms: null,
        }),
        sync_now: () =>
          new Promise((resolve) => {
            finishRound = () => {
              received = true;
              resolve({ pushed: 0, pulled: 12, applied: 12, waiting: 0, rejected: 0, cursor: 12 });
            };
          }),
      },
    );
    renderPlain(
      <AuthGate>
        <SignedIn />
      </AuthGate>,
    );

    await userEvent.click(await screen.findByTestId('first-run-join'));
    // Joining only: a device with no company cannot create the company's relay account.
    expect(screen.queryByTestId('sync-mode-create')).toBeNull();
    await userEvent.click(screen.getByTestId('sync-url'));
    await userEvent.paste('https://relay.example.com');
    await userEvent.click(screen.getByTestId('sync-email'));
    await userEvent.paste('shop@example.com');
    await userEvent.click(screen.getByTestId('sync-password'));
    await userEvent.paste('relay-secret-9');
    await userEvent.click(screen.getByTestId('sync-key-input'));
    await userEvent.paste(KEY);
    await userEvent.click(screen.getByTestId('sync-connect'));

    expect(await screen.findByTestId('first-run-receiving', {}, { timeout: 3_000 })).toHaveTextContent(
      'Receiving the company…',
    );
    finishRound();

    expect(await screen.findByTestId('login-email')).toBeInTheDocument();
    const sequence = calls.map((call) => call.command).filter((command) => command !== 'store_status');
    expect(sequence).toEqual(['setup.status', 'sync_connect', 'sync_now', 'setup.status']);
    expect(calls.filter((call) => call.command.startsWith('sync_')).every((call) => call.token === null)).toBe(true);
    expect(calls.find((call) => call.command === 'sync_connect')?.input).toEqual({
      input: {
        relay_url: 'https://relay.example.com',
        email: 'shop@example.com',
        password: 'relay-secret-9',
        device_name: expect.any(String),
        create: false,
        key: KEY,
      },
    });
  }, 15_000);
});
