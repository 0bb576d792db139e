import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Select, Space, Table, Tag } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, FinanceSettings, Invoice, InvoiceQuery, Tax } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useCan } from '../../shared/session';
import { BaseAmount } from '../ledger/BaseAmount';
import { withCurrency } from '../ledger/currency';
import { InvoiceAttention } from './InvoiceAttention';
import { InvoiceDrawer } from './InvoiceDrawer';
import { InvoiceFormDrawer } from './InvoiceFormDrawer';
import { InvoiceStatusTag } from './InvoiceStatusTag';
import { INVOICE_STATUSES, type InvoiceStatus } from './invoiceModel';
import { toDateRange, type PickedRange } from '../ledger/model';
import { RangeFilter } from '../ledger/RangeFilter';
import { useCommand } from '../../shared/useCommand';
import pageLayout from '../../shared/page.module.css';
import styles from '../ledger/ledger.module.css';

type Props = {
  /** The books' settings; null for those who sell but do not read the books (cashiers). */
  settings: FinanceSettings | null;
  /** The chart; null for those who do not read the books (cashiers). */
  accounts: Account[] | null;
  taxes: Tax[];
  version: number;
  onChanged: () => void;
};

/** `null`: closed; `new`: writing a new invoice; an invoice: changing that draft. */
type Editing = Invoice | 'new' | null;

/** Invoices and credit notes, newest first, filtered by dates and status; writing, issuing and collecting them. */
export function InvoicesTab({ settings, accounts, taxes, version, onChanged }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [range, setRange] = useState<PickedRange>(null);
  const [status, setStatus] = useState<InvoiceStatus | 'all'>('all');
  const [editing, setEditing] = useState<Editing>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const query: InvoiceQuery = toDateRange(range);
  if (status !== 'all') query.status = status;
  const loaded = useCommand('finances.invoices.list', query, version);
  const invoices = loaded.output?.invoices ?? [];
  const baseCurrency = settings?.base_currency ?? null;
  const closedThrough = settings?.closed_through ?? null;

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Space wrap>
          <RangeFilter value={range} onChange={setRange} testId="invoices-range" />
          <Select<InvoiceStatus | 'all'>
            data-testid="invoices-status-filter"
            className={styles.filter}
            value={status}
            onChange={setStatus}
            options={[
              { value: 'all', label: t('finance.invoices.allStatuses') },
              ...INVOICE_STATUSES.map((value) => ({ value, label: t(`finance.invoices.statuses.${value}`) })),
            ]}
          />
        </Space>
        {can('sales.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="invoice-new">
            {t('finance.invoices.new')}
          </Button>
        )}
      </div>
      <InvoiceAttention version={version} onOpen={setOpenId} onChanged={onChanged} />
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      {loaded.output?.truncated && (
        <Alert type="info" showIcon title={t('finance.invoices.truncated')} data-testid="invoices-truncated" />
      )}
      <Table<Invoice>
        data-testid="invoices-table"
        rowKey="id"
        size="middle"
        loading={loaded.loading}
        dataSource={invoices}
        pagination={false}
        locale={{
          emptyText: t(range || status !== 'all' ? 'finance.invoices.emptyFiltered' : 'finance.invoices.empty'),
        }}
        rowClassName={styles.clickable}
        onRow={(invoice) =>
          ({
            'data-testid': 'invoice-row',
            'data-id': invoice.id,
            onClick: () => setOpenId(invoice.id),
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('finance.invoices.columns.number'),
            key: 'number',
            width: 200,
            render: (_value, invoice) => (
              <Space size={4}>
                {invoice.number ?? <Tag>{t('finance.invoices.draft')}</Tag>}
                {invoice.kind === 'credit_note' && <Tag color="purple">{t('finance.invoices.creditNoteKind')}</Tag>}
              </Space>
            ),
          },
          { title: t('finance.invoices.columns.customer'), dataIndex: 'customer_name' },
          { title: t('finance.invoices.columns.issueDate'), dataIndex: 'issue_date', width: 120 },
          {
            title: t('finance.invoices.columns.dueDate'),
            key: 'due_date',
            width: 120,
            render: (_value, invoice) => (invoice.kind === 'credit_note' ? '' : invoice.due_date),
          },
          {
            title: t('finance.invoices.columns.total'),
            key: 'total',
            align: 'right',
            width: 160,
            render: (_value, invoice) => (
              <>
                <span className={styles.amount} data-testid="invoice-row-total">
                  {withCurrency(invoice.currency, invoice.total)}
                </span>
                <BaseAmount invoice={invoice} base={baseCurrency} testId="invoice-row-base-total" />
              </>
            ),
          },
          {
            title: t('finance.invoices.columns.outstanding'),
            key: 'outstanding',
            align: 'right',
            width: 150,
            render: (_value, invoice) => (
              <span className={styles.amount}>{withCurrency(invoice.currency, invoice.outstanding)}</span>
            ),
          },
          {
            title: t('finance.invoices.columns.status'),
            dataIndex: 'status',
            width: 130,
            render: (value: InvoiceStatus, invoice) => (
              <InvoiceStatusTag status={value} invoice={invoice} testId="invoice-row-status" />
            ),
          },
        ]}
      />
      <InvoiceFormDrawer
        open={editing !== null}
        draft={editing === 'new' ? null : editing}
        taxes={taxes}
        baseCurrency={baseCurrency}
        paymentTermsDays={settings?.payment_terms_days ?? null}
        closedThrough={closedThrough}
        onClose={() => {
          // Back to the draft that was being changed.
          if (editing !== null && editing !== 'new') setOpenId(editing.id);
          setEditing(null);
        }}
        onSaved={(saved) => {
          void message.success(t('finance.invoices.saved'));
          setEditing(null);
          setOpenId(saved.id);
          onChanged();
        }}
      />
      <InvoiceDrawer
        id={openId}
        baseCurrency={baseCurrency}
        accounts={accounts}
        closedThrough={closedThrough}
        version={version}
        onClose={() => setOpenId(null)}
        onOpen={setOpenId}
        onEdit={(draft) => {
          // One drawer at a time: the form takes the detail's place, and gives it back saved.
          setOpenId(null);
          setEditing(draft);
        }}
        onChanged={onChanged}
      />
    </div>
  );
}
