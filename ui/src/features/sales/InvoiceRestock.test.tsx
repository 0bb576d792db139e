import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { InvoiceLineInput } from '../../api/bindings';
import { inputsOf, realCore } from '../../test/core';
import { SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { InvoiceActions } from './InvoiceActions';

/**
 * An issued invoice to Tea House for two teas at 12.50 (a product line, taken out of the counter's 7) or for
 * free text, in a shop whose bookkeeper (an accountant) is signed in.
 */
async function issuedInvoice({ product }: { product: boolean }) {
  const backend = await realCore('accountant');
  await backend.run('finances.setup', { template: 'prc_small_business' });
  const customer = await backend.run('customers.create', { name: 'Tea House' });
  const counter = await backend.run('inventory.locations.create', { name: 'Counter' });
  const tea = await backend.run('inventory.products.create', { name: 'Green tea', sku: 'TEA-1', price: '12.50' });
  await backend.run('inventory.stock.movements.create', {
    product_id: tea.id,
    location_id: counter.id,
    kind: 'receipt',
    quantity: '7',
  });
  const line: InvoiceLineInput = { description: 'Green tea', quantity: '2', unit_price: '12.50' };
  const draft = await backend.run('finances.invoices.create', {
    customer_id: customer.id,
    lines: [product ? { ...line, product_id: tea.id } : line],
  });
  const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
  /** What the counter holds of the tea now. */
  const onHand = async () => {
    const levels = await backend.run('inventory.stock.levels', { product_id: tea.id, location_id: counter.id });
    return levels[0]?.on_hand;
  };
  return { ...backend, invoice, onHand };
}

type Issued = Awaited<ReturnType<typeof issuedInvoice>>;

function renderActions(backend: Issued) {
  renderSignedIn(
    <InvoiceActions
      invoice={backend.invoice}
      onEdit={() => undefined}
      onPay={() => undefined}
      onChanged={() => undefined}
    />,
    { session: backend.session },
  );
}

/** Credits the whole invoice (clearing the restock box first when `untick`); what the UI sent for it. */
async function creditInFull(backend: Issued, untick = false) {
  renderActions(backend);
  await userEvent.click(screen.getByTestId('invoice-credit-note'));
  if (untick) await userEvent.click(await screen.findByTestId('invoice-credit-restock', {}, SLOW));
  // The confirm's own button (the one that opened it is named alike).
  const buttons = await screen.findAllByRole('button', { name: /credit note/i }, SLOW);
  await userEvent.click(buttons[buttons.length - 1]);
  await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.credit_note')).toHaveLength(1), SLOW);
  // The core issued the credit note.
  expect(await screen.findByText(/Credit note CN-.* issued/, {}, SLOW)).toBeInTheDocument();
  return inputsOf(backend.calls, 'finances.invoices.credit_note')[0];
}

describe('A credit note for goods', { timeout: 30_000 }, () => {
  it('puts product lines back in stock unless the user says the goods did not come back', async () => {
    const backend = await issuedInvoice({ product: true });
    expect(await backend.onHand(), 'issuing took the two teas out').toBe('5');

    expect(await creditInFull(backend)).toEqual({ invoice_id: backend.invoice.id, restock: true });
    expect(await backend.onHand(), 'the two teas are back at the counter').toBe('7');
  });

  it('leaves the stock alone when the box is cleared', async () => {
    const backend = await issuedInvoice({ product: true });

    expect(await creditInFull(backend, true)).toEqual({ invoice_id: backend.invoice.id, restock: false });
    expect(await backend.onHand(), 'the goods did not come back').toBe('5');
  });

  it('asks nothing about stock for an invoice of free-text lines', async () => {
    const backend = await issuedInvoice({ product: false });
    renderActions(backend);
    await userEvent.click(screen.getByTestId('invoice-credit-note'));
    await screen.findByText(/whole invoice/i, {}, SLOW);
    expect(screen.queryByTestId('invoice-credit-restock')).not.toBeInTheDocument();
  });
});

describe('Issuing an invoice for more than is in stock', { timeout: 30_000 }, () => {
  it('issues it all the same, and warns with what the core says went below zero where', async () => {
    const backend = await realCore('accountant');
    await backend.run('finances.setup', { template: 'prc_small_business' });
    const customer = await backend.run('customers.create', { name: 'Tea House' });
    await backend.run('inventory.locations.create', { name: 'Counter' });
    const tea = await backend.run('inventory.products.create', { name: 'Green tea', sku: 'TEA-1', price: '12.50' });
    const draft = await backend.run('finances.invoices.create', {
      customer_id: customer.id,
      lines: [{ product_id: tea.id, description: 'Green tea', quantity: '3', unit_price: '12.50' }],
    });
    renderSignedIn(
      <InvoiceActions invoice={draft} onEdit={() => undefined} onPay={() => undefined} onChanged={() => undefined} />,
      { session: backend.session },
    );
    await userEvent.click(screen.getByTestId('invoice-issue'));

    expect(await screen.findByTestId('invoice-short-stock', {}, SLOW)).toHaveTextContent(
      'Sold more than the books had: Green tea at Counter is now -3. Receive the delivery or count the stock.',
    );
    expect(await screen.findByText(/Invoice INV-.* issued/, {}, SLOW)).toBeInTheDocument();
  });
});
