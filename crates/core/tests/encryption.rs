//! Encryption at rest: the company file and its backups are SQLCipher files that plain SQLite
//! cannot read; the key comes from the keychain or a passphrase; old plain files are encrypted
//! in place without losing anything.

mod common;

use std::path::Path;

use common::{keychain, open_on_disk, with_keychain, Shop};
use serde_json::json;
use suanpan_core::secrets::{MemoryStore, SecretStore};
use suanpan_core::store::crypt::{self, FileState, KeySource, Unlock};
use suanpan_core::{Core, Error, ErrorCode, Reason, DATA_FILE};

const SECRET_NAME: &str = "Zhang Secretname 张秘密";
const PASSPHRASE: &str = "counter top abacus 42";

fn open(dir: &Path, unlock: Unlock<'_>) -> Result<Core, Error> {
    Core::open(dir, Box::<MemoryStore>::default(), unlock)
}

fn passphrase(p: &str) -> Unlock<'_> {
    Unlock {
        keychain: None,
        passphrase: Some(p),
    }
}

/// Every byte of every file in `dir` (the file, its WAL, anything left beside it).
fn bytes_on_disk(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            all.extend(std::fs::read(path).unwrap());
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The `sqlite3` tool from Debian's package: the test needs it (scripts/setup.sh installs it).
fn sqlite3_reads(file: &Path) -> std::process::Output {
    std::process::Command::new("sqlite3")
        .arg(file)
        .arg("SELECT name FROM customers;")
        .output()
        .expect("the sqlite3 tool is needed for this test (apt install sqlite3)")
}

#[test]
fn plain_sqlite_cannot_read_the_company_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(open_on_disk(dir.path()));
    shop.customer(SECRET_NAME, json!({"email": "secret@example.com"}));
    let file = dir.path().join(DATA_FILE);
    assert_eq!(crypt::file_state(&file).unwrap(), FileState::Encrypted);
    assert_eq!(shop.core.key_source(), Some(KeySource::Keychain));

    let tool = sqlite3_reads(&file);
    assert!(!tool.status.success(), "sqlite3 read the file: {tool:?}");
    assert!(
        String::from_utf8_lossy(&tool.stderr).contains("not a database"),
        "{tool:?}"
    );
    let bare = rusqlite::Connection::open(&file).unwrap();
    assert!(bare
        .query_row("SELECT count(*) FROM customers", [], |r| r.get::<_, i64>(0))
        .is_err());

    // Nothing readable anywhere in the folder, the WAL included.
    drop(shop);
    let raw = bytes_on_disk(dir.path());
    assert!(!contains(&raw, "Secretname"));
    assert!(!contains(&raw, "secret@example.com"));
    assert!(!contains(&raw, "SQLite format 3"));
}

#[test]
fn without_the_keychain_the_file_needs_its_passphrase_or_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(open_on_disk(dir.path()));
    shop.customer(SECRET_NAME, json!({}));
    let recovery = shop.call("security.encryption.recovery_key", json!({}));
    let recovery = recovery["recovery_key"].as_str().unwrap().to_string();
    assert!(
        recovery.starts_with("x'") && recovery.len() == 67,
        "{recovery}"
    );
    drop(shop);

    let file = dir.path().join(DATA_FILE);
    assert!(crypt::needs_passphrase(&file, None).unwrap());
    assert!(!crypt::needs_passphrase(&file, Some(keychain())).unwrap());

    let err = open(dir.path(), Unlock::default()).err().unwrap();
    assert_eq!(
        (err.code, err.reason),
        (ErrorCode::Locked, Some(Reason::PassphraseRequired))
    );
    let err = open(dir.path(), passphrase("not the key at all"))
        .err()
        .unwrap();
    assert_eq!(
        (err.code, err.reason),
        (ErrorCode::Locked, Some(Reason::WrongPassphrase))
    );
    // The recovery key typed in place of a passphrase opens it on a computer without the key.
    let core = open(dir.path(), passphrase(&recovery)).unwrap();
    let names: i64 = core
        .connection()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(names, 1);
}

#[test]
fn only_the_owner_sees_the_recovery_key_and_it_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(open_on_disk(dir.path()));
    let status = shop.call("security.encryption.status", json!({}));
    assert_eq!(status, json!({"encrypted": true, "key_source": "keychain"}));
    shop.call(
        "users.create",
        json!({"name": "Mia", "email": "mia@example.com", "role": "manager", "password": "manager-pass-1"}),
    );
    let manager = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "mia@example.com", "password": "manager-pass-1"}),
        )
        .unwrap();
    let err = shop
        .core
        .call(
            manager["token"].as_str(),
            "security.encryption.recovery_key",
            json!({}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    shop.call("security.encryption.recovery_key", json!({}));
    let log = shop.call(
        "users.activity.list",
        json!({"command": "security.encryption.recovery_key"}),
    );
    let summaries: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert!(
        summaries.iter().any(|s| s.starts_with("refused")),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().any(|s| s.contains("revealed")),
        "{summaries:?}"
    );
}

#[test]
fn a_passphrase_file_opens_with_its_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let err = open(dir.path(), passphrase("short")).err().unwrap();
    assert_eq!(
        (err.field.as_deref(), err.reason, err.limit),
        (Some("passphrase"), Some(Reason::TooShort), Some(8))
    );
    let err = open(dir.path(), Unlock::default()).err().unwrap();
    assert_eq!(err.reason, Some(Reason::PassphraseRequired));

    let mut shop = Shop::from_core(open(dir.path(), passphrase(PASSPHRASE)).unwrap());
    assert_eq!(shop.core.key_source(), Some(KeySource::Passphrase));
    shop.customer(SECRET_NAME, json!({}));
    drop(shop);
    assert!(!sqlite3_reads(&dir.path().join(DATA_FILE)).status.success());
    let err = open(dir.path(), passphrase("counter top abacus 43"))
        .err()
        .unwrap();
    assert_eq!(err.reason, Some(Reason::WrongPassphrase));
    // A keychain that holds nothing for this file does not get in the way.
    let unlock = Unlock {
        keychain: Some(keychain()),
        passphrase: Some(PASSPHRASE),
    };
    let core = open(dir.path(), unlock).unwrap();
    assert_eq!(core.key_source(), Some(KeySource::Passphrase));
}

/// Writes the company in `dir` out as the plain SQLite file an earlier version kept.
fn decrypt_to_plain(dir: &Path, plain_dir: &Path) {
    let conn = common::raw_connection(dir);
    let plain = plain_dir.join(DATA_FILE);
    conn.execute(
        "ATTACH DATABASE ?1 AS plaintext KEY ''",
        [plain.to_string_lossy()],
    )
    .unwrap();
    conn.query_row("SELECT sqlcipher_export('plaintext')", [], |_| Ok(()))
        .unwrap();
    conn.execute("DETACH DATABASE plaintext", []).unwrap();
}

#[test]
fn a_plain_file_is_encrypted_in_place_with_nothing_lost() {
    let source = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(open_on_disk(source.path()));
    for i in 0..30 {
        shop.customer(&format!("{SECRET_NAME} {i}"), json!({"tags": ["vip"]}));
    }
    let before = shop.call("customers.list", json!({"search": "秘密", "limit": 100}));
    drop(shop);

    let dir = tempfile::tempdir().unwrap();
    decrypt_to_plain(source.path(), dir.path());
    let file = dir.path().join(DATA_FILE);
    assert_eq!(crypt::file_state(&file).unwrap(), FileState::Plain);
    assert!(
        sqlite3_reads(&file).status.success(),
        "the old file is plain"
    );
    // A staging file left by a crash during an earlier attempt is replaced, not trusted.
    std::fs::write(dir.path().join("suanpan.encrypting"), b"half a file").unwrap();

    let core = open(dir.path(), with_keychain()).unwrap();
    assert_eq!(crypt::file_state(&file).unwrap(), FileState::Encrypted);
    let mut shop = common::Shop::signed_in(core);
    let after = shop.call("customers.list", json!({"search": "秘密", "limit": 100}));
    assert_eq!(after, before, "full-text search and every row survive");
    assert_eq!(
        shop.call("users.activity.verify", json!({}))["intact"],
        true
    );
    drop(shop);
    assert!(!sqlite3_reads(&file).status.success());
    let raw = bytes_on_disk(dir.path());
    assert!(
        !contains(&raw, "Secretname"),
        "no plain copy is left behind"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("encrypting")), "{names:?}");
}

#[test]
fn a_backup_is_encrypted_and_opens_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(open(dir.path(), passphrase(PASSPHRASE)).unwrap());
    shop.customer(SECRET_NAME, json!({}));
    let target = dir.path().join("backup.db");
    shop.core.backup(&target, None).unwrap();
    drop(shop);
    assert_eq!(crypt::file_state(&target).unwrap(), FileState::Encrypted);
    assert!(!sqlite3_reads(&target).status.success());
    assert!(!contains(&std::fs::read(&target).unwrap(), "Secretname"));

    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&target, restored.path().join(DATA_FILE)).unwrap();
    let core = open(restored.path(), passphrase(PASSPHRASE)).unwrap();
    let count: i64 = core
        .connection()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 1);
}

#[test]
fn a_keychain_backup_restores_here_without_a_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(open_on_disk(dir.path()));
    shop.customer(SECRET_NAME, json!({}));
    let target = dir.path().join("backup.db");
    shop.core
        .backup(&target, Some(keychain() as &dyn SecretStore))
        .unwrap();
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&target, restored.path().join(DATA_FILE)).unwrap();
    let core = open_on_disk(restored.path());
    assert_eq!(core.key_source(), Some(KeySource::Keychain));
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shop");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _core = common::open_on_disk(&folder);
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "others may not list or read it: {mode:o}");
}
