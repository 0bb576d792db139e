import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Session } from '../../api/bindings';
import { inputsOf, PASSWORD, realCore } from '../../test/core';
import { formItemOf, SLOW } from '../../test/forms';
import { renderPlain } from '../../test/render';
import { totp, wrongTotp } from '../../test/totp';
import { LoginPage } from './LoginPage';

describe('LoginPage', () => {
  it('shows the core’s refusal on the field it names, and sends what was typed', async () => {
    const backend = await realCore();
    const onDone = vi.fn();
    renderPlain(<LoginPage companyName="Shop" onDone={onDone} />);

    await userEvent.type(screen.getByTestId('login-email'), 'nope');
    await userEvent.type(screen.getByTestId('login-password'), 'secret');
    await userEvent.click(screen.getByTestId('login-submit'));

    // The core does not check the address's form at sign-in: it names the password, and says not which was wrong.
    const passwordItem = formItemOf(screen.getByTestId('login-password'));
    await waitFor(() => expect(passwordItem).toHaveTextContent('The email or password is wrong'), SLOW);
    expect(formItemOf(screen.getByTestId('login-email'))).not.toHaveTextContent('The email or password is wrong');
    expect(backend.calls[0]).toEqual({
      command: 'users.auth.login',
      input: { email: 'nope', password: 'secret', remember: false },
      token: null,
    });
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says the email or password is wrong, in the UI language, when the core refuses the credentials', async () => {
    await realCore();
    renderPlain(<LoginPage companyName="Shop" onDone={() => undefined} />);

    await userEvent.type(screen.getByTestId('login-email'), 'owner@example.com');
    await userEvent.type(screen.getByTestId('login-password'), 'wrong-password');
    await userEvent.click(screen.getByTestId('login-submit'));

    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('login-password'))).toHaveTextContent('The email or password is wrong'),
      SLOW,
    );
  });

  it('shows an error without a field above the button, in the UI language', async () => {
    const backend = await realCore(['staff', 'owner']);
    // A disabled account: the right password, but the core refuses it without naming a field.
    await backend.run('users.disable', { id: backend.session.user.id });
    renderPlain(<LoginPage companyName="Shop" onDone={() => undefined} />);

    await userEvent.type(screen.getByTestId('login-email'), 'staff@example.com');
    await userEvent.type(screen.getByTestId('login-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('login-submit'));

    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent('Your account is not allowed to do this.');
  });

  it('hands the session over and sends `remember` when the box is ticked', async () => {
    const backend = await realCore();
    const onDone = vi.fn();
    renderPlain(<LoginPage companyName="Shop" onDone={onDone} />);

    await userEvent.type(screen.getByTestId('login-email'), 'owner@example.com');
    await userEvent.type(screen.getByTestId('login-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('login-remember'));
    await userEvent.click(screen.getByTestId('login-submit'));

    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1), SLOW);
    const session = onDone.mock.calls[0][0] as Session;
    expect(session.user.email).toBe('owner@example.com');
    expect(inputsOf(backend.calls, 'users.auth.login')).toEqual([
      { email: 'owner@example.com', password: PASSWORD, remember: true },
    ]);
    // Remembered: the next start of the app resumes this very session.
    expect((await backend.run('users.auth.resume', {}))?.token).toBe(session.token);
  });

  it('asks for a code when the user has two-step sign-in, resends with it, and says when it is wrong', async () => {
    const backend = await realCore();
    const now = Date.now();
    await backend.setClock(now);
    const { secret } = await backend.run('users.mfa.enroll', {});
    const { recovery_codes } = await backend.run('users.mfa.confirm', { code: totp(secret, now) });
    const wrong = wrongTotp(secret, now);
    const onDone = vi.fn();
    renderPlain(<LoginPage companyName="Shop" onDone={onDone} />);

    await userEvent.type(screen.getByTestId('login-email'), 'owner@example.com');
    await userEvent.type(screen.getByTestId('login-password'), PASSWORD);
    await userEvent.click(screen.getByTestId('login-submit'));

    const otp = await screen.findByTestId('login-otp', {}, SLOW);
    await waitFor(() => expect(otp).toHaveFocus());
    // As the authenticator app shows it, with a space in the middle.
    await userEvent.type(otp, `${wrong.slice(0, 3)} ${wrong.slice(3)}`);
    await userEvent.click(screen.getByTestId('login-otp-submit'));
    await waitFor(() => expect(formItemOf(otp)).toHaveTextContent('The code is wrong or has expired'), SLOW);
    expect(inputsOf(backend.calls, 'users.auth.login')[1]).toEqual({
      email: 'owner@example.com',
      password: PASSWORD,
      remember: false,
      otp: wrong,
    });

    // A recovery code works in place of the app's code.
    await userEvent.clear(otp);
    await userEvent.type(otp, recovery_codes[0]);
    await userEvent.click(screen.getByTestId('login-otp-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1), SLOW);
    const session = onDone.mock.calls[0][0] as Session;
    expect(session.user).toMatchObject({ email: 'owner@example.com', mfa_enabled: true });
    expect(inputsOf(backend.calls, 'users.auth.login')[2]).toEqual({
      email: 'owner@example.com',
      password: PASSWORD,
      remember: false,
      otp: recovery_codes[0],
    });
  });
});
