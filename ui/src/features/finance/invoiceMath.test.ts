import { describe, expect, it } from 'vitest';
import type { Tax } from '../../api/bindings';
import {
  divRoundHalfUp,
  formatFixed,
  percentOrNull,
  priceDocument,
  quantityOrNull,
  type PricedLineInput,
} from './invoiceMath';
import { previewAmounts } from './invoiceModel';

function line(quantity: bigint, unitPrice: bigint, discount: bigint, rate: bigint): PricedLineInput {
  return { quantity, unitPrice, discount, rate };
}

function totals(doc: { subtotal: bigint; tax: bigint; total: bigint }) {
  return [doc.subtotal, doc.tax, doc.total];
}

// The same cases as crates/core/src/finance/tax.rs: the preview must agree with the core.
describe('invoiceMath', () => {
  it('rounds halves away from zero', () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(-5n, 10n)).toBe(-1n);
    expect(divRoundHalfUp(-4n, 10n)).toBe(0n);
    expect(divRoundHalfUp(15n, 10n)).toBe(2n);
    expect(divRoundHalfUp(25n, 10n)).toBe(3n);
  });

  it('reads quantities and percentages exactly, and refuses what the core refuses', () => {
    expect(quantityOrNull('1.5')).toBe(1500n);
    expect(quantityOrNull('2')).toBe(2000n);
    expect(percentOrNull('13')).toBe(130_000n);
    expect(percentOrNull('8.875')).toBe(88_750n);
    expect(percentOrNull('0')).toBe(0n);
    for (const bad of ['0', '-1', '1.2345', 'abc', '', '1e3', '.']) expect(quantityOrNull(bad), bad).toBeNull();
    expect(percentOrNull('100.5')).toBeNull();
    expect(percentOrNull('13.00001')).toBeNull();
    expect(formatFixed(1500n, 3)).toBe('1.5');
    expect(formatFixed(2000n, 3)).toBe('2');
    expect(formatFixed(88_750n, 4)).toBe('8.875');
    expect(formatFixed(0n, 4)).toBe('0');
  });

  it('prices a PRC VAT invoice as the core does', () => {
    // 3 × 33.33 at 13%, exclusive: net 99.99, tax 13.00 (12.9987), total 112.99.
    expect(totals(priceDocument([line(3000n, 3333n, 0n, 130_000n)], false, 'line'))).toEqual([9999n, 1300n, 11299n]);
    // A shelf price of 113.00 with 13% inside: net 100.00, tax 13.00.
    expect(totals(priceDocument([line(1000n, 11300n, 0n, 130_000n)], true, 'line'))).toEqual([10000n, 1300n, 11300n]);
    // 10% discount on 2 × 50.00: 90.00 net, 6% tax 5.40.
    expect(totals(priceDocument([line(2000n, 5000n, 100_000n, 60_000n)], false, 'line'))).toEqual([9000n, 540n, 9540n]);
  });

  it('rounds per document once per rate, and shares the tax out so the lines add up', () => {
    // Three lines of 0.10 at 6%: 0.006 each rounds to 0.01 per line (0.03); the document's 0.018 to 0.02.
    const lines = [line(1000n, 10n, 0n, 60_000n), line(1000n, 10n, 0n, 60_000n), line(1000n, 10n, 0n, 60_000n)];
    expect(priceDocument(lines, false, 'line').tax).toBe(3n);
    const perDocument = priceDocument(lines, false, 'document');
    expect(perDocument.tax).toBe(2n);
    expect(perDocument.lines.map((l) => l.tax)).toEqual([1n, 1n, 0n]);
  });

  it('previews the lines typed so far, leaving out those not complete', () => {
    const vat: Tax = {
      id: 't13',
      name: 'VAT 13%',
      rate: '13',
      components: [{ name: 'VAT', rate: '13' }],
      preset: null,
      archived: false,
    };
    const preview = previewAmounts(
      [
        { description: 'Tea', quantity: '3', unit_price: '33.33', tax_id: 't13' },
        { description: 'Half typed', quantity: '1', unit_price: '1.234' },
        { description: 'Box', quantity: '1', unit_price: '5', discount: '10' },
      ],
      [vat],
      false,
      'line',
    );
    expect(preview.lines).toEqual([{ net: 9999n, tax: 1300n }, null, { net: 450n, tax: 0n }]);
    expect(totals(preview)).toEqual([10449n, 1300n, 11749n]);
  });
});
