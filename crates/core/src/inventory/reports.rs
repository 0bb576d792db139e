//! Inventory reports: stock on hand by location, low stock, movements by period, valuation and
//! slow movers, each exportable as CSV, XLSX or PDF.

use std::collections::BTreeMap;

use super::model::*;
use super::ops::{load_product, sees_costs};
use super::store;
use crate::kernel::access::Permission::InventoryRead;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::export::FileExport;
use crate::kernel::export::{export_table, language, t, Lang, Table};
use crate::kernel::ids::ProductId;
use crate::kernel::{money, numbers};

const DAYS_MAX: u32 = 3_650;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.reports.slow_movers",
            InventoryRead,
            false,
            "Products in stock that have not sold for a while",
            slow_movers,
        ),
        command(
            "inventory.reports.movements",
            InventoryRead,
            false,
            "What was received, sold, returned, adjusted and counted, product by product",
            movements_summary,
        ),
        command(
            "inventory.reports.export",
            InventoryRead,
            false,
            "An inventory report as CSV, Excel or PDF",
            export,
        ),
    ]
}

fn days_ago(cx: &mut Cx<'_>, days: u32) -> String {
    let today = crate::ledger::books::today(cx);
    money::add_days(&today, -(i64::from(days)))
}

fn slow_movers(cx: &mut Cx<'_>, query: SlowMoversQuery) -> Result<Vec<SlowMover>> {
    let days = query.days.unwrap_or(90);
    if days == 0 || days > DAYS_MAX {
        return Err(Error::invalid(
            "days",
            Reason::OutOfRange,
            format!("days: 1 to {DAYS_MAX}"),
        ));
    }
    let since = days_ago(cx, days);
    let mut out = Vec::new();
    for (product_id, on_hand, last_sale) in store::last_sales(cx.conn)? {
        if last_sale.as_deref().is_some_and(|d| d >= since.as_str()) {
            continue;
        }
        let product = load_product(cx, "product_id", product_id)?;
        if product.archived || !product.tracks_stock {
            continue;
        }
        out.push(SlowMover {
            product_id: product.id,
            product_name: product.name,
            sku: product.sku,
            on_hand: numbers::format_quantity(on_hand),
            last_sale,
        });
    }
    // Never sold first, then the longest unsold.
    out.sort_by(|a, b| {
        (a.last_sale.is_some(), &a.last_sale, &a.product_name).cmp(&(
            b.last_sale.is_some(),
            &b.last_sale,
            &b.product_name,
        ))
    });
    Ok(out)
}

fn movements_summary(cx: &mut Cx<'_>, query: PeriodQuery) -> Result<Vec<MovementSummary>> {
    let from = match query.from.as_deref() {
        Some(d) => money::date("from", d)?,
        None => "0000-01-01".into(),
    };
    let to = match query.to.as_deref() {
        Some(d) => money::date("to", d)?,
        None => "9999-12-31".into(),
    };
    if from > to {
        return Err(Error::invalid(
            "to",
            Reason::OutOfRange,
            "to: on or after from",
        ));
    }
    // product → [received, sold, returned, adjusted, counted, net]
    let mut by_product: BTreeMap<ProductId, [i64; 6]> = BTreeMap::new();
    for (product, kind, quantity) in store::moved_by_kind(cx.conn, &from, &to)? {
        let sums = by_product.entry(product).or_default();
        let slot = match kind.as_str() {
            "receipt" => Some(0),
            "sale" => Some(1),
            "return" => Some(2),
            "adjustment" => Some(3),
            "stocktake" => Some(4),
            _ => None,
        };
        if let Some(slot) = slot {
            sums[slot] += if slot == 1 { -quantity } else { quantity };
        }
        sums[5] += quantity;
    }
    let mut out = Vec::with_capacity(by_product.len());
    for (product_id, sums) in by_product {
        let product = load_product(cx, "product_id", product_id)?;
        let q = numbers::format_quantity;
        out.push(MovementSummary {
            product_id,
            product_name: product.name,
            sku: product.sku,
            received: q(sums[0]),
            sold: q(sums[1]),
            returned: q(sums[2]),
            adjusted: q(sums[3]),
            counted: q(sums[4]),
            net: q(sums[5]),
        });
    }
    out.sort_by(|a, b| a.product_name.cmp(&b.product_name));
    Ok(out)
}

fn levels_table(title: &str, levels: &[StockLevel], lang: Lang) -> Table {
    let mut table = Table::new(
        title,
        String::new(),
        &[
            t(lang, "Product", "商品"),
            "SKU",
            t(lang, "Location", "库位"),
            t(lang, "On hand", "在库"),
            t(lang, "Minimum", "最低库存"),
            t(lang, "State", "状态"),
        ],
        &[false, false, false, true, true, false],
    );
    for level in levels {
        let state = if level.oversold {
            t(lang, "oversold", "超卖")
        } else if level.low {
            t(lang, "low", "库存不足")
        } else {
            ""
        };
        table.row(vec![
            level.product_name.clone(),
            level.sku.clone(),
            level.location_name.clone(),
            level.on_hand.clone(),
            level.minimum.clone().unwrap_or_default(),
            state.to_string(),
        ]);
    }
    table
}

/// A stock report's name in Chinese words, for the activity log (the titles its table has in
/// Chinese).
fn report_zh(report: &str) -> &str {
    match report {
        "stock_on_hand" => "库存现况",
        "low_stock" => "低库存",
        "movements" => "出入库汇总",
        "valuation" => "存货估值",
        "slow_movers" => "滞销商品",
        other => other,
    }
}

fn export(cx: &mut Cx<'_>, input: InventoryExportInput) -> Result<FileExport> {
    let lang = language(input.language.as_deref())?;
    let format = input.format.trim().to_string();
    let location = input.location_id;
    let period = |from: &Option<String>, to: &Option<String>| match (from, to) {
        (None, None) => String::new(),
        (from, to) => format!(
            "{} – {}",
            from.clone().unwrap_or_default(),
            to.clone().unwrap_or_default()
        ),
    };
    let mut table = match input.report.trim() {
        "stock_on_hand" => {
            let levels = super::stock::levels_of(cx, None, location)?;
            levels_table(t(lang, "Stock on hand", "库存现况"), &levels, lang)
        }
        "low_stock" => {
            let levels: Vec<StockLevel> = super::stock::levels_of(cx, None, location)?
                .into_iter()
                .filter(|l| l.low || l.oversold)
                .collect();
            levels_table(t(lang, "Low stock", "低库存"), &levels, lang)
        }
        "movements" => {
            let rows = movements_summary(
                cx,
                PeriodQuery {
                    from: input.from.clone(),
                    to: input.to.clone(),
                },
            )?;
            let mut table = Table::new(
                t(lang, "Stock movements", "出入库汇总"),
                period(&input.from, &input.to),
                &[
                    t(lang, "Product", "商品"),
                    "SKU",
                    t(lang, "Received", "入库"),
                    t(lang, "Sold", "销售"),
                    t(lang, "Returned", "退货"),
                    t(lang, "Adjusted", "调整"),
                    t(lang, "Counted", "盘点差异"),
                    t(lang, "Net", "净变动"),
                ],
                &[false, false, true, true, true, true, true, true],
            );
            for r in rows {
                table.row(vec![
                    r.product_name,
                    r.sku,
                    r.received,
                    r.sold,
                    r.returned,
                    r.adjusted,
                    r.counted,
                    r.net,
                ]);
            }
            table
        }
        "valuation" => {
            if !sees_costs(cx) {
                return Err(Error::forbidden(
                    "the stock valuation shows costs: owners and accountants only",
                    "库存估值会显示成本：仅限所有者和会计",
                ));
            }
            let valuation =
                super::stock::valuation_on(cx, input.to.as_deref(), input.method.as_deref())?;
            let mut table = Table::new(
                if valuation.method == "fifo" {
                    t(lang, "Stock valuation (FIFO)", "存货估值（先进先出）")
                } else {
                    t(
                        lang,
                        "Stock valuation (moving average)",
                        "存货估值（移动加权平均）",
                    )
                },
                valuation.date.clone(),
                &[
                    t(lang, "Product", "商品"),
                    "SKU",
                    t(lang, "On hand", "在库"),
                    t(lang, "Average cost", "平均成本"),
                    t(lang, "Value", "金额"),
                ],
                &[false, false, true, true, true],
            );
            for line in valuation.lines {
                table.row(vec![
                    line.product_name,
                    line.sku,
                    line.on_hand,
                    line.average_cost,
                    line.value,
                ]);
            }
            table.total(vec![
                t(lang, "Total", "合计").to_string(),
                String::new(),
                String::new(),
                String::new(),
                valuation.total,
            ]);
            table
        }
        "slow_movers" => {
            let days = input.days.unwrap_or(90);
            let rows = slow_movers(cx, SlowMoversQuery { days: Some(days) })?;
            let mut table = Table::new(
                t(lang, "Slow movers", "滞销商品"),
                format!("{days} {}", t(lang, "days", "天")),
                &[
                    t(lang, "Product", "商品"),
                    "SKU",
                    t(lang, "On hand", "在库"),
                    t(lang, "Last sold", "最后销售"),
                ],
                &[false, false, true, false],
            );
            for r in rows {
                table.row(vec![
                    r.product_name,
                    r.sku,
                    r.on_hand,
                    r.last_sale
                        .unwrap_or_else(|| t(lang, "never", "从未").into()),
                ]);
            }
            table
        }
        _ => {
            return Err(Error::invalid(
                "report",
                Reason::InvalidValue,
                "report: stock_on_hand, low_stock, movements, valuation or slow_movers",
            ))
        }
    };
    let (name, details) = crate::users::profile::letterhead(cx, lang == Lang::Zh)?;
    table.company(&name, details);
    let day = crate::ledger::books::today(cx);
    let file = export_table(&table, &format, lang, input.report.trim(), &day)?;
    let report = input.report.trim();
    cx.record_change(
        "inventory",
        Summary::both(
            format!("exported the {report} report as {format}"),
            format!("导出{}（{format}）", report_zh(report)),
        ),
    );
    Ok(file)
}
