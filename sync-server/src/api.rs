//! The relay's HTTP API, version 1 (docs/sync-protocol.md). JSON in and out; errors are
//! `{"error": {"code", "message"}}`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::sync::{watch, Semaphore};

use crate::auth::{Claims, Tokens};

mod files;
mod pairing;
use crate::store::{Account, Device, NewEntry, PutFile, Refresh, Store, StoreError};
pub use files::FORGOTTEN_KEPT_MS;
use files::{file_delete, file_get, file_put};
use pairing::{pairing_answer, pairing_close, pairing_get, pairing_open, pairing_seal};

/// The sizes both sides keep to (docs/sync-protocol.md, "Limits").
pub use suanpan_wire::{BATCH_MAX, BODY_MAX_BYTES, ENTRY_MAX_BYTES, FILE_MAX_BYTES};
/// Storage work waiting or running at once; past it a request waits up to `QUEUE_WAIT`.
pub const STORAGE_SLOTS: usize = 32;
/// Pull answers being built or sent at once: each holds at most `BODY_MAX_BYTES`.
pub const PULL_SLOTS: usize = 16;
/// Password hashes worked at once (sign-ups and sign-ins): each takes 19 MiB and a core for a
/// moment, so fifty devices signing in together must not take a gigabyte.
pub const HASH_SLOTS: usize = 2;
/// How long a request waits for a storage or pull slot before it is told the relay is busy.
pub const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// A request's whole time, from its headers to its answer (its body read included).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// What a company's attached files may take on this relay, unless told otherwise (1 GiB).
pub const FILES_QUOTA_BYTES: u64 = 1024 * 1024 * 1024;
pub const REFRESH_LIFETIME_MS: i64 = 90 * 24 * 60 * 60 * 1000;
/// A pairing mailbox lives ten minutes.
pub const PAIRING_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// Pairings opened, and answers tried, per tenant and minute.
pub const PAIRINGS_PER_MINUTE: u32 = 10;
/// New companies one client address may make per hour, unless told otherwise.
pub const SIGNUPS_PER_HOUR: u32 = 10;
/// SPAKE2 messages are 33 bytes and a sealed key under 100: room, but no storage for files.
const PAIRING_MESSAGE_MAX: usize = 1024;

pub struct AppState {
    pub store: Arc<dyn Store>,
    pub tokens: Tokens,
    /// Sign-in attempts per email and per client address.
    pub login_limit: DefaultKeyedRateLimiter<String>,
    /// Pairing mailboxes opened and answered, per tenant: a code cannot be guessed at speed.
    pub pairing_limit: DefaultKeyedRateLimiter<String>,
    /// New companies per client address: each costs an argon2 hash and a tenant's storage.
    pub signup_limit: DefaultKeyedRateLimiter<std::net::IpAddr>,
    /// The bearer token `/metrics` asks for; without one it answers this computer only.
    metrics_token: Option<String>,
    pub metrics: Metrics,
    /// Per tenant: what live feeds wait on (`GET /v1/feed/live`).
    signals: Mutex<HashMap<String, watch::Sender<TenantSignal>>>,
    /// Set once when the relay stops: live feeds close with "going away".
    shutdown: watch::Sender<bool>,
    /// The bounded queue in front of storage (`STORAGE_SLOTS`).
    storage_slots: Arc<Semaphore>,
    /// Pull answers in memory at once (`PULL_SLOTS`).
    pull_slots: Arc<Semaphore>,
    /// Password hashes worked at once (`HASH_SLOTS`).
    hash_slots: Arc<Semaphore>,
    /// What one company's attached files may take.
    files_quota_bytes: u64,
    /// The stored totals /metrics last read, and when: read at most every `TOTALS_FRESH`.
    totals: Mutex<Option<(std::time::Instant, (u64, u64))>>,
    /// How long after a refresh token is spent it may be used once more (its answer was lost
    /// on the way); past that, a second use revokes the device.
    refresh_leeway_ms: i64,
}

/// See [`AppState::with_refresh_leeway`].
pub const REFRESH_LEEWAY_MS: i64 = 30_000;

/// How long /metrics reuses the stored totals it read: scrapes, however many, cost the store
/// one small query per period.
pub const TOTALS_FRESH: Duration = Duration::from_secs(15);

/// What a tenant's live feeds are told: the feed's head moved, or a device was revoked (each
/// feed then checks that its own device still may listen).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TenantSignal {
    head: u64,
    revocations: u64,
}

/// Close codes of the live feed (docs/sync-protocol.md): the access token ran out (connect again
/// with a fresh one), the device was revoked.
pub const CLOSE_TOKEN_EXPIRED: u16 = 4001;
pub const CLOSE_REVOKED: u16 = 4003;

#[derive(Default)]
pub struct Metrics {
    pub pushes: AtomicU64,
    pub pulls: AtomicU64,
    pub entries_in: AtomicU64,
    pub entries_out: AtomicU64,
    pub refused: AtomicU64,
    /// Time to store a push, and to read a pull, in the store.
    pub push_latency: Histogram,
    pub pull_latency: Histogram,
    /// Live feeds open now (connected devices).
    pub live: AtomicU64,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, secret: &[u8], logins_per_minute: u32) -> AppState {
        let quota = Quota::per_minute(NonZeroU32::new(logins_per_minute.max(1)).expect("non-zero"));
        AppState {
            store,
            tokens: Tokens::new(secret),
            login_limit: RateLimiter::keyed(quota),
            pairing_limit: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(PAIRINGS_PER_MINUTE).expect("non-zero"),
            )),
            signup_limit: RateLimiter::keyed(signup_quota(SIGNUPS_PER_HOUR)),
            metrics_token: None,
            metrics: Metrics::default(),
            signals: Mutex::new(HashMap::new()),
            shutdown: watch::Sender::new(false),
            storage_slots: Arc::new(Semaphore::new(STORAGE_SLOTS)),
            pull_slots: Arc::new(Semaphore::new(PULL_SLOTS)),
            hash_slots: Arc::new(Semaphore::new(HASH_SLOTS)),
            files_quota_bytes: FILES_QUOTA_BYTES,
            totals: Mutex::new(None),
            refresh_leeway_ms: REFRESH_LEEWAY_MS,
        }
    }

    /// How long a spent refresh token may be presented again (an answer lost on the way)
    /// before a second use counts as a copy and revokes the device (30 s unless told).
    pub fn with_refresh_leeway(mut self, ms: i64) -> AppState {
        self.refresh_leeway_ms = ms;
        self
    }

    /// Lets each company keep `bytes` of attached files here (1 GiB unless told otherwise).
    pub fn with_files_quota(mut self, bytes: u64) -> AppState {
        self.files_quota_bytes = bytes;
        self
    }

    fn slots(&self) -> Arc<Semaphore> {
        self.storage_slots.clone()
    }

    /// Allows `per_hour` new companies per client address (10 unless told otherwise).
    pub fn with_signups_per_hour(mut self, per_hour: u32) -> AppState {
        self.signup_limit = RateLimiter::keyed(signup_quota(per_hour));
        self
    }

    /// Asks `/metrics` callers for this bearer token (a Prometheus on another machine); without
    /// one, `/metrics` answers connections from this computer only.
    pub fn with_metrics_token(mut self, token: Option<String>) -> AppState {
        self.metrics_token = token.filter(|t| !t.is_empty());
        self
    }

    /// Forgets the rate limiters' keys whose allowance is whole again, so that addresses and
    /// emails seen once do not stay in memory for ever. The server calls it every minute.
    pub fn prune_limiters(&self) {
        self.login_limit.retain_recent();
        self.login_limit.shrink_to_fit();
        self.pairing_limit.retain_recent();
        self.pairing_limit.shrink_to_fit();
        self.signup_limit.retain_recent();
        self.signup_limit.shrink_to_fit();
    }

    /// Tells every live feed to close; call when the server stops.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    fn signal(&self, tenant_id: &str, change: impl FnOnce(&mut TenantSignal)) {
        let mut signals = self.signals.lock().unwrap_or_else(|e| e.into_inner());
        signals
            .entry(tenant_id.to_string())
            .or_insert_with(|| watch::Sender::new(TenantSignal::default()))
            .send_modify(change);
    }

    fn subscribe(&self, tenant_id: &str) -> watch::Receiver<TenantSignal> {
        let mut signals = self.signals.lock().unwrap_or_else(|e| e.into_inner());
        signals
            .entry(tenant_id.to_string())
            .or_insert_with(|| watch::Sender::new(TenantSignal::default()))
            .subscribe()
    }
}

fn signup_quota(per_hour: u32) -> Quota {
    Quota::per_hour(NonZeroU32::new(per_hour.max(1)).expect("non-zero"))
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/tenants", post(create_tenant))
        .route("/v1/sessions", post(sign_in))
        .route("/v1/sessions/refresh", post(refresh))
        .route("/v1/devices", get(devices))
        .route("/v1/devices/{id}/revoke", post(revoke))
        .route("/v1/feed", post(push).get(pull))
        .route("/v1/feed/live", get(live))
        .route("/v1/pairings", post(pairing_open))
        .route(
            "/v1/pairings/{code}",
            get(pairing_get).delete(pairing_close),
        )
        .route("/v1/pairings/{code}/answer", post(pairing_answer))
        .route("/v1/pairings/{code}/sealed", post(pairing_seal))
        .route(
            "/v1/files/{name}",
            get(file_get).put(file_put).delete(file_delete),
        )
        .layer(axum::extract::DefaultBodyLimit::max(BODY_MAX_BYTES))
        .layer(axum::middleware::from_fn(deadline))
        .with_state(state)
}

/// Every request ends within `REQUEST_TIMEOUT` (a body sent slowly included), and a body over
/// the limit is refused in the relay's own error shape, not as bare text.
async fn deadline(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    // An app that speaks an older sync protocol is told to update, not half served.
    if request.uri().path().starts_with("/v1/") {
        let spoken = request
            .headers()
            .get(suanpan_wire::PROTOCOL_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(1);
        if spoken < suanpan_wire::PROTOCOL {
            return ApiError::new(
                StatusCode::UPGRADE_REQUIRED,
                "upgrade",
                format!(
                    "this relay speaks sync protocol {}: update the app on this device",
                    suanpan_wire::PROTOCOL
                ),
            )
            .into_response();
        }
    }
    let answer = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(answer) => answer,
        Err(_) => {
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                "the request took too long",
            )
            .into_response()
        }
    };
    let is_json = answer
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if answer.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return ApiError::too_large(format!(
            "a request may have at most {} MiB",
            BODY_MAX_BYTES >> 20
        ))
        .into_response();
    }
    answer
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// An API error: a status, a stable code and a message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    fn unauthenticated(message: &str) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    fn too_large(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "validation", message)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Exists(what) => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                format!("{what} exists already"),
            ),
            StoreError::Storage(message) => {
                tracing::error!(error = %message, "storage error");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage",
                    "storage unavailable",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"error": {"code": self.code, "message": self.message}})),
        )
            .into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// The device behind a bearer access token; a revoked device is refused at once, whatever its
/// token's expiry.
pub struct Caller {
    pub tenant_id: String,
    pub device_id: String,
    /// When the access token runs out (seconds since the epoch).
    pub expires_at_s: u64,
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| ApiError::unauthenticated("an access token is needed"))?;
        let claims: Claims = state
            .tokens
            .verify(token)
            .map_err(|_| ApiError::unauthenticated("the access token is invalid or expired"))?;
        let store = state.store.clone();
        let (tenant, device) = (claims.tid.clone(), claims.sub.clone());
        let found = blocking(state.slots(), move || Ok(store.device(&tenant, &device)?)).await?;
        match found {
            Some(device) if !device.revoked => Ok(Caller {
                tenant_id: claims.tid,
                device_id: claims.sub,
                expires_at_s: claims.exp,
            }),
            _ => {
                state.metrics.refused.fetch_add(1, Ordering::Relaxed);
                Err(ApiError::unauthenticated("this device has been revoked"))
            }
        }
    }
}

/// Runs blocking storage work off the async threads, behind a bounded queue: at most
/// `STORAGE_SLOTS` at once, and a request that waits longer than `QUEUE_WAIT` for its turn is
/// told the relay is busy rather than piling up.
async fn blocking<T: Send + 'static>(
    slots: Arc<Semaphore>,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let slot = queued(slots).await?;
    let done = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        f()
    })
    .await;
    done.map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?
}

/// A slot of a bounded queue, or 503 `busy` after `QUEUE_WAIT`.
async fn queued(slots: Arc<Semaphore>) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    match tokio::time::timeout(QUEUE_WAIT, slots.acquire_owned()).await {
        Ok(Ok(slot)) => Ok(slot),
        _ => {
            tracing::warn!("storage queue full");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the relay is busy; try again in a moment",
            ))
        }
    }
}

async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Whether a `/metrics` request may read them: with the configured bearer token, or, when none
/// is configured, from this computer (a request with no peer address is in-process).
fn may_read_metrics(state: &AppState, request: &axum::extract::Request) -> bool {
    match &state.metrics_token {
        Some(token) => {
            let given = request
                .headers()
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            // Compared in constant time: the answer's timing says nothing of the token.
            given.len() == token.len()
                && given
                    .bytes()
                    .zip(token.bytes())
                    .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                    == 0
        }
        None => request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .is_none_or(|ConnectInfo(peer)| peer.ip().is_loopback()),
    }
}

async fn metrics(
    State(state): State<Arc<AppState>>,
    request: axum::extract::Request,
) -> Result<String, ApiError> {
    if !may_read_metrics(&state, &request) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "the metrics need the relay's metrics token (--metrics-token)",
        ));
    }
    let cached = *state.totals.lock().unwrap_or_else(|e| e.into_inner());
    let (entries, bytes) = match cached {
        Some((read_at, totals)) if read_at.elapsed() < TOTALS_FRESH => totals,
        _ => {
            let store = state.store.clone();
            let totals = blocking(state.slots(), move || Ok(store.totals()?)).await?;
            *state.totals.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((std::time::Instant::now(), totals));
            totals
        }
    };
    let m = &state.metrics;
    let counter = |name: &str, help: &str, value: u64| {
        format!("# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n")
    };
    let gauge = |name: &str, help: &str, value: u64| {
        format!("# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n")
    };
    Ok([
        gauge(
            "suanpan_relay_entries_stored",
            "Feed entries stored",
            entries,
        ),
        gauge(
            "suanpan_relay_bytes_stored",
            "Bytes of sealed entries stored",
            bytes,
        ),
        gauge(
            "suanpan_relay_connected_devices",
            "Live feeds open (devices connected for pushed notices)",
            m.live.load(Ordering::Relaxed),
        ),
        counter(
            "suanpan_relay_pushes_total",
            "Push requests served",
            m.pushes.load(Ordering::Relaxed),
        ),
        counter(
            "suanpan_relay_pulls_total",
            "Pull requests served",
            m.pulls.load(Ordering::Relaxed),
        ),
        counter(
            "suanpan_relay_entries_in_total",
            "Entries received",
            m.entries_in.load(Ordering::Relaxed),
        ),
        counter(
            "suanpan_relay_entries_out_total",
            "Entries sent",
            m.entries_out.load(Ordering::Relaxed),
        ),
        counter(
            "suanpan_relay_refused_total",
            "Requests refused for a revoked device or a rate limit",
            m.refused.load(Ordering::Relaxed),
        ),
        m.push_latency.render(
            "suanpan_relay_push_seconds",
            "Time to store a push (seconds)",
        ),
        m.pull_latency.render(
            "suanpan_relay_pull_seconds",
            "Time to read a pull from storage (seconds)",
        ),
    ]
    .concat())
}

/// Upper bounds (seconds) of the latency histograms' buckets.
const LATENCY_BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// A Prometheus histogram of durations, lock-free.
#[derive(Default)]
pub struct Histogram {
    /// Observations at or under each bound (not cumulative here; summed when rendered).
    buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, took: std::time::Duration) {
        let seconds = took.as_secs_f64();
        if let Some(i) = LATENCY_BUCKETS.iter().position(|&bound| seconds <= bound) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    fn render(&self, name: &str, help: &str) -> String {
        let mut out = format!("# HELP {name} {help}\n# TYPE {name} histogram\n");
        let mut cumulative = 0;
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.buckets) {
            cumulative += bucket.load(Ordering::Relaxed);
            out.push_str(&format!("{name}_bucket{{le=\"{bound}\"}} {cumulative}\n"));
        }
        let count = self.count.load(Ordering::Relaxed);
        out.push_str(&format!("{name}_bucket{{le=\"+Inf\"}} {count}\n"));
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        out.push_str(&format!("{name}_sum {sum:.6}\n{name}_count {count}\n"));
        out
    }
}

fn hash_password(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map(|h| h.to_string())
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))
}

/// How many accounts under one email a sign-in or sign-up checks the password against.
pub const ACCOUNTS_PER_EMAIL: usize = 5;

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A password hash nobody's password matches, made once: what an unknown email is checked
/// against, so that it costs the same time as a known one.
fn dummy_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
    .clone()
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn new_device(name: String, now: i64) -> Device {
    Device {
        id: new_id(),
        name,
        created_at_ms: now,
        last_seen_ms: now,
        revoked: false,
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SessionAnswer {
    pub tenant_id: String,
    pub device_id: String,
    pub access_token: String,
    pub refresh_token: String,
    pub access_expires_in_s: u64,
}

/// Issues an access token and a fresh refresh token for a device.
fn issue(state: &AppState, tenant_id: &str, device_id: &str) -> Result<SessionAnswer, ApiError> {
    let refresh_token = random_token();
    state.store.put_refresh(
        &token_hash(&refresh_token),
        tenant_id,
        device_id,
        now_ms() + REFRESH_LIFETIME_MS,
    )?;
    Ok(SessionAnswer {
        tenant_id: tenant_id.to_string(),
        device_id: device_id.to_string(),
        access_token: state.tokens.issue(tenant_id, device_id),
        refresh_token,
        access_expires_in_s: crate::auth::ACCESS_LIFETIME_S,
    })
}

fn check_text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::invalid(format!("{field} must not be empty")));
    }
    if value.chars().count() > max {
        return Err(ApiError::invalid(format!(
            "{field} is longer than {max} characters"
        )));
    }
    Ok(value.to_string())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTenant {
    pub name: String,
    pub email: String,
    pub password: String,
    pub device_name: String,
}

async fn create_tenant(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(input): Json<NewTenant>,
) -> ApiResult<SessionAnswer> {
    // Before any work: a new company costs a password hash and storage.
    if state.signup_limit.check_key(&peer.ip()).is_err() {
        state.metrics.refused.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(peer = %peer.ip(), "sign-up rate limit");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many new companies from this address; try again in an hour",
        ));
    }
    let name = check_text("name", &input.name, 200)?;
    let email = check_text("email", &input.email, 254)?.to_lowercase();
    let device_name = check_text("device_name", &input.device_name, 100)?;
    if input.password.chars().count() < 10 {
        return Err(ApiError::invalid("password needs at least 10 characters"));
    }
    let _hashing = queued(state.hash_slots.clone()).await?;
    blocking(state.slots(), move || {
        // The same answer whether the email is new or has accounts already: an account is an
        // email with its password, and one email may hold several companies. Only the one who
        // knows an existing account's password learns that it exists (and is told to sign in).
        let existing = state.store.accounts_by_email(&email, ACCOUNTS_PER_EMAIL)?;
        if existing.is_empty() {
            // The same work as checking a password, so timing does not tell either.
            let _ = password_matches(&dummy_hash(), &input.password);
        }
        if existing
            .iter()
            .any(|a| password_matches(&a.password_hash, &input.password))
        {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "a company with this email and password is on this relay already: sign in to it instead",
            ));
        }
        let tenant_id = new_id();
        let account = Account {
            id: new_id(),
            tenant_id: tenant_id.clone(),
            email,
            password_hash: hash_password(&input.password)?,
        };
        let now = now_ms();
        state
            .store
            .create_tenant(&tenant_id, &name, &account, now)?;
        let device = new_device(device_name, now);
        state.store.add_device(&tenant_id, &device)?;
        tracing::info!(tenant = %tenant_id, device = %device.id, "tenant created");
        issue(&state, &tenant_id, &device.id)
    })
    .await
    .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
    pub device_name: String,
}

async fn sign_in(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(input): Json<SignIn>,
) -> ApiResult<SessionAnswer> {
    let email = input.email.trim().to_lowercase();
    for key in [format!("email:{email}"), format!("ip:{}", peer.ip())] {
        if state.login_limit.check_key(&key).is_err() {
            state.metrics.refused.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(%key, "sign-in rate limit");
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many sign-in attempts; wait a minute",
            ));
        }
    }
    let device_name = check_text("device_name", &input.device_name, 100)?;
    let _hashing = queued(state.hash_slots.clone()).await?;
    blocking(state.slots(), move || {
        let wrong = || ApiError::unauthenticated("the email or password is wrong");
        // The oldest account under the email whose password this is (companies made later
        // under someone else's email cannot push a real one out of reach).
        let accounts = state.store.accounts_by_email(&email, ACCOUNTS_PER_EMAIL)?;
        if accounts.is_empty() {
            // Same work as a real check, so timing does not tell which emails exist.
            let _ = password_matches(&dummy_hash(), &input.password);
            return Err(wrong());
        }
        let account = accounts
            .into_iter()
            .find(|a| password_matches(&a.password_hash, &input.password))
            .ok_or_else(wrong)?;
        let now = now_ms();
        let device = new_device(device_name, now);
        state.store.add_device(&account.tenant_id, &device)?;
        tracing::info!(tenant = %account.tenant_id, device = %device.id, "device signed in");
        issue(&state, &account.tenant_id, &device.id)
    })
    .await
    .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshInput {
    pub refresh_token: String,
}

async fn refresh(
    State(state): State<Arc<AppState>>,
    Json(input): Json<RefreshInput>,
) -> ApiResult<SessionAnswer> {
    blocking(state.slots(), move || {
        // A refresh token is spent on use: the answer carries the next one. Used a second
        // time, past a short leeway for an answer lost on the way, it was copied: the device
        // is revoked, so neither the thief nor the device goes on with it (sign in again).
        let now = now_ms();
        let (tenant, device) = match state
            .store
            .take_refresh(&token_hash(&input.refresh_token), now)?
        {
            Refresh::Fresh(tenant, device) => (tenant, device),
            Refresh::Reused {
                tenant_id,
                device_id,
                spent_ms,
            } if now - spent_ms <= state.refresh_leeway_ms => (tenant_id, device_id),
            Refresh::Reused {
                tenant_id,
                device_id,
                ..
            } => {
                tracing::warn!(tenant = %tenant_id, device = %device_id, "a spent refresh token was used again: device revoked");
                state.store.revoke_device(&tenant_id, &device_id)?;
                state.signal(&tenant_id, |s| s.revocations += 1);
                state.metrics.refused.fetch_add(1, Ordering::Relaxed);
                return Err(ApiError::unauthenticated(
                    "this sign-in was used from two places; for safety this device is signed out: sign in again",
                ));
            }
            Refresh::Unknown => {
                return Err(ApiError::unauthenticated(
                    "the refresh token is invalid or expired",
                ))
            }
        };
        match state.store.device(&tenant, &device)? {
            Some(d) if !d.revoked => issue(&state, &tenant, &device),
            _ => Err(ApiError::unauthenticated("this device has been revoked")),
        }
    })
    .await
    .map(Json)
}

async fn devices(State(state): State<Arc<AppState>>, caller: Caller) -> ApiResult<Vec<Device>> {
    blocking(state.slots(), move || {
        Ok(state.store.devices(&caller.tenant_id)?)
    })
    .await
    .map(Json)
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<serde_json::Value> {
    blocking(state.slots(), move || {
        if !state.store.revoke_device(&caller.tenant_id, &id)? {
            return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such device"));
        }
        tracing::info!(tenant = %caller.tenant_id, by = %caller.device_id, device = %id, "device revoked");
        state.signal(&caller.tenant_id, |s| s.revocations += 1);
        Ok(json!({}))
    })
    .await
    .map(Json)
}

#[derive(Debug, Serialize, Deserialize)]
pub struct WireEntry {
    pub doc: String,
    pub replace: bool,
    /// Base64 (standard, padded).
    pub blob: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PushInput {
    pub entries: Vec<WireEntry>,
}

async fn push(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Json(input): Json<PushInput>,
) -> ApiResult<serde_json::Value> {
    if input.entries.len() > BATCH_MAX {
        return Err(ApiError::invalid(format!(
            "at most {BATCH_MAX} entries per push"
        )));
    }
    let entries = input
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            if e.doc.is_empty() || e.doc.len() > 64 {
                return Err(ApiError::invalid(format!(
                    "entries[{i}].doc: 1 to 64 characters"
                )));
            }
            // Refused before decoding: base64 is 4 bytes for every 3.
            if e.blob.len() / 4 * 3 > ENTRY_MAX_BYTES + 2 {
                return Err(ApiError::too_large(format!(
                    "entries[{i}].blob: an entry may have at most {} MiB",
                    ENTRY_MAX_BYTES >> 20
                )));
            }
            let blob = base64::engine::general_purpose::STANDARD
                .decode(&e.blob)
                .map_err(|_| ApiError::invalid(format!("entries[{i}].blob: not base64")))?;
            if blob.len() > ENTRY_MAX_BYTES {
                return Err(ApiError::too_large(format!(
                    "entries[{i}].blob: an entry may have at most {} MiB",
                    ENTRY_MAX_BYTES >> 20
                )));
            }
            Ok(NewEntry {
                doc: e.doc,
                replace: e.replace,
                blob,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let count = entries.len() as u64;
    let started = std::time::Instant::now();
    let last_seq = blocking(state.slots(), move || {
        let seq = state.store.append(&caller.tenant_id, &entries)?;
        // Stored and committed: now the tenant's other devices may hear of it.
        state.signal(&caller.tenant_id, |s| s.head = s.head.max(seq));
        state
            .store
            .touch_device(&caller.tenant_id, &caller.device_id, now_ms())?;
        let m = &state.metrics;
        m.pushes.fetch_add(1, Ordering::Relaxed);
        m.entries_in.fetch_add(count, Ordering::Relaxed);
        m.push_latency.observe(started.elapsed());
        Ok(seq)
    })
    .await?;
    Ok(Json(json!({ "last_seq": last_seq })))
}

#[derive(Debug, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    pub since: u64,
    pub limit: Option<usize>,
}

async fn pull(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(query): Query<PullQuery>,
) -> Result<Response, ApiError> {
    let limit = query.limit.unwrap_or(BATCH_MAX).clamp(1, BATCH_MAX);
    // Held until the answer is sent (or given up): pulls in memory at once are bounded.
    let slot = queued(state.pull_slots.clone()).await?;
    let entries = blocking(state.slots(), move || {
        let started = std::time::Instant::now();
        let entries = state.store.read(&caller.tenant_id, query.since, limit)?;
        state.metrics.pull_latency.observe(started.elapsed());
        state.metrics.pulls.fetch_add(1, Ordering::Relaxed);
        state
            .metrics
            .entries_out
            .fetch_add(entries.len() as u64, Ordering::Relaxed);
        Ok(entries)
    })
    .await?;
    Ok(stream_entries(entries, slot))
}

/// A pull's answer, `{"entries":[…]}`, written piece by piece into a small channel as the
/// client reads it: the blobs are encoded a slice at a time, never the whole answer at once,
/// and a client that stops reading for `QUEUE_WAIT` is given up on (its entries dropped).
fn stream_entries(
    entries: Vec<crate::store::StoredEntry>,
    slot: tokio::sync::OwnedSemaphorePermit,
) -> Response {
    /// Base64 of 48 KiB is 64 KiB: one piece of the answer.
    const PIECE: usize = 48 * 1024;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    tokio::spawn(async move {
        let _slot = slot;
        let send = |piece: Vec<u8>| tx.send_timeout(Ok(piece), QUEUE_WAIT);
        if send(b"{\"entries\":[".to_vec()).await.is_err() {
            return;
        }
        for (i, entry) in entries.into_iter().enumerate() {
            let head = format!(
                "{}{{\"seq\":{},\"doc\":{},\"replace\":{},\"blob\":\"",
                if i == 0 { "" } else { "," },
                entry.seq,
                serde_json::Value::from(entry.doc),
                entry.replace
            );
            if send(head.into_bytes()).await.is_err() {
                return;
            }
            for piece in entry.blob.chunks(PIECE) {
                let encoded = base64::engine::general_purpose::STANDARD.encode(piece);
                if send(encoded.into_bytes()).await.is_err() {
                    return;
                }
            }
            if send(b"\"}".to_vec()).await.is_err() {
                return;
            }
        }
        let _ = send(b"]}".to_vec()).await;
    });
    let body =
        axum::body::Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// `GET /v1/feed/live`: a WebSocket on which the relay tells the device the feed's head, once on
/// connecting and again whenever it moves: `{"type":"head","seq":N}`. The device pulls (over
/// HTTP) when the head is past its cursor, so a reconnect with nothing new costs one message.
/// The relay closes it when the access token runs out (4001) or the device is revoked (4003).
async fn live(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .max_message_size(suanpan_wire::LIVE_MESSAGE_MAX_BYTES)
        .max_frame_size(suanpan_wire::LIVE_MESSAGE_MAX_BYTES)
        // Messages are a few dozen bytes: 51 feeds need not hold 256 KiB of buffers each.
        .read_buffer_size(4096)
        .write_buffer_size(4096)
        .on_upgrade(move |socket| live_feed(state, caller, socket))
}

/// How long a live feed waits to hear from its device (pings included) before closing.
pub const LIVE_SILENCE_MAX: Duration = Duration::from_secs(120);

/// Sends on a live feed, giving up on a device that does not read within `QUEUE_WAIT`.
async fn send_within(socket: &mut WebSocket, message: Message) -> bool {
    matches!(
        tokio::time::timeout(QUEUE_WAIT, socket.send(message)).await,
        Ok(Ok(()))
    )
}

fn head_message(seq: u64) -> Message {
    Message::Text(json!({"type": "head", "seq": seq}).to_string().into())
}

fn close_message(code: u16, reason: &'static str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

async fn live_feed(state: Arc<AppState>, caller: Caller, mut socket: WebSocket) {
    let mut signals = state.subscribe(&caller.tenant_id);
    let store = state.store.clone();
    let tenant = caller.tenant_id.clone();
    let Ok(stored_head) = blocking(state.slots(), move || Ok(store.head(&tenant)?)).await else {
        let _ = socket
            .send(close_message(1011, "storage unavailable"))
            .await;
        return;
    };
    state.metrics.live.fetch_add(1, Ordering::Relaxed);
    let mut signal = *signals.borrow_and_update();
    let mut sent = stored_head.max(signal.head);
    let token_left = caller.expires_at_s.saturating_sub(now_ms() as u64 / 1000);
    let expiry = tokio::time::sleep(Duration::from_secs(token_left));
    tokio::pin!(expiry);
    let mut shutdown = state.shutdown.subscribe();
    let mut open = !*shutdown.borrow() && send_within(&mut socket, head_message(sent)).await;
    // A device pings after 30 s of quiet: one that says nothing for longer is gone.
    let mut heard = tokio::time::Instant::now();
    while open {
        tokio::select! {
            changed = signals.changed() => {
                if changed.is_err() {
                    break;
                }
                let next = *signals.borrow_and_update();
                if next.revocations != signal.revocations {
                    let store = state.store.clone();
                    let (tenant, device) = (caller.tenant_id.clone(), caller.device_id.clone());
                    let still = blocking(state.slots(), move || Ok(store.device(&tenant, &device)?)).await;
                    if !matches!(still, Ok(Some(ref d)) if !d.revoked) {
                        let _ = send_within(&mut socket, close_message(CLOSE_REVOKED, "device revoked")).await;
                        break;
                    }
                }
                signal = next;
                if signal.head > sent {
                    sent = signal.head;
                    open = send_within(&mut socket, head_message(sent)).await;
                }
            }
            received = socket.recv() => match received {
                // Pings are answered by the socket itself; a device has nothing else to say.
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => heard = tokio::time::Instant::now(),
            },
            _ = tokio::time::sleep_until(heard + LIVE_SILENCE_MAX) => {
                let _ = send_within(&mut socket, close_message(1001, "nothing heard from the device")).await;
                break;
            }
            _ = &mut expiry => {
                let _ = send_within(&mut socket, close_message(CLOSE_TOKEN_EXPIRED, "access token expired")).await;
                break;
            }
            // The flag only ever turns on.
            _ = shutdown.changed() => {
                let _ = send_within(&mut socket, close_message(1001, "relay stopping")).await;
                break;
            }
        }
    }
    state.metrics.live.fetch_sub(1, Ordering::Relaxed);
}
