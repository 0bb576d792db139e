import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment, AttachmentInput, AttachmentRef, FinanceSettings, MoneyEvent } from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { FinancePage } from './FinancePage';
import { openPdf, type PdfDocument } from './pdfRender';

// pdf.js needs a canvas and a worker, which jsdom has not: the test stands in for the wrapper around it.
vi.mock('./pdfRender', () => ({ openPdf: vi.fn() }));

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

beforeEach(() => {
  vi.mocked(openPdf).mockReset();
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

/** A PDF's first bytes, with the high bytes a binary comment line has: decoded as bytes, not as text. */
const PDF_BYTES = new Uint8Array([
  0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a,
]);
const PDF_BASE64 = btoa(String.fromCharCode(...PDF_BYTES));

const PDF_RECEIPT: Attachment = { hash: 'p1', file_name: 'fapiao.pdf', mime: 'application/pdf', size: 40_960 };
const PDF_ELSEWHERE: Attachment = { hash: 'p2', file_name: 'hotel.pdf', mime: 'application/pdf', size: 20_480 };

/** The expense with a PDF receipt kept on this device, and one attached elsewhere that has not arrived. */
function pdfBackend() {
  const backend = receiptsBackend({ [PDF_RECEIPT.hash]: PDF_BASE64 });
  return {
    ...backend,
    'finances.expenses.list': () => [{ ...EXPENSE, attachments: [PDF_RECEIPT, PDF_ELSEWHERE] }],
    'finances.attachments.get': (input: AttachmentRef) => ({
      ...backend['finances.attachments.get'](input),
      file_name: PDF_RECEIPT.file_name,
      mime: PDF_RECEIPT.mime,
    }),
  };
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

describe('FinancePage: PDF receipts', { timeout: 30_000 }, () => {
  it('opens a PDF in a dialog, draws its pages from the core’s bytes, saves a copy, and frees it on close', async () => {
    const pdf = fakePdf(2);
    vi.mocked(openPdf).mockResolvedValue(pdf);
    const calls = mockCommands(pdfBackend(), {
      save_file_dialog: () => ({ path: '/home/staff/Documents/fapiao.pdf', count: 1 }),
    });
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const viewer = await openReceipt(PDF_RECEIPT.hash);
    const pages = await within(viewer).findAllByTestId('attachment-pdf-page', {}, SLOW);
    expect(pages, 'one canvas per page').toHaveLength(2);
    expect(inputsOf(calls, 'finances.attachments.get')).toEqual([{ owner_id: 'x1', hash: PDF_RECEIPT.hash }]);
    expect(openPdf, 'pdf.js is given the file’s bytes, decoded from base64').toHaveBeenLastCalledWith(PDF_BYTES);
    await waitFor(() => expect(pdf.renderPage).toHaveBeenCalledTimes(2), SLOW);
    expect(pdf.renderPage.mock.calls.map(([page, canvas]) => [page, canvas])).toEqual([
      [1, pages[0]],
      [2, pages[1]],
    ]);
    expect(within(viewer).queryByTestId('attachment-pdf-capped')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('attachment-pdf-save'));
    await waitFor(() => expect(inputsOf(calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'save_file_dialog')[0]).toMatchObject({
      command: 'finances.attachments.get',
      input: { owner_id: 'x1', hash: PDF_RECEIPT.hash },
    });

    await userEvent.click(screen.getByTestId('attachment-pdf-close'));
    await waitFor(() => expect(pdf.destroy).toHaveBeenCalled(), SLOW);
    expect(screen.queryByTestId('attachment-pdf-page')).not.toBeInTheDocument();
  });

  it('says so in the dialog when pdf.js cannot read the file, or the file has not reached this device', async () => {
    vi.mocked(openPdf).mockRejectedValue(new Error('Invalid PDF structure.'));
    mockCommands(pdfBackend());
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const damaged = await openReceipt(PDF_RECEIPT.hash);
    expect(await within(damaged).findByTestId('attachment-error', {}, SLOW)).toHaveTextContent(
      'This PDF cannot be shown: it may be damaged or protected by a password.',
    );
    expect(openPdf).toHaveBeenLastCalledWith(PDF_BYTES);
    expect(within(damaged).queryByTestId('attachment-pdf-page')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('attachment-pdf-close'));
    await waitFor(() => expect(screen.queryByTestId('attachment-error')).not.toBeInTheDocument(), SLOW);

    vi.mocked(openPdf).mockClear();
    const elsewhere = await openReceipt(PDF_ELSEWHERE.hash);
    expect(await within(elsewhere).findByTestId('attachment-error', {}, SLOW)).toHaveTextContent(
      'the file was attached on another device and has not reached this one',
    );
    expect(openPdf, 'no bytes, nothing for pdf.js').not.toHaveBeenCalled();
  });

  it('draws at most the first 20 pages of a long PDF and says how many it has', async () => {
    const pdf = fakePdf(25);
    vi.mocked(openPdf).mockResolvedValue(pdf);
    mockCommands(pdfBackend());
    navigate('finance', 'expenses');
    renderSignedIn(<FinancePage />, { session: READER });

    await userEvent.click(await screen.findByTestId('expense-attachments', {}, SLOW));
    const viewer = await openReceipt(PDF_RECEIPT.hash);
    expect(await within(viewer).findByTestId('attachment-pdf-capped', {}, SLOW)).toHaveTextContent(
      'Showing the first 20 of 25 pages.',
    );
    expect(within(viewer).getAllByTestId('attachment-pdf-page')).toHaveLength(20);
    await waitFor(() => expect(pdf.renderPage).toHaveBeenCalledTimes(20), SLOW);
    expect(pdf.renderPage.mock.calls.map(([page]) => page)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
