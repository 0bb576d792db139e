//! Hostile bytes into everything that decodes outside input: the customers' CSV import, the
//! products' CSV/Excel/ODS import (calamine), and sealed sync entries and files. Whatever comes
//! in, the answer is a result — a clear refusal naming what is wrong, or data — never a panic,
//! never an internal error, and a refused import writes nothing.
//!
//! These are property tests (proptest) standing in for `cargo fuzz` targets, which need the
//! libfuzzer-sys crate this build machine cannot fetch; `PROPTEST_CASES` runs them longer.

mod common;

use base64::Engine as _;
use common::Shop;
use proptest::prelude::*;
use serde_json::json;
use suanpan_core::sync::{Sealed, SyncKey};
use suanpan_core::ErrorCode;

/// Text that looks like CSV often enough to reach deep into the reader: quotes, separators,
/// line ends, BOMs, formulas, wide and odd characters.
fn csvish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name".to_string()),
        Just("email".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("=1+2".to_string()),
        Just("王小明".to_string()),
        Just("a@example.com".to_string()),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// Bytes that begin like a workbook (zip, OLE) or a CSV, then go anywhere.
fn workbookish() -> impl Strategy<Value = Vec<u8>> {
    let start = prop_oneof![
        Just(b"PK\x03\x04".to_vec()),
        Just(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec()),
        Just(b"name,sku,price\n".to_vec()),
        Just(Vec::new()),
    ];
    (start, prop::collection::vec(any::<u8>(), 0..600)).prop_map(|(mut a, b)| {
        a.extend(b);
        a
    })
}

thread_local! {
    /// One company for every case (setting one up costs a password hash).
    static SHOP: std::cell::RefCell<Shop> = std::cell::RefCell::new(Shop::new());
}

fn no_internal(err: &suanpan_core::Error, what: &str) {
    assert_ne!(
        err.code,
        ErrorCode::Internal,
        "{what}: an internal error for bad input: {err:?}"
    );
    assert!(
        !err.message.contains("panicked") && !err.message.to_lowercase().contains("sqlite"),
        "{what}: {err:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_customer_import_takes_any_text_and_refuses_clearly(text in csvish()) {
        SHOP.with_borrow_mut(|shop| {
            let before = shop.call("customers.list", json!({"status": "all"}))["total"].clone();
            match shop.core.call(Some(&shop.token), "customers.import", json!({"csv": text})) {
                Ok(report) => prop_assert!(report["imported"].is_u64()),
                Err(err) => {
                    no_internal(&err, "customers.import");
                    // All rows or none.
                    let after = shop.call("customers.list", json!({"status": "all"}))["total"].clone();
                    prop_assert_eq!(before, after);
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn the_product_import_takes_any_file_and_refuses_clearly(
        bytes in workbookish(),
        name in prop_oneof![Just("p.csv"), Just("p.xlsx"), Just("p.xls"), Just("p.ods")],
    ) {
        let file = json!({"file_name": name,
                          "base64": base64::engine::general_purpose::STANDARD.encode(&bytes)});
        SHOP.with_borrow_mut(|shop| {
            if let Err(err) =
                shop.core.call(Some(&shop.token), "inventory.products.import_preview", file)
            {
                no_internal(&err, "inventory.products.import_preview");
            }
        });
    }

    #[test]
    fn sealed_entries_and_files_from_a_relay_never_panic(
        blob in prop::collection::vec(any::<u8>(), 0..400),
        doc in "[0-9a-f]{0,40}",
        replace in any::<bool>(),
        version in 0u8..4,
    ) {
        let key = SyncKey::generate();
        let mut blob = blob;
        if let Some(first) = blob.first_mut() {
            *first = version;
        }
        let sealed = Sealed { doc: doc.clone(), replace, blob: blob.clone() };
        prop_assert!(key.open(&sealed).is_err());
        prop_assert!(key.open_file(&doc, &blob).is_err());
    }
}
