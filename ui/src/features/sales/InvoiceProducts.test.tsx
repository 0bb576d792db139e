import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invoice, InvoiceInput, Role, Session } from '../../api/bindings';
import { navigate } from '../../shared/router';
import { inputsOf, realCore } from '../../test/core';
import { choose, formItemOf, paste, SLOW } from '../../test/forms';
import { renderSignedIn } from '../../test/render';
import { scan } from '../../test/scanner';
import { BarcodeScanner } from '../scanning/BarcodeScanner';
import { FinancePage } from '../finance/FinancePage';

/**
 * A shop keeping its books under PRC VAT, with a customer, two locations, a stocked tea with a barcode (13% VAT)
 * and a service (no tax), signed in as `role` (a cashier sells, but does not keep the books).
 */
async function shop(role: Role) {
  const backend = await realCore(role);
  await backend.run('finances.setup', { template: 'prc_small_business' });
  const taxes = await backend.run('finances.taxes.install_preset', { preset: 'prc_vat' });
  const vat = taxes.find((tax) => tax.name === '增值税 13%');
  if (!vat) throw new Error(`the PRC VAT preset has no 13% tax: ${taxes.map((tax) => tax.name).join(', ')}`);
  const customer = await backend.run('customers.create', { name: 'Tea House' });
  const front = await backend.run('inventory.locations.create', { name: 'Counter' });
  const back = await backend.run('inventory.locations.create', { name: 'Storeroom' });
  const tea = await backend.run('inventory.products.create', {
    name: 'Green tea',
    sku: 'TEA-1',
    barcode: '6901234567892',
    price: '12.50',
    tax_id: vat.id,
  });
  await backend.run('inventory.stock.movements.create', {
    product_id: tea.id,
    location_id: front.id,
    kind: 'receipt',
    quantity: '7',
  });
  const tasting = await backend.run('inventory.products.create', {
    name: 'Tea tasting',
    sku: 'SVC-1',
    price: '58.00',
    tracks_stock: false,
  });
  return { ...backend, vat, customer, front, back, tea, tasting };
}

type Shop = Awaited<ReturnType<typeof shop>>;

async function openNewInvoice(session: Session) {
  navigate('finance', 'invoices');
  renderSignedIn(
    <>
      <BarcodeScanner />
      <FinancePage />
    </>,
    { session },
  );
  await userEvent.click(await screen.findByTestId('invoice-new', {}, SLOW));
  await choose(screen.getByTestId('invoice-customer'), 'Tea House');
}

/**
 * Saves the invoice being written: the form gives way to the draft the core made, which is returned with what
 * the UI sent for it.
 */
async function save(backend: Shop): Promise<{ sent: InvoiceInput; invoice: Invoice }> {
  await userEvent.click(screen.getByTestId('invoice-save'));
  const detail = await screen.findByTestId('invoice-detail', {}, SLOW);
  const sent = inputsOf(backend.calls, 'finances.invoices.create');
  expect(sent, 'the form sends one invoice').toHaveLength(1);
  const { invoices } = await backend.run('finances.invoices.list', {});
  expect(invoices, 'the core made one invoice of it').toHaveLength(1);
  expect(detail).toHaveTextContent('Tea House');
  return { sent: sent[0] as InvoiceInput, invoice: invoices[0] };
}

afterEach(() => {
  window.location.hash = '';
});

describe('Invoices: lines that sell products', { timeout: 40_000 }, () => {
  it('fills a line from the product picked, previews it, and sends its product and where it leaves from', async () => {
    const backend = await shop('owner');
    await openNewInvoice(backend.session);

    await choose(screen.getByTestId('invoice-line-product-0'), 'Green tea (TEA-1)');
    await waitFor(() => expect(screen.getByTestId('invoice-line-description-0')).toHaveValue('Green tea'), SLOW);
    expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('12.50');
    expect(formItemOf(screen.getByTestId('invoice-line-tax-0'))).toHaveTextContent('增值税 13%');
    // The bookkeeper may still change the words and the price.
    expect(screen.getByTestId('invoice-line-price-0')).not.toHaveAttribute('readonly');
    // A stocked product: it leaves from a location, the first one unless another is picked.
    await waitFor(() => expect(formItemOf(screen.getByTestId('invoice-location'))).toHaveTextContent('Counter'), SLOW);
    await choose(screen.getByTestId('invoice-location'), 'Storeroom');

    // The live preview prices the product line: 12.50 and 13% VAT on it, 1.625 rounded half up.
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('14.13'), SLOW);
    expect(screen.getByTestId('invoice-preview-tax')).toHaveTextContent('1.63');
    expect(screen.getByTestId('invoice-line-amount-0')).toHaveTextContent('12.50');
    // Previews run as the form changes and may come back in any order: one of them priced the product line.
    expect(inputsOf(backend.calls, 'finances.invoices.preview')).toContainEqual({
      prices_include_tax: false,
      lines: [
        {
          description: 'Green tea',
          quantity: '1',
          unit_price: '12.50',
          tax_id: backend.vat.id,
          product_id: backend.tea.id,
        },
      ],
    });

    const { sent, invoice } = await save(backend);
    expect(sent).toMatchObject({
      customer_id: backend.customer.id,
      location_id: backend.back.id,
      lines: [
        {
          description: 'Green tea',
          quantity: '1',
          unit_price: '12.50',
          tax_id: backend.vat.id,
          product_id: backend.tea.id,
        },
      ],
    });
    // The draft the core made is priced as previewed, and its tea leaves from the storeroom.
    expect(invoice).toMatchObject({
      status: 'draft',
      customer_id: backend.customer.id,
      location_id: backend.back.id,
      subtotal: '12.50',
      tax: '1.63',
      total: '14.13',
    });
    expect(invoice.lines).toMatchObject([{ product_id: backend.tea.id, tax_id: backend.vat.id, net: '12.50' }]);
    expect(screen.getByTestId('invoice-total')).toHaveTextContent('14.13');
  });

  it('asks no location for an invoice of services and free text', async () => {
    const backend = await shop('owner');
    await openNewInvoice(backend.session);
    await choose(screen.getByTestId('invoice-line-product-0'), 'Tea tasting (SVC-1)');
    await waitFor(() => expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('58.00'), SLOW);
    await userEvent.click(screen.getByTestId('invoice-line-add'));
    await paste(screen.getByTestId('invoice-line-description-1'), 'Gift wrapping');
    await paste(screen.getByTestId('invoice-line-price-1'), '5');
    expect(screen.queryByTestId('invoice-location')).not.toBeInTheDocument();

    const { sent, invoice } = await save(backend);
    expect(sent).not.toHaveProperty('location_id');
    expect(sent.lines).toEqual([
      { description: 'Tea tasting', quantity: '1', unit_price: '58.00', product_id: backend.tasting.id },
      { description: 'Gift wrapping', quantity: '1', unit_price: '5' },
    ]);
    // Nothing leaves the stock, and neither line is taxed.
    expect(invoice).toMatchObject({ location_id: null, subtotal: '63.00', tax: '0.00', total: '63.00' });
    expect(invoice.lines).toMatchObject([
      { product_id: backend.tasting.id, net: '58.00' },
      { product_id: null, description: 'Gift wrapping', net: '5.00' },
    ]);
  });

  it('lets a cashier sell only products, at their list price: no line without one, no price of their own', async () => {
    const backend = await shop('cashier');
    await openNewInvoice(backend.session);

    // An empty line is not free text: it asks for a product.
    expect(screen.getByTestId('invoice-line-description-0')).toHaveAttribute('readonly');
    expect(screen.getByTestId('invoice-line-price-0')).toHaveAttribute('readonly');
    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(
      () => expect(formItemOf(screen.getByTestId('invoice-line-product-0'))).toHaveTextContent('Pick a product'),
      SLOW,
    );
    expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(0);

    await choose(screen.getByTestId('invoice-line-product-0'), 'Green tea (TEA-1)');
    await waitFor(() => expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('12.50'), SLOW);
    // Typing does not change a read-only price.
    await userEvent.type(screen.getByTestId('invoice-line-price-0'), '9');
    expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('12.50');
    expect(screen.getByTestId('invoice-line-price-0')).toHaveAttribute('readonly');
    expect(screen.getByTestId('invoice-line-description-0')).toHaveAttribute('readonly');

    // The core takes the cashier's invoice: the product at its list price, with its tax.
    const { sent, invoice } = await save(backend);
    expect(sent).toMatchObject({
      lines: [{ description: 'Green tea', quantity: '1', unit_price: '12.50', product_id: backend.tea.id }],
    });
    expect(invoice).toMatchObject({ status: 'draft', created_by_name: 'Xiao Wang', total: '14.13' });
  });

  it('adds a scanned product as a line, and counts it again when scanned again', async () => {
    const backend = await shop('owner');
    await openNewInvoice(backend.session);

    // The first, empty line takes it.
    scan('6901234567892');
    await waitFor(() => expect(screen.getByTestId('invoice-line-description-0')).toHaveValue('Green tea'), SLOW);
    expect(screen.getByTestId('invoice-line-quantity-0')).toHaveValue('1');
    expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('12.50');
    expect(formItemOf(screen.getByTestId('invoice-line-product-0'))).toHaveTextContent('Green tea');

    scan('6901234567892');
    await waitFor(() => expect(screen.getByTestId('invoice-line-quantity-0')).toHaveValue('2'), SLOW);
    expect(screen.queryByTestId('invoice-line-1')).not.toBeInTheDocument();

    // Another product: a line of its own.
    scan('SVC-1');
    await waitFor(() => expect(screen.getByTestId('invoice-line-description-1')).toHaveValue('Tea tasting'), SLOW);
    expect(screen.getByTestId('invoice-line-quantity-1')).toHaveValue('1');
    // The invoice took the scans: no notice.
    expect(screen.queryByTestId('scan-notice')).not.toBeInTheDocument();

    const { sent, invoice } = await save(backend);
    expect(sent).toMatchObject({
      location_id: backend.front.id,
      lines: [
        { quantity: '2', product_id: backend.tea.id },
        { quantity: '1', product_id: backend.tasting.id },
      ],
    });
    // Two teas at 12.50 with 13% VAT (3.25), and the tasting untaxed.
    expect(invoice).toMatchObject({ location_id: backend.front.id, subtotal: '83.00', tax: '3.25', total: '86.25' });
  });

  it('shows what is in stock in the picker', async () => {
    const backend = await shop('owner');
    await openNewInvoice(backend.session);
    const picker = screen.getByTestId('invoice-line-product-0');
    fireEvent.mouseDown(picker.closest('.ant-select')?.querySelector('.ant-select-selector') ?? picker);
    const option = (await screen.findAllByTitle('Green tea (TEA-1)', {}, SLOW)).at(-1) as HTMLElement;
    expect(within(option).getByTestId('invoice-product-on-hand')).toHaveTextContent('7');
  });
});
