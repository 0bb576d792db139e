//! Invoice lines: each checked (every field of every line at once) and priced in the core, for
//! a draft, a recurring invoice and the form's live preview alike.

use super::invoices::{LINES_MAX, LINE_TEXT_CHARS_MAX};
use super::model::*;
use crate::inventory::sales as inventory;
use crate::kernel::access::Permission::FinanceWrite;
use crate::kernel::amount::Amount;
use crate::kernel::command::Cx;
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{ProductId, TaxId};
use crate::kernel::money;
use crate::kernel::tax::{self, Prices, Rounding};
use crate::kernel::validate::{self, Checks};
use crate::ledger::ops::settings_record;
use crate::ledger::taxes::load_tax;

/// Reads and prices lines; errors name `lines[i].field`.
pub(crate) fn price_lines(
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
pub(crate) struct LineLimits {
    /// The largest discount, in millionths.
    pub discount_cap: Option<i64>,
    /// Lines must be products, at their list price.
    pub list_prices_only: bool,
}

/// Prices lines with a discount cap, or none (a schedule set up by the books' people makes
/// its invoices whoever happens to be signed in when it runs).
pub(crate) fn price_lines_capped(
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
    // Every line's every field at once: the answer names each refused one.
    let mut checks = Checks::default();
    let mut records = Vec::with_capacity(inputs.len());
    let mut priced = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = checks.field(line_product(
            cx,
            &field("product_id"),
            input.product_id,
            limits.list_prices_only,
        ));
        // A line's text and price are checked against its product, once the product is known.
        let description = product.as_ref().and_then(|product| match product {
            Some(product) if input.description.trim().is_empty() => Some(product.name.clone()),
            _ => checks.field(validate::required(
                &field("description"),
                &input.description,
                LINE_TEXT_CHARS_MAX,
            )),
        });
        let quantity = checks.field(tax::quantity(&field("quantity"), &input.quantity));
        let unit_price = product.as_ref().and_then(|product| {
            checks.field(line_price(
                &field("unit_price"),
                &input.unit_price,
                product.as_ref(),
                limits.list_prices_only,
            ))
        });
        let discount = checks.field(line_discount(
            &field("discount"),
            input.discount.as_deref(),
            discount_cap,
        ));
        let product_tax = product.as_ref().and_then(|p| p.as_ref()?.tax_id);
        let tax = checks.field(line_tax(cx, &field("tax_id"), input.tax_id.or(product_tax)));
        let (
            Some(product),
            Some(description),
            Some(quantity),
            Some(unit_price),
            Some(discount),
            Some((tax_id, tax_name, tax_rate)),
        ) = (product, description, quantity, unit_price, discount, tax)
        else {
            continue;
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
            unit_price: Amount::new(unit_price),
            discount,
            tax_id,
            tax_name,
            tax_rate,
            net: Amount::ZERO,
            tax: Amount::ZERO,
            product_id: product.map(|p| p.id),
        });
    }
    checks.done()?;
    let amounts = tax::price(&priced, prices, rounding, money::AMOUNT_MAX)?;
    for (record, amount) in records.iter_mut().zip(&amounts.lines) {
        record.net = Amount::new(amount.net);
        record.tax = Amount::new(amount.tax);
    }
    Ok((records, amounts))
}

/// The product a line sells, if any: not archived, and required of those who sell from the list
/// only.
fn line_product(
    cx: &mut Cx<'_>,
    field: &str,
    id: Option<ProductId>,
    list_prices_only: bool,
) -> Result<Option<inventory::ProductRecord>> {
    match id {
        Some(id) => {
            let product = inventory::load_product(cx, field, id)?;
            if product.archived {
                return Err(Error::invalid(
                    field,
                    Reason::InvalidValue,
                    format!("{field}: {} is archived", product.name),
                ));
            }
            Ok(Some(product))
        }
        None if list_prices_only => Err(Error::invalid(
            field,
            Reason::Required,
            format!("{field}: a cashier sells products from the list; other lines need a manager"),
        )),
        None => Ok(None),
    }
}

/// A line's unit price: the product's list price when left blank, and only that for those who
/// sell at list prices.
fn line_price(
    field: &str,
    text: &str,
    product: Option<&inventory::ProductRecord>,
    list_prices_only: bool,
) -> Result<i64> {
    let unit_price = match product {
        // The product's list price, taken as it is (also on an invoice in another currency: the
        // price list is kept in the base currency).
        Some(product) if text.trim().is_empty() => product.price.minor(),
        _ => money::parse(field, text, false)?,
    };
    if let (true, Some(product)) = (list_prices_only, product) {
        if unit_price != product.price.minor() {
            return Err(Error::invalid(
                field,
                Reason::InvalidValue,
                format!(
                    "{field}: a cashier sells {} at its list price, {}; a manager can change it",
                    product.name,
                    money::format(product.price)
                ),
            ));
        }
    }
    Ok(unit_price)
}

/// A line's discount in millionths (none when blank), at most the cap when there is one.
fn line_discount(field: &str, text: Option<&str>, cap: Option<i64>) -> Result<i64> {
    let discount = match text.map(str::trim) {
        None | Some("") => 0,
        Some(text) => tax::percent(field, text, 100)?,
    };
    match cap {
        Some(cap) if discount > cap => Err(Error::invalid(
            field,
            Reason::OutOfRange,
            format!(
                "{field}: a cashier may give at most {}% off; ask a manager",
                tax::format_percent(cap)
            ),
        )
        .with_limit((cap / 10_000) as usize)),
        _ => Ok(discount),
    }
}

/// A line's tax, its name and its total rate; the tax must be in use.
fn line_tax(
    cx: &mut Cx<'_>,
    field: &str,
    id: Option<TaxId>,
) -> Result<(Option<TaxId>, String, i64)> {
    let Some(id) = id else {
        return Ok((None, String::new(), 0));
    };
    let record = load_tax(cx, field, id)?;
    if record.archived {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: tax {} is archived", record.name),
        ));
    }
    let rate = record.components.iter().map(|c| c.rate).sum();
    Ok((Some(record.id), record.name, rate))
}
