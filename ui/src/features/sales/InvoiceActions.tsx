import { CheckOutlined, DollarOutlined, EditOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import styles from '../ledger/ledger.module.css';

type Action = 'issue' | 'credit' | 'void';

type Props = {
  invoice: Invoice;
  onEdit: () => void;
  onPay: () => void;
  onChanged: () => void;
};

/**
 * What can be done with an invoice now: change and issue a draft, take a payment (sales.write); credit it in
 * full or void it (finance.write: they take money back).
 */
export function InvoiceActions({ invoice, onEdit, onPay, onChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [acting, setActing] = useState<Action | null>(null);
  const sell = can('sales.write');
  const write = can('finance.write');
  const draft = invoice.status === 'draft';
  // A credit note for product lines asks whether the goods came back (they go back into stock).
  const sellsProducts = invoice.lines.some((line) => line.product_id !== null);
  const [restock, setRestock] = useState(true);

  async function act(action: Action, run: () => Promise<Invoice>, done: (result: Invoice) => string) {
    setActing(action);
    try {
      const result = await run();
      void message.success(done(result));
      // Issued all the same; the core says what it left below zero, so someone receives or counts it.
      if (result.short_stock.length > 0) {
        void message.warning({
          content: (
            <span data-testid="invoice-short-stock">
              {t('finance.invoices.shortStock', {
                items: result.short_stock
                  .map((s) =>
                    t('finance.invoices.shortStockItem', {
                      product: s.product_name,
                      location: s.location_name,
                      onHand: s.on_hand,
                    }),
                  )
                  .join(t('finance.invoices.shortStockJoin')),
              })}
            </span>
          ),
          duration: 10,
        });
      }
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
      // Changed meanwhile (here or on another device): show it as it is now.
      if (toApiError(error).code === 'conflict') onChanged();
    } finally {
      setActing(null);
    }
  }

  const issue = () =>
    act(
      'issue',
      () => api.call('finances.invoices.issue', { id: invoice.id }),
      (issued) => t('finance.invoices.issuedDone', { number: issued.number ?? '' }),
    );
  const credit = () =>
    act(
      'credit',
      () =>
        api.call('finances.invoices.credit_note', {
          invoice_id: invoice.id,
          ...(sellsProducts ? { restock } : {}),
        }),
      (note) => t('finance.invoices.creditNoteDone', { number: note.number ?? '' }),
    );
  const voidIt = () =>
    act(
      'void',
      () => api.call('finances.invoices.void', { id: invoice.id }),
      () => t('finance.invoices.voidDone'),
    );

  return (
    <Space wrap>
      {draft && sell && (
        <Button icon={<EditOutlined />} onClick={onEdit} disabled={acting !== null} data-testid="invoice-edit">
          {t('finance.invoices.edit')}
        </Button>
      )}
      {draft && sell && (
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={acting === 'issue'}
          onClick={() => void issue()}
          data-testid="invoice-issue"
        >
          {t('finance.invoices.issue')}
        </Button>
      )}
      {invoice.takes_payment && sell && (
        <Button type="primary" icon={<DollarOutlined />} onClick={onPay} data-testid="invoice-pay">
          {t('finance.payments.record')}
        </Button>
      )}
      {invoice.takes_credit_note && write && (
        <Popconfirm
          title={t('finance.invoices.creditNoteTitle')}
          description={
            <div className={styles.confirm}>
              {t('finance.invoices.creditNoteConfirm')}
              {sellsProducts && (
                <div>
                  <Checkbox
                    checked={restock}
                    onChange={(event) => setRestock(event.target.checked)}
                    data-testid="invoice-credit-restock"
                  >
                    {t('finance.invoices.creditNoteRestock')}
                  </Checkbox>
                </div>
              )}
            </div>
          }
          okText={t('finance.invoices.creditNote')}
          cancelText={t('common.cancel')}
          onConfirm={() => void credit()}
        >
          <Button icon={<RollbackOutlined />} loading={acting === 'credit'} data-testid="invoice-credit-note">
            {t('finance.invoices.creditNote')}
          </Button>
        </Popconfirm>
      )}
      {invoice.status !== 'void' && write && (
        <Popconfirm
          title={t('finance.invoices.voidTitle')}
          description={
            <div className={styles.confirm}>
              {draft ? t('finance.invoices.voidDraftConfirm') : t('finance.invoices.voidConfirm')}
            </div>
          }
          okText={t('finance.money.void')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => void voidIt()}
        >
          <Button danger icon={<StopOutlined />} loading={acting === 'void'} data-testid="invoice-void">
            {t('finance.money.void')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
