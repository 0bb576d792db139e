mod common;

use common::{Shop, PASSWORD};
use serde_json::json;
use suanpan_core::secrets::SecretStore;
use suanpan_core::ErrorCode;

#[test]
fn create_get_update_archive_round_trip() {
    let mut shop = Shop::new();
    let name = "王小明 <script>alert(1)</script> \"quotes\" 'single' 🍵";
    let created = shop.customer(
        name,
        json!({"email": "WXM@Example.CN", "phone": "+86 138 0013 8000", "tax_id": "91310000MA1K",
               "tags": ["vip", "老客户", "vip"], "address": {"city": "上海", "country": "CN"}}),
    );
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["name"], name, "names round-trip exactly");
    assert_eq!(created["email"], "wxm@example.cn");
    assert_eq!(
        created["tags"],
        json!(["vip", "老客户"]),
        "duplicate tags collapse"
    );

    let got = shop.call("customers.get", json!({ "id": id }));
    assert_eq!(got, created);

    let updated = shop.call(
        "customers.update",
        json!({"id": id, "phone": "", "address": {"city": "北京"}, "tags": ["批发"]}),
    );
    assert_eq!(
        updated["phone"],
        json!(null),
        "an empty string clears an optional field"
    );
    assert_eq!(updated["address"]["city"], "北京");
    assert_eq!(updated["email"], "wxm@example.cn", "absent fields stay");

    let archived = shop.call("customers.archive", json!({ "id": id }));
    assert_eq!(archived["archived"], true);
    assert_eq!(shop.call("customers.list", json!({}))["total"], 0);
    assert_eq!(
        shop.call("customers.list", json!({"status": "archived"}))["total"],
        1
    );
    shop.call("customers.unarchive", json!({ "id": id }));
    assert_eq!(shop.call("customers.list", json!({}))["total"], 1);
}

#[test]
fn search_finds_name_email_phone_and_tax_id_including_chinese() {
    let mut shop = Shop::new();
    shop.customer(
        "王小明",
        json!({"email": "xm@shop.cn", "phone": "138-0013-8000"}),
    );
    shop.customer("李华 Trading", json!({"tax_id": "TAX-778899"}));
    shop.customer("Alice Smith", json!({"email": "alice@example.com"}));
    let search = |shop: &mut Shop, q: &str| -> Vec<String> {
        let page = shop.call("customers.list", json!({ "search": q }));
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(search(&mut shop, "小明"), vec!["王小明"]);
    assert_eq!(
        search(&mut shop, "王"),
        vec!["王小明"],
        "a one-character Chinese search works"
    );
    assert_eq!(
        search(&mut shop, "ALICE"),
        vec!["Alice Smith"],
        "search ignores case"
    );
    assert_eq!(
        search(&mut shop, "13800138000"),
        vec!["王小明"],
        "phone digits match without dashes"
    );
    assert_eq!(search(&mut shop, "778899"), vec!["李华 Trading"]);
    assert_eq!(search(&mut shop, "shop.cn"), vec!["王小明"]);
    assert!(search(&mut shop, "nobody").is_empty());
}

#[test]
fn list_filters_sorts_and_pages() {
    let mut shop = Shop::new();
    for (i, city) in ["上海", "北京", "上海", "广州", "上海"].iter().enumerate() {
        shop.customer(&format!("C{i}"), json!({"address": {"city": city}, "tags": if i % 2 == 0 { vec!["vip"] } else { vec![] }}));
    }
    let page = shop.call("customers.list", json!({"city": "上海"}));
    assert_eq!(page["total"], 3);
    let page = shop.call("customers.list", json!({"tag": "vip"}));
    assert_eq!(page["total"], 3);
    let page = shop.call(
        "customers.list",
        json!({"sort": "name", "descending": true, "limit": 2, "offset": 1}),
    );
    assert_eq!(page["total"], 5);
    let names: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("C3"), json!("C2")]);
    let err = shop.fail("customers.list", json!({"limit": 501}));
    assert_eq!(err.field.as_deref(), Some("limit"));
    assert_eq!(shop.call("customers.tags.list", json!({})), json!(["vip"]));
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let mut shop = Shop::new();
    let cases = [
        (json!({"name": ""}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "x", "email": "not-an-email"}), "email"),
        (json!({"name": "x".repeat(201)}), "name"),
        (json!({"name": "x", "phone": "call me"}), "phone"),
        (json!({"name": "x", "tax_id": "9".repeat(65)}), "tax_id"),
        (
            json!({"name": "x", "address": {"city": "c".repeat(201)}}),
            "address.city",
        ),
        (json!({"name": "x", "tags": ["t".repeat(51)]}), "tags"),
        (json!({"name": "x", "colour": "red"}), "colour"),
        (json!({"email": "a@b.cn"}), "name"),
        (json!({"name": 42}), "name"),
        (json!({"name": "x", "address": {"city": 7}}), "address.city"),
    ];
    for (input, field) in cases {
        let err = shop.fail("customers.create", input.clone());
        assert_eq!(err.code, ErrorCode::Validation, "{input}");
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{input}: {}",
            err.message
        );
    }
    assert_eq!(
        shop.call("customers.list", json!({"status": "all"}))["total"],
        0
    );
    let documents: i64 = shop
        .core
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE kind = 'customer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(documents, 0, "a refused create leaves no document behind");
}

#[test]
fn every_bad_field_is_named_at_once_on_create_and_update() {
    let mut shop = Shop::new();
    let fields = |err: &suanpan_core::Error| -> Vec<String> {
        err.fields.iter().map(|f| f.field.clone()).collect()
    };
    let bad = json!({
        "name": "长".repeat(5_000),
        "email": "owner@",
        "phone": "123",
        "address": {"city": "c".repeat(201)},
    });
    let err = shop.fail("customers.create", bad.clone());
    assert_eq!(err.field.as_deref(), Some("name"));
    assert_eq!(fields(&err), ["name", "email", "phone", "address.city"]);
    let wire = serde_json::to_value(&err).unwrap();
    assert_eq!(wire["fields"][1]["reason"], "invalid_email", "{wire}");
    assert_eq!(wire["fields"][0]["limit"], 200, "{wire}");

    let customer = shop.customer("茶馆", json!({}));
    let mut patch = bad;
    patch["id"] = customer["id"].clone();
    let err = shop.fail("customers.update", patch);
    assert_eq!(fields(&err), ["name", "email", "phone", "address.city"]);
    // Nothing changed: not even the fields that were fine.
    let err = shop.fail(
        "customers.update",
        json!({"id": customer["id"], "name": "新茶馆", "email": "owner@"}),
    );
    assert_eq!(err.field.as_deref(), Some("email"));
    assert!(err.fields.is_empty(), "one bad field is the error itself");
    let stored = shop.call("customers.get", json!({"id": customer["id"]}));
    assert_eq!(stored["name"], "茶馆");
}

#[test]
fn notes_and_interactions_form_a_timeline() {
    let mut shop = Shop::new();
    let id = shop.customer("Timeline Ltd", json!({}))["id"]
        .as_str()
        .unwrap()
        .to_string();
    shop.call("customers.interactions.create", json!({"customer_id": id, "kind": "call", "occurred_at_ms": 1_000, "description": "asked for prices"}));
    let note = shop.call(
        "customers.notes.create",
        json!({"customer_id": id, "text": "prefers WeChat\n偏好微信"}),
    );
    assert_eq!(note["author_name"], "Owner");
    shop.call(
        "customers.interactions.create",
        json!({"customer_id": id, "kind": "sale", "occurred_at_ms": 2_000}),
    );
    let timeline = shop.call("customers.timeline", json!({"customer_id": id}));
    let kinds: Vec<_> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        vec!["note", "interaction", "interaction"],
        "newest first"
    );
    assert_eq!(timeline[1]["kind"], "sale");
    assert_eq!(timeline[0]["text"], "prefers WeChat\n偏好微信");

    let err = shop.fail(
        "customers.interactions.create",
        json!({"customer_id": id, "kind": "fax", "occurred_at_ms": 1}),
    );
    assert_eq!(err.field.as_deref(), Some("kind"));
    let err = shop.fail(
        "customers.notes.create",
        json!({"customer_id": id, "text": " "}),
    );
    assert_eq!(err.field.as_deref(), Some("text"));
    let missing = suanpan_core::ids::CustomerId::new().to_string();
    let err = shop.fail(
        "customers.notes.create",
        json!({"customer_id": missing, "text": "x"}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(err.field.as_deref(), Some("customer_id"));
}

#[test]
fn segments_count_and_list_members_live() {
    let mut shop = Shop::new();
    shop.customer("A", json!({"address": {"city": "上海"}, "tags": ["vip"]}));
    shop.customer("B", json!({"address": {"city": "上海"}}));
    shop.customer("C", json!({"address": {"city": "北京"}, "tags": ["vip"]}));
    let archived = shop.customer("D", json!({"address": {"city": "上海"}, "tags": ["vip"]}));
    shop.call("customers.archive", json!({"id": archived["id"]}));

    let shanghai_vip = json!({"match": "all", "rules": [
        {"field": "city", "op": "equals", "value": "上海"},
        {"field": "tag", "op": "has", "value": "vip"}]});
    assert_eq!(
        shop.call(
            "customers.segments.preview",
            json!({"criteria": shanghai_vip})
        )["member_count"],
        1
    );

    let either = json!({"match": "any", "rules": [
        {"field": "city", "op": "equals", "value": "北京"},
        {"match": "all", "rules": [
            {"field": "city", "op": "equals", "value": "上海"},
            {"field": "tag", "op": "lacks", "value": "vip"}]}]});
    let segment = shop.call(
        "customers.segments.create",
        json!({"name": "北京 or plain 上海", "criteria": either}),
    );
    assert_eq!(
        segment["member_count"], 2,
        "archived customers are never members"
    );
    let id = segment["id"].as_str().unwrap().to_string();
    let members = shop.call("customers.segments.members", json!({"id": id}));
    let names: Vec<_> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("B"), json!("C")]);

    shop.customer("E", json!({"address": {"city": "北京"}}));
    assert_eq!(
        shop.call("customers.segments.get", json!({"id": id}))["member_count"],
        3,
        "counts are live"
    );
    assert_eq!(
        shop.call("customers.list", json!({"segment_id": id}))["total"],
        3
    );

    let created_after = json!({"match": "all", "rules": [{"field": "created_at", "op": "after", "value": "1999-01-01"}]});
    assert_eq!(
        shop.call(
            "customers.segments.preview",
            json!({"criteria": created_after})
        )["member_count"],
        4
    );
    let created_before = json!({"match": "all", "rules": [{"field": "created_at", "op": "before", "value": "1999-01-01"}]});
    assert_eq!(
        shop.call(
            "customers.segments.preview",
            json!({"criteria": created_before})
        )["member_count"],
        0
    );

    let bad = json!({"match": "all", "rules": [{"field": "created_at", "op": "after", "value": "last week"}]});
    let err = shop.fail(
        "customers.segments.create",
        json!({"name": "x", "criteria": bad}),
    );
    assert_eq!(err.field.as_deref(), Some("criteria.rules[0].value"));

    shop.call(
        "customers.segments.update",
        json!({"id": id, "name": "renamed"}),
    );
    assert_eq!(
        shop.call("customers.segments.list", json!({}))[0]["name"],
        "renamed"
    );
    shop.call("customers.segments.delete", json!({"id": id}));
    assert_eq!(shop.call("customers.segments.list", json!({})), json!([]));
    assert_eq!(
        shop.fail("customers.segments.get", json!({"id": id})).code,
        ErrorCode::NotFound
    );
}

#[test]
fn import_is_all_or_nothing_and_reports_every_bad_row() {
    let mut shop = Shop::new();
    let bad = "name,email,phone\nGood One,good@example.com,\n,missing@example.com,\nBad Mail,not-mail,\nFine,fine@example.com,12\n";
    let err = shop.fail("customers.import", json!({ "csv": bad }));
    let rows: Vec<_> = err
        .details
        .iter()
        .map(|d| (d.row, d.field.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (3, Some("name".into())),
            (4, Some("email".into())),
            (5, Some("phone".into()))
        ],
        "{err:?}"
    );
    assert_eq!(
        shop.call("customers.list", json!({"status": "all"}))["total"],
        0,
        "nothing was imported"
    );

    let good = "\u{feff}name,email,city,tags,address_line1\n\"张, 三\",z3@example.cn,杭州,vip;批发,\"1 Road\nFloor 2\"\nSecond,,,,\n";
    let report = shop.call("customers.import", json!({ "csv": good }));
    assert_eq!(report["imported"], 2);
    let page = shop.call("customers.list", json!({"search": "张"}));
    assert_eq!(page["items"][0]["tags"], json!(["vip", "批发"]));
    assert_eq!(page["items"][0]["address"]["line1"], "1 Road\nFloor 2");
    let err = shop.fail(
        "customers.import",
        json!({ "csv": "name\n\"Two\nLines\"\n" }),
    );
    assert_eq!(
        (err.details[0].row, err.details[0].field.as_deref()),
        (2, Some("name")),
        "a name is one line"
    );
    assert_eq!(page["items"][0]["address"]["city"], "杭州");
}

#[test]
fn export_then_import_reproduces_the_customers() {
    let mut shop = Shop::new();
    shop.customer("王小明 \"引号\", 逗号", json!({"email": "a@b.cn", "address": {"line1": "1 Road\nFloor 2", "city": "上海"}, "tags": ["vip", "老客户"], "tax_id": "T1"}));
    shop.customer(
        "<script>alert(1)</script>",
        json!({"phone": "+1 (555) 123-4567"}),
    );
    let export = shop.call("customers.export", json!({"status": "all"}));
    assert_eq!(export["count"], 2);
    let csv = export["csv"].as_str().unwrap().to_string();
    assert!(
        csv.starts_with('\u{feff}'),
        "exports carry a BOM for spreadsheet programs"
    );

    let mut other = Shop::new();
    other.call("customers.import", json!({ "csv": csv }));
    assert_eq!(
        common::comparable(shop.call("customers.list", json!({"status": "all"}))),
        common::comparable(other.call("customers.list", json!({"status": "all"})))
    );
}

#[test]
fn rebuilt_projections_equal_the_originals() {
    let mut shop = Shop::new();
    for i in 0..30 {
        let c = shop.customer(
            &format!("客户 {i}"),
            json!({"tags": [format!("t{}", i % 3)], "address": {"city": "上海"}}),
        );
        let id = c["id"].as_str().unwrap().to_string();
        if i % 3 == 0 {
            shop.call(
                "customers.notes.create",
                json!({"customer_id": id, "text": format!("note {i}")}),
            );
            shop.call(
                "customers.interactions.create",
                json!({"customer_id": id, "kind": "visit", "occurred_at_ms": i}),
            );
        }
        if i % 5 == 0 {
            shop.call(
                "customers.update",
                json!({"id": id, "email": format!("c{i}@example.com"), "tags": ["changed"]}),
            );
        }
        if i % 7 == 0 {
            shop.call("customers.archive", json!({"id": id}));
        }
    }
    let seg = shop.call("customers.segments.create", json!({"name": "s", "criteria": {"match": "all", "rules": [{"field": "tag", "op": "has", "value": "t1"}]}}));
    let gone = shop.call(
        "customers.segments.create",
        json!({"name": "gone", "criteria": {"match": "all", "rules": []}}),
    );
    shop.call("customers.segments.delete", json!({"id": gone["id"]}));

    let before = shop.projection_snapshot();
    assert!(
        before
            .iter()
            .all(|(table, rows)| !rows.is_empty() || table == "none"),
        "every table has rows: {before:?}"
    );
    let rebuilt = shop.core.rebuild().unwrap();
    assert_eq!(
        rebuilt,
        2 + 30 + 10 + 10 + 2,
        "company, owner, customers, notes, interactions, segments"
    );
    let after = shop.projection_snapshot();
    assert_eq!(before, after);
    assert_eq!(
        shop.call("customers.segments.get", json!({"id": seg["id"]}))["member_count"],
        6
    );
}

#[test]
fn the_document_is_the_truth_behind_the_projection() {
    let mut shop = Shop::new();
    let c = shop.customer("Doc Truth", json!({"tags": ["a"]}));
    let id = c["id"].as_str().unwrap();
    let text = suanpan_core::store::docs::document_text(shop.core.connection(), id)
        .unwrap()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["name"], "Doc Truth");
    assert_eq!(doc["tags"], json!(["a"]));
}

#[test]
fn every_change_is_in_the_activity_log() {
    let mut shop = Shop::new();
    let c = shop.customer("Logged", json!({}));
    shop.call(
        "customers.update",
        json!({"id": c["id"], "email": "l@example.com"}),
    );
    shop.call("customers.list", json!({}));
    let log = shop.call("users.activity.list", json!({}));
    let commands: Vec<_> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["command"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        commands,
        vec!["customers.update", "customers.create", "setup.init"],
        "reads are not logged; changes are"
    );
    let entry = &log["items"][0];
    assert_eq!(entry["user_name"], "Owner");
    assert_eq!(entry["target_id"], c["id"]);
    assert_eq!(entry["device_id"], shop.core.device_id().to_string());
    assert!(entry["summary"].as_str().unwrap().contains("email"));
}

#[test]
fn calls_need_a_valid_session() {
    let mut shop = Shop::new();
    let err = shop
        .core
        .call(None, "customers.list", json!({}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated);
    let err = shop
        .core
        .call(Some("forged"), "customers.list", json!({}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated);
    let err = shop
        .core
        .call(Some(&shop.token.clone()), "customers.nope", json!({}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownCommand);

    let err = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": "wrong-password"}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated);
    assert_eq!(err.field.as_deref(), Some("password"));
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "OWNER@example.com", "password": PASSWORD}),
        )
        .unwrap();
    let token = session["token"].as_str().unwrap().to_string();
    shop.core
        .call(Some(&token), "users.auth.logout", json!({}))
        .unwrap();
    let err = shop
        .core
        .call(Some(&token), "customers.list", json!({}))
        .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::Unauthenticated,
        "a logged-out token is dead"
    );

    let err = shop.core.call(None, "setup.init", json!({"company_name": "x", "owner_name": "y", "owner_email": "a@b.cn", "password": PASSWORD})).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::Conflict,
        "a second company cannot be created"
    );
}

#[test]
fn sessions_expire() {
    let (mut shop, now) = Shop::with_clock(1_000_000);
    shop.call("customers.list", json!({}));
    now.fetch_add(
        suanpan_core::users::ops::SESSION_DURATION_MS + 1,
        std::sync::atomic::Ordering::SeqCst,
    );
    let err = shop
        .core
        .call(Some(&shop.token.clone()), "customers.list", json!({}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated);
}

#[test]
fn remembered_session_resumes_until_logout() {
    let mut shop = Shop::new();
    assert_eq!(
        shop.core
            .call(None, "users.auth.resume", json!({}))
            .unwrap(),
        json!(null)
    );
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": PASSWORD, "remember": true}),
        )
        .unwrap();
    let resumed = shop
        .core
        .call(None, "users.auth.resume", json!({}))
        .unwrap();
    assert_eq!(resumed["token"], session["token"]);
    shop.core
        .call(
            Some(session["token"].as_str().unwrap()),
            "users.auth.logout",
            json!({}),
        )
        .unwrap();
    assert_eq!(
        shop.core
            .call(None, "users.auth.resume", json!({}))
            .unwrap(),
        json!(null)
    );
}

#[test]
fn two_processes_on_one_file_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = Shop::from_core(common::open_on_disk(dir.path()));
    let c = app.customer("Shared", json!({}));
    let id = c["id"].as_str().unwrap().to_string();
    // The app has the document cached; the CLI (another Core on the same file) edits it.
    app.call("customers.get", json!({"id": id}));
    let mut cli = common::open_on_disk(dir.path());
    let actor = cli
        .authenticate_password("owner@example.com", PASSWORD)
        .unwrap();
    cli.call_as(
        &actor,
        "customers.update",
        json!({"id": id, "email": "cli@example.com"}),
    )
    .unwrap();
    // The app's next edit must start from the CLI's version, not its stale cached copy.
    let updated = app.call("customers.update", json!({"id": id, "phone": "12345 678"}));
    assert_eq!(updated["email"], "cli@example.com");
    assert_eq!(updated["phone"], "12345 678");
}

#[test]
fn the_document_cache_stays_bounded() {
    let mut shop = Shop::new();
    for i in 0..(suanpan_core::store::docs::CACHE_DOCUMENTS_MAX + 50) {
        shop.customer(&format!("c{i}"), json!({}));
    }
    assert!(shop.core.cached_documents() <= suanpan_core::store::docs::CACHE_DOCUMENTS_MAX);
}

#[test]
fn backup_is_a_readable_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(common::open_on_disk(dir.path()));
    shop.customer("Backed Up", json!({}));
    let target = dir.path().join("backup.db");
    shop.core
        .backup(&target, Some(common::keychain() as &dyn SecretStore))
        .unwrap();
    let copy = common::open_on_disk(&{
        let d = dir.path().join("restored");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(&target, d.join(suanpan_core::DATA_FILE)).unwrap();
        d
    });
    let count: i64 = copy
        .connection()
        .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
    assert!(
        shop.core.backup(&target, None).is_err(),
        "an existing file is never overwritten"
    );
}

#[test]
fn search_paths_agree_on_sparse_and_dense_matches() {
    // Past 5,000 matches the search walks the sort index instead of looking matches up;
    // both paths, and the short-query scan, must give the same answers.
    let mut shop = Shop::new();
    for i in 0..5_050 {
        let tags = if i % 10 == 0 {
            json!(["vip"])
        } else {
            json!([])
        };
        shop.customer(&format!("Dense {i:04}"), json!({"tags": tags}));
    }
    shop.customer("张建国", json!({"tags": ["vip"]}));
    let archived = shop.customer("Dense archived", json!({}));
    shop.call("customers.archive", json!({"id": archived["id"]}));

    let page = shop.call("customers.list", json!({"search": "dense", "limit": 3}));
    assert_eq!(
        page["total"], 5_050,
        "dense trigram path, archived excluded"
    );
    assert_eq!(page["items"][0]["name"], "Dense 0000");
    let page = shop.call(
        "customers.list",
        json!({"search": "DE", "limit": 3, "descending": true}),
    );
    assert_eq!(page["total"], 5_050, "dense short-query path");
    assert_eq!(page["items"][0]["name"], "Dense 5049");
    let page = shop.call("customers.list", json!({"search": "dense 504"}));
    assert_eq!(page["total"], 10, "sparse trigram path");
    let page = shop.call("customers.list", json!({"search": "建国"}));
    assert_eq!(page["total"], 1, "sparse short-query path");
    let page = shop.call("customers.list", json!({"search": "dense", "tag": "vip"}));
    assert_eq!(
        page["total"], 505,
        "search combined with a filter is counted, not assumed"
    );
    let page = shop.call(
        "customers.list",
        json!({"search": "dense", "status": "all"}),
    );
    assert_eq!(page["total"], 5_051);
    let page = shop.call(
        "customers.list",
        json!({"search": "dense", "offset": 5_000, "limit": 100}),
    );
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        50,
        "the last page of a dense search"
    );
}

#[test]
fn a_session_refreshes_while_in_use_and_passwords_change() {
    let (mut shop, now) = Shop::with_clock(1_000_000);
    let step = suanpan_core::users::ops::SESSION_DURATION_MS - 1000;
    for _ in 0..3 {
        now.fetch_add(step, std::sync::atomic::Ordering::SeqCst);
        let session = shop.call("users.auth.refresh", json!({}));
        assert_eq!(session["permissions"][0], "customers.read");
    }
    shop.call("customers.list", json!({}));

    let err = shop.fail(
        "users.password.change",
        json!({"current_password": "nope-nope", "new_password": "another-pass-1"}),
    );
    assert_eq!(err.field.as_deref(), Some("current_password"));
    let err = shop.fail(
        "users.password.change",
        json!({"current_password": PASSWORD, "new_password": "short"}),
    );
    assert_eq!(err.field.as_deref(), Some("new_password"));
    shop.call(
        "users.password.change",
        json!({"current_password": PASSWORD, "new_password": "another-pass-1"}),
    );
    assert!(shop
        .core
        .authenticate_password("owner@example.com", PASSWORD)
        .is_err());
    assert!(shop
        .core
        .authenticate_password("owner@example.com", "another-pass-1")
        .is_ok());

    shop.core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": "another-pass-1"}),
        )
        .unwrap();
    let users = shop.call("users.list", json!({}));
    assert_eq!(
        users[0]["last_login_at_ms"],
        now.load(std::sync::atomic::Ordering::SeqCst)
    );
}

#[test]
fn hostile_text_in_every_field_is_stored_as_text() {
    let mut shop = Shop::new();
    let sql = "'; DROP TABLE customers; --";
    let html = "<img src=x onerror=alert(1)>";
    let both = format!("{sql} {html} \"双引号\" 🍵");
    let c = shop.customer(
        &both,
        json!({"tax_id": sql, "tags": [html, "' OR 1=1 --"],
               "address": {"line1": both, "line2": html, "city": sql, "region": html, "postal_code": sql, "country": html}}),
    );
    let id = c["id"].as_str().unwrap().to_string();
    shop.call(
        "customers.notes.create",
        json!({"customer_id": id, "text": both}),
    );
    shop.call(
        "customers.interactions.create",
        json!({"customer_id": id, "kind": "other", "occurred_at_ms": 1, "description": both}),
    );
    let segment = json!({"match": "any", "rules": [{"field": "city", "op": "equals", "value": sql}, {"field": "tag", "op": "has", "value": html}]});
    assert_eq!(
        shop.call("customers.segments.preview", json!({"criteria": segment}))["member_count"],
        1
    );
    let got = shop.call("customers.get", json!({"id": id}));
    assert_eq!(got["name"], both.as_str());
    assert_eq!(got["address"]["city"], sql);
    assert_eq!(got["tags"], json!([html, "' OR 1=1 --"]));
    let err = shop.fail("customers.update", json!({"id": id, "tags": [sql]}));
    assert_eq!(
        err.field.as_deref(),
        Some("tags"),
        "';' separates tags in CSV files"
    );
    let found = shop.call("customers.list", json!({"search": "drop table"}));
    assert_eq!(found["total"], 1, "the search treats SQL as text");
    let found = shop.call(
        "customers.list",
        json!({"search": "'; drop", "tag": html, "city": sql}),
    );
    assert_eq!(found["total"], 1);
    let timeline = shop.call("customers.timeline", json!({"customer_id": id}));
    assert_eq!(timeline[0]["text"], both.as_str());
    assert_eq!(timeline[1]["description"], both.as_str());
    assert_eq!(
        shop.call("customers.list", json!({"status": "all"}))["total"],
        1,
        "the table is still there"
    );
}
