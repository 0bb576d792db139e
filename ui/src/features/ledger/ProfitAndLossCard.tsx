import { Alert, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateRange } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { AccountSection } from './AccountSection';
import { CompareSwitch } from './CompareSwitch';
import { centsOrNull, displayAmount } from './money';
import { canCompare, periodInput } from './model';
import { ReportExportMenu } from './ReportExportMenu';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

type Props = { dates: DateRange; currency: string; version: number };

/**
 * Income and expenses of the range by account, and what is left: the net profit (or loss); compared, when
 * asked, with the period as long just before.
 */
export function ProfitAndLossCard({ dates, currency, version }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [compare, setCompare] = useState(false);
  const input = periodInput(dates, compare);
  const loaded = useCommand('finances.reports.profit_and_loss', input, version);
  const report = loaded.output;
  const prior = report?.prior ?? null;
  const priorTitle = prior ? t('finance.reports.prior') : null;
  const net = centsOrNull(report?.net);
  const loss = net !== null && net < 0n;

  return (
    <Card
      size="small"
      title={t('finance.reports.profitAndLoss')}
      extra={
        <Space wrap>
          <CompareSwitch checked={compare} onChange={setCompare} available={canCompare(dates)} testId="pnl-compare" />
          <ReportExportMenu report="profit_and_loss" input={input} />
        </Space>
      }
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <div className={styles.pnl}>
        {prior && (
          <Typography.Text type="secondary" data-testid="pnl-prior-period">
            {t('finance.reports.comparedWith', { from: prior.from, to: prior.to })}
          </Typography.Text>
        )}
        <AccountSection
          rows={report?.income ?? []}
          total={report?.total_income ?? null}
          title={t('finance.reports.income')}
          totalTitle={t('finance.reports.totalIncome')}
          testId="pnl-income"
          totalTestId="pnl-total-income"
          loading={loaded.loading}
          priorTitle={priorTitle}
          priorTotal={prior?.total_income}
        />
        <AccountSection
          rows={report?.expenses ?? []}
          total={report?.total_expenses ?? null}
          title={t('finance.reports.expenses')}
          totalTitle={t('finance.reports.totalExpenses')}
          testId="pnl-expenses"
          totalTestId="pnl-total-expenses"
          loading={loaded.loading}
          priorTitle={priorTitle}
          priorTotal={prior?.total_expenses}
        />
        {report && (
          <div className={`${styles.net} ${loss ? styles.loss : styles.profit}`} data-testid="pnl-net">
            <Typography.Text strong>{loss ? t('finance.reports.netLoss') : t('finance.reports.net')}</Typography.Text>
            <Space size="large">
              {prior && (
                <Typography.Text type="secondary" data-testid="pnl-net-prior">
                  {t('finance.reports.priorAmount', { amount: `${currency} ${displayAmount(prior.net)}` })}
                </Typography.Text>
              )}
              <Typography.Text strong className={styles.amount}>
                {currency} {displayAmount(report.net)}
              </Typography.Text>
            </Space>
          </div>
        )}
      </div>
    </Card>
  );
}
