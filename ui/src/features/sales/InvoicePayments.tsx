import { StopOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Payment } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { isPaymentMethod } from './invoiceModel';
import { withCurrency } from '../ledger/currency';
import { centsOrNull, displayAmount } from '../ledger/money';
import styles from '../ledger/ledger.module.css';

type Props = {
  payments: Payment[];
  /** The invoice's currency, which its payments are in. */
  currency: string;
  loading: boolean;
  onChanged: () => void;
};

/** What was paid against an invoice: payments, applied credit and credit notes; voiding a payment. */
export function InvoicePayments({ payments, currency, loading, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [voiding, setVoiding] = useState<string | null>(null);
  const write = can('finance.write');

  async function voidPayment(payment: Payment) {
    setVoiding(payment.id);
    try {
      await api.call('finances.payments.void', { id: payment.id });
      void message.success(t('finance.payments.voidDone'));
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
      if (toApiError(error).code === 'conflict') onChanged();
    } finally {
      setVoiding(null);
    }
  }

  return (
    <Table<Payment>
      data-testid="invoice-payments"
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={payments}
      pagination={false}
      locale={{ emptyText: t('finance.payments.empty') }}
      rowClassName={(payment) => (payment.voided ? styles.voided : '')}
      onRow={() => ({ 'data-testid': 'invoice-payment-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('finance.payments.date'), dataIndex: 'date', width: 110 },
        {
          title: t('finance.payments.method'),
          key: 'method',
          render: (_value, payment) => {
            if (payment.kind !== 'payment') return t(`finance.payments.kinds.${payment.kind}`);
            return isPaymentMethod(payment.method) ? t(`finance.payments.methods.${payment.method}`) : payment.method;
          },
        },
        { title: t('finance.payments.reference'), dataIndex: 'reference' },
        {
          title: t('finance.payments.amount'),
          key: 'amount',
          align: 'right',
          width: 170,
          render: (_value, payment) => (
            <>
              <span className={styles.amount}>{withCurrency(currency, payment.amount)}</span>
              {(centsOrNull(payment.to_credit) ?? 0n) > 0n && (
                <Typography.Text type="secondary" className={styles.optionHelp}>
                  {t('finance.payments.toCredit', { amount: displayAmount(payment.to_credit) })}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          title: '',
          key: 'actions',
          width: 90,
          align: 'right',
          render: (_value, payment) => {
            if (payment.voided) return <Tag>{t('finance.money.voided')}</Tag>;
            if (!write || payment.kind === 'credit_note') return null;
            return (
              <Popconfirm
                title={t('finance.payments.voidTitle')}
                description={<div className={styles.confirm}>{t('finance.payments.voidConfirm')}</div>}
                okText={t('finance.money.void')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => void voidPayment(payment)}
              >
                <Tooltip title={t('finance.money.void')}>
                  <Button
                    type="text"
                    danger
                    icon={<StopOutlined />}
                    loading={voiding === payment.id}
                    aria-label={t('finance.money.void')}
                    data-testid="payment-void"
                  />
                </Tooltip>
              </Popconfirm>
            );
          },
        },
      ]}
    />
  );
}
