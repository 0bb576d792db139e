//! Barcodes on paper and from pictures: a PDF sheet of product labels (name, price and an
//! EAN-13 / UPC-A, Code 128 or QR code), codes made up for products that have none, and
//! barcodes read from a photo or a screenshot.

use base64::Engine;
use rxing::{BarcodeFormat, MultiFormatWriter, Writer};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::*;
use super::ops::{load_product, product_by_code, product_view};
use super::{barcode, store};
use crate::kernel::access::Permission::{InventoryManage, InventoryRead};
use crate::kernel::command::IdInput;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::export::FileExport;
use crate::kernel::money;
use crate::kernel::pdf::{self, Align, Sheet};

/// Labels on one sheet: 3 across, 7 down (A4, 63.5 × 38.1 mm, the common L7160 layout).
const COLUMNS: usize = 3;
const ROWS: usize = 7;
const MM: f32 = 72.0 / 25.4;
const LABEL_WIDTH: f32 = 63.5 * MM;
const LABEL_HEIGHT: f32 = 38.1 * MM;
const PITCH_X: f32 = 66.0 * MM;
const LEFT: f32 = 7.2 * MM;
const TOP: f32 = 15.1 * MM;
const LABELS_MAX: usize = 2_000;
/// A picture to read codes from: what a phone photo or a screenshot is.
const IMAGE_BYTES_MAX: usize = 15 * 1024 * 1024;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.labels.pdf",
            InventoryRead,
            false,
            "A PDF sheet of product labels with name, price and barcode",
            labels_pdf,
        ),
        command(
            "inventory.products.generate_barcode",
            InventoryManage,
            true,
            "Give a product without a barcode an internal code (Code 128)",
            generate_barcode,
        ),
        command(
            "inventory.scanning.decode",
            InventoryRead,
            false,
            "Read barcodes and QR codes from a picture, and the products they name",
            decode,
        ),
    ]
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LabelsInput {
    pub product_ids: Vec<crate::kernel::ids::ProductId>,
    /// Labels per product (default 1).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub copies: Option<u32>,
    /// `auto` (the product's retail code as EAN-13/UPC-A, else Code 128), `code128` or `qr`.
    #[serde(default)]
    #[ts(optional)]
    pub symbology: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DecodeInput {
    /// A PNG, JPEG or WebP picture, as base64.
    pub base64: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DecodedCode {
    pub text: String,
    /// `EAN_13`, `UPC_A`, `CODE_128`, `QR_CODE`…
    pub format: String,
    /// The product whose barcode or SKU it is, if any.
    pub product: Option<Product>,
    /// Why no product is given for a code that names several (a clash made offline).
    pub problem: Option<String>,
}

/// What a label's code says and how it is drawn.
fn code_for(product: &ProductRecord, symbology: &str) -> Result<(String, BarcodeFormat)> {
    let code = if product.barcode.is_empty() {
        product.sku.clone()
    } else {
        product.barcode.clone()
    };
    let digits = code.chars().all(|c| c.is_ascii_digit());
    Ok(match symbology {
        "qr" => (code, BarcodeFormat::QR_CODE),
        "code128" => (code, BarcodeFormat::CODE_128),
        "auto" if digits && code.len() == 13 => (code, BarcodeFormat::EAN_13),
        "auto" if digits && code.len() == 12 => (code, BarcodeFormat::UPC_A),
        "auto" if digits && code.len() == 8 => (code, BarcodeFormat::EAN_8),
        "auto" => (code, BarcodeFormat::CODE_128),
        _ => {
            return Err(Error::invalid(
                "symbology",
                Reason::InvalidValue,
                "symbology: auto, code128 or qr",
            ))
        }
    })
}

/// The bars or modules of a code fitted into a box, as black rectangles.
fn draw(
    text: &str,
    format: &BarcodeFormat,
    x: f32,
    y: f32,
    width: f32,
    height: f32,
) -> Result<Vec<[f32; 4]>> {
    let matrix = MultiFormatWriter
        .encode(text, format, 0, 0)
        .map_err(|e| Error::internal(format!("cannot draw {text} as {format:?}: {e}")))?;
    let (columns, rows) = (matrix.width(), matrix.height());
    if columns == 0 || rows == 0 {
        return Err(Error::internal("an empty barcode"));
    }
    let mut rects = Vec::new();
    if *format == BarcodeFormat::QR_CODE {
        let module = (width.min(height) / columns.max(rows) as f32).max(0.5);
        for row in 0..rows {
            for column in 0..columns {
                if matrix.get(column, row) {
                    rects.push([
                        x + column as f32 * module,
                        y + row as f32 * module,
                        module,
                        module,
                    ]);
                }
            }
        }
    } else {
        // One row says it all; each run of dark modules is one bar as tall as the box.
        let module = width / columns as f32;
        let mut column = 0;
        while column < columns {
            if matrix.get(column, 0) {
                let start = column;
                while column < columns && matrix.get(column, 0) {
                    column += 1;
                }
                rects.push([
                    x + start as f32 * module,
                    y,
                    (column - start) as f32 * module,
                    height,
                ]);
            } else {
                column += 1;
            }
        }
    }
    Ok(rects)
}

/// Cuts text to what fits in `width` at `size`, with an ellipsis.
fn fit(text: &str, size: f32, width: f32) -> String {
    if pdf::text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}…");
        if pdf::text_width(&next, size) > width {
            break;
        }
        out.push(c);
    }
    format!("{out}…")
}

fn labels_pdf(cx: &mut Cx<'_>, input: LabelsInput) -> Result<FileExport> {
    let symbology = input
        .symbology
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("auto")
        .to_string();
    let copies = input.copies.unwrap_or(1).max(1) as usize;
    if input.product_ids.is_empty() || input.product_ids.len() * copies > LABELS_MAX {
        return Err(Error::invalid(
            "product_ids",
            Reason::TooMany,
            format!("product_ids: 1 to {LABELS_MAX} labels at a time"),
        ));
    }
    let mut products = Vec::new();
    for (i, id) in input.product_ids.iter().enumerate() {
        let product = load_product(cx, &format!("product_ids[{i}]"), *id)?;
        let code = code_for(&product, &symbology)?;
        products.push((product, code));
    }
    let mut sheet = Sheet::new("Labels", "zh-CN");
    let mut slot = 0;
    for (product, (code, format)) in &products {
        for _ in 0..copies {
            if slot == COLUMNS * ROWS {
                sheet.new_page();
                slot = 0;
            }
            let (column, row) = (slot % COLUMNS, slot / COLUMNS);
            let x = LEFT + column as f32 * PITCH_X + 6.0;
            let y = TOP + row as f32 * LABEL_HEIGHT + 6.0;
            let inner = LABEL_WIDTH - 12.0;
            sheet.text_at(
                x,
                y + 9.0,
                9.0,
                &fit(&product.name, 9.0, inner),
                Align::Left,
            );
            sheet.text_at(
                x + inner,
                y + 22.0,
                11.0,
                &money::format(product.price),
                Align::Right,
            );
            let (bars_y, bars_height) = (y + 27.0, LABEL_HEIGHT - 12.0 - 27.0 - 10.0);
            let rects = if *format == BarcodeFormat::QR_CODE {
                draw(code, format, x, bars_y - 14.0, inner, bars_height + 14.0)?
            } else {
                draw(code, format, x, bars_y, inner, bars_height)?
            };
            sheet.boxes(rects);
            sheet.grey_text_at(x, y + LABEL_HEIGHT - 13.0, 7.0, code);
            slot += 1;
        }
    }
    let bytes = sheet.finish()?;
    Ok(FileExport {
        file_name: "labels.pdf".into(),
        mime: "application/pdf".into(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn generate_barcode(
    cx: &mut Cx<'_>,
    input: IdInput<crate::kernel::ids::ProductId>,
) -> Result<Product> {
    let mut record = load_product(cx, "id", input.id)?;
    if !record.barcode.is_empty() {
        return Err(Error::conflict(
            format!("{} has a barcode already ({})", record.name, record.barcode),
            format!("{} 已经有条码（{}）", record.name, record.barcode),
        ));
    }
    // Made from the product's id: distinct without asking, and short enough to scan well.
    let simple = record
        .id
        .as_uuid()
        .simple()
        .to_string()
        .to_ascii_uppercase();
    let mut code = format!("SP{}", &simple[simple.len() - 10..]);
    let mut n = 0;
    while store::barcode_owner(cx.conn, &code, None)?.is_some() {
        n += 1;
        code = format!("SP{}{n}", &simple[simple.len() - 10..]);
    }
    record.barcode = barcode::validate("barcode", &code)?;
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!(
                "gave {} the internal barcode {}",
                record.name, record.barcode
            ),
            format!("为 {} 生成内部条码 {}", record.name, record.barcode),
        ),
    );
    product_view(cx, &record)
}

fn decode(cx: &mut Cx<'_>, input: DecodeInput) -> Result<Vec<DecodedCode>> {
    if input.base64.len() > IMAGE_BYTES_MAX / 3 * 4 + 4 {
        return Err(Error::invalid(
            "base64",
            Reason::TooLong,
            format!("base64: a picture of at most {} MB", IMAGE_BYTES_MAX >> 20),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.base64.trim())
        .map_err(|_| {
            Error::validation(
                "base64",
                "base64: the picture's bytes as base64",
                "base64：图片内容须以 base64 编码",
            )
        })?;
    let image = image::load_from_memory(&bytes).map_err(|_| {
        Error::invalid(
            "base64",
            Reason::InvalidValue,
            "base64: a PNG, JPEG or WebP picture",
        )
    })?;
    // Several codes in one picture (a label sheet, a shelf), or none.
    let results = rxing::helpers::detect_multiple_in_image(image).unwrap_or_default();
    let mut out: Vec<DecodedCode> = Vec::new();
    for result in results {
        let text = result.getText().trim().to_string();
        if text.is_empty() || out.iter().any(|c| c.text == text) {
            continue;
        }
        let (product, problem) = match product_by_code(cx, "code", &text) {
            Ok(Some(record)) => (Some(product_view(cx, &record)?), None),
            Ok(None) => (None, None),
            Err(e) if e.code == crate::kernel::error::ErrorCode::Conflict => {
                (None, Some(e.message))
            }
            Err(e) => return Err(e),
        };
        out.push(DecodedCode {
            text,
            format: format!("{:?}", result.getBarcodeFormat()),
            product,
            problem,
        });
    }
    Ok(out)
}
