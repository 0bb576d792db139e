//! `cargo bench -p suanpan-core`: 100k customers through the real command table on a file-backed
//! store, beside the same inserts and query in plain rusqlite, printed as a table.
//! Targets (2-core machine): create p95 < 5 ms; searched first page p95 < 50 ms (Chinese too);
//! rebuild < 30 s; the core's peak RSS < 150 MB. `SUANPAN_BENCH_CUSTOMERS` changes the count.

use std::time::{Duration, Instant};

mod common;

use common::{customer, ms, percentile, CHINESE_QUERIES, QUERIES};
use rand::rngs::StdRng;
use rand::SeedableRng;
use serde_json::json;
use suanpan_core::Core;

fn current_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let count: usize = std::env::var("SUANPAN_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let keychain = suanpan_core::secrets::MemoryStore::default();
    let mut core = Core::open(
        dir.path(),
        Box::<suanpan_core::secrets::MemoryStore>::default(),
        suanpan_core::store::crypt::Unlock {
            keychain: Some(&keychain),
            passphrase: None,
        },
    )
    .expect("open");
    let session = core
        .call(None, "setup.init", json!({"company_name": "Bench", "owner_name": "Owner", "owner_email": "o@example.com", "password": "bench-password"}))
        .expect("init");
    let token = session["token"].as_str().unwrap().to_string();

    // Inputs are generated as we go (the same seed again for plain SQLite) so the bench's own
    // data does not count against the core's memory.
    let mut rng = StdRng::seed_from_u64(42);
    let mut creates = Vec::with_capacity(count);
    let started = Instant::now();
    for i in 0..count {
        let input = customer(&mut rng, i);
        let t = Instant::now();
        core.call(Some(&token), "customers.create", input)
            .expect("create");
        creates.push(t.elapsed());
        if std::env::var_os("SUANPAN_BENCH_TRACE").is_some() && i % 10_000 == 0 {
            eprintln!("{i}: rss {:?} MB", current_rss_mb());
        }
    }
    let create_total = started.elapsed();
    let rss_after_creates = peak_rss_mb();

    let mut search = |queries: &[&str], rounds: usize| {
        let mut samples = Vec::new();
        for round in 0..rounds {
            for q in queries {
                let t = Instant::now();
                let page = core
                    .call(Some(&token), "customers.list", json!({"search": q, "limit": 50, "sort": if round % 2 == 0 { "name" } else { "updated_at" }}))
                    .expect("search");
                samples.push(t.elapsed());
                assert!(page["total"].as_u64().is_some());
            }
        }
        samples
    };
    let mut searches = search(QUERIES, 10);
    let mut chinese = search(CHINESE_QUERIES, 20);

    let rss_before_rebuild = peak_rss_mb();
    let t = Instant::now();
    let rebuilt = core.rebuild().expect("rebuild");
    let rebuild_time = t.elapsed();
    assert_eq!(rebuilt as usize, count + 2);
    let rss = peak_rss_mb();
    eprintln!("peak RSS after creates {rss_after_creates:?} MB, before rebuild {rss_before_rebuild:?} MB, after rebuild {rss:?} MB");
    drop(core);

    // The same work in plain rusqlite: one row per transaction, one LIKE-free substring scan.
    let plain_path = dir.path().join("plain.db");
    let conn = rusqlite::Connection::open(&plain_path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.execute_batch(
        "CREATE TABLE c (id TEXT PRIMARY KEY, name TEXT, email TEXT, phone TEXT, city TEXT, line1 TEXT, tax_id TEXT, tags TEXT, updated_at_ms INTEGER, search_text TEXT);
         CREATE INDEX c_name ON c (name); CREATE INDEX c_updated ON c (updated_at_ms);",
    )
    .unwrap();
    let mut plain_creates = Vec::with_capacity(count);
    let mut rng = StdRng::seed_from_u64(42);
    for i in 0..count {
        let input = &customer(&mut rng, i);
        let t = Instant::now();
        let search_text = format!(
            "{}\n{}\n{}",
            input["name"].as_str().unwrap().to_lowercase(),
            input["email"].as_str().unwrap(),
            input["phone"].as_str().unwrap()
        );
        let tx = conn.unchecked_transaction().unwrap();
        tx.execute(
            "INSERT INTO c VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                uuid::Uuid::now_v7().to_string(),
                input["name"].as_str(),
                input["email"].as_str(),
                input["phone"].as_str(),
                input["address"]["city"].as_str(),
                input["address"]["line1"].as_str(),
                input["tax_id"].as_str(),
                input["tags"].to_string(),
                i as i64,
                search_text
            ],
        )
        .unwrap();
        tx.commit().unwrap();
        plain_creates.push(t.elapsed());
    }
    let plain_search = |queries: &[&str], rounds: usize| {
        let mut samples = Vec::new();
        for _ in 0..rounds {
            for q in queries {
                let t = Instant::now();
                let _total: i64 = conn
                    .query_row(
                        "SELECT COUNT(*) FROM c WHERE instr(search_text, ?1) > 0",
                        [q.to_lowercase()],
                        |r| r.get(0),
                    )
                    .unwrap();
                let mut stmt = conn
                    .prepare_cached("SELECT id, name, email, phone, city FROM c WHERE instr(search_text, ?1) > 0 ORDER BY name LIMIT 50")
                    .unwrap();
                let rows: Vec<String> = stmt
                    .query_map([q.to_lowercase()], |r| r.get(1))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                samples.push(t.elapsed());
                std::hint::black_box(rows);
            }
        }
        samples
    };
    let mut plain_searches = plain_search(QUERIES, 10);
    let mut plain_chinese = plain_search(CHINESE_QUERIES, 20);

    let row = |what: &str, ours: Duration, plain: Duration, target: &str| {
        println!(
            "| {what:<28} | {:>12} | {:>12} | {:>6.1}x | {target:<10} |",
            ms(ours),
            ms(plain),
            ours.as_secs_f64() / plain.as_secs_f64().max(1e-9)
        );
    };
    println!(
        "\nSuanpan core vs plain rusqlite, {count} customers (seeded), file-backed WAL store\n"
    );
    println!(
        "| {:<28} | {:>12} | {:>12} | {:>7} | {:<10} |",
        "measure", "suanpan", "plain sqlite", "ratio", "target"
    );
    println!(
        "|{}|{}|{}|{}|{}|",
        "-".repeat(30),
        "-".repeat(14),
        "-".repeat(14),
        "-".repeat(9),
        "-".repeat(12)
    );
    row(
        "create p50",
        percentile(&mut creates, 0.50),
        percentile(&mut plain_creates, 0.50),
        "",
    );
    row(
        "create p95",
        percentile(&mut creates, 0.95),
        percentile(&mut plain_creates, 0.95),
        "< 5 ms",
    );
    row(
        "search first page p50",
        percentile(&mut searches, 0.50),
        percentile(&mut plain_searches, 0.50),
        "",
    );
    row(
        "search first page p95",
        percentile(&mut searches, 0.95),
        percentile(&mut plain_searches, 0.95),
        "< 50 ms",
    );
    row(
        "Chinese substring p50",
        percentile(&mut chinese, 0.50),
        percentile(&mut plain_chinese, 0.50),
        "",
    );
    row(
        "Chinese substring p95",
        percentile(&mut chinese, 0.95),
        percentile(&mut plain_chinese, 0.95),
        "< 50 ms",
    );
    println!(
        "| {:<28} | {:>12} | {:>12} | {:>7} | {:<10} |",
        "create all (total)",
        format!("{:.1} s", create_total.as_secs_f64()),
        "",
        "",
        ""
    );
    println!(
        "| {:<28} | {:>12} | {:>12} | {:>7} | {:<10} |",
        "rebuild from documents",
        format!("{:.1} s", rebuild_time.as_secs_f64()),
        "",
        "",
        "< 30 s"
    );
    println!(
        "| {:<28} | {:>12} | {:>12} | {:>7} | {:<10} |",
        "peak RSS (core, before plain)",
        rss.map(|mb| format!("{mb:.0} MB"))
            .unwrap_or_else(|| "n/a".into()),
        "",
        "",
        "< 150 MB"
    );
}
