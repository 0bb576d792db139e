//! `cargo bench -p suanpan-core --bench inventory`: stock on hand at a million movements, the
//! full stock report by location, and importing 100,000 products from an Excel file; printed as
//! a table. Targets (2-core machine): one product's stock < 5 ms and the full by-location
//! report < 500 ms at 1M movements; a 100k-row XLSX import < 20 s with steady memory.
//! `SUANPAN_BENCH_MOVEMENTS` and `SUANPAN_BENCH_IMPORT_ROWS` change the counts.
//!
//! The million movements are seeded in SQL: copies of a real movement's document and rows under
//! new ids, spread over 2,000 products and 10 locations, with the stock table filled as the
//! projection keeps it. What is timed goes through the command table as the app calls it.

use std::time::{Duration, Instant};

mod common;

use base64::Engine;
use common::{ms, percentile};
use rusqlite::params;
use serde_json::json;
use suanpan_core::ids::MovementId;
use suanpan_core::Core;

const PRODUCTS: usize = 2_000;
const LOCATIONS: usize = 10;
const LOOKUPS: usize = 300;
const REPORT_RUNS: usize = 10;

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn open(dir: &std::path::Path) -> (Core, String) {
    let keychain = Box::leak(Box::new(suanpan_core::secrets::MemoryStore::default()));
    let mut core = Core::open(
        dir,
        Box::<suanpan_core::secrets::MemoryStore>::default(),
        suanpan_core::store::crypt::Unlock {
            keychain: Some(&*keychain),
            passphrase: None,
        },
    )
    .expect("open");
    let session = core
        .call(None, "setup.init", json!({"company_name": "Bench", "owner_name": "Owner", "owner_email": "o@example.com", "password": "bench-password"}))
        .expect("init");
    let token = session["token"].as_str().unwrap().to_string();
    (core, token)
}

fn main() {
    let count: usize = std::env::var("SUANPAN_BENCH_MOVEMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let import_rows: usize = std::env::var("SUANPAN_BENCH_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);

    // 1. Importing products from an Excel file, into an empty company.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["商品名称", "货号", "售价", "单位", "类别"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    for i in 0..import_rows {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, format!("商品 {i}")).unwrap();
        sheet.write_string(row, 1, format!("SKU-{i:06}")).unwrap();
        sheet
            .write_number(row, 2, 1.0 + (i % 997) as f64 / 4.0)
            .unwrap();
        sheet.write_string(row, 3, "个").unwrap();
        sheet
            .write_string(row, 4, format!("类别 {} / 子类 {}", i % 20, i % 7))
            .unwrap();
    }
    let xlsx = workbook.save_to_buffer().unwrap();
    let import_dir = tempfile::tempdir().expect("tempdir");
    let (mut core, token) = open(import_dir.path());
    let rss_before = peak_rss_mib();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&xlsx);
    let t = Instant::now();
    let preview = core
        .call(
            Some(&token),
            "inventory.products.import_preview",
            json!({"file_name": "products.xlsx", "base64": encoded}),
        )
        .expect("preview");
    let preview_took = t.elapsed();
    let t = Instant::now();
    let report = core
        .call(
            Some(&token),
            "inventory.products.import",
            json!({"file_name": "products.xlsx", "base64": encoded, "mapping": preview["mapping"]}),
        )
        .expect("import");
    let import_took = t.elapsed();
    let rss_after = peak_rss_mib();
    assert_eq!(report["created"], import_rows as u64);
    drop(core);

    // 2. Stock at a million movements.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut core, token) = open(dir.path());
    let call = |core: &mut Core, command: &str, input: serde_json::Value| {
        core.call(Some(&token), command, input)
            .unwrap_or_else(|e| panic!("{command}: {e:?}"))
    };
    let locations: Vec<String> = (0..LOCATIONS)
        .map(|i| {
            call(
                &mut core,
                "inventory.locations.create",
                json!({"name": format!("库位 {i}")}),
            )["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let products: Vec<String> = (0..PRODUCTS)
        .map(|i| {
            call(
                &mut core,
                "inventory.products.create",
                json!({"name": format!("商品 {i}"), "sku": format!("P-{i:05}"), "price": "10", "cost": "4"}),
            )["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let model = call(
        &mut core,
        "inventory.stock.movements.create",
        json!({"product_id": products[0], "location_id": locations[0], "kind": "receipt", "quantity": "5"}),
    );
    let started = Instant::now();
    {
        let conn = core.connection();
        let bytes: Vec<u8> = conn
            .query_row(
                "SELECT bytes FROM documents WHERE id = ?1",
                [model["id"].as_str().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch("BEGIN").unwrap();
        let mut doc = conn
            .prepare("INSERT INTO documents (id, kind, bytes, heads, updated_at_ms) VALUES (?1, 'stock_movement', ?2, '', 0)")
            .unwrap();
        let mut movement = conn
            .prepare(
                "INSERT INTO inventory_movements (id, product_id, location_id, kind, quantity, unit_cost, date, ref_id, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
            )
            .unwrap();
        for i in 0..count {
            let id = MovementId::new().to_string();
            let product = &products[i % PRODUCTS];
            let location = &locations[(i / PRODUCTS) % LOCATIONS];
            let (kind, quantity, cost) = match i % 4 {
                0 => ("receipt", 12_000, 400),
                3 => ("adjustment", -1_000, 0),
                _ => ("sale", -3_000, 0),
            };
            let date = format!("2026-{:02}-{:02}", 1 + (i / 50_000) % 12, 1 + i % 28);
            doc.execute(params![id, bytes]).unwrap();
            movement
                .execute(params![
                    id, product, location, kind, quantity, cost, date, i as i64
                ])
                .unwrap();
        }
        conn.execute_batch(
            "DELETE FROM inventory_stock;
             INSERT INTO inventory_stock (product_id, location_id, quantity)
                 SELECT product_id, location_id, sum(quantity) FROM inventory_movements
                 GROUP BY product_id, location_id;
             -- As a file of the release before the running cost: every product stale.
             INSERT INTO inventory_cost_stale (product_id, date, created_at_ms, id)
                 SELECT product_id, '', 0, '' FROM inventory_movements GROUP BY product_id;
             COMMIT; ANALYZE;",
        )
        .unwrap();
    }
    let seeded = started.elapsed();

    let mut one = Vec::with_capacity(LOOKUPS);
    for i in 0..LOOKUPS {
        let t = Instant::now();
        let levels = call(
            &mut core,
            "inventory.stock.levels",
            json!({"product_id": products[(i * 7) % PRODUCTS]}),
        );
        one.push(t.elapsed());
        assert!(!levels.as_array().unwrap().is_empty());
    }
    let mut one_product = Vec::with_capacity(LOOKUPS);
    for i in 0..LOOKUPS {
        let t = Instant::now();
        call(
            &mut core,
            "inventory.products.get",
            json!({"id": products[(i * 13) % PRODUCTS]}),
        );
        one_product.push(t.elapsed());
    }
    let mut full = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let t = Instant::now();
        let levels = call(&mut core, "inventory.stock.levels", json!({}));
        full.push(t.elapsed());
        assert_eq!(
            levels.as_array().unwrap().len(),
            PRODUCTS * LOCATIONS.min(count / PRODUCTS).max(1)
        );
    }
    let mut plain = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let t = Instant::now();
        let conn = core.connection();
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM (SELECT product_id, location_id, sum(quantity)
                 FROM inventory_movements GROUP BY product_id, location_id)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(rows > 0);
        plain.push(t.elapsed());
    }
    // What opening the upgraded file does once (Core::open): the running cost of every movement.
    let t = Instant::now();
    suanpan_core::store::docs::settle_derived(core.connection(), &suanpan_core::projections())
        .expect("settle");
    let settling = t.elapsed();
    let first = call(&mut core, "inventory.reports.valuation", json!({}));
    let mut valuations = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let t = Instant::now();
        let again = call(&mut core, "inventory.reports.valuation", json!({}));
        valuations.push(t.elapsed());
        assert_eq!(again["total"], first["total"]);
    }
    // A delivery booked in the ledger: its cost from the product's running cost (each product
    // has count / PRODUCTS movements before it).
    call(
        &mut core,
        "finances.setup",
        json!({"template": "prc_small_business"}),
    );
    let mut booked = Vec::with_capacity(LOOKUPS);
    for i in 0..LOOKUPS {
        let t = Instant::now();
        call(
            &mut core,
            "inventory.stock.movements.create",
            json!({"product_id": products[(i * 11) % PRODUCTS], "location_id": locations[0],
                   "kind": "receipt", "quantity": "3", "unit_cost": "4.10"}),
        );
        booked.push(t.elapsed());
    }

    let row = |what: &str, values: &mut Vec<Duration>, target: &str| {
        println!(
            "| {what} | {} | {} | {target} |",
            ms(percentile(values, 0.5)),
            ms(percentile(values, 0.95))
        );
    };
    println!();
    println!(
        "{count} stock movements over {PRODUCTS} products and {LOCATIONS} locations (seeded in {:.1} s)",
        seeded.as_secs_f64()
    );
    println!();
    println!("| operation | p50 | p95 | target |");
    println!("|---|---|---|---|");
    row(
        "stock of one product at every location (levels)",
        &mut one,
        "< 5 ms",
    );
    row(
        "one product with its stock on hand",
        &mut one_product,
        "< 5 ms",
    );
    row(
        "full stock report by location (every product × location)",
        &mut full,
        "< 500 ms",
    );
    row(
        "the same sums in plain SQL over the movements",
        &mut plain,
        "",
    );
    println!(
        "| settling the running cost of every movement (once, when an upgraded file opens) | {} | | |",
        ms(settling)
    );
    row(
        "stock valuation at moving average (running cost)",
        &mut valuations,
        "< 500 ms",
    );
    row(
        "a delivery with its cost booked in the ledger",
        &mut booked,
        "< 20 ms",
    );
    println!();
    println!("| import | rows | preview | import | peak memory before → after | target |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| XLSX, 5 columns, categories made on the way | {import_rows} | {} | {:.2} s | {} → {} MiB | < 20 s |",
        ms(preview_took),
        import_took.as_secs_f64(),
        rss_before.map(|m| format!("{m:.0}")).unwrap_or_else(|| "?".into()),
        rss_after.map(|m| format!("{m:.0}")).unwrap_or_else(|| "?".into()),
    );
}
