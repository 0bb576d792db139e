import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { totp, wrongTotp } from '../../test/totp';
import { MfaSection } from './MfaSection';

describe('MfaSection', () => {
  it('turns two-step sign-in on: QR code and key, a wrong code on its field, then the recovery codes once', async () => {
    const backend = await realCore();
    const now = Date.now();
    await backend.setClock(now);
    renderSignedIn(<MfaSection />, { session: backend.session });

    expect(await screen.findByTestId('settings-mfa-status', {}, SLOW)).toHaveTextContent('Off');
    await userEvent.click(screen.getByTestId('settings-mfa-turn-on'));

    // The key to type into an authenticator app by hand: base32.
    const secret = (await screen.findByTestId('settings-mfa-secret', {}, SLOW)).textContent ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(screen.getByTestId('settings-mfa-qr').querySelector('svg')).not.toBeNull();

    const wrong = wrongTotp(secret, now);
    await userEvent.type(screen.getByTestId('settings-mfa-code'), wrong);
    await userEvent.click(screen.getByTestId('settings-mfa-submit'));
    expect(await screen.findByText('The code is wrong or has expired', {}, SLOW)).toBeInTheDocument();

    // As the authenticator app shows it, with a space in the middle.
    const right = totp(secret, now);
    await userEvent.clear(screen.getByTestId('settings-mfa-code'));
    await userEvent.type(screen.getByTestId('settings-mfa-code'), `${right.slice(0, 3)} ${right.slice(3)}`);
    await userEvent.click(screen.getByTestId('settings-mfa-submit'));

    const panel = await screen.findByTestId('settings-mfa-codes', {}, SLOW);
    expect(panel).toHaveTextContent('Save these recovery codes now');
    const codes = panel.textContent?.match(/[0-9a-f]{5}-[0-9a-f]{5}/g) ?? [];
    expect(new Set(codes).size).toBe(10);
    expect(screen.getByTestId('settings-mfa-status')).toHaveTextContent('On');
    expect(inputsOf(backend.calls, 'users.mfa.confirm')).toEqual([{ code: wrong }, { code: right }]);
    expect((await backend.run('users.profile.get', {})).mfa_enabled).toBe(true);

    // Shown once: after "I have saved them" they are gone and the section offers to turn it off.
    await userEvent.click(screen.getByTestId('settings-mfa-done'));
    await waitFor(() => expect(screen.queryByTestId('settings-mfa-codes')).not.toBeInTheDocument());
    expect(screen.getByTestId('settings-mfa-turn-off')).toBeInTheDocument();
  });
});
