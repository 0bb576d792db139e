//! The live feed (protocol v1, `GET /v1/feed/live`): a WebSocket on which the relay says where
//! the company's feed has got to, on connecting and whenever it moves. The device then pulls
//! over HTTP as usual; the socket carries no data, only sequence numbers.
//!
//! Blocking, like the rest of the device's sync: a listener thread waits in [`LiveFeed::next_head`]
//! without holding the company file.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use reqwest::Url;
use serde::Deserialize;
use tungstenite::client::IntoClientRequest;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::kernel::error::{Error, ErrorCode, Reason, Result};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a read waits before this side pings; the relay answers pings at once.
const PING_EVERY: Duration = Duration::from_secs(30);
/// Nothing at all heard for this long (not even a pong): the connection is dead.
const SILENCE_MAX: Duration = Duration::from_secs(75);

/// The relay's close codes (sync-server's `CLOSE_*`).
const CLOSE_TOKEN_EXPIRED: u16 = 4001;
const CLOSE_REVOKED: u16 = 4003;

/// Why a live feed ended: the listener reconnects at once after `TokenExpired`, backs off after
/// `Lost`, and stops after `Revoked`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEnd {
    TokenExpired,
    Revoked,
    Lost(String),
}

pub struct LiveFeed {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    last_heard: Instant,
}

#[derive(Deserialize)]
struct Notice {
    #[serde(rename = "type")]
    kind: String,
    seq: u64,
}

fn offline(url: &str, detail: impl std::fmt::Display) -> Error {
    Error {
        reason: Some(Reason::RelayOffline),
        ..Error::new(
            ErrorCode::Storage,
            format!("cannot reach the relay at {url}: {detail}"),
        )
    }
}

/// `http(s)://host/…` → `ws(s)://host/…/v1/feed/live`.
fn live_url(base: &str) -> Result<Url> {
    let mut url =
        Url::parse(&format!("{}/v1/feed/live", base.trim_end_matches('/'))).map_err(|e| {
            Error::validation(
                "relay_url",
                format!("not a URL: {e}"),
                "中继地址不是有效的网址",
            )
        })?;
    let scheme = match url.scheme() {
        "http" => "ws",
        "https" => "wss",
        other => {
            return Err(Error::validation(
                "relay_url",
                format!("an http:// or https:// address, not {other}://"),
                format!("须是 http:// 或 https:// 地址，而不是 {other}://"),
            ))
        }
    };
    url.set_scheme(scheme)
        .map_err(|_| Error::internal("cannot make the live feed's address"))?;
    Ok(url)
}

impl LiveFeed {
    /// Opens the live feed of the relay at `base` (its http(s) address) with an access token.
    /// A refused token is `Unauthenticated` (refresh it and try again); an unreachable relay is
    /// `relay_offline`.
    pub fn connect(base: &str, access_token: &str) -> Result<LiveFeed> {
        let url = live_url(base)?;
        let host = url.host_str().ok_or_else(|| {
            Error::validation(
                "relay_url",
                "the address names no host",
                "这个地址没有主机名",
            )
        })?;
        let port = url.port_or_known_default().unwrap_or(80);
        let address = (host, port)
            .to_socket_addrs()
            .map_err(|e| offline(base, e))?
            .next()
            .ok_or_else(|| offline(base, "the host has no address"))?;
        let stream =
            TcpStream::connect_timeout(&address, CONNECT_TIMEOUT).map_err(|e| offline(base, e))?;
        stream
            .set_read_timeout(Some(PING_EVERY))
            .map_err(|e| offline(base, e))?;
        let _ = stream.set_nodelay(true);
        let mut request = url
            .as_str()
            .into_client_request()
            .map_err(|e| Error::internal(format!("live feed request: {e}")))?;
        let bearer = format!("Bearer {access_token}")
            .parse()
            .map_err(|_| Error::internal("the access token is not a valid header"))?;
        request.headers_mut().insert("authorization", bearer);
        request
            .headers_mut()
            .insert(suanpan_wire::PROTOCOL_HEADER, suanpan_wire::PROTOCOL.into());
        match tungstenite::client_tls(request, stream) {
            Ok((socket, _)) => Ok(LiveFeed {
                socket,
                last_heard: Instant::now(),
            }),
            Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(response)))
                if response.status() == 401 =>
            {
                Err(Error {
                    reason: Some(Reason::RelayRefused),
                    ..Error::new(
                        ErrorCode::Unauthenticated,
                        "relay: the access token is invalid or expired",
                    )
                })
            }
            Err(e) => Err(offline(base, e)),
        }
    }

    /// Waits for the relay's next word on where the feed stands: the head sequence number (the
    /// first call returns the head at connecting). Pings the relay when it is quiet, and gives
    /// up on a connection that stays silent.
    pub fn next_head(&mut self) -> std::result::Result<u64, LiveEnd> {
        loop {
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    self.last_heard = Instant::now();
                    match serde_json::from_str::<Notice>(text.as_str()) {
                        Ok(notice) if notice.kind == "head" => return Ok(notice.seq),
                        // Newer relays may say more; this device listens only for heads.
                        _ => continue,
                    }
                }
                Ok(Message::Close(frame)) => {
                    return Err(match frame.map(|f| u16::from(f.code)) {
                        Some(CLOSE_TOKEN_EXPIRED) => LiveEnd::TokenExpired,
                        Some(CLOSE_REVOKED) => LiveEnd::Revoked,
                        code => LiveEnd::Lost(format!("closed by the relay ({code:?})")),
                    })
                }
                Ok(_) => self.last_heard = Instant::now(),
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    if self.last_heard.elapsed() > SILENCE_MAX {
                        return Err(LiveEnd::Lost("the relay went silent".into()));
                    }
                    if let Err(e) = self.socket.send(Message::Ping(Vec::new().into())) {
                        return Err(LiveEnd::Lost(e.to_string()));
                    }
                }
                Err(e) => return Err(LiveEnd::Lost(e.to_string())),
            }
        }
    }

    /// Closes the feed politely.
    pub fn close(mut self) {
        let _ = self.socket.close(Some(tungstenite::protocol::CloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        }));
        let _ = self.socket.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_address_follows_the_relay_address() {
        assert_eq!(
            live_url("http://127.0.0.1:8787/").unwrap().as_str(),
            "ws://127.0.0.1:8787/v1/feed/live"
        );
        assert_eq!(
            live_url("https://relay.example.com/shop").unwrap().as_str(),
            "wss://relay.example.com/shop/v1/feed/live"
        );
        let err = live_url("ftp://relay.example.com").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("relay_url"));
    }
}
