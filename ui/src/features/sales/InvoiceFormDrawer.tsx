import { Form, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invoice, Product, Tax } from '../../api/bindings';
import { useApi, useCan } from '../../shared/session';
import { useInventoryVersion } from '../inventory/inventoryVersion';
import { LocationSelect } from '../inventory/LocationSelect';
import { formatQuantity, isQuantity, toThousandths } from '../inventory/quantity';
import { useScanTarget } from '../scanning/scanTarget';
import { currencyCode, isForeignInvoice, knownBase } from '../ledger/currency';
import type { CustomerPick } from './CustomerSelect';
import { InvoiceCurrencyFields } from './InvoiceCurrencyFields';
import {
  EMPTY_LINE,
  isBlankLine,
  toFormValues,
  toInvoiceInput,
  withProduct,
  type InvoiceFormValues,
  type LineValues,
} from './invoiceModel';
import { useCommand } from '../../shared/useCommand';
import { LinesFormDrawer } from './LinesFormDrawer';
import { inClosedPeriod } from '../ledger/model';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';
import { useInvoicePreview } from './useInvoicePreview';
import { useLinesFormErrors } from './useLinesFormErrors';
import styles from '../ledger/ledger.module.css';
import { useSubmit } from '../../shared/useSubmit';

type FormValues = Omit<InvoiceFormValues, 'customer_id'> & { customer?: CustomerPick };

/** The core's names of the form's fields, and where the form keeps them. */
const FIELDS: Record<string, string[]> = {
  customer_id: ['customer'],
  issue_date: ['issue_date'],
  due_date: ['due_date'],
  prices_include_tax: ['prices_include_tax'],
  notes: ['notes'],
  currency: ['currency'],
  exchange_rate: ['exchange_rate'],
  location_id: ['location_id'],
};

/** Products known to the form by id: picked, scanned, or on the draft's lines. */
type KnownProducts = Record<string, Product>;

type Props = {
  open: boolean;
  /** The draft being changed; none: a new invoice. */
  draft: Invoice | null;
  taxes: Tax[];
  /** The company's base currency; null when this user cannot read the books' settings (cashiers). */
  baseCurrency: string | null;
  /** The company's payment terms, for the default due date; null when this user cannot read them. */
  paymentTermsDays: number | null;
  closedThrough: string | null;
  onClose: () => void;
  onSaved: (invoice: Invoice) => void;
};

/**
 * Writes a draft invoice: a customer, dates, its currency, lines. While it is typed the core prices the lines (a
 * preview); it prices the saved draft again, and what it refuses then is shown at the line or field it names.
 * Lines may sell products from the list (picked, or scanned while the drawer is open), and stocked products leave
 * from the location picked. Those who do not keep the books sell only products, at their list price.
 */
export function InvoiceFormDrawer({
  open,
  draft,
  taxes,
  baseCurrency,
  paymentTermsDays,
  closedThrough,
  onClose,
  onSaved,
}: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const [form] = Form.useForm<FormValues>();
  const { busy, run } = useSubmit(open);
  const [known, setKnown] = useState<KnownProducts>({});
  const sellsProducts = can('inventory.read');
  const listOnly = sellsProducts && !can('finance.write');
  const errors = useLinesFormErrors(form, FIELDS, closedThrough);
  const base = knownBase(baseCurrency, draft);
  const currency = currencyCode(Form.useWatch('currency', form)) || base;
  const lines = Form.useWatch('lines', form);
  const inclusive = Form.useWatch('prices_include_tax', form) ?? false;
  const preview = useInvoicePreview(lines, inclusive, open);
  const locations = useCommand(
    'inventory.locations.list',
    open && sellsProducts ? {} : null,
    useInventoryVersion(),
  ).output;
  const sellsStock =
    sellsProducts && (lines ?? []).some((line) => line?.product_id && known[line.product_id]?.tracks_stock);
  const firstLocation = locations?.find((location) => !location.archived)?.id;

  // The draft's products, for which of its lines take stock (and so need a location to leave from).
  useEffect(() => {
    if (!open || !sellsProducts || !draft) return;
    let current = true;
    const ids = [...new Set(draft.lines.flatMap((line) => (line.product_id ? [line.product_id] : [])))];
    for (const id of ids)
      api.call('inventory.products.get', { id }).then(
        (product) => current && setKnown((before) => ({ ...before, [product.id]: product })),
        // Gone from the list, or not answered: the line still sells it, and the core knows its stock.
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [open, draft, sellsProducts, api]);

  useScanTarget(open && sellsProducts, (product) => {
    const current = (form.getFieldValue('lines') ?? []) as LineValues[];
    const same = current.findIndex((line) => line?.product_id === product.id);
    const blank = current.findIndex(isBlankLine);
    const next = [...current];
    if (same >= 0) {
      // Scanned again: one more of it.
      const quantity = (current[same].quantity ?? '').trim();
      next[same] = {
        ...current[same],
        quantity: isQuantity(quantity) ? formatQuantity(toThousandths(quantity) + 1000n) : '1',
      };
    } else if (blank >= 0) next[blank] = withProduct({ ...EMPTY_LINE, ...current[blank], quantity: '1' }, product);
    else next.push(withProduct({ ...EMPTY_LINE }, product));
    form.setFieldValue('lines', next);
    remember(product);
  });

  function remember(product: Product) {
    setKnown((before) => ({ ...before, [product.id]: product }));
  }

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (draft) {
      const { customer_id, ...values } = toFormValues(draft);
      form.setFieldsValue({
        ...values,
        exchange_rate: isForeignInvoice(draft, base) ? values.exchange_rate : '',
        customer: { value: customer_id ?? '', label: draft.customer_name },
      });
    } else {
      form.setFieldsValue({
        issue_date: today(),
        due_date: '',
        prices_include_tax: false,
        lines: [{ ...EMPTY_LINE }],
        notes: '',
        currency: base ?? '',
        exchange_rate: '',
      });
    }
  }, [open, draft, form, base]);

  // Stock leaves from the first location unless another is picked: the form shows which (after the form is reset
  // on opening).
  useEffect(() => {
    if (open && sellsStock && firstLocation && !form.getFieldValue('location_id'))
      form.setFieldValue('location_id', firstLocation);
  }, [open, sellsStock, firstLocation, form]);

  async function submit(values: FormValues) {
    errors.clear();
    const input = toInvoiceInput(
      // A location only where stock leaves: an invoice of services takes none.
      { ...values, customer_id: values.customer?.value, location_id: sellsStock ? values.location_id : undefined },
      base,
      draft !== null,
    );
    await run(
      async (once) => {
        onSaved(
          draft
            ? await api.call('finances.invoices.update', { id: draft.id, ...input })
            : await api.call('finances.invoices.create', input, once),
        );
      },
      (error) => {
        errors.show(error);
        return true;
      },
    );
  }

  function close() {
    errors.clear();
    onClose();
  }

  return (
    <LinesFormDrawer<FormValues>
      open={open}
      title={draft ? t('finance.invoices.editTitle') : t('finance.invoices.newTitle')}
      form={form}
      busy={busy}
      saveLabel={t('finance.invoices.saveDraft')}
      errors={errors}
      testId="invoice"
      taxes={taxes}
      products={sellsProducts ? { listOnly, onPicked: remember } : undefined}
      preview={preview}
      currency={currency}
      previewNote={t('finance.invoices.previewNote')}
      onClose={close}
      onFinish={(values) => void submit(values)}
    >
      <Space align="start" wrap>
        <Form.Item name="issue_date" label={t('finance.invoices.columns.issueDate')}>
          <DateInput testId="invoice-issue-date" disabledDate={inClosedPeriod(closedThrough)} />
        </Form.Item>
        <Form.Item name="due_date" label={t('finance.invoices.columns.dueDate')}>
          <DateInput
            testId="invoice-due-date"
            className={styles.dueDate}
            placeholder={
              paymentTermsDays === null
                ? t('finance.invoices.dueByTerms')
                : t('finance.invoices.dueAfterDays', { days: paymentTermsDays })
            }
          />
        </Form.Item>
        <Form.Item
          name="prices_include_tax"
          label={t('finance.invoices.pricesIncludeTax')}
          valuePropName="checked"
          tooltip={t('finance.invoices.pricesIncludeTaxHelp')}
        >
          <Switch data-testid="invoice-prices-include-tax" />
        </Form.Item>
      </Space>
      <Space align="start" wrap>
        <InvoiceCurrencyFields base={base} />
        {sellsStock && (
          <Form.Item
            name="location_id"
            label={t('finance.invoices.sellFrom')}
            tooltip={t('finance.invoices.sellFromHelp')}
          >
            <LocationSelect testId="invoice-location" locations={locations ?? []} className={styles.location} />
          </Form.Item>
        )}
      </Space>
    </LinesFormDrawer>
  );
}
