import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InvoiceLine } from '../../api/bindings';
import { taxLabel } from '../ledger/model';
import { displayAmount } from '../ledger/money';
import styles from '../ledger/ledger.module.css';

/** A saved invoice's lines with the amounts the core computed: net and tax of each. */
export function InvoiceLinesTable({ lines }: { lines: InvoiceLine[] }) {
  const { t } = useTranslation();
  const amount = (value: string) => <span className={styles.amount}>{displayAmount(value)}</span>;
  return (
    <Table<InvoiceLine & { key: number }>
      data-testid="invoice-lines"
      size="small"
      // Two lines may read the same: the line's place is its key.
      dataSource={lines.map((line, index) => ({ ...line, key: index }))}
      pagination={false}
      columns={[
        { title: t('finance.invoices.lines.description'), dataIndex: 'description' },
        { title: t('finance.invoices.lines.quantity'), dataIndex: 'quantity', align: 'right', width: 90 },
        {
          title: t('finance.invoices.lines.unitPrice'),
          dataIndex: 'unit_price',
          align: 'right',
          width: 120,
          render: amount,
        },
        {
          title: t('finance.invoices.lines.discount'),
          dataIndex: 'discount',
          align: 'right',
          width: 90,
          render: (discount: string) => (discount === '0' ? '' : `${discount}%`),
        },
        {
          title: t('finance.invoices.lines.tax'),
          key: 'tax_name',
          render: (_value, line) => (line.tax_id ? taxLabel({ name: line.tax_name, rate: line.tax_rate }) : ''),
        },
        { title: t('finance.invoices.lines.net'), dataIndex: 'net', align: 'right', width: 120, render: amount },
        { title: t('finance.invoices.lines.taxAmount'), dataIndex: 'tax', align: 'right', width: 110, render: amount },
      ]}
    />
  );
}
