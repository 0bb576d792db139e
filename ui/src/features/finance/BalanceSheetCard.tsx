import { Alert, Card, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AsOfInput, TrialBalanceRow } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { AccountSection } from './AccountSection';
import { AsOfPicker } from './AsOfPicker';
import { centsOrNull, displayAmount, formatCents } from './money';
import { DATE_FORMAT } from './model';
import { useCommand } from './useCommand';
import styles from './finance.module.css';

type Props = { currency: string; version: number };

/**
 * Assets, liabilities and equity on a day. Equity includes the earnings not yet closed into it (income less
 * expenses to that day), so that the two sides agree, as the core checks.
 */
export function BalanceSheetCard({ currency, version }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const input: AsOfInput = asOf ? { as_of: asOf.format(DATE_FORMAT) } : {};
  const loaded = useCommand('finances.reports.balance_sheet', input, version);
  const report = loaded.output;
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
  const liabilities = centsOrNull(report?.total_liabilities);
  const equity = centsOrNull(report?.total_equity);
  const otherSide = liabilities !== null && equity !== null ? formatCents(liabilities + equity) : null;

  return (
    <Card
      size="small"
      title={t('finance.reports.balanceSheet')}
      extra={<AsOfPicker value={asOf} onChange={setAsOf} testId="balance-sheet-as-of" />}
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
        />
        <AccountSection
          rows={report?.liabilities ?? []}
          total={report?.total_liabilities ?? null}
          title={t('finance.reports.liabilities')}
          totalTitle={t('finance.reports.totalLiabilities')}
          testId="balance-sheet-liabilities"
          totalTestId="balance-sheet-total-liabilities"
          loading={loaded.loading}
        />
        <AccountSection
          rows={report && earnings ? [...report.equity, earnings] : []}
          total={report?.total_equity ?? null}
          title={t('finance.reports.equity')}
          totalTitle={t('finance.reports.totalEquity')}
          testId="balance-sheet-equity"
          totalTestId="balance-sheet-total-equity"
          loading={loaded.loading}
        />
        {otherSide !== null && (
          <div className={`${styles.net} ${styles.profit}`} data-testid="balance-sheet-other-side">
            <Typography.Text strong>{t('finance.reports.liabilitiesAndEquity')}</Typography.Text>
            <Typography.Text strong className={styles.amount}>
              {currency} {displayAmount(otherSide)}
            </Typography.Text>
          </div>
        )}
      </div>
    </Card>
  );
}
