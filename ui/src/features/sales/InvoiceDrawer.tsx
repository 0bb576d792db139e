import { CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, Invoice } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { BaseAmount } from '../ledger/BaseAmount';
import { isForeignInvoice, knownBase } from '../ledger/currency';
import { InvoiceActions } from './InvoiceActions';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { InvoicePdfButton } from './InvoicePdfButton';
import { CustomerCredit } from './CustomerCredit';
import { InvoicePayments } from './InvoicePayments';
import { InvoiceStatusTag } from './InvoiceStatusTag';
import { InvoiceTotals } from './InvoiceTotals';
import { centsOrNull, displayAmount } from '../ledger/money';
import { PaymentFormDrawer } from './PaymentFormDrawer';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

type Props = {
  /** The invoice shown; none: closed. */
  id: string | null;
  /** The company's base currency; null when this user cannot read the books' settings (cashiers). */
  baseCurrency: string | null;
  /** The chart, for those who read the books (payments may go into any account that holds money); else null. */
  accounts: Account[] | null;
  closedThrough: string | null;
  version: number;
  onClose: () => void;
  /** Opens another invoice here: the one a credit note credits. */
  onOpen: (id: string) => void;
  onEdit: (draft: Invoice) => void;
  onChanged: () => void;
};

/** One invoice or credit note as the core keeps it: its lines, totals, what was paid, and what can be done. */
export function InvoiceDrawer({
  id,
  baseCurrency,
  accounts,
  closedThrough,
  version,
  onClose,
  onOpen,
  onEdit,
  onChanged,
}: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [paying, setPaying] = useState<Invoice | null>(null);
  const loaded = useCommand('finances.invoices.get', id ? { id } : null, version);
  const payments = useCommand('finances.payments.list', id ? { invoice_id: id } : null, version);
  // The last invoice's answer stays until this one's arrives: never show it under this one's title.
  const invoice = loaded.output?.id === id ? loaded.output : null;
  const creditNote = invoice?.kind === 'credit_note';
  const base = knownBase(baseCurrency, invoice);

  const title = invoice && (
    <Space wrap>
      <span data-testid="invoice-number">{invoice.number ?? t('finance.invoices.draft')}</span>
      <InvoiceStatusTag status={invoice.status} invoice={invoice} testId="invoice-status" />
      {creditNote && <Tag color="purple">{t('finance.invoices.creditNoteKind')}</Tag>}
    </Space>
  );

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={900}
      title={title}
      // A driver clicks the icon: the close button itself carries no test id.
      closeIcon={<CloseOutlined data-testid="invoice-drawer-close" />}
      footer={
        invoice && (
          <div className={styles.drawerFooter}>
            <InvoiceActions
              invoice={invoice}
              onEdit={() => onEdit(invoice)}
              onPay={() => setPaying(invoice)}
              onChanged={onChanged}
            />
            <InvoicePdfButton invoiceId={invoice.id} />
          </div>
        )
      }
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      {!invoice && loaded.error === null && <Spin className={styles.loading} />}
      {invoice && (
        <div data-testid="invoice-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('finance.invoices.columns.customer')}>
              <span data-testid="invoice-customer-name">{invoice.customer_name}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('finance.invoices.pricesIncludeTax')}>
              {invoice.prices_include_tax ? t('common.yes') : t('common.no')}
            </Descriptions.Item>
            <Descriptions.Item label={t('finance.invoices.columns.issueDate')}>{invoice.issue_date}</Descriptions.Item>
            <Descriptions.Item label={t('finance.invoices.columns.dueDate')}>
              {creditNote ? '' : invoice.due_date}
            </Descriptions.Item>
            <Descriptions.Item label={t('finance.invoices.createdBy')}>{invoice.created_by_name}</Descriptions.Item>
            <Descriptions.Item label={t('finance.invoices.taxRounding')}>
              {invoice.tax_rounding === 'document'
                ? t('finance.settingsCard.roundingDocument')
                : t('finance.settingsCard.roundingLine')}
            </Descriptions.Item>
            {isForeignInvoice(invoice, base) && (
              <Descriptions.Item label={t('finance.invoices.exchangeRate')} span={2}>
                <span data-testid="invoice-rate">
                  {t('finance.invoices.rateShown', {
                    currency: invoice.currency,
                    rate: invoice.exchange_rate,
                    base: base ?? t('finance.invoices.baseCurrency'),
                  })}
                </span>
              </Descriptions.Item>
            )}
            {invoice.notes ? (
              <Descriptions.Item label={t('finance.invoices.notes')} span={2}>
                <span className={styles.notes}>{invoice.notes}</span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {invoice.credits && (
            <Button
              type="link"
              onClick={() => invoice.credits && onOpen(invoice.credits)}
              data-testid="invoice-credits"
            >
              {t('finance.invoices.openCredited')}
            </Button>
          )}
          <div className={styles.section}>
            <InvoiceLinesTable lines={invoice.lines} />
          </div>
          <InvoiceTotals
            testId="invoice"
            currency={invoice.currency}
            amounts={
              invoice.kind === 'invoice' && invoice.status !== 'draft' && invoice.status !== 'void'
                ? invoice
                : { subtotal: invoice.subtotal, tax: invoice.tax, total: invoice.total }
            }
          />
          <div className={styles.right}>
            <BaseAmount invoice={invoice} base={base} testId="invoice-base-total" />
          </div>
          {invoice.kind === 'invoice' && invoice.status !== 'draft' && (
            <div className={styles.section}>
              <Typography.Title level={5}>{t('finance.payments.title')}</Typography.Title>
              <InvoicePayments
                payments={payments.output ?? []}
                currency={invoice.currency}
                loading={payments.loading}
                onChanged={onChanged}
              />
              <CustomerCredit
                customerId={invoice.customer_id}
                customerName={invoice.customer_name}
                accounts={accounts}
                closedThrough={closedThrough}
                version={version}
                onChanged={onChanged}
              />
            </div>
          )}
        </div>
      )}
      <PaymentFormDrawer
        invoice={paying}
        baseCurrency={base}
        accounts={accounts}
        closedThrough={closedThrough}
        onClose={() => setPaying(null)}
        onSaved={(payment) => {
          void message.success(
            (centsOrNull(payment.to_credit) ?? 0n) > 0n
              ? t('finance.payments.savedWithCredit', { amount: displayAmount(payment.to_credit) })
              : t('finance.payments.saved'),
          );
          setPaying(null);
          onChanged();
        }}
      />
    </Drawer>
  );
}
