import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { realCore } from '../../test/core';
import { formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { CompanySection } from './CompanySection';

describe('Settings: company details', { timeout: 30_000 }, () => {
  it('lets the owner fill in what invoices print of the seller, and puts a refused field’s reason at it', async () => {
    const backend = await realCore();
    renderSignedIn(<CompanySection />, { session: backend.session });

    // Loaded: the form shows once it holds what the core has.
    await waitFor(
      () => expect(screen.getByTestId('company-tax_id').closest('form')).not.toHaveAttribute('hidden'),
      SLOW,
    );
    await paste(screen.getByTestId('company-tax_id'), '91330100MA2SELLER');
    await paste(screen.getByTestId('company-bank_name'), '招商银行杭州分行');
    await paste(screen.getByTestId('company-bank_account'), '571900000001');
    await paste(screen.getByTestId('company-email'), 'owner@');
    await userEvent.click(screen.getByTestId('company-save'));
    await waitFor(() => expect(formItemOf(screen.getByTestId('company-email'))).toHaveTextContent(/e-?mail/i), SLOW);
    expect((await backend.run('company.profile.get', {})).tax_id, 'nothing half-written').toBe('');

    await paste(screen.getByTestId('company-email'), 'shop@example.com');
    await userEvent.click(screen.getByTestId('company-save'));
    await waitFor(
      async () => expect((await backend.run('company.profile.get', {})).tax_id).toBe('91330100MA2SELLER'),
      SLOW,
    );
    // The corrected field no longer says it is wrong.
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('company-email'))).not.toHaveTextContent('Not a valid email address'),
      SLOW,
    );
    const saved = await backend.run('company.profile.get', {});
    expect(saved).toMatchObject({
      bank_name: '招商银行杭州分行',
      bank_account: '571900000001',
      email: 'shop@example.com',
    });
  });

  it('shows a cashier the details without letting them change them', async () => {
    const backend = await realCore(['cashier']);
    const empty = await backend.run('company.profile.get', {}, 'owner');
    await backend.run('company.profile.update', { ...empty, tax_id: '91330100MA2SELLER' }, 'owner');
    renderSignedIn(<CompanySection />, { session: backend.session });

    await waitFor(() => expect(screen.getByTestId('company-tax_id')).toHaveValue('91330100MA2SELLER'), SLOW);
    expect(screen.getByTestId('company-tax_id')).toBeDisabled();
    expect(screen.queryByTestId('company-save')).not.toBeInTheDocument();
  });
});
