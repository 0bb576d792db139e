import { useState } from 'react';
import { AgingCard } from '../sales/AgingCard';
import { BalanceSheetCard } from '../ledger/BalanceSheetCard';
import { CashFlowCard } from '../sales/CashFlowCard';
import { thisMonth, toDateRange, type BooksTabProps, type PickedRange } from '../ledger/model';
import { ProfitAndLossCard } from '../ledger/ProfitAndLossCard';
import { RangeFilter } from '../ledger/RangeFilter';
import { TaxSummaryCard } from '../sales/TaxSummaryCard';
import { TrialBalanceCard } from '../ledger/TrialBalanceCard';
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
