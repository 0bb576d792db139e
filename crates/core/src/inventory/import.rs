//! Products from a spreadsheet: CSV, or Excel and OpenDocument (.xlsx, .xls, .ods) through
//! calamine. The caller maps the file's columns to product fields (a preview suggests a
//! mapping from the headers); every row is checked before any is written, and a bad row is
//! reported by its number (as the spreadsheet shows it, the header being row 1) and column.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use base64::Engine;
use calamine::{Data, Reader};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::*;
use super::ops::{load_product, sees_costs};
use super::{barcode, store};
use crate::kernel::access::Permission::InventoryManage;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result, RowError};
use crate::kernel::ids::{CategoryId, ProductId};
use crate::kernel::money;
use crate::kernel::validate;

pub const ROWS_MAX: usize = 200_000;
pub const FILE_BYTES_MAX: usize = 64 * 1024 * 1024;
const ROW_ERRORS_MAX: usize = 200;
const PREVIEW_ROWS: usize = 10;
/// Rows between progress reports.
const PROGRESS_EVERY: usize = 1_000;
const NAME_CHARS_MAX: usize = 200;

/// The product fields a column can fill, and the header words that suggest each.
const FIELDS: [(&str, &[&str]); 8] = [
    (
        "name",
        &[
            "name",
            "product",
            "item",
            "名称",
            "商品",
            "品名",
            "商品名称",
        ],
    ),
    (
        "sku",
        &["sku", "code", "item code", "货号", "编码", "商品编码"],
    ),
    (
        "barcode",
        &["barcode", "ean", "upc", "gtin", "条码", "条形码"],
    ),
    (
        "price",
        &["price", "sale price", "retail", "售价", "价格", "零售价"],
    ),
    (
        "cost",
        &[
            "cost",
            "cost price",
            "purchase price",
            "成本",
            "进价",
            "成本价",
        ],
    ),
    ("unit", &["unit", "uom", "单位"]),
    ("category", &["category", "group", "类别", "分类"]),
    (
        "description",
        &["description", "notes", "描述", "说明", "备注"],
    ),
];

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "inventory.products.import_preview",
            InventoryManage,
            false,
            "Read a CSV, Excel or ODS file's headers and first rows, with a suggested mapping",
            preview,
        ),
        command(
            "inventory.products.import",
            InventoryManage,
            true,
            "Import products from a CSV, Excel or ODS file: every row, or none",
            import,
        ),
    ]
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportFile {
    /// The name it came with: `.csv` is read as text, anything else as a workbook.
    pub file_name: String,
    pub base64: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportPreview {
    pub headers: Vec<String>,
    /// Field → header, for the headers that name a field.
    pub mapping: HashMap<String, String>,
    pub rows: Vec<Vec<String>>,
    #[ts(type = "number")]
    pub total_rows: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProductImportInput {
    pub file_name: String,
    pub base64: String,
    /// Field (`name`, `sku`, `barcode`, `price`, `cost`, `unit`, `category`, `description`) →
    /// the header of the column it comes from. `name` and `price` are needed.
    pub mapping: HashMap<String, String>,
    /// A row whose SKU is a product's already changes that product instead of being refused.
    #[serde(default)]
    #[ts(optional)]
    pub update_existing: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductImportReport {
    #[ts(type = "number")]
    pub created: u64,
    #[ts(type = "number")]
    pub updated: u64,
    #[ts(type = "number")]
    pub categories_created: u64,
}

/// A table read from a file: headers and numbered rows of text.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

fn cell_text(cell: &Data) -> String {
    match cell {
        // Spreadsheets store 19.99 as 19.990000000000002: six decimals are plenty for prices
        // and quantities, and take the noise away.
        Data::Float(v) => {
            let rounded = (v * 1e6).round() / 1e6;
            format!("{rounded}")
        }
        other => other.to_string().trim().to_string(),
    }
}

/// Reads the first sheet (or the CSV) of a file into text cells.
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table> {
    let too_many = || {
        Error::invalid(
            "base64",
            Reason::TooMany,
            format!("the file has more than {ROWS_MAX} rows; split it"),
        )
    };
    let lower = file_name.to_lowercase();
    let mut lines: Vec<(u64, Vec<String>)> = Vec::new();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Error::invalid(
                "base64",
                Reason::InvalidValue,
                "the CSV is not UTF-8 text (save it as \"CSV UTF-8\")",
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(row) = crate::kernel::export::unterminated_quote_row(text) {
            return Err(Error::rows(
                format!("row {row}: a quoted field is never closed"),
                format!("第 {row} 行：引号没有闭合"),
                vec![RowError {
                    row,
                    field: None,
                    message: "a quoted field is never closed (a missing \")".into(),
                    reason: Some(Reason::UnclosedQuote),
                    limit: None,
                }],
            ));
        }
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                Error::validation(
                    "base64",
                    format!("row {}: not CSV: {e}", i + 1),
                    format!("第 {} 行：不是 CSV", i + 1),
                )
            })?;
            if lines.len() > ROWS_MAX {
                return Err(too_many());
            }
            lines.push((
                i as u64 + 1,
                record.iter().map(|c| c.trim().to_string()).collect(),
            ));
        }
    } else {
        let mut workbook =
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
                Error::invalid(
                    "base64",
                    Reason::InvalidValue,
                    format!(
                        "{file_name}: not a CSV, Excel (.xlsx, .xls) or OpenDocument (.ods) file"
                    ),
                )
            })?;
        let range = workbook
            .worksheet_range_at(0)
            .ok_or_else(|| {
                Error::validation(
                    "base64",
                    format!("{file_name} has no sheet"),
                    format!("{file_name} 中没有工作表"),
                )
            })?
            .map_err(|e| {
                Error::validation(
                    "base64",
                    format!("{file_name}: {e}"),
                    format!("{file_name} 无法读取"),
                )
            })?;
        // Rows are numbered as the spreadsheet shows them, from where the used range starts.
        let first_row = range.start().map(|(row, _)| row as u64).unwrap_or(0);
        for (i, row) in range.rows().enumerate() {
            if lines.len() > ROWS_MAX {
                return Err(too_many());
            }
            lines.push((
                first_row + i as u64 + 1,
                row.iter().map(cell_text).collect(),
            ));
        }
    }
    // Blank rows are skipped; the first row with anything in it is the header.
    let mut rows = lines
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let (_, headers) = rows.next().ok_or_else(|| {
        Error::validation(
            "base64",
            "the file is empty; it needs a header row and a row per product",
            "文件是空的；需要一个标题行，每个商品一行",
        )
    })?;
    Ok(Table {
        headers,
        rows: rows.collect(),
    })
}

fn decode(base64_text: &str) -> Result<Vec<u8>> {
    if base64_text.len() > FILE_BYTES_MAX / 3 * 4 + 4 {
        return Err(Error::invalid(
            "base64",
            Reason::TooLong,
            format!("the file is larger than {} MB", FILE_BYTES_MAX >> 20),
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(base64_text.trim())
        .map_err(|_| {
            Error::validation(
                "base64",
                "base64: the file's bytes as base64",
                "base64：文件内容须以 base64 编码",
            )
        })
}

fn suggest(headers: &[String]) -> HashMap<String, String> {
    let mut mapping = HashMap::new();
    for (field, words) in FIELDS {
        if let Some(header) = headers
            .iter()
            .find(|h| words.contains(&h.trim().to_lowercase().as_str()))
        {
            mapping.insert(field.to_string(), header.clone());
        }
    }
    mapping
}

fn preview(_cx: &mut Cx<'_>, input: ImportFile) -> Result<ImportPreview> {
    let table = read_table(&input.file_name, &decode(&input.base64)?)?;
    Ok(ImportPreview {
        mapping: suggest(&table.headers),
        rows: table
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(_, cells)| cells.clone())
            .collect(),
        total_rows: table.rows.len() as u64,
        headers: table.headers,
    })
}

/// One checked row, ready to write.
struct Checked {
    existing: Option<ProductId>,
    name: String,
    sku: Option<String>,
    barcode: Option<String>,
    price: i64,
    cost: Option<i64>,
    unit: Option<String>,
    category: Option<String>,
    description: Option<String>,
}

fn import(cx: &mut Cx<'_>, input: ProductImportInput) -> Result<ProductImportReport> {
    let table = read_table(&input.file_name, &decode(&input.base64)?)?;
    // The mapping names columns by header; each must be in the file.
    let mut columns: HashMap<&str, usize> = HashMap::new();
    for (field, header) in &input.mapping {
        let Some((known, _)) = FIELDS.iter().find(|(f, _)| f == field) else {
            return Err(Error::invalid(
                &format!("mapping.{field}"),
                Reason::InvalidValue,
                format!("mapping.{field}: not a product field (name, sku, barcode, price, cost, unit, category, description)"),
            ));
        };
        let index = table
            .headers
            .iter()
            .position(|h| h == header)
            .ok_or_else(|| {
                Error::invalid(
                    &format!("mapping.{field}"),
                    Reason::MissingColumn,
                    format!("mapping.{field}: the file has no column \"{header}\""),
                )
            })?;
        columns.insert(known, index);
    }
    for required in ["name", "price"] {
        if !columns.contains_key(required) {
            return Err(Error::invalid(
                &format!("mapping.{required}"),
                Reason::Required,
                format!("mapping.{required}: which column holds the product's {required}?"),
            ));
        }
    }
    if columns.contains_key("cost") && !sees_costs(cx) {
        return Err(Error::invalid(
            "mapping.cost",
            Reason::InvalidValue,
            "mapping.cost: only owners and accountants see and set cost prices",
        ));
    }
    let update_existing = input.update_existing.unwrap_or(false);
    let mut checked = Vec::with_capacity(table.rows.len());
    let mut errors: Vec<RowError> = Vec::new();
    let mut skus_in_file: HashMap<String, u64> = HashMap::new();
    let mut barcodes_in_file: HashMap<String, u64> = HashMap::new();
    let total = table.rows.len() as u64;
    for (n, (row, cells)) in table.rows.iter().enumerate() {
        if n % PROGRESS_EVERY == 0 {
            cx.progress("products.import.check", n as u64, total);
        }
        let get = |field: &str| -> Option<&str> {
            columns
                .get(field)
                .and_then(|&i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let header = |field: &str| {
            columns
                .get(field)
                .map(|&i| table.headers[i].clone())
                .unwrap_or_else(|| field.to_string())
        };
        let result = (|| -> Result<Checked> {
            let name = validate::required("name", get("name").unwrap_or(""), NAME_CHARS_MAX)?;
            let price = money::parse("price", get("price").unwrap_or(""), false)?;
            let cost = get("cost")
                .map(|c| money::parse("cost", c, false))
                .transpose()?;
            let barcode = match get("barcode") {
                Some(code) => Some(barcode::validate("barcode", code)?),
                None => None,
            };
            let sku = get("sku").map(str::to_string);
            let mut existing = None;
            if let Some(sku) = &sku {
                if let Some(first) = skus_in_file.insert(sku.to_lowercase(), *row) {
                    return Err(Error::invalid(
                        "sku",
                        Reason::InvalidValue,
                        format!("sku {sku} is on row {first} too"),
                    ));
                }
                let owners = store::sku_owners(cx.conn, sku)?;
                if owners.len() > 1 {
                    return Err(Error::invalid(
                        "sku",
                        Reason::InvalidValue,
                        format!("sku {sku} is on {} products (given on two devices offline): settle that under Products first", owners.len()),
                    ));
                }
                if let Some(owner) = owners.into_iter().next() {
                    if !update_existing {
                        return Err(Error::invalid(
                            "sku",
                            Reason::InvalidValue,
                            format!("sku {sku} belongs to a product already (import with \"update existing\" to change it)"),
                        ));
                    }
                    existing = Some(owner);
                }
            }
            if let Some(code) = &barcode {
                if let Some(first) = barcodes_in_file.insert(code.clone(), *row) {
                    return Err(Error::invalid(
                        "barcode",
                        Reason::InvalidValue,
                        format!("barcode {code} is on row {first} too"),
                    ));
                }
                let own = existing.map(|e| e.to_string());
                if store::barcode_owner(cx.conn, code, own.as_deref())?.is_some() {
                    return Err(Error::invalid(
                        "barcode",
                        Reason::InvalidValue,
                        format!("barcode {code} belongs to another product"),
                    ));
                }
            }
            Ok(Checked {
                existing,
                name,
                sku,
                barcode,
                price,
                cost,
                unit: get("unit").map(str::to_string),
                category: get("category").map(str::to_string),
                description: get("description").map(str::to_string),
            })
        })();
        match result {
            Ok(row) => checked.push(row),
            Err(err) => {
                let column = err.field.as_deref().map(header);
                errors.push(RowError {
                    row: *row,
                    message: match &column {
                        Some(column) => format!("row {row}, column \"{column}\": {}", err.message),
                        None => format!("row {row}: {}", err.message),
                    },
                    field: column,
                    reason: err.reason,
                    limit: err.limit.map(u64::from),
                });
                if errors.len() >= ROW_ERRORS_MAX {
                    break;
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::rows(
            format!("{} rows have errors; nothing was imported", errors.len()),
            format!("有 {} 行有错误；什么都没有导入", errors.len()),
            errors,
        ));
    }
    if checked.is_empty() {
        return Err(Error::validation(
            "base64",
            "the file has a header row but no products",
            "文件只有标题行，没有商品",
        ));
    }
    // Categories by path ("Drinks / Tea"), made as needed.
    let mut categories: HashMap<String, CategoryId> = HashMap::new();
    for (id, (path, _)) in super::ops::category_paths(cx)? {
        categories.insert(path.to_lowercase(), CategoryId::parse("category", &id)?);
    }
    let mut report = ProductImportReport {
        created: 0,
        updated: 0,
        categories_created: 0,
    };
    let mut made_skus: HashSet<String> = HashSet::new();
    for (n, row) in checked.into_iter().enumerate() {
        if n % PROGRESS_EVERY == 0 {
            cx.progress("products.import.write", n as u64, total);
        }
        let category_id = match &row.category {
            None => None,
            Some(path) => {
                let mut parent: Option<CategoryId> = None;
                let mut so_far = Vec::new();
                for part in path
                    .split(['/', '>'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    so_far.push(part.to_string());
                    let key = so_far.join(" / ").to_lowercase();
                    let id = match categories.get(&key) {
                        Some(id) => *id,
                        None => {
                            let record = CategoryRecord {
                                id: CategoryId::new(),
                                name: validate::required("category", part, NAME_CHARS_MAX)?,
                                parent_id: parent,
                                created_at_ms: cx.now_ms,
                            };
                            cx.put(&record)?;
                            report.categories_created += 1;
                            categories.insert(key, record.id);
                            record.id
                        }
                    };
                    parent = Some(id);
                }
                parent
            }
        };
        match row.existing {
            Some(id) => {
                let mut record = load_product(cx, "sku", id)?;
                record.name = row.name;
                record.price = crate::kernel::amount::Amount::new(row.price);
                if let Some(cost) = row.cost {
                    record.cost = crate::kernel::amount::Amount::new(cost);
                }
                if let Some(barcode) = row.barcode {
                    record.barcode = barcode;
                }
                if let Some(unit) = row.unit {
                    record.unit = unit;
                }
                if category_id.is_some() {
                    record.category_id = category_id;
                }
                if let Some(description) = row.description {
                    record.description = description;
                }
                record.updated_at_ms = cx.now_ms;
                cx.put(&record)?;
                report.updated += 1;
            }
            None => {
                let id = ProductId::new();
                let sku = row.sku.unwrap_or_else(|| {
                    let simple = id.as_uuid().simple().to_string();
                    format!("P-{}", simple[simple.len() - 8..].to_ascii_uppercase())
                });
                made_skus.insert(sku.to_lowercase());
                cx.put(&ProductRecord {
                    id,
                    name: row.name,
                    description: row.description.unwrap_or_default(),
                    category_id,
                    sku,
                    barcode: row.barcode.unwrap_or_default(),
                    unit: row.unit.unwrap_or_else(|| "pcs".into()),
                    price: crate::kernel::amount::Amount::new(row.price),
                    cost: crate::kernel::amount::Amount::new(row.cost.unwrap_or(0)),
                    tax_id: None,
                    tracks_stock: true,
                    archived: false,
                    suppliers: Vec::new(),
                    created_at_ms: cx.now_ms,
                    updated_at_ms: cx.now_ms,
                })?;
                report.created += 1;
            }
        }
    }
    cx.progress("products.import.write", total, total);
    cx.record_change(
        "products",
        Summary::both(
            format!(
                "imported products from {}: {} new, {} changed",
                input.file_name, report.created, report.updated
            ),
            format!(
                "从 {} 导入商品：新增 {} 个，修改 {} 个",
                input.file_name, report.created, report.updated
            ),
        ),
    );
    Ok(report)
}
