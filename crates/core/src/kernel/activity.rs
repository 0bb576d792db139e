//! The activity log: one append-only entry for every change, sign-in, failed sign-in and
//! refused call, written in the same transaction as the change itself. Entries are
//! hash-chained: each one's hash covers its fields and the previous entry's hash, so an entry
//! altered or removed in the SQLite file breaks the chain at that point (`verify`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{ActivityId, DeviceId, UserId};
use crate::kernel::store::migrations::Migrations;
use crate::kernel::validate;

pub const MIGRATIONS: Migrations = Migrations {
    reproject: &[],
    area: "activity",
    steps: &[
        "CREATE TABLE activity (
        -- The position in the chain: 1, 2, 3, ... with no gaps.
        seq INTEGER NOT NULL UNIQUE,
        id TEXT PRIMARY KEY,
        user_id TEXT,
        user_name TEXT NOT NULL,
        command TEXT NOT NULL,
        target_id TEXT,
        at_ms INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        summary TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX activity_at ON activity (at_ms);
    CREATE INDEX activity_user ON activity (user_id, at_ms);
    CREATE INDEX activity_command ON activity (command, at_ms);",
        // What happened in Chinese, where the change said it (older entries have none).
        "ALTER TABLE activity ADD COLUMN summary_zh TEXT;",
    ],
};

pub const PAGE_SIZE_MAX: u64 = 500;
/// Summaries are for people scanning a log, not a copy of the record.
pub const SUMMARY_CHARS_MAX: usize = 300;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivityEntry {
    pub id: ActivityId,
    pub user_id: Option<UserId>,
    pub user_name: String,
    pub command: String,
    pub target_id: Option<String>,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub device_id: DeviceId,
    pub summary: String,
    /// The summary in Chinese, where the change said it.
    pub summary_zh: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    #[ts(optional)]
    pub user_id: Option<UserId>,
    #[ts(optional)]
    pub command: Option<String>,
    /// Entries at or after this time.
    #[ts(optional, type = "number")]
    pub from_ms: Option<i64>,
    /// Entries before this time.
    #[ts(optional, type = "number")]
    pub to_ms: Option<i64>,
    #[ts(optional, type = "number")]
    pub offset: Option<u64>,
    #[ts(optional, type = "number")]
    pub limit: Option<u64>,
}

pub struct NewEntry<'a> {
    pub user_id: Option<UserId>,
    pub user_name: &'a str,
    pub command: &'a str,
    pub target_id: Option<&'a str>,
    pub at_ms: i64,
    pub device_id: DeviceId,
    pub summary: &'a str,
    pub summary_zh: Option<&'a str>,
}

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

struct Link<'a> {
    seq: i64,
    id: &'a str,
    user_id: Option<&'a str>,
    user_name: &'a str,
    command: &'a str,
    target_id: Option<&'a str>,
    at_ms: i64,
    device_id: &'a str,
    summary: &'a str,
    summary_zh: Option<&'a str>,
    prev_hash: &'a str,
}

impl Link<'_> {
    /// SHA-256 over the fields as a JSON array: unambiguous whatever the text holds.
    fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut fields = vec![
            serde_json::json!(self.seq),
            serde_json::json!(self.id),
            serde_json::json!(self.user_id),
            serde_json::json!(self.user_name),
            serde_json::json!(self.command),
            serde_json::json!(self.target_id),
            serde_json::json!(self.at_ms),
            serde_json::json!(self.device_id),
            serde_json::json!(self.summary),
        ];
        // Covered when there is one; an entry without (all older ones) hashes as it always did.
        if let Some(zh) = self.summary_zh {
            fields.push(serde_json::json!(zh));
        }
        fields.push(serde_json::json!(self.prev_hash));
        let fields = serde_json::Value::Array(fields);
        hex::encode(Sha256::digest(fields.to_string().as_bytes()))
    }
}

pub fn append(conn: &Connection, entry: &NewEntry<'_>) -> Result<ActivityId> {
    let id = ActivityId::new();
    let summary: String = entry.summary.chars().take(SUMMARY_CHARS_MAX).collect();
    let summary_zh: Option<String> = entry
        .summary_zh
        .map(|zh| zh.chars().take(SUMMARY_CHARS_MAX).collect());
    let (last_seq, prev_hash): (i64, String) = conn
        .prepare_cached("SELECT seq, hash FROM activity ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let (id_text, user_text, device_text) = (
        id.to_string(),
        entry.user_id.map(|u| u.to_string()),
        entry.device_id.to_string(),
    );
    let link = Link {
        seq: last_seq + 1,
        id: &id_text,
        user_id: user_text.as_deref(),
        user_name: entry.user_name,
        command: entry.command,
        target_id: entry.target_id,
        at_ms: entry.at_ms,
        device_id: &device_text,
        summary: &summary,
        summary_zh: summary_zh.as_deref(),
        prev_hash: &prev_hash,
    };
    let hash = link.hash();
    conn.prepare_cached(
        "INSERT INTO activity (seq, id, user_id, user_name, command, target_id, at_ms, device_id,
            summary, prev_hash, hash, summary_zh)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        link.seq,
        id_text,
        user_text,
        entry.user_name,
        entry.command,
        entry.target_id,
        entry.at_ms,
        device_text,
        summary,
        prev_hash,
        hash,
        summary_zh
    ])?;
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('activity_head', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([format!("{}:{hash}", link.seq)])?;
    Ok(id)
}

/// What an erased entry says instead of its summary.
pub const ERASED_SUMMARY: (&str, &str) = ("(personal data erased)", "（个人数据已清除）");

/// Takes erased personal data out of the log: entries about `targets` (the erased records)
/// lose their summaries, and `words` (the erased name and contact details) become "—" wherever
/// another entry names them. The chain is then sealed again from the first entry changed, if
/// it was whole: the log stays verifiable, and the erasure's own entry says what was done. A
/// chain that was broken already is left broken (re-sealing must not hide tampering). Returns
/// how many entries changed.
pub fn redact(conn: &Connection, targets: &[String], words: &[String]) -> Result<u64> {
    let words: Vec<&str> = words
        .iter()
        .map(|w| w.trim())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    let was_whole = verify(conn)?.intact;
    let mut changed = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT seq, target_id, summary, summary_zh FROM activity ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (seq, target, summary, summary_zh): (i64, Option<String>, String, Option<String>) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            let about = target.as_ref().is_some_and(|t| targets.contains(t));
            let (new, new_zh) = if about {
                (
                    ERASED_SUMMARY.0.to_string(),
                    summary_zh.as_ref().map(|_| ERASED_SUMMARY.1.to_string()),
                )
            } else {
                let blank = |text: &str| {
                    words
                        .iter()
                        .fold(text.to_string(), |text, word| text.replace(word, "—"))
                };
                (blank(&summary), summary_zh.as_deref().map(blank))
            };
            if new != summary || new_zh != summary_zh {
                changed.push((seq, new, new_zh));
            }
        }
    }
    let Some(first) = changed.first().map(|(seq, _, _)| *seq) else {
        return Ok(0);
    };
    for (seq, summary, summary_zh) in &changed {
        conn.prepare_cached("UPDATE activity SET summary = ?2, summary_zh = ?3 WHERE seq = ?1")?
            .execute(params![seq, summary, summary_zh])?;
    }
    if was_whole {
        reseal_from(conn, first)?;
    }
    Ok(changed.len() as u64)
}

/// An entry's hashed fields as stored (`COLUMNS`, in that order).
struct Stored {
    seq: i64,
    id: String,
    user_id: Option<String>,
    user_name: String,
    command: String,
    target_id: Option<String>,
    at_ms: i64,
    device_id: String,
    summary: String,
    summary_zh: Option<String>,
}

impl Stored {
    const COLUMNS: &'static str =
        "seq, id, user_id, user_name, command, target_id, at_ms, device_id, summary, summary_zh";

    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
        Ok(Stored {
            seq: row.get(0)?,
            id: row.get(1)?,
            user_id: row.get(2)?,
            user_name: row.get(3)?,
            command: row.get(4)?,
            target_id: row.get(5)?,
            at_ms: row.get(6)?,
            device_id: row.get(7)?,
            summary: row.get(8)?,
            summary_zh: row.get(9)?,
        })
    }

    /// Its hash in the chain, after `prev_hash`.
    fn hash(&self, prev_hash: &str) -> String {
        Link {
            seq: self.seq,
            id: &self.id,
            user_id: self.user_id.as_deref(),
            user_name: &self.user_name,
            command: &self.command,
            target_id: self.target_id.as_deref(),
            at_ms: self.at_ms,
            device_id: &self.device_id,
            summary: &self.summary,
            summary_zh: self.summary_zh.as_deref(),
            prev_hash,
        }
        .hash()
    }
}

/// Recomputes the chain's hashes from entry `first` on, and the head kept aside.
fn reseal_from(conn: &Connection, first: i64) -> Result<()> {
    let mut prev: String = conn
        .query_row(
            "SELECT hash FROM activity WHERE seq = ?1",
            [first - 1],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let rows = conn
        .prepare(&format!(
            "SELECT {} FROM activity WHERE seq >= ?1 ORDER BY seq",
            Stored::COLUMNS
        ))?
        .query_map([first], Stored::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut last = first - 1;
    for row in rows {
        let (seq, hash) = (row.seq, row.hash(&prev));
        conn.prepare_cached("UPDATE activity SET prev_hash = ?2, hash = ?3 WHERE seq = ?1")?
            .execute(params![seq, prev, hash])?;
        prev = hash;
        last = seq;
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('activity_head', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [format!("{last}:{prev}")],
    )?;
    Ok(())
}

/// Where the chain breaks, if it does.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BrokenLink {
    /// The position (1, 2, ...) of the first entry that does not fit.
    #[ts(type = "number")]
    pub seq: i64,
    pub id: Option<String>,
    #[ts(type = "number | null")]
    pub at_ms: Option<i64>,
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuditReport {
    pub intact: bool,
    #[ts(type = "number")]
    pub checked: u64,
    pub first_broken: Option<BrokenLink>,
}

/// Walks the whole chain and reports the first entry that was altered, removed or inserted.
pub fn verify(conn: &Connection) -> Result<AuditReport> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {}, prev_hash, hash FROM activity ORDER BY seq",
        Stored::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut checked = 0u64;
    let broken = |seq: i64, id: Option<String>, at_ms: Option<i64>, problem: &str| AuditReport {
        intact: false,
        checked: 0,
        first_broken: Some(BrokenLink {
            seq,
            id,
            at_ms,
            problem: problem.to_string(),
        }),
    };
    while let Some(row) = rows.next()? {
        let stored = Stored::from_row(row)?;
        let (seq, at_ms) = (stored.seq, stored.at_ms);
        let prev_hash: String = row.get(10)?;
        let hash: String = row.get(11)?;
        let mut report = if seq != expected_seq {
            broken(expected_seq, None, None, "an entry is missing here")
        } else if prev_hash != prev {
            broken(
                seq,
                Some(stored.id),
                Some(at_ms),
                "the entry before this one was changed or removed",
            )
        } else if stored.hash(&prev_hash) == hash {
            prev = hash;
            expected_seq += 1;
            checked += 1;
            continue;
        } else {
            broken(seq, Some(stored.id), Some(at_ms), "this entry was changed")
        };
        report.checked = checked;
        return Ok(report);
    }
    // The newest entries leave no successor to notice them gone: the head is kept aside.
    let head: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'activity_head'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let last = format!("{}:{prev}", expected_seq - 1);
    if let Some(head) = head.filter(|head| *head != last) {
        let seq = head
            .split(':')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(expected_seq);
        let mut report = broken(
            seq,
            None,
            None,
            "the newest entries were removed or changed",
        );
        report.checked = checked;
        return Ok(report);
    }
    Ok(AuditReport {
        intact: true,
        checked,
        first_broken: None,
    })
}

pub fn list(
    conn: &Connection,
    query: &ActivityQuery,
) -> Result<crate::kernel::runtime::Page<ActivityEntry>> {
    list_bounded(conn, query, PAGE_SIZE_MAX)
}

fn list_bounded(
    conn: &Connection,
    query: &ActivityQuery,
    max: u64,
) -> Result<crate::kernel::runtime::Page<ActivityEntry>> {
    let (offset, limit) = validate::page(query.offset, query.limit, 100, max)?;
    let command = validate::optional("command", query.command.as_deref(), 100)?;
    let mut conditions = vec!["1 = 1".to_string()];
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(user) = query.user_id {
        values.push(user.to_string().into());
        conditions.push(format!("user_id = ?{}", values.len()));
    }
    if let Some(command) = command {
        values.push(command.into());
        conditions.push(format!("command = ?{}", values.len()));
    }
    if let Some(from_ms) = query.from_ms {
        values.push(from_ms.into());
        conditions.push(format!("at_ms >= ?{}", values.len()));
    }
    if let Some(to_ms) = query.to_ms {
        values.push(to_ms.into());
        conditions.push(format!("at_ms < ?{}", values.len()));
    }
    let filter = conditions.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM activity WHERE {filter}"),
        rusqlite::params_from_iter(values.iter()),
        |row| row.get(0),
    )?;
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM activity
         WHERE {filter} ORDER BY seq DESC LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), entry_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(crate::kernel::runtime::Page {
        total: total as u64,
        items,
    })
}

/// The log as CSV (newest first, with the same filters as `list`, at most `EXPORT_ROWS_MAX`).
pub const EXPORT_ROWS_MAX: u64 = 100_000;

pub fn export_csv(conn: &Connection, query: &ActivityQuery) -> Result<(String, u64)> {
    let query = ActivityQuery {
        offset: Some(0),
        limit: Some(EXPORT_ROWS_MAX),
        ..query.clone()
    };
    let page = list_bounded(conn, &query, EXPORT_ROWS_MAX)?;
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let io = |err: csv::Error| Error::internal(format!("CSV writing failed: {err}"));
    writer
        .write_record([
            "seq_time_ms",
            "user",
            "command",
            "target",
            "device",
            "summary",
            "summary_zh",
        ])
        .map_err(io)?;
    for e in &page.items {
        writer
            .write_record(
                [
                    e.at_ms.to_string().as_str(),
                    &e.user_name,
                    &e.command,
                    e.target_id.as_deref().unwrap_or(""),
                    &e.device_id.to_string(),
                    &e.summary,
                    e.summary_zh.as_deref().unwrap_or(""),
                ]
                // Names and summaries are typed by people: none runs as a spreadsheet formula.
                .map(crate::kernel::export::inert),
            )
            .map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::internal(e.to_string()))?;
    let mut text = String::from('\u{feff}');
    text.push_str(&String::from_utf8(bytes).map_err(|e| Error::internal(e.to_string()))?);
    Ok((text, page.items.len() as u64))
}

/// Every entry about one record, newest first (for a data-subject access request).
pub fn for_target(conn: &Connection, target_id: &str) -> Result<Vec<ActivityEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENTRY_COLUMNS} FROM activity WHERE target_id = ?1 ORDER BY seq DESC LIMIT 10000"
    ))?;
    let items = stmt
        .query_map([target_id], entry_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

const ENTRY_COLUMNS: &str =
    "id, user_id, user_name, command, target_id, at_ms, device_id, summary, summary_zh";

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ActivityEntry> {
    Ok(ActivityEntry {
        id: row.get(0)?,
        user_id: row.get(1)?,
        user_name: row.get(2)?,
        command: row.get(3)?,
        target_id: row.get(4)?,
        at_ms: row.get(5)?,
        device_id: row.get(6)?,
        summary: row.get(7)?,
        summary_zh: row.get(8)?,
    })
}
