import { Alert, Button, DatePicker, Drawer, Form, Input, Select, Space, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recurring, Tax } from '../../api/bindings';
import { useApi } from '../auth/session';
import { CustomerSelect, type CustomerPick } from './CustomerSelect';
import { InvoiceLines } from './InvoiceLines';
import { InvoiceTotals } from './InvoiceTotals';
import { EMPTY_LINE } from './invoiceModel';
import { RECURRING_INTERVALS, toRecurringInput, type RecurringFormValues } from './recurringModel';
import { useInvoicePreview } from './useInvoicePreview';
import { useLinesFormErrors } from './useLinesFormErrors';
import styles from './finance.module.css';

type FormValues = Omit<RecurringFormValues, 'customer_id'> & { customer?: CustomerPick };

/** The core's names of the form's fields, and where the form keeps them. */
const FIELDS: Record<string, string[]> = {
  customer_id: ['customer'],
  interval: ['interval'],
  start_date: ['start_date'],
  end_date: ['end_date'],
  prices_include_tax: ['prices_include_tax'],
  issue: ['issue'],
  notes: ['notes'],
};

/** Shown for an amount while the lines are not complete. */
const NO_AMOUNT = '—';

type Props = {
  open: boolean;
  taxes: Tax[];
  /** The company's base currency, which recurring invoices are in; null when this user cannot read it. */
  currency: string | null;
  onClose: () => void;
  onSaved: (recurring: Recurring) => void;
};

/**
 * Sets up a recurring invoice: a customer, how often from which day (and until which, if ever), the lines, and
 * whether each invoice is issued as it is made or left a draft. The core prices the lines as they are typed, and
 * says at the field or line what it refuses on saving.
 */
export function RecurringFormDrawer({ open, taxes, currency, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const errors = useLinesFormErrors(form, FIELDS, null);
  const lines = Form.useWatch('lines', form);
  const inclusive = Form.useWatch('prices_include_tax', form) ?? false;
  const preview = useInvoicePreview(lines, inclusive, open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      interval: 'monthly',
      start_date: dayjs(),
      end_date: null,
      prices_include_tax: false,
      issue: false,
      lines: [{ ...EMPTY_LINE }],
      notes: '',
    });
  }, [open, form]);

  async function submit(values: FormValues) {
    setBusy(true);
    errors.clear();
    try {
      onSaved(
        await api.call(
          'finances.recurring.create',
          toRecurringInput({ ...values, customer_id: values.customer?.value }),
        ),
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
    <Drawer
      open={open}
      onClose={close}
      size={960}
      title={t('finance.recurring.newTitle')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="recurring-save">
            {t('finance.recurring.save')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        onValuesChange={errors.clearLines}
      >
        {errors.formError && (
          <Alert
            type="error"
            showIcon
            title={errors.formError.title}
            description={errors.formError.detail}
            className={styles.formAlert}
            data-testid="recurring-form-error"
          />
        )}
        <Form.Item
          name="customer"
          label={t('finance.invoices.columns.customer')}
          rules={[{ required: true, message: t('finance.invoices.customerRequired') }]}
        >
          <CustomerSelect testId="recurring-customer" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="interval" label={t('finance.recurring.interval')}>
            <Select
              data-testid="recurring-interval"
              className={styles.filter}
              options={RECURRING_INTERVALS.map((value) => ({
                value,
                label: t(`finance.recurring.intervals.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="start_date"
            label={t('finance.recurring.startDate')}
            tooltip={t('finance.recurring.startDateHelp')}
            rules={[{ required: true, message: t('errors.reasons.required') }]}
          >
            <DatePicker data-testid="recurring-start-date" allowClear={false} />
          </Form.Item>
          <Form.Item name="end_date" label={t('finance.recurring.endDate')}>
            <DatePicker
              data-testid="recurring-form-end-date"
              className={styles.dueDate}
              placeholder={t('finance.recurring.noEnd')}
            />
          </Form.Item>
        </Space>
        <Space align="start" wrap size="large">
          <Form.Item
            name="issue"
            label={t('finance.recurring.issueAutomatically')}
            valuePropName="checked"
            tooltip={t('finance.recurring.issueHelp')}
          >
            <Switch data-testid="recurring-form-issue" />
          </Form.Item>
          <Form.Item
            name="prices_include_tax"
            label={t('finance.invoices.pricesIncludeTax')}
            valuePropName="checked"
            tooltip={t('finance.invoices.pricesIncludeTaxHelp')}
          >
            <Switch data-testid="recurring-prices-include-tax" />
          </Form.Item>
        </Space>
        <InvoiceLines
          taxes={taxes}
          preview={preview?.lines ?? null}
          lineErrors={errors.lineErrors}
          testId="recurring-line"
        />
        <InvoiceTotals
          testId="recurring-preview"
          currency={currency}
          amounts={preview ?? { subtotal: NO_AMOUNT, tax: NO_AMOUNT, total: NO_AMOUNT }}
        />
        <Typography.Paragraph type="secondary" className={styles.right}>
          {t('finance.recurring.previewNote')}
        </Typography.Paragraph>
        <Form.Item name="notes" label={t('finance.invoices.notes')}>
          <Input.TextArea data-testid="recurring-notes" autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
