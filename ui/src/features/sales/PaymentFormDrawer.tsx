import { Alert, Button, Drawer, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, Invoice, Payment, PaymentInput } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { clearRefusalOnChange, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { isForeignInvoice, withCurrency } from '../ledger/currency';
import { PAYMENT_METHODS, type PaymentMethod } from './invoiceModel';
import { displayAmount } from '../ledger/money';
import { inClosedPeriod, moneyAccountOptions, showFinanceFieldError } from '../ledger/model';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';

type FormValues = {
  amount: string;
  method: PaymentMethod;
  /** The cash, bank or wallet account the money goes into; none: the method's usual one. */
  account_id?: string;
  reference: string;
  /** As typed: the core refuses a day that is not one, on this field. */
  date: string;
  /** The day's rate, for a foreign-currency invoice. */
  exchange_rate: string;
};

const FIELDS: Record<string, string[]> = {
  amount: ['amount'],
  method: ['method'],
  account_id: ['account_id'],
  reference: ['reference'],
  date: ['date'],
  exchange_rate: ['exchange_rate'],
};

function toInput(invoice: Invoice, values: FormValues, foreign: boolean): PaymentInput {
  const input: PaymentInput = {
    invoice_id: invoice.id,
    // As typed: the core reads the decimal string, and says which field when it refuses it.
    amount: (values.amount ?? '').trim(),
    method: values.method,
    date: (values.date ?? '').trim(),
  };
  // Customer credit moves no money: no account takes it.
  if (values.account_id && values.method !== 'credit') input.account_id = values.account_id;
  const reference = values.reference?.trim();
  if (reference) input.reference = reference;
  const rate = values.exchange_rate?.trim();
  if (foreign && rate) input.exchange_rate = rate;
  return input;
}

type Props = {
  /** The invoice paid; none: closed. */
  invoice: Invoice | null;
  /** The company's base currency, where known (cashiers do not read it). */
  baseCurrency: string | null;
  /** The chart, for those who read the books; null (cashiers): no account offered, the method picks it. */
  accounts: Account[] | null;
  closedThrough: string | null;
  onClose: () => void;
  onSaved: (payment: Payment) => void;
};

/**
 * Records a payment against an invoice, by default of what is still owed. More than that is kept as the
 * customer's credit (the core says how much); "customer credit" pays with credit the customer holds. A payment on
 * a foreign-currency invoice is in that currency at the day's exchange rate (by default the invoice's); customer
 * credit, kept in the base currency, does not pay one. The money goes into the method's usual account (cash, the
 * bank, the e-wallet), or into another account that holds money, picked by those who read the chart.
 */
export function PaymentFormDrawer({ invoice, baseCurrency, accounts, closedThrough, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(invoice !== null);
  const method = Form.useWatch('method', form);
  const foreign = invoice !== null && isForeignInvoice(invoice, baseCurrency);
  const methods = foreign ? PAYMENT_METHODS.filter((value) => value !== 'credit') : PAYMENT_METHODS;
  const accountChoices = accounts ? moneyAccountOptions(accounts) : [];
  const balance = useCommand(
    'finances.payments.balance',
    invoice && method === 'credit' ? { customer_id: invoice.customer_id } : null,
    0,
  );

  useEffect(() => {
    if (!invoice) return;
    form.resetFields();
    form.setFieldsValue({
      amount: invoice.outstanding,
      method: 'cash',
      reference: '',
      date: today(),
      exchange_rate: invoice.exchange_rate,
    });
  }, [invoice, form]);

  async function submit(values: FormValues) {
    if (!invoice) return;
    await run(
      async (once) => {
        onSaved(await api.call('finances.payments.create', toInput(invoice, values, foreign), once));
      },
      (error) => {
        const apiError = toApiError(error);
        if (apiError.code === 'validation' && apiError.field === 'amount' && apiError.reason === 'out_of_range') {
          // Above zero, as checked here: so more than the core takes (a foreign invoice's, or credit's, limit).
          const text =
            values.method === 'credit'
              ? t('finance.payments.creditTooMuch')
              : t('finance.payments.moreThanOwed', { amount: withCurrency(invoice.currency, invoice.outstanding) });
          form.setFields([{ name: ['amount'], errors: [text] }]);
        } else if (!showFinanceFieldError(t, form, apiError, FIELDS, closedThrough)) setFormError(errorText(apiError));
        return true;
      },
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  const guardedClose = useCloseGuard(form, close, invoice !== null);

  return (
    <Drawer
      open={invoice !== null}
      onClose={guardedClose}
      keyboard={false}
      size={440}
      title={t('finance.payments.recordTitle', { number: invoice?.number ?? '' })}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="payment-save">
            {t('finance.payments.record')}
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
          <Alert type="error" showIcon title={formError} className={styles.formAlert} data-testid="payment-error" />
        )}
        {invoice && (
          <Typography.Paragraph type="secondary" data-testid="payment-owed">
            {t('finance.payments.owed', {
              amount: withCurrency(invoice.currency, invoice.outstanding),
              customer: invoice.customer_name,
            })}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="amount"
          label={
            foreign ? t('finance.payments.amountIn', { currency: invoice?.currency }) : t('finance.payments.amount')
          }
          extra={foreign ? t('finance.payments.foreignHelp') : t('finance.payments.overpaymentHelp')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const text = (value ?? '').trim();
                // What an amount may be is the core's to say (it reads ¥12.50 and １２３ too).
                if (!text) throw new Error(t('errors.reasons.required'));
              },
            },
          ]}
        >
          <Input data-testid="payment-amount" inputMode="decimal" autoComplete="off" placeholder="0.00" />
        </Form.Item>
        <Form.Item
          name="method"
          label={t('finance.payments.method')}
          extra={
            method === 'credit' && balance.output
              ? t('finance.payments.creditHeld', { amount: displayAmount(balance.output.credit) })
              : undefined
          }
        >
          <Select<PaymentMethod>
            data-testid="payment-method"
            showSearch={{ optionFilterProp: 'label' }}
            options={methods.map((value) => ({ value, label: t(`finance.payments.methods.${value}`) }))}
          />
        </Form.Item>
        {method !== 'credit' && accountChoices.length > 0 && (
          <Form.Item name="account_id" label={t('finance.payments.account')}>
            <Select<string>
              data-testid="payment-account"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={accountChoices}
              placeholder={t('finance.payments.accountByMethod')}
            />
          </Form.Item>
        )}
        {foreign && (
          <Form.Item
            name="exchange_rate"
            label={t('finance.invoices.exchangeRate')}
            extra={t('finance.payments.rateHelp', { rate: invoice?.exchange_rate })}
          >
            <Input
              data-testid="payment-exchange-rate"
              inputMode="decimal"
              autoComplete="off"
              suffix={baseCurrency ? `${baseCurrency} / ${invoice?.currency ?? ''}` : undefined}
            />
          </Form.Item>
        )}
        <Form.Item name="reference" label={t('finance.payments.reference')}>
          <Input data-testid="payment-reference" autoComplete="off" placeholder={t('finance.payments.referenceHint')} />
        </Form.Item>
        <Form.Item name="date" label={t('finance.payments.date')}>
          <DateInput testId="payment-date" disabledDate={inClosedPeriod(closedThrough)} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
