//! Sales reports: receivables by age, the tax summary, and invoices that need attention.

use super::model::*;
use super::store;
use crate::kernel::access::Permission::FinanceRead;
use crate::kernel::command::{command, Command, Cx, Empty};
use crate::kernel::error::Result;
use crate::kernel::ids::{CustomerId, TaxId};
use crate::kernel::money;
use crate::kernel::tax::{self};
use crate::ledger::books::*;
use crate::ledger::model::*;
use crate::ledger::ops::*;
use std::collections::BTreeMap;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.invoices.attention",
            FinanceRead,
            false,
            "Invoices and payments that disagree after devices worked offline",
            attention,
        ),
        command(
            "finances.reports.ar_aging",
            FinanceRead,
            false,
            "What customers owe, by how long past due",
            ar_aging,
        ),
        command(
            "finances.reports.tax_summary",
            FinanceRead,
            false,
            "Output tax, input tax and the net owed for a period",
            tax_summary,
        ),
    ]
}

pub(crate) fn aging_row(customer_id: CustomerId, name: String, buckets: [i64; 5]) -> AgingRow {
    AgingRow {
        customer_id,
        customer_name: name,
        current: money::format(buckets[0]),
        days_30: money::format(buckets[1]),
        days_60: money::format(buckets[2]),
        days_90: money::format(buckets[3]),
        over_90: money::format(buckets[4]),
        total: money::format(buckets.iter().sum::<i64>()),
    }
}

pub(crate) fn ar_aging(cx: &mut Cx<'_>, input: AsOfInput) -> Result<AgingReport> {
    settings_record(cx)?;
    let as_of = as_of(cx, &input)?;
    let day = money::day_number(&as_of);
    let mut by_customer: Vec<(String, String, [i64; 5])> = Vec::new();
    let mut total = [0i64; 5];
    for store::OpenInvoice {
        customer_id,
        customer_name: name,
        due_date: due,
        owed,
    } in store::open_invoices(cx.conn, &as_of)?
    {
        let late = day - money::day_number(&due);
        let bucket = match late {
            ..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        if by_customer
            .last()
            .is_none_or(|(id, _, _)| *id != customer_id)
        {
            by_customer.push((customer_id.clone(), name, [0; 5]));
        }
        if let Some(last) = by_customer.last_mut() {
            last.2[bucket] += owed;
        }
        total[bucket] += owed;
    }
    let rows = by_customer
        .into_iter()
        .map(|(id, name, buckets)| {
            Ok(aging_row(
                CustomerId::parse("customer_id", &id)?,
                name,
                buckets,
            ))
        })
        .collect::<Result<_>>()?;
    Ok(AgingReport {
        as_of,
        rows,
        total: aging_row(CustomerId::derived("aging", "total"), "Total".into(), total),
    })
}

/// One row of the tax summary while it is added up.
pub(crate) struct SummaryRow {
    tax_id: Option<TaxId>,
    name: String,
    rate: i64,
    sales: i64,
    output_tax: i64,
    purchases: i64,
    input_tax: i64,
}

pub(crate) fn tax_summary(cx: &mut Cx<'_>, input: PeriodInput) -> Result<TaxSummary> {
    settings_record(cx)?;
    let (range, prior_range) = crate::ledger::reports::period(&input)?;
    let mut summary = tax_summary_over(cx, range)?;
    if let Some(prior_range) = prior_range {
        let prior = tax_summary_over(cx, prior_range)?;
        summary.prior = Some(TaxSummaryPrior {
            from: prior.from.unwrap_or_default(),
            to: prior.to.unwrap_or_default(),
            output_tax: prior.output_tax,
            input_tax: prior.input_tax,
            net: prior.net,
        });
    }
    Ok(summary)
}

pub(crate) fn tax_summary_over(cx: &mut Cx<'_>, range: DateRange) -> Result<TaxSummary> {
    let mut rows: BTreeMap<String, SummaryRow> = BTreeMap::new();
    let row = |tax_id: Option<TaxId>, name: String, rate: i64| SummaryRow {
        tax_id,
        name,
        rate,
        sales: 0,
        output_tax: 0,
        purchases: 0,
        input_tax: 0,
    };
    for total in store::output_tax(cx.conn, &range)? {
        let key = format!(
            "{}:{}",
            total.tax_id.clone().unwrap_or_default(),
            total.rate
        );
        let name = if total.name.is_empty() {
            "No tax".to_string()
        } else {
            total.name
        };
        let tax_id = total.tax_id.as_deref().and_then(|id| id.parse().ok());
        let slot = rows
            .entry(key)
            .or_insert_with(|| row(tax_id, name, total.rate));
        slot.sales += total.net;
        slot.output_tax += total.tax;
    }
    for (kind, outgoing) in [("income", true), ("expense", false)] {
        for (tax_id, gross, tax) in store::event_tax(cx.conn, kind, &range)? {
            let record = cx.get::<TaxRecord>(&tax_id)?;
            let rate: i64 = record
                .as_ref()
                .map(|r| r.components.iter().map(|c| c.rate).sum())
                .unwrap_or(0);
            let name = record
                .map(|r| r.name)
                .unwrap_or_else(|| "(not here yet)".into());
            let slot = rows
                .entry(format!("{tax_id}:{rate}"))
                .or_insert_with(|| row(Some(tax_id), name, rate));
            if outgoing {
                slot.sales += gross - tax;
                slot.output_tax += tax;
            } else {
                slot.purchases += gross - tax;
                slot.input_tax += tax;
            }
        }
    }
    let mut rows: Vec<SummaryRow> = rows.into_values().collect();
    rows.sort_by(|a, b| b.rate.cmp(&a.rate).then(a.name.cmp(&b.name)));
    let output: i64 = rows.iter().map(|r| r.output_tax).sum();
    let input: i64 = rows.iter().map(|r| r.input_tax).sum();
    Ok(TaxSummary {
        from: range.from,
        to: range.to,
        rows: rows
            .into_iter()
            .map(|r| TaxSummaryRow {
                tax_id: r.tax_id,
                name: r.name,
                rate: tax::format_percent(r.rate),
                sales: money::format(r.sales),
                output_tax: money::format(r.output_tax),
                purchases: money::format(r.purchases),
                input_tax: money::format(r.input_tax),
            })
            .collect(),
        output_tax: money::format(output),
        input_tax: money::format(input),
        net: money::format(output - input),
        prior: None,
    })
}

/// What sync can leave that no single device would have allowed: each item says what is
/// wrong and where, for a person to set right (void a payment, post the missing reversal).
pub(crate) fn attention(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<AttentionItem>> {
    settings_record(cx)?;
    let mut items = Vec::new();
    for row in store::attention(cx.conn)? {
        let message = match row.kind {
            AttentionKind::PaymentOnVoid => format!(
                "invoice {} is void but {} was paid on it",
                row.number,
                money::format(row.amount)
            ),
            AttentionKind::Overpaid => format!(
                "invoice {} was paid {} more than its total (payments on two devices?)",
                row.number,
                money::format(row.amount)
            ),
            AttentionKind::Overcredited => format!(
                "credit notes on invoice {} exceed its total by {}",
                row.number,
                money::format(row.amount)
            ),
            AttentionKind::NegativeCredit => format!(
                "{} has used {} more credit than they held",
                row.customer_name,
                money::format(-row.amount)
            ),
            AttentionKind::UnreversedVoid => format!(
                "invoice {} is void but its posting was never reversed: void it again",
                row.number
            ),
            AttentionKind::PostingDiffers => format!(
                "invoice {} totals {} but its posting says {} (edited on one device while issued on another)",
                row.number,
                money::format(row.amount),
                money::format(row.other)
            ),
            AttentionKind::PostingDateDiffers => format!(
                "invoice {} is dated differently from its posting ({}): issued on two devices with different dates",
                row.number, row.detail
            ),
            AttentionKind::DoesNotAddUp => format!(
                "the lines of invoice {} do not add up to its totals (edited on two devices at once)",
                row.number
            ),
            AttentionKind::NumberLost => format!(
                "number {} was given to an invoice that now carries {} (issued on two devices at once)",
                row.detail, row.number
            ),
        };
        items.push(AttentionItem {
            kind: row.kind,
            invoice_id: row.invoice_id,
            customer_name: row.customer_name,
            message,
        });
    }
    Ok(items)
}
