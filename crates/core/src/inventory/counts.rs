//! Stocktakes: a count sheet for a location (printable, or filled in by scanning item by item),
//! and the count posted as `stocktake` movements for what differs, each with its reason. The
//! books are never overwritten: a count adds the difference, like any other movement.

use std::collections::HashSet;

use base64::Engine;

use super::model::*;
use super::ops::{count, load_product, open_location, stocked_product};
use super::stock::{book_movement, day, record_movement};
use super::store;
use crate::kernel::access::Permission::{InventoryRead, InventoryWrite};
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::export::FileExport;
use crate::kernel::ids::{MovementId, ProductId};
use crate::kernel::numbers;
use crate::kernel::pdf::{self, Align, Sheet};
use crate::kernel::validate;
use crate::ledger::books::Owed;
use crate::ledger::model::Memo;

const LINES_MAX: usize = 20_000;
const REASON_CHARS_MAX: usize = 200;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.stock.counts.sheet",
            InventoryRead,
            false,
            "A count sheet for a location: its products and what the books expect",
            sheet,
        ),
        command(
            "inventory.stock.counts.pdf",
            InventoryRead,
            false,
            "A printable count sheet (blind by default)",
            sheet_pdf,
        ),
        command(
            "inventory.stock.counts.post",
            InventoryWrite,
            true,
            "Post a stocktake: what differs from the books becomes stocktake movements",
            post,
        ),
    ]
}

fn sheet(cx: &mut Cx<'_>, input: CountSheetInput) -> Result<CountSheet> {
    let location = open_location(cx, "location_id", input.location_id)?;
    let mut ids: Vec<ProductId> = store::levels(cx.conn, None, Some(location.id))?
        .into_iter()
        .map(|(product, ..)| product)
        .collect();
    if input.all_products.unwrap_or(false) {
        let (all, _) = store::product_ids(cx.conn, None, None, false, 1_000_000, 0)?;
        ids.extend(all);
    }
    let mut seen = HashSet::new();
    let mut lines = Vec::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let product = load_product(cx, "product_id", id)?;
        if !product.tracks_stock || product.archived {
            continue;
        }
        lines.push(CountLine {
            product_id: product.id,
            product_name: product.name,
            sku: product.sku,
            barcode: product.barcode,
            unit: product.unit,
            expected: numbers::format_quantity(store::on_hand_at(cx.conn, id, location.id)?),
        });
    }
    lines.sort_by(|a, b| a.product_name.cmp(&b.product_name));
    Ok(CountSheet {
        location_id: location.id,
        location_name: location.name,
        lines,
    })
}

fn sheet_pdf(cx: &mut Cx<'_>, input: CountSheetInput) -> Result<FileExport> {
    let blind = input.blind.unwrap_or(true);
    let sheet_data = sheet(cx, input)?;
    let title = format!("盘点表 Count sheet · {}", sheet_data.location_name);
    let mut page = Sheet::new(&title, "zh-CN");
    page.line(14.0, &title);
    page.line(9.0, &crate::ledger::books::today(cx));
    page.gap(6.0);
    let right = pdf::PAGE_WIDTH - pdf::MARGIN;
    let header = move |sheet: &mut Sheet| {
        sheet.band(16.0);
        let y = sheet.y + 11.0;
        sheet.text_at(pdf::MARGIN + 4.0, y, 8.0, "商品 Product", Align::Left);
        sheet.text_at(pdf::MARGIN + 250.0, y, 8.0, "SKU / 条码", Align::Left);
        if !blind {
            sheet.text_at(right - 90.0, y, 8.0, "账面 Expected", Align::Right);
        }
        sheet.text_at(right - 4.0, y, 8.0, "实盘 Counted", Align::Right);
        sheet.y += 20.0;
    };
    header(&mut page);
    page.running_header = Some(Box::new(header));
    for line in &sheet_data.lines {
        page.need(18.0);
        let y = page.y + 10.0;
        let name = pdf::wrap(&line.product_name, 9.0, 240.0)
            .into_iter()
            .next()
            .unwrap_or_default();
        page.text_at(pdf::MARGIN + 4.0, y, 9.0, &name, Align::Left);
        let code = if line.barcode.is_empty() {
            line.sku.clone()
        } else {
            format!("{} / {}", line.sku, line.barcode)
        };
        page.grey_text_at(pdf::MARGIN + 250.0, y, 8.0, &code);
        if !blind {
            page.text_at(
                right - 90.0,
                y,
                9.0,
                &format!(
                    "{} {}",
                    line.expected,
                    crate::kernel::numbers::unit_word(&line.unit, true)
                ),
                Align::Right,
            );
        }
        page.y += 16.0;
        page.rule();
        page.y += 2.0;
    }
    let bytes = page.finish()?;
    Ok(FileExport {
        file_name: format!("count-{}.pdf", sheet_data.location_name),
        mime: "application/pdf".into(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn post(cx: &mut Cx<'_>, input: CountInput) -> Result<CountResult> {
    let location = open_location(cx, "location_id", input.location_id)?;
    if input.lines.is_empty() || input.lines.len() > LINES_MAX {
        return Err(Error::invalid(
            "lines",
            Reason::TooMany,
            format!("lines: 1 to {LINES_MAX} products counted"),
        ));
    }
    let date = day(cx, "date", input.date.as_deref())?;
    let reason = validate::optional("reason", input.reason.as_deref(), REASON_CHARS_MAX)?
        .unwrap_or_default();
    // Everything is checked before anything is written: a bad line posts nothing.
    let mut counted = Vec::with_capacity(input.lines.len());
    let mut seen: HashSet<ProductId> = HashSet::new();
    for (i, line) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = stocked_product(cx, &field("product_id"), line.product_id)?;
        if !seen.insert(product.id) {
            return Err(Error::invalid(
                &field("product_id"),
                Reason::InvalidValue,
                format!(
                    "{}: {} is counted twice; add the counts up",
                    field("product_id"),
                    product.name
                ),
            ));
        }
        let quantity = count(&field("counted"), &line.counted)?;
        counted.push((product, quantity));
    }
    let mut variances = Vec::new();
    let mut matched = 0;
    for (product, quantity) in counted {
        let expected = store::on_hand_at(cx.conn, product.id, location.id)?;
        let variance = quantity - expected;
        if variance == 0 {
            matched += 1;
            continue;
        }
        let movement = record_movement(
            cx,
            MovementId::new(),
            &product,
            location.id,
            MovementKind::Stocktake,
            variance,
            0,
            &date,
            None,
            if reason.is_empty() {
                "stocktake".to_string()
            } else {
                format!("stocktake: {reason}")
            },
        )?;
        book_movement(
            cx,
            &movement,
            Owed::Nothing,
            &Memo::both(
                format!("Stocktake at {}: {}", location.name, product.name),
                format!("盘点 {}：{}", location.name, product.name),
            ),
        )?;
        variances.push(CountVariance {
            product_id: product.id,
            product_name: product.name.clone(),
            expected: numbers::format_quantity(expected),
            counted: numbers::format_quantity(quantity),
            variance: numbers::format_quantity(variance),
        });
    }
    let (counted, differed) = (variances.len() + matched, variances.len());
    cx.record_change(
        location.id,
        Summary::both(
            format!(
                "counted {counted} products at {}: {differed} differed",
                location.name
            ),
            format!(
                "盘点 {} 的 {counted} 种商品：{differed} 种有差异",
                location.name
            ),
        ),
    );
    Ok(CountResult {
        location_id: location.id,
        date,
        variances,
        matched: matched as u64,
    })
}
