import { Alert, App, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, PaymentMethod, RefundInput } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi, useCan } from '../../shared/session';
import { PAYMENT_METHODS } from './invoiceModel';
import { centsOrNull, displayAmount } from '../ledger/money';
import { inClosedPeriod, moneyAccountOptions, showFinanceFieldError } from '../ledger/model';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';

type FormValues = {
  amount: string;
  method: PaymentMethod;
  account_id?: string;
  reference: string;
  /** As typed: the core refuses a day that is not one, on this field. */
  date: string;
};

const FIELDS: Record<string, string[]> = {
  amount: ['amount'],
  method: ['method'],
  account_id: ['account_id'],
  reference: ['reference'],
  date: ['date'],
};

/** A refund pays money out: by any method but the customer's own credit. */
const REFUND_METHODS = PAYMENT_METHODS.filter((method) => method !== 'credit');

type Props = {
  customerId: string;
  customerName: string;
  accounts: Account[] | null;
  closedThrough: string | null;
  version: number;
  onChanged: () => void;
};

/**
 * The credit a customer holds (overpayments, credit notes beyond what was owed), and, for those who write the
 * books, paying it back (`finances.payments.refund`): the core checks it is not more than they hold.
 */
export function CustomerCredit({ customerId, customerName, accounts, closedThrough, version, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [open, setOpen] = useState(false);
  const { busy, error: formError, setError: setFormError, run } = useSubmit();
  const balance = useCommand('finances.payments.balance', { customer_id: customerId }, version).output;
  const credit = balance?.credit ?? null;
  if (credit === null || (centsOrNull(credit) ?? 0n) <= 0n) return null;

  function start() {
    form.resetFields();
    form.setFieldsValue({ amount: credit ?? '', method: 'cash', reference: '', date: today() });
    setFormError(null);
    setOpen(true);
  }

  async function submit(values: FormValues) {
    const input: RefundInput = {
      customer_id: customerId,
      amount: (values.amount ?? '').trim(),
      method: values.method,
      date: (values.date ?? '').trim(),
    };
    if (values.account_id) input.account_id = values.account_id;
    if (values.reference?.trim()) input.reference = values.reference.trim();
    await run(
      async (once) => {
        await api.call('finances.payments.refund', input, once);
        void message.success(
          t('finance.refunds.done', { amount: displayAmount(input.amount), customer: customerName }),
        );
        setOpen(false);
        onChanged();
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.field === 'amount' && apiError.reason === 'out_of_range') {
          form.setFields([
            { name: ['amount'], errors: [t('finance.refunds.moreThanHeld', { amount: displayAmount(credit ?? '') })] },
          ]);
        } else if (!showFinanceFieldError(t, form, apiError, FIELDS, closedThrough)) setFormError(errorText(apiError));
        return true;
      },
    );
  }

  return (
    <Space wrap data-testid="customer-credit">
      <Typography.Text>
        {t('finance.refunds.holds', { customer: customerName, amount: displayAmount(credit) })}
      </Typography.Text>
      {can('finance.write') && (
        <Button size="small" onClick={start} data-testid="customer-credit-refund">
          {t('finance.refunds.refund')}
        </Button>
      )}
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={400}
        title={t('finance.refunds.title', { customer: customerName })}
        forceRender
        footer={
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={busy}
              onClick={() => form.submit()}
              data-testid="refund-save"
            >
              {t('finance.refunds.refund')}
            </Button>
          </Space>
        }
      >
        <Form<FormValues>
          form={form}
          onValuesChange={clearRefusalOnChange(form)}
          layout="vertical"
          onFinish={(values) => void submit(values)}
        >
          {formError && (
            <Alert type="error" showIcon title={formError} className={styles.formAlert} data-testid="refund-error" />
          )}
          <Form.Item name="amount" label={t('finance.payments.amount')}>
            <Input data-testid="refund-amount" inputMode="decimal" autoComplete="off" />
          </Form.Item>
          <Form.Item name="method" label={t('finance.payments.method')}>
            <Select<string>
              data-testid="refund-method"
              options={REFUND_METHODS.map((value) => ({ value, label: t(`finance.payments.methods.${value}`) }))}
            />
          </Form.Item>
          {accounts && moneyAccountOptions(accounts).length > 0 && (
            <Form.Item name="account_id" label={t('finance.refunds.fromAccount')}>
              <Select<string>
                data-testid="refund-account"
                allowClear
                options={moneyAccountOptions(accounts)}
                placeholder={t('finance.payments.accountByMethod')}
              />
            </Form.Item>
          )}
          <Form.Item name="reference" label={t('finance.payments.reference')}>
            <Input data-testid="refund-reference" autoComplete="off" />
          </Form.Item>
          <Form.Item name="date" label={t('finance.payments.date')}>
            <DateInput testId="refund-date" disabledDate={inClosedPeriod(closedThrough)} />
          </Form.Item>
        </Form>
      </Drawer>
    </Space>
  );
}
