use rusqlite::{params, Connection, OptionalExtension};

use super::model::{Company, Role, UserRecord, UserStatus};
use crate::error::{Error, Result};
use crate::ids::UserId;
use crate::store::docs::Record;
use crate::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    area: "users",
    steps: &["CREATE TABLE company (
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
    );"],
};

impl Record for Company {
    const KIND: &'static str = "company";
    fn doc_id(&self) -> String {
        self.id.to_string()
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

fn role_text(role: Role) -> &'static str {
    match role {
        Role::Owner => "owner",
    }
}

fn parse_role(text: &str) -> rusqlite::Result<Role> {
    match text {
        "owner" => Ok(Role::Owner),
        other => Err(rusqlite::Error::InvalidColumnType(
            0,
            format!("unknown role {other}"),
            rusqlite::types::Type::Text,
        )),
    }
}

impl Record for UserRecord {
    const KIND: &'static str = "user";
    fn doc_id(&self) -> String {
        self.id.to_string()
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        let status = match self.status {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        };
        conn.execute(
            "INSERT INTO users (id, name, email, role, status, password_hash, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,
                 role = excluded.role, status = excluded.status,
                 password_hash = excluded.password_hash",
            params![
                self.id,
                self.name,
                self.email,
                role_text(self.role),
                status,
                self.password_hash,
                self.created_at_ms
            ],
        )?;
        Ok(())
    }
}

pub fn company(conn: &Connection) -> Result<Option<(String, String)>> {
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

fn query_user(conn: &Connection, condition: &str, value: &str) -> Result<Option<UserRecord>> {
    let sql = format!(
        "SELECT id, name, email, role, status, password_hash, created_at_ms FROM users WHERE {condition}"
    );
    Ok(conn
        .query_row(&sql, [value], |row| {
            let status: String = row.get(4)?;
            Ok(UserRecord {
                id: row.get(0)?,
                name: row.get(1)?,
                email: row.get(2)?,
                role: parse_role(&row.get::<_, String>(3)?)?,
                status: if status == "active" {
                    UserStatus::Active
                } else {
                    UserStatus::Disabled
                },
                password_hash: row.get(5)?,
                created_at_ms: row.get(6)?,
            })
        })
        .optional()?)
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
