//! Requests a caller may send twice: a command that changes data can carry the caller's own
//! request id (the UI makes one per submit). The first call's answer is kept, on this device,
//! in the same transaction as its change; the same id again answers that result instead of
//! making a second record — a double-click, or a retry after an answer was lost, changes the
//! books once. The same id for another command or another user is refused.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    reproject: &[],
    area: "requests",
    steps: &["CREATE TABLE requests (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        user_id TEXT,
        output TEXT NOT NULL,
        at_ms INTEGER NOT NULL
    );
    CREATE INDEX requests_at ON requests (at_ms);"],
};

/// How long an answer is kept for a repeat: far longer than any retry takes.
pub const KEPT_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// A request id is the caller's: a UUID or anything as short.
pub const ID_CHARS_MAX: usize = 64;

/// Checks a request id as given: 1 to 64 visible ASCII characters.
pub fn check_id(id: &str) -> Result<&str> {
    if id.is_empty() || id.len() > ID_CHARS_MAX || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Error::invalid(
            "request_id",
            Reason::InvalidValue,
            format!("request_id: 1 to {ID_CHARS_MAX} letters, digits or signs"),
        )
        .with_limit(ID_CHARS_MAX));
    }
    Ok(id)
}

/// The answer kept for request `id`, if it ran before; an error if it ran as another command
/// or for another user.
pub fn answered(
    conn: &Connection,
    id: &str,
    command: &str,
    user_id: Option<&str>,
) -> Result<Option<Value>> {
    let kept: Option<(String, Option<String>, String)> = conn
        .query_row(
            "SELECT command, user_id, output FROM requests WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((kept_command, kept_user, output)) = kept else {
        return Ok(None);
    };
    if kept_command != command || kept_user.as_deref() != user_id {
        return Err(Error::conflict(
            "this request id was used for another request; send a new one",
            "此请求编号已用于另一个请求，请使用新的编号",
        ));
    }
    let output = serde_json::from_str(&output)
        .map_err(|err| Error::internal(format!("a kept answer could not be read: {err}")))?;
    Ok(Some(output))
}

/// Keeps the answer to request `id` (in the command's transaction) and forgets old ones.
pub fn remember(
    conn: &Connection,
    id: &str,
    command: &str,
    user_id: Option<&str>,
    output: &Value,
    now_ms: i64,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM requests WHERE at_ms < ?1")?
        .execute([now_ms - KEPT_MS])?;
    conn.prepare_cached(
        "INSERT INTO requests (id, command, user_id, output, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, command, user_id, output.to_string(), now_ms])?;
    Ok(())
}
