//! `cargo bench -p suanpan-sync-server --bench sync`: sync through a real relay process on
//! loopback, printed as a table. Devices are real company files (SQLCipher, on disk).
//!
//! Targets (2-core machine): propagation A → relay → B p95 < 30 ms; a fresh device pulls
//! 100k records in < 60 s; relay RSS < 200 MB with 100k documents and 50 connected devices.
//!
//! `SUANPAN_BENCH_RECORDS` (default 100,000), `SUANPAN_BENCH_DEVICES` (default 50) and
//! `SUANPAN_BENCH_ROUNDS` (propagation samples, default 200) change the sizes.

use std::io::Write as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use suanpan_core::secrets::MemoryStore;
use suanpan_core::store::crypt::Unlock;
use suanpan_core::sync::http::HttpRelay;
use suanpan_core::sync::live::LiveFeed;
use suanpan_core::sync::SyncKey;
use suanpan_core::Core;

const OWNER_PASSWORD: &str = "bench-password";
const RELAY_PASSWORD: &str = "relay-bench-password";
const EMAIL: &str = "bench@example.com";
/// The core's import takes at most 100,000 rows per file.
const IMPORT_CHUNK: usize = 50_000;

fn env_size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

struct Relay {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_relay() -> Relay {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_suanpan-sync-server"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(dir.path())
        // 50 devices sign in within seconds.
        .args(["--logins-per-minute", "10000"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the relay (cargo bench builds it)");
    // Owned at once: dropping it (a panic included) kills and waits for the process.
    let relay = Relay {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _dir: dir,
    };
    for _ in 0..200 {
        let health = reqwest::blocking::get(format!("{}/healthz", relay.url));
        if health.is_ok_and(|r| r.status().is_success()) {
            return relay;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the relay did not start");
}

/// Resident and peak resident memory of a process, in KiB (Linux).
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn device(dir: &Path, keychain: &MemoryStore) -> Core {
    Core::open(
        dir,
        Box::<MemoryStore>::default(),
        Unlock {
            keychain: Some(keychain),
            passphrase: None,
        },
    )
    .expect("open a company file")
}

fn login(core: &mut Core) -> String {
    let session = core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": OWNER_PASSWORD}),
        )
        .expect("sign in");
    session["token"].as_str().unwrap().to_string()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn customers_csv(from: usize, count: usize) -> String {
    let mut csv = String::from("name,email,phone,city,tags\n");
    for i in from..from + count {
        csv.push_str(&format!(
            "客户 {i},c{i}@example.com,138{i:08},上海,\"vip,批发\"\n"
        ));
    }
    csv
}

fn main() {
    // `cargo bench` passes --bench; this binary takes no other arguments.
    let records = env_size("SUANPAN_BENCH_RECORDS", 100_000);
    let devices = env_size("SUANPAN_BENCH_DEVICES", 50);
    let rounds = env_size("SUANPAN_BENCH_ROUNDS", 200);
    let relay = start_relay();
    let pid = relay.child.id();
    let peak_rss = Arc::new(AtomicU64::new(0));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak_rss, sampling) = (peak_rss.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                peak_rss.fetch_max(memory_kib(pid).0, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let keychain = MemoryStore::default();
    let key = SyncKey::generate();
    let mut rows: Vec<(String, String)> = Vec::new();
    eprintln!("sync bench: {records} records, {devices} devices, {rounds} propagation rounds");

    // Device A: the company's first device.
    let dir_a = tempfile::tempdir().unwrap();
    let mut a = device(dir_a.path(), &keychain);
    let session = a
        .call(None, "setup.init", json!({"company_name": "Bench", "owner_name": "Owner", "owner_email": "owner@example.com", "password": OWNER_PASSWORD}))
        .unwrap();
    let token_a = session["token"].as_str().unwrap().to_string();
    let mut relay_a =
        HttpRelay::sign_up(&relay.url, "Bench", EMAIL, RELAY_PASSWORD, "device A").unwrap();
    let customer = a
        .call(
            Some(&token_a),
            "customers.create",
            json!({"name": "传播测试", "phone": "13800000000"}),
        )
        .unwrap();
    let id = customer["id"].as_str().unwrap().to_string();
    a.sync_round(&mut relay_a, &key).unwrap();

    // Device B listens to the live feed and runs a round whenever it is behind.
    let (applied_tx, applied_rx) = mpsc::channel::<Instant>();
    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let url = relay.url.clone();
    let dir_b = tempfile::tempdir().unwrap();
    let b_path = dir_b.path().to_path_buf();
    let b_keychain = MemoryStore::default();
    let b_key = key.clone();
    std::thread::spawn(move || {
        let key = b_key;
        let mut b = device(&b_path, &b_keychain);
        let mut relay_b = HttpRelay::sign_in(&url, EMAIL, RELAY_PASSWORD, "device B").unwrap();
        b.sync_round(&mut relay_b, &key).unwrap();
        let mut feed = relay_b.live().unwrap();
        ready_tx.send(()).unwrap();
        while let Ok(head) = feed.next_head() {
            if b.sync_behind(head).unwrap() {
                let report = b.sync_round(&mut relay_b, &key).unwrap();
                if report.applied > 0 {
                    let _ = applied_tx.send(Instant::now());
                }
            }
        }
    });
    ready_rx.recv().unwrap();
    // Drain B's first rounds (the head it met on connecting).
    while applied_rx.recv_timeout(Duration::from_millis(300)).is_ok() {}

    let mut latencies = Vec::with_capacity(rounds);
    for i in 1..=rounds {
        let started = Instant::now();
        a.call(
            Some(&token_a),
            "customers.update",
            json!({"id": id, "phone": format!("139{i:08}")}),
        )
        .unwrap();
        a.sync_round(&mut relay_a, &key).unwrap();
        let applied = applied_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("B did not apply A's change within 10 s");
        latencies.push(applied - started);
    }
    latencies.sort();
    rows.push((
        format!("propagation A → relay → B, {rounds} edits (edit, push, notice, pull, apply)"),
        format!(
            "p50 {}, p95 {}, max {}",
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.95)),
            ms(*latencies.last().unwrap())
        ),
    ));

    // `devices` more devices sign in and keep a live feed open.
    let heard = Arc::new(AtomicU64::new(0));
    let mut feeds: Vec<LiveFeed> = Vec::with_capacity(devices);
    for n in 0..devices {
        let mut relay_n =
            HttpRelay::sign_in(&relay.url, EMAIL, RELAY_PASSWORD, &format!("till {n}")).unwrap();
        feeds.push(relay_n.live().unwrap());
    }
    for mut feed in feeds {
        let heard = heard.clone();
        std::thread::spawn(move || {
            while feed.next_head().is_ok() {
                heard.fetch_add(1, Ordering::Relaxed);
            }
        });
    }

    // A imports the records and pushes them.
    let started = Instant::now();
    let mut imported = 0;
    while imported < records {
        let count = IMPORT_CHUNK.min(records - imported);
        a.call(
            Some(&token_a),
            "customers.import",
            json!({"csv": customers_csv(imported, count)}),
        )
        .expect("import");
        imported += count;
    }
    let import_time = started.elapsed();
    let started = Instant::now();
    let pushed = a.sync_round(&mut relay_a, &key).unwrap().pushed;
    let push_time = started.elapsed();
    rows.push((
        format!("A imports {records} customers (not sync; for scale)"),
        format!("{:.1} s", import_time.as_secs_f64()),
    ));
    rows.push((
        format!("A pushes {pushed} changes (seal, send, relay stores)"),
        format!(
            "{:.1} s, {:.0} changes/s",
            push_time.as_secs_f64(),
            pushed as f64 / push_time.as_secs_f64()
        ),
    ));

    // A fresh device C pulls everything.
    let dir_c = tempfile::tempdir().unwrap();
    let mut c = device(dir_c.path(), &keychain);
    let mut relay_c = HttpRelay::sign_in(&relay.url, EMAIL, RELAY_PASSWORD, "device C").unwrap();
    let started = Instant::now();
    let report = c.sync_round(&mut relay_c, &key).unwrap();
    let pull_time = started.elapsed();
    let token_c = login(&mut c);
    let total = c
        .call(
            Some(&token_c),
            "customers.list",
            json!({"status": "all", "limit": 1}),
        )
        .unwrap()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(total as usize, records + 1, "C has every customer");
    rows.push((
        format!(
            "fresh device pulls {} changes ({total} customers)",
            report.pulled
        ),
        format!(
            "{:.1} s, {:.0} changes/s",
            pull_time.as_secs_f64(),
            report.pulled as f64 / pull_time.as_secs_f64()
        ),
    ));

    sampling.store(false, Ordering::Relaxed);
    sampler.join().unwrap();
    let (rss, hwm) = memory_kib(pid);
    let metrics = reqwest::blocking::get(format!("{}/metrics", relay.url))
        .unwrap()
        .text()
        .unwrap();
    let connected = metrics
        .lines()
        .find_map(|l| l.strip_prefix("suanpan_relay_connected_devices "))
        .unwrap_or("?")
        .to_string();
    rows.push((
        format!("relay memory, {total} documents stored, {connected} live feeds open"),
        format!(
            "RSS {:.1} MB now, peak {:.1} MB (sampled {:.1} MB)",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0,
            peak_rss.load(Ordering::Relaxed) as f64 / 1024.0
        ),
    ));
    rows.push((
        format!("head notices heard by the {devices} idle devices"),
        heard.load(Ordering::Relaxed).to_string(),
    ));

    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = std::io::stdout().lock();
    writeln!(out, "\n{:<width$}  result", "sync bench").unwrap();
    writeln!(out, "{}", "-".repeat(width + 40)).unwrap();
    for (what, result) in rows {
        let pad = width - what.chars().count();
        writeln!(out, "{what}{}  {result}", " ".repeat(pad)).unwrap();
    }
}
