// Quantities cross the wire as decimal strings with up to three decimals ("2", "1.5", "-0.25"); the core keeps
// thousandths. The UI reads and writes them in integer thousandths (a scan adds one), never in floating point.

const QUANTITY_DECIMALS = 3;
const QUANTITY_SCALE = 10n ** BigInt(QUANTITY_DECIMALS);
const QUANTITY = /^-?(\d+(\.\d{0,3})?|\.\d{1,3})$/;

/** Whether `text` is a quantity the core reads (`signed`: an adjustment's, which may be below zero). */
export function isQuantity(text: string, signed = false): boolean {
  const plain = text.trim();
  if (!signed && plain.startsWith('-')) return false;
  return QUANTITY.test(plain);
}

/** `"1.5"` → `1500n`. Throws on anything `isQuantity` refuses. */
export function toThousandths(text: string): bigint {
  if (!isQuantity(text, true)) throw new RangeError(`not a quantity with at most 3 decimals: '${text}'`);
  const plain = text.trim();
  const negative = plain.startsWith('-');
  const [whole, fraction = ''] = (negative ? plain.slice(1) : plain).split('.');
  const value = BigInt(whole || '0') * QUANTITY_SCALE + BigInt(fraction.padEnd(QUANTITY_DECIMALS, '0'));
  return negative ? -value : value;
}

/** `1500n` → `"1.5"`, `2000n` → `"2"`: as the core writes quantities. */
export function formatQuantity(thousandths: bigint): string {
  const negative = thousandths < 0n;
  const size = negative ? -thousandths : thousandths;
  const whole = (size / QUANTITY_SCALE).toString();
  const fraction = (size % QUANTITY_SCALE).toString().padStart(QUANTITY_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
