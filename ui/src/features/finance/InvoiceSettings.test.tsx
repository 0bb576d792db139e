import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { FinanceSettings, SettingsPatch } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { FinancePage } from './FinancePage';

// Antd forms check their fields asynchronously; on a loaded machine that, and the mocked round trips, take seconds.
const SLOW = { timeout: 10_000 };

const OWNER = sessionAs('owner', ['finance.read', 'finance.write', 'finance.manage', 'sales.read', 'sales.write']);
const READER = sessionAs('staff', ['finance.read', 'sales.read']);

const SETTINGS: FinanceSettings = {
  base_currency: 'CNY',
  template: 'prc_small_business',
  closed_through: null,
  tax_rounding: 'line',
  payment_terms_days: 30,
  invoice_header: '',
  has_logo: false,
  cashier_discount_max_percent: null,
  utc_offset_minutes: 480,
};

const HEADER = '上海市黄浦区南京东路 1 号\n纳税人识别号 91310000MA1FL0000X\n电话 021-5555 0000';

/** A PNG's first bytes: enough for the UI, which sends what it read. */
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** The books' settings, as the core keeps them: changed by `finances.settings.update`. */
function settingsBackend() {
  let settings = { ...SETTINGS };
  return {
    'finances.settings.get': () => settings,
    'finances.accounts.list': () => [],
    'finances.taxes.list': () => [],
    'finances.invoices.series.get': () => ({
      prefix: 'INV-TEST-',
      yearly_reset: false,
      next_number: 'INV-TEST-00001',
      other_prefixes: [],
    }),
    'finances.settings.update': (patch: SettingsPatch) => {
      settings = {
        ...settings,
        ...(patch.invoice_header === undefined ? {} : { invoice_header: patch.invoice_header }),
        ...(patch.logo_png === undefined ? {} : { has_logo: patch.logo_png !== '' }),
      };
      return settings;
    },
  } as const;
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: how invoices look', { timeout: 30_000 }, () => {
  it('saves the invoice header, lines and all', async () => {
    const calls = mockCommands(settingsBackend());
    navigate('finance', 'taxes');
    renderSignedIn(<FinancePage />, { session: OWNER });

    const header = await screen.findByTestId('invoice-header', {}, SLOW);
    fireEvent.change(header, { target: { value: HEADER } });
    await waitFor(() => expect(header).toHaveValue(HEADER));
    await userEvent.click(screen.getByTestId('invoice-settings-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.settings.update')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.settings.update')[0]).toEqual({
      tax_rounding: 'line',
      payment_terms_days: 30,
      invoice_header: HEADER,
      utc_offset_minutes: 480,
      cashier_discount_max_percent: '',
    });
    expect(await screen.findByText('Invoice settings saved', {}, SLOW)).toBeInTheDocument();
  });

  it('uploads a PNG logo as base64 at once, refuses other files and large ones, and removes it', async () => {
    const calls = mockCommands(settingsBackend());
    navigate('finance', 'taxes');
    const { container } = renderSignedIn(<FinancePage />, { session: OWNER });

    expect(await screen.findByTestId('invoice-logo-status', {}, SLOW)).toHaveTextContent('No logo');
    const input = container.querySelector('input[type=file]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no file input');

    await userEvent.upload(input, new File([PNG_BYTES], 'logo.png', { type: 'image/png' }));
    await waitFor(() => expect(inputsOf(calls, 'finances.settings.update')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.settings.update')[0]).toEqual({
      logo_png: btoa(String.fromCharCode(...PNG_BYTES)),
    });
    await waitFor(() => expect(screen.getByTestId('invoice-logo-status')).toHaveTextContent('A logo is set'), SLOW);

    await userEvent.click(screen.getByTestId('invoice-logo-remove'));
    const popover = (await screen.findByText('Remove the logo from invoices?', {}, SLOW)).closest('.ant-popover');
    if (!(popover instanceof HTMLElement)) throw new Error('the confirmation is not in a popover');
    await userEvent.click(within(popover).getByRole('button', { name: 'Remove logo' }));
    await waitFor(() => expect(inputsOf(calls, 'finances.settings.update')).toHaveLength(2), SLOW);
    expect(inputsOf(calls, 'finances.settings.update')[1]).toEqual({ logo_png: '' });
  });

  it('shows the header and the logo to finance.read, without a way to change them', async () => {
    mockCommands({
      ...settingsBackend(),
      'finances.settings.get': () => ({ ...SETTINGS, invoice_header: HEADER, has_logo: true }),
    });
    navigate('finance', 'taxes');
    renderSignedIn(<FinancePage />, { session: READER });

    await waitFor(() => expect(screen.getByTestId('invoice-header')).toHaveValue(HEADER), SLOW);
    expect(screen.getByTestId('invoice-header')).toBeDisabled();
    expect(screen.getByTestId('invoice-logo-status')).toHaveTextContent('A logo is set');
    expect(screen.queryByTestId('invoice-logo-upload')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invoice-logo-remove')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invoice-settings-save')).not.toBeInTheDocument();
  });
});
