//! The desktop shell: holds one `Core` and forwards the UI's calls to its command table. No
//! business rule lives here; the only extra is the native file dialogs (rfd) around import and
//! export, which need the desktop.

use std::sync::Mutex;

use serde_json::{json, Value};
use suanpan_core::{Core, Error, ErrorCode};
use tauri::State;

struct Shell {
    core: Mutex<Result<Core, Error>>,
}

impl Shell {
    fn with_core<T>(&self, f: impl FnOnce(&mut Core) -> Result<T, Error>) -> Result<T, Error> {
        let mut guard = self
            .core
            .lock()
            .map_err(|_| Error::internal("the core is unavailable after an earlier crash"))?;
        match guard.as_mut() {
            Ok(core) => f(core),
            Err(err) => Err(err.clone()),
        }
    }
}

#[tauri::command]
fn call(
    state: State<'_, Shell>,
    token: Option<String>,
    command: String,
    input: Value,
) -> Result<Value, Error> {
    state.with_core(|core| core.call(token.as_deref(), &command, input))
}

fn read_error(path: &std::path::Path, err: impl std::fmt::Display) -> Error {
    Error::validation("file", format!("{}: {err}", path.display()))
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

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUANPAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let dir = suanpan_core::default_data_dir();
    let core = Core::open(&dir, Core::system_secrets(&dir));
    match &core {
        Ok(core) => {
            tracing::info!(file = %core.path().map(|p| p.display().to_string()).unwrap_or_default(), "company file open")
        }
        Err(err) => {
            tracing::error!(error = %err.message, dir = %dir.display(), "cannot open the company file")
        }
    }
    let core = core.map_err(|err| Error::new(ErrorCode::Storage, err.message));
    tauri::Builder::default()
        .manage(Shell {
            core: Mutex::new(core),
        })
        .invoke_handler(tauri::generate_handler![
            call,
            import_customers_dialog,
            export_customers_dialog
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Suanpan");
}
