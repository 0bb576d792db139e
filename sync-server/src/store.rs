//! The relay's storage: tenants, their accounts and devices, refresh tokens, and one
//! append-only feed of sealed entries per tenant. It never sees a document in the clear and
//! never loads one: an entry is an opaque tag, a replace flag and bytes.
//!
//! [`Store`] is the one interface; [`SqliteStore`] is the embedded default.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} exists already")]
    Exists(&'static str),
    #[error("storage: {0}")]
    Storage(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::Storage(err.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub tenant_id: String,
    pub email: String,
    pub password_hash: String,
}

/// Defined once for the relay and the devices.
pub use suanpan_wire::Device;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub doc: String,
    pub replace: bool,
    pub blob: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub seq: u64,
    pub doc: String,
    pub replace: bool,
    pub blob: Vec<u8>,
}

/// What the relay keeps. Every method takes the tenant, so one tenant's caller can never
/// reach another's rows.
pub trait Store: Send + Sync {
    fn create_tenant(
        &self,
        tenant_id: &str,
        name: &str,
        account: &Account,
        now_ms: i64,
    ) -> StoreResult<()>;
    /// The accounts under `email`, oldest first, at most `limit`. An email may have several
    /// (one per company): an account is an email and a password together.
    fn accounts_by_email(&self, email: &str, limit: usize) -> StoreResult<Vec<Account>>;
    fn add_device(&self, tenant_id: &str, device: &Device) -> StoreResult<()>;
    fn devices(&self, tenant_id: &str) -> StoreResult<Vec<Device>>;
    /// `None` if the device does not exist in this tenant.
    fn device(&self, tenant_id: &str, device_id: &str) -> StoreResult<Option<Device>>;
    fn touch_device(&self, tenant_id: &str, device_id: &str, now_ms: i64) -> StoreResult<()>;
    /// Revokes the device and every refresh token it holds; `false` if there is no such device.
    fn revoke_device(&self, tenant_id: &str, device_id: &str) -> StoreResult<bool>;
    fn put_refresh(
        &self,
        token_hash: &str,
        tenant_id: &str,
        device_id: &str,
        expires_ms: i64,
    ) -> StoreResult<()>;
    /// Spends a refresh token: a live one is marked spent (kept until it expires, so that a
    /// second use is recognised) and its device returned.
    fn take_refresh(&self, token_hash: &str, now_ms: i64) -> StoreResult<Refresh>;
    /// Appends in the order given, after everything stored before; returns the last seq. A
    /// replacement drops the earlier entries of its document.
    fn append(&self, tenant_id: &str, entries: &[NewEntry]) -> StoreResult<u64>;
    /// The entries after `since`, by seq: at most `limit`, and no more than fit in one body
    /// (`suanpan_wire::entries_fitting`), but always the first one.
    fn read(&self, tenant_id: &str, since: u64, limit: usize) -> StoreResult<Vec<StoredEntry>>;
    /// Totals for /metrics: entries and bytes stored (a sum over tenants, not a feed scan).
    fn totals(&self) -> StoreResult<(u64, u64)>;
    /// The tenant's last sequence number (0 for an empty feed).
    fn head(&self, tenant_id: &str) -> StoreResult<u64>;

    /// Opens a pairing mailbox; `Exists` when the code is taken by an unexpired one.
    fn open_pairing(&self, tenant_id: &str, pairing: &Pairing, now_ms: i64) -> StoreResult<()>;
    /// An unexpired pairing mailbox.
    fn pairing(&self, tenant_id: &str, code_id: &str, now_ms: i64) -> StoreResult<Option<Pairing>>;
    /// Sets the new device's answer, once: false when there is no such mailbox or it was
    /// answered already.
    fn answer_pairing(
        &self,
        tenant_id: &str,
        code_id: &str,
        answer: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool>;
    /// Sets the sealed key, by the mailbox's creator only, after the answer.
    fn seal_pairing(
        &self,
        tenant_id: &str,
        code_id: &str,
        creator: &str,
        sealed: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool>;
    fn close_pairing(&self, tenant_id: &str, code_id: &str) -> StoreResult<bool>;

    /// Stores an attached file's sealed blob unless the tenant's files would then take more
    /// than `quota` bytes; one already under the name is kept (the name is derived from the
    /// content, so it is the same file). Either way the file is no longer forgotten.
    fn put_file(
        &self,
        tenant_id: &str,
        name: &str,
        blob: &[u8],
        now_ms: i64,
        quota: u64,
    ) -> StoreResult<PutFile>;
    /// The file's blob; asking for it also takes back a device's word that it was forgotten
    /// (some record still refers to it).
    fn get_file(&self, tenant_id: &str, name: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Notes that a device found no record referring to the file; `false` if there is none.
    fn forget_file(&self, tenant_id: &str, name: &str, now_ms: i64) -> StoreResult<bool>;
    /// Deletes the files forgotten before `before_ms` and not asked for or sent since; returns
    /// how many.
    fn purge_files(&self, before_ms: i64) -> StoreResult<u64>;
}

/// What presenting a refresh token found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// Live: now spent. (tenant, device)
    Fresh(String, String),
    /// Spent already, at `spent_ms`: a second use (a stolen copy, or a lost answer retried).
    Reused {
        tenant_id: String,
        device_id: String,
        spent_ms: i64,
    },
    /// Unknown or expired.
    Unknown,
}

/// What became of a file sent to the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutFile {
    Stored,
    /// It was there already (the same content).
    Kept,
    /// The tenant's files take `used` bytes: this one would pass the quota.
    OverQuota {
        used: u64,
    },
}

/// The last of `sizes` (seq, blob length, by seq) that fits in one body; the first always
/// does. `None` for no entries.
pub fn last_within(sizes: &[(u64, usize)]) -> Option<u64> {
    let count = suanpan_wire::entries_fitting(sizes.iter().map(|(_, len)| *len));
    count.checked_sub(1).map(|last| sizes[last].0)
}

/// A pairing mailbox: the relay passes three opaque messages between two devices of a tenant
/// (the connected device's SPAKE2 offer, the new device's answer, the sealed sync key) and
/// learns nothing from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub code_id: String,
    pub creator: String,
    pub offer: Vec<u8>,
    pub answer: Option<Vec<u8>>,
    pub sealed: Option<Vec<u8>>,
    pub expires_ms: i64,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    -- The tenant's feed rows and their blobs' bytes, kept by append: /metrics sums these.
    entries INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_email ON accounts (email);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices (id),
    expires_ms INTEGER NOT NULL,
    spent_ms INTEGER
);
-- Each refresh clears its device's expired tokens: found by device, not by a scan.
CREATE INDEX IF NOT EXISTS refresh_tokens_device ON refresh_tokens (device_id);
CREATE TABLE IF NOT EXISTS feed (
    tenant_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    replace INTEGER NOT NULL,
    blob BLOB NOT NULL,
    PRIMARY KEY (tenant_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feed_doc ON feed (tenant_id, doc, seq);
CREATE TABLE IF NOT EXISTS files (
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    blob BLOB NOT NULL,
    created_at_ms INTEGER NOT NULL,
    forgotten_ms INTEGER,
    PRIMARY KEY (tenant_id, name)
);
CREATE TABLE IF NOT EXISTS pairings (
    tenant_id TEXT NOT NULL,
    code_id TEXT NOT NULL,
    creator TEXT NOT NULL,
    offer BLOB NOT NULL,
    answer BLOB,
    sealed BLOB,
    expires_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, code_id)
);
";

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    pub fn open(path: &Path) -> StoreResult<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // An acknowledged push must survive a crash of the machine, not just of the process.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch(SCHEMA)?;
        // Relays made when an email could hold one account only: the constraint goes.
        let accounts_sql: String = conn.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'accounts'",
            [],
            |r| r.get(0),
        )?;
        if accounts_sql.contains("UNIQUE") {
            conn.execute_batch(
                "BEGIN;
                 CREATE TABLE accounts_new (
                     id TEXT PRIMARY KEY,
                     tenant_id TEXT NOT NULL REFERENCES tenants (id),
                     email TEXT NOT NULL,
                     password_hash TEXT NOT NULL
                 );
                 INSERT INTO accounts_new SELECT id, tenant_id, email, password_hash FROM accounts;
                 DROP TABLE accounts;
                 ALTER TABLE accounts_new RENAME TO accounts;
                 CREATE INDEX accounts_email ON accounts (email);
                 COMMIT;",
            )?;
        }
        // Relays made before spent refresh tokens were kept.
        let has_spent = has_column(&conn, "refresh_tokens", "spent_ms")?;
        if !has_spent {
            conn.execute_batch("ALTER TABLE refresh_tokens ADD COLUMN spent_ms INTEGER")?;
        }
        // Relays made before files could be forgotten.
        let has_forgotten = has_column(&conn, "files", "forgotten_ms")?;
        if !has_forgotten {
            conn.execute_batch("ALTER TABLE files ADD COLUMN forgotten_ms INTEGER")?;
        }
        let has_counts = has_column(&conn, "tenants", "entries")?;
        if !has_counts {
            // Relays made before the counts: counted once, from the feed.
            conn.execute_batch(
                "BEGIN;
                 ALTER TABLE tenants ADD COLUMN entries INTEGER NOT NULL DEFAULT 0;
                 ALTER TABLE tenants ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
                 UPDATE tenants SET
                     entries = (SELECT count(*) FROM feed WHERE tenant_id = tenants.id),
                     bytes = (SELECT coalesce(sum(length(blob)), 0) FROM feed
                              WHERE tenant_id = tenants.id);
                 COMMIT;",
            )?;
        }
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether `table` has `column` (older relay databases lack the newer ones).
fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get(0),
    )
}

fn device_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: row.get(0)?,
        name: row.get(1)?,
        created_at_ms: row.get(2)?,
        last_seen_ms: row.get(3)?,
        revoked: row.get(4)?,
    })
}

impl Store for SqliteStore {
    fn create_tenant(
        &self,
        tenant_id: &str,
        name: &str,
        account: &Account,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO tenants (id, name, created_at_ms) VALUES (?1, ?2, ?3)",
            params![tenant_id, name, now_ms],
        )?;
        tx.execute(
            "INSERT INTO accounts (id, tenant_id, email, password_hash) VALUES (?1, ?2, ?3, ?4)",
            params![account.id, tenant_id, account.email, account.password_hash],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn accounts_by_email(&self, email: &str, limit: usize) -> StoreResult<Vec<Account>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.tenant_id, a.email, a.password_hash FROM accounts a
                 JOIN tenants t ON t.id = a.tenant_id
                 WHERE a.email = ?1 ORDER BY t.created_at_ms, a.id LIMIT ?2",
        )?;
        let accounts = stmt
            .query_map(params![email, limit as i64], |r| {
                Ok(Account {
                    id: r.get(0)?,
                    tenant_id: r.get(1)?,
                    email: r.get(2)?,
                    password_hash: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(accounts)
    }

    fn add_device(&self, tenant_id: &str, device: &Device) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO devices (id, tenant_id, name, created_at_ms, last_seen_ms, revoked)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)",
            params![
                device.id,
                tenant_id,
                device.name,
                device.created_at_ms,
                device.last_seen_ms
            ],
        )?;
        Ok(())
    }

    fn devices(&self, tenant_id: &str) -> StoreResult<Vec<Device>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, name, created_at_ms, last_seen_ms, revoked FROM devices
             WHERE tenant_id = ?1 ORDER BY created_at_ms, id",
        )?;
        let devices = stmt
            .query_map([tenant_id], device_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(devices)
    }

    fn device(&self, tenant_id: &str, device_id: &str) -> StoreResult<Option<Device>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, name, created_at_ms, last_seen_ms, revoked FROM devices
                 WHERE tenant_id = ?1 AND id = ?2",
                [tenant_id, device_id],
                device_row,
            )
            .optional()?)
    }

    fn touch_device(&self, tenant_id: &str, device_id: &str, now_ms: i64) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE devices SET last_seen_ms = ?3 WHERE tenant_id = ?1 AND id = ?2",
            params![tenant_id, device_id, now_ms],
        )?;
        Ok(())
    }

    fn revoke_device(&self, tenant_id: &str, device_id: &str) -> StoreResult<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE devices SET revoked = 1 WHERE tenant_id = ?1 AND id = ?2",
            [tenant_id, device_id],
        )?;
        tx.execute(
            "DELETE FROM refresh_tokens WHERE tenant_id = ?1 AND device_id = ?2",
            [tenant_id, device_id],
        )?;
        tx.commit()?;
        Ok(changed > 0)
    }

    fn put_refresh(
        &self,
        token_hash: &str,
        tenant_id: &str,
        device_id: &str,
        expires_ms: i64,
    ) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO refresh_tokens (token_hash, tenant_id, device_id, expires_ms)
             VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, tenant_id, device_id, expires_ms],
        )?;
        Ok(())
    }

    fn take_refresh(&self, token_hash: &str, now_ms: i64) -> StoreResult<Refresh> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let found: Option<(String, String, i64, Option<i64>)> = tx
            .query_row(
                "SELECT tenant_id, device_id, expires_ms, spent_ms FROM refresh_tokens
                 WHERE token_hash = ?1",
                [token_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let answer = match found {
            Some((_, _, expires, _)) if expires <= now_ms => Refresh::Unknown,
            Some((tenant_id, device_id, _, Some(spent_ms))) => Refresh::Reused {
                tenant_id,
                device_id,
                spent_ms,
            },
            Some((tenant_id, device_id, _, None)) => {
                tx.execute(
                    "UPDATE refresh_tokens SET spent_ms = ?2 WHERE token_hash = ?1",
                    params![token_hash, now_ms],
                )?;
                // Spent tokens are kept until they expire; then they go.
                tx.execute(
                    "DELETE FROM refresh_tokens WHERE device_id = ?1 AND expires_ms <= ?2",
                    params![device_id, now_ms],
                )?;
                Refresh::Fresh(tenant_id, device_id)
            }
            None => Refresh::Unknown,
        };
        tx.commit()?;
        Ok(answer)
    }

    fn append(&self, tenant_id: &str, entries: &[NewEntry]) -> StoreResult<u64> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut seq: i64 = tx.query_row(
            "SELECT last_seq FROM tenants WHERE id = ?1",
            [tenant_id],
            |r| r.get(0),
        )?;
        let (mut count, mut bytes) = (0i64, 0i64);
        for entry in entries {
            seq += 1;
            count += 1;
            bytes += entry.blob.len() as i64;
            tx.prepare_cached(
                "INSERT INTO feed (tenant_id, seq, doc, replace, blob) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                tenant_id,
                seq,
                entry.doc,
                entry.replace,
                entry.blob
            ])?;
            if entry.replace {
                // The erased history leaves the relay too.
                let (gone, gone_bytes): (i64, i64) = tx.query_row(
                    "SELECT count(*), coalesce(sum(length(blob)), 0) FROM feed
                     WHERE tenant_id = ?1 AND doc = ?2 AND seq < ?3",
                    params![tenant_id, entry.doc, seq],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                tx.execute(
                    "DELETE FROM feed WHERE tenant_id = ?1 AND doc = ?2 AND seq < ?3",
                    params![tenant_id, entry.doc, seq],
                )?;
                count -= gone;
                bytes -= gone_bytes;
            }
        }
        tx.execute(
            "UPDATE tenants SET last_seq = ?2, entries = entries + ?3, bytes = bytes + ?4
             WHERE id = ?1",
            params![tenant_id, seq, count, bytes],
        )?;
        tx.commit()?;
        Ok(seq as u64)
    }

    fn read(&self, tenant_id: &str, since: u64, limit: usize) -> StoreResult<Vec<StoredEntry>> {
        let conn = self.conn();
        // Sizes first (length() of a blob reads no blob), then only the blobs that fit.
        let sizes = conn
            .prepare_cached(
                "SELECT seq, length(blob) FROM feed WHERE tenant_id = ?1 AND seq > ?2
                 ORDER BY seq LIMIT ?3",
            )?
            .query_map(params![tenant_id, since as i64, limit as i64], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(last) = last_within(&sizes) else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare_cached(
            "SELECT seq, doc, replace, blob FROM feed
             WHERE tenant_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq",
        )?;
        let entries = stmt
            .query_map(params![tenant_id, since as i64, last as i64], |r| {
                Ok(StoredEntry {
                    seq: r.get::<_, i64>(0)? as u64,
                    doc: r.get(1)?,
                    replace: r.get(2)?,
                    blob: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(entries)
    }

    fn totals(&self) -> StoreResult<(u64, u64)> {
        let (count, bytes): (i64, i64) = self.conn().query_row(
            "SELECT coalesce(sum(entries), 0), coalesce(sum(bytes), 0) FROM tenants",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((count as u64, bytes as u64))
    }

    fn head(&self, tenant_id: &str) -> StoreResult<u64> {
        let seq: Option<i64> = self
            .conn()
            .query_row(
                "SELECT last_seq FROM tenants WHERE id = ?1",
                [tenant_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(seq.unwrap_or(0) as u64)
    }

    fn open_pairing(&self, tenant_id: &str, pairing: &Pairing, now_ms: i64) -> StoreResult<()> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM pairings WHERE expires_ms <= ?1",
            params![now_ms],
        )?;
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO pairings (tenant_id, code_id, creator, offer, expires_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                tenant_id,
                pairing.code_id,
                pairing.creator,
                pairing.offer,
                pairing.expires_ms
            ],
        )?;
        if inserted == 0 {
            return Err(StoreError::Exists("pairing code"));
        }
        Ok(())
    }

    fn pairing(&self, tenant_id: &str, code_id: &str, now_ms: i64) -> StoreResult<Option<Pairing>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT code_id, creator, offer, answer, sealed, expires_ms FROM pairings
                 WHERE tenant_id = ?1 AND code_id = ?2 AND expires_ms > ?3",
                params![tenant_id, code_id, now_ms],
                |r| {
                    Ok(Pairing {
                        code_id: r.get(0)?,
                        creator: r.get(1)?,
                        offer: r.get(2)?,
                        answer: r.get(3)?,
                        sealed: r.get(4)?,
                        expires_ms: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    fn answer_pairing(
        &self,
        tenant_id: &str,
        code_id: &str,
        answer: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "UPDATE pairings SET answer = ?3
             WHERE tenant_id = ?1 AND code_id = ?2 AND answer IS NULL AND expires_ms > ?4",
            params![tenant_id, code_id, answer, now_ms],
        )? == 1)
    }

    fn seal_pairing(
        &self,
        tenant_id: &str,
        code_id: &str,
        creator: &str,
        sealed: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "UPDATE pairings SET sealed = ?4
             WHERE tenant_id = ?1 AND code_id = ?2 AND creator = ?3 AND answer IS NOT NULL
               AND sealed IS NULL AND expires_ms > ?5",
            params![tenant_id, code_id, creator, sealed, now_ms],
        )? == 1)
    }

    fn close_pairing(&self, tenant_id: &str, code_id: &str) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "DELETE FROM pairings WHERE tenant_id = ?1 AND code_id = ?2",
            params![tenant_id, code_id],
        )? == 1)
    }

    fn put_file(
        &self,
        tenant_id: &str,
        name: &str,
        blob: &[u8],
        now_ms: i64,
        quota: u64,
    ) -> StoreResult<PutFile> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let kept = tx.execute(
            "UPDATE files SET forgotten_ms = NULL WHERE tenant_id = ?1 AND name = ?2",
            params![tenant_id, name],
        )?;
        if kept == 1 {
            tx.commit()?;
            return Ok(PutFile::Kept);
        }
        let used: i64 = tx.query_row(
            "SELECT coalesce(sum(length(blob)), 0) FROM files WHERE tenant_id = ?1",
            [tenant_id],
            |r| r.get(0),
        )?;
        if used as u64 + blob.len() as u64 > quota {
            return Ok(PutFile::OverQuota { used: used as u64 });
        }
        tx.execute(
            "INSERT INTO files (tenant_id, name, blob, created_at_ms) VALUES (?1, ?2, ?3, ?4)",
            params![tenant_id, name, blob, now_ms],
        )?;
        tx.commit()?;
        Ok(PutFile::Stored)
    }

    fn get_file(&self, tenant_id: &str, name: &str) -> StoreResult<Option<Vec<u8>>> {
        let conn = self.conn();
        conn.execute(
            "UPDATE files SET forgotten_ms = NULL
             WHERE tenant_id = ?1 AND name = ?2 AND forgotten_ms IS NOT NULL",
            params![tenant_id, name],
        )?;
        Ok(conn
            .query_row(
                "SELECT blob FROM files WHERE tenant_id = ?1 AND name = ?2",
                params![tenant_id, name],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn forget_file(&self, tenant_id: &str, name: &str, now_ms: i64) -> StoreResult<bool> {
        Ok(self.conn().execute(
            "UPDATE files SET forgotten_ms = coalesce(forgotten_ms, ?3)
             WHERE tenant_id = ?1 AND name = ?2",
            params![tenant_id, name, now_ms],
        )? == 1)
    }

    fn purge_files(&self, before_ms: i64) -> StoreResult<u64> {
        Ok(self.conn().execute(
            "DELETE FROM files WHERE forgotten_ms IS NOT NULL AND forgotten_ms < ?1",
            [before_ms],
        )? as u64)
    }
}
