//! The HTTP side: routes, the loopback guard, and the companies this host keeps.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State as Extract;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use suanpan_core::{Error, ErrorCode};

use crate::company::Company;
use crate::fixtures::{self, Fixture};

/// Companies kept at once; the oldest throw-away one goes first (the default one stays).
const COMPANIES_MAX: usize = 48;
const DEFAULT: &str = "default";

type Shared = Arc<Mutex<Company>>;

struct Companies {
    by_id: HashMap<String, Shared>,
    /// Throw-away companies, oldest first.
    order: VecDeque<String>,
    next: u64,
}

#[derive(Clone)]
pub struct State {
    companies: Arc<Mutex<Companies>>,
    /// `Host` values that name this host.
    hosts: Arc<Vec<String>>,
    /// `Origin` values allowed to call.
    origins: Arc<Vec<String>>,
}

impl State {
    pub fn new(addr: SocketAddr, fixture: Fixture, allow: Vec<String>) -> anyhow::Result<State> {
        let port = addr.port();
        let hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .map(|h| format!("{h}:{port}"))
            .collect();
        let mut origins: Vec<String> = hosts.iter().map(|h| format!("http://{h}")).collect();
        origins.extend(
            allow
                .into_iter()
                .map(|o| o.trim_end_matches('/').to_string()),
        );
        let mut company = Company::new().map_err(|e| anyhow::anyhow!(e.message))?;
        fixtures::make(&mut company, fixture).map_err(|e| anyhow::anyhow!(e.message))?;
        let by_id = HashMap::from([(DEFAULT.to_string(), Arc::new(Mutex::new(company)))]);
        Ok(State {
            companies: Arc::new(Mutex::new(Companies {
                by_id,
                order: VecDeque::new(),
                next: 1,
            })),
            hosts: Arc::new(hosts),
            origins: Arc::new(origins),
        })
    }

    fn company(&self, id: Option<&str>) -> Result<Shared, Error> {
        let id = id.unwrap_or(DEFAULT);
        let companies = self.companies.lock().map_err(|_| poisoned())?;
        companies.by_id.get(id).cloned().ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                format!("the development host has no company {id:?} (reset makes one)"),
            )
        })
    }

    fn add(&self, company: Company) -> Result<String, Error> {
        let mut companies = self.companies.lock().map_err(|_| poisoned())?;
        let id = format!("c{}", companies.next);
        companies.next += 1;
        companies
            .by_id
            .insert(id.clone(), Arc::new(Mutex::new(company)));
        companies.order.push_back(id.clone());
        while companies.order.len() > COMPANIES_MAX {
            if let Some(old) = companies.order.pop_front() {
                companies.by_id.remove(&old);
            }
        }
        Ok(id)
    }
}

fn poisoned() -> Error {
    Error::internal("the development host's state is unusable after an earlier crash")
}

pub async fn serve(listener: tokio::net::TcpListener, state: State) -> anyhow::Result<()> {
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/call", post(call))
        .route("/reset", post(reset))
        .route("/peer", post(peer))
        .route("/peer/join", post(join_peer))
        .route("/clock", post(clock))
        .route("/tamper", post(tamper))
        .route("/store_status", post(store_status))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state);
    // On SIGTERM or Ctrl-C the companies are dropped, and their temporary folders with them.
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await?;
    Ok(())
}

async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Refuses what a page of another site could send through the user's browser: a request for
/// another host name (DNS rebinding) or from another origin.
async fn guard(Extract(state): Extract<State>, request: Request<Body>, next: Next) -> Response {
    let headers = request.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let host_ok = text(header::HOST).is_some_and(|h| state.hosts.contains(&h));
    let origin_ok = text(header::ORIGIN).is_none_or(|o| state.origins.contains(&o));
    if !host_ok || !origin_ok {
        let err = Error::new(
            ErrorCode::Forbidden,
            "the development host answers only its own loopback address and origin",
        );
        return (StatusCode::FORBIDDEN, Json(json!(err))).into_response();
    }
    next.run(request).await
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Validation | ErrorCode::BadJson | ErrorCode::UnknownCommand => {
            StatusCode::BAD_REQUEST
        }
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Locked => StatusCode::LOCKED,
        ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The core's answer as `invoke` gives it: the output, or the error object it rejects with.
fn answer(result: Result<Value, Error>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(err) => (status_of(err.code), Json(json!(err))).into_response(),
    }
}

/// Runs `f` on the company off the async threads: the core is synchronous.
async fn on_company(
    state: &State,
    id: Option<String>,
    f: impl FnOnce(&mut Company) -> Result<Value, Error> + Send + 'static,
) -> Response {
    let company = match state.company(id.as_deref()) {
        Ok(company) => company,
        Err(err) => return answer(Err(err)),
    };
    let result = tokio::task::spawn_blocking(move || {
        let mut company = company.lock().map_err(|_| poisoned())?;
        f(&mut company)
    })
    .await
    .unwrap_or_else(|e| Err(Error::internal(format!("the command crashed: {e}"))));
    answer(result)
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Error> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| Error::new(ErrorCode::BadJson, format!("the request is not right: {e}")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallBody {
    command: String,
    #[serde(default)]
    input: Value,
    /// The session token (`session` is accepted too); none for public commands.
    #[serde(default, alias = "session")]
    token: Option<String>,
    #[serde(default)]
    company: Option<String>,
    /// The caller's id for this request (see `Core::call_request`).
    #[serde(default)]
    request_id: Option<String>,
}

async fn call(Extract(state): Extract<State>, body: axum::body::Bytes) -> Response {
    let body: CallBody = match parse(&body) {
        Ok(body) => body,
        Err(err) => return answer(Err(err)),
    };
    on_company(&state, body.company, move |company| {
        company.call_request(
            body.token.as_deref(),
            &body.command,
            body.input,
            body.request_id.as_deref(),
        )
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetBody {
    #[serde(default)]
    fixture: Option<String>,
    /// Roles to sign in besides the owner (each gets a user of that role).
    #[serde(default)]
    roles: Vec<String>,
}

/// A fresh company from a fixture: `{company, sessions: {role: Session}}`.
async fn reset(Extract(state): Extract<State>, body: axum::body::Bytes) -> Response {
    let body: ResetBody = match parse(&body) {
        Ok(body) => body,
        Err(err) => return answer(Err(err)),
    };
    let made = tokio::task::spawn_blocking(move || -> Result<(Company, Value), Error> {
        let fixture: Fixture = body
            .fixture
            .as_deref()
            .unwrap_or("company")
            .parse()
            .map_err(|e: anyhow::Error| refused("fixture", e.to_string()))?;
        let mut company = Company::new()?;
        let owner = fixtures::make(&mut company, fixture)?;
        let mut sessions = serde_json::Map::new();
        if let Some(owner) = owner {
            let token = owner["token"].as_str().map(str::to_string);
            for role in &body.roles {
                if !fixtures::ROLES.iter().any(|(r, _)| r == role) {
                    return Err(refused(
                        "roles",
                        format!("no role {role:?}: owner, manager, accountant, cashier or staff"),
                    ));
                }
                if role != "owner" {
                    let session = fixtures::sign_in(&mut company, token.as_deref(), role)?;
                    sessions.insert(role.clone(), session);
                }
            }
            sessions.insert("owner".into(), owner);
        }
        Ok((company, Value::Object(sessions)))
    })
    .await
    .unwrap_or_else(|e| Err(Error::internal(format!("the fixture crashed: {e}"))));
    match made.and_then(|(company, sessions)| Ok((state.add(company)?, sessions))) {
        Ok((id, sessions)) => answer(Ok(json!({ "company": id, "sessions": sessions }))),
        Err(err) => answer(Err(err)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeerBody {
    command: String,
    #[serde(default)]
    input: Value,
    #[serde(default)]
    company: Option<String>,
}

/// Runs a command as the owner on another device of the company, then syncs both.
async fn peer(Extract(state): Extract<State>, body: axum::body::Bytes) -> Response {
    let body: PeerBody = match parse(&body) {
        Ok(body) => body,
        Err(err) => return answer(Err(err)),
    };
    on_company(&state, body.company, move |company| {
        company.peer_call(&body.command, body.input)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanyBody {
    #[serde(default)]
    company: Option<String>,
}

/// Makes the second device now: it knows what this one has, then works offline.
async fn join_peer(Extract(state): Extract<State>, body: axum::body::Bytes) -> Response {
    let body: CompanyBody = match parse(&body) {
        Ok(body) => body,
        Err(err) => return answer(Err(err)),
    };
    on_company(&state, body.company, move |company| {
        company.join_peer()?;
        Ok(json!({}))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockBody {
    /// Milliseconds since 1970 every device of the company reads; null: the system clock.
    now_ms: Option<i64>,
    #[serde(default)]
    company: Option<String>,
}

async fn clock(Extract(state): Extract<State>, body: axum::body::Bytes) -> Response {
    let body: ClockBody = match parse(&body) {
        Ok(body) => body,
        Err(err) => return answer(Err(err)),
    };
    on_company(&state, body.company, move |company| {
        company.set_clock(body.now_ms);
        Ok(json!({}))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TamperBody {
    /// SQL run on the company file behind the core's back, as an attacker holding the key
    /// would: to show what the app says about an altered activity log.
    sql: String,
    #[serde(default)]
    company: Option<String>,
}

async fn tamper(Extract(state): Extract<State>, body: axum::body::Bytes) -> Response {
    let body: TamperBody = match parse(&body) {
        Ok(body) => body,
        Err(err) => return answer(Err(err)),
    };
    on_company(&state, body.company, move |company| {
        company.core.connection().execute_batch(&body.sql)?;
        Ok(json!({}))
    })
    .await
}

/// The shell's `store_status`: a throw-away company is in memory, always open.
async fn store_status(_headers: HeaderMap) -> Response {
    answer(Ok(json!({ "state": "open", "key_source": null })))
}

/// A refused request of the host's own (a fixture or role it does not know), for developers.
fn refused(field: &str, message: impl Into<String>) -> Error {
    Error {
        field: Some(field.to_string()),
        ..Error::new(ErrorCode::Validation, message)
    }
}
