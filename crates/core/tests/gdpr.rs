//! A customer's personal data: exported whole on request, and erased from the projection and
//! from the document history on this device.

mod common;

use common::Shop;
use serde_json::json;

#[test]
fn export_holds_everything_about_the_customer() {
    let mut shop = Shop::new();
    let c = shop.customer("王小明", json!({"email": "xm@example.cn", "tags": ["vip"]}));
    let id = c["id"].as_str().unwrap().to_string();
    shop.call(
        "customers.notes.create",
        json!({"customer_id": id, "text": "likes 龙井"}),
    );
    shop.call(
        "customers.interactions.create",
        json!({"customer_id": id, "kind": "call", "occurred_at_ms": 5}),
    );
    let data = shop.call("customers.gdpr.export", json!({"id": id}));
    assert_eq!(data["customer"]["email"], "xm@example.cn");
    assert_eq!(data["notes"][0]["text"], "likes 龙井");
    assert_eq!(data["interactions"][0]["kind"], "call");
    assert!(
        data["activity"].as_array().unwrap().len() >= 3,
        "{}",
        data["activity"]
    );
}

#[test]
fn erasure_removes_the_data_from_projection_and_history() {
    let mut shop = Shop::new();
    let name = "Zhang Sanfeng-Unique";
    let c = shop.customer(name, json!({"email": "zsf@example.cn", "phone": "+86 139 1111 2222", "tax_id": "TAXZSF", "address": {"city": "武当"}}));
    let id = c["id"].as_str().unwrap().to_string();
    // History the erasure must not leave behind: an older email, a note.
    shop.call(
        "customers.update",
        json!({"id": id, "email": "old-zsf@example.cn"}),
    );
    shop.call(
        "customers.update",
        json!({"id": id, "email": "zsf@example.cn"}),
    );
    let note = shop.call(
        "customers.notes.create",
        json!({"customer_id": id, "text": "secret recipe of Zhang"}),
    );
    let other = shop.customer("Someone Else", json!({}));

    let erased = shop.call("customers.gdpr.erase", json!({"id": id}));
    assert_eq!(erased["erased"], true);
    assert_eq!(erased["archived"], true);
    assert_eq!(erased["email"], json!(null));
    assert_eq!(erased["name"], "—");

    // Gone from the projection and the search index.
    assert_eq!(
        shop.call(
            "customers.list",
            json!({"search": "zhang", "status": "all"})
        )["total"],
        0
    );
    assert_eq!(
        shop.call("customers.list", json!({"search": "zsf", "status": "all"}))["total"],
        0
    );
    let conn = shop.core.connection();
    let leftovers: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM customers WHERE search_text LIKE '%zsf%' OR email LIKE '%zsf%')
                  + (SELECT COUNT(*) FROM customer_notes WHERE text LIKE '%recipe%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftovers, 0);

    // Gone from the documents, history included: one change each, no old bytes.
    for doc_id in [id.clone(), note["id"].as_str().unwrap().to_string()] {
        let bytes: Vec<u8> = conn
            .query_row(
                "SELECT bytes FROM documents WHERE id = ?1",
                [&doc_id],
                |r| r.get(0),
            )
            .unwrap();
        let mut doc = automerge::Automerge::load(&bytes).unwrap();
        assert_eq!(doc.get_changes(&[]).len(), 1, "the history was rewritten");
        for needle in ["zsf", "Zhang", "recipe", "TAXZSF", "武当"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} survives in {doc_id}"
            );
        }
        let _ = &mut doc;
    }
    // Other customers are untouched, and the erasure survives a rebuild.
    assert_eq!(
        shop.call("customers.get", json!({"id": other["id"]}))["name"],
        "Someone Else"
    );
    shop.core.rebuild().unwrap();
    assert_eq!(
        shop.call("customers.get", json!({"id": id}))["erased"],
        true
    );
    assert_eq!(
        shop.call("customers.list", json!({"search": "zsf", "status": "all"}))["total"],
        0
    );
}

#[test]
fn nothing_writes_into_an_erased_customer_again() {
    let mut shop = Shop::new();
    let c = shop.customer("王小明", json!({"email": "xm@example.cn"}));
    let id = c["id"].as_str().unwrap().to_string();
    shop.call("customers.gdpr.erase", json!({"id": id}));
    let erased = shop.call("customers.get", json!({"id": id}));
    for (command, input) in [
        (
            "customers.update",
            json!({"id": id, "name": "王小明", "email": "xm@example.cn"}),
        ),
        (
            "customers.notes.create",
            json!({"customer_id": id, "text": "called again"}),
        ),
        (
            "customers.interactions.create",
            json!({"customer_id": id, "kind": "call", "occurred_at_ms": 5}),
        ),
        ("customers.unarchive", json!({"id": id})),
    ] {
        let err = shop.fail(command, input);
        assert_eq!(
            err.code,
            suanpan_core::ErrorCode::Conflict,
            "{command}: {err:?}"
        );
        assert_eq!(
            err.message_zh.as_deref(),
            Some("该客户的个人资料已被抹除，不能再次填写")
        );
    }
    assert_eq!(shop.call("customers.get", json!({"id": id})), erased);
    let data = shop.call("customers.gdpr.export", json!({"id": id}));
    assert_eq!(data["notes"], json!([]), "{data}");
    assert_eq!(data["interactions"], json!([]), "{data}");
}

/// An erasure leaves no trace in any page of the file, its write-ahead log, or a backup taken
/// after it. The store here is a plain SQLite file, so its bytes are the pages themselves (the
/// app's file holds the same pages, encrypted one by one).
#[test]
fn an_erased_customer_is_in_no_page_of_the_file_its_log_or_a_later_backup() {
    let dir = tempfile::tempdir().unwrap();
    let core = suanpan_core::Core::open_unencrypted_for_benchmark(dir.path()).unwrap();
    let mut shop = Shop::from_core(core);
    let (name, email, phone) = ("Ximena Quetzalli", "xq-9931@example.mx", "+52 55 9931 4477");
    let c = shop.customer(
        name,
        json!({"email": email, "phone": phone, "tax_id": "QUETZ991", "address": {"city": "Oaxtepec"}}),
    );
    let id = c["id"].as_str().unwrap().to_string();
    // Edits, history, a note and an interaction; searches that fill the index; others around.
    shop.call(
        "customers.update",
        json!({"id": id, "name": format!("{name} Q."), "tags": ["vip"]}),
    );
    shop.call("customers.update", json!({"id": id, "name": name}));
    shop.call(
        "customers.notes.create",
        json!({"customer_id": id, "text": "Ximena likes the jasmine oolong"}),
    );
    shop.call(
        "customers.interactions.create",
        json!({"customer_id": id, "kind": "call", "occurred_at_ms": 1_780_000_000_000i64,
               "description": "Called Ximena about her oolong order"}),
    );
    for i in 0..30 {
        shop.customer(
            &format!("Neighbour {i}"),
            json!({"email": format!("n{i}@example.com")}),
        );
    }
    assert_eq!(
        shop.call("customers.list", json!({"search": "Quetzalli"}))["total"],
        1
    );

    shop.call("customers.gdpr.erase", json!({"id": id}));

    let file = dir.path().join(suanpan_core::DATA_FILE);
    let pages = |path: &std::path::Path| -> Vec<u8> {
        ["", "-wal", "-journal"]
            .iter()
            .flat_map(|suffix| {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                std::fs::read(std::path::PathBuf::from(name)).unwrap_or_default()
            })
            .collect()
    };
    let needles = [
        "Ximena",
        "Quetzalli",
        "xq-9931",
        "9931 4477",
        "QUETZ991",
        "Oaxtepec",
        "jasmine",
    ];
    let on_disk = pages(&file);
    assert!(on_disk.len() > 4096, "the file is there");
    for needle in needles {
        assert!(
            !on_disk
                .windows(needle.len())
                .any(|w| w == needle.as_bytes()),
            "{needle} survives in the company file"
        );
    }
    // The log no longer names her, and still verifies.
    let report = shop.call("users.activity.verify", json!({}));
    assert_eq!(report["intact"], true, "{report}");
    // Everyone else is still found.
    assert_eq!(
        shop.call("customers.list", json!({"search": "Neighbour 7"}))["total"],
        1
    );

    // A backup taken now is as clean.
    let copy = dir.path().join("after-erasure.suanpan");
    shop.core.backup(&copy, None).unwrap();
    let backup = pages(&copy);
    assert!(backup.len() > 4096);
    for needle in needles {
        assert!(
            !backup.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} survives in the backup"
        );
    }
}
