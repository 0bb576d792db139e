import type { Invoice } from '../../api/bindings';
import { displayAmount } from './money';

/** The currencies the invoice form offers first; any other ISO 4217 code can be typed. */
export const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'] as const;

/** A currency code as typed, for the core: trimmed, upper case (the core says whether it is one). */
export function currencyCode(text: string | undefined | null): string {
  return (text ?? '').trim().toUpperCase();
}

/**
 * Whether the form's currency is not the base currency, and so takes an exchange rate. An empty field is the
 * base currency. When the base currency is not known here (cashiers do not read the books' settings), any code
 * typed asks for a rate, and the core says whether it needs one.
 */
export function isForeignCode(currency: string | undefined | null, base: string | null): boolean {
  const code = currencyCode(currency);
  return code !== '' && code !== base;
}

/** Whether an invoice from the core is in a foreign currency: the core gives a base-currency invoice rate "1". */
export function isForeignInvoice(invoice: Pick<Invoice, 'currency' | 'exchange_rate'>, base: string | null): boolean {
  return base !== null ? invoice.currency !== base : invoice.exchange_rate !== '1';
}

/**
 * The base currency as far as it is known here: the settings', or else a base-currency invoice's own (the core
 * gives those rate "1").
 */
export function knownBase(
  base: string | null,
  invoice: Pick<Invoice, 'currency' | 'exchange_rate'> | null,
): string | null {
  if (base !== null) return base;
  return invoice && invoice.exchange_rate === '1' ? invoice.currency : null;
}

/** "USD 1,234.50": an amount from the core with its currency's code. */
export function withCurrency(currency: string | null | undefined, amount: string): string {
  return currency ? `${currency} ${displayAmount(amount)}` : displayAmount(amount);
}
