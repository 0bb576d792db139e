//! One throw-away company: this device's core on a company file in a temporary folder (so
//! attached files work as in the app), a clock the tests may set, and an in-memory relay feed
//! shared with a second device made on demand (the "peer"). The folders go with the company.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use suanpan_core::secrets::{MemoryStore, SecretStore};
use suanpan_core::store::crypt::Unlock;
use suanpan_core::sync::{FeedEntry, Relay, Sealed, SyncKey};
use suanpan_core::{Core, Error, ErrorCode, Result};

/// Every fixture's users sign in with this password.
pub const PASSWORD: &str = "correct-horse-9";
pub const OWNER_EMAIL: &str = "owner@example.com";

/// The relay's feed, in memory: what a real relay keeps, for two devices in one process.
#[derive(Default)]
struct Feed {
    entries: Vec<Sealed>,
    files: HashMap<String, Vec<u8>>,
}

struct FeedRelay<'a>(&'a mut Feed);

impl Relay for FeedRelay<'_> {
    fn push(&mut self, entries: &[Sealed]) -> Result<()> {
        self.0.entries.extend(entries.iter().cloned());
        Ok(())
    }

    fn pull(&mut self, since: u64, limit: usize) -> Result<Vec<FeedEntry>> {
        Ok(self
            .0
            .entries
            .iter()
            .enumerate()
            .skip(since as usize)
            .take(limit)
            .map(|(i, sealed)| FeedEntry {
                seq: i as u64 + 1,
                sealed: sealed.clone(),
            })
            .collect())
    }

    fn put_file(&mut self, name: &str, blob: &[u8]) -> Result<()> {
        self.0
            .files
            .entry(name.to_string())
            .or_insert_with(|| blob.to_vec());
        Ok(())
    }

    fn get_file(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.0.files.get(name).cloned())
    }

    /// This relay in memory keeps every file for the process's life: forgetting is a no-op,
    /// as on a relay whose keeping time has not passed.
    fn forget_file(&mut self, _name: &str) -> Result<()> {
        Ok(())
    }
}

/// A device: a core on its own company file in a fresh temporary folder, its key in a keychain
/// kept in memory, whose clock reads `now` when it is set (not 0), else the system's.
fn device(now: &Arc<AtomicI64>) -> Result<(Core, tempfile::TempDir)> {
    let dir = tempfile::Builder::new()
        .prefix("suanpan-devhost-")
        .tempdir()
        .map_err(|e| Error::new(ErrorCode::Storage, format!("no temporary folder: {e}")))?;
    let keychain = MemoryStore::default();
    let unlock = Unlock {
        keychain: Some(&keychain as &dyn SecretStore),
        passphrase: None,
    };
    let mut core = Core::open(dir.path(), Box::<MemoryStore>::default(), unlock)?;
    let now = now.clone();
    core.set_clock(Box::new(move || match now.load(Ordering::SeqCst) {
        0 => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default(),
        set => set,
    }));
    Ok((core, dir))
}

struct Peer {
    core: Core,
    token: String,
    /// Last: the core closes its file before the folder goes.
    _dir: tempfile::TempDir,
}

pub struct Company {
    pub core: Core,
    now: Arc<AtomicI64>,
    feed: Feed,
    key: SyncKey,
    peer: Option<Peer>,
    _dir: tempfile::TempDir,
}

impl Company {
    pub fn new() -> Result<Company> {
        let now = Arc::new(AtomicI64::new(0));
        let (core, dir) = device(&now)?;
        Ok(Company {
            core,
            now,
            feed: Feed::default(),
            key: SyncKey::generate(),
            peer: None,
            _dir: dir,
        })
    }

    /// Fixes the time every device of this company reads (`None`: the system's clock again).
    pub fn set_clock(&self, now_ms: Option<i64>) {
        self.now.store(now_ms.unwrap_or(0), Ordering::SeqCst);
    }

    /// Runs a command as this device's UI would: for the holder of `token`.
    pub fn call(&mut self, token: Option<&str>, command: &str, input: Value) -> Result<Value> {
        self.core.call(token, command, input)
    }

    /// As [`Company::call`], with the caller's request id (a repeat answers as the first time).
    pub fn call_request(
        &mut self,
        token: Option<&str>,
        command: &str,
        input: Value,
        request_id: Option<&str>,
    ) -> Result<Value> {
        self.core.call_request(token, command, input, request_id)
    }

    /// One sync round of this device with the in-memory relay.
    pub fn sync(&mut self) -> Result<()> {
        self.core
            .sync_round(&mut FeedRelay(&mut self.feed), &self.key)?;
        Ok(())
    }

    /// Makes the company's second device (once): it receives all this device has so far, then
    /// works offline until a command runs on it (see [`Company::peer_call`]).
    pub fn join_peer(&mut self) -> Result<()> {
        if self.peer.is_some() {
            return Ok(());
        }
        self.sync()?;
        let (mut core, dir) = device(&self.now)?;
        core.sync_round(&mut FeedRelay(&mut self.feed), &self.key)?;
        let session = core.call(
            None,
            "users.auth.login",
            json!({ "email": OWNER_EMAIL, "password": PASSWORD }),
        )?;
        let token = session["token"]
            .as_str()
            .ok_or_else(|| Error::internal("the peer's sign-in gave no token"))?
            .to_string();
        self.peer = Some(Peer {
            core,
            token,
            _dir: dir,
        });
        Ok(())
    }

    /// Runs `command` as the owner on the second device (made now if there is none) with what it
    /// knows, as a till that worked offline since it last synced; then syncs both devices.
    pub fn peer_call(&mut self, command: &str, input: Value) -> Result<Value> {
        self.join_peer()?;
        let peer = self.peer.as_mut().expect("joined above");
        let output = peer.core.call(Some(&peer.token), command, input)?;
        peer.core
            .sync_round(&mut FeedRelay(&mut self.feed), &self.key)?;
        self.sync()?;
        Ok(output)
    }
}
