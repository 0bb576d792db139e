//! What sales asks of inventory, and all it may: look up a product or an open location for an
//! invoice line, and move stock when an invoice is issued, voided or credited. Sales sees an
//! invoice here only as a [`SalesDocument`], so inventory knows nothing of invoices.

use std::collections::HashMap;

use super::model::*;
pub use super::model::{ProductRecord, ShortStock};
use super::stock::{book_movement, record_movement};
use super::store;
use crate::kernel::command::Cx;
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{InvoiceId, LocationId, MovementId, ProductId};
use crate::kernel::numbers;
use crate::ledger::books::{today, Owed};
use crate::ledger::model::Memo;

/// An invoice or credit note as stock sees it.
pub struct SalesDocument<'a> {
    pub id: InvoiceId,
    pub credit_note: bool,
    /// Its number once issued.
    pub number: Option<&'a str>,
    pub issue_date: &'a str,
    /// Where its goods leave from (`None`: the first location, chosen on issue).
    pub location_id: Option<LocationId>,
    pub lines: Vec<SalesLine>,
}

/// A line of a sales document: the product it sells, if any, and how many (thousandths).
pub struct SalesLine {
    pub product_id: Option<ProductId>,
    pub quantity: i64,
}

/// A product an invoice line names (`field` names the line in an error).
pub fn load_product(cx: &mut Cx<'_>, field: &str, id: ProductId) -> Result<ProductRecord> {
    super::ops::load_product(cx, field, id)
}

/// A stock location an invoice's goods leave from: it must be open.
pub fn open_location(cx: &mut Cx<'_>, field: &str, id: LocationId) -> Result<LocationRecord> {
    super::ops::open_location(cx, field, id)
}

/// Takes an issued invoice's products out of stock; returns the location they left from
/// (`None` when no line is a stocked product).
pub fn invoice_sold(
    cx: &mut Cx<'_>,
    invoice: &SalesDocument<'_>,
    number: &str,
) -> Result<Option<LocationId>> {
    let mut location = invoice.location_id;
    for (i, line) in invoice.lines.iter().enumerate() {
        let Some(product_id) = line.product_id else {
            continue;
        };
        let product = load_product(cx, "product_id", product_id)?;
        if !product.tracks_stock {
            continue;
        }
        let at = match location {
            Some(at) => at,
            None => {
                let first = store::first_location(cx.conn)?.ok_or_else(|| {
                    Error::invalid(
                        &format!("lines[{i}].product_id"),
                        Reason::InvalidValue,
                        format!(
                            "lines[{i}].product_id: {} is kept in stock; add a stock location first",
                            product.name
                        ),
                    )
                })?;
                let id = LocationId::parse("location_id", &first)?;
                location = Some(id);
                id
            }
        };
        let sale = record_movement(
            cx,
            MovementId::derived("invoice-sale", &format!("{}:{i}", invoice.id)),
            &product,
            at,
            MovementKind::Sale,
            -line.quantity,
            0,
            invoice.issue_date,
            Some(invoice.id.to_string()),
            format!("invoice {number}"),
        )?;
        book_movement(
            cx,
            &sale,
            Owed::Nothing,
            &Memo::both(
                format!("Cost of goods sold on invoice {number}"),
                format!("销售成本，发票 {number}"),
            ),
        )?;
    }
    Ok(location)
}

/// What an issued invoice left below zero: each product it sold whose stock at the location
/// the goods left from is now negative. A warning for the person issuing it, not a refusal
/// (the goods were handed over; the delivery may not be received yet).
pub fn short_after_sale(cx: &mut Cx<'_>, invoice: &SalesDocument<'_>) -> Result<Vec<ShortStock>> {
    let Some(location_id) = invoice.location_id else {
        return Ok(Vec::new());
    };
    let mut seen = std::collections::HashSet::new();
    let mut location_name: Option<String> = None;
    let mut short = Vec::new();
    for product_id in invoice.lines.iter().filter_map(|line| line.product_id) {
        if !seen.insert(product_id) {
            continue;
        }
        // Stock a product does not track never moves, so it is never below zero.
        let on_hand = store::on_hand_at(cx.conn, product_id, location_id)?;
        if on_hand >= 0 {
            continue;
        }
        let product = load_product(cx, "product_id", product_id)?;
        if !product.tracks_stock {
            continue;
        }
        if location_name.is_none() {
            let location = cx.get::<LocationRecord>(&location_id)?;
            location_name = Some(location.map(|l| l.name).unwrap_or_default());
        }
        short.push(ShortStock {
            product_id,
            product_name: product.name,
            location_id,
            location_name: location_name.clone().unwrap_or_default(),
            on_hand: numbers::format_quantity(on_hand),
        });
    }
    Ok(short)
}

/// Puts the goods a restocking credit note credits back where its invoice sold them from: at
/// most, product by product, what the invoice took out and has not had back (the movements that
/// name the invoice say both). Ids derived from the credit note.
pub fn credit_returned(
    cx: &mut Cx<'_>,
    invoice: &SalesDocument<'_>,
    note: &SalesDocument<'_>,
    number: &str,
) -> Result<()> {
    let invoice_id = invoice.id.to_string();
    let mut returning: HashMap<ProductId, i64> = HashMap::new();
    for (i, line) in note.lines.iter().enumerate() {
        let Some(product_id) = line.product_id else {
            continue;
        };
        let product = load_product(cx, "product_id", product_id)?;
        if !product.tracks_stock {
            continue;
        }
        let field = format!("lines[{i}].quantity");
        let out = -store::moved_for(cx.conn, &invoice_id, &product_id.to_string())?;
        let total = returning.entry(product_id).or_insert(0);
        *total += line.quantity;
        if *total > out {
            return Err(Error::invalid(
                &field,
                Reason::OutOfRange,
                format!(
                    "{field}: {} of {} can go back into stock: the invoice took out no more (less what came back already)",
                    numbers::format_quantity(out.max(0)),
                    product.name
                ),
            ));
        }
        let sold_from = match invoice.location_id {
            Some(id) => id,
            None => continue,
        };
        let back = record_movement(
            cx,
            MovementId::derived("credit-return", &format!("{}:{i}", note.id)),
            &product,
            sold_from,
            MovementKind::Return,
            line.quantity,
            0,
            note.issue_date,
            Some(invoice_id.clone()),
            format!("credit note {number}"),
        )?;
        book_movement(
            cx,
            &back,
            Owed::Nothing,
            &Memo::both(
                format!("Goods back on credit note {number}"),
                format!("退货入库，红字发票 {number}"),
            ),
        )?;
    }
    Ok(())
}

/// Puts back what a voided invoice took out of stock, or takes out again what a voided
/// credit note put back (ids derived from the document: voided on two devices, it moves once).
pub fn invoice_voided(cx: &mut Cx<'_>, invoice: &SalesDocument<'_>) -> Result<()> {
    if invoice.credit_note {
        let number = invoice.number.unwrap_or_default();
        let date = today(cx);
        for (i, _) in invoice.lines.iter().enumerate() {
            let id = MovementId::derived("credit-return", &format!("{}:{i}", invoice.id));
            let Some(back) = cx.get::<MovementRecord>(&id)? else {
                continue;
            };
            let product = load_product(cx, "product_id", back.product_id)?;
            let out = record_movement(
                cx,
                MovementId::derived("credit-void", &format!("{}:{i}", invoice.id)),
                &product,
                back.location_id,
                MovementKind::Sale,
                -back.quantity,
                0,
                &date,
                back.ref_id.clone(),
                format!("void of credit note {number}"),
            )?;
            book_movement(
                cx,
                &out,
                Owed::Nothing,
                &Memo::both(
                    format!("Void of credit note {number}"),
                    format!("作废红字发票 {number}，退货出库"),
                ),
            )?;
        }
        return Ok(());
    }
    for (i, _) in invoice.lines.iter().enumerate() {
        let sale_id = MovementId::derived("invoice-sale", &format!("{}:{i}", invoice.id));
        let Some(sale) = cx.get::<MovementRecord>(&sale_id)? else {
            continue;
        };
        let product = load_product(cx, "product_id", sale.product_id)?;
        let date = today(cx);
        let number = invoice.number.unwrap_or_default();
        let back = record_movement(
            cx,
            MovementId::derived("invoice-void", &format!("{}:{i}", invoice.id)),
            &product,
            sale.location_id,
            MovementKind::Return,
            -sale.quantity,
            0,
            &date,
            Some(invoice.id.to_string()),
            format!("void of invoice {number}"),
        )?;
        book_movement(
            cx,
            &back,
            Owed::Nothing,
            &Memo::both(
                format!("Goods back from void invoice {number}"),
                format!("作废发票 {number}，商品退回库存"),
            ),
        )?;
    }
    Ok(())
}
