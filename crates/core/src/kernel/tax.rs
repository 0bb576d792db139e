//! Invoice arithmetic: quantities, percentages, line amounts and tax, in exact integers.
//!
//! Quantities are fixed-point thousandths (`1.5` kg is 1500), percentages millionths of one
//! (`13%` is 130_000, `8.875%` is 88_750), money minor units. Every amount is computed as one
//! exact fraction of integers and rounded once, by [`div_round_half_up`]: the rounding the
//! shop's calculator and the tax office use (四舍五入), stated here so it is applied the same
//! everywhere.

use super::error::{Error, Reason, Result};
pub use super::numbers::*;

/// Whether the prices on a document include tax: the shop's shelf price (inclusive) or a
/// trade price (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prices {
    Exclusive,
    Inclusive,
}

/// One line as priced: quantity (thousandths), unit price (minor units), discount and tax rate
/// (millionths).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    pub quantity: i64,
    pub unit_price: i64,
    pub discount: i64,
    pub rate: i64,
}

/// A line's amounts: `net` before tax, its `tax`, and what the customer pays for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    pub net: i64,
    pub tax: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentAmounts {
    pub lines: Vec<LineAmounts>,
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
}

/// The line's amount after discount, as priced (with tax when prices include it), rounded.
pub fn line_amount(line: &LineInput) -> i128 {
    let numerator =
        line.quantity as i128 * line.unit_price as i128 * (RATE_SCALE - line.discount) as i128;
    div_round_half_up(numerator, QTY_SCALE as i128 * RATE_SCALE as i128)
}

/// The tax in an amount: on top of a net amount, or inside a gross one (amount × r / (1 + r)).
pub fn tax_of(amount: i128, rate: i64, prices: Prices) -> i128 {
    match prices {
        Prices::Exclusive => div_round_half_up(amount * rate as i128, RATE_SCALE as i128),
        Prices::Inclusive => div_round_half_up(amount * rate as i128, (RATE_SCALE + rate) as i128),
    }
}

/// Prices a document. Per line, each line's tax is rounded; per document, the tax of all lines
/// at one rate is rounded once and then shared out to its lines (largest first, so the lines
/// add up to the document exactly). Refuses amounts past `limit` naming `lines[i]`.
pub fn price(
    lines: &[LineInput],
    prices: Prices,
    rounding: Rounding,
    limit: i64,
) -> Result<DocumentAmounts> {
    let too_large = |field: String| {
        Error::invalid(
            &field,
            Reason::OutOfRange,
            format!("{field}: the amount is too large"),
        )
    };
    let mut amounts = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let amount = line_amount(line);
        if amount > limit as i128 {
            return Err(too_large(format!("lines[{i}]")));
        }
        let tax = match rounding {
            Rounding::PerLine => tax_of(amount, line.rate, prices),
            Rounding::PerDocument => 0,
        };
        amounts.push((amount, tax));
    }
    if rounding == Rounding::PerDocument {
        let mut rates: Vec<i64> = lines.iter().map(|l| l.rate).collect();
        rates.sort_unstable();
        rates.dedup();
        for rate in rates {
            let members: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].rate == rate)
                .collect();
            let base: i128 = members.iter().map(|&i| amounts[i].0).sum();
            let total_tax = tax_of(base, rate, prices);
            // Each line's exact share, floored; the cents left over go to the lines with the
            // largest remainders.
            let mut given = 0i128;
            let mut remainders = Vec::with_capacity(members.len());
            for &i in &members {
                let share = if base == 0 {
                    0
                } else {
                    total_tax * amounts[i].0 / base
                };
                let remainder = if base == 0 {
                    0
                } else {
                    total_tax * amounts[i].0 % base
                };
                amounts[i].1 = share;
                given += share;
                remainders.push((remainder, i));
            }
            remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, i) in remainders.into_iter().take((total_tax - given) as usize) {
                amounts[i].1 += 1;
            }
        }
    }
    let mut result = DocumentAmounts::default();
    let (mut subtotal, mut tax) = (0i128, 0i128);
    for (amount, line_tax) in amounts {
        let net = match prices {
            Prices::Exclusive => amount,
            Prices::Inclusive => amount - line_tax,
        };
        subtotal += net;
        tax += line_tax;
        result.lines.push(LineAmounts {
            net: net as i64,
            tax: line_tax as i64,
        });
    }
    if subtotal + tax > limit as i128 {
        return Err(too_large("lines".to_string()));
    }
    result.subtotal = subtotal as i64;
    result.tax = tax as i64;
    result.total = (subtotal + tax) as i64;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LIMIT: i64 = 10_000_000_000_000;

    fn line(quantity: i64, unit_price: i64, discount: i64, rate: i64) -> LineInput {
        LineInput {
            quantity,
            unit_price,
            discount,
            rate,
        }
    }

    #[test]
    fn rounding_is_half_up_away_from_zero() {
        assert_eq!(div_round_half_up(5, 10), 1);
        assert_eq!(div_round_half_up(4, 10), 0);
        assert_eq!(div_round_half_up(-5, 10), -1);
        assert_eq!(div_round_half_up(-4, 10), 0);
        assert_eq!(div_round_half_up(15, 10), 2);
        assert_eq!(div_round_half_up(25, 10), 3);
    }

    #[test]
    fn quantities_and_percentages_are_read_exactly() {
        assert_eq!(quantity("q", "1.5").unwrap(), 1500);
        assert_eq!(quantity("q", "2").unwrap(), 2000);
        assert_eq!(format_quantity(1500), "1.5");
        assert_eq!(format_quantity(2000), "2");
        assert_eq!(percent("r", "13", 100).unwrap(), 130_000);
        assert_eq!(percent("r", "8.875", 100).unwrap(), 88_750);
        assert_eq!(format_percent(88_750), "8.875");
        assert_eq!(format_percent(0), "0");
        for bad in ["0", "-1", "1.2345", "abc", "", "1e3"] {
            assert_eq!(
                quantity("lines[0].quantity", bad)
                    .unwrap_err()
                    .field
                    .as_deref(),
                Some("lines[0].quantity"),
                "{bad}"
            );
        }
        assert!(percent("discount", "100.5", 100).is_err());
        assert!(percent("rate", "13.00001", 100).is_err());
    }

    #[test]
    fn a_prc_vat_invoice_adds_up() {
        // 3 × 33.33 at 13%, exclusive: net 99.99, tax 13.00 (12.9987), total 112.99.
        let doc = price(
            &[line(3000, 3333, 0, 130_000)],
            Prices::Exclusive,
            Rounding::PerLine,
            LIMIT,
        )
        .unwrap();
        assert_eq!((doc.subtotal, doc.tax, doc.total), (9999, 1300, 11299));
        // A shelf price of 113.00 with 13% inside: net 100.00, tax 13.00.
        let doc = price(
            &[line(1000, 11300, 0, 130_000)],
            Prices::Inclusive,
            Rounding::PerLine,
            LIMIT,
        )
        .unwrap();
        assert_eq!((doc.subtotal, doc.tax, doc.total), (10000, 1300, 11300));
        // 10% discount on 2 × 50.00: 90.00 net.
        let doc = price(
            &[line(2000, 5000, 100_000, 60_000)],
            Prices::Exclusive,
            Rounding::PerLine,
            LIMIT,
        )
        .unwrap();
        assert_eq!((doc.subtotal, doc.tax), (9000, 540));
    }

    #[test]
    fn per_document_rounding_differs_from_per_line_and_still_adds_up() {
        // Three lines of 0.10 at 6%: 0.006 each rounds to 0.01 per line (0.03), but the
        // document's 0.018 rounds to 0.02.
        let lines = [line(1000, 10, 0, 60_000); 3];
        let per_line = price(&lines, Prices::Exclusive, Rounding::PerLine, LIMIT).unwrap();
        let per_doc = price(&lines, Prices::Exclusive, Rounding::PerDocument, LIMIT).unwrap();
        assert_eq!(per_line.tax, 3);
        assert_eq!(per_doc.tax, 2);
        assert_eq!(per_doc.lines.iter().map(|l| l.tax).sum::<i64>(), 2);
    }

    fn arb_line() -> impl Strategy<Value = LineInput> {
        (
            1i64..=100_000,
            0i64..=10_000_000,
            prop_oneof![Just(0i64), 0i64..=1_000_000],
            prop_oneof![
                Just(0i64),
                Just(10_000),
                Just(30_000),
                Just(60_000),
                Just(90_000),
                Just(130_000),
                0i64..=300_000
            ],
        )
            .prop_map(|(q, p, d, r)| line(q, p, d, r))
    }

    proptest! {
        /// A net amount taxed on top, then read back as a gross amount with the tax inside,
        /// gives the same tax: exclusive and inclusive prices agree.
        #[test]
        fn inclusive_and_exclusive_round_trip(net in 0i128..=1_000_000_000_000, rate in 0i64..=1_000_000) {
            let tax = tax_of(net, rate, Prices::Exclusive);
            let gross = net + tax;
            prop_assert_eq!(tax_of(gross, rate, Prices::Inclusive), tax);
        }

        /// Whatever the rounding, lines add up to the document, and rounding per line strays
        /// from rounding per document by at most half a cent a line.
        #[test]
        fn lines_add_up_and_roundings_stay_close(
            lines in proptest::collection::vec(arb_line(), 1..20),
            inclusive in any::<bool>(),
        ) {
            let prices = if inclusive { Prices::Inclusive } else { Prices::Exclusive };
            let per_line = price(&lines, prices, Rounding::PerLine, LIMIT).unwrap();
            let per_doc = price(&lines, prices, Rounding::PerDocument, LIMIT).unwrap();
            for doc in [&per_line, &per_doc] {
                prop_assert_eq!(doc.lines.iter().map(|l| l.net).sum::<i64>(), doc.subtotal);
                prop_assert_eq!(doc.lines.iter().map(|l| l.tax).sum::<i64>(), doc.tax);
                prop_assert_eq!(doc.subtotal + doc.tax, doc.total);
                prop_assert!(doc.lines.iter().all(|l| l.tax >= 0));
            }
            if inclusive {
                // The customer pays the shelf prices, however the tax is rounded.
                prop_assert_eq!(per_line.total, per_doc.total);
            }
            let mut rates: Vec<i64> = lines.iter().map(|l| l.rate).collect();
            rates.sort_unstable();
            rates.dedup();
            let bound = (lines.len() + rates.len()) as i64;
            prop_assert!((per_line.tax - per_doc.tax).abs() * 2 <= bound,
                "per line {} vs per document {}", per_line.tax, per_doc.tax);
            // Per document, each rate's tax is that rate applied to the rate's total once.
            for rate in rates {
                let base: i128 = lines.iter().zip(&per_doc.lines)
                    .filter(|(l, _)| l.rate == rate)
                    .map(|(l, _)| line_amount(l)).sum();
                let tax: i64 = lines.iter().zip(&per_doc.lines)
                    .filter(|(l, _)| l.rate == rate).map(|(_, a)| a.tax).sum();
                prop_assert_eq!(tax as i128, tax_of(base, rate, prices));
            }
        }
    }
}
