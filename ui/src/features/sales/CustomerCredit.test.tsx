import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { CustomerCredit } from './CustomerCredit';

/** A customer who paid 150.00 on an invoice of 100.00: they hold 50.00 of credit. */
async function overpaid(role: Role = 'owner') {
  const backend = await realCore(role);
  await backend.run('finances.setup', { template: 'generic' });
  const customer = await backend.run('customers.create', { name: 'Tea House' });
  const draft = await backend.run('finances.invoices.create', {
    customer_id: customer.id,
    lines: [{ description: 'Tea tasting', quantity: '1', unit_price: '100.00' }],
  });
  const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
  await backend.run('finances.payments.create', { invoice_id: invoice.id, amount: '150.00', method: 'cash' });
  return { backend, customer };
}

/** The credit of `customerId`, shown again after each change as the invoice drawer does. */
function Credit({ customerId }: { customerId: string }) {
  const [version, setVersion] = useState(0);
  return (
    <CustomerCredit
      customerId={customerId}
      customerName="Tea House"
      accounts={null}
      closedThrough={null}
      version={version}
      onChanged={() => setVersion((v) => v + 1)}
    />
  );
}

describe('Finance: a customer’s credit', { timeout: 30_000 }, () => {
  it('shows the credit held and pays it back, after which there is none', async () => {
    const { backend, customer } = await overpaid();
    renderSignedIn(<Credit customerId={customer.id} />, { session: backend.session });

    expect(await screen.findByTestId('customer-credit', {}, SLOW)).toHaveTextContent(
      'Tea House holds 50.00 of credit.',
    );
    await userEvent.click(screen.getByTestId('customer-credit-refund'));
    await waitFor(() => expect(screen.getByTestId('refund-amount')).toHaveValue('50.00'), SLOW);
    await paste(screen.getByTestId('refund-reference'), 'Cash back at the till');
    await userEvent.click(screen.getByTestId('refund-save'));

    expect(await screen.findByText('Refunded 50.00 to Tea House', {}, SLOW)).toBeInTheDocument();
    expect(inputsOf(backend.calls, 'finances.payments.refund')).toEqual([
      {
        customer_id: customer.id,
        amount: '50.00',
        method: 'cash',
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        reference: 'Cash back at the till',
      },
    ]);
    await waitFor(() => expect(screen.queryByTestId('customer-credit')).not.toBeInTheDocument(), SLOW);
    const balance = await backend.run('finances.payments.balance', { customer_id: customer.id });
    expect(balance.credit).toBe('0.00');
  });

  it('says under the amount when it is more than the customer holds', async () => {
    const { backend, customer } = await overpaid();
    renderSignedIn(<Credit customerId={customer.id} />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('customer-credit-refund', {}, SLOW));
    await paste(screen.getByTestId('refund-amount'), '80.00');
    await userEvent.click(screen.getByTestId('refund-save'));
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('refund-amount'))).toHaveTextContent('They hold 50.00: at most that'),
      SLOW,
    );
    expect((await backend.run('finances.payments.balance', { customer_id: customer.id })).credit).toBe('50.00');
  });

  it('shows a cashier the credit without offering a refund', async () => {
    const { backend, customer } = await overpaid('cashier');
    renderSignedIn(<Credit customerId={customer.id} />, { session: backend.session });

    expect(await screen.findByTestId('customer-credit', {}, SLOW)).toHaveTextContent('50.00');
    expect(screen.queryByTestId('customer-credit-refund')).not.toBeInTheDocument();
  });
});
