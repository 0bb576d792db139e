import { describe, expect, it } from 'vitest';
import { toInvoiceInput, type InvoiceFormValues } from './invoiceModel';

const LINE = { description: 'Tea', quantity: '1', unit_price: '10' };

function values(currency: string, exchange_rate = ''): InvoiceFormValues {
  return {
    customer_id: 'c1',
    issue_date: '',
    due_date: '',
    prices_include_tax: false,
    lines: [LINE],
    notes: '',
    currency,
    exchange_rate,
  };
}

describe('toInvoiceInput: currency', () => {
  it('names no currency for a new invoice in the base currency', () => {
    const input = toInvoiceInput(values('CNY', '7.1'), 'CNY');
    expect(input).not.toHaveProperty('currency');
    expect(input).not.toHaveProperty('exchange_rate');
  });

  it('names a foreign currency, upper case, with the rate as typed', () => {
    expect(toInvoiceInput(values(' usd ', ' 7.1234 '), 'CNY')).toMatchObject({
      currency: 'USD',
      exchange_rate: '7.1234',
    });
  });

  it('leaves a missing rate for the core to ask for', () => {
    const input = toInvoiceInput(values('USD'), 'CNY');
    expect(input.currency).toBe('USD');
    expect(input).not.toHaveProperty('exchange_rate');
  });

  it('puts a draft back into the base currency, clearing its rate', () => {
    expect(toInvoiceInput(values('CNY', ''), 'CNY', true)).toMatchObject({ currency: 'CNY', exchange_rate: '' });
  });

  it('sends any code typed when the base currency is not known (a cashier), for the core to judge', () => {
    expect(toInvoiceInput(values('CNY', '1'), null)).toMatchObject({ currency: 'CNY', exchange_rate: '1' });
    expect(toInvoiceInput(values(''), null)).not.toHaveProperty('currency');
  });
});
