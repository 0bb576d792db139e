//! Money and dates for the ledger. An amount is an integer count of the currency's minor unit
//! (分, cents): never a float. Callers give and get amounts as decimal strings ("1234.50"), so
//! nothing is lost between the UI's text field and the ledger.

use crate::kernel::error::{Error, Reason, Result};

/// Minor units per major unit of the company's base currency: 2 decimals for CNY, USD, EUR.
pub const DECIMALS: u32 = 2;
/// The largest amount a line may carry: 10^13 minor units (100 billion yuan). i64 then holds
/// the sum of 900,000 such lines in one account, which SQLite's sum() needs (it refuses to
/// overflow rather than wrap).
pub const AMOUNT_MAX: i64 = 10_000_000_000_000;

/// The currency signs an amount may start with, as people type them ("¥12.50").
const CURRENCY_SIGNS: [char; 5] = ['¥', '￥', '$', '€', '£'];

/// An amount as typed, in the forms the parser reads: full-width digits and signs (from a Chinese
/// input method) as ASCII, and a currency sign before the number (or after its minus) left out.
fn plain_amount(text: &str) -> String {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            c => c,
        })
        .collect();
    let (negative, rest) = match ascii.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, ascii.as_str()),
    };
    let rest = match rest.strip_prefix(CURRENCY_SIGNS) {
        Some(after) => after.trim_start(),
        None => rest,
    };
    // "¥-12.50" as well as "-¥12.50".
    let (negative, rest) = match rest.strip_prefix('-') {
        Some(after) if !negative => (true, after),
        _ => (negative, rest),
    };
    format!("{}{rest}", if negative { "-" } else { "" })
}

/// Reads a decimal amount exactly: `12`, `12.3`, `12.30`, `1,234.50` (grouping commas allowed),
/// `¥12.50`, `１２３` (full width), at most `DECIMALS` decimals (more would need rounding, which
/// is the caller's decision), not negative unless `allow_negative`. A refusal says why in its
/// reason: `negative`, `too_many_decimals` (limit: the decimals allowed), `too_large`, or
/// `invalid_value` (not an amount at all).
pub fn parse(field: &str, text: &str, allow_negative: bool) -> Result<i64> {
    let bad = |message: String| Error::invalid(field, Reason::InvalidValue, message);
    let plain = plain_amount(text);
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.as_str()),
    };
    let (grouped, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (digits, ""),
    };
    // Commas only as thousands groups: "12,50" (a decimal comma) must not become 1250.
    let groups: Vec<&str> = grouped.split(',').collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(bad(format!(
            "{field}: '{text}' is not an amount like 1234.50 (commas only between thousands; the decimal point is a dot)"
        )));
    }
    let whole = groups.concat();
    let whole = whole.as_str();
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad(format!(
            "{field}: '{text}' is not an amount like 1234.50"
        )));
    }
    if negative && !allow_negative {
        return Err(Error::invalid(
            field,
            Reason::Negative,
            format!("{field} cannot be negative"),
        ));
    }
    if fraction.len() > DECIMALS as usize {
        return Err(Error::invalid(
            field,
            Reason::TooManyDecimals,
            format!("{field} has more than {DECIMALS} decimals: '{text}'"),
        )
        .with_limit(DECIMALS as usize));
    }
    let too_large = || {
        Error::invalid(
            field,
            Reason::TooLarge,
            format!("{field} is too large (at most {})", format(AMOUNT_MAX)),
        )
    };
    let scale = 10i64.pow(DECIMALS);
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| too_large())?
    };
    let fraction: i64 = format!("{fraction:0<width$}", width = DECIMALS as usize)
        .parse()
        .unwrap_or(0);
    let minor = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction))
        .filter(|m| *m <= AMOUNT_MAX)
        .ok_or_else(too_large)?;
    Ok(if negative { -minor } else { minor })
}

/// `123450` → `"1234.50"` (an `Amount` of any currency, or a count of minor units).
pub fn format(minor: impl Into<i64>) -> String {
    let minor: i64 = minor.into();
    let scale = 10i64.pow(DECIMALS);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale as u64,
        abs % scale as u64,
        width = DECIMALS as usize
    )
}

/// An amount as [`format`] writes it (`"-1234567.50"`), with its thousands grouped as people
/// read it on paper (`"-1,234,567.50"`); text that is not such an amount is given back as it is.
pub fn grouped(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if digits.contains('.') {
        out.push('.');
        out.push_str(fraction);
    }
    format!("{sign}{out}")
}

/// The sign people write a currency with, where one is read without doubt: the base currency
/// is shown with it (`¥1,744.72`), a foreign one with its code (`USD 1,744.72`).
fn symbol(currency: &str) -> Option<&'static str> {
    Some(match currency {
        "CNY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "HKD" => "HK$",
        "TWD" => "NT$",
        "KRW" => "₩",
        "INR" => "₹",
        _ => return None,
    })
}

/// An amount written by [`format`] with its currency, as people read it: grouped, the base
/// currency by its sign where it has one (`¥1,744.72`, `-¥3.00`), any other by its code
/// (`USD 1,744.72`).
pub fn display(text: &str, currency: &str, base: bool) -> String {
    let amount = grouped(text);
    match (base, symbol(currency)) {
        (true, Some(sign)) => match amount.strip_prefix('-') {
            Some(positive) => format!("-{sign}{positive}"),
            None => format!("{sign}{amount}"),
        },
        _ => format!("{currency} {amount}"),
    }
}

/// Reads a calendar day as people type it and gives it as `YYYY-MM-DD` (the ledger's dates are
/// days, not instants, compared as text everywhere). Besides `2026-03-05` it takes `2026/3/5`,
/// `2026.03.05`, `2026年3月5日` and full-width digits; a day that is not in the calendar
/// (`2026-02-30`) is refused on `field`, never moved to another.
pub fn date(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    let bad = || {
        Error::invalid(
            field,
            Reason::InvalidDate,
            format!("{field}: '{text}' is not a date like 2026-03-31"),
        )
    };
    let normal: String = text
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '/' | '.' | '\u{FF0F}' | '\u{FF0E}' | '\u{FF0D}' | '年' | '月' => '-',
            c => c,
        })
        .collect();
    let normal = normal.strip_suffix('日').unwrap_or(&normal);
    let parts: Vec<&str> = normal.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    // Digits only ("+6" parses as a number but would sort before every digit).
    if y.len() != 4
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let (y, m, d): (u32, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1900..=9999).contains(&y) || d == 0 || d > days {
        return Err(bad());
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Whether `text` is a day written exactly as the ledger keeps it (`YYYY-MM-DD`): for dates that
/// arrive in records rather than typed.
pub fn is_day(text: &str) -> bool {
    date("", text).is_ok_and(|day| day == text)
}

/// Days since 1970-01-01 of a valid `YYYY-MM-DD` (the proleptic Gregorian calendar).
pub fn day_number(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap_or(1970);
    let m: i64 = date[5..7].parse().unwrap_or(1);
    let d: i64 = date[8..10].parse().unwrap_or(1);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (the inverse of [`day_number`]).
pub fn from_day_number(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The calendar day (UTC) of an instant: "today" for a command, from the `now` it was given.
pub fn date_of_ms(ms: i64) -> String {
    from_day_number(ms.div_euclid(86_400_000))
}

pub fn add_days(date: &str, days: i64) -> String {
    from_day_number(day_number(date) + days)
}

/// `months` calendar months after a date, on the same day of the month or the month's last
/// day when it is shorter (Jan 31 + 1 month = Feb 28; + 2 months = Mar 31).
pub fn add_months(date: &str, months: i64) -> String {
    let year: i64 = date[0..4].parse().unwrap_or(1970);
    let month: i64 = date[5..7].parse().unwrap_or(1);
    let day: i64 = date[8..10].parse().unwrap_or(1);
    let index = year * 12 + (month - 1) + months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let first_of_next = if month == 12 {
        format!("{:04}-01-01", year + 1)
    } else {
        format!("{year:04}-{:02}-01", month + 1)
    };
    let last_day: i64 = add_days(&first_of_next, -1)[8..10].parse().unwrap_or(28);
    format!("{year:04}-{month:02}-{:02}", day.min(last_day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_read_exactly_or_refused() {
        assert_eq!(parse("amount", "12", false).unwrap(), 1200);
        assert_eq!(parse("amount", "12.3", false).unwrap(), 1230);
        assert_eq!(parse("amount", " 1,234.05 ", false).unwrap(), 123405);
        assert_eq!(parse("amount", ".5", false).unwrap(), 50);
        assert_eq!(parse("amount", "-2.50", true).unwrap(), -250);
        assert_eq!(parse("amount", "1,234,567.89", false).unwrap(), 123456789);
        for bad in [
            "", "abc", "1.234", "1.2.3", "-5", "1e3", "¥", ".", "12,50", ",123", "1,23,456",
            "1234,567", "1e309", "¥¥5", "5¥",
        ] {
            let err = parse("amount", bad, false).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("amount"), "{bad}");
        }
        assert!(parse("amount", "99999999999999999999", false).is_err());
    }

    #[test]
    fn amounts_as_people_type_them_are_read_and_refusals_say_why() {
        // Full width (a Chinese input method), a currency sign, grouping commas.
        assert_eq!(parse("amount", "１２３", false).unwrap(), 12300);
        assert_eq!(parse("amount", "￥１，２３４．５", false).unwrap(), 123450);
        assert_eq!(parse("amount", "¥12.50", false).unwrap(), 1250);
        assert_eq!(parse("amount", "$ 1,000", false).unwrap(), 100000);
        assert_eq!(parse("amount", "-¥3", true).unwrap(), -300);
        assert_eq!(parse("amount", "¥-3", true).unwrap(), -300);
        let why = |text: &str| parse("amount", text, false).unwrap_err();
        assert_eq!(why("-1").reason, Some(Reason::Negative));
        assert_eq!(why("－１").reason, Some(Reason::Negative));
        assert_eq!(why("0.001").reason, Some(Reason::TooManyDecimals));
        assert_eq!(why("0.001").limit, Some(2));
        assert_eq!(why("99999999999999999999").reason, Some(Reason::TooLarge));
        assert_eq!(why("100000000001").reason, Some(Reason::TooLarge));
        for not_a_number in ["1e309", "12,34", "abc", "¥"] {
            assert_eq!(
                why(not_a_number).reason,
                Some(Reason::InvalidValue),
                "{not_a_number}"
            );
        }
    }

    #[test]
    fn amounts_are_shown_grouped_with_their_currency() {
        assert_eq!(grouped("0.50"), "0.50");
        assert_eq!(grouped("999.00"), "999.00");
        assert_eq!(grouped("1000.00"), "1,000.00");
        assert_eq!(grouped("-1234567.50"), "-1,234,567.50");
        assert_eq!(grouped("12345"), "12,345");
        assert_eq!(grouped("n/a"), "n/a");
        assert_eq!(display("1744.72", "CNY", true), "¥1,744.72");
        assert_eq!(display("-3.00", "CNY", true), "-¥3.00");
        assert_eq!(display("2205.76", "USD", false), "USD 2,205.76");
        assert_eq!(display("10.00", "CHF", true), "CHF 10.00");
    }

    #[test]
    fn dates_are_calendar_days() {
        assert!(date("date", "2024-02-29").is_ok());
        // As people type them, given back as the ledger keeps them.
        for (typed, day) in [
            ("2026-03-05", "2026-03-05"),
            (" 2026/3/5 ", "2026-03-05"),
            ("2026.03.05", "2026-03-05"),
            ("2026年3月5日", "2026-03-05"),
            ("２０２６－０３－０５", "2026-03-05"),
            ("2026/12/31", "2026-12-31"),
        ] {
            assert_eq!(date("date", typed).unwrap(), day, "{typed}");
        }
        assert!(is_day("2026-03-05"));
        assert!(!is_day("2026/3/5"), "a record keeps its days written out");
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-04-31",
            "26-01-01",
            "2026/01/32",
            "2026-1-1-1",
            "2026-001-01",
            "+2026-01-01",
            "2026年2月30日",
            "",
        ] {
            assert_eq!(
                date("date", bad).unwrap_err().field.as_deref(),
                Some("date"),
                "{bad}"
            );
        }
    }

    #[test]
    fn day_numbers_count_calendar_days() {
        assert_eq!(day_number("1970-01-01"), 0);
        assert_eq!(add_days("2024-02-28", 1), "2024-02-29");
        assert_eq!(add_days("2023-02-28", 1), "2023-03-01");
        assert_eq!(add_days("2026-12-31", 30), "2027-01-30");
        assert_eq!(date_of_ms(1_795_000_000_000), "2026-11-18");
        assert_eq!(add_months("2026-01-31", 1), "2026-02-28");
        assert_eq!(add_months("2026-01-31", 2), "2026-03-31");
        assert_eq!(add_months("2024-01-31", 1), "2024-02-29");
        assert_eq!(add_months("2026-11-15", 3), "2027-02-15");
        assert_eq!(add_months("2026-03-10", 12), "2027-03-10");
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip(days in -25_000i64..2_900_000) {
            let date = from_day_number(days);
            prop_assert!(super::date("d", &date).is_ok(), "{}", date);
            prop_assert_eq!(day_number(&date), days);
        }

        #[test]
        fn format_and_parse_round_trip(minor in -AMOUNT_MAX..=AMOUNT_MAX) {
            prop_assert_eq!(parse("a", &format(minor), true).unwrap(), minor);
        }
    }
}
