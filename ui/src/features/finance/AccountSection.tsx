import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TrialBalanceRow } from '../../api/bindings';
import { Amount } from './Amount';
import styles from './finance.module.css';

type Props = {
  rows: TrialBalanceRow[];
  total: string | null;
  title: string;
  totalTitle: string;
  /** The table's test id; its total's is `totalTestId`. */
  testId: string;
  totalTestId: string;
  loading: boolean;
};

/** One part of a report (income, expenses; assets, liabilities, equity): its accounts' balances and their total. */
export function AccountSection({ rows, total, title, totalTitle, testId, totalTestId, loading }: Props) {
  const { t } = useTranslation();
  return (
    <Table<TrialBalanceRow>
      data-testid={testId}
      rowKey="account_id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t('finance.reports.empty') }}
      columns={[
        { title, key: 'account', render: (_value, row) => `${row.code} ${row.name}`.trim() },
        {
          title: t('finance.reports.amount'),
          dataIndex: 'balance',
          align: 'right',
          width: 180,
          render: (value: string) => <Amount value={value} />,
        },
      ]}
      summary={() =>
        total !== null && (
          <Table.Summary.Row className={styles.totalRow}>
            <Table.Summary.Cell index={0}>{totalTitle}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Amount value={total} testId={totalTestId} />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )
      }
    />
  );
}
