//! Files the core makes for the caller to save: the file itself ([`FileExport`]), the language
//! a document is written in, and tables written as CSV, Excel or PDF. Every area's exports and
//! reports use these, so a spreadsheet-safe cell or a file name is made one way.

use base64::Engine;
use serde::Serialize;
use ts_rs::TS;

use super::error::{Error, Reason, Result};
use super::pdf::{self, Align, Sheet, MARGIN, PAGE_WIDTH};

/// A file made by the core for the caller to save: its suggested name and its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FileExport {
    pub file_name: String,
    pub mime: String,
    pub base64: String,
}

/// Width and height of a PNG, read from its header; `None` if it is not a PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || &bytes[..8] != SIGNATURE || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

#[derive(Clone, Copy, PartialEq)]
pub enum Lang {
    En,
    Zh,
}

pub fn language(given: Option<&str>) -> Result<Lang> {
    match given.map(str::trim) {
        None | Some("zh") | Some("zh-CN") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(_) => Err(Error::invalid(
            "language",
            Reason::InvalidValue,
            "language: en or zh",
        )),
    }
}

pub fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

pub fn file(name: String, mime: &str, bytes: &[u8]) -> FileExport {
    FileExport {
        file_name: name,
        mime: mime.to_string(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// A file name made of the document's number or title: letters, digits, - and _ only.
pub fn file_stem(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A report as a table: what CSV, Excel and PDF are written from.
pub struct Table {
    title: String,
    period: String,
    headers: Vec<String>,
    /// Which columns hold money (right-aligned; numbers in Excel).
    money: Vec<bool>,
    rows: Vec<(Vec<String>, bool)>,
    /// Who the report is of: the company's name and its details (address, tax id, contact),
    /// printed under the title of the PDF.
    company: Vec<String>,
}

impl Table {
    pub fn new(title: &str, period: String, headers: &[&str], money: &[bool]) -> Table {
        Table {
            title: title.to_string(),
            period,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            money: money.to_vec(),
            rows: Vec::new(),
            company: Vec::new(),
        }
    }

    /// The company the report is of, printed in the PDF's header: its name, then its details.
    pub fn company(&mut self, name: &str, details: Vec<String>) {
        self.company = std::iter::once(name.to_string())
            .filter(|n| !n.trim().is_empty())
            .chain(details)
            .collect();
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push((cells, false));
    }

    pub fn total(&mut self, cells: Vec<String>) {
        self.rows.push((cells, true));
    }
}

/// What a spreadsheet reads as the start of a formula (OWASP's list): `=`, `+`, `-`, `@`, a tab,
/// a carriage return.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A plain decimal number (`-12.50`, `+3`): what a spreadsheet should keep reading as a number.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A text cell for a CSV file that a spreadsheet will not run: one starting like a formula (a
/// customer named `=HYPERLINK(…)`, a phone `+86 …`) gets a leading apostrophe, as does one that
/// already starts with an apostrophe before such a character (so [`uninert`] gives it back
/// exactly). Real numbers stay numbers.
pub fn inert(cell: &str) -> String {
    let formula = cell.starts_with(FORMULA_START) && !is_number(cell);
    let escaped = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_START) || rest.starts_with('\''));
    if formula || escaped {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell of a CSV file this app wrote, as it was before [`inert`]: the apostrophe it added is
/// taken off again on import.
pub fn uninert(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

fn to_csv(table: &Table) -> Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| Error::internal(format!("writing CSV failed: {e}"));
    writer
        .write_record([&table.title, &table.period])
        .map_err(failed)?;
    writer.write_record(&table.headers).map_err(failed)?;
    for (cells, _) in &table.rows {
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(col, cell)| {
                let money = table.money.get(col).copied().unwrap_or(false);
                if money {
                    cell.clone()
                } else {
                    inert(cell)
                }
            })
            .collect();
        writer.write_record(&cells).map_err(failed)?;
    }
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    // A byte-order mark: Excel opens UTF-8 CSV with Chinese text correctly only with one.
    bytes.extend(
        writer
            .into_inner()
            .map_err(|e| Error::internal(e.to_string()))?,
    );
    Ok(bytes)
}

fn to_xlsx(table: &Table) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed =
        |e: rust_xlsxwriter::XlsxError| Error::internal(format!("writing Excel failed: {e}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = Format::new().set_bold();
    let amount = Format::new().set_num_format("#,##0.00");
    let bold_amount = Format::new().set_bold().set_num_format("#,##0.00");
    sheet
        .write_with_format(0, 0, &table.title, &bold)
        .map_err(failed)?;
    sheet.write(1, 0, &table.period).map_err(failed)?;
    for (col, header) in table.headers.iter().enumerate() {
        sheet
            .write_with_format(3, col as u16, header, &bold)
            .map_err(failed)?;
        sheet
            .set_column_width(
                col as u16,
                if col == 1 || (col == 0 && !table.money.get(1).copied().unwrap_or(false)) {
                    28
                } else {
                    14
                },
            )
            .map_err(failed)?;
    }
    for (i, (cells, total)) in table.rows.iter().enumerate() {
        let row = 4 + i as u32;
        for (col, cell) in cells.iter().enumerate() {
            let is_money = table.money.get(col).copied().unwrap_or(false);
            // Excel has one number type, a double: the value is read from the exact decimal
            // text (never computed in floating point), and shown with two decimals.
            match (is_money, cell.parse::<f64>()) {
                (true, Ok(value)) => {
                    let format = if *total { &bold_amount } else { &amount };
                    sheet
                        .write_number_with_format(row, col as u16, value, format)
                        .map_err(failed)?;
                }
                _ if *total => {
                    sheet
                        .write_with_format(row, col as u16, cell, &bold)
                        .map_err(failed)?;
                }
                _ => {
                    sheet.write(row, col as u16, cell).map_err(failed)?;
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

fn to_pdf(table: &Table, lang: Lang) -> Result<Vec<u8>> {
    let mut sheet = Sheet::new(&table.title, t(lang, "en", "zh-CN"));
    sheet.line(16.0, &table.title);
    sheet.line(10.0, &table.period);
    if let Some((name, details)) = table.company.split_first() {
        sheet.gap(2.0);
        sheet.line(10.0, name);
        for line in details {
            sheet.line(8.5, line);
        }
    }
    sheet.gap(6.0);
    let right = PAGE_WIDTH - MARGIN - 4.0;
    let count = table.headers.len();
    // Text columns on the left share what the amount columns (80pt each) leave.
    let money_columns = table.money.iter().take(count).filter(|m| **m).count();
    let text_columns = count - money_columns;
    // Amount columns are 80pt wide, narrower when many would leave the text column too little.
    let money_width = (80.0f32).min((right - MARGIN - 150.0) / money_columns.max(1) as f32);
    let text_width =
        (right - MARGIN - money_columns as f32 * money_width) / text_columns.max(1) as f32;
    let mut positions = Vec::with_capacity(count);
    let mut x = MARGIN + 4.0;
    let mut money_index = 0;
    for col in 0..count {
        if table.money.get(col).copied().unwrap_or(false) {
            money_index += 1;
            positions.push((
                right - (money_columns - money_index) as f32 * money_width,
                Align::Right,
            ));
        } else {
            positions.push((x, Align::Left));
            x += text_width;
        }
    }
    let headers = table.headers.clone();
    let header_positions = positions.clone();
    let header = move |sheet: &mut Sheet| {
        sheet.band(18.0);
        for ((x, align), label) in header_positions.iter().zip(&headers) {
            sheet.text_at(*x, sheet.y + 12.5, 8.5, label, *align);
        }
        sheet.y += 22.0;
    };
    header(&mut sheet);
    sheet.running_header = Some(Box::new(header));
    for (cells, total) in &table.rows {
        sheet.need(14.0);
        if *total {
            sheet.rule();
            sheet.gap(2.0);
        }
        let size = if *total { 9.5 } else { 9.0 };
        for ((x, align), cell) in positions.iter().zip(cells) {
            let mut text = cell.clone();
            if matches!(align, Align::Left) {
                text = pdf::wrap(&text, size, text_width - 6.0)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
            }
            sheet.text_at(*x, sheet.y + size, size, &text, *align);
        }
        sheet.y += 14.0;
    }
    sheet.running_header = None;
    sheet.finish()
}

/// A table written as CSV, XLSX or PDF, named `{stem}-{day}.{format}`.
pub fn export_table(
    table: &Table,
    format: &str,
    lang: Lang,
    stem: &str,
    day: &str,
) -> Result<FileExport> {
    let (bytes, mime) = match format {
        "csv" => (to_csv(table)?, "text/csv"),
        "xlsx" => (
            to_xlsx(table)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "pdf" => (to_pdf(table, lang)?, "application/pdf"),
        _ => {
            return Err(Error::invalid(
                "format",
                Reason::InvalidValue,
                "format: csv, xlsx or pdf",
            ))
        }
    };
    Ok(file(
        format!("{}-{day}.{format}", file_stem(stem)),
        mime,
        &bytes,
    ))
}

/// Finds a quoted field that is never closed, which the lenient `csv` reader would silently
/// run to the end of the file. Returns the row where the quote opened.
pub fn unterminated_quote_row(text: &str) -> Option<u64> {
    let mut row = 1u64;
    let mut in_quotes = false;
    let mut opened_at = 0u64;
    let mut at_field_start = true;
    let mut line_has_content = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                opened_at = row;
                line_has_content = true;
                at_field_start = false;
            }
            ',' => {
                at_field_start = true;
                line_has_content = true;
            }
            '\n' => {
                if line_has_content {
                    row += 1;
                }
                line_has_content = false;
                at_field_start = true;
            }
            '\r' => {}
            _ => {
                at_field_start = false;
                line_has_content = true;
            }
        }
    }
    in_quotes.then_some(opened_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+86 139 1111 2222", "'+86 139 1111 2222"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''x", "'''x"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("12", "12"),
            ("'plain", "'plain"),
            ("王小明", "王小明"),
            ("-", "'-"),
            ("-1.", "'-1."),
        ] {
            assert_eq!(inert(cell), written, "{cell:?}");
            assert_eq!(uninert(&inert(cell)), cell, "{cell:?} back");
        }
    }
}
