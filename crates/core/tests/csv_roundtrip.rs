//! Property: whatever valid customers a shop has, exporting them to CSV and importing that file
//! into an empty company reproduces them exactly (quotes, commas, newlines, Chinese, emoji, and
//! text a spreadsheet would take for a formula, which the file holds inert).

mod common;

use common::Shop;
use proptest::prelude::*;
use serde_json::{json, Value};

fn text(max: usize) -> impl Strategy<Value = String> {
    // Letters, CJK, emoji, and the characters CSV must quote.
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 ]",
            Just(",".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            // What a spreadsheet reads as a formula when a cell starts with it.
            Just("=".to_string()),
            Just("+".to_string()),
            Just("-".to_string()),
            Just("@".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("王".to_string()),
            Just("小明".to_string()),
            Just("🍵".to_string()),
        ],
        1..max,
    )
    .prop_map(|parts| parts.concat())
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn customer() -> impl Strategy<Value = Value> {
    (
        text(12),
        proptest::option::of("[a-z]{1,8}@[a-z]{1,8}\\.(cn|com)"),
        proptest::option::of("\\+86 1[0-9]{2} [0-9]{4} [0-9]{4}"),
        text(10),
        proptest::option::of(text(8)),
        proptest::collection::vec("[a-z王李]{1,6}", 0..3),
    )
        .prop_map(|(name, email, phone, line1, city, tags)| {
            json!({
                "name": name.trim(),
                "email": email,
                "phone": phone,
                "address": {"line1": format!("{}\n2F", line1.trim()), "city": city.map(|c| c.trim().to_string()).unwrap_or_default()},
                "tags": tags,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn export_import_round_trips(customers in proptest::collection::vec(customer(), 1..12)) {
        let mut shop = Shop::new();
        for c in &customers {
            shop.call("customers.create", c.clone());
        }
        let csv = shop.call("customers.export", json!({"status": "all"}))["csv"].as_str().unwrap().to_string();
        let mut other = Shop::new();
        let report = other.call("customers.import", json!({ "csv": csv }));
        prop_assert_eq!(report["imported"].as_u64().unwrap() as usize, customers.len());
        prop_assert_eq!(
            common::comparable(shop.call("customers.list", json!({"status": "all", "limit": 500}))),
            common::comparable(other.call("customers.list", json!({"status": "all", "limit": 500})))
        );
    }
}

#[test]
fn an_export_holds_no_cell_a_spreadsheet_would_run() {
    let mut shop = Shop::new();
    shop.call(
        "customers.create",
        json!({"name": "=HYPERLINK(\"http://evil.example\",\"Click\")", "phone": "+86 139 1111 2222",
               "tags": ["@vip"]}),
    );
    shop.call(
        "users.create",
        json!({"name": "=cmd|' /C calc'!A0", "email": "m@example.com", "role": "staff", "password": "correct-horse-9"}),
    );
    let csv = shop.call("customers.export", json!({"status": "all"}))["csv"]
        .as_str()
        .unwrap()
        .to_string();
    let activity = shop.call("users.activity.export", json!({}))["csv"]
        .as_str()
        .unwrap()
        .to_string();
    for file in [&csv, &activity] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(file.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell a spreadsheet would run: {cell:?}"
                );
            }
        }
    }
    assert!(csv.contains("'+86 139 1111 2222"), "{csv}");
    // Imported again, the customer is as typed.
    let mut other = Shop::new();
    other.call("customers.import", json!({ "csv": csv }));
    let listed = other.call("customers.list", json!({"status": "all"}));
    assert_eq!(
        listed["items"][0]["name"],
        "=HYPERLINK(\"http://evil.example\",\"Click\")"
    );
    assert_eq!(listed["items"][0]["phone"], "+86 139 1111 2222");
}
