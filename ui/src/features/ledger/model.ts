import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import type {
  Account,
  AccountKind,
  DateRange,
  FinanceSettings,
  JournalEntry,
  PeriodInput,
  Tax,
} from '../../api/bindings';
import { toApiError, type FieldRefusal } from '../../api/rpc';
import { reasonText } from '../../shared/errors';

/** How dates cross the wire. */
export const DATE_FORMAT = 'YYYY-MM-DD';

export const ACCOUNT_KINDS: AccountKind[] = ['asset', 'liability', 'equity', 'income', 'expense'];

export const KIND_COLORS: Record<AccountKind, string> = {
  asset: 'blue',
  liability: 'orange',
  equity: 'purple',
  income: 'green',
  expense: 'red',
};

/** Income and expenses share one screen; this says which. */
export type MoneyKind = 'income' | 'expense';

/** The commands of each kind of money event. */
export const MONEY_COMMANDS = {
  income: {
    list: 'finances.income.list',
    create: 'finances.income.create',
    void: 'finances.income.void',
  },
  expense: {
    list: 'finances.expenses.list',
    create: 'finances.expenses.create',
    void: 'finances.expenses.void',
  },
} as const;

/**
 * The kind of account a money event's category is, and the kinds its money may also come from besides the
 * accounts that hold money: an expense may be paid by credit card, a liability.
 */
export const MONEY_ACCOUNT_KINDS: Record<MoneyKind, { category: AccountKind; account: AccountKind[] }> = {
  income: { category: 'income', account: [] },
  expense: { category: 'expense', account: ['liability'] },
};

/** A picked range of whole days; null: every day. */
export type PickedRange = [Dayjs | null, Dayjs | null] | null;

export function thisMonth(): PickedRange {
  const today = dayjs();
  return [today.startOf('month'), today.endOf('month')];
}

/** The wire's `DateRange` of a picked range; an open end is left out. */
export function toDateRange(range: PickedRange): DateRange {
  const [from, to] = range ?? [null, null];
  const dates: DateRange = {};
  if (from) dates.from = from.format(DATE_FORMAT);
  if (to) dates.to = to.format(DATE_FORMAT);
  return dates;
}

/** Whether a report of `dates` can be compared with the period before: that takes both ends. */
export function canCompare(dates: DateRange): boolean {
  return Boolean(dates.from && dates.to);
}

/** A period report's input: `dates`, compared with the period before when asked for and possible. */
export function periodInput(dates: DateRange, compare: boolean): PeriodInput {
  return compare && canCompare(dates) ? { ...dates, compare: true } : dates;
}

/** For date pickers: days on or before `closedThrough` take no new entries. */
export function inClosedPeriod(closedThrough: string | null): (day: Dayjs) => boolean {
  return (day) => closedThrough !== null && day.format(DATE_FORMAT) <= closedThrough;
}

/** "5001 主营业务收入": how the chart names an account everywhere. */
export function accountLabel(account: Pick<Account, 'code' | 'name'>): string {
  return `${account.code} ${account.name}`;
}

/** Select options of the active accounts of `kinds`, in the chart's order. */
export function accountOptions(
  accounts: readonly Account[],
  kinds: readonly AccountKind[],
): { value: string; label: string }[] {
  return accounts
    .filter((account) => !account.archived && kinds.includes(account.kind))
    .map((account) => ({ value: account.id, label: accountLabel(account) }));
}

/** Whether money is kept in the account: cash, a bank account or an e-wallet (only assets are). */
export function isMoneyAccount(account: Pick<Account, 'kind' | 'holds_money'>): boolean {
  return account.kind === 'asset' && account.holds_money;
}

/**
 * Select options of the active accounts money goes into or comes out of: cash, bank and wallet accounts (the
 * core refuses any other asset), and those of `alsoKinds`, in the chart's order.
 */
export function moneyAccountOptions(
  accounts: readonly Account[],
  alsoKinds: readonly AccountKind[] = [],
): { value: string; label: string }[] {
  return accounts
    .filter((account) => !account.archived && (isMoneyAccount(account) || alsoKinds.includes(account.kind)))
    .map((account) => ({ value: account.id, label: accountLabel(account) }));
}

/** Whether the core refused because the books are not set up yet (`finances.settings.get` and the rest). */
export function isNotSetUp(error: unknown): boolean {
  return error !== null && toApiError(error).code === 'conflict';
}

/** A money field as the core names them: `amount`, `lines[0].debit`, `lines[3].credit`, `lines[1].unit_price`. */
const AMOUNT_FIELD = /^(amount|lines\[\d+\]\.(debit|credit|unit_price))$/;

/** An invoice line's quantity: `lines[0].quantity`. */
const QUANTITY_FIELD = /^lines\[\d+\]\.quantity$/;

/** A percentage: a tax's `rate` (or a group's `components[1].rate`), a line's `lines[0].discount`. */
const PERCENT_FIELD = /^(rate|components\[\d+\]\.rate|lines\[\d+\]\.discount)$/;

/** A line's discount: `lines[0].discount`. */
const DISCOUNT_FIELD = /^lines\[\d+\]\.discount$/;

/** A tax picked for a line or a record: `tax_id`, `lines[2].tax_id`. */
const TAX_FIELD = /^(tax_id|lines\[\d+\]\.tax_id)$/;

/**
 * Why the core refused a finance field, in the UI language: an amount's format or sign, a date in a closed
 * period, or else what `reasonText` says.
 */
export function fieldText(
  t: TFunction,
  error: Omit<FieldRefusal, 'field'> & { field?: string },
  closedThrough: string | null,
): string {
  const field = error.field ?? '';
  if (AMOUNT_FIELD.test(field)) {
    if (error.reason === 'invalid_value') return t('finance.amountInvalid');
    if (error.reason === 'out_of_range') return t('finance.amountPositive');
  }
  if (QUANTITY_FIELD.test(field)) {
    if (error.reason === 'invalid_value') return t('finance.quantityInvalid');
    if (error.reason === 'out_of_range') return t('finance.quantityPositive');
  }
  // A cashier's discount above the company's cap: only that refusal carries a limit (the cap, whole percent).
  if (DISCOUNT_FIELD.test(field) && error.reason === 'out_of_range' && error.limit !== undefined) {
    return t('finance.invoices.discountCap', { limit: error.limit });
  }
  if (PERCENT_FIELD.test(field)) {
    if (error.reason === 'invalid_value') return t('finance.percentInvalid');
    if (error.reason === 'out_of_range') return t('finance.percentRange');
  }
  if (TAX_FIELD.test(field) && error.reason === 'invalid_value') return t('finance.taxArchived');
  if (field === 'date' && error.reason === 'out_of_range' && closedThrough) {
    return t('finance.dateClosed', { date: closedThrough });
  }
  if (field === 'due_date' && error.reason === 'out_of_range') return t('finance.invoices.dueBeforeIssue');
  if (field === 'end_date' && error.reason === 'out_of_range') return t('finance.recurring.endBeforeStart');
  if (field === 'currency' && error.reason === 'invalid_value') return t('finance.invoices.currencyInvalid');
  if (field === 'exchange_rate') {
    if (error.reason === 'invalid_value') return t('finance.invoices.rateInvalid');
    if (error.reason === 'out_of_range') return t('finance.invoices.rateRange');
    if (error.reason === 'required') return t('finance.invoices.rateRequired');
  }
  if (field === 'method' && error.reason === 'invalid_value') return t('finance.payments.methodRefused');
  if (error.reason === 'invalid_value') {
    if (/^lines\[\d+\]\.account_id$/.test(field)) return t('finance.accountArchived');
    if (field === 'category_id' || field === 'account_id') return t('finance.accountNotAllowed');
    if (field === 'code') return t('finance.accounts.codeInvalid');
  }
  return reasonText(t, error);
}

/**
 * Puts a `validation` error on the form field it names (`fields`: the core's names → form paths). False when
 * it is not one of this form's fields, for the caller to show elsewhere.
 */
export function showFinanceFieldError(
  t: TFunction,
  form: FormInstance,
  error: unknown,
  fields: Record<string, (string | number)[]>,
  closedThrough: string | null,
): boolean {
  const apiError = toApiError(error);
  if (apiError.code !== 'validation' || !apiError.field) return false;
  // Every field the core refused when it checked the form as a whole, else the one it named.
  const refused = apiError.fields.length > 0 ? apiError.fields : [{ ...apiError, field: apiError.field }];
  const shown = refused.flatMap((refusal) => {
    const path = fields[refusal.field];
    return path ? [{ name: path, errors: [fieldText(t, refusal, closedThrough)] }] : [];
  });
  if (shown.length === 0) return false;
  form.setFields(shown);
  return true;
}

/**
 * A line's field the core named: `lines[2]` (the whole line) or `lines[2].debit`, one of the form's `parts`.
 * Null for anything else, a part the form does not show included.
 */
export function lineField<P extends string>(
  field: string | undefined,
  parts: readonly P[],
): { index: number; part: P | null } | null {
  const match = /^lines\[(\d+)\](?:\.(\w+))?$/.exec(field ?? '');
  if (!match) return null;
  const part = match[2];
  if (part === undefined) return { index: Number(match[1]), part: null };
  return (parts as readonly string[]).includes(part) ? { index: Number(match[1]), part: part as P } : null;
}

/** What every tab of the books gets from the page. */
export type BooksTabProps = {
  /** The whole chart, archived accounts included, in code order. */
  accounts: Account[];
  settings: FinanceSettings;
  /** Every tax, archived ones included (none without sales.read, which reading them takes). */
  taxes: Tax[];
  /** Changes after any change made here: reload. */
  version: number;
  /** Call after a change, so that every tab reloads (an income also posts a journal entry). */
  onChanged: () => void;
};

/** "VAT standard (20%)"; "增值税 13%" as it is, when the name says the rate already. A group shows its total. */
export function taxLabel(tax: Pick<Tax, 'name' | 'rate'>): string {
  return tax.name.includes(`${tax.rate}%`) ? tax.name : `${tax.name} (${tax.rate}%)`;
}

/** Select options of the taxes a new line or record may use: the active ones. */
export function taxOptions(taxes: readonly Tax[]): { value: string; label: string }[] {
  return taxes.filter((tax) => !tax.archived).map((tax) => ({ value: tax.id, label: taxLabel(tax) }));
}

/** One line as the form holds it. */

/**
 * An entry's memo in the language read: the app's own entries carry it in Chinese too (`memo_zh`); one a person
 * typed has only what they typed.
 */
export function memoIn(chinese: boolean, entry: JournalEntry): string {
  return chinese && entry.memo_zh ? entry.memo_zh : entry.memo;
}
