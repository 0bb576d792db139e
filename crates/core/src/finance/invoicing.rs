//! Invoices, credit notes, payments and taxes: what a shop bills and collects. Each issued
//! document and each payment posts its journal entry through the ledger's one posting
//! function; statuses a customer sees (paid, overdue) are read from payments and the date.

use std::collections::BTreeMap;

use super::model::*;
use super::ops::{account_of_kind, check_range, clip, load_entry, post, reverse, settings_record};
use super::tax::{self, Prices, Rounding};
use super::templates::{self, Role};
use super::{money, store};
use crate::commands::{command, Command, Cx, Empty};
use crate::customers::{Customer, IdInput};
use crate::error::{Error, Reason, Result};
use crate::ids::{
    AccountId, CustomerId, EntryId, InvoiceId, InvoiceNumberId, InvoiceSeriesId, PaymentId, TaxId,
};
use crate::users::Permission::{FinanceManage, FinanceRead, FinanceWrite, SalesRead, SalesWrite};
use crate::validate;

const NAME_CHARS_MAX: usize = 100;
const TEXT_CHARS_MAX: usize = 2_000;
const LINE_TEXT_CHARS_MAX: usize = 500;
const REFERENCE_CHARS_MAX: usize = 100;
const LINES_MAX: usize = 200;
const COMPONENTS_MAX: usize = 5;
const LIST_MAX: u32 = 500;
/// Invoices a status-filtered listing looks through at most.
const SCAN_MAX: u32 = 5_000;
const TERMS_DAYS_DEFAULT: i64 = 30;
const TERMS_DAYS_MAX: i64 = 365;
const HEADER_CHARS_MAX: usize = 500;
const HEADER_LINES_MAX: usize = 6;
const LOGO_BYTES_MAX: usize = 256 * 1024;
const LOGO_SIDE_MAX: u32 = 2_000;
const METHODS: [&str; 6] = [
    "cash",
    "card",
    "bank_transfer",
    "wechat_pay",
    "alipay",
    "other",
];

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.settings.update",
            FinanceManage,
            true,
            "Tax rounding (per line or per document) and payment terms",
            settings_update,
        ),
        command(
            "finances.taxes.list",
            SalesRead,
            false,
            "Tax rates and groups",
            taxes_list,
        ),
        command(
            "finances.taxes.create",
            FinanceManage,
            true,
            "Add a tax rate or a group of rates",
            tax_create,
        ),
        command(
            "finances.taxes.update",
            FinanceManage,
            true,
            "Rename or archive a tax",
            tax_update,
        ),
        command(
            "finances.taxes.presets",
            SalesRead,
            false,
            "The tax presets (PRC VAT, EU VAT, US sales tax)",
            tax_presets,
        ),
        command(
            "finances.taxes.install_preset",
            FinanceManage,
            true,
            "Add a preset's taxes",
            tax_install_preset,
        ),
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
        command(
            "finances.invoices.attention",
            FinanceRead,
            false,
            "Invoices and payments that disagree after devices worked offline",
            attention,
        ),
        command(
            "finances.invoices.series.get",
            SalesRead,
            false,
            "This device's invoice number series",
            series_get,
        ),
        command(
            "finances.invoices.series.update",
            FinanceManage,
            true,
            "Set this device's invoice prefix and yearly restart",
            series_update,
        ),
        command(
            "finances.payments.create",
            SalesWrite,
            true,
            "Record a payment (against an invoice, or as customer credit)",
            payment_create,
        ),
        command(
            "finances.payments.refund",
            FinanceWrite,
            true,
            "Pay a customer's credit back",
            payment_refund,
        ),
        command(
            "finances.payments.void",
            FinanceWrite,
            true,
            "Void a payment or refund (posts the reversal)",
            payment_void,
        ),
        command(
            "finances.payments.list",
            SalesRead,
            false,
            "Payments, refunds and applied credit",
            payments_list,
        ),
        command(
            "finances.payments.balance",
            SalesRead,
            false,
            "What a customer owes and the credit they hold",
            customer_balance,
        ),
        command(
            "finances.reports.balance_sheet",
            FinanceRead,
            false,
            "Assets, liabilities and equity on a day",
            balance_sheet,
        ),
        command(
            "finances.reports.ar_aging",
            FinanceRead,
            false,
            "What customers owe, by how long past due",
            ar_aging,
        ),
        command(
            "finances.reports.tax_summary",
            FinanceRead,
            false,
            "Output tax, input tax and the net owed for a period",
            tax_summary,
        ),
    ]
}

/// The shop's calendar day now: in its time zone, not UTC's (before 8:00 in China, UTC is
/// still on yesterday, and invoices would be dated in the wrong month).
pub(crate) fn today(cx: &mut Cx<'_>) -> String {
    let offset = store::settings_id(cx.conn)
        .ok()
        .flatten()
        .and_then(|id| cx.get::<FinanceSettingsRecord>(&id).ok().flatten())
        .and_then(|s| s.utc_offset_minutes)
        .unwrap_or(0);
    money::date_of_ms(cx.now_ms + offset * 60_000)
}

pub(super) fn actor_name(cx: &Cx<'_>) -> String {
    cx.actor
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

/// The chart's account for a role (receivables, sales, output tax…), which must be active.
pub(super) fn role_account(cx: &mut Cx<'_>, role: Role) -> Result<AccountId> {
    let settings = settings_record(cx)?;
    let code = templates::role_code(&settings.template, role).ok_or_else(|| {
        Error::conflict(format!(
            "the {} chart has no {} account",
            settings.template,
            role.describe()
        ))
    })?;
    let id = AccountId::derived(&format!("chart:{}", settings.template), code);
    match store::account(cx.conn, &id.to_string())? {
        Some(account) if !account.archived => Ok(id),
        Some(account) => Err(Error::conflict(format!(
            "the {} account {} {} is archived: unarchive it first",
            role.describe(),
            account.code,
            account.name
        ))),
        None => Err(Error::conflict(format!(
            "the {} account {code} is missing from the chart",
            role.describe()
        ))),
    }
}

/// Books a change of the stock's value, when the books are set up (`None` when they are not:
/// stock works without a ledger). Inventory moves by `inventory` (what the stock is worth now
/// less before, at moving average cost); `payable` is what is owed to a supplier for goods
/// received; cost of goods sold takes the rest: what a sale or a loss took out, what a return or
/// a find put back, and the part of a delivery that covers stock sold before it arrived. The
/// id is the caller's, derived from what moved, so the same movement is never booked twice.
pub(crate) fn post_stock_value(
    cx: &mut Cx<'_>,
    id: EntryId,
    date: &str,
    memo: &str,
    source_id: String,
    inventory: i64,
    payable: i64,
) -> Result<Option<EntryId>> {
    if (inventory == 0 && payable == 0) || store::settings_id(cx.conn)?.is_none() {
        return Ok(None);
    }
    let cogs = payable - inventory;
    let signed = |account: AccountId, amount: i64| {
        if amount >= 0 {
            line(account, amount, 0)
        } else {
            line(account, 0, -amount)
        }
    };
    let lines = nonzero(vec![
        signed(role_account(cx, Role::Inventory)?, inventory),
        signed(role_account(cx, Role::Cogs)?, cogs),
        line(role_account(cx, Role::Payable)?, 0, payable.max(0)),
    ]);
    if lines.len() < 2 {
        return Ok(None);
    }
    let entry = post(
        cx,
        id,
        date,
        memo,
        "stock",
        Some(source_id),
        None,
        lines,
        false,
    )?;
    Ok(Some(entry.id))
}

fn line(account_id: AccountId, debit: i64, credit: i64) -> LineRecord {
    LineRecord {
        account_id,
        debit,
        credit,
    }
}

/// Drops zero lines (no tax, nothing to credit) before posting.
pub(super) fn nonzero(lines: Vec<LineRecord>) -> Vec<LineRecord> {
    lines
        .into_iter()
        .filter(|l| l.debit > 0 || l.credit > 0)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Settings

fn settings_update(cx: &mut Cx<'_>, patch: SettingsPatch) -> Result<FinanceSettings> {
    let mut settings = settings_record(cx)?;
    let mut changed = Vec::new();
    if let Some(rounding) = &patch.tax_rounding {
        let rounding = Rounding::parse(rounding.trim()).ok_or_else(|| {
            Error::invalid(
                "tax_rounding",
                Reason::InvalidValue,
                "tax_rounding: line or document",
            )
        })?;
        settings.tax_rounding = Some(rounding.as_str().to_string());
        changed.push(format!("tax rounded per {}", rounding.as_str()));
    }
    if let Some(days) = patch.payment_terms_days {
        if !(0..=TERMS_DAYS_MAX).contains(&days) {
            return Err(Error::invalid(
                "payment_terms_days",
                Reason::OutOfRange,
                format!("payment_terms_days: 0 to {TERMS_DAYS_MAX}"),
            ));
        }
        settings.payment_terms_days = Some(days);
        changed.push(format!("payment terms {days} days"));
    }
    if let Some(header) = &patch.invoice_header {
        let header = validate::multiline("invoice_header", header, HEADER_CHARS_MAX, false)?;
        if header.lines().count() > HEADER_LINES_MAX {
            return Err(Error::invalid(
                "invoice_header",
                Reason::TooMany,
                format!("invoice_header: at most {HEADER_LINES_MAX} lines"),
            ));
        }
        settings.invoice_header = (!header.is_empty()).then_some(header);
        changed.push("invoice header".to_string());
    }
    if let Some(minutes) = patch.utc_offset_minutes {
        settings.utc_offset_minutes = Some(super::ops::utc_offset("utc_offset_minutes", minutes)?);
        changed.push(format!("time zone UTC{minutes:+} minutes"));
    }
    if let Some(cap) = &patch.cashier_discount_max_percent {
        settings.cashier_discount_max = match cap.trim() {
            "" => None,
            cap => Some(tax::percent("cashier_discount_max_percent", cap, 100)?),
        };
        changed.push(match settings.cashier_discount_max {
            Some(cap) => format!("cashiers may discount up to {}%", tax::format_percent(cap)),
            None => "no cap on cashiers' discounts".to_string(),
        });
    }
    if let Some(logo) = &patch.logo_png {
        let logo = logo.trim();
        if logo.is_empty() {
            settings.logo_png = None;
            changed.push("removed the logo".to_string());
        } else {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(logo)
                .map_err(|_| {
                    Error::invalid("logo_png", Reason::InvalidValue, "logo_png: not base64")
                })?;
            if bytes.len() > LOGO_BYTES_MAX {
                return Err(Error::invalid(
                    "logo_png",
                    Reason::TooLong,
                    format!("logo_png: at most {} KB", LOGO_BYTES_MAX / 1024),
                ));
            }
            match super::documents::png_size(&bytes) {
                None => {
                    return Err(Error::invalid(
                        "logo_png",
                        Reason::InvalidValue,
                        "logo_png: not a PNG image",
                    ));
                }
                // A small file can still hold a huge image, which every invoice PDF would
                // then have to decode.
                Some((w, h)) if w > LOGO_SIDE_MAX || h > LOGO_SIDE_MAX => {
                    return Err(Error::invalid(
                        "logo_png",
                        Reason::OutOfRange,
                        format!(
                            "logo_png: at most {LOGO_SIDE_MAX}×{LOGO_SIDE_MAX} pixels (this one is {w}×{h})"
                        ),
                    ));
                }
                Some(_) => {}
            }
            settings.logo_png = Some(logo.to_string());
            changed.push("new logo".to_string());
        }
    }
    if !changed.is_empty() {
        settings.updated_at_ms = cx.now_ms;
        cx.put(&settings)?;
        cx.record_change(settings.id, changed.join(", "));
    }
    Ok(super::ops::settings_view(&settings))
}

pub(super) fn rounding_of(settings: &FinanceSettingsRecord) -> Rounding {
    settings
        .tax_rounding
        .as_deref()
        .and_then(Rounding::parse)
        .unwrap_or(Rounding::PerLine)
}

// ---------------------------------------------------------------------------------------------
// Taxes

fn tax_view(record: &TaxRecord) -> Tax {
    Tax {
        id: record.id,
        name: record.name.clone(),
        rate: tax::format_percent(record.components.iter().map(|c| c.rate).sum()),
        components: record
            .components
            .iter()
            .map(|c| TaxComponent {
                name: c.name.clone(),
                rate: tax::format_percent(c.rate),
            })
            .collect(),
        preset: record.preset.clone(),
        archived: record.archived,
    }
}

pub(super) fn load_tax(cx: &mut Cx<'_>, field: &str, id: &str) -> Result<TaxRecord> {
    let parsed = TaxId::parse(field, id)?;
    cx.get::<TaxRecord>(&parsed.to_string())?
        .ok_or_else(|| Error::invalid(field, Reason::InvalidId, format!("{field}: no tax {id}")))
}

fn taxes_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<Tax>> {
    let ids = store::tax_ids(cx.conn)?;
    let mut taxes = Vec::with_capacity(ids.len());
    for id in ids {
        let record = cx
            .get::<TaxRecord>(&id)?
            .ok_or_else(|| Error::internal(format!("tax {id} has no document")))?;
        taxes.push(tax_view(&record));
    }
    Ok(taxes)
}

fn tax_create(cx: &mut Cx<'_>, input: TaxInput) -> Result<Tax> {
    settings_record(cx)?;
    let name = validate::required("name", &input.name, NAME_CHARS_MAX)?;
    let components = match (&input.rate, &input.components) {
        (Some(rate), None) => vec![TaxComponentRecord {
            name: name.clone(),
            rate: tax::percent("rate", rate, 100)?,
        }],
        (None, Some(components)) => {
            if components.is_empty() || components.len() > COMPONENTS_MAX {
                return Err(Error::invalid(
                    "components",
                    Reason::TooMany,
                    format!("components: 1 to {COMPONENTS_MAX} rates"),
                ));
            }
            components
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    Ok(TaxComponentRecord {
                        name: validate::required(
                            &format!("components[{i}].name"),
                            &c.name,
                            NAME_CHARS_MAX,
                        )?,
                        rate: tax::percent(&format!("components[{i}].rate"), &c.rate, 100)?,
                    })
                })
                .collect::<Result<_>>()?
        }
        _ => {
            return Err(Error::invalid(
                "rate",
                Reason::Required,
                "rate: give a rate, or components for a group (not both)",
            ))
        }
    };
    let record = TaxRecord {
        id: TaxId::new(),
        name,
        components,
        preset: None,
        archived: false,
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    let view = tax_view(&record);
    cx.record_change(
        record.id,
        format!("added tax {} ({}%)", view.name, view.rate),
    );
    Ok(view)
}

fn tax_update(cx: &mut Cx<'_>, patch: TaxPatch) -> Result<Tax> {
    let mut record = load_tax(cx, "id", &patch.id)?;
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        record.name = validate::required("name", name, NAME_CHARS_MAX)?;
        changed.push("renamed");
    }
    if let Some(archived) = patch.archived {
        if archived != record.archived {
            record.archived = archived;
            changed.push(if archived { "archived" } else { "unarchived" });
        }
    }
    if !changed.is_empty() {
        record.updated_at_ms = cx.now_ms;
        cx.put(&record)?;
        cx.record_change(
            record.id,
            format!("{} tax {}", changed.join(", "), record.name),
        );
    }
    Ok(tax_view(&record))
}

fn tax_presets(_: &mut Cx<'_>, _: Empty) -> Result<Vec<TaxPreset>> {
    Ok(templates::TAX_PRESETS
        .iter()
        .map(|(name, title, taxes)| TaxPreset {
            name: name.to_string(),
            title: title.to_string(),
            taxes: taxes
                .iter()
                .map(|(tax_name, components)| PresetTax {
                    name: tax_name.to_string(),
                    rate: tax::format_percent(
                        components
                            .iter()
                            .map(|(_, rate)| tax::percent("rate", rate, 100).unwrap_or(0))
                            .sum(),
                    ),
                    components: components
                        .iter()
                        .map(|(n, r)| TaxComponent {
                            name: n.to_string(),
                            rate: r.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect())
}

fn tax_install_preset(cx: &mut Cx<'_>, input: PresetInput) -> Result<Vec<Tax>> {
    settings_record(cx)?;
    let preset = input.preset.trim();
    let (_, title, taxes) = templates::TAX_PRESETS
        .iter()
        .find(|(name, _, _)| *name == preset)
        .ok_or_else(|| {
            Error::invalid(
                "preset",
                Reason::InvalidValue,
                "preset: prc_vat, eu_vat or us_sales",
            )
        })?;
    let mut added = 0;
    for (name, components) in taxes.iter() {
        // The same ids on every device: a preset installed on two devices offline is one set.
        let id = TaxId::derived("tax-preset", &format!("{preset}:{name}"));
        if cx.get::<TaxRecord>(&id.to_string())?.is_some() {
            continue;
        }
        let components = components
            .iter()
            .map(|(n, r)| {
                Ok(TaxComponentRecord {
                    name: n.to_string(),
                    rate: tax::percent("rate", r, 100)?,
                })
            })
            .collect::<Result<_>>()?;
        cx.put(&TaxRecord {
            id,
            name: name.to_string(),
            components,
            preset: Some(preset.to_string()),
            archived: false,
            created_at_ms: cx.now_ms,
            updated_at_ms: cx.now_ms,
        })?;
        added += 1;
    }
    let settings_id = settings_record(cx)?.id;
    cx.record_change(
        settings_id,
        format!("added {added} taxes from the {title} preset"),
    );
    taxes_list(cx, Empty {})
}

// ---------------------------------------------------------------------------------------------
// Invoices

pub(super) fn load_customer(cx: &mut Cx<'_>, field: &str, id: &str) -> Result<Customer> {
    let parsed = CustomerId::parse(field, id)?;
    let customer = cx.get::<Customer>(&parsed.to_string())?.ok_or_else(|| {
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
fn line_inputs(lines: &[InvoiceLineRecord]) -> Vec<InvoiceLineInput> {
    lines
        .iter()
        .map(|l| InvoiceLineInput {
            description: l.description.clone(),
            quantity: tax::format_quantity(l.quantity),
            unit_price: money::format(l.unit_price),
            discount: Some(tax::format_percent(l.discount)),
            tax_id: l.tax_id.map(|id| id.to_string()),
            product_id: l.product_id.map(|id| id.to_string()),
        })
        .collect()
}

pub(super) fn line_view(l: &InvoiceLineRecord) -> InvoiceLine {
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

pub(super) fn load_invoice(cx: &mut Cx<'_>, field: &str, id: &str) -> Result<InvoiceRecord> {
    let parsed = InvoiceId::parse(field, id)?;
    cx.get::<InvoiceRecord>(&parsed.to_string())?
        .ok_or_else(|| Error::not_found("invoice", parsed))
}

/// Reads and prices lines; errors name `lines[i].field`.
pub(super) fn price_lines(
    cx: &mut Cx<'_>,
    inputs: &[InvoiceLineInput],
    prices: Prices,
    rounding: Rounding,
) -> Result<(Vec<InvoiceLineRecord>, tax::DocumentAmounts)> {
    // A field-level limit: users who do not keep the books (cashiers) give discounts up to
    // the company's cap; the core holds it whoever calls.
    let keeps_books = cx
        .actor
        .as_ref()
        .is_some_and(|a| a.permissions.contains(&FinanceWrite));
    let limits = if keeps_books {
        LineLimits::default()
    } else {
        // ...and sell products from the list at their list prices.
        LineLimits {
            discount_cap: settings_record(cx)?.cashier_discount_max,
            list_prices_only: true,
        }
    };
    price_lines_capped(cx, inputs, prices, rounding, limits)
}

/// What a user who does not keep the books may do on a line (the core holds it, whoever calls).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LineLimits {
    /// The largest discount, in millionths.
    pub discount_cap: Option<i64>,
    /// Lines must be products, at their list price.
    pub list_prices_only: bool,
}

/// Prices lines with a discount cap, or none (a schedule set up by the books' people makes
/// its invoices whoever happens to be signed in when it runs).
pub(super) fn price_lines_capped(
    cx: &mut Cx<'_>,
    inputs: &[InvoiceLineInput],
    prices: Prices,
    rounding: Rounding,
    limits: LineLimits,
) -> Result<(Vec<InvoiceLineRecord>, tax::DocumentAmounts)> {
    let discount_cap = limits.discount_cap;
    if inputs.is_empty() || inputs.len() > LINES_MAX {
        return Err(Error::invalid(
            "lines",
            Reason::TooMany,
            format!("lines: an invoice has 1 to {LINES_MAX} lines"),
        ));
    }
    let mut records = Vec::with_capacity(inputs.len());
    let mut priced = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = match input
            .product_id
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(id) => {
                let product = crate::inventory::ops::load_product(cx, &field("product_id"), id)?;
                if product.archived {
                    return Err(Error::invalid(
                        &field("product_id"),
                        Reason::InvalidValue,
                        format!("{}: {} is archived", field("product_id"), product.name),
                    ));
                }
                Some(product)
            }
            None if limits.list_prices_only => {
                return Err(Error::invalid(
                    &field("product_id"),
                    Reason::Required,
                    format!(
                        "{}: a cashier sells products from the list; other lines need a manager",
                        field("product_id")
                    ),
                ))
            }
            None => None,
        };
        let description = match &product {
            Some(product) if input.description.trim().is_empty() => product.name.clone(),
            _ => validate::required(
                &field("description"),
                &input.description,
                LINE_TEXT_CHARS_MAX,
            )?,
        };
        let quantity = tax::quantity(&field("quantity"), &input.quantity)?;
        let unit_price = match &product {
            Some(product) if input.unit_price.trim().is_empty() => product.price,
            _ => money::parse(&field("unit_price"), &input.unit_price, false)?,
        };
        if let (true, Some(product)) = (limits.list_prices_only, &product) {
            if unit_price != product.price {
                return Err(Error::invalid(
                    &field("unit_price"),
                    Reason::InvalidValue,
                    format!(
                        "{}: a cashier sells {} at its list price, {}; a manager can change it",
                        field("unit_price"),
                        product.name,
                        money::format(product.price)
                    ),
                ));
            }
        }
        let discount = match input.discount.as_deref().map(str::trim) {
            None | Some("") => 0,
            Some(text) => tax::percent(&field("discount"), text, 100)?,
        };
        if let Some(cap) = discount_cap {
            if discount > cap {
                return Err(Error::invalid(
                    &field("discount"),
                    Reason::OutOfRange,
                    format!(
                        "{}: a cashier may give at most {}% off; ask a manager",
                        field("discount"),
                        tax::format_percent(cap)
                    ),
                )
                .with_limit((cap / 10_000) as usize));
            }
        }
        let product_tax = product
            .as_ref()
            .and_then(|p| p.tax_id)
            .map(|t| t.to_string());
        let (tax_id, tax_name, tax_rate) = match input
            .tax_id
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .or(product_tax.as_deref())
        {
            None => (None, String::new(), 0),
            Some(id) => {
                let record = load_tax(cx, &field("tax_id"), id)?;
                if record.archived {
                    return Err(Error::invalid(
                        &field("tax_id"),
                        Reason::InvalidValue,
                        format!("{}: tax {} is archived", field("tax_id"), record.name),
                    ));
                }
                let rate = record.components.iter().map(|c| c.rate).sum();
                (Some(record.id), record.name, rate)
            }
        };
        priced.push(tax::LineInput {
            quantity,
            unit_price,
            discount,
            rate: tax_rate,
        });
        records.push(InvoiceLineRecord {
            description,
            quantity,
            unit_price,
            discount,
            tax_id,
            tax_name,
            tax_rate,
            net: 0,
            tax: 0,
            product_id: product.map(|p| p.id),
        });
    }
    let amounts = tax::price(&priced, prices, rounding, money::AMOUNT_MAX)?;
    for (record, amount) in records.iter_mut().zip(&amounts.lines) {
        record.net = amount.net;
        record.tax = amount.tax;
    }
    Ok((records, amounts))
}

fn due_date_for(
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

fn invoice_create(cx: &mut Cx<'_>, input: InvoiceInput) -> Result<Invoice> {
    let record = draft(cx, InvoiceId::new(), &input, true)?;
    invoice_view(cx, &record)
}

/// The invoice's currency and rate: none for the base currency; a foreign one needs its rate.
fn currency_of(
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
fn base_of(rate: Option<i64>, subtotal: i64, total: i64) -> (Option<i64>, Option<i64>) {
    match rate {
        None => (None, None),
        Some(rate) => {
            let base_subtotal = tax::to_base(subtotal, rate);
            (
                Some(base_subtotal),
                Some(tax::to_base(total, rate) - base_subtotal),
            )
        }
    }
}

/// A stock location given for an invoice's products (must be open), or none.
fn stock_location(cx: &mut Cx<'_>, id: Option<&str>) -> Result<Option<crate::ids::LocationId>> {
    match id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => Ok(Some(
            crate::inventory::ops::open_location(cx, "location_id", id)?.id,
        )),
        None => Ok(None),
    }
}

/// Checks, prices and saves a draft invoice under `id`.
pub(super) fn draft(
    cx: &mut Cx<'_>,
    id: InvoiceId,
    input: &InvoiceInput,
    capped: bool,
) -> Result<InvoiceRecord> {
    let settings = settings_record(cx)?;
    let customer = load_customer(cx, "customer_id", &input.customer_id)?;
    let issue_date = match input.issue_date.as_deref() {
        Some(date) => money::date("issue_date", date)?,
        None => today(cx),
    };
    let due_date = due_date_for(&settings, &issue_date, input.due_date.as_deref())?;
    let (currency, exchange_rate) = currency_of(
        &settings,
        input.currency.as_deref(),
        input.exchange_rate.as_deref(),
    )?;
    let prices_include_tax = input.prices_include_tax.unwrap_or(false);
    let rounding = rounding_of(&settings);
    let prices = if prices_include_tax {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    let (lines, amounts) = if capped {
        price_lines(cx, &input.lines, prices, rounding)?
    } else {
        price_lines_capped(cx, &input.lines, prices, rounding, LineLimits::default())?
    };
    let notes = validate::multiline(
        "notes",
        input.notes.as_deref().unwrap_or(""),
        TEXT_CHARS_MAX,
        false,
    )?;
    let location_id = stock_location(cx, input.location_id.as_deref())?;
    let record = InvoiceRecord {
        id,
        kind: "invoice".into(),
        credits: None,
        number: None,
        customer_id: customer.id,
        customer_name: customer.name.clone(),
        issue_date,
        due_date,
        prices_include_tax,
        tax_rounding: rounding.as_str().into(),
        lines,
        subtotal: amounts.subtotal,
        tax: amounts.tax,
        total: amounts.total,
        notes,
        status: "draft".into(),
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
    cx.record_change(
        record.id,
        format!(
            "drafted an invoice of {} for {}",
            money::format(record.total),
            record.customer_name
        ),
    );
    Ok(record)
}

fn invoice_preview(cx: &mut Cx<'_>, input: InvoicePreviewInput) -> Result<InvoicePreview> {
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

fn invoice_update(cx: &mut Cx<'_>, patch: InvoicePatch) -> Result<Invoice> {
    let settings = settings_record(cx)?;
    let mut record = load_invoice(cx, "id", &patch.id)?;
    if record.status != "draft" {
        return Err(Error::conflict(format!(
            "invoice {} is {}: only drafts change (void it, or issue a credit note)",
            record.number.as_deref().unwrap_or("(draft)"),
            record.status
        )));
    }
    if let Some(customer_id) = &patch.customer_id {
        let customer = load_customer(cx, "customer_id", customer_id)?;
        record.customer_id = customer.id;
        record.customer_name = customer.name;
    }
    if let Some(date) = &patch.issue_date {
        record.issue_date = money::date("issue_date", date)?;
    }
    if patch.due_date.is_some() || patch.issue_date.is_some() {
        let due = patch
            .due_date
            .as_deref()
            .unwrap_or(&record.due_date)
            .to_string();
        record.due_date = due_date_for(&settings, &record.issue_date, Some(&due))?;
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
        let (currency, rate) = currency_of(&settings, currency.as_deref(), rate.as_deref())?;
        record.currency = currency;
        record.exchange_rate = rate;
    }
    if let Some(notes) = &patch.notes {
        record.notes = validate::multiline("notes", notes, TEXT_CHARS_MAX, false)?;
    }
    if let Some(location) = &patch.location_id {
        record.location_id = stock_location(cx, Some(location))?;
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
    let (lines, amounts) = price_lines(cx, &inputs, prices, rounding)?;
    record.lines = lines;
    record.tax_rounding = rounding.as_str().into();
    record.subtotal = amounts.subtotal;
    record.tax = amounts.tax;
    record.total = amounts.total;
    (record.base_subtotal, record.base_tax) =
        base_of(record.exchange_rate, amounts.subtotal, amounts.total);
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        format!(
            "changed a draft invoice for {} ({})",
            record.customer_name,
            money::format(record.total)
        ),
    );
    invoice_view(cx, &record)
}

/// This device's series, made with a default prefix the first time it is needed.
fn series(cx: &mut Cx<'_>) -> Result<InvoiceSeriesRecord> {
    let device = cx.device_id.to_string();
    let id = InvoiceSeriesId::derived("invoice-series", &device);
    if let Some(series) = cx.get::<InvoiceSeriesRecord>(&id.to_string())? {
        return Ok(series);
    }
    // The device id's last (random) characters: distinct on every device without asking.
    let tag: String = device
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_ascii_uppercase();
    Ok(InvoiceSeriesRecord {
        id,
        device_id: device,
        prefix: format!("INV-{tag}-"),
        yearly_reset: false,
        last: BTreeMap::new(),
        updated_at_ms: cx.now_ms,
        past_prefixes: Vec::new(),
    })
}

fn counter_key(series: &InvoiceSeriesRecord, kind: &str, date: &str) -> String {
    if series.yearly_reset {
        format!("{kind}:{}", &date[..4])
    } else {
        kind.to_string()
    }
}

fn number_text(series: &InvoiceSeriesRecord, kind: &str, date: &str, n: i64) -> String {
    let year = if series.yearly_reset {
        format!("{}-", &date[..4])
    } else {
        String::new()
    };
    let credit = if kind == "credit_note" { "CN-" } else { "" };
    format!("{credit}{}{year}{n:05}", series.prefix)
}

/// Takes the next number of this device's series. Only this device writes its series, so
/// numbers are gapless per series and never meet another device's, offline or not.
fn take_number(cx: &mut Cx<'_>, kind: &str, date: &str) -> Result<String> {
    let mut series = series(cx)?;
    let others = store::other_prefixes(cx.conn, &series.device_id)?;
    if let Some(clash) = others.iter().find(|p| clashes(p, &series.prefix)) {
        return Err(Error::conflict(format!(
            "this device's invoice prefix '{}' clashes with another device's ('{clash}'): change it in the invoice settings first",
            series.prefix
        )));
    }
    let key = counter_key(&series, kind, date);
    let next = series.last.get(&key).copied().unwrap_or(0) + 1;
    series.last.insert(key, next);
    series.updated_at_ms = cx.now_ms;
    cx.put(&series)?;
    Ok(number_text(&series, kind, date, next))
}

/// Two prefixes clash when one starts with the other, whatever the case: their numbers could
/// meet (and "shop-" and "SHOP-" files overwrite each other on most disks).
fn clashes(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a.starts_with(&b) || b.starts_with(&a)
}

fn series_view(cx: &mut Cx<'_>, series: &InvoiceSeriesRecord) -> Result<InvoiceSeries> {
    let date = today(cx);
    let key = counter_key(series, "invoice", &date);
    let next = series.last.get(&key).copied().unwrap_or(0) + 1;
    Ok(InvoiceSeries {
        prefix: series.prefix.clone(),
        yearly_reset: series.yearly_reset,
        next_number: number_text(series, "invoice", &date, next),
        other_prefixes: store::other_prefixes(cx.conn, &series.device_id)?,
    })
}

fn series_get(cx: &mut Cx<'_>, _: Empty) -> Result<InvoiceSeries> {
    let series = series(cx)?;
    series_view(cx, &series)
}

fn series_update(cx: &mut Cx<'_>, patch: SeriesPatch) -> Result<InvoiceSeries> {
    settings_record(cx)?;
    let mut series = series(cx)?;
    if let Some(prefix) = &patch.prefix {
        let prefix = prefix.trim().to_string();
        let valid = !prefix.is_empty()
            && prefix.chars().count() <= 12
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
            && !prefix.ends_with(|c: char| c.is_ascii_digit());
        if !valid {
            return Err(Error::invalid(
                "prefix",
                Reason::InvalidValue,
                "prefix: 1 to 12 letters, digits, - _ or /, not ending in a digit (like A- or SHOP1-)",
            ));
        }
        if prefix.to_ascii_uppercase().starts_with("CN-") {
            return Err(Error::invalid(
                "prefix",
                Reason::InvalidValue,
                "prefix: CN- starts credit note numbers",
            ));
        }
        let others = store::other_prefixes(cx.conn, &series.device_id)?;
        if let Some(clash) = others.iter().find(|p| clashes(p, &prefix)) {
            return Err(Error::invalid(
                "prefix",
                Reason::InvalidValue,
                format!("prefix: another device numbers with '{clash}'; pick one neither starts with the other"),
            ));
        }
        if prefix != series.prefix && !series.last.is_empty() {
            let old = std::mem::replace(&mut series.prefix, prefix);
            if !series.past_prefixes.contains(&old) {
                series.past_prefixes.push(old);
            }
        } else {
            series.prefix = prefix;
        }
    }
    if let Some(yearly) = patch.yearly_reset {
        series.yearly_reset = yearly;
    }
    series.updated_at_ms = cx.now_ms;
    cx.put(&series)?;
    cx.record_change(
        series.id,
        format!(
            "invoice numbers on this device: prefix {}{}",
            series.prefix,
            if series.yearly_reset {
                ", restarting each year"
            } else {
                ""
            }
        ),
    );
    series_view(cx, &series)
}

fn invoice_issue(cx: &mut Cx<'_>, input: IssueInput) -> Result<Invoice> {
    let record = load_invoice(cx, "id", &input.id)?;
    let record = issue(cx, record, input.issue_date.as_deref())?;
    invoice_view(cx, &record)
}

/// Issues a draft: the customer's current name, this device's next number, the posting.
pub(super) fn issue(
    cx: &mut Cx<'_>,
    mut record: InvoiceRecord,
    issue_date: Option<&str>,
) -> Result<InvoiceRecord> {
    if record.status != "draft" {
        return Err(Error::conflict(format!(
            "invoice {} is {} already",
            record.number.as_deref().unwrap_or("(draft)"),
            record.status
        )));
    }
    if let Some(date) = issue_date {
        record.issue_date = money::date("issue_date", date)?;
        if record.due_date < record.issue_date {
            record.due_date = record.issue_date.clone();
        }
    }
    // The name the customer has now goes on the issued invoice.
    let customer = load_customer(cx, "customer_id", &record.customer_id.to_string())?;
    record.customer_name = customer.name;
    let receivable = role_account(cx, Role::Receivable)?;
    let sales = role_account(cx, Role::Sales)?;
    let output_tax = if record.base_amounts().1 > 0 {
        Some(role_account(cx, Role::OutputTax)?)
    } else {
        None
    };
    let number = take_number(cx, "invoice", &record.issue_date)?;
    // The ledger is in the base currency: a foreign invoice posts at its rate.
    let (base_subtotal, base_tax, base_total) = record.base_amounts();
    if base_total > 0 {
        let mut lines = vec![
            line(receivable, base_total, 0),
            line(sales, 0, base_subtotal),
        ];
        if let Some(output_tax) = output_tax {
            lines.push(line(output_tax, 0, base_tax));
        }
        let entry = post(
            cx,
            EntryId::derived("posting", &record.id.to_string()),
            &record.issue_date,
            &clip(&format!("Invoice {number} · {}", record.customer_name)),
            "invoice",
            Some(record.id.to_string()),
            None,
            nonzero(lines),
            false,
        )?;
        record.entry_id = Some(entry.id);
    }
    record.number = Some(number.clone());
    record.status = "issued".into();
    record.updated_at_ms = cx.now_ms;
    // Products leave stock: one movement per line, with ids derived from the invoice, so the
    // same draft issued on two devices offline takes them out once.
    record.location_id = crate::inventory::stock::invoice_sold(cx, &record, &number)?;
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
    cx.record_change(
        record.id,
        format!(
            "issued invoice {number} of {} to {}",
            money::format(record.total),
            record.customer_name
        ),
    );
    Ok(record)
}

fn invoice_void(cx: &mut Cx<'_>, input: VoidInput) -> Result<Invoice> {
    let mut record = load_invoice(cx, "id", &input.id)?;
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
            return Err(Error::conflict(format!("invoice {label} is void already")))
        }
        "draft" => {}
        _ => {
            let id = record.id.to_string();
            if record.kind == "invoice" && store::has_payments(cx.conn, &id)? {
                return Err(Error::conflict(format!(
                    "invoice {label} has payments: void them first, or issue a credit note"
                )));
            }
            if record.kind == "invoice" && store::has_credit_notes(cx.conn, &id)? {
                return Err(Error::conflict(format!(
                    "invoice {label} has credit notes: void them first"
                )));
            }
            if record.kind == "credit_note" {
                let payment_id = PaymentId::derived("credit-note", &id);
                if let Some(applied) = cx.get::<PaymentRecord>(&payment_id.to_string())? {
                    let held = store::customer_credit(cx.conn, &record.customer_id.to_string())?;
                    if applied.to_credit > 0 && held < applied.to_credit {
                        return Err(Error::conflict(format!(
                            "the credit from credit note {label} was used (refunded or applied): void that first"
                        )));
                    }
                }
            }
            if let Some(entry_id) = record.entry_id {
                let original = load_entry(cx, "id", &entry_id.to_string())?;
                let reversal = reverse(
                    cx,
                    &original,
                    input.date.as_deref(),
                    &clip(&format!("Void: {}", original.memo)),
                )?;
                record.void_entry_id = Some(reversal.id);
                if record.kind == "credit_note" {
                    // Its application to the invoice goes with it.
                    let payment_id = PaymentId::derived("credit-note", &id);
                    if let Some(mut payment) = cx.get::<PaymentRecord>(&payment_id.to_string())? {
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
        crate::inventory::stock::invoice_voided(cx, &record)?;
    }
    record.status = "void".into();
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(record.id, format!("voided invoice {label}"));
    invoice_view(cx, &record)
}

fn credit_note_create(cx: &mut Cx<'_>, input: CreditNoteInput) -> Result<Invoice> {
    let settings = settings_record(cx)?;
    let invoice = load_invoice(cx, "invoice_id", &input.invoice_id)?;
    if invoice.kind != "invoice" || invoice.status != "issued" {
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
    let rounding = Rounding::parse(&invoice.tax_rounding).unwrap_or(rounding_of(&settings));
    let inputs: Vec<InvoiceLineInput> = match &input.lines {
        Some(lines) => lines.clone(),
        None => line_inputs(&invoice.lines),
    };
    let (lines, amounts) = if input.lines.is_none() {
        // In full: the invoice's own amounts, whatever became of its taxes since.
        let amounts = tax::DocumentAmounts {
            lines: vec![],
            subtotal: invoice.subtotal,
            tax: invoice.tax,
            total: invoice.total,
        };
        (invoice.lines.clone(), amounts)
    } else {
        price_lines(cx, &inputs, prices, rounding)?
    };
    let already: i64 = store::credited(cx.conn, &invoice.id.to_string())?;
    if amounts.total + already > invoice.total {
        return Err(Error::invalid(
            "lines",
            Reason::OutOfRange,
            format!(
                "lines: credit notes would total {}, more than the invoice's {}",
                money::format(amounts.total + already),
                money::format(invoice.total)
            ),
        ));
    }
    let notes = validate::multiline(
        "notes",
        input.notes.as_deref().unwrap_or(""),
        TEXT_CHARS_MAX,
        false,
    )?;
    let outstanding = invoice.total - store::paid_on(cx.conn, &invoice.id.to_string())?;
    let to_invoice = amounts.total.min(outstanding.max(0));
    // Customer credit is held in the base currency; a foreign invoice's credit note credits
    // at most what is owed on it.
    if invoice.exchange_rate.is_some() && to_invoice < amounts.total {
        return Err(Error::invalid(
            "lines",
            Reason::OutOfRange,
            format!(
                "lines: on an invoice in {} a credit note credits at most what is owed ({})",
                invoice.currency.as_deref().unwrap_or_default(),
                money::format(outstanding.max(0))
            ),
        ));
    }
    let to_credit = amounts.total - to_invoice;
    let (base_subtotal, base_tax) = base_of(invoice.exchange_rate, amounts.subtotal, amounts.total);
    let (post_subtotal, post_tax) = (
        base_subtotal.unwrap_or(amounts.subtotal),
        base_tax.unwrap_or(amounts.tax),
    );
    let post_to_invoice = match invoice.exchange_rate {
        // All of a foreign credit note goes to the invoice (checked above), never more than
        // the receivable left in the base currency, and all of that when it credits all that
        // is owed: rounding leaves nothing behind.
        Some(_) => {
            let left =
                invoice.base_amounts().2 - store::base_cleared(cx.conn, &invoice.id.to_string())?;
            if amounts.total == outstanding {
                left
            } else {
                (post_subtotal + post_tax).min(left)
            }
        }
        None => to_invoice,
    };
    // What converting the credit note and clearing the receivable differ by, in the base
    // currency: an exchange difference (a cent of rounding, usually).
    let difference = match invoice.exchange_rate {
        Some(_) => post_subtotal + post_tax - post_to_invoice,
        None => 0,
    };
    let exchange = match difference {
        0 => None,
        d if d > 0 => Some(line(role_account(cx, Role::ExchangeGain)?, 0, d)),
        d => Some(line(role_account(cx, Role::ExchangeLoss)?, -d, 0)),
    };
    let receivable = role_account(cx, Role::Receivable)?;
    let sales = role_account(cx, Role::Sales)?;
    let output_tax = if post_tax > 0 {
        Some(role_account(cx, Role::OutputTax)?)
    } else {
        None
    };
    let customer_credit = if to_credit > 0 {
        Some(role_account(cx, Role::CustomerCredit)?)
    } else {
        None
    };
    let id = InvoiceId::new();
    let number = take_number(cx, "credit_note", &date)?;
    let invoice_number = invoice.number.clone().unwrap_or_default();
    let mut entry_id = None;
    if amounts.total > 0 {
        let mut entry_lines = vec![line(sales, post_subtotal, 0)];
        if let Some(account) = output_tax {
            entry_lines.push(line(account, post_tax, 0));
        }
        entry_lines.push(line(receivable, 0, post_to_invoice));
        if let Some(account) = customer_credit {
            entry_lines.push(line(account, 0, to_credit));
        }
        entry_lines.extend(exchange);
        let entry = post(
            cx,
            EntryId::derived("posting", &id.to_string()),
            &date,
            &clip(&format!(
                "Credit note {number} for invoice {invoice_number} · {}",
                invoice.customer_name
            )),
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
            kind: "credit_note".into(),
            customer_id: invoice.customer_id,
            invoice_id: Some(invoice.id),
            date: date.clone(),
            amount: amounts.total,
            method: "credit_note".into(),
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
        kind: "credit_note".into(),
        credits: Some(invoice.id),
        number: Some(number.clone()),
        customer_id: invoice.customer_id,
        customer_name: invoice.customer_name.clone(),
        issue_date: date.clone(),
        due_date: date,
        prices_include_tax: invoice.prices_include_tax,
        tax_rounding: rounding.as_str().into(),
        lines,
        subtotal: amounts.subtotal,
        tax: amounts.tax,
        total: amounts.total,
        notes,
        status: "issued".into(),
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
        crate::inventory::stock::credit_returned(cx, &invoice, &record, &number)?;
    }
    cx.put(&record)?;
    cx.record_change(
        record.id,
        format!(
            "issued credit note {number} of {} for invoice {invoice_number}",
            money::format(record.total)
        ),
    );
    invoice_view(cx, &record)
}

fn status_of(record: &InvoiceRecord, paid: i64, today: &str) -> &'static str {
    match record.status.as_str() {
        "draft" => "draft",
        "void" => "void",
        _ if record.kind == "credit_note" => "issued",
        _ if paid >= record.total => "paid",
        _ if record.due_date.as_str() < today => "overdue",
        _ if paid > 0 => "partially_paid",
        _ => "issued",
    }
}

pub(super) fn invoice_view(cx: &mut Cx<'_>, record: &InvoiceRecord) -> Result<Invoice> {
    let today = today(cx);
    let base_currency = settings_record(cx)?.base_currency;
    invoice_view_on(cx, record, &today, &base_currency)
}

/// An invoice as callers see it, on a given day in a given base currency: a listing reads
/// those once, not once per invoice.
fn invoice_view_on(
    cx: &mut Cx<'_>,
    record: &InvoiceRecord,
    today: &str,
    base_currency: &str,
) -> Result<Invoice> {
    let paid = if record.kind == "invoice" && record.status == "issued" {
        store::paid_on(cx.conn, &record.id.to_string())?
    } else {
        0
    };
    let outstanding = if record.kind == "invoice" && record.status == "issued" {
        (record.total - paid).max(0)
    } else {
        0
    };
    let status = status_of(record, paid, today);
    Ok(Invoice {
        id: record.id,
        kind: record.kind.clone(),
        credits: record.credits,
        number: record.number.clone(),
        customer_id: record.customer_id,
        customer_name: record.customer_name.clone(),
        issue_date: record.issue_date.clone(),
        due_date: record.due_date.clone(),
        prices_include_tax: record.prices_include_tax,
        tax_rounding: record.tax_rounding.clone(),
        lines: record.lines.iter().map(line_view).collect(),
        subtotal: money::format(record.subtotal),
        tax: money::format(record.tax),
        total: money::format(record.total),
        paid: money::format(paid),
        outstanding: money::format(outstanding),
        notes: record.notes.clone(),
        status: status.into(),
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
    })
}

const STATUSES: [&str; 6] = [
    "draft",
    "issued",
    "partially_paid",
    "paid",
    "overdue",
    "void",
];

fn invoices_list(cx: &mut Cx<'_>, query: InvoiceQuery) -> Result<InvoiceList> {
    let range = check_range(&DateRange {
        from: query.from.clone(),
        to: query.to.clone(),
    })?;
    let customer_id = query
        .customer_id
        .as_deref()
        .map(|id| CustomerId::parse("customer_id", id).map(|id| id.to_string()))
        .transpose()?;
    let status = query.status.as_deref().map(str::trim);
    if let Some(status) = status {
        if !STATUSES.contains(&status) {
            return Err(Error::invalid(
                "status",
                Reason::InvalidValue,
                format!("status: one of {}", STATUSES.join(", ")),
            ));
        }
    }
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
        let record = load_invoice(cx, "id", id)?;
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

fn invoice_get(cx: &mut Cx<'_>, input: IdInput) -> Result<Invoice> {
    let record = load_invoice(cx, "id", &input.id)?;
    invoice_view(cx, &record)
}

// ---------------------------------------------------------------------------------------------
// Payments

fn method(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if METHODS.contains(&text) {
        Ok(text.to_string())
    } else {
        Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: one of {}", METHODS.join(", ")),
        ))
    }
}

/// Where a payment's money goes: the account given, or the method's usual one.
fn money_account(cx: &mut Cx<'_>, given: Option<&str>, method: &str) -> Result<AccountId> {
    if let Some(id) = given.map(str::trim).filter(|s| !s.is_empty()) {
        let account = account_of_kind(cx, "account_id", Some(id), &[AccountKind::Asset])?;
        // Money lands in cash, a bank or a wallet: not in the receivable it is paying off, nor
        // in another asset the cash flow statement would not follow.
        if !super::ops::money_accounts(cx)?.contains(&account.id.to_string()) {
            return Err(super::ops::not_money(&account));
        }
        return Ok(account.id);
    }
    let role = match method {
        "cash" => Role::Cash,
        "wechat_pay" | "alipay" => Role::Wallet,
        _ => Role::Bank,
    };
    role_account(cx, role)
}

fn positive_amount(text: &str) -> Result<i64> {
    let amount = money::parse("amount", text, false)?;
    if amount == 0 {
        return Err(Error::invalid(
            "amount",
            Reason::OutOfRange,
            "amount must be above zero",
        ));
    }
    Ok(amount)
}

fn payment_create(cx: &mut Cx<'_>, input: PaymentInput) -> Result<Payment> {
    settings_record(cx)?;
    let amount = positive_amount(&input.amount)?;
    let date = match input.date.as_deref() {
        Some(date) => money::date("date", date)?,
        None => today(cx),
    };
    let applying_credit = input.method.trim() == "credit";
    let method = if applying_credit {
        "credit".to_string()
    } else {
        method("method", &input.method)?
    };
    let reference =
        validate::optional("reference", input.reference.as_deref(), REFERENCE_CHARS_MAX)?
            .unwrap_or_default();
    let invoice = match input
        .invoice_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(id) => {
            let invoice = load_invoice(cx, "invoice_id", id)?;
            if invoice.kind != "invoice" || invoice.status != "issued" {
                return Err(Error::invalid(
                    "invoice_id",
                    Reason::InvalidValue,
                    format!(
                        "invoice_id: payments go against an issued invoice (this one is {})",
                        invoice.status
                    ),
                ));
            }
            Some(invoice)
        }
        None => None,
    };
    let customer_id = match (&invoice, input.customer_id.as_deref()) {
        (Some(invoice), Some(given)) => {
            let given = CustomerId::parse("customer_id", given)?;
            if given != invoice.customer_id {
                return Err(Error::invalid(
                    "customer_id",
                    Reason::InvalidValue,
                    "customer_id: the invoice is made out to another customer",
                ));
            }
            given
        }
        (Some(invoice), None) => invoice.customer_id,
        (None, Some(given)) => load_customer(cx, "customer_id", given)?.id,
        (None, None) => {
            return Err(Error::invalid(
                "invoice_id",
                Reason::Required,
                "invoice_id or customer_id: whose payment is it?",
            ))
        }
    };
    let outstanding = match &invoice {
        Some(invoice) => (invoice.total - store::paid_on(cx.conn, &invoice.id.to_string())?).max(0),
        None => 0,
    };
    let receivable = role_account(cx, Role::Receivable)?;
    let credit_account = role_account(cx, Role::CustomerCredit)?;
    let id = PaymentId::new();
    let foreign = invoice
        .as_ref()
        .and_then(|i| i.exchange_rate.map(|rate| (i, rate)));
    if foreign.is_none() && input.exchange_rate.is_some() {
        return Err(Error::invalid(
            "exchange_rate",
            Reason::InvalidValue,
            "exchange_rate: only for a payment on an invoice in a foreign currency",
        ));
    }
    let mut base_to_invoice = None;
    let mut paid_rate = None;
    let (kind, account_id, to_invoice, to_credit, lines) = if let Some((invoice, invoice_rate)) =
        foreign
    {
        // In the invoice's currency, up to what is owed (customer credit is kept in the base
        // currency); the receivable comes off at the invoice's rate, the money comes in at the
        // day's, and the difference is an exchange gain or loss.
        if applying_credit {
            return Err(Error::invalid(
                "method",
                Reason::InvalidValue,
                "method: customer credit is in the base currency; it cannot pay a foreign-currency invoice",
            ));
        }
        if amount > outstanding {
            return Err(Error::invalid(
                "amount",
                Reason::OutOfRange,
                format!(
                    "amount: {} {} is owed on this invoice",
                    invoice.currency.as_deref().unwrap_or_default(),
                    money::format(outstanding)
                ),
            ));
        }
        let rate = match input
            .exchange_rate
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(rate) => tax::exchange_rate("exchange_rate", rate)?,
            None => invoice_rate,
        };
        let cash = tax::to_base(amount, rate);
        let cleared = if amount == outstanding {
            // The last payment clears what is left, so rounding leaves nothing behind.
            invoice.base_amounts().2 - store::base_cleared(cx.conn, &invoice.id.to_string())?
        } else {
            tax::to_base(amount, invoice_rate)
        };
        let account = money_account(cx, input.account_id.as_deref(), &method)?;
        let mut lines = vec![line(account, cash, 0), line(receivable, 0, cleared)];
        if cash > cleared {
            lines.push(line(
                role_account(cx, Role::ExchangeGain)?,
                0,
                cash - cleared,
            ));
        } else if cleared > cash {
            lines.push(line(
                role_account(cx, Role::ExchangeLoss)?,
                cleared - cash,
                0,
            ));
        }
        base_to_invoice = Some(cleared);
        paid_rate = Some(rate);
        ("payment", Some(account), amount, 0, nonzero(lines))
    } else if applying_credit {
        let Some(invoice) = &invoice else {
            return Err(Error::invalid(
                "invoice_id",
                Reason::Required,
                "invoice_id: credit is applied to an invoice",
            ));
        };
        let available = store::customer_credit(cx.conn, &customer_id.to_string())?;
        if amount > available {
            return Err(Error::invalid(
                "amount",
                Reason::OutOfRange,
                format!(
                    "amount: {} holds {} of credit",
                    invoice.customer_name,
                    money::format(available.max(0))
                ),
            ));
        }
        if amount > outstanding {
            return Err(Error::invalid(
                "amount",
                Reason::OutOfRange,
                format!(
                    "amount: {} is owed on this invoice",
                    money::format(outstanding)
                ),
            ));
        }
        (
            "credit",
            None,
            amount,
            -amount,
            vec![line(credit_account, amount, 0), line(receivable, 0, amount)],
        )
    } else {
        let account = money_account(cx, input.account_id.as_deref(), &method)?;
        let to_invoice = amount.min(outstanding);
        let to_credit = amount - to_invoice;
        (
            "payment",
            Some(account),
            to_invoice,
            to_credit,
            nonzero(vec![
                line(account, amount, 0),
                line(receivable, 0, to_invoice),
                line(credit_account, 0, to_credit),
            ]),
        )
    };
    let customer_name = match &invoice {
        Some(invoice) => invoice.customer_name.clone(),
        None => load_customer(cx, "customer_id", &customer_id.to_string())?.name,
    };
    let memo = match &invoice {
        Some(invoice) => format!(
            "Payment for invoice {} · {customer_name}",
            invoice.number.as_deref().unwrap_or("")
        ),
        None => format!("Payment on account · {customer_name}"),
    };
    let entry = post(
        cx,
        EntryId::derived("posting", &id.to_string()),
        &date,
        &clip(&memo),
        kind,
        Some(id.to_string()),
        None,
        lines,
        false,
    )?;
    let record = PaymentRecord {
        id,
        kind: kind.into(),
        customer_id,
        invoice_id: invoice.as_ref().map(|i| i.id),
        date,
        amount,
        method,
        reference,
        account_id,
        to_invoice,
        to_credit,
        entry_id: entry.id,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        base_to_invoice,
        exchange_rate: paid_rate,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        format!(
            "recorded {} of {} from {customer_name}{}",
            if applying_credit {
                "credit applied"
            } else {
                "a payment"
            },
            money::format(amount),
            if to_credit > 0 {
                format!(" ({} kept as credit)", money::format(to_credit))
            } else {
                String::new()
            }
        ),
    );
    payment_view(cx, &record)
}

fn payment_refund(cx: &mut Cx<'_>, input: RefundInput) -> Result<Payment> {
    settings_record(cx)?;
    let customer = load_customer(cx, "customer_id", &input.customer_id)?;
    let amount = positive_amount(&input.amount)?;
    let date = match input.date.as_deref() {
        Some(date) => money::date("date", date)?,
        None => today(cx),
    };
    let method = method("method", &input.method)?;
    let reference =
        validate::optional("reference", input.reference.as_deref(), REFERENCE_CHARS_MAX)?
            .unwrap_or_default();
    let available = store::customer_credit(cx.conn, &customer.id.to_string())?;
    if amount > available {
        return Err(Error::invalid(
            "amount",
            Reason::OutOfRange,
            format!(
                "amount: {} holds {} of credit to refund",
                customer.name,
                money::format(available.max(0))
            ),
        ));
    }
    let account = money_account(cx, input.account_id.as_deref(), &method)?;
    let credit_account = role_account(cx, Role::CustomerCredit)?;
    let id = PaymentId::new();
    let entry = post(
        cx,
        EntryId::derived("posting", &id.to_string()),
        &date,
        &clip(&format!("Refund · {}", customer.name)),
        "refund",
        Some(id.to_string()),
        None,
        vec![line(credit_account, amount, 0), line(account, 0, amount)],
        false,
    )?;
    let record = PaymentRecord {
        id,
        kind: "refund".into(),
        customer_id: customer.id,
        invoice_id: None,
        date,
        amount,
        method,
        reference,
        account_id: Some(account),
        to_invoice: 0,
        to_credit: -amount,
        entry_id: entry.id,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        base_to_invoice: None,
        exchange_rate: None,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        format!("refunded {} to {}", money::format(amount), customer.name),
    );
    payment_view(cx, &record)
}

fn payment_void(cx: &mut Cx<'_>, input: IdInput) -> Result<Payment> {
    let id = PaymentId::parse("id", &input.id)?;
    let mut record = cx
        .get::<PaymentRecord>(&id.to_string())?
        .ok_or_else(|| Error::not_found("payment", id))?;
    if record.kind == "credit_note" {
        return Err(Error::conflict(
            "this is a credit note's application: void the credit note instead",
        ));
    }
    if record.void_entry_id.is_some() {
        return Err(Error::conflict("the payment is voided already"));
    }
    if record.to_credit > 0
        && store::customer_credit(cx.conn, &record.customer_id.to_string())? < record.to_credit
    {
        return Err(Error::conflict(
            "the credit this payment left was used (refunded or applied): void that first",
        ));
    }
    let original = load_entry(cx, "id", &record.entry_id.to_string())?;
    let reversal = reverse(
        cx,
        &original,
        None,
        &clip(&format!("Void: {}", original.memo)),
    )?;
    record.void_entry_id = Some(reversal.id);
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        format!(
            "voided a {} of {}",
            record.kind,
            money::format(record.amount)
        ),
    );
    payment_view(cx, &record)
}

fn payment_view(cx: &mut Cx<'_>, record: &PaymentRecord) -> Result<Payment> {
    let customer_name = match cx.get::<Customer>(&record.customer_id.to_string())? {
        Some(customer) => customer.name,
        None => "(not here yet)".into(),
    };
    let invoice_number = match record.invoice_id {
        Some(id) => cx
            .get::<InvoiceRecord>(&id.to_string())?
            .and_then(|i| i.number),
        None => None,
    };
    Ok(Payment {
        id: record.id,
        kind: record.kind.clone(),
        customer_id: record.customer_id,
        customer_name,
        invoice_id: record.invoice_id,
        invoice_number,
        date: record.date.clone(),
        amount: money::format(record.amount),
        method: record.method.clone(),
        reference: record.reference.clone(),
        account_id: record.account_id,
        to_invoice: money::format(record.to_invoice),
        to_credit: money::format(record.to_credit),
        entry_id: record.entry_id,
        voided: record.void_entry_id.is_some(),
        created_by_name: record.created_by_name.clone(),
        created_at_ms: record.created_at_ms,
    })
}

fn payments_list(cx: &mut Cx<'_>, query: PaymentQuery) -> Result<Vec<Payment>> {
    let range = check_range(&DateRange {
        from: query.from.clone(),
        to: query.to.clone(),
    })?;
    let query = PaymentQuery {
        from: range.from,
        to: range.to,
        customer_id: query
            .customer_id
            .as_deref()
            .map(|id| CustomerId::parse("customer_id", id).map(|id| id.to_string()))
            .transpose()?,
        invoice_id: query
            .invoice_id
            .as_deref()
            .map(|id| InvoiceId::parse("invoice_id", id).map(|id| id.to_string()))
            .transpose()?,
    };
    let ids = store::payment_ids(cx.conn, &query)?;
    let mut payments = Vec::with_capacity(ids.len());
    for id in ids {
        let record = cx
            .get::<PaymentRecord>(&id)?
            .ok_or_else(|| Error::internal(format!("payment {id} has no document")))?;
        payments.push(payment_view(cx, &record)?);
    }
    Ok(payments)
}

fn customer_balance(cx: &mut Cx<'_>, input: CustomerIdInput) -> Result<CustomerBalance> {
    let customer_id = CustomerId::parse("customer_id", &input.customer_id)?;
    let id = customer_id.to_string();
    let receivable: i64 = store::open_invoices(cx.conn, "9999-12-31")?
        .into_iter()
        .filter(|row| row.customer_id == id)
        .map(|row| row.owed)
        .sum();
    Ok(CustomerBalance {
        customer_id,
        receivable: money::format(receivable),
        credit: money::format(store::customer_credit(cx.conn, &id)?),
    })
}

// ---------------------------------------------------------------------------------------------
// Reports

fn as_of(cx: &mut Cx<'_>, input: &AsOfInput) -> Result<String> {
    match input.as_of.as_deref() {
        Some(date) => money::date("as_of", date),
        None => Ok(today(cx)),
    }
}

/// Balances of every account on a day: assets, liabilities, equity and the profit not yet
/// moved to retained earnings, checked to balance.
struct SheetTotals {
    assets: Vec<TrialBalanceRow>,
    liabilities: Vec<TrialBalanceRow>,
    equity: Vec<TrialBalanceRow>,
    earnings: i64,
    total_assets: i64,
    total_liabilities: i64,
    total_equity: i64,
}

fn sheet_on(cx: &mut Cx<'_>, day: &str) -> Result<SheetTotals> {
    let balances = super::ops::balances(
        cx,
        &DateRange {
            from: None,
            to: Some(day.to_string()),
        },
    )?;
    let pick = |kind: AccountKind| -> (Vec<TrialBalanceRow>, i64) {
        let rows: Vec<_> = balances
            .rows
            .iter()
            .filter(|(row, _)| row.kind == kind)
            .collect();
        let total = rows.iter().map(|(_, b)| *b).sum();
        (
            rows.into_iter().map(|(row, _)| row.clone()).collect(),
            total,
        )
    };
    let (assets, total_assets) = pick(AccountKind::Asset);
    let (liabilities, total_liabilities) = pick(AccountKind::Liability);
    let (equity, equity_accounts) = pick(AccountKind::Equity);
    let earnings = pick(AccountKind::Income).1 - pick(AccountKind::Expense).1;
    let total_equity = equity_accounts + earnings;
    // Every entry balanced, so assets equal liabilities plus equity; if not, the books were
    // damaged and the report says so rather than print a sheet that does not balance.
    if total_assets != total_liabilities + total_equity {
        return Err(Error::new(
            crate::ErrorCode::Storage,
            format!(
                "the balance sheet does not balance on {day}: assets {} against {}",
                money::format(total_assets),
                money::format(total_liabilities + total_equity)
            ),
        ));
    }
    Ok(SheetTotals {
        assets,
        liabilities,
        equity,
        earnings,
        total_assets,
        total_liabilities,
        total_equity,
    })
}

pub(super) fn balance_sheet(cx: &mut Cx<'_>, input: AsOfInput) -> Result<BalanceSheet> {
    settings_record(cx)?;
    let as_of = as_of(cx, &input)?;
    let compare_to = input
        .compare_to
        .as_deref()
        .map(|d| money::date("compare_to", d))
        .transpose()?;
    let mut now = sheet_on(cx, &as_of)?;
    let prior = match &compare_to {
        Some(day) => {
            let prior = sheet_on(cx, day)?;
            super::ops::merge_prior(&mut now.assets, prior.assets);
            super::ops::merge_prior(&mut now.liabilities, prior.liabilities);
            super::ops::merge_prior(&mut now.equity, prior.equity);
            Some((
                prior.earnings,
                prior.total_assets,
                prior.total_liabilities,
                prior.total_equity,
            ))
        }
        None => None,
    };
    Ok(BalanceSheet {
        as_of,
        compare_to,
        assets: now.assets,
        liabilities: now.liabilities,
        equity: now.equity,
        earnings: money::format(now.earnings),
        total_assets: money::format(now.total_assets),
        total_liabilities: money::format(now.total_liabilities),
        total_equity: money::format(now.total_equity),
        prior_earnings: prior.map(|p| money::format(p.0)),
        prior_total_assets: prior.map(|p| money::format(p.1)),
        prior_total_liabilities: prior.map(|p| money::format(p.2)),
        prior_total_equity: prior.map(|p| money::format(p.3)),
    })
}

fn aging_row(customer_id: CustomerId, name: String, buckets: [i64; 5]) -> AgingRow {
    AgingRow {
        customer_id,
        customer_name: name,
        current: money::format(buckets[0]),
        days_30: money::format(buckets[1]),
        days_60: money::format(buckets[2]),
        days_90: money::format(buckets[3]),
        over_90: money::format(buckets[4]),
        total: money::format(buckets.iter().sum()),
    }
}

pub(super) fn ar_aging(cx: &mut Cx<'_>, input: AsOfInput) -> Result<AgingReport> {
    settings_record(cx)?;
    let as_of = as_of(cx, &input)?;
    let day = money::day_number(&as_of);
    let mut by_customer: Vec<(String, String, [i64; 5])> = Vec::new();
    let mut total = [0i64; 5];
    for store::OpenInvoice {
        customer_id,
        customer_name: name,
        due_date: due,
        owed,
    } in store::open_invoices(cx.conn, &as_of)?
    {
        let late = day - money::day_number(&due);
        let bucket = match late {
            ..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        if by_customer
            .last()
            .is_none_or(|(id, _, _)| *id != customer_id)
        {
            by_customer.push((customer_id.clone(), name, [0; 5]));
        }
        if let Some(last) = by_customer.last_mut() {
            last.2[bucket] += owed;
        }
        total[bucket] += owed;
    }
    let rows = by_customer
        .into_iter()
        .map(|(id, name, buckets)| {
            Ok(aging_row(
                CustomerId::parse("customer_id", &id)?,
                name,
                buckets,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(AgingReport {
        as_of,
        rows,
        total: aging_row(CustomerId::derived("aging", "total"), "Total".into(), total),
    })
}

/// One row of the tax summary while it is added up.
struct SummaryRow {
    tax_id: Option<TaxId>,
    name: String,
    rate: i64,
    sales: i64,
    output_tax: i64,
    purchases: i64,
    input_tax: i64,
}

pub(super) fn tax_summary(cx: &mut Cx<'_>, input: PeriodInput) -> Result<TaxSummary> {
    settings_record(cx)?;
    let (range, prior_range) = super::ops::period(&input)?;
    let mut summary = tax_summary_over(cx, range)?;
    if let Some(prior_range) = prior_range {
        let prior = tax_summary_over(cx, prior_range)?;
        summary.prior = Some(TaxSummaryPrior {
            from: prior.from.unwrap_or_default(),
            to: prior.to.unwrap_or_default(),
            output_tax: prior.output_tax,
            input_tax: prior.input_tax,
            net: prior.net,
        });
    }
    Ok(summary)
}

fn tax_summary_over(cx: &mut Cx<'_>, range: DateRange) -> Result<TaxSummary> {
    let mut rows: BTreeMap<String, SummaryRow> = BTreeMap::new();
    let row = |tax_id: Option<TaxId>, name: String, rate: i64| SummaryRow {
        tax_id,
        name,
        rate,
        sales: 0,
        output_tax: 0,
        purchases: 0,
        input_tax: 0,
    };
    for total in store::output_tax(cx.conn, &range)? {
        let key = format!(
            "{}:{}",
            total.tax_id.clone().unwrap_or_default(),
            total.rate
        );
        let name = if total.name.is_empty() {
            "No tax".to_string()
        } else {
            total.name
        };
        let tax_id = total.tax_id.as_deref().and_then(|id| id.parse().ok());
        let slot = rows
            .entry(key)
            .or_insert_with(|| row(tax_id, name, total.rate));
        slot.sales += total.net;
        slot.output_tax += total.tax;
    }
    for (kind, outgoing) in [("income", true), ("expense", false)] {
        for (tax_id, gross, tax) in store::event_tax(cx.conn, kind, &range)? {
            let record = cx.get::<TaxRecord>(&tax_id)?;
            let rate: i64 = record
                .as_ref()
                .map(|r| r.components.iter().map(|c| c.rate).sum())
                .unwrap_or(0);
            let name = record
                .map(|r| r.name)
                .unwrap_or_else(|| "(not here yet)".into());
            let slot = rows
                .entry(format!("{tax_id}:{rate}"))
                .or_insert_with(|| row(tax_id.parse().ok(), name, rate));
            if outgoing {
                slot.sales += gross - tax;
                slot.output_tax += tax;
            } else {
                slot.purchases += gross - tax;
                slot.input_tax += tax;
            }
        }
    }
    let mut rows: Vec<SummaryRow> = rows.into_values().collect();
    rows.sort_by(|a, b| b.rate.cmp(&a.rate).then(a.name.cmp(&b.name)));
    let output: i64 = rows.iter().map(|r| r.output_tax).sum();
    let input: i64 = rows.iter().map(|r| r.input_tax).sum();
    Ok(TaxSummary {
        from: range.from,
        to: range.to,
        rows: rows
            .into_iter()
            .map(|r| TaxSummaryRow {
                tax_id: r.tax_id,
                name: r.name,
                rate: tax::format_percent(r.rate),
                sales: money::format(r.sales),
                output_tax: money::format(r.output_tax),
                purchases: money::format(r.purchases),
                input_tax: money::format(r.input_tax),
            })
            .collect(),
        output_tax: money::format(output),
        input_tax: money::format(input),
        net: money::format(output - input),
        prior: None,
    })
}

/// What sync can leave that no single device would have allowed: each item says what is
/// wrong and where, for a person to set right (void a payment, post the missing reversal).
fn attention(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<AttentionItem>> {
    settings_record(cx)?;
    let mut items = Vec::new();
    for row in store::attention(cx.conn)? {
        let message = match row.kind.as_str() {
            "payment_on_void" => format!(
                "invoice {} is void but {} was paid on it",
                row.number,
                money::format(row.amount)
            ),
            "overpaid" => format!(
                "invoice {} was paid {} more than its total (payments on two devices?)",
                row.number,
                money::format(row.amount)
            ),
            "overcredited" => format!(
                "credit notes on invoice {} exceed its total by {}",
                row.number,
                money::format(row.amount)
            ),
            "negative_credit" => format!(
                "{} has used {} more credit than they held",
                row.customer_name,
                money::format(-row.amount)
            ),
            "unreversed_void" => format!(
                "invoice {} is void but its posting was never reversed: void it again",
                row.number
            ),
            "posting_differs" => format!(
                "invoice {} totals {} but its posting says {} (edited on one device while issued on another)",
                row.number,
                money::format(row.amount),
                money::format(row.other)
            ),
            "posting_date_differs" => format!(
                "invoice {} is dated differently from its posting ({}): issued on two devices with different dates",
                row.number, row.detail
            ),
            "does_not_add_up" => format!(
                "the lines of invoice {} do not add up to its totals (edited on two devices at once)",
                row.number
            ),
            "number_lost" => format!(
                "number {} was given to an invoice that now carries {} (issued on two devices at once)",
                row.detail, row.number
            ),
            other => other.to_string(),
        };
        items.push(AttentionItem {
            kind: row.kind,
            invoice_id: row.invoice_id.and_then(|id| id.parse().ok()),
            customer_name: row.customer_name,
            message,
        });
    }
    Ok(items)
}
