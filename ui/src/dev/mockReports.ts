// DEV ONLY: the reports that compare periods, the cash flow, and the files (report exports, invoice PDFs) for the
// browser mock (see mockFinance.ts). A small imitation of crates/core/src/finance/documents.rs: the files it
// "writes" are short placeholders, not real CSV, Excel or PDF. The core stays the only source of truth.
import type { BalanceSheet, CashFlow, FileExport, ProfitAndLoss, TrialBalanceRow } from '../api/bindings';
import { formatCents, toCents } from '../features/finance/money';
import type { Ledger } from './mockInvoicing';

type Json = Record<string, unknown>;

const DAY_MS = 86_400_000;

/** `category_of`: what a journal entry's source counts as in the cash flow. */
const CASH_CATEGORIES = ['customer_receipts', 'customer_refunds', 'other_income', 'expenses', 'other'] as const;
const CATEGORY_OF: Record<string, (typeof CASH_CATEGORIES)[number]> = {
  payment: 'customer_receipts',
  refund: 'customer_refunds',
  income: 'other_income',
  expense: 'expenses',
};

const REPORTS = ['profit_and_loss', 'balance_sheet', 'trial_balance', 'cash_flow', 'ar_aging', 'tax_summary'];
const FORMATS: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

const invalid = (field: string, message: string, reason = 'invalid_value') => ({
  code: 'validation',
  field,
  reason,
  message,
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `prior_range`: the period as long as `from`–`to`, just before it. */
function priorRange(from: string, to: string): { from: string; to: string } {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/** `period`: the range, and the prior one when a comparison is asked for (which needs both ends). */
function period(input: Json): { from?: string; to?: string; prior: { from: string; to: string } | null } {
  const from = input.from ? String(input.from) : undefined;
  const to = input.to ? String(input.to) : undefined;
  if (!input.compare) return { from, to, prior: null };
  if (!from || !to) throw invalid('compare', 'compare: a comparison needs both from and to', 'required');
  return { from, to, prior: priorRange(from, to) };
}

/** Base64 of UTF-8 text, as a `FileExport` carries its bytes. */
function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** `finances.invoices.pdf` of an invoice numbered `number` (a draft has none): a placeholder PDF. */
export function invoicePdf(number: string | null, language: unknown): FileExport {
  if (language !== undefined && language !== 'en' && language !== 'zh') throw invalid('language', 'language: en or zh');
  return {
    file_name: `${number ?? 'draft-invoice'}.pdf`,
    mime: 'application/pdf',
    base64: base64(`%PDF-1.7 mock invoice ${number ?? '(draft)'} (${String(language ?? 'zh')})\n`),
  };
}

export function createReportsMock(ledger: Ledger) {
  /** `rows` with each account's balance in `prior` beside it (accounts only there included). */
  function withPrior(rows: TrialBalanceRow[], prior: TrialBalanceRow[] | null): TrialBalanceRow[] {
    if (!prior) return rows;
    const merged = rows.map((row) => ({
      ...row,
      prior_balance: prior.find((p) => p.account_id === row.account_id)?.balance ?? '0.00',
    }));
    for (const p of prior)
      if (!rows.some((row) => row.account_id === p.account_id))
        merged.push({ ...p, debit: '0.00', credit: '0.00', balance: '0.00', prior_balance: p.balance });
    return merged.sort((a, b) => a.code.localeCompare(b.code));
  }

  function profitAndLoss(input: Json): ProfitAndLoss {
    ledger.booksOpen();
    const { from, to, prior } = period(input);
    const rows = ledger.balances({ from, to });
    const priorRows = prior ? ledger.balances(prior) : null;
    const of = (list: TrialBalanceRow[] | null, kind: string) => list?.filter((r) => r.kind === kind) ?? null;
    const sum = (list: TrialBalanceRow[] | null) => ledger.total(list ?? [], 'balance');
    const income = withPrior(of(rows, 'income') ?? [], of(priorRows, 'income'));
    const expenses = withPrior(of(rows, 'expense') ?? [], of(priorRows, 'expense'));
    const priorIncome = sum(of(priorRows, 'income'));
    const priorExpenses = sum(of(priorRows, 'expense'));
    return {
      from: from ?? null,
      to: to ?? null,
      prior: prior && {
        ...prior,
        total_income: formatCents(priorIncome),
        total_expenses: formatCents(priorExpenses),
        net: formatCents(priorIncome - priorExpenses),
      },
      income,
      expenses,
      total_income: formatCents(sum(of(rows, 'income'))),
      total_expenses: formatCents(sum(of(rows, 'expense'))),
      net: formatCents(sum(of(rows, 'income')) - sum(of(rows, 'expense'))),
    };
  }

  function balanceSheet(input: Json, today: string): BalanceSheet {
    ledger.booksOpen();
    const asOf = input.as_of ? String(input.as_of) : today;
    const compareTo = input.compare_to ? String(input.compare_to) : null;
    const rows = ledger.balances({ to: asOf });
    const priorRows = compareTo ? ledger.balances({ to: compareTo }) : null;
    const of = (list: TrialBalanceRow[], kind: string) => list.filter((r) => r.kind === kind);
    const sum = (list: TrialBalanceRow[], kind: string) => ledger.total(of(list, kind), 'balance');
    const earnings = (list: TrialBalanceRow[]) => sum(list, 'income') - sum(list, 'expense');
    const prior = (total: (list: TrialBalanceRow[]) => bigint) => (priorRows ? formatCents(total(priorRows)) : null);
    const part = (kind: string) => withPrior(of(rows, kind), priorRows && of(priorRows, kind));
    return {
      as_of: asOf,
      compare_to: compareTo,
      assets: part('asset'),
      liabilities: part('liability'),
      equity: part('equity'),
      earnings: formatCents(earnings(rows)),
      total_assets: formatCents(sum(rows, 'asset')),
      total_liabilities: formatCents(sum(rows, 'liability')),
      total_equity: formatCents(sum(rows, 'equity') + earnings(rows)),
      prior_earnings: prior(earnings),
      prior_total_assets: prior((list) => sum(list, 'asset')),
      prior_total_liabilities: prior((list) => sum(list, 'liability')),
      prior_total_equity: prior((list) => sum(list, 'equity') + earnings(list)),
    };
  }

  /** Cash before `from`, and what moved in the range by category. */
  function cashOver(from: string | undefined, to: string | undefined): { opening: bigint; amounts: bigint[] } {
    // The accounts that hold money: the chart's cash, bank and wallet accounts, and those marked so.
    const cash = new Set(
      ledger
        .accounts()
        .filter((a) => a.holds_money)
        .map((a) => a.id),
    );
    let opening = 0n;
    const amounts = CASH_CATEGORIES.map(() => 0n);
    for (const entry of ledger.entries()) {
      const moved = entry.lines
        .filter((line) => cash.has(line.account_id))
        .reduce((total, line) => total + toCents(line.debit) - toCents(line.credit), 0n);
      if (from && entry.date < from) opening += moved;
      else if (!to || entry.date <= to) amounts[CASH_CATEGORIES.indexOf(CATEGORY_OF[entry.source] ?? 'other')] += moved;
    }
    return { opening, amounts };
  }

  function cashFlow(input: Json): CashFlow {
    ledger.booksOpen();
    const { from, to, prior } = period(input);
    const now = cashOver(from, to);
    const before = prior ? cashOver(prior.from, prior.to) : null;
    const net = now.amounts.reduce((total, amount) => total + amount, 0n);
    const priorNet = before?.amounts.reduce((total, amount) => total + amount, 0n) ?? 0n;
    return {
      from: from ?? null,
      to: to ?? null,
      opening: formatCents(now.opening),
      lines: CASH_CATEGORIES.map((category, i) => ({
        category,
        amount: formatCents(now.amounts[i]),
        prior_amount: before ? formatCents(before.amounts[i]) : null,
      })),
      net: formatCents(net),
      closing: formatCents(now.opening + net),
      prior:
        prior && before
          ? {
              ...prior,
              opening: formatCents(before.opening),
              net: formatCents(priorNet),
              closing: formatCents(before.opening + priorNet),
            }
          : null,
    };
  }

  /** `finances.reports.export`: a placeholder file named as the core names it. */
  function exportReport(input: Json): FileExport {
    ledger.booksOpen();
    const report = String(input.report ?? '');
    const format = String(input.format ?? '');
    if (!REPORTS.includes(report)) throw invalid('report', `report: one of ${REPORTS.join(', ')}`);
    if (!FORMATS[format]) throw invalid('format', 'format: csv, xlsx or pdf');
    const day = String(input.to ?? input.as_of ?? new Date().toISOString().slice(0, 10));
    return {
      file_name: `${report}-${day}.${format}`,
      mime: FORMATS[format],
      base64: base64(`mock ${report} (${JSON.stringify(input)})\n`),
    };
  }

  return { profitAndLoss, balanceSheet, cashFlow, exportReport };
}
