//! The activity log is hash-chained: tampering with the SQLite file directly is detected.

mod common;

use common::Shop;
use serde_json::json;

fn shop_on_disk(dir: &std::path::Path) -> Shop {
    Shop::from_core(common::open_on_disk(dir))
}

fn some_history(shop: &mut Shop) {
    for i in 0..5 {
        shop.customer(&format!("客户 {i}"), json!({}));
    }
}

fn verify(shop: &mut Shop) -> serde_json::Value {
    shop.call("users.activity.verify", json!({}))
}

fn tamper(dir: &std::path::Path, sql: &str) {
    let conn = common::raw_connection(dir);
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_untouched_log_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_on_disk(dir.path());
    some_history(&mut shop);
    let report = verify(&mut shop);
    assert_eq!(report["intact"], true, "{report}");
    assert_eq!(report["checked"], 6, "setup.init and five creates");
}

#[test]
fn an_altered_entry_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_on_disk(dir.path());
    some_history(&mut shop);
    tamper(
        dir.path(),
        "UPDATE activity SET summary = 'nothing happened' WHERE seq = 3",
    );
    let report = verify(&mut shop);
    assert_eq!(report["intact"], false);
    assert_eq!(report["first_broken"]["seq"], 3);
    assert_eq!(report["first_broken"]["problem"], "this entry was changed");
    assert_eq!(report["checked"], 2);
}

#[test]
fn a_removed_entry_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_on_disk(dir.path());
    some_history(&mut shop);
    tamper(dir.path(), "DELETE FROM activity WHERE seq = 4");
    let report = verify(&mut shop);
    assert_eq!(report["first_broken"]["seq"], 4, "{report}");
}

#[test]
fn a_removed_newest_entry_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_on_disk(dir.path());
    some_history(&mut shop);
    tamper(dir.path(), "DELETE FROM activity WHERE seq = 6");
    let report = verify(&mut shop);
    assert_eq!(report["intact"], false, "{report}");
    assert_eq!(report["first_broken"]["seq"], 6);
}

#[test]
fn a_rewritten_chain_without_the_head_is_found() {
    // Someone who recomputes hashes for an edited entry still leaves the following entries'
    // links pointing at the old hash.
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_on_disk(dir.path());
    some_history(&mut shop);
    tamper(
        dir.path(),
        "UPDATE activity SET hash = 'f00d' WHERE seq = 2",
    );
    let report = verify(&mut shop);
    assert_eq!(report["first_broken"]["seq"], 2, "{report}");
}

#[test]
fn the_log_filters_by_date_and_exports_and_the_export_is_logged() {
    let mut shop = Shop::new();
    some_history(&mut shop);
    let all = shop.call("users.activity.list", json!({}));
    let newest_at = all["items"][0]["at_ms"].as_i64().unwrap();
    let none = shop.call("users.activity.list", json!({"from_ms": newest_at + 1}));
    assert_eq!(none["total"], 0);
    let export = shop.call(
        "users.activity.export",
        json!({"command": "customers.create"}),
    );
    assert_eq!(export["count"], 5);
    assert!(export["csv"].as_str().unwrap().contains("客户 3"));
    let log = shop.call(
        "users.activity.list",
        json!({"command": "users.activity.export"}),
    );
    assert_eq!(log["total"], 1, "an export leaves a line in the log");
    shop.call("customers.export", json!({}));
    let log = shop.call(
        "users.activity.list",
        json!({"command": "customers.export"}),
    );
    assert_eq!(log["total"], 1);
}

#[test]
fn what_happened_is_said_in_both_languages_and_the_chinese_is_chained_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = shop_on_disk(dir.path());
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let customer = shop.customer("David Lee", json!({}));
    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"],
               "lines": [{"description": "Tea", "quantity": "2", "unit_price": "361.60"}]}),
    );
    let issued = shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    let number = issued["number"].as_str().unwrap();
    let log = shop.call(
        "users.activity.list",
        json!({"command": "finances.invoices.issue"}),
    );
    let entry = &log["items"][0];
    assert_eq!(
        entry["summary"],
        format!("issued invoice {number} of ¥723.20 to David Lee")
    );
    assert_eq!(
        entry["summary_zh"],
        format!("开具发票 {number}，¥723.20，客户 David Lee")
    );
    // Entries that say it in English only (older ones) and those in both chain together.
    assert_eq!(verify(&mut shop)["intact"], true);
    tamper(
        dir.path(),
        &format!(
            "UPDATE activity SET summary_zh = '开具发票，¥1.00' WHERE id = '{}'",
            entry["id"].as_str().unwrap()
        ),
    );
    let report = verify(&mut shop);
    assert_eq!(report["intact"], false, "{report}");
    assert_eq!(report["first_broken"]["id"], entry["id"], "{report}");
}
