//! Invoices, payments and taxes, through the command table: from a draft to an issued invoice
//! with its number, payments (partial, over, credit applied, refunded), credit notes and voids,
//! and the reports that read them (P&L, balance sheet, AR aging, tax summary).

mod common;

use common::Shop;
use serde_json::{json, Value};
use suanpan_core::ErrorCode;

/// 2026-03-15 12:00 UTC.
const MARCH_15_MS: i64 = 1_773_576_000_000;

fn set_up() -> (Shop, String, Value) {
    let (mut shop, _) = Shop::with_clock(MARCH_15_MS);
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let taxes = shop.call(
        "finances.taxes.install_preset",
        json!({"preset": "prc_vat"}),
    );
    let customer = shop.customer("广州茶行", json!({}));
    (shop, customer["id"].as_str().unwrap().to_string(), taxes)
}

fn tax_id(taxes: &Value, rate: &str) -> String {
    taxes
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rate"] == rate)
        .unwrap_or_else(|| panic!("no tax at {rate}%"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn balance_of(rows: &Value, code: &str) -> String {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .map(|r| r["balance"].as_str().unwrap().to_string())
        .unwrap_or_else(|| "0.00".into())
}

fn draft(shop: &mut Shop, customer: &str, taxes: &Value) -> Value {
    shop.call(
        "finances.invoices.create",
        json!({
            "customer_id": customer,
            "issue_date": "2026-03-01",
            "due_date": "2026-03-31",
            "lines": [
                {"description": "龙井 250g", "quantity": "3", "unit_price": "33.33", "tax_id": tax_id(taxes, "13")},
                {"description": "Tasting session", "quantity": "1.5", "unit_price": "200", "discount": "10", "tax_id": tax_id(taxes, "6")}
            ]
        }),
    )
}

#[test]
fn an_invoice_goes_from_draft_to_paid_and_the_reports_follow() {
    let (mut shop, customer, taxes) = set_up();
    let invoice = draft(&mut shop, &customer, &taxes);
    assert_eq!(invoice["status"], "draft");
    assert_eq!(invoice["number"], Value::Null, "drafts have no number");
    // The core says which actions apply, so no screen decides it again.
    assert_eq!(invoice["takes_payment"], false, "a draft takes no payment");
    assert_eq!(invoice["takes_credit_note"], false);
    // 3 × 33.33 = 99.99 at 13% = 13.00; 1.5 × 200 − 10% = 270.00 at 6% = 16.20.
    assert_eq!(invoice["subtotal"], "369.99");
    assert_eq!(invoice["tax"], "29.20");
    assert_eq!(invoice["total"], "399.19");
    assert_eq!(invoice["lines"][1]["net"], "270.00");
    assert_eq!(invoice["lines"][1]["quantity"], "1.5");
    // A draft posts nothing.
    let journal = shop.call("finances.journal.list", json!({}));
    assert_eq!(journal.as_array().unwrap().len(), 0);

    // Editing a draft re-prices it.
    let edited = shop.call(
        "finances.invoices.update",
        json!({"id": invoice["id"], "notes": "Thank you"}),
    );
    assert_eq!(edited["total"], "399.19");
    assert_eq!(edited["notes"], "Thank you");

    let issued = shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    let number = issued["number"].as_str().unwrap().to_string();
    assert!(
        number.starts_with("INV-") && number.ends_with("-00001"),
        "{number}"
    );
    assert_eq!(issued["status"], "issued");
    assert_eq!(issued["outstanding"], "399.19");
    assert_eq!(issued["takes_payment"], true);
    assert_eq!(issued["takes_credit_note"], true);
    assert_eq!(
        shop.fail(
            "finances.invoices.update",
            json!({"id": invoice["id"], "notes": "x"})
        )
        .code,
        ErrorCode::Conflict,
        "an issued invoice does not change"
    );
    assert_eq!(
        shop.fail("finances.invoices.issue", json!({"id": invoice["id"]}))
            .code,
        ErrorCode::Conflict
    );

    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(balance_of(&trial["rows"], "1122"), "399.19", "receivable");
    assert_eq!(balance_of(&trial["rows"], "5001"), "369.99", "sales");
    assert_eq!(balance_of(&trial["rows"], "2221"), "29.20", "output VAT");
    let pnl = shop.call(
        "finances.reports.profit_and_loss",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    assert_eq!(pnl["total_income"], "369.99");

    // Part paid by WeChat Pay: to 其他货币资金.
    let part = shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "100", "method": "wechat_pay", "reference": "WX123", "date": "2026-03-05"}),
    );
    assert_eq!(part["to_invoice"], "100.00");
    assert_eq!(part["invoice_number"], number.as_str());
    let got = shop.call("finances.invoices.get", json!({"id": invoice["id"]}));
    assert_eq!(got["status"], "partially_paid");
    assert_eq!(got["outstanding"], "299.19");
    assert_eq!(got["part_paid"], true);

    // The rest, and 0.81 more: kept as the customer's credit.
    let rest = shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "300", "method": "cash", "date": "2026-03-10"}),
    );
    assert_eq!(rest["to_invoice"], "299.19");
    assert_eq!(rest["to_credit"], "0.81");
    let got = shop.call("finances.invoices.get", json!({"id": invoice["id"]}));
    assert_eq!(got["status"], "paid");
    assert_eq!(got["outstanding"], "0.00");
    assert_eq!(got["takes_payment"], false, "nothing is owed");
    assert_eq!(
        got["takes_credit_note"], true,
        "a paid invoice may still be credited"
    );
    let balance = shop.call(
        "finances.payments.balance",
        json!({"customer_id": customer}),
    );
    assert_eq!(balance["receivable"], "0.00");
    assert_eq!(balance["credit"], "0.81");

    let sheet = shop.call(
        "finances.reports.balance_sheet",
        json!({"as_of": "2026-03-31"}),
    );
    assert_eq!(balance_of(&sheet["assets"], "1012"), "100.00");
    assert_eq!(balance_of(&sheet["assets"], "1001"), "300.00");
    assert_eq!(balance_of(&sheet["assets"], "1122"), "0.00");
    assert_eq!(balance_of(&sheet["liabilities"], "2203"), "0.81");
    assert_eq!(sheet["earnings"], "369.99");
    assert_eq!(sheet["total_assets"], "400.00");
    assert_eq!(sheet["total_liabilities"], "30.01");
    assert_eq!(sheet["total_equity"], "369.99");
    assert_eq!(sheet["total_liabilities_and_equity"], "400.00");

    // The credit is paid back; more than is held is refused.
    let err = shop.fail(
        "finances.payments.refund",
        json!({"customer_id": customer, "amount": "1.00", "method": "cash"}),
    );
    assert_eq!(err.field.as_deref(), Some("amount"), "{err:?}");
    shop.call(
        "finances.payments.refund",
        json!({"customer_id": customer, "amount": "0.81", "method": "cash"}),
    );
    let balance = shop.call(
        "finances.payments.balance",
        json!({"customer_id": customer}),
    );
    assert_eq!(balance["credit"], "0.00");

    let summary = shop.call(
        "finances.reports.tax_summary",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    assert_eq!(summary["output_tax"], "29.20");
    let rows = summary["rows"].as_array().unwrap();
    assert_eq!(rows[0]["rate"], "13");
    assert_eq!(rows[0]["sales"], "99.99");
    assert_eq!(rows[0]["output_tax"], "13.00");
    assert_eq!(rows[1]["output_tax"], "16.20");

    // Every entry still balances and the journal holds one per event.
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(trial["total_debit"], trial["total_credit"]);
    let journal = shop.call("finances.journal.list", json!({}));
    assert_eq!(journal.as_array().unwrap().len(), 4);
    // Each entry carries its total (its debits), for the screens that list entries.
    let issue_entry = journal
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["source"] == "invoice")
        .expect("the issue's entry");
    assert_eq!(issue_entry["total"], "399.19");
}

#[test]
fn numbers_are_gapless_per_series_and_drafts_take_none() {
    let (mut shop, customer, taxes) = set_up();
    let first = draft(&mut shop, &customer, &taxes);
    let second = draft(&mut shop, &customer, &taxes);
    let third = draft(&mut shop, &customer, &taxes);
    // A draft voided before issuing never had a number: no gap.
    shop.call("finances.invoices.void", json!({"id": second["id"]}));
    let series = shop.call(
        "finances.invoices.series.update",
        json!({"prefix": "SHOP1-", "yearly_reset": true}),
    );
    assert_eq!(series["next_number"], "SHOP1-2026-00001");
    let a = shop.call("finances.invoices.issue", json!({"id": third["id"]}));
    let b = shop.call("finances.invoices.issue", json!({"id": first["id"]}));
    assert_eq!(a["number"], "SHOP1-2026-00001");
    assert_eq!(b["number"], "SHOP1-2026-00002");
    // A voided invoice keeps its number.
    let voided = shop.call("finances.invoices.void", json!({"id": a["id"]}));
    assert_eq!(voided["number"], "SHOP1-2026-00001");
    assert_eq!(voided["status"], "void");
    // The next year starts again at 1.
    let next_year = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "issue_date": "2027-01-02", "lines": [{"description": "Tea", "quantity": "1", "unit_price": "10"}]}),
    );
    let issued = shop.call("finances.invoices.issue", json!({"id": next_year["id"]}));
    assert_eq!(issued["number"], "SHOP1-2027-00001");
    assert_eq!(
        issued["due_date"], "2027-02-01",
        "30 days' terms by default"
    );

    for (prefix, why) in [
        ("", "empty"),
        ("A1", "ends in a digit"),
        ("CN-", "credit notes"),
        ("a b", "space"),
    ] {
        let err = shop.fail("finances.invoices.series.update", json!({"prefix": prefix}));
        assert_eq!(err.field.as_deref(), Some("prefix"), "{why}: {err:?}");
    }
}

#[test]
fn credit_notes_voids_and_applied_credit() {
    let (mut shop, customer, taxes) = set_up();
    let invoice = draft(&mut shop, &customer, &taxes);
    let invoice = shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "399.19", "method": "bank_transfer"}),
    );
    // Paid: voiding needs the payment voided first, or a credit note.
    let err = shop.fail("finances.invoices.void", json!({"id": invoice["id"]}));
    assert_eq!(err.code, ErrorCode::Conflict);

    // A full credit note on a paid invoice: all of it becomes the customer's credit.
    let note = shop.call(
        "finances.invoices.credit_note",
        json!({"invoice_id": invoice["id"], "date": "2026-03-20"}),
    );
    assert_eq!(note["kind"], "credit_note");
    assert!(note["number"].as_str().unwrap().starts_with("CN-INV-"));
    assert_eq!(note["total"], "399.19");
    let balance = shop.call(
        "finances.payments.balance",
        json!({"customer_id": customer}),
    );
    assert_eq!(balance["credit"], "399.19");
    // No second credit note beyond the invoice's total.
    let err = shop.fail(
        "finances.invoices.credit_note",
        json!({"invoice_id": invoice["id"]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines"));
    let pnl = shop.call("finances.reports.profit_and_loss", json!({}));
    assert_eq!(pnl["total_income"], "0.00");
    let summary = shop.call("finances.reports.tax_summary", json!({}));
    assert_eq!(summary["output_tax"], "0.00");

    // The credit pays the next invoice, up to what is owed.
    let next = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "lines": [{"description": "Tea set", "quantity": "1", "unit_price": "113", "tax_id": tax_id(&taxes, "13")}], "prices_include_tax": true}),
    );
    assert_eq!(next["subtotal"], "100.00");
    assert_eq!(next["tax"], "13.00");
    let next = shop.call("finances.invoices.issue", json!({"id": next["id"]}));
    let err = shop.fail(
        "finances.payments.create",
        json!({"invoice_id": next["id"], "amount": "200", "method": "credit"}),
    );
    assert_eq!(err.field.as_deref(), Some("amount"), "more than is owed");
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": next["id"], "amount": "113", "method": "credit"}),
    );
    let got = shop.call("finances.invoices.get", json!({"id": next["id"]}));
    assert_eq!(got["status"], "paid");
    let balance = shop.call(
        "finances.payments.balance",
        json!({"customer_id": customer}),
    );
    assert_eq!(balance["credit"], "286.19");

    // The credit note cannot be voided while its credit is spent: void the applied credit
    // first, and the invoice it paid is owed again.
    let err = shop.fail("finances.invoices.void", json!({"id": note["id"]}));
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    let payments = shop.call("finances.payments.list", json!({"invoice_id": next["id"]}));
    let applied = payments[0]["id"].clone();
    shop.call("finances.payments.void", json!({"id": applied}));
    let got = shop.call("finances.invoices.get", json!({"id": next["id"]}));
    assert_eq!(got["status"], "issued");
    shop.call("finances.invoices.void", json!({"id": note["id"]}));
    let balance = shop.call(
        "finances.payments.balance",
        json!({"customer_id": customer}),
    );
    assert_eq!(balance["credit"], "0.00");
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(trial["total_debit"], trial["total_credit"]);
    assert_eq!(balance_of(&trial["rows"], "2203"), "0.00");
}

#[test]
fn overdue_invoices_age_by_days_past_due() {
    let (mut shop, customer, _) = set_up();
    let other = shop.customer("上海书店", json!({}))["id"].clone();
    for (who, issue, due, amount) in [
        (json!(customer), "2026-01-01", "2026-01-10", "100"),
        (json!(customer), "2026-03-01", "2026-03-31", "50"),
        (other.clone(), "2025-10-01", "2025-11-01", "70"),
    ] {
        let invoice = shop.call(
            "finances.invoices.create",
            json!({"customer_id": who, "issue_date": issue, "due_date": due, "lines": [{"description": "Goods", "quantity": "1", "unit_price": amount}]}),
        );
        shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    }
    let overdue = shop.call("finances.invoices.list", json!({"status": "overdue"}));
    assert_eq!(overdue["invoices"].as_array().unwrap().len(), 2);
    // Part of an overdue invoice paid: still overdue first, and part-paid with what is left.
    let late = overdue["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["total"] == "100.00")
        .unwrap()
        .clone();
    assert_eq!(late["part_paid"], false);
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": late["id"], "amount": "30", "method": "cash", "date": "2026-01-20"}),
    );
    let late = shop.call("finances.invoices.get", json!({"id": late["id"]}));
    assert_eq!(late["status"], "overdue");
    assert_eq!(late["part_paid"], true);
    assert_eq!(late["outstanding"], "70.00");
    let aging = shop.call("finances.reports.ar_aging", json!({"as_of": "2026-03-15"}));
    assert_eq!(aging["total"]["current"], "50.00");
    assert_eq!(
        aging["total"]["days_90"], "70.00",
        "64 days late: 61 to 90 (30.00 of 100.00 paid)"
    );
    assert_eq!(aging["total"]["over_90"], "70.00");
    assert_eq!(aging["total"]["total"], "190.00");
    assert_eq!(aging["rows"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    let (mut shop, customer, taxes) = set_up();
    // A record that is not there is named in both languages; its id stays off the screen.
    let gone = shop.fail("finances.invoices.get", json!({"id": customer}));
    assert_eq!(gone.code, ErrorCode::NotFound, "{gone:?}");
    assert_eq!(
        gone.message,
        "This invoice does not exist; it may have been deleted"
    );
    assert_eq!(
        gone.message_zh.as_deref(),
        Some("该发票不存在，可能已被删除")
    );
    let line = |extra: Value| {
        let mut l = json!({"description": "Tea", "quantity": "1", "unit_price": "10"});
        l.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        l
    };
    let cases = [
        (
            json!({"customer_id": "nope", "lines": [line(json!({}))]}),
            "customer_id",
        ),
        (json!({"customer_id": customer, "lines": []}), "lines"),
        (
            json!({"customer_id": customer, "lines": [line(json!({"quantity": "0"}))]}),
            "lines[0].quantity",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"quantity": "1.2345"}))]}),
            "lines[0].quantity",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"unit_price": "-5"}))]}),
            "lines[0].unit_price",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"unit_price": "1.234"}))]}),
            "lines[0].unit_price",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"discount": "101"}))]}),
            "lines[0].discount",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"description": " "}))]}),
            "lines[0].description",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({})), line(json!({"tax_id": "x"}))]}),
            "lines[1].tax_id",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({}))], "issue_date": "2026-02-30"}),
            "issue_date",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({}))], "issue_date": "2026-03-10", "due_date": "2026-03-01"}),
            "due_date",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"quantity": "1000000000", "unit_price": "99999999999"}))]}),
            "lines[0]",
        ),
        (
            json!({"customer_id": customer, "lines": [line(json!({"colour": "red"}))]}),
            "lines[0].colour",
        ),
    ];
    for (input, field) in cases {
        let err = shop.fail("finances.invoices.create", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{input}: {err:?}");
    }
    let list = shop.call("finances.invoices.list", json!({}));
    assert_eq!(list["invoices"].as_array().unwrap().len(), 0);

    let invoice = draft(&mut shop, &customer, &taxes);
    // Money cannot "arrive" in the receivable it pays off.
    let issued = draft(&mut shop, &customer, &taxes);
    let issued = shop.call(
        "finances.invoices.issue",
        json!({"id": issued["id"], "issue_date": "2026-03-02"}),
    );
    let receivable = shop
        .call("finances.accounts.list", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "1122")
        .unwrap()["id"]
        .clone();
    let err = shop.fail(
        "finances.payments.create",
        json!({"invoice_id": issued["id"], "amount": "10", "method": "bank_transfer", "account_id": receivable}),
    );
    assert_eq!(err.field.as_deref(), Some("account_id"), "{err:?}");
    shop.call("finances.invoices.void", json!({"id": issued["id"]}));
    for (input, field) in [
        (
            json!({"invoice_id": invoice["id"], "amount": "10", "method": "cash"}),
            "invoice_id",
        ),
        (json!({"amount": "10", "method": "cash"}), "invoice_id"),
        (
            json!({"customer_id": customer, "amount": "0", "method": "cash"}),
            "amount",
        ),
        (
            json!({"customer_id": customer, "amount": "10", "method": "bitcoin"}),
            "method",
        ),
        (
            // A method of the books, not one a person pays by.
            json!({"customer_id": customer, "amount": "10", "method": "credit_note"}),
            "method",
        ),
    ] {
        let err = shop.fail("finances.payments.create", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{input}: {err:?}");
    }
    let journal = shop.call("finances.journal.list", json!({}));
    assert_eq!(
        journal.as_array().unwrap().len(),
        2,
        "only the issued invoice and its void: the refused payments posted nothing"
    );

    // Closed periods hold for invoices too.
    shop.call("finances.periods.close", json!({"through": "2026-03-31"}));
    let err = shop.fail("finances.invoices.issue", json!({"id": invoice["id"]}));
    assert_eq!(err.field.as_deref(), Some("date"), "{err:?}");
    let got = shop.call("finances.invoices.get", json!({"id": invoice["id"]}));
    assert_eq!(
        got["number"],
        Value::Null,
        "a refused issue takes no number"
    );
    let issued = shop.call(
        "finances.invoices.issue",
        json!({"id": invoice["id"], "issue_date": "2026-04-01"}),
    );
    assert!(issued["number"].as_str().unwrap().ends_with("-00002"));
}

/// The fields an error names, in the order the core checked them.
fn refused(err: &suanpan_core::Error) -> Vec<&str> {
    err.fields.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn an_invoice_and_a_payment_name_every_bad_field_and_line_at_once() {
    let (mut shop, customer, taxes) = set_up();
    let bad = json!({
        "customer_id": customer,
        "issue_date": "2026-02-30",
        "notes": "x".repeat(5000),
        "lines": [
            {"description": "Tea", "quantity": "0", "unit_price": "10"},
            {"description": " ", "quantity": "1", "unit_price": "-5", "discount": "101"}
        ]
    });
    let err = shop.fail("finances.invoices.create", bad.clone());
    assert_eq!(
        refused(&err),
        [
            "issue_date",
            "lines[0].quantity",
            "lines[1].description",
            "lines[1].unit_price",
            "lines[1].discount",
            "notes"
        ],
        "{err:?}"
    );
    let list = shop.call("finances.invoices.list", json!({}));
    assert_eq!(list["invoices"], json!([]), "nothing written");
    // Changing a draft checks the same way, and a refused change leaves it as it was.
    let invoice = draft(&mut shop, &customer, &taxes);
    let mut patch = bad.clone();
    patch["id"] = invoice["id"].clone();
    patch.as_object_mut().unwrap().remove("customer_id");
    let err = shop.fail("finances.invoices.update", patch);
    assert_eq!(refused(&err).len(), 6, "{err:?}");
    let kept = shop.call("finances.invoices.get", json!({"id": invoice["id"]}));
    assert_eq!(kept["total"], invoice["total"]);
    assert_eq!(kept["issue_date"], "2026-03-01");

    // A payment: its amount, date and method at once.
    let err = shop.fail(
        "finances.payments.create",
        json!({"customer_id": customer, "amount": "0", "date": "2026-02-30", "method": "credit_note"}),
    );
    assert_eq!(refused(&err), ["amount", "date", "method"], "{err:?}");
}

#[test]
fn taxes_presets_groups_and_expenses_with_input_tax() {
    let (mut shop, _, taxes) = set_up();
    assert_eq!(taxes.as_array().unwrap().len(), 6);
    // Installing again adds nothing.
    let again = shop.call(
        "finances.taxes.install_preset",
        json!({"preset": "prc_vat"}),
    );
    assert_eq!(again.as_array().unwrap().len(), 6);
    let us = shop.call(
        "finances.taxes.install_preset",
        json!({"preset": "us_sales"}),
    );
    let group = us
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rate"] == "8.875")
        .expect("the state + local group");
    assert_eq!(group["components"].as_array().unwrap().len(), 3);
    let custom = shop.call(
        "finances.taxes.create",
        json!({"name": "City levy", "components": [{"name": "A", "rate": "1.5"}, {"name": "B", "rate": "0.25"}]}),
    );
    assert_eq!(custom["rate"], "1.75");
    for (input, field) in [
        (json!({"name": "X", "rate": "101"}), "rate"),
        (json!({"name": "X"}), "rate"),
        (json!({"name": "", "rate": "5"}), "name"),
        (
            json!({"name": "X", "components": [{"name": "A", "rate": "abc"}]}),
            "components[0].rate",
        ),
    ] {
        let err = shop.fail("finances.taxes.create", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{input}: {err:?}");
    }

    // An expense of 113.00 with 13% VAT inside: 100.00 cost, 13.00 input tax.
    let expense = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-03", "amount": "113", "tax_id": tax_id(&taxes, "13")}),
    );
    assert_eq!(expense["tax"], "13.00");
    let pnl = shop.call("finances.reports.profit_and_loss", json!({}));
    assert_eq!(pnl["total_expenses"], "100.00");
    let summary = shop.call("finances.reports.tax_summary", json!({}));
    assert_eq!(summary["input_tax"], "13.00");
    assert_eq!(summary["net"], "-13.00");
    // Per-document rounding is a company setting.
    let settings = shop.call(
        "finances.settings.update",
        json!({"tax_rounding": "document", "payment_terms_days": 14}),
    );
    assert_eq!(settings["tax_rounding"], "document");
    let err = shop.fail(
        "finances.settings.update",
        json!({"tax_rounding": "banker"}),
    );
    assert_eq!(err.field.as_deref(), Some("tax_rounding"));
}

#[test]
fn a_cashier_sells_but_does_not_void_or_refund() {
    let (mut shop, customer, taxes) = set_up();
    shop.call(
        "users.create",
        json!({"name": "Cashier", "email": "cashier@example.com", "role": "cashier", "password": common::PASSWORD}),
    );
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "cashier@example.com", "password": common::PASSWORD}),
        )
        .unwrap();
    let cashier = session["token"].as_str().unwrap().to_string();
    let call = |shop: &mut Shop, command: &str, input: Value| {
        shop.core.call(Some(&cashier), command, input)
    };
    // The cashier sells products from the list, at their list price, with their tax.
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "Tea", "price": "8.80", "tax_id": tax_id(&taxes, "13"), "tracks_stock": false}),
    );
    let invoice = call(
        &mut shop,
        "finances.invoices.create",
        json!({"customer_id": customer, "lines": [{"product_id": tea["id"], "description": "", "quantity": "2", "unit_price": ""}]}),
    )
    .unwrap();
    assert_eq!(invoice["lines"][0]["description"], "Tea");
    assert_eq!(invoice["lines"][0]["unit_price"], "8.80");
    assert_eq!(invoice["lines"][0]["tax_rate"], "13");
    for (line, field) in [
        (
            json!({"description": "Tea", "quantity": "1", "unit_price": "8.80"}),
            "lines[0].product_id",
        ),
        (
            json!({"product_id": tea["id"], "description": "", "quantity": "1", "unit_price": "5.00"}),
            "lines[0].unit_price",
        ),
    ] {
        let err = call(
            &mut shop,
            "finances.invoices.create",
            json!({"customer_id": customer, "lines": [line]}),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
    }
    // The owner may change the price or sell what is not on the list.
    shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "lines": [{"product_id": tea["id"], "description": "", "quantity": "1", "unit_price": "5.00"}, {"description": "Gift wrap", "quantity": "1", "unit_price": "2"}]}),
    );
    let invoice = call(
        &mut shop,
        "finances.invoices.issue",
        json!({"id": invoice["id"]}),
    )
    .unwrap();
    call(
        &mut shop,
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "20", "method": "alipay"}),
    )
    .unwrap();
    // A discount above the company's cap is refused for the cashier, naming the line; the
    // owner may give it.
    shop.call(
        "finances.settings.update",
        json!({"cashier_discount_max_percent": "10"}),
    );
    let big = json!({"customer_id": customer, "lines": [
        {"product_id": tea["id"], "description": "Tea", "quantity": "1", "unit_price": "8.80"},
        {"product_id": tea["id"], "description": "Tea", "quantity": "1", "unit_price": "8.80", "discount": "15"}]});
    let err = call(&mut shop, "finances.invoices.create", big.clone()).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("lines[1].discount"), "{err:?}");
    assert_eq!(err.limit, Some(10));
    let small = json!({"customer_id": customer, "lines": [{"product_id": tea["id"], "description": "Tea", "quantity": "1", "unit_price": "8.80", "discount": "10"}]});
    call(&mut shop, "finances.invoices.create", small).unwrap();
    shop.call("finances.invoices.create", big);
    for (command, input) in [
        ("finances.invoices.void", json!({"id": invoice["id"]})),
        (
            "finances.invoices.credit_note",
            json!({"invoice_id": invoice["id"]}),
        ),
        (
            "finances.payments.refund",
            json!({"customer_id": customer, "amount": "1", "method": "cash"}),
        ),
        ("finances.reports.profit_and_loss", json!({})),
    ] {
        let err = call(&mut shop, command, input).unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{command}");
    }
}

#[test]
fn recurring_invoices_are_made_when_due_once_each_on_the_device_that_runs_them() {
    let (mut shop, clock) = Shop::with_clock(MARCH_15_MS);
    shop.call("finances.setup", json!({"template": "generic"}));
    let customer = shop.customer("Tea Club", json!({}));
    let schedule = shop.call(
        "finances.recurring.create",
        json!({"customer_id": customer["id"], "interval": "monthly", "start_date": "2026-01-31",
               "end_date": "2026-06-30", "issue": true,
               "lines": [{"description": "Monthly tea box", "quantity": "1", "unit_price": "99"}]}),
    );
    assert_eq!(schedule["next_date"], "2026-01-31");
    assert_eq!(schedule["due"], true);
    assert_eq!(schedule["total"], "99.00");
    // Jan 31, Feb 28 (the month's last day), Mar 31 is not due yet on Mar 15.
    let run = shop.call("finances.recurring.run", json!({}));
    let made = run["invoices"].as_array().unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[0]["issue_date"], "2026-01-31");
    assert_eq!(made[1]["issue_date"], "2026-02-28");
    assert!(
        made[1]["number"].as_str().unwrap().ends_with("-00002"),
        "issued as made"
    );
    // Running again makes nothing new.
    let again = shop.call("finances.recurring.run", json!({}));
    assert_eq!(again["invoices"].as_array().unwrap().len(), 0);
    let listed = shop.call("finances.recurring.list", json!({}));
    assert_eq!(listed[0]["next_date"], "2026-03-31");
    assert_eq!(listed[0]["due"], false);

    // Months later: up to the end date only (Mar, Apr, May, Jun).
    clock.store(
        MARCH_15_MS + 200 * 86_400_000,
        std::sync::atomic::Ordering::SeqCst,
    );
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": common::PASSWORD}),
        )
        .unwrap();
    shop.token = session["token"].as_str().unwrap().to_string();
    let run = shop.call("finances.recurring.run", json!({}));
    let dates: Vec<&str> = run["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["issue_date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"]
    );
    let listed = shop.call("finances.recurring.list", json!({}));
    assert_eq!(listed[0]["next_date"], Value::Null, "ended");
    let pnl = shop.call("finances.reports.profit_and_loss", json!({}));
    assert_eq!(pnl["total_income"], "594.00");

    // Paused schedules make nothing; bad input names its field.
    let paused = shop.call(
        "finances.recurring.create",
        json!({"customer_id": customer["id"], "interval": "quarterly", "start_date": "2026-01-01",
               "lines": [{"description": "Service", "quantity": "1", "unit_price": "10"}]}),
    );
    shop.call(
        "finances.recurring.update",
        json!({"id": paused["id"], "active": false}),
    );
    let run = shop.call("finances.recurring.run", json!({}));
    assert_eq!(run["invoices"].as_array().unwrap().len(), 0);
    for (input, field) in [
        (
            json!({"customer_id": customer["id"], "interval": "weekly", "start_date": "2026-01-01", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            "interval",
        ),
        (
            json!({"customer_id": customer["id"], "interval": "monthly", "start_date": "2026-01-01", "end_date": "2025-01-01", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            "end_date",
        ),
        (
            json!({"customer_id": customer["id"], "interval": "monthly", "start_date": "2026-01-01", "lines": [{"description": "x", "quantity": "0", "unit_price": "1"}]}),
            "lines[0].quantity",
        ),
    ] {
        let err = shop.fail("finances.recurring.create", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{input}: {err:?}");
    }
}

#[test]
fn a_foreign_currency_invoice_posts_in_the_base_currency_with_the_exchange_difference() {
    let (mut shop, customer, taxes) = set_up();
    let invoice = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "issue_date": "2026-03-01", "currency": "usd", "exchange_rate": "7.1",
               "lines": [{"description": "Export tea", "quantity": "10", "unit_price": "33.33", "tax_id": tax_id(&taxes, "0")}]}),
    );
    assert_eq!(invoice["currency"], "USD");
    assert_eq!(invoice["total"], "333.30");
    // 333.30 × 7.1 = 2366.43 in the ledger.
    assert_eq!(invoice["base_total"], "2366.43");
    let invoice = shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(balance_of(&trial["rows"], "1122"), "2366.43");
    assert_eq!(balance_of(&trial["rows"], "5001"), "2366.43");

    // Half paid when the dollar is worth 7.2: cash 1199.88, receivable off 1183.22 (166.65 at
    // 7.1, rounded half up), an exchange gain of 16.66 (财务费用 credited).
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "166.65", "method": "bank_transfer", "exchange_rate": "7.2", "date": "2026-03-10"}),
    );
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(balance_of(&trial["rows"], "1002"), "1199.88");
    assert_eq!(balance_of(&trial["rows"], "1122"), "1183.21");
    assert_eq!(
        balance_of(&trial["rows"], "5603"),
        "-16.66",
        "a gain lowers 财务费用"
    );
    let got = shop.call("finances.invoices.get", json!({"id": invoice["id"]}));
    assert_eq!(got["status"], "partially_paid");
    assert_eq!(got["outstanding"], "166.65");
    let aging = shop.call("finances.reports.ar_aging", json!({"as_of": "2026-03-15"}));
    assert_eq!(
        aging["total"]["total"], "1183.21",
        "aging is in the base currency"
    );

    // More than is owed, or customer credit, is refused for a foreign invoice.
    let err = shop.fail(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "200", "method": "cash"}),
    );
    assert_eq!(err.field.as_deref(), Some("amount"));
    // The rest at 7.0: the receivable is cleared to zero exactly, the loss booked.
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "166.65", "method": "bank_transfer", "exchange_rate": "7.0", "date": "2026-03-20"}),
    );
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(balance_of(&trial["rows"], "1122"), "0.00");
    // 166.65 × 7.0 = 1166.55 in; the last 1183.21 cleared: a loss of 16.66; net nothing.
    assert_eq!(balance_of(&trial["rows"], "5603"), "0.00");
    assert_eq!(trial["total_debit"], trial["total_credit"]);
    let got = shop.call("finances.invoices.get", json!({"id": invoice["id"]}));
    assert_eq!(got["status"], "paid");

    // Half paid, the rest credited: the credit note clears exactly what is left of the
    // receivable (1183.21, though 166.65 at 7.1 is 1183.22); the cent is an exchange gain.
    let second = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "issue_date": "2026-03-01", "currency": "USD", "exchange_rate": "7.1",
               "lines": [{"description": "Export tea", "quantity": "10", "unit_price": "33.33", "tax_id": tax_id(&taxes, "0")}]}),
    );
    let second = shop.call("finances.invoices.issue", json!({"id": second["id"]}));
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": second["id"], "amount": "166.65", "method": "bank_transfer", "exchange_rate": "7.1", "date": "2026-03-10"}),
    );
    shop.call(
        "finances.invoices.credit_note",
        json!({"invoice_id": second["id"], "date": "2026-03-21",
               "lines": [{"description": "Returned", "quantity": "5", "unit_price": "33.33", "tax_id": tax_id(&taxes, "0")}]}),
    );
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(
        balance_of(&trial["rows"], "1122"),
        "0.00",
        "nothing left in the receivable"
    );
    assert_eq!(trial["total_debit"], trial["total_credit"]);
    let aging = shop.call("finances.reports.ar_aging", json!({"as_of": "2026-03-31"}));
    assert_eq!(aging["total"]["total"], "0.00");

    for (input, field) in [
        (
            json!({"customer_id": customer, "currency": "USD", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            "exchange_rate",
        ),
        (
            json!({"customer_id": customer, "currency": "US", "exchange_rate": "7", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            "currency",
        ),
        (
            json!({"customer_id": customer, "exchange_rate": "7", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            "exchange_rate",
        ),
        (
            json!({"customer_id": customer, "currency": "EUR", "exchange_rate": "0", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
            "exchange_rate",
        ),
    ] {
        let err = shop.fail("finances.invoices.create", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{input}: {err:?}");
    }
    // The base currency named explicitly is the base currency.
    let base = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "currency": "CNY", "lines": [{"description": "x", "quantity": "1", "unit_price": "1"}]}),
    );
    assert_eq!(base["currency"], "CNY");
    assert_eq!(base["exchange_rate"], "1");
}

#[test]
fn one_schedule_in_trouble_does_not_stop_the_others_and_closed_days_get_drafts() {
    let (mut shop, clock) = Shop::with_clock(MARCH_15_MS);
    shop.call("finances.setup", json!({"template": "generic"}));
    let tax = shop.call(
        "finances.taxes.create",
        json!({"name": "Levy", "rate": "5"}),
    );
    let good = shop.customer("Good Customer", json!({}));
    let gone = shop.customer("Gone Customer", json!({}));
    let line = |tax: &Value| json!([{"description": "Box", "quantity": "1", "unit_price": "50", "tax_id": tax["id"], "discount": "30"}]);
    for customer in [&gone, &good] {
        shop.call(
            "finances.recurring.create",
            json!({"customer_id": customer["id"], "interval": "monthly", "start_date": "2026-01-10", "issue": true, "lines": line(&tax)}),
        );
    }
    shop.call("customers.gdpr.erase", json!({"id": gone["id"]}));
    // The books are closed through January; a 30% discount is above the cashiers' cap.
    shop.call("finances.periods.close", json!({"through": "2026-01-31"}));
    shop.call(
        "finances.settings.update",
        json!({"cashier_discount_max_percent": "10"}),
    );
    shop.call(
        "users.create",
        json!({"name": "Cashier", "email": "c@example.com", "role": "cashier", "password": common::PASSWORD}),
    );
    clock.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "c@example.com", "password": common::PASSWORD}),
        )
        .unwrap();
    let cashier = session["token"].as_str().unwrap().to_string();
    // The cashier's app runs the schedules: the erased customer's is skipped with its reason,
    // the other makes January (a draft: closed) and February and March (issued).
    let run = shop
        .core
        .call(Some(&cashier), "finances.recurring.run", json!({}))
        .unwrap();
    let skipped = run["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{run}");
    assert!(
        skipped[0]["reason"].as_str().unwrap().contains("erased"),
        "{run}"
    );
    let statuses: Vec<(&str, &str)> = run["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["issue_date"].as_str().unwrap(),
                i["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("2026-01-10", "draft"),
            ("2026-02-10", "overdue"),
            ("2026-03-10", "issued")
        ]
    );
    // An archived tax stops that schedule only, and says so.
    shop.call(
        "finances.taxes.update",
        json!({"id": tax["id"], "archived": true}),
    );
    clock.fetch_add(31 * 86_400_000, std::sync::atomic::Ordering::SeqCst);
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": common::PASSWORD}),
        )
        .unwrap();
    shop.token = session["token"].as_str().unwrap().to_string();
    let run = shop.call("finances.recurring.run", json!({}));
    assert_eq!(run["invoices"].as_array().unwrap().len(), 0);
    let reasons: Vec<&str> = run["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.iter().any(|r| r.contains("archived")),
        "{reasons:?}"
    );
}

#[test]
fn today_is_the_shops_day_not_utcs() {
    // 2026-03-31 20:00 UTC is already 1 April, 04:00, in Guangzhou.
    let (mut shop, _) = Shop::with_clock(1_774_987_200_000);
    shop.call(
        "finances.setup",
        json!({"template": "prc_small_business", "utc_offset_minutes": 480}),
    );
    let customer = shop.customer("早起的客户", json!({}));
    let invoice = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"], "lines": [{"description": "Tea", "quantity": "1", "unit_price": "10"}]}),
    );
    assert_eq!(invoice["issue_date"], "2026-04-01");
    // Closing March does not stop an invoice made on the morning of 1 April.
    shop.call("finances.periods.close", json!({"through": "2026-03-31"}));
    shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    let err = shop.fail(
        "finances.settings.update",
        json!({"utc_offset_minutes": 900}),
    );
    assert_eq!(err.field.as_deref(), Some("utc_offset_minutes"));
}

#[test]
fn a_void_comes_off_the_tax_of_its_own_period_not_the_filed_one() {
    let (mut shop, customer, taxes) = set_up();
    let invoice = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer, "issue_date": "2026-03-05", "lines": [{"description": "Tea", "quantity": "1", "unit_price": "100", "tax_id": tax_id(&taxes, "13")}]}),
    );
    shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    let expense = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-06", "amount": "113", "tax_id": tax_id(&taxes, "13")}),
    );
    // March is filed and closed; the invoice and the expense are voided in April.
    shop.call("finances.periods.close", json!({"through": "2026-03-31"}));
    shop.call("finances.invoices.void", json!({"id": invoice["id"]}));
    shop.call("finances.expenses.void", json!({"id": expense["id"]}));
    let march = shop.call(
        "finances.reports.tax_summary",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    assert_eq!(march["output_tax"], "13.00", "March as filed");
    assert_eq!(march["input_tax"], "13.00");
    let april = shop.call(
        "finances.reports.tax_summary",
        json!({"from": "2026-04-01", "to": "2026-04-30"}),
    );
    assert_eq!(april["output_tax"], "-13.00", "the void, in its own period");
    assert_eq!(april["input_tax"], "-13.00");
    let all = shop.call("finances.reports.tax_summary", json!({}));
    assert_eq!(all["net"], "0.00");
}

/// Statuses are a closed set of words: a filter by one the core does not have is refused on
/// its field, not answered with nothing; and each status reads back as the same word.
#[test]
fn invoices_are_filtered_by_a_status_the_core_knows() {
    let (mut shop, customer, taxes) = set_up();
    let invoice = draft(&mut shop, &customer, &taxes);
    assert_eq!(invoice["status"], "draft");
    let drafts = shop.call("finances.invoices.list", json!({"status": "draft"}));
    assert_eq!(drafts["invoices"].as_array().unwrap().len(), 1, "{drafts}");
    let refused = shop.fail("finances.invoices.list", json!({"status": "lost"}));
    assert_eq!(refused.field.as_deref(), Some("status"));
    assert_eq!(refused.reason, Some(suanpan_core::Reason::InvalidValue));
    let refused = shop.fail("inventory.orders.list", json!({"status": "lost"}));
    assert_eq!(refused.field.as_deref(), Some("status"));
}

/// Cash taken for an invoice while the cash account is out of use: refused, naming the account
/// in the words the accounts screen uses (停用 / 重新启用).
#[test]
fn a_payment_into_an_account_out_of_use_is_refused_naming_it() {
    let (mut shop, customer, taxes) = set_up();
    let invoice = draft(&mut shop, &customer, &taxes);
    shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    let cash = shop
        .call("finances.accounts.list", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "1001")
        .unwrap()["id"]
        .clone();
    shop.call(
        "finances.accounts.update",
        json!({"id": cash, "archived": true}),
    );
    let refused = shop.fail(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "10", "method": "cash", "date": "2026-03-05"}),
    );
    assert_eq!(refused.code, suanpan_core::ErrorCode::Conflict);
    assert_eq!(
        refused.message_zh.as_deref(),
        Some("现金科目 1001 库存现金 已停用：请先重新启用")
    );
}

#[test]
fn a_recurring_invoice_names_every_bad_field_and_line_at_once() {
    let (mut shop, customer, _) = set_up();
    let err = shop.fail(
        "finances.recurring.create",
        json!({"customer_id": customer, "interval": "weekly", "start_date": "2026-03-10",
               "end_date": "2026-03-01",
               "lines": [{"description": "Tea box", "quantity": "0", "unit_price": "99"}]}),
    );
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["interval", "end_date", "lines[0].quantity"],
        "{err:?}"
    );
    assert_eq!(shop.call("finances.recurring.list", json!({})), json!([]));
}
