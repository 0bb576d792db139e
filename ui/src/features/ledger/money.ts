// Amounts cross the wire as decimal strings ("1234.50"): the core keeps integer minor units, refuses more than
// two decimals and works out every total. The UI only reads them for display (grouping, the sign), in integer
// cents, never in floating point, where 0.1 + 0.2 is not 0.3.

/** Decimals an amount may have, as the core allows. */
export const DECIMALS = 2;

const SCALE = 10n ** BigInt(DECIMALS);

/** An amount as the core reads it: digits, an optional point and at most two decimals; grouping commas allowed. */
const AMOUNT = /^-?(\d+(\.\d{0,2})?|\.\d{1,2})$/;

/** Whether `text` is an amount the core accepts (`negative` too, where the field allows it). */
export function isAmount(text: string, negative = false): boolean {
  const plain = text.trim().replaceAll(',', '');
  if (!negative && plain.startsWith('-')) return false;
  return AMOUNT.test(plain);
}

/** `"1234.5"` → `123450n`. Throws on anything `isAmount` refuses (more than two decimals included). */
export function toCents(text: string): bigint {
  if (!isAmount(text, true)) throw new RangeError(`not an amount with at most ${DECIMALS} decimals: '${text}'`);
  const plain = text.trim().replaceAll(',', '');
  const negative = plain.startsWith('-');
  const [whole, fraction = ''] = (negative ? plain.slice(1) : plain).split('.');
  const cents = BigInt(whole || '0') * SCALE + BigInt(fraction.padEnd(DECIMALS, '0'));
  return negative ? -cents : cents;
}

/** The cents of `text`, or null when it is empty or not an amount: for live totals while someone types. */
export function centsOrNull(text: string | undefined | null): bigint | null {
  if (!text || !isAmount(text, true)) return null;
  return toCents(text);
}

/** `123450n` → `"1234.50"` (`grouped`: `"1,234.50"`). Always two decimals; what `toCents` reads back. */
export function formatCents(cents: bigint, { grouped = false }: { grouped?: boolean } = {}): string {
  const negative = cents < 0n;
  const size = negative ? -cents : cents;
  let whole = (size / SCALE).toString();
  if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (size % SCALE).toString().padStart(DECIMALS, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * An amount from the core for display: grouped, two decimals (`"1,234.50"`). Text that is not an amount is
 * shown as it came rather than hidden.
 */
export function displayAmount(text: string): string {
  return isAmount(text, true) ? formatCents(toCents(text), { grouped: true }) : text;
}
