//! Hostile requests into the relay's decoding: whatever body, path or header comes in, the
//! answer is the relay's own error shape with a 4xx status (or success), never a 5xx, never a
//! panic. Property tests (proptest) standing in for `cargo fuzz` targets, which need the
//! libfuzzer-sys crate this build machine cannot fetch; `PROPTEST_CASES` runs them longer.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use proptest::prelude::*;
use suanpan_sync_server::api::{router, AppState};
use suanpan_sync_server::store::{Account, SqliteStore, Store};
use tower::ServiceExt;

struct Relay {
    _dir: tempfile::TempDir,
    state: Arc<AppState>,
    bearer: String,
    runtime: tokio::runtime::Runtime,
}

fn relay() -> Relay {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("relay.db")).unwrap();
    let account = Account {
        id: "a1".into(),
        tenant_id: "t1".into(),
        email: "fuzz@example.com".into(),
        password_hash: "not a hash".into(),
    };
    store.create_tenant("t1", "Fuzz", &account, 0).unwrap();
    store
        .add_device(
            "t1",
            &suanpan_sync_server::store::Device {
                id: "d1".into(),
                name: "desk".into(),
                created_at_ms: 0,
                last_seen_ms: 0,
                revoked: false,
            },
        )
        .unwrap();
    let state = Arc::new(AppState::new(
        Arc::new(store),
        b"test secret of at least thirty-two bytes",
        1_000_000,
    ));
    let bearer = format!("Bearer {}", state.tokens.issue("t1", "d1"));
    Relay {
        _dir: dir,
        state,
        bearer,
        runtime: tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap(),
    }
}

thread_local! {
    static RELAY: Relay = relay();
}

/// JSON-ish text: the relay's field names, brackets, quotes, numbers and base64 in any order.
fn jsonish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"entries\"".to_string()),
        Just("\"doc\"".to_string()),
        Just("\"blob\"".to_string()),
        Just("\"replace\"".to_string()),
        Just("\"refresh_token\"".to_string()),
        Just("\"offer\"".to_string()),
        Just("\"answer\"".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("\"AAEC\"".to_string()),
        Just("\"ab12\"".to_string()),
        Just("-1".to_string()),
        Just("1e400".to_string()),
        "\"[ -~]{0,10}\"",
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn send(method: &str, path: &str, body: String, authorised: bool) -> (StatusCode, Vec<u8>) {
    RELAY.with(|relay| {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .header(suanpan_wire::PROTOCOL_HEADER, suanpan_wire::PROTOCOL)
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        if authorised {
            request = request.header("authorization", &relay.bearer);
        }
        let request = request.body(Body::from(body)).unwrap();
        relay.runtime.block_on(async {
            let answer = router(relay.state.clone()).oneshot(request).await.unwrap();
            let status = answer.status();
            let body = axum::body::to_bytes(answer.into_body(), 1 << 24)
                .await
                .unwrap()
                .to_vec();
            (status, body)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_body_to_any_endpoint_is_answered_without_a_server_error(
        body in jsonish(),
        target in prop_oneof![
            Just(("POST", "/v1/feed", true)),
            Just(("POST", "/v1/tenants", false)),
            Just(("POST", "/v1/sessions", false)),
            Just(("POST", "/v1/sessions/refresh", false)),
            Just(("POST", "/v1/pairings", true)),
            Just(("POST", "/v1/pairings/1234/answer", true)),
            Just(("PUT", "/v1/files/ab12", true)),
        ],
    ) {
        let (method, path, authorised) = target;
        let (status, answer) = send(method, path, body, authorised);
        prop_assert!(!status.is_server_error(), "{method} {path}: {status}");
        if !status.is_success() {
            // Axum's own refusals of a body that is not JSON are plain text; the relay's are
            // its error shape. Either way, no panic and nothing internal.
            let text = String::from_utf8_lossy(&answer);
            prop_assert!(!text.contains("panicked"), "{text}");
        }
    }

    #[test]
    fn any_path_and_query_is_answered_without_a_server_error(
        path in "/v1/[a-z/%?=&0-9.-]{0,40}",
    ) {
        prop_assume!(path.parse::<axum::http::Uri>().is_ok());
        let (status, _) = send("GET", &path, String::new(), true);
        prop_assert!(!status.is_server_error(), "GET {path}: {status}");
    }
}
