// DEV ONLY: the finance commands for the browser mock (see mockBackend.ts). A small imitation of
// crates/core/src/finance: enough to click through setup, income, expenses, the journal and the reports;
// invoices, payments and taxes are in mockInvoicing.ts, the compared reports and the files in mockReports.ts. The core stays the only source of truth for the
// ledger's rules.
import type {
  Account,
  AccountKind,
  FinanceSettings,
  JournalEntry,
  JournalLine,
  MoneyEvent,
  TrialBalanceRow,
} from '../api/bindings';
import { percentOrNull, taxOf } from './mockTaxMath';
import { formatCents, isAmount, toCents } from '../features/finance/money';
import {
  createInvoicingMock,
  INVOICING_PERMISSIONS,
  notMoney,
  type Ledger,
  type MockCustomer,
  type MockProduct,
  type StockHook,
} from './mockInvoicing';
import { createRecurringMock } from './mockRecurring';
import { createReportsMock } from './mockReports';

type Json = Record<string, unknown>;

/** The permission each finance command needs (`finances.periods.close` back in time: security.manage too). */
export const FINANCE_PERMISSIONS: Record<string, string> = {
  'finances.setup': 'finance.manage',
  'finances.settings.get': 'finance.read',
  'finances.accounts.list': 'finance.read',
  'finances.accounts.create': 'finance.manage',
  'finances.accounts.update': 'finance.manage',
  'finances.journal.list': 'finance.read',
  'finances.journal.get': 'finance.read',
  'finances.journal.create': 'finance.write',
  'finances.journal.reverse': 'finance.write',
  'finances.periods.close': 'finance.manage',
  'finances.periods.late_postings': 'finance.read',
  'finances.income.create': 'finance.write',
  'finances.income.list': 'finance.read',
  'finances.income.void': 'finance.write',
  'finances.expenses.create': 'finance.write',
  'finances.expenses.list': 'finance.read',
  'finances.expenses.void': 'finance.write',
  'finances.attachments.add': 'finance.write',
  'finances.attachments.get': 'finance.read',
  'finances.attachments.remove': 'finance.write',
  'finances.invoices.attention': 'finance.read',
  'finances.reports.trial_balance': 'finance.read',
  'finances.reports.profit_and_loss': 'finance.read',
  'finances.reports.balance_sheet': 'finance.read',
  'finances.reports.cash_flow': 'finance.read',
  'finances.reports.export': 'finance.read',
  ...INVOICING_PERMISSIONS,
};

/** A few accounts of each chart (crates/core/src/finance/templates.rs). */
const CHARTS: Record<string, [string, string, AccountKind][]> = {
  generic: [
    ['1000', 'Cash', 'asset'],
    ['1010', 'Bank', 'asset'],
    ['1100', 'Accounts receivable', 'asset'],
    ['1300', 'Input VAT', 'asset'],
    ['2000', 'Accounts payable', 'liability'],
    ['2100', 'Output VAT', 'liability'],
    ['2900', 'Customer credit', 'liability'],
    ['3000', "Owner's equity", 'equity'],
    ['4000', 'Sales', 'income'],
    ['4900', 'Other income', 'income'],
    ['6000', 'Rent', 'expense'],
    ['6100', 'Wages', 'expense'],
    ['6900', 'Other expenses', 'expense'],
  ],
  prc_small_business: [
    ['1001', '库存现金', 'asset'],
    ['1002', '银行存款', 'asset'],
    ['1012', '其他货币资金', 'asset'],
    ['1122', '应收账款', 'asset'],
    ['2202', '应付账款', 'liability'],
    ['2203', '预收账款', 'liability'],
    ['2221', '应交税费', 'liability'],
    ['3001', '实收资本', 'equity'],
    ['5001', '主营业务收入', 'income'],
    ['5051', '其他业务收入', 'income'],
    ['5601', '销售费用', 'expense'],
    ['5602', '管理费用', 'expense'],
    ['5603', '财务费用', 'expense'],
  ],
};

/** The kinds of receipt the core keeps, told by their first bytes (base64 of the magic numbers). */
const RECEIPT_KINDS: [string, string, string][] = [
  ['iVBORw0KGgo', 'image/png', 'png'],
  ['/9j/', 'image/jpeg', 'jpg'],
  ['UklGR', 'image/webp', 'webp'],
  ['JVBERi0', 'application/pdf', 'pdf'],
];

/** At most this many receipts on one record (crates/core/src/finance/attachments.rs). */
const RECEIPTS_MAX = 10;

const invalid = (field: string, message: string) => ({ code: 'validation', field, reason: 'invalid_value', message });

/**
 * `mode` `seeded`: the books start set up (PRC chart), with a few entries of today, the PRC VAT rates, two
 * invoices and two recurring invoices; `late`: the same, with the books closed through yesterday and an entry a
 * till that was offline posted into that day after the close. `customer` finds the customers invoices are made
 * out to.
 */
export function createFinanceMock(
  mode: string | null,
  customer: (id: unknown) => MockCustomer | null,
  product: (id: string) => MockProduct | null = () => null,
  stockMoved: StockHook = () => undefined,
) {
  const seeded = mode === 'seeded' || mode === 'late';
  let settings: FinanceSettings | null = null;
  /** When the books were last closed through `closed_through`: entries posted into it after are late. */
  let closedAtMs = 0;
  const accounts: Account[] = [];
  /** The chart's own cash, bank and wallet accounts: they always hold money, whatever an update says. */
  const chartMoney = new Set<string>();
  const entries: JournalEntry[] = [];
  const events: MoneyEvent[] = [];
  /** The receipts' bytes (base64) by hash: the data folder's `attachments/`. */
  const files = new Map<string, string>();

  function booksOpen(): FinanceSettings {
    if (!settings)
      throw { code: 'conflict', message: 'the ledger is not set up yet: choose a chart of accounts first' };
    return settings;
  }

  function accountOf(field: string, id: unknown, kinds: AccountKind[]): Account {
    const found = accounts.find((a) => a.id === id && !a.archived && kinds.includes(a.kind));
    if (!found) throw invalid(field, `${field}: no usable ${kinds.join(' or ')} account`);
    return found;
  }

  /** What the core picks when none is given: the chart's first active account of the kind, by code. */
  function firstOfKind(kind: AccountKind): string | undefined {
    return accounts.filter((a) => a.kind === kind && !a.archived).sort((a, b) => a.code.localeCompare(b.code))[0]?.id;
  }

  /** `holds_money` is for assets only (`ops::check_holds_money`). */
  function checkHoldsMoney(kind: AccountKind, holdsMoney: boolean) {
    if (holdsMoney && kind !== 'asset')
      throw invalid('holds_money', 'holds_money: only an asset account (cash, a bank, a wallet) holds money');
  }

  function inRange<T extends { date: string }>(items: T[], input: Json): T[] {
    return items.filter(
      (item) => (!input.from || item.date >= String(input.from)) && (!input.to || item.date <= String(input.to)),
    );
  }

  function post(date: string, memo: string, source: string, lines: JournalLine[], by: string): JournalEntry {
    const closed = booksOpen().closed_through;
    if (closed && date <= closed)
      throw {
        code: 'validation',
        field: 'date',
        reason: 'out_of_range',
        message: `date ${date} is in a closed period`,
      };
    const entry: JournalEntry = {
      id: crypto.randomUUID(),
      date,
      memo,
      source,
      source_id: null,
      reverses: null,
      reversed_by: null,
      lines,
      posted_by_name: by,
      posted_at_ms: Date.now(),
    };
    entries.unshift(entry);
    return entry;
  }

  function line(account: Account, debit: bigint, credit: bigint): JournalLine {
    return {
      account_id: account.id,
      account_code: account.code,
      account_name: account.name,
      debit: formatCents(debit),
      credit: formatCents(credit),
    };
  }

  function reverse(entry: JournalEntry, by: string): JournalEntry {
    if (entry.reversed_by) throw { code: 'conflict', message: 'the entry is reversed already' };
    const mirror = entry.lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
    const reversal = post(entry.date, `Reversal: ${entry.memo}`, 'reversal', mirror, by);
    reversal.reverses = entry.id;
    entry.reversed_by = reversal.id;
    return reversal;
  }

  function balances(input: Json): TrialBalanceRow[] {
    const posted = inRange(entries, input).flatMap((entry) => entry.lines);
    return accounts.flatMap((account) => {
      const own = posted.filter((l) => l.account_id === account.id);
      if (own.length === 0) return [];
      const debit = own.reduce((sum, l) => sum + toCents(l.debit), 0n);
      const credit = own.reduce((sum, l) => sum + toCents(l.credit), 0n);
      const debitNormal = account.kind === 'asset' || account.kind === 'expense';
      return [
        {
          account_id: account.id,
          code: account.code,
          name: account.name,
          kind: account.kind,
          debit: formatCents(debit),
          credit: formatCents(credit),
          balance: formatCents(debitNormal ? debit - credit : credit - debit),
          prior_balance: null,
        },
      ];
    });
  }

  const total = (rows: TrialBalanceRow[], key: 'debit' | 'credit' | 'balance') =>
    rows.reduce((sum, row) => sum + toCents(row[key]), 0n);

  const ledger: Ledger = {
    booksOpen,
    accounts: () => accounts,
    events: () => events,
    entries: () => entries,
    post,
    line,
    reverse,
    balances,
    total,
  };
  const invoicing = createInvoicingMock(ledger, customer, product, stockMoved);
  const reports = createReportsMock(ledger);
  const recurring = createRecurringMock({
    booksOpen,
    closedThrough: () => booksOpen().closed_through,
    priceLines: invoicing.priceLines,
    customer: invoicing.customer,
    invoicing: invoicing.call,
    today: () => new Date().toISOString().slice(0, 10),
  });

  /** `finances.periods.late_postings`: entries dated in the closed period but posted after it was closed. */
  function latePostings() {
    const closed = booksOpen().closed_through;
    if (!closed) return [];
    return entries
      .filter((entry) => entry.date <= closed && entry.posted_at_ms > closedAtMs)
      .map((entry) => ({ entry, closed_at_ms: closedAtMs }));
  }

  /** `finances.attachments.*`: receipts on an income or expense, kept by a hash of their bytes. */
  function attachments(command: string, input: Json): unknown {
    const event = events.find((e) => e.id === input.owner_id);
    if (!event) throw { code: 'not_found', message: 'no such income or expense' };
    const hash = String(input.hash ?? '');
    if (command === 'finances.attachments.add') {
      const base64 = String(input.base64 ?? '');
      const kind = RECEIPT_KINDS.find(([start]) => base64.startsWith(start));
      if (!kind) throw invalid('base64', 'base64: a receipt is a PNG, JPEG, WebP or PDF file');
      if (event.attachments.length >= RECEIPTS_MAX)
        throw { code: 'validation', field: 'owner_id', reason: 'too_many', limit: RECEIPTS_MAX, message: 'too many' };
      let sum = 0;
      for (const c of base64) sum = (sum * 31 + c.charCodeAt(0)) >>> 0;
      const added = sum.toString(16).padStart(8, '0');
      files.set(added, base64);
      if (!event.attachments.some((a) => a.hash === added))
        event.attachments.push({
          hash: added,
          file_name: String(input.file_name ?? '').trim() || `receipt.${kind[2]}`,
          mime: kind[1],
          size: Math.floor((base64.replace(/=+$/, '').length * 3) / 4),
        });
      return event;
    }
    const attachment = event.attachments.find((a) => a.hash === hash);
    if (!attachment) throw { code: 'not_found', message: `attachment ${hash} not found` };
    if (command === 'finances.attachments.remove') {
      event.attachments = event.attachments.filter((a) => a.hash !== hash);
      return event;
    }
    const base64 = files.get(hash);
    if (base64 === undefined)
      throw {
        code: 'not_found',
        message: 'the file was attached on another device and has not reached this one',
      };
    return { file_name: attachment.file_name, mime: attachment.mime, base64 };
  }

  /** Answers one finance command for `by` (their name); `can` says what they may do. */
  function call(command: string, input: Json, by: string, can: (permission: string) => boolean): unknown {
    const kind = command.startsWith('finances.income.') ? 'income' : 'expense';
    switch (command) {
      case 'finances.setup': {
        if (settings) throw { code: 'conflict', message: 'the ledger is set up already' };
        const chart = CHARTS[String(input.template)];
        if (!chart) throw invalid('template', 'template: generic or prc_small_business');
        const currency = String(input.base_currency ?? 'CNY').toUpperCase();
        settings = {
          base_currency: currency,
          template: String(input.template),
          closed_through: null,
          tax_rounding: 'line',
          payment_terms_days: 30,
          invoice_header: '',
          has_logo: false,
          cashier_discount_max_percent: null,
          // The shop's day: the computer's offset, as the app sends it (default: China, UTC+8).
          utc_offset_minutes: Number(input.utc_offset_minutes ?? 480),
        };
        for (const [code, name, accountKind] of chart)
          accounts.push({
            id: `acct-${code}`,
            code,
            name,
            kind: accountKind,
            archived: false,
            holds_money: false,
            created_at_ms: 0,
            updated_at_ms: 0,
          });
        for (const role of ['cash', 'bank', 'wallet'] as const) {
          const money = invoicing.roleAccount(role);
          money.holds_money = true;
          chartMoney.add(money.id);
        }
        return settings;
      }
      case 'finances.settings.get':
        return booksOpen();
      case 'finances.accounts.list':
        booksOpen();
        return [...accounts].sort((a, b) => a.code.localeCompare(b.code));
      case 'finances.accounts.create': {
        booksOpen();
        const code = String(input.code ?? '').trim();
        if (!/^[A-Za-z0-9.-]+$/.test(code) || accounts.some((a) => a.code === code))
          throw invalid('code', `code ${code} is not valid or taken`);
        const accountKind = input.kind as AccountKind;
        const holdsMoney = input.holds_money === true;
        checkHoldsMoney(accountKind, holdsMoney);
        const account: Account = {
          id: `acct-${code}`,
          code,
          name: String(input.name ?? '').trim(),
          kind: accountKind,
          archived: false,
          holds_money: holdsMoney,
          created_at_ms: Date.now(),
          updated_at_ms: Date.now(),
        };
        accounts.push(account);
        return account;
      }
      case 'finances.accounts.update': {
        const account = accounts.find((a) => a.id === input.id);
        if (!account) throw invalid('id', 'no such account');
        if (typeof input.name === 'string') account.name = input.name;
        if (typeof input.archived === 'boolean') account.archived = input.archived;
        if (typeof input.holds_money === 'boolean') {
          checkHoldsMoney(account.kind, input.holds_money);
          // The chart's own cash, bank and wallet accounts are listed as holding money all the same.
          account.holds_money = input.holds_money || chartMoney.has(account.id);
        }
        return account;
      }
      case 'finances.journal.list':
        booksOpen();
        return inRange(entries, input);
      case 'finances.journal.get': {
        const entry = entries.find((e) => e.id === input.id);
        if (!entry) throw { code: 'not_found', message: 'no such journal entry' };
        return entry;
      }
      case 'finances.journal.create': {
        const lines = (input.lines ?? []) as Json[];
        if (lines.length < 2) throw invalid('lines', 'lines: an entry has 2 to 100 lines');
        const posted = lines.map((l, i) => {
          for (const side of ['debit', 'credit'])
            if (l[side] !== undefined && !isAmount(String(l[side])))
              throw invalid(`lines[${i}].${side}`, `lines[${i}].${side} is not an amount like 1234.50`);
          const debit = l.debit === undefined ? 0n : toCents(String(l.debit));
          const credit = l.credit === undefined ? 0n : toCents(String(l.credit));
          if (debit > 0n === credit > 0n)
            throw invalid(`lines[${i}]`, `lines[${i}]: a debit or a credit above zero, not both`);
          return line(
            accountOf(`lines[${i}].account_id`, l.account_id, ['asset', 'liability', 'equity', 'income', 'expense']),
            debit,
            credit,
          );
        });
        const debits = posted.reduce((sum, l) => sum + toCents(l.debit), 0n);
        const credits = posted.reduce((sum, l) => sum + toCents(l.credit), 0n);
        if (debits !== credits)
          throw invalid(
            'lines',
            `lines: debits (${formatCents(debits)}) and credits (${formatCents(credits)}) differ by ${formatCents(debits - credits)}`,
          );
        return post(String(input.date), String(input.memo ?? ''), 'manual', posted, by);
      }
      case 'finances.journal.reverse': {
        const entry = entries.find((e) => e.id === input.id);
        if (!entry) throw { code: 'not_found', message: 'no such journal entry' };
        if (entry.source !== 'manual') throw { code: 'conflict', message: 'void the income or expense instead' };
        return reverse(entry, by);
      }
      case 'finances.periods.close': {
        const books = booksOpen();
        const through = (input.through as string | null) ?? null;
        const reopens = books.closed_through !== null && (through === null || through < books.closed_through);
        if (reopens && !can('security.manage'))
          throw { code: 'forbidden', message: 'only an owner may reopen a closed period' };
        books.closed_through = through;
        closedAtMs = Date.now();
        return books;
      }
      case 'finances.periods.late_postings':
        return latePostings();
      case 'finances.attachments.add':
      case 'finances.attachments.get':
      case 'finances.attachments.remove':
        return attachments(command, input);
      case 'finances.invoices.attention':
        booksOpen();
        return [];
      case 'finances.recurring.list':
      case 'finances.recurring.create':
      case 'finances.recurring.update':
      case 'finances.recurring.run':
        return recurring.call(command, input, by);
      case 'finances.income.create':
      case 'finances.expenses.create': {
        booksOpen();
        const amount = String(input.amount ?? '');
        if (!isAmount(amount)) throw invalid('amount', `amount: '${amount}' is not an amount like 1234.50`);
        const cents = toCents(amount);
        if (cents <= 0n)
          throw { code: 'validation', field: 'amount', reason: 'out_of_range', message: 'amount must be above zero' };
        const categoryKind: AccountKind = kind === 'income' ? 'income' : 'expense';
        const moneyKinds: AccountKind[] = kind === 'income' ? ['asset'] : ['asset', 'liability'];
        const category = accountOf('category_id', input.category_id ?? firstOfKind(categoryKind), [categoryKind]);
        const account = accountOf('account_id', input.account_id ?? firstOfKind('asset'), moneyKinds);
        // Money comes from or goes to cash, a bank or a wallet; an expense may also be paid by credit card.
        if (account.kind === 'asset' && !account.holds_money) throw notMoney(account);
        // Tax inside the amount: output tax on income, input tax on an expense.
        const tax = input.tax_id ? invoicing.taxById('tax_id', input.tax_id) : null;
        const taxCents = tax ? taxOf(cents, percentOrNull(tax.rate) ?? 0n, true) : 0n;
        const taxLines =
          taxCents > 0n
            ? [
                kind === 'income'
                  ? line(invoicing.roleAccount('output_tax'), 0n, taxCents)
                  : line(invoicing.roleAccount('input_tax'), taxCents, 0n),
              ]
            : [];
        const lines =
          kind === 'income'
            ? [line(account, cents, 0n), line(category, 0n, cents - taxCents), ...taxLines]
            : [line(category, cents - taxCents, 0n), ...taxLines, line(account, 0n, cents)];
        const description = String(input.description ?? '');
        const entry = post(String(input.date), description || category.name, kind, lines, by);
        const event: MoneyEvent = {
          id: crypto.randomUUID(),
          kind,
          date: entry.date,
          amount: formatCents(cents),
          category_id: category.id,
          category_name: `${category.code} ${category.name}`,
          account_id: account.id,
          account_name: `${account.code} ${account.name}`,
          party: String(input.party ?? ''),
          description,
          entry_id: entry.id,
          voided: false,
          created_by_name: by,
          created_at_ms: Date.now(),
          tax: formatCents(taxCents),
          tax_id: tax?.id ?? null,
          attachments: [],
        };
        events.unshift(event);
        return event;
      }
      case 'finances.income.list':
      case 'finances.expenses.list':
        booksOpen();
        return inRange(
          events.filter((e) => e.kind === kind),
          input,
        );
      case 'finances.income.void':
      case 'finances.expenses.void': {
        const event = events.find((e) => e.id === input.id && e.kind === kind);
        if (!event) throw { code: 'not_found', message: 'no such income or expense' };
        if (event.voided) throw { code: 'conflict', message: 'it is voided already' };
        const entry = entries.find((e) => e.id === event.entry_id);
        if (entry) reverse(entry, by);
        event.voided = true;
        return event;
      }
      case 'finances.reports.trial_balance': {
        booksOpen();
        const rows = balances(input);
        return {
          from: input.from ?? null,
          to: input.to ?? null,
          rows,
          total_debit: formatCents(total(rows, 'debit')),
          total_credit: formatCents(total(rows, 'credit')),
        };
      }
      case 'finances.reports.profit_and_loss':
        return reports.profitAndLoss(input);
      case 'finances.reports.balance_sheet':
        return reports.balanceSheet(input, new Date().toISOString().slice(0, 10));
      case 'finances.reports.cash_flow':
        return reports.cashFlow(input);
      case 'finances.reports.export':
        return reports.exportReport(input);
      default:
        return invoicing.call(command, input, by, can);
    }
  }

  if (seeded) {
    const today = new Date().toISOString().slice(0, 10);
    const owner = 'Owner';
    call('finances.setup', { template: 'prc_small_business' }, owner, () => true);
    call(
      'finances.journal.create',
      {
        date: today,
        memo: 'Owner puts in capital',
        lines: [
          { account_id: 'acct-1002', debit: '50000' },
          { account_id: 'acct-3001', credit: '50000' },
        ],
      },
      owner,
      () => true,
    );
    for (const [amount, party] of [
      ['1288.00', 'Walk-in'],
      ['356.50', '王小明'],
      ['0.10', 'Test'],
    ])
      call('finances.income.create', { date: today, amount, party }, owner, () => true);
    call(
      'finances.expenses.create',
      { date: today, amount: '4500', party: 'Landlord', description: 'Rent' },
      owner,
      () => true,
    );
    invoicing.seed(owner);
    const taxes = invoicing.call('finances.taxes.list', {}, owner) as { id: string }[];
    if (customer('c-000010') && taxes.length > 0) recurring.seed('c-000010', taxes[0].id);
  }

  if (mode === 'late') {
    // The till, offline, posted into yesterday; meanwhile (an hour before it synced) the books were closed.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    call('finances.income.create', { date: yesterday, amount: '86.00', party: 'Walk-in' }, '小王', () => true);
    call('finances.periods.close', { through: yesterday }, 'Owner', () => true);
    closedAtMs = Date.now() - 3_600_000;
  }

  return { call };
}
