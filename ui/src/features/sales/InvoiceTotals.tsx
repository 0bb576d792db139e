import { Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { displayAmount } from '../ledger/money';
import styles from '../ledger/ledger.module.css';

type Amounts = { subtotal: string; tax: string; total: string; paid?: string; outstanding?: string };

type Props = {
  amounts: Amounts;
  currency: string | null;
  /** `invoice` gives `invoice-total`, `invoice-outstanding`…; `invoice-preview` the live preview's. */
  testId: string;
};

/** An invoice's subtotal, tax and total, and once issued what was paid and what is still owed. */
export function InvoiceTotals({ amounts, currency, testId }: Props) {
  const { t } = useTranslation();
  const rows: [keyof Amounts, string][] = [
    ['subtotal', t('finance.invoices.subtotal')],
    ['tax', t('finance.invoices.tax')],
    ['total', currency ? t('finance.invoices.totalIn', { currency }) : t('finance.invoices.total')],
    ['paid', t('finance.invoices.paid')],
    ['outstanding', t('finance.invoices.outstanding')],
  ];
  return (
    <div className={styles.invoiceTotals}>
      {rows.map(([key, label]) => {
        const value = amounts[key];
        if (value === undefined) return null;
        const strong = key === 'total' || key === 'outstanding';
        return (
          <Fragment key={key}>
            <Typography.Text strong={strong} type={strong ? undefined : 'secondary'}>
              {label}
            </Typography.Text>
            <Typography.Text strong={strong} data-testid={`${testId}-${key}`}>
              {displayAmount(value)}
            </Typography.Text>
          </Fragment>
        );
      })}
    </div>
  );
}
