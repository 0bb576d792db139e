//! Who made each change (version 2 of the envelope, [`Origin`]), and what follows from it: a
//! replacement (an erasure) carries a fence, per device, of the changes to its document taken
//! in before it, and a change at or below its author's fence is never applied again, wherever
//! the relay puts it in the feed. The relay numbers the feed, but nothing authenticates its
//! numbers; the origin is sealed inside the entry, so it cannot be forged or moved.
//!
//! `sync_doc_authors`: per document and device, the last change of that device taken in here.
//! `sync_fences`: per replaced document and device, the fence the replacement set.

use rusqlite::{params, Connection, OptionalExtension};

use super::envelope::{Entry, Origin};
use crate::kernel::error::Result;
use crate::kernel::store::docs::Op;

/// This device's id, as its changes are signed.
pub fn this_device(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default())
}

/// The origin of this device's outbox entry number `counter`. A replacement's fence is every
/// change to the document taken in here, and this device's own before it; it is kept here too,
/// so a change served again to this device is refused as well.
pub fn of_own(conn: &Connection, device: &str, counter: u64, entry: &Entry) -> Result<Origin> {
    let mut fence = Vec::new();
    if entry.op == Op::Replace {
        fence = conn
            .prepare_cached(
                "SELECT author, counter FROM sync_doc_authors WHERE doc_id = ?1 AND author <> ?2
                 ORDER BY author",
            )?
            .query_map(params![entry.doc_id, device], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        fence.push((device.to_string(), counter.saturating_sub(1)));
        for (author, below) in &fence {
            raise(conn, "sync_fences", &entry.doc_id, author, *below)?;
        }
    }
    Ok(Origin {
        author: device.to_string(),
        counter,
        fence,
    })
}

/// Whether a change is from before its document's replacement (at or below its author's fence).
pub fn is_fenced(conn: &Connection, entry: &Entry) -> Result<bool> {
    let Some(origin) = entry.origin.as_ref().filter(|_| entry.op == Op::Changes) else {
        return Ok(false);
    };
    let fence: Option<i64> = conn
        .prepare_cached("SELECT counter FROM sync_fences WHERE doc_id = ?1 AND author = ?2")?
        .query_row(params![entry.doc_id, origin.author], |r| r.get(0))
        .optional()?;
    Ok(fence.is_some_and(|fence| origin.counter <= fence as u64))
}

/// Notes a change taken in: its author's last change to the document, and a replacement's fence.
pub fn taken_in(conn: &Connection, entry: &Entry) -> Result<()> {
    let Some(origin) = &entry.origin else {
        return Ok(());
    };
    raise(
        conn,
        "sync_doc_authors",
        &entry.doc_id,
        &origin.author,
        origin.counter,
    )?;
    if entry.op == Op::Replace {
        for (author, below) in &origin.fence {
            raise(conn, "sync_fences", &entry.doc_id, author, *below)?;
        }
    }
    Ok(())
}

fn raise(conn: &Connection, table: &str, doc_id: &str, author: &str, counter: u64) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO {table} (doc_id, author, counter) VALUES (?1, ?2, ?3)
         ON CONFLICT (doc_id, author) DO UPDATE SET counter = max(counter, excluded.counter)"
    ))?
    .execute(params![doc_id, author, counter as i64])?;
    Ok(())
}
