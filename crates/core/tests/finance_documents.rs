//! What leaves the app: the invoice PDF (Chinese text in an embedded font, checked with
//! poppler's own tools), reports exported as CSV, Excel and PDF, the cash flow statement and
//! comparisons with the prior period.

mod common;

use std::path::Path;
use std::process::Command;

use base64::Engine;
use common::Shop;
use serde_json::{json, Value};
use suanpan_core::secrets::SecretStore;

/// 2026-03-15 12:00 UTC.
const MARCH_15_MS: i64 = 1_773_576_000_000;

fn decode(file: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["base64"].as_str().unwrap())
        .unwrap()
}

/// poppler's tools, or `None` when they are missing and not required (a developer's machine).
fn poppler() -> Option<()> {
    let found = Command::new("pdffonts").arg("-v").output().is_ok();
    if !found && std::env::var("SUANPAN_REQUIRE_POPPLER").is_ok() {
        panic!("SUANPAN_REQUIRE_POPPLER is set but pdffonts is missing (scripts/setup.sh test)");
    }
    found.then_some(())
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn shop_with_invoice() -> (Shop, Value) {
    let (mut shop, _) = Shop::with_clock(MARCH_15_MS);
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let taxes = shop.call(
        "finances.taxes.install_preset",
        json!({"preset": "prc_vat"}),
    );
    let vat = taxes
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["rate"] == "13")
        .unwrap()["id"]
        .clone();
    // A red 8×4 PNG as the logo.
    let logo = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAIAAAA8r+mnAAAAEUlEQVR4nGM4ISeHFTFQTwIAbv4ggUBHKgEAAAAASUVORK5CYII=";
    let settings = shop.call(
        "finances.settings.update",
        json!({"invoice_header": "广州市天河区体育西路 1 号\n税号 91440101MA5XXXXX", "logo_png": logo}),
    );
    assert_eq!(settings["has_logo"], true);
    let err = shop.fail(
        "finances.settings.update",
        json!({"logo_png": base64::engine::general_purpose::STANDARD.encode(b"GIF89a")}),
    );
    assert_eq!(err.field.as_deref(), Some("logo_png"));
    // A small file that claims a huge image is refused before any PDF has to decode it.
    let huge = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x0f\xa0\0\0\x0f\xa0\x08\x02\0\0\0";
    let err = shop.fail(
        "finances.settings.update",
        json!({"logo_png": base64::engine::general_purpose::STANDARD.encode(huge)}),
    );
    assert_eq!(err.field.as_deref(), Some("logo_png"), "{err:?}");
    let customer = shop.customer(
        "广州茶行有限公司",
        json!({"address": {"line1": "北京路 88 号", "city": "广州"}, "tax_id": "91440101TEST"}),
    );
    let invoice = shop.call(
        "finances.invoices.create",
        json!({
            "customer_id": customer["id"],
            "issue_date": "2026-03-01",
            "lines": [
                {"description": "西湖龙井 250g 礼盒装（明前特级）", "quantity": "3", "unit_price": "388.00", "tax_id": vat},
                {"description": "Tea tasting for twelve people, with a long description that has to wrap onto a second line", "quantity": "1", "unit_price": "1200", "discount": "10", "tax_id": vat}
            ],
            "notes": "请于到期日前付款。Thank you."
        }),
    );
    let invoice = shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "500", "method": "wechat_pay", "date": "2026-03-05"}),
    );
    (shop, invoice)
}

#[test]
fn names_outside_gb_2312_print_on_the_invoice() {
    // 喆, 堃, 昇 and 䶮 are common in names and not in GB 2312.
    let (mut shop, _) = Shop::with_clock(MARCH_15_MS);
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let customer = shop.customer(
        "王喆",
        json!({"address": {"line1": "堃园路 8 号", "city": "昇州"}}),
    );
    let invoice = shop.call(
        "finances.invoices.create",
        json!({
            "customer_id": customer["id"],
            "issue_date": "2026-03-01",
            "lines": [{"description": "䶮记 茶礼", "quantity": "1", "unit_price": "88.00"}]
        }),
    );
    let invoice = shop.call("finances.invoices.issue", json!({"id": invoice["id"]}));
    let bytes = decode(&shop.call(
        "finances.invoices.pdf",
        json!({"id": invoice["id"], "language": "zh"}),
    ));
    let Some(()) = poppler() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let path = path.to_str().unwrap();
    let fonts = run("pdffonts", &[path]);
    assert!(
        fonts.lines().skip(2).all(|row| row.contains("Noto")),
        "only the bundled font: {fonts}"
    );
    let text = run("pdftotext", &["-layout", path, "-"]);
    for expected in ["王喆", "堃园路", "昇州", "䶮记"] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn the_invoice_pdf_embeds_its_chinese_font_and_reads_back() {
    let (mut shop, invoice) = shop_with_invoice();
    let file = shop.call(
        "finances.invoices.pdf",
        json!({"id": invoice["id"], "language": "zh"}),
    );
    let number = invoice["number"].as_str().unwrap();
    assert_eq!(file["file_name"], format!("{number}.pdf"));
    let bytes = decode(&file);
    assert!(bytes.starts_with(b"%PDF-"));
    let english = decode(&shop.call(
        "finances.invoices.pdf",
        json!({"id": invoice["id"], "language": "en"}),
    ));
    let err = shop.fail(
        "finances.invoices.pdf",
        json!({"id": invoice["id"], "language": "fr"}),
    );
    assert_eq!(err.field.as_deref(), Some("language"));

    let Some(()) = poppler() else { return };
    let dir = tempfile::tempdir().unwrap();
    let zh_path = dir.path().join("zh.pdf");
    let en_path = dir.path().join("en.pdf");
    std::fs::write(&zh_path, &bytes).unwrap();
    std::fs::write(&en_path, &english).unwrap();
    let zh = zh_path.to_str().unwrap();
    // Every font is embedded (a subset), so any reader shows the same glyphs.
    let fonts = run("pdffonts", &[zh]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        assert!(row.contains("Noto"), "the bundled font: {row}");
        let columns: Vec<&str> = row.split_whitespace().collect();
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "embedded: {fonts}");
    }
    // The logo is drawn as an image.
    let images = run("pdfimages", &["-list", zh]);
    assert!(
        images
            .lines()
            .skip(2)
            .any(|l| l.contains(" 8 ") && l.contains(" 4 ")),
        "the 8×4 logo: {images}"
    );
    // The text is there, Chinese included, and maps back to Unicode (copy and search work).
    let text = run("pdftotext", &["-layout", zh, "-"]);
    for expected in [
        "发票",
        number,
        "广州茶行有限公司",
        "西湖龙井",
        "价税合计",
        // Amounts as people read them: grouped, the base currency by its sign.
        "¥2,535.72",
        "已付",
        "500.00",
        "2,035.72",
        "1,164.00",
        "税号 91440101TEST",
        "请于到期日前付款",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let text = run("pdftotext", &["-layout", en_path.to_str().unwrap(), "-"]);
    for expected in ["INVOICE", "Balance due", "second line", "Subtotal"] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // The page renders; the PNG is kept for a person to look at with SUANPAN_KEEP_PDF_PNG.
    let prefix = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "72",
            "-singlefile",
            zh,
            prefix.to_str().unwrap(),
        ],
    );
    let png = dir.path().join("page.png");
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
    if let Ok(keep) = std::env::var("SUANPAN_KEEP_PDF_PNG") {
        std::fs::copy(&png, Path::new(&keep)).unwrap();
        std::fs::copy(&zh_path, Path::new(&keep).with_extension("pdf")).unwrap();
    }
}

#[test]
fn reports_export_as_csv_excel_and_pdf() {
    let (mut shop, _) = shop_with_invoice();
    let csv = shop.call(
        "finances.reports.export",
        json!({"report": "profit_and_loss", "format": "csv", "from": "2026-03-01", "to": "2026-03-31", "language": "zh"}),
    );
    assert_eq!(csv["mime"], "text/csv");
    let text = String::from_utf8(decode(&csv)).unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(text.contains("利润表"));
    assert!(text.contains("5001,主营业务收入,2244.00"), "{text}");
    assert!(text.contains(",净利润,2244.00"), "{text}");

    let xlsx = decode(&shop.call(
        "finances.reports.export",
        json!({"report": "balance_sheet", "format": "xlsx", "as_of": "2026-03-31", "language": "en"}),
    ));
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");

    for report in [
        "trial_balance",
        "cash_flow",
        "ar_aging",
        "tax_summary",
        "balance_sheet",
        "profit_and_loss",
    ] {
        let pdf = decode(&shop.call(
            "finances.reports.export",
            json!({"report": report, "format": "pdf", "from": "2026-03-01", "to": "2026-03-31"}),
        ));
        assert!(pdf.starts_with(b"%PDF-"), "{report}");
        if poppler().is_some() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("r.pdf");
            std::fs::write(&path, &pdf).unwrap();
            let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
            assert!(text.contains("2026-03"), "{report}: {text}");
        }
    }
    // A customer named like a formula is written so a spreadsheet shows it as text.
    let sly = shop.customer("=HYPERLINK(\"http://x\",\"y\")", json!({}));
    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": sly["id"], "lines": [{"description": "x", "quantity": "1", "unit_price": "5"}]}),
    );
    shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    let aging = String::from_utf8(decode(&shop.call(
        "finances.reports.export",
        json!({"report": "ar_aging", "format": "csv", "as_of": "2026-12-31"}),
    )))
    .unwrap();
    assert!(aging.contains("\"'=HYPERLINK("), "{aging}");
    assert!(
        !aging.contains(",=HYPERLINK") && !aging.contains("\"=HYPERLINK"),
        "{aging}"
    );
    for (input, field) in [
        (json!({"report": "nope", "format": "csv"}), "report"),
        (
            json!({"report": "profit_and_loss", "format": "doc"}),
            "format",
        ),
        (
            json!({"report": "profit_and_loss", "format": "csv", "compare": true}),
            "compare",
        ),
    ] {
        let err = shop.fail("finances.reports.export", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{input}: {err:?}");
    }
}

#[test]
fn cash_flow_and_comparisons_with_the_prior_period() {
    let (mut shop, _) = shop_with_invoice();
    shop.call(
        "finances.income.create",
        json!({"date": "2026-02-10", "amount": "300"}),
    );
    shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-08", "amount": "80"}),
    );
    let flow = shop.call(
        "finances.reports.cash_flow",
        json!({"from": "2026-03-01", "to": "2026-03-31", "compare": true}),
    );
    assert_eq!(flow["opening"], "300.00");
    let line = |flow: &Value, category: &str| {
        flow["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["category"] == category)
            .unwrap()
            .clone()
    };
    assert_eq!(line(&flow, "customer_receipts")["amount"], "500.00");
    assert_eq!(line(&flow, "expenses")["amount"], "-80.00");
    assert_eq!(flow["net"], "420.00");
    assert_eq!(flow["closing"], "720.00");
    // The prior period is as long as March (31 days) and ends the day before it.
    assert_eq!(flow["prior"]["from"], "2026-01-29");
    assert_eq!(flow["prior"]["to"], "2026-02-28");
    assert_eq!(line(&flow, "other_income")["prior_amount"], "300.00");

    let pnl = shop.call(
        "finances.reports.profit_and_loss",
        json!({"from": "2026-03-01", "to": "2026-03-31", "compare": true}),
    );
    assert_eq!(pnl["prior"]["total_income"], "300.00");
    assert_eq!(pnl["total_income"], "2244.00");
    let sheet = shop.call(
        "finances.reports.balance_sheet",
        json!({"as_of": "2026-03-31", "compare_to": "2026-02-28"}),
    );
    assert_eq!(sheet["prior_total_assets"], "300.00");
    assert_eq!(sheet["compare_to"], "2026-02-28");
    let trial = shop.call(
        "finances.reports.trial_balance",
        json!({"from": "2026-03-01", "to": "2026-03-31", "compare": true}),
    );
    assert_eq!(trial["prior"]["total_debit"], "300.00");
    let cash = trial["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "1001")
        .unwrap();
    assert_eq!(cash["prior_balance"], "300.00", "February's cash income");
    let taxes = shop.call(
        "finances.reports.tax_summary",
        json!({"from": "2026-03-01", "to": "2026-03-31", "compare": true}),
    );
    assert_eq!(taxes["output_tax"], "291.72");
    assert_eq!(taxes["prior"]["output_tax"], "0.00");
}

#[test]
fn a_bank_account_the_owner_adds_holds_money_and_the_cash_flow_follows_it() {
    let (mut shop, invoice) = shop_with_invoice();
    // A second bank account, and an asset that is not money (a deposit paid to the landlord).
    let second = shop.call(
        "finances.accounts.create",
        json!({"code": "1002.02", "name": "建设银行", "kind": "asset", "holds_money": true}),
    );
    assert_eq!(second["holds_money"], true);
    let deposit = shop.call(
        "finances.accounts.create",
        json!({"code": "1221.01", "name": "房租押金", "kind": "asset"}),
    );
    // Only an asset holds money.
    let err = shop.fail(
        "finances.accounts.create",
        json!({"code": "2202.09", "name": "Card", "kind": "liability", "holds_money": true}),
    );
    assert_eq!(err.field.as_deref(), Some("holds_money"), "{err:?}");
    // The chart's own cash and bank accounts are listed as holding money.
    let chart = shop.call("finances.accounts.list", json!({}));
    let holds = |code: &str| {
        chart
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .unwrap()["holds_money"]
            .clone()
    };
    assert_eq!(holds("1001"), true);
    assert_eq!(holds("1002"), true);
    assert_eq!(holds("1122"), false);

    // Money cannot land in the deposit: it would leave the cash flow statement.
    for (command, input) in [
        (
            "finances.payments.create",
            json!({"invoice_id": invoice["id"], "amount": "100", "method": "bank_transfer",
                   "date": "2026-03-06", "account_id": deposit["id"]}),
        ),
        (
            "finances.income.create",
            json!({"date": "2026-03-06", "amount": "50", "account_id": deposit["id"]}),
        ),
    ] {
        let err = shop.fail(command, input);
        assert_eq!(err.field.as_deref(), Some("account_id"), "{err:?}");
        assert!(err.message.contains("does not hold money"), "{err:?}");
    }
    shop.call(
        "finances.payments.create",
        json!({"invoice_id": invoice["id"], "amount": "100", "method": "bank_transfer",
               "date": "2026-03-06", "account_id": second["id"]}),
    );
    // Income without an account goes to the first account that holds money (cash), not to the
    // first asset of the chart.
    shop.call(
        "finances.accounts.create",
        json!({"code": "0100", "name": "Prepaid rent", "kind": "asset"}),
    );
    let income = shop.call(
        "finances.income.create",
        json!({"date": "2026-04-02", "amount": "10"}),
    );
    assert_eq!(income["account_name"], "1001 库存现金", "{income}");
    let flow = shop.call(
        "finances.reports.cash_flow",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    // 500 by WeChat Pay and 100 into the second bank account.
    let receipts = flow["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == "customer_receipts")
        .unwrap()["amount"]
        .clone();
    assert_eq!(receipts, "600.00");
    assert_eq!(flow["closing"], "600.00");
    // Unmarking it takes it out again (the owner's call, logged like any change).
    let unmarked = shop.call(
        "finances.accounts.update",
        json!({"id": second["id"], "holds_money": false}),
    );
    assert_eq!(unmarked["holds_money"], false);
    let flow = shop.call(
        "finances.reports.cash_flow",
        json!({"from": "2026-03-01", "to": "2026-03-31"}),
    );
    assert_eq!(flow["closing"], "500.00");
}

#[test]
fn receipts_attach_to_expenses_encrypted_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(common::open_on_disk(dir.path()));
    shop.call("finances.setup", json!({"template": "generic"}));
    let expense = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-03", "amount": "58.00", "party": "Office shop"}),
    );
    // A tiny but real PNG: the signature and an IHDR chunk are what is checked.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    png.extend_from_slice(b"receipt-body-bytes");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
    let with = shop.call(
        "finances.attachments.add",
        json!({"owner_id": expense["id"], "file_name": "小票.png", "base64": b64}),
    );
    let attachment = &with["attachments"][0];
    assert_eq!(attachment["mime"], "image/png");
    assert_eq!(attachment["file_name"], "小票.png");
    let hash = attachment["hash"].as_str().unwrap();
    // Listed with the expense, readable back byte for byte.
    let listed = shop.call("finances.expenses.list", json!({}));
    assert_eq!(listed["events"][0]["attachments"][0]["hash"], hash);
    let file = shop.call(
        "finances.attachments.get",
        json!({"owner_id": expense["id"], "hash": hash}),
    );
    assert_eq!(decode(&file), png);
    // On disk under the data folder, named by its hash, and not readable as the image.
    let stored = dir.path().join("attachments").join(&hash[..2]).join(hash);
    let on_disk = std::fs::read(&stored).unwrap();
    assert!(
        !on_disk.windows(12).any(|w| w == b"receipt-body"),
        "encrypted at rest"
    );

    for (input, field) in [
        (
            json!({"owner_id": expense["id"], "file_name": "x.html", "base64": base64::engine::general_purpose::STANDARD.encode(b"<html>")}),
            "base64",
        ),
        (
            json!({"owner_id": expense["id"], "file_name": "x.png", "base64": "!!!"}),
            "base64",
        ),
        (
            json!({"owner_id": "nope", "file_name": "x.png", "base64": b64}),
            "owner_id",
        ),
        (
            json!({"owner_id": expense["id"], "file_name": " ", "base64": b64}),
            "file_name",
        ),
    ] {
        let err = shop.fail("finances.attachments.add", input.clone());
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
    }
    // A name is only ever a name.
    let sneaky = shop.call(
        "finances.attachments.add",
        json!({"owner_id": expense["id"], "file_name": "../../etc/小票2.png", "base64": base64::engine::general_purpose::STANDARD.encode([png.as_slice(), b"2"].concat())}),
    );
    assert_eq!(sneaky["attachments"][1]["file_name"], "小票2.png");
    let without = shop.call(
        "finances.attachments.remove",
        json!({"owner_id": expense["id"], "hash": hash}),
    );
    assert_eq!(without["attachments"].as_array().unwrap().len(), 1);
}

#[test]
fn a_restored_backup_keeps_its_receipts_and_numbers_as_a_new_device() {
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::from_core(common::open_on_disk(dir.path()));
    shop.call("finances.setup", json!({"template": "generic"}));
    let expense = shop.call(
        "finances.expenses.create",
        json!({"date": "2026-03-03", "amount": "12.00", "party": "Stationer"}),
    );
    let receipt = b"%PDF-1.7 pens and paper 12.00".to_vec();
    let with = shop.call(
        "finances.attachments.add",
        json!({"owner_id": expense["id"], "file_name": "pens.pdf",
               "base64": base64::engine::general_purpose::STANDARD.encode(&receipt)}),
    );
    let hash = with["attachments"][0]["hash"].clone();
    let customer = shop.customer("Ada", json!({}));
    let issue = |shop: &mut Shop| {
        let draft = shop.call(
            "finances.invoices.create",
            json!({"customer_id": customer["id"], "issue_date": "2026-03-04",
                   "lines": [{"description": "Tea", "quantity": "1", "unit_price": "10"}]}),
        );
        shop.call("finances.invoices.issue", json!({"id": draft["id"]}))["number"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first = issue(&mut shop);
    let target = dir.path().join("backup.db");
    shop.core
        .backup(&target, Some(common::keychain() as &dyn SecretStore))
        .unwrap();
    // The shop goes on after the backup.
    let second = issue(&mut shop);
    let original_device = shop.core.device_id();

    // The backup put in place of the company file on another (or a rebuilt) computer.
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::copy(&target, restored_dir.path().join(suanpan_core::DATA_FILE)).unwrap();
    let mut restored = Shop::signed_in(common::open_on_disk(restored_dir.path()));
    assert_ne!(restored.core.device_id(), original_device);
    let file = restored.call(
        "finances.attachments.get",
        json!({"owner_id": expense["id"], "hash": hash}),
    );
    assert_eq!(decode(&file), receipt);
    // Its numbers are its own series, never the original device's next one.
    let third = issue(&mut restored);
    assert_ne!(third, second);
    let prefix = |n: &str| n[..n.len() - 5].to_string();
    assert_ne!(prefix(&third), prefix(&first), "{third} vs {first}");
    // Opened again, it stays the same new device.
    let device = restored.core.device_id();
    drop(restored);
    let again = common::open_on_disk(restored_dir.path());
    assert_eq!(again.device_id(), device);
}

#[test]
fn the_company_profile_is_kept_checked_and_printed_as_the_seller_on_invoices_and_orders() {
    let (mut shop, invoice) = shop_with_invoice();
    assert_eq!(
        shop.call("company.profile.get", json!({}))["tax_id"],
        "",
        "empty until filled in"
    );
    let err = shop.fail(
        "company.profile.update",
        json!({"tax_id": "91330100MA2SELLER", "email": "owner@"}),
    );
    assert_eq!(err.field.as_deref(), Some("email"), "{err:?}");
    assert_eq!(
        shop.call("company.profile.get", json!({}))["tax_id"],
        "",
        "nothing half-written"
    );
    let profile = shop.call(
        "company.profile.update",
        json!({"address_line1": "文三路 1 号", "city": "杭州市", "region": "浙江省",
               "tax_id": "91330100MA2SELLER", "phone": "0571-88880000",
               "email": "shop@example.com", "bank_name": "招商银行杭州分行",
               "bank_account": "571900000001"}),
    );
    assert_eq!(profile["tax_id"], "91330100MA2SELLER");
    assert_eq!(profile["country"], "");
    let log = shop.call(
        "users.activity.list",
        json!({"command": "company.profile.update"}),
    );
    assert_eq!(log["total"], 1);

    let Some(()) = poppler() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invoice.pdf");
    std::fs::write(
        &path,
        decode(&shop.call(
            "finances.invoices.pdf",
            json!({"id": invoice["id"], "language": "zh"}),
        )),
    )
    .unwrap();
    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    for expected in [
        "文三路 1 号",
        "杭州市 浙江省",
        "税号 91330100MA2SELLER",
        "0571-88880000 · shop@example.com",
        "开户行及账号 招商银行杭州分行 571900000001",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    let back = shop.call("inventory.locations.create", json!({"name": "Back room"}));
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "龙井", "price": "120", "cost": "80"}),
    );
    let order = shop.call(
        "inventory.orders.create",
        json!({"supplier": "杭州茶厂", "location_id": back["id"],
               "lines": [{"product_id": tea["id"], "quantity": "20", "unit_cost": "80"}]}),
    );
    let path = dir.path().join("order.pdf");
    std::fs::write(
        &path,
        decode(&shop.call(
            "inventory.orders.pdf",
            json!({"id": order["id"], "language": "en"}),
        )),
    )
    .unwrap();
    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    for expected in [
        "Tax ID 91330100MA2SELLER",
        "Bank 招商银行杭州分行 571900000001",
        // The line's amount grouped, the total in the base currency by its sign.
        "1,600.00",
        "Total ¥1,600.00",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // Reports' headers say whose report it is: the books' and the stock's alike.
    for (command, input, name) in [
        (
            "finances.reports.export",
            json!({"report": "trial_balance", "format": "pdf", "language": "zh"}),
            "trial.pdf",
        ),
        (
            "inventory.reports.export",
            json!({"report": "stock_on_hand", "format": "pdf", "language": "en"}),
            "stock.pdf",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, decode(&shop.call(command, input))).unwrap();
        let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
        for expected in ["文三路 1 号", "91330100MA2SELLER", "0571-88880000"] {
            assert!(
                text.contains(expected),
                "{command}: {expected:?} missing from:\n{text}"
            );
        }
    }
}
