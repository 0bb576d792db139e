//! Purchase orders: draft → sent → partly received → received, or cancelled. Receiving (in
//! parts, on any device) writes receipt movements that name the order; what has arrived is read
//! from them, never stored, so two devices receiving parts offline both count. With the books
//! set up, each receipt posts inventory against accounts payable.

use std::collections::HashMap;

use super::model::*;
use super::ops::{actor_name, load_location, load_product, open_location, sees_costs};
use super::stock::{day, record_movement, value_change};
use super::store;
use crate::kernel::access::Permission::{InventoryRead, InventoryWrite, PurchasesManage};
use crate::kernel::amount::Amount;
use crate::kernel::command::IdInput;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{EntryId, MovementId, ProductId, PurchaseOrderId};
use crate::kernel::validate::{self, Checks};
use crate::kernel::{money, numbers};

const NAME_CHARS_MAX: usize = 200;

fn suppliers_list(cx: &mut Cx<'_>, input: SupplierQuery) -> Result<Vec<SupplierSummary>> {
    let search = validate::optional("search", input.search.as_deref(), NAME_CHARS_MAX)?;
    store::suppliers(cx.conn, search.as_deref())
}
const NOTES_CHARS_MAX: usize = 2_000;
const LINES_MAX: usize = 200;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.suppliers.list",
            InventoryRead,
            false,
            "Suppliers the products name, most used first, to pick on a purchase order",
            suppliers_list,
        ),
        command(
            "inventory.orders.list",
            InventoryRead,
            false,
            "Purchase orders, newest first",
            orders_list,
        ),
        command(
            "inventory.orders.get",
            InventoryRead,
            false,
            "One purchase order, with what has arrived",
            order_get,
        ),
        command(
            "inventory.orders.create",
            PurchasesManage,
            true,
            "Draft a purchase order to a supplier",
            order_create,
        ),
        command(
            "inventory.orders.update",
            PurchasesManage,
            true,
            "Change a draft purchase order",
            order_update,
        ),
        command(
            "inventory.orders.send",
            PurchasesManage,
            true,
            "Mark a purchase order as sent to the supplier",
            order_send,
        ),
        command(
            "inventory.orders.cancel",
            PurchasesManage,
            true,
            "Cancel a purchase order (what arrived stays)",
            order_cancel,
        ),
        command(
            "inventory.orders.pdf",
            PurchasesManage,
            false,
            "A purchase order as a PDF to send the supplier",
            order_pdf,
        ),
        command(
            "inventory.orders.receive",
            InventoryWrite,
            true,
            "Receive goods against a purchase order (all or part)",
            order_receive,
        ),
    ]
}

fn load(cx: &mut Cx<'_>, id: PurchaseOrderId) -> Result<PurchaseOrderRecord> {
    cx.get::<PurchaseOrderRecord>(&id)?
        .ok_or_else(|| Error::not_found("purchase order", id))
}

fn received_of(cx: &Cx<'_>, record: &PurchaseOrderRecord) -> Result<HashMap<String, i64>> {
    Ok(store::received(cx.conn, &record.id.to_string())?
        .into_iter()
        .collect())
}

/// The status as people see it: receipts make a sent order partly or wholly received.
fn status_of(record: &PurchaseOrderRecord, received: &HashMap<String, i64>) -> OrderStatus {
    match record.status {
        OrderState::Draft => return OrderStatus::Draft,
        OrderState::Cancelled => return OrderStatus::Cancelled,
        OrderState::Sent => {}
    }
    let mut any = false;
    let mut all = true;
    for (product, ordered) in ordered_by_product(record) {
        let got = received.get(&product).copied().unwrap_or(0);
        any |= got > 0;
        all &= got >= ordered;
    }
    match (any, all) {
        (_, true) => OrderStatus::Received,
        (true, false) => OrderStatus::PartiallyReceived,
        _ => OrderStatus::Sent,
    }
}

/// Ordered quantity per product (a product on two lines counts once, summed).
fn ordered_by_product(record: &PurchaseOrderRecord) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = Vec::new();
    for line in &record.lines {
        let id = line.product_id.to_string();
        match out.iter_mut().find(|(p, _)| *p == id) {
            Some((_, q)) => *q += line.quantity,
            None => out.push((id, line.quantity)),
        }
    }
    out
}

fn view(cx: &mut Cx<'_>, record: &PurchaseOrderRecord) -> Result<PurchaseOrder> {
    let received = received_of(cx, record)?;
    let costs = sees_costs(cx);
    let mut left = received.clone();
    let mut lines = Vec::with_capacity(record.lines.len());
    let mut total = 0i64;
    for line in &record.lines {
        let product = load_product(cx, "product_id", line.product_id)?;
        // Arrivals fill the product's lines in order.
        let pool = left.entry(line.product_id.to_string()).or_insert(0);
        let got = (*pool).min(line.quantity).max(0);
        *pool -= got;
        let amount = line_total(line.quantity, line.unit_cost.minor());
        total += amount;
        lines.push(OrderLine {
            product_id: line.product_id,
            product_name: product.name,
            sku: product.sku,
            unit: product.unit,
            quantity: numbers::format_quantity(line.quantity),
            received: numbers::format_quantity(got),
            to_come: numbers::format_quantity(line.quantity - got),
            unit_cost: if costs {
                money::format(line.unit_cost)
            } else {
                String::new()
            },
            total: if costs {
                money::format(amount)
            } else {
                String::new()
            },
        });
    }
    let location_name = load_location(cx, "location_id", record.location_id)
        .map(|l| l.name)
        .unwrap_or_default();
    let status = status_of(record, &received);
    Ok(PurchaseOrder {
        id: record.id,
        supplier: record.supplier.clone(),
        supplier_contact: record.supplier_contact.clone(),
        date: record.date.clone(),
        expected_date: record.expected_date.clone(),
        location_id: record.location_id,
        location_name,
        lines,
        status,
        can_receive: status.takes_goods(),
        can_cancel: status.cancellable(),
        total: if costs {
            money::format(total)
        } else {
            String::new()
        },
        notes: record.notes.clone(),
        created_by_name: record.created_by_name.clone(),
        created_at_ms: record.created_at_ms,
    })
}

/// Quantity (thousandths) times a unit cost, rounded half up.
fn line_total(quantity: i64, unit_cost: i64) -> i64 {
    ((i128::from(quantity) * i128::from(unit_cost) + 500) / 1000) as i64
}

fn lines_of(cx: &mut Cx<'_>, inputs: &[OrderLineInput]) -> Result<Vec<OrderLineRecord>> {
    if inputs.is_empty() || inputs.len() > LINES_MAX {
        return Err(Error::invalid(
            "lines",
            Reason::TooMany,
            format!("lines: an order has 1 to {LINES_MAX} lines"),
        ));
    }
    // Every line's every field at once: the answer names each refused one.
    let mut checks = Checks::default();
    let mut lines = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = checks.field(ordered_product(cx, &field("product_id"), input.product_id));
        let unit_cost = product.as_ref().and_then(|product| {
            checks.field(match input.unit_cost.as_deref().map(str::trim) {
                Some(text) if !text.is_empty() => {
                    money::parse(&field("unit_cost"), text, false).map(Amount::new)
                }
                _ => Ok(product.cost),
            })
        });
        let quantity = checks.field(numbers::quantity(&field("quantity"), &input.quantity));
        if let (Some(product), Some(unit_cost), Some(quantity)) = (product, unit_cost, quantity) {
            lines.push(OrderLineRecord {
                product_id: product.id,
                quantity,
                unit_cost,
            });
        }
    }
    checks.done()?;
    Ok(lines)
}

/// A product an order line buys: stocked and not archived.
fn ordered_product(cx: &mut Cx<'_>, field: &str, id: ProductId) -> Result<ProductRecord> {
    let product = super::ops::stocked_product(cx, field, id)?;
    if product.archived {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: {} is archived", product.name),
        ));
    }
    Ok(product)
}

fn orders_list(cx: &mut Cx<'_>, query: OrderQuery) -> Result<Vec<PurchaseOrder>> {
    let wanted = query.status;
    // Received and partly received are read, not stored: they are sent orders in the table.
    let stored = wanted.map(|status| match status {
        OrderStatus::Draft => OrderState::Draft,
        OrderStatus::Cancelled => OrderState::Cancelled,
        _ => OrderState::Sent,
    });
    let mut out = Vec::new();
    for id in store::order_ids(cx.conn, stored)? {
        let record = load(cx, id)?;
        let order = view(cx, &record)?;
        if wanted.is_none_or(|w| w == order.status) {
            out.push(order);
        }
    }
    Ok(out)
}

fn order_get(cx: &mut Cx<'_>, input: IdInput<PurchaseOrderId>) -> Result<PurchaseOrder> {
    let record = load(cx, input.id)?;
    view(cx, &record)
}

fn optional_date(field: &str, text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Ok(Some(money::date(field, text)?)),
        None => Ok(None),
    }
}

/// When the goods are expected, if said: on or after the order's date (when that is known).
fn expected(text: Option<&str>, date: Option<&str>) -> Result<Option<String>> {
    let expected = optional_date("expected_date", text)?;
    if let (Some(expected), Some(date)) = (expected.as_deref(), date) {
        if expected < date {
            return Err(Error::invalid(
                "expected_date",
                Reason::OutOfRange,
                "expected_date: on or after the order's date",
            ));
        }
    }
    Ok(expected)
}

fn order_create(cx: &mut Cx<'_>, input: OrderInput) -> Result<PurchaseOrder> {
    // Every field at once: the answer names each refused one, the lines' too.
    let mut checks = Checks::default();
    let supplier = checks.field(validate::required(
        "supplier",
        &input.supplier,
        NAME_CHARS_MAX,
    ));
    let supplier_contact = checks.field(validate::optional(
        "supplier_contact",
        input.supplier_contact.as_deref(),
        NAME_CHARS_MAX,
    ));
    let location = checks.field(open_location(cx, "location_id", input.location_id));
    let date = checks.field(day(cx, "date", input.date.as_deref()));
    let expected_date = checks.field(expected(input.expected_date.as_deref(), date.as_deref()));
    let lines = checks.field(lines_of(cx, &input.lines));
    let notes = checks.field(validate::multiline(
        "notes",
        input.notes.as_deref().unwrap_or(""),
        NOTES_CHARS_MAX,
        false,
    ));
    checks.done()?;
    let (
        Some(supplier),
        Some(supplier_contact),
        Some(location),
        Some(date),
        Some(expected_date),
        Some(lines),
        Some(notes),
    ) = (
        supplier,
        supplier_contact,
        location,
        date,
        expected_date,
        lines,
        notes,
    )
    else {
        return Err(Error::internal(
            "an order field passed its check without a value",
        ));
    };
    let record = PurchaseOrderRecord {
        id: PurchaseOrderId::new(),
        supplier,
        supplier_contact: supplier_contact.unwrap_or_default(),
        date,
        expected_date,
        location_id: location.id,
        lines,
        status: OrderState::Draft,
        notes,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("drafted a purchase order to {}", record.supplier),
            format!("起草采购单，供应商 {}", record.supplier),
        ),
    );
    view(cx, &record)
}

fn draft_only(record: &PurchaseOrderRecord, what: &str) -> Result<()> {
    if record.status != "draft" {
        return Err(Error::conflict(
            format!(
                "this purchase order is {}; only a draft can be {what}",
                record.status
            ),
            "这张采购单已不是草稿：只有草稿可以这样改动",
        ));
    }
    Ok(())
}

fn order_update(cx: &mut Cx<'_>, patch: OrderPatch) -> Result<PurchaseOrder> {
    let mut record = load(cx, patch.id)?;
    draft_only(&record, "changed")?;
    // Every field at once, as on a new order.
    let mut checks = Checks::default();
    if let Some(supplier) = &patch.supplier {
        if let Some(supplier) =
            checks.field(validate::required("supplier", supplier, NAME_CHARS_MAX))
        {
            record.supplier = supplier;
        }
    }
    if let Some(contact) = &patch.supplier_contact {
        if let Some(contact) = checks.field(validate::optional(
            "supplier_contact",
            Some(contact),
            NAME_CHARS_MAX,
        )) {
            record.supplier_contact = contact.unwrap_or_default();
        }
    }
    if let Some(text) = &patch.expected_date {
        if let Some(expected) = checks.field(expected(Some(text), Some(&record.date))) {
            record.expected_date = expected;
        }
    }
    if let Some(lines) = &patch.lines {
        if let Some(lines) = checks.field(lines_of(cx, lines)) {
            record.lines = lines;
        }
    }
    if let Some(notes) = &patch.notes {
        if let Some(notes) =
            checks.field(validate::multiline("notes", notes, NOTES_CHARS_MAX, false))
        {
            record.notes = notes;
        }
    }
    checks.done()?;
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("changed the purchase order to {}", record.supplier),
            format!("修改采购单，供应商 {}", record.supplier),
        ),
    );
    view(cx, &record)
}

fn order_send(cx: &mut Cx<'_>, input: IdInput<PurchaseOrderId>) -> Result<PurchaseOrder> {
    let mut record = load(cx, input.id)?;
    draft_only(&record, "sent")?;
    record.status = OrderState::Sent;
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("sent the purchase order to {}", record.supplier),
            format!("发出采购单，供应商 {}", record.supplier),
        ),
    );
    view(cx, &record)
}

fn order_cancel(cx: &mut Cx<'_>, input: IdInput<PurchaseOrderId>) -> Result<PurchaseOrder> {
    let mut record = load(cx, input.id)?;
    let received = received_of(cx, &record)?;
    let status = status_of(&record, &received);
    if status == OrderStatus::Cancelled {
        return view(cx, &record);
    }
    if !status.cancellable() {
        return Err(Error::conflict(
            "this purchase order has been received in full; there is nothing to cancel",
            "这张采购单已全部收货，没有可取消的部分",
        ));
    }
    record.status = OrderState::Cancelled;
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("cancelled the purchase order to {}", record.supplier),
            format!("取消采购单，供应商 {}", record.supplier),
        ),
    );
    view(cx, &record)
}

fn order_receive(cx: &mut Cx<'_>, input: ReceiveInput) -> Result<PurchaseOrder> {
    let record = load(cx, input.id)?;
    if record.status != "sent" {
        return Err(Error::conflict(
            format!(
                "this purchase order is {}; goods are received against a sent order",
                record.status
            ),
            "只有已发出的采购单可以收货",
        ));
    }
    let location = match input.location_id {
        Some(id) => open_location(cx, "location_id", id)?,
        None => open_location(cx, "location_id", record.location_id)?,
    };
    let date = day(cx, "date", input.date.as_deref())?;
    if input.lines.is_empty() || input.lines.len() > LINES_MAX {
        return Err(Error::invalid(
            "lines",
            Reason::TooMany,
            format!("lines: 1 to {LINES_MAX} products received"),
        ));
    }
    let ordered: HashMap<String, (i64, i64)> = {
        let mut map = HashMap::new();
        for line in &record.lines {
            let entry = map
                .entry(line.product_id.to_string())
                .or_insert((0i64, line.unit_cost.minor()));
            entry.0 += line.quantity;
        }
        map
    };
    let mut received = received_of(cx, &record)?;
    let mut value = 0i64;
    // What the stock's value moved by, for the books (when they are kept).
    let books = crate::ledger::store::settings_id(cx.conn)?.is_some();
    let mut stock_value = 0i64;
    let mut summary = Vec::new();
    for (i, line) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines[{i}].{name}");
        let product = load_product(cx, &field("product_id"), line.product_id)?;
        let key = product.id.to_string();
        let Some(&(quantity_ordered, unit_cost)) = ordered.get(&key) else {
            return Err(Error::invalid(
                &field("product_id"),
                Reason::InvalidValue,
                format!(
                    "{}: {} is not on this order",
                    field("product_id"),
                    product.name
                ),
            ));
        };
        // A line left blank (or 0) has nothing arriving this time.
        let Some(quantity) = numbers::arrived_quantity(&field("quantity"), &line.quantity)? else {
            continue;
        };
        let so_far = received.entry(key).or_insert(0);
        if *so_far + quantity > quantity_ordered {
            return Err(Error::invalid(
                &field("quantity"),
                Reason::OutOfRange,
                format!(
                    "{}: {} of {} are still to come, not {}",
                    field("quantity"),
                    numbers::format_quantity((quantity_ordered - *so_far).max(0)),
                    product.name,
                    numbers::format_quantity(quantity)
                ),
            ));
        }
        *so_far += quantity;
        let movement = record_movement(
            cx,
            MovementId::new(),
            &product,
            location.id,
            MovementKind::Receipt,
            quantity,
            unit_cost,
            &date,
            Some(record.id.to_string()),
            format!("purchase order to {}", record.supplier),
        )?;
        value += line_total(quantity, unit_cost);
        if books {
            stock_value += value_change(cx, &movement)?;
        }
        summary.push(format!(
            "{} {}",
            numbers::format_quantity(quantity),
            product.name
        ));
    }
    if summary.is_empty() {
        return Err(Error::invalid(
            "lines",
            Reason::Required,
            "lines: enter how much arrived on at least one line",
        ));
    }
    crate::ledger::books::post_stock_value(
        cx,
        EntryId::new(),
        &date,
        &crate::ledger::model::Memo::both(
            format!("Goods received from {}", record.supplier),
            format!("采购入库，供应商 {}", record.supplier),
        ),
        record.id.to_string(),
        crate::kernel::amount::Amount::new(stock_value),
        crate::ledger::books::Owed::Supplier(crate::kernel::amount::Amount::new(value)),
    )?;
    cx.record_change(
        record.id,
        Summary::both(
            format!(
                "received {} from {} at {}",
                summary.join(", "),
                record.supplier,
                location.name
            ),
            format!(
                "收货 {}，供应商 {}，库位 {}",
                summary.join("、"),
                record.supplier,
                location.name
            ),
        ),
    );
    view(cx, &record)
}

#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct OrderPdfInput {
    pub id: PurchaseOrderId,
    /// `zh` (default) or `en`.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<String>,
}

fn order_pdf(cx: &mut Cx<'_>, input: OrderPdfInput) -> Result<crate::kernel::export::FileExport> {
    use crate::kernel::export::{file, language, t};
    use crate::kernel::pdf::{self, Align, Sheet};
    let lang = language(input.language.as_deref())?;
    let record = load(cx, input.id)?;
    let order = view(cx, &record)?;
    let company = crate::users::store::company(cx.conn)?
        .map(|(_, name)| name)
        .unwrap_or_default();
    let title = t(lang, "Purchase order", "采购单");
    let mut sheet = Sheet::new(
        title,
        if matches!(lang, crate::kernel::export::Lang::Zh) {
            "zh-CN"
        } else {
            "en"
        },
    );
    let right = pdf::PAGE_WIDTH - pdf::MARGIN;
    sheet.line(18.0, title);
    sheet.line(11.0, &company);
    // Who orders: the company's address, tax id and contact, for the supplier's invoice.
    let zh = matches!(lang, crate::kernel::export::Lang::Zh);
    for line in crate::users::profile::profile_of(cx)?.document_lines(zh) {
        sheet.line(9.0, &line);
    }
    sheet.gap(6.0);
    // The id's random tail: its head is a timestamp that orders made together share.
    let id_text = order.id.as_uuid().simple().to_string().to_ascii_uppercase();
    let short = &id_text[id_text.len() - 8..];
    for (label, value) in [
        (t(lang, "Order", "单号"), short.to_string()),
        (t(lang, "Supplier", "供应商"), order.supplier.clone()),
        (
            t(lang, "Contact", "联系方式"),
            order.supplier_contact.clone(),
        ),
        (t(lang, "Date", "日期"), order.date.clone()),
        (
            t(lang, "Expected", "预计到货"),
            order.expected_date.clone().unwrap_or_default(),
        ),
        (t(lang, "Deliver to", "送货至"), order.location_name.clone()),
    ] {
        if value.is_empty() {
            continue;
        }
        sheet.line(9.5, &format!("{label}: {value}"));
    }
    sheet.gap(8.0);
    sheet.band(16.0);
    let y = sheet.y + 11.0;
    sheet.text_at(
        pdf::MARGIN + 4.0,
        y,
        8.0,
        t(lang, "Product", "商品"),
        Align::Left,
    );
    sheet.text_at(pdf::MARGIN + 250.0, y, 8.0, "SKU", Align::Left);
    sheet.text_at(right - 150.0, y, 8.0, t(lang, "Qty", "数量"), Align::Right);
    sheet.text_at(
        right - 75.0,
        y,
        8.0,
        t(lang, "Unit cost", "单价"),
        Align::Right,
    );
    sheet.text_at(right - 4.0, y, 8.0, t(lang, "Amount", "金额"), Align::Right);
    sheet.y += 20.0;
    for line in &order.lines {
        let names = pdf::wrap(&line.product_name, 9.0, 240.0);
        sheet.need(14.0 * names.len() as f32 + 4.0);
        let y = sheet.y + 10.0;
        sheet.text_at(
            right - 150.0,
            y,
            9.0,
            &format!(
                "{} {}",
                line.quantity,
                crate::kernel::numbers::unit_word(&line.unit, zh)
            ),
            Align::Right,
        );
        sheet.text_at(
            right - 75.0,
            y,
            9.0,
            &money::grouped(&line.unit_cost),
            Align::Right,
        );
        sheet.text_at(
            right - 4.0,
            y,
            9.0,
            &money::grouped(&line.total),
            Align::Right,
        );
        sheet.grey_text_at(pdf::MARGIN + 250.0, y, 8.0, &line.sku);
        for (i, name) in names.iter().enumerate() {
            sheet.text_at(
                pdf::MARGIN + 4.0,
                y + 13.0 * i as f32,
                9.0,
                name,
                Align::Left,
            );
        }
        sheet.y += 13.0 * names.len() as f32 + 4.0;
        sheet.rule();
        sheet.y += 2.0;
    }
    sheet.need(20.0);
    // In the base currency, by its sign (¥1,280.00); grouped only while the books are not set up.
    let total = match crate::ledger::store::settings_id(cx.conn)? {
        Some(id) => match cx.get::<crate::ledger::model::FinanceSettingsRecord>(&id)? {
            Some(settings) => money::display(&order.total, &settings.base_currency, true),
            None => money::grouped(&order.total),
        },
        None => money::grouped(&order.total),
    };
    sheet.text_at(
        right - 4.0,
        sheet.y + 14.0,
        11.0,
        &format!("{} {}", t(lang, "Total", "合计"), total),
        Align::Right,
    );
    sheet.y += 24.0;
    if !order.notes.is_empty() {
        for text in pdf::wrap(&order.notes, 9.0, pdf::PAGE_WIDTH - 2.0 * pdf::MARGIN) {
            sheet.line(9.0, &text);
        }
    }
    let bytes = sheet.finish()?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("exported the purchase order to {} as PDF", record.supplier),
            format!("导出采购单为 PDF，供应商 {}", record.supplier),
        ),
    );
    Ok(file(format!("PO-{short}.pdf"), "application/pdf", &bytes))
}
