import { Alert, Card, DatePicker, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AsOfInput, TrialBalanceRow } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { AccountSection } from './AccountSection';
import { AsOfPicker } from './AsOfPicker';
import { displayAmount } from './money';
import { DATE_FORMAT } from './model';
import { ReportExportMenu } from './ReportExportMenu';
import { useCommand } from '../../shared/useCommand';
import styles from './ledger.module.css';

type Props = { currency: string; version: number };

/**
 * Assets, liabilities and equity on a day, and beside them on another day when one is picked to compare with.
 * Equity includes the earnings not yet closed into it (income less expenses to that day), so that the two
 * sides agree, as the core checks.
 */
export function BalanceSheetCard({ currency, version }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const [compareTo, setCompareTo] = useState<Dayjs | null>(null);
  const input: AsOfInput = {};
  if (asOf) input.as_of = asOf.format(DATE_FORMAT);
  if (compareTo) input.compare_to = compareTo.format(DATE_FORMAT);
  const loaded = useCommand('finances.reports.balance_sheet', input, version);
  const report = loaded.output;
  const priorTitle = report?.compare_to ? t('finance.reports.onDate', { date: report.compare_to }) : null;
  const earnings: TrialBalanceRow | null = report && {
    account_id: 'earnings',
    code: '',
    name: t('finance.reports.earnings'),
    kind: 'equity',
    debit: '0.00',
    credit: '0.00',
    balance: report.earnings,
    prior_balance: report.prior_earnings,
  };
  const side = report?.total_liabilities_and_equity ?? null;
  const priorSide = priorTitle ? (report?.prior_total_liabilities_and_equity ?? null) : null;

  return (
    <Card
      size="small"
      title={t('finance.reports.balanceSheet')}
      extra={
        <Space wrap>
          <AsOfPicker value={asOf} onChange={setAsOf} testId="balance-sheet-as-of" />
          <DatePicker
            data-testid="balance-sheet-compare-to"
            value={compareTo}
            onChange={setCompareTo}
            placeholder={t('finance.reports.compareToNone')}
            prefix={t('finance.reports.compareTo')}
          />
          <ReportExportMenu report="balance_sheet" input={input} />
        </Space>
      }
      data-testid="balance-sheet"
    >
      {loaded.error !== null && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      <div className={styles.pnl}>
        {report && (
          <Typography.Text type="secondary" data-testid="balance-sheet-date">
            {t('finance.reports.asOfDate', { date: report.as_of })}
          </Typography.Text>
        )}
        <AccountSection
          rows={report?.assets ?? []}
          total={report?.total_assets ?? null}
          title={t('finance.reports.assets')}
          totalTitle={t('finance.reports.totalAssets')}
          testId="balance-sheet-assets"
          totalTestId="balance-sheet-total-assets"
          loading={loaded.loading}
          priorTitle={priorTitle}
          priorTotal={report?.prior_total_assets}
        />
        <AccountSection
          rows={report?.liabilities ?? []}
          total={report?.total_liabilities ?? null}
          title={t('finance.reports.liabilities')}
          totalTitle={t('finance.reports.totalLiabilities')}
          testId="balance-sheet-liabilities"
          totalTestId="balance-sheet-total-liabilities"
          loading={loaded.loading}
          priorTitle={priorTitle}
          priorTotal={report?.prior_total_liabilities}
        />
        <AccountSection
          rows={report && earnings ? [...report.equity, earnings] : []}
          total={report?.total_equity ?? null}
          title={t('finance.reports.equity')}
          totalTitle={t('finance.reports.totalEquity')}
          testId="balance-sheet-equity"
          totalTestId="balance-sheet-total-equity"
          loading={loaded.loading}
          priorTitle={priorTitle}
          priorTotal={report?.prior_total_equity}
        />
        {side !== null && (
          <div className={`${styles.net} ${styles.profit}`} data-testid="balance-sheet-other-side">
            <Typography.Text strong>{t('finance.reports.liabilitiesAndEquity')}</Typography.Text>
            <Space size="large">
              {priorSide !== null && report?.compare_to && (
                <Typography.Text type="secondary" data-testid="balance-sheet-other-side-prior">
                  {t('finance.reports.onDateAmount', {
                    date: report.compare_to,
                    amount: `${currency} ${displayAmount(priorSide)}`,
                  })}
                </Typography.Text>
              )}
              <Typography.Text strong className={styles.amount}>
                {currency} {displayAmount(side)}
              </Typography.Text>
            </Space>
          </div>
        )}
      </div>
    </Card>
  );
}
