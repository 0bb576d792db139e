import { Form, Select, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recurring, Tax } from '../../api/bindings';
import { useApi } from '../../shared/session';
import type { CustomerPick } from './CustomerSelect';
import { EMPTY_LINE } from './invoiceModel';
import { LinesFormDrawer } from './LinesFormDrawer';
import { RECURRING_INTERVALS, toRecurringInput, type RecurringFormValues } from './recurringModel';
import { useInvoicePreview } from './useInvoicePreview';
import { useLinesFormErrors } from './useLinesFormErrors';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';
import styles from '../ledger/ledger.module.css';
import { useSubmit } from '../../shared/useSubmit';

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
  const { busy, run } = useSubmit(open);
  const errors = useLinesFormErrors(form, FIELDS, null);
  const lines = Form.useWatch('lines', form);
  const inclusive = Form.useWatch('prices_include_tax', form) ?? false;
  const preview = useInvoicePreview(lines, inclusive, open);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      interval: 'monthly',
      start_date: today(),
      end_date: '',
      prices_include_tax: false,
      issue: false,
      lines: [{ ...EMPTY_LINE }],
      notes: '',
    });
  }, [open, form]);

  async function submit(values: FormValues) {
    errors.clear();
    await run(
      async (once) => {
        onSaved(
          await api.call(
            'finances.recurring.create',
            toRecurringInput({ ...values, customer_id: values.customer?.value }),
            once,
          ),
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
      title={t('finance.recurring.newTitle')}
      form={form}
      busy={busy}
      saveLabel={t('finance.recurring.save')}
      errors={errors}
      testId="recurring"
      taxes={taxes}
      preview={preview}
      currency={currency}
      previewNote={t('finance.recurring.previewNote')}
      onClose={close}
      onFinish={(values) => void submit(values)}
    >
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
          <DateInput testId="recurring-start-date" />
        </Form.Item>
        <Form.Item name="end_date" label={t('finance.recurring.endDate')}>
          <DateInput
            testId="recurring-form-end-date"
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
    </LinesFormDrawer>
  );
}
