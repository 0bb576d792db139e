//! The relay over HTTP (protocol v1, docs/sync-protocol.md): sign up or sign in a device, then
//! push and pull sealed entries. The access token is refreshed (and the refresh token rotated)
//! when the relay says it has expired; callers persist [`RelaySession`] after each round.

use std::time::Duration;

use base64::Engine as _;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::live::LiveFeed;
use super::{FeedEntry, Relay, Sealed};
use crate::kernel::error::{Error, ErrorCode, Reason, Result};

/// What a device keeps to talk to its relay (the tokens are secrets: keep them in the keychain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelaySession {
    pub url: String,
    pub tenant_id: String,
    pub device_id: String,
    pub access_token: String,
    pub refresh_token: String,
}

pub struct HttpRelay {
    client: Client,
    session: RelaySession,
}

#[derive(Deserialize)]
struct SessionAnswer {
    tenant_id: String,
    device_id: String,
    access_token: String,
    refresh_token: String,
}

fn client() -> Result<Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        suanpan_wire::PROTOCOL_HEADER,
        reqwest::header::HeaderValue::from(suanpan_wire::PROTOCOL),
    );
    Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        // A relay answers, it does not send us elsewhere: a redirect (https → http above all)
        // must never carry a sign-in or a token to another address.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::internal(format!("HTTP client: {e}")))
}

fn offline(url: &str, err: reqwest::Error) -> Error {
    Error {
        reason: Some(Reason::RelayOffline),
        ..Error::new(
            ErrorCode::Storage,
            format!("cannot reach the relay at {url}: {err}"),
        )
    }
}

/// Turns a relay's error answer into ours, keeping its message.
fn refused(status: StatusCode, body: &Value) -> Error {
    let message = body["error"]["message"]
        .as_str()
        .unwrap_or("the relay refused the request")
        .to_string();
    let code = match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::CONFLICT => ErrorCode::Conflict,
        StatusCode::BAD_REQUEST => ErrorCode::Validation,
        _ => ErrorCode::Storage,
    };
    // The reason tells the UI this is the relay speaking (a wrong relay password is not the
    // end of the user's own session).
    Error {
        reason: Some(Reason::RelayRefused),
        ..Error::new(code, format!("relay: {message}"))
    }
}

/// A pairing mailbox's messages (docs/sync-protocol.md, "Pairing").
#[derive(Debug, Clone)]
pub struct PairingMailbox {
    pub offer: Vec<u8>,
    pub answer: Option<Vec<u8>>,
    pub sealed: Option<Vec<u8>>,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn base(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

/// A relay's address as the device may use it: https, or plain http only to this computer
/// (a relay run for development or tests on loopback). Checked before any lookup or request,
/// so a password or token never goes out in the clear.
pub fn relay_url(text: &str) -> Result<String> {
    let text = text.trim();
    let bad = |en: String, zh: String| Error::validation("relay_url", en, zh);
    let url = reqwest::Url::parse(text).map_err(|_| {
        bad(
            format!("relay_url: '{text}' is not an address like https://relay.example.com"),
            "中继地址无效，应类似 https://relay.example.com".into(),
        )
    })?;
    let host = url.host_str().unwrap_or("");
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" if !host.is_empty() => Ok(base(text)),
        "http" if loopback => Ok(base(text)),
        "http" => Err(bad(
            "relay_url: use https:// — a relay is reached over plain http only on this computer"
                .into(),
            "中继地址请使用 https://（只有本机上的中继才可以用 http://）".into(),
        )),
        _ => Err(bad(
            format!("relay_url: an https:// address, not '{text}'"),
            "中继地址须是 https:// 地址".into(),
        )),
    }
}

impl HttpRelay {
    /// Creates a tenant (the company's account on the relay) and signs this device in.
    pub fn sign_up(
        url: &str,
        company: &str,
        email: &str,
        password: &str,
        device_name: &str,
    ) -> Result<HttpRelay> {
        let body = json!({"name": company, "email": email, "password": password, "device_name": device_name});
        HttpRelay::open_session(url, "/v1/tenants", body)
    }

    /// Signs this device in to an existing tenant.
    pub fn sign_in(url: &str, email: &str, password: &str, device_name: &str) -> Result<HttpRelay> {
        let body = json!({"email": email, "password": password, "device_name": device_name});
        HttpRelay::open_session(url, "/v1/sessions", body)
    }

    fn open_session(url: &str, path: &str, body: Value) -> Result<HttpRelay> {
        let url = relay_url(url)?;
        let client = client()?;
        let response = client
            .post(format!("{url}{path}"))
            .json(&body)
            .send()
            .map_err(|e| offline(&url, e))?;
        let status = response.status();
        let value: Value = response.json().map_err(|e| offline(&url, e))?;
        if !status.is_success() {
            return Err(refused(status, &value));
        }
        let answer: SessionAnswer = serde_json::from_value(value)
            .map_err(|e| Error::internal(format!("relay answer: {e}")))?;
        Ok(HttpRelay {
            client,
            session: RelaySession {
                url,
                tenant_id: answer.tenant_id,
                device_id: answer.device_id,
                access_token: answer.access_token,
                refresh_token: answer.refresh_token,
            },
        })
    }

    pub fn resume(session: RelaySession) -> Result<HttpRelay> {
        Ok(HttpRelay {
            client: client()?,
            session,
        })
    }

    /// The session as it stands (tokens rotate: save it after use).
    pub fn session(&self) -> &RelaySession {
        &self.session
    }

    fn refresh(&mut self) -> Result<()> {
        let url = &self.session.url;
        let response = self
            .client
            .post(format!("{url}/v1/sessions/refresh"))
            .json(&json!({"refresh_token": self.session.refresh_token}))
            .send()
            .map_err(|e| offline(url, e))?;
        let status = response.status();
        let value: Value = response.json().map_err(|e| offline(url, e))?;
        if !status.is_success() {
            return Err(refused(status, &value));
        }
        let answer: SessionAnswer = serde_json::from_value(value)
            .map_err(|e| Error::internal(format!("relay answer: {e}")))?;
        self.session.access_token = answer.access_token;
        self.session.refresh_token = answer.refresh_token;
        Ok(())
    }

    /// Sends an authenticated request; on 401 refreshes once and tries again.
    fn call(&mut self, build: impl Fn(&Client, &str) -> RequestBuilder) -> Result<Value> {
        for attempt in 0..2 {
            let url = self.session.url.clone();
            let response = build(&self.client, &url)
                .bearer_auth(&self.session.access_token)
                .send()
                .map_err(|e| offline(&url, e))?;
            let status = response.status();
            let value: Value = response.json().map_err(|e| offline(&url, e))?;
            if status == StatusCode::UNAUTHORIZED && attempt == 0 {
                self.refresh()?;
                continue;
            }
            if !status.is_success() {
                return Err(refused(status, &value));
            }
            return Ok(value);
        }
        unreachable!("the loop returns")
    }

    /// Opens the relay's live feed, refreshing the access token once if the relay refuses it.
    pub fn live(&mut self) -> Result<LiveFeed> {
        match LiveFeed::connect(&self.session.url, &self.session.access_token) {
            Err(e) if e.code == ErrorCode::Unauthenticated => {
                self.refresh()?;
                LiveFeed::connect(&self.session.url, &self.session.access_token)
            }
            other => other,
        }
    }

    /// Opens a pairing mailbox with the connected device's SPAKE2 offer: its code id and how
    /// long it lives.
    pub fn pair_open(&mut self, offer: &[u8]) -> Result<(String, u64)> {
        let body = json!({ "offer": b64(offer) });
        let answer = self.call(|c, url| c.post(format!("{url}/v1/pairings")).json(&body))?;
        let bad = || Error::new(ErrorCode::Storage, "the relay sent a malformed pairing");
        Ok((
            answer["code_id"].as_str().ok_or_else(bad)?.to_string(),
            answer["expires_in_s"].as_u64().ok_or_else(bad)?,
        ))
    }

    /// A pairing mailbox's messages, or `None` when there is none (closed or expired).
    pub fn pair_get(&mut self, code_id: &str) -> Result<Option<PairingMailbox>> {
        let code = code_id.to_string();
        let answer = match self.call(move |c, url| c.get(format!("{url}/v1/pairings/{code}"))) {
            Ok(answer) => answer,
            Err(e) if e.code == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let bad = || Error::new(ErrorCode::Storage, "the relay sent a malformed pairing");
        let bytes = |v: &Value| -> Result<Option<Vec<u8>>> {
            match v.as_str() {
                None => Ok(None),
                Some(text) => base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .map(Some)
                    .map_err(|_| bad()),
            }
        };
        Ok(Some(PairingMailbox {
            offer: bytes(&answer["offer"])?.ok_or_else(bad)?,
            answer: bytes(&answer["answer"])?,
            sealed: bytes(&answer["sealed"])?,
        }))
    }

    pub fn pair_answer(&mut self, code_id: &str, answer: &[u8]) -> Result<()> {
        let (code, body) = (code_id.to_string(), json!({ "answer": b64(answer) }));
        self.call(move |c, url| {
            c.post(format!("{url}/v1/pairings/{code}/answer"))
                .json(&body)
        })?;
        Ok(())
    }

    pub fn pair_seal(&mut self, code_id: &str, sealed: &[u8]) -> Result<()> {
        let (code, body) = (code_id.to_string(), json!({ "sealed": b64(sealed) }));
        self.call(move |c, url| {
            c.post(format!("{url}/v1/pairings/{code}/sealed"))
                .json(&body)
        })?;
        Ok(())
    }

    pub fn pair_close(&mut self, code_id: &str) -> Result<()> {
        let code = code_id.to_string();
        match self.call(move |c, url| c.delete(format!("{url}/v1/pairings/{code}"))) {
            Ok(_) => Ok(()),
            Err(e) if e.code == ErrorCode::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub fn devices(&mut self) -> Result<Vec<suanpan_wire::Device>> {
        let listed = self.call(|c, url| c.get(format!("{url}/v1/devices")))?;
        serde_json::from_value(listed)
            .map_err(|e| Error::internal(format!("the relay's device list is not right: {e}")))
    }

    pub fn revoke(&mut self, device_id: &str) -> Result<()> {
        let id = device_id.to_string();
        self.call(move |c, url| c.post(format!("{url}/v1/devices/{id}/revoke")))?;
        Ok(())
    }
}

impl Relay for HttpRelay {
    fn push(&mut self, entries: &[Sealed]) -> Result<()> {
        let body = json!({
            "entries": entries.iter().map(|e| json!({
                "doc": e.doc,
                "replace": e.replace,
                "blob": base64::engine::general_purpose::STANDARD.encode(&e.blob),
            })).collect::<Vec<_>>()
        });
        self.call(|c, url| c.post(format!("{url}/v1/feed")).json(&body))?;
        Ok(())
    }

    fn pull(&mut self, since: u64, limit: usize) -> Result<Vec<FeedEntry>> {
        let answer =
            self.call(|c, url| c.get(format!("{url}/v1/feed?since={since}&limit={limit}")))?;
        let bad = || Error::new(ErrorCode::Storage, "the relay sent a malformed feed entry");
        answer["entries"]
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|e| {
                Ok(FeedEntry {
                    seq: e["seq"].as_u64().ok_or_else(bad)?,
                    sealed: Sealed {
                        doc: e["doc"].as_str().ok_or_else(bad)?.to_string(),
                        replace: e["replace"].as_bool().ok_or_else(bad)?,
                        blob: base64::engine::general_purpose::STANDARD
                            .decode(e["blob"].as_str().ok_or_else(bad)?)
                            .map_err(|_| bad())?,
                    },
                })
            })
            .collect()
    }

    fn put_file(&mut self, name: &str, blob: &[u8]) -> Result<()> {
        let (name, body) = (name.to_string(), json!({ "blob": b64(blob) }));
        self.call(move |c, url| c.put(format!("{url}/v1/files/{name}")).json(&body))?;
        Ok(())
    }

    fn forget_file(&mut self, name: &str) -> Result<()> {
        let name = name.to_string();
        self.call(move |c, url| c.delete(format!("{url}/v1/files/{name}")))?;
        Ok(())
    }

    fn get_file(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let name = name.to_string();
        let answer = match self.call(move |c, url| c.get(format!("{url}/v1/files/{name}"))) {
            Ok(answer) => answer,
            Err(e) if e.code == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let bad = || Error::new(ErrorCode::Storage, "the relay sent a malformed file");
        base64::engine::general_purpose::STANDARD
            .decode(answer["blob"].as_str().ok_or_else(bad)?)
            .map(Some)
            .map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    #[test]
    fn a_relay_is_reached_over_https_or_over_http_on_this_computer_only() {
        for ok in [
            "https://relay.example.com",
            "https://relay.example.com:8443/",
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://[::1]:8080",
        ] {
            assert!(relay_url(ok).is_ok(), "{ok}");
        }
        for (bad, says) in [
            ("http://relay.example.com", "https"),
            ("http://192.168.1.20:8080", "https"),
            ("ftp://relay.example.com", "https"),
            ("relay.example.com", "https://relay.example.com"),
            ("https://", "https"),
        ] {
            let err = relay_url(bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("relay_url"), "{bad}");
            assert!(err.message.contains(says), "{bad}: {}", err.message);
            assert!(err.message_zh.is_some(), "{bad}");
        }
        // Refused before any lookup or request: nothing listens at this name, yet the answer is
        // the address's refusal, not "cannot reach".
        let err = HttpRelay::sign_in("http://relay.invalid", "a@b.c", "pw", "till")
            .err()
            .unwrap();
        assert_eq!(err.field.as_deref(), Some("relay_url"), "{err:?}");
    }

    /// A server that answers every request with `answer` and counts the requests it got.
    fn serve(answer: String) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = count.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        (url, count)
    }

    #[test]
    fn a_redirect_from_the_relay_is_not_followed_with_the_password() {
        let (elsewhere, got) = serve(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}"
                .into(),
        );
        let (relay, _) = serve(format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: {elsewhere}/v1/sessions\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}"
        ));
        let err = HttpRelay::sign_in(&relay, "owner@example.com", "secret-pass-9", "till")
            .err()
            .expect("a redirect is not a session");
        assert_eq!(err.reason, Some(Reason::RelayRefused), "{err:?}");
        assert_eq!(
            got.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "the sign-in was sent on to the redirect's address"
        );
    }
}
