//! Secrets (today: the remembered session) go to the OS keychain through `keyring`. Where no
//! keychain exists — a headless Linux box without a Secret Service, CI — they fall back to a
//! file readable only by the user in the data directory, and the log says so once. Never a
//! crash.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::kernel::error::{Error, Result};

pub trait SecretStore: Send {
    fn get(&self, name: &str) -> Result<Option<String>>;
    fn set(&self, name: &str, value: &str) -> Result<()>;
    fn delete(&self, name: &str) -> Result<()>;
    /// Where secrets are kept, for the log and for `suanpan` diagnostics.
    fn describe(&self) -> String;
}

/// The OS keychain: macOS Keychain, Windows Credential Manager, Secret Service on Linux.
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: impl Into<String>) -> Self {
        KeyringStore {
            service: service.into(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, name).map_err(keychain_error)
    }

    /// Writes, reads and deletes a probe entry: the only reliable way to know a keychain works
    /// (a bus without an unlocked keyring fails only on use).
    pub fn probe(&self) -> Result<()> {
        let entry = self.entry("probe")?;
        entry.set_password("ok").map_err(keychain_error)?;
        let read = entry.get_password().map_err(keychain_error)?;
        let _ = entry.delete_credential();
        if read != "ok" {
            return Err(Error::internal(
                "the OS keychain returned a different value",
            ));
        }
        Ok(())
    }
}

/// The OS keychain if it works here, else `None` (said in the log). `SUANPAN_KEYCHAIN=off`
/// skips it, for servers that should use a passphrase even where a keychain exists.
pub fn usable_keychain(service: &str) -> Option<KeyringStore> {
    if std::env::var("SUANPAN_KEYCHAIN").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        tracing::info!("SUANPAN_KEYCHAIN=off: the OS keychain is not used");
        return None;
    }
    let keyring = KeyringStore::new(service);
    match keyring.probe() {
        Ok(()) => Some(keyring),
        Err(err) => {
            tracing::info!(reason = %err.message, "no usable OS keychain here");
            None
        }
    }
}

fn keychain_error(err: keyring::Error) -> Error {
    Error::internal(format!("OS keychain: {err}"))
}

impl SecretStore for KeyringStore {
    fn get(&self, name: &str) -> Result<Option<String>> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(keychain_error(err)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<()> {
        self.entry(name)?
            .set_password(value)
            .map_err(keychain_error)
    }

    fn delete(&self, name: &str) -> Result<()> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(keychain_error(err)),
        }
    }

    fn describe(&self) -> String {
        format!("the OS keychain (service '{}')", self.service)
    }
}

/// A JSON file of secrets with mode 0600: the fallback where no keychain exists.
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    pub fn new(path: PathBuf) -> Self {
        FileStore { path }
    }

    fn read(&self) -> Result<BTreeMap<String, String>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| {
                Error::internal(format!("{} is unreadable: {err}", self.path.display()))
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(err) => Err(Error::internal(format!("{}: {err}", self.path.display()))),
        }
    }

    fn write(&self, secrets: &BTreeMap<String, String>) -> Result<()> {
        let io = |err: std::io::Error| Error::internal(format!("{}: {err}", self.path.display()));
        let text =
            serde_json::to_vec_pretty(secrets).map_err(|e| Error::internal(e.to_string()))?;
        let tmp = self.path.with_extension("tmp");
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(&tmp).map_err(io)?;
            file.write_all(&text).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

impl SecretStore for FileStore {
    fn get(&self, name: &str) -> Result<Option<String>> {
        Ok(self.read()?.get(name).cloned())
    }

    fn set(&self, name: &str, value: &str) -> Result<()> {
        let mut secrets = self.read()?;
        secrets.insert(name.to_string(), value.to_string());
        self.write(&secrets)
    }

    fn delete(&self, name: &str) -> Result<()> {
        let mut secrets = self.read()?;
        if secrets.remove(name).is_some() {
            self.write(&secrets)?;
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!(
            "the file {} (no OS keychain available)",
            self.path.display()
        )
    }
}

/// In memory, for tests.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<BTreeMap<String, String>>,
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &str) -> Result<Option<String>> {
        Ok(self.secrets.lock().expect("poisoned").get(name).cloned())
    }
    fn set(&self, name: &str, value: &str) -> Result<()> {
        self.secrets
            .lock()
            .expect("poisoned")
            .insert(name.into(), value.into());
        Ok(())
    }
    fn delete(&self, name: &str) -> Result<()> {
        self.secrets.lock().expect("poisoned").remove(name);
        Ok(())
    }
    fn describe(&self) -> String {
        "memory".into()
    }
}

/// The keychain if it works here, else the file fallback, decided on first use so that
/// commands which need no secret never touch D-Bus.
pub struct SystemStore {
    service: String,
    fallback: PathBuf,
    chosen: Mutex<Option<Box<dyn SecretStore>>>,
}

impl SystemStore {
    pub fn new(service: impl Into<String>, fallback: PathBuf) -> Self {
        SystemStore {
            service: service.into(),
            fallback,
            chosen: Mutex::new(None),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&dyn SecretStore) -> Result<T>) -> Result<T> {
        let mut chosen = self.chosen.lock().expect("poisoned");
        let store = chosen.get_or_insert_with(|| match usable_keychain(&self.service) {
            Some(keyring) => {
                tracing::info!("secrets are kept in {}", keyring.describe());
                Box::new(keyring)
            }
            None => {
                let file = FileStore::new(self.fallback.clone());
                tracing::info!("secrets are kept in {}", file.describe());
                Box::new(file)
            }
        });
        f(store.as_ref())
    }
}

impl SecretStore for SystemStore {
    fn get(&self, name: &str) -> Result<Option<String>> {
        self.with(|s| s.get(name))
    }
    fn set(&self, name: &str, value: &str) -> Result<()> {
        self.with(|s| s.set(name, value))
    }
    fn delete(&self, name: &str) -> Result<()> {
        self.with(|s| s.delete(name))
    }
    fn describe(&self) -> String {
        self.with(|s| Ok(s.describe())).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("secrets.json"));
        assert_eq!(store.get("a").unwrap(), None);
        store.set("a", "1").unwrap();
        store.set("b", "2").unwrap();
        store.delete("a").unwrap();
        assert_eq!(store.get("a").unwrap(), None);
        assert_eq!(store.get("b").unwrap().as_deref(), Some("2"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secrets.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "the fallback file must be private");
        }
    }

    #[test]
    fn system_store_never_fails_where_there_is_no_keychain() {
        // Without a Secret Service (CI) this exercises the fallback; with one, the keychain.
        let dir = tempfile::tempdir().unwrap();
        let store = SystemStore::new("suanpan-test", dir.path().join("secrets.json"));
        store.set("t", "v").unwrap();
        assert_eq!(store.get("t").unwrap().as_deref(), Some("v"));
        store.delete("t").unwrap();
        assert!(!store.describe().is_empty());
    }
}
