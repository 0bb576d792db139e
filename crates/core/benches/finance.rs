//! `cargo bench -p suanpan-core --bench finance`: issuing invoices with a million invoices in
//! the store, and the profit and loss plus the balance sheet for a year over millions of
//! journal lines, beside a hand-written SQL aggregate on the same rows; printed as a table.
//! Targets (2-core machine): issuing p95 < 20 ms at 1M invoices; P&L + balance sheet for a year
//! < 300 ms. `SUANPAN_BENCH_INVOICES` changes the count.
//!
//! The million invoices already in the store are seeded in SQL: each is a copy of a real issued
//! invoice's rows (projection rows, its journal entry and lines, and its document's bytes under
//! a new id), spread over two years. Seeding them through the command table would take an hour;
//! what is timed (creating, issuing, the reports) goes through the command table as the app
//! calls it.

use std::time::{Duration, Instant};

mod common;

use common::{ms, percentile};
use rusqlite::params;
use serde_json::json;
use suanpan_core::ids::{EntryId, InvoiceId};
use suanpan_core::Core;

const TIMED_ISSUES: usize = 1_000;
const REPORT_RUNS: usize = 15;

fn main() {
    let count: usize = std::env::var("SUANPAN_BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
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
    let mut call = |core: &mut Core, command: &str, input: serde_json::Value| {
        core.call(Some(&token), command, input)
            .unwrap_or_else(|e| panic!("{command}: {e:?}"))
    };
    call(
        &mut core,
        "finances.setup",
        json!({"template": "prc_small_business"}),
    );
    let taxes = call(
        &mut core,
        "finances.taxes.install_preset",
        json!({"preset": "prc_vat"}),
    );
    let vat = taxes[0]["id"].clone();
    let customer = call(&mut core, "customers.create", json!({"name": "批发客户"}));
    let draft = |core: &mut Core,
                 call: &mut dyn FnMut(&mut Core, &str, serde_json::Value) -> serde_json::Value,
                 date: &str| {
        call(
            core,
            "finances.invoices.create",
            json!({"customer_id": customer["id"], "issue_date": date, "lines": [
                {"description": "龙井 250g", "quantity": "3", "unit_price": "88.00", "tax_id": vat},
                {"description": "茶具", "quantity": "1", "unit_price": "120.00", "tax_id": vat}
            ]}),
        )
    };
    let model = draft(&mut core, &mut call, "2025-01-01");
    let model = call(
        &mut core,
        "finances.invoices.issue",
        json!({"id": model["id"]}),
    );

    // Seed: copies of the model invoice's rows under new ids.
    let started = Instant::now();
    {
        let conn = core.connection();
        let model_id = model["id"].as_str().unwrap();
        let entry_id = model["entry_id"].as_str().unwrap();
        let doc_bytes: Vec<u8> = conn
            .query_row(
                "SELECT bytes FROM documents WHERE id = ?1",
                [model_id],
                |r| r.get(0),
            )
            .unwrap();
        let entry_bytes: Vec<u8> = conn
            .query_row(
                "SELECT bytes FROM documents WHERE id = ?1",
                [entry_id],
                |r| r.get(0),
            )
            .unwrap();
        let lines: Vec<(String, i64, i64)> = conn
            .prepare("SELECT account_id, debit, credit FROM journal_lines WHERE entry_id = ?1 ORDER BY line_no")
            .unwrap()
            .query_map([entry_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        conn.execute_batch("BEGIN").unwrap();
        let mut doc = conn
            .prepare("INSERT INTO documents (id, kind, bytes, heads, updated_at_ms) VALUES (?1, ?2, ?3, '', 0)")
            .unwrap();
        let mut invoice = conn
            .prepare(
                "INSERT INTO invoices (id, kind, credits, number, customer_id, customer_name, issue_date, due_date, status, subtotal, tax, total, entry_id, created_at_ms, updated_at_ms)
                 SELECT ?1, kind, credits, ?2, customer_id, customer_name, ?3, ?3, status, subtotal, tax, total, ?4, created_at_ms, updated_at_ms FROM invoices WHERE id = ?5",
            )
            .unwrap();
        let mut taxes_row = conn
            .prepare(
                "INSERT INTO invoice_taxes (invoice_id, tax_key, tax_id, tax_name, rate, net, tax)
                 SELECT ?1, tax_key, tax_id, tax_name, rate, net, tax FROM invoice_taxes WHERE invoice_id = ?2",
            )
            .unwrap();
        let mut entry = conn
            .prepare(
                "INSERT INTO journal_entries (id, date, memo, source, source_id, reverses, posted_by_name, posted_at_ms)
                 VALUES (?1, ?2, 'Invoice', 'invoice', ?3, NULL, 'Owner', 0)",
            )
            .unwrap();
        let mut line = conn
            .prepare("INSERT INTO journal_lines (entry_id, line_no, date, account_id, debit, credit) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .unwrap();
        for i in 0..count {
            let id = InvoiceId::new().to_string();
            let entry_id = EntryId::new().to_string();
            // Two years, 2025 and 2026, day by day.
            let day = (i * 730 / count.max(1)) as i64;
            let date = date_of(day);
            invoice
                .execute(params![
                    id,
                    format!("SEED-{i:07}"),
                    date,
                    entry_id,
                    model_id
                ])
                .unwrap();
            taxes_row.execute(params![id, model_id]).unwrap();
            doc.execute(params![id, "invoice", doc_bytes]).unwrap();
            doc.execute(params![entry_id, "journal_entry", entry_bytes])
                .unwrap();
            entry.execute(params![entry_id, date, id]).unwrap();
            for (n, (account, debit, credit)) in lines.iter().enumerate() {
                line.execute(params![entry_id, n as i64, date, account, debit, credit])
                    .unwrap();
            }
        }
        // The month totals the projection keeps with the lines, for the seeded lines.
        conn.execute_batch(
            "DELETE FROM journal_month_totals;
             INSERT INTO journal_month_totals (account_id, month, debit, credit)
                 SELECT account_id, substr(date, 1, 7), sum(debit), sum(credit)
                 FROM journal_lines GROUP BY 1, 2;
             COMMIT;",
        )
        .unwrap();
    }
    let seeded = started.elapsed();
    let journal_lines: i64 = core
        .connection()
        .query_row("SELECT count(*) FROM journal_lines", [], |r| r.get(0))
        .unwrap();

    // Timed: drafts made and issued through the command table, as the app does.
    let mut creates = Vec::with_capacity(TIMED_ISSUES);
    let mut issues = Vec::with_capacity(TIMED_ISSUES);
    for _ in 0..TIMED_ISSUES {
        let t = Instant::now();
        let invoice = draft(&mut core, &mut call, "2026-11-20");
        creates.push(t.elapsed());
        let t = Instant::now();
        call(
            &mut core,
            "finances.invoices.issue",
            json!({"id": invoice["id"]}),
        );
        issues.push(t.elapsed());
    }
    let mut reports = Vec::with_capacity(REPORT_RUNS);
    let mut pnl_only = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let t = Instant::now();
        let pnl = call(
            &mut core,
            "finances.reports.profit_and_loss",
            json!({"from": "2026-01-01", "to": "2026-12-31"}),
        );
        pnl_only.push(t.elapsed());
        let sheet = call(
            &mut core,
            "finances.reports.balance_sheet",
            json!({"as_of": "2026-12-31"}),
        );
        reports.push(t.elapsed());
        assert_ne!(pnl["total_income"], "0.00");
        assert_ne!(sheet["total_assets"], "0.00");
    }
    // A year that starts and ends mid-month: the days around the whole months come from the
    // lines themselves.
    let mut ragged = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let t = Instant::now();
        call(
            &mut core,
            "finances.reports.profit_and_loss",
            json!({"from": "2025-12-16", "to": "2026-12-15"}),
        );
        call(
            &mut core,
            "finances.reports.balance_sheet",
            json!({"as_of": "2026-12-15"}),
        );
        ragged.push(t.elapsed());
    }
    // The same two aggregates in plain SQL over the same rows: the floor the reports stand on.
    let mut plain = Vec::with_capacity(REPORT_RUNS);
    for _ in 0..REPORT_RUNS {
        let conn = core.connection();
        let t = Instant::now();
        for (from, to) in [(Some("2026-01-01"), "2026-12-31"), (None, "2026-12-31")] {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT account_id, sum(debit), sum(credit) FROM journal_lines
                     WHERE (?1 IS NULL OR date >= ?1) AND date <= ?2 GROUP BY account_id",
                )
                .unwrap();
            let rows: Vec<(String, i64, i64)> = stmt
                .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert!(!rows.is_empty());
        }
        plain.push(t.elapsed());
    }

    let row = |what: &str, values: &mut Vec<Duration>, target: &str| {
        println!(
            "| {what} | {} | {} | {target} |",
            ms(percentile(values, 0.5)),
            ms(percentile(values, 0.95))
        );
    };
    println!();
    println!(
        "{count} invoices and {journal_lines} journal lines in the store (seeded in {:.1} s)",
        seeded.as_secs_f64()
    );
    println!();
    println!("| operation | p50 | p95 | target |");
    println!("|---|---|---|---|");
    row("create a draft invoice (2 lines)", &mut creates, "");
    row(
        "issue an invoice (number, entry, log)",
        &mut issues,
        "p95 < 20 ms",
    );
    row("P&L for 2026", &mut pnl_only, "");
    row(
        "P&L for 2026 + balance sheet at 2026-12-31",
        &mut reports,
        "< 300 ms",
    );
    row(
        "the same, for 2025-12-16 to 2026-12-15 (cut months)",
        &mut ragged,
        "< 300 ms",
    );
    row("the same two aggregates in plain SQL", &mut plain, "");
}

/// The date `day` days after 2025-01-01.
fn date_of(day: i64) -> String {
    let mut remaining = day;
    let mut year = 2025;
    let mut month = 1;
    loop {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if year % 4 == 0 => 29,
            _ => 28,
        };
        if remaining < days {
            return format!("{year:04}-{month:02}-{:02}", remaining + 1);
        }
        remaining -= days;
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
    }
}
