//! Attached files travel beside the feed: the record syncs with a reference (the file's hash),
//! and the file itself goes to the relay once, sealed with the company's key under a name only
//! the company can compute ([`SyncKey::file_name`]). A device that meets a reference to a
//! file it does not have fetches it; what the relay does not have yet (its device has not sent
//! it) is asked for again after [`RETRY_MS`].
//!
//! `sync_files` is this device's own note of the files it has settled: sent, fetched, or
//! refused (a blob that does not open). A reference with no row is work for the next round.

use std::path::Path;

use rusqlite::{params, Connection};

use super::{Relay, SyncKey, SyncReport};
use crate::kernel::error::Result;
use crate::kernel::files;

/// Files sent and fetched per round, each way: a round stays short; the rest go next round.
pub const FILES_PER_ROUND: usize = 20;
/// How long to wait before asking the relay again for a file it did not have.
pub const RETRY_MS: i64 = 5 * 60 * 1000;

/// A referenced file this device has not settled: in the data folder (to send) or not (to fetch).
fn unsettled(conn: &Connection, now_ms: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT r.hash FROM attachment_refs r
         LEFT JOIN sync_files f ON f.hash = r.hash
         WHERE f.hash IS NULL OR (f.state = 'missing' AND f.tried_ms <= ?1)
         ORDER BY r.hash",
    )?;
    let hashes = stmt
        .query_map([now_ms - RETRY_MS], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(hashes)
}

fn settle(conn: &Connection, hash: &str, state: &str, now_ms: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_files (hash, state, tried_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT (hash) DO UPDATE SET state = excluded.state, tried_ms = excluded.tried_ms",
        params![hash, state, now_ms],
    )?;
    Ok(())
}

/// Sends the files attached here that the relay does not have yet.
pub fn send(
    conn: &Connection,
    dir: &Path,
    relay: &mut dyn Relay,
    key: &SyncKey,
    now_ms: i64,
    report: &mut SyncReport,
) -> Result<()> {
    let mut sent = 0;
    for hash in unsettled(conn, now_ms)? {
        if sent == FILES_PER_ROUND {
            break;
        }
        if !files::exists(dir, &hash) {
            continue;
        }
        let Some(bytes) = files::get(conn, dir, &hash)? else {
            continue;
        };
        let (name, blob) = key.seal_file(&hash, &bytes)?;
        relay.put_file(&name, &blob)?;
        settle(conn, &hash, "sent", now_ms)?;
        sent += 1;
    }
    report.files_sent = sent as u64;
    Ok(())
}

/// Fetches the files that records here refer to and this data folder lacks.
pub fn fetch(
    conn: &Connection,
    dir: &Path,
    relay: &mut dyn Relay,
    key: &SyncKey,
    now_ms: i64,
    report: &mut SyncReport,
) -> Result<()> {
    let mut tried = 0;
    for hash in unsettled(conn, now_ms)? {
        if files::exists(dir, &hash) {
            // Attached here and not sent yet (the round's send stopped at its limit).
            continue;
        }
        if tried == FILES_PER_ROUND {
            report.files_waiting += 1;
            continue;
        }
        tried += 1;
        match relay.get_file(&key.file_name(&hash))? {
            None => {
                settle(conn, &hash, "missing", now_ms)?;
                report.files_waiting += 1;
            }
            Some(blob) => match key.open_file(&hash, &blob) {
                Ok(bytes) if bytes.len() <= files::FILE_BYTES_MAX => {
                    files::put_as(conn, dir, &hash, &bytes)?;
                    settle(conn, &hash, "fetched", now_ms)?;
                    report.files_received += 1;
                }
                _ => {
                    tracing::warn!(%hash, "skipped an attached file that does not open with the company's key");
                    settle(conn, &hash, "refused", now_ms)?;
                    report.rejected += 1;
                }
            },
        }
    }
    Ok(())
}

/// Tells the relay about the files this device settled that no record here refers to any more
/// (a receipt removed from its expense), and forgets them itself: the relay deletes a file
/// once it has been forgotten a while and no device has asked for it since.
pub fn forget(
    conn: &Connection,
    relay: &mut dyn Relay,
    key: &SyncKey,
    report: &mut SyncReport,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.hash FROM sync_files f
         WHERE f.state IN ('sent', 'fetched')
           AND NOT EXISTS (SELECT 1 FROM attachment_refs r WHERE r.hash = f.hash)
         ORDER BY f.hash LIMIT ?1",
    )?;
    let hashes = stmt
        .query_map([FILES_PER_ROUND as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    for hash in hashes {
        relay.forget_file(&key.file_name(&hash))?;
        conn.execute("DELETE FROM sync_files WHERE hash = ?1", [&hash])?;
        report.files_forgotten += 1;
    }
    Ok(())
}
