//! The relay as a real server on a loopback port, driven by the core's HTTP client: devices
//! converge through it, it stores only ciphertext, tenants are isolated, and tokens are
//! checked (revoked, spent, rate limits).

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::json;
use suanpan_core::store::docs::Op;
use suanpan_core::sync::http::{HttpRelay, RelaySession};
use suanpan_core::sync::live::{LiveEnd, LiveFeed};
use suanpan_core::sync::{Entry, Relay, Sealed, SyncKey};
use suanpan_core::{Core, ErrorCode};
use suanpan_sync_server::api::{router, AppState};
use suanpan_sync_server::store::SqliteStore;

const PASSWORD: &str = "relay-password-1";

struct Server {
    url: String,
    dir: tempfile::TempDir,
    state: Arc<AppState>,
}

/// Starts a relay on its own runtime thread; it lives until the test process ends.
fn start(logins_per_minute: u32) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let state = Arc::new(AppState::new(
        Arc::new(store),
        b"test secret of at least thirty-two bytes",
        logins_per_minute,
    ));
    let (tx, rx) = std::sync::mpsc::channel();
    let served = state.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(
                listener,
                router(served).into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
    });
    let addr = rx.recv().unwrap();
    Server {
        url: format!("http://{addr}"),
        dir,
        state,
    }
}

fn owner_core() -> (Core, String) {
    let mut core = Core::open_in_memory().unwrap();
    let session = core
        .call(
            None,
            "setup.init",
            json!({"company_name": "Relay Shop", "owner_name": "Owner", "owner_email": "owner@example.com", "password": "correct-horse-9"}),
        )
        .unwrap();
    let token = session["token"].as_str().unwrap().to_string();
    (core, token)
}

fn sealed(key: &SyncKey, id: &str, op: Op) -> Sealed {
    key.seal(&Entry {
        doc_id: id.into(),
        kind: "customer".into(),
        op,
        bytes: vec![1, 2, 3],
    })
    .unwrap()
}

#[test]
fn two_devices_converge_through_the_relay_which_sees_only_ciphertext() {
    let server = start(100);
    let key = SyncKey::generate();
    // The relay account's label is the owner's choice; the company's name is only in documents.
    let mut a = HttpRelay::sign_up(
        &server.url,
        "Tenant A",
        "owner@example.com",
        PASSWORD,
        "counter",
    )
    .unwrap();
    let mut b = HttpRelay::sign_in(&server.url, "owner@example.com", PASSWORD, "laptop").unwrap();
    assert_eq!(a.session().tenant_id, b.session().tenant_id);

    let (mut core_a, token) = owner_core();
    core_a
        .call(
            Some(&token),
            "customers.create",
            json!({"name": "张三丰", "email": "zhang@example.com"}),
        )
        .unwrap();
    let pushed = core_a.sync_round(&mut a, &key).unwrap();
    assert!(pushed.pushed >= 3, "{pushed:?}");

    let mut core_b = Core::open_in_memory().unwrap();
    let report = core_b.sync_round(&mut b, &key).unwrap();
    assert_eq!(report.rejected, 0);
    let session = core_b
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": "correct-horse-9"}),
        )
        .unwrap();
    let found = core_b
        .call(
            session["token"].as_str(),
            "customers.list",
            json!({"search": "张三"}),
        )
        .unwrap();
    assert_eq!(found["total"], 1);

    for file in ["relay.db", "relay.db-wal"] {
        let bytes = std::fs::read(server.dir.path().join(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("zhang@example.com"),
            "{file} holds plaintext"
        );
        assert!(
            !text.contains("Relay Shop"),
            "{file} holds the company's name"
        );
    }
    let devices = a.devices().unwrap();
    assert_eq!(devices.as_array().unwrap().len(), 2);
}

#[test]
fn one_tenant_never_sees_another() {
    let server = start(100);
    let key = SyncKey::generate();
    let mut shop1 =
        HttpRelay::sign_up(&server.url, "Shop 1", "one@example.com", PASSWORD, "d1").unwrap();
    let mut shop2 =
        HttpRelay::sign_up(&server.url, "Shop 2", "two@example.com", PASSWORD, "d2").unwrap();
    shop1
        .push(&[
            sealed(&key, "a", Op::Changes),
            sealed(&key, "b", Op::Changes),
        ])
        .unwrap();
    assert_eq!(shop1.pull(0, 100).unwrap().len(), 2);
    assert!(shop2.pull(0, 100).unwrap().is_empty());
    shop2.push(&[sealed(&key, "c", Op::Changes)]).unwrap();
    assert_eq!(shop1.pull(0, 100).unwrap().len(), 2);
    // Each tenant's feed counts from 1.
    assert_eq!(shop2.pull(0, 100).unwrap()[0].seq, 1);
    // A device of one tenant cannot revoke another tenant's device.
    let other = shop2.session().device_id.clone();
    assert!(shop1.revoke(&other).is_err());
    assert!(shop2.pull(0, 100).is_ok(), "shop 2's device still works");
}

#[test]
fn a_revoked_device_is_cut_off_at_once_and_refresh_tokens_are_single_use() {
    let server = start(100);
    let key = SyncKey::generate();
    let mut owner =
        HttpRelay::sign_up(&server.url, "Shop", "o@example.com", PASSWORD, "desk").unwrap();
    let mut laptop = HttpRelay::sign_in(&server.url, "o@example.com", PASSWORD, "laptop").unwrap();
    laptop.push(&[sealed(&key, "x", Op::Changes)]).unwrap();

    // An unusable access token makes the client refresh; the refresh token rotates.
    let before = laptop.session().clone();
    let mut rotated = HttpRelay::resume(RelaySession {
        access_token: "garbage".into(),
        ..before.clone()
    })
    .unwrap();
    rotated.pull(0, 10).unwrap();
    assert_ne!(rotated.session().refresh_token, before.refresh_token);
    // The spent refresh token opens nothing.
    let mut replayed = HttpRelay::resume(RelaySession {
        access_token: "garbage".into(),
        ..before
    })
    .unwrap();
    let err = replayed.pull(0, 10).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated, "{err:?}");

    // The lost laptop is revoked: its still-valid access token stops working at once.
    let laptop_id = rotated.session().device_id.clone();
    owner.revoke(&laptop_id).unwrap();
    let err = rotated.pull(0, 10).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated, "{err:?}");
    let listed = owner.devices().unwrap();
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == laptop_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["revoked"], true);
}

#[test]
fn wrong_passwords_are_refused_and_sign_ins_are_rate_limited() {
    let server = start(3);
    HttpRelay::sign_up(&server.url, "Shop", "rl@example.com", PASSWORD, "desk").unwrap();
    for _ in 0..3 {
        let err = HttpRelay::sign_in(&server.url, "rl@example.com", "wrong-password", "x")
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::Unauthenticated);
    }
    // Even the right password waits once the limit is spent.
    let err = HttpRelay::sign_in(&server.url, "rl@example.com", PASSWORD, "x")
        .err()
        .unwrap();
    assert!(err.message.contains("too many"), "{}", err.message);
}

#[test]
fn a_replacement_drops_the_documents_older_entries_from_the_relay() {
    let server = start(100);
    let key = SyncKey::generate();
    let mut device =
        HttpRelay::sign_up(&server.url, "Shop", "gdpr@example.com", PASSWORD, "desk").unwrap();
    device
        .push(&[
            sealed(&key, "person", Op::Changes),
            sealed(&key, "other", Op::Changes),
        ])
        .unwrap();
    device.push(&[sealed(&key, "person", Op::Replace)]).unwrap();
    let feed = device.pull(0, 100).unwrap();
    let docs: Vec<(String, bool)> = feed
        .iter()
        .map(|e| (e.sealed.doc.clone(), e.sealed.replace))
        .collect();
    assert_eq!(
        docs,
        vec![(key.tag("other"), false), (key.tag("person"), true)]
    );
}

#[test]
fn the_live_feed_tells_the_tenants_devices_where_the_feed_stands() {
    let server = start(100);
    let key = SyncKey::generate();
    let mut desk =
        HttpRelay::sign_up(&server.url, "Shop", "live@example.com", PASSWORD, "desk").unwrap();
    desk.push(&[sealed(&key, "a", Op::Changes)]).unwrap();
    let mut laptop =
        HttpRelay::sign_in(&server.url, "live@example.com", PASSWORD, "laptop").unwrap();
    let mut elsewhere =
        HttpRelay::sign_up(&server.url, "Other", "else@example.com", PASSWORD, "d").unwrap();

    // On connecting, the head as it stands: a device with nothing new learns that in one message.
    let mut feed = laptop.live().unwrap();
    assert_eq!(feed.next_head(), Ok(1));
    let mut other_feed = elsewhere.live().unwrap();
    assert_eq!(other_feed.next_head(), Ok(0));

    desk.push(&[
        sealed(&key, "a", Op::Changes),
        sealed(&key, "b", Op::Changes),
    ])
    .unwrap();
    assert_eq!(feed.next_head(), Ok(3));
    // The other tenant hears only of its own feed.
    elsewhere.push(&[sealed(&key, "c", Op::Changes)]).unwrap();
    assert_eq!(other_feed.next_head(), Ok(1));

    let metrics = reqwest::blocking::get(format!("{}/metrics", server.url))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains("suanpan_relay_connected_devices 2"),
        "{metrics}"
    );

    // No valid token, no feed; a stale access token is refreshed by the client.
    let err = LiveFeed::connect(&server.url, "garbage").err().unwrap();
    assert_eq!(err.code, ErrorCode::Unauthenticated, "{err:?}");
    let mut stale = HttpRelay::resume(RelaySession {
        access_token: "garbage".into(),
        ..elsewhere.session().clone()
    })
    .unwrap();
    let mut refreshed = stale.live().unwrap();
    assert_eq!(refreshed.next_head(), Ok(1));

    // A revoked device's feed closes at once.
    desk.revoke(&laptop.session().device_id.clone()).unwrap();
    assert_eq!(feed.next_head(), Err(LiveEnd::Revoked));
    // The relay stopping closes the rest.
    server.state.shut_down();
    assert!(matches!(other_feed.next_head(), Err(LiveEnd::Lost(_))));
}

#[tokio::test]
async fn healthz_and_metrics_answer() {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let app = router(Arc::new(AppState::new(
        Arc::new(store),
        b"test secret of at least thirty-two bytes",
        10,
    )));
    let response = app
        .clone()
        .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.contains("suanpan_relay_entries_stored 0"), "{text}");
    assert!(
        text.contains("# TYPE suanpan_relay_pushes_total counter"),
        "{text}"
    );
}
