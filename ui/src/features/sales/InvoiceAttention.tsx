import { Alert, App, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi, useCan } from '../../shared/session';
import { useActions } from '../../shared/useSubmit';
import { displayAmount } from '../ledger/money';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

type Props = {
  version: number;
  /** Opens the invoice an item is about. */
  onOpen: (id: string) => void;
  /** Something was set right (an overpayment moved to credit): reload. */
  onChanged: () => void;
};

/**
 * What devices working offline left that none would have allowed alone (`finances.invoices.attention`): a
 * payment on a void invoice, an invoice paid past its total, a number given twice… in the core's words. Only for
 * those who read the books; nothing is shown while there is nothing to look at. An invoice paid past its total
 * offers to move the surplus to the customer's credit (`finances.payments.surplus_to_credit`; voided, it goes back).
 */
export function InvoiceAttention({ version, onOpen, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const { message } = App.useApp();
  // Busy with the invoice whose overpayment is being moved.
  const { busy, run } = useActions<string>({ toast: true });
  const loaded = useCommand('finances.invoices.attention', can('finance.read') ? {} : null, version);
  const items = loaded.output ?? [];
  if (items.length === 0) return null;

  async function toCredit(invoiceId: string) {
    await run(invoiceId, async (once) => {
      const moved = await api.call('finances.payments.surplus_to_credit', { id: invoiceId }, once);
      void message.success(
        t('finance.invoices.surplusMoved', { amount: displayAmount(moved.amount), customer: moved.customer_name }),
      );
      onChanged();
    });
  }

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
              {item.kind === 'overpaid' && item.invoice_id && can('finance.write') && (
                <Button
                  size="small"
                  type="link"
                  loading={busy === item.invoice_id}
                  data-testid="invoice-attention-to-credit"
                  onClick={() => void toCredit(item.invoice_id ?? '')}
                >
                  {t('finance.invoices.surplusToCredit')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      }
    />
  );
}
