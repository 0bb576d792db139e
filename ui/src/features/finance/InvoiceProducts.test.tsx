import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Customer,
  FinanceSettings,
  InvoiceInput,
  InvoicePreviewInput,
  Location,
  Product,
  Session,
  Tax,
} from '../../api/bindings';
import { navigate } from '../../shared/router';
import { renderSignedIn, sessionAs } from '../../test/render';
import { choose, formItemOf, inputsOf, mockInventory, paste, SLOW } from '../inventory/testBackend';
import { BarcodeScanner } from '../scanning/BarcodeScanner';
import { FinancePage } from './FinancePage';

const OWNER = sessionAs('owner', [
  'customers.read',
  'finance.read',
  'finance.write',
  'sales.read',
  'sales.write',
  'inventory.read',
]);
/** Sells, but does not keep the books: products from the list only, at their list price. */
const CASHIER = sessionAs('cashier', ['customers.read', 'sales.read', 'sales.write', 'inventory.read']);

const SETTINGS: FinanceSettings = {
  base_currency: 'CNY',
  template: 'prc_small_business',
  closed_through: null,
  tax_rounding: 'line',
  payment_terms_days: 30,
  invoice_header: '',
  has_logo: false,
  cashier_discount_max_percent: null,
  utc_offset_minutes: 480,
};

const VAT: Tax = {
  id: 'tax-13',
  name: '增值税 13%',
  rate: '13',
  components: [{ name: '增值税', rate: '13' }],
  preset: 'prc_vat',
  archived: false,
};

const CUSTOMER: Customer = {
  id: 'c1',
  name: 'Tea House',
  email: null,
  phone: null,
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  tax_id: null,
  tags: [],
  archived: false,
  erased: false,
  created_at_ms: 1,
  updated_at_ms: 1,
};

/**
 * The dev mock's inventory (two locations, a stocked tea with a barcode, a service) and a stand-in for invoicing
 * that records what it is sent: its preview prices each line at 10.00 a unit, whatever it is.
 */
function shop(session: Session) {
  const backend = mockInventory(session, {
    'finances.settings.get': () => SETTINGS,
    'finances.accounts.list': () => [],
    'finances.taxes.list': () => [VAT],
    'finances.income.list': () => [],
    'finances.payments.list': () => [],
    'customers.list': () => ({ total: 1, items: [CUSTOMER] }),
    'finances.invoices.list': () => ({ invoices: [], truncated: false }),
    'finances.invoices.preview': (input: InvoicePreviewInput) => ({
      lines: input.lines.map(() => ({ net: '10.00', tax: '1.30' })),
      subtotal: '10.00',
      tax: '1.30',
      total: '11.30',
    }),
    'finances.invoices.create': (input: InvoiceInput) => {
      throw { code: 'validation', field: 'lines', reason: 'invalid_value', message: `recorded ${input.lines.length}` };
    },
  });
  const front = backend.run<Location>('inventory.locations.create', { name: 'Counter' });
  const back = backend.run<Location>('inventory.locations.create', { name: 'Storeroom' });
  const tea = backend.run<Product>('inventory.products.create', {
    name: 'Green tea',
    sku: 'TEA-1',
    barcode: '6901234567892',
    price: '12.50',
    tax_id: VAT.id,
  });
  backend.run('inventory.stock.movements.create', {
    product_id: tea.id,
    location_id: front.id,
    kind: 'receipt',
    quantity: '7',
  });
  const tasting = backend.run<Product>('inventory.products.create', {
    name: 'Tea tasting',
    sku: 'SVC-1',
    price: '58.00',
    tracks_stock: false,
  });
  return { ...backend, front, back, tea, tasting };
}

/** What a scanner types: the code's characters and Enter, each within a few milliseconds. */
function scan(code: string) {
  for (const key of code) fireEvent.keyDown(document.body, { key });
  fireEvent.keyDown(document.body, { key: 'Enter' });
}

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

afterEach(() => {
  window.location.hash = '';
});

describe('Invoices: lines that sell products', { timeout: 40_000 }, () => {
  it('fills a line from the product picked, previews it, and sends its product and where it leaves from', async () => {
    const backend = shop(OWNER);
    await openNewInvoice(OWNER);

    await choose(screen.getByTestId('invoice-line-product-0'), 'Green tea (TEA-1)');
    await waitFor(() => expect(screen.getByTestId('invoice-line-description-0')).toHaveValue('Green tea'), SLOW);
    expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('12.50');
    expect(formItemOf(screen.getByTestId('invoice-line-tax-0'))).toHaveTextContent('增值税 13%');
    // The bookkeeper may still change the words and the price.
    expect(screen.getByTestId('invoice-line-price-0')).not.toHaveAttribute('readonly');
    // A stocked product: it leaves from a location, the first one unless another is picked.
    await waitFor(() => expect(formItemOf(screen.getByTestId('invoice-location'))).toHaveTextContent('Counter'), SLOW);
    await choose(screen.getByTestId('invoice-location'), 'Storeroom');

    // The live preview prices the product line.
    await waitFor(() => expect(screen.getByTestId('invoice-preview-total')).toHaveTextContent('11.30'), SLOW);
    // Previews run as the form changes and may come back in any order: one of them priced the product line.
    await waitFor(
      () =>
        expect(inputsOf(backend.calls, 'finances.invoices.preview')).toContainEqual({
          prices_include_tax: false,
          lines: [
            {
              description: 'Green tea',
              quantity: '1',
              unit_price: '12.50',
              tax_id: VAT.id,
              product_id: backend.tea.id,
            },
          ],
        }),
      SLOW,
    );

    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.invoices.create')[0]).toMatchObject({
      customer_id: 'c1',
      location_id: backend.back.id,
      lines: [
        { description: 'Green tea', quantity: '1', unit_price: '12.50', tax_id: VAT.id, product_id: backend.tea.id },
      ],
    });
  });

  it('asks no location for an invoice of services and free text', async () => {
    const backend = shop(OWNER);
    await openNewInvoice(OWNER);
    await choose(screen.getByTestId('invoice-line-product-0'), 'Tea tasting (SVC-1)');
    await waitFor(() => expect(screen.getByTestId('invoice-line-price-0')).toHaveValue('58.00'), SLOW);
    await userEvent.click(screen.getByTestId('invoice-line-add'));
    await paste(screen.getByTestId('invoice-line-description-1'), 'Gift wrapping');
    await paste(screen.getByTestId('invoice-line-price-1'), '5');
    expect(screen.queryByTestId('invoice-location')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    const sent = inputsOf(backend.calls, 'finances.invoices.create')[0] as InvoiceInput;
    expect(sent).not.toHaveProperty('location_id');
    expect(sent.lines).toEqual([
      { description: 'Tea tasting', quantity: '1', unit_price: '58.00', product_id: backend.tasting.id },
      { description: 'Gift wrapping', quantity: '1', unit_price: '5' },
    ]);
  });

  it('lets a cashier sell only products, at their list price: no line without one, no price of their own', async () => {
    const backend = shop(CASHIER);
    await openNewInvoice(CASHIER);

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

    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.invoices.create')[0]).toMatchObject({
      lines: [{ description: 'Green tea', quantity: '1', unit_price: '12.50', product_id: backend.tea.id }],
    });
  });

  it('adds a scanned product as a line, and counts it again when scanned again', async () => {
    const backend = shop(OWNER);
    await openNewInvoice(OWNER);

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

    await userEvent.click(screen.getByTestId('invoice-save'));
    await waitFor(() => expect(inputsOf(backend.calls, 'finances.invoices.create')).toHaveLength(1), SLOW);
    expect(inputsOf(backend.calls, 'finances.invoices.create')[0]).toMatchObject({
      location_id: backend.front.id,
      lines: [
        { quantity: '2', product_id: backend.tea.id },
        { quantity: '1', product_id: backend.tasting.id },
      ],
    });
  });

  it('shows what is in stock in the picker', async () => {
    shop(OWNER);
    await openNewInvoice(OWNER);
    const picker = screen.getByTestId('invoice-line-product-0');
    fireEvent.mouseDown(picker.closest('.ant-select')?.querySelector('.ant-select-selector') ?? picker);
    const option = (await screen.findAllByTitle('Green tea (TEA-1)', {}, SLOW)).at(-1) as HTMLElement;
    expect(within(option).getByTestId('invoice-product-on-hand')).toHaveTextContent('7');
  });
});
