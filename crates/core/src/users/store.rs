use rusqlite::{params, Connection, OptionalExtension};

use super::model::{Company, UserRecord, UserStatus};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{CompanyId, UserId};
use crate::kernel::store::docs::Record;
use crate::kernel::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    reproject: &[],
    area: "users",
    steps: &[
        "CREATE TABLE company (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        status TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    -- Sessions are this device's alone: not documents, never synced. Only a hash of the
    -- token is kept, so a copied data file does not hand out live sessions.
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        created_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL
    );",
        // Failed sign-ins per email, local to this device: they drive the lockout.
        "CREATE TABLE login_failures (
        email TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failed_at_ms INTEGER NOT NULL,
        locked_until_ms INTEGER NOT NULL
    );",
        // Custom roles made of permissions, and who holds one.
        "CREATE TABLE roles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        permissions TEXT NOT NULL, -- a JSON array of permission names
        created_at_ms INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX roles_name ON roles (name COLLATE NOCASE);
    ALTER TABLE users ADD COLUMN custom_role_id TEXT;
    CREATE INDEX users_custom_role ON users (custom_role_id);",
        // A session locked by the idle timer refuses everything but unlock and switch.
        "ALTER TABLE sessions ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;",
    ],
};

impl Record for Company {
    const KIND: &'static str = "company";
    type Id = crate::kernel::ids::CompanyId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.execute(
            "INSERT INTO company (id, name, created_at_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            params![self.id, self.name, self.created_at_ms],
        )?;
        Ok(())
    }
}

impl Record for UserRecord {
    const KIND: &'static str = "user";
    type Id = crate::kernel::ids::UserId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        let status = match self.status {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        };
        conn.execute(
            "INSERT INTO users (id, name, email, role, status, password_hash, created_at_ms,
                 custom_role_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,
                 role = excluded.role, status = excluded.status,
                 password_hash = excluded.password_hash, custom_role_id = excluded.custom_role_id",
            params![
                self.id,
                self.name,
                self.email,
                self.role.as_str(),
                status,
                self.password_hash,
                self.created_at_ms,
                self.custom_role
            ],
        )?;
        Ok(())
    }
}

pub fn company(conn: &Connection) -> Result<Option<(CompanyId, String)>> {
    Ok(conn
        .query_row("SELECT id, name FROM company LIMIT 1", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?)
}

pub fn user_by_email(conn: &Connection, email: &str) -> Result<Option<UserRecord>> {
    query_user(conn, "email = ?1", &email.trim().to_lowercase())
}

pub fn user_by_id(conn: &Connection, id: UserId) -> Result<Option<UserRecord>> {
    query_user(conn, "id = ?1", &id.to_string())
}

/// Finds the user in the projection, then reads the whole record from its document (the
/// truth, which also holds the MFA secrets the projection leaves out).
fn query_user(conn: &Connection, condition: &str, value: &str) -> Result<Option<UserRecord>> {
    let sql = format!("SELECT id FROM users WHERE {condition}");
    let id: Option<String> = conn.query_row(&sql, [value], |row| row.get(0)).optional()?;
    let Some(id) = id else { return Ok(None) };
    let bytes: Vec<u8> =
        conn.query_row("SELECT bytes FROM documents WHERE id = ?1", [&id], |row| {
            row.get(0)
        })?;
    Ok(Some(
        crate::kernel::store::docs::hydrate_bytes::<UserRecord>(&bytes)?,
    ))
}

pub fn insert_session(
    conn: &Connection,
    token_hash: &str,
    user: UserId,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user, now_ms, expires_at_ms],
    )?;
    // Expired sessions are of no use to anyone: sweep them while we are here.
    conn.execute("DELETE FROM sessions WHERE expires_at_ms < ?1", [now_ms])?;
    Ok(())
}

pub fn session_user(
    conn: &Connection,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<(UserId, i64)>> {
    Ok(conn
        .query_row(
            "SELECT user_id, expires_at_ms FROM sessions WHERE token_hash = ?1 AND expires_at_ms > ?2",
            params![token_hash, now_ms],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub fn require_user(conn: &Connection, id: UserId) -> Result<UserRecord> {
    user_by_id(conn, id)?.ok_or_else(|| Error::not_found("user", id))
}

pub const USERS_MAX: usize = 1_000;

pub fn list_users(conn: &Connection) -> Result<Vec<UserRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM users ORDER BY name, id LIMIT {USERS_MAX}"
    ))?;
    let ids = stmt
        .query_map([], |row| row.get::<_, UserId>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter().map(|id| require_user(conn, id)).collect()
}

/// Active owners, so the last one can never be disabled or demoted.
pub fn active_owners(conn: &Connection) -> Result<u64> {
    let count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM users WHERE role = 'owner' AND status = 'active'",
        [],
        |row| row.get(0),
    )?;
    Ok(count as u64)
}

/// Active users of any role: the staff who can sign in.
pub fn active_users(conn: &Connection) -> Result<u64> {
    let count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM users WHERE status = 'active'",
        [],
        |row| row.get(0),
    )?;
    Ok(count as u64)
}

pub fn end_sessions(conn: &Connection, user: UserId) -> Result<()> {
    conn.execute("DELETE FROM sessions WHERE user_id = ?1", [user])?;
    Ok(())
}

/// Failed sign-ins in a row that lock an email for a while.
pub const FAILURES_BEFORE_LOCK: i64 = 5;
pub const LOCK_DURATION_MS: i64 = 15 * 60 * 1000;

pub fn locked_until(conn: &Connection, email: &str) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT locked_until_ms FROM login_failures WHERE email = ?1",
            [email.trim().to_lowercase()],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Counts a failed sign-in; every fifth in a row locks the email for 15 minutes.
pub fn record_failure(conn: &Connection, email: &str, now_ms: i64) -> Result<bool> {
    let email = email.trim().to_lowercase();
    let failures: i64 = conn.query_row(
        "INSERT INTO login_failures (email, failures, last_failed_at_ms, locked_until_ms)
         VALUES (?1, 1, ?2, 0)
         ON CONFLICT (email) DO UPDATE SET failures = failures + 1, last_failed_at_ms = ?2
         RETURNING failures",
        params![email, now_ms],
        |row| row.get(0),
    )?;
    let lock = failures % FAILURES_BEFORE_LOCK == 0;
    if lock {
        conn.execute(
            "UPDATE login_failures SET locked_until_ms = ?2 WHERE email = ?1",
            params![email, now_ms + LOCK_DURATION_MS],
        )?;
    }
    Ok(lock)
}

pub fn clear_failures(conn: &Connection, email: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM login_failures WHERE email = ?1",
        [email.trim().to_lowercase()],
    )?;
    Ok(())
}

/// Slides a session's end forward while it is used.
pub fn extend_session(conn: &Connection, token_hash: &str, expires_at_ms: i64) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET expires_at_ms = ?2 WHERE token_hash = ?1",
        params![token_hash, expires_at_ms],
    )?;
    Ok(())
}

/// The last successful sign-in of a user, from the activity log.
pub fn last_login(conn: &Connection, user: UserId) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT MAX(at_ms) FROM activity WHERE user_id = ?1 AND command = 'users.auth.login'
            AND summary LIKE '% signed in'",
        [user],
        |row| row.get(0),
    )?)
}
