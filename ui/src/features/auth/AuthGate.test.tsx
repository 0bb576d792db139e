import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { PASSWORD, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { mockCommands } from '../../test/ipc';
import { renderPlain } from '../../test/render';
import { AuthGate } from './AuthGate';
import { useApi, useSession } from '../../shared/session';

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

function renderApp() {
  return renderPlain(
    <AuthGate>
      <SignedIn />
    </AuthGate>,
  );
}

describe('AuthGate', () => {
  it('shows the first-run screen when there is no company yet', async () => {
    await realCore('owner', { fixture: 'empty' });
    renderApp();
    expect(await screen.findByTestId('firstrun-company', {}, SLOW)).toBeInTheDocument();
  });

  it('resumes a remembered session straight into the app', async () => {
    const backend = await realCore();
    // Signed in on this computer before, with "keep me signed in".
    await backend.run('users.auth.login', { email: 'owner@example.com', password: PASSWORD, remember: true });
    renderApp();
    expect(await screen.findByTestId('who', {}, SLOW)).toHaveTextContent('Owner @ 测试小店 Test Shop');
  });

  it('goes back to the login screen when the core says the session has ended', async () => {
    const backend = await realCore();
    const remembered = await backend.run('users.auth.login', {
      email: 'owner@example.com',
      password: PASSWORD,
      remember: true,
    });
    renderApp();
    const profile = await screen.findByText('profile', {}, SLOW);

    // The session's time runs out.
    await backend.setClock(remembered.expires_at_ms + 1);
    await userEvent.click(profile);

    expect(await screen.findByTestId('login-email', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('who')).toBeNull();
    expect(backend.calls.find((call) => call.command === 'users.profile.get')?.token).toBe(remembered.token);
  });

  it('shows the login screen without a remembered session, then signs in and opens the home page', async () => {
    await realCore();
    // The last user of this window was on the customers.
    window.location.hash = '#/customers';
    renderApp();

    await userEvent.type(await screen.findByTestId('login-email', {}, SLOW), 'owner@example.com');
    await userEvent.type(screen.getByTestId('login-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('login-submit'));

    await waitFor(() => expect(screen.getByTestId('who')).toHaveTextContent('Owner @ 测试小店 Test Shop'), SLOW);
    expect(window.location.hash).toBe('#/');
    window.location.hash = '';
  });

  // Stood in: joining needs a sync relay, which the development host does not run.
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
    renderApp();

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
