//! The activity log: one append-only entry for every change (and login/logout), written in the
//! same transaction as the change itself. Hash-chaining comes with the security issue.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::ids::{ActivityId, DeviceId, UserId};
use crate::store::migrations::Migrations;
use crate::validate;

pub const MIGRATIONS: Migrations = Migrations {
    area: "activity",
    steps: &["CREATE TABLE activity (
        id TEXT PRIMARY KEY,
        user_id TEXT,
        user_name TEXT NOT NULL,
        command TEXT NOT NULL,
        target_id TEXT,
        at_ms INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE INDEX activity_at ON activity (at_ms);
    CREATE INDEX activity_user ON activity (user_id, at_ms);
    CREATE INDEX activity_command ON activity (command, at_ms);"],
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
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    #[ts(optional)]
    pub user_id: Option<UserId>,
    #[ts(optional)]
    pub command: Option<String>,
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
}

pub fn append(conn: &Connection, entry: &NewEntry<'_>) -> Result<ActivityId> {
    let id = ActivityId::new();
    let summary: String = entry.summary.chars().take(SUMMARY_CHARS_MAX).collect();
    conn.execute(
        "INSERT INTO activity (id, user_id, user_name, command, target_id, at_ms, device_id, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            entry.user_id,
            entry.user_name,
            entry.command,
            entry.target_id,
            entry.at_ms,
            entry.device_id,
            summary
        ],
    )?;
    Ok(id)
}

pub fn list(conn: &Connection, query: &ActivityQuery) -> Result<crate::Page<ActivityEntry>> {
    let (offset, limit) = validate::page(query.offset, query.limit, 100, PAGE_SIZE_MAX)?;
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
    let filter = conditions.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM activity WHERE {filter}"),
        rusqlite::params_from_iter(values.iter()),
        |row| row.get(0),
    )?;
    let sql = format!(
        "SELECT id, user_id, user_name, command, target_id, at_ms, device_id, summary FROM activity
         WHERE {filter} ORDER BY at_ms DESC, id DESC LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |row| {
            Ok(ActivityEntry {
                id: row.get(0)?,
                user_id: row.get(1)?,
                user_name: row.get(2)?,
                command: row.get(3)?,
                target_id: row.get(4)?,
                at_ms: row.get(5)?,
                device_id: row.get(6)?,
                summary: row.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(crate::Page {
        total: total as u64,
        items,
    })
}
