//! The desktop shell: holds one `Core` and forwards the UI's calls to its command table. No
//! business rule lives here; the only extras are what needs the desktop: the company file's
//! unlock screen, native file dialogs (rfd) around import and export, progress events of long
//! commands, and the relay's live feed turned into window events.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};
use suanpan_core::secrets::{usable_keychain, KeyringStore, SecretStore};
use suanpan_core::store::crypt;
use suanpan_core::sync::live::LiveEnd;
use suanpan_core::{Core, Error, ErrorCode, Reason};
use tauri::State;

/// The company file is encrypted; until its key is at hand the core is not open.
enum CoreState {
    Open(Box<Core>),
    /// Waiting for the passphrase; `new`: none chosen yet (first run without a keychain).
    Locked {
        new: bool,
    },
    Failed(Error),
}

struct Shell {
    core: Mutex<CoreState>,
    dir: PathBuf,
    keychain: Option<KeyringStore>,
}

impl Shell {
    fn keychain(&self) -> Option<&dyn SecretStore> {
        self.keychain.as_ref().map(|k| k as &dyn SecretStore)
    }

    fn open(&self, passphrase: Option<&str>) -> Result<Core, Error> {
        let unlock = crypt::Unlock {
            keychain: self.keychain(),
            passphrase,
        };
        Core::open(&self.dir, Core::system_secrets(&self.dir), unlock)
    }

    fn state(&self) -> Result<std::sync::MutexGuard<'_, CoreState>, Error> {
        self.core
            .lock()
            .map_err(|_| Error::internal("the core is unavailable after an earlier crash"))
    }

    fn with_core<T>(&self, f: impl FnOnce(&mut Core) -> Result<T, Error>) -> Result<T, Error> {
        match &mut *self.state()? {
            CoreState::Open(core) => f(core),
            CoreState::Locked { .. } => Err(Error {
                reason: Some(Reason::PassphraseRequired),
                field: Some("passphrase".into()),
                ..Error::new(
                    ErrorCode::Locked,
                    "the company file is locked: unlock it first",
                )
            }),
            CoreState::Failed(err) => Err(err.clone()),
        }
    }
}

fn status_of(state: &CoreState) -> Value {
    match state {
        CoreState::Open(core) => json!({ "state": "open", "key_source": core.key_source() }),
        CoreState::Locked { new: true } => json!({ "state": "new" }),
        CoreState::Locked { new: false } => json!({ "state": "locked" }),
        CoreState::Failed(err) => json!({ "state": "failed", "error": err }),
    }
}

/// Whether the company file is open, or waits for a passphrase (`locked`, or `new` when one is
/// to be chosen).
#[tauri::command]
fn store_status(state: State<'_, Shell>) -> Result<Value, Error> {
    Ok(status_of(&*state.state()?))
}

/// Opens the company file with the passphrase (or recovery key) the user typed; for a new file,
/// encrypts it with that passphrase.
#[tauri::command]
fn unlock_store(state: State<'_, Shell>, passphrase: String) -> Result<Value, Error> {
    let mut guard = state.state()?;
    if let CoreState::Locked { .. } = &*guard {
        let core = state.open(Some(&passphrase))?;
        *guard = CoreState::Open(Box::new(core));
    }
    Ok(status_of(&guard))
}

/// Runs one command of the core's table. Off the main thread: some (sync) talk to the network,
/// and the window must stay responsive meanwhile.
#[tauri::command]
async fn call(
    app: tauri::AppHandle,
    token: Option<String>,
    command: String,
    input: Value,
    request_id: Option<String>,
) -> Result<Value, Error> {
    on_core(app, move |core| {
        core.call_request(token.as_deref(), &command, input, request_id.as_deref())
    })
    .await
}

fn read_error(path: &std::path::Path, err: impl std::fmt::Display) -> Error {
    Error::validation(
        "file",
        format!("{}: {err}", path.display()),
        "这个文件无法读取",
    )
}

/// Asks for a CSV file and imports it; `null` when the user cancels. The UI passes the dialog's
/// title in the user's language.
#[tauri::command]
fn import_customers_dialog(
    state: State<'_, Shell>,
    token: Option<String>,
    title: Option<String>,
) -> Result<Value, Error> {
    let Some(path) = rfd::FileDialog::new()
        .add_filter("CSV", &["csv", "txt"])
        .set_title(title.as_deref().unwrap_or("Import customers"))
        .pick_file()
    else {
        return Ok(Value::Null);
    };
    let bytes = std::fs::read(&path).map_err(|e| read_error(&path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| read_error(&path, "not UTF-8 text"))?;
    state.with_core(|core| core.call(token.as_deref(), "customers.import", json!({ "csv": text })))
}

/// Asks where to save and exports the customers matching `query`; `null` when cancelled.
#[tauri::command]
fn export_customers_dialog(
    state: State<'_, Shell>,
    token: Option<String>,
    query: Value,
    title: Option<String>,
) -> Result<Value, Error> {
    let Some(path) = rfd::FileDialog::new()
        .add_filter("CSV", &["csv"])
        .set_file_name("customers.csv")
        .set_title(title.as_deref().unwrap_or("Export customers"))
        .save_file()
    else {
        return Ok(Value::Null);
    };
    let result = state.with_core(|core| core.call(token.as_deref(), "customers.export", query))?;
    let csv = result["csv"].as_str().unwrap_or_default();
    std::fs::write(&path, csv).map_err(|e| read_error(&path, e))?;
    Ok(json!({ "path": path.display().to_string(), "count": result["count"] }))
}

/// Runs a core command that makes a file (an invoice PDF, a report as CSV, Excel or PDF), asks
/// where to save it and writes it; `null` when the user cancels. With `SUANPAN_SAVE_DIR` set
/// (the end-to-end tests, which cannot click a native dialog) it is saved there unasked.
#[tauri::command]
fn save_file_dialog(
    state: State<'_, Shell>,
    token: Option<String>,
    command: String,
    input: Value,
    title: Option<String>,
) -> Result<Value, Error> {
    use base64::Engine;
    let file = state.with_core(|core| core.call(token.as_deref(), &command, input))?;
    // Only a name, never a path, whatever the file's record says.
    let name = std::path::Path::new(file["file_name"].as_str().unwrap_or("export"))
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export")
        .to_string();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["base64"].as_str().unwrap_or_default())
        .map_err(|e| Error::internal(format!("{command} returned no file: {e}")))?;
    let extension = name.rsplit('.').next().unwrap_or("").to_string();
    let path = match std::env::var_os("SUANPAN_SAVE_DIR") {
        Some(dir) => std::path::PathBuf::from(dir).join(&name),
        None => {
            let Some(path) = rfd::FileDialog::new()
                .add_filter(extension.to_uppercase(), &[extension.as_str()])
                .set_file_name(&name)
                .set_title(title.as_deref().unwrap_or("Save"))
                .save_file()
            else {
                return Ok(Value::Null);
            };
            path
        }
    };
    std::fs::write(&path, &bytes).map_err(|e| read_error(&path, e))?;
    Ok(json!({ "path": path.display().to_string(), "count": 1 }))
}

/// Runs blocking core work (sync talks to the network) off the main thread, so the window
/// stays responsive; the core itself is still used by one caller at a time.
async fn on_core<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Core) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || app.state::<Shell>().with_core(f))
        .await
        .map_err(|e| Error::internal(format!("background task failed: {e}")))?
}

/// Runs a long command (a product import) off the main thread and tells the window how far it
/// has come: `progress` events `{task, done, total}`, at most a few a second.
#[tauri::command]
async fn call_with_progress(
    app: tauri::AppHandle,
    token: Option<String>,
    command: String,
    input: Value,
    request_id: Option<String>,
) -> Result<Value, Error> {
    use tauri::Emitter;
    let emitter = app.clone();
    on_core(app, move |core| {
        let last = Mutex::new(std::time::Instant::now() - Duration::from_secs(1));
        core.set_progress(Some(Box::new(move |task: &str, done: u64, total: u64| {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            if done == total || last.elapsed() >= Duration::from_millis(200) {
                *last = std::time::Instant::now();
                let _ = emitter.emit(
                    "progress",
                    json!({ "task": task, "done": done, "total": total }),
                );
            }
        })));
        let result = core.call_request(token.as_deref(), &command, input, request_id.as_deref());
        core.set_progress(None);
        result
    })
    .await
}

/// The UI's event when the relay's feed holds entries this device has not pulled: the UI runs a
/// round (the same one its timer runs), so another device's change shows within moments.
const REMOTE_CHANGES_EVENT: &str = "sync-remote";
/// How often a device that is not connected (or whose file is locked) looks again.
const LIVE_IDLE: Duration = Duration::from_secs(5);
const LIVE_BACKOFF_MAX: Duration = Duration::from_secs(60);

/// Listens to the relay's live feed for as long as the app runs, reconnecting with back-off
/// when the relay cannot be reached. Holds the company file only to open the feed and to compare
/// the relay's head with this device's cursor, never while waiting.
fn listen_live(app: tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let mut backoff = Duration::from_secs(1);
    loop {
        let mut feed = match app.state::<Shell>().with_core(|core| core.sync_live()) {
            Ok(Some(feed)) => feed,
            // Not connected to a relay, or the company file still locked.
            Ok(None)
            | Err(Error {
                code: ErrorCode::Locked,
                ..
            }) => {
                std::thread::sleep(LIVE_IDLE);
                continue;
            }
            Err(err) => {
                tracing::debug!(error = %err.message, "live feed unavailable");
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(LIVE_BACKOFF_MAX);
                continue;
            }
        };
        tracing::info!("listening to the relay's live feed");
        backoff = Duration::from_secs(1);
        let end = loop {
            match feed.next_head() {
                Ok(head) => {
                    let behind = app
                        .state::<Shell>()
                        .with_core(|core| core.sync_behind(head))
                        .unwrap_or(false);
                    if behind {
                        let _ = app.emit(REMOTE_CHANGES_EVENT, head);
                    }
                }
                Err(end) => break end,
            }
        };
        match end {
            // Reconnect at once with a fresh token.
            LiveEnd::TokenExpired => {}
            LiveEnd::Revoked => {
                tracing::warn!(
                    "the relay revoked this device; sync stops until it is connected again"
                );
                std::thread::sleep(LIVE_BACKOFF_MAX);
            }
            LiveEnd::Lost(why) => {
                tracing::info!(%why, "the relay's live feed was lost");
                std::thread::sleep(backoff);
            }
        }
    }
}

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUANPAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let dir = suanpan_core::default_data_dir();
    let keychain = usable_keychain(Core::KEYCHAIN_SERVICE);
    let mut shell = Shell {
        core: Mutex::new(CoreState::Locked { new: true }),
        dir,
        keychain,
    };
    let file = shell.dir.join(suanpan_core::DATA_FILE);
    let state = match crypt::needs_passphrase(&file, shell.keychain()) {
        Ok(true) => {
            let new = !matches!(crypt::file_state(&file), Ok(crypt::FileState::Encrypted));
            tracing::info!(file = %file.display(), new, "the company file waits for its passphrase (no key in an OS keychain)");
            CoreState::Locked { new }
        }
        Ok(false) => match shell.open(None) {
            Ok(core) => {
                tracing::info!(file = %file.display(), "company file open");
                CoreState::Open(Box::new(core))
            }
            Err(err) => {
                tracing::error!(error = %err.message, file = %file.display(), "cannot open the company file");
                CoreState::Failed(Error::new(ErrorCode::Storage, err.message))
            }
        },
        Err(err) => CoreState::Failed(err),
    };
    shell.core = Mutex::new(state);
    tauri::Builder::default()
        .manage(shell)
        .setup(|app| {
            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("live-feed".into())
                .spawn(move || listen_live(handle))?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            call,
            store_status,
            unlock_store,
            import_customers_dialog,
            export_customers_dialog,
            save_file_dialog,
            call_with_progress
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Suanpan");
}
