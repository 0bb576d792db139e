import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { confirmIn, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { FinancePage } from '../finance/FinancePage';

const HEADER = '上海市黄浦区南京东路 1 号\n纳税人识别号 91310000MA1FL0000X\n电话 021-5555 0000';

/** A PNG of one pixel. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG_BYTES = Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0));

/** A company whose books are set up (in Shanghai's time zone), its owner signed in. */
async function books() {
  const backend = await realCore('owner');
  await backend.run('finances.setup', { template: 'prc_small_business', utc_offset_minutes: 480 });
  return backend;
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: how invoices look', { timeout: 30_000 }, () => {
  it('saves the invoice header, lines and all', async () => {
    const backend = await books();
    navigate('finance', 'taxes');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const header = await screen.findByTestId('invoice-header', {}, SLOW);
    fireEvent.change(header, { target: { value: HEADER } });
    await waitFor(() => expect(header).toHaveValue(HEADER));
    await userEvent.click(screen.getByTestId('invoice-settings-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.settings.update')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.settings.update')[0]).toEqual({
      tax_rounding: 'line',
      payment_terms_days: 30,
      invoice_header: HEADER,
      utc_offset_minutes: 480,
      cashier_discount_max_percent: '',
    });
    expect(await screen.findByText('Invoice settings saved', {}, SLOW)).toBeInTheDocument();
    // The core keeps the header's three lines.
    expect(await backend.run('finances.settings.get', {})).toMatchObject({ invoice_header: HEADER });
  });

  it('uploads a PNG logo as base64 at once, refuses other files and large ones, and removes it', async () => {
    const backend = await books();
    navigate('finance', 'taxes');
    const { container } = renderSignedIn(<FinancePage />, { session: backend.session });

    expect(await screen.findByTestId('invoice-logo-status', {}, SLOW)).toHaveTextContent('No logo');
    // Antd puts a fresh file input in after each pick.
    const fileInput = () => {
      const input = container.querySelector('input[type=file]');
      if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
      return input;
    };

    // Named like a PNG, but not one: the core refuses it, and no logo is set.
    await userEvent.upload(fileInput(), new File(['not a picture'], 'logo.png', { type: 'image/png' }));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.settings.update')).toHaveLength(1), SLOW);
    // In the user's words, not the core's ("logo_png: not a PNG image").
    expect(await screen.findByText('Choose a PNG image', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByTestId('invoice-logo-status')).toHaveTextContent('No logo');
    expect(await backend.run('finances.settings.get', {})).toMatchObject({ has_logo: false });
    // Larger than the core keeps: not sent at all.
    await userEvent.upload(fileInput(), new File([new Uint8Array(256 * 1024 + 1)], 'big.png', { type: 'image/png' }));
    expect(
      await screen.findByText('The logo is larger than 256 KB: choose a smaller image', {}, SLOW),
    ).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'finances.settings.update')).toHaveLength(1);

    await userEvent.upload(fileInput(), new File([PNG_BYTES], 'logo.png', { type: 'image/png' }));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.settings.update')).toHaveLength(2), SLOW);
    expect(inputsOf(backend.calls, 'finances.settings.update')[1]).toEqual({ logo_png: PNG_BASE64 });
    await waitFor(() => expect(screen.getByTestId('invoice-logo-status')).toHaveTextContent('A logo is set'), SLOW);

    await userEvent.click(screen.getByTestId('invoice-logo-remove'));
    await confirmIn('Remove the logo from invoices?', 'Remove logo');
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.settings.update')).toHaveLength(3), SLOW);
    expect(inputsOf(backend.calls, 'finances.settings.update')[2]).toEqual({ logo_png: '' });
    await waitFor(() => expect(screen.getByTestId('invoice-logo-status')).toHaveTextContent('No logo'), SLOW);
  });

  it('shows the header and the logo to finance.read, without a way to change them', async () => {
    const backend = await books();
    await backend.run('finances.settings.update', { invoice_header: HEADER, logo_png: PNG_BASE64 });
    const reader = await backend.signInWith(['finance.read', 'sales.read']);
    navigate('finance', 'taxes');
    renderSignedIn(<FinancePage />, { session: reader });

    await waitFor(() => expect(screen.getByTestId('invoice-header')).toHaveValue(HEADER), SLOW);
    expect(screen.getByTestId('invoice-header')).toBeDisabled();
    expect(screen.getByTestId('invoice-logo-status')).toHaveTextContent('A logo is set');
    expect(screen.queryByTestId('invoice-logo-upload')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invoice-logo-remove')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invoice-settings-save')).not.toBeInTheDocument();
  });
});
