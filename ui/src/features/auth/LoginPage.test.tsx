import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Session } from '../../api/bindings';
import { ApiError } from '../../api/rpc';
import { mockCommands } from '../../test/ipc';
import { renderPlain } from '../../test/render';
import { LoginPage } from './LoginPage';

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

describe('LoginPage', () => {
  it('shows a validation error from the core on the field it names', async () => {
    const calls = mockCommands({
      'users.auth.login': () => {
        throw { code: 'validation', message: 'email is not a valid address', field: 'email' };
      },
    });
    const onDone = vi.fn();
    renderPlain(<LoginPage companyName="Shop" onDone={onDone} />);

    await userEvent.type(screen.getByTestId('login-email'), 'nope');
    await userEvent.type(screen.getByTestId('login-password'), 'secret');
    await userEvent.click(screen.getByTestId('login-submit'));

    const emailItem = formItemOf(screen.getByTestId('login-email'));
    await waitFor(() => expect(emailItem).toHaveTextContent('email is not a valid address'));
    expect(formItemOf(screen.getByTestId('login-password'))).not.toHaveTextContent('email is not a valid address');
    expect(calls[0]).toEqual({
      command: 'users.auth.login',
      input: { email: 'nope', password: 'secret', remember: false },
      token: null,
    });
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says the email or password is wrong, in the UI language, when the core refuses the credentials', async () => {
    mockCommands({
      'users.auth.login': () => {
        throw { code: 'unauthenticated', message: 'the email or password is wrong', field: 'password' };
      },
    });
    renderPlain(<LoginPage companyName="Shop" onDone={() => undefined} />);

    await userEvent.type(screen.getByTestId('login-email'), 'owner@example.com');
    await userEvent.type(screen.getByTestId('login-password'), 'wrong-password');
    await userEvent.click(screen.getByTestId('login-submit'));

    await waitFor(() =>
      expect(formItemOf(screen.getByTestId('login-password'))).toHaveTextContent('The email or password is wrong'),
    );
  });

  it('shows an error without a field above the button, in the UI language', async () => {
    mockCommands({
      'users.auth.login': () => {
        throw new ApiError('forbidden', 'account disabled');
      },
    });
    renderPlain(<LoginPage companyName="Shop" onDone={() => undefined} />);

    await userEvent.click(screen.getByTestId('login-submit'));

    expect(await screen.findByRole('alert')).toHaveTextContent('Your account is not allowed to do this.');
  });

  it('hands the session over and sends `remember` when the box is ticked', async () => {
    const session: Session = {
      token: 't',
      user: {
        id: 'u',
        name: 'Owner',
        email: 'o@example.com',
        role: 'owner',
        custom_role_id: null,
        status: 'active',
        mfa_enabled: false,
        pin_set: false,
      },
      expires_at_ms: 1,
      permissions: ['customers.read'],
      mfa_setup_required: false,
    };
    const calls = mockCommands({ 'users.auth.login': () => session });
    const onDone = vi.fn();
    renderPlain(<LoginPage companyName="Shop" onDone={onDone} />);

    await userEvent.type(screen.getByTestId('login-email'), 'o@example.com');
    await userEvent.type(screen.getByTestId('login-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('login-remember'));
    await userEvent.click(screen.getByTestId('login-submit'));

    await waitFor(() => expect(onDone).toHaveBeenCalledWith(session));
    expect(calls[0].input).toEqual({ email: 'o@example.com', password: 'correct-horse-9', remember: true });
  });

  it('asks for a code when the user has two-step sign-in, resends with it, and says when it is wrong', async () => {
    const session: Session = {
      token: 't',
      user: {
        id: 'u',
        name: 'Owner',
        email: 'o@example.com',
        role: 'owner',
        custom_role_id: null,
        status: 'active',
        mfa_enabled: true,
        pin_set: false,
      },
      expires_at_ms: 1,
      permissions: ['customers.read'],
      mfa_setup_required: false,
    };
    const calls = mockCommands({
      'users.auth.login': (input) => {
        if (!input.otp) throw { code: 'unauthenticated', message: 'code needed', field: 'otp', reason: 'mfa_required' };
        if (input.otp !== 'ab12c-3de45')
          throw { code: 'unauthenticated', message: 'wrong', field: 'otp', reason: 'wrong_otp' };
        return session;
      },
    });
    const onDone = vi.fn();
    renderPlain(<LoginPage companyName="Shop" onDone={onDone} />);

    await userEvent.type(screen.getByTestId('login-email'), 'o@example.com');
    await userEvent.type(screen.getByTestId('login-password'), 'correct-horse-9');
    await userEvent.click(screen.getByTestId('login-submit'));

    const otp = await screen.findByTestId('login-otp');
    await waitFor(() => expect(otp).toHaveFocus());
    await userEvent.type(otp, '123 456');
    await userEvent.click(screen.getByTestId('login-otp-submit'));
    await waitFor(() => expect(formItemOf(otp)).toHaveTextContent('The code is wrong or has expired'));
    expect(calls[1].input).toEqual({
      email: 'o@example.com',
      password: 'correct-horse-9',
      remember: false,
      otp: '123456',
    });

    await userEvent.clear(otp);
    await userEvent.type(otp, 'ab12c-3de45');
    await userEvent.click(screen.getByTestId('login-otp-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(session));
    expect(calls[2].input).toEqual({
      email: 'o@example.com',
      password: 'correct-horse-9',
      remember: false,
      otp: 'ab12c-3de45',
    });
  });
});
