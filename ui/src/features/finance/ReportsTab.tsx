import { useState } from 'react';
import { AgingCard } from './AgingCard';
import { BalanceSheetCard } from './BalanceSheetCard';
import { CashFlowCard } from './CashFlowCard';
import { thisMonth, toDateRange, type BooksTabProps, type PickedRange } from './model';
import { ProfitAndLossCard } from './ProfitAndLossCard';
import { RangeFilter } from './RangeFilter';
import { TaxSummaryCard } from './TaxSummaryCard';
import { TrialBalanceCard } from './TrialBalanceCard';
import pageLayout from '../../shared/page.module.css';

/**
 * The trial balance, the profit and loss, the cash flow and the tax summary of a date range; the balance sheet
 * and what customers owe (aged) on a day. Each can be saved as CSV, Excel or PDF.
 */
export function ReportsTab({ settings, version }: BooksTabProps) {
  const [range, setRange] = useState<PickedRange>(thisMonth);
  const dates = toDateRange(range);
  const currency = settings.base_currency;

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <RangeFilter value={range} onChange={setRange} testId="reports-range" />
      </div>
      <TrialBalanceCard dates={dates} version={version} />
      <ProfitAndLossCard dates={dates} currency={currency} version={version} />
      <CashFlowCard dates={dates} version={version} />
      <TaxSummaryCard dates={dates} currency={currency} version={version} />
      <BalanceSheetCard currency={currency} version={version} />
      <AgingCard version={version} />
    </div>
  );
}
