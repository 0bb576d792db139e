import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment, FinanceSettings, MoneyEvent, Role } from '../../api/bindings';
import { ROLE_PERMISSIONS } from '../../api/rpc';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { FinancePage } from '../finance/FinancePage';
import { openPdfWith, type PdfDocument } from './pdfRender';

// pdf.js needs a canvas and a worker, which jsdom has not: the test stands in for it.
const openPdf = vi.fn<(bytes: Uint8Array) => Promise<PdfDocument>>();

const TODAY = dayjs().format('YYYY-MM-DD');

/** A PNG's first bytes: enough for the core, which reads the kind of file from them, and for the UI. */
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PNG_BASE64 = btoa(String.fromCharCode(...PNG_BYTES));

/** A PDF's first bytes, with the high bytes a binary comment line has: decoded as bytes, not as text. */
const PDF_BYTES = new Uint8Array([
  0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a,
]);
const PDF_BASE64 = btoa(String.fromCharCode(...PDF_BYTES));

/** Books with one expense, the month's rent paid to the landlord, signed in as `role`. */
async function rentPaid(role: Role) {
  const backend = await realCore(role);
  await backend.run('finances.setup', {
    template: 'prc_small_business',
    utc_offset_minutes: -new Date().getTimezoneOffset(),
  });
  const rent = await backend.run('finances.expenses.create', {
    date: TODAY,
    amount: '4500.00',
    party: 'Landlord',
    description: 'Rent',
  });
  return { ...backend, rent };
}

/** The rent with its fapiao attached as a PDF (by the owner), looked at by someone with finance.read alone. */
async function fapiaoOnRent() {
  const backend = await rentPaid('owner');
  const withFapiao = await backend.run('finances.attachments.add', {
    owner_id: backend.rent.id,
    file_name: 'fapiao.pdf',
    base64: PDF_BASE64,
  });
  const fapiao = withFapiao.attachments[0];
  const reader = await backend.signInWith(['finance.read']);
  return { ...backend, fapiao, reader };
}

/** What pdf.js would make of a document of `pageCount` pages, drawing nothing. */
function fakePdf(pageCount: number) {
  return {
    pageCount,
    renderPage: vi.fn<PdfDocument['renderPage']>(() => Promise.resolve()),
    destroy: vi.fn<PdfDocument['destroy']>(() => Promise.resolve()),
  };
}

async function openReceipt(hash: string) {
  const drawer = await screen.findByTestId('money-attachments', {}, SLOW);
  const item = within(drawer)
    .getAllByTestId('attachment-item')
    .find((element) => element.dataset.hash === hash);
  if (!item) throw new Error(`no receipt ${hash} in the list`);
  await userEvent.click(within(item).getByTestId('attachment-view'));
  return screen.findByTestId('attachment-pdf-viewer', {}, SLOW);
}

// A file attached on another device whose bytes the relay has not brought here yet: the development host's second
// device always sends its files before its records, so this is the one thing these tests stand in for (with the
// core's own words).
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
  defaults: { income_category_id: null, expense_category_id: null, money_account_id: null },
};

const EXPENSE: MoneyEvent = {
  id: 'x1',
  kind: 'expense',
  date: TODAY,
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
  overdrawn: null,
};

/** The expense with `attachment`, attached on another device, whose file has not reached this one. */
function notReachedYet(attachment: Attachment) {
  return mockCommands({
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => [],
    'finances.expenses.list': () => ({ events: [{ ...EXPENSE, attachments: [attachment] }], total: EXPENSE.amount }),
    'finances.attachments.get': () => {
      throw {
        code: 'not_found',
        message: `${attachment.file_name} was attached on another device; the file itself has not reached this one`,
      };
    },
  });
}

/** Whoever reads the books (the core's accountant role): what they see does not depend on more. */
const ACCOUNTANT = sessionAs('accountant', [...ROLE_PERMISSIONS.accountant]);

afterEach(() => {
  window.location.hash = '';
  openPdfWith(null);
});

beforeEach(() => {
  openPdf.mockReset();
  openPdfWith(openPdf);
});

describe('FinancePage: receipts on income and expenses', { timeout: 30_000 }, () => {
  it('attaches a file as base64, lists it, and shows an image inline', async () => {
    const backend = await rentPaid('manager');
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const count = await screen.findByTestId('expense-attachments', {}, SLOW);
    expect(count).toHaveTextContent('0');
    await userEvent.click(count);
    const drawer = await screen.findByTestId('money-attachments', {}, SLOW);
    await userEvent.upload(
      within(drawer).getByTestId('attachment-upload'),
      new File([PNG_BYTES], 'rent.png', { type: 'image/png' }),
    );

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.attachments.add')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.attachments.add')[0]).toEqual({
      owner_id: backend.rent.id,
      file_name: 'rent.png',
      base64: PNG_BASE64,
    });
    expect(await within(drawer).findByTestId('attachment-name', {}, SLOW)).toHaveTextContent('rent.png');
    await waitFor(() => expect(screen.getByTestId('expense-attachments')).toHaveTextContent('1'), SLOW);
    // The core keeps it by the hash of its bytes, and knows it for a PNG by them.
    const [kept] = (await backend.run('finances.expenses.list', {})).events[0].attachments;
    expect(kept).toMatchObject({ file_name: 'rent.png', mime: 'image/png', size: PNG_BYTES.length });

    await userEvent.click(within(drawer).getByTestId('attachment-view'));
    const image = await within(drawer).findByTestId('attachment-image', {}, SLOW);
    expect(image.tagName).toBe('IMG');
    expect(image).toHaveAttribute('src', `data:image/png;base64,${PNG_BASE64}`);
    expect(inputsOf(backend.calls, 'finances.attachments.get')).toEqual([
      { owner_id: backend.rent.id, hash: kept.hash },
    ]);
  });

  it('offers finance.read no way to attach or remove a receipt, only to see and save it', async () => {
    const backend = await rentPaid('owner');
    await backend.run('finances.attachments.add', {
      owner_id: backend.rent.id,
      file_name: 'rent.png',
      base64: PNG_BASE64,
    });
    const reader = await backend.signInWith(['finance.read']);
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: reader });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const drawer = await screen.findByTestId('money-attachments', {}, SLOW);
    expect(await within(drawer).findByTestId('attachment-name', {}, SLOW)).toHaveTextContent('rent.png');
    expect(within(drawer).queryByTestId('attachment-upload')).not.toBeInTheDocument();
    expect(within(drawer).queryByTestId('attachment-remove')).not.toBeInTheDocument();
    expect(within(drawer).getByTestId('attachment-save')).toBeInTheDocument();
    await userEvent.click(within(drawer).getByTestId('attachment-view'));
    expect(await within(drawer).findByTestId('attachment-image', {}, SLOW)).toHaveAttribute(
      'src',
      `data:image/png;base64,${PNG_BASE64}`,
    );
  });

  it('shows the core’s words when the file has not reached this device', async () => {
    notReachedYet({ hash: 'h9', file_name: 'taxi.jpg', mime: 'image/jpeg', size: 2048 });
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: ACCOUNTANT });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const drawer = await screen.findByTestId('money-attachments', {}, SLOW);
    await userEvent.click(within(drawer).getByTestId('attachment-view'));
    expect(await within(drawer).findByTestId('attachment-error', {}, SLOW)).toHaveTextContent(
      'taxi.jpg was attached on another device; the file itself has not reached this one',
    );
  });
});

describe('FinancePage: PDF receipts', { timeout: 30_000 }, () => {
  it('opens a PDF in a dialog, draws its pages from the core’s bytes, saves a copy, and frees it on close', async () => {
    const pdf = fakePdf(2);
    openPdf.mockResolvedValue(pdf);
    const backend = await fapiaoOnRent();
    const ref = { owner_id: backend.rent.id, hash: backend.fapiao.hash };
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const viewer = await openReceipt(backend.fapiao.hash);
    const pages = await within(viewer).findAllByTestId('attachment-pdf-page', {}, SLOW);
    expect(pages, 'one canvas per page').toHaveLength(2);
    expect(inputsOf(backend.calls, 'finances.attachments.get')).toEqual([ref]);
    expect(openPdf, 'pdf.js is given the file’s bytes, decoded from base64').toHaveBeenLastCalledWith(PDF_BYTES);
    await waitFor(() => expect(pdf.renderPage).toHaveBeenCalledTimes(2), SLOW);
    expect(pdf.renderPage.mock.calls.map(([page, canvas]) => [page, canvas])).toEqual([
      [1, pages[0]],
      [2, pages[1]],
    ]);
    expect(within(viewer).queryByTestId('attachment-pdf-capped')).not.toBeInTheDocument();

    // Outside the desktop app the copy is downloaded, under the file's name.
    await userEvent.click(screen.getByTestId('attachment-pdf-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.attachments.get')).toHaveLength(2), SLOW);
    expect(inputsOf(backend.calls, 'finances.attachments.get')[1]).toEqual(ref);
    expect(await screen.findByText('Saved to fapiao.pdf', {}, SLOW)).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('attachment-pdf-close'));
    await waitFor(() => expect(pdf.destroy).toHaveBeenCalled(), SLOW);
    expect(screen.queryByTestId('attachment-pdf-page')).not.toBeInTheDocument();
  });

  it('says so in the dialog when pdf.js cannot read the file', async () => {
    openPdf.mockRejectedValue(new Error('Invalid PDF structure.'));
    const backend = await fapiaoOnRent();
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const damaged = await openReceipt(backend.fapiao.hash);
    expect(await within(damaged).findByTestId('attachment-error', {}, SLOW)).toHaveTextContent(
      'This PDF cannot be shown: it may be damaged or protected by a password.',
    );
    expect(openPdf).toHaveBeenLastCalledWith(PDF_BYTES);
    expect(within(damaged).queryByTestId('attachment-pdf-page')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('attachment-pdf-close'));
    await waitFor(() => expect(screen.queryByTestId('attachment-error')).not.toBeInTheDocument(), SLOW);
  });

  it('says so in the dialog when the file has not reached this device', async () => {
    const elsewhere: Attachment = { hash: 'p2', file_name: 'hotel.pdf', mime: 'application/pdf', size: 20_480 };
    notReachedYet(elsewhere);
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: ACCOUNTANT });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const viewer = await openReceipt(elsewhere.hash);
    expect(await within(viewer).findByTestId('attachment-error', {}, SLOW)).toHaveTextContent(
      'hotel.pdf was attached on another device; the file itself has not reached this one',
    );
    expect(openPdf, 'no bytes, nothing for pdf.js').not.toHaveBeenCalled();
  });

  it('draws at most the first 20 pages of a long PDF and says how many it has', async () => {
    const pdf = fakePdf(25);
    openPdf.mockResolvedValue(pdf);
    const backend = await fapiaoOnRent();
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: backend.reader });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const viewer = await openReceipt(backend.fapiao.hash);
    expect(await within(viewer).findByTestId('attachment-pdf-capped', {}, SLOW)).toHaveTextContent(
      'Showing the first 20 of 25 pages.',
    );
    expect(within(viewer).getAllByTestId('attachment-pdf-page')).toHaveLength(20);
    await waitFor(() => expect(pdf.renderPage).toHaveBeenCalledTimes(20), SLOW);
    expect(pdf.renderPage.mock.calls.map(([page]) => page)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
