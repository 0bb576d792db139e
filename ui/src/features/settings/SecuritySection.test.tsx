import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Session } from '../../api/bindings';
import { inputsOf, PASSWORD, realCore } from '../../test/core';
import { formItemOf, SLOW } from '../../test/forms';
import { mockCommands } from '../../test/ipc';
import { inLanguage } from '../../test/language';
import { renderSignedIn } from '../../test/render';
import { SecuritySection } from './SecuritySection';

describe('SecuritySection', () => {
  it('says where the key is kept, and shows the owner the recovery key only after a warning', async () => {
    const backend = await realCore();
    renderSignedIn(<SecuritySection />, { session: backend.session });

    expect(await screen.findByTestId('settings-encryption', {}, SLOW)).toHaveTextContent(
      'Company file encrypted — key kept in the OS keychain',
    );
    await userEvent.click(screen.getByTestId('show-recovery-key'));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(dialog).toHaveTextContent('Anyone who has this key and a copy of the company file can read everything');

    // Cancelling reveals nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(inputsOf(backend.calls, 'security.encryption.recovery_key')).toHaveLength(0);

    await userEvent.click(screen.getByTestId('show-recovery-key'));
    const dialogs = await screen.findAllByRole('dialog', {}, SLOW);
    await userEvent.click(within(dialogs[dialogs.length - 1]).getByRole('button', { name: 'Show key' }));

    const shown = await screen.findByTestId('recovery-key', {}, SLOW);
    expect(screen.getByText(/away from this computer/)).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'security.encryption.recovery_key')).toHaveLength(1);
    const { recovery_key } = await backend.run('security.encryption.recovery_key', {});
    expect(shown).toHaveTextContent(recovery_key);

    await userEvent.click(screen.getByTestId('hide-recovery-key'));
    await waitFor(() => expect(screen.queryByTestId('recovery-key')).toBeNull());
  });

  it('offers no recovery key without security.manage', async () => {
    const backend = await realCore(['manager', 'owner']);
    renderSignedIn(<SecuritySection />, { session: backend.session });

    expect(await screen.findByTestId('settings-encryption', {}, SLOW)).toHaveTextContent(
      'Company file encrypted — key kept in the OS keychain',
    );
    expect(screen.queryByTestId('show-recovery-key')).toBeNull();
  });

  it('says a passphrase protects the file', async () => {
    // Stood in: only the desktop app opens a company file with its passphrase; the development host keeps
    // every company's key in a keychain.
    const manager = (await realCore(['manager', 'owner'])).session;
    mockCommands({ 'security.encryption.status': () => ({ encrypted: true, key_source: 'passphrase' }) });
    renderSignedIn(<SecuritySection />, { session: manager });

    expect(await screen.findByTestId('settings-encryption', {}, SLOW)).toHaveTextContent(
      'Company file encrypted — with a passphrase',
    );
    expect(screen.queryByTestId('show-recovery-key')).toBeNull();
  });
});

describe('SecuritySection: idle lock', () => {
  it('lets the owner change the minutes before the screen locks', async () => {
    const backend = await realCore();
    renderSignedIn(<SecuritySection />, { session: backend.session });

    const minutes = await screen.findByTestId('idle-lock-minutes', {}, SLOW);
    const { idle_lock_minutes } = await backend.run('security.settings.get', {});
    await waitFor(() => expect(minutes).toHaveValue(String(idle_lock_minutes)), SLOW);
    await userEvent.clear(minutes);
    await userEvent.type(minutes, '30');
    await userEvent.click(screen.getByTestId('idle-lock-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'security.settings.update')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'security.settings.update')).toEqual([{ idle_lock_minutes: 30 }]);
    expect(await backend.run('security.settings.get', {})).toEqual({ idle_lock_minutes: 30 });
  });

  it('shows but does not let others change it', async () => {
    const backend = await realCore(['manager', 'owner']);
    await backend.run('security.settings.update', { idle_lock_minutes: 5 });
    renderSignedIn(<SecuritySection />, { session: backend.session });

    const minutes = await screen.findByTestId('idle-lock-minutes', {}, SLOW);
    await waitFor(() => expect(minutes).toHaveValue('5'), SLOW);
    expect(minutes).toBeDisabled();
    expect(screen.queryByTestId('idle-lock-save')).toBeNull();
  });
});

describe('SecuritySection: quick-switch PIN', () => {
  it('sets a PIN with the current password, and says when the password is wrong', async () => {
    const backend = await realCore(['manager', 'owner']);
    const replace = vi.fn();
    renderSignedIn(<SecuritySection />, { session: backend.session, replace });

    await userEvent.type(await screen.findByTestId('pin-new', {}, SLOW), '246813');
    await userEvent.type(screen.getByTestId('pin-password'), 'wrong-horse');
    await userEvent.click(screen.getByTestId('pin-save'));
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('pin-password'))).toHaveTextContent('The password is wrong'),
      SLOW,
    );

    await userEvent.type(screen.getByTestId('pin-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('pin-save'));
    await waitFor(() => expect(replace).toHaveBeenCalledTimes(1), SLOW);
    expect((replace.mock.calls[0][0] as Session).user.pin_set).toBe(true);
    expect(inputsOf(backend.calls, 'users.pin.set')).toEqual([
      { pin: '246813', current_password: 'wrong-horse' },
      { pin: '246813', current_password: PASSWORD },
    ]);
    expect((await backend.run('users.profile.get', {}, 'manager')).pin_set).toBe(true);
  });

  it('clears the PIN of a user who has one', async () => {
    const backend = await realCore(['manager', 'owner']);
    await backend.run('users.pin.set', { pin: '246813', current_password: PASSWORD }, 'manager');
    const withPin = await backend.run('users.auth.refresh', {}, 'manager');
    renderSignedIn(<SecuritySection />, { session: withPin });

    expect(await screen.findByTestId('pin-status', {}, SLOW)).toHaveTextContent('Set');
    await userEvent.type(screen.getByTestId('pin-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('pin-clear'));

    await waitFor(() => expect(inputsOf(backend.calls, 'users.pin.set')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'users.pin.set')).toEqual([{ pin: null, current_password: PASSWORD }]);
    await waitFor(
      async () => expect((await backend.run('users.profile.get', {}, 'manager')).pin_set).toBe(false),
      SLOW,
    );
  });
});

describe('SecuritySection in Chinese', () => {
  inLanguage('zh-CN');

  it('says in digits how short a PIN may be (six for a manager)', async () => {
    const backend = await realCore(['manager', 'owner']);
    renderSignedIn(<SecuritySection />, { session: backend.session });

    await userEvent.type(await screen.findByTestId('pin-new', {}, SLOW), '12');
    await userEvent.type(screen.getByTestId('pin-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('pin-save'));

    await waitFor(() => expect(formItemOf(screen.getByTestId('pin-new'))).toHaveTextContent('至少 6 位数字'), SLOW);
  });
});
