//! Suanpan's core: every business rule of the ERP, on an embedded SQLite store where each record
//! is an Automerge document projected into queryable tables. Shells (the desktop app, the CLI)
//! parse input, call [`Core::call`] with a command name from the one command table, and render
//! the JSON that comes back.
//!
//! Inside: a [`kernel`] that knows no area, and one module per area. Areas depend on each other
//! one way only (`docs/architecture.md`; `tests/architecture.rs` fails on any other edge). This
//! root assembles them: the command table ([`commands`]), the projections and migrations, and
//! opening a company file.

pub mod commands;
pub mod customers;
pub mod dashboard;
pub mod inventory;
pub mod kernel;
pub mod ledger;
pub mod sales;
pub mod security;
pub mod sync;
pub mod users;

#[cfg(test)]
mod bindings;

// The kernel's parts under the names the shells and tests have always used.
pub use kernel::runtime::{Clock, Core, Page};
pub use kernel::{activity, error, files, ids, pdf, secrets, store, validate};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde_json::Value;

pub use error::{Error, ErrorCode, Reason, Result};
use ids::DeviceId;
use kernel::access::{Actor, Permission};
use secrets::SecretStore;
use store::docs::{DocCache, Projection};

pub const DATA_FILE: &str = "suanpan.db";

/// Where the company file lives unless told otherwise: `SUANPAN_DATA_DIR`, else the OS data
/// directory (`~/.local/share/Suanpan`, `%APPDATA%\Suanpan`, `~/Library/Application Support/Suanpan`).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SUANPAN_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Suanpan")
}

/// Every kind of record, in the order projections are rebuilt (parents first).
pub fn projections() -> Vec<Projection> {
    let mut all = users::ops::projections();
    all.extend(customers::store::projections());
    all.extend(ledger::store::projections());
    all.extend(sales::store::projections());
    all.extend(inventory::store::projections());
    all
}

fn migrations() -> Vec<&'static store::migrations::Migrations> {
    vec![
        &store::docs::MIGRATIONS,
        &users::store::MIGRATIONS,
        &activity::MIGRATIONS,
        &kernel::requests::MIGRATIONS,
        &customers::store::MIGRATIONS,
        &sync::MIGRATIONS,
        &ledger::store::MIGRATIONS,
        &inventory::store::MIGRATIONS,
    ]
}

/// Set in a backup copy: the device it was copied from.
const RESTORED_FROM_KEY: &str = "backup_of_device";

/// Keeps the data folder to its owner (0700 on Unix): the company file is encrypted, but its
/// attachments, backups and secrets file sit beside it, and other users of the computer have no
/// business listing or reading them.
fn private_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|err| {
            Error::storage(
                "the data folder could not be made private (the log says why)",
                format!(
                    "cannot make the data directory {} private: {err}",
                    dir.display()
                ),
            )
        })?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl Core {
    /// Opens (creating if needed) the encrypted company file in `data_dir`; `unlock` offers the
    /// OS keychain and/or the user's passphrase (see [`store::crypt`]).
    pub fn open(
        data_dir: &Path,
        secrets: Box<dyn SecretStore>,
        unlock: store::crypt::Unlock<'_>,
    ) -> Result<Core> {
        std::fs::create_dir_all(data_dir).map_err(|err| {
            Error::storage(
                "the data folder could not be created (the log says why)",
                format!(
                    "cannot create the data directory {}: {err}",
                    data_dir.display()
                ),
            )
        })?;
        private_folder(data_dir)?;
        let path = data_dir.join(DATA_FILE);
        let opened = store::open_file(&path, unlock)?;
        let mut core = Core::with_connection(opened.conn, secrets)?;
        core.path = Some(path);
        core.key = Some((opened.key, opened.source));
        core.finish_restore(data_dir)?;
        Ok(core)
    }

    /// The keychain service name Suanpan's secrets live under.
    pub const KEYCHAIN_SERVICE: &'static str = "app.suanpan.desktop";

    /// The default secret store for a data directory: the OS keychain, else a private file.
    pub fn system_secrets(data_dir: &Path) -> Box<dyn SecretStore> {
        Box::new(secrets::SystemStore::new(
            Core::KEYCHAIN_SERVICE,
            data_dir.join("secrets.json"),
        ))
    }

    /// An unencrypted company file: only for the benchmark that measures what SQLCipher costs.
    #[doc(hidden)]
    pub fn open_unencrypted_for_benchmark(data_dir: &Path) -> Result<Core> {
        let conn = store::open_unencrypted(&data_dir.join(DATA_FILE))?;
        Core::with_connection(conn, Box::<secrets::MemoryStore>::default())
    }

    /// A throwaway in-memory company, for tests.
    pub fn open_in_memory() -> Result<Core> {
        Core::with_connection(
            store::open_in_memory()?,
            Box::<secrets::MemoryStore>::default(),
        )
    }

    fn with_connection(mut conn: Connection, secrets: Box<dyn SecretStore>) -> Result<Core> {
        store::migrations::apply(&mut conn, &migrations())?;
        // New or changed projections are filled from the documents before anything reads them.
        store::docs::backfill(
            &mut conn,
            &projections(),
            store::docs::BACKFILL_BATCH,
            None,
            &|kind, done, total| tracing::info!(kind, done, total, "re-projected"),
        )?;
        // And what a migration or an earlier version left stale (inventory's running cost).
        store::docs::settle_derived(&conn, &projections())?;
        // A backup opened as the company file is another device from now on: the one it was
        // copied from may still be numbering invoices, and this copy is behind it.
        let restored: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [RESTORED_FROM_KEY],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(from) = restored {
            tracing::info!(from_device = %from, "opened a backup: this file is a new device");
            let tx = conn.transaction()?;
            tx.execute(
                "DELETE FROM meta WHERE key IN ('device_id', ?1)",
                [RESTORED_FROM_KEY],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('restored_from_device', ?1)",
                [&from],
            )?;
            tx.commit()?;
        }
        ledger::store::backfill_attachment_refs(&conn)?;
        let device_id = match conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'device_id'",
                [],
                |row| row.get::<_, String>(0),
            )
            .optional()?
        {
            Some(text) => DeviceId::parse("device_id", &text)?,
            None => {
                let id = DeviceId::new();
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('device_id', ?1)",
                    [id.to_string()],
                )?;
                id
            }
        };
        Ok(Core {
            conn,
            docs: DocCache::new(store::docs::CACHE_DOCUMENTS_MAX).with_projections(projections()),
            device_id,
            secrets,
            clock: Box::new(kernel::runtime::system_clock),
            path: None,
            key: None,
            device_state: None,
            progress: None,
        })
    }

    /// Puts the attached files a backup carries into the data folder, once.
    fn finish_restore(&mut self, data_dir: &Path) -> Result<()> {
        let carried: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'restore_files'",
            [],
            |r| r.get(0),
        )?;
        if carried == 0 {
            return Ok(());
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT hash, content FROM restore_files")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let hash: String = row.get(0)?;
                let content: Vec<u8> = row.get(1)?;
                files::restore_sealed(data_dir, &hash, &content)?;
            }
        }
        self.conn.execute_batch("DROP TABLE restore_files")?;
        Ok(())
    }

    /// Runs a command for the holder of a session `token` (or none, for public commands).
    pub fn call(&mut self, token: Option<&str>, name: &str, input: Value) -> Result<Value> {
        self.call_request(token, name, input, None)
    }

    /// As [`Core::call`], with the caller's id for this request: a command that changes data,
    /// sent again with the same id, answers as the first time instead of changing data twice
    /// (see `kernel::requests`).
    pub fn call_request(
        &mut self,
        token: Option<&str>,
        name: &str,
        input: Value,
        request_id: Option<&str>,
    ) -> Result<Value> {
        let command = commands::find(name)?;
        if command.on_device() {
            let caller = match token {
                Some(token) => kernel::access::Caller::Token(token),
                None => kernel::access::Caller::Nobody,
            };
            return command.run_on_device(self, caller, input);
        }
        let now_ms = (self.clock)();
        let actor = match (command.permission, token) {
            (Permission::Public, _) | (_, None) => None,
            (_, Some(token)) => Some(users::ops::authenticate(
                &self.conn,
                token,
                now_ms,
                command.name,
            )?),
        };
        self.run_logged(command, actor, token, input, now_ms, request_id)
    }

    /// Runs a command as a user already authenticated by password (the CLI).
    pub fn call_as(&mut self, actor: &Actor, name: &str, input: Value) -> Result<Value> {
        self.call_as_request(actor, name, input, None)
    }

    /// As [`Core::call_as`], with the caller's request id (see [`Core::call_request`]).
    pub fn call_as_request(
        &mut self,
        actor: &Actor,
        name: &str,
        input: Value,
        request_id: Option<&str>,
    ) -> Result<Value> {
        let command = commands::find(name)?;
        if command.on_device() {
            return command.run_on_device(self, kernel::access::Caller::Actor(actor), input);
        }
        let now_ms = (self.clock)();
        self.run_logged(
            command,
            Some(actor.clone()),
            None,
            input,
            now_ms,
            request_id,
        )
    }

    fn run_logged(
        &mut self,
        command: &'static commands::Command,
        actor: Option<Actor>,
        token: Option<&str>,
        input: Value,
        now_ms: i64,
        request_id: Option<&str>,
    ) -> Result<Value> {
        // Whose credentials (password, code or PIN) this call checks: failures count towards
        // that account's lockout.
        let login_email =
            users::ops::credential_email(&self.conn, command.name, &input, actor.as_ref());
        let result = self.run(command, actor.clone(), token, input, now_ms, request_id);
        if let Err(err) = &result {
            if let Err(log_err) = self.note_failure(
                command.name,
                actor.as_ref(),
                login_email.as_deref(),
                err,
                now_ms,
            ) {
                tracing::error!(error = %log_err.message, "could not log a refused call");
            }
        }
        result
    }

    /// Checks an email and password (argon2id) and returns the user they belong to.
    /// Checks an email and password (argon2id) and returns the user they belong to. Failures
    /// are logged and count towards the lockout, as with `users.auth.login`.
    pub fn authenticate_password(&mut self, email: &str, password: &str) -> Result<Actor> {
        self.authenticate(email, password, None)
    }

    /// As `authenticate_password`, with the code from an authenticator app for users with MFA.
    pub fn authenticate(
        &mut self,
        email: &str,
        password: &str,
        otp: Option<&str>,
    ) -> Result<Actor> {
        let now_ms = (self.clock)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let result = users::ops::verify_password(&tx, email, password, otp, now_ms, self.device_id);
        tx.commit()?;
        result
    }

    /// Logs what a failed call must leave behind although its own transaction was rolled back:
    /// a refused permission, a failed sign-in (which also counts towards the lockout).
    fn note_failure(
        &mut self,
        command: &str,
        actor: Option<&Actor>,
        login_email: Option<&str>,
        err: &Error,
        now_ms: i64,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A refusal of the secret itself counts whatever its code: a wrong current password in
        // a password change is a form error to its screen, and a guess all the same.
        let guessed = matches!(
            err.reason,
            Some(Reason::WrongCredentials | Reason::WrongOtp | Reason::Locked)
        );
        if let (Some(email), true) = (
            login_email,
            guessed || matches!(err.code, ErrorCode::Unauthenticated | ErrorCode::Forbidden),
        ) {
            users::ops::note_failed_login(&tx, command, email, err, now_ms, self.device_id)?;
        } else if err.code == ErrorCode::Forbidden {
            activity::append(
                &tx,
                &activity::NewEntry {
                    user_id: actor.map(|a| a.user_id),
                    user_name: actor.map(|a| a.name.as_str()).unwrap_or(""),
                    command,
                    target_id: None,
                    at_ms: now_ms,
                    device_id: self.device_id,
                    summary: &format!("refused: {}", err.message),
                    summary_zh: Some(&format!(
                        "已拒绝：{}",
                        err.message_zh.as_deref().unwrap_or(&err.message)
                    )),
                },
            )?;
        } else {
            return Ok(());
        }
        tx.commit()?;
        Ok(())
    }

    /// Drops every projection table's rows and rebuilds them from the documents.
    pub fn rebuild(&mut self) -> Result<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let count = store::docs::rebuild(&tx, &projections())?;
        tx.commit()?;
        self.docs.clear();
        Ok(count)
    }

    /// A consistent copy of the company file, safe while the app is writing (SQLite's online
    /// backup API), encrypted with the same key, with the attached files inside it (as they are
    /// on disk: encrypted). With a keychain at hand the key is recorded for the copy too, so
    /// restoring it here needs no question.
    ///
    /// The copy is marked as one: opened in place of a company file, it becomes a new device
    /// (see [`Core::open`]), so it never numbers invoices from where this device left off.
    pub fn backup(&self, target: &Path, keychain: Option<&dyn SecretStore>) -> Result<()> {
        if target.exists() {
            return Err(Error::validation(
                "file",
                format!(
                    "{} already exists; choose a new file name",
                    target.display()
                ),
                "这个文件已经存在；请换一个文件名",
            ));
        }
        let mut dest = Connection::open(target)?;
        if let Some((key, _)) = &self.key {
            key.apply(&dest)?;
        }
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dest)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        }
        let tx = dest.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            [RESTORED_FROM_KEY, &self.device_id.to_string()],
        )?;
        tx.execute_batch(
            "CREATE TABLE restore_files (hash TEXT PRIMARY KEY, content BLOB NOT NULL)",
        )?;
        if let Some(dir) = self.path.as_deref().and_then(Path::parent) {
            for (hash, content) in files::sealed_files(dir)? {
                tx.execute(
                    "INSERT INTO restore_files (hash, content) VALUES (?1, ?2)",
                    rusqlite::params![hash, content],
                )?;
            }
        }
        tx.commit()?;
        drop(dest);
        if let (Some((key, _)), Some(keychain)) = (&self.key, keychain) {
            store::crypt::remember_for(target, key, keychain)?;
        }
        Ok(())
    }
}
