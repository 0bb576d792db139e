import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountKind, DateRange, TrialBalanceRow } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { Amount } from './Amount';
import { KIND_COLORS } from './model';
import { ReportExportMenu } from './ReportExportMenu';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

type Props = { dates: DateRange; version: number };

/** Debits and credits of every account with postings in the range, and whether their totals agree. */
export function TrialBalanceCard({ dates, version }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const loaded = useCommand('finances.reports.trial_balance', dates, version);
  const report = loaded.output;
  const amount = (value: string) => <Amount value={value} />;

  return (
    <Card
      size="small"
      title={t('finance.reports.trialBalance')}
      extra={
        <Space wrap>
          {/* The core answers with a trial balance only when debits equal credits (it refuses damaged books). */}
          {report && (
            <Tag color="success" icon={<CheckCircleOutlined />} data-testid="trial-balance-balanced">
              {t('finance.reports.balanced')}
            </Tag>
          )}
          <ReportExportMenu report="trial_balance" input={dates} />
        </Space>
      }
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <Table<TrialBalanceRow>
        data-testid="trial-balance-table"
        rowKey="account_id"
        size="small"
        loading={loaded.loading}
        dataSource={report?.rows ?? []}
        pagination={false}
        locale={{ emptyText: t('finance.reports.empty') }}
        columns={[
          { title: t('finance.accounts.columns.code'), dataIndex: 'code', width: 100 },
          { title: t('finance.accounts.columns.name'), dataIndex: 'name' },
          {
            title: t('finance.accounts.columns.kind'),
            dataIndex: 'kind',
            width: 130,
            render: (kind: AccountKind) => <Tag color={KIND_COLORS[kind]}>{t(`finance.kinds.${kind}`)}</Tag>,
          },
          { title: t('finance.journal.columns.debit'), dataIndex: 'debit', align: 'right', width: 150, render: amount },
          {
            title: t('finance.journal.columns.credit'),
            dataIndex: 'credit',
            align: 'right',
            width: 150,
            render: amount,
          },
          { title: t('finance.reports.balance'), dataIndex: 'balance', align: 'right', width: 150, render: amount },
        ]}
        summary={() =>
          report && (
            <Table.Summary.Row className={styles.totalRow}>
              <Table.Summary.Cell index={0} colSpan={3}>
                {t('finance.reports.total')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Amount value={report.total_debit} testId="trial-balance-total-debit" />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Amount value={report.total_credit} testId="trial-balance-total-credit" />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} />
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
