//! The finance records: accounts, journal entries, income and expenses, settings. Amounts in
//! documents are integers of minor units; on the wire they are decimal strings.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::collections::BTreeMap;

use crate::ids::{
    AccountId, CustomerId, EntryId, FinanceSettingsId, InvoiceId, InvoiceNumberId, InvoiceSeriesId,
    MoneyEventId, PaymentId, RecurringId, TaxId, UserId,
};

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
    /// The tax inside `amount` (input tax on an expense, reclaimable), and the tax it is.
    #[autosurgeon(missing = "Default::default")]
    pub tax: i64,
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
    pub owner_id: String,
    pub file_name: String,
    /// The file's bytes, base64.
    pub base64: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRef {
    pub owner_id: String,
    pub hash: String,
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
    /// The tax inside the amount ("0.00" without one).
    pub tax: String,
    pub tax_id: Option<TaxId>,
    pub attachments: Vec<Attachment>,
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
    /// Expenses: the tax included in the amount (input tax, posted to its own account).
    #[serde(default)]
    #[ts(optional)]
    pub tax_id: Option<String>,
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
    pub tax_rounding: Option<String>,
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
    /// `line` or `document`.
    pub tax_rounding: String,
    #[ts(type = "number")]
    pub payment_terms_days: i64,
    pub invoice_header: String,
    pub has_logo: bool,
    /// The most a cashier may take off an invoice line, as a percentage; none: no cap.
    pub cashier_discount_max_percent: Option<String>,
    /// The shop's offset from UTC, in minutes: the day "today" is.
    #[ts(type = "number")]
    pub utc_offset_minutes: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[serde(default)]
    #[ts(optional)]
    pub tax_rounding: Option<String>,
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
    pub kind: String,
    /// An asset that holds money (a second bank account, a till): see [`Account::holds_money`].
    #[serde(default)]
    #[ts(optional)]
    pub holds_money: Option<bool>,
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
    pub id: String,
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

/// A line of an invoice as stored: what was sold, how it was priced and its amounts.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct InvoiceLineRecord {
    pub description: String,
    /// Thousandths.
    pub quantity: i64,
    /// Minor units, as the document's prices are (with or without tax).
    pub unit_price: i64,
    /// Millionths of one.
    pub discount: i64,
    pub tax_id: Option<TaxId>,
    /// The tax's name and total rate when the line was priced: later edits of the tax do not
    /// change an invoice.
    pub tax_name: String,
    pub tax_rate: i64,
    pub net: i64,
    pub tax: i64,
    /// The product sold, if the line is one: issuing takes it out of stock.
    #[autosurgeon(missing = "Default::default")]
    pub product_id: Option<crate::ids::ProductId>,
}

/// An invoice or credit note. Drafts change freely; issuing gives it its number and posts it,
/// after which only voiding (a reversing entry) changes it. Paid, partly paid and overdue
/// are read from its payments and the date, never stored.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct InvoiceRecord {
    pub id: InvoiceId,
    /// `invoice` or `credit_note`.
    pub kind: String,
    /// A credit note's invoice.
    pub credits: Option<InvoiceId>,
    pub number: Option<String>,
    pub customer_id: CustomerId,
    /// The customer's name when it was last saved: an invoice shows who it was made out to.
    pub customer_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub prices_include_tax: bool,
    /// `line` or `document`, from the company's setting when it was priced.
    pub tax_rounding: String,
    pub lines: Vec<InvoiceLineRecord>,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub notes: String,
    /// `draft`, `issued` or `void`.
    pub status: String,
    pub entry_id: Option<EntryId>,
    pub void_entry_id: Option<EntryId>,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// A foreign currency (ISO 4217) the amounts above are in; none: the base currency.
    #[autosurgeon(missing = "Default::default")]
    pub currency: Option<String>,
    /// Base-currency units per unit of `currency`, in millionths (7.1234 is 7_123_400).
    #[autosurgeon(missing = "Default::default")]
    pub exchange_rate: Option<i64>,
    /// What the ledger holds for it, in the base currency: subtotal and tax at the invoice's
    /// rate (their sum is the receivable). None for base-currency invoices.
    #[autosurgeon(missing = "Default::default")]
    pub base_subtotal: Option<i64>,
    #[autosurgeon(missing = "Default::default")]
    pub base_tax: Option<i64>,
    /// Where the products on it leave stock from (set when it is issued, if any are stocked).
    #[autosurgeon(missing = "Default::default")]
    pub location_id: Option<crate::ids::LocationId>,
}

impl InvoiceRecord {
    /// Subtotal, tax and total in the base currency.
    pub fn base_amounts(&self) -> (i64, i64, i64) {
        match (self.base_subtotal, self.base_tax) {
            (Some(subtotal), Some(tax)) => (subtotal, tax, subtotal + tax),
            _ => (self.subtotal, self.tax, self.total),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    /// A percentage.
    pub discount: String,
    pub tax_id: Option<TaxId>,
    pub tax_name: String,
    pub tax_rate: String,
    pub net: String,
    pub tax: String,
    pub product_id: Option<crate::ids::ProductId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Invoice {
    pub id: InvoiceId,
    pub kind: String,
    pub credits: Option<InvoiceId>,
    pub number: Option<String>,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub prices_include_tax: bool,
    pub tax_rounding: String,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    /// Paid by payments, applied credit and credit notes.
    pub paid: String,
    /// What the customer still owes on it.
    pub outstanding: String,
    pub notes: String,
    /// `draft`, `issued`, `partially_paid`, `paid`, `overdue` or `void`.
    pub status: String,
    pub entry_id: Option<EntryId>,
    pub created_by_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// The invoice's currency (the base currency unless it is foreign).
    pub currency: String,
    /// Base units per unit of `currency`; "1" in the base currency.
    pub exchange_rate: String,
    /// The total in the base currency, as the ledger holds it.
    pub base_total: String,
    /// The stock location its products leave from.
    pub location_id: Option<crate::ids::LocationId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoiceLineInput {
    /// May be empty for a product (its name is used).
    pub description: String,
    pub quantity: String,
    /// May be empty for a product (its price is used).
    pub unit_price: String,
    /// A percentage off, 0 to 100.
    #[serde(default)]
    #[ts(optional)]
    pub discount: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub tax_id: Option<String>,
    /// A product from the list: its name, price and tax are the defaults, and issuing takes
    /// it out of stock.
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    pub customer_id: String,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub issue_date: Option<String>,
    /// Default: the issue date plus the company's payment terms.
    #[serde(default)]
    #[ts(optional)]
    pub due_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub prices_include_tax: Option<bool>,
    pub lines: Vec<InvoiceLineInput>,
    /// ISO 4217; default: the base currency.
    #[serde(default)]
    #[ts(optional)]
    pub currency: Option<String>,
    /// Base units per unit of the currency (up to 6 decimals); needed for a foreign currency.
    #[serde(default)]
    #[ts(optional)]
    pub exchange_rate: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    /// The stock location its products leave from (default: the first location).
    #[serde(default)]
    #[ts(optional)]
    pub location_id: Option<String>,
}

/// Changes to a draft: what is given replaces what was there.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoicePatch {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub issue_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub due_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub prices_include_tax: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub lines: Option<Vec<InvoiceLineInput>>,
    /// ISO 4217; default: the base currency.
    #[serde(default)]
    #[ts(optional)]
    pub currency: Option<String>,
    /// Base units per unit of the currency (up to 6 decimals); needed for a foreign currency.
    #[serde(default)]
    #[ts(optional)]
    pub exchange_rate: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    /// The stock location its products leave from (default: the first location).
    #[serde(default)]
    #[ts(optional)]
    pub location_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    pub id: String,
    /// Default: the draft's issue date.
    #[serde(default)]
    #[ts(optional)]
    pub issue_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VoidInput {
    pub id: String,
    /// The reversal's date; default: the invoice's date or the first open day after it.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreditNoteInput {
    /// The issued invoice it credits.
    pub invoice_id: String,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// Lines credited (as on an invoice); default: every line of the invoice, in full.
    #[serde(default)]
    #[ts(optional)]
    pub lines: Option<Vec<InvoiceLineInput>>,
    /// The customer brought the goods back: the credited product lines go back into stock where
    /// they were sold from (at most what the invoice took out and has not had back). Default:
    /// no (a credit for a complaint leaves the stock as it is).
    #[serde(default)]
    #[ts(optional)]
    pub restock: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoiceQuery {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<String>,
    /// One of the statuses an invoice shows.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
    /// Default and most: 500.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InvoiceList {
    pub invoices: Vec<Invoice>,
    /// More invoices matched than were returned: narrow the range.
    pub truncated: bool,
}

/// This device's invoice series: only this device writes it, so numbers issued offline on two
/// devices never meet.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct InvoiceSeriesRecord {
    pub id: InvoiceSeriesId,
    pub device_id: String,
    pub prefix: String,
    pub yearly_reset: bool,
    /// The last number given, per counter (`invoice`, `credit_note`, with `:YYYY` when the
    /// series restarts each year).
    pub last: BTreeMap<String, i64>,
    pub updated_at_ms: i64,
    /// Prefixes this series numbered with before: no other device may take them up.
    #[autosurgeon(missing = "Default::default")]
    pub past_prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InvoiceSeries {
    pub prefix: String,
    pub yearly_reset: bool,
    /// What the next invoice issued today on this device will be numbered.
    pub next_number: String,
    /// The other devices' prefixes (now and before) this device knows of.
    pub other_prefixes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SeriesPatch {
    #[serde(default)]
    #[ts(optional)]
    pub prefix: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub yearly_reset: Option<bool>,
}

/// Money received from or paid back to a customer, or their credit applied to an invoice.
/// Never changed: a mistake is voided (a reversing entry).
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct PaymentRecord {
    pub id: PaymentId,
    /// `payment`, `refund` or `credit` (customer credit applied to an invoice).
    pub kind: String,
    pub customer_id: CustomerId,
    pub invoice_id: Option<InvoiceId>,
    pub date: String,
    pub amount: i64,
    /// `cash`, `card`, `bank_transfer`, `wechat_pay`, `alipay`, `other`, or `credit`.
    pub method: String,
    pub reference: String,
    /// Where the money went in or out (none for applied credit).
    pub account_id: Option<AccountId>,
    /// What it took off the invoice's balance, and what it added to (or, negative, took
    /// from) the customer's credit.
    pub to_invoice: i64,
    pub to_credit: i64,
    pub entry_id: EntryId,
    pub void_entry_id: Option<EntryId>,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// For a foreign-currency invoice: the receivable it cleared in the base currency (what
    /// `to_invoice` was worth at the invoice's rate), and the rate it was paid at.
    #[autosurgeon(missing = "Default::default")]
    pub base_to_invoice: Option<i64>,
    #[autosurgeon(missing = "Default::default")]
    pub exchange_rate: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Payment {
    pub id: PaymentId,
    pub kind: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub invoice_id: Option<InvoiceId>,
    pub invoice_number: Option<String>,
    pub date: String,
    pub amount: String,
    pub method: String,
    pub reference: String,
    pub account_id: Option<AccountId>,
    pub to_invoice: String,
    pub to_credit: String,
    pub entry_id: EntryId,
    pub voided: bool,
    pub created_by_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// The invoice paid; without one the payment is kept as the customer's credit.
    #[serde(default)]
    #[ts(optional)]
    pub invoice_id: Option<String>,
    /// Needed without an invoice.
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<String>,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    pub amount: String,
    /// `cash`, `card`, `bank_transfer`, `wechat_pay`, `alipay`, `other`, or `credit` to apply
    /// the customer's credit.
    pub method: String,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    /// Cash or bank account; default by method.
    #[serde(default)]
    #[ts(optional)]
    pub account_id: Option<String>,
    /// For an invoice in a foreign currency: the day's rate (default: the invoice's). The
    /// difference to the invoice's rate is an exchange gain or loss.
    #[serde(default)]
    #[ts(optional)]
    pub exchange_rate: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    pub customer_id: String,
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    pub amount: String,
    pub method: String,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub account_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PaymentQuery {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub invoice_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerIdInput {
    pub customer_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CustomerBalance {
    pub customer_id: CustomerId,
    /// Owed on issued invoices.
    pub receivable: String,
    /// Credit the customer holds (overpayments and credit notes beyond what was owed).
    pub credit: String,
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
    /// The same totals on `compare_to`.
    pub prior_earnings: Option<String>,
    pub prior_total_assets: Option<String>,
    pub prior_total_liabilities: Option<String>,
    pub prior_total_equity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgingRow {
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// Not yet due, then 1–30, 31–60, 61–90 and over 90 days past due.
    pub current: String,
    pub days_30: String,
    pub days_60: String,
    pub days_90: String,
    pub over_90: String,
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgingReport {
    pub as_of: String,
    pub rows: Vec<AgingRow>,
    pub total: AgingRow,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaxSummaryRow {
    pub tax_id: Option<TaxId>,
    pub name: String,
    pub rate: String,
    /// Sales (net) and the tax on them, less credit notes.
    pub sales: String,
    pub output_tax: String,
    /// Expenses (net) and the tax paid on them.
    pub purchases: String,
    pub input_tax: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaxSummary {
    pub from: Option<String>,
    pub to: Option<String>,
    pub rows: Vec<TaxSummaryRow>,
    pub output_tax: String,
    pub input_tax: String,
    /// Output minus input: what is owed for the period (negative: to reclaim).
    pub net: String,
    /// The same totals for the period before, when a comparison was asked for.
    pub prior: Option<TaxSummaryPrior>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaxSummaryPrior {
    pub from: String,
    pub to: String,
    pub output_tax: String,
    pub input_tax: String,
    pub net: String,
}

/// Cash in and out by what moved it (the direct method), between opening and closing cash.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CashFlow {
    pub from: Option<String>,
    pub to: Option<String>,
    pub opening: String,
    pub lines: Vec<CashFlowLine>,
    pub net: String,
    pub closing: String,
    pub prior: Option<CashFlowPrior>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CashFlowLine {
    /// `customer_receipts`, `customer_refunds`, `other_income`, `expenses`, `other`.
    pub category: String,
    /// Money in minus money out.
    pub amount: String,
    pub prior_amount: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CashFlowPrior {
    pub from: String,
    pub to: String,
    pub opening: String,
    pub net: String,
    pub closing: String,
}

/// A file made by the core for the caller to save: its suggested name and its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FileExport {
    pub file_name: String,
    pub mime: String,
    pub base64: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoicePdfInput {
    pub id: String,
    /// `en` or `zh` (the default: the document's language follows the shop, Chinese).
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportExportInput {
    /// `profit_and_loss`, `balance_sheet`, `trial_balance`, `cash_flow`, `ar_aging` or
    /// `tax_summary`.
    pub report: String,
    /// `csv`, `xlsx` or `pdf`.
    pub format: String,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub as_of: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub compare: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub compare_to: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<String>,
}

/// Lines to price without saving anything: what an invoice form shows while it is filled in.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoicePreviewInput {
    #[serde(default)]
    #[ts(optional)]
    pub prices_include_tax: Option<bool>,
    pub lines: Vec<InvoiceLineInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PricedLine {
    pub net: String,
    pub tax: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InvoicePreview {
    pub lines: Vec<PricedLine>,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
}

/// A line of a recurring invoice, as given: priced again each time an invoice is made, with
/// the tax's rate of that day.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct RecurringLineRecord {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub discount: String,
    pub tax_id: Option<String>,
}

/// A schedule that makes an invoice every month, quarter or year, from its start date. Only
/// the device that runs it (`device_id`) makes its invoices, so two devices offline never
/// both do; another device can take it over.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct RecurringRecord {
    pub id: RecurringId,
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// `monthly`, `quarterly` or `yearly`.
    pub interval: String,
    pub start_date: String,
    pub end_date: Option<String>,
    /// How many invoices it has made: the next is due `count` intervals after the start.
    pub count: i64,
    pub prices_include_tax: bool,
    pub lines: Vec<RecurringLineRecord>,
    pub notes: String,
    /// Issue each invoice as it is made (numbered and posted), or leave it a draft to check.
    pub issue: bool,
    pub device_id: String,
    pub active: bool,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Recurring {
    pub id: RecurringId,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub interval: String,
    pub start_date: String,
    pub end_date: Option<String>,
    /// The day the next invoice is due to be made; none when the schedule has ended.
    pub next_date: Option<String>,
    #[ts(type = "number")]
    pub count: i64,
    pub prices_include_tax: bool,
    pub lines: Vec<InvoiceLine>,
    pub total: String,
    pub notes: String,
    pub issue: bool,
    pub active: bool,
    /// Whether this device is the one that makes its invoices.
    pub runs_here: bool,
    /// An invoice is due to be made here now: `finances.recurring.run` would make it.
    pub due: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecurringInput {
    pub customer_id: String,
    /// `monthly`, `quarterly` or `yearly`.
    pub interval: String,
    pub start_date: String,
    #[serde(default)]
    #[ts(optional)]
    pub end_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub prices_include_tax: Option<bool>,
    pub lines: Vec<InvoiceLineInput>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    /// Issue each invoice when it is made (default: leave it a draft).
    #[serde(default)]
    #[ts(optional)]
    pub issue: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecurringPatch {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub active: Option<bool>,
    /// A new last day; `""` removes it.
    #[serde(default)]
    #[ts(optional)]
    pub end_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub issue: Option<bool>,
    /// Make this device the one that makes its invoices.
    #[serde(default)]
    #[ts(optional)]
    pub take_over: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RecurringRun {
    /// The invoices made by this run.
    pub invoices: Vec<Invoice>,
    /// Schedules that could not make their invoice, and why; the others ran.
    pub skipped: Vec<RecurringSkip>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RecurringSkip {
    pub recurring_id: RecurringId,
    pub customer_name: String,
    /// The day of the invoice it could not make.
    pub date: String,
    pub reason: String,
}

/// An entry posted into a period after the period was closed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LatePosting {
    pub entry: JournalEntry,
    /// When the period it falls in was closed.
    #[ts(type = "number")]
    pub closed_at_ms: i64,
}

/// A number as it was given to an invoice on issue (one document per number).
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct InvoiceNumberRecord {
    pub id: InvoiceNumberId,
    pub number: String,
    pub invoice_id: InvoiceId,
    pub device_id: String,
    pub issued_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttentionItem {
    /// `payment_on_void`, `overpaid`, `overcredited`, `negative_credit`, `unreversed_void`,
    /// `posting_differs`, `posting_date_differs`, `does_not_add_up` or `number_lost`.
    pub kind: String,
    pub invoice_id: Option<InvoiceId>,
    pub customer_name: String,
    pub message: String,
}
