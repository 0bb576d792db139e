//! A company file made by an earlier release opens in this one with every new projection table
//! filled from its documents, and a re-projection cut short resumes where it stopped.

mod common;

use common::{open_on_disk, raw_connection, Shop, PASSWORD};
use serde_json::{json, Value};
use suanpan_core::secrets::MemoryStore;
use suanpan_core::store::crypt::Unlock;
use suanpan_core::Core;

fn names(suppliers: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = suppliers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    names
}

fn pending(conn: &rusqlite::Connection) -> Vec<(String, String, bool)> {
    let mut stmt = conn
        .prepare("SELECT kind, after_id, cleared FROM projection_backfill")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// `tests/fixtures/company-2026-12/suanpan.db` was made on 2026-12-06 by the release before
/// suppliers were projected, with the CLI (passphrase `fixture-passphrase-1`, keychain off):
/// three products, two of them with suppliers (杭州茶厂 and Hangzhou Tea Co.; 安溪茶厂), and a
/// customer.
#[test]
fn a_company_file_of_the_earlier_release_gets_its_new_tables_filled() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/company-2026-12/suanpan.db");
    std::fs::copy(fixture, dir.path().join(suanpan_core::DATA_FILE)).unwrap();
    let unlock = Unlock {
        keychain: None,
        passphrase: Some("fixture-passphrase-1"),
    };
    let mut core = Core::open(dir.path(), Box::<MemoryStore>::default(), unlock)
        .expect("the earlier release's file opens");
    assert!(pending(core.connection()).is_empty(), "nothing left to do");
    let session = core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": PASSWORD}),
        )
        .unwrap();
    let token = session["token"].as_str().unwrap().to_string();
    let suppliers = core
        .call(Some(&token), "inventory.suppliers.list", json!({}))
        .unwrap();
    assert_eq!(
        names(&suppliers),
        ["Hangzhou Tea Co.", "安溪茶厂", "杭州茶厂"],
        "{suppliers}"
    );
    // What was there before is all still there.
    let products = core
        .call(Some(&token), "inventory.products.list", json!({}))
        .unwrap();
    assert_eq!(products["total"], 3);
    let customers = core
        .call(Some(&token), "customers.list", json!({}))
        .unwrap();
    assert_eq!(customers["total"], 1);
}

fn products_with_suppliers(shop: &mut Shop, count: usize) {
    for i in 0..count {
        shop.call(
            "inventory.products.create",
            json!({"name": format!("Tea {i}"), "sku": format!("T-{i}"), "price": "1",
                   "suppliers": [{"name": format!("Farm {i}")}]}),
        );
    }
}

#[test]
fn a_re_projection_cut_short_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut shop = Shop::from_core(open_on_disk(dir.path()));
        products_with_suppliers(&mut shop, 5);
    }
    // As a migration that added the table would leave it: asked for, nothing done yet.
    let mut raw = raw_connection(dir.path());
    raw.execute_batch(
        "DELETE FROM inventory_product_suppliers;
         INSERT INTO projection_backfill (kind, after_id, cleared) VALUES ('product', '', 0);",
    )
    .unwrap();
    let seen = std::cell::RefCell::new(Vec::new());
    let projected = suanpan_core::store::docs::backfill(
        &mut raw,
        &suanpan_core::projections(),
        2,
        Some(1),
        &|kind, done, total| seen.borrow_mut().push((kind.to_string(), done, total)),
    )
    .unwrap();
    // One batch of two, then the app was closed.
    assert_eq!(projected, 2);
    assert_eq!(seen.borrow().as_slice(), [("product".to_string(), 2, 5)]);
    let rows: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM inventory_product_suppliers",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 2);
    let state = pending(&raw);
    assert_eq!(state.len(), 1);
    assert!(state[0].2, "the table was emptied once, not again");
    assert!(!state[0].1.is_empty(), "the last product done is noted");
    drop(raw);

    // Opened again, the rest is done: every supplier once.
    let mut shop = Shop::signed_in(open_on_disk(dir.path()));
    assert!(pending(shop.core.connection()).is_empty());
    let suppliers = shop.call("inventory.suppliers.list", json!({}));
    assert_eq!(
        names(&suppliers),
        ["Farm 0", "Farm 1", "Farm 2", "Farm 3", "Farm 4"]
    );
    assert!(suppliers
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["products"] == 1));
}

#[test]
fn suppliers_are_listed_by_name_in_any_case_most_used_first_and_searched() {
    let mut shop = Shop::new();
    for (sku, supplier, archived) in [
        ("A", "Hangzhou Tea Co.", false),
        ("B", "hangzhou tea co.", false),
        ("C", "安溪茶厂", false),
        ("D", "Gone Farm", true),
    ] {
        let product = shop.call(
            "inventory.products.create",
            json!({"name": sku, "sku": sku, "price": "1",
                   "suppliers": [{"name": supplier, "contact": "0571", "lead_time_days": 4}]}),
        );
        if archived {
            shop.call(
                "inventory.products.update",
                json!({"id": product["id"], "archived": true}),
            );
        }
    }
    let all = shop.call("inventory.suppliers.list", json!({}));
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0]["products"], 2);
    assert_eq!(
        all[0]["name"].as_str().unwrap().to_lowercase(),
        "hangzhou tea co."
    );
    assert_eq!(all[1]["name"], "安溪茶厂");
    let found = shop.call("inventory.suppliers.list", json!({"search": "TEA"}));
    assert_eq!(found.as_array().unwrap().len(), 1);
    let none = shop.call("inventory.suppliers.list", json!({"search": "50%_"}));
    assert!(none.as_array().unwrap().is_empty());
}

/// A file of the release before the running cost: its movements carry none, and the upgrade
/// marks every product stale. Until opened again the valuation works it out afresh; opening
/// settles it once, and then it reads the kept running cost.
#[test]
fn an_upgraded_file_gets_the_running_cost_of_its_movements() {
    let dir = tempfile::tempdir().unwrap();
    let valuation = {
        let mut shop = Shop::from_core(open_on_disk(dir.path()));
        let floor = shop.call("inventory.locations.create", json!({"name": "店面"}));
        let tea = shop.call(
            "inventory.products.create",
            json!({"name": "Tea", "sku": "T-1", "price": "10", "cost": "4"}),
        );
        for (kind, quantity, cost, date) in [
            ("receipt", "10", "4.00", "2026-03-01"),
            ("adjustment", "-4", "", "2026-03-02"),
            ("receipt", "6", "5.50", "2026-03-03"),
            // Entered late: before the sale.
            ("receipt", "2", "3.00", "2026-03-01"),
        ] {
            let mut input = json!({"product_id": tea["id"], "location_id": floor["id"],
                                   "kind": kind, "quantity": quantity, "date": date,
                                   "reason": "counted"});
            if !cost.is_empty() {
                input["unit_cost"] = json!(cost);
            }
            shop.call("inventory.stock.movements.create", input);
        }
        (
            shop.call("inventory.reports.valuation", json!({})),
            shop.call("inventory.reports.valuation", json!({"date": "2026-03-02"})),
        )
    };
    let raw = raw_connection(dir.path());
    // As the migration leaves an earlier release's file.
    raw.execute_batch(
        "UPDATE inventory_movements SET run_qty = 0, run_value = 0, run_unit = 0;
         INSERT INTO inventory_cost_stale (product_id, date, created_at_ms, id)
             SELECT product_id, '', 0, '' FROM inventory_movements GROUP BY product_id;",
    )
    .unwrap();
    drop(raw);

    let mut shop = Shop::signed_in(open_on_disk(dir.path()));
    let stale: i64 = shop
        .core
        .connection()
        .query_row("SELECT count(*) FROM inventory_cost_stale", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stale, 0, "opening settles the running cost");
    let kept: i64 = shop
        .core
        .connection()
        .query_row(
            "SELECT run_value FROM inventory_movements ORDER BY date DESC, created_at_ms DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // 10 at 4.00 and 2 at 3.00 (entered late, same day) = 46.00 for 12; 4 out leaves 30.67 for
    // 8; 6 at 5.50 more = 63.67.
    assert_eq!(valuation.0["total"], "63.67", "{}", valuation.0);
    assert_eq!(valuation.1["total"], "30.67", "{}", valuation.1);
    assert_eq!(kept, 6367, "the last movement keeps the stock's value");
    assert_eq!(
        (
            shop.call("inventory.reports.valuation", json!({})),
            shop.call("inventory.reports.valuation", json!({"date": "2026-03-02"})),
        ),
        valuation
    );
}
