import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../api/bindings';
import { isForeignInvoice, withCurrency } from './currency';
import styles from './ledger.module.css';

type Props = {
  invoice: Pick<Invoice, 'currency' | 'exchange_rate' | 'base_total'>;
  /** The company's base currency; null when this user cannot read it (cashiers). */
  base: string | null;
  testId?: string;
};

/** A foreign invoice's total in the base currency, as the core converted it: "≈ CNY 2,366.43". Nothing otherwise. */
export function BaseAmount({ invoice, base, testId }: Props) {
  const { t } = useTranslation();
  if (!isForeignInvoice(invoice, base)) return null;
  return (
    <Typography.Text type="secondary" className={styles.baseAmount} data-testid={testId}>
      {base
        ? t('finance.invoices.baseTotal', { amount: withCurrency(base, invoice.base_total) })
        : t('finance.invoices.baseTotalNoCode', { amount: withCurrency(null, invoice.base_total) })}
    </Typography.Text>
  );
}
