//! Inventory's projection tables: products, categories, locations, movements, and stock per
//! product and location kept beside the movements (a sum that moves with each movement, so
//! "how many are here" reads one row instead of every movement).

use rusqlite::{params, Connection, OptionalExtension};

use super::model::*;
use crate::kernel::error::Result;
use crate::kernel::ids::ProductId;
use crate::kernel::store::docs::{project_doc, Projection, Record};
use crate::kernel::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    reproject: &[(1, &[ProductRecord::KIND])],
    area: "inventory",
    steps: &[
        "CREATE TABLE inventory_products (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_lc TEXT NOT NULL,
        sku TEXT NOT NULL,
        sku_lc TEXT NOT NULL,
        barcode TEXT NOT NULL,
        category_id TEXT,
        unit TEXT NOT NULL,
        price INTEGER NOT NULL,
        cost INTEGER NOT NULL,
        tracks_stock INTEGER NOT NULL,
        archived INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX inventory_products_sku ON inventory_products (sku_lc);
    CREATE INDEX inventory_products_barcode ON inventory_products (barcode);
    CREATE INDEX inventory_products_name ON inventory_products (name_lc, id);
    CREATE TABLE inventory_categories (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id TEXT
    );
    CREATE TABLE inventory_locations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id TEXT,
        archived INTEGER NOT NULL
    );
    CREATE TABLE inventory_movements (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL,
        location_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        unit_cost INTEGER NOT NULL,
        date TEXT NOT NULL,
        ref_id TEXT,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX inventory_movements_product ON inventory_movements
        (product_id, date, created_at_ms, id);
    CREATE INDEX inventory_movements_date ON inventory_movements (date, created_at_ms);
    CREATE INDEX inventory_movements_ref ON inventory_movements (ref_id, product_id);
    CREATE TABLE inventory_stock (
        product_id TEXT NOT NULL,
        location_id TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        PRIMARY KEY (product_id, location_id)
    ) WITHOUT ROWID;
    CREATE INDEX inventory_stock_location ON inventory_stock (location_id, product_id);
    CREATE TABLE inventory_thresholds (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL,
        location_id TEXT NOT NULL,
        minimum INTEGER NOT NULL,
        reorder_quantity INTEGER,
        maximum INTEGER
    );
    CREATE INDEX inventory_thresholds_product ON inventory_thresholds (product_id, location_id);
    CREATE TABLE inventory_orders (
        id TEXT PRIMARY KEY,
        supplier TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX inventory_orders_date ON inventory_orders (date, created_at_ms);",
        // Each product's suppliers, to suggest them on purchase orders. Added after the first
        // release: existing company files get it filled from the products' documents.
        "CREATE TABLE inventory_product_suppliers (
        product_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        name_lc TEXT NOT NULL,
        contact TEXT NOT NULL,
        lead_time_days INTEGER NOT NULL,
        PRIMARY KEY (product_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX inventory_product_suppliers_name ON inventory_product_suppliers (name_lc);",
        // The running moving-average cost: each movement keeps the product's stock, value and
        // last unit cost after it (in date, time, id order), so a valuation reads one row per
        // product and a new movement's cost does not replay all before it. A movement that
        // lands before others (backdated, or synced in late) marks its product stale from
        // there; the next reader replays only from that point. Existing files start stale.
        "ALTER TABLE inventory_movements ADD COLUMN run_qty INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE inventory_movements ADD COLUMN run_value INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE inventory_movements ADD COLUMN run_unit INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE inventory_cost_stale (
        product_id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        id TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO inventory_cost_stale (product_id, date, created_at_ms, id)
        SELECT product_id, '', 0, '' FROM inventory_movements GROUP BY product_id;",
    ],
};

pub fn projections() -> Vec<Projection> {
    vec![
        Projection {
            kind: ProductRecord::KIND,
            tables: &["inventory_product_suppliers", "inventory_products"],
            project: project_doc::<ProductRecord>,
            settle: None,
        },
        Projection {
            kind: CategoryRecord::KIND,
            tables: &["inventory_categories"],
            project: project_doc::<CategoryRecord>,
            settle: None,
        },
        Projection {
            kind: LocationRecord::KIND,
            tables: &["inventory_locations"],
            project: project_doc::<LocationRecord>,
            settle: None,
        },
        Projection {
            kind: MovementRecord::KIND,
            tables: &[
                "inventory_cost_stale",
                "inventory_stock",
                "inventory_movements",
            ],
            project: project_doc::<MovementRecord>,
            settle: Some(super::stock::settle_all),
        },
        Projection {
            kind: ThresholdRecord::KIND,
            tables: &["inventory_thresholds"],
            project: project_doc::<ThresholdRecord>,
            settle: None,
        },
        Projection {
            kind: PurchaseOrderRecord::KIND,
            tables: &["inventory_orders"],
            project: project_doc::<PurchaseOrderRecord>,
            settle: None,
        },
    ]
}

impl Record for ProductRecord {
    const KIND: &'static str = "product";
    type Id = crate::kernel::ids::ProductId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO inventory_products
                (id, name, name_lc, sku, sku_lc, barcode, category_id, unit, price, cost,
                 tracks_stock, archived, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            self.id,
            self.name,
            self.name.to_lowercase(),
            self.sku,
            self.sku.to_lowercase(),
            self.barcode,
            self.category_id,
            self.unit,
            self.price,
            self.cost,
            self.tracks_stock,
            self.archived,
            self.created_at_ms
        ])?;
        conn.prepare_cached("DELETE FROM inventory_product_suppliers WHERE product_id = ?1")?
            .execute([&self.id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO inventory_product_suppliers
                (product_id, position, name, name_lc, contact, lead_time_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, supplier) in self.suppliers.iter().enumerate() {
            insert.execute(params![
                self.id,
                position as i64,
                supplier.name,
                supplier.name.to_lowercase(),
                supplier.contact,
                supplier.lead_time_days
            ])?;
        }
        Ok(())
    }
}

impl Record for CategoryRecord {
    const KIND: &'static str = "product_category";
    type Id = crate::kernel::ids::CategoryId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO inventory_categories (id, name, parent_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![self.id, self.name, self.parent_id])?;
        Ok(())
    }
}

impl Record for LocationRecord {
    const KIND: &'static str = "stock_location";
    type Id = crate::kernel::ids::LocationId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO inventory_locations (id, name, parent_id, archived)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![self.id, self.name, self.parent_id, self.archived])?;
        Ok(())
    }
}

fn add_stock(conn: &Connection, product: &str, location: &str, quantity: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inventory_stock (product_id, location_id, quantity) VALUES (?1, ?2, ?3)
         ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = quantity + excluded.quantity",
    )?
    .execute(params![product, location, quantity])?;
    Ok(())
}

impl Record for MovementRecord {
    const KIND: &'static str = "stock_movement";
    type Id = crate::kernel::ids::MovementId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        // Projected again (a rebuild of one document, a repeated delivery): the stock sum
        // takes the difference, never the movement twice.
        let before: Option<(String, String, i64)> = conn
            .prepare_cached(
                "SELECT product_id, location_id, quantity FROM inventory_movements WHERE id = ?1",
            )?
            .query_row([self.id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((product, location, quantity)) = before {
            add_stock(conn, &product, &location, -quantity)?;
            // Where it was in its product's order (the same, bar a changed date): stale from there.
            conn.prepare_cached(
                "INSERT INTO inventory_cost_stale (product_id, date, created_at_ms, id)
                 SELECT product_id, date, created_at_ms, id FROM inventory_movements WHERE id = ?1
                 ON CONFLICT (product_id) DO UPDATE SET
                    date = excluded.date, created_at_ms = excluded.created_at_ms, id = excluded.id
                 WHERE (excluded.date, excluded.created_at_ms, excluded.id)
                     < (inventory_cost_stale.date, inventory_cost_stale.created_at_ms,
                        inventory_cost_stale.id)",
            )?
            .execute([self.id.to_string()])?;
        }
        conn.prepare_cached(
            "INSERT OR REPLACE INTO inventory_movements
                (id, product_id, location_id, kind, quantity, unit_cost, date, ref_id, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            self.id,
            self.product_id,
            self.location_id,
            self.kind,
            self.quantity,
            self.unit_cost,
            self.date,
            self.ref_id,
            self.created_at_ms
        ])?;
        add_stock(
            conn,
            &self.product_id.to_string(),
            &self.location_id.to_string(),
            self.quantity,
        )?;
        mark_stale(
            conn,
            &self.product_id.to_string(),
            (&self.date, self.created_at_ms, &self.id.to_string()),
        )
    }
}

/// A place in a product's movements: date, time, id — the order the running cost is kept in.
pub type Place<'a> = (&'a str, i64, &'a str);

/// Marks a product's running cost stale from a place on (kept if it is stale from earlier).
fn mark_stale(conn: &Connection, product: &str, (date, at_ms, id): Place<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inventory_cost_stale (product_id, date, created_at_ms, id)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (product_id) DO UPDATE SET
            date = excluded.date, created_at_ms = excluded.created_at_ms, id = excluded.id
         WHERE (excluded.date, excluded.created_at_ms, excluded.id)
             < (inventory_cost_stale.date, inventory_cost_stale.created_at_ms,
                inventory_cost_stale.id)",
    )?
    .execute(params![product, date, at_ms, id])?;
    Ok(())
}

/// The running state after one movement: stock, value, last unit cost (see
/// [`super::stock::Running`]).
pub type RunState = (i64, i64, i64);

/// Products whose running cost is stale.
pub fn stale_products(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT product_id FROM inventory_cost_stale ORDER BY product_id")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// Where a product's running cost went stale from (date, time, id), if it is stale.
pub fn stale_from(conn: &Connection, product: &str) -> Result<Option<(String, i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT date, created_at_ms, id FROM inventory_cost_stale WHERE product_id = ?1",
        )?
        .query_row([product], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// The running state just before a place in a product's movements (nothing before: zeros).
pub fn run_state_before(conn: &Connection, product: &str, place: Place<'_>) -> Result<RunState> {
    let (date, at_ms, id) = place;
    Ok(conn
        .prepare_cached(
            "SELECT run_qty, run_value, run_unit FROM inventory_movements
             WHERE product_id = ?1 AND (date, created_at_ms, id) < (?2, ?3, ?4)
             ORDER BY date DESC, created_at_ms DESC, id DESC LIMIT 1",
        )?
        .query_row(params![product, date, at_ms, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .unwrap_or((0, 0, 0)))
}

/// A product's movements from a place on, in order: id, quantity, unit cost, kind.
pub fn movements_from(
    conn: &Connection,
    product: &str,
    place: Place<'_>,
) -> Result<Vec<(String, i64, i64, String)>> {
    let (date, at_ms, id) = place;
    let mut stmt = conn.prepare_cached(
        "SELECT id, quantity, unit_cost, kind FROM inventory_movements
         WHERE product_id = ?1 AND (date, created_at_ms, id) >= (?2, ?3, ?4)
         ORDER BY date, created_at_ms, id",
    )?;
    let rows = stmt
        .query_map(params![product, date, at_ms, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_run_state(
    conn: &Connection,
    movement: &str,
    (qty, value, unit): RunState,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE inventory_movements SET run_qty = ?2, run_value = ?3, run_unit = ?4 WHERE id = ?1",
    )?
    .execute(params![movement, qty, value, unit])?;
    Ok(())
}

pub fn clear_stale(conn: &Connection, product: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM inventory_cost_stale WHERE product_id = ?1")?
        .execute([product])?;
    Ok(())
}

/// A product's running state on a day (after its last movement dated then or before). Only
/// right once the product is not stale.
pub fn run_state_on(conn: &Connection, product: &str, through: &str) -> Result<RunState> {
    Ok(conn
        .prepare_cached(
            "SELECT run_qty, run_value, run_unit FROM inventory_movements
             WHERE product_id = ?1 AND date <= ?2
             ORDER BY date DESC, created_at_ms DESC, id DESC LIMIT 1",
        )?
        .query_row(params![product, through], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .unwrap_or((0, 0, 0)))
}

impl Record for ThresholdRecord {
    const KIND: &'static str = "stock_threshold";
    type Id = crate::kernel::ids::ThresholdId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO inventory_thresholds
                (id, product_id, location_id, minimum, reorder_quantity, maximum)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            self.id,
            self.product_id,
            self.location_id,
            self.minimum,
            self.reorder_quantity,
            self.maximum
        ])?;
        Ok(())
    }
}

impl Record for PurchaseOrderRecord {
    const KIND: &'static str = "purchase_order";
    type Id = crate::kernel::ids::PurchaseOrderId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO inventory_orders (id, supplier, date, status, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            self.id,
            self.supplier,
            self.date,
            self.status,
            self.created_at_ms
        ])?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Queries

/// A product other than `except` that has this SKU (case-insensitive).
pub fn sku_owner(conn: &Connection, sku: &str, except: Option<&str>) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM inventory_products WHERE sku_lc = ?1 AND (?2 IS NULL OR id != ?2)
             ORDER BY id LIMIT 1",
        )?
        .query_row(params![sku.to_lowercase(), except], |r| r.get(0))
        .optional()?)
}

/// A product other than `except` that has this barcode.
pub fn barcode_owner(
    conn: &Connection,
    barcode: &str,
    except: Option<&str>,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM inventory_products WHERE barcode = ?1 AND (?2 IS NULL OR id != ?2)
             ORDER BY id LIMIT 1",
        )?
        .query_row(params![barcode, except], |r| r.get(0))
        .optional()?)
}

/// Every product with this SKU (case-insensitive): one, unless two devices offline gave it
/// to two products.
pub fn sku_owners(conn: &Connection, sku: &str) -> Result<Vec<ProductId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM inventory_products WHERE sku_lc = ?1 ORDER BY id")?;
    let ids = stmt
        .query_map([sku.to_lowercase()], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<ProductId>>>()?;
    Ok(ids)
}

fn barcode_owners(conn: &Connection, barcode: &str) -> Result<Vec<ProductId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM inventory_products WHERE barcode = ?1 ORDER BY id")?;
    let ids = stmt
        .query_map([barcode], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<ProductId>>>()?;
    Ok(ids)
}

/// The products a code names: those with it as their barcode, else those with it as their
/// SKU. More than one only after a clash made offline.
pub fn by_code(conn: &Connection, code: &str) -> Result<Vec<ProductId>> {
    let ids = barcode_owners(conn, code)?;
    if !ids.is_empty() {
        return Ok(ids);
    }
    sku_owners(conn, code)
}

/// A code (`sku` or `barcode`) that more than one product carries, with those products.
pub struct ClashRow {
    pub field: &'static str,
    pub code: String,
    pub product_ids: Vec<ProductId>,
}

/// SKUs and barcodes carried by more than one product. A device never allows that, but two
/// devices offline can each give one code to a product of their own.
pub fn clashes(conn: &Connection) -> Result<Vec<ClashRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 'sku', min(sku), group_concat(id, ' ') FROM inventory_products
             GROUP BY sku_lc HAVING count(*) > 1
         UNION ALL
         SELECT 'barcode', barcode, group_concat(id, ' ') FROM inventory_products
             WHERE barcode != '' GROUP BY barcode HAVING count(*) > 1
         ORDER BY 1 DESC, 2",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let field: String = r.get(0)?;
            let ids: String = r.get(2)?;
            let mut product_ids = ids
                .split(' ')
                .map(|id| {
                    id.parse::<ProductId>().map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            2,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })
                })
                .collect::<rusqlite::Result<Vec<ProductId>>>()?;
            product_ids.sort();
            Ok(ClashRow {
                field: if field == "sku" { "sku" } else { "barcode" },
                code: r.get(1)?,
                product_ids,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn categories(conn: &Connection) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, parent_id FROM inventory_categories")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A location row: id, name, parent and whether it is archived.
pub type LocationRow = (String, String, Option<String>, bool);

pub fn locations(conn: &Connection) -> Result<Vec<LocationRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, parent_id, archived FROM inventory_locations")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One page of product ids by name, and how many match.
pub fn product_ids(
    conn: &Connection,
    search: Option<&str>,
    categories: Option<&[String]>,
    include_archived: bool,
    limit: u64,
    offset: u64,
) -> Result<(Vec<ProductId>, u64)> {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if !include_archived {
        clauses.push("archived = 0".into());
    }
    if let Some(search) = search {
        let pattern = format!(
            "%{}%",
            search
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        clauses.push(
            "(name_lc LIKE ?1 ESCAPE '\\' OR sku_lc LIKE ?1 ESCAPE '\\' OR barcode LIKE ?1 ESCAPE '\\')"
                .into(),
        );
        values.push(pattern.into());
    }
    if let Some(categories) = categories {
        let first = values.len() + 1;
        let marks: Vec<String> = (0..categories.len())
            .map(|i| format!("?{}", first + i))
            .collect();
        clauses.push(format!("category_id IN ({})", marks.join(", ")));
        values.extend(categories.iter().map(|c| c.clone().into()));
    }
    let filter = clauses.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM inventory_products WHERE {filter}"),
        rusqlite::params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM inventory_products WHERE {filter} ORDER BY name_lc, id LIMIT {limit} OFFSET {offset}"
    ))?;
    let ids = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<ProductId>>>()?;
    Ok((ids, total as u64))
}

/// Stock of a product at every location together.
pub fn on_hand(conn: &Connection, product: ProductId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(quantity), 0) FROM inventory_stock WHERE product_id = ?1",
        )?
        .query_row([product], |r| r.get(0))?)
}

pub fn on_hand_at(
    conn: &Connection,
    product: ProductId,
    location: crate::kernel::ids::LocationId,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT quantity FROM inventory_stock WHERE product_id = ?1 AND location_id = ?2",
        )?
        .query_row(params![product, location], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// What the movements made for a document (an invoice and its credit notes) moved of a
/// product, in all: negative while more went out than came back.
pub fn moved_for(conn: &Connection, ref_id: &str, product: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(quantity), 0) FROM inventory_movements
             WHERE ref_id = ?1 AND product_id = ?2",
        )?
        .query_row([ref_id, product], |r| r.get(0))?)
}

/// Where a product has stock (or is short): location and quantity.
pub fn stock_rows(conn: &Connection, product: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT location_id, quantity FROM inventory_stock
         WHERE product_id = ?1 AND quantity != 0 ORDER BY location_id",
    )?;
    let rows = stmt
        .query_map([product], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A stock row: product, location, on hand, and the threshold's minimum, reorder quantity and
/// maximum.
pub type LevelRow = (
    ProductId,
    crate::kernel::ids::LocationId,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// Stock levels (every product and location with stock or a threshold), for one product, one
/// location, or all. Each filter is its own query so that it uses its index.
pub fn levels(
    conn: &Connection,
    product: Option<ProductId>,
    location: Option<crate::kernel::ids::LocationId>,
) -> Result<Vec<LevelRow>> {
    let filter = match (product, location) {
        (Some(_), Some(_)) => "product_id = ?1 AND location_id = ?2",
        (Some(_), None) => "product_id = ?1 AND ?2 IS NULL",
        (None, Some(_)) => "?1 IS NULL AND location_id = ?2",
        (None, None) => "?1 IS NULL AND ?2 IS NULL",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT k.product_id, k.location_id, coalesce(s.quantity, 0), t.minimum,
                t.reorder_quantity, t.maximum
         FROM (SELECT product_id, location_id FROM inventory_stock WHERE {filter}
               UNION SELECT product_id, location_id FROM inventory_thresholds WHERE {filter}) k
         LEFT JOIN inventory_stock s
             ON s.product_id = k.product_id AND s.location_id = k.location_id
         LEFT JOIN inventory_thresholds t
             ON t.product_id = k.product_id AND t.location_id = k.location_id"
    ))?;
    let rows = stmt
        .query_map(params![product, location], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Movement ids, newest first.
pub fn movement_ids(
    conn: &Connection,
    product: Option<&str>,
    location: Option<&str>,
    from: &str,
    to: &str,
    limit: u64,
) -> Result<Vec<crate::kernel::ids::MovementId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM inventory_movements
         WHERE date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR product_id = ?3)
           AND (?4 IS NULL OR location_id = ?4)
         ORDER BY date DESC, created_at_ms DESC, id DESC LIMIT ?5",
    )?;
    let ids = stmt
        .query_map(params![from, to, product, location, limit as i64], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// A product's movements up to a day, in the order costs are averaged: (quantity, unit cost,
/// kind).
pub fn cost_history(
    conn: &Connection,
    product: &str,
    through: &str,
) -> Result<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT quantity, unit_cost, kind FROM inventory_movements
         WHERE product_id = ?1 AND date <= ?2
         ORDER BY date, created_at_ms, id",
    )?;
    let rows = stmt
        .query_map(params![product, through], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Products that have movements.
pub fn stocked_products(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT s.product_id FROM inventory_stock s
         JOIN inventory_products p ON p.id = s.product_id ORDER BY p.name_lc, p.id",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// How much of each product an order's receipts brought in.
pub fn received(conn: &Connection, order: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, sum(quantity) FROM inventory_movements
         WHERE ref_id = ?1 AND kind = 'receipt' GROUP BY product_id",
    )?;
    let rows = stmt
        .query_map([order], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn order_ids(
    conn: &Connection,
    status: Option<OrderState>,
) -> Result<Vec<crate::kernel::ids::PurchaseOrderId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM inventory_orders WHERE (?1 IS NULL OR status = ?1)
         ORDER BY date DESC, created_at_ms DESC",
    )?;
    let ids = stmt
        .query_map([status], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// The first open top-level location (the one made first): where sales leave from by default.
pub fn first_location(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM inventory_locations WHERE archived = 0 AND parent_id IS NULL
             ORDER BY id LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Stocked products with stock on hand and the last day each sold (if ever).
pub fn last_sales(conn: &Connection) -> Result<Vec<(ProductId, i64, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.product_id, s.on_hand,
                (SELECT max(date) FROM inventory_movements m
                 WHERE m.product_id = s.product_id AND m.kind = 'sale')
         FROM (SELECT product_id, sum(quantity) AS on_hand FROM inventory_stock
               GROUP BY product_id) s
         WHERE s.on_hand > 0",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Quantities moved per product and kind in a date range.
pub fn moved_by_kind(
    conn: &Connection,
    from: &str,
    to: &str,
) -> Result<Vec<(ProductId, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, kind, sum(quantity) FROM inventory_movements
         WHERE date BETWEEN ?1 AND ?2 GROUP BY product_id, kind",
    )?;
    let rows = stmt
        .query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Suppliers named on active products, most used first, grouped by name (any case); `search`
/// matches part of the name.
pub fn suppliers(conn: &Connection, search: Option<&str>) -> Result<Vec<SupplierSummary>> {
    let pattern = search.map(|search| {
        format!(
            "%{}%",
            search
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let mut stmt = conn.prepare_cached(
        "SELECT MIN(s.name), MAX(s.contact), COUNT(DISTINCT s.product_id), MIN(s.lead_time_days)
         FROM inventory_product_suppliers s
         JOIN inventory_products p ON p.id = s.product_id
         WHERE p.archived = 0 AND (?1 IS NULL OR s.name_lc LIKE ?1 ESCAPE '\\')
         GROUP BY s.name_lc
         ORDER BY COUNT(DISTINCT s.product_id) DESC, s.name_lc
         LIMIT 50",
    )?;
    let rows = stmt.query_map([pattern], |r| {
        Ok(SupplierSummary {
            name: r.get(0)?,
            contact: r.get(1)?,
            products: r.get::<_, i64>(2)? as u64,
            lead_time_days: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any product is in use (not archived): the start checklist's "first products".
pub fn has_products(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM inventory_products WHERE archived = 0)")?
        .query_row([], |r| r.get(0))?)
}

/// Whether opening stock was booked (a movement of kind `opening`).
pub fn has_opening_stock(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM inventory_movements WHERE kind = 'opening')")?
        .query_row([], |r| r.get(0))?)
}
