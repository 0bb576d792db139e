//! Encryption at rest. The company file is a SQLCipher database (AES-256, an HMAC on every
//! page). Its key is either
//!
//! - a random 256-bit key kept in the OS keychain under the file's salt (the first 16 bytes of
//!   a SQLCipher file, which are not secret), so the desktop app opens without a question; or
//! - a passphrase the user gives, where no keychain works (a headless Linux server, CI).
//!   SQLCipher stretches it with PBKDF2-HMAC-SHA512.
//!
//! A file from before encryption (plain SQLite) is encrypted in place on first open: exported
//! to a new encrypted file beside it, checked table by table, then renamed over the original.
//! A crash before the rename leaves the original untouched.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode as SqliteCode};
use serde::Serialize;
use ts_rs::TS;

use crate::kernel::error::{Error, ErrorCode, Reason, Result};
use crate::kernel::secrets::SecretStore;

/// What every plain SQLite file starts with; an encrypted file starts with its random salt.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";
const KEYCHAIN_PREFIX: &str = "database-key:";
pub const PASSPHRASE_MIN_CHARS: usize = 8;
/// "SUAN" in the SQLite header's application id field.
const APPLICATION_ID: i32 = 0x5355_414E;

/// Where the key of the open file came from (the log and the settings screen say which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Keychain,
    Passphrase,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeySource::Keychain => "a random key in the OS keychain",
            KeySource::Passphrase => "a passphrase",
        })
    }
}

/// A database key. Never printed.
#[derive(Clone)]
pub enum DbKey {
    /// 32 random bytes, hex: SQLCipher uses them as the key with no stretching.
    Raw(String),
    Passphrase(String),
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DbKey::Raw(_) => "DbKey::Raw(..)",
            DbKey::Passphrase(_) => "DbKey::Passphrase(..)",
        })
    }
}

impl DbKey {
    fn random() -> DbKey {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        DbKey::Raw(hex::encode(bytes))
    }

    /// The value of `PRAGMA key` / `ATTACH … KEY`: SQLCipher reads `x'…'` as a raw key, which is
    /// also how a recovery key typed in place of a passphrase opens the file.
    fn sql_value(&self) -> String {
        match self {
            DbKey::Raw(hex) => format!("x'{hex}'"),
            DbKey::Passphrase(text) => text.clone(),
        }
    }

    /// The key as the owner writes it down to open the file (or a backup) elsewhere.
    pub fn recovery_text(&self) -> String {
        self.sql_value()
    }

    /// Keys a fresh connection; must come before anything else touches the file.
    pub fn apply(&self, conn: &Connection) -> Result<()> {
        codec_ready()?;
        conn.pragma_update(None, "key", self.sql_value())?;
        Ok(())
    }
}

/// Waits until SQLCipher has finished starting up. SQLite marks itself initialised before it
/// runs SQLCipher's start-up, so a thread opening its first connection at that moment finds
/// the codec "not initialized" and cannot key the file (a rare failed open when several
/// threads open files at once). SQLCipher's start-up runs under SQLite's global mutex and
/// returns at once when it is done, so calling it here is cheap and closes the window.
fn codec_ready() -> Result<()> {
    extern "C" {
        fn sqlcipher_extra_init(arg: *const std::ffi::c_char) -> std::ffi::c_int;
    }
    // Any connection makes rusqlite configure SQLite and SQLite initialise itself first.
    drop(Connection::open_in_memory()?);
    // SAFETY: the function reads no pointer (its argument is unused) and is safe to call from
    // any thread once SQLite is initialised: it takes SQLite's static main mutex itself.
    let rc = unsafe { sqlcipher_extra_init(std::ptr::null()) };
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rc), None).into())
    }
}

/// What the caller can offer to open the file.
#[derive(Default, Clone, Copy)]
pub struct Unlock<'a> {
    /// A working OS keychain, if there is one.
    pub keychain: Option<&'a dyn SecretStore>,
    /// A passphrase from the user (a prompt, the unlock screen, `SUANPAN_DB_PASSPHRASE`).
    pub passphrase: Option<&'a str>,
}

pub struct Opened {
    pub conn: Connection,
    pub key: DbKey,
    pub source: KeySource,
    /// The file was plain SQLite and has just been encrypted.
    pub migrated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file yet (or an empty one).
    New,
    Plain,
    Encrypted,
}

pub fn file_state(path: &Path) -> Result<FileState> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::New),
        Err(err) => return Err(io_error(path, err)),
    };
    let mut header = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut header)
        .map_err(|e| io_error(path, e))?;
    Ok(match header.len() {
        0 => FileState::New,
        16 if header == PLAIN_HEADER => FileState::Plain,
        _ => FileState::Encrypted,
    })
}

/// What opening the file needs from the user, without opening it: the app shows its unlock
/// (or choose-a-passphrase) screen from this.
pub fn needs_passphrase(path: &Path, keychain: Option<&dyn SecretStore>) -> Result<bool> {
    Ok(match file_state(path)? {
        FileState::New | FileState::Plain => keychain.is_none(),
        FileState::Encrypted => match keychain {
            Some(keychain) => keychain.get(&keychain_name(path)?)?.is_none(),
            None => true,
        },
    })
}

/// Opens (creating or encrypting in place if needed) the company file at `path`.
pub fn open(path: &Path, unlock: Unlock<'_>) -> Result<Opened> {
    match file_state(path)? {
        FileState::Encrypted => open_encrypted(path, unlock),
        state => {
            let (key, source) = new_key(unlock)?;
            let migrated = state == FileState::Plain;
            if migrated {
                encrypt_in_place(path, &key)?;
            }
            let conn = keyed(path, &key)?;
            if state == FileState::New {
                // Write page 1 now, before WAL mode would keep it in the -wal file: the salt
                // that names the keychain entry must be in the file itself.
                conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            }
            if source == KeySource::Keychain {
                if let Some(keychain) = unlock.keychain {
                    keychain.set(&keychain_name(path)?, &key_hex(&key))?;
                }
            }
            tracing::info!(file = %path.display(), migrated, "the company file is encrypted with {source}");
            Ok(Opened {
                conn,
                key,
                source,
                migrated,
            })
        }
    }
}

fn open_encrypted(path: &Path, unlock: Unlock<'_>) -> Result<Opened> {
    if let Some(keychain) = unlock.keychain {
        if let Some(hex) = keychain.get(&keychain_name(path)?)? {
            let key = DbKey::Raw(hex);
            match keyed(path, &key) {
                Ok(conn) => {
                    tracing::info!(file = %path.display(), "company file opened with its key from the OS keychain");
                    return Ok(Opened {
                        conn,
                        key,
                        source: KeySource::Keychain,
                        migrated: false,
                    });
                }
                Err(err) if unlock.passphrase.is_some() => {
                    tracing::warn!(error = %err.message, "the keychain's key does not open the file; trying the passphrase");
                }
                Err(err) => return Err(err),
            }
        }
    }
    let Some(passphrase) = unlock.passphrase else {
        return Err(locked(
            Reason::PassphraseRequired,
            "the company file is encrypted and its key is not in this computer's keychain: give its passphrase (or recovery key)",
        ));
    };
    let key = DbKey::Passphrase(passphrase.to_string());
    let conn = keyed(path, &key)?;
    tracing::info!(file = %path.display(), "company file opened with a passphrase (no key in the OS keychain)");
    Ok(Opened {
        conn,
        key,
        source: KeySource::Passphrase,
        migrated: false,
    })
}

/// The key for a new (or newly encrypted) file: the user's passphrase if given, else a random
/// key for the keychain.
fn new_key(unlock: Unlock<'_>) -> Result<(DbKey, KeySource)> {
    if let Some(passphrase) = unlock.passphrase {
        if passphrase.chars().count() < PASSPHRASE_MIN_CHARS {
            return Err(Error::invalid(
                "passphrase",
                Reason::TooShort,
                format!("the passphrase needs at least {PASSPHRASE_MIN_CHARS} characters"),
            )
            .with_limit(PASSPHRASE_MIN_CHARS));
        }
        return Ok((
            DbKey::Passphrase(passphrase.to_string()),
            KeySource::Passphrase,
        ));
    }
    if unlock.keychain.is_some() {
        return Ok((DbKey::random(), KeySource::Keychain));
    }
    Err(locked(
        Reason::PassphraseRequired,
        "there is no OS keychain here to keep the company file's key: choose a passphrase for it",
    ))
}

fn key_hex(key: &DbKey) -> String {
    match key {
        DbKey::Raw(hex) => hex.clone(),
        DbKey::Passphrase(_) => unreachable!("only random keys go to the keychain"),
    }
}

fn locked(reason: Reason, message: &str) -> Error {
    Error {
        field: Some("passphrase".into()),
        reason: Some(reason),
        ..Error::new(ErrorCode::Locked, message)
    }
}

/// Opens `path` with `key` and proves the key right by reading the schema.
pub fn keyed(path: &Path, key: &DbKey) -> Result<Connection> {
    let conn = Connection::open(path)?;
    // SQLCipher prints a wrong key's failed page checks to stderr; the error below says it.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    key.apply(&conn)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
        Ok(()) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(err, _)) if err.code == SqliteCode::NotADatabase => {
            Err(locked(
                Reason::WrongPassphrase,
                "this passphrase (or key) does not open the company file",
            ))
        }
        Err(err) => Err(err.into()),
    }
}

/// The keychain entry of an encrypted file: named by its salt, so it follows the file when
/// the folder moves.
fn keychain_name(path: &Path) -> Result<String> {
    let mut salt = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut salt))
        .map_err(|e| io_error(path, e))?;
    Ok(format!("{KEYCHAIN_PREFIX}{}", hex::encode(salt)))
}

/// Records `key` in the keychain for another encrypted file (a backup), so that restoring it on
/// this computer needs no question.
pub fn remember_for(path: &Path, key: &DbKey, keychain: &dyn SecretStore) -> Result<()> {
    if let DbKey::Raw(hex) = key {
        keychain.set(&keychain_name(path)?, hex)?;
    }
    Ok(())
}

fn encrypt_in_place(path: &Path, key: &DbKey) -> Result<()> {
    let staging = sibling(path, "encrypting");
    remove_if_exists(&staging)?;
    let counts = {
        // Before the connection opens: SQLCipher registers `sqlcipher_export` for connections
        // opened after its start-up.
        codec_ready()?;
        let plain = Connection::open(path)?;
        plain.busy_timeout(super::BUSY_TIMEOUT)?;
        // Hold the file alone while it is copied: another process's write would be lost.
        plain.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        plain.execute_batch("BEGIN EXCLUSIVE; COMMIT;")?;
        plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let counts = table_counts(&plain)?;
        plain.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![staging.to_string_lossy(), key.sql_value()],
        )?;
        plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        plain.execute("DETACH DATABASE encrypted", [])?;
        counts
    };
    {
        let copy = keyed(&staging, key)?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if check != "ok" || table_counts(&copy)? != counts {
            drop(copy);
            let _ = std::fs::remove_file(&staging);
            return Err(Error::new(
                ErrorCode::Storage,
                "encrypting the company file produced a copy that differs; the original is untouched",
            ));
        }
    }
    sync_file(&staging)?;
    std::fs::rename(&staging, path).map_err(|e| io_error(path, e))?;
    // The old file's WAL was emptied by the checkpoint; its index belongs to the old file.
    remove_if_exists(&sibling(path, "db-wal"))?;
    remove_if_exists(&sibling(path, "db-shm"))?;
    if let Some(dir) = path.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Every table and its row count: the migration's copy must hold the same.
fn table_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let count: i64 = conn.query_row(
                &format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\"")),
                [],
                |row| row.get(0),
            )?;
            Ok((name, count))
        })
        .collect()
}

/// `suanpan.db` → `suanpan.db-wal` style neighbours (`ext` replaces the extension).
fn sibling(path: &Path, ext: &str) -> PathBuf {
    path.with_extension(ext)
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(io_error(path, err)),
    }
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(path, e))
}

fn io_error(path: &Path, err: std::io::Error) -> Error {
    Error::new(ErrorCode::Storage, format!("{}: {err}", path.display()))
}
