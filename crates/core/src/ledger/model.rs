//! The ledger's records: accounts, journal entries, income and expenses, the books' settings and
//! closed periods, and the reports read from them. Amounts in documents are integers of minor
//! units; on the wire they are decimal strings.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::amount::Amount;
use crate::kernel::ids::{AccountId, EntryId, FinanceSettingsId, MoneyEventId, TaxId, UserId};
use crate::kernel::numbers::Rounding;

/// What an account is; it decides the side its balance sits on and the report it appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl AccountKind {
    pub const ALL: [AccountKind; 5] = [
        AccountKind::Asset,
        AccountKind::Liability,
        AccountKind::Equity,
        AccountKind::Income,
        AccountKind::Expense,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Asset => "asset",
            AccountKind::Liability => "liability",
            AccountKind::Equity => "equity",
            AccountKind::Income => "income",
            AccountKind::Expense => "expense",
        }
    }

    pub fn parse(text: &str) -> Option<AccountKind> {
        AccountKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Assets and expenses grow with debits; the rest with credits.
    pub fn debit_normal(self) -> bool {
        matches!(self, AccountKind::Asset | AccountKind::Expense)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Reconcile, Hydrate, TS)]
pub struct Account {
    pub id: AccountId,
    /// The account's number in the chart (`1001`, `6602`): unique, and it orders the chart.
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub archived: bool,
    /// Cash, a bank account or an e-wallet: where payments land, and what the cash flow
    /// statement follows. The chart's own cash, bank and wallet accounts always are.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub holds_money: bool,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub updated_at_ms: i64,
}

/// One line of a journal entry: a debit or a credit (never both) to one account.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct LineRecord {
    pub account_id: AccountId,
    /// Minor units; exactly one of debit and credit is above zero.
    pub debit: Amount,
    pub credit: Amount,
}

/// A posted journal entry. Never changed once written: a correction is a reversing entry.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct EntryRecord {
    pub id: EntryId,
    /// The day it belongs to (`YYYY-MM-DD`): what periods and reports go by.
    pub date: String,
    pub memo: String,
    /// The memo in Chinese, for the entries the app posts itself (an invoice, a payment, a
    /// stocktake…); none for one a person typed, and in entries written before it existed.
    #[autosurgeon(missing = "Default::default")]
    pub memo_zh: Option<String>,
    /// `manual`, `income`, `expense` or `reversal`.
    pub source: String,
    /// The income or expense it records, if any.
    pub source_id: Option<String>,
    /// The entry this one reverses.
    pub reverses: Option<EntryId>,
    pub lines: Vec<LineRecord>,
    pub posted_by: UserId,
    pub posted_by_name: String,
    pub posted_at_ms: i64,
}

/// What a journal entry is about, in English and in Chinese. The entries the app posts itself
/// say it in both ([`Memo::both`]); only the ledger writes a memo in one language, the one a
/// person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Memo {
    en: String,
    zh: Option<String>,
}

impl Memo {
    /// A memo the app writes itself, in both languages. Each is cut to the memo's limit: what
    /// it names (a customer, a product) may be long, and the posting must still go through.
    pub fn both(en: impl AsRef<str>, zh: impl AsRef<str>) -> Self {
        Memo {
            en: super::ops::clip(en.as_ref()),
            zh: Some(super::ops::clip(zh.as_ref())),
        }
    }

    /// A memo as a person typed it: checked when posted, never cut, and with no Chinese.
    pub(super) fn typed(text: &str) -> Self {
        Memo {
            en: text.to_string(),
            zh: None,
        }
    }

    /// What reverses a posted entry that records a document being voided: "Void: …", "冲销：…".
    pub fn void_of(entry: &EntryRecord) -> Self {
        Memo::both(
            format!("Void: {}", entry.memo),
            format!("冲销：{}", entry.memo_in_zh()),
        )
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    pub fn zh(&self) -> Option<&str> {
        self.zh.as_deref()
    }
}

impl EntryRecord {
    /// The memo to read in Chinese: its Chinese, or the memo itself when it has none (typed by
    /// a person, or posted before memos had Chinese).
    pub fn memo_in_zh(&self) -> &str {
        self.memo_zh.as_deref().unwrap_or(&self.memo)
    }
}

/// A journal entry as callers see it: amounts as decimal strings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JournalEntry {
    pub id: EntryId,
    pub date: String,
    pub memo: String,
    /// The memo in Chinese, when the app wrote it (null for an entry a person typed): what a
    /// journal read in Chinese shows instead of `memo`.
    pub memo_zh: Option<String>,
    pub source: String,
    pub source_id: Option<String>,
    pub reverses: Option<EntryId>,
    /// The entry that reverses this one, if any.
    pub reversed_by: Option<EntryId>,
    /// Whether `finances.journal.reverse` takes it: typed in (manual, opening balances), not
    /// reversed and not a reversal.
    pub reversible: bool,
    pub lines: Vec<JournalLine>,
    /// The sum of its debits (which equals the sum of its credits).
    pub total: String,
    pub posted_by_name: String,
    #[ts(type = "number")]
    pub posted_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JournalLine {
    pub account_id: AccountId,
    pub account_code: String,
    pub account_name: String,
    /// Decimal strings; "0.00" on the other side.
    pub debit: String,
    pub credit: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalLineInput {
    pub account_id: AccountId,
    #[serde(default)]
    #[ts(optional)]
    pub debit: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub credit: Option<String>,
}

/// The lines of a journal entry as typed so far, to total while someone types.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalPreviewInput {
    pub lines: Vec<JournalPreviewLine>,
}

/// A line as typed so far: its account may not be picked yet (blank).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalPreviewLine {
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub account_id: Option<AccountId>,
    #[serde(default)]
    #[ts(optional)]
    pub debit: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub credit: Option<String>,
}

/// What the lines typed so far add up to; an amount that cannot be read yet counts as nothing.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JournalPreview {
    pub total_debit: String,
    pub total_credit: String,
    /// How far debits and credits are apart, never negative.
    pub difference: String,
    /// Debits equal credits and are more than nothing.
    pub balanced: bool,
    /// The amounts typed that are not amounts the entry could post (`lines[1].credit`), so the
    /// form can say so at once.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalEntryInput {
    pub date: String,
    pub memo: String,
    pub lines: Vec<JournalLineInput>,
}

/// `finances.opening.get`: the standing opening-balance entry (the first posted, if any), and
/// any other that stands beside it because two devices posted opening balances before they
/// synced. Reverse the wrong one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpeningStatus {
    pub entry: Option<JournalEntry>,
    pub also_standing: Vec<JournalEntry>,
}

/// What a business has on the day it starts keeping its books here: a balance per account
/// (debit for what it has and is owed, credit for what it owes). The difference is its equity.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OpeningBalancesInput {
    pub date: String,
    pub lines: Vec<JournalLineInput>,
    /// The equity account that takes the difference (default: the chart's first equity account,
    /// owner's equity / 实收资本).
    #[serde(default)]
    #[ts(optional)]
    pub equity_account_id: Option<AccountId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReverseInput {
    pub id: EntryId,
    /// The reversal's date (default: the original's date, or the first open day after it).
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub memo: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// First day included (`YYYY-MM-DD`); none: from the beginning.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    /// Last day included; none: up to today and beyond.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

crate::kernel::states::word_enum!(
    /// Money in or out that is not a sale or a purchase order: income or an expense.
    pub MoneyEventKind "income or expense" {
        Income = "income",
        Expense = "expense",
    }
);

/// Income received or an expense paid: the seed's income and expense entries. Each posts one
/// journal entry; voiding posts its reversal.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct MoneyEventRecord {
    pub id: MoneyEventId,
    pub kind: MoneyEventKind,
    pub date: String,
    pub amount: Amount,
    /// The income or expense account it is booked to.
    pub category_id: AccountId,
    /// Where the money went in or came out: cash, bank.
    pub account_id: AccountId,
    /// Who paid (income) or was paid (expense).
    pub party: String,
    pub description: String,
    pub entry_id: EntryId,
    pub void_entry_id: Option<EntryId>,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The tax inside `amount` (input tax on an expense, reclaimable), and the tax it is.
    #[autosurgeon(missing = "Default::default")]
    pub tax: Amount,
    #[autosurgeon(missing = "Default::default")]
    pub tax_id: Option<TaxId>,
    /// Receipts: files in the data folder, by hash.
    #[autosurgeon(missing = "Default::default")]
    pub attachments: Vec<AttachmentRecord>,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct AttachmentRecord {
    pub hash: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
    pub added_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Attachment {
    pub hash: String,
    pub file_name: String,
    /// `image/png`, `image/jpeg`, `image/webp` or `application/pdf`.
    pub mime: String,
    #[ts(type = "number")]
    pub size: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    /// The income or expense it belongs to.
    pub owner_id: MoneyEventId,
    pub file_name: String,
    /// The file's bytes, base64.
    pub base64: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRef {
    pub owner_id: MoneyEventId,
    pub hash: String,
}

/// Income or expenses of a date range, and what they add up to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MoneyEventList {
    pub events: Vec<MoneyEvent>,
    /// The sum of the amounts, voided records left out.
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MoneyEvent {
    pub id: MoneyEventId,
    pub kind: MoneyEventKind,
    pub date: String,
    pub amount: String,
    pub category_id: AccountId,
    pub category_name: String,
    pub account_id: AccountId,
    pub account_name: String,
    pub party: String,
    pub description: String,
    pub entry_id: EntryId,
    pub voided: bool,
    pub created_by_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// The tax inside the amount ("0.00" without one).
    pub tax: String,
    pub tax_id: Option<TaxId>,
    pub attachments: Vec<Attachment>,
    /// Only in what `finances.expenses.create` answers: when paying it left the cash or bank
    /// account below zero, that account's balance now (e.g. "-22389.02"). The expense is kept
    /// (money may have come in that is not recorded yet, such as opening balances); the screen
    /// warns. Otherwise null.
    pub overdrawn: Option<String>,
}

/// `finances.income.create` (`party` is the source) and `finances.expenses.create` (`party` is
/// the vendor).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MoneyEventInput {
    pub date: String,
    pub amount: String,
    /// The income or expense account; default: the chart's first of that kind.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub category_id: Option<AccountId>,
    /// Cash or bank account; default: the chart's first asset account (cash).
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub account_id: Option<AccountId>,
    #[serde(default)]
    #[ts(optional)]
    pub party: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    /// Expenses: the tax included in the amount (input tax, posted to its own account).
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub tax_id: Option<TaxId>,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct FinanceSettingsRecord {
    pub id: FinanceSettingsId,
    pub base_currency: String,
    /// The chart template it started from: `generic` or `prc_small_business`.
    pub template: String,
    /// Days up to and including this one are closed: nothing posts into them.
    pub closed_through: Option<String>,
    pub updated_at_ms: i64,
    /// Where invoice tax is rounded: `line` (the default) or `document`.
    #[autosurgeon(missing = "Default::default")]
    pub tax_rounding: Option<Rounding>,
    /// Days from issue to due when an invoice names no due date.
    #[autosurgeon(missing = "Default::default")]
    pub payment_terms_days: Option<i64>,
    /// Lines under the company's name on invoices: address, tax number, phone, bank.
    #[autosurgeon(missing = "Default::default")]
    pub invoice_header: Option<String>,
    /// The logo on invoices: a PNG, base64.
    #[autosurgeon(missing = "Default::default")]
    pub logo_png: Option<String>,
    /// Every close and reopen, appended: two devices closing offline both count (the later
    /// day wins), where a single field would keep whichever write came last.
    #[autosurgeon(missing = "Default::default")]
    pub period_marks: Vec<PeriodMark>,
    /// The largest discount (millionths) a user who is not one of the books' people (a
    /// cashier) may give on an invoice line; none: no cap.
    #[autosurgeon(missing = "Default::default")]
    pub cashier_discount_max: Option<i64>,
    /// The shop's offset from UTC in minutes (480 for China): which calendar day "today" is
    /// for default dates, overdue invoices and recurring runs. None: UTC.
    #[autosurgeon(missing = "Default::default")]
    pub utc_offset_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct PeriodMark {
    /// Closed through this day; for a reopen, the new end (none: all open).
    pub through: Option<String>,
    pub reopen: bool,
    pub at_ms: i64,
    pub by_name: String,
}

impl FinanceSettingsRecord {
    /// The last closed day: closes take the later day, a reopen (an owner's, later in time)
    /// sets it back. Files from before the marks keep their single field.
    pub fn closed(&self) -> Option<String> {
        if self.period_marks.is_empty() {
            return self.closed_through.clone();
        }
        let mut marks: Vec<&PeriodMark> = self.period_marks.iter().collect();
        marks.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then(a.reopen.cmp(&b.reopen)));
        let mut closed: Option<String> = None;
        for mark in marks {
            closed = if mark.reopen {
                mark.through.clone()
            } else {
                closed.max(mark.through.clone())
            };
        }
        closed
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FinanceSettings {
    pub base_currency: String,
    pub template: String,
    pub closed_through: Option<String>,
    pub tax_rounding: Rounding,
    #[ts(type = "number")]
    pub payment_terms_days: i64,
    pub invoice_header: String,
    pub has_logo: bool,
    /// The most a cashier may take off an invoice line, as a percentage; none: no cap.
    pub cashier_discount_max_percent: Option<String>,
    /// The shop's offset from UTC, in minutes: the day "today" is.
    #[ts(type = "number")]
    pub utc_offset_minutes: i64,
    /// What an income or expense takes for a field left blank (the form shows it).
    pub defaults: AccountDefaults,
}

/// The accounts an income or expense takes when a field is left blank: the core's one rule,
/// which the form shows as its placeholder. `None` where the chart has no such account in use.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AccountDefaults {
    /// Sales (主营业务收入; Sales).
    pub income_category_id: Option<AccountId>,
    /// General running costs (管理费用; Other expenses), not the cost of goods sold.
    pub expense_category_id: Option<AccountId>,
    /// The first account that holds money: cash.
    pub money_account_id: Option<AccountId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[serde(default)]
    #[ts(optional)]
    pub tax_rounding: Option<Rounding>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub payment_terms_days: Option<i64>,
    #[serde(default)]
    #[ts(optional)]
    pub invoice_header: Option<String>,
    /// A PNG logo as base64; an empty string removes it.
    #[serde(default)]
    #[ts(optional)]
    pub logo_png: Option<String>,
    /// The most a cashier may discount a line, in percent; "" removes the cap.
    #[serde(default)]
    #[ts(optional)]
    pub cashier_discount_max_percent: Option<String>,
    /// The shop's offset from UTC in minutes (-720 to 840).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub utc_offset_minutes: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SetupInput {
    /// `generic` or `prc_small_business` (小企业会计准则).
    pub template: String,
    /// ISO 4217, e.g. CNY (the default).
    #[serde(default)]
    #[ts(optional)]
    pub base_currency: Option<String>,
    /// The shop's offset from UTC in minutes (the app sends the computer's).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub utc_offset_minutes: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    /// An asset that holds money (a second bank account, a till): see [`Account::holds_money`].
    #[serde(default)]
    #[ts(optional)]
    pub holds_money: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    pub id: AccountId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub archived: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub holds_money: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ClosePeriodInput {
    /// Close every day up to and including this one; `null` reopens everything (owners).
    pub through: Option<String>,
}

/// One account's line in the trial balance: total debits and credits in the range, and the
/// balance on its normal side.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrialBalanceRow {
    pub account_id: AccountId,
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub debit: String,
    pub credit: String,
    /// Debits minus credits for assets and expenses, credits minus debits for the rest.
    pub balance: String,
    /// The balance in the period compared with, when a comparison was asked for.
    pub prior_balance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrialBalance {
    pub from: Option<String>,
    pub to: Option<String>,
    pub rows: Vec<TrialBalanceRow>,
    pub total_debit: String,
    pub total_credit: String,
    /// The period compared with (rows carry `prior_balance`).
    pub prior: Option<PriorTotals>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PriorTotals {
    pub from: String,
    pub to: String,
    pub total_debit: String,
    pub total_credit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProfitAndLoss {
    pub from: Option<String>,
    pub to: Option<String>,
    /// The period compared with: as long as this one, just before it.
    pub prior: Option<PriorPeriod>,
    pub income: Vec<TrialBalanceRow>,
    pub expenses: Vec<TrialBalanceRow>,
    pub total_income: String,
    pub total_expenses: String,
    /// Income minus expenses.
    pub net: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PriorPeriod {
    pub from: String,
    pub to: String,
    pub total_income: String,
    pub total_expenses: String,
    pub net: String,
}

/// A report's period, and whether to compare it with the period before.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PeriodInput {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    /// Compare with the period of the same length just before (needs from and to).
    #[serde(default)]
    #[ts(optional)]
    pub compare: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AsOfInput {
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
    /// A second day to show beside it (the end of the prior period).
    #[serde(default)]
    #[ts(optional)]
    pub compare_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BalanceSheet {
    pub as_of: String,
    pub compare_to: Option<String>,
    pub assets: Vec<TrialBalanceRow>,
    pub liabilities: Vec<TrialBalanceRow>,
    pub equity: Vec<TrialBalanceRow>,
    /// Income minus expenses of every day up to `as_of`: the profit not yet moved into
    /// retained earnings.
    pub earnings: String,
    pub total_assets: String,
    pub total_liabilities: String,
    /// Equity accounts plus earnings.
    pub total_equity: String,
    /// Liabilities plus equity: the side that equals the assets.
    pub total_liabilities_and_equity: String,
    /// The same totals on `compare_to`.
    pub prior_earnings: Option<String>,
    pub prior_total_assets: Option<String>,
    pub prior_total_liabilities: Option<String>,
    pub prior_total_equity: Option<String>,
    pub prior_total_liabilities_and_equity: Option<String>,
}

pub use crate::kernel::export::FileExport;

/// An entry posted into a period after the period was closed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LatePosting {
    pub entry: JournalEntry,
    /// When the period it falls in was closed.
    #[ts(type = "number")]
    pub closed_at_ms: i64,
}

/// One rate of a tax: a group (state and county sales tax) has several, charged together.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct TaxComponentRecord {
    pub name: String,
    /// Millionths of one: 13% is 130000.
    pub rate: i64,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct TaxRecord {
    pub id: TaxId,
    pub name: String,
    pub components: Vec<TaxComponentRecord>,
    /// The preset it came from (`prc_vat`, `eu_vat`, `us_sales`), if any.
    pub preset: Option<String>,
    pub archived: bool,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaxComponent {
    pub name: String,
    /// A percentage: "13", "8.875".
    pub rate: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Tax {
    pub id: TaxId,
    pub name: String,
    /// The total percentage of its components.
    pub rate: String,
    pub components: Vec<TaxComponent>,
    pub preset: Option<String>,
    pub archived: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TaxComponentInput {
    pub name: String,
    pub rate: String,
}

/// A tax of one rate (`rate`) or a group (`components`), not both.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TaxInput {
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub rate: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub components: Option<Vec<TaxComponentInput>>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TaxPatch {
    pub id: TaxId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub archived: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaxPreset {
    pub name: String,
    pub title: String,
    pub taxes: Vec<PresetTax>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PresetTax {
    pub name: String,
    pub rate: String,
    pub components: Vec<TaxComponent>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PresetInput {
    /// `prc_vat`, `eu_vat` or `us_sales`.
    pub preset: String,
}
