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

/// What the log says in Chinese for each change `command` made, newest first.
fn said_in_chinese(shop: &mut Shop, command: &str) -> Vec<String> {
    let log = shop.call("users.activity.list", json!({ "command": command }));
    let items = log["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{command} left no entry");
    items
        .iter()
        .map(|entry| {
            let zh = entry["summary_zh"]
                .as_str()
                .unwrap_or_else(|| panic!("{command} said it in English only: {entry}"));
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{command}: {zh}"
            );
            zh.to_string()
        })
        .collect()
}

/// The one sentence of `said` that holds every one of `words`.
fn one_saying<'a>(said: &'a [String], words: &[&str]) -> &'a str {
    said.iter()
        .find(|zh| words.iter().all(|w| zh.contains(w)))
        .unwrap_or_else(|| panic!("none of {said:?} says all of {words:?}"))
}

#[test]
fn everyday_changes_are_said_in_chinese_with_their_names_and_amounts() {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "prc_small_business"}));

    let back = shop.call("inventory.locations.create", json!({"name": "后仓"}));
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "西湖龙井", "sku": "LJ-1", "price": "388.00", "cost": "200.00"}),
    );
    let said = said_in_chinese(&mut shop, "inventory.products.create");
    assert_eq!(said, ["新增商品 西湖龙井（LJ-1）"]);

    // A receipt says what came in where; the stock it put on the books says its value.
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": back["id"], "kind": "receipt",
               "quantity": "10", "unit_cost": "200.00", "date": "2026-03-02"}),
    );
    let said = said_in_chinese(&mut shop, "inventory.stock.movements.create");
    one_saying(&said, &["入库", "西湖龙井", "后仓"]);
    one_saying(&said, &["存货", "¥2,000.00"]);

    // A price is shown as people read it, in both languages.
    shop.call(
        "inventory.products.update",
        json!({"id": tea["id"], "price": "398"}),
    );
    let log = shop.call(
        "users.activity.list",
        json!({"command": "inventory.products.update"}),
    );
    let entry = &log["items"][0];
    assert_eq!(
        entry["summary"],
        "changed product 西湖龙井: price ¥388.00 → ¥398.00"
    );
    assert_eq!(
        entry["summary_zh"],
        "修改商品 西湖龙井：售价 ¥388.00 → ¥398.00"
    );

    let accounts = shop.call("finances.accounts.list", json!({}));
    let account = |code: &str| {
        accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .unwrap()["id"]
            .clone()
    };
    let (bank, admin) = (account("1002"), account("5602"));
    shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-05", "amount": "1234.5", "category_id": admin,
               "account_id": bank, "party": "文具店"}),
    );
    let said = said_in_chinese(&mut shop, "finances.expenses.create");
    one_saying(&said, &["支出", "¥1,234.50", "2026-03-05"]);

    // A customer's changed fields are named in Chinese, listed as Chinese lists them.
    let customer = shop.customer("王小明", json!({}));
    shop.call(
        "customers.update",
        json!({"id": customer["id"], "email": "wang@example.com", "phone": "13800138000"}),
    );
    let said = said_in_chinese(&mut shop, "customers.update");
    assert_eq!(said, ["修改了 王小明 的邮箱、电话"]);

    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"],
               "lines": [{"description": "Tea", "quantity": "1", "unit_price": "300"}]}),
    );
    shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": draft["id"], "amount": "100", "method": "cash"}),
    );
    let said = said_in_chinese(&mut shop, "finances.payments.create");
    one_saying(&said, &["收款", "¥100.00", "王小明"]);

    shop.call(
        "users.create",
        json!({"name": "小李", "email": "li@example.com", "role": "cashier",
               "password": common::PASSWORD}),
    );
    let said = said_in_chinese(&mut shop, "users.create");
    assert_eq!(said, ["添加用户 li@example.com，角色 收银员"]);

    shop.call(
        "users.roles.create",
        json!({"name": "Front desk", "permissions": ["customers.read"]}),
    );
    let said = said_in_chinese(&mut shop, "users.roles.create");
    one_saying(&said, &["新建角色", "Front desk"]);

    let tax = shop.call(
        "finances.taxes.create",
        json!({"name": "VAT 13", "rate": "13"}),
    );
    let said = said_in_chinese(&mut shop, "finances.taxes.create");
    assert_eq!(said, ["新增税率 VAT 13（13%）"]);
    shop.call(
        "finances.taxes.update",
        json!({"id": tax["id"], "archived": true}),
    );
    let said = said_in_chinese(&mut shop, "finances.taxes.update");
    assert_eq!(said, ["税率 VAT 13：停用"]);
}
