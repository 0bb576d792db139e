import { DatePicker, Form, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invoice, Tax } from '../../api/bindings';
import { useApi } from '../auth/session';
import { currencyCode, isForeignInvoice, knownBase } from './currency';
import type { CustomerPick } from './CustomerSelect';
import { InvoiceCurrencyFields } from './InvoiceCurrencyFields';
import { EMPTY_LINE, toFormValues, toInvoiceInput, type InvoiceFormValues } from './invoiceModel';
import { LinesFormDrawer } from './LinesFormDrawer';
import { DATE_FORMAT, inClosedPeriod } from './model';
import { useInvoicePreview } from './useInvoicePreview';
import { useLinesFormErrors } from './useLinesFormErrors';
import styles from './finance.module.css';

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
};

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
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const errors = useLinesFormErrors(form, FIELDS, closedThrough);
  const base = knownBase(baseCurrency, draft);
  const currency = currencyCode(Form.useWatch('currency', form)) || base;
  const lines = Form.useWatch('lines', form);
  const inclusive = Form.useWatch('prices_include_tax', form) ?? false;
  const issueDate = Form.useWatch('issue_date', form);
  const preview = useInvoicePreview(lines, inclusive, open);
  const defaultDue =
    paymentTermsDays === null ? null : (issueDate ?? dayjs()).add(paymentTermsDays, 'day').format(DATE_FORMAT);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (draft) {
      const { customer_id, ...values } = toFormValues(draft, (text) => dayjs(text));
      form.setFieldsValue({
        ...values,
        exchange_rate: isForeignInvoice(draft, base) ? values.exchange_rate : '',
        customer: { value: customer_id ?? '', label: draft.customer_name },
      });
    } else {
      form.setFieldsValue({
        issue_date: dayjs(),
        due_date: null,
        prices_include_tax: false,
        lines: [{ ...EMPTY_LINE }],
        notes: '',
        currency: base ?? '',
        exchange_rate: '',
      });
    }
  }, [open, draft, form, base]);

  async function submit(values: FormValues) {
    setBusy(true);
    errors.clear();
    const input = toInvoiceInput({ ...values, customer_id: values.customer?.value }, base, draft !== null);
    try {
      onSaved(
        draft
          ? await api.call('finances.invoices.update', { id: draft.id, ...input })
          : await api.call('finances.invoices.create', input),
      );
    } catch (error) {
      errors.show(error);
    } finally {
      setBusy(false);
    }
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
      preview={preview}
      currency={currency}
      previewNote={t('finance.invoices.previewNote')}
      onClose={close}
      onFinish={(values) => void submit(values)}
    >
      <Space align="start" wrap>
        <Form.Item name="issue_date" label={t('finance.invoices.columns.issueDate')}>
          <DatePicker
            data-testid="invoice-issue-date"
            allowClear={false}
            disabledDate={inClosedPeriod(closedThrough)}
          />
        </Form.Item>
        <Form.Item name="due_date" label={t('finance.invoices.columns.dueDate')}>
          <DatePicker
            data-testid="invoice-due-date"
            className={styles.dueDate}
            placeholder={
              defaultDue ? t('finance.invoices.dueDefault', { date: defaultDue }) : t('finance.invoices.dueByTerms')
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
      </Space>
    </LinesFormDrawer>
  );
}
