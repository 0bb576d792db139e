import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

type Props = {
  version: number;
  /** Opens the invoice an item is about. */
  onOpen: (id: string) => void;
};

/**
 * What devices working offline left that none would have allowed alone (`finances.invoices.attention`): a
 * payment on a void invoice, an invoice paid past its total, a number given twice… in the core's words. Only for
 * those who read the books; nothing is shown while there is nothing to look at.
 */
export function InvoiceAttention({ version, onOpen }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const loaded = useCommand('finances.invoices.attention', can('finance.read') ? {} : null, version);
  const items = loaded.output ?? [];
  if (items.length === 0) return null;

  return (
    <Alert
      type="warning"
      showIcon
      className={styles.attention}
      data-testid="invoice-attention"
      title={t('finance.invoices.attention', { count: items.length })}
      description={
        <ul>
          {items.map((item, index) => (
            <li key={`${item.kind}-${item.invoice_id ?? ''}-${index}`} data-testid="invoice-attention-item">
              {item.customer_name && <Typography.Text strong>{item.customer_name}: </Typography.Text>}
              {item.invoice_id ? (
                <Typography.Link onClick={() => item.invoice_id && onOpen(item.invoice_id)}>
                  {item.message}
                </Typography.Link>
              ) : (
                item.message
              )}
            </li>
          ))}
        </ul>
      }
    />
  );
}
