//! This device's side of sync: connecting to a relay, running a round, and the state the
//! shells show. These talk to the network, so they run outside the command table's
//! transactions; they check the caller's permission and write the activity log the same way.
//! The relay session and the company's sync key are kept in this device's `meta` table.

use std::path::Path;

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::http::{HttpRelay, RelaySession};
use super::live::LiveFeed;
use super::pairing::{self, PairingState, PairingStatus};
use super::{SyncKey, SyncReport};
use crate::kernel::access::Caller;
use crate::kernel::access::{Actor, Permission};
use crate::kernel::activity;
use crate::kernel::command::{device_command, Command, Done, Empty, Summary};
use crate::kernel::error::{Error, ErrorCode, Result};
use crate::kernel::runtime::Core;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SyncConnect {
    pub relay_url: String,
    /// The company's account on the relay.
    pub email: String,
    pub password: String,
    pub device_name: String,
    /// Create the relay account (the first device); otherwise join it.
    #[serde(default)]
    #[ts(optional)]
    pub create: Option<bool>,
    /// Joining: the company's sync key, from `sync key` on a device that has it.
    #[serde(default)]
    #[ts(optional)]
    pub key: Option<String>,
    /// Joining instead by the pairing code a connected device shows (`CCCC-SSSSSS`): the key
    /// then comes from that device, through the relay, sealed.
    #[serde(default)]
    #[ts(optional)]
    pub pairing_code: Option<String>,
}

/// How long a new device waits for the connected one to send the sealed key.
const PAIRING_WAIT: std::time::Duration = std::time::Duration::from_secs(120);
const PAIRING_POLL: std::time::Duration = std::time::Duration::from_millis(400);

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncStatus {
    pub configured: bool,
    pub relay_url: Option<String>,
    pub device_id: Option<String>,
    /// Changes made here not yet acknowledged by the relay.
    #[ts(type = "number")]
    pub pending: u64,
    /// Changes from others waiting for what they build on.
    #[ts(type = "number")]
    pub waiting: u64,
    #[ts(type = "number | null")]
    pub last_synced_at_ms: Option<i64>,
}

const LAST_SYNCED_KEY: &str = "sync.last_synced_at_ms";
const SESSION_KEY: &str = "sync.relay_session";

/// Whether this device is connected to a relay (so a second device can join): the start
/// checklist's "connect a second device".
pub fn connected(conn: &rusqlite::Connection) -> crate::kernel::error::Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?1)",
        [SESSION_KEY],
        |r| r.get(0),
    )?)
}
const SYNC_KEY: &str = "sync.company_key";

/// The new device's side of pairing: answers the connected device's offer, waits for the sealed
/// key, opens it, and closes the mailbox (which tells the connected device it worked).
fn receive_key(relay: &mut HttpRelay, code: &str) -> Result<SyncKey> {
    let (code_id, secret) = pairing::parse_code(code)?;
    let expired = || {
        Error::validation(
            "pairing_code",
            "pairing_code: no pairing with this code is open (it lasts 10 minutes): start again on the connected device",
            "没有使用这个配对码的配对（配对码 10 分钟内有效）：请在已连接的设备上重新开始",
        )
    };
    let mailbox = relay.pair_get(&code_id)?.ok_or_else(expired)?;
    let tenant_id = relay.session().tenant_id.clone();
    let (spake, answer) = pairing::answer_message(&tenant_id, &secret);
    relay.pair_answer(&code_id, &answer).map_err(|e| {
        if e.code == ErrorCode::Conflict {
            Error::validation(
                "pairing_code",
                "pairing_code: this code was used already: start pairing again on the connected device",
                "这个配对码已被使用：请在已连接的设备上重新开始配对",
            )
        } else {
            e
        }
    })?;
    let started = std::time::Instant::now();
    let sealed = loop {
        let mailbox = relay.pair_get(&code_id)?.ok_or_else(expired)?;
        if let Some(sealed) = mailbox.sealed {
            break sealed;
        }
        if started.elapsed() > PAIRING_WAIT {
            return Err(Error::new(
                ErrorCode::Conflict,
                "the connected device did not send the key: keep its pairing screen open and try again",
            ));
        }
        std::thread::sleep(PAIRING_POLL);
    };
    let key = pairing::open_key(spake, &mailbox.offer, &sealed)?;
    // The key is here: a failure to close the mailbox must not lose it (it expires anyway).
    if let Err(err) = relay.pair_close(&code_id) {
        tracing::warn!(error = %err.message, "could not close the pairing mailbox");
    }
    Ok(key)
}

impl Core {
    /// The pairing this device started and is showing the code of: kept on the device, in
    /// memory only (the secret is never written down).
    fn pairing(&mut self) -> &mut Option<pairing::Offer> {
        let state = self
            .device_state
            .get_or_insert_with(|| Box::new(None::<pairing::Offer>));
        state
            .downcast_mut()
            .expect("the device state holds sync's pairing")
    }

    /// One sync round: push this device's changes, then pull and absorb everyone else's.
    pub fn sync_round(
        &mut self,
        relay: &mut dyn super::Relay,
        key: &SyncKey,
    ) -> Result<SyncReport> {
        let now_ms = (self.clock)();
        let dir = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let mut report = SyncReport::default();
        // Files first: a record that refers to one reaches the feed after the file is there.
        if let Some(dir) = &dir {
            super::files::send(&self.conn, dir, relay, key, now_ms, &mut report)?;
        }
        report.pushed = super::push(&self.conn, relay, key)?;
        super::pull(
            &mut self.conn,
            &mut self.docs,
            relay,
            key,
            now_ms,
            &mut report,
        )?;
        if let Some(dir) = &dir {
            super::files::fetch(&self.conn, dir, relay, key, now_ms, &mut report)?;
            super::files::forget(&self.conn, relay, key, &mut report)?;
        }
        Ok(report)
    }

    // The relay session and the company's sync key live in this device's `meta` table: inside
    // the encrypted company file, whose own key is in the OS keychain (or is the user's
    // passphrase). That is never weaker than the keychain fallback file would be.
    fn meta_get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn meta_set(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn save_relay_session(&self, relay: &HttpRelay) -> Result<()> {
        let session =
            serde_json::to_string(relay.session()).map_err(|e| Error::internal(e.to_string()))?;
        self.meta_set(SESSION_KEY, &session)
    }

    fn company_exists(&self) -> Result<bool> {
        Ok(crate::users::store::company(&self.conn)?.is_some())
    }

    /// The acting user, if `permission` allows; `Nobody` only on a device without a company.
    /// Refusals are logged.
    pub(crate) fn device_caller(
        &mut self,
        caller: Caller<'_>,
        permission: Permission,
    ) -> Result<Option<Actor>> {
        self.sync_caller(caller, permission)
    }

    fn sync_caller(&mut self, caller: Caller<'_>, permission: Permission) -> Result<Option<Actor>> {
        let now_ms = (self.clock)();
        let actor = match caller {
            Caller::Nobody if !self.company_exists()? => return Ok(None),
            Caller::Nobody => return Err(Error::unauthenticated("sign in first")),
            Caller::Token(token) => {
                crate::users::ops::authenticate(&self.conn, token, now_ms, "sync")?
            }
            Caller::Actor(actor) => actor.clone(),
        };
        if permission != Permission::Session && !actor.permissions.contains(&permission) {
            let err = Error::forbidden(
                format!(
                    "{} may not manage sync (needs {})",
                    actor.name,
                    permission.as_str()
                ),
                format!(
                    "{} 无权管理同步（需要 {} 权限）",
                    actor.name,
                    permission.as_str()
                ),
            );
            self.log(
                Some(&actor),
                "sync",
                Summary::both(
                    format!("refused: {}", err.message),
                    format!(
                        "已拒绝：{}",
                        err.message_zh.as_deref().unwrap_or(&err.message)
                    ),
                ),
            )?;
            return Err(err);
        }
        Ok(Some(actor))
    }

    fn log(&mut self, actor: Option<&Actor>, command: &str, summary: Summary) -> Result<()> {
        let now_ms = (self.clock)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        activity::append(
            &tx,
            &activity::NewEntry {
                user_id: actor.map(|a| a.user_id),
                user_name: actor.map(|a| a.name.as_str()).unwrap_or(""),
                command,
                target_id: None,
                at_ms: now_ms,
                device_id: self.device_id,
                summary: summary.en(),
                summary_zh: summary.zh(),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Connects this device to a relay: creates the company's relay account (first device, a
    /// new sync key) or joins it with the key from another device.
    pub fn sync_connect(&mut self, caller: Caller<'_>, input: SyncConnect) -> Result<SyncStatus> {
        let actor = self.sync_caller(caller, Permission::UsersManage)?;
        let create = input.create.unwrap_or(false);
        if create && actor.is_none() {
            return Err(Error::conflict(
                "this device has no company yet: join an existing relay account instead",
                "本设备还没有公司：请改为加入已有的中继账户",
            ));
        }
        let url = super::http::relay_url(&input.relay_url)?;
        let url = url.as_str();
        let (relay, key) = if create {
            let label = format!("Suanpan {}", self.device_id);
            let relay = HttpRelay::sign_up(
                url,
                &label,
                &input.email,
                &input.password,
                &input.device_name,
            )?;
            (relay, SyncKey::generate())
        } else {
            let key = match (&input.key, &input.pairing_code) {
                (Some(key), _) => Some(SyncKey::from_hex(key).map_err(|e| {
                    Error::validation("key", format!("key: {}", e.message), "同步密钥无效")
                })?),
                (None, Some(code)) => {
                    // Checked before signing in: a typo costs no relay device.
                    pairing::parse_code(code)?;
                    None
                }
                (None, None) => {
                    return Err(Error::validation(
                        "key",
                        "key: the company's sync key (or a pairing code) is needed to join",
                        "加入需要公司的同步密钥（或配对码）",
                    ))
                }
            };
            let mut relay =
                HttpRelay::sign_in(url, &input.email, &input.password, &input.device_name)?;
            let key = match key {
                Some(key) => key,
                None => receive_key(&mut relay, input.pairing_code.as_deref().unwrap_or(""))?,
            };
            (relay, key)
        };
        self.save_relay_session(&relay)?;
        self.meta_set(SYNC_KEY, &key.to_hex())?;
        let (verb, verb_zh) = if create {
            ("created", "创建了")
        } else {
            ("joined", "加入了")
        };
        let device = &relay.session().device_id;
        self.log(
            actor.as_ref(),
            "sync.connect",
            Summary::both(
                format!("{verb} the relay account at {url} as device {device}"),
                format!("{verb_zh}中继账户 {url}，本机为设备 {device}"),
            ),
        )?;
        self.sync_status()
    }

    fn sync_session(&self) -> Result<Option<(RelaySession, SyncKey)>> {
        let (Some(session), Some(key)) = (self.meta_get(SESSION_KEY)?, self.meta_get(SYNC_KEY)?)
        else {
            return Ok(None);
        };
        let session: RelaySession = serde_json::from_str(&session)
            .map_err(|e| Error::internal(format!("the saved relay session is unreadable: {e}")))?;
        Ok(Some((session, SyncKey::from_hex(&key)?)))
    }

    /// One round against the configured relay. The rotated tokens are saved even when the
    /// round fails half-way.
    pub fn sync_now(&mut self, caller: Caller<'_>) -> Result<SyncReport> {
        let actor = self.sync_caller(caller, Permission::Session)?;
        let (session, key) = self.sync_session()?.ok_or_else(not_connected)?;
        let mut relay = HttpRelay::resume(session)?;
        let result = self.sync_round(&mut relay, &key);
        self.save_relay_session(&relay)?;
        let report = result?;
        self.meta_set(LAST_SYNCED_KEY, &(self.clock)().to_string())?;
        if report.pushed > 0 || report.applied > 0 || report.rejected > 0 {
            self.log(
                actor.as_ref(),
                "sync.now",
                Summary::both(
                    format!(
                        "synced: sent {}, received {} ({} applied, {} waiting, {} refused)",
                        report.pushed,
                        report.pulled,
                        report.applied,
                        report.waiting,
                        report.rejected
                    ),
                    format!(
                        "已同步：发出 {}，收到 {}（应用 {}，等待 {}，拒绝 {}）",
                        report.pushed,
                        report.pulled,
                        report.applied,
                        report.waiting,
                        report.rejected
                    ),
                ),
            )?;
        }
        Ok(report)
    }

    /// Starts pairing a new device (owners: it hands out the sync key): opens a mailbox on the
    /// relay and returns the code to type on the new device. Logged.
    pub fn sync_pair_start(&mut self, caller: Caller<'_>) -> Result<PairingStatus> {
        let actor = self.sync_caller(caller, Permission::SecurityManage)?;
        let (session, _) = self.sync_session()?.ok_or_else(not_connected)?;
        let (secret, spake, offer) = pairing::offer_message(&session.tenant_id);
        let mut relay = HttpRelay::resume(session)?;
        if let Some(old) = self.pairing().take() {
            let _ = relay.pair_close(&old.code_id);
        }
        let opened = relay.pair_open(&offer);
        self.save_relay_session(&relay)?;
        let (code_id, expires_in_s) = opened?;
        let expires_at_ms = (self.clock)() + expires_in_s as i64 * 1000;
        *self.pairing() = Some(pairing::Offer::new(code_id, secret, spake, expires_at_ms));
        self.log(
            actor.as_ref(),
            "sync.pairing.start",
            Summary::both("started pairing a new device", "开始配对新设备"),
        )?;
        self.sync_pair_status_inner(None)
    }

    /// Where the pairing started here stands; once the new device has answered, seals the sync
    /// key for it. Call it every second or so while the code is shown.
    pub fn sync_pair_status(&mut self, caller: Caller<'_>) -> Result<Option<PairingStatus>> {
        let actor = self.sync_caller(caller, Permission::SecurityManage)?;
        if self.pairing().is_none() {
            return Ok(None);
        }
        self.sync_pair_status_inner(actor.as_ref()).map(Some)
    }

    fn sync_pair_status_inner(&mut self, actor: Option<&Actor>) -> Result<PairingStatus> {
        let now = (self.clock)();
        let (session, key) = self.sync_session()?.ok_or_else(not_connected)?;
        let offer = self
            .pairing()
            .as_mut()
            .ok_or_else(|| Error::conflict("no pairing is under way", "当前没有进行中的配对"))?;
        let status = |offer: &pairing::Offer, state| PairingStatus {
            state,
            code: offer.code(),
            expires_at_ms: offer.expires_at_ms,
        };
        if now >= offer.expires_at_ms {
            return Ok(status(offer, PairingState::Expired));
        }
        let mut relay = HttpRelay::resume(session)?;
        let result = (|| -> Result<PairingState> {
            let Some(mailbox) = relay.pair_get(&offer.code_id)? else {
                // The new device closes the mailbox once it has the key.
                return Ok(if offer.sent {
                    PairingState::Done
                } else {
                    PairingState::Expired
                });
            };
            if offer.sent {
                return Ok(PairingState::Sent);
            }
            if offer.sealed.is_none() {
                let Some(answer) = mailbox.answer else {
                    return Ok(PairingState::Waiting);
                };
                let spake = offer
                    .take_spake()
                    .ok_or_else(|| Error::internal("the pairing's SPAKE2 state is spent"))?;
                offer.sealed = Some(pairing::seal_key(spake, &answer, &key)?);
            }
            let sealed = offer.sealed.clone().unwrap_or_default();
            match relay.pair_seal(&offer.code_id, &sealed) {
                // A conflict here: an earlier send got through but its answer was lost.
                Ok(()) => {}
                Err(e) if e.code == ErrorCode::Conflict && mailbox.sealed.is_some() => {}
                Err(e) => return Err(e),
            }
            offer.sent = true;
            Ok(PairingState::Sent)
        })();
        let sent_now = matches!(result, Ok(PairingState::Sent)) && offer.sent;
        let code_id = offer.code_id.clone();
        let state = result.map(|state| status(offer, state));
        self.save_relay_session(&relay)?;
        if sent_now && actor.is_some() {
            self.log(
                actor,
                "sync.pairing.status",
                Summary::both(
                    format!("sent the sealed sync key to the new device (pairing {code_id})"),
                    format!("已把加密的同步密钥发给新设备（配对 {code_id}）"),
                ),
            )?;
        }
        state
    }

    /// Gives up the pairing started here.
    pub fn sync_pair_cancel(&mut self, caller: Caller<'_>) -> Result<()> {
        self.sync_caller(caller, Permission::SecurityManage)?;
        let Some(offer) = self.pairing().take() else {
            return Ok(());
        };
        if let Some((session, _)) = self.sync_session()? {
            let mut relay = HttpRelay::resume(session)?;
            let closed = relay.pair_close(&offer.code_id);
            self.save_relay_session(&relay)?;
            closed?;
        }
        Ok(())
    }

    /// Opens the relay's live feed for a listener thread (`None`: not connected to a relay).
    /// Not a command: it reads and writes no business data, only the relay session (whose
    /// tokens may rotate here, so it is saved).
    pub fn sync_live(&mut self) -> Result<Option<LiveFeed>> {
        let Some((session, _)) = self.sync_session()? else {
            return Ok(None);
        };
        let mut relay = HttpRelay::resume(session)?;
        let feed = relay.live();
        self.save_relay_session(&relay)?;
        feed.map(Some)
    }

    /// Whether the relay's feed, at `head`, holds entries this device has not pulled yet.
    pub fn sync_behind(&self, head: u64) -> Result<bool> {
        Ok(super::cursor(&self.conn)? < head)
    }

    pub fn sync_status(&self) -> Result<SyncStatus> {
        let session = self.sync_session()?;
        let last = self.meta_get(LAST_SYNCED_KEY)?;
        let waiting: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sync_pending", [], |r| r.get(0))?;
        Ok(SyncStatus {
            configured: session.is_some(),
            relay_url: session.as_ref().map(|(s, _)| s.url.clone()),
            device_id: session.as_ref().map(|(s, _)| s.device_id.clone()),
            pending: super::outbox_len(&self.conn)?,
            waiting: waiting as u64,
            last_synced_at_ms: last.and_then(|t| t.parse().ok()),
        })
    }

    /// The relay's devices of this company.
    pub fn sync_devices(&mut self, caller: Caller<'_>) -> Result<Vec<suanpan_wire::Device>> {
        self.sync_caller(caller, Permission::UsersManage)?;
        let (session, _) = self.sync_session()?.ok_or_else(not_connected)?;
        let mut relay = HttpRelay::resume(session)?;
        let devices = relay.devices();
        self.save_relay_session(&relay)?;
        devices
    }

    /// Cuts a (lost) device off the relay.
    pub fn sync_revoke(&mut self, caller: Caller<'_>, device_id: &str) -> Result<()> {
        let actor = self.sync_caller(caller, Permission::UsersManage)?;
        let (session, _) = self.sync_session()?.ok_or_else(not_connected)?;
        let mut relay = HttpRelay::resume(session)?;
        let revoked = relay.revoke(device_id);
        self.save_relay_session(&relay)?;
        revoked?;
        self.log(
            actor.as_ref(),
            "sync.devices.revoke",
            Summary::both(
                format!("revoked device {device_id}"),
                format!("吊销了设备 {device_id}"),
            ),
        )
    }

    /// The company's sync key, for joining another device (owners only; logged).
    pub fn sync_key(&mut self, caller: Caller<'_>) -> Result<String> {
        let actor = self.sync_caller(caller, Permission::SecurityManage)?;
        let (_, key) = self.sync_session()?.ok_or_else(not_connected)?;
        self.log(
            actor.as_ref(),
            "sync.key",
            Summary::both("revealed the company's sync key", "查看了公司的同步密钥"),
        )?;
        Ok(key.to_hex())
    }
}

/// The sync commands of the one command table: they run on the device (the relay is talked to
/// between transactions), check the caller as [`Core::sync_caller`] does, and log what they do.
pub fn commands() -> Vec<Command> {
    vec![
        device_command(
            "sync.status",
            Permission::Public,
            false,
            "Whether this device is connected to a relay, what waits to be sent, when it last synced",
            |core, _, _: Empty| core.sync_status(),
        ),
        device_command(
            "sync.connect",
            Permission::UsersManage,
            true,
            "Connect this device to a relay: create the company's account, or join it with the sync key or a pairing code",
            |core, caller, input: SyncConnect| core.sync_connect(caller, input),
        ),
        device_command(
            "sync.now",
            Permission::Session,
            true,
            "One sync round now: send this device's changes, receive everyone else's",
            |core, caller, _: Empty| core.sync_now(caller),
        ),
        device_command(
            "sync.devices.list",
            Permission::UsersManage,
            false,
            "The company's devices on the relay",
            |core, caller, _: Empty| core.sync_devices(caller),
        ),
        device_command(
            "sync.devices.revoke",
            Permission::UsersManage,
            true,
            "Cut a (lost) device off the relay",
            |core, caller, input: DeviceRef| {
                core.sync_revoke(caller, &input.device_id)?;
                Ok(Done {})
            },
        ),
        device_command(
            "sync.key",
            Permission::SecurityManage,
            false,
            "The company's sync key, to join another device (logged)",
            |core, caller, _: Empty| Ok(SyncKeyShown { key: core.sync_key(caller)? }),
        ),
        device_command(
            "sync.pairing.start",
            Permission::SecurityManage,
            true,
            "Start pairing a new device: the code to show on this one (logged)",
            |core, caller, _: Empty| core.sync_pair_start(caller),
        ),
        device_command(
            "sync.pairing.status",
            Permission::SecurityManage,
            false,
            "Where the pairing shown here stands (null: none); sends the sealed key once the new device answered",
            |core, caller, _: Empty| core.sync_pair_status(caller),
        ),
        device_command(
            "sync.pairing.cancel",
            Permission::SecurityManage,
            true,
            "Give up the pairing shown here: its code no longer works",
            |core, caller, _: Empty| {
                core.sync_pair_cancel(caller)?;
                Ok(Done {})
            },
        ),
    ]
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DeviceRef {
    pub device_id: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncKeyShown {
    /// 64 hex digits.
    pub key: String,
}

fn not_connected() -> Error {
    Error::conflict(
        "this device is not connected to a relay",
        "本设备尚未连接到同步中继",
    )
}
