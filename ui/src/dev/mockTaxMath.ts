// DEV ONLY: the browser mock's stand-in for the core's tax arithmetic (crates/core/src/finance/tax.rs),
// so that mock invoices carry plausible amounts. A test double, never the UI's: the UI shows what the core
// computes (`finances.invoices.preview`, and the saved invoice), and the core's tests cover the arithmetic.
// Quantities in thousandths, percentages in millionths of one, money in cents, rounded halves away from zero.

/** Thousandths: a quantity has at most three decimals. */
export const QTY_SCALE = 1_000n;
/** Millionths of one: a percentage has at most four decimals. */
export const RATE_SCALE = 1_000_000n;

/** Where tax is rounded: on each line, or once per rate on the document's totals. */
export type TaxRounding = 'line' | 'document';

/** `numerator / denominator` (denominator above zero) rounded to the nearest integer, halves away from zero. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** A non-negative decimal of at most `decimals` decimals, scaled by 10^decimals; null for anything else. */
function fixed(text: string | undefined | null, decimals: number): bigint | null {
  const plain = (text ?? '').trim();
  const match = /^(\d*)(?:\.(\d*))?$/.exec(plain);
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  if ((whole === '' && fraction === '') || whole.length > 12 || fraction.length > decimals) return null;
  return BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** `"1.5"` → `1500n` thousandths; null when it is not a quantity above zero with at most three decimals. */
export function quantityOrNull(text: string | undefined | null): bigint | null {
  const quantity = fixed(text, 3);
  return quantity !== null && quantity > 0n ? quantity : null;
}

/** `"8.875"` → `88_750n` millionths of one; null when it is not a percentage from 0 to 100, four decimals at most. */
export function percentOrNull(text: string | undefined | null): bigint | null {
  const percent = fixed(text, 4);
  return percent !== null && percent <= 100n * (RATE_SCALE / 100n) ? percent : null;
}

/** `1500n` thousandths → `"1.5"`: a scaled integer as the core writes it, without trailing zeros. */
export function formatFixed(value: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const sign = value < 0n ? '-' : '';
  const size = value < 0n ? -value : value;
  const text = `${size / scale}.${(size % scale).toString().padStart(decimals, '0')}`;
  return sign + text.replace(/0+$/, '').replace(/\.$/, '');
}

/** One line as priced: quantity (thousandths), unit price (cents), discount and tax rate (millionths). */
export type PricedLineInput = { quantity: bigint; unitPrice: bigint; discount: bigint; rate: bigint };

/** A line's amount before tax (`net`) and its tax, in cents. */
export type LineAmounts = { net: bigint; tax: bigint };

export type DocumentAmounts = { lines: LineAmounts[]; subtotal: bigint; tax: bigint; total: bigint };

/** The line's amount after its discount, as priced (with the tax inside when prices include it), rounded. */
export function lineAmount(line: PricedLineInput): bigint {
  return divRoundHalfUp(line.quantity * line.unitPrice * (RATE_SCALE - line.discount), QTY_SCALE * RATE_SCALE);
}

/** The tax of an amount: on top of a net amount, or inside a gross one (amount × r / (1 + r)). */
export function taxOf(amount: bigint, rate: bigint, inclusive: boolean): bigint {
  return inclusive ? divRoundHalfUp(amount * rate, RATE_SCALE + rate) : divRoundHalfUp(amount * rate, RATE_SCALE);
}

/**
 * Prices a document. Per line, each line's tax is rounded; per document, the tax of all lines at one rate is
 * rounded once and shared out to them (the leftover cents to the largest remainders), as the core does.
 */
export function priceDocument(
  lines: readonly PricedLineInput[],
  inclusive: boolean,
  rounding: TaxRounding,
): DocumentAmounts {
  const amounts = lines.map((line) => lineAmount(line));
  const taxes = lines.map((line, i) => (rounding === 'line' ? taxOf(amounts[i], line.rate, inclusive) : 0n));
  if (rounding === 'document') {
    for (const rate of new Set(lines.map((line) => line.rate))) {
      const members = lines.flatMap((line, i) => (line.rate === rate ? [i] : []));
      const base = members.reduce((sum, i) => sum + amounts[i], 0n);
      const total = taxOf(base, rate, inclusive);
      let given = 0n;
      const remainders: [bigint, number][] = [];
      for (const i of members) {
        const share = base === 0n ? 0n : (total * amounts[i]) / base;
        taxes[i] = share;
        given += share;
        remainders.push([base === 0n ? 0n : (total * amounts[i]) % base, i]);
      }
      remainders.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? 1 : -1));
      for (const [, i] of remainders.slice(0, Number(total - given))) taxes[i] += 1n;
    }
  }
  const priced = amounts.map((amount, i) => ({ net: inclusive ? amount - taxes[i] : amount, tax: taxes[i] }));
  const subtotal = priced.reduce((sum, line) => sum + line.net, 0n);
  const tax = priced.reduce((sum, line) => sum + line.tax, 0n);
  return { lines: priced, subtotal, tax, total: subtotal + tax };
}

/** `"7.1234"` → `7_123_400n` millionths; null when it is not a rate above zero with at most six decimals. */
export function exchangeRateOrNull(text: string | undefined | null): bigint | null {
  const rate = fixed(text, 6);
  return rate !== null && rate > 0n && rate <= 1_000_000n * RATE_SCALE ? rate : null;
}

/** An amount in a foreign currency (cents) in the base currency at `rate` (millionths), rounded once. */
export function toBase(cents: bigint, rate: bigint): bigint {
  return divRoundHalfUp(cents * rate, RATE_SCALE);
}
