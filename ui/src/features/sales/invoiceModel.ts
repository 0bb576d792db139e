import type { Invoice, InvoiceInput, InvoiceLineInput, InvoiceStatus, Product } from '../../api/bindings';
import { currencyCode, isForeignCode } from '../ledger/currency';

export type { InvoiceStatus };

/** Each status the core gives an invoice (its generated type: a status the core adds fails to compile here). */
export const STATUS_COLORS: Record<InvoiceStatus, string> = {
  draft: 'default',
  issued: 'blue',
  partially_paid: 'gold',
  paid: 'success',
  overdue: 'error',
  void: 'default',
};

/** The statuses an invoice shows, in the order a filter offers them. */
export const INVOICE_STATUSES = Object.keys(STATUS_COLORS) as InvoiceStatus[];

/** Where tax is rounded (a company setting the core applies): on each line, or once per rate per document. */
/** How a customer pays; `credit` applies credit they hold (overpayments, credit notes) to an invoice. */
export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'wechat_pay', 'alipay', 'other', 'credit'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export function isPaymentMethod(method: string): method is PaymentMethod {
  return (PAYMENT_METHODS as readonly string[]).includes(method);
}

export type LineValues = {
  description?: string;
  quantity?: string;
  unit_price?: string;
  discount?: string;
  tax_id?: string;
  /** A product from the list: the line sells it (and issuing takes it out of stock). */
  product_id?: string;
};

export type InvoiceFormValues = {
  customer_id?: string;
  /** Days as typed: the core refuses one that is not a day, on its field; the due date left empty is by the terms. */
  issue_date: string;
  due_date: string;
  prices_include_tax: boolean;
  lines: LineValues[];
  notes: string;
  /** ISO 4217 as typed; empty: the base currency. */
  currency: string;
  /** Base units per unit of a foreign currency, as typed. */
  exchange_rate: string;
  /** Where the invoice's stocked products leave from; none: the core's first location. */
  location_id?: string;
};

export const EMPTY_LINE: LineValues = { description: '', quantity: '1', unit_price: '', discount: '' };

/** One line as the core reads it: as typed, trimmed; an empty discount or tax left out. */
export function toLineInput(line: LineValues): InvoiceLineInput {
  // As typed: the core reads the decimal strings, and names the line and field it refuses.
  const input: InvoiceLineInput = {
    description: (line.description ?? '').trim(),
    quantity: (line.quantity ?? '').trim(),
    unit_price: (line.unit_price ?? '').trim(),
  };
  const discount = line.discount?.trim();
  if (discount) input.discount = discount;
  if (line.tax_id) input.tax_id = line.tax_id;
  if (line.product_id) input.product_id = line.product_id;
  return input;
}

/** A line selling `product`: its name, list price and tax; the quantity and discount typed stay. */
export function withProduct(line: LineValues, product: Product): LineValues {
  return {
    ...line,
    product_id: product.id,
    description: product.name,
    unit_price: product.price,
    tax_id: product.tax_id ?? undefined,
  };
}

/** Whether nothing was put on a line yet: a scanned product fills it rather than adding one. */
export function isBlankLine(line: LineValues | undefined): boolean {
  return !line?.product_id && !line?.description?.trim() && !line?.unit_price?.trim();
}

/**
 * `finances.invoices.create`'s input (`finances.invoices.update`'s, with the draft's id). A new invoice in the
 * base currency (`base`, when known) names none; a draft being changed names its currency, so that one put back
 * into the base currency is, and clears its rate. The exchange rate goes with a foreign currency only.
 */
export function toInvoiceInput(values: InvoiceFormValues, base: string | null, changing = false): InvoiceInput {
  const input: InvoiceInput = {
    customer_id: values.customer_id ?? '',
    prices_include_tax: Boolean(values.prices_include_tax),
    lines: (values.lines ?? []).map(toLineInput),
  };
  if (values.issue_date?.trim()) input.issue_date = values.issue_date.trim();
  if (values.due_date?.trim()) input.due_date = values.due_date.trim();
  const notes = values.notes?.trim();
  if (notes) input.notes = notes;
  const currency = currencyCode(values.currency);
  const foreign = isForeignCode(currency, base);
  if (foreign || (changing && currency)) input.currency = currency;
  const rate = values.exchange_rate?.trim();
  if (foreign && rate) input.exchange_rate = rate;
  // Back in the base currency, a draft's old rate goes too ("" clears it; the core keeps a rate not named).
  else if (changing && currency && !foreign) input.exchange_rate = '';
  if (values.location_id) input.location_id = values.location_id;
  return input;
}

/** The form's values for a draft being changed. */
export function toFormValues(invoice: Invoice): InvoiceFormValues {
  return {
    customer_id: invoice.customer_id,
    issue_date: invoice.issue_date,
    due_date: invoice.due_date,
    prices_include_tax: invoice.prices_include_tax,
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unit_price,
      discount: line.discount === '0' ? '' : line.discount,
      tax_id: line.tax_id ?? undefined,
      product_id: line.product_id ?? undefined,
    })),
    notes: invoice.notes,
    currency: invoice.currency,
    exchange_rate: invoice.exchange_rate,
    location_id: invoice.location_id ?? undefined,
  };
}
