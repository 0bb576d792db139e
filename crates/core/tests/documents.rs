//! Another Automerge client (a JS or mobile app) loads a customer's exported document, changes
//! it, and the device applies the change: checked like an edit here, and sent on like one.

mod common;

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ReadDoc, ROOT};
use base64::Engine as _;
use common::Shop;
use serde_json::{json, Value};
use suanpan_core::ErrorCode;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// What a client does: load the export, change it as its own actor, send the new changes.
fn client_change(export: &Value, edit: impl FnOnce(&mut AutoCommit)) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(export["bytes"].as_str().unwrap())
        .unwrap();
    let mut doc = AutoCommit::load(&bytes).unwrap();
    doc.set_actor(ActorId::random());
    let before = doc.get_heads();
    edit(&mut doc);
    b64(&doc.save_after(&before))
}

fn outbox_len(shop: &Shop) -> i64 {
    shop.core
        .connection()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_change_from_another_automerge_client_is_checked_applied_and_sent_on() {
    let mut shop = Shop::new();
    let made = shop.call(
        "customers.create",
        json!({"name": "张三", "email": "zhang@example.com", "tags": ["vip"]}),
    );
    let id = made["id"].as_str().unwrap().to_string();
    let export = shop.call("customers.documents.export", json!({"id": id}));
    assert_eq!(export["kind"], "customer");

    // The client reads the fields as stored.
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(export["bytes"].as_str().unwrap())
        .unwrap();
    let doc = AutoCommit::load(&bytes).unwrap();
    let (name, _) = doc.get(ROOT, "name").unwrap().unwrap();
    assert_eq!(name.into_string().ok().as_deref(), Some("张三"));

    let queued = outbox_len(&shop);
    let changes = client_change(&export, |doc| {
        doc.put(ROOT, "phone", "13900000000").unwrap();
        doc.put(ROOT, "email", "  Zhang.San@Example.com ").unwrap();
    });
    let applied = shop.call(
        "customers.documents.apply",
        json!({"id": id, "changes": changes}),
    );
    assert_eq!(applied["phone"], "13900000000");
    let got = shop.call("customers.get", json!({"id": id}));
    assert_eq!(got, applied);
    // Tidied by the same rules as an edit here.
    let email = got["email"].as_str().unwrap();
    assert_eq!(email, email.trim(), "saved tidied: {email}");
    // Searchable at once: the projection follows.
    let found = shop.call("customers.list", json!({"search": "13900000000"}));
    assert_eq!(found["total"], 1);
    assert!(
        outbox_len(&shop) > queued,
        "the change goes to the other devices"
    );

    // Applying the same changes again changes nothing.
    let again = shop.call(
        "customers.documents.apply",
        json!({"id": id, "changes": changes}),
    );
    assert_eq!(again, got);
}

#[test]
fn a_bad_change_from_another_client_is_refused_whole_naming_the_field() {
    let mut shop = Shop::new();
    let made = shop.call("customers.create", json!({"name": "李四"}));
    let id = made["id"].as_str().unwrap().to_string();
    let export = shop.call("customers.documents.export", json!({"id": id}));
    let queued = outbox_len(&shop);

    let bad_email = client_change(&export, |doc| {
        doc.put(ROOT, "name", "李四四").unwrap();
        doc.put(ROOT, "email", "not an email").unwrap();
    });
    let err = shop.fail(
        "customers.documents.apply",
        json!({"id": id, "changes": bad_email}),
    );
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Validation, Some("email")),
        "{err:?}"
    );
    let other_id = client_change(&export, |doc| {
        doc.put(ROOT, "id", "0190a1b2-0000-7000-8000-000000000000")
            .unwrap();
    });
    let err = shop.fail(
        "customers.documents.apply",
        json!({"id": id, "changes": other_id}),
    );
    assert_eq!(err.field.as_deref(), Some("changes"), "{err:?}");
    let err = shop.fail(
        "customers.documents.apply",
        json!({"id": id, "changes": b64(b"not automerge")}),
    );
    assert_eq!(err.field.as_deref(), Some("changes"), "{err:?}");

    // Nothing of it was kept, nothing was queued for the other devices.
    let got = shop.call("customers.get", json!({"id": id}));
    assert_eq!(got["name"], "李四");
    assert_eq!(got["email"], Value::Null);
    assert_eq!(outbox_len(&shop), queued);

    // An erased customer cannot be filled in again from outside.
    shop.call("customers.gdpr.erase", json!({"id": id}));
    let refill = client_change(&export, |doc| {
        doc.put(ROOT, "phone", "13900000000").unwrap();
    });
    let err = shop.fail(
        "customers.documents.apply",
        json!({"id": id, "changes": refill}),
    );
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
}

#[test]
fn a_client_cannot_archive_or_erase_a_customer_through_its_document() {
    let mut shop = Shop::new();
    let made = shop.call(
        "customers.create",
        json!({"name": "张三", "email": "zhang@example.com"}),
    );
    let id = made["id"].as_str().unwrap().to_string();
    let export = shop.call("customers.documents.export", json!({"id": id}));
    // Erasing by flag would keep the old name in the history: only customers.gdpr.erase erases.
    let changes = client_change(&export, |doc| {
        doc.put(ROOT, "erased", true).unwrap();
        doc.put(ROOT, "archived", true).unwrap();
        doc.put(ROOT, "phone", "13900000000").unwrap();
    });
    let applied = shop.call(
        "customers.documents.apply",
        json!({"id": id, "changes": changes}),
    );
    assert_eq!(
        applied["phone"], "13900000000",
        "the rest of the change applies"
    );
    assert_eq!(applied["erased"], false, "{applied}");
    assert_eq!(applied["archived"], false, "{applied}");
    let got = shop.call("customers.get", json!({"id": id}));
    assert_eq!(got["erased"], false);
    assert_eq!(got["name"], "张三");
}
