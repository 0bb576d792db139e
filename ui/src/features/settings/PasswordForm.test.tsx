import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/rpc';
import { inputsOf, PASSWORD, realCore } from '../../test/core';
import { formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { PasswordForm } from './PasswordForm';

async function fill(current: string, next: string, again = next) {
  await paste(screen.getByTestId('password-current'), current);
  await paste(screen.getByTestId('password-new'), next);
  await paste(screen.getByTestId('password-confirm'), again);
  await userEvent.click(screen.getByTestId('password-save'));
}

describe('Settings: change password', { timeout: 30_000 }, () => {
  it('changes the signed-in user’s own password, which is then the one that signs in', async () => {
    const backend = await realCore('cashier');
    renderSignedIn(<PasswordForm />, { session: backend.session });

    await fill(PASSWORD, 'a-new-till-password-7');
    expect(await screen.findByText('Password changed', {}, SLOW)).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'users.password.change')).toEqual([
      { current_password: PASSWORD, new_password: 'a-new-till-password-7' },
    ]);
    expect(screen.getByTestId('password-current')).toHaveValue('');

    const login = (password: string) => backend.run('users.auth.login', { email: 'cashier@example.com', password });
    await expect(login('a-new-till-password-7')).resolves.toMatchObject({ user: { role: 'cashier' } });
    await expect(login(PASSWORD)).rejects.toBeInstanceOf(ApiError);
  });

  it('says under each field what the core refused: a wrong current password, a too short new one', async () => {
    const backend = await realCore('staff');
    renderSignedIn(<PasswordForm />, { session: backend.session });

    await fill('not-my-password', 'another-long-one-9');
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('password-current'))).toHaveTextContent('The password is wrong'),
      SLOW,
    );
    expect(screen.getByTestId('password-current')).toHaveValue('');

    await fill(PASSWORD, 'short');
    await waitFor(() => expect(formItemOf(screen.getByTestId('password-new'))).toHaveTextContent(/at least/i), SLOW);
    // The last refusal goes once the fields are sent again (antd lets it fade out).
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('password-current'))).not.toHaveTextContent('The password is wrong'),
      SLOW,
    );
  });

  it('asks for the new password twice and sends nothing while they differ', async () => {
    const backend = await realCore('owner');
    renderSignedIn(<PasswordForm />, { session: backend.session });

    await fill(PASSWORD, 'one-new-password-9', 'another-password-9');
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('password-confirm'))).toHaveTextContent('The two new passwords differ'),
      SLOW,
    );
    expect(inputsOf(backend.calls, 'users.password.change')).toEqual([]);
  });
});
