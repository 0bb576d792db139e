//! The ledger: setup from a chart template, income and expenses posting balanced entries,
//! manual entries checked line by line, reversals instead of edits, closed periods, and the
//! trial balance and profit and loss read back; a property test of the ledger's invariants
//! over random operations.

mod common;

use common::Shop;
use proptest::prelude::*;
use serde_json::{json, Value};
use suanpan_core::ErrorCode;

fn account_id(shop: &mut Shop, code: &str) -> String {
    let accounts = shop.call("finances.accounts.list", json!({}));
    accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no account {code}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn balance_of(report: &Value, code: &str) -> String {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .map(|r| r["balance"].as_str().unwrap().to_string())
        .unwrap_or_else(|| "0.00".into())
}

fn set_up() -> Shop {
    let mut shop = Shop::new();
    let settings = shop.call("finances.setup", json!({"template": "prc_small_business"}));
    assert_eq!(settings["base_currency"], "CNY");
    shop
}

#[test]
fn income_and_expenses_post_balanced_entries_that_the_reports_read_back() {
    let mut shop = set_up();
    let accounts = shop.call("finances.accounts.list", json!({}));
    assert_eq!(accounts.as_array().unwrap().len(), 32);
    assert_eq!(
        shop.fail("finances.setup", json!({"template": "generic"}))
            .code,
        ErrorCode::Conflict
    );

    let sale = shop.call(
        "finances.income.create",
        json!({"date": "2026-03-02", "amount": "1,234.50", "party": "门店零售"}),
    );
    assert_eq!(sale["amount"], "1234.50");
    assert_eq!(sale["account_name"], "1001 库存现金");
    assert_eq!(sale["category_name"], "5001 主营业务收入");
    let admin = account_id(&mut shop, "5602");
    let bank = account_id(&mut shop, "1002");
    shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-05", "amount": "200", "category_id": admin, "account_id": bank, "party": "文具店"}),
    );

    let trial = shop.call(
        "finances.reports.trial_balance",
        json!({"to": "2026-03-31"}),
    );
    assert_eq!(trial["total_debit"], "1434.50");
    assert_eq!(trial["total_credit"], "1434.50");
    assert_eq!(balance_of(&trial, "1001"), "1234.50");
    assert_eq!(balance_of(&trial, "1002"), "-200.00");
    assert_eq!(balance_of(&trial, "5001"), "1234.50");
    assert_eq!(balance_of(&trial, "5602"), "200.00");
    let pnl = shop.call(
        "finances.reports.profit_and_loss",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    assert_eq!(pnl["total_income"], "1234.50");
    assert_eq!(pnl["total_expenses"], "200.00");
    assert_eq!(pnl["net"], "1034.50");
    // A range before anything happened holds nothing.
    let before = shop.call(
        "finances.reports.profit_and_loss",
        json!({"to": "2026-02-28"}),
    );
    assert_eq!(before["net"], "0.00");

    // Voiding posts the reversal: the income is gone from the books, the entry stays.
    let listed = shop.call("finances.income.list", json!({}));
    assert_eq!(listed["total"], "1234.50");
    let voided = shop.call("finances.income.void", json!({"id": sale["id"]}));
    assert_eq!(voided["voided"], true);
    // Listed still, but no longer counted in the total.
    let listed = shop.call("finances.income.list", json!({}));
    assert_eq!(listed["events"].as_array().unwrap().len(), 1);
    assert_eq!(listed["total"], "0.00");
    let spent = shop.call("finances.expenses.list", json!({}));
    assert_eq!(spent["total"], "200.00");
    assert_eq!(
        shop.fail("finances.income.void", json!({"id": sale["id"]}))
            .code,
        ErrorCode::Conflict
    );
    let pnl = shop.call("finances.reports.profit_and_loss", json!({}));
    assert_eq!(pnl["net"], "-200.00");
    let journal = shop.call("finances.journal.list", json!({}));
    assert_eq!(journal.as_array().unwrap().len(), 3);
    let original = shop.call("finances.journal.get", json!({"id": sale["entry_id"]}));
    assert!(original["reversed_by"].is_string(), "{original}");
}

#[test]
fn a_manual_entry_is_refused_naming_what_is_wrong_and_corrected_only_by_reversal() {
    let mut shop = set_up();
    let cash = account_id(&mut shop, "1001");
    let capital = account_id(&mut shop, "3001");
    let entry = |lines: Value| json!({"date": "2026-01-10", "memo": "投入资本", "lines": lines});

    // The form's running totals come from the core; what is not an amount yet counts as nothing.
    let typed = shop.call(
        "finances.journal.preview",
        json!({"lines": [{"account_id": cash, "debit": "100"}, {"account_id": "", "credit": "99.99"},
                         {"account_id": "", "credit": "0.0"}, {"account_id": "", "debit": "1.234"},
                         {"account_id": "", "credit": "1,00"}]}),
    );
    assert_eq!(typed["total_debit"], "100.00");
    assert_eq!(typed["total_credit"], "99.99");
    assert_eq!(typed["difference"], "0.01");
    assert_eq!(typed["balanced"], false);
    assert_eq!(
        typed["unreadable"],
        json!(["lines[3].debit", "lines[4].credit"]),
        "three decimals and a decimal comma: said at once, where they were typed"
    );
    let even = shop.call(
        "finances.journal.preview",
        json!({"lines": [{"account_id": cash, "debit": "100"}, {"account_id": capital, "credit": "100.00"}]}),
    );
    assert_eq!(even["difference"], "0.00");
    assert_eq!(even["balanced"], true);
    let empty = shop.call(
        "finances.journal.preview",
        json!({"lines": [{"account_id": ""}, {"account_id": ""}]}),
    );
    assert_eq!(empty["balanced"], false, "nothing typed is not an entry");

    let err = shop.fail(
        "finances.journal.create",
        entry(json!([{"account_id": cash, "debit": "100"}, {"account_id": capital, "credit": "99.99"}])),
    );
    assert_eq!(err.field.as_deref(), Some("lines"), "{err:?}");
    assert!(err.message.contains("differ by 0.01"), "{}", err.message);
    let err = shop.fail(
        "finances.journal.create",
        entry(json!([{"account_id": cash, "debit": "100", "credit": "100"}, {"account_id": capital, "credit": "100"}])),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0]"), "{err:?}");
    let err = shop.fail(
        "finances.journal.create",
        entry(json!([{"account_id": cash, "debit": "1.234"}, {"account_id": capital, "credit": "1.234"}])),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0].debit"), "{err:?}");
    let err = shop.fail(
        "finances.journal.create",
        entry(json!([{"account_id": cash, "debit": "5"}])),
    );
    assert_eq!(err.field.as_deref(), Some("lines"), "{err:?}");
    let err = shop.fail(
        "finances.journal.create",
        json!({"date": "2026-02-30", "memo": "", "lines": [{"account_id": cash, "debit": "5"}, {"account_id": capital, "credit": "5"}]}),
    );
    assert_eq!(err.field.as_deref(), Some("date"), "{err:?}");
    // Nothing of those was written.
    assert_eq!(shop.call("finances.journal.list", json!({})), json!([]));

    let posted = shop.call(
        "finances.journal.create",
        entry(json!([{"account_id": cash, "debit": "50000"}, {"account_id": capital, "credit": "50000"}])),
    );
    let reversal = shop.call("finances.journal.reverse", json!({"id": posted["id"]}));
    assert_eq!(reversal["reverses"], posted["id"]);
    assert_eq!(reversal["lines"][0]["credit"], "50000.00");
    assert_eq!(
        shop.fail("finances.journal.reverse", json!({"id": posted["id"]}))
            .code,
        ErrorCode::Conflict
    );
    assert_eq!(
        shop.fail("finances.journal.reverse", json!({"id": reversal["id"]}))
            .code,
        ErrorCode::Conflict
    );
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(balance_of(&trial, "1001"), "0.00");
    assert_eq!(trial["total_debit"], "100000.00");

    // An archived account takes no new postings; income names its own field for it.
    shop.call(
        "finances.accounts.update",
        json!({"id": capital, "archived": true}),
    );
    let sales = account_id(&mut shop, "5001");
    shop.call(
        "finances.accounts.update",
        json!({"id": sales, "archived": true}),
    );
    let err = shop.fail(
        "finances.income.create",
        json!({"date": "2026-01-11", "amount": "5", "category_id": sales}),
    );
    assert_eq!(err.field.as_deref(), Some("category_id"), "{err:?}");
    let err = shop.fail(
        "finances.journal.create",
        entry(json!([{"account_id": cash, "debit": "1"}, {"account_id": capital, "credit": "1"}])),
    );
    assert_eq!(err.field.as_deref(), Some("lines[1].account_id"), "{err:?}");
}

#[test]
fn nothing_posts_into_a_closed_period_and_only_an_owner_reopens_it() {
    let mut shop = set_up();
    let sale = shop.call(
        "finances.income.create",
        json!({"date": "2026-01-31", "amount": "88"}),
    );
    shop.call("finances.periods.close", json!({"through": "2026-01-31"}));
    let err = shop.fail(
        "finances.income.create",
        json!({"date": "2026-01-15", "amount": "10"}),
    );
    assert_eq!(err.field.as_deref(), Some("date"), "{err:?}");
    assert!(err.message.contains("closed"), "{}", err.message);
    // Voiding January's sale posts its reversal on the first open day.
    shop.call("finances.income.void", json!({"id": sale["id"]}));
    let journal = shop.call("finances.journal.list", json!({"from": "2026-02-01"}));
    assert_eq!(journal[0]["date"], "2026-02-01");
    assert_eq!(journal[0]["source"], "reversal");

    // The accountant closes further but may not reopen; the owner may.
    shop.call(
        "users.create",
        json!({"name": "Lin", "email": "lin@example.com", "role": "accountant", "password": "accountant-pass-1"}),
    );
    let lin = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "lin@example.com", "password": "accountant-pass-1"}),
        )
        .unwrap();
    let lin = lin["token"].as_str().unwrap().to_string();
    shop.core
        .call(
            Some(&lin),
            "finances.periods.close",
            json!({"through": "2026-02-28"}),
        )
        .unwrap();
    let err = shop
        .core
        .call(
            Some(&lin),
            "finances.periods.close",
            json!({"through": "2026-01-31"}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let settings = shop.call("finances.periods.close", json!({"through": null}));
    assert_eq!(settings["closed_through"], Value::Null);
    shop.call(
        "finances.income.create",
        json!({"date": "2026-01-15", "amount": "10"}),
    );
}

#[derive(Debug, Clone)]
enum Op {
    Income {
        cents: i64,
        day: u8,
    },
    Expense {
        cents: i64,
        day: u8,
        account: usize,
    },
    Manual {
        cents: i64,
        day: u8,
        from: usize,
        to: usize,
    },
    Reverse(usize),
    Void(usize),
    Invoice {
        cents: i64,
        month: u8,
        day: u8,
    },
    Pay {
        invoice: usize,
        cents: i64,
    },
    CreditNote(usize),
    VoidInvoice(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1i64..10_000_000, 1u8..=28).prop_map(|(cents, day)| Op::Income { cents, day }),
        (1i64..10_000_000, 1u8..=28, 0usize..8).prop_map(|(cents, day, account)| Op::Expense {
            cents,
            day,
            account
        }),
        (1i64..10_000_000, 1u8..=28, 0usize..32, 0usize..32).prop_map(|(cents, day, from, to)| {
            Op::Manual {
                cents,
                day,
                from,
                to,
            }
        }),
        (0usize..50).prop_map(Op::Reverse),
        (0usize..50).prop_map(Op::Void),
        (1i64..10_000_000, 1u8..=12, 1u8..=28).prop_map(|(cents, month, day)| Op::Invoice {
            cents,
            month,
            day
        }),
        (0usize..50, 1i64..10_000_000).prop_map(|(invoice, cents)| Op::Pay { invoice, cents }),
        (0usize..50).prop_map(Op::CreditNote),
        (0usize..50).prop_map(Op::VoidInvoice),
    ]
}

fn cents(text: &str) -> i64 {
    let negative = text.starts_with('-');
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let value: i64 = digits.parse().unwrap();
    if negative {
        -value
    } else {
        value
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever happens, every report balances: total debits equal total credits, the
    /// accounting equation holds (assets = liabilities + equity + income - expenses), and a
    /// rebuild of the projections from the documents gives the same trial balance.
    #[test]
    fn the_ledger_balances_after_any_sequence_of_operations(ops in prop::collection::vec(op(), 1..30)) {
        let mut shop = set_up();
        let accounts = shop.call("finances.accounts.list", json!({}));
        let ids: Vec<(String, String)> = accounts.as_array().unwrap().iter()
            .map(|a| (a["id"].as_str().unwrap().to_string(), a["kind"].as_str().unwrap().to_string()))
            .collect();
        let expense_ids: Vec<&String> = ids.iter().filter(|(_, k)| k == "expense").map(|(id, _)| id).collect();
        let mut entries: Vec<String> = Vec::new();
        let mut events: Vec<String> = Vec::new();
        let mut invoices: Vec<String> = Vec::new();
        let customer = shop.customer("Prop", json!({}))["id"].clone();
        let taxes = shop.call("finances.taxes.install_preset", json!({"preset": "prc_vat"}));
        let money = |cents: &i64| format!("{}.{:02}", cents / 100, cents % 100);
        for op in &ops {
            let result = match op {
                Op::Income { cents, day } => shop.core.call(Some(&shop.token), "finances.income.create",
                    json!({"date": format!("2026-05-{day:02}"), "amount": format!("{}.{:02}", cents / 100, cents % 100)})),
                Op::Expense { cents, day, account } => shop.core.call(Some(&shop.token), "finances.expenses.create",
                    json!({"date": format!("2026-05-{day:02}"), "amount": format!("{}.{:02}", cents / 100, cents % 100),
                           "category_id": expense_ids[account % expense_ids.len()]})),
                Op::Manual { cents, day, from, to } => shop.core.call(Some(&shop.token), "finances.journal.create",
                    json!({"date": format!("2026-05-{day:02}"), "memo": "m", "lines": [
                        {"account_id": ids[*from].0, "debit": format!("{}.{:02}", cents / 100, cents % 100)},
                        {"account_id": ids[*to].0, "credit": format!("{}.{:02}", cents / 100, cents % 100)}]})),
                Op::Reverse(i) if !entries.is_empty() => shop.core.call(Some(&shop.token), "finances.journal.reverse",
                    json!({"id": entries[i % entries.len()]})),
                Op::Void(i) if !events.is_empty() => shop.core.call(Some(&shop.token), "finances.income.void",
                    json!({"id": events[i % events.len()]})),
                Op::Invoice { cents, month, day } => {
                    let tax = &taxes[(*cents as usize) % 6]["id"];
                    let draft = shop.call("finances.invoices.create", json!({
                        "customer_id": customer, "issue_date": format!("2026-{month:02}-{day:02}"),
                        "prices_include_tax": cents % 2 == 0,
                        "lines": [{"description": "x", "quantity": "1.5", "unit_price": money(cents), "tax_id": tax}]}));
                    shop.core.call(Some(&shop.token), "finances.invoices.issue", json!({"id": draft["id"]}))
                }
                Op::Pay { invoice, cents } if !invoices.is_empty() => shop.core.call(Some(&shop.token), "finances.payments.create",
                    json!({"invoice_id": invoices[invoice % invoices.len()], "amount": money(cents), "method": "cash", "date": "2026-12-01"})),
                Op::CreditNote(i) if !invoices.is_empty() => shop.core.call(Some(&shop.token), "finances.invoices.credit_note",
                    json!({"invoice_id": invoices[i % invoices.len()], "date": "2026-12-15"})),
                Op::VoidInvoice(i) if !invoices.is_empty() => shop.core.call(Some(&shop.token), "finances.invoices.void",
                    json!({"id": invoices[i % invoices.len()], "date": "2026-12-20"})),
                _ => continue,
            };
            // Refusals (a second reversal, voiding an expense as income) are fine; they write nothing.
            if let Ok(value) = result {
                match op {
                    Op::Income { .. } => events.push(value["id"].as_str().unwrap().to_string()),
                    Op::Manual { .. } => entries.push(value["id"].as_str().unwrap().to_string()),
                    Op::Invoice { .. } => invoices.push(value["id"].as_str().unwrap().to_string()),
                    _ => {}
                }
            }
        }
        let trial = shop.call("finances.reports.trial_balance", json!({}));
        prop_assert_eq!(&trial["total_debit"], &trial["total_credit"]);
        let mut by_kind = std::collections::HashMap::new();
        for row in trial["rows"].as_array().unwrap() {
            *by_kind.entry(row["kind"].as_str().unwrap().to_string()).or_insert(0i64) += cents(row["balance"].as_str().unwrap());
        }
        let get = |k: &str| by_kind.get(k).copied().unwrap_or(0);
        prop_assert_eq!(get("asset") + get("expense"), get("liability") + get("equity") + get("income"));
        let pnl = shop.call("finances.reports.profit_and_loss", json!({}));
        prop_assert_eq!(cents(pnl["net"].as_str().unwrap()), get("income") - get("expense"));
        // Reports over any range (whole months read from month totals, the days around them
        // from the lines) agree with a plain sum over the lines.
        for (from, to) in [(Some("2026-02-10"), Some("2026-07-20")), (Some("2026-03-01"), Some("2026-05-31")),
                           (None, Some("2026-06-15")), (Some("2026-05-03"), Some("2026-05-17")), (Some("2026-04-01"), None)] {
            let report = shop.call("finances.reports.trial_balance", json!({"from": from, "to": to}));
            let (debit, credit): (i64, i64) = shop.core.connection().query_row(
                "SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) FROM journal_lines
                 WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)",
                rusqlite::params![from, to], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            prop_assert_eq!(cents(report["total_debit"].as_str().unwrap()), debit, "{:?}..{:?}", from, to);
            prop_assert_eq!(cents(report["total_credit"].as_str().unwrap()), credit);
        }
        // Open invoices add up to the receivable account.
        let receivable: i64 = invoices.iter().map(|id| {
            let invoice = shop.call("finances.invoices.get", json!({"id": id}));
            cents(invoice["outstanding"].as_str().unwrap())
        }).sum();
        // (Manual entries may post to 1122 too; those are left out.)
        let ar: i64 = shop.core.connection().query_row(
            "SELECT coalesce(sum(l.debit - l.credit), 0) FROM journal_lines l
             JOIN journal_entries e ON e.id = l.entry_id
             LEFT JOIN journal_entries o ON o.id = e.reverses
             JOIN finance_accounts a ON a.id = l.account_id
             WHERE a.code = '1122' AND coalesce(o.source, e.source) != 'manual'",
            [], |r| r.get(0)).unwrap();
        prop_assert_eq!(receivable, ar, "open invoices vs 1122 应收账款");
        let sheet = shop.call("finances.reports.balance_sheet", json!({"as_of": "2026-12-31"}));
        prop_assert_eq!(cents(sheet["total_assets"].as_str().unwrap()),
            cents(sheet["total_liabilities"].as_str().unwrap()) + cents(sheet["total_equity"].as_str().unwrap()));
        shop.core.rebuild().unwrap();
        prop_assert_eq!(shop.call("finances.reports.trial_balance", json!({})), trial);
    }
}

/// Voided twice (a double-click on the confirmation, or two devices), the second refusal says
/// which income or expense it was, in both languages.
#[test]
fn voiding_an_expense_again_names_it() {
    let mut shop = set_up();
    let rent = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-01", "amount": "4500.00", "party": "Landlord", "description": "Rent"}),
    );
    shop.call("finances.expenses.void", json!({"id": rent["id"]}));
    let again = shop.fail("finances.expenses.void", json!({"id": rent["id"]}));
    assert_eq!(again.code, ErrorCode::Conflict);
    assert_eq!(
        again.message,
        "the expense of 4500.00 on 2026-03-01 (Landlord) is voided already"
    );
    assert_eq!(
        again.message_zh.as_deref(),
        Some("2026-03-01 支付给 Landlord 的 4500.00 支出已经作废了")
    );
}

#[test]
fn account_and_tax_names_are_unique_whatever_their_case_or_width() {
    let mut shop = set_up();
    let err = shop.fail(
        "finances.accounts.create",
        json!({"code": "1999", "name": "库存现金", "kind": "asset"}),
    );
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    assert_eq!(err.field.as_deref(), Some("name"));
    let petty = shop.call(
        "finances.accounts.create",
        json!({"code": "1999", "name": "Petty cash", "kind": "asset"}),
    );
    let cash = account_id(&mut shop, "1001");
    let err = shop.fail(
        "finances.accounts.update",
        json!({"id": cash, "name": "ＰＥＴＴＹ CASH"}),
    );
    assert_eq!(err.field.as_deref(), Some("name"), "{err:?}");
    shop.call(
        "finances.accounts.update",
        json!({"id": petty["id"], "name": "Petty Cash"}),
    );

    shop.call(
        "finances.taxes.create",
        json!({"name": "VAT 13", "rate": "13"}),
    );
    let err = shop.fail(
        "finances.taxes.create",
        json!({"name": "vat  13", "rate": "9"}),
    );
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    assert_eq!(err.field.as_deref(), Some("name"));
}

#[test]
fn opening_balances_post_once_with_the_difference_in_equity_and_are_changed_by_reversal() {
    let mut shop = set_up();
    let none = json!({"entry": null, "also_standing": []});
    assert_eq!(shop.call("finances.opening.get", json!({})), none);
    let (cash, bank, owed) = (
        account_id(&mut shop, "1001"),
        account_id(&mut shop, "1002"),
        account_id(&mut shop, "2202"),
    );
    let nothing = shop.fail(
        "finances.opening.create",
        json!({"date": "2026-01-01", "lines": [{"account_id": cash, "debit": ""}]}),
    );
    assert_eq!(nothing.field.as_deref(), Some("lines"));

    let entry = shop.call(
        "finances.opening.create",
        json!({"date": "2026-01-01", "lines": [
            {"account_id": cash, "debit": "1,200.00"},
            {"account_id": bank, "debit": "30000"},
            {"account_id": owed, "credit": "5000"},
        ]}),
    );
    assert_eq!(entry["source"], "opening");
    assert_eq!(entry["total"], "31200.00");
    let equity = entry["lines"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(equity["account_code"], "3001", "{entry}");
    assert_eq!(equity["credit"], "26200.00");

    let trial = shop.call(
        "finances.reports.trial_balance",
        json!({"to": "2026-01-31"}),
    );
    assert_eq!(balance_of(&trial, "1001"), "1200.00");
    assert_eq!(balance_of(&trial, "2202"), "5000.00");
    assert_eq!(balance_of(&trial, "3001"), "26200.00");
    assert_eq!(
        shop.call("finances.opening.get", json!({}))["entry"]["id"],
        entry["id"]
    );

    // One standing opening entry: a second is refused until the first is reversed.
    let again = shop.fail(
        "finances.opening.create",
        json!({"date": "2026-01-01", "lines": [{"account_id": cash, "debit": "1"}]}),
    );
    assert_eq!(again.code, ErrorCode::Conflict);
    shop.call("finances.journal.reverse", json!({"id": entry["id"]}));
    assert_eq!(shop.call("finances.opening.get", json!({})), none);
    // Owing more than it has: the difference is a debit to equity.
    let second = shop.call(
        "finances.opening.create",
        json!({"date": "2026-01-01", "lines": [
            {"account_id": cash, "debit": "100"},
            {"account_id": owed, "credit": "300"},
        ]}),
    );
    let equity = second["lines"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(equity["debit"], "200.00", "{second}");
}

#[test]
fn an_expense_that_leaves_cash_below_zero_is_kept_with_a_warning() {
    let mut shop = set_up();
    shop.call(
        "finances.income.create",
        json!({"date": "2026-03-02", "amount": "100.00"}),
    );
    // Within what the till holds: no warning.
    let paid = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-03", "amount": "60.00"}),
    );
    assert_eq!(paid["overdrawn"], Value::Null, "{paid}");
    // More than is there: recorded all the same, and the answer says where cash stands.
    let over = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-04", "amount": "22,429.02"}),
    );
    assert_eq!(over["account_name"], "1001 库存现金");
    assert_eq!(over["overdrawn"], "-22389.02", "{over}");
    let listed = shop.call(
        "finances.expenses.list",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    assert_eq!(
        listed.to_string().matches("22429.02").count(),
        1,
        "kept once: {listed}"
    );
    // The opening balance that was missing brings it back; a further expense is then fine.
    let cash = account_id(&mut shop, "1001");
    shop.call(
        "finances.opening.create",
        json!({"date": "2026-03-01", "lines": [{"account_id": cash, "debit": "30000.00"}]}),
    );
    let fine = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-05", "amount": "10.00"}),
    );
    assert_eq!(fine["overdrawn"], Value::Null, "{fine}");
}

#[test]
fn an_expense_names_every_bad_field_at_once_and_records_nothing() {
    let mut shop = set_up();
    let err = shop.fail(
        "finances.expenses.create",
        json!({"date": "2026-02-30", "amount": "-1", "party": "x".repeat(5000)}),
    );
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["date", "amount", "party"], "{err:?}");
    assert_eq!(err.field.as_deref(), Some("date"));
    let listed = shop.call(
        "finances.expenses.list",
        json!({"from": "2026-01-01", "to": "2026-12-31"}),
    );
    assert_eq!(listed["events"], json!([]), "{listed}");
    // One bad field alone is named as before (no list).
    let err = shop.fail(
        "finances.expenses.create",
        json!({"date": "2026-03-01", "amount": "0"}),
    );
    assert_eq!(err.field.as_deref(), Some("amount"));
    assert!(err.fields.is_empty(), "{err:?}");
}

#[test]
fn a_new_account_names_every_bad_field_at_once() {
    let mut shop = set_up();
    let err = shop.fail(
        "finances.accounts.create",
        json!({"code": "66 02!", "name": " ", "kind": "expense", "holds_money": true}),
    );
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["code", "holds_money", "name"], "{err:?}");
    let accounts = shop.call("finances.accounts.list", json!({}));
    assert_eq!(accounts.as_array().unwrap().len(), 32, "nothing added");
}

#[test]
fn a_new_tax_names_every_bad_field_at_once() {
    let mut shop = set_up();
    shop.call(
        "finances.taxes.create",
        json!({"name": "VAT 13%", "rate": "13"}),
    );
    let err = shop.fail("finances.taxes.create", json!({"name": " ", "rate": "130"}));
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "rate"], "{err:?}");
    // A name taken already is a conflict with the other tax, said on its own.
    let err = shop.fail(
        "finances.taxes.create",
        json!({"name": "vat 13%", "rate": "13"}),
    );
    assert_eq!(err.field.as_deref(), Some("name"), "{err:?}");
    let taxes = shop.call("finances.taxes.list", json!({}));
    assert_eq!(taxes.as_array().unwrap().len(), 1, "nothing added: {taxes}");
    // A single rate is one component named as the tax.
    let tax = shop.call(
        "finances.taxes.create",
        json!({"name": "Reduced 9%", "rate": "9"}),
    );
    assert_eq!(tax["components"][0]["name"], "Reduced 9%", "{tax}");
}

/// The entry the journal lists whose (English) memo starts with `start`.
fn entry_by_memo<'a>(journal: &'a Value, start: &str) -> &'a Value {
    journal
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["memo"].as_str().unwrap_or("").starts_with(start))
        .unwrap_or_else(|| panic!("no entry {start}…: {journal}"))
}

#[test]
fn the_apps_own_entries_say_what_they_are_in_chinese_and_a_typed_one_as_typed() {
    let mut shop = set_up();
    let floor = shop.call("inventory.locations.create", json!({"name": "店面"}));
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "龙井", "sku": "LJ-250", "price": "80.00", "cost": "30.00"}),
    );
    let customer = shop.customer("王小明", json!({}));
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "receipt",
               "quantity": "10", "unit_cost": "30.00", "date": "2026-03-01"}),
    );
    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"], "location_id": floor["id"],
               "issue_date": "2026-03-02",
               "lines": [{"product_id": tea["id"], "description": "", "quantity": "2",
                          "unit_price": ""}]}),
    );
    let invoice = shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    let number = invoice["number"].as_str().unwrap().to_string();
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "date": "2026-03-03", "amount": "50.00",
               "method": "cash"}),
    );
    let rent = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-04", "amount": "1,500.00", "party": "李房东",
               "description": "三月房租"}),
    );
    let cash = account_id(&mut shop, "1001");
    let capital = account_id(&mut shop, "3001");
    let typed = shop.call(
        "finances.journal.create",
        json!({"date": "2026-03-05", "memo": "Owner puts in capital", "lines": [
            {"account_id": cash, "debit": "5000"}, {"account_id": capital, "credit": "5000"}]}),
    );
    shop.call("finances.expenses.void", json!({"id": rent["id"]}));

    let journal = shop.call("finances.journal.list", json!({}));
    let zh = |start: &str| -> String {
        let entry = entry_by_memo(&journal, start);
        entry["memo_zh"]
            .as_str()
            .unwrap_or_else(|| panic!("no Chinese memo: {entry}"))
            .to_string()
    };
    // The English stays as it was; the Chinese names the same invoice, customer and product.
    assert_eq!(
        zh(&format!("Invoice {number} · 王小明")),
        format!("销售发票 {number}，客户 王小明")
    );
    assert_eq!(
        zh(&format!("Payment for invoice {number} · 王小明")),
        format!("收款，发票 {number}，客户 王小明")
    );
    assert_eq!(
        zh(&format!("Cost of goods sold on invoice {number}")),
        format!("销售成本，发票 {number}")
    );
    assert_eq!(zh("Goods received: 龙井"), "采购入库：龙井");
    assert_eq!(zh("三月房租 · 李房东"), "三月房租，支付给 李房东");
    assert_eq!(
        zh("Void: 三月房租 · 李房东"),
        "冲销：三月房租，支付给 李房东"
    );
    for entry in journal.as_array().unwrap() {
        if entry["source"] == "manual" {
            continue;
        }
        let memo_zh = entry["memo_zh"].as_str().unwrap_or("");
        assert!(!memo_zh.is_empty(), "no Chinese memo: {entry}");
        assert!(
            memo_zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "not Chinese: {entry}"
        );
    }
    // A person's entry keeps what they typed, in whatever language, with no Chinese of its own.
    assert_eq!(typed["memo"], "Owner puts in capital");
    assert_eq!(typed["memo_zh"], Value::Null, "{typed}");
    let listed = entry_by_memo(&journal, "Owner puts in capital");
    assert_eq!(listed["memo_zh"], Value::Null, "{listed}");
    // Its reversal is the app's words about it: in both languages.
    let reversal = shop.call("finances.journal.reverse", json!({"id": typed["id"]}));
    assert_eq!(reversal["memo"], "Reversal of Owner puts in capital");
    assert_eq!(reversal["memo_zh"], "冲销：Owner puts in capital");
    // A reversal given its own words keeps them, as typed.
    let opening = shop.call(
        "finances.opening.create",
        json!({"date": "2026-01-01", "lines": [{"account_id": cash, "debit": "100"}]}),
    );
    assert_eq!(opening["memo"], "Opening balances");
    assert_eq!(opening["memo_zh"], "期初余额");
    let typed_reversal = shop.call(
        "finances.journal.reverse",
        json!({"id": opening["id"], "memo": "录错了"}),
    );
    assert_eq!(typed_reversal["memo"], "录错了");
    assert_eq!(typed_reversal["memo_zh"], Value::Null);
}

#[test]
fn a_journal_entry_names_every_unreadable_amount_at_once() {
    let mut shop = set_up();
    let (cash, capital) = (account_id(&mut shop, "1001"), account_id(&mut shop, "3001"));
    let err = shop.fail(
        "finances.journal.create",
        json!({"date": "2026-03-01", "memo": "typo", "lines": [
            {"account_id": cash, "debit": "1.234"},
            {"account_id": capital, "credit": "12,34"}
        ]}),
    );
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["lines[0].debit", "lines[1].credit"], "{err:?}");
    assert_eq!(
        shop.call("finances.journal.list", json!({})),
        json!([]),
        "nothing posted"
    );
}

#[test]
fn an_expense_left_without_a_category_is_a_running_cost_not_the_cost_of_goods_sold() {
    let mut shop = set_up();
    let expense = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-05", "amount": "45.00", "party": "电费"}),
    );
    // 管理费用, not 5401 主营业务成本 (the chart's first expense account).
    assert_eq!(expense["category_name"], "5602 管理费用", "{expense}");
    assert_eq!(expense["account_name"], "1001 库存现金", "{expense}");
    let income = shop.call(
        "finances.income.create",
        json!({"date": "2026-03-05", "amount": "10.00"}),
    );
    assert_eq!(income["category_name"], "5001 主营业务收入", "{income}");
    // The form shows the same defaults, from the core.
    let settings = shop.call("finances.settings.get", json!({}));
    assert_eq!(
        settings["defaults"]["expense_category_id"],
        account_id(&mut shop, "5602")
    );
    assert_eq!(
        settings["defaults"]["income_category_id"],
        account_id(&mut shop, "5001")
    );
    assert_eq!(
        settings["defaults"]["money_account_id"],
        account_id(&mut shop, "1001")
    );
    // Archived, it is no longer taken: the chart's first expense account in use is.
    let admin = account_id(&mut shop, "5602");
    shop.call(
        "finances.accounts.update",
        json!({"id": admin, "archived": true}),
    );
    let settings = shop.call("finances.settings.get", json!({}));
    assert_eq!(
        settings["defaults"]["expense_category_id"],
        account_id(&mut shop, "5401")
    );
}
