//! The embedded SQLite store: opening the file, migrations, and the Automerge documents that
//! are the truth behind every projection table.

pub mod concurrent;
pub mod crypt;
pub mod docs;
pub mod migrations;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::kernel::error::Result;

/// How long a writer waits for another process (the CLI while the app runs) to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's page cache per connection, in KiB.
const PAGE_CACHE_KIB: i64 = 32 * 1024;

/// Opens the encrypted company file (see [`crypt`]) and sets it up for use.
pub fn open_file(path: &Path, unlock: crypt::Unlock<'_>) -> Result<crypt::Opened> {
    let opened = crypt::open(path, unlock)?;
    configure_file(&opened.conn)?;
    Ok(opened)
}

/// A plain SQLite file, only for the benchmark that measures what encryption costs.
#[doc(hidden)]
pub fn open_unencrypted(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    configure_file(&conn)?;
    Ok(conn)
}

fn configure_file(conn: &Connection) -> Result<()> {
    configure(conn)?;
    // WAL lets the app keep reading while the CLI or a backup writes.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    debug_assert_eq!(mode.to_lowercase(), "wal");
    Ok(())
}

/// Merges every full-text index's segments, so that the tokens of deleted or rewritten rows
/// (an erased customer's name) are dropped now rather than at some later merge.
pub fn compact_search_indexes(conn: &Connection) -> Result<()> {
    let tables = conn
        .prepare(
            "SELECT name FROM sqlite_master
             WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for table in tables {
        conn.execute(
            &format!("INSERT INTO \"{table}\" (\"{table}\") VALUES ('optimize')"),
            [],
        )?;
    }
    Ok(())
}

/// Rebuilds the file without free pages and empties the write-ahead log, so that data deleted
/// by a committed erasure is in no page of the file or the log (secure_delete zeroes what it
/// frees; VACUUM drops the free pages and rewrites the rest).
pub fn scrub(conn: &Connection) -> Result<()> {
    let checkpoint = || conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    checkpoint()?;
    conn.execute("VACUUM", [])?;
    checkpoint()?;
    Ok(())
}

pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Deleted content is overwritten where its page is written anyway ("fast": no extra I/O),
    // and an erasure then rebuilds the file (`scrub`), which leaves no free page behind: erased
    // personal data must not survive in the file, nor in a backup copied from it.
    conn.pragma_update(None, "secure_delete", "fast")?;
    // Pages are decrypted on their way into SQLite's cache (the OS cache holds only ciphertext):
    // a cache that holds the working set (search indexes) keeps decryption off the hot path.
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
    // `IN rarray(?)`: bind a list of keys as one parameter.
    rusqlite::vtab::array::load_module(conn)?;
    Ok(())
}
