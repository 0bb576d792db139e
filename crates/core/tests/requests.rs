//! A command that changes data, sent again with the same request id, answers as the first time
//! instead of making a second record: a double submit or a retry after a lost answer changes the
//! books once.

mod common;

use common::Shop;
use serde_json::{json, Value};
use suanpan_core::ErrorCode;

fn expense(shop: &mut Shop, request_id: Option<&str>) -> Result<Value, suanpan_core::Error> {
    let token = shop.token.clone();
    shop.core.call_request(
        Some(&token),
        "finances.expenses.create",
        json!({"date": "2026-03-05", "amount": "43.21", "party": "文具店"}),
        request_id,
    )
}

fn expenses(shop: &mut Shop) -> usize {
    shop.call("finances.expenses.list", json!({}))["events"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn the_same_request_twice_makes_one_record_and_the_same_answer() {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let first = expense(&mut shop, Some("req-1")).unwrap();
    let again = expense(&mut shop, Some("req-1")).unwrap();
    assert_eq!(first, again, "the repeat answers the first record");
    assert_eq!(expenses(&mut shop), 1);
    let log = shop.call(
        "users.activity.list",
        json!({"command": "finances.expenses.create"}),
    );
    assert_eq!(log["total"], 1, "the repeat changed nothing: {log}");

    // Another request id is another expense; none at all, as before, too.
    expense(&mut shop, Some("req-2")).unwrap();
    expense(&mut shop, None).unwrap();
    expense(&mut shop, None).unwrap();
    assert_eq!(expenses(&mut shop), 4);
}

#[test]
fn a_request_id_belongs_to_one_command_and_one_user_and_a_refusal_keeps_nothing() {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let token = shop.token.clone();
    // Refused: nothing is kept, so the same id with good input is a first request.
    let err = shop
        .core
        .call_request(
            Some(&token),
            "finances.expenses.create",
            json!({"date": "2026-02-30", "amount": "1", "party": "x"}),
            Some("req-3"),
        )
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("date"), "{err:?}");
    expense(&mut shop, Some("req-3")).unwrap();
    assert_eq!(expenses(&mut shop), 1);

    // The same id for another command is refused, not answered with an expense.
    let err = shop
        .core
        .call_request(
            Some(&token),
            "finances.income.create",
            json!({"date": "2026-03-05", "amount": "5", "party": "x"}),
            Some("req-3"),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    assert!(err.message_zh.is_some());

    // A request id must look like one.
    let err = expense(&mut shop, Some("")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("request_id"), "{err:?}");
    let err = expense(&mut shop, Some(&"x".repeat(65))).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("request_id"), "{err:?}");
    assert_eq!(expenses(&mut shop), 1);
}
