// DEV ONLY: invoices, credit notes, payments and taxes for the browser mock (see mockFinance.ts). A small
// imitation of crates/core/src/finance/invoicing.rs: drafts, numbering per device (INV-TEST-00001), issuing
// and posting, payments with overpayment kept as customer credit, statuses, and the new reports. It prices
// invoices with a stand-in of the core's arithmetic (mockTaxMath.ts); the core stays the only source of truth.
import type {
  Account,
  AgingRow,
  FinanceSettings,
  Invoice,
  InvoiceLine,
  JournalEntry,
  JournalLine,
  MoneyEvent,
  Payment,
  Tax,
  TaxPreset,
  TaxSummaryRow,
  TrialBalanceRow,
} from '../api/bindings';
import { exchangeRateOrNull, formatFixed, percentOrNull, priceDocument, quantityOrNull, toBase } from './mockTaxMath';
import { formatCents, isAmount, toCents } from '../features/finance/money';
import { invoicePdf } from './mockReports';

type Json = Record<string, unknown>;

/** What an invoice line may sell: the inventory's product (mockInventory.ts), as far as invoicing reads it. */
export type MockProduct = { id: string; name: string; price: string; tax_id: string | null; archived: boolean };

/** What the invoicing mock needs of the ledger's (mockFinance.ts). */
export type Ledger = {
  booksOpen: () => FinanceSettings;
  accounts: () => Account[];
  events: () => MoneyEvent[];
  /** Every journal entry, newest first. */
  entries: () => JournalEntry[];
  post: (date: string, memo: string, source: string, lines: JournalLine[], by: string) => JournalEntry;
  line: (account: Account, debit: bigint, credit: bigint) => JournalLine;
  reverse: (entry: JournalEntry, by: string) => JournalEntry;
  balances: (input: Json) => TrialBalanceRow[];
  total: (rows: TrialBalanceRow[], key: 'debit' | 'credit' | 'balance') => bigint;
};

export type MockCustomer = { id: string; name: string };

/** The core's refusal of an asset money is not kept in (`ops::not_money`). */
export function notMoney(account: Account) {
  return {
    code: 'validation',
    field: 'account_id',
    reason: 'invalid_value',
    message: `account_id: ${account.code} ${account.name} does not hold money (mark it as cash, a bank or a wallet in the chart)`,
  };
}

/** The permission each invoicing command needs (crates/core/tests/permissions.rs). */
export const INVOICING_PERMISSIONS: Record<string, string> = {
  'finances.settings.update': 'finance.manage',
  'finances.taxes.list': 'sales.read',
  'finances.taxes.create': 'finance.manage',
  'finances.taxes.update': 'finance.manage',
  'finances.taxes.presets': 'sales.read',
  'finances.taxes.install_preset': 'finance.manage',
  'finances.invoices.list': 'sales.read',
  'finances.invoices.get': 'sales.read',
  'finances.invoices.create': 'sales.write',
  'finances.invoices.preview': 'sales.read',
  'finances.invoices.pdf': 'sales.read',
  'finances.invoices.update': 'sales.write',
  'finances.invoices.issue': 'sales.write',
  'finances.invoices.void': 'finance.write',
  'finances.invoices.credit_note': 'finance.write',
  'finances.invoices.series.get': 'sales.read',
  'finances.invoices.series.update': 'finance.manage',
  'finances.payments.create': 'sales.write',
  'finances.payments.refund': 'finance.write',
  'finances.payments.void': 'finance.write',
  'finances.payments.list': 'sales.read',
  'finances.payments.balance': 'sales.read',
  'finances.reports.ar_aging': 'finance.read',
  'finances.reports.tax_summary': 'finance.read',
  'finances.recurring.list': 'sales.read',
  'finances.recurring.create': 'finance.write',
  'finances.recurring.update': 'finance.write',
  'finances.recurring.run': 'sales.write',
};

/** `templates::TAX_PRESETS`. */
const PRESETS: TaxPreset[] = [
  {
    name: 'prc_vat',
    title: 'PRC VAT 增值税',
    taxes: [
      ['增值税 13%', '13'],
      ['增值税 9%', '9'],
      ['增值税 6%', '6'],
      ['小规模纳税人 3%', '3'],
      ['小规模纳税人 1%', '1'],
      ['免税 0%', '0'],
    ].map(([name, rate]) => ({ name, rate, components: [{ name: '增值税', rate }] })),
  },
  {
    name: 'eu_vat',
    title: 'EU VAT',
    taxes: [
      ['VAT standard 20%', '20'],
      ['VAT reduced 10%', '10'],
      ['VAT reduced 5%', '5'],
      ['VAT zero 0%', '0'],
    ].map(([name, rate]) => ({ name, rate, components: [{ name: 'VAT', rate }] })),
  },
  {
    name: 'us_sales',
    title: 'US sales tax',
    taxes: [
      { name: 'State sales tax 6%', rate: '6', components: [{ name: 'State', rate: '6' }] },
      {
        name: 'State + local sales tax 8.875%',
        rate: '8.875',
        components: [
          { name: 'State', rate: '4' },
          { name: 'City', rate: '4.5' },
          { name: 'District', rate: '0.375' },
        ],
      },
    ],
  },
];

/** Accounts the ledger posts to on its own (`templates::role_code`). */
type Role =
  | 'cash'
  | 'bank'
  | 'wallet'
  | 'receivable'
  | 'sales'
  | 'output_tax'
  | 'input_tax'
  | 'customer_credit'
  | 'exchange_gain'
  | 'exchange_loss';
const ROLE_CODES: Record<string, Record<Role, string>> = {
  generic: {
    cash: '1000',
    bank: '1010',
    wallet: '1010',
    receivable: '1100',
    sales: '4000',
    output_tax: '2100',
    input_tax: '1300',
    customer_credit: '2900',
    exchange_gain: '4900',
    exchange_loss: '6900',
  },
  prc_small_business: {
    cash: '1001',
    bank: '1002',
    wallet: '1012',
    receivable: '1122',
    sales: '5001',
    output_tax: '2221',
    input_tax: '2221',
    customer_credit: '2203',
    exchange_gain: '5603',
    exchange_loss: '5603',
  },
};

const HEADER_CHARS_MAX = 500;
const HEADER_LINES_MAX = 6;
const LOGO_BYTES_MAX = 256 * 1024;

const METHODS = ['cash', 'card', 'bank_transfer', 'wechat_pay', 'alipay', 'other'];
const STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'overdue', 'void'];
const DAY_MS = 86_400_000;

const invalid = (field: string, message: string, reason = 'invalid_value') => ({
  code: 'validation',
  field,
  reason,
  message,
});
const conflict = (message: string) => ({ code: 'conflict', message });

/** Whether a logo is left: "" removes it; anything else must be a base64 PNG of at most 256 KB. */
function checkLogo(base64: string): boolean {
  const text = base64.trim();
  if (!text) return false;
  let bytes: string;
  try {
    bytes = atob(text);
  } catch {
    throw invalid('logo_png', 'logo_png: not base64');
  }
  if (bytes.length > LOGO_BYTES_MAX) throw invalid('logo_png', 'logo_png: at most 256 KB', 'too_long');
  if (!bytes.startsWith('\x89PNG\r\n\x1a\n')) throw invalid('logo_png', 'logo_png: not a PNG image');
  return true;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function date(field: string, value: unknown): string {
  const text = String(value ?? '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
    throw invalid(field, `${field}: '${text}' is not a date like 2026-03-31`, 'invalid_date');
  return text;
}

/**
 * An invoice as the mock keeps it: the view's fields, the state it was left in, and its exchange rate in
 * millionths (null in the base currency).
 */
/** Told when an invoice is issued or voided, to move its products' stock. */
export type StockHook = (event: 'issue' | 'void', invoice: Invoice) => void;

type Stored = Invoice & { state: 'draft' | 'issued' | 'void'; entry: JournalEntry | null; rate: bigint | null };
/** A payment as the mock keeps it; `base`: what it cleared of a foreign invoice's receivable, in the base currency. */
type StoredPayment = Payment & { entry: JournalEntry | null; base: bigint | null };

export function createInvoicingMock(
  ledger: Ledger,
  customerOf: (id: unknown) => MockCustomer | null,
  productOf: (id: string) => MockProduct | null = () => null,
  /** Stock follows invoices, as in the core: an issue takes the products out, a void puts them back. */
  stockMoved: StockHook = () => undefined,
) {
  const taxes: Tax[] = [];
  const invoices: Stored[] = [];
  const payments: StoredPayment[] = [];
  const series = { prefix: 'INV-TEST-', yearly_reset: false, last: new Map<string, number>() };

  function roleAccount(role: Role): Account {
    const code = ROLE_CODES[ledger.booksOpen().template]?.[role];
    const account = ledger.accounts().find((a) => a.code === code);
    if (!account) throw conflict(`the chart has no ${role} account`);
    return account;
  }

  function taxById(field: string, id: unknown): Tax {
    const tax = taxes.find((t) => t.id === id);
    if (!tax) throw invalid(field, `${field}: no tax ${String(id)}`, 'invalid_id');
    if (tax.archived) throw invalid(field, `${field}: tax ${tax.name} is archived`);
    return tax;
  }

  function customer(field: string, id: unknown): MockCustomer {
    const found = customerOf(id);
    if (!found) throw invalid(field, `${field}: no customer ${String(id)}`, 'invalid_id');
    return found;
  }

  function stored(field: string, id: unknown): Stored {
    const invoice = invoices.find((i) => i.id === id);
    if (!invoice) throw { code: 'not_found', message: `${field}: no such invoice` };
    return invoice;
  }

  const live = (p: StoredPayment) => !p.voided;
  const paidOn = (invoice: Stored) =>
    payments.filter((p) => live(p) && p.invoice_id === invoice.id).reduce((sum, p) => sum + toCents(p.to_invoice), 0n);
  const creditOf = (customerId: string) =>
    payments.filter((p) => live(p) && p.customer_id === customerId).reduce((sum, p) => sum + toCents(p.to_credit), 0n);

  /** The invoice as the core shows it: paid, outstanding and status read from payments and the date. */
  function view(invoice: Stored): Invoice {
    const { state, entry: _entry, rate: _rate, ...shown } = invoice;
    const open = invoice.kind === 'invoice' && state === 'issued';
    const total = toCents(invoice.total);
    const paid = open ? paidOn(invoice) : 0n;
    let status: string = state;
    if (state === 'issued' && invoice.kind === 'invoice') {
      if (paid >= total) status = 'paid';
      else if (invoice.due_date < today()) status = 'overdue';
      else if (paid > 0n) status = 'partially_paid';
    }
    const outstanding = open && total > paid ? total - paid : 0n;
    return {
      ...shown,
      paid: formatCents(paid),
      outstanding: formatCents(outstanding),
      status,
      exchange_rate: invoice.rate === null ? '1' : formatFixed(invoice.rate, 6),
      base_total: formatCents(baseOf(invoice, total)),
    };
  }

  /** An amount of the invoice's in the base currency, at the invoice's rate. */
  function baseOf(invoice: Pick<Stored, 'rate'>, cents: bigint): bigint {
    return invoice.rate === null ? cents : toBase(cents, invoice.rate);
  }

  /** `currency_of`: none for the base currency; a foreign one needs its rate, the base currency none. */
  function currencyOf(currencyText: unknown, rateText: unknown): { currency: string; rate: bigint | null } {
    const base = ledger.booksOpen().base_currency;
    const code = String(currencyText ?? '')
      .trim()
      .toUpperCase();
    const rateGiven = String(rateText ?? '').trim();
    const foreign = code !== '' && code !== base;
    if (!foreign) {
      if (rateGiven)
        throw invalid('exchange_rate', `exchange_rate: only for an invoice in a currency other than ${base}`);
      return { currency: base, rate: null };
    }
    if (!/^[A-Za-z]{3}$/.test(code)) throw invalid('currency', 'currency: a three-letter ISO 4217 code such as USD');
    if (!rateGiven) throw invalid('exchange_rate', `exchange_rate: how many ${base} one ${code} is worth`, 'required');
    const rate = exchangeRateOrNull(rateGiven);
    if (rate === null) throw invalid('exchange_rate', `exchange_rate: '${rateGiven}' is not a rate like 7.1234`);
    return { currency: code, rate };
  }

  /**
   * Reads and prices lines as `price_lines` does; errors name `lines[i].field`. A line naming a product takes its
   * name, price and tax where none is given; `listOnly` (a cashier's): only products, at their list price.
   */
  function priceLines(
    inputs: unknown,
    inclusive: boolean,
    listOnly = false,
  ): Pick<Invoice, 'lines' | 'subtotal' | 'tax' | 'total'> {
    const lines = Array.isArray(inputs) ? (inputs as Json[]) : [];
    if (lines.length === 0 || lines.length > 200)
      throw invalid('lines', 'lines: an invoice has 1 to 200 lines', 'too_many');
    const read = lines.map((given, i) => {
      const field = (name: string) => `lines[${i}].${name}`;
      const productId = String(given.product_id ?? '').trim();
      const product = productId ? productOf(productId) : null;
      if (productId && !product)
        throw invalid(field('product_id'), `${field('product_id')}: no such product`, 'invalid_id');
      if (product?.archived) throw invalid(field('product_id'), `${field('product_id')}: ${product.name} is archived`);
      if (listOnly && !product)
        throw invalid(
          field('product_id'),
          `${field('product_id')}: only products from the list may be sold`,
          'required',
        );
      const line: Json = product
        ? {
            ...given,
            description: String(given.description ?? '').trim() || product.name,
            unit_price: String(given.unit_price ?? '').trim() || product.price,
            tax_id: given.tax_id === undefined ? (product.tax_id ?? undefined) : given.tax_id,
          }
        : given;
      const listed = String(line.unit_price);
      if (listOnly && product && isAmount(listed) && toCents(listed) !== toCents(product.price))
        throw invalid(
          field('unit_price'),
          `${field('unit_price')}: sold at the list price ${product.price}`,
          'forbidden',
        );
      const description = String(line.description ?? '').trim();
      if (!description) throw invalid(field('description'), `${field('description')} must not be empty`, 'required');
      const quantity = quantityOrNull(String(line.quantity ?? ''));
      if (quantity === null)
        throw invalid(
          field('quantity'),
          `${field('quantity')}: '${String(line.quantity)}' is not a quantity like 2 or 1.5`,
        );
      const price = String(line.unit_price ?? '');
      if (!isAmount(price)) throw invalid(field('unit_price'), `${field('unit_price')}: '${price}' is not an amount`);
      const discountText = String(line.discount ?? '').trim();
      const discount = discountText ? percentOrNull(discountText) : 0n;
      if (discount === null) throw invalid(field('discount'), `${field('discount')}: not a percentage from 0 to 100`);
      const tax = line.tax_id ? taxById(field('tax_id'), line.tax_id) : null;
      return {
        productId: product ? productId : null,
        description,
        quantity,
        unitPrice: toCents(price),
        discount,
        rate: tax ? (percentOrNull(tax.rate) ?? 0n) : 0n,
        tax,
      };
    });
    const rounding = ledger.booksOpen().tax_rounding === 'document' ? 'document' : 'line';
    const priced = priceDocument(read, inclusive, rounding);
    return {
      lines: read.map((line, i): InvoiceLine => ({
        description: line.description,
        quantity: formatFixed(line.quantity, 3),
        unit_price: formatCents(line.unitPrice),
        discount: formatFixed(line.discount, 4),
        tax_id: line.tax?.id ?? null,
        tax_name: line.tax?.name ?? '',
        tax_rate: line.tax?.rate ?? '0',
        product_id: line.productId,
        net: formatCents(priced.lines[i].net),
        tax: formatCents(priced.lines[i].tax),
      })),
      subtotal: formatCents(priced.subtotal),
      tax: formatCents(priced.tax),
      total: formatCents(priced.total),
    };
  }

  function dueDate(issue: string, given: unknown): string {
    const due = given ? date('due_date', given) : addDays(issue, ledger.booksOpen().payment_terms_days);
    if (due < issue) throw invalid('due_date', `due_date (${due}) is before the issue date (${issue})`, 'out_of_range');
    return due;
  }

  function takeNumber(kind: 'invoice' | 'credit_note', day: string): string {
    const key = series.yearly_reset ? `${kind}:${day.slice(0, 4)}` : kind;
    const next = (series.last.get(key) ?? 0) + 1;
    series.last.set(key, next);
    return numberText(kind, day, next);
  }

  function numberText(kind: 'invoice' | 'credit_note', day: string, n: number): string {
    const year = series.yearly_reset ? `${day.slice(0, 4)}-` : '';
    return `${kind === 'credit_note' ? 'CN-' : ''}${series.prefix}${year}${String(n).padStart(5, '0')}`;
  }

  function seriesView() {
    const key = series.yearly_reset ? `invoice:${today().slice(0, 4)}` : 'invoice';
    return {
      prefix: series.prefix,
      yearly_reset: series.yearly_reset,
      next_number: numberText('invoice', today(), (series.last.get(key) ?? 0) + 1),
      other_prefixes: [],
    };
  }

  /** Where a payment's money goes: the account given (one that holds money), or the method's usual one. */
  function moneyAccount(method: string, given: unknown): Account {
    const id = String(given ?? '').trim();
    if (id) {
      const account = ledger.accounts().find((a) => a.id === id);
      if (!account) throw invalid('account_id', `account_id: no account ${id}`, 'invalid_id');
      if (account.archived) throw invalid('account_id', `account_id: account ${account.code} is archived`);
      if (account.kind !== 'asset') throw invalid('account_id', `account_id: ${account.code} is not an asset account`);
      if (!account.holds_money) throw notMoney(account);
      return account;
    }
    if (method === 'cash') return roleAccount('cash');
    if (method === 'wechat_pay' || method === 'alipay') return roleAccount('wallet');
    return roleAccount('bank');
  }

  function positive(value: unknown): bigint {
    const text = String(value ?? '');
    if (!isAmount(text)) throw invalid('amount', `amount: '${text}' is not an amount like 1234.50`);
    const cents = toCents(text);
    if (cents <= 0n) throw invalid('amount', 'amount must be above zero', 'out_of_range');
    return cents;
  }

  function payment(
    fields: Omit<StoredPayment, 'id' | 'voided' | 'created_at_ms' | 'customer_name' | 'invoice_number'>,
  ) {
    const invoice = invoices.find((i) => i.id === fields.invoice_id);
    const record: StoredPayment = {
      ...fields,
      id: crypto.randomUUID(),
      customer_name: customerOf(fields.customer_id)?.name ?? '(not here yet)',
      invoice_number: invoice?.number ?? null,
      voided: false,
      created_at_ms: Date.now(),
    };
    payments.unshift(record);
    return record;
  }

  const shown = ({ entry: _entry, base: _base, ...p }: StoredPayment): Payment => p;

  /** What payments and credit notes have cleared of a foreign invoice's receivable, in the base currency. */
  const baseCleared = (invoice: Stored) =>
    payments
      .filter((p) => live(p) && p.invoice_id === invoice.id)
      .reduce((sum, p) => sum + (p.base ?? baseOf(invoice, toCents(p.to_invoice))), 0n);

  /** A payment on an invoice in a foreign currency: in that currency, at the day's rate, up to what is owed. */
  function foreignPayment(invoice: Stored, input: Json, amount: bigint, day: string, method: string, by: string) {
    if (method === 'credit')
      throw invalid(
        'method',
        'method: customer credit is in the base currency; it cannot pay a foreign-currency invoice',
      );
    const invoiceRate = invoice.rate ?? 1_000_000n;
    const outstanding = toCents(view(invoice).outstanding);
    if (amount > outstanding)
      throw invalid(
        'amount',
        `amount: ${invoice.currency} ${formatCents(outstanding)} is owed on this invoice`,
        'out_of_range',
      );
    const rateText = String(input.exchange_rate ?? '').trim();
    const rate = rateText ? exchangeRateOrNull(rateText) : invoiceRate;
    if (rate === null) throw invalid('exchange_rate', `exchange_rate: '${rateText}' is not a rate like 7.1234`);
    const cash = toBase(amount, rate);
    const cleared =
      amount === outstanding
        ? baseOf(invoice, toCents(invoice.total)) - baseCleared(invoice)
        : toBase(amount, invoiceRate);
    const account = moneyAccount(method, input.account_id);
    const lines = [ledger.line(account, cash, 0n), ledger.line(roleAccount('receivable'), 0n, cleared)];
    if (cash > cleared) lines.push(ledger.line(roleAccount('exchange_gain'), 0n, cash - cleared));
    if (cleared > cash) lines.push(ledger.line(roleAccount('exchange_loss'), cleared - cash, 0n));
    const entry = ledger.post(
      day,
      `Payment for invoice ${invoice.number} · ${invoice.customer_name}`,
      'payment',
      lines,
      by,
    );
    return shown(
      payment({
        kind: 'payment',
        customer_id: invoice.customer_id,
        invoice_id: invoice.id,
        date: day,
        amount: formatCents(amount),
        method,
        reference: String(input.reference ?? ''),
        account_id: account.id,
        to_invoice: formatCents(amount),
        to_credit: '0.00',
        entry_id: entry.id,
        entry,
        base: cleared,
        created_by_name: by,
      }),
    );
  }

  function createPayment(input: Json, by: string): Payment {
    ledger.booksOpen();
    const amount = positive(input.amount);
    const day = input.date ? date('date', input.date) : today();
    const method = String(input.method ?? '').trim();
    if (method !== 'credit' && !METHODS.includes(method))
      throw invalid('method', `method: one of ${METHODS.join(', ')}`);
    const invoice = input.invoice_id ? stored('invoice_id', input.invoice_id) : null;
    if (invoice && (invoice.kind !== 'invoice' || invoice.state !== 'issued'))
      throw invalid('invoice_id', `invoice_id: payments go against an issued invoice (this one is ${invoice.state})`);
    if (invoice?.rate != null) return foreignPayment(invoice, input, amount, day, method, by);
    if (input.exchange_rate !== undefined)
      throw invalid('exchange_rate', 'exchange_rate: only for a payment on an invoice in a foreign currency');
    const customerId = invoice?.customer_id ?? customer('customer_id', input.customer_id).id;
    const outstanding = invoice ? toCents(view(invoice).outstanding) : 0n;
    const receivable = roleAccount('receivable');
    const creditAccount = roleAccount('customer_credit');
    const memo = invoice ? `Payment for invoice ${invoice.number} · ${invoice.customer_name}` : 'Payment on account';
    if (method === 'credit') {
      if (!invoice) throw invalid('invoice_id', 'invoice_id: credit is applied to an invoice', 'required');
      const available = creditOf(customerId);
      if (amount > available)
        throw invalid('amount', `amount: the customer holds ${formatCents(available)} of credit`, 'out_of_range');
      if (amount > outstanding)
        throw invalid('amount', `amount: ${formatCents(outstanding)} is owed on this invoice`, 'out_of_range');
      const entry = ledger.post(
        day,
        memo,
        'credit',
        [ledger.line(creditAccount, amount, 0n), ledger.line(receivable, 0n, amount)],
        by,
      );
      return shown(
        payment({
          kind: 'credit',
          customer_id: customerId,
          invoice_id: invoice.id,
          date: day,
          amount: formatCents(amount),
          method,
          reference: String(input.reference ?? ''),
          account_id: null,
          to_invoice: formatCents(amount),
          to_credit: formatCents(-amount),
          entry_id: entry.id,
          entry,
          base: null,
          created_by_name: by,
        }),
      );
    }
    const account = moneyAccount(method, input.account_id);
    const toInvoice = amount < outstanding ? amount : outstanding;
    const toCredit = amount - toInvoice;
    const lines = [
      ledger.line(account, amount, 0n),
      ...(toInvoice > 0n ? [ledger.line(receivable, 0n, toInvoice)] : []),
      ...(toCredit > 0n ? [ledger.line(creditAccount, 0n, toCredit)] : []),
    ];
    const entry = ledger.post(day, memo, 'payment', lines, by);
    return shown(
      payment({
        kind: 'payment',
        customer_id: customerId,
        invoice_id: invoice?.id ?? null,
        date: day,
        amount: formatCents(amount),
        method,
        reference: String(input.reference ?? ''),
        account_id: account.id,
        to_invoice: formatCents(toInvoice),
        to_credit: formatCents(toCredit),
        entry_id: entry.id,
        entry,
        base: null,
        created_by_name: by,
      }),
    );
  }

  function creditNote(input: Json, by: string): Invoice {
    const invoice = stored('invoice_id', input.invoice_id);
    if (invoice.kind !== 'invoice' || invoice.state !== 'issued')
      throw invalid('invoice_id', 'invoice_id: a credit note is issued against an issued invoice');
    const day = input.date ? date('date', input.date) : today();
    const credited = invoices
      .filter((i) => i.credits === invoice.id && i.state !== 'void')
      .reduce((sum, i) => sum + toCents(i.total), 0n);
    const total = toCents(invoice.total);
    if (credited + total > total)
      throw invalid(
        'lines',
        `lines: credit notes would total more than the invoice's ${invoice.total}`,
        'out_of_range',
      );
    const outstanding = toCents(view(invoice).outstanding);
    const toInvoice = total < outstanding ? total : outstanding;
    const toCredit = total - toInvoice;
    // Customer credit is kept in the base currency: a foreign invoice's credit note credits at most what is owed.
    if (invoice.rate !== null && toCredit > 0n)
      throw invalid(
        'lines',
        `lines: on an invoice in ${invoice.currency} a credit note credits at most what is owed (${formatCents(outstanding)})`,
        'out_of_range',
      );
    const number = takeNumber('credit_note', day);
    // The ledger is in the base currency: a foreign note posts at its invoice's rate.
    const baseTotal = baseOf(invoice, total);
    const tax = baseOf(invoice, toCents(invoice.tax));
    const baseToInvoice = baseOf(invoice, toInvoice);
    const lines = [
      ledger.line(roleAccount('sales'), baseTotal - tax, 0n),
      ...(tax > 0n ? [ledger.line(roleAccount('output_tax'), tax, 0n)] : []),
      ...(baseToInvoice > 0n ? [ledger.line(roleAccount('receivable'), 0n, baseToInvoice)] : []),
      ...(toCredit > 0n ? [ledger.line(roleAccount('customer_credit'), 0n, baseTotal - baseToInvoice)] : []),
    ];
    const entry =
      total > 0n
        ? ledger.post(
            day,
            `Credit note ${number} for invoice ${invoice.number} · ${invoice.customer_name}`,
            'credit_note',
            lines,
            by,
          )
        : null;
    const note: Stored = {
      ...invoice,
      id: crypto.randomUUID(),
      kind: 'credit_note',
      credits: invoice.id,
      number,
      issue_date: day,
      due_date: day,
      notes: String(input.notes ?? ''),
      status: 'issued',
      state: 'issued',
      entry,
      entry_id: entry?.id ?? null,
      created_by_name: by,
      created_at_ms: Date.now(),
    };
    invoices.unshift(note);
    if (entry)
      payment({
        kind: 'credit_note',
        customer_id: invoice.customer_id,
        invoice_id: invoice.id,
        date: day,
        amount: note.total,
        method: 'credit_note',
        reference: number,
        account_id: null,
        to_invoice: formatCents(toInvoice),
        to_credit: formatCents(toCredit),
        entry_id: entry.id,
        entry,
        base: invoice.rate === null ? null : baseToInvoice,
        created_by_name: by,
      });
    return view(note);
  }

  function voidInvoice(input: Json, by: string): Invoice {
    const invoice = stored('id', input.id);
    if (invoice.state === 'void') throw conflict(`invoice ${invoice.number ?? '(draft)'} is void already`);
    if (invoice.state === 'issued') {
      if (
        invoice.kind === 'invoice' &&
        payments.some((p) => live(p) && p.invoice_id === invoice.id && p.kind !== 'credit_note')
      )
        throw conflict(`invoice ${invoice.number} has payments: void them first, or issue a credit note`);
      if (invoice.kind === 'invoice' && invoices.some((i) => i.credits === invoice.id && i.state !== 'void'))
        throw conflict(`invoice ${invoice.number} has credit notes: void them first`);
      if (invoice.entry) ledger.reverse(invoice.entry, by);
      if (invoice.kind === 'credit_note')
        for (const p of payments) if (p.kind === 'credit_note' && p.reference === invoice.number) p.voided = true;
    }
    if (invoice.number) stockMoved('void', invoice);
    invoice.state = 'void';
    return view(invoice);
  }

  function agingReport(asOf: string) {
    const rows = new Map<string, AgingRow>();
    const zero = (id: string, name: string): AgingRow => ({
      customer_id: id,
      customer_name: name,
      current: '0.00',
      days_30: '0.00',
      days_60: '0.00',
      days_90: '0.00',
      over_90: '0.00',
      total: '0.00',
    });
    const total = zero('total', 'Total');
    for (const invoice of invoices) {
      if (invoice.kind !== 'invoice' || invoice.state !== 'issued' || invoice.issue_date > asOf) continue;
      const owed = baseOf(invoice, toCents(view(invoice).outstanding));
      if (owed <= 0n) continue;
      const late = daysBetween(invoice.due_date, asOf);
      const bucket =
        late <= 0 ? 'current' : late <= 30 ? 'days_30' : late <= 60 ? 'days_60' : late <= 90 ? 'days_90' : 'over_90';
      const row = rows.get(invoice.customer_id) ?? zero(invoice.customer_id, invoice.customer_name);
      rows.set(invoice.customer_id, row);
      for (const target of [row, total]) {
        target[bucket] = formatCents(toCents(target[bucket]) + owed);
        target.total = formatCents(toCents(target.total) + owed);
      }
    }
    return { as_of: asOf, rows: [...rows.values()], total };
  }

  function taxSummary(input: Json) {
    const inRange = (day: string) =>
      (!input.from || day >= String(input.from)) && (!input.to || day <= String(input.to));
    const rows = new Map<string, TaxSummaryRow>();
    const slot = (id: string | null, name: string, rate: string) => {
      const key = `${id ?? ''}:${rate}`;
      const row = rows.get(key) ?? {
        tax_id: id,
        name: name || 'No tax',
        rate,
        sales: '0.00',
        output_tax: '0.00',
        purchases: '0.00',
        input_tax: '0.00',
      };
      rows.set(key, row);
      return row;
    };
    const add = (row: TaxSummaryRow, key: 'sales' | 'output_tax' | 'purchases' | 'input_tax', cents: bigint) => {
      row[key] = formatCents(toCents(row[key]) + cents);
    };
    for (const invoice of invoices) {
      if (invoice.state !== 'issued' || !inRange(invoice.issue_date)) continue;
      const sign = invoice.kind === 'credit_note' ? -1n : 1n;
      for (const line of invoice.lines) {
        const row = slot(line.tax_id, line.tax_name, line.tax_rate);
        add(row, 'sales', sign * baseOf(invoice, toCents(line.net)));
        add(row, 'output_tax', sign * baseOf(invoice, toCents(line.tax)));
      }
    }
    for (const event of ledger.events()) {
      if (event.voided || !event.tax_id || !inRange(event.date)) continue;
      const tax = taxes.find((t) => t.id === event.tax_id);
      const row = slot(event.tax_id, tax?.name ?? '(not here yet)', tax?.rate ?? '0');
      const net = toCents(event.amount) - toCents(event.tax);
      add(row, event.kind === 'income' ? 'sales' : 'purchases', net);
      add(row, event.kind === 'income' ? 'output_tax' : 'input_tax', toCents(event.tax));
    }
    const list = [...rows.values()];
    const output = list.reduce((sum, r) => sum + toCents(r.output_tax), 0n);
    const inputTax = list.reduce((sum, r) => sum + toCents(r.input_tax), 0n);
    return {
      from: input.from ?? null,
      to: input.to ?? null,
      rows: list,
      output_tax: formatCents(output),
      input_tax: formatCents(inputTax),
      net: formatCents(output - inputTax),
    };
  }

  /** Answers one invoicing command for `by` (their name). */
  function call(command: string, input: Json, by: string, can: (permission: string) => boolean = () => true): unknown {
    // Those who do not keep the books (cashiers) sell only products from the list, at their list price.
    const listOnly = !can('finance.write');
    switch (command) {
      case 'finances.settings.update': {
        const settings = ledger.booksOpen();
        if (input.tax_rounding !== undefined) {
          if (input.tax_rounding !== 'line' && input.tax_rounding !== 'document')
            throw invalid('tax_rounding', 'tax_rounding: line or document');
          settings.tax_rounding = input.tax_rounding;
        }
        if (input.payment_terms_days !== undefined) {
          const days = Number(input.payment_terms_days);
          if (!Number.isInteger(days) || days < 0 || days > 365)
            throw invalid('payment_terms_days', 'payment_terms_days: 0 to 365', 'out_of_range');
          settings.payment_terms_days = days;
        }
        if (input.invoice_header !== undefined) {
          const header = String(input.invoice_header).trim();
          if (header.length > HEADER_CHARS_MAX)
            throw invalid('invoice_header', `invoice_header: at most ${HEADER_CHARS_MAX} characters`, 'too_long');
          if (header.split('\n').length > HEADER_LINES_MAX)
            throw invalid('invoice_header', `invoice_header: at most ${HEADER_LINES_MAX} lines`, 'too_many');
          settings.invoice_header = header;
        }
        if (input.logo_png !== undefined) settings.has_logo = checkLogo(String(input.logo_png));
        if (input.utc_offset_minutes !== undefined) {
          const offset = Number(input.utc_offset_minutes);
          if (!Number.isInteger(offset) || offset < -720 || offset > 840)
            throw invalid('utc_offset_minutes', 'utc_offset_minutes: -720 to 840', 'out_of_range');
          settings.utc_offset_minutes = offset;
        }
        if (input.cashier_discount_max_percent !== undefined) {
          const cap = String(input.cashier_discount_max_percent).trim();
          if (cap && percentOrNull(cap) === null)
            throw invalid('cashier_discount_max_percent', 'cashier_discount_max_percent: a percentage from 0 to 100');
          settings.cashier_discount_max_percent = cap || null;
        }
        return settings;
      }
      case 'finances.taxes.list':
        return taxes;
      case 'finances.taxes.presets':
        return PRESETS;
      case 'finances.taxes.create': {
        ledger.booksOpen();
        const name = String(input.name ?? '').trim();
        if (!name) throw invalid('name', 'name must not be empty', 'required');
        const rate = String(input.rate ?? '').trim();
        if (percentOrNull(rate) === null) throw invalid('rate', `rate: '${rate}' is not a percentage like 13 or 8.875`);
        const tax: Tax = {
          id: crypto.randomUUID(),
          name,
          rate,
          components: [{ name, rate }],
          preset: null,
          archived: false,
        };
        taxes.push(tax);
        return tax;
      }
      case 'finances.taxes.update': {
        const tax = taxes.find((t) => t.id === input.id);
        if (!tax) throw invalid('id', 'no such tax', 'invalid_id');
        if (typeof input.name === 'string') tax.name = input.name.trim();
        if (typeof input.archived === 'boolean') tax.archived = input.archived;
        return tax;
      }
      case 'finances.taxes.install_preset': {
        ledger.booksOpen();
        const preset = PRESETS.find((p) => p.name === input.preset);
        if (!preset) throw invalid('preset', 'preset: prc_vat, eu_vat or us_sales');
        for (const tax of preset.taxes) {
          const id = `tax-${preset.name}-${tax.name}`;
          if (!taxes.some((t) => t.id === id)) taxes.push({ ...tax, id, preset: preset.name, archived: false });
        }
        return taxes;
      }
      case 'finances.invoices.list': {
        if (input.status !== undefined && !STATUSES.includes(String(input.status)))
          throw invalid('status', `status: one of ${STATUSES.join(', ')}`);
        const limit = Math.min(Number(input.limit ?? 500), 500);
        const matching = invoices
          .filter(
            (i) =>
              (!input.from || i.issue_date >= String(input.from)) &&
              (!input.to || i.issue_date <= String(input.to)) &&
              (!input.customer_id || i.customer_id === input.customer_id),
          )
          .sort((a, b) => b.issue_date.localeCompare(a.issue_date) || b.created_at_ms - a.created_at_ms)
          .map(view)
          .filter((i) => !input.status || i.status === input.status);
        return { invoices: matching.slice(0, limit), truncated: matching.length > limit };
      }
      case 'finances.invoices.get':
        return view(stored('id', input.id));
      case 'finances.invoices.create': {
        ledger.booksOpen();
        const who = customer('customer_id', input.customer_id);
        const issue = input.issue_date ? date('issue_date', input.issue_date) : today();
        const due = dueDate(issue, input.due_date);
        const inclusive = Boolean(input.prices_include_tax);
        const priced = priceLines(input.lines, inclusive, listOnly);
        const { currency, rate } = currencyOf(input.currency, input.exchange_rate);
        const invoice: Stored = {
          id: crypto.randomUUID(),
          kind: 'invoice',
          credits: null,
          number: null,
          customer_id: who.id,
          customer_name: who.name,
          issue_date: issue,
          due_date: due,
          prices_include_tax: inclusive,
          tax_rounding: ledger.booksOpen().tax_rounding,
          ...priced,
          paid: '0.00',
          outstanding: '0.00',
          notes: String(input.notes ?? ''),
          status: 'draft',
          entry_id: null,
          created_by_name: by,
          created_at_ms: Date.now(),
          currency,
          exchange_rate: '1',
          base_total: '0.00',
          location_id: typeof input.location_id === 'string' && input.location_id ? input.location_id : null,
          state: 'draft',
          entry: null,
          rate,
        };
        invoices.unshift(invoice);
        return view(invoice);
      }
      case 'finances.invoices.preview': {
        ledger.booksOpen();
        const priced = priceLines(input.lines, Boolean(input.prices_include_tax), listOnly);
        return {
          lines: priced.lines.map((line) => ({ net: line.net, tax: line.tax })),
          subtotal: priced.subtotal,
          tax: priced.tax,
          total: priced.total,
        };
      }
      case 'finances.invoices.pdf':
        return invoicePdf(stored('id', input.id).number, input.language);
      case 'finances.invoices.update': {
        const invoice = stored('id', input.id);
        if (invoice.state !== 'draft')
          throw conflict(`invoice ${invoice.number} is ${invoice.state}: only drafts change`);
        if (input.customer_id !== undefined) {
          const who = customer('customer_id', input.customer_id);
          invoice.customer_id = who.id;
          invoice.customer_name = who.name;
        }
        if (input.issue_date !== undefined) invoice.issue_date = date('issue_date', input.issue_date);
        if (input.due_date !== undefined || input.issue_date !== undefined)
          invoice.due_date = dueDate(invoice.issue_date, input.due_date ?? invoice.due_date);
        if (typeof input.prices_include_tax === 'boolean') invoice.prices_include_tax = input.prices_include_tax;
        if (typeof input.notes === 'string') invoice.notes = input.notes;
        if (input.currency !== undefined || input.exchange_rate !== undefined) {
          const { currency, rate } = currencyOf(
            input.currency ?? invoice.currency,
            input.exchange_rate ?? (invoice.rate === null ? undefined : formatFixed(invoice.rate, 6)),
          );
          invoice.currency = currency;
          invoice.rate = rate;
        }
        if (typeof input.location_id === 'string') invoice.location_id = input.location_id || null;
        const lines = input.lines ?? invoice.lines;
        Object.assign(invoice, priceLines(lines, invoice.prices_include_tax, listOnly && input.lines !== undefined));
        return view(invoice);
      }
      case 'finances.invoices.issue': {
        const invoice = stored('id', input.id);
        if (invoice.state !== 'draft') throw conflict(`invoice ${invoice.number} is ${invoice.state} already`);
        if (input.issue_date) invoice.issue_date = date('issue_date', input.issue_date);
        if (invoice.due_date < invoice.issue_date) invoice.due_date = invoice.issue_date;
        const number = takeNumber('invoice', invoice.issue_date);
        // The ledger is in the base currency: a foreign invoice posts at its rate.
        const total = baseOf(invoice, toCents(invoice.total));
        const tax = baseOf(invoice, toCents(invoice.tax));
        if (total > 0n) {
          invoice.entry = ledger.post(
            invoice.issue_date,
            `Invoice ${number} · ${invoice.customer_name}`,
            'invoice',
            [
              ledger.line(roleAccount('receivable'), total, 0n),
              ledger.line(roleAccount('sales'), 0n, total - tax),
              ...(tax > 0n ? [ledger.line(roleAccount('output_tax'), 0n, tax)] : []),
            ],
            by,
          );
          invoice.entry_id = invoice.entry.id;
        }
        invoice.number = number;
        invoice.state = 'issued';
        stockMoved('issue', invoice);
        return view(invoice);
      }
      case 'finances.invoices.void':
        return voidInvoice(input, by);
      case 'finances.invoices.credit_note':
        return creditNote(input, by);
      case 'finances.invoices.series.get':
        return seriesView();
      case 'finances.invoices.series.update': {
        if (input.prefix !== undefined) {
          const prefix = String(input.prefix).trim();
          if (!/^[A-Za-z0-9_/-]{1,12}$/.test(prefix) || /\d$/.test(prefix) || prefix.toUpperCase().startsWith('CN-'))
            throw invalid('prefix', 'prefix: 1 to 12 letters, digits, - _ or /, not ending in a digit');
          series.prefix = prefix;
        }
        if (typeof input.yearly_reset === 'boolean') series.yearly_reset = input.yearly_reset;
        return seriesView();
      }
      case 'finances.payments.create':
        return createPayment(input, by);
      case 'finances.payments.refund': {
        const who = customer('customer_id', input.customer_id);
        const amount = positive(input.amount);
        const method = String(input.method ?? '');
        if (!METHODS.includes(method)) throw invalid('method', `method: one of ${METHODS.join(', ')}`);
        const available = creditOf(who.id);
        if (amount > available)
          throw invalid(
            'amount',
            `amount: ${who.name} holds ${formatCents(available)} of credit to refund`,
            'out_of_range',
          );
        const day = input.date ? date('date', input.date) : today();
        const account = moneyAccount(method, input.account_id);
        const entry = ledger.post(
          day,
          `Refund · ${who.name}`,
          'refund',
          [ledger.line(roleAccount('customer_credit'), amount, 0n), ledger.line(account, 0n, amount)],
          by,
        );
        return shown(
          payment({
            kind: 'refund',
            customer_id: who.id,
            invoice_id: null,
            date: day,
            amount: formatCents(amount),
            method,
            reference: String(input.reference ?? ''),
            account_id: account.id,
            to_invoice: '0.00',
            to_credit: formatCents(-amount),
            entry_id: entry.id,
            entry,
            base: null,
            created_by_name: by,
          }),
        );
      }
      case 'finances.payments.void': {
        const record = payments.find((p) => p.id === input.id);
        if (!record) throw { code: 'not_found', message: 'no such payment' };
        if (record.kind === 'credit_note')
          throw conflict("this is a credit note's application: void the credit note instead");
        if (record.voided) throw conflict('the payment is voided already');
        if (toCents(record.to_credit) > 0n && creditOf(record.customer_id) < toCents(record.to_credit))
          throw conflict('the credit this payment left was used (refunded or applied): void that first');
        if (record.entry) ledger.reverse(record.entry, by);
        record.voided = true;
        return shown(record);
      }
      case 'finances.payments.list':
        return payments
          .filter(
            (p) =>
              (!input.invoice_id || p.invoice_id === input.invoice_id) &&
              (!input.customer_id || p.customer_id === input.customer_id) &&
              (!input.from || p.date >= String(input.from)) &&
              (!input.to || p.date <= String(input.to)),
          )
          .map(shown);
      case 'finances.payments.balance': {
        const owed = invoices
          .filter((i) => i.customer_id === input.customer_id)
          .reduce((sum, i) => sum + baseOf(i, toCents(view(i).outstanding)), 0n);
        return {
          customer_id: input.customer_id,
          receivable: formatCents(owed),
          credit: formatCents(creditOf(String(input.customer_id))),
        };
      }
      case 'finances.reports.ar_aging':
        ledger.booksOpen();
        return agingReport(input.as_of ? date('as_of', input.as_of) : today());
      case 'finances.reports.tax_summary':
        ledger.booksOpen();
        return taxSummary(input);
      default:
        throw { code: 'unknown_command', message: `unknown command ${command}` };
    }
  }

  /** With ?finance=seeded: the PRC VAT rates, an issued invoice partly paid, and a draft. */
  function seed(by: string) {
    const who = customerOf('c-000010');
    if (!who) return;
    call('finances.taxes.install_preset', { preset: 'prc_vat' }, by);
    const vat = taxes[0].id;
    const issued = call(
      'finances.invoices.create',
      {
        customer_id: who.id,
        lines: [
          { description: '龙井茶 Longjing tea, 250 g', quantity: '4', unit_price: '188.00', tax_id: vat },
          { description: 'Gift box', quantity: '1', unit_price: '35.00', tax_id: vat },
        ],
      },
      by,
    ) as Invoice;
    call('finances.invoices.issue', { id: issued.id }, by);
    call('finances.payments.create', { invoice_id: issued.id, amount: '300', method: 'wechat_pay' }, by);
    call(
      'finances.invoices.create',
      {
        customer_id: who.id,
        lines: [{ description: 'Tea tasting for 6', quantity: '6', unit_price: '58', tax_id: vat }],
      },
      by,
    );
  }

  return { call, seed, roleAccount, taxById, priceLines, customer };
}
