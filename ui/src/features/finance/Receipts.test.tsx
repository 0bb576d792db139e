import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachmentInput, AttachmentRef, FinanceSettings, MoneyEvent } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { FinancePage } from './FinancePage';

// Antd drawers and the mocked round trips take seconds on a loaded machine.
const SLOW = { timeout: 10_000 };

const MANAGER = sessionAs('manager', ['finance.read', 'finance.write']);
const READER = sessionAs('staff', ['finance.read']);

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

/** A PNG's first bytes: enough for the UI, which sends what it read. */
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PNG_BASE64 = btoa(String.fromCharCode(...PNG_BYTES));

const EXPENSE: MoneyEvent = {
  id: 'x1',
  kind: 'expense',
  date: dayjs().format('YYYY-MM-DD'),
  amount: '4500.00',
  category_id: 'a5602',
  category_name: '5602 管理费用',
  account_id: 'a1002',
  account_name: '1002 银行存款',
  party: 'Landlord',
  description: 'Rent',
  entry_id: 'e-x1',
  voided: false,
  created_by_name: 'owner',
  created_at_ms: 1,
  tax: '0.00',
  tax_id: null,
  attachments: [],
};

/** One expense whose receipts the core keeps: attached, read and removed as the core would. */
function receiptsBackend(files: Record<string, string> = {}) {
  let expense = { ...EXPENSE };
  return {
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => [],
    'finances.expenses.list': () => [expense],
    'finances.attachments.add': (input: AttachmentInput) => {
      files.h1 = input.base64;
      expense = {
        ...expense,
        attachments: [...expense.attachments, { hash: 'h1', file_name: input.file_name, mime: 'image/png', size: 12 }],
      };
      return expense;
    },
    'finances.attachments.get': (input: AttachmentRef) => {
      const base64 = files[input.hash];
      if (base64 === undefined)
        throw { code: 'not_found', message: 'the file was attached on another device and has not reached this one' };
      return { file_name: 'receipt.png', mime: 'image/png', base64 };
    },
  } as const;
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: receipts on income and expenses', { timeout: 30_000 }, () => {
  it('attaches a file as base64, lists it, and shows an image inline', async () => {
    const calls = mockCommands(receiptsBackend());
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: MANAGER });

    const count = await screen.findByTestId('expense-attachments', {}, SLOW);
    expect(count).toHaveTextContent('0');
    await userEvent.click(count);
    const drawer = await screen.findByTestId('money-attachments', {}, SLOW);
    await userEvent.upload(
      within(drawer).getByTestId('attachment-upload'),
      new File([PNG_BYTES], 'rent.png', { type: 'image/png' }),
    );

    await waitFor(() => expect(inputsOf(calls, 'finances.attachments.add')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.attachments.add')[0]).toEqual({
      owner_id: 'x1',
      file_name: 'rent.png',
      base64: PNG_BASE64,
    });
    expect(await within(drawer).findByTestId('attachment-name', {}, SLOW)).toHaveTextContent('rent.png');
    await waitFor(() => expect(screen.getByTestId('expense-attachments')).toHaveTextContent('1'), SLOW);

    await userEvent.click(within(drawer).getByTestId('attachment-view'));
    const image = await within(drawer).findByTestId('attachment-image', {}, SLOW);
    expect(image.tagName).toBe('IMG');
    expect(image).toHaveAttribute('src', `data:image/png;base64,${PNG_BASE64}`);
    expect(inputsOf(calls, 'finances.attachments.get')).toEqual([{ owner_id: 'x1', hash: 'h1' }]);
  });

  it('shows the core’s words when the file has not reached this device, and no way to attach to finance.read', async () => {
    const backend = receiptsBackend();
    mockCommands({
      ...backend,
      'finances.expenses.list': () => [
        { ...EXPENSE, attachments: [{ hash: 'h9', file_name: 'taxi.jpg', mime: 'image/jpeg', size: 2048 }] },
      ],
    });
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const drawer = await screen.findByTestId('money-attachments', {}, SLOW);
    expect(within(drawer).queryByTestId('attachment-upload')).not.toBeInTheDocument();
    expect(within(drawer).queryByTestId('attachment-remove')).not.toBeInTheDocument();
    expect(within(drawer).getByTestId('attachment-save')).toBeInTheDocument();
    await userEvent.click(within(drawer).getByTestId('attachment-view'));
    expect(await within(drawer).findByTestId('attachment-error', {}, SLOW)).toHaveTextContent(
      'the file was attached on another device and has not reached this one',
    );
  });
});
