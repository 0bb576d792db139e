import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Invoice, InvoiceLine } from '../../api/bindings';
import { mockCommands } from '../../test/ipc';
import { renderSignedIn, sessionAs } from '../../test/render';

const BOOKKEEPER = sessionAs('accountant', ['finance.read', 'finance.write', 'sales.read', 'sales.write']);
import { InvoiceActions } from './InvoiceActions';

const LINE: InvoiceLine = {
  description: 'Green tea',
  quantity: '2',
  unit_price: '12.50',
  discount: '0',
  tax_id: null,
  tax_name: '',
  tax_rate: '0',
  net: '25.00',
  tax: '0.00',
  product_id: null,
};

function issued(lines: InvoiceLine[]): Invoice {
  return {
    id: 'inv1',
    kind: 'invoice',
    credits: null,
    number: 'INV-A-00001',
    customer_id: 'c1',
    customer_name: 'Tea House',
    issue_date: '2026-12-01',
    due_date: '2026-12-31',
    prices_include_tax: false,
    tax_rounding: 'line',
    lines,
    subtotal: '25.00',
    tax: '0.00',
    total: '25.00',
    paid: '0.00',
    outstanding: '25.00',
    notes: '',
    status: 'issued',
    entry_id: 'e1',
    created_by_name: 'owner',
    created_at_ms: 1,
    currency: 'CNY',
    exchange_rate: '1',
    base_total: '25.00',
    location_id: 'l1',
  };
}

async function creditInFull(invoice: Invoice, untick = false) {
  const calls = mockCommands({
    'finances.invoices.credit_note': () => ({ ...invoice, id: 'cn1', kind: 'credit_note', number: 'CN-A-00001' }),
  });
  renderSignedIn(
    <InvoiceActions invoice={invoice} onEdit={() => undefined} onPay={() => undefined} onChanged={() => undefined} />,
    { session: BOOKKEEPER },
  );
  await userEvent.click(screen.getByTestId('invoice-credit-note'));
  if (untick) await userEvent.click(await screen.findByTestId('invoice-credit-restock'));
  // The confirm's own button (the one that opened it is named alike).
  const buttons = await screen.findAllByRole('button', { name: /credit note/i });
  await userEvent.click(buttons[buttons.length - 1]);
  await waitFor(() => expect(calls.filter((c) => c.command === 'finances.invoices.credit_note')).toHaveLength(1));
  return calls.find((c) => c.command === 'finances.invoices.credit_note')?.input;
}

describe('A credit note for goods', { timeout: 30_000 }, () => {
  it('puts product lines back in stock unless the user says the goods did not come back', async () => {
    const withProduct = issued([{ ...LINE, product_id: 'p1' }]);
    expect(await creditInFull(withProduct)).toEqual({ invoice_id: 'inv1', restock: true });
  });

  it('leaves the stock alone when the box is cleared', async () => {
    const withProduct = issued([{ ...LINE, product_id: 'p1' }]);
    expect(await creditInFull(withProduct, true)).toEqual({ invoice_id: 'inv1', restock: false });
  });

  it('asks nothing about stock for an invoice of free-text lines', async () => {
    const calls = mockCommands({});
    void calls;
    renderSignedIn(
      <InvoiceActions
        invoice={issued([LINE])}
        onEdit={() => undefined}
        onPay={() => undefined}
        onChanged={() => undefined}
      />,
      { session: BOOKKEEPER },
    );
    await userEvent.click(screen.getByTestId('invoice-credit-note'));
    await screen.findByText(/whole invoice/i);
    expect(screen.queryByTestId('invoice-credit-restock')).not.toBeInTheDocument();
  });
});
