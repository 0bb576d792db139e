import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, TEST_SESSION } from '../../test/render';
import { MfaSection } from './MfaSection';

const CODES = Array.from({ length: 10 }, (_, i) => `ab${i}cd-3de4${i}`);

describe('MfaSection', () => {
  it('turns two-step sign-in on: QR code and key, a wrong code on its field, then the recovery codes once', async () => {
    const calls = mockCommands({
      'users.profile.get': () => TEST_SESSION.user,
      'users.mfa.enroll': () => ({
        secret: 'JBSWY3DPEHPK3PXP',
        otpauth_url: 'otpauth://totp/Suanpan:owner@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Suanpan',
      }),
      'users.mfa.confirm': ({ code }) => {
        if (code !== '123456') throw { code: 'validation', message: 'wrong code', field: 'code', reason: 'wrong_otp' };
        return { recovery_codes: CODES };
      },
    });
    renderSignedIn(<MfaSection />);

    expect(await screen.findByTestId('settings-mfa-status')).toHaveTextContent('Off');
    await userEvent.click(screen.getByTestId('settings-mfa-turn-on'));

    expect(await screen.findByTestId('settings-mfa-secret')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    expect(screen.getByTestId('settings-mfa-qr').querySelector('svg')).not.toBeNull();

    await userEvent.type(screen.getByTestId('settings-mfa-code'), '000000');
    await userEvent.click(screen.getByTestId('settings-mfa-submit'));
    expect(await screen.findByText('The code is wrong or has expired')).toBeInTheDocument();

    await userEvent.clear(screen.getByTestId('settings-mfa-code'));
    await userEvent.type(screen.getByTestId('settings-mfa-code'), '123 456');
    await userEvent.click(screen.getByTestId('settings-mfa-submit'));

    const panel = await screen.findByTestId('settings-mfa-codes');
    expect(panel).toHaveTextContent('Save these recovery codes now');
    for (const code of CODES) expect(panel).toHaveTextContent(code);
    expect(screen.getByTestId('settings-mfa-status')).toHaveTextContent('On');
    expect(calls.filter((c) => c.command === 'users.mfa.confirm').map((c) => c.input)).toEqual([
      { code: '000000' },
      { code: '123456' },
    ]);

    // Shown once: after "I have saved them" they are gone and the section offers to turn it off.
    await userEvent.click(screen.getByTestId('settings-mfa-done'));
    await waitFor(() => expect(screen.queryByTestId('settings-mfa-codes')).not.toBeInTheDocument());
    expect(screen.getByTestId('settings-mfa-turn-off')).toBeInTheDocument();
  });
});
