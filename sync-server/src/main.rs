//! Suanpan's relay server: `suanpan-sync-server --data-dir DIR` keeps the feed in SQLite.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use suanpan_sync_server::api::{router, AppState};
use suanpan_sync_server::pg::PgStore;
use suanpan_sync_server::serve::{serve, ConnectionLimits};
use suanpan_sync_server::store::{SqliteStore, Store};

#[derive(Parser)]
#[command(name = "suanpan-sync-server", version, about = "Suanpan relay server")]
struct Args {
    /// Address to listen on. Loopback by default: plain HTTP must not face a network (put a
    /// TLS-terminating reverse proxy in front, see docs/sync-protocol.md).
    #[arg(long, env = "SUANPAN_RELAY_LISTEN", default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// Folder for the relay's database.
    #[arg(
        long,
        env = "SUANPAN_RELAY_DATA_DIR",
        default_value = "suanpan-relay-data"
    )]
    data_dir: PathBuf,
    /// Secret for signing access tokens (at least 32 characters). Default: a random one kept
    /// in the data folder.
    #[arg(long, env = "SUANPAN_RELAY_SECRET", hide_env_values = true)]
    secret: Option<String>,
    /// Keep the relay's data in PostgreSQL instead of the data folder's SQLite file (libpq
    /// string or postgresql:// URL). Several relay processes may share one database.
    #[arg(long, env = "SUANPAN_RELAY_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Sign-in attempts allowed per minute, per email and per client address.
    #[arg(long, env = "SUANPAN_RELAY_LOGINS_PER_MINUTE", default_value_t = 10)]
    logins_per_minute: u32,
    /// New companies allowed per hour, per client address.
    #[arg(long, env = "SUANPAN_RELAY_SIGNUPS_PER_HOUR", default_value_t = suanpan_sync_server::api::SIGNUPS_PER_HOUR)]
    signups_per_hour: u32,
    /// Bearer token `/metrics` asks for (for a Prometheus on another machine). Without one,
    /// `/metrics` answers connections from this computer only.
    #[arg(long, env = "SUANPAN_RELAY_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// What each company's attached files may take on this relay, in MiB.
    #[arg(long, env = "SUANPAN_RELAY_FILES_QUOTA_MIB", default_value_t = suanpan_sync_server::api::FILES_QUOTA_BYTES >> 20)]
    files_quota_mib: u64,
    /// Connections open at once; more wait until one closes.
    #[arg(long, env = "SUANPAN_RELAY_MAX_CONNECTIONS", default_value_t = ConnectionLimits::default().max_connections)]
    max_connections: usize,
}

/// The signing secret: given, or made once and kept (mode 0600) beside the database.
fn secret(args: &Args) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &args.secret {
        anyhow::ensure!(
            secret.len() >= 32,
            "SUANPAN_RELAY_SECRET needs at least 32 characters"
        );
        return Ok(secret.as_bytes().to_vec());
    }
    suanpan_sync_server::token_secret_file(&args.data_dir.join("token-secret"))
}

/// glibc raises its mmap threshold each time a big block is freed, so after the first few
/// password hashes (19 MiB each) it keeps such blocks in the heap and never gives the memory
/// back: the relay measured 380 MB resident after fifty sign-ins. A fixed threshold keeps big
/// blocks in their own mappings, returned to the OS when freed.
fn return_big_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> anyhow::Result<()> {
    return_big_allocations();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    if !args.listen.ip().is_loopback() {
        tracing::warn!(listen = %args.listen, "plain HTTP on a non-loopback address: put a TLS proxy in front");
    }
    std::fs::create_dir_all(&args.data_dir)?;
    let store: Arc<dyn Store> = match &args.database_url {
        Some(url) => {
            tracing::info!("storage: PostgreSQL");
            Arc::new(PgStore::open(url)?)
        }
        None => Arc::new(SqliteStore::open(&args.data_dir.join("relay.db"))?),
    };
    let state = Arc::new(
        AppState::new(store, &secret(&args)?, args.logins_per_minute)
            .with_signups_per_hour(args.signups_per_hour)
            .with_metrics_token(args.metrics_token.clone())
            .with_files_quota(args.files_quota_mib << 20),
    );
    // The rate limiters forget addresses whose allowance is whole again.
    let pruned = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        let mut minutes = 0u64;
        loop {
            every.tick().await;
            pruned.prune_limiters();
            // Files the devices said no record refers to, past their keeping time.
            if minutes % 60 == 0 {
                let store = pruned.clone();
                let purged = tokio::task::spawn_blocking(move || {
                    store.purge_files(suanpan_sync_server::api::now_ms())
                })
                .await;
                match purged {
                    Ok(Ok(0)) => {}
                    Ok(Ok(n)) => tracing::info!(files = n, "deleted forgotten files"),
                    Ok(Err(err)) => {
                        tracing::warn!(error = %err, "could not delete forgotten files")
                    }
                    Err(err) => tracing::warn!(error = %err, "could not delete forgotten files"),
                }
            }
            minutes += 1;
        }
    });
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    tracing::info!(listen = %args.listen, data_dir = %args.data_dir.display(), "relay listening");
    let stopping = state.clone();
    let limits = ConnectionLimits {
        max_connections: args.max_connections,
        ..ConnectionLimits::default()
    };
    serve(listener, router(state), limits, async move {
        stop_signal().await;
        tracing::info!("shutting down");
        // Live feeds are upgraded connections the server does not wait for: close them.
        stopping.shut_down();
    })
    .await?;
    Ok(())
}

/// Ctrl-C, or SIGTERM (what service managers and `docker stop` send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
