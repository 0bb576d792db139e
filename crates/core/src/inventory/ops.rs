//! Products, categories, locations and stock thresholds.

use std::collections::HashMap;

use super::barcode;
use super::model::*;
use super::store;
use crate::kernel::access::Permission::{self, InventoryManage, InventoryRead};
use crate::kernel::command::{command, Command, Cx, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{CategoryId, LocationId, ProductId, TaxId, ThresholdId};
use crate::kernel::validate::{self, Checks};
use crate::kernel::{money, numbers};

const NAME_CHARS_MAX: usize = 200;
const SKU_CHARS_MAX: usize = 64;
const UNIT_CHARS_MAX: usize = 20;
const DESCRIPTION_CHARS_MAX: usize = 5_000;
const SUPPLIERS_MAX: usize = 20;
const PAGE_MAX: u64 = 500;
/// Levels of nesting a category or a location tree may have.
const DEPTH_MAX: usize = 8;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.products.list",
            InventoryRead,
            false,
            "Products by name, searchable by name, SKU or barcode",
            products_list,
        ),
        command(
            "inventory.products.get",
            InventoryRead,
            false,
            "One product",
            product_get,
        ),
        command(
            "inventory.products.create",
            InventoryManage,
            true,
            "Add a product (or a service)",
            product_create,
        ),
        command(
            "inventory.products.update",
            InventoryManage,
            true,
            "Change, archive or restore a product",
            product_update,
        ),
        command(
            "inventory.products.clashes",
            InventoryRead,
            false,
            "SKUs and barcodes that two devices offline gave to two products",
            clashes,
        ),
        command(
            "inventory.scanning.lookup",
            InventoryRead,
            false,
            "The product a scanned barcode or SKU names",
            lookup,
        ),
        command(
            "inventory.categories.list",
            InventoryRead,
            false,
            "Product categories, as a tree",
            categories_list,
        ),
        command(
            "inventory.categories.create",
            InventoryManage,
            true,
            "Add a product category",
            category_create,
        ),
        command(
            "inventory.locations.list",
            InventoryRead,
            false,
            "Stock locations, as a tree",
            locations_list,
        ),
        command(
            "inventory.locations.create",
            InventoryManage,
            true,
            "Add a stock location (shop floor, back room, warehouse)",
            location_create,
        ),
        command(
            "inventory.locations.update",
            InventoryManage,
            true,
            "Rename or archive a stock location",
            location_update,
        ),
        command(
            "inventory.stock.thresholds.set",
            InventoryManage,
            true,
            "A product's minimum (and reorder quantity, maximum) at a location",
            threshold_set,
        ),
    ]
}

pub(super) fn sees_costs(cx: &Cx<'_>) -> bool {
    cx.actor
        .as_ref()
        .is_some_and(|a| a.permissions.contains(&Permission::CostsRead))
}

pub(super) fn actor_name(cx: &Cx<'_>) -> String {
    cx.actor
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

/// A quantity that may be negative (an adjustment); never zero.
pub(super) fn signed_quantity(field: &str, text: &str) -> Result<i64> {
    let text = text.trim();
    match text.strip_prefix('-') {
        Some(rest) => Ok(-numbers::quantity(field, rest)?),
        None => numbers::quantity(field, text),
    }
}

/// A quantity of zero or more (a threshold, a count).
pub(super) fn count(field: &str, text: &str) -> Result<i64> {
    let text = text.trim();
    if text.chars().all(|c| c == '0' || c == '.') && !text.is_empty() {
        return Ok(0);
    }
    numbers::quantity(field, text)
}

pub(crate) fn load_product(cx: &mut Cx<'_>, field: &str, id: ProductId) -> Result<ProductRecord> {
    cx.get::<ProductRecord>(&id)?.ok_or_else(|| {
        Error::invalid(
            field,
            Reason::InvalidId,
            format!("{field}: no product {id}"),
        )
    })
}

pub(super) fn load_location(
    cx: &mut Cx<'_>,
    field: &str,
    id: LocationId,
) -> Result<LocationRecord> {
    cx.get::<LocationRecord>(&id)?.ok_or_else(|| {
        Error::invalid(
            field,
            Reason::InvalidId,
            format!("{field}: no location {id}"),
        )
    })
}

/// A location stock may move into or out of now (not archived).
pub(crate) fn open_location(
    cx: &mut Cx<'_>,
    field: &str,
    id: LocationId,
) -> Result<LocationRecord> {
    let location = load_location(cx, field, id)?;
    if location.archived {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: {} is archived", location.name),
        ));
    }
    Ok(location)
}

/// A product whose stock is counted (not a service, not archived).
pub(super) fn stocked_product(
    cx: &mut Cx<'_>,
    field: &str,
    id: ProductId,
) -> Result<ProductRecord> {
    let product = load_product(cx, field, id)?;
    if !product.tracks_stock {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: {} is a service; it has no stock", product.name),
        ));
    }
    Ok(product)
}

/// Every category's path (`Drinks / Tea`) and parent, by id.
pub(super) fn category_paths(cx: &mut Cx<'_>) -> Result<HashMap<String, (String, Option<String>)>> {
    let rows = store::categories(cx.conn)?;
    let parents: HashMap<String, (String, Option<String>)> = rows
        .into_iter()
        .map(|(id, name, parent)| (id, (name, parent)))
        .collect();
    Ok(parents
        .keys()
        .map(|id| (id.clone(), (path_of(&parents, id), parents[id].1.clone())))
        .collect())
}

/// `A / B / C` by following parents (at most `DEPTH_MAX`, so a cycle two devices made offline
/// cannot loop).
fn path_of(parents: &HashMap<String, (String, Option<String>)>, id: &str) -> String {
    let mut names = Vec::new();
    let mut at = Some(id.to_string());
    while let Some(current) = at {
        let Some((name, parent)) = parents.get(&current) else {
            break;
        };
        names.push(name.clone());
        if names.len() > DEPTH_MAX {
            break;
        }
        at = parent.clone();
    }
    names.reverse();
    names.join(" / ")
}

pub(crate) fn product_view(cx: &mut Cx<'_>, record: &ProductRecord) -> Result<Product> {
    let category_name = match &record.category_id {
        Some(id) => cx.get::<CategoryRecord>(id)?.map(|c| c.name),
        None => None,
    };
    let on_hand = store::on_hand(cx.conn, record.id)?;
    Ok(Product {
        id: record.id,
        name: record.name.clone(),
        description: record.description.clone(),
        category_id: record.category_id,
        category_name,
        sku: record.sku.clone(),
        barcode: record.barcode.clone(),
        unit: record.unit.clone(),
        price: money::format(record.price),
        cost: sees_costs(cx).then(|| money::format(record.cost)),
        // No cost given (0): no margin to speak of, rather than all of the price.
        margin: (sees_costs(cx) && record.cost.is_positive())
            .then(|| money::format(record.price - record.cost)),
        margin_percent: (sees_costs(cx) && record.cost.is_positive() && record.price.is_positive())
            .then(|| {
                // One decimal, half away from zero: (price - cost) / price.
                let twice = i128::from((record.price - record.cost).minor()) * 2000
                    / i128::from(record.price.minor());
                let tenths = (twice + twice.signum()) / 2;
                format!(
                    "{}{}.{}",
                    if tenths < 0 { "-" } else { "" },
                    tenths.abs() / 10,
                    tenths.abs() % 10
                )
            }),
        tax_id: record.tax_id,
        tracks_stock: record.tracks_stock,
        archived: record.archived,
        suppliers: record
            .suppliers
            .iter()
            .map(|s| Supplier {
                name: s.name.clone(),
                contact: s.contact.clone(),
                lead_time_days: s.lead_time_days,
            })
            .collect(),
        on_hand: numbers::format_quantity(on_hand),
        created_at_ms: record.created_at_ms,
        updated_at_ms: record.updated_at_ms,
    })
}

fn products_list(cx: &mut Cx<'_>, query: ProductQuery) -> Result<ProductPage> {
    let search = validate::optional("search", query.search.as_deref(), NAME_CHARS_MAX)?;
    let categories = match query.category_id {
        Some(id) => {
            let root = id.to_string();
            let all = store::categories(cx.conn)?;
            // The category and every one under it.
            let mut ids = vec![root];
            let mut i = 0;
            while i < ids.len() && ids.len() < 10_000 {
                let parent = ids[i].clone();
                ids.extend(
                    all.iter()
                        .filter(|(_, _, p)| p.as_deref() == Some(parent.as_str()))
                        .map(|(id, _, _)| id.clone())
                        .filter(|id| !ids.contains(id))
                        .collect::<Vec<_>>(),
                );
                i += 1;
            }
            Some(ids)
        }
        None => None,
    };
    let limit = query.limit.unwrap_or(100).clamp(1, PAGE_MAX);
    let (ids, total) = store::product_ids(
        cx.conn,
        search.as_deref(),
        categories.as_deref(),
        query.include_archived.unwrap_or(false),
        limit,
        query.offset.unwrap_or(0),
    )?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        let record = load_product(cx, "id", id)?;
        items.push(product_view(cx, &record)?);
    }
    Ok(ProductPage { items, total })
}

fn product_get(
    cx: &mut Cx<'_>,
    input: crate::kernel::command::IdInput<ProductId>,
) -> Result<Product> {
    let record = load_product(cx, "id", input.id)?;
    product_view(cx, &record)
}

fn lookup(cx: &mut Cx<'_>, input: CodeInput) -> Result<Product> {
    let code = validate::required("code", &input.code, SKU_CHARS_MAX)?;
    let record = product_by_code(cx, "code", &code)?.ok_or_else(|| {
        Error::new(
            crate::kernel::error::ErrorCode::NotFound,
            format!("no product has the barcode or SKU {code}"),
        )
    })?;
    product_view(cx, &record)
}

/// The product a scanned or typed code names. After a clash made offline a code can name
/// several: an active one is taken over archived ones, and if several active ones remain the
/// code is refused (selling the wrong one silently is worse) until the clash is settled.
pub(crate) fn product_by_code(
    cx: &mut Cx<'_>,
    field: &str,
    code: &str,
) -> Result<Option<ProductRecord>> {
    let mut found = Vec::new();
    for id in store::by_code(cx.conn, code)? {
        found.push(load_product(cx, field, id)?);
    }
    if found.len() > 1 && found.iter().any(|p| !p.archived) {
        found.retain(|p| !p.archived);
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        n => Err(Error::conflict(format!(
            "{code} is the code of {n} products ({}), given on two devices offline: \
             give all but one another code under Inventory → Products",
            found
                .iter()
                .map(|p| format!("{} {}", p.sku, p.name))
                .collect::<Vec<_>>()
                .join(", ")
        ), format!(
            "{code} 是 {n} 个商品的编码（在两台离线设备上给出）：请在 库存 → 商品 中给其余商品换一个编码"
        ))),
    }
}

fn clashes(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<ProductClash>> {
    let mut out = Vec::new();
    for row in store::clashes(cx.conn)? {
        let mut products = Vec::with_capacity(row.product_ids.len());
        // (active, holds stock, on hand): the largest is kept; `max_by_key` takes the last of
        // equals, so the list is walked from its end to keep the first.
        let mut keep = Vec::with_capacity(row.product_ids.len());
        for id in &row.product_ids {
            let record = load_product(cx, "id", *id)?;
            let on_hand = store::on_hand(cx.conn, record.id)?;
            let active = !record.archived;
            let rank = (
                active,
                active && record.tracks_stock,
                if active { on_hand } else { 0 },
            );
            keep.push((rank, record.id));
            products.push(product_view(cx, &record)?);
        }
        let keep_id = keep
            .iter()
            .rev()
            .max_by_key(|(rank, _)| *rank)
            .map(|(_, id)| *id)
            .ok_or_else(|| Error::internal("a clash lists its products"))?;
        out.push(ProductClash {
            field: row.field.to_string(),
            code: row.code,
            products,
            keep_id,
        });
    }
    Ok(out)
}

fn category_ref(
    cx: &mut Cx<'_>,
    field: &str,
    id: Option<CategoryId>,
) -> Result<Option<CategoryId>> {
    match id {
        None => Ok(None),
        Some(parsed) => {
            if cx.get::<CategoryRecord>(&parsed)?.is_none() {
                return Err(Error::invalid(
                    field,
                    Reason::InvalidId,
                    format!("{field}: no category {parsed}"),
                ));
            }
            Ok(Some(parsed))
        }
    }
}

fn tax_ref(cx: &mut Cx<'_>, id: Option<TaxId>) -> Result<Option<TaxId>> {
    match id {
        None => Ok(None),
        Some(parsed) => {
            if cx
                .get::<crate::ledger::model::TaxRecord>(&parsed)?
                .is_none()
            {
                return Err(Error::invalid(
                    "tax_id",
                    Reason::InvalidId,
                    format!("tax_id: no tax {parsed}"),
                ));
            }
            Ok(Some(parsed))
        }
    }
}

fn suppliers_of(input: &[Supplier]) -> Result<Vec<SupplierRecord>> {
    if input.len() > SUPPLIERS_MAX {
        return Err(Error::invalid(
            "suppliers",
            Reason::TooMany,
            format!("suppliers: at most {SUPPLIERS_MAX}"),
        ));
    }
    input
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let field = |name: &str| format!("suppliers[{i}].{name}");
            if !(0..=365).contains(&s.lead_time_days) {
                return Err(Error::invalid(
                    &field("lead_time_days"),
                    Reason::OutOfRange,
                    format!("{}: 0 to 365 days", field("lead_time_days")),
                ));
            }
            Ok(SupplierRecord {
                name: validate::required(&field("name"), &s.name, NAME_CHARS_MAX)?,
                contact: validate::optional(&field("contact"), Some(&s.contact), NAME_CHARS_MAX)?
                    .unwrap_or_default(),
                lead_time_days: s.lead_time_days,
            })
        })
        .collect()
}

/// A new SKU for a product (`own`, or a new one): well formed and no other product's. A
/// product keeps the SKU it has even while it clashes with another's after sync, so it can
/// still be edited.
fn check_sku(cx: &mut Cx<'_>, sku: &str, own: Option<&ProductRecord>) -> Result<()> {
    if own.is_some_and(|p| p.sku.to_lowercase() == sku.to_lowercase()) {
        return Ok(());
    }
    if !sku
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        return Err(Error::invalid(
            "sku",
            Reason::InvalidValue,
            "sku: letters, digits and - _ . / (no spaces)",
        ));
    }
    let own_id = own.map(|p| p.id.to_string());
    if store::sku_owner(cx.conn, sku, own_id.as_deref())?.is_some() {
        return Err(Error::invalid(
            "sku",
            Reason::InvalidValue,
            format!("sku {sku} belongs to another product"),
        ));
    }
    Ok(())
}

/// A new barcode for a product, checked like [`check_sku`].
fn check_barcode(cx: &mut Cx<'_>, text: &str, own: Option<&ProductRecord>) -> Result<String> {
    let code = barcode::validate("barcode", text)?;
    if code.is_empty() || own.is_some_and(|p| p.barcode == code) {
        return Ok(code);
    }
    let own_id = own.map(|p| p.id.to_string());
    if store::barcode_owner(cx.conn, &code, own_id.as_deref())?.is_some() {
        return Err(Error::invalid(
            "barcode",
            Reason::InvalidValue,
            format!("barcode {code} belongs to another product"),
        ));
    }
    Ok(code)
}

/// A SKU made from the product's id: unique without asking.
pub(super) fn generated_sku(id: ProductId) -> String {
    let simple = id.as_uuid().simple().to_string();
    format!("P-{}", simple[simple.len() - 8..].to_ascii_uppercase())
}

fn cost_field(cx: &Cx<'_>, text: Option<&str>) -> Result<Option<crate::kernel::amount::Amount>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => {
            if !sees_costs(cx) {
                return Err(Error::invalid(
                    "cost",
                    Reason::InvalidValue,
                    "cost: only owners and accountants see and set cost prices",
                ));
            }
            Ok(Some(crate::kernel::amount::Amount::new(money::parse(
                "cost", text, false,
            )?)))
        }
    }
}

fn product_create(cx: &mut Cx<'_>, input: ProductInput) -> Result<Product> {
    let id = ProductId::new();
    // Every field at once: the answer names each refused one.
    let mut checks = Checks::default();
    let name = checks.field(validate::required("name", &input.name, NAME_CHARS_MAX));
    let sku = checks
        .field(validate::optional(
            "sku",
            input.sku.as_deref(),
            SKU_CHARS_MAX,
        ))
        .map(|sku| sku.unwrap_or_else(|| generated_sku(id)));
    if let Some(sku) = &sku {
        checks.field(check_sku(cx, sku, None));
    }
    let barcode = checks.field(check_barcode(
        cx,
        input.barcode.as_deref().unwrap_or(""),
        None,
    ));
    let category_id = checks.field(category_ref(cx, "category_id", input.category_id));
    let tax_id = checks.field(tax_ref(cx, input.tax_id));
    let cost = checks.field(cost_field(cx, input.cost.as_deref()));
    let description = checks.field(validate::multiline(
        "description",
        input.description.as_deref().unwrap_or(""),
        DESCRIPTION_CHARS_MAX,
        false,
    ));
    let unit = checks.field(validate::optional(
        "unit",
        input.unit.as_deref(),
        UNIT_CHARS_MAX,
    ));
    let price = checks.field(money::parse("price", &input.price, false));
    let suppliers = checks.field(suppliers_of(input.suppliers.as_deref().unwrap_or(&[])));
    checks.done()?;
    let record = ProductRecord {
        id,
        name: name.unwrap_or_default(),
        description: description.unwrap_or_default(),
        category_id: category_id.flatten(),
        sku: sku.unwrap_or_default(),
        barcode: barcode.unwrap_or_default(),
        unit: unit.flatten().unwrap_or_else(|| "pcs".to_string()),
        price: crate::kernel::amount::Amount::new(price.unwrap_or_default()),
        cost: cost
            .flatten()
            .unwrap_or(crate::kernel::amount::Amount::ZERO),
        tax_id: tax_id.flatten(),
        tracks_stock: input.tracks_stock.unwrap_or(true),
        archived: false,
        suppliers: suppliers.unwrap_or_default(),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("added product {} ({})", record.name, record.sku),
            format!("新增商品 {}（{}）", record.name, record.sku),
        ),
    );
    product_view(cx, &record)
}

fn product_update(cx: &mut Cx<'_>, patch: ProductPatch) -> Result<Product> {
    let mut record = load_product(cx, "id", patch.id)?;
    // What changed, in English and in Chinese.
    let mut changed: Vec<(String, String)> = Vec::new();
    if let Some(name) = &patch.name {
        record.name = validate::required("name", name, NAME_CHARS_MAX)?;
        changed.push(("name".into(), "名称".into()));
    }
    if let Some(description) = &patch.description {
        record.description =
            validate::multiline("description", description, DESCRIPTION_CHARS_MAX, false)?;
        changed.push(("description".into(), "描述".into()));
    }
    if let Some(category) = patch.category_id {
        record.category_id = category_ref(cx, "category_id", category)?;
        changed.push(("category".into(), "分类".into()));
    }
    if let Some(sku) = &patch.sku {
        let sku = validate::required("sku", sku, SKU_CHARS_MAX)?;
        check_sku(cx, &sku, Some(&record))?;
        record.sku = sku;
        changed.push(("SKU".into(), "SKU".into()));
    }
    if let Some(barcode) = &patch.barcode {
        record.barcode = check_barcode(cx, barcode, Some(&record))?;
        changed.push(("barcode".into(), "条码".into()));
    }
    if let Some(unit) = &patch.unit {
        record.unit = validate::required("unit", unit, UNIT_CHARS_MAX)?;
        changed.push(("unit".into(), "单位".into()));
    }
    if let Some(price) = &patch.price {
        let price = crate::kernel::amount::Amount::new(money::parse("price", price, false)?);
        if price != record.price {
            let before = crate::ledger::books::shown(cx, record.price);
            let after = crate::ledger::books::shown(cx, price);
            changed.push((
                format!("price {before} → {after}"),
                format!("售价 {before} → {after}"),
            ));
            record.price = price;
        }
    }
    if let Some(cost) = cost_field(cx, patch.cost.as_deref())? {
        record.cost = cost;
        changed.push(("cost".into(), "成本价".into()));
    }
    if let Some(tax) = patch.tax_id {
        record.tax_id = tax_ref(cx, tax)?;
        changed.push(("tax".into(), "税种".into()));
    }
    if let Some(suppliers) = &patch.suppliers {
        record.suppliers = suppliers_of(suppliers)?;
        changed.push(("suppliers".into(), "供应商".into()));
    }
    if let Some(archived) = patch.archived {
        if archived != record.archived {
            record.archived = archived;
            if archived {
                changed.push(("archived".into(), "归档".into()));
            } else {
                changed.push(("restored".into(), "恢复".into()));
            }
        }
    }
    if changed.is_empty() {
        return product_view(cx, &record);
    }
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    let (en, zh): (Vec<String>, Vec<String>) = changed.into_iter().unzip();
    cx.record_change(
        record.id,
        Summary::both(
            format!("changed product {}: {}", record.name, en.join(", ")),
            format!("修改商品 {}：{}", record.name, zh.join("、")),
        ),
    );
    product_view(cx, &record)
}

fn categories_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<Category>> {
    let paths = category_paths(cx)?;
    let mut out: Vec<Category> = store::categories(cx.conn)?
        .into_iter()
        .map(|(id, name, _)| {
            let (path, parent) = paths.get(&id).cloned().unwrap_or_default();
            Ok(Category {
                id: CategoryId::parse("id", &id)?,
                name,
                parent_id: parent
                    .map(|p| CategoryId::parse("parent_id", &p))
                    .transpose()?,
                path,
            })
        })
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// How deep `parent` sits (1 for a root), refusing a parent that does not exist.
fn depth<T>(
    cx: &mut Cx<'_>,
    field: &str,
    parent: Option<T::Id>,
    parent_of: impl Fn(&T) -> Option<T::Id>,
) -> Result<usize>
where
    T: crate::kernel::store::docs::Record,
{
    let mut depth = 0;
    let mut at = parent;
    while let Some(id) = at {
        let record = cx.get::<T>(&id)?.ok_or_else(|| {
            Error::invalid(field, Reason::InvalidId, format!("{field}: no such {id}"))
        })?;
        depth += 1;
        if depth > DEPTH_MAX {
            break;
        }
        at = parent_of(&record);
    }
    Ok(depth)
}

fn category_create(cx: &mut Cx<'_>, input: CategoryInput) -> Result<Category> {
    let name = validate::required("name", &input.name, NAME_CHARS_MAX)?;
    let parent_id = category_ref(cx, "parent_id", input.parent_id)?;
    let levels = depth::<CategoryRecord>(cx, "parent_id", parent_id, |c| c.parent_id)?;
    if levels >= DEPTH_MAX {
        return Err(Error::invalid(
            "parent_id",
            Reason::OutOfRange,
            format!("parent_id: categories nest at most {DEPTH_MAX} deep"),
        ));
    }
    // Two "Green tea" under one parent cannot be told apart; under two parents they can.
    let siblings = validate::names_of(
        cx.conn,
        "SELECT id, name FROM inventory_categories WHERE parent_id IS ?1",
        [parent_id.map(|p| p.to_string())],
    )?;
    validate::unique_name(&name, None, siblings, ("category", "分类"))?;
    let record = CategoryRecord {
        id: CategoryId::new(),
        name,
        parent_id,
        created_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("added category {}", record.name),
            format!("新增商品分类 {}", record.name),
        ),
    );
    let path = category_paths(cx)?
        .remove(&record.id.to_string())
        .map(|(path, _)| path)
        .unwrap_or_default();
    Ok(Category {
        id: record.id,
        name: record.name,
        parent_id: record.parent_id,
        path,
    })
}

fn location_view(
    parents: &HashMap<String, (String, Option<String>)>,
    record: &LocationRecord,
) -> Location {
    Location {
        id: record.id,
        name: record.name.clone(),
        parent_id: record.parent_id,
        path: path_of(parents, &record.id.to_string()),
        archived: record.archived,
    }
}

fn location_parents(cx: &Cx<'_>) -> Result<HashMap<String, (String, Option<String>)>> {
    Ok(store::locations(cx.conn)?
        .into_iter()
        .map(|(id, name, parent, _)| (id, (name, parent)))
        .collect())
}

fn locations_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<Location>> {
    let parents = location_parents(cx)?;
    let mut out: Vec<Location> = store::locations(cx.conn)?
        .into_iter()
        .map(|(id, name, parent, archived)| {
            Ok(Location {
                path: path_of(&parents, &id),
                id: LocationId::parse("id", &id)?,
                name,
                parent_id: parent
                    .map(|p| LocationId::parse("parent_id", &p))
                    .transpose()?,
                archived,
            })
        })
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The location a new one sits in, if any: there, and not nested too deep to hold another.
fn location_parent(cx: &mut Cx<'_>, id: Option<LocationId>) -> Result<Option<LocationId>> {
    let parent_id = match id {
        Some(id) => Some(load_location(cx, "parent_id", id)?.id),
        None => None,
    };
    let levels = depth::<LocationRecord>(cx, "parent_id", parent_id, |l| l.parent_id)?;
    if levels >= DEPTH_MAX {
        return Err(Error::invalid(
            "parent_id",
            Reason::OutOfRange,
            format!("parent_id: locations nest at most {DEPTH_MAX} deep"),
        ));
    }
    Ok(parent_id)
}

fn location_create(cx: &mut Cx<'_>, input: LocationInput) -> Result<Location> {
    // Both fields at once: the answer names each refused one.
    let mut checks = Checks::default();
    let name = checks.field(validate::required("name", &input.name, NAME_CHARS_MAX));
    let parent_id = checks.field(location_parent(cx, input.parent_id));
    checks.done()?;
    let (Some(name), Some(parent_id)) = (name, parent_id) else {
        return Err(Error::internal(
            "a location field passed its check without a value",
        ));
    };
    validate::unique_name(&name, None, open_location_names(cx)?, ("location", "库位"))?;
    let record = LocationRecord {
        id: LocationId::new(),
        name,
        parent_id,
        archived: false,
        created_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("added location {}", record.name),
            format!("新增库位 {}", record.name),
        ),
    );
    let parents = location_parents(cx)?;
    Ok(location_view(&parents, &record))
}

/// The names of the locations in use (an archived one's name may be used again).
fn open_location_names(cx: &Cx<'_>) -> Result<Vec<(String, String)>> {
    validate::names_of(
        cx.conn,
        "SELECT id, name FROM inventory_locations WHERE archived = 0",
        [],
    )
}

fn location_update(cx: &mut Cx<'_>, patch: LocationPatch) -> Result<Location> {
    let mut record = load_location(cx, "id", patch.id)?;
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        record.name = validate::required("name", name, NAME_CHARS_MAX)?;
        validate::unique_name(
            &record.name,
            Some(&record.id.to_string()),
            open_location_names(cx)?,
            ("location", "库位"),
        )?;
        changed.push(("renamed", "改名"));
    }
    if let Some(archived) = patch.archived {
        if archived != record.archived {
            record.archived = archived;
            changed.push(if archived {
                ("archived", "归档")
            } else {
                ("restored", "恢复")
            });
        }
    }
    if !changed.is_empty() {
        cx.put(&record)?;
        let (en, zh): (Vec<&str>, Vec<&str>) = changed.into_iter().unzip();
        cx.record_change(
            record.id,
            Summary::both(
                format!("{} location {}", en.join(", "), record.name),
                format!("库位 {}：{}", record.name, zh.join("、")),
            ),
        );
    }
    let parents = location_parents(cx)?;
    Ok(location_view(&parents, &record))
}

fn threshold_set(cx: &mut Cx<'_>, input: ThresholdInput) -> Result<StockLevel> {
    let product = stocked_product(cx, "product_id", input.product_id)?;
    let location = load_location(cx, "location_id", input.location_id)?;
    let minimum = count("minimum", &input.minimum)?;
    let optional = |field: &str, text: &Option<String>| -> Result<Option<i64>> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(text) => numbers::quantity(field, text).map(Some),
        }
    };
    let reorder_quantity = optional("reorder_quantity", &input.reorder_quantity)?;
    let maximum = optional("maximum", &input.maximum)?;
    if let Some(maximum) = maximum {
        if maximum < minimum {
            return Err(Error::invalid(
                "maximum",
                Reason::OutOfRange,
                "maximum: at least the minimum",
            ));
        }
    }
    // One threshold per product and location on every device: its id is derived from both.
    let record = ThresholdRecord {
        id: ThresholdId::derived(
            "stock-threshold",
            &format!("{}:{}", product.id, location.id),
        ),
        product_id: product.id,
        location_id: location.id,
        minimum,
        reorder_quantity,
        maximum,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    let minimum = numbers::format_quantity(minimum);
    cx.record_change(
        product.id,
        Summary::both(
            format!(
                "set the minimum of {} at {} to {minimum}",
                product.name, location.name
            ),
            format!(
                "{} 在 {} 的最低库存设为 {minimum}",
                product.name, location.name
            ),
        ),
    );
    super::stock::levels_of(cx, Some(product.id), Some(location.id))?
        .into_iter()
        .next()
        .ok_or_else(|| Error::internal("the threshold was not projected"))
}
