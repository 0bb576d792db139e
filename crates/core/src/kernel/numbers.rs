//! Exact decimal numbers that are not money: quantities (fixed-point thousandths, `1.5` kg is
//! 1500), percentages and exchange rates (millionths of one: `13%` is 130_000), and the one
//! rounding every computed amount goes through, [`div_round_half_up`] (四舍五入, halves away
//! from zero), so it is applied the same everywhere.

use super::error::{Error, Reason, Result};

/// Thousandths: three decimals of quantity.
pub const QTY_SCALE: i64 = 1_000;
/// Millionths of one: four decimals of a percentage.
pub const RATE_SCALE: i64 = 1_000_000;
pub const QTY_MAX: i64 = 1_000_000_000 * QTY_SCALE;

/// Rounds `numerator / denominator` to the nearest integer, halves away from zero.
pub fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    assert!(denominator > 0, "rounding divides by a positive number");
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if 2 * remainder.abs() >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// Reads a non-negative decimal with at most `decimals` decimals into an integer scaled by
/// 10^decimals: `"1.5"` with 3 decimals is 1500.
fn fixed(field: &str, text: &str, decimals: u32, what: &str) -> Result<i64> {
    let text = text.trim();
    let bad = || {
        Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: '{text}' is not {what}"),
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 12
    {
        return Err(bad());
    }
    if fraction.len() > decimals as usize {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field}: at most {decimals} decimals ('{text}')"),
        ));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let fraction: i64 = format!("{fraction:0<width$}", width = decimals as usize)
        .parse()
        .unwrap_or(0);
    Ok(whole * 10i64.pow(decimals) + fraction)
}

fn unfixed(value: i64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let text = format!(
        "{}.{:0width$}",
        value / scale,
        value % scale,
        width = decimals as usize
    );
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A quantity above zero, up to three decimals.
pub fn quantity(field: &str, text: &str) -> Result<i64> {
    let qty = fixed(field, text, 3, "a quantity like 2 or 1.5")?;
    if qty == 0 || qty > QTY_MAX {
        return Err(Error::invalid(
            field,
            Reason::OutOfRange,
            format!("{field} must be above zero and at most 1000000000"),
        ));
    }
    Ok(qty)
}

/// What arrived of a line of a delivery: blank or zero is nothing (none), else a quantity as
/// [`quantity`] reads it.
pub fn arrived_quantity(field: &str, text: &str) -> Result<Option<i64>> {
    if text.trim().is_empty() || fixed(field, text, 3, "a quantity like 2 or 1.5")? == 0 {
        return Ok(None);
    }
    quantity(field, text).map(Some)
}

/// The units the app itself writes or offers, in English (as stored) and Chinese: a stored unit
/// word follows the reader's language on documents ("pcs" prints as 件 in Chinese). A unit the
/// shop typed itself prints as typed. The UI's `shared/units.ts` holds the same list.
pub const UNIT_WORDS: &[(&str, &str)] = &[
    ("pcs", "件"),
    ("kg", "千克"),
    ("g", "克"),
    ("l", "升"),
    ("ml", "毫升"),
    ("m", "米"),
    ("box", "盒"),
    ("pack", "包"),
    ("bag", "袋"),
    ("bottle", "瓶"),
];

/// A product's unit in the document's language (see [`UNIT_WORDS`]).
pub fn unit_word(unit: &str, zh: bool) -> &str {
    if !zh {
        return unit;
    }
    UNIT_WORDS
        .iter()
        .find(|(en, _)| en.eq_ignore_ascii_case(unit.trim()))
        .map(|(_, zh)| *zh)
        .unwrap_or(unit)
}

pub fn format_quantity(qty: i64) -> String {
    unfixed(qty, 3)
}

/// A percentage from 0 to `max_percent`, up to four decimals, as millionths of one.
pub fn percent(field: &str, text: &str, max_percent: i64) -> Result<i64> {
    let millionths = fixed(field, text, 4, "a percentage like 13 or 8.875")?;
    if millionths > max_percent * RATE_SCALE / 100 {
        return Err(Error::invalid(
            field,
            Reason::OutOfRange,
            format!("{field}: at most {max_percent}%"),
        ));
    }
    Ok(millionths)
}

/// `130_000` → `"13"`; `88_750` → `"8.875"`.
pub fn format_percent(millionths: i64) -> String {
    unfixed(millionths, 4)
}

/// An exchange rate above zero with up to six decimals, in millionths: "7.1234" is 7_123_400.
pub fn exchange_rate(field: &str, text: &str) -> Result<i64> {
    let rate = fixed(field, text, 6, "an exchange rate like 7.1234")?;
    if rate == 0 || rate > 1_000_000 * RATE_SCALE {
        return Err(Error::invalid(
            field,
            Reason::OutOfRange,
            format!("{field} must be above zero and at most 1000000"),
        ));
    }
    Ok(rate)
}

pub fn format_rate(millionths: i64) -> String {
    unfixed(millionths, 6)
}

/// An amount in a foreign currency converted to the base currency at `rate` (millionths),
/// rounded once.
pub fn to_base(amount: i64, rate: i64) -> i64 {
    div_round_half_up(amount as i128 * rate as i128, RATE_SCALE as i128) as i64
}

crate::kernel::states::word_enum!(
    /// Where tax is rounded: on each line, or once per rate on the document's totals.
    pub Rounding "tax rounding" {
        PerLine = "line",
        PerDocument = "document",
    }
);

// `word_enum!` derives a fixed list, so the default is written out.
#[allow(clippy::derivable_impls)]
impl Default for Rounding {
    fn default() -> Self {
        Rounding::PerLine
    }
}

#[cfg(test)]
mod unit_tests {
    use super::unit_word;

    #[test]
    fn stored_units_follow_the_documents_language() {
        assert_eq!(unit_word("pcs", true), "件");
        assert_eq!(unit_word("KG", true), "千克");
        assert_eq!(unit_word("pcs", false), "pcs");
        // What the shop typed itself prints as typed.
        assert_eq!(unit_word("罐", true), "罐");
        assert_eq!(unit_word("tin", true), "tin");
    }
}
