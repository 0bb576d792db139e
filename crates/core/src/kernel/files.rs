//! Files attached to records (receipts: photos and PDFs), kept in the data folder next to the
//! company file as `attachments/<hash>`. The company file is encrypted, so these are too:
//! XChaCha20-Poly1305 under a random key that lives inside the company file (a passphrase
//! change does not strand them). A file is named by a keyed hash of its content, so the same
//! receipt attached twice is stored once and the name says nothing to someone without the key.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension};

use crate::kernel::error::{Error, ErrorCode, Result};

/// The largest file that may be attached.
pub const FILE_BYTES_MAX: usize = 10 * 1024 * 1024;

const NONCE_BYTES: usize = 24;

/// What kinds of file may be attached, by their first bytes (not by the name they came with).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

fn key(conn: &Connection) -> Result<[u8; 32]> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'attachments_key'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let hex_key = match stored {
        Some(hex_key) => hex_key,
        None => {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let hex_key = hex::encode(bytes);
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('attachments_key', ?1)",
                [&hex_key],
            )?;
            hex_key
        }
    };
    let mut key = [0u8; 32];
    hex::decode_to_slice(&hex_key, &mut key)
        .map_err(|_| Error::new(ErrorCode::Storage, "the attachments key is damaged"))?;
    Ok(key)
}

fn path_of(dir: &Path, hash: &str) -> PathBuf {
    dir.join("attachments").join(&hash[..2]).join(hash)
}

fn valid_hash(hash: &str) -> bool {
    hash.len() == 64
        && hash
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// Stores a file and returns its hash (its name).
pub fn put(conn: &Connection, dir: &Path, bytes: &[u8]) -> Result<String> {
    let key = key(conn)?;
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&key)
        .map_err(|_| Error::internal("hmac key"))?;
    mac.update(bytes);
    let hash = hex::encode(mac.finalize().into_bytes());
    write(&key, dir, &hash, bytes)?;
    Ok(hash)
}

/// Stores a file under the name another device gave it (it came by sync: this device's key
/// names it differently, and the records refer to the name they were given).
pub fn put_as(conn: &Connection, dir: &Path, hash: &str, bytes: &[u8]) -> Result<()> {
    if !valid_hash(hash) {
        return Err(Error::validation(
            "hash",
            "hash: not an attachment's name",
            "hash：不是附件的名称",
        ));
    }
    write(&key(conn)?, dir, hash, bytes)
}

/// Whether the file is in this data folder.
pub fn exists(dir: &Path, hash: &str) -> bool {
    valid_hash(hash) && path_of(dir, hash).exists()
}

fn write(key: &[u8; 32], dir: &Path, hash: &str, bytes: &[u8]) -> Result<()> {
    let path = path_of(dir, hash);
    if path.exists() {
        return Ok(());
    }
    let mut nonce = [0u8; NONCE_BYTES];
    {
        use rand::RngCore;
        rand::rngs::OsRng.fill_bytes(&mut nonce);
    }
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: bytes,
                aad: hash.as_bytes(),
            },
        )
        .map_err(|_| Error::internal("encrypting the file failed"))?;
    let parent = path.parent().expect("an attachment path has a folder");
    let failed = |e: std::io::Error| {
        Error::storage(
            "an attached file could not be saved (the log says why)",
            format!("cannot write {}: {e}", path.display()),
        )
    };
    std::fs::create_dir_all(parent).map_err(failed)?;
    // Written whole then renamed: a crash leaves no half file under the final name.
    let partial = parent.join(format!("{hash}.partial"));
    let mut content = nonce.to_vec();
    content.extend(sealed);
    std::fs::write(&partial, &content).map_err(failed)?;
    std::fs::rename(&partial, &path).map_err(failed)?;
    Ok(())
}

/// Reads a file back; `None` when it is not in this data folder (attached on another device).
pub fn get(conn: &Connection, dir: &Path, hash: &str) -> Result<Option<Vec<u8>>> {
    if !valid_hash(hash) {
        return Err(Error::validation(
            "hash",
            "hash: not an attachment's name",
            "hash：不是附件的名称",
        ));
    }
    let path = path_of(dir, hash);
    let content = match std::fs::read(&path) {
        Ok(content) => content,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::storage(
                "an attached file could not be read (the log says why)",
                format!("cannot read {}: {e}", path.display()),
            ))
        }
    };
    if content.len() < NONCE_BYTES {
        return Err(Error::storage(
            "an attached file is damaged",
            format!("{} is damaged", path.display()),
        ));
    }
    let key = key(conn)?;
    let (nonce, sealed) = content.split_at(NONCE_BYTES);
    XChaCha20Poly1305::new((&key).into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: sealed,
                aad: hash.as_bytes(),
            },
        )
        .map(Some)
        .map_err(|_| {
            Error::storage(
                "an attached file is damaged or not this company's",
                format!("{} is damaged or not this company's", path.display()),
            )
        })
}

/// Every stored file as it sits on disk (encrypted): `(hash, content)`. For backups.
pub fn sealed_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let root = dir.join("attachments");
    let failed = |e: std::io::Error| {
        Error::new(
            ErrorCode::Storage,
            format!("cannot read {}: {e}", root.display()),
        )
    };
    let mut out = Vec::new();
    let shards = match std::fs::read_dir(&root) {
        Ok(shards) => shards,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(failed(e)),
    };
    for shard in shards {
        let shard = shard.map_err(failed)?;
        if !shard.file_type().map_err(failed)?.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(shard.path()).map_err(failed)? {
            let file = file.map_err(failed)?;
            let name = file.file_name().to_string_lossy().into_owned();
            // Half-written files (`.partial`) and anything else are not attachments.
            if valid_hash(&name) {
                out.push((name, std::fs::read(file.path()).map_err(failed)?));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Puts back a file as [`sealed_files`] read it (from a backup of this company file).
pub fn restore_sealed(dir: &Path, hash: &str, content: &[u8]) -> Result<()> {
    if !valid_hash(hash) {
        return Err(Error::validation(
            "hash",
            "hash: not an attachment's name",
            "hash：不是附件的名称",
        ));
    }
    let path = path_of(dir, hash);
    if path.exists() {
        return Ok(());
    }
    let parent = path.parent().expect("an attachment path has a folder");
    let failed = |e: std::io::Error| {
        Error::storage(
            "an attached file could not be saved (the log says why)",
            format!("cannot write {}: {e}", path.display()),
        )
    };
    std::fs::create_dir_all(parent).map_err(failed)?;
    let partial = parent.join(format!("{hash}.partial"));
    std::fs::write(&partial, content).map_err(failed)?;
    std::fs::rename(&partial, &path).map_err(failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_stored_encrypted_once_and_read_back() {
        let mut conn = crate::kernel::store::open_in_memory().unwrap();
        crate::kernel::store::migrations::apply(
            &mut conn,
            &[&crate::kernel::store::docs::MIGRATIONS],
        )
        .unwrap();
        let dir = std::env::temp_dir().join(format!("suanpan-files-{}", std::process::id()));
        let receipt = b"%PDF-1.7 a receipt for 42.00".to_vec();
        let hash = put(&conn, &dir, &receipt).unwrap();
        assert_eq!(put(&conn, &dir, &receipt).unwrap(), hash, "stored once");
        let on_disk = std::fs::read(path_of(&dir, &hash)).unwrap();
        assert!(
            !on_disk.windows(7).any(|w| w == b"receipt"),
            "the file on disk is not the plain receipt"
        );
        assert_eq!(get(&conn, &dir, &hash).unwrap().unwrap(), receipt);
        assert_eq!(get(&conn, &dir, &"0".repeat(64)).unwrap(), None);
        assert!(get(&conn, &dir, "../../etc/passwd").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(sniff(b"%PDF-1.4"), Some("application/pdf"));
        assert_eq!(sniff(b"<html>"), None);
    }
}
