import { describe, expect, it } from 'vitest';
import { centsOrNull, displayAmount, formatCents, isAmount, toCents } from './money';

describe('money', () => {
  it('reads decimal strings into integer cents', () => {
    expect(toCents('1234.50')).toBe(123450n);
    expect(toCents('1234.5')).toBe(123450n);
    expect(toCents('7')).toBe(700n);
    expect(toCents('0.07')).toBe(7n);
    expect(toCents('.5')).toBe(50n);
    expect(toCents('1,234.56')).toBe(123456n);
    expect(toCents(' 12 ')).toBe(1200n);
  });

  it('formats cents with two decimals, and reads them back unchanged', () => {
    for (const cents of [0n, 1n, 10n, 99n, 100n, 123450n, -5n, -123456789n, 9_007_199_254_740_993n]) {
      expect(toCents(formatCents(cents)), `round trip of ${cents}`).toBe(cents);
    }
    expect(formatCents(123450n)).toBe('1234.50');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(123456789n, { grouped: true })).toBe('1,234,567.89');
    expect(formatCents(-100000n, { grouped: true })).toBe('-1,000.00');
  });

  it('handles negative amounts', () => {
    expect(toCents('-0.01')).toBe(-1n);
    expect(toCents('-12.3')).toBe(-1230n);
    expect(formatCents(toCents('10.00') - toCents('10.01'))).toBe('-0.01');
    expect(isAmount('-1')).toBe(false);
    expect(isAmount('-1', true)).toBe(true);
  });

  it('refuses more than two decimals and anything that is not an amount', () => {
    expect(() => toCents('1.234')).toThrow(RangeError);
    for (const text of ['1.234', '', '.', 'abc', '1e3', '1.2.3', '12,5.0x', '--1', '+1']) {
      expect(isAmount(text, true), `'${text}' should be refused`).toBe(false);
    }
    expect(centsOrNull('1.234')).toBeNull();
    expect(centsOrNull('')).toBeNull();
    expect(centsOrNull('3.5')).toBe(350n);
  });

  it('displays amounts from the core grouped, and anything else as it came', () => {
    expect(displayAmount('1234567.8')).toBe('1,234,567.80');
    expect(displayAmount('-0.5')).toBe('-0.50');
    expect(displayAmount('n/a')).toBe('n/a');
  });
});
