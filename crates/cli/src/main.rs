//! `suanpan`: the core's command table from a terminal. Thin: it parses arguments, asks for
//! the password, calls the core and prints JSON.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::{json, Value};
use suanpan_core::secrets::{usable_keychain, KeyringStore, SecretStore};
use suanpan_core::store::crypt;
use suanpan_core::{users::Actor, Core, Error, ErrorCode, Reason};

#[derive(Parser)]
#[command(
    name = "suanpan",
    version,
    about = "Suanpan 算盘 — a local-first ERP for small shops"
)]
struct Cli {
    /// Folder holding the company file (default: SUANPAN_DATA_DIR, else the OS data folder).
    #[arg(long, global = true, env = "SUANPAN_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Email of the acting user; the password comes from SUANPAN_PASSWORD or a prompt.
    #[arg(long, global = true, env = "SUANPAN_USER")]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the company file and its owner account.
    Init {
        #[arg(long)]
        company: String,
        #[arg(long)]
        owner_email: String,
        /// The owner's name (default: the part of the email before the @).
        #[arg(long)]
        owner_name: Option<String>,
    },
    /// List every command with its permission and what it does.
    Commands,
    /// Run one command: `suanpan call customers.list '{"search":"王"}'`.
    Call {
        command: String,
        json: Option<String>,
        /// Your id for this request: a command that changes data, run again with the same id,
        /// answers as the first time instead of changing data twice (safe retries in scripts).
        #[arg(long)]
        request_id: Option<String>,
    },
    /// Import records from a CSV file (all rows or none).
    Import {
        #[command(subcommand)]
        what: Records,
    },
    /// Export records to a CSV file.
    Export {
        #[command(subcommand)]
        what: Records,
    },
    /// Copy the company file consistently, even while the app is running.
    Backup { file: PathBuf },
    /// Rebuild every query table from the Automerge documents.
    Rebuild,
    /// The activity log's integrity.
    Audit {
        #[command(subcommand)]
        what: AuditCommand,
    },
    /// Sync with the company's other devices through a relay; without a subcommand, one round.
    Sync {
        #[command(subcommand)]
        what: Option<SyncCommand>,
    },
}

#[derive(Subcommand)]
enum SyncCommand {
    /// Connect this device to a relay: `--create` the company's relay account (first device),
    /// or join it with `--key` from `suanpan sync key` on a connected device. The relay
    /// account's password comes from SUANPAN_RELAY_PASSWORD or a prompt.
    Connect {
        #[arg(long)]
        relay: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        create: bool,
        #[arg(long)]
        key: Option<String>,
        /// Join by the code `suanpan sync pair` (or the app) shows on a connected device,
        /// instead of typing the sync key.
        #[arg(long, conflicts_with = "key")]
        pairing_code: Option<String>,
        /// How this device is listed on the relay (default: the host name).
        #[arg(long)]
        device_name: Option<String>,
    },
    /// Whether this device is connected, and what waits to be sent.
    Status,
    /// The company's devices on the relay.
    Devices,
    /// Cut a device off the relay (a lost laptop).
    Revoke { device_id: String },
    /// Print the company's sync key, to join another device (owners only).
    Key,
    /// Pair a new device (owners only): prints a code to type on it
    /// (`sync connect --pairing-code`), then waits until it has taken the key.
    Pair,
    /// Keep syncing: a round now, then one whenever the relay's live feed says another device
    /// pushed. Prints each round's report as a JSON line; runs until stopped.
    Watch,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain; exits non-zero and names the first broken link if it is broken.
    Verify,
}

#[derive(Subcommand)]
enum Records {
    Customers { file: PathBuf },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUANPAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(output) => {
            println!("{}", serde_json::to_string_pretty(&output).expect("json"));
            // A report that something is wrong (a broken audit chain) is a failure for scripts.
            if output.get("intact") == Some(&Value::Bool(false)) {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "{}",
                serde_json::to_string_pretty(&err.to_json()).expect("json")
            );
            ExitCode::FAILURE
        }
    }
}

fn open(cli: &Cli) -> Result<Core, Error> {
    open_with_keychain(cli).map(|(core, _)| core)
}

/// Opens the company file: its key from the OS keychain, else a passphrase from
/// `SUANPAN_DB_PASSPHRASE` or a prompt. Also returns the keychain, for backups.
fn open_with_keychain(cli: &Cli) -> Result<(Core, Option<KeyringStore>), Error> {
    let dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(suanpan_core::default_data_dir);
    let keychain = usable_keychain(Core::KEYCHAIN_SERVICE);
    let keychain_ref = keychain.as_ref().map(|k| k as &dyn SecretStore);
    let file = dir.join(suanpan_core::DATA_FILE);
    let passphrase = match std::env::var("SUANPAN_DB_PASSPHRASE") {
        Ok(passphrase) => Some(passphrase),
        Err(_) if crypt::needs_passphrase(&file, keychain_ref)? => {
            let new = crypt::file_state(&file)? != crypt::FileState::Encrypted;
            Some(db_passphrase(new)?)
        }
        Err(_) => None,
    };
    let unlock = crypt::Unlock {
        keychain: keychain_ref,
        passphrase: passphrase.as_deref(),
    };
    let core = Core::open(&dir, Core::system_secrets(&dir), unlock)?;
    Ok((core, keychain))
}

/// Asks for the company file's passphrase (twice for a new one) on the terminal.
fn db_passphrase(new: bool) -> Result<String, Error> {
    let refuse = |message: &str| Error {
        field: Some("passphrase".into()),
        reason: Some(Reason::PassphraseRequired),
        ..Error::new(ErrorCode::Locked, message)
    };
    if !std::io::stdin().is_terminal() {
        return Err(refuse(
            "the company file's key is not in an OS keychain here: set SUANPAN_DB_PASSPHRASE or run in a terminal to be asked",
        ));
    }
    let read = |p: &str| {
        rpassword::prompt_password(p)
            .map_err(|e| refuse(&format!("cannot read the passphrase: {e}")))
    };
    if !new {
        return read("Passphrase of the company file: ");
    }
    eprintln!("No OS keychain here: the company file will be encrypted with a passphrase.");
    let first = read("Choose a passphrase for the company file: ")?;
    if read("Repeat the passphrase: ")? != first {
        return Err(refused("passphrase", "the two passphrases differ"));
    }
    Ok(first)
}

fn password(prompt: &str, confirm: bool) -> Result<String, Error> {
    if let Ok(password) = std::env::var("SUANPAN_PASSWORD") {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(refused(
            "password",
            "no password: set SUANPAN_PASSWORD or run in a terminal to be asked",
        ));
    }
    let read = |p: &str| {
        rpassword::prompt_password(p)
            .map_err(|e| refused("password", format!("cannot read the password: {e}")))
    };
    let first = read(prompt)?;
    if confirm && read("Repeat the password: ")? != first {
        return Err(refused("password", "the two passwords differ"));
    }
    Ok(first)
}

fn actor(cli: &Cli, core: &mut Core) -> Result<Actor, Error> {
    let email = cli.user.as_deref().ok_or_else(|| {
        Error::new(
            ErrorCode::Unauthenticated,
            "who is acting? pass --user EMAIL (or set SUANPAN_USER)",
        )
    })?;
    let password = password(&format!("Password for {email}: "), false)?;
    // Users with MFA also give the code from their authenticator app.
    let otp = std::env::var("SUANPAN_OTP").ok();
    core.authenticate(email, &password, otp.as_deref())
}

fn call(cli: &Cli, core: &mut Core, command: &str, input: Value) -> Result<Value, Error> {
    call_request(cli, core, command, input, None)
}

fn call_request(
    cli: &Cli,
    core: &mut Core,
    command: &str,
    input: Value,
    request_id: Option<&str>,
) -> Result<Value, Error> {
    let spec = suanpan_core::commands::find(command)?;
    if spec.permission == suanpan_core::users::Permission::Public {
        return core.call_request(None, command, input, request_id);
    }
    let actor = actor(cli, core)?;
    core.call_as_request(&actor, command, input, request_id)
}

fn io_error(path: &std::path::Path, err: std::io::Error) -> Error {
    refused("file", format!("{}: {err}", path.display()))
}

fn run(cli: Cli) -> Result<Value, Error> {
    match &cli.command {
        Command::Init {
            company,
            owner_email,
            owner_name,
        } => {
            let mut core = open(&cli)?;
            let password = password("Owner's password: ", true)?;
            let owner_name = owner_name.clone().unwrap_or_else(|| {
                owner_email
                    .split('@')
                    .next()
                    .unwrap_or(owner_email)
                    .to_string()
            });
            let session = core.call(
                None,
                "setup.init",
                json!({
                    "company_name": company,
                    "owner_name": owner_name,
                    "owner_email": owner_email,
                    "password": password,
                }),
            )?;
            Ok(json!({
                "company": company,
                "owner": session["user"],
                "data_file": core.path().map(|p| p.display().to_string()),
            }))
        }
        Command::Commands => Ok(Value::Array(
            suanpan_core::commands::table()
                .iter()
                .map(|c| {
                    json!({
                        "command": c.name,
                        "permission": c.permission.as_str(),
                        "changes_data": c.writes,
                        "description": c.description,
                    })
                })
                .collect(),
        )),
        Command::Call {
            command,
            json,
            request_id,
        } => {
            let input = match json.as_deref() {
                None => Value::Null,
                Some(text) => serde_json::from_str(text).map_err(|err| {
                    Error::new(
                        ErrorCode::BadJson,
                        format!("the input is not valid JSON: {err}"),
                    )
                })?,
            };
            let mut core = open(&cli)?;
            call_request(&cli, &mut core, command, input, request_id.as_deref())
        }
        Command::Import {
            what: Records::Customers { file },
        } => {
            let text = std::fs::read(file).map_err(|e| io_error(file, e))?;
            let text = String::from_utf8(text)
                .map_err(|_| refused("file", format!("{} is not UTF-8 text", file.display())))?;
            let mut core = open(&cli)?;
            call(&cli, &mut core, "customers.import", json!({ "csv": text }))
        }
        Command::Export {
            what: Records::Customers { file },
        } => {
            let mut core = open(&cli)?;
            let result = call(
                &cli,
                &mut core,
                "customers.export",
                json!({ "status": "all" }),
            )?;
            let csv = result["csv"].as_str().unwrap_or_default();
            std::fs::write(file, csv).map_err(|e| io_error(file, e))?;
            Ok(json!({ "exported": result["count"], "file": file.display().to_string() }))
        }
        Command::Backup { file } => {
            let (core, keychain) = open_with_keychain(&cli)?;
            core.backup(file, keychain.as_ref().map(|k| k as &dyn SecretStore))?;
            Ok(json!({ "backup": file.display().to_string() }))
        }
        Command::Audit {
            what: AuditCommand::Verify,
        } => {
            let mut core = open(&cli)?;
            call(&cli, &mut core, "users.activity.verify", json!({}))
        }
        Command::Sync { what } => sync(&cli, what.as_ref()),
        Command::Rebuild => {
            let mut core = open(&cli)?;
            let documents = core.rebuild()?;
            Ok(json!({ "rebuilt_documents": documents }))
        }
    }
}

macro_rules! json_of {
    ($e:expr) => {
        serde_json::to_value($e).map_err(|e| Error::internal(e.to_string()))
    };
}

fn relay_password() -> Result<String, Error> {
    if let Ok(password) = std::env::var("SUANPAN_RELAY_PASSWORD") {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(refused(
            "password",
            "no relay password: set SUANPAN_RELAY_PASSWORD or run in a terminal to be asked",
        ));
    }
    rpassword::prompt_password("Relay account password: ")
        .map_err(|e| refused("password", format!("cannot read the password: {e}")))
}

fn sync(cli: &Cli, what: Option<&SyncCommand>) -> Result<Value, Error> {
    use std::time::Duration;
    use suanpan_core::kernel::access::Caller;
    use suanpan_core::sync::live::LiveEnd;
    let mut core = open(cli)?;
    let actor = match &cli.user {
        Some(_) => Some(actor(cli, &mut core)?),
        None => None,
    };
    let caller = || match &actor {
        Some(actor) => Caller::Actor(actor),
        None => Caller::Nobody,
    };
    match what {
        None => json_of!(core.sync_now(caller())?),
        Some(SyncCommand::Status) => json_of!(core.sync_status()?),
        Some(SyncCommand::Devices) => json_of!(core.sync_devices(caller())?),
        Some(SyncCommand::Revoke { device_id }) => {
            core.sync_revoke(caller(), device_id)?;
            Ok(json!({ "revoked": device_id }))
        }
        Some(SyncCommand::Key) => Ok(json!({ "key": core.sync_key(caller())? })),
        Some(SyncCommand::Pair) => {
            use suanpan_core::sync::pairing::PairingState;
            let started = core.sync_pair_start(caller())?;
            eprintln!(
                "On the new device, join with the pairing code {} (valid 10 minutes). Waiting…",
                started.code
            );
            println!("{}", json!({ "code": started.code }));
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let Some(status) = core.sync_pair_status(caller())? else {
                    return Err(Error::new(ErrorCode::Conflict, "the pairing was cancelled"));
                };
                match status.state {
                    PairingState::Done => return Ok(json!({ "paired": true })),
                    PairingState::Expired => {
                        return Err(Error::new(
                            ErrorCode::Conflict,
                            "the pairing code expired before a device used it",
                        ))
                    }
                    PairingState::Waiting | PairingState::Sent => {}
                }
            }
        }
        Some(SyncCommand::Watch) => {
            let round = |core: &mut Core| match core.sync_now(caller()) {
                Ok(report) => println!("{}", json!(report)),
                Err(err) => eprintln!("sync round failed: {}", err.message),
            };
            round(&mut core);
            let mut backoff = Duration::from_secs(1);
            loop {
                let mut feed = match core.sync_live() {
                    Ok(Some(feed)) => feed,
                    Ok(None) => {
                        return Err(Error::new(
                            ErrorCode::Conflict,
                            "this device is not connected to a relay",
                        ))
                    }
                    Err(err) => {
                        eprintln!("live feed unavailable: {}", err.message);
                        std::thread::sleep(backoff);
                        backoff = (backoff * 2).min(Duration::from_secs(60));
                        continue;
                    }
                };
                backoff = Duration::from_secs(1);
                let end = loop {
                    match feed.next_head() {
                        Ok(head) => {
                            if core.sync_behind(head)? {
                                round(&mut core);
                            }
                        }
                        Err(end) => break end,
                    }
                };
                match end {
                    LiveEnd::TokenExpired => {}
                    LiveEnd::Revoked => {
                        return Err(Error::new(
                            ErrorCode::Unauthenticated,
                            "the relay revoked this device",
                        ))
                    }
                    LiveEnd::Lost(why) => {
                        eprintln!("live feed lost ({why}); reconnecting");
                        std::thread::sleep(backoff);
                    }
                }
            }
        }
        Some(SyncCommand::Connect {
            relay,
            email,
            create,
            key,
            pairing_code,
            device_name,
        }) => {
            let device_name = device_name.clone().unwrap_or_else(|| {
                std::env::var("HOSTNAME")
                    .ok()
                    .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
                    .unwrap_or_else(|| "suanpan".into())
            });
            let input = suanpan_core::sync::device::SyncConnect {
                relay_url: relay.clone(),
                email: email.clone(),
                password: relay_password()?,
                device_name,
                create: Some(*create),
                key: key.clone(),
                pairing_code: pairing_code.clone(),
            };
            json_of!(core.sync_connect(caller(), input)?)
        }
    }
}

/// A refused value of the CLI's own (its prompts and files); the CLI speaks English.
fn refused(field: &str, message: impl Into<String>) -> Error {
    Error {
        field: Some(field.to_string()),
        ..Error::new(ErrorCode::Validation, message)
    }
}
