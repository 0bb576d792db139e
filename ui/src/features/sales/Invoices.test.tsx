import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invoice, Product } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { desktopShell, inputsOf } from '../../test/core';
import { choose, formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { AppShell } from '../shell/AppShell';
import { FinancePage } from '../finance/FinancePage';
import { books, type Books } from './testBooks';

const TODAY = dayjs().format('YYYY-MM-DD');

/** Longjing tea on the product list at 33.33 with 13% VAT, ten tins at the counter: what a cashier sells. */
async function stockTea(backend: Books): Promise<Product> {
  const counter = await backend.run('inventory.locations.create', { name: 'Counter' });
  const tea = await backend.run('inventory.products.create', {
    name: 'Longjing tea',
    sku: 'LJ-1',
    price: '33.33',
    tax_id: backend.vat.id,
  });
  await backend.run('inventory.stock.movements.create', {
    product_id: tea.id,
    location_id: counter.id,
    kind: 'receipt',
    quantity: '10',
  });
  return tea;
}

/** The one invoice the core holds. */
async function theInvoice(backend: Books): Promise<Invoice> {
  const { invoices } = await backend.run('finances.invoices.list', {});
  expect(invoices, 'the core holds one invoice').toHaveLength(1);
  return invoices[0];
}

/** A draft of 100.00 to Tea House, written through the core (for tests of what comes after writing). */
async function aDraft(backend: Books): Promise<Invoice> {
  return backend.run('finances.invoices.create', {
    customer_id: backend.customer.id,
    lines: [{ description: 'Tea for the month', quantity: '1', unit_price: '100.00' }],
  });
}

/**
 * An issued invoice of 100.00 to Tea House that two devices, each offline, were paid in full on: the core lists it
 * as paid past its total. Returns the invoice.
 */
async function paidTwice(backend: Books): Promise<Invoice> {
  const draft = await aDraft(backend);
  const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
  await backend.joinAnotherDevice();
  await backend.run('finances.payments.create', { invoice_id: invoice.id, amount: '100.00', method: 'cash' });
  await backend.fromAnotherDevice('finances.payments.create', {
    invoice_id: invoice.id,
    amount: '100.00',
    method: 'wechat_pay',
  });
  return invoice;
}

/** Opens the invoices, writes a draft for Tea House of 3 × 33.33 at 13%, and saves it. */
async function writeDraft() {
  await userEvent.click(await screen.findByTestId('invoice-new', {}, SLOW));
  await choose(screen.getByTestId('invoice-customer'), 'Tea House');
  await paste(screen.getByTestId('invoice-line-description-0'), 'Longjing tea');
  await paste(screen.getByTestId('invoice-line-quantity-0'), '3');
  await paste(screen.getByTestId('invoice-line-price-0'), '33.33');
  await choose(screen.getByTestId('invoice-line-tax-0'), '增值税 13%');
}

/** As a cashier writes the same draft: three tins of the tea from the list, at its list price and tax. */
async function sellDraft() {
  await userEvent.click(await screen.findByTestId('invoice-new', {}, SLOW));
  await choose(screen.getByTestId('invoice-customer'), 'Tea House');
  await choose(screen.getByTestId('invoice-line-product-0'), 'Longjing tea (LJ-1)');
  await waitFor(() => expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('33.33'), SLOW);
  await paste(screen.getByTestId('invoice-line-quantity-0'), '3');
}

/** Opens the one invoice listed, once the list has loaded. */
async function openTheInvoice() {
  const table = await screen.findByTestId('invoices-table', {}, SLOW);
  await waitFor(() => {
    expect(within(table).getAllByTestId('invoice-row')).toHaveLength(1);
    // The table's loading spinner wraps it, and takes the clicks while it spins.
    expect(table.closest('.ant-spin-spinning')).toBeNull();
  }, SLOW);
  await userEvent.click(within(table).getByTestId('invoice-row'));
}

/**
 * The desktop shell's save dialog, which the user cancels (only the shell has one); every call still goes to the
 * real core. Returns what the dialog was asked to save.
 */
function cancelledSaveDialog(backend: Books): unknown[] {
  desktopShell(backend);
  type Invoke = (cmd: string, args?: unknown, options?: unknown) => Promise<unknown>;
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: Invoke } }).__TAURI_INTERNALS__;
  const shell = internals.invoke;
  const asked: unknown[] = [];
  internals.invoke = (cmd, args, options) => {
    if (cmd !== 'save_file_dialog') return shell(cmd, args, options);
    asked.push(args);
    return Promise.resolve(null);
  };
  return asked;
}

afterEach(() => {
  window.location.hash = '';
});

describe('FinancePage: invoices', { timeout: 40_000 }, () => {
  it('writes a draft invoice with a line, previews its totals from the core, and shows the amounts it saved', async () => {
    const backend = await books();
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await userEvent.click(await screen.findByTestId('invoice-new', {}, SLOW));
    // An empty line: no amounts yet, and no error while typing.
    expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('—');
    expect(screen.getByTestId('invoice-line-amount-0')).toHaveTextContent('—');
    await choose(screen.getByTestId('invoice-customer'), 'Tea House');
    await paste(screen.getByTestId('invoice-line-description-0'), 'Longjing tea');
    await paste(screen.getByTestId('invoice-line-quantity-0'), '3');
    await paste(screen.getByTestId('invoice-line-price-0'), '33.33');
    await choose(screen.getByTestId('invoice-line-tax-0'), '增值税 13%');

    // The core's preview, asked for the lines as typed, once typing paused: 99.99 and 13% VAT on it.
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('112.99'), SLOW);
    expect(screen.getByTestId('invoice-preview-subtotal')).toHaveTextContent('99.99');
    expect(screen.getByTestId('invoice-preview-tax')).toHaveTextContent('13.00');
    expect(screen.getByTestId('invoice-line-amount-0')).toHaveTextContent('99.99');
    expect(inputsOf(backend.calls, 'finances.invoices.preview').at(-1)).toEqual({
      prices_include_tax: false,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: backend.vat.id }],
    });
    expect(screen.queryByTestId('invoice-form-error')).not.toBeInTheDocument();
    // In the base currency: no exchange rate to give.
    expect(screen.getByTestId('invoice-currency')).toHaveValue('CNY');
    expect(screen.queryByTestId('invoice-exchange-rate')).not.toBeInTheDocument();

    // Tax inside the prices: asked again, and the prices typed are the total.
    await userEvent.click(screen.getByTestId('invoice-prices-include-tax'));
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'finances.invoices.preview').at(-1)).toMatchObject({ prices_include_tax: true }),
      SLOW,
    );
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('99.99'), SLOW);
    await userEvent.click(screen.getByTestId('invoice-prices-include-tax'));
    // A line no longer complete: no amounts again, and still no error until saving.
    await paste(screen.getByTestId('invoice-line-price-0'), '');
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('—'), SLOW);
    // The preview's refusal (it names the price: not an amount) is not put on the form; the form asks for a price.
    expect(formItemOf(screen.getByTestId('invoice-line-price-0'))).not.toHaveTextContent('Enter an amount');
    expect(formItemOf(screen.getByTestId('invoice-line-description-0'))).not.toHaveTextContent('required');
    expect(screen.queryByTestId('invoice-form-error')).not.toBeInTheDocument();
    await paste(screen.getByTestId('invoice-line-price-0'), '33.33');
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('112.99'), SLOW);

    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.invoices.create')[0]).toEqual({
      customer_id: backend.customer.id,
      issue_date: TODAY,
      prices_include_tax: false,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: backend.vat.id }],
    });
    // The saved draft opens, with the core's amounts.
    expect(await screen.findByTestId('invoice-number', {}, SLOW)).toHaveTextContent('Draft');
    expect(screen.getByTestId('invoice-status')).toHaveTextContent('Draft');
    expect(screen.getByTestId('invoice-total')).toHaveTextContent('112.99');
    expect(screen.getByTestId('invoice-lines')).toHaveTextContent('Longjing tea');
    await waitFor(() => expect(screen.getAllByTestId('invoice-row')).toHaveLength(1), SLOW);
    expect(await theInvoice(backend)).toMatchObject({
      status: 'draft',
      subtotal: '99.99',
      tax: '13.00',
      total: '112.99',
    });
  });

  it('issues a draft, which gets its number, and takes a payment of what is owed, which pays it', async () => {
    const backend = await books();
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));

    await waitFor(() => expect(screen.getByTestId('invoice-status')).toHaveTextContent('Issued'), SLOW);
    // The number is the core's, from this device's series.
    const issued = await theInvoice(backend);
    expect(issued.number, 'the core numbered the invoice').toMatch(/^INV-/);
    expect(screen.getByTestId('invoice-number')).toHaveTextContent(issued.number ?? '');
    expect(inputsOf(backend.calls, 'finances.invoices.issue')).toEqual([{ id: issued.id }]);
    expect(screen.getByTestId('invoice-outstanding')).toHaveTextContent('112.99');

    await userEvent.click(screen.getByTestId('invoice-pay'));
    // What is owed, by default.
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);
    // In the base currency: no rate of the day.
    expect(screen.queryByTestId('payment-exchange-rate')).not.toBeInTheDocument();
    await choose(screen.getByTestId('payment-method'), 'WeChat Pay');
    await paste(screen.getByTestId('payment-reference'), 'WX-42');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(screen.getByTestId('invoice-status')).toHaveTextContent('Paid'), SLOW);
    expect(inputsOf(backend.calls, 'finances.payments.create')).toEqual([
      { invoice_id: issued.id, amount: '112.99', method: 'wechat_pay', reference: 'WX-42', date: TODAY },
    ]);
    expect(screen.getByTestId('invoice-outstanding')).toHaveTextContent('0.00');
    expect(await screen.findByTestId('invoice-payment-row', {}, SLOW)).toHaveTextContent('WeChat Pay');
    // Nothing is owed: no more payments to take.
    expect(screen.queryByTestId('invoice-pay')).not.toBeInTheDocument();
  });

  it('shows an overdue invoice that is partly paid as both, with what is left', async () => {
    const backend = await books();
    const draft = await backend.run('finances.invoices.create', {
      customer_id: backend.customer.id,
      issue_date: dayjs().subtract(40, 'day').format('YYYY-MM-DD'),
      due_date: dayjs().subtract(10, 'day').format('YYYY-MM-DD'),
      lines: [{ description: 'Tea for the month', quantity: '1', unit_price: '100.00' }],
    });
    const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
    await backend.run('finances.payments.create', { invoice_id: invoice.id, amount: '30.00', method: 'cash' });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const status = await screen.findByTestId('invoice-row-status', {}, SLOW);
    expect(status).toHaveTextContent('Overdue');
    expect(screen.getByTestId('invoice-row-status-part-paid')).toHaveTextContent('Partly paid · CNY 70.00 left');
  });

  it('takes a payment into an account picked from those that hold money, or by default the method’s', async () => {
    const backend = await books();
    const bank = (await backend.run('finances.accounts.list', {})).find((account) => account.code === '1002');
    if (!bank) throw new Error('the PRC chart has no bank account 1002');
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await writeDraft();
    await userEvent.click(screen.getByTestId('invoice-save'));
    await userEvent.click(await screen.findByTestId('invoice-issue', {}, SLOW));
    await userEvent.click(await screen.findByTestId('invoice-pay', {}, SLOW));
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);

    // Cash and the bank, not the receivable (an asset money is not kept in) nor the income account.
    const picker = screen.getByTestId('payment-account');
    fireEvent.mouseDown(picker.closest('.ant-select')?.querySelector('.ant-select-selector') ?? picker);
    expect(await screen.findAllByTitle('1001 库存现金', {}, SLOW)).not.toHaveLength(0);
    expect(screen.getAllByTitle('1002 银行存款')).not.toHaveLength(0);
    expect(screen.queryByTitle('1122 应收账款')).not.toBeInTheDocument();
    expect(screen.queryByTitle('5001 主营业务收入')).not.toBeInTheDocument();
    await choose(picker, '1002 银行存款');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.payments.create')).toHaveLength(1), SLOW);
    const issued = await theInvoice(backend);
    expect(inputsOf(backend.calls, 'finances.payments.create')[0]).toEqual({
      invoice_id: issued.id,
      amount: '112.99',
      method: 'cash',
      account_id: bank.id,
      date: TODAY,
    });
    // The money went into the bank.
    await waitFor(() => expect(screen.getByTestId('invoice-status')).toHaveTextContent('Paid'), SLOW);
    const [payment] = await backend.run('finances.payments.list', { invoice_id: issued.id });
    expect(payment).toMatchObject({ account_id: bank.id, amount: '112.99' });
  });

  it('writes an invoice in a foreign currency at the rate typed, and takes a payment on it at the day’s rate', async () => {
    const backend = await books();
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await writeDraft();
    fireEvent.change(screen.getByTestId('invoice-currency'), { target: { value: 'usd' } });
    await waitFor(() => expect(screen.getByTestId('invoice-currency')).toHaveValue('USD'), SLOW);
    // Not the base currency: how many yuan one dollar is worth.
    await paste(await screen.findByTestId('invoice-exchange-rate', {}, SLOW), '7.1');
    await userEvent.click(screen.getByTestId('invoice-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.invoices.create')[0]).toEqual({
      customer_id: backend.customer.id,
      issue_date: TODAY,
      prices_include_tax: false,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: backend.vat.id }],
      currency: 'USD',
      exchange_rate: '7.1',
    });
    // The amounts in dollars, and beside them the base total the core converted: 112.99 × 7.1.
    expect(await screen.findByTestId('invoice-detail', {}, SLOW)).toHaveTextContent('Total (USD)');
    expect(screen.getByTestId('invoice-rate')).toHaveTextContent('1 USD = 7.1 CNY');
    expect(screen.getByTestId('invoice-base-total')).toHaveTextContent('≈ CNY 802.23');
    await waitFor(() => expect(screen.getByTestId('invoice-row-total')).toHaveTextContent('USD 112.99'), SLOW);
    expect(screen.getByTestId('invoice-row-base-total')).toHaveTextContent('≈ CNY 802.23');

    await userEvent.click(screen.getByTestId('invoice-issue'));
    await userEvent.click(await screen.findByTestId('invoice-pay', {}, SLOW));
    // The invoice's rate by default; customer credit (kept in yuan) is not offered.
    const rate = await screen.findByTestId('payment-exchange-rate', {}, SLOW);
    await waitFor(() => expect(rate).toHaveValue('7.1'), SLOW);
    expect(screen.getByTestId('payment-owed')).toHaveTextContent('USD 112.99');
    fireEvent.mouseDown(
      screen.getByTestId('payment-method').closest('.ant-select')?.querySelector('.ant-select-selector') ??
        screen.getByTestId('payment-method'),
    );
    expect(await screen.findAllByTitle('Cash', {}, SLOW)).not.toHaveLength(0);
    expect(screen.queryByTitle('Customer credit')).not.toBeInTheDocument();
    await paste(rate, '7.2');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.payments.create')).toHaveLength(1), SLOW);
    const issued = await theInvoice(backend);
    expect(inputsOf(backend.calls, 'finances.payments.create')[0]).toEqual({
      invoice_id: issued.id,
      amount: '112.99',
      method: 'cash',
      date: TODAY,
      exchange_rate: '7.2',
    });
    await waitFor(() => expect(screen.getByTestId('invoice-status')).toHaveTextContent('Paid'), SLOW);
  });

  it('shows the core’s refusal of a payment method at that field', async () => {
    // A cashier does not read the books' settings: to the form, an invoice in dollars at par looks like one in yuan,
    // and customer credit is offered for it. The core, which knows, refuses credit for a foreign invoice.
    const backend = await books('cashier');
    const draft = await backend.run('finances.invoices.create', {
      customer_id: backend.customer.id,
      lines: [{ description: 'Longjing tea', quantity: '3', unit_price: '33.33', tax_id: backend.vat.id }],
      currency: 'USD',
      exchange_rate: '1',
    });
    const invoice = await backend.run('finances.invoices.issue', { id: draft.id });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await openTheInvoice();
    await userEvent.click(await screen.findByTestId('invoice-pay', {}, SLOW));
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('112.99'), SLOW);
    await choose(screen.getByTestId('payment-method'), 'Customer credit');
    await userEvent.click(screen.getByTestId('payment-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.payments.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.payments.create')[0]).toMatchObject({
      invoice_id: invoice.id,
      method: 'credit',
    });
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('payment-method'))).toHaveTextContent(
          'This method cannot pay this invoice',
        ),
      SLOW,
    );
    expect(await backend.run('finances.payments.list', { invoice_id: invoice.id })).toEqual([]);
  });

  it('puts each of the core’s refusals of the lines’ fields at its line, all at once', async () => {
    const backend = await books();
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await writeDraft();
    await paste(screen.getByTestId('invoice-line-quantity-0'), '2000000000');
    await userEvent.click(screen.getByTestId('invoice-line-add'));
    await paste(await screen.findByTestId('invoice-line-description-1'), 'Cups');
    await paste(screen.getByTestId('invoice-line-quantity-1'), '2');
    await paste(screen.getByTestId('invoice-line-price-1'), '1.234');
    await userEvent.click(screen.getByTestId('invoice-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('invoice-line-quantity-0'))).toHaveTextContent(
          'Enter a quantity above zero',
        ),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('invoice-line-price-1'))).toHaveTextContent('At most 2 decimals');
    expect(formItemOf(screen.getByTestId('invoice-line-price-0'))).not.toHaveTextContent('Enter');
    expect(screen.queryByTestId('invoice-form-error')).not.toBeInTheDocument();
    expect((await backend.run('finances.invoices.list', {})).invoices).toEqual([]);
  });

  it('shows a cashier refused a discount above the cap the limit, at that line', async () => {
    const backend = await books('cashier');
    await stockTea(backend);
    await backend.run('finances.settings.update', { cashier_discount_max_percent: '10' });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await sellDraft();
    await paste(screen.getByTestId('invoice-line-discount-0'), '25');
    await userEvent.click(screen.getByTestId('invoice-save'));

    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    await waitFor(
      () =>
        expect(formItemOf(screen.getByTestId('invoice-line-discount-0'))).toHaveTextContent(
          'At most 10% off; ask a manager',
        ),
      SLOW,
    );
    expect(formItemOf(screen.getByTestId('invoice-line-discount-0'))).not.toHaveTextContent('from 0 to 100');
  });

  it('lists what devices working offline left for someone to look at, in the core’s words', async () => {
    const backend = await books();
    // Paid on two devices, each offline; and a draft both had, issued on both, which got a number on each.
    const draft = await backend.run('finances.invoices.create', {
      customer_id: backend.customer.id,
      lines: [{ description: 'Cups', quantity: '2', unit_price: '10.00' }],
    });
    await paidTwice(backend);
    await backend.run('finances.invoices.issue', { id: draft.id });
    await backend.fromAnotherDevice('finances.invoices.issue', { id: draft.id });
    const attention = await backend.run('finances.invoices.attention', {});
    expect(attention.map((item) => item.kind)).toEqual(['overpaid', 'number_lost']);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const alert = await screen.findByTestId('invoice-attention', {}, SLOW);
    const items = within(alert).getAllByTestId('invoice-attention-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(`Tea House: ${attention[0].message}`);
    expect(items[0]).toHaveTextContent('was paid 100.00 more than its total');
    expect(items[1]).toHaveTextContent(`Tea House: ${attention[1].message}`);
    expect(items[1]).toHaveTextContent('issued on two devices at once');
    expect(alert).toHaveTextContent('2 problems with invoices need a look');
  });

  it('moves what an invoice was paid twice (on two devices offline) to the customer’s credit, and back by voiding', async () => {
    const backend = await books();
    const invoice = await paidTwice(backend);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const alert = await screen.findByTestId('invoice-attention', {}, SLOW);
    expect(within(alert).getByTestId('invoice-attention-item')).toHaveTextContent(
      'was paid 100.00 more than its total',
    );
    await userEvent.click(within(alert).getByTestId('invoice-attention-to-credit'));

    await waitFor(() => expect(screen.queryByTestId('invoice-attention')).not.toBeInTheDocument(), SLOW);
    expect(inputsOf(backend.calls, 'finances.payments.surplus_to_credit')).toEqual([{ id: invoice.id }]);
    expect(await screen.findByText("100.00 moved to Tea House's credit", {}, SLOW)).toBeVisible();
    // Paid exactly now; the customer holds the 100.00 as credit, and the books agree.
    expect((await backend.run('finances.invoices.get', { id: invoice.id })).status).toBe('paid');
    const balance = await backend.run('finances.payments.balance', { customer_id: backend.customer.id });
    expect(balance.credit).toBe('100.00');
    const moved = (await backend.run('finances.payments.list', { invoice_id: invoice.id })).find(
      (payment) => payment.kind === 'surplus',
    );
    expect(moved?.to_credit).toBe('100.00');

    // Voided, it goes back: overpaid again, and listed for attention again.
    await backend.run('finances.payments.void', { id: moved?.id ?? '' });
    expect((await backend.run('finances.invoices.attention', {})).map((item) => item.kind)).toEqual(['overpaid']);
    expect((await backend.run('finances.payments.balance', { customer_id: backend.customer.id })).credit).toBe('0.00');
  });

  it('says what to do while there are no invoices, and that none match when a filter finds none', async () => {
    const backend = await books();
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    const table = await screen.findByTestId('invoices-table', {}, SLOW);
    await waitFor(() => expect(table).toHaveTextContent('No invoices yet. Write one with “New invoice”.'), SLOW);
    await choose(screen.getByTestId('invoices-status-filter'), 'Paid');
    await waitFor(() => expect(table).toHaveTextContent('No invoices match these dates and status.'), SLOW);
  });

  it('shows no attention list to those who do not read the books', async () => {
    const backend = await books('cashier');
    await paidTwice(backend);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    expect(await screen.findByTestId('invoice-new', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('invoice-row')).toHaveLength(1), SLOW);
    expect(screen.queryByTestId('invoice-attention')).not.toBeInTheDocument();
    expect(inputsOf(backend.calls, 'finances.invoices.attention')).toEqual([]);
  });

  it('saves an invoice as a PDF in the language picked, where the user chooses, and says where', async () => {
    const backend = await books();
    const issued = await backend.run('finances.invoices.issue', { id: (await aDraft(backend)).id });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await openTheInvoice();
    await userEvent.click(await screen.findByTestId('invoice-pdf', {}, SLOW));
    await userEvent.click(await screen.findByTestId('invoice-pdf-en', {}, SLOW));

    // Outside the desktop app the PDF the core wrote is downloaded, under the name it gave the file.
    const pdf = await backend.run('finances.invoices.pdf', { id: issued.id, language: 'en' });
    expect(pdf.file_name).toContain(issued.number ?? 'a number');
    expect(await screen.findByTestId('invoice-pdf-saved', {}, SLOW)).toHaveTextContent(pdf.file_name);
    expect(inputsOf(backend.calls, 'finances.invoices.pdf')).toEqual([{ id: issued.id, language: 'en' }]);
  });

  it('says nothing was saved when the user cancels the save dialog', async () => {
    const backend = await books();
    const draft = await aDraft(backend);
    const dialogs = cancelledSaveDialog(backend);
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await openTheInvoice();
    await userEvent.click(await screen.findByTestId('invoice-pdf', {}, SLOW));
    await userEvent.click(await screen.findByTestId('invoice-pdf-zh', {}, SLOW));

    await waitFor(() => expect(dialogs).toHaveLength(1), SLOW);
    expect(dialogs[0]).toMatchObject({ command: 'finances.invoices.pdf', input: { id: draft.id, language: 'zh' } });
    await waitFor(() => expect(screen.getByTestId('invoice-pdf')).not.toHaveClass('ant-btn-loading'), SLOW);
    expect(screen.queryByTestId('invoice-pdf-saved')).not.toBeInTheDocument();
  });
});

describe('FinancePage: cashiers', { timeout: 30_000 }, () => {
  it('shows a cashier (sales.* alone) the invoices, and not the journal, the reports or the books’ settings', async () => {
    const backend = await books('cashier');
    navigate('finance');
    renderSignedIn(<AppShell />, { session: backend.session });

    expect(await screen.findByTestId('nav-finance', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('finance-tab-invoices', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('invoice-new', {}, SLOW)).toBeInTheDocument();
    for (const tab of ['income', 'expenses', 'journal', 'accounts', 'taxes', 'reports'])
      expect(screen.queryByTestId(`finance-tab-${tab}`)).not.toBeInTheDocument();
    // Nothing the core would refuse a cashier is asked for.
    expect(inputsOf(backend.calls, 'finances.settings.get')).toEqual([]);
    expect(inputsOf(backend.calls, 'finances.accounts.list')).toEqual([]);
  });

  it('offers no void or credit note to sales.write alone', async () => {
    const backend = await books('cashier');
    await backend.run('finances.invoices.issue', { id: (await aDraft(backend)).id });
    navigate('finance', 'invoices');
    renderSignedIn(<FinancePage />, { session: backend.session });

    await openTheInvoice();
    expect(await screen.findByTestId('invoice-pay', {}, SLOW)).toBeInTheDocument();
    // Whoever sees an invoice may save it as a PDF.
    expect(screen.getByTestId('invoice-pdf')).toBeInTheDocument();
    expect(screen.queryByTestId('invoice-void')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invoice-credit-note')).not.toBeInTheDocument();

    // A cashier does not read the chart: the payment goes where its method says.
    await userEvent.click(screen.getByTestId('invoice-pay'));
    await waitFor(() => expect(screen.getByTestId('payment-amount')).toHaveValue('100.00'), SLOW);
    expect(screen.queryByTestId('payment-account')).not.toBeInTheDocument();
  });
});

describe('FinancePage: balance sheet', { timeout: 30_000 }, () => {
  it('shows assets, liabilities and equity with the earnings not yet closed', async () => {
    const backend = await books();
    // 50,000.00 of capital paid into the till, and 1,300.00 of sales since, not yet closed into equity.
    const chart = await backend.run('finances.accounts.list', {});
    const code = (wanted: string) => {
      const account = chart.find((a) => a.code === wanted);
      if (!account) throw new Error(`the PRC chart has no account ${wanted}`);
      return account.id;
    };
    await backend.run('finances.journal.create', {
      date: TODAY,
      memo: 'Capital paid in',
      lines: [
        { account_id: code('1001'), debit: '50000.00' },
        { account_id: code('3001'), credit: '50000.00' },
      ],
    });
    await backend.run('finances.income.create', { date: TODAY, amount: '1300.00', description: 'Walk-in sales' });
    const reader = await backend.signInWith(['customers.read', 'finance.read']);
    navigate('finance', 'reports');
    renderSignedIn(<FinancePage />, { session: reader });

    expect(await screen.findByTestId('balance-sheet-total-assets', {}, SLOW)).toHaveTextContent('51,300.00');
    expect(screen.getByTestId('balance-sheet-total-equity')).toHaveTextContent('51,300.00');
    expect(screen.getByTestId('balance-sheet-equity')).toHaveTextContent('Earnings not yet closed');
    expect(within(screen.getByTestId('balance-sheet-equity')).getByText('1,300.00')).toBeInTheDocument();
    expect(screen.getByTestId('balance-sheet-other-side')).toHaveTextContent('CNY 51,300.00');
    expect(screen.getByTestId('balance-sheet-date')).toHaveTextContent(`As of ${TODAY}`);
    // Today, unless another day is picked.
    expect(inputsOf(backend.calls, 'finances.reports.balance_sheet')).toEqual([{}]);
    // Without sales.read, no invoices tab.
    expect(screen.queryByTestId('finance-tab-invoices')).not.toBeInTheDocument();
  });
});
