//! The relay as a real server on a loopback port, driven by the core's HTTP client: devices
//! converge through it, it stores only ciphertext, tenants are isolated, and tokens are
//! checked (revoked, spent, rate limits).

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::json;
use suanpan_core::kernel::access::Caller;
use suanpan_core::store::docs::Op;
use suanpan_core::sync::device::SyncConnect;
use suanpan_core::sync::http::{HttpRelay, RelaySession};
use suanpan_core::sync::live::{LiveEnd, LiveFeed};
use suanpan_core::sync::pairing::PairingState;
use suanpan_core::sync::{Entry, Relay, Sealed, SyncKey};
use suanpan_core::{Core, ErrorCode};
use suanpan_sync_server::api::{router, AppState};
use suanpan_sync_server::pg::PgStore;
use suanpan_sync_server::store::{SqliteStore, Store};

const PASSWORD: &str = "relay-password-1";

#[derive(Clone, Copy, Debug)]
enum Backend {
    Sqlite,
    Postgres,
}

struct Server {
    url: String,
    dir: tempfile::TempDir,
    state: Arc<AppState>,
    backend: Backend,
    /// PostgreSQL: the connection string of this test's own schema.
    pg_url: Option<String>,
}

impl Server {
    /// Everything the relay has stored, as raw bytes: what someone with its disk would see.
    fn stored_bytes(&self) -> Vec<u8> {
        match self.backend {
            Backend::Sqlite => ["relay.db", "relay.db-wal"]
                .iter()
                .flat_map(|f| std::fs::read(self.dir.path().join(f)).unwrap_or_default())
                .collect(),
            Backend::Postgres => {
                let url = self.pg_url.as_deref().unwrap();
                let mut client = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
                let mut out = Vec::new();
                for query in [
                    "SELECT convert_to(name, 'UTF8') FROM tenants",
                    "SELECT blob FROM feed",
                    "SELECT blob FROM files",
                    "SELECT offer FROM pairings",
                    "SELECT coalesce(answer, ''::bytea) FROM pairings",
                    "SELECT coalesce(sealed, ''::bytea) FROM pairings",
                ] {
                    for row in client.query(query, &[]).unwrap() {
                        out.extend_from_slice(&row.get::<_, Vec<u8>>(0));
                    }
                }
                out
            }
        }
    }
}

/// A PostgreSQL schema of this test's own, on the server SUANPAN_TEST_POSTGRES_URL names
/// (scripts/test.sh starts one). Without it the PostgreSQL runs are skipped, unless
/// SUANPAN_REQUIRE_POSTGRES is set (CI), where they fail.
fn pg_schema() -> Option<String> {
    let Ok(url) = std::env::var("SUANPAN_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("SUANPAN_REQUIRE_POSTGRES").is_none(),
            "SUANPAN_TEST_POSTGRES_URL is not set (scripts/test.sh starts a server)"
        );
        eprintln!("skipped: SUANPAN_TEST_POSTGRES_URL is not set");
        return None;
    };
    let schema = format!("relay_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    Some(format!("{url} options='-c search_path={schema}'"))
}

/// Starts a relay on its own runtime thread, on the given storage; it lives until the test
/// process ends. `None`: PostgreSQL is not available here (see `pg_schema`).
fn start(backend: Backend, logins_per_minute: u32) -> Option<Server> {
    start_with(backend, logins_per_minute, |state| state)
}

/// `start`, with the relay's state set up by `configure` (a quota, a limit).
fn start_with(
    backend: Backend,
    logins_per_minute: u32,
    configure: impl FnOnce(AppState) -> AppState,
) -> Option<Server> {
    let dir = tempfile::tempdir().unwrap();
    let (store, pg_url): (Arc<dyn Store>, _) = match backend {
        Backend::Sqlite => (
            Arc::new(SqliteStore::open(&dir.path().join("relay.db")).unwrap()),
            None,
        ),
        Backend::Postgres => {
            let url = pg_schema()?;
            (Arc::new(PgStore::open(&url).unwrap()), Some(url))
        }
    };
    let (url, state) = serve(store, logins_per_minute, configure);
    Some(Server {
        url,
        dir,
        state,
        backend,
        pg_url,
    })
}

/// Serves a relay on `store` on its own runtime thread, until the test process ends.
fn serve(
    store: Arc<dyn Store>,
    logins_per_minute: u32,
    configure: impl FnOnce(AppState) -> AppState,
) -> (String, Arc<AppState>) {
    let state = Arc::new(configure(AppState::new(
        store,
        b"test secret of at least thirty-two bytes",
        logins_per_minute,
    )));
    let addr = suanpan_sync_server::serve::spawn_for_tests(
        router(state.clone()),
        suanpan_sync_server::serve::ConnectionLimits::default(),
    );
    (format!("http://{addr}"), state)
}

/// Each story runs against both stores: the embedded SQLite one and PostgreSQL.
macro_rules! on_both_stores {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $story() { super::$story(super::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $story() { super::$story(super::Backend::Postgres) } )*
        }
    };
}

on_both_stores!(
    two_devices_converge_through_the_relay_which_sees_only_ciphertext,
    one_tenant_never_sees_another,
    a_revoked_device_is_cut_off_at_once_and_refresh_tokens_are_single_use,
    a_refresh_retried_at_once_after_a_lost_answer_still_works,
    wrong_passwords_are_refused_and_sign_ins_are_rate_limited,
    an_email_may_hold_several_companies_and_sign_up_does_not_tell_which_exist,
    new_companies_are_rate_limited_per_address,
    a_replacement_drops_the_documents_older_entries_from_the_relay,
    the_live_feed_tells_the_tenants_devices_where_the_feed_stands,
    a_new_device_pairs_by_code_and_the_relay_never_holds_the_key,
    a_wrong_pairing_code_gets_one_guess_and_no_key,
    pairing_attempts_are_rate_limited_per_tenant,
    attached_files_are_kept_sealed_once_and_only_for_their_tenant,
    entries_over_4_mib_are_refused_and_a_pull_answers_under_16_mib,
    attached_files_have_a_quota_and_forgotten_ones_leave_after_their_keeping_time,
);

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
        origin: None,
    })
    .unwrap()
}

fn two_devices_converge_through_the_relay_which_sees_only_ciphertext(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
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

    let stored = String::from_utf8_lossy(&server.stored_bytes()).into_owned();
    assert!(
        !stored.contains("zhang@example.com"),
        "the relay holds plaintext"
    );
    assert!(
        !stored.contains("Relay Shop"),
        "the relay holds the company's name"
    );
    let devices = a.devices().unwrap();
    assert_eq!(devices.len(), 2);
}

fn one_tenant_never_sees_another(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
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

fn a_revoked_device_is_cut_off_at_once_and_refresh_tokens_are_single_use(backend: Backend) {
    // No leeway for a lost answer: a second use is a copy at once.
    let Some(server) = start_with(backend, 100, |state| state.with_refresh_leeway(0)) else {
        return;
    };
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
    assert!(err.message.contains("sign in again"), "{err:?}");
    // ...and, used twice, it was copied: the device is revoked, so the rotated session (whoever
    // holds it) stops working at once too.
    let laptop_id = rotated.session().device_id.clone();
    let err = rotated.pull(0, 10).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated, "{err:?}");
    let listed = owner.devices().unwrap();
    assert!(listed.iter().find(|d| d.id == laptop_id).unwrap().revoked);

    // A lost device is revoked by the owner: its still-valid access token stops at once.
    let mut phone = HttpRelay::sign_in(&server.url, "o@example.com", PASSWORD, "phone").unwrap();
    phone.pull(0, 10).unwrap();
    let phone_id = phone.session().device_id.clone();
    owner.revoke(&phone_id).unwrap();
    let err = phone.pull(0, 10).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated, "{err:?}");
    let listed = owner.devices().unwrap();
    let row = listed.iter().find(|d| d.id == phone_id).unwrap();
    assert!(row.revoked);
}

/// A refresh whose answer was lost on the way is retried with the same token: within the
/// relay's leeway that is not a copy, and the device goes on.
fn a_refresh_retried_at_once_after_a_lost_answer_still_works(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    let laptop = HttpRelay::sign_in(
        &HttpRelay::sign_up(&server.url, "Shop", "lost@example.com", PASSWORD, "desk")
            .unwrap()
            .session()
            .url
            .clone(),
        "lost@example.com",
        PASSWORD,
        "laptop",
    )
    .unwrap();
    let before = laptop.session().clone();
    let expired = |session: &RelaySession| {
        HttpRelay::resume(RelaySession {
            access_token: "garbage".into(),
            ..session.clone()
        })
        .unwrap()
    };
    // The first refresh's answer never reached the laptop; it tries again with the same token.
    expired(&before).pull(0, 10).unwrap();
    let mut retried = expired(&before);
    retried.pull(0, 10).unwrap();
    retried.pull(0, 10).unwrap();
    assert_ne!(retried.session().refresh_token, before.refresh_token);
}

fn wrong_passwords_are_refused_and_sign_ins_are_rate_limited(backend: Backend) {
    let Some(server) = start(backend, 3) else {
        return;
    };
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

fn new_companies_are_rate_limited_per_address(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    // Ten an hour from one address (all of these come from 127.0.0.1).
    for i in 0..suanpan_sync_server::api::SIGNUPS_PER_HOUR {
        HttpRelay::sign_up(
            &server.url,
            "Shop",
            &format!("s{i}@example.com"),
            PASSWORD,
            "desk",
        )
        .unwrap();
    }
    let err = HttpRelay::sign_up(
        &server.url,
        "Shop",
        "one-more@example.com",
        PASSWORD,
        "desk",
    )
    .err()
    .unwrap();
    assert!(
        err.message.contains("too many new companies"),
        "{}",
        err.message
    );
    // Signing in is another allowance.
    HttpRelay::sign_in(&server.url, "s0@example.com", PASSWORD, "till").unwrap();
    server.state.prune_limiters();
}

fn a_replacement_drops_the_documents_older_entries_from_the_relay(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
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
    // The totals /metrics reports are kept as entries come and go: what is stored now.
    let bytes: usize = feed.iter().map(|e| e.sealed.blob.len()).sum();
    assert_eq!(
        server.state.store.totals().unwrap(),
        (2, bytes as u64),
        "counted, not scanned"
    );
}

/// A relay made before the totals were kept counts them once, from its feed, when it opens.
#[test]
fn an_older_relay_database_gets_its_totals_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL,
                 created_at_ms INTEGER NOT NULL, last_seq INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE feed (tenant_id TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL,
                 replace INTEGER NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (tenant_id, seq))
                 WITHOUT ROWID;
             CREATE TABLE accounts (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants (id),
                 email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL);
             CREATE TABLE refresh_tokens (token_hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL,
                 device_id TEXT NOT NULL, expires_ms INTEGER NOT NULL);
             INSERT INTO tenants VALUES ('t1', 'Shop', 0, 2), ('t2', 'Other', 0, 1);
             INSERT INTO accounts VALUES ('a1', 't1', 'x@example.com', 'hash');
             INSERT INTO feed VALUES ('t1', 1, 'a', 0, x'010203'), ('t1', 2, 'b', 0, x'0405'),
                                     ('t2', 1, 'c', 0, x'06');",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.totals().unwrap(), (3, 6));
    // An email may now hold a second company; refresh tokens keep when they were spent.
    let second = suanpan_sync_server::store::Account {
        id: "a2".into(),
        tenant_id: "t3".into(),
        email: "x@example.com".into(),
        password_hash: "hash".into(),
    };
    store.create_tenant("t3", "Third", &second, 1).unwrap();
    let held: Vec<String> = store
        .accounts_by_email("x@example.com", 5)
        .unwrap()
        .into_iter()
        .map(|a| a.tenant_id)
        .collect();
    assert_eq!(held, ["t1", "t3"]);
    store.put_refresh("h1", "t1", "d1", i64::MAX).unwrap();
    drop(store);
    // Opened again: counted already, not again.
    assert_eq!(SqliteStore::open(&path).unwrap().totals().unwrap(), (3, 6));
}

fn the_live_feed_tells_the_tenants_devices_where_the_feed_stands(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
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
    // Three pushes so far, each timed.
    assert!(
        metrics.contains("suanpan_relay_push_seconds_count 3")
            && metrics.contains("suanpan_relay_push_seconds_bucket{le=\"+Inf\"} 3"),
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
    assert!(
        text.contains("# TYPE suanpan_relay_push_seconds histogram")
            && text.contains("suanpan_relay_push_seconds_bucket{le=\"+Inf\"} 0"),
        "{text}"
    );
}

fn connect_owner(server: &Server, email: &str) -> (Core, String) {
    let (mut core, token) = owner_core();
    core.sync_connect(
        Caller::Token(&token),
        SyncConnect {
            relay_url: server.url.clone(),
            email: email.into(),
            password: PASSWORD.into(),
            device_name: "counter".into(),
            create: Some(true),
            key: None,
            pairing_code: None,
        },
    )
    .unwrap();
    (core, token)
}

fn join_by_code(
    url: String,
    email: &str,
    code: String,
) -> std::thread::JoinHandle<Result<Core, suanpan_core::Error>> {
    let email = email.to_string();
    std::thread::spawn(move || {
        let mut core = Core::open_in_memory().unwrap();
        core.sync_connect(
            Caller::Nobody,
            SyncConnect {
                relay_url: url,
                email,
                password: PASSWORD.into(),
                device_name: "new laptop".into(),
                create: None,
                key: None,
                pairing_code: Some(code),
            },
        )?;
        Ok(core)
    })
}

/// The connected device's side while its code is shown: polls until the pairing is done.
fn serve_pairing(core: &mut Core, token: &str) -> PairingState {
    for _ in 0..200 {
        let status = core
            .sync_pair_status(Caller::Token(token))
            .unwrap()
            .unwrap();
        if matches!(status.state, PairingState::Done | PairingState::Expired) {
            return status.state;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the pairing did not finish");
}

fn a_new_device_pairs_by_code_and_the_relay_never_holds_the_key(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    let (mut owner, token) = connect_owner(&server, "pair@example.com");
    owner
        .call(
            Some(&token),
            "customers.create",
            json!({"name": "配对客户"}),
        )
        .unwrap();
    owner.sync_now(Caller::Token(&token)).unwrap();
    let key = owner.sync_key(Caller::Token(&token)).unwrap();

    let shown = owner.sync_pair_start(Caller::Token(&token)).unwrap();
    assert_eq!(shown.state, PairingState::Waiting);
    assert!(
        shown.code.len() == 11 && shown.code.as_bytes()[4] == b'-',
        "{}",
        shown.code
    );
    // Typed with a space instead of the dash.
    let joining = join_by_code(
        server.url.clone(),
        "pair@example.com",
        shown.code.replace('-', " "),
    );
    // While the key is on its way, the relay's copy of the mailbox holds no key in clear.
    let state = serve_pairing(&mut owner, &token);
    assert_eq!(state, PairingState::Done);
    let mut laptop = joining
        .join()
        .unwrap()
        .expect("the new device joined by code");
    let stored = server.stored_bytes();
    let raw = hex::decode(&key).unwrap();
    assert!(
        !stored.windows(raw.len()).any(|w| w == raw.as_slice()),
        "the relay holds the sync key"
    );

    // The new device has the company's key: it reads what the owner's device wrote.
    laptop.sync_now(Caller::Nobody).unwrap();
    let session = laptop
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": "correct-horse-9"}),
        )
        .unwrap();
    let token_b = session["token"].as_str().unwrap().to_string();
    assert_eq!(laptop.sync_key(Caller::Token(&token_b)).unwrap(), key);
    let found = laptop
        .call(Some(&token_b), "customers.list", json!({"search": "配对"}))
        .unwrap();
    assert_eq!(found["total"], 1);
    // The code is spent.
    let again = join_by_code(server.url.clone(), "pair@example.com", shown.code.clone());
    let err = again.join().unwrap().err().unwrap();
    assert_eq!(err.field.as_deref(), Some("pairing_code"), "{err:?}");
}

fn a_wrong_pairing_code_gets_one_guess_and_no_key(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    let (mut owner, token) = connect_owner(&server, "guess@example.com");
    let shown = owner.sync_pair_start(Caller::Token(&token)).unwrap();
    let (code_id, secret) = shown.code.split_once('-').unwrap();
    let wrong_secret = if secret == "000000" {
        "000001"
    } else {
        "000000"
    };
    let joining = join_by_code(
        server.url.clone(),
        "guess@example.com",
        format!("{code_id}-{wrong_secret}"),
    );
    // The owner's device seals the key for whoever answered; a wrong guess cannot open it.
    for _ in 0..100 {
        let status = owner
            .sync_pair_status(Caller::Token(&token))
            .unwrap()
            .unwrap();
        if status.state == PairingState::Sent {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let err = joining.join().unwrap().err().unwrap();
    assert_eq!(err.field.as_deref(), Some("pairing_code"), "{err:?}");
    // The right code now comes too late: the mailbox took its one answer.
    let late = join_by_code(server.url.clone(), "guess@example.com", shown.code.clone());
    let err = late.join().unwrap().err().unwrap();
    assert_eq!(err.field.as_deref(), Some("pairing_code"), "{err:?}");
    // Given up, nothing is under way.
    owner.sync_pair_cancel(Caller::Token(&token)).unwrap();
    assert!(owner
        .sync_pair_status(Caller::Token(&token))
        .unwrap()
        .is_none());
    // Pairing hands out the key: owners only.
    owner
        .call(
            Some(&token),
            "users.create",
            json!({"name": "Mia", "email": "mia@example.com", "role": "manager", "password": "manager-pass-1"}),
        )
        .unwrap();
    let mia = owner
        .call(
            None,
            "users.auth.login",
            json!({"email": "mia@example.com", "password": "manager-pass-1"}),
        )
        .unwrap();
    let err = owner
        .sync_pair_start(Caller::Token(mia["token"].as_str().unwrap()))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::Forbidden, "{err:?}");
}

fn pairing_attempts_are_rate_limited_per_tenant(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    let mut device =
        HttpRelay::sign_up(&server.url, "Shop", "rate@example.com", PASSWORD, "desk").unwrap();
    let mut refused = None;
    for _ in 0..=suanpan_sync_server::api::PAIRINGS_PER_MINUTE {
        if let Err(err) = device.pair_open(b"offer") {
            refused = Some(err);
            break;
        }
    }
    let err = refused.expect("the limit applies");
    assert!(err.message.contains("too many pairing"), "{}", err.message);
}

#[test]
fn relay_processes_sharing_one_postgres_database_keep_one_feed_in_push_order() {
    let Some(url) = pg_schema() else {
        return;
    };
    // Two stateless relays (same token secret) on one database, as behind a load balancer.
    let (url_a, _) = serve(Arc::new(PgStore::open(&url).unwrap()), 100, |s| s);
    let (url_b, _) = serve(Arc::new(PgStore::open(&url).unwrap()), 100, |s| s);
    let key = SyncKey::generate();
    let desk = HttpRelay::sign_up(&url_a, "Shop", "lb@example.com", PASSWORD, "desk").unwrap();
    let till = HttpRelay::sign_in(&url_b, "lb@example.com", PASSWORD, "till").unwrap();
    let pushers: Vec<_> = [(desk, "desk"), (till, "till")]
        .into_iter()
        .map(|(mut relay, name)| {
            let key = key.clone();
            std::thread::spawn(move || {
                for push in 0..20 {
                    let batch: Vec<Sealed> = (0..5)
                        .map(|i| sealed(&key, &format!("{name}-{push}-{i}"), Op::Changes))
                        .collect();
                    relay.push(&batch).unwrap();
                }
                relay
            })
        })
        .collect();
    let mut relays: Vec<HttpRelay> = pushers.into_iter().map(|p| p.join().unwrap()).collect();
    // A token issued by one relay works on the other: they are one service.
    let mut through_b = HttpRelay::resume(RelaySession {
        url: url_b.clone(),
        ..relays[0].session().clone()
    })
    .unwrap();
    let mut feed = Vec::new();
    while let Ok(batch) = through_b.pull(feed.len() as u64, 500) {
        if batch.is_empty() {
            break;
        }
        feed.extend(batch);
    }
    let seqs: Vec<u64> = feed.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=200).collect::<Vec<_>>(), "one gapless feed");
    // Every push's five entries sit together, in the order given.
    for chunk in feed.chunks(5) {
        let docs: Vec<&str> = chunk.iter().map(|e| e.sealed.doc.as_str()).collect();
        let first = relays[0].pull(chunk[0].seq - 1, 5).unwrap();
        assert_eq!(
            first
                .iter()
                .map(|e| e.sealed.doc.as_str())
                .collect::<Vec<_>>(),
            docs
        );
        let tags: Vec<String> = (0..5)
            .map(|i| {
                let stem = (0..20)
                    .flat_map(|push| ["desk", "till"].map(|n| format!("{n}-{push}-")))
                    .find(|stem| key.tag(&format!("{stem}0")) == docs[0])
                    .expect("the chunk starts a push");
                key.tag(&format!("{stem}{i}"))
            })
            .collect();
        assert_eq!(docs, tags.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

fn attached_files_are_kept_sealed_once_and_only_for_their_tenant(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    let key = SyncKey::generate();
    let mut shop1 =
        HttpRelay::sign_up(&server.url, "Shop 1", "one@example.com", PASSWORD, "d1").unwrap();
    let mut laptop = HttpRelay::sign_in(&server.url, "one@example.com", PASSWORD, "d2").unwrap();
    let mut shop2 =
        HttpRelay::sign_up(&server.url, "Shop 2", "two@example.com", PASSWORD, "d3").unwrap();
    let hash = "7f".repeat(32);
    let receipt = b"%PDF-1.7 receipt: 2 boxes of green tea".repeat(2000);
    let (name, blob) = key.seal_file(&hash, &receipt).unwrap();
    shop1.put_file(&name, &blob).unwrap();
    // Sent again (a lost acknowledgement): the first stays.
    let (_, again) = key.seal_file(&hash, &receipt).unwrap();
    shop1.put_file(&name, &again).unwrap();
    let fetched = laptop.get_file(&name).unwrap().expect("the file is there");
    assert_eq!(fetched, blob);
    assert_eq!(key.open_file(&hash, &fetched).unwrap(), receipt);
    // Another tenant cannot read it, nor a name nobody sent.
    assert_eq!(shop2.get_file(&name).unwrap(), None);
    assert_eq!(laptop.get_file(&"0".repeat(32)).unwrap(), None);
    // Names are hex tags; bodies are bounded.
    for bad in ["zz", &"a".repeat(65)] {
        let err = laptop.put_file(bad, &blob).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{err:?}");
        assert!(err.message.contains("name"), "{err:?}");
    }
    let err = laptop.put_file(&"ab".repeat(16), &[]).unwrap_err();
    assert!(err.message.contains("blob"), "{err:?}");
    let stored = server.stored_bytes();
    assert!(
        !stored.windows(9).any(|w| w == b"green tea"),
        "the relay holds the receipt in the clear"
    );
}

#[tokio::test]
async fn metrics_answer_this_computer_or_the_holder_of_the_metrics_token() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let state = |token: Option<&str>| {
        let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
        Arc::new(
            AppState::new(
                Arc::new(store),
                b"test secret of at least thirty-two bytes",
                10,
            )
            .with_metrics_token(token.map(str::to_string)),
        )
    };
    let from = |ip: [u8; 4], bearer: Option<&str>| {
        let mut request =
            Request::get("/metrics").extension(ConnectInfo(SocketAddr::from((ip, 40000))));
        if let Some(token) = bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        request.body(Body::empty()).unwrap()
    };
    // No token configured: this computer reads them, the network does not.
    let open = router(state(None));
    let status = |r: axum::response::Response| r.status();
    assert_eq!(
        status(
            open.clone()
                .oneshot(from([127, 0, 0, 1], None))
                .await
                .unwrap()
        ),
        StatusCode::OK
    );
    assert_eq!(
        status(open.oneshot(from([10, 0, 0, 7], None)).await.unwrap()),
        StatusCode::UNAUTHORIZED
    );
    // A token configured: only its holder, from anywhere.
    let guarded = router(state(Some("scrape-token-of-some-length")));
    for (ip, bearer, expected) in [
        (
            [10, 0, 0, 7],
            Some("scrape-token-of-some-length"),
            StatusCode::OK,
        ),
        (
            [10, 0, 0, 7],
            Some("scrape-token-of-some-lengtX"),
            StatusCode::UNAUTHORIZED,
        ),
        ([10, 0, 0, 7], None, StatusCode::UNAUTHORIZED),
        ([127, 0, 0, 1], None, StatusCode::UNAUTHORIZED),
    ] {
        let answer = guarded.clone().oneshot(from(ip, bearer)).await.unwrap();
        assert_eq!(answer.status(), expected, "{ip:?} {bearer:?}");
    }
}

fn entries_over_4_mib_are_refused_and_a_pull_answers_under_16_mib(backend: Backend) {
    use suanpan_sync_server::api::{BODY_MAX_BYTES, ENTRY_MAX_BYTES};
    let Some(server) = start(backend, 100) else {
        return;
    };
    let key = SyncKey::generate();
    let mut device =
        HttpRelay::sign_up(&server.url, "Shop", "big@example.com", PASSWORD, "desk").unwrap();
    let entry = |name: &str, fill: u8, len: usize| Sealed {
        doc: key.tag(name),
        replace: false,
        blob: vec![fill; len],
    };
    let err = device
        .push(&[entry("small", 1, 10), entry("big", 2, ENTRY_MAX_BYTES + 1)])
        .unwrap_err();
    assert!(
        err.message.contains("entries[1].blob") && err.message.contains("4 MiB"),
        "{err:?}"
    );
    // Nothing of the refused push was kept.
    assert!(device.pull(0, 500).unwrap().is_empty());

    // Six entries of 3 MiB (4 MiB each in base64), pushed three at a time.
    for push in 0..2u8 {
        let batch: Vec<Sealed> = (0..3u8)
            .map(|i| entry(&format!("e{push}{i}"), push * 3 + i, 3 << 20))
            .collect();
        device.push(&batch).unwrap();
    }
    let token = device.session().access_token.clone();
    let client = reqwest::blocking::Client::new();
    let mut seen = Vec::new();
    loop {
        let since = seen.last().copied().unwrap_or(0);
        let body = client
            .get(format!("{}/v1/feed?since={since}&limit=500", server.url))
            .bearer_auth(&token)
            .header(suanpan_wire::PROTOCOL_HEADER, suanpan_wire::PROTOCOL)
            .send()
            .unwrap()
            .bytes()
            .unwrap();
        assert!(
            body.len() <= BODY_MAX_BYTES,
            "a pull of {} bytes",
            body.len()
        );
        let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let entries = answer["entries"].as_array().unwrap();
        if entries.is_empty() {
            break;
        }
        assert!(entries.len() <= 3, "{} entries in one pull", entries.len());
        for e in entries {
            use base64::Engine as _;
            let blob = base64::engine::general_purpose::STANDARD
                .decode(e["blob"].as_str().unwrap())
                .unwrap();
            let seq = e["seq"].as_u64().unwrap();
            assert_eq!(blob, vec![seq as u8 - 1; 3 << 20], "entry {seq} whole");
            seen.push(seq);
        }
    }
    assert_eq!(seen, (1..=6).collect::<Vec<u64>>());
    // The device's own client reads the same feed in the same steps.
    assert_eq!(device.pull(0, 500).unwrap().len(), 3);
}

fn attached_files_have_a_quota_and_forgotten_ones_leave_after_their_keeping_time(backend: Backend) {
    use suanpan_sync_server::api::{now_ms, FORGOTTEN_KEPT_MS};
    let Some(server) = start_with(backend, 100, |state| state.with_files_quota(100_000)) else {
        return;
    };
    let key = SyncKey::generate();
    let mut desk =
        HttpRelay::sign_up(&server.url, "Shop", "files@example.com", PASSWORD, "desk").unwrap();
    let (first, first_blob) = key.seal_file(&"1a".repeat(32), &[1; 60_000]).unwrap();
    let (second, second_blob) = key.seal_file(&"2b".repeat(32), &[2; 60_000]).unwrap();
    desk.put_file(&first, &first_blob).unwrap();
    let err = desk.put_file(&second, &second_blob).unwrap_err();
    assert!(
        err.message.contains("attached files take") && err.message.contains("MiB"),
        "{err:?}"
    );
    assert_eq!(desk.get_file(&second).unwrap(), None);

    // Forgotten, then asked for again by a device that still refers to it: kept.
    desk.forget_file(&first).unwrap();
    let later = now_ms() + FORGOTTEN_KEPT_MS + 1;
    assert_eq!(
        server.state.purge_files(now_ms()).unwrap(),
        0,
        "kept a while"
    );
    assert!(desk.get_file(&first).unwrap().is_some());
    assert_eq!(
        server.state.purge_files(later).unwrap(),
        0,
        "asked for since"
    );
    // Forgotten and left alone past the keeping time: gone, and its room is free.
    desk.forget_file(&first).unwrap();
    let later = now_ms() + FORGOTTEN_KEPT_MS + 1;
    assert_eq!(server.state.purge_files(later).unwrap(), 1);
    assert_eq!(desk.get_file(&first).unwrap(), None);
    desk.put_file(&second, &second_blob).unwrap();
    assert!(desk.get_file(&second).unwrap().is_some());
}

/// A body over the limit is refused in the relay's error shape (not bare text).
#[tokio::test]
async fn a_body_over_16_mib_is_refused_as_too_large() {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let state = Arc::new(AppState::new(
        Arc::new(store),
        b"test secret of at least thirty-two bytes",
        10,
    ));
    let answer = router(state)
        .oneshot(
            Request::post("/v1/sessions/refresh")
                .header("content-type", "application/json")
                .header(suanpan_wire::PROTOCOL_HEADER, suanpan_wire::PROTOCOL)
                .body(Body::from(vec![
                    b' ';
                    suanpan_sync_server::api::BODY_MAX_BYTES + 1
                ]))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = axum::body::to_bytes(answer.into_body(), 1 << 16)
        .await
        .unwrap();
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error"]["code"], "too_large", "{error}");
}

/// A connection that never finishes its headers is closed, not held for ever.
#[test]
fn a_connection_that_never_sends_its_headers_is_closed() {
    use std::io::{Read, Write};
    use suanpan_sync_server::serve::{spawn_for_tests, ConnectionLimits};
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let state = Arc::new(AppState::new(
        Arc::new(store),
        b"test secret of at least thirty-two bytes",
        10,
    ));
    let addr = spawn_for_tests(
        router(state),
        ConnectionLimits {
            header_timeout: std::time::Duration::from_secs(1),
            idle_timeout: std::time::Duration::from_secs(2),
            ..ConnectionLimits::default()
        },
    );
    for opening in [&b""[..], b"GET /healthz HTTP/1.1\r\nHost: x\r\n"] {
        let mut slow = std::net::TcpStream::connect(addr).unwrap();
        slow.write_all(opening).unwrap();
        // Generous: the relay's limit is 1 s; this only stops a hung test.
        slow.set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        let mut answer = Vec::new();
        match slow.read_to_end(&mut answer) {
            Ok(_) => {}
            Err(err) => assert_ne!(
                err.kind(),
                std::io::ErrorKind::WouldBlock,
                "still open after 60 s"
            ),
        }
        let text = String::from_utf8_lossy(&answer);
        assert!(!text.contains("200 OK"), "{text}");
    }
    // A request sent whole is answered.
    let health = reqwest::blocking::get(format!("http://{addr}/healthz")).unwrap();
    assert!(health.status().is_success());
}

/// A live-feed message over 1 MiB closes the feed.
#[test]
fn a_live_feed_message_over_1_mib_closes_the_feed() {
    use tungstenite::client::IntoClientRequest;
    let Some(server) = start(Backend::Sqlite, 100) else {
        return;
    };
    let relay =
        HttpRelay::sign_up(&server.url, "Shop", "ws@example.com", PASSWORD, "desk").unwrap();
    let mut request = format!("{}/v1/feed/live", server.url.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert(suanpan_wire::PROTOCOL_HEADER, suanpan_wire::PROTOCOL.into());
    request.headers_mut().insert(
        "authorization",
        format!("Bearer {}", relay.session().access_token)
            .parse()
            .unwrap(),
    );
    let (mut socket, _) = tungstenite::connect(request).unwrap();
    if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_mut() {
        // The relay pings nothing: a feed left open would block this test for ever.
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
    }
    let first = socket.read().unwrap();
    assert!(first.to_text().unwrap().contains("head"), "{first:?}");
    // The relay refuses the message and closes, while it is sent or at the next read.
    let mut closed = socket
        .send(tungstenite::Message::text("x".repeat(2 << 20)))
        .is_err();
    for _ in 0..10 {
        if closed {
            break;
        }
        match socket.read() {
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                break;
            }
            Ok(tungstenite::Message::Close(_)) | Err(_) => {
                closed = true;
                break;
            }
            Ok(_) => {}
        }
    }
    assert!(closed, "the feed stayed open");
}

/// An app that speaks an older sync protocol is told to update, not served half a feed.
#[test]
fn an_app_on_an_older_sync_protocol_is_told_to_update() {
    let Some(server) = start(Backend::Sqlite, 100) else {
        return;
    };
    let relay =
        HttpRelay::sign_up(&server.url, "Shop", "old@example.com", PASSWORD, "desk").unwrap();
    let client = reqwest::blocking::Client::new();
    for (path, spoken) in [
        ("/v1/feed?since=0", None),
        ("/v1/feed?since=0", Some("1")),
        ("/v1/devices", None),
    ] {
        let mut request = client
            .get(format!("{}{path}", server.url))
            .bearer_auth(&relay.session().access_token);
        if let Some(version) = spoken {
            request = request.header(suanpan_wire::PROTOCOL_HEADER, version);
        }
        let answer = request.send().unwrap();
        assert_eq!(answer.status().as_u16(), 426, "{path} {spoken:?}");
        let body: serde_json::Value = serde_json::from_slice(&answer.bytes().unwrap()).unwrap();
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("update the app"),
            "{body}"
        );
    }
    // This app's client speaks the relay's protocol.
    let mut current = HttpRelay::resume(relay.session().clone()).unwrap();
    assert!(current.pull(0, 10).unwrap().is_empty());
}

fn an_email_may_hold_several_companies_and_sign_up_does_not_tell_which_exist(backend: Backend) {
    let Some(server) = start(backend, 100) else {
        return;
    };
    let email = "twice@example.com";
    let first = HttpRelay::sign_up(&server.url, "Tea shop", email, PASSWORD, "desk").unwrap();
    // Someone else signs up with the same email: answered as for a new one, a company apart.
    let other_password = "another-password-22";
    let second = HttpRelay::sign_up(&server.url, "Other", email, other_password, "pc").unwrap();
    assert_ne!(first.session().tenant_id, second.session().tenant_id);
    // Only the one who knows a company's password hears that it is there.
    let err = HttpRelay::sign_up(&server.url, "Again", email, PASSWORD, "desk")
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    assert!(err.message.contains("sign in"), "{err:?}");
    // Each password signs in to its own company.
    let a = HttpRelay::sign_in(&server.url, email, PASSWORD, "till").unwrap();
    assert_eq!(a.session().tenant_id, first.session().tenant_id);
    let b = HttpRelay::sign_in(&server.url, email, other_password, "laptop").unwrap();
    assert_eq!(b.session().tenant_id, second.session().tenant_id);
    let err = HttpRelay::sign_in(&server.url, email, "not-the-password", "x")
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::Unauthenticated, "{err:?}");
}
