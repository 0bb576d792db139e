import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Account,
  BalanceSheet,
  Customer,
  FinanceSettings,
  Invoice,
  InvoiceInput,
  InvoicePreviewInput,
  Payment,
  PaymentInput,
  Tax,
} from '../../api/bindings';
import { mockCommands, type Call } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';
import { navigate } from '../../shared/router';
import { AppShell } from '../shell/AppShell';
import { FinancePage } from './FinancePage';

// Antd forms check their fields asynchronously; on a loaded machine that, and the mocked round trips, take seconds.
const SLOW = { timeout: 10_000 };

const OWNER = sessionAs('owner', [
  'customers.read',
  'security.manage',
  'finance.read',
  'finance.write',
  'finance.manage',
  'sales.read',
  'sales.write',
]);
const CASHIER = sessionAs('cashier', ['customers.read', 'customers.write', 'sales.read', 'sales.write']);
const READER = sessionAs('staff', ['customers.read', 'finance.read']);

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

const ACCOUNTS: Account[] = [
  {
    id: 'a1001',
    code: '1001',
    name: '库存现金',
    kind: 'asset',
    archived: false,
    holds_money: true,
    created_at_ms: 1,
    updated_at_ms: 1,
  },
  {
    id: 'a1002',
    code: '1002',
    name: '银行存款',
    kind: 'asset',
    archived: false,
    holds_money: true,
    created_at_ms: 1,
    updated_at_ms: 1,
  },
  // An asset money is not kept in: no payment goes into it.
  {
    id: 'a1122',
    code: '1122',
    name: '应收账款',
    kind: 'asset',
    archived: false,
    holds_money: false,
    created_at_ms: 1,
    updated_at_ms: 1,
  },
  {
    id: 'a5001',
    code: '5001',
    name: '主营业务收入',
    kind: 'income',
    archived: false,
    holds_money: false,
    created_at_ms: 1,
    updated_at_ms: 1,
  },
];

const VAT: Tax = {
  id: 'tax-13',
  name: '增值税 13%',
  rate: '13',
  components: [{ name: '增值税', rate: '13' }],
  preset: 'prc_vat',
  archived: false,
};

const CUSTOMER: Customer = {
  id: 'c1',
  name: 'Tea House',
  email: null,
  phone: null,
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  tax_id: null,
  tags: [],
  archived: false,
  erased: false,
  created_at_ms: 1,
  updated_at_ms: 1,
};

const TODAY = dayjs().format('YYYY-MM-DD');

/**
 * A tiny stand-in for the core's invoicing: one invoice of one line, 3 × 33.33 at 13% (the core's amounts are
 * given, not computed), numbered INV-TEST-00001 when issued, paid by what payments bring. Its preview refuses
 * lines not complete, as the core does, and otherwise answers amounts no arithmetic of the UI could make up.
 */
function invoicingBackend() {
  let invoice: Invoice | null = null;
  const payments: Payment[] = [];
  const shown = (): Invoice => {
    if (!invoice) throw { code: 'not_found', message: 'no such invoice' };
    return invoice;
  };
  const handlers = {
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => ACCOUNTS,
    'finances.taxes.list': () => [VAT],
    'finances.income.list': () => [],
    'customers.list': () => ({ total: 1, items: [CUSTOMER] }),
    'finances.invoices.list': () => ({ invoices: invoice ? [invoice] : [], truncated: false }),
    'finances.invoices.get': () => shown(),
    'finances.invoices.preview': (input: InvoicePreviewInput) => {
      input.lines.forEach((line, i) => {
        if (!line.description || !line.quantity || !line.unit_price)
          throw { code: 'validation', field: `lines[${i}].description`, reason: 'required', message: 'required' };
      });
      return {
        lines: input.lines.map(() => ({ net: '1234.56', tax: '7.89' })),
        subtotal: '1234.56',
        tax: '7.89',
        total: '1242.45',
      };
    },
    'finances.payments.list': () => payments,
    'finances.invoices.create': (input: InvoiceInput) => {
      invoice = {
        id: 'inv1',
        kind: 'invoice',
        credits: null,
        number: null,
        customer_id: input.customer_id,
        customer_name: CUSTOMER.name,
        issue_date: input.issue_date ?? TODAY,
        due_date: dayjs().add(30, 'day').format('YYYY-MM-DD'),
        prices_include_tax: false,
        tax_rounding: 'line',
        lines: input.lines.map((line) => ({
          description: line.description,
          quantity: line.quantity,
          unit_price: line.unit_price,
          discount: '0',
          tax_id: VAT.id,
          tax_name: VAT.name,
          tax_rate: VAT.rate,
          net: '99.99',
          tax: '13.00',
          product_id: null,
        })),
        subtotal: '99.99',
        tax: '13.00',
        total: '112.99',
        paid: '0.00',
        outstanding: '0.00',
        notes: '',
        status: 'draft',
        entry_id: null,
        created_by_name: 'owner',
        created_at_ms: 1,
        // In US dollars at 7.1, the core's base total: 112.99 × 7.1.
        currency: input.currency ?? 'CNY',
        exchange_rate: input.exchange_rate ?? '1',
        base_total: input.currency === 'USD' ? '802.23' : '112.99',
        location_id: null,
      };
      return invoice;
    },
    'finances.invoices.issue': () => {
      invoice = { ...shown(), number: 'INV-TEST-00001', status: 'issued', outstanding: shown().total };
      return invoice;
    },
    'finances.payments.create': (input: PaymentInput) => {
      const payment: Payment = {
        id: 'p1',
        kind: 'payment',
        customer_id: CUSTOMER.id,
        customer_name: CUSTOMER.name,
        invoice_id: input.invoice_id ?? null,
        invoice_number: 'INV-TEST-00001',
        date: input.date ?? TODAY,
        amount: input.amount,
        method: input.method,
        reference: input.reference ?? '',
        account_id: 'a1001',
        to_invoice: input.amount,
        to_credit: '0.00',
        entry_id: 'e2',
        voided: false,
        created_by_name: 'owner',
        created_at_ms: 2,
      };
      payments.push(payment);
      invoice = { ...shown(), status: 'paid', paid: input.amount, outstanding: '0.00' };
      return payment;
    },
  } as const;
  return { handlers, current: () => invoice };
}

function inputsOf(calls: Call[], command: Call['command']): unknown[] {
  return calls.filter((call) => call.command === command).map((call) => call.input);
}

function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error('input is not inside a form item');
  return item;
}

/** Sets an input's value at once, as pasting would, and waits until the form holds it. */
async function paste(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

/** Opens an antd Select and picks the option with the given label (once it is listed). */
async function choose(select: HTMLElement, label: string) {
  fireEvent.mouseDown(select.closest('.ant-select')?.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByTitle(label, {}, SLOW);
  fireEvent.click(options[options.length - 1]);
}

/** Opens the invoices, writes a draft for Tea House of 3 × 33.33 at 13%, and saves it. */
async function writeDraft() {
  await userEvent.click(await screen.findByTestId('invoice-new', {}, SLOW));
  await choose(screen.getByTestId('invoice-customer'), 'Tea House');
  await paste(screen.getByTestId('invoice-line-description-0'), 'Longjing tea');
  await paste(screen.getByTestId('invoice-line-quantity-0'), '3');
  await paste(screen.getByTestId('invoice-line-price-0'), '33.33');
  await choose(screen.getByTestId('invoice-line-tax-0'), '增值税 13%');
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: invoices', { timeout: 40_000 }, () => {
  it('writes a draft invoice with a line, previews its totals from the core, and shows the amounts it saved', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await userEvent.click(await screen.findByTestId('invoice-new', {}, SLOW));
    // An empty line: no amounts yet, and no error while typing.
    expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('—');
    expect(screen.getByTestId('invoice-line-amount-0')).toHaveTextContent('—');
    await choose(screen.getByTestId('invoice-customer'), 'Tea House');
    await paste(screen.getByTestId('invoice-line-description-0'), 'Longjing tea');
    await paste(screen.getByTestId('invoice-line-quantity-0'), '3');
    await paste(screen.getByTestId('invoice-line-price-0'), '33.33');
    await choose(screen.getByTestId('invoice-line-tax-0'), '增值税 13%');

    // The core's preview, asked for the lines as typed, once typing paused.
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('1,242.45'), SLOW);
    expect(screen.getByTestId('invoice-preview-subtotal')).toHaveTextContent('1,234.56');
    expect(screen.getByTestId('invoice-preview-tax')).toHaveTextContent('7.89');
    expect(screen.getByTestId('invoice-line-amount-0')).toHaveTextContent('1,234.56');
    expect(inputsOf(calls, 'finances.invoices.preview').at(-1)).toEqual({
      prices_include_tax: false,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: 'tax-13' }],
    });
    expect(screen.queryByTestId('invoice-form-error')).not.toBeInTheDocument();
    // In the base currency: no exchange rate to give.
    expect(screen.getByTestId('invoice-currency')).toHaveValue('CNY');
    expect(screen.queryByTestId('invoice-exchange-rate')).not.toBeInTheDocument();

    // Tax inside the prices: asked again.
    await userEvent.click(screen.getByTestId('invoice-prices-include-tax'));
    await waitFor(
      () => expect(inputsOf(calls, 'finances.invoices.preview').at(-1)).toMatchObject({ prices_include_tax: true }),
      SLOW,
    );
    await userEvent.click(screen.getByTestId('invoice-prices-include-tax'));
    // A line no longer complete: no amounts again, and still no error until saving.
    await paste(screen.getByTestId('invoice-line-price-0'), '');
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('—'), SLOW);
    // The preview's refusal (it names the description) is not put on the form.
    expect(formItemOf(screen.getByTestId('invoice-line-description-0'))).not.toHaveTextContent('required');
    await paste(screen.getByTestId('invoice-line-price-0'), '33.33');
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('1,242.45'), SLOW);

    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(() => expect(inputsOf(calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.invoices.create')[0]).toEqual({
      customer_id: 'c1',
      issue_date: TODAY,
      prices_include_tax: false,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: 'tax-13' }],
    });
    // The saved draft opens, with the core's amounts.
    expect(await screen.findByTestId('invoice-number', {}, SLOW)).toHaveTextContent('Draft');
    expect(screen.getByTestId('invoice-status')).toHaveTextContent('Draft');
    expect(screen.getByTestId('invoice-total')).toHaveTextContent('112.99');
    expect(screen.getByTestId('invoice-lines')).toHaveTextContent('Longjing tea');
    await waitFor(() => expect(screen.getAllByTestId('invoice-row')).toHaveLength(1), SLOW);
  });

  it('issues a draft, which gets its number, and takes a payment of what is owed, which pays it', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));

    await waitFor(() => expect(screen.getByTestId('invoice-number')).toHaveTextContent('INV-TEST-00001'), SLOW);
    expect(screen.getByTestId('invoice-status')).toHaveTextContent('Issued');
    expect(inputsOf(calls, 'finances.invoices.issue')).toEqual([{ id: 'inv1' }]);
    expect(screen.getByTestId('invoice-outstanding')).toHaveTextContent('112.99');

    await userEvent.click(screen.getByTestId('invoice-pay'));
    // What is owed, by default.
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);
    // In the base currency: no rate of the day.
    expect(screen.queryByTestId('payment-exchange-rate')).not.toBeInTheDocument();
    await choose(screen.getByTestId('payment-method'), 'WeChat Pay');
    await paste(screen.getByTestId('payment-reference'), 'WX-42');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(screen.getByTestId('invoice-status')).toHaveTextContent('Paid'), SLOW);
    expect(inputsOf(calls, 'finances.payments.create')).toEqual([
      { invoice_id: 'inv1', amount: '112.99', method: 'wechat_pay', reference: 'WX-42', date: TODAY },
    ]);
    expect(screen.getByTestId('invoice-outstanding')).toHaveTextContent('0.00');
    expect(await screen.findByTestId('invoice-payment-row', {}, SLOW)).toHaveTextContent('WeChat Pay');
    // Nothing is owed: no more payments to take.
    expect(screen.queryByTestId('invoice-pay')).not.toBeInTheDocument();
  });

  it('takes a payment into an account picked from those that hold money, or by default the method’s', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));
    await userEvent.click(await screen.findByTestId('invoice-pay', {}, SLOW));
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);

    // Cash and the bank, not the receivable (an asset money is not kept in) nor the income account.
    const picker = screen.getByTestId('payment-account');
    fireEvent.mouseDown(picker.closest('.ant-select')?.querySelector('.ant-select-selector') ?? picker);
    expect(await screen.findAllByTitle('1001 库存现金', {}, SLOW)).not.toHaveLength(0);
    expect(screen.getAllByTitle('1002 银行存款')).not.toHaveLength(0);
    expect(screen.queryByTitle('1122 应收账款')).not.toBeInTheDocument();
    expect(screen.queryByTitle('5001 主营业务收入')).not.toBeInTheDocument();
    await choose(picker, '1002 银行存款');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.payments.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.payments.create')[0]).toEqual({
      invoice_id: 'inv1',
      amount: '112.99',
      method: 'cash',
      account_id: 'a1002',
      date: TODAY,
    });
  });

  it('writes an invoice in a foreign currency at the rate typed, and takes a payment on it at the day’s rate', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    fireEvent.change(screen.getByTestId('invoice-currency'), { target: { value: 'usd' } });
    await waitFor(() => expect(screen.getByTestId('invoice-currency')).toHaveValue('USD'), SLOW);
    // Not the base currency: how many yuan one dollar is worth.
    await paste(await screen.findByTestId('invoice-exchange-rate', {}, SLOW), '7.1');
    await userEvent.click(screen.getByTestId('invoice-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.invoices.create')[0]).toEqual({
      customer_id: 'c1',
      issue_date: TODAY,
      prices_include_tax: false,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: 'tax-13' }],
      currency: 'USD',
      exchange_rate: '7.1',
    });
    // The amounts in dollars, and beside them the base total the core converted.
    expect(await screen.findByTestId('invoice-detail', {}, SLOW)).toHaveTextContent('Total (USD)');
    expect(screen.getByTestId('invoice-rate')).toHaveTextContent('1 USD = 7.1 CNY');
    expect(screen.getByTestId('invoice-base-total')).toHaveTextContent('≈ CNY 802.23');
    await waitFor(() => expect(screen.getByTestId('invoice-row-total')).toHaveTextContent('USD 112.99'), SLOW);
    expect(screen.getByTestId('invoice-row-base-total')).toHaveTextContent('≈ CNY 802.23');

    await userEvent.click(screen.getByTestId('invoice-issue'));
    await userEvent.click(await screen.findByTestId('invoice-pay', {}, SLOW));
    // The invoice's rate by default; customer credit (kept in yuan) is not offered.
    const rate = await screen.findByTestId('payment-exchange-rate', {}, SLOW);
    await waitFor(() => expect(rate).toHaveValue('7.1'), SLOW);
    expect(screen.getByTestId('payment-owed')).toHaveTextContent('USD 112.99');
    fireEvent.mouseDown(
      screen.getByTestId('payment-method').closest('.ant-select')?.querySelector('.ant-select-selector') ??
        screen.getByTestId('payment-method'),
    );
    expect(await screen.findAllByTitle('Cash', {}, SLOW)).not.toHaveLength(0);
    expect(screen.queryByTitle('Customer credit')).not.toBeInTheDocument();
    await paste(rate, '7.2');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.payments.create')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'finances.payments.create')[0]).toEqual({
      invoice_id: 'inv1',
      amount: '112.99',
      method: 'cash',
      date: TODAY,
      exchange_rate: '7.2',
    });
  });

  it('shows the core’s refusal of a payment method at that field', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands({
      ...backend.handlers,
      'finances.payments.create': () => {
        throw {
          code: 'validation',
          field: 'method',
          reason: 'invalid_value',
          message: 'method: customer credit is in the base currency; it cannot pay a foreign-currency invoice',
        };
      },
    });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));
    await userEvent.click(await screen.findByTestId('invoice-pay', {}, SLOW));
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.payments.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('payment-method'))).toHaveTextContent(
          'This method cannot pay this invoice',
        ),
      SLOW,
    );
  });

  it('puts the core’s refusal of a line’s field at that line', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands({
      ...backend.handlers,
      'finances.invoices.create': () => {
        throw {
          code: 'validation',
          field: 'lines[0].quantity',
          reason: 'out_of_range',
          message: 'lines[0].quantity must be above zero and at most 1000000000',
        };
      },
    });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    await paste(screen.getByTestId('invoice-line-quantity-0'), '2000000000');
    await userEvent.click(screen.getByTestId('invoice-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('invoice-line-quantity-0'))).toHaveTextContent(
          'Enter a quantity above zero',
        ),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('invoice-line-price-0'))).not.toHaveTextContent('Enter');
    expect(screen.queryByTestId('invoice-form-error')).not.toBeInTheDocument();
  });

  it('shows a cashier refused a discount above the cap the limit, at that line', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands({
      ...backend.handlers,
      'finances.invoices.create': () => {
        throw {
          code: 'validation',
          field: 'lines[0].discount',
          reason: 'out_of_range',
          limit: 10,
          message: 'lines[0].discount: a cashier may give at most 10% off; ask a manager',
        };
      },
    });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: CASHIER });

    await writeDraft();
    await paste(screen.getByTestId('invoice-line-discount-0'), '25');
    await userEvent.click(screen.getByTestId('invoice-save'));

    await waitFor(() => expect(inputsOf(calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('invoice-line-discount-0'))).toHaveTextContent(
          'At most 10% off; ask a manager',
        ),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('invoice-line-discount-0'))).not.toHaveTextContent('from 0 to 100');
  });

  it('lists what devices working offline left for someone to look at, in the core’s words', async () => {
    const backend = invoicingBackend();
    mockCommands({
      ...backend.handlers,
      'finances.invoices.attention': () => [
        {
          kind: 'overpaid',
          invoice_id: 'inv1',
          customer_name: 'Tea House',
          message: 'INV-TEST-00001 is paid 20.00 past its total',
        },
        { kind: 'number_lost', invoice_id: null, customer_name: '', message: 'INV-TEST-00002 was given twice' },
      ],
    });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    const alert = await screen.findByTestId('invoice-attention', {}, SLOW);
    const items = within(alert).getAllByTestId('invoice-attention-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Tea House: INV-TEST-00001 is paid 20.00 past its total');
    expect(items[1]).toHaveTextContent('INV-TEST-00002 was given twice');
    expect(alert).toHaveTextContent('2 problems with invoices need a look');
  });

  it('shows no attention list to those who do not read the books', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: CASHIER });

    expect(await screen.findByTestId('invoice-new', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('invoice-attention')).not.toBeInTheDocument();
    expect(inputsOf(calls, 'finances.invoices.attention')).toEqual([]);
  });

  it('saves an invoice as a PDF in the language picked, where the user chooses, and says where', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers, {
      save_file_dialog: () => ({ path: '/home/owner/Documents/INV-TEST-00001.pdf', count: 1 }),
    });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));
    await waitFor(() => expect(screen.getByTestId('invoice-number')).toHaveTextContent('INV-TEST-00001'), SLOW);

    await userEvent.click(screen.getByTestId('invoice-pdf'));
    await userEvent.click(await screen.findByTestId('invoice-pdf-en', {}, SLOW));

    expect(await screen.findByTestId('invoice-pdf-saved', {}, SLOW)).toHaveTextContent(
      '/home/owner/Documents/INV-TEST-00001.pdf',
    );
    expect(inputsOf(calls, 'save_file_dialog')).toEqual([
      { command: 'finances.invoices.pdf', input: { id: 'inv1', language: 'en' }, title: 'Save file' },
    ]);
  });

  it('says nothing was saved when the user cancels the save dialog', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands(backend.handlers, { save_file_dialog: () => null });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: OWNER });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-pdf', {}, SLOW));
    await userEvent.click(await screen.findByTestId('invoice-pdf-zh', {}, SLOW));

    await waitFor(() => expect(inputsOf(calls, 'save_file_dialog')).toHaveLength(1), SLOW);
    expect(inputsOf(calls, 'save_file_dialog')[0]).toMatchObject({ input: { id: 'inv1', language: 'zh' } });
    expect(screen.queryByTestId('invoice-pdf-saved')).not.toBeInTheDocument();
  });
});

describe('FinancePage: cashiers', { timeout: 30_000 }, () => {
  it('shows a cashier (sales.* alone) the invoices, and not the journal, the reports or the books’ settings', async () => {
    const backend = invoicingBackend();
    const calls = mockCommands({
      ...backend.handlers,
      'customers.tags.list': () => [],
    });
    navigate('finance');
    renderSignedIn(<AppShell />, { session: CASHIER });

    expect(await screen.findByTestId('nav-finance', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('finance-tab-invoices', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('invoice-new', {}, SLOW)).toBeInTheDocument();
    for (const tab of ['income', 'expenses', 'journal', 'accounts', 'taxes', 'reports'])
      expect(screen.queryByTestId(`finance-tab-${tab}`)).not.toBeInTheDocument();
    // Nothing the core would refuse a cashier is asked for.
    expect(inputsOf(calls, 'finances.settings.get')).toEqual([]);
    expect(inputsOf(calls, 'finances.accounts.list')).toEqual([]);
  });

  it('offers no void or credit note to sales.write alone', async () => {
    const backend = invoicingBackend();
    mockCommands(backend.handlers);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: CASHIER });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));
    expect(await screen.findByTestId('invoice-pay', {}, SLOW)).toBeInTheDocument();
    // Whoever sees an invoice may save it as a PDF.
    expect(screen.getByTestId('invoice-pdf')).toBeInTheDocument();
    expect(screen.queryByTestId('invoice-void')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invoice-credit-note')).not.toBeInTheDocument();

    // A cashier does not read the chart: the payment goes where its method says.
    await userEvent.click(screen.getByTestId('invoice-pay'));
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);
    expect(screen.queryByTestId('payment-account')).not.toBeInTheDocument();
  });
});

describe('FinancePage: balance sheet', { timeout: 30_000 }, () => {
  it('shows assets, liabilities and equity with the earnings not yet closed', async () => {
    const sheet: BalanceSheet = {
      as_of: TODAY,
      compare_to: null,
      assets: [
        {
          account_id: 'a1001',
          code: '1001',
          name: '库存现金',
          kind: 'asset',
          debit: '51300.00',
          credit: '0.00',
          balance: '51300.00',
          prior_balance: null,
        },
      ],
      liabilities: [],
      equity: [
        {
          account_id: 'a3001',
          code: '3001',
          name: '实收资本',
          kind: 'equity',
          debit: '0.00',
          credit: '50000.00',
          balance: '50000.00',
          prior_balance: null,
        },
      ],
      earnings: '1300.00',
      total_assets: '51300.00',
      total_liabilities: '0.00',
      total_equity: '51300.00',
      prior_earnings: null,
      prior_total_assets: null,
      prior_total_liabilities: null,
      prior_total_equity: null,
    };
    const calls = mockCommands({
      'finances.settings.get': () => SETTINGS,
      'finances.accounts.list': () => ACCOUNTS,
      'finances.reports.balance_sheet': () => sheet,
    });
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: READER });

    expect(await screen.findByTestId('balance-sheet-total-assets', {}, SLOW)).toHaveTextContent('51,300.00');
    expect(screen.getByTestId('balance-sheet-total-equity')).toHaveTextContent('51,300.00');
    expect(screen.getByTestId('balance-sheet-equity')).toHaveTextContent('Earnings not yet closed');
    expect(within(screen.getByTestId('balance-sheet-equity')).getByText('1,300.00')).toBeInTheDocument();
    expect(screen.getByTestId('balance-sheet-other-side')).toHaveTextContent('CNY 51,300.00');
    expect(screen.getByTestId('balance-sheet-date')).toHaveTextContent(`As of ${TODAY}`);
    // Today, unless another day is picked.
    expect(inputsOf(calls, 'finances.reports.balance_sheet')).toEqual([{}]);
    // Without sales.read, no invoices tab.
    expect(screen.queryByTestId('finance-tab-invoices')).not.toBeInTheDocument();
  });
});
