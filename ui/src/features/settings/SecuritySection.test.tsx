import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
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
