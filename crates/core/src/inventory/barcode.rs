//! Barcodes as products carry them: retail codes (EAN-13, UPC-A, EAN-8, GTIN-14) whose last digit
//! is a check digit, and the shop's own codes (Code 128: printable ASCII).

use crate::kernel::error::{Error, Reason, Result};

/// The longest internal code: what fits on a label at a size scanners read.
pub const INTERNAL_CHARS_MAX: usize = 48;

/// The GS1 check digit of `digits` (all but the last digit of a code).
pub fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Checks a barcode: retail codes by their check digit, internal codes by their characters.
/// Returns it trimmed (empty: no barcode).
pub fn validate(field: &str, text: &str) -> Result<String> {
    let code = text.trim();
    if code.is_empty() {
        return Ok(String::new());
    }
    let all_digits = code.chars().all(|c| c.is_ascii_digit());
    if all_digits && matches!(code.len(), 8 | 12 | 13 | 14) {
        let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
        let (body, last) = digits.split_at(digits.len() - 1);
        let expected = check_digit(body);
        if last[0] != expected {
            let kind = match code.len() {
                8 => "EAN-8",
                12 => "UPC-A",
                13 => "EAN-13",
                _ => "GTIN-14",
            };
            return Err(Error::invalid(
                field,
                Reason::InvalidValue,
                format!(
                    "{field}: {code} is not a valid {kind} code: its check digit should be {expected}, not {}",
                    last[0]
                ),
            ));
        }
        return Ok(code.to_string());
    }
    if code.len() > INTERNAL_CHARS_MAX || !code.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!(
                "{field}: a retail code (EAN-13, UPC-A, EAN-8) or an internal code of up to {INTERNAL_CHARS_MAX} letters, digits and signs (Code 128)"
            ),
        ));
    }
    Ok(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retail_codes_are_checked_by_their_check_digit() {
        // Real codes: an EAN-13 (a book's ISBN), a UPC-A and an EAN-8.
        for good in ["9780306406157", "036000291452", "96385074", "4006381333931"] {
            assert_eq!(validate("barcode", good).unwrap(), good);
        }
        let err = validate("barcode", "9780306406158").unwrap_err();
        assert!(err.message.contains("check digit should be 7"), "{err:?}");
        let err = validate("barcode", "036000291453").unwrap_err();
        assert!(err.message.contains("UPC-A"), "{err:?}");
    }

    #[test]
    fn internal_codes_are_printable_ascii() {
        assert_eq!(validate("barcode", " TEA-0042 ").unwrap(), "TEA-0042");
        // Not a retail length: an internal code, whatever its digits.
        assert_eq!(validate("barcode", "12345").unwrap(), "12345");
        assert!(validate("barcode", "茶叶").is_err());
        assert!(validate("barcode", &"X".repeat(49)).is_err());
        assert_eq!(validate("barcode", "  ").unwrap(), "");
    }
}
