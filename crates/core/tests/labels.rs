//! Product labels: the PDF sheet's barcodes must be read by an independent decoder (zbarimg,
//! from Debian's zbar-tools) after poppler renders the page, and the app reads them back from
//! the picture too.

mod common;

use std::process::Command;

use base64::Engine;
use common::Shop;
use serde_json::{json, Value};

/// poppler's pdftoppm and zbar's zbarimg, or `None` when they are missing and not required
/// (a developer's machine; scripts/test.sh requires them).
fn tools() -> Option<()> {
    let found = Command::new("pdftoppm").arg("-v").output().is_ok()
        && Command::new("zbarimg").arg("--version").output().is_ok();
    if !found && std::env::var("SUANPAN_REQUIRE_POPPLER").is_ok() {
        panic!("SUANPAN_REQUIRE_POPPLER is set but pdftoppm or zbarimg is missing (scripts/setup.sh test)");
    }
    found.then_some(())
}

fn bytes_of(file: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["base64"].as_str().unwrap())
        .unwrap()
}

/// Renders the PDF's first page to PNG at 300 dpi and returns its bytes.
fn render(dir: &std::path::Path, pdf: &[u8], name: &str) -> Vec<u8> {
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-png", "-singlefile"])
        .arg(&path)
        .arg(dir.join(name))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(dir.join(format!("{name}.png"))).unwrap()
}

/// What zbarimg reads from a PNG: `TYPE:text` lines, sorted.
fn zbar(dir: &std::path::Path, png: &[u8], name: &str) -> Vec<String> {
    let path = dir.join(format!("{name}-zbar.png"));
    std::fs::write(&path, png).unwrap();
    let out = Command::new("zbarimg")
        .arg("--quiet")
        .arg(&path)
        .output()
        .unwrap();
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn label_sheets_carry_codes_an_independent_reader_decodes() {
    let Some(()) = tools() else {
        eprintln!("skipped: pdftoppm or zbarimg is missing");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut shop = Shop::new();
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "西湖龙井 250g 特级", "price": "388", "barcode": "6901234567892", "sku": "TEA-LJ"}),
    );
    let upc = shop.call(
        "inventory.products.create",
        json!({"name": "Cola 12oz", "price": "3.5", "barcode": "036000291452"}),
    );
    let cup = shop.call(
        "inventory.products.create",
        json!({"name": "Tea cup", "price": "12", "sku": "CUP-01"}),
    );
    // A product without a barcode is given an internal one on request; asking twice is refused.
    let cup = shop.call(
        "inventory.products.generate_barcode",
        json!({"id": cup["id"]}),
    );
    let internal = cup["barcode"].as_str().unwrap().to_string();
    assert!(internal.starts_with("SP"), "{cup}");
    let err = shop.fail(
        "inventory.products.generate_barcode",
        json!({"id": cup["id"]}),
    );
    assert_eq!(err.code, suanpan_core::ErrorCode::Conflict);

    let sheet = shop.call(
        "inventory.labels.pdf",
        json!({"product_ids": [tea["id"], upc["id"], cup["id"]]}),
    );
    assert_eq!(sheet["mime"], "application/pdf");
    let png = render(dir.path(), &bytes_of(&sheet), "auto");
    let read = zbar(dir.path(), &png, "auto");
    assert_eq!(
        read,
        vec![
            format!("CODE-128:{internal}"),
            "EAN-13:6901234567892".to_string(),
            // zbar reports a UPC-A as the EAN-13 it is part of.
            "EAN-13:0036000291452".to_string(),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>(),
        "zbarimg read: {read:?}"
    );

    // QR codes, two copies each, on a second run.
    let sheet = shop.call(
        "inventory.labels.pdf",
        json!({"product_ids": [tea["id"]], "symbology": "qr", "copies": 2}),
    );
    let png = render(dir.path(), &bytes_of(&sheet), "qr");
    let read = zbar(dir.path(), &png, "qr");
    assert_eq!(
        read,
        vec!["QR-Code:6901234567892", "QR-Code:6901234567892"],
        "{read:?}"
    );

    // The app reads the codes back from the picture and names the products.
    let picture = base64::engine::general_purpose::STANDARD.encode(render(
        dir.path(),
        &bytes_of(&shop.call("inventory.labels.pdf", json!({"product_ids": [tea["id"]]}))),
        "one",
    ));
    let decoded = shop.call("inventory.scanning.decode", json!({"base64": picture}));
    let found = decoded
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "6901234567892")
        .unwrap_or_else(|| panic!("not read: {decoded}"));
    assert_eq!(found["format"], "EAN_13");
    assert_eq!(found["product"]["id"], tea["id"]);
    let err = shop.fail(
        "inventory.scanning.decode",
        json!({"base64": base64::engine::general_purpose::STANDARD.encode(b"not a picture")}),
    );
    assert_eq!(err.field.as_deref(), Some("base64"));
    let err = shop.fail(
        "inventory.labels.pdf",
        json!({"product_ids": [tea["id"]], "symbology": "pdf417"}),
    );
    assert_eq!(err.field.as_deref(), Some("symbology"));
}
