//! Suanpan's relay: an append-only feed of sealed changes per tenant, with device accounts.
//! It never loads or interprets a document, so its memory does not grow with their number.

pub mod api;
pub mod auth;
pub mod pg;
pub mod serve;
pub mod store;

/// The fewest bytes a token-signing secret may have.
pub const SECRET_BYTES_MIN: usize = 32;

/// The token-signing secret kept in `path`, made (random, 0600) when there is none. A file that
/// is there but empty or short is refused rather than used: tokens signed with an empty key
/// could be forged by anyone.
pub fn token_secret_file(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    match std::fs::read(path) {
        Ok(existing) => {
            let kept = existing.trim_ascii();
            anyhow::ensure!(
                kept.len() >= SECRET_BYTES_MIN,
                "{} holds {} bytes, fewer than the {SECRET_BYTES_MIN} a token-signing secret needs: \
                 delete it to have a new one made (every device then signs in again)",
                path.display(),
                kept.len()
            );
            Ok(kept.to_vec())
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            use rand::RngCore;
            let mut bytes = vec![0u8; SECRET_BYTES_MIN];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let text = hex::encode(&bytes).into_bytes();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            use std::io::Write;
            options.open(path)?.write_all(&text)?;
            Ok(text)
        }
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_short_token_secret_file_is_refused_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token-secret");
        let made = token_secret_file(&path).unwrap();
        assert_eq!(made.len(), 2 * SECRET_BYTES_MIN);
        assert_eq!(token_secret_file(&path).unwrap(), made, "kept");
        for bad in ["", "\n", "short-secret"] {
            std::fs::write(&path, bad).unwrap();
            let err = token_secret_file(&path).unwrap_err().to_string();
            assert!(err.contains("delete it"), "{bad:?}: {err}");
        }
    }
}
