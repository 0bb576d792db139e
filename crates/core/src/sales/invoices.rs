//! Invoices and credit notes: draft, price (in the core, for the form's preview too), issue,
//! void, credit, list.

use super::model::*;
use super::numbering::*;
use super::store;
use crate::customers::Customer;
use crate::inventory::sales as inventory;
use crate::kernel::access::Permission::{FinanceWrite, SalesRead, SalesWrite};
use crate::kernel::amount::{Amount, Doc};
use crate::kernel::command::IdInput;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::LocationId;
use crate::kernel::ids::{CustomerId, EntryId, InvoiceId, InvoiceNumberId, PaymentId};
use crate::kernel::money;
use crate::kernel::tax::{self, Prices, Rounding};
use crate::kernel::validate::{self, Checks};
use crate::ledger::books::*;
use crate::ledger::model::*;
use crate::ledger::ops::*;
use crate::ledger::templates::Role;

pub(crate) use super::lines::{price_lines, price_lines_capped, LineLimits};

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.invoices.list",
            SalesRead,
            false,
            "Invoices and credit notes, newest first",
            invoices_list,
        ),
        command(
            "finances.invoices.get",
            SalesRead,
            false,
            "One invoice or credit note",
            invoice_get,
        ),
        command(
            "finances.invoices.create",
            SalesWrite,
            true,
            "Make a draft invoice (no number yet)",
            invoice_create,
        ),
        command(
            "finances.invoices.preview",
            SalesRead,
            false,
            "Price invoice lines without saving (the form's running totals)",
            invoice_preview,
        ),
        command(
            "finances.invoices.update",
            SalesWrite,
            true,
            "Change a draft invoice",
            invoice_update,
        ),
        command(
            "finances.invoices.issue",
            SalesWrite,
            true,
            "Issue a draft: gives it this device's next number and posts it",
            invoice_issue,
        ),
        command(
            "finances.invoices.void",
            FinanceWrite,
            true,
            "Void an invoice or credit note (posts the reversal)",
            invoice_void,
        ),
        command(
            "finances.invoices.credit_note",
            FinanceWrite,
            true,
            "Issue a credit note against an invoice",
            credit_note_create,
        ),
    ]
}

pub(crate) const TEXT_CHARS_MAX: usize = 2_000;

pub(crate) const LINE_TEXT_CHARS_MAX: usize = 500;

pub(crate) const REFERENCE_CHARS_MAX: usize = 100;

pub(crate) const LINES_MAX: usize = 200;

pub(crate) const LIST_MAX: u32 = 500;

/// Invoices a status-filtered listing looks through at most.
pub(crate) const SCAN_MAX: u32 = 5_000;

pub(crate) const TERMS_DAYS_DEFAULT: i64 = 30;

pub(crate) fn rounding_of(settings: &FinanceSettingsRecord) -> Rounding {
    settings.tax_rounding.unwrap_or_default()
}

pub(crate) fn load_customer(cx: &mut Cx<'_>, field: &str, id: CustomerId) -> Result<Customer> {
    let customer = cx.get::<Customer>(&id)?.ok_or_else(|| {
        Error::invalid(
            field,
            Reason::InvalidId,
            format!("{field}: no customer {id}"),
        )
    })?;
    if customer.erased {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: this customer's data was erased"),
        ));
    }
    Ok(customer)
}

/// Stored lines as they would be given again (to re-price a draft or credit an invoice).
pub(crate) fn line_inputs(lines: &[InvoiceLineRecord]) -> Vec<InvoiceLineInput> {
    lines
        .iter()
        .map(|l| InvoiceLineInput {
            description: l.description.clone(),
            quantity: tax::format_quantity(l.quantity),
            unit_price: money::format(l.unit_price),
            discount: Some(tax::format_percent(l.discount)),
            tax_id: l.tax_id,
            product_id: l.product_id,
        })
        .collect()
}

pub(crate) fn line_view(l: &InvoiceLineRecord) -> InvoiceLine {
    InvoiceLine {
        description: l.description.clone(),
        quantity: tax::format_quantity(l.quantity),
        unit_price: money::format(l.unit_price),
        discount: tax::format_percent(l.discount),
        tax_id: l.tax_id,
        tax_name: l.tax_name.clone(),
        tax_rate: tax::format_percent(l.tax_rate),
        net: money::format(l.net),
        tax: money::format(l.tax),
        product_id: l.product_id,
    }
}

pub(crate) fn load_invoice(cx: &mut Cx<'_>, id: InvoiceId) -> Result<InvoiceRecord> {
    cx.get::<InvoiceRecord>(&id)?
        .ok_or_else(|| Error::not_found("invoice", id))
}

pub(crate) fn due_date_for(
    settings: &FinanceSettingsRecord,
    issue_date: &str,
    given: Option<&str>,
) -> Result<String> {
    let due = match given.map(str::trim).filter(|d| !d.is_empty()) {
        Some(due) => money::date("due_date", due)?,
        None => money::add_days(
            issue_date,
            settings.payment_terms_days.unwrap_or(TERMS_DAYS_DEFAULT),
        ),
    };
    if due.as_str() < issue_date {
        return Err(Error::invalid(
            "due_date",
            Reason::OutOfRange,
            format!("due_date ({due}) is before the issue date ({issue_date})"),
        ));
    }
    Ok(due)
}

pub(crate) fn invoice_create(cx: &mut Cx<'_>, input: InvoiceInput) -> Result<Invoice> {
    let record = draft(cx, InvoiceId::new(), &input, true)?;
    invoice_view(cx, &record)
}

/// The invoice's currency and rate: none for the base currency; a foreign one needs its rate.
pub(crate) fn currency_of(
    settings: &FinanceSettingsRecord,
    currency: Option<&str>,
    rate: Option<&str>,
) -> Result<(Option<String>, Option<i64>)> {
    let currency = currency
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty() && *c != settings.base_currency);
    let rate = rate.map(str::trim).filter(|r| !r.is_empty());
    match (currency, rate) {
        (None, None) => Ok((None, None)),
        (None, Some(_)) => Err(Error::invalid(
            "exchange_rate",
            Reason::InvalidValue,
            format!(
                "exchange_rate: only for an invoice in a currency other than {}",
                settings.base_currency
            ),
        )),
        (Some(currency), _)
            if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            Err(Error::invalid(
                "currency",
                Reason::InvalidValue,
                "currency: a three-letter ISO 4217 code such as USD",
            ))
        }
        (Some(currency), None) => Err(Error::invalid(
            "exchange_rate",
            Reason::Required,
            format!(
                "exchange_rate: how many {} one {currency} is worth on the invoice's day",
                settings.base_currency
            ),
        )),
        (Some(currency), Some(rate)) => Ok((
            Some(currency),
            Some(tax::exchange_rate("exchange_rate", rate)?),
        )),
    }
}

/// The base-currency subtotal and tax of amounts in a foreign currency: each converted once,
/// the tax as what the total converts to less the subtotal, so they add up.
pub(crate) fn base_of(
    rate: Option<i64>,
    subtotal: i64,
    total: i64,
) -> (Option<Amount>, Option<Amount>) {
    match rate {
        None => (None, None),
        Some(rate) => {
            let base_subtotal = Amount::<Doc>::new(subtotal).to_base(rate);
            (
                Some(base_subtotal),
                Some(Amount::<Doc>::new(total).to_base(rate) - base_subtotal),
            )
        }
    }
}

/// A stock location given for an invoice's products (must be open), or none.
pub(crate) fn stock_location(
    cx: &mut Cx<'_>,
    id: Option<LocationId>,
) -> Result<Option<LocationId>> {
    match id {
        Some(id) => Ok(Some(inventory::open_location(cx, "location_id", id)?.id)),
        None => Ok(None),
    }
}

/// Checks, prices and saves a draft invoice under `id`.
pub(crate) fn draft(
    cx: &mut Cx<'_>,
    id: InvoiceId,
    input: &InvoiceInput,
    capped: bool,
) -> Result<InvoiceRecord> {
    let settings = settings_record(cx)?;
    // Every field at once: the answer names each refused one, the lines' too.
    let mut checks = Checks::default();
    let customer = checks.field(load_customer(cx, "customer_id", input.customer_id));
    let issue_date = checks.field(match input.issue_date.as_deref() {
        Some(date) => money::date("issue_date", date),
        None => Ok(today(cx)),
    });
    let due_date = issue_date.as_deref().and_then(|issue_date| {
        checks.field(due_date_for(
            &settings,
            issue_date,
            input.due_date.as_deref(),
        ))
    });
    let currency = checks.field(currency_of(
        &settings,
        input.currency.as_deref(),
        input.exchange_rate.as_deref(),
    ));
    let prices_include_tax = input.prices_include_tax.unwrap_or(false);
    let rounding = rounding_of(&settings);
    let prices = if prices_include_tax {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    let priced = checks.field(if capped {
        price_lines(cx, &input.lines, prices, rounding)
    } else {
        price_lines_capped(cx, &input.lines, prices, rounding, LineLimits::default())
    });
    let notes = checks.field(validate::multiline(
        "notes",
        input.notes.as_deref().unwrap_or(""),
        TEXT_CHARS_MAX,
        false,
    ));
    let location_id = checks.field(stock_location(cx, input.location_id));
    checks.done()?;
    let (
        Some(customer),
        Some(issue_date),
        Some(due_date),
        Some((currency, exchange_rate)),
        Some((lines, amounts)),
        Some(notes),
        Some(location_id),
    ) = (
        customer,
        issue_date,
        due_date,
        currency,
        priced,
        notes,
        location_id,
    )
    else {
        return Err(Error::internal(
            "an invoice field passed its check without a value",
        ));
    };
    let record = InvoiceRecord {
        id,
        kind: InvoiceKind::Invoice,
        credits: None,
        number: None,
        customer_id: customer.id,
        customer_name: customer.name.clone(),
        issue_date,
        due_date,
        prices_include_tax,
        tax_rounding: rounding,
        lines,
        subtotal: Amount::new(amounts.subtotal),
        tax: Amount::new(amounts.tax),
        total: Amount::new(amounts.total),
        notes,
        status: InvoiceState::Draft,
        entry_id: None,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        base_subtotal: base_of(exchange_rate, amounts.subtotal, amounts.total).0,
        base_tax: base_of(exchange_rate, amounts.subtotal, amounts.total).1,
        currency,
        exchange_rate,
        location_id,
    };
    cx.put(&record)?;
    let total = shown_in(cx, record.total, record.currency.as_deref());
    cx.record_change(
        record.id,
        Summary::both(
            format!("drafted an invoice of {total} for {}", record.customer_name),
            format!("起草发票，{total}，客户 {}", record.customer_name),
        ),
    );
    Ok(record)
}

pub(crate) fn invoice_preview(
    cx: &mut Cx<'_>,
    input: InvoicePreviewInput,
) -> Result<InvoicePreview> {
    let settings = settings_record(cx)?;
    let prices = if input.prices_include_tax.unwrap_or(false) {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    let (_, amounts) = price_lines(cx, &input.lines, prices, rounding_of(&settings))?;
    Ok(InvoicePreview {
        lines: amounts
            .lines
            .iter()
            .map(|l| PricedLine {
                net: money::format(l.net),
                tax: money::format(l.tax),
            })
            .collect(),
        subtotal: money::format(amounts.subtotal),
        tax: money::format(amounts.tax),
        total: money::format(amounts.total),
    })
}

pub(crate) fn invoice_update(cx: &mut Cx<'_>, patch: InvoicePatch) -> Result<Invoice> {
    let settings = settings_record(cx)?;
    let mut record = load_invoice(cx, patch.id)?;
    if record.status != "draft" {
        return Err(Error::conflict(
            format!(
                "invoice {} is {}: only drafts change (void it, or issue a credit note)",
                record.number.as_deref().unwrap_or("(draft)"),
                record.status
            ),
            format!(
                "发票 {} 已{}：只有草稿可以修改（请作废它，或开一张红字发票）",
                record.number.as_deref().unwrap_or("（草稿）"),
                status_zh(record.status)
            ),
        ));
    }
    // Every field at once, as on a new draft.
    let mut checks = Checks::default();
    if let Some(customer_id) = &patch.customer_id {
        if let Some(customer) = checks.field(load_customer(cx, "customer_id", *customer_id)) {
            record.customer_id = customer.id;
            record.customer_name = customer.name;
        }
    }
    let mut issue_date_ok = true;
    if let Some(date) = &patch.issue_date {
        match checks.field(money::date("issue_date", date)) {
            Some(date) => record.issue_date = date,
            None => issue_date_ok = false,
        }
    }
    if issue_date_ok && (patch.due_date.is_some() || patch.issue_date.is_some()) {
        let due = patch
            .due_date
            .as_deref()
            .unwrap_or(&record.due_date)
            .to_string();
        if let Some(due) = checks.field(due_date_for(&settings, &record.issue_date, Some(&due))) {
            record.due_date = due;
        }
    }
    if let Some(inclusive) = patch.prices_include_tax {
        record.prices_include_tax = inclusive;
    }
    if patch.currency.is_some() || patch.exchange_rate.is_some() {
        let currency = patch.currency.clone().or(record.currency.clone());
        let rate = patch
            .exchange_rate
            .clone()
            .or(record.exchange_rate.map(tax::format_rate));
        if let Some((currency, rate)) =
            checks.field(currency_of(&settings, currency.as_deref(), rate.as_deref()))
        {
            record.currency = currency;
            record.exchange_rate = rate;
        }
    }
    if let Some(notes) = &patch.notes {
        if let Some(notes) =
            checks.field(validate::multiline("notes", notes, TEXT_CHARS_MAX, false))
        {
            record.notes = notes;
        }
    }
    if let Some(location) = patch.location_id {
        if let Some(location) = checks.field(stock_location(cx, location)) {
            record.location_id = location;
        }
    }
    let rounding = rounding_of(&settings);
    let prices = if record.prices_include_tax {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    let inputs: Vec<InvoiceLineInput> = match &patch.lines {
        Some(lines) => lines.clone(),
        None => line_inputs(&record.lines),
    };
    let priced = checks.field(price_lines(cx, &inputs, prices, rounding));
    checks.done()?;
    let Some((lines, amounts)) = priced else {
        return Err(Error::internal(
            "invoice lines passed their check without a value",
        ));
    };
    record.lines = lines;
    record.tax_rounding = rounding;
    record.subtotal = Amount::new(amounts.subtotal);
    record.tax = Amount::new(amounts.tax);
    record.total = Amount::new(amounts.total);
    (record.base_subtotal, record.base_tax) =
        base_of(record.exchange_rate, amounts.subtotal, amounts.total);
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    let total = shown_in(cx, record.total, record.currency.as_deref());
    cx.record_change(
        record.id,
        Summary::both(
            format!(
                "changed a draft invoice for {} ({total})",
                record.customer_name
            ),
            format!("修改发票草稿，{total}，客户 {}", record.customer_name),
        ),
    );
    invoice_view(cx, &record)
}

pub(crate) fn invoice_issue(cx: &mut Cx<'_>, input: IssueInput) -> Result<Invoice> {
    let record = load_invoice(cx, input.id)?;
    let record = issue(cx, record, input.issue_date.as_deref())?;
    let mut view = invoice_view(cx, &record)?;
    view.short_stock = inventory::short_after_sale(cx, &record.stock_view())?;
    Ok(view)
}

/// Issues a draft: the customer's current name, this device's next number, the posting.
pub(crate) fn issue(
    cx: &mut Cx<'_>,
    mut record: InvoiceRecord,
    issue_date: Option<&str>,
) -> Result<InvoiceRecord> {
    if record.status != "draft" {
        return Err(Error::conflict(
            format!(
                "invoice {} is {} already",
                record.number.as_deref().unwrap_or("(draft)"),
                record.status
            ),
            format!(
                "发票 {} 已{}",
                record.number.as_deref().unwrap_or("（草稿）"),
                status_zh(record.status)
            ),
        ));
    }
    if let Some(date) = issue_date {
        record.issue_date = money::date("issue_date", date)?;
        if record.due_date < record.issue_date {
            record.due_date = record.issue_date.clone();
        }
    }
    // The name the customer has now goes on the issued invoice.
    let customer = load_customer(cx, "customer_id", record.customer_id)?;
    record.customer_name = customer.name;
    let receivable = role_account(cx, Role::Receivable)?;
    let sales = role_account(cx, Role::Sales)?;
    let output_tax = if record.base_amounts().1.is_positive() {
        Some(role_account(cx, Role::OutputTax)?)
    } else {
        None
    };
    let number = take_number(cx, "invoice", &record.issue_date)?;
    // The ledger is in the base currency: a foreign invoice posts at its rate.
    let (base_subtotal, base_tax, base_total) = record.base_amounts();
    if base_total.is_positive() {
        let mut lines = vec![
            line(receivable, base_total, Amount::ZERO),
            line(sales, Amount::ZERO, base_subtotal),
        ];
        if let Some(output_tax) = output_tax {
            lines.push(line(output_tax, Amount::ZERO, base_tax));
        }
        let entry = post(
            cx,
            EntryId::derived("posting", &record.id.to_string()),
            &record.issue_date,
            &Memo::both(
                format!("Invoice {number} · {}", record.customer_name),
                format!("销售发票 {number}，客户 {}", record.customer_name),
            ),
            "invoice",
            Some(record.id.to_string()),
            None,
            nonzero(lines),
            false,
        )?;
        record.entry_id = Some(entry.id);
    }
    record.number = Some(number.clone());
    record.status = InvoiceState::Issued;
    record.updated_at_ms = cx.now_ms;
    // Products leave stock: one movement per line, with ids derived from the invoice, so the
    // same draft issued on two devices offline takes them out once.
    record.location_id = inventory::invoice_sold(cx, &record.stock_view(), &number)?;
    cx.put(&record)?;
    // Each number given is kept as its own record: if two devices issue the same draft while
    // offline, the invoice keeps one number, and the other is still accounted for.
    cx.put(&InvoiceNumberRecord {
        id: InvoiceNumberId::derived("invoice-number", &number),
        number: number.clone(),
        invoice_id: record.id,
        device_id: cx.device_id.to_string(),
        issued_at_ms: cx.now_ms,
    })?;
    let total = shown_in(cx, record.total, record.currency.as_deref());
    cx.record_change(
        record.id,
        Summary::both(
            format!(
                "issued invoice {number} of {total} to {}",
                record.customer_name
            ),
            format!("开具发票 {number}，{total}，客户 {}", record.customer_name),
        ),
    );
    Ok(record)
}

pub(crate) fn invoice_void(cx: &mut Cx<'_>, input: VoidInput) -> Result<Invoice> {
    let mut record = load_invoice(cx, input.id)?;
    let label = record
        .number
        .clone()
        .unwrap_or_else(|| "(draft)".to_string());
    // Void, but its posting never reversed: one device voided the draft while another
    // issued it. Voiding again posts the missing reversal.
    let unreversed =
        record.status == "void" && record.entry_id.is_some() && record.void_entry_id.is_none();
    match record.status.as_str() {
        "void" if !unreversed => {
            return Err(Error::conflict(
                format!("invoice {label} is void already"),
                format!("发票 {label} 已作废"),
            ))
        }
        "draft" => {}
        _ => {
            let id = record.id.to_string();
            if record.kind == "invoice" && store::has_payments(cx.conn, &id)? {
                return Err(Error::conflict(
                    format!(
                        "invoice {label} has payments: void them first, or issue a credit note"
                    ),
                    format!("发票 {label} 已有收款：请先作废收款，或开一张红字发票"),
                ));
            }
            if record.kind == "invoice" && store::has_credit_notes(cx.conn, &id)? {
                return Err(Error::conflict(
                    format!("invoice {label} has credit notes: void them first"),
                    format!("发票 {label} 已有红字发票：请先作废它们"),
                ));
            }
            if record.kind == "credit_note" {
                let payment_id = PaymentId::derived("credit-note", &id);
                if let Some(applied) = cx.get::<PaymentRecord>(&payment_id)? {
                    let held = store::customer_credit(cx.conn, &record.customer_id.to_string())?;
                    if applied.to_credit.is_positive() && held < applied.to_credit.minor() {
                        return Err(Error::conflict(format!(
                            "the credit from credit note {label} was used (refunded or applied): void that first"
                        ), format!("红字发票 {label} 的余额已被使用（退款或核销）：请先作废那笔")));
                    }
                }
            }
            if let Some(entry_id) = record.entry_id {
                let original = load_entry(cx, entry_id)?;
                let reversal = reverse(
                    cx,
                    &original,
                    input.date.as_deref(),
                    &Memo::void_of(&original),
                )?;
                record.void_entry_id = Some(reversal.id);
                if record.kind == "credit_note" {
                    // Its application to the invoice goes with it.
                    let payment_id = PaymentId::derived("credit-note", &id);
                    if let Some(mut payment) = cx.get::<PaymentRecord>(&payment_id)? {
                        payment.void_entry_id = Some(reversal.id);
                        payment.updated_at_ms = cx.now_ms;
                        cx.put(&payment)?;
                    }
                }
            }
        }
    }
    if record.number.is_some() {
        // What it took out of stock comes back.
        inventory::invoice_voided(cx, &record.stock_view())?;
    }
    record.status = InvoiceState::Void;
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("voided invoice {label}"),
            format!("作废发票 {label}"),
        ),
    );
    invoice_view(cx, &record)
}

pub(crate) fn credit_note_create(cx: &mut Cx<'_>, input: CreditNoteInput) -> Result<Invoice> {
    // The books must be set up; the credit note is priced as its invoice was.
    settings_record(cx)?;
    let invoice = load_invoice(cx, input.invoice_id)?;
    if !invoice.is_open_invoice() {
        return Err(Error::invalid(
            "invoice_id",
            Reason::InvalidValue,
            "invoice_id: a credit note is issued against an issued invoice",
        ));
    }
    let date = match input.date.as_deref() {
        Some(date) => money::date("date", date)?,
        None => today(cx),
    };
    if date < invoice.issue_date {
        return Err(Error::invalid(
            "date",
            Reason::OutOfRange,
            format!(
                "date: a credit note cannot come before its invoice ({})",
                invoice.issue_date
            ),
        ));
    }
    let prices = if invoice.prices_include_tax {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    let rounding = invoice.tax_rounding;
    let inputs: Vec<InvoiceLineInput> = match &input.lines {
        Some(lines) => lines.clone(),
        None => line_inputs(&invoice.lines),
    };
    let (lines, amounts) = if input.lines.is_none() {
        // In full: the invoice's own amounts, whatever became of its taxes since.
        let amounts = tax::DocumentAmounts {
            lines: vec![],
            subtotal: invoice.subtotal.minor(),
            tax: invoice.tax.minor(),
            total: invoice.total.minor(),
        };
        (invoice.lines.clone(), amounts)
    } else {
        price_lines(cx, &inputs, prices, rounding)?
    };
    let credit_total = Amount::<Doc>::new(amounts.total);
    let already = Amount::<Doc>::new(store::credited(cx.conn, &invoice.id.to_string())?);
    if credit_total + already > invoice.total {
        return Err(Error::invalid(
            "lines",
            Reason::OutOfRange,
            format!(
                "lines: credit notes would total {}, more than the invoice's {}",
                money::format(credit_total + already),
                money::format(invoice.total)
            ),
        )
        .zh(format!(
            "红字发票合计将为 {}，超过发票的 {}",
            money::format(credit_total + already),
            money::format(invoice.total)
        )));
    }
    let notes = validate::multiline(
        "notes",
        input.notes.as_deref().unwrap_or(""),
        TEXT_CHARS_MAX,
        false,
    )?;
    let outstanding =
        invoice.total - Amount::new(store::paid_on(cx.conn, &invoice.id.to_string())?);
    let to_invoice = credit_total.min(outstanding.max(Amount::ZERO));
    // Customer credit is held in the base currency; a foreign invoice's credit note credits
    // at most what is owed on it.
    if invoice.exchange_rate.is_some() && to_invoice < credit_total {
        return Err(Error::invalid(
            "lines",
            Reason::OutOfRange,
            format!(
                "lines: on an invoice in {} a credit note credits at most what is owed ({})",
                invoice.currency.as_deref().unwrap_or_default(),
                money::format(outstanding.max(Amount::ZERO))
            ),
        )
        .zh(format!(
            "{} 发票的红字发票最多冲减尚欠的金额（{}）",
            invoice.currency.as_deref().unwrap_or_default(),
            money::format(outstanding.max(Amount::ZERO))
        )));
    }
    let to_credit = credit_total - to_invoice;
    let (base_subtotal, base_tax) = base_of(invoice.exchange_rate, amounts.subtotal, amounts.total);
    // In the base currency: converted at the invoice's rate, or as they are.
    let (post_subtotal, post_tax) = (
        base_subtotal.unwrap_or(Amount::<Doc>::new(amounts.subtotal).as_base()),
        base_tax.unwrap_or(Amount::<Doc>::new(amounts.tax).as_base()),
    );
    let post_to_invoice = match invoice.exchange_rate {
        // All of a foreign credit note goes to the invoice (checked above), never more than
        // the receivable left in the base currency, and all of that when it credits all that
        // is owed: rounding leaves nothing behind.
        Some(_) => {
            let left = invoice.base_amounts().2
                - Amount::new(store::base_cleared(cx.conn, &invoice.id.to_string())?);
            if credit_total == outstanding {
                left
            } else {
                (post_subtotal + post_tax).min(left)
            }
        }
        None => to_invoice.as_base(),
    };
    // What converting the credit note and clearing the receivable differ by, in the base
    // currency: an exchange difference (a cent of rounding, usually).
    let difference = match invoice.exchange_rate {
        Some(_) => post_subtotal + post_tax - post_to_invoice,
        None => Amount::ZERO,
    };
    let exchange = if difference.is_zero() {
        None
    } else if difference.is_positive() {
        Some(line(
            role_account(cx, Role::ExchangeGain)?,
            Amount::ZERO,
            difference,
        ))
    } else {
        Some(line(
            role_account(cx, Role::ExchangeLoss)?,
            -difference,
            Amount::ZERO,
        ))
    };
    let receivable = role_account(cx, Role::Receivable)?;
    let sales = role_account(cx, Role::Sales)?;
    let output_tax = if post_tax.is_positive() {
        Some(role_account(cx, Role::OutputTax)?)
    } else {
        None
    };
    let customer_credit = if to_credit.is_positive() {
        Some(role_account(cx, Role::CustomerCredit)?)
    } else {
        None
    };
    let id = InvoiceId::new();
    let number = take_number(cx, "credit_note", &date)?;
    let invoice_number = invoice.number.clone().unwrap_or_default();
    let mut entry_id = None;
    if credit_total.is_positive() {
        let mut entry_lines = vec![line(sales, post_subtotal, Amount::ZERO)];
        if let Some(account) = output_tax {
            entry_lines.push(line(account, post_tax, Amount::ZERO));
        }
        entry_lines.push(line(receivable, Amount::ZERO, post_to_invoice));
        if let Some(account) = customer_credit {
            // Only a base-currency invoice's credit note leaves credit (checked above).
            entry_lines.push(line(account, Amount::ZERO, to_credit.as_base()));
        }
        entry_lines.extend(exchange);
        let entry = post(
            cx,
            EntryId::derived("posting", &id.to_string()),
            &date,
            &Memo::both(
                format!(
                    "Credit note {number} for invoice {invoice_number} · {}",
                    invoice.customer_name
                ),
                format!(
                    "红字发票 {number}，冲发票 {invoice_number}，客户 {}",
                    invoice.customer_name
                ),
            ),
            "credit_note",
            Some(id.to_string()),
            None,
            nonzero(entry_lines),
            false,
        )?;
        entry_id = Some(entry.id);
        // Its application to the invoice, kept with the payments so the invoice's balance and
        // the customer's credit read from one place.
        cx.put(&PaymentRecord {
            id: PaymentId::derived("credit-note", &id.to_string()),
            kind: PaymentKind::CreditNote,
            customer_id: invoice.customer_id,
            invoice_id: Some(invoice.id),
            date: date.clone(),
            amount: credit_total,
            method: PaymentMethod::CreditNote,
            reference: number.clone(),
            account_id: None,
            to_invoice,
            to_credit,
            entry_id: entry.id,
            void_entry_id: None,
            created_by_name: actor_name(cx),
            created_at_ms: cx.now_ms,
            updated_at_ms: cx.now_ms,
            base_to_invoice: invoice.exchange_rate.map(|_| post_to_invoice),
            exchange_rate: invoice.exchange_rate,
        })?;
    }
    let record = InvoiceRecord {
        id,
        kind: InvoiceKind::CreditNote,
        credits: Some(invoice.id),
        number: Some(number.clone()),
        customer_id: invoice.customer_id,
        customer_name: invoice.customer_name.clone(),
        issue_date: date.clone(),
        due_date: date,
        prices_include_tax: invoice.prices_include_tax,
        tax_rounding: rounding,
        lines,
        subtotal: Amount::new(amounts.subtotal),
        tax: Amount::new(amounts.tax),
        total: Amount::new(amounts.total),
        notes,
        status: InvoiceState::Issued,
        entry_id,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        currency: invoice.currency.clone(),
        exchange_rate: invoice.exchange_rate,
        base_subtotal,
        base_tax,
        location_id: None,
    };
    if input.restock.unwrap_or(false) {
        inventory::credit_returned(cx, &invoice.stock_view(), &record.stock_view(), &number)?;
    }
    cx.put(&record)?;
    let total = shown_in(cx, record.total, record.currency.as_deref());
    cx.record_change(
        record.id,
        Summary::both(
            format!("issued credit note {number} of {total} for invoice {invoice_number}"),
            format!("开具红字发票 {number}，{total}，冲发票 {invoice_number}"),
        ),
    );
    invoice_view(cx, &record)
}

pub(crate) fn status_of(record: &InvoiceRecord, paid: Amount<Doc>, today: &str) -> InvoiceStatus {
    match record.status {
        InvoiceState::Draft => InvoiceStatus::Draft,
        InvoiceState::Void => InvoiceStatus::Void,
        _ if record.kind == "credit_note" => InvoiceStatus::Issued,
        _ if paid >= record.total => InvoiceStatus::Paid,
        _ if record.due_date.as_str() < today => InvoiceStatus::Overdue,
        _ if paid.is_positive() => InvoiceStatus::PartiallyPaid,
        InvoiceState::Issued => InvoiceStatus::Issued,
    }
}

pub(crate) fn invoice_view(cx: &mut Cx<'_>, record: &InvoiceRecord) -> Result<Invoice> {
    let today = today(cx);
    let base_currency = settings_record(cx)?.base_currency;
    invoice_view_on(cx, record, &today, &base_currency)
}

/// An invoice as callers see it, on a given day in a given base currency: a listing reads
/// those once, not once per invoice.
pub(crate) fn invoice_view_on(
    cx: &mut Cx<'_>,
    record: &InvoiceRecord,
    today: &str,
    base_currency: &str,
) -> Result<Invoice> {
    let open = record.is_open_invoice();
    let paid = if open {
        Amount::<Doc>::new(store::paid_on(cx.conn, &record.id.to_string())?)
    } else {
        Amount::ZERO
    };
    let outstanding = if open {
        (record.total - paid).max(Amount::ZERO)
    } else {
        Amount::ZERO
    };
    let status = status_of(record, paid, today);
    Ok(Invoice {
        id: record.id,
        kind: record.kind,
        credits: record.credits,
        number: record.number.clone(),
        customer_id: record.customer_id,
        customer_name: record.customer_name.clone(),
        issue_date: record.issue_date.clone(),
        due_date: record.due_date.clone(),
        prices_include_tax: record.prices_include_tax,
        tax_rounding: record.tax_rounding,
        lines: record.lines.iter().map(line_view).collect(),
        subtotal: money::format(record.subtotal),
        tax: money::format(record.tax),
        total: money::format(record.total),
        paid: money::format(paid),
        outstanding: money::format(outstanding),
        notes: record.notes.clone(),
        status,
        entry_id: record.entry_id,
        created_by_name: record.created_by_name.clone(),
        created_at_ms: record.created_at_ms,
        currency: record
            .currency
            .clone()
            .unwrap_or_else(|| base_currency.to_string()),
        exchange_rate: tax::format_rate(record.exchange_rate.unwrap_or(tax::RATE_SCALE)),
        base_total: money::format(record.base_amounts().2),
        location_id: record.location_id,
        takes_payment: open && outstanding.is_positive(),
        part_paid: open && paid.is_positive() && outstanding.is_positive(),
        takes_credit_note: open,
        short_stock: Vec::new(),
    })
}

pub(crate) fn invoices_list(cx: &mut Cx<'_>, query: InvoiceQuery) -> Result<InvoiceList> {
    let range = check_range(&DateRange {
        from: query.from.clone(),
        to: query.to.clone(),
    })?;
    let customer_id = query.customer_id.map(|id| id.to_string());
    let status = query.status;
    let limit = query.limit.unwrap_or(LIST_MAX).clamp(1, LIST_MAX);
    let scan = if status.is_some() {
        SCAN_MAX
    } else {
        limit + 1
    };
    let ids = store::invoice_ids(
        cx.conn,
        &store::InvoiceFilter {
            from: range.from.as_deref(),
            to: range.to.as_deref(),
            customer_id: customer_id.as_deref(),
            limit: scan,
        },
    )?;
    let mut truncated = ids.len() as u32 >= scan && status.is_some();
    let today = today(cx);
    let base_currency = settings_record(cx)?.base_currency;
    let mut invoices = Vec::new();
    for id in &ids {
        let record = load_invoice(cx, *id)?;
        let view = invoice_view_on(cx, &record, &today, &base_currency)?;
        if status.is_some_and(|s| s != view.status) {
            continue;
        }
        if invoices.len() as u32 == limit {
            truncated = true;
            break;
        }
        invoices.push(view);
    }
    Ok(InvoiceList {
        invoices,
        truncated,
    })
}

pub(crate) fn invoice_get(cx: &mut Cx<'_>, input: IdInput<InvoiceId>) -> Result<Invoice> {
    let record = load_invoice(cx, input.id)?;
    invoice_view(cx, &record)
}

impl InvoiceRecord {
    /// The invoice as stock sees it (`inventory::sales`).
    pub(crate) fn stock_view(&self) -> inventory::SalesDocument<'_> {
        inventory::SalesDocument {
            id: self.id,
            credit_note: self.kind == "credit_note",
            number: self.number.as_deref(),
            issue_date: &self.issue_date,
            location_id: self.location_id,
            lines: self
                .lines
                .iter()
                .map(|line| inventory::SalesLine {
                    product_id: line.product_id,
                    quantity: line.quantity,
                })
                .collect(),
        }
    }
}

/// A stored status as the Chinese messages say it ("已开具", "已作废").
fn status_zh(status: InvoiceState) -> &'static str {
    match status {
        InvoiceState::Draft => "是草稿",
        InvoiceState::Void => "作废",
        InvoiceState::Issued => "开具",
    }
}
