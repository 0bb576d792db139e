//! The finance records: accounts, journal entries, income and expenses, settings. Amounts in
//! documents are integers of minor units; on the wire they are decimal strings.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{AccountId, EntryId, FinanceSettingsId, MoneyEventId, UserId};

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
    pub debit: i64,
    pub credit: i64,
}

/// A posted journal entry. Never changed once written: a correction is a reversing entry.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct EntryRecord {
    pub id: EntryId,
    /// The day it belongs to (`YYYY-MM-DD`): what periods and reports go by.
    pub date: String,
    pub memo: String,
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

/// A journal entry as callers see it: amounts as decimal strings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JournalEntry {
    pub id: EntryId,
    pub date: String,
    pub memo: String,
    pub source: String,
    pub source_id: Option<String>,
    pub reverses: Option<EntryId>,
    /// The entry that reverses this one, if any.
    pub reversed_by: Option<EntryId>,
    pub lines: Vec<JournalLine>,
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
    pub account_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub debit: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub credit: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JournalEntryInput {
    pub date: String,
    pub memo: String,
    pub lines: Vec<JournalLineInput>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReverseInput {
    pub id: String,
    /// The reversal's date (default: the original's date, or the first open day after it).
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub memo: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
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

/// Income received or an expense paid: the seed's income and expense entries. Each posts one
/// journal entry; voiding posts its reversal.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct MoneyEventRecord {
    pub id: MoneyEventId,
    /// `income` or `expense`.
    pub kind: String,
    pub date: String,
    pub amount: i64,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MoneyEvent {
    pub id: MoneyEventId,
    pub kind: String,
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
}

/// `finances.income.create` (`party` is the source) and `finances.expenses.create` (`party` is
/// the vendor).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MoneyEventInput {
    pub date: String,
    pub amount: String,
    /// The income or expense account; default: the chart's first of that kind.
    #[serde(default)]
    #[ts(optional)]
    pub category_id: Option<String>,
    /// Cash or bank account; default: the chart's first asset account (cash).
    #[serde(default)]
    #[ts(optional)]
    pub account_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub party: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FinanceSettings {
    pub base_currency: String,
    pub template: String,
    pub closed_through: Option<String>,
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
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub archived: Option<bool>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TrialBalance {
    pub from: Option<String>,
    pub to: Option<String>,
    pub rows: Vec<TrialBalanceRow>,
    pub total_debit: String,
    pub total_credit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProfitAndLoss {
    pub from: Option<String>,
    pub to: Option<String>,
    pub income: Vec<TrialBalanceRow>,
    pub expenses: Vec<TrialBalanceRow>,
    pub total_income: String,
    pub total_expenses: String,
    /// Income minus expenses.
    pub net: String,
}
