//! Sync between a company's devices through a relay that only ever sees ciphertext.
//!
//! Every local change is already in the outbox (written with the edit, see
//! [`crate::kernel::store::docs`]). A sync round pushes the outbox, sealed with the company's key, in
//! bounded batches, and deletes what the relay acknowledged; then it pulls the relay's feed from
//! this device's cursor and absorbs each entry into its document and projection, moving the
//! cursor in the same transaction. Loading changes twice is harmless (Automerge ignores
//! changes it has), so a lost acknowledgement only means a duplicate. Changes that arrive
//! before the changes they build on (or a note before its customer) wait in `sync_pending`
//! and are retried after every batch.
//!
//! The relay's contract: it keeps the entries of a push in the order given, after everything
//! it stored before, and every device reads the same feed in the same order. Erasure relies on
//! it: a document replaced at feed position S takes no change from before S again.

pub mod device;
pub mod envelope;
pub mod files;
pub mod http;
pub mod live;
mod origin;
pub mod pairing;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::kernel::error::{Error, ErrorCode, Result};
use crate::kernel::store::docs::{self, Absorbed, DocCache, Op};
pub use envelope::{Entry, Origin, Sealed, SyncKey};

/// Entries per push or pull: bounds the relay's and the device's memory per message.
pub use suanpan_wire::BATCH_MAX;

pub const MIGRATIONS: crate::kernel::store::migrations::Migrations =
    crate::kernel::store::migrations::Migrations {
        reproject: &[],
        area: "sync",
        steps: &[
            "CREATE TABLE sync_pending (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL,
        doc_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        op TEXT NOT NULL,
        bytes BLOB NOT NULL
    );
    CREATE INDEX sync_pending_doc ON sync_pending (doc_id);",
            // Attached files this device has settled with the relay (see `files`).
            "CREATE TABLE sync_files (
        hash TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        tried_ms INTEGER NOT NULL
    ) WITHOUT ROWID;",
            // Who made each change (envelope version 2, see `origin`).
            "CREATE TABLE sync_doc_authors (
        doc_id TEXT NOT NULL,
        author TEXT NOT NULL,
        counter INTEGER NOT NULL,
        PRIMARY KEY (doc_id, author)
    ) WITHOUT ROWID;
    CREATE TABLE sync_fences (
        doc_id TEXT NOT NULL,
        author TEXT NOT NULL,
        counter INTEGER NOT NULL,
        PRIMARY KEY (doc_id, author)
    ) WITHOUT ROWID;
    ALTER TABLE sync_pending ADD COLUMN author TEXT;
    ALTER TABLE sync_pending ADD COLUMN counter INTEGER;",
        ],
    };

/// One entry of the relay's feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub seq: u64,
    pub sealed: Sealed,
}

/// What a device needs of a relay. The HTTP client and the tests' in-memory relay implement it.
pub trait Relay {
    /// Appends `entries` to the company's feed; `Ok` means all of them are stored.
    fn push(&mut self, entries: &[Sealed]) -> Result<()>;
    /// Up to `limit` entries after `since`, in feed order.
    fn pull(&mut self, since: u64, limit: usize) -> Result<Vec<FeedEntry>>;
    /// Stores an attached file's sealed blob under `name` (keeping one already there).
    fn put_file(&mut self, name: &str, blob: &[u8]) -> Result<()>;
    /// The blob stored under `name`, if any.
    fn get_file(&mut self, name: &str) -> Result<Option<Vec<u8>>>;
    /// Tells the relay that no record here refers to the file under `name` any more (it
    /// deletes it later unless some device still asks for it).
    fn forget_file(&mut self, name: &str) -> Result<()>;
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct SyncReport {
    #[ts(type = "number")]
    pub pushed: u64,
    #[ts(type = "number")]
    pub pulled: u64,
    /// Entries that changed a document here.
    #[ts(type = "number")]
    pub applied: u64,
    /// Entries still waiting for what they build on.
    #[ts(type = "number")]
    pub waiting: u64,
    /// Entries that failed authentication (not sealed with this company's key): skipped.
    #[ts(type = "number")]
    pub rejected: u64,
    #[ts(type = "number")]
    pub cursor: u64,
    /// Attached files sent to the relay and fetched from it.
    #[ts(type = "number")]
    pub files_sent: u64,
    #[ts(type = "number")]
    pub files_received: u64,
    /// Files that records here refer to and the relay does not have yet.
    #[ts(type = "number")]
    pub files_waiting: u64,
    /// Files no record here refers to any more, which the relay was told it may delete.
    #[ts(type = "number")]
    pub files_forgotten: u64,
}

const CURSOR_KEY: &str = "sync.cursor";

pub fn cursor(conn: &Connection) -> Result<u64> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [CURSOR_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text.and_then(|t| t.parse().ok()).unwrap_or(0))
}

fn set_cursor(conn: &Connection, seq: u64) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![CURSOR_KEY, seq.to_string()],
    )?;
    Ok(())
}

/// Changes made here and not yet acknowledged by the relay.
pub fn outbox_len(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?;
    Ok(n as u64)
}

/// Reads an entry from the columns `doc_id, kind, op, bytes` starting at `first` (outbox and
/// `sync_pending` rows share that layout).
fn entry_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Entry> {
    Ok(Entry {
        doc_id: row.get(first)?,
        kind: row.get(first + 1)?,
        op: Op::parse(&row.get::<_, String>(first + 2)?).unwrap_or(Op::Changes),
        bytes: row.get(first + 3)?,
        origin: None,
    })
}

/// A waiting entry: `entry_at`'s columns, then its author and counter (a change's fence only
/// matters for changes, so a waiting one keeps no fence of its own).
fn pending_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Entry> {
    let mut entry = entry_at(row, first)?;
    let author: Option<String> = row.get(first + 4)?;
    let counter: Option<i64> = row.get(first + 5)?;
    if let (Some(author), Some(counter)) = (author, counter) {
        entry.origin = Some(Origin {
            author,
            counter: counter as u64,
            fence: Vec::new(),
        });
    }
    Ok(entry)
}

/// Pushes the whole outbox, batch by batch.
pub fn push(conn: &Connection, relay: &mut dyn Relay, key: &SyncKey) -> Result<u64> {
    let mut pushed = 0;
    loop {
        let mut stmt = conn.prepare_cached(
            "SELECT seq, doc_id, kind, op, bytes FROM outbox ORDER BY seq LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([BATCH_MAX as i64], |r| {
                Ok((r.get::<_, i64>(0)?, entry_at(r, 1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.is_empty() {
            return Ok(pushed);
        }
        let device = origin::this_device(conn)?;
        let mut sealed = Vec::with_capacity(rows.len());
        for (seq, entry) in &rows {
            let entry = Entry {
                origin: Some(origin::of_own(conn, &device, *seq as u64, entry)?),
                ..entry.clone()
            };
            let one = key.seal(&entry)?;
            if one.blob.len() > suanpan_wire::ENTRY_MAX_BYTES {
                return Err(Error::new(
                    ErrorCode::Validation,
                    format!(
                        "a change to {} {} is larger than the {} MiB the relay takes",
                        entry.kind,
                        entry.doc_id,
                        suanpan_wire::ENTRY_MAX_BYTES >> 20
                    ),
                ));
            }
            sealed.push(one);
        }
        // As many as fit in one request's body; the rest go in the next push.
        sealed.truncate(suanpan_wire::entries_fitting(
            sealed.iter().map(|s| s.blob.len()),
        ));
        let last = rows[sealed.len() - 1].0;
        relay.push(&sealed)?;
        // Only what the relay acknowledged leaves the outbox.
        conn.execute("DELETE FROM outbox WHERE seq <= ?1", [last])?;
        pushed += sealed.len() as u64;
    }
}

/// Pulls the feed from the cursor and absorbs it, one transaction per batch.
pub fn pull(
    conn: &mut Connection,
    cache: &mut DocCache,
    relay: &mut dyn Relay,
    key: &SyncKey,
    now_ms: i64,
    report: &mut SyncReport,
) -> Result<()> {
    // Documents replaced (erased) by another device: once the batches are in, what this
    // device held about them leaves its log, its search indexes and its free pages too.
    let mut replaced: Vec<String> = Vec::new();
    loop {
        let since = cursor(conn)?;
        let batch = relay.pull(since, BATCH_MAX)?;
        // The batch may come in any order: the cursor moves to the furthest entry.
        let Some(last) = batch.iter().map(|e| e.seq).max() else {
            report.cursor = since;
            report.waiting = pending_len(conn)?;
            if !replaced.is_empty() {
                let tx = conn.transaction()?;
                crate::kernel::activity::redact(&tx, &replaced, &[])?;
                crate::kernel::store::compact_search_indexes(&tx)?;
                tx.commit()?;
                if let Err(err) = crate::kernel::store::scrub(conn) {
                    tracing::warn!(error = %err, "could not rebuild the company file after an erasure arrived");
                }
            }
            return Ok(());
        };
        if last <= since {
            return Err(Error::new(
                ErrorCode::Storage,
                format!("the relay answered entries up to {last} for a pull after {since}"),
            ));
        }
        let mut batch = batch;
        batch.sort_by_key(|e| e.seq);
        let tx = conn.transaction()?;
        let result = (|| {
            for feed_entry in &batch {
                report.pulled += 1;
                match key.open(&feed_entry.sealed) {
                    Ok(entry) => match absorb_or_wait(&tx, cache, feed_entry.seq, &entry, now_ms) {
                        Ok(Absorbed::Applied) => {
                            report.applied += 1;
                            if entry.op == Op::Replace {
                                replaced.push(entry.doc_id.clone());
                            }
                        }
                        Ok(_) => {}
                        Err(err) if err.code == ErrorCode::Storage => {
                            // A change this document cannot take must not stop every later one.
                            report.rejected += 1;
                            tracing::warn!(seq = feed_entry.seq, error = %err.message, "skipped a feed entry its document refused");
                        }
                        Err(err) => return Err(err),
                    },
                    Err(err) => {
                        report.rejected += 1;
                        tracing::warn!(seq = feed_entry.seq, error = %err.message, "skipped a feed entry that does not open with the company's key");
                    }
                }
            }
            report.applied += retry_pending(&tx, cache, now_ms)?;
            cache.settle_derived(&tx)?;
            set_cursor(&tx, last)
        })();
        match result {
            Ok(()) => {
                tx.commit()?;
                cache.commit();
            }
            Err(err) => {
                cache.rollback();
                return Err(err);
            }
        }
    }
}

fn pending_len(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM sync_pending", [], |r| r.get(0))?;
    Ok(n as u64)
}

/// Where the feed replaced a document: `Some(None)` replaced here and not yet back from the
/// relay, `Some(Some(seq))` replaced at `seq`, `None` never.
fn replaced_at(conn: &Connection, doc_id: &str) -> Result<Option<Option<u64>>> {
    Ok(conn
        .query_row(
            "SELECT seq FROM replaced WHERE doc_id = ?1",
            [doc_id],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .map(|seq| seq.map(|s| s as u64)))
}

fn set_replaced(conn: &Connection, doc_id: &str, seq: u64) -> Result<()> {
    conn.execute(
        "INSERT INTO replaced (doc_id, seq) VALUES (?1, ?2)
         ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq",
        params![doc_id, seq as i64],
    )?;
    Ok(())
}

/// Absorbs the feed entry at `seq` inside a savepoint; what cannot be absorbed yet waits in
/// `sync_pending`. A replaced document takes no change from before its replacement.
fn absorb_or_wait(
    conn: &Connection,
    cache: &mut DocCache,
    seq: u64,
    entry: &Entry,
    now_ms: i64,
) -> Result<Absorbed> {
    if origin::is_fenced(conn, entry)? {
        // From before the document's replacement, served again: never applied.
        tracing::debug!(doc = %entry.doc_id, "dropped a change from before a replacement");
        return Ok(Absorbed::Known);
    }
    let replaced = replaced_at(conn, &entry.doc_id)?;
    match (entry.op, replaced) {
        // Our own replacement coming back: the document already is it (and maybe more).
        (Op::Replace, Some(None)) => {
            set_replaced(conn, &entry.doc_id, seq)?;
            return Ok(Absorbed::Known);
        }
        (Op::Replace, Some(Some(at))) if seq <= at => return Ok(Absorbed::Known),
        (Op::Changes, Some(None)) => return Ok(Absorbed::Known),
        (Op::Changes, Some(Some(at))) if seq < at => return Ok(Absorbed::Known),
        _ => {}
    }
    match try_absorb(conn, cache, entry, now_ms)? {
        Some(outcome) => {
            origin::taken_in(conn, entry)?;
            if entry.op == Op::Replace {
                set_replaced(conn, &entry.doc_id, seq)?;
                // Whatever waited for the old history will never fit.
                conn.execute(
                    "DELETE FROM sync_pending WHERE doc_id = ?1",
                    [&entry.doc_id],
                )?;
            }
            Ok(outcome)
        }
        None => {
            let (author, counter) = match &entry.origin {
                Some(o) => (Some(o.author.as_str()), Some(o.counter as i64)),
                None => (None, None),
            };
            conn.execute(
                "INSERT INTO sync_pending (seq, doc_id, kind, op, bytes, author, counter)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    seq as i64,
                    entry.doc_id,
                    entry.kind,
                    entry.op.as_str(),
                    entry.bytes,
                    author,
                    counter
                ],
            )?;
            Ok(Absorbed::MissingDeps)
        }
    }
}

/// `None`: not yet (missing changes, or a record whose parent has not arrived).
fn try_absorb(
    conn: &Connection,
    cache: &mut DocCache,
    entry: &Entry,
    now_ms: i64,
) -> Result<Option<Absorbed>> {
    conn.execute_batch("SAVEPOINT absorb")?;
    let outcome = docs::absorb(
        conn,
        cache,
        &entry.doc_id,
        &entry.kind,
        entry.op,
        &entry.bytes,
        now_ms,
    );
    match outcome {
        Ok(Absorbed::MissingDeps) => {
            conn.execute_batch("ROLLBACK TO absorb; RELEASE absorb")?;
            Ok(None)
        }
        Ok(outcome) => {
            conn.execute_batch("RELEASE absorb")?;
            Ok(Some(outcome))
        }
        Err(err) if is_constraint(&err) => {
            conn.execute_batch("ROLLBACK TO absorb; RELEASE absorb")?;
            cache.forget(&entry.doc_id);
            Ok(None)
        }
        Err(err) => {
            conn.execute_batch("ROLLBACK TO absorb; RELEASE absorb")?;
            cache.forget(&entry.doc_id);
            if entry.op == Op::Changes && replaced_at(conn, &entry.doc_id)?.is_some() {
                // Old history of an erased document meeting the new one (the same device made
                // changes before and after): it can never apply, and must not. Dropped.
                tracing::debug!(doc = %entry.doc_id, error = %err.message, "dropped a change from before an erasure");
                return Ok(Some(Absorbed::Known));
            }
            Err(err)
        }
    }
}

fn is_constraint(err: &Error) -> bool {
    err.code == ErrorCode::Storage
        && err
            .internal
            .as_deref()
            .is_some_and(|why| why.contains("constraint failed"))
}

/// Retries waiting entries until a pass makes no progress; returns how many applied.
fn retry_pending(conn: &Connection, cache: &mut DocCache, now_ms: i64) -> Result<u64> {
    let mut applied = 0;
    loop {
        let waiting: Vec<(i64, i64, Entry)> = conn
            .prepare(
                "SELECT id, seq, doc_id, kind, op, bytes, author, counter FROM sync_pending
                 ORDER BY seq, id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, pending_at(r, 2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut progress = false;
        for (id, seq, entry) in waiting {
            // Replaced since it arrived: it no longer fits.
            if let Some(at) = replaced_at(conn, &entry.doc_id)? {
                if at.is_none_or(|at| (seq as u64) < at) {
                    conn.execute("DELETE FROM sync_pending WHERE id = ?1", [id])?;
                    continue;
                }
            }
            if origin::is_fenced(conn, &entry)? {
                conn.execute("DELETE FROM sync_pending WHERE id = ?1", [id])?;
                continue;
            }
            if let Some(outcome) = try_absorb(conn, cache, &entry, now_ms)? {
                origin::taken_in(conn, &entry)?;
                conn.execute("DELETE FROM sync_pending WHERE id = ?1", [id])?;
                progress = true;
                if outcome == Absorbed::Applied {
                    applied += 1;
                }
            }
        }
        if !progress {
            return Ok(applied);
        }
    }
}

#[cfg(test)]
mod tests {
    use suanpan_wire::entries_fitting as fitting;

    #[test]
    fn a_push_takes_as_many_entries_as_fit_in_the_relays_body_limit() {
        let mib = 1024 * 1024;
        // Small entries: all of them.
        assert_eq!(fitting([100; 500]), 500);
        // 3 MiB entries are 4 MiB in base64: three fit under 16 MiB, the fourth waits.
        assert_eq!(fitting([3 * mib; 10]), 3);
        // The first always goes, whatever its size (the relay says if it is too big).
        assert_eq!(fitting([15 * mib, 10]), 1);
        assert_eq!(fitting(std::iter::empty()), 0);
    }
}
