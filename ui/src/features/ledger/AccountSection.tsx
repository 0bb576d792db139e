import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TrialBalanceRow } from '../../api/bindings';
import { Amount } from './Amount';
import styles from './ledger.module.css';

type Props = {
  rows: TrialBalanceRow[];
  total: string | null;
  title: string;
  totalTitle: string;
  /** The table's test id; its total's is `totalTestId`, the prior total's `totalTestId-prior`. */
  testId: string;
  totalTestId: string;
  loading: boolean;
  /** The title of the column of balances compared with (`prior_balance`); null: no comparison. */
  priorTitle?: string | null;
  /** The total compared with. */
  priorTotal?: string | null;
};

/**
 * One part of a report (income, expenses; assets, liabilities, equity): its accounts' balances and their total,
 * and beside them the balances of the period or day compared with, when there is one.
 */
export function AccountSection({
  rows,
  total,
  title,
  totalTitle,
  testId,
  totalTestId,
  loading,
  priorTitle = null,
  priorTotal = null,
}: Props) {
  const { t } = useTranslation();
  const amount = (value: string | null) => (value === null ? '' : <Amount value={value} />);
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
          render: amount,
        },
        ...(priorTitle === null
          ? []
          : [{ title: priorTitle, dataIndex: 'prior_balance', align: 'right' as const, width: 180, render: amount }]),
      ]}
      summary={() =>
        total !== null && (
          <Table.Summary.Row className={styles.totalRow}>
            <Table.Summary.Cell index={0}>{totalTitle}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Amount value={total} testId={totalTestId} />
            </Table.Summary.Cell>
            {priorTitle !== null && (
              <Table.Summary.Cell index={2} align="right">
                {priorTotal !== null && <Amount value={priorTotal} testId={`${totalTestId}-prior`} />}
              </Table.Summary.Cell>
            )}
          </Table.Summary.Row>
        )
      }
    />
  );
}
