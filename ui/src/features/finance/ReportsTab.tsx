import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountKind, ProfitAndLoss, TrialBalance, TrialBalanceRow } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { AccountSection } from './AccountSection';
import { AgingCard } from './AgingCard';
import { Amount } from './Amount';
import { BalanceSheetCard } from './BalanceSheetCard';
import { displayAmount, formatCents, isAmount, toCents } from './money';
import { KIND_COLORS, thisMonth, toDateRange, type BooksTabProps, type PickedRange } from './model';
import { RangeFilter } from './RangeFilter';
import { TaxSummaryCard } from './TaxSummaryCard';
import { useCommand } from './useCommand';
import pageLayout from '../../shared/page.module.css';
import styles from './finance.module.css';

/** Debits and credits of every account with postings in the range, and whether their totals agree. */
function TrialBalanceCard({ report, loading }: { report: TrialBalance | null; loading: boolean }) {
  const { t } = useTranslation();
  const debit = report && isAmount(report.total_debit, true) ? toCents(report.total_debit) : null;
  const credit = report && isAmount(report.total_credit, true) ? toCents(report.total_credit) : null;
  const difference = debit !== null && credit !== null ? debit - credit : null;
  return (
    <Card
      size="small"
      title={t('finance.reports.trialBalance')}
      extra={
        difference === null ? null : difference === 0n ? (
          <Tag color="success" icon={<CheckCircleOutlined />} data-testid="trial-balance-balanced">
            {t('finance.reports.balanced')}
          </Tag>
        ) : (
          <Tag color="error" icon={<WarningOutlined />} data-testid="trial-balance-unbalanced">
            {t('finance.reports.unbalanced', {
              amount: formatCents(difference < 0n ? -difference : difference, { grouped: true }),
            })}
          </Tag>
        )
      }
    >
      <Table<TrialBalanceRow>
        data-testid="trial-balance-table"
        rowKey="account_id"
        size="small"
        loading={loading}
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
          {
            title: t('finance.journal.columns.debit'),
            dataIndex: 'debit',
            align: 'right',
            width: 150,
            render: (value: string) => <Amount value={value} />,
          },
          {
            title: t('finance.journal.columns.credit'),
            dataIndex: 'credit',
            align: 'right',
            width: 150,
            render: (value: string) => <Amount value={value} />,
          },
          {
            title: t('finance.reports.balance'),
            dataIndex: 'balance',
            align: 'right',
            width: 150,
            render: (value: string) => <Amount value={value} />,
          },
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

/** Income and expenses of the range by account, and what is left: the net profit (or loss). */
function ProfitAndLossCard({
  report,
  currency,
  loading,
}: {
  report: ProfitAndLoss | null;
  currency: string;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const net = report && isAmount(report.net, true) ? toCents(report.net) : null;
  return (
    <Card size="small" title={t('finance.reports.profitAndLoss')}>
      <div className={styles.pnl}>
        <AccountSection
          rows={report?.income ?? []}
          total={report?.total_income ?? null}
          title={t('finance.reports.income')}
          totalTitle={t('finance.reports.totalIncome')}
          testId="pnl-income"
          totalTestId="pnl-total-income"
          loading={loading}
        />
        <AccountSection
          rows={report?.expenses ?? []}
          total={report?.total_expenses ?? null}
          title={t('finance.reports.expenses')}
          totalTitle={t('finance.reports.totalExpenses')}
          testId="pnl-expenses"
          totalTestId="pnl-total-expenses"
          loading={loading}
        />
        {report && (
          <div
            className={`${styles.net} ${net !== null && net < 0n ? styles.loss : styles.profit}`}
            data-testid="pnl-net"
          >
            <Typography.Text strong>
              {net !== null && net < 0n ? t('finance.reports.netLoss') : t('finance.reports.net')}
            </Typography.Text>
            <Typography.Text strong className={styles.amount}>
              {currency} {displayAmount(report.net)}
            </Typography.Text>
          </div>
        )}
      </div>
    </Card>
  );
}

/**
 * The trial balance, the profit and loss and the tax summary of a date range; the balance sheet and what
 * customers owe (aged) on a day.
 */
export function ReportsTab({ settings, version }: BooksTabProps) {
  const errorText = useErrorText();
  const [range, setRange] = useState<PickedRange>(thisMonth);
  const dates = toDateRange(range);
  const trial = useCommand('finances.reports.trial_balance', dates, version);
  const pnl = useCommand('finances.reports.profit_and_loss', dates, version);
  const error = trial.error ?? pnl.error;

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <RangeFilter value={range} onChange={setRange} testId="reports-range" />
      </div>
      {error !== null && <Alert type="error" showIcon title={errorText(error)} />}
      <TrialBalanceCard report={trial.output} loading={trial.loading} />
      <ProfitAndLossCard report={pnl.output} currency={settings.base_currency} loading={pnl.loading} />
      <TaxSummaryCard dates={dates} currency={settings.base_currency} version={version} />
      <BalanceSheetCard currency={settings.base_currency} version={version} />
      <AgingCard version={version} />
    </div>
  );
}
