import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { inLanguage } from '../../test/language';
import { SecuritySection } from './SecuritySection';

const RECOVERY_KEY = `x'${'0f'.repeat(32)}'`;
const OWNER = sessionAs('owner', ['customers.read', 'security.manage']);
const MANAGER = sessionAs('manager', ['customers.read', 'users.manage']);

describe('SecuritySection', () => {
  it('says where the key is kept, and shows the owner the recovery key only after a warning', async () => {
    const calls = mockCommands({
      'security.encryption.status': () => ({ encrypted: true, key_source: 'keychain' }),
      'security.encryption.recovery_key': () => ({ recovery_key: RECOVERY_KEY }),
    });
    renderSignedIn(<SecuritySection />, { session: OWNER });

    expect(await screen.findByTestId('settings-encryption')).toHaveTextContent(
      'Company file encrypted — key kept in the OS keychain',
    );
    await userEvent.click(screen.getByTestId('show-recovery-key'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Anyone who has this key and a copy of the company file can read everything');

    // Cancelling reveals nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.command === 'security.encryption.recovery_key')).toBe(false);

    await userEvent.click(screen.getByTestId('show-recovery-key'));
    const dialogs = await screen.findAllByRole('dialog');
    await userEvent.click(within(dialogs[dialogs.length - 1]).getByRole('button', { name: 'Show key' }));

    expect(await screen.findByTestId('recovery-key')).toHaveTextContent(RECOVERY_KEY);
    expect(screen.getByText(/away from this computer/)).toBeInTheDocument();
    expect(calls.filter((c) => c.command === 'security.encryption.recovery_key')).toHaveLength(1);

    await userEvent.click(screen.getByTestId('hide-recovery-key'));
    await waitFor(() => expect(screen.queryByTestId('recovery-key')).toBeNull());
  });

  it('says a passphrase protects the file, and offers no recovery key without security.manage', async () => {
    mockCommands({ 'security.encryption.status': () => ({ encrypted: true, key_source: 'passphrase' }) });
    renderSignedIn(<SecuritySection />, { session: MANAGER });

    expect(await screen.findByTestId('settings-encryption')).toHaveTextContent(
      'Company file encrypted — with a passphrase',
    );
    expect(screen.queryByTestId('show-recovery-key')).toBeNull();
  });
});

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

const ENCRYPTED = { 'security.encryption.status': () => ({ encrypted: true, key_source: 'keychain' as const }) };

describe('SecuritySection: idle lock', () => {
  it('lets the owner change the minutes before the screen locks', async () => {
    const calls = mockCommands({
      ...ENCRYPTED,
      'security.settings.get': () => ({ idle_lock_minutes: 10 }),
      'security.settings.update': (input) => input,
    });
    renderSignedIn(<SecuritySection />, { session: OWNER });

    const minutes = await screen.findByTestId('idle-lock-minutes');
    await waitFor(() => expect(minutes).toHaveValue('10'));
    await userEvent.clear(minutes);
    await userEvent.type(minutes, '30');
    await userEvent.click(screen.getByTestId('idle-lock-save'));

    await waitFor(() => expect(calls.some((c) => c.command === 'security.settings.update')).toBe(true));
    expect(calls.find((c) => c.command === 'security.settings.update')?.input).toEqual({ idle_lock_minutes: 30 });
  });

  it('shows but does not let others change it', async () => {
    mockCommands({ ...ENCRYPTED, 'security.settings.get': () => ({ idle_lock_minutes: 5 }) });
    renderSignedIn(<SecuritySection />, { session: MANAGER });

    const minutes = await screen.findByTestId('idle-lock-minutes');
    await waitFor(() => expect(minutes).toHaveValue('5'));
    expect(minutes).toBeDisabled();
    expect(screen.queryByTestId('idle-lock-save')).toBeNull();
  });
});

describe('SecuritySection: quick-switch PIN', () => {
  it('sets a PIN with the current password, and says when the password is wrong', async () => {
    const calls = mockCommands({
      ...ENCRYPTED,
      'security.settings.get': () => ({ idle_lock_minutes: 10 }),
      'users.pin.set': ({ current_password }) => {
        if (current_password !== 'correct-horse-9')
          throw {
            code: 'validation',
            message: 'the password is wrong',
            field: 'current_password',
            reason: 'wrong_credentials',
          };
        return {};
      },
    });
    const replace = vi.fn();
    renderSignedIn(<SecuritySection />, { session: MANAGER, replace });

    await userEvent.type(await screen.findByTestId('pin-new'), '2468');
    await userEvent.type(screen.getByTestId('pin-password'), 'wrong-horse');
    await userEvent.click(screen.getByTestId('pin-save'));
    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('pin-password'))).toHaveTextContent('The password is wrong'),
    );

    await userEvent.type(screen.getByTestId('pin-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('pin-save'));
    await waitFor(() => expect(replace).toHaveBeenCalledTimes(1));
    expect(replace.mock.calls[0][0].user.pin_set).toBe(true);
    expect(calls.filter((c) => c.command === 'users.pin.set').map((c) => c.input)).toEqual([
      { pin: '2468', current_password: 'wrong-horse' },
      { pin: '2468', current_password: 'correct-horse-9' },
    ]);
  });

  it('clears the PIN of a user who has one', async () => {
    const calls = mockCommands({
      ...ENCRYPTED,
      'security.settings.get': () => ({ idle_lock_minutes: 10 }),
      'users.pin.set': () => ({}),
    });
    const withPin = { ...MANAGER, user: { ...MANAGER.user, pin_set: true } };
    renderSignedIn(<SecuritySection />, { session: withPin });

    expect(await screen.findByTestId('pin-status')).toHaveTextContent('Set');
    await userEvent.type(screen.getByTestId('pin-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('pin-clear'));

    await waitFor(() => expect(calls.some((c) => c.command === 'users.pin.set')).toBe(true));
    expect(calls.find((c) => c.command === 'users.pin.set')?.input).toEqual({
      pin: null,
      current_password: 'correct-horse-9',
    });
  });
});

describe('SecuritySection in Chinese', () => {
  inLanguage('zh-CN');

  it('says in digits how short a PIN may be', async () => {
    mockCommands({
      ...ENCRYPTED,
      'security.settings.get': () => ({ idle_lock_minutes: 10 }),
      'users.pin.set': () => {
        throw {
          code: 'validation',
          message: 'a PIN has at least 4 digits',
          field: 'pin',
          reason: 'too_short',
          limit: 4,
        };
      },
    });
    renderSignedIn(<SecuritySection />, { session: MANAGER });

    await userEvent.type(await screen.findByTestId('pin-new'), '12');
    await userEvent.type(screen.getByTestId('pin-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('pin-save'));

    await waitFor(() => expect(formItemOf(screen.getByTestId('pin-new'))).toHaveTextContent('至少 4 位数字'));
  });
});
