//! Customer CSV: UTF-8 with or without a BOM, RFC 4180 quoting (embedded commas, quotes and
//! newlines). Rows are numbered as a spreadsheet shows them: the header is row 1.

use super::model::{Address, Customer, CustomerInput};
use crate::kernel::error::{Error, Reason, Result, RowError};
use crate::kernel::export::unterminated_quote_row;

pub const COLUMNS: [&str; 11] = [
    "name",
    "email",
    "phone",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "country",
    "tax_id",
    "tags",
];
pub const IMPORT_ROWS_MAX: usize = 100_000;
pub const IMPORT_BYTES_MAX: usize = 64 * 1024 * 1024;
/// Errors reported per import: past this many the file is clearly the wrong one.
pub const ROW_ERRORS_MAX: usize = 200;
pub const TAG_SEPARATOR: char = ';';

/// Parses the file into one input per data row, or the errors found in its structure.
pub fn parse(text: &str) -> Result<Vec<(u64, CustomerInput)>> {
    if text.len() > IMPORT_BYTES_MAX {
        return Err(Error::validation(
            "csv",
            format!(
                "the file is larger than {} MB",
                IMPORT_BYTES_MAX / 1024 / 1024
            ),
            format!("文件大于 {} MB", IMPORT_BYTES_MAX / 1024 / 1024),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::validation(
            "csv",
            "the file is empty; it needs a header row with a 'name' column",
            "文件是空的；需要一个含 name 列的标题行",
        ));
    }
    if let Some(row) = unterminated_quote_row(text) {
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
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| {
            Error::validation(
                "csv",
                format!("row 1: the header row is unreadable: {err}"),
                "第 1 行：标题行无法读取",
            )
        })?
        .clone();
    let mut index = [None; COLUMNS.len()];
    for (position, header) in headers.iter().enumerate() {
        let header = header.trim().to_lowercase();
        match COLUMNS.iter().position(|c| *c == header) {
            Some(column) if index[column].is_some() => {
                return Err(Error::validation(
                    "csv",
                    format!("row 1: column '{header}' appears twice"),
                    format!("第 1 行：列 {header} 出现了两次"),
                ));
            }
            Some(column) => index[column] = Some(position),
            None => {
                return Err(Error::validation(
                    "csv",
                    format!(
                        "row 1: unknown column '{header}'; the columns are {}",
                        COLUMNS.join(", ")
                    ),
                    format!(
                        "第 1 行：未知的列 {header}；可用的列是 {}",
                        COLUMNS.join(", ")
                    ),
                ));
            }
        }
    }
    if index[0].is_none() {
        return Err(Error::rows(
            "row 1: the required column 'name' is missing",
            "第 1 行：缺少必需的 name 列",
            vec![RowError {
                row: 1,
                field: Some("name".into()),
                message: "the required column 'name' is missing".into(),
                reason: Some(Reason::MissingColumn),
                limit: None,
            }],
        ));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (position, record) in reader.records().enumerate() {
        let row = position as u64 + 2;
        if rows.len() >= IMPORT_ROWS_MAX {
            return Err(Error::validation(
                "csv",
                format!("the file has more than {IMPORT_ROWS_MAX} rows; split it"),
                format!("文件超过 {IMPORT_ROWS_MAX} 行；请拆分"),
            ));
        }
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let (message, reason, limit) = match err.kind() {
                    ::csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => (
                        format!("has {len} fields but the header has {expected_len}"),
                        Reason::WrongFieldCount,
                        Some(*expected_len),
                    ),
                    ::csv::ErrorKind::Utf8 { .. } => {
                        ("is not valid UTF-8".to_string(), Reason::InvalidValue, None)
                    }
                    _ => (format!("is unreadable: {err}"), Reason::InvalidValue, None),
                };
                errors.push(RowError {
                    row,
                    field: None,
                    message: format!("row {row} {message}"),
                    reason: Some(reason),
                    limit,
                });
                if errors.len() >= ROW_ERRORS_MAX {
                    break;
                }
                continue;
            }
        };
        let get = |column: usize| -> Option<String> {
            index[column]
                .and_then(|i| record.get(i))
                // A file this app wrote made formula-like text inert; give it back as it was.
                .map(|cell| crate::kernel::export::uninert(cell).to_string())
                .filter(|v| !v.trim().is_empty())
        };
        let tags = get(10).map(|t| {
            t.split(TAG_SEPARATOR)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        });
        rows.push((
            row,
            CustomerInput {
                name: get(0).unwrap_or_default(),
                email: get(1),
                phone: get(2),
                address: Some(Address {
                    line1: get(3).unwrap_or_default(),
                    line2: get(4).unwrap_or_default(),
                    city: get(5).unwrap_or_default(),
                    region: get(6).unwrap_or_default(),
                    postal_code: get(7).unwrap_or_default(),
                    country: get(8).unwrap_or_default(),
                }),
                tax_id: get(9),
                tags,
            },
        ));
    }
    if !errors.is_empty() {
        return Err(Error::rows(
            format!("{} rows are malformed; nothing was imported", errors.len()),
            format!("有 {} 行格式错误；什么都没有导入", errors.len()),
            errors,
        ));
    }
    Ok(rows)
}

/// Writes customers as CSV with a header row, UTF-8 with a BOM so spreadsheet programs detect
/// the encoding (Excel reads Chinese correctly only with it).
pub fn write(customers: &[Customer]) -> Result<String> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let io = |err: ::csv::Error| Error::internal(format!("CSV writing failed: {err}"));
    writer.write_record(COLUMNS).map_err(io)?;
    for c in customers {
        let tags = c.tags.join(&TAG_SEPARATOR.to_string());
        let cells = [
            c.name.as_str(),
            c.email.as_deref().unwrap_or(""),
            c.phone.as_deref().unwrap_or(""),
            &c.address.line1,
            &c.address.line2,
            &c.address.city,
            &c.address.region,
            &c.address.postal_code,
            &c.address.country,
            c.tax_id.as_deref().unwrap_or(""),
            &tags,
        ];
        // No cell a spreadsheet would run as a formula (a name `=HYPERLINK(…)`, a phone `+86 …`).
        writer
            .write_record(cells.map(crate::kernel::export::inert))
            .map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| Error::internal(format!("CSV writing failed: {err}")))?;
    let mut text = String::from('\u{feff}');
    text.push_str(&String::from_utf8(bytes).map_err(|e| Error::internal(e.to_string()))?);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bom_quotes_and_embedded_newlines() {
        let text = "\u{feff}name,email,address_line1,tags\n\"王, 小明\",a@b.cn,\"1 Road\nFloor 2\",vip; 老客户\n\"Say \"\"hi\"\"\",,,\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.name, "王, 小明");
        assert_eq!(rows[0].1.address.as_ref().unwrap().line1, "1 Road\nFloor 2");
        assert_eq!(
            rows[0].1.tags.as_ref().unwrap(),
            &vec!["vip".to_string(), "老客户".to_string()]
        );
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[1].1.name, "Say \"hi\"");
    }

    #[test]
    fn a_missing_name_column_is_named() {
        let err = parse("email,phone\na@b.cn,12345\n").unwrap_err();
        assert_eq!(err.details[0].field.as_deref(), Some("name"));
        assert!(err.message.contains("'name' is missing"));
    }

    #[test]
    fn a_broken_quote_names_its_row() {
        let err = parse("name,email\nok,a@b.cn\n\"broken,x@y.cn\nmore,z@z.cn\n").unwrap_err();
        assert_eq!(err.details[0].row, 3, "{err:?}");
    }

    #[test]
    fn short_rows_are_reported_by_row() {
        let err =
            parse("name,email,phone\na,a@b.cn,12345\nb,b@b.cn\nc,c@c.cn,12345\n").unwrap_err();
        assert_eq!(err.details.len(), 1);
        assert_eq!(err.details[0].row, 3);
        assert!(
            err.details[0].message.contains("2 fields"),
            "{}",
            err.details[0].message
        );
    }

    #[test]
    fn unknown_columns_are_refused() {
        let err = parse("name,emial\na,b\n").unwrap_err();
        assert!(err.message.contains("emial"));
    }
}
