//! Stock as a ledger: every change is a movement, written once; what is on hand is their sum.
//! Movements made offline on two devices both count after sync, and stock below zero is shown
//! as oversold rather than refused or lost.

use std::collections::HashMap;

use super::model::*;
use super::ops::{
    actor_name, count, load_product, open_location, product_view, sees_costs, signed_quantity,
    stocked_product,
};
use super::store;
use crate::kernel::access::Permission::{
    CostsRead, InventoryManage, InventoryRead, InventoryWrite, PurchasesManage,
};
use crate::kernel::amount::Amount;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{EntryId, LocationId, MovementId, ProductId};
use crate::kernel::validate::{self, Checks};
use crate::kernel::{money, numbers};
use crate::ledger::books::Owed;
use crate::ledger::model::Memo;

const REASON_CHARS_MAX: usize = 200;

const LIST_MAX: u64 = 5_000;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.stock.levels",
            InventoryRead,
            false,
            "Stock on hand per product and location, with thresholds",
            levels,
        ),
        command(
            "inventory.stock.low",
            InventoryRead,
            false,
            "Stock at or below its minimum, and oversold stock",
            low,
        ),
        command(
            "inventory.stock.movements.list",
            InventoryRead,
            false,
            "Stock movements, newest first",
            movements_list,
        ),
        command(
            "inventory.stock.movements.create",
            InventoryWrite,
            true,
            "Receive goods, take a return, or adjust stock (with a reason)",
            movement_create,
        ),
        command(
            "inventory.stock.transfer",
            InventoryWrite,
            true,
            "Move stock from one location to another",
            transfer,
        ),
        command(
            "inventory.products.merge",
            InventoryManage,
            true,
            "Fold a duplicate product (one made twice on two devices offline) into another",
            merge,
        ),
        command(
            "inventory.orders.suggestions",
            PurchasesManage,
            false,
            "What to order: low stock brought back up",
            suggestions,
        ),
        command(
            "inventory.reports.valuation",
            CostsRead,
            false,
            "Stock value at moving average cost, product by product",
            valuation,
        ),
    ]
}

/// Writes one movement (the only way stock changes).
#[allow(clippy::too_many_arguments)]
pub(super) fn record_movement(
    cx: &mut Cx<'_>,
    id: MovementId,
    product: &ProductRecord,
    location: LocationId,
    kind: MovementKind,
    quantity: i64,
    unit_cost: i64,
    date: &str,
    ref_id: Option<String>,
    reason: String,
) -> Result<MovementRecord> {
    let record = MovementRecord {
        id,
        product_id: product.id,
        location_id: location,
        kind,
        quantity,
        unit_cost: Amount::new(unit_cost),
        date: date.to_string(),
        ref_id,
        reason,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    // Its running cost, and that of any movement after it (none, unless backdated).
    settle(cx.conn, &record.product_id.to_string())?;
    Ok(record)
}

/// The last day movements are dated on, for "everything so far".
const ALL_DAYS: &str = "9999-12-31";

/// What a stored movement did to its product's value at moving average cost: the value with
/// it less the value without it. From the running cost: the state just before it, then only
/// the movements after it (none, unless it is backdated) replayed without it.
pub(super) fn value_change(cx: &Cx<'_>, movement: &MovementRecord) -> Result<i64> {
    let product = movement.product_id.to_string();
    let id = movement.id.to_string();
    settle(cx.conn, &product)?;
    let (_, with, _) = store::run_state_on(cx.conn, &product, ALL_DAYS)?;
    let place = (movement.date.as_str(), movement.created_at_ms, id.as_str());
    let mut without = Running::from(store::run_state_before(cx.conn, &product, place)?);
    for (other, quantity, unit_cost, kind) in store::movements_from(cx.conn, &product, place)? {
        if other != id {
            without.step(quantity, unit_cost, &kind);
        }
    }
    Ok(with - without.value)
}

/// Brings a product's running cost up to date from where it went stale: the state before that
/// place, then each movement from there on.
pub(super) fn settle(conn: &rusqlite::Connection, product: &str) -> Result<()> {
    let Some((date, at_ms, id)) = store::stale_from(conn, product)? else {
        return Ok(());
    };
    let place = (date.as_str(), at_ms, id.as_str());
    let mut running = Running::from(store::run_state_before(conn, product, place)?);
    for (movement, quantity, unit_cost, kind) in store::movements_from(conn, product, place)? {
        running.step(quantity, unit_cost, &kind);
        store::set_run_state(conn, &movement, running.state())?;
    }
    store::clear_stale(conn, product)
}

/// [`settle`] for every product that is stale: after a batch of movements from other devices,
/// a rebuild or an upgrade (see [`crate::kernel::store::docs::Projection::settle`]).
pub(super) fn settle_all(conn: &rusqlite::Connection) -> Result<()> {
    for product in store::stale_products(conn)? {
        settle(conn, &product)?;
    }
    Ok(())
}

/// Books what a stored movement did to the stock's value (see
/// [`crate::ledger::books::post_stock_value`]); `owed` is who the goods that came in are owed
/// to. The entry's id is derived from the movement's.
pub(super) fn book_movement(
    cx: &mut Cx<'_>,
    movement: &MovementRecord,
    owed: Owed,
    memo: &Memo,
) -> Result<()> {
    if crate::ledger::store::settings_id(cx.conn)?.is_none() {
        return Ok(());
    }
    let change = value_change(cx, movement)?;
    crate::ledger::books::post_stock_value(
        cx,
        EntryId::derived("stock-movement", &movement.id.to_string()),
        &movement.date,
        memo,
        movement.id.to_string(),
        Amount::new(change),
        owed,
    )?;
    Ok(())
}

fn today(cx: &mut Cx<'_>) -> String {
    crate::ledger::books::today(cx)
}

pub(super) fn day(cx: &mut Cx<'_>, field: &str, text: Option<&str>) -> Result<String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => money::date(field, text),
        None => Ok(today(cx)),
    }
}

fn names(cx: &Cx<'_>) -> Result<(HashMap<String, ProductNames>, HashMap<String, String>)> {
    names_of(cx, None)
}

/// Product names (one product's, or all) and every location's name.
fn names_of(
    cx: &Cx<'_>,
    product: Option<&str>,
) -> Result<(HashMap<String, ProductNames>, HashMap<String, String>)> {
    let mut products = HashMap::new();
    let mut stmt = cx.conn.prepare_cached(
        "SELECT id, name, sku, unit, archived FROM inventory_products WHERE ?1 IS NULL OR id = ?1",
    )?;
    let mut rows = stmt.query([product])?;
    while let Some(row) = rows.next()? {
        products.insert(
            row.get::<_, String>(0)?,
            ProductNames {
                name: row.get(1)?,
                sku: row.get(2)?,
                unit: row.get(3)?,
                archived: row.get(4)?,
            },
        );
    }
    let locations = store::locations(cx.conn)?
        .into_iter()
        .map(|(id, name, _, _)| (id, name))
        .collect();
    Ok((products, locations))
}

#[derive(Default, Clone)]
struct ProductNames {
    name: String,
    sku: String,
    unit: String,
    archived: bool,
}

pub(super) fn levels_of(
    cx: &mut Cx<'_>,
    product: Option<ProductId>,
    location: Option<LocationId>,
) -> Result<Vec<StockLevel>> {
    let (products, locations) = names_of(cx, product.map(|p| p.to_string()).as_deref())?;
    let q = |v: Option<i64>| v.map(numbers::format_quantity);
    let mut out: Vec<StockLevel> = store::levels(cx.conn, product, location)?
        .into_iter()
        .map(
            |(product_id, location_id, on_hand, minimum, reorder, maximum)| {
                let names = products
                    .get(&product_id.to_string())
                    .cloned()
                    .unwrap_or_default();
                // An archived product is not reordered: only its being oversold still matters.
                let low = !names.archived && minimum.is_some_and(|m| on_hand <= m);
                Ok(StockLevel {
                    product_id,
                    product_name: names.name,
                    sku: names.sku,
                    unit: names.unit,
                    location_name: locations
                        .get(&location_id.to_string())
                        .cloned()
                        .unwrap_or_default(),
                    location_id,
                    on_hand: numbers::format_quantity(on_hand),
                    minimum: q(minimum),
                    reorder_quantity: q(reorder),
                    maximum: q(maximum),
                    low,
                    oversold: on_hand < 0,
                })
            },
        )
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| {
        (a.product_name.as_str(), a.location_name.as_str())
            .cmp(&(b.product_name.as_str(), b.location_name.as_str()))
    });
    Ok(out)
}

fn levels(cx: &mut Cx<'_>, query: StockQuery) -> Result<Vec<StockLevel>> {
    levels_of(cx, query.product_id, query.location_id)
}

fn low(cx: &mut Cx<'_>, query: StockQuery) -> Result<Vec<StockLevel>> {
    Ok(levels(cx, query)?
        .into_iter()
        .filter(|l| l.low || l.oversold)
        .collect())
}

fn movement_view(
    cx: &Cx<'_>,
    record: &MovementRecord,
    products: &HashMap<String, ProductNames>,
    locations: &HashMap<String, String>,
) -> Movement {
    Movement {
        id: record.id,
        product_id: record.product_id,
        product_name: products
            .get(&record.product_id.to_string())
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        location_id: record.location_id,
        location_name: locations
            .get(&record.location_id.to_string())
            .cloned()
            .unwrap_or_default(),
        kind: record.kind,
        quantity: numbers::format_quantity(record.quantity),
        unit_cost: (sees_costs(cx) && (record.kind == "receipt" || record.kind == "opening"))
            .then(|| money::format(record.unit_cost)),
        date: record.date.clone(),
        ref_id: record.ref_id.clone(),
        reason: record.reason.clone(),
        created_by_name: record.created_by_name.clone(),
        created_at_ms: record.created_at_ms,
    }
}

fn movements_list(cx: &mut Cx<'_>, query: MovementQuery) -> Result<Vec<Movement>> {
    let product = query.product_id.map(|id| id.to_string());
    let location = query.location_id.map(|id| id.to_string());
    let from = match query.from.as_deref() {
        Some(d) => money::date("from", d)?,
        None => "0000-01-01".to_string(),
    };
    let to = match query.to.as_deref() {
        Some(d) => money::date("to", d)?,
        None => "9999-12-31".to_string(),
    };
    let ids = store::movement_ids(
        cx.conn,
        product.as_deref(),
        location.as_deref(),
        &from,
        &to,
        query.limit.unwrap_or(500).clamp(1, LIST_MAX),
    )?;
    let (products, locations) = names(cx)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(record) = cx.get::<MovementRecord>(&id)? {
            out.push(movement_view(cx, &record, &products, &locations));
        }
    }
    Ok(out)
}

/// The kinds of movement a person records here: sales come from invoices, transfers and counts
/// have their own commands.
fn recorded_kind(kind: MovementKind) -> Result<MovementKind> {
    match kind {
        MovementKind::Receipt
        | MovementKind::Opening
        | MovementKind::Return
        | MovementKind::Adjustment => Ok(kind),
        _ => Err(Error::invalid(
            "kind",
            Reason::InvalidValue,
            "kind: receipt, opening, return or adjustment (sales come from invoices, transfers and counts have their own commands)",
        )),
    }
}

/// What a unit cost a movement carries: one typed on a receipt or opening stock (by those who
/// see costs), else the product's cost for those, and nothing for the other kinds.
fn movement_cost(
    cx: &Cx<'_>,
    kind: MovementKind,
    text: Option<&str>,
    product: Option<&ProductRecord>,
) -> Result<i64> {
    match (kind, text.map(str::trim)) {
        (MovementKind::Receipt | MovementKind::Opening, Some(text)) if !text.is_empty() => {
            if !sees_costs(cx) {
                return Err(Error::invalid(
                    "unit_cost",
                    Reason::InvalidValue,
                    "unit_cost: only owners and accountants see and set cost prices",
                ));
            }
            money::parse("unit_cost", text, false)
        }
        (MovementKind::Receipt | MovementKind::Opening, _) => {
            Ok(product.map(|p| p.cost.minor()).unwrap_or(0))
        }
        (_, Some(text)) if !text.is_empty() => Err(Error::invalid(
            "unit_cost",
            Reason::InvalidValue,
            "unit_cost: only a receipt or opening stock carries a cost",
        )),
        _ => Ok(0),
    }
}

fn movement_create(cx: &mut Cx<'_>, input: MovementInput) -> Result<Movement> {
    // Every field at once: the answer names each refused one.
    let mut checks = Checks::default();
    let product = checks.field(stocked_product(cx, "product_id", input.product_id));
    let location = checks.field(open_location(cx, "location_id", input.location_id));
    let kind = checks.field(recorded_kind(input.kind));
    let reason = checks
        .field(validate::optional(
            "reason",
            input.reason.as_deref(),
            REASON_CHARS_MAX,
        ))
        .map(Option::unwrap_or_default);
    if kind == Some(MovementKind::Adjustment) && reason.as_deref() == Some("") {
        checks.field::<()>(Err(Error::invalid(
            "reason",
            Reason::Required,
            "reason: say why stock is adjusted (broken, expired, found…)",
        )));
    }
    let quantity = kind.and_then(|kind| {
        checks.field(match kind {
            MovementKind::Receipt | MovementKind::Opening | MovementKind::Return => {
                numbers::quantity("quantity", &input.quantity)
            }
            _ => signed_quantity("quantity", &input.quantity),
        })
    });
    let unit_cost = kind.and_then(|kind| {
        checks.field(movement_cost(
            cx,
            kind,
            input.unit_cost.as_deref(),
            product.as_ref(),
        ))
    });
    let date = checks.field(day(cx, "date", input.date.as_deref()));
    checks.done()?;
    let (
        Some(product),
        Some(location),
        Some(kind),
        Some(reason),
        Some(quantity),
        Some(unit_cost),
        Some(date),
    ) = (product, location, kind, reason, quantity, unit_cost, date)
    else {
        return Err(Error::internal(
            "a movement field passed its check without a value",
        ));
    };
    let record = record_movement(
        cx,
        MovementId::new(),
        &product,
        location.id,
        kind,
        quantity,
        unit_cost,
        &date,
        None,
        reason,
    )?;
    let name = &product.name;
    let (owed, memo) = match kind {
        MovementKind::Receipt => (
            Owed::Supplier(Amount::new(times(quantity, unit_cost))),
            Memo::both(
                format!("Goods received: {name}"),
                format!("采购入库：{name}"),
            ),
        ),
        MovementKind::Opening => (
            Owed::Owners(Amount::new(value_change(cx, &record)?)),
            Memo::both(
                format!("Opening stock: {name}"),
                format!("期初库存：{name}"),
            ),
        ),
        MovementKind::Return => (
            Owed::Nothing,
            Memo::both(
                format!("Goods returned: {name}"),
                format!("客户退货：{name}"),
            ),
        ),
        _ => (
            Owed::Nothing,
            Memo::both(
                format!("Stock adjusted: {name} ({})", record.reason),
                format!("库存调整：{name}（{}）", record.reason),
            ),
        ),
    };
    book_movement(cx, &record, owed, &memo)?;
    let quantity = numbers::format_quantity(quantity);
    cx.record_change(
        product.id,
        Summary::both(
            format!("{kind} of {quantity} {} at {}", product.name, location.name),
            format!(
                "{} {quantity} {}，库位 {}",
                movement_zh(kind),
                product.name,
                location.name
            ),
        ),
    );
    let (products, locations) = names(cx)?;
    Ok(movement_view(cx, &record, &products, &locations))
}

fn transfer(cx: &mut Cx<'_>, input: TransferInput) -> Result<Vec<Movement>> {
    let product = stocked_product(cx, "product_id", input.product_id)?;
    let from = open_location(cx, "from_location_id", input.from_location_id)?;
    let to = open_location(cx, "to_location_id", input.to_location_id)?;
    if from.id == to.id {
        return Err(Error::invalid(
            "to_location_id",
            Reason::InvalidValue,
            "to_location_id: another location than the one it leaves",
        ));
    }
    let quantity = numbers::quantity("quantity", &input.quantity)?;
    let date = day(cx, "date", input.date.as_deref())?;
    let reason = validate::optional("reason", input.reason.as_deref(), REASON_CHARS_MAX)?
        .unwrap_or_default();
    // The two halves name each other; both are written in this one transaction.
    let (out_id, in_id) = (MovementId::new(), MovementId::new());
    let out = record_movement(
        cx,
        out_id,
        &product,
        from.id,
        MovementKind::Transfer,
        -quantity,
        0,
        &date,
        Some(in_id.to_string()),
        reason.clone(),
    )?;
    let inn = record_movement(
        cx,
        in_id,
        &product,
        to.id,
        MovementKind::Transfer,
        quantity,
        0,
        &date,
        Some(out_id.to_string()),
        reason,
    )?;
    let quantity = numbers::format_quantity(quantity);
    cx.record_change(
        product.id,
        Summary::both(
            format!(
                "moved {quantity} {} from {} to {}",
                product.name, from.name, to.name
            ),
            format!(
                "调拨 {quantity} {}，从 {} 到 {}",
                product.name, from.name, to.name
            ),
        ),
    );
    let (products, locations) = names(cx)?;
    Ok(vec![
        movement_view(cx, &out, &products, &locations),
        movement_view(cx, &inn, &products, &locations),
    ])
}

fn suggestions(cx: &mut Cx<'_>, query: StockQuery) -> Result<Vec<OrderSuggestion>> {
    let mut out = Vec::new();
    for level in low(cx, query)? {
        let on_hand = signed_quantity("on_hand", &level.on_hand).unwrap_or(0);
        let parse = |v: &Option<String>| v.as_deref().and_then(|t| count("q", t).ok());
        let minimum = parse(&level.minimum).unwrap_or(0);
        let quantity = match (parse(&level.maximum), parse(&level.reorder_quantity)) {
            (Some(maximum), _) => maximum - on_hand,
            (None, Some(reorder)) => reorder.max(minimum - on_hand),
            (None, None) => 2 * minimum - on_hand,
        };
        if quantity <= 0 {
            continue;
        }
        let product = super::ops::load_product(cx, "product_id", level.product_id)?;
        if product.archived {
            continue;
        }
        out.push(OrderSuggestion {
            product_id: level.product_id,
            product_name: level.product_name,
            location_id: level.location_id,
            location_name: level.location_name,
            on_hand: level.on_hand,
            minimum: numbers::format_quantity(minimum),
            quantity: numbers::format_quantity(quantity),
            supplier: product.suppliers.first().map(|s| s.name.clone()),
            unit_cost: sees_costs(cx).then(|| money::format(product.cost)),
        });
    }
    Ok(out)
}

/// Quantity times a per-unit amount, rounded half up: quantities are thousandths.
fn times(quantity: i64, per_unit: i64) -> i64 {
    let product = i128::from(quantity) * i128::from(per_unit);
    let rounded = (product.abs() + 500) / 1000;
    (if product < 0 { -rounded } else { rounded }) as i64
}

/// Whether stock coming in brings its own cost: a receipt, or stock merged in from a duplicate
/// product (an adjustment that carries the duplicate's average cost). Anything else comes in at
/// the current average.
fn priced(kind: &str, unit_cost: i64) -> bool {
    kind == "receipt" || kind == "opening" || (kind == "adjustment" && unit_cost > 0)
}

/// A product's stock, its value at moving average cost and the last unit cost, after some of
/// its movements (in their order). Kept per movement in the projection (`run_*`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Running {
    pub qty: i64,
    pub value: i64,
    pub last_unit: i64,
}

impl From<store::RunState> for Running {
    fn from((qty, value, last_unit): store::RunState) -> Self {
        Running {
            qty,
            value,
            last_unit,
        }
    }
}

impl Running {
    pub fn state(&self) -> store::RunState {
        (self.qty, self.value, self.last_unit)
    }

    /// One more movement. Transfers move stock between locations and leave the value alone.
    pub fn step(&mut self, q: i64, unit_cost: i64, kind: &str) {
        if kind == "transfer" {
            return;
        }
        let Running {
            qty,
            value,
            last_unit,
        } = *self;
        let unit = if qty > 0 {
            (i128::from(value) * 1000 / i128::from(qty)) as i64
        } else {
            last_unit
        };
        let after = qty + q;
        let value = if q > 0 {
            let unit = if priced(kind, unit_cost) {
                unit_cost
            } else {
                unit
            };
            // Stock that was below zero (oversold) is covered first, at the new cost.
            if qty < 0 {
                times(after.max(0), unit)
            } else {
                value + times(q, unit)
            }
        } else if after <= 0 {
            0
        } else {
            value - (i128::from(value) * i128::from(-q) / i128::from(qty)) as i64
        };
        self.qty = after;
        self.value = value;
        if after > 0 {
            self.last_unit = (i128::from(value) * 1000 / i128::from(after)) as i64;
        }
    }
}

/// A product's stock and its value at moving average cost after the given movements (in their
/// order), worked out afresh: what the running cost must agree with.
#[cfg(test)]
pub(super) fn average(history: &[(i64, i64, String)]) -> (i64, i64) {
    let mut running = Running::default();
    for (q, unit_cost, kind) in history {
        running.step(*q, *unit_cost, kind);
    }
    (running.qty, running.value)
}

/// A product's stock and its value first in, first out: what leaves takes the oldest layers'
/// cost, so what is left is valued at the latest receipts. Stock other than receipts coming in
/// (a return, a count that found more) comes in at the layers' current average.
pub(super) fn fifo(history: &[(i64, i64, String)]) -> (i64, i64) {
    let mut layers: std::collections::VecDeque<(i64, i64)> = std::collections::VecDeque::new();
    // Units sold or moved out that were not there (oversold): covered by the next arrivals.
    let mut short = 0i64;
    let mut last_unit = 0i64;
    for (q, unit_cost, kind) in history {
        let q = *q;
        if kind == "transfer" || q == 0 {
            continue;
        }
        if q > 0 {
            let unit = if priced(kind, *unit_cost) {
                *unit_cost
            } else {
                let (qty, value) = layers.iter().fold((0i64, 0i64), |(n, v), (lq, lu)| {
                    (n + lq, v + times(*lq, *lu))
                });
                if qty > 0 {
                    (i128::from(value) * 1000 / i128::from(qty)) as i64
                } else {
                    last_unit
                }
            };
            last_unit = unit;
            let covered = q.min(short);
            short -= covered;
            if q > covered {
                layers.push_back((q - covered, unit));
            }
        } else {
            let mut out = -q;
            while out > 0 {
                let Some(front) = layers.front_mut() else {
                    short += out;
                    break;
                };
                let take = out.min(front.0);
                front.0 -= take;
                out -= take;
                if front.0 == 0 {
                    layers.pop_front();
                }
            }
        }
    }
    let qty: i64 = layers.iter().map(|(q, _)| q).sum::<i64>() - short;
    let value: i64 = layers.iter().map(|(q, u)| times(*q, *u)).sum();
    (qty, if qty > 0 { value } else { 0 })
}

/// Why stock moved, in Chinese words for the activity log (the words the app shows).
fn movement_zh(kind: MovementKind) -> &'static str {
    match kind {
        MovementKind::Receipt => "入库",
        MovementKind::Opening => "期初库存",
        MovementKind::Sale => "销售",
        MovementKind::Return => "客户退货",
        MovementKind::Adjustment => "调整",
        MovementKind::Transfer => "调拨",
        MovementKind::Stocktake => "盘点",
    }
}

/// Folds a duplicate product into the one to keep: its stock at every location moves across
/// (at its average cost, so the value moves with it), it gives up its codes and is archived.
/// Past movements, invoices and orders keep naming it. A sale of the duplicate synced in later
/// shows as its stock going below zero, and merging again moves that across too.
fn merge(cx: &mut Cx<'_>, input: MergeInput) -> Result<Product> {
    let mut from = load_product(cx, "id", input.id)?;
    let mut into = load_product(cx, "into_id", input.into_id)?;
    if from.id == into.id {
        return Err(Error::invalid(
            "into_id",
            Reason::InvalidValue,
            "into_id: a product other than the one folded into it",
        ));
    }
    if into.archived {
        return Err(Error::invalid(
            "into_id",
            Reason::InvalidValue,
            format!("into_id: {} is archived; restore it first", into.name),
        ));
    }
    let stock = store::stock_rows(cx.conn, &from.id.to_string())?;
    if !stock.is_empty() && !into.tracks_stock {
        return Err(Error::invalid(
            "into_id",
            Reason::InvalidValue,
            format!("into_id: {} is a service and holds no stock", into.name),
        ));
    }
    settle(cx.conn, &from.id.to_string())?;
    let (qty, value, _) = store::run_state_on(cx.conn, &from.id.to_string(), ALL_DAYS)?;
    let unit_cost = if qty > 0 {
        (i128::from(value) * 1000 / i128::from(qty)) as i64
    } else {
        0
    };
    let date = today(cx);
    let label = |p: &ProductRecord| format!("{} {}", p.sku, p.name);
    // What the two products' value changed by together: nothing, bar rounding and stock that
    // was short (booked so that the ledger keeps the stock's value).
    let mut change = 0;
    let mut first = None;
    for (location, quantity) in stock {
        let location = LocationId::parse("location_id", &location)?;
        let (out_id, in_id) = (MovementId::new(), MovementId::new());
        first.get_or_insert(out_id);
        let out = record_movement(
            cx,
            out_id,
            &from,
            location,
            MovementKind::Adjustment,
            -quantity,
            0,
            &date,
            Some(in_id.to_string()),
            format!("merged into {}", label(&into)),
        )?;
        change += value_change(cx, &out)?;
        let inn = record_movement(
            cx,
            in_id,
            &into,
            location,
            MovementKind::Adjustment,
            quantity,
            if quantity > 0 { unit_cost } else { 0 },
            &date,
            Some(out_id.to_string()),
            format!("merged from {}", label(&from)),
        )?;
        change += value_change(cx, &inn)?;
    }
    if let Some(first) = first {
        crate::ledger::books::post_stock_value(
            cx,
            EntryId::derived("stock-movement", &first.to_string()),
            &date,
            &Memo::both(
                format!("Stock of {} merged into {}", label(&from), label(&into)),
                format!("合并商品库存：{} 并入 {}", label(&from), label(&into)),
            ),
            first.to_string(),
            Amount::new(change),
            Owed::Nothing,
        )?;
    }
    let old = label(&from);
    if into.barcode.is_empty() && !from.barcode.is_empty() {
        into.barcode = std::mem::take(&mut from.barcode);
        into.updated_at_ms = cx.now_ms;
        cx.put(&into)?;
    }
    from.barcode.clear();
    from.sku = super::ops::generated_sku(from.id);
    from.archived = true;
    from.updated_at_ms = cx.now_ms;
    cx.put(&from)?;
    let kept = label(&into);
    cx.record_change(
        from.id,
        Summary::both(
            format!("merged product {old} into {kept} (now {})", from.sku),
            format!("合并商品 {old} 到 {kept}（原商品现为 {}）", from.sku),
        ),
    );
    product_view(cx, &into)
}

fn valuation(cx: &mut Cx<'_>, query: ValuationQuery) -> Result<Valuation> {
    valuation_on(cx, query.date.as_deref(), query.method.as_deref())
}

/// Stock value on a day (default today), at moving average cost or first in, first out.
pub(super) fn valuation_on(
    cx: &mut Cx<'_>,
    date: Option<&str>,
    method: Option<&str>,
) -> Result<Valuation> {
    let method = match method.map(str::trim).filter(|m| !m.is_empty()) {
        None | Some("average") => "average",
        Some("fifo") => "fifo",
        Some(_) => {
            return Err(Error::invalid(
                "method",
                Reason::InvalidValue,
                "method: average or fifo",
            ))
        }
    };
    let date = day(cx, "date", date)?;
    let (products, _) = names(cx)?;
    let mut lines = Vec::new();
    let mut total = 0i64;
    // At moving average cost the running cost answers (one row per product); first in, first
    // out replays each product's movements, and so does a product whose running cost is stale
    // (never after a command, a sync or an upgrade: they settle it).
    let stale: std::collections::HashSet<String> =
        store::stale_products(cx.conn)?.into_iter().collect();
    for product in store::stocked_products(cx.conn)? {
        let (qty, value) = if method == "fifo" {
            fifo(&store::cost_history(cx.conn, &product, &date)?)
        } else if stale.contains(&product) {
            let mut running = Running::default();
            for (q, unit_cost, kind) in store::cost_history(cx.conn, &product, &date)? {
                running.step(q, unit_cost, &kind);
            }
            (running.qty, running.value)
        } else {
            let (qty, value, _) = store::run_state_on(cx.conn, &product, &date)?;
            (qty, value)
        };
        if qty == 0 && value == 0 {
            continue;
        }
        let names = products.get(&product).cloned().unwrap_or_default();
        let unit = if qty > 0 {
            (i128::from(value) * 1000 / i128::from(qty)) as i64
        } else {
            0
        };
        total += value;
        lines.push(ValuationLine {
            product_id: ProductId::parse("product_id", &product)?,
            product_name: names.name,
            sku: names.sku,
            on_hand: numbers::format_quantity(qty),
            average_cost: money::format(unit),
            value: money::format(value),
        });
    }
    Ok(Valuation {
        date,
        method: method.to_string(),
        lines,
        total: money::format(total),
    })
}

#[cfg(test)]
mod tests {
    use super::average;

    fn m(q: i64, cost: i64, kind: &str) -> (i64, i64, String) {
        (q * 1000, cost, kind.to_string())
    }

    #[test]
    fn moving_average_cost_follows_receipts_and_sales() {
        // 10 at 2.00, 10 at 4.00: 20 at 3.00; sell 5: 15 at 3.00 = 45.00.
        let history = [
            m(10, 200, "receipt"),
            m(10, 400, "receipt"),
            m(-5, 0, "sale"),
        ];
        assert_eq!(average(&history), (15_000, 4_500));
        // A transfer changes nothing; selling everything leaves nothing.
        let mut more = history.to_vec();
        more.push(m(-3, 0, "transfer"));
        more.push(m(3, 0, "transfer"));
        assert_eq!(average(&more), (15_000, 4_500));
        more.push(m(-15, 0, "sale"));
        assert_eq!(average(&more), (0, 0));
    }

    #[test]
    fn oversold_stock_is_covered_at_the_next_receipt_cost() {
        let history = [
            m(2, 100, "receipt"),
            m(-5, 0, "sale"),
            m(10, 300, "receipt"),
        ];
        // -3 on hand, then 10 arrive: 7 left, all at 3.00.
        assert_eq!(average(&history), (7_000, 2_100));
    }

    #[test]
    fn fifo_values_what_is_left_at_the_latest_costs() {
        use super::fifo;
        // 10 at 2.00 then 10 at 4.00; selling 15 takes all the first and 5 of the second.
        let history = [
            m(10, 200, "receipt"),
            m(10, 400, "receipt"),
            m(-15, 0, "sale"),
        ];
        assert_eq!(fifo(&history), (5_000, 2_000));
        // Oversold: the deficit is covered by the next receipt; transfers change nothing.
        let history = [
            m(2, 100, "receipt"),
            m(-5, 0, "sale"),
            m(-1, 0, "transfer"),
            m(1, 0, "transfer"),
            m(10, 300, "receipt"),
        ];
        assert_eq!(fifo(&history), (7_000, 2_100));
    }

    #[test]
    fn thirds_do_not_drift() {
        let history = [m(3, 100, "receipt"), m(-1, 0, "sale"), m(-1, 0, "sale")];
        assert_eq!(average(&history), (1_000, 100));
    }
}
