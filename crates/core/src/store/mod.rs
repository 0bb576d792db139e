//! The embedded SQLite store: opening the file, migrations, and the Automerge documents that
//! are the truth behind every projection table.

pub mod crypt;
pub mod docs;
pub mod migrations;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::Result;

/// How long a writer waits for another process (the CLI while the app runs) to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the encrypted company file (see [`crypt`]) and sets it up for use.
pub fn open_file(path: &Path, unlock: crypt::Unlock<'_>) -> Result<crypt::Opened> {
    let opened = crypt::open(path, unlock)?;
    let conn = &opened.conn;
    configure(conn)?;
    // WAL lets the app keep reading while the CLI or a backup writes.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    debug_assert_eq!(mode.to_lowercase(), "wal");
    Ok(opened)
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
    // `IN rarray(?)`: bind a list of keys as one parameter.
    rusqlite::vtab::array::load_module(conn)?;
    Ok(())
}
