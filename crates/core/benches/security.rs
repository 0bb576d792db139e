//! `cargo bench -p suanpan-core --bench security`: what security costs, printed as a table.
//! Targets (2-core machine): sign-in (argon2id at 19 MiB, 2 passes) < 1 s; the permission check
//! plus the hash-chained activity append < 1 ms per command; SQLCipher < 30 % on the customer
//! workload (creates and searched first pages). `SUANPAN_BENCH_CUSTOMERS` (default 20,000)
//! changes the workload's size.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{customer, ms, percentile, QUERIES};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::json;
use suanpan_core::activity::{self, NewEntry};
use suanpan_core::secrets::MemoryStore;
use suanpan_core::store::crypt::Unlock;
use suanpan_core::Core;

const PASSWORD: &str = "bench-password";

fn init(core: &mut Core) -> String {
    let session = core
        .call(None, "setup.init", json!({"company_name": "Bench", "owner_name": "Owner", "owner_email": "o@example.com", "password": PASSWORD}))
        .expect("init");
    session["token"].as_str().unwrap().to_string()
}

fn encrypted(dir: &Path, keychain: &MemoryStore) -> Core {
    Core::open(
        dir,
        Box::<MemoryStore>::default(),
        Unlock {
            keychain: Some(keychain),
            passphrase: None,
        },
    )
    .expect("open encrypted")
}

#[derive(Default)]
struct Workload {
    creates: Vec<Duration>,
    searches: Vec<Duration>,
}

/// The customer workload on two stores at once, alternating call by call, so that whatever
/// else the machine does weighs on both alike.
fn workloads(
    sealed: (&mut Core, &str),
    plain: (&mut Core, &str),
    count: usize,
) -> (Workload, Workload) {
    let (mut a, mut b) = (Workload::default(), Workload::default());
    let mut rng = StdRng::seed_from_u64(42);
    for i in 0..count {
        let input = customer(&mut rng, i);
        for (core, token, into) in [
            (&mut *sealed.0, sealed.1, &mut a),
            (&mut *plain.0, plain.1, &mut b),
        ] {
            let t = Instant::now();
            core.call(Some(token), "customers.create", input.clone())
                .expect("create");
            into.creates.push(t.elapsed());
        }
    }
    for _ in 0..10 {
        for q in QUERIES {
            for (core, token, into) in [
                (&mut *sealed.0, sealed.1, &mut a),
                (&mut *plain.0, plain.1, &mut b),
            ] {
                let t = Instant::now();
                core.call(
                    Some(token),
                    "customers.list",
                    json!({"search": q, "limit": 50}),
                )
                .expect("search");
                into.searches.push(t.elapsed());
            }
        }
    }
    (a, b)
}

fn main() {
    let count: usize = std::env::var("SUANPAN_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let keychain = MemoryStore::default();

    // 1. Sign-in: argon2id verification through the command table.
    let dir = tempfile::tempdir().unwrap();
    let mut core = encrypted(dir.path(), &keychain);
    let token = init(&mut core);
    let mut logins = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        core.call(
            None,
            "users.auth.login",
            json!({"email": "o@example.com", "password": PASSWORD}),
        )
        .expect("login");
        logins.push(t.elapsed());
    }

    // 2. The guard on every call: session lookup, role resolution and permission check; and
    //    the hash-chained log append a change adds inside its transaction.
    let mut guards = Vec::new();
    let mut appends = Vec::new();
    let conn = core.connection();
    for i in 0..2_000 {
        let t = Instant::now();
        let actor = suanpan_core::users::ops::authenticate(conn, &token, 0, "customers.create")
            .expect("authenticate");
        assert!(actor
            .permissions
            .contains(&suanpan_core::users::Permission::CustomersWrite));
        guards.push(t.elapsed());

        let tx = conn.unchecked_transaction().unwrap();
        let summary = format!("bench entry {i}");
        let summary_zh = format!("基准条目 {i}");
        let t = Instant::now();
        activity::append(
            &tx,
            &NewEntry {
                user_id: Some(actor.user_id),
                user_name: &actor.name,
                command: "customers.create",
                target_id: None,
                at_ms: i,
                device_id: core.device_id(),
                summary: &summary,
                summary_zh: Some(&summary_zh),
            },
        )
        .expect("append");
        appends.push(t.elapsed());
        tx.commit().unwrap();
    }
    drop(core);

    // 3. The customer workload on an encrypted file and on a plain one, interleaved.
    let sealed_dir = tempfile::tempdir().unwrap();
    let mut sealed_core = encrypted(sealed_dir.path(), &keychain);
    let sealed_token = init(&mut sealed_core);
    let plain_dir = tempfile::tempdir().unwrap();
    let mut plain_core =
        Core::open_unencrypted_for_benchmark(plain_dir.path()).expect("open plain");
    let plain_token = init(&mut plain_core);
    let (mut sealed, mut plain) = workloads(
        (&mut sealed_core, &sealed_token),
        (&mut plain_core, &plain_token),
        count,
    );

    println!("\nWhat security costs ({count} customers for the SQLCipher rows), release build\n");
    println!(
        "| {:<34} | {:>12} | {:>12} | {:>7} | {:<16} |",
        "measure", "value", "without", "ratio", "target"
    );
    println!(
        "|{}|{}|{}|{}|{}|",
        "-".repeat(36),
        "-".repeat(14),
        "-".repeat(14),
        "-".repeat(9),
        "-".repeat(18)
    );
    let single = |what: &str, value: Duration, target: &str| {
        println!(
            "| {what:<34} | {:>12} | {:>12} | {:>7} | {target:<16} |",
            ms(value),
            "",
            ""
        );
    };
    single("sign-in p50 (argon2id)", percentile(&mut logins, 0.5), "");
    single(
        "sign-in p95 (argon2id)",
        percentile(&mut logins, 0.95),
        "< 1000 ms",
    );
    let guard95 = percentile(&mut guards, 0.95);
    let append95 = percentile(&mut appends, 0.95);
    single("session + permission check p95", guard95, "");
    single("hash-chained log append p95", append95, "");
    single("check + append p95 (sum)", guard95 + append95, "< 1 ms");
    let pair = |what: &str, a: Duration, b: Duration, target: &str| {
        println!(
            "| {what:<34} | {:>12} | {:>12} | {:>6.2}x | {target:<16} |",
            ms(a),
            ms(b),
            a.as_secs_f64() / b.as_secs_f64().max(1e-9)
        );
    };
    let total = |d: &[Duration]| d.iter().sum::<Duration>();
    pair(
        "create mean: SQLCipher vs plain",
        total(&sealed.creates) / count as u32,
        total(&plain.creates) / count as u32,
        "< 1.30x",
    );
    pair(
        "create p95: SQLCipher vs plain",
        percentile(&mut sealed.creates, 0.95),
        percentile(&mut plain.creates, 0.95),
        "",
    );
    let n = sealed.searches.len() as u32;
    pair(
        "search mean: SQLCipher vs plain",
        total(&sealed.searches) / n,
        total(&plain.searches) / n,
        "< 1.30x",
    );
    pair(
        "search p95: SQLCipher vs plain",
        percentile(&mut sealed.searches, 0.95),
        percentile(&mut plain.searches, 0.95),
        "",
    );
}
