//! [`PgStore`]: the relay's storage in PostgreSQL, so that several stateless relay processes
//! behind a load balancer share one database. Same contract as the SQLite store (the relay
//! tests run against both); the feed's order comes from a row lock on the tenant, so pushes
//! through different processes still get consecutive sequence numbers in push order.
//!
//! Synchronous (the `postgres` crate), like the SQLite store: the API calls it from
//! `spawn_blocking`. A small pool of connections is kept; a broken one is dropped.

use std::sync::Mutex;

use postgres::{Client, NoTls, Row};

use crate::store::{
    Account, Device, NewEntry, Pairing, PutFile, Refresh, Store, StoreError, StoreResult,
    StoredEntry,
};

/// Connections kept open between requests.
const IDLE_MAX: usize = 8;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0,
    -- The tenant's feed rows and their blobs' bytes, kept by append: /metrics sums these.
    entries BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
-- Relays made when an email could hold one account only: the constraint goes.
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_email_key;
CREATE INDEX IF NOT EXISTS accounts_email ON accounts (email);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices (id),
    expires_ms BIGINT NOT NULL,
    spent_ms BIGINT
);
-- Each refresh clears its device's expired tokens: found by device, not by a scan.
CREATE INDEX IF NOT EXISTS refresh_tokens_device ON refresh_tokens (device_id);
ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS spent_ms BIGINT;
CREATE TABLE IF NOT EXISTS feed (
    tenant_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    doc TEXT NOT NULL,
    replace BOOLEAN NOT NULL,
    blob BYTEA NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX IF NOT EXISTS feed_doc ON feed (tenant_id, doc, seq);
CREATE TABLE IF NOT EXISTS files (
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    blob BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL,
    forgotten_ms BIGINT,
    PRIMARY KEY (tenant_id, name)
);
ALTER TABLE files ADD COLUMN IF NOT EXISTS forgotten_ms BIGINT;
CREATE TABLE IF NOT EXISTS pairings (
    tenant_id TEXT NOT NULL,
    code_id TEXT NOT NULL,
    creator TEXT NOT NULL,
    offer BYTEA NOT NULL,
    answer BYTEA,
    sealed BYTEA,
    expires_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, code_id)
);
";

impl From<postgres::Error> for StoreError {
    fn from(err: postgres::Error) -> Self {
        StoreError::Storage(err.to_string())
    }
}

pub struct PgStore {
    config: postgres::Config,
    idle: Mutex<Vec<Client>>,
}

/// A pooled connection, returned to the pool when dropped (unless it broke).
struct Pooled<'a> {
    client: Option<Client>,
    store: &'a PgStore,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("present until dropped")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            if !client.is_closed() {
                let mut idle = self.store.idle.lock().unwrap_or_else(|e| e.into_inner());
                if idle.len() < IDLE_MAX {
                    idle.push(client);
                }
            }
        }
    }
}

impl PgStore {
    /// Connects (`url`: a libpq connection string or `postgresql://` URL) and creates the
    /// tables if they are missing.
    pub fn open(url: &str) -> StoreResult<PgStore> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Storage(format!("the PostgreSQL address: {e}")))?;
        let store = PgStore {
            config,
            idle: Mutex::new(Vec::new()),
        };
        let mut client = store.client()?;
        let had_counts = client
            .query_opt(
                "SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'tenants'
                   AND column_name = 'entries'",
                &[],
            )?
            .is_some();
        let had_tenants = client
            .query_opt(
                "SELECT 1 FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name = 'tenants'",
                &[],
            )?
            .is_some();
        client.batch_execute(SCHEMA)?;
        if had_tenants && !had_counts {
            // Relays made before the counts: counted once, from the feed.
            client.batch_execute(
                "ALTER TABLE tenants ADD COLUMN IF NOT EXISTS entries BIGINT NOT NULL DEFAULT 0;
                 ALTER TABLE tenants ADD COLUMN IF NOT EXISTS bytes BIGINT NOT NULL DEFAULT 0;
                 UPDATE tenants SET
                     entries = (SELECT count(*) FROM feed WHERE tenant_id = tenants.id),
                     bytes = (SELECT coalesce(sum(octet_length(blob)), 0) FROM feed
                              WHERE tenant_id = tenants.id);",
            )?;
        }
        drop(client);
        Ok(store)
    }

    fn client(&self) -> StoreResult<Pooled<'_>> {
        let reused = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let client = match reused {
            Some(client) => client,
            None => self.config.connect(NoTls)?,
        };
        Ok(Pooled {
            client: Some(client),
            store: self,
        })
    }
}

fn device_row(row: &Row) -> Device {
    Device {
        id: row.get(0),
        name: row.get(1),
        created_at_ms: row.get(2),
        last_seen_ms: row.get(3),
        revoked: row.get(4),
    }
}

impl Store for PgStore {
    fn create_tenant(
        &self,
        tenant_id: &str,
        name: &str,
        account: &Account,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        tx.execute(
            "INSERT INTO tenants (id, name, created_at_ms) VALUES ($1, $2, $3)",
            &[&tenant_id, &name, &now_ms],
        )?;
        tx.execute(
            "INSERT INTO accounts (id, tenant_id, email, password_hash) VALUES ($1, $2, $3, $4)",
            &[
                &account.id,
                &tenant_id,
                &account.email,
                &account.password_hash,
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn accounts_by_email(&self, email: &str, limit: usize) -> StoreResult<Vec<Account>> {
        Ok(self
            .client()?
            .query(
                "SELECT a.id, a.tenant_id, a.email, a.password_hash FROM accounts a
                 JOIN tenants t ON t.id = a.tenant_id
                 WHERE a.email = $1 ORDER BY t.created_at_ms, a.id LIMIT $2",
                &[&email, &(limit as i64)],
            )?
            .iter()
            .map(|r| Account {
                id: r.get(0),
                tenant_id: r.get(1),
                email: r.get(2),
                password_hash: r.get(3),
            })
            .collect())
    }

    fn add_device(&self, tenant_id: &str, device: &Device) -> StoreResult<()> {
        self.client()?.execute(
            "INSERT INTO devices (id, tenant_id, name, created_at_ms, last_seen_ms, revoked)
             VALUES ($1, $2, $3, $4, $5, FALSE)",
            &[
                &device.id,
                &tenant_id,
                &device.name,
                &device.created_at_ms,
                &device.last_seen_ms,
            ],
        )?;
        Ok(())
    }

    fn devices(&self, tenant_id: &str) -> StoreResult<Vec<Device>> {
        Ok(self
            .client()?
            .query(
                "SELECT id, name, created_at_ms, last_seen_ms, revoked FROM devices
                 WHERE tenant_id = $1 ORDER BY created_at_ms, id",
                &[&tenant_id],
            )?
            .iter()
            .map(device_row)
            .collect())
    }

    fn device(&self, tenant_id: &str, device_id: &str) -> StoreResult<Option<Device>> {
        Ok(self
            .client()?
            .query_opt(
                "SELECT id, name, created_at_ms, last_seen_ms, revoked FROM devices
                 WHERE tenant_id = $1 AND id = $2",
                &[&tenant_id, &device_id],
            )?
            .as_ref()
            .map(device_row))
    }

    fn touch_device(&self, tenant_id: &str, device_id: &str, now_ms: i64) -> StoreResult<()> {
        self.client()?.execute(
            "UPDATE devices SET last_seen_ms = $3 WHERE tenant_id = $1 AND id = $2",
            &[&tenant_id, &device_id, &now_ms],
        )?;
        Ok(())
    }

    fn revoke_device(&self, tenant_id: &str, device_id: &str) -> StoreResult<bool> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let changed = tx.execute(
            "UPDATE devices SET revoked = TRUE WHERE tenant_id = $1 AND id = $2",
            &[&tenant_id, &device_id],
        )?;
        tx.execute(
            "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND device_id = $2",
            &[&tenant_id, &device_id],
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
        self.client()?.execute(
            "INSERT INTO refresh_tokens (token_hash, tenant_id, device_id, expires_ms)
             VALUES ($1, $2, $3, $4)",
            &[&token_hash, &tenant_id, &device_id, &expires_ms],
        )?;
        Ok(())
    }

    fn take_refresh(&self, token_hash: &str, now_ms: i64) -> StoreResult<Refresh> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // The row lock: two processes cannot both spend it.
        let found = tx.query_opt(
            "SELECT tenant_id, device_id, expires_ms, spent_ms FROM refresh_tokens
             WHERE token_hash = $1 FOR UPDATE",
            &[&token_hash],
        )?;
        let answer = match found {
            None => Refresh::Unknown,
            Some(row) if row.get::<_, i64>(2) <= now_ms => Refresh::Unknown,
            Some(row) => match row.get::<_, Option<i64>>(3) {
                Some(spent_ms) => Refresh::Reused {
                    tenant_id: row.get(0),
                    device_id: row.get(1),
                    spent_ms,
                },
                None => {
                    let device_id: String = row.get(1);
                    tx.execute(
                        "UPDATE refresh_tokens SET spent_ms = $2 WHERE token_hash = $1",
                        &[&token_hash, &now_ms],
                    )?;
                    // Spent tokens are kept until they expire; then they go.
                    tx.execute(
                        "DELETE FROM refresh_tokens WHERE device_id = $1 AND expires_ms <= $2",
                        &[&device_id, &now_ms],
                    )?;
                    Refresh::Fresh(row.get(0), device_id)
                }
            },
        };
        tx.commit()?;
        Ok(answer)
    }

    fn append(&self, tenant_id: &str, entries: &[NewEntry]) -> StoreResult<u64> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // The row lock orders pushes to one tenant across relay processes.
        let mut seq: i64 = tx
            .query_one(
                "SELECT last_seq FROM tenants WHERE id = $1 FOR UPDATE",
                &[&tenant_id],
            )?
            .get(0);
        let insert = tx.prepare(
            "INSERT INTO feed (tenant_id, seq, doc, replace, blob) VALUES ($1, $2, $3, $4, $5)",
        )?;
        let (mut count, mut bytes) = (0i64, 0i64);
        for entry in entries {
            seq += 1;
            count += 1;
            bytes += entry.blob.len() as i64;
            tx.execute(
                &insert,
                &[&tenant_id, &seq, &entry.doc, &entry.replace, &entry.blob],
            )?;
            if entry.replace {
                let gone = tx.query_one(
                    "WITH gone AS (
                         DELETE FROM feed WHERE tenant_id = $1 AND doc = $2 AND seq < $3
                         RETURNING octet_length(blob) AS size)
                     SELECT count(*), coalesce(sum(size), 0)::BIGINT FROM gone",
                    &[&tenant_id, &entry.doc, &seq],
                )?;
                count -= gone.get::<_, i64>(0);
                bytes -= gone.get::<_, i64>(1);
            }
        }
        tx.execute(
            "UPDATE tenants SET last_seq = $2, entries = entries + $3, bytes = bytes + $4
             WHERE id = $1",
            &[&tenant_id, &seq, &count, &bytes],
        )?;
        tx.commit()?;
        Ok(seq as u64)
    }

    fn read(&self, tenant_id: &str, since: u64, limit: usize) -> StoreResult<Vec<StoredEntry>> {
        let mut client = self.client()?;
        // Sizes first (octet_length reads no blob), then only the blobs that fit.
        let sizes = client.query(
            "SELECT seq, octet_length(blob) FROM feed WHERE tenant_id = $1 AND seq > $2
             ORDER BY seq LIMIT $3",
            &[&tenant_id, &(since as i64), &(limit as i64)],
        )?;
        let sizes: Vec<(u64, usize)> = sizes
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u64, r.get::<_, i32>(1) as usize))
            .collect();
        let Some(last) = crate::store::last_within(&sizes) else {
            return Ok(Vec::new());
        };
        Ok(client
            .query(
                "SELECT seq, doc, replace, blob FROM feed
                 WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                &[&tenant_id, &(since as i64), &(last as i64)],
            )?
            .iter()
            .map(|r| StoredEntry {
                seq: r.get::<_, i64>(0) as u64,
                doc: r.get(1),
                replace: r.get(2),
                blob: r.get(3),
            })
            .collect())
    }

    fn totals(&self) -> StoreResult<(u64, u64)> {
        let row = self.client()?.query_one(
            "SELECT coalesce(sum(entries), 0)::BIGINT, coalesce(sum(bytes), 0)::BIGINT FROM tenants",
            &[],
        )?;
        Ok((row.get::<_, i64>(0) as u64, row.get::<_, i64>(1) as u64))
    }

    fn head(&self, tenant_id: &str) -> StoreResult<u64> {
        Ok(self
            .client()?
            .query_opt("SELECT last_seq FROM tenants WHERE id = $1", &[&tenant_id])?
            .map(|r| r.get::<_, i64>(0) as u64)
            .unwrap_or(0))
    }

    fn open_pairing(&self, tenant_id: &str, pairing: &Pairing, now_ms: i64) -> StoreResult<()> {
        let mut client = self.client()?;
        client.execute("DELETE FROM pairings WHERE expires_ms <= $1", &[&now_ms])?;
        let inserted = client.execute(
            "INSERT INTO pairings (tenant_id, code_id, creator, offer, expires_ms)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            &[
                &tenant_id,
                &pairing.code_id,
                &pairing.creator,
                &pairing.offer,
                &pairing.expires_ms,
            ],
        )?;
        if inserted == 0 {
            return Err(StoreError::Exists("pairing code"));
        }
        Ok(())
    }

    fn pairing(&self, tenant_id: &str, code_id: &str, now_ms: i64) -> StoreResult<Option<Pairing>> {
        Ok(self
            .client()?
            .query_opt(
                "SELECT code_id, creator, offer, answer, sealed, expires_ms FROM pairings
                 WHERE tenant_id = $1 AND code_id = $2 AND expires_ms > $3",
                &[&tenant_id, &code_id, &now_ms],
            )?
            .map(|r| Pairing {
                code_id: r.get(0),
                creator: r.get(1),
                offer: r.get(2),
                answer: r.get(3),
                sealed: r.get(4),
                expires_ms: r.get(5),
            }))
    }

    fn answer_pairing(
        &self,
        tenant_id: &str,
        code_id: &str,
        answer: &[u8],
        now_ms: i64,
    ) -> StoreResult<bool> {
        Ok(self.client()?.execute(
            "UPDATE pairings SET answer = $3
             WHERE tenant_id = $1 AND code_id = $2 AND answer IS NULL AND expires_ms > $4",
            &[&tenant_id, &code_id, &answer, &now_ms],
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
        Ok(self.client()?.execute(
            "UPDATE pairings SET sealed = $4
             WHERE tenant_id = $1 AND code_id = $2 AND creator = $3 AND answer IS NOT NULL
               AND sealed IS NULL AND expires_ms > $5",
            &[&tenant_id, &code_id, &creator, &sealed, &now_ms],
        )? == 1)
    }

    fn close_pairing(&self, tenant_id: &str, code_id: &str) -> StoreResult<bool> {
        Ok(self.client()?.execute(
            "DELETE FROM pairings WHERE tenant_id = $1 AND code_id = $2",
            &[&tenant_id, &code_id],
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
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        // The tenant's row lock: two files sent at once cannot both pass the quota.
        tx.execute(
            "SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE",
            &[&tenant_id],
        )?;
        let kept = tx.execute(
            "UPDATE files SET forgotten_ms = NULL WHERE tenant_id = $1 AND name = $2",
            &[&tenant_id, &name],
        )?;
        if kept == 1 {
            tx.commit()?;
            return Ok(PutFile::Kept);
        }
        let used: i64 = tx
            .query_one(
                "SELECT coalesce(sum(octet_length(blob)), 0)::BIGINT FROM files WHERE tenant_id = $1",
                &[&tenant_id],
            )?
            .get(0);
        if used as u64 + blob.len() as u64 > quota {
            return Ok(PutFile::OverQuota { used: used as u64 });
        }
        tx.execute(
            "INSERT INTO files (tenant_id, name, blob, created_at_ms) VALUES ($1, $2, $3, $4)",
            &[&tenant_id, &name, &blob, &now_ms],
        )?;
        tx.commit()?;
        Ok(PutFile::Stored)
    }

    fn get_file(&self, tenant_id: &str, name: &str) -> StoreResult<Option<Vec<u8>>> {
        let mut client = self.client()?;
        client.execute(
            "UPDATE files SET forgotten_ms = NULL
             WHERE tenant_id = $1 AND name = $2 AND forgotten_ms IS NOT NULL",
            &[&tenant_id, &name],
        )?;
        Ok(client
            .query_opt(
                "SELECT blob FROM files WHERE tenant_id = $1 AND name = $2",
                &[&tenant_id, &name],
            )?
            .map(|r| r.get(0)))
    }

    fn forget_file(&self, tenant_id: &str, name: &str, now_ms: i64) -> StoreResult<bool> {
        Ok(self.client()?.execute(
            "UPDATE files SET forgotten_ms = coalesce(forgotten_ms, $3)
             WHERE tenant_id = $1 AND name = $2",
            &[&tenant_id, &name, &now_ms],
        )? == 1)
    }

    fn purge_files(&self, before_ms: i64) -> StoreResult<u64> {
        Ok(self.client()?.execute(
            "DELETE FROM files WHERE forgotten_ms IS NOT NULL AND forgotten_ms < $1",
            &[&before_ms],
        )?)
    }
}
