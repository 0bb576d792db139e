//! The sales records: taxes, invoices and credit notes, their numbering, payments, recurring
//! invoices, and the sales reports. Amounts in documents are integers of minor units; on the wire
//! they are decimal strings.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::collections::BTreeMap;

use crate::kernel::amount::{Amount, Doc};
use crate::kernel::ids::{
    AccountId, CustomerId, EntryId, InvoiceId, InvoiceNumberId, InvoiceSeriesId, LocationId,
    PaymentId, ProductId, RecurringId, TaxId,
};
use crate::kernel::numbers::Rounding;
use crate::kernel::states::word_enum;

word_enum!(
    /// Where an invoice or credit note is in its life, as stored: a draft changes, an issued
    /// one is posted and numbered, a void one is reversed.
    pub InvoiceState "an invoice's state" {
        Draft = "draft",
        Issued = "issued",
        Void = "void",
    }
);

word_enum!(
    /// What a sales document is: an invoice, or a credit note that takes (part of) one back.
    pub InvoiceKind "an invoice's kind" {
        Invoice = "invoice",
        CreditNote = "credit_note",
    }
);

word_enum!(
    /// What a payment record is: money received, money paid back, or the customer's credit
    /// applied to an invoice.
    pub PaymentKind "a payment's kind" {
        Payment = "payment",
        Refund = "refund",
        Credit = "credit",
        /// A credit note applied to its invoice, kept with the payments so the invoice's
        /// balance and the customer's credit read from one place.
        CreditNote = "credit_note",
        /// What an invoice was paid past its total (taken twice, on two devices offline),
        /// moved off the invoice to the customer's credit; voided, it goes back.
        Surplus = "surplus",
    }
);

word_enum!(
    /// How a payment was made: the ways money changes hands, or customer credit applied
    /// (`credit`), or a credit note applied (`credit_note`).
    pub PaymentMethod "a payment method" {
        Cash = "cash",
        Card = "card",
        BankTransfer = "bank_transfer",
        WechatPay = "wechat_pay",
        Alipay = "alipay",
        Other = "other",
        Credit = "credit",
        CreditNote = "credit_note",
    }
);

impl PaymentMethod {
    /// The ways money changes hands, which a person picks for a payment or a refund.
    pub const MONEY: [PaymentMethod; 6] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::BankTransfer,
        PaymentMethod::WechatPay,
        PaymentMethod::Alipay,
        PaymentMethod::Other,
    ];
}

word_enum!(
    /// What sync left that no single device would have allowed (`finances.attention.list`).
    pub AttentionKind "a kind of attention item" {
        /// A payment on an invoice that is void.
        PaymentOnVoid = "payment_on_void",
        /// Paid more than its total.
        Overpaid = "overpaid",
        /// Credit notes for more than the invoice's total.
        Overcredited = "overcredited",
        /// A customer used more credit than they held.
        NegativeCredit = "negative_credit",
        /// A void invoice whose posting was never reversed.
        UnreversedVoid = "unreversed_void",
        /// The posting's amount differs from the invoice's total.
        PostingDiffers = "posting_differs",
        /// The posting's date differs from the invoice's.
        PostingDateDiffers = "posting_date_differs",
        /// The lines do not add up to the totals.
        DoesNotAddUp = "does_not_add_up",
        /// A number given to an invoice that now carries another.
        NumberLost = "number_lost",
    }
);

word_enum!(
    /// An invoice's status as people see it: its state, and for an issued invoice whether it
    /// is paid, part paid or overdue.
    pub InvoiceStatus "an invoice's status" {
        Draft = "draft",
        Issued = "issued",
        PartiallyPaid = "partially_paid",
        Paid = "paid",
        Overdue = "overdue",
        Void = "void",
    }
);

/// A line of an invoice as stored: what was sold, how it was priced and its amounts.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct InvoiceLineRecord {
    pub description: String,
    /// Thousandths.
    pub quantity: i64,
    /// Minor units, as the document's prices are (with or without tax).
    pub unit_price: Amount<Doc>,
    /// Millionths of one.
    pub discount: i64,
    pub tax_id: Option<TaxId>,
    /// The tax's name and total rate when the line was priced: later edits of the tax do not
    /// change an invoice.
    pub tax_name: String,
    pub tax_rate: i64,
    pub net: Amount<Doc>,
    pub tax: Amount<Doc>,
    /// The product sold, if the line is one: issuing takes it out of stock.
    #[autosurgeon(missing = "Default::default")]
    pub product_id: Option<crate::kernel::ids::ProductId>,
}

/// An invoice or credit note. Drafts change freely; issuing gives it its number and posts it,
/// after which only voiding (a reversing entry) changes it. Paid, partly paid and overdue
/// are read from its payments and the date, never stored.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct InvoiceRecord {
    pub id: InvoiceId,
    pub kind: InvoiceKind,
    /// A credit note's invoice.
    pub credits: Option<InvoiceId>,
    pub number: Option<String>,
    pub customer_id: CustomerId,
    /// The customer's name when it was last saved: an invoice shows who it was made out to.
    pub customer_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub prices_include_tax: bool,
    /// From the company's setting when it was priced.
    pub tax_rounding: Rounding,
    pub lines: Vec<InvoiceLineRecord>,
    pub subtotal: Amount<Doc>,
    pub tax: Amount<Doc>,
    pub total: Amount<Doc>,
    pub notes: String,
    pub status: InvoiceState,
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
    pub base_subtotal: Option<Amount>,
    #[autosurgeon(missing = "Default::default")]
    pub base_tax: Option<Amount>,
    /// Where the products on it leave stock from (set when it is issued, if any are stocked).
    #[autosurgeon(missing = "Default::default")]
    pub location_id: Option<crate::kernel::ids::LocationId>,
}

impl InvoiceRecord {
    /// Subtotal, tax and total in the base currency.
    pub fn base_amounts(&self) -> (Amount, Amount, Amount) {
        match (self.base_subtotal, self.base_tax) {
            (Some(subtotal), Some(tax)) => (subtotal, tax, subtotal + tax),
            // Written in the base currency: its amounts are the books' amounts.
            _ => (
                self.subtotal.as_base(),
                self.tax.as_base(),
                self.total.as_base(),
            ),
        }
    }

    /// Whether payments and credit notes may go against it: an issued invoice, not a draft, a
    /// void one or a credit note.
    pub fn is_open_invoice(&self) -> bool {
        self.kind == "invoice" && self.status == InvoiceState::Issued
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
    pub product_id: Option<crate::kernel::ids::ProductId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Invoice {
    pub id: InvoiceId,
    pub kind: InvoiceKind,
    pub credits: Option<InvoiceId>,
    pub number: Option<String>,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub prices_include_tax: bool,
    pub tax_rounding: Rounding,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    /// Paid by payments, applied credit and credit notes.
    pub paid: String,
    /// What the customer still owes on it.
    pub outstanding: String,
    pub notes: String,
    pub status: InvoiceStatus,
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
    pub location_id: Option<crate::kernel::ids::LocationId>,
    /// A payment may be taken against it: it is issued and something is owed.
    pub takes_payment: bool,
    /// Something is paid and something is still owed (also when it is overdue, which its
    /// status says first).
    pub part_paid: bool,
    /// A credit note may be issued against it: it is issued (paid or not).
    pub takes_credit_note: bool,
    /// Only in what `finances.invoices.issue` answers: the products this invoice left below
    /// zero where its goods left from (a warning; the invoice is issued). Empty otherwise.
    pub short_stock: Vec<crate::inventory::sales::ShortStock>,
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
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub tax_id: Option<TaxId>,
    /// A product from the list: its name, price and tax are the defaults, and issuing takes
    /// it out of stock.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub product_id: Option<ProductId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    pub customer_id: CustomerId,
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
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub location_id: Option<LocationId>,
}

/// Changes to a draft: what is given replaces what was there.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoicePatch {
    pub id: InvoiceId,
    #[serde(default)]
    #[ts(optional)]
    pub customer_id: Option<CustomerId>,
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
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_clears")]
    #[ts(optional)]
    pub location_id: Option<Option<LocationId>>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    pub id: InvoiceId,
    /// Default: the draft's issue date.
    #[serde(default)]
    #[ts(optional)]
    pub issue_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VoidInput {
    pub id: InvoiceId,
    /// The reversal's date; default: the invoice's date or the first open day after it.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CreditNoteInput {
    /// The issued invoice it credits.
    pub invoice_id: InvoiceId,
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
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub customer_id: Option<CustomerId>,
    /// One of the statuses an invoice shows.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<InvoiceStatus>,
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
    pub kind: PaymentKind,
    pub customer_id: CustomerId,
    pub invoice_id: Option<InvoiceId>,
    pub date: String,
    pub amount: Amount<Doc>,
    pub method: PaymentMethod,
    pub reference: String,
    /// Where the money went in or out (none for applied credit).
    pub account_id: Option<AccountId>,
    /// What it took off the invoice's balance, and what it added to (or, negative, took
    /// from) the customer's credit.
    pub to_invoice: Amount<Doc>,
    pub to_credit: Amount<Doc>,
    pub entry_id: EntryId,
    pub void_entry_id: Option<EntryId>,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// For a foreign-currency invoice: the receivable it cleared in the base currency (what
    /// `to_invoice` was worth at the invoice's rate), and the rate it was paid at.
    #[autosurgeon(missing = "Default::default")]
    pub base_to_invoice: Option<Amount>,
    #[autosurgeon(missing = "Default::default")]
    pub exchange_rate: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Payment {
    pub id: PaymentId,
    pub kind: PaymentKind,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub invoice_id: Option<InvoiceId>,
    pub invoice_number: Option<String>,
    pub date: String,
    pub amount: String,
    pub method: PaymentMethod,
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
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub invoice_id: Option<InvoiceId>,
    /// Needed without an invoice.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub customer_id: Option<CustomerId>,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    pub amount: String,
    /// `cash`, `card`, `bank_transfer`, `wechat_pay`, `alipay`, `other`, or `credit` to apply
    /// the customer's credit.
    pub method: PaymentMethod,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    /// Cash or bank account; default by method.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub account_id: Option<AccountId>,
    /// For an invoice in a foreign currency: the day's rate (default: the invoice's). The
    /// difference to the invoice's rate is an exchange gain or loss.
    #[serde(default)]
    #[ts(optional)]
    pub exchange_rate: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    pub customer_id: CustomerId,
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    pub amount: String,
    pub method: PaymentMethod,
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub account_id: Option<AccountId>,
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
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub customer_id: Option<CustomerId>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub invoice_id: Option<InvoiceId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerIdInput {
    pub customer_id: CustomerId,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CustomerBalance {
    pub customer_id: CustomerId,
    /// Owed on issued invoices.
    pub receivable: String,
    /// Credit the customer holds (overpayments and credit notes beyond what was owed).
    pub credit: String,
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

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InvoicePdfInput {
    pub id: InvoiceId,
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
    pub customer_id: CustomerId,
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
    pub id: RecurringId,
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
    pub kind: AttentionKind,
    pub invoice_id: Option<InvoiceId>,
    pub customer_name: String,
    pub message: String,
}
