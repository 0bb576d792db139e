import { Alert, Card, Space, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CashFlow, DateRange } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { Amount } from '../ledger/Amount';
import { CompareSwitch } from '../ledger/CompareSwitch';
import { canCompare, periodInput } from '../ledger/model';
import { ReportExportMenu } from '../ledger/ReportExportMenu';
import { useCommand } from '../../shared/useCommand';
import styles from '../ledger/ledger.module.css';

/** What the core counts cash movements as. */
const CATEGORIES = ['customer_receipts', 'customer_refunds', 'other_income', 'expenses', 'other'] as const;
type Category = (typeof CATEGORIES)[number];

function isCategory(category: string): category is Category {
  return (CATEGORIES as readonly string[]).includes(category);
}

/** One row: the cash at the start, a category's movement, the net change or the cash at the end. */
type Row = { key: string; label: string; amount: string; prior: string | null; total?: boolean };

function rowsOf(report: CashFlow, t: TFunction): Row[] {
  const prior = report.prior;
  return [
    {
      key: 'opening',
      label: t('finance.reports.cashFlow.opening'),
      amount: report.opening,
      prior: prior?.opening ?? null,
    },
    ...report.lines.map((line) => ({
      key: line.category,
      // A category newer than this UI shows as the core names it.
      label: isCategory(line.category) ? t(`finance.reports.cashFlow.categories.${line.category}`) : line.category,
      amount: line.amount,
      prior: line.prior_amount,
    })),
    {
      key: 'net',
      label: t('finance.reports.cashFlow.net'),
      amount: report.net,
      prior: prior?.net ?? null,
      total: true,
    },
    {
      key: 'closing',
      label: t('finance.reports.cashFlow.closing'),
      amount: report.closing,
      prior: prior?.closing ?? null,
      total: true,
    },
  ];
}

type Props = { dates: DateRange; version: number };

/**
 * The cash in the cash and bank accounts: what there was at the start of the range, what came in and went out
 * by kind (money in less money out), and what there was at the end; compared, when asked, with the period
 * before.
 */
export function CashFlowCard({ dates, version }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [compare, setCompare] = useState(false);
  const input = periodInput(dates, compare);
  const loaded = useCommand('finances.reports.cash_flow', input, version);
  const report = loaded.output;
  const prior = report?.prior ?? null;

  return (
    <Card
      size="small"
      title={t('finance.reports.cashFlow.title')}
      extra={
        <Space wrap>
          <CompareSwitch
            checked={compare}
            onChange={setCompare}
            available={canCompare(dates)}
            testId="cash-flow-compare"
          />
          <ReportExportMenu report="cash_flow" input={input} />
        </Space>
      }
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <div className={styles.pnl}>
        {prior && (
          <Typography.Text type="secondary" data-testid="cash-flow-prior-period">
            {t('finance.reports.comparedWith', { from: prior.from, to: prior.to })}
          </Typography.Text>
        )}
        <Table<Row>
          data-testid="cash-flow-table"
          rowKey="key"
          size="small"
          loading={loaded.loading}
          dataSource={report ? rowsOf(report, t) : []}
          pagination={false}
          rowClassName={(row) => (row.total ? styles.totalRow : '')}
          locale={{ emptyText: t('finance.reports.empty') }}
          columns={[
            { title: t('finance.reports.cashFlow.item'), dataIndex: 'label' },
            {
              title: t('finance.reports.amount'),
              key: 'amount',
              align: 'right',
              width: 180,
              render: (_value, row) => <Amount value={row.amount} testId={`cash-flow-${row.key}`} />,
            },
            ...(prior
              ? [
                  {
                    title: t('finance.reports.prior'),
                    key: 'prior',
                    align: 'right' as const,
                    width: 180,
                    render: (_value: unknown, row: Row) =>
                      row.prior === null ? '' : <Amount value={row.prior} testId={`cash-flow-${row.key}-prior`} />,
                  },
                ]
              : []),
          ]}
        />
      </div>
    </Card>
  );
}
