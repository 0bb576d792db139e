//! `suanpan-devhost`: development only. Serves the core's command table over HTTP on loopback,
//! exactly as the desktop shell serves it over Tauri's IPC, so the UI runs on the real core in a
//! plain browser (`npm run dev`) and the UI's tests talk to the real core instead of a copy of
//! its rules. It is a separate binary that no release bundle carries.
//!
//! `POST /call {command, input, token, company?}` answers what `invoke('call', …)` would: the
//! command's output (200), or the core's error object (4xx/5xx). `POST /reset` makes a fresh
//! throw-away company from a named fixture (see [`fixtures`]); `POST /peer` runs a command on a
//! second device of that company and syncs the two, as another till working offline would;
//! `POST /clock` fixes the time its devices read; `POST /tamper` runs SQL on its company file
//! behind the core's back (to show what the app says about an altered activity log).
//!
//! It listens on 127.0.0.1 only and refuses a request whose `Host` is not its own address, or
//! whose `Origin` is neither its own nor one allowed with `--allow-origin` (no DNS rebinding).

mod company;
mod fixtures;
mod host;

use std::net::SocketAddr;

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "suanpan-devhost",
    about = "Development only: the core's command table on loopback HTTP"
)]
struct Args {
    /// The port on 127.0.0.1 (0: any free one; the address is printed on the first line).
    #[arg(long, default_value_t = 7311)]
    port: u16,
    /// The fixture the default company starts from: empty, company or shop.
    #[arg(long, default_value = "shop")]
    fixture: String,
    /// An origin whose pages may call this host besides its own (the Vite dev server's).
    #[arg(long)]
    allow_origin: Vec<String>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUANPAN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let args = Args::parse();
    let fixture: fixtures::Fixture = args.fixture.parse()?;
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.port))).await?;
    let addr = listener.local_addr()?;
    let state = host::State::new(addr, fixture, args.allow_origin)?;
    // The first line is what scripts and the UI's test set-up wait for.
    println!("suanpan-devhost listening on http://{addr}");
    host::serve(listener, state).await
}
