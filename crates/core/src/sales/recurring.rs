//! Recurring invoices: a schedule makes an invoice every month, quarter or year. The app runs
//! `finances.recurring.run` when it starts and every hour while it is open; each run makes the
//! invoices that fell due since, up to today. Only the device the schedule runs on makes them,
//! and each has an id derived from the schedule and its date: made twice, it is one invoice.

use super::invoices::{
    draft, invoice_view, issue, line_view, load_customer, price_lines, price_lines_capped,
    rounding_of, LineLimits,
};
use super::model::*;
use super::store;
use crate::kernel::access::Permission::{FinanceWrite, SalesRead, SalesWrite};
use crate::kernel::command::{command, Command, Cx, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{InvoiceId, RecurringId};
use crate::kernel::money;
use crate::kernel::tax::{self, Prices};
use crate::kernel::validate::{self, Checks};
use crate::ledger::books::{actor_name, today};
use crate::ledger::ops::settings_record;

/// Invoices one run makes for one schedule at most: an app closed for years catches up in
/// bounded steps.
pub(crate) const CATCH_UP_MAX: i64 = 36;
pub(crate) const NOTES_CHARS_MAX: usize = 2_000;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.recurring.list",
            SalesRead,
            false,
            "Recurring invoices and when each makes its next",
            recurring_list,
        ),
        command(
            "finances.recurring.create",
            FinanceWrite,
            true,
            "Invoice a customer every month, quarter or year",
            recurring_create,
        ),
        command(
            "finances.recurring.update",
            FinanceWrite,
            true,
            "Pause, resume, end or take over a recurring invoice",
            recurring_update,
        ),
        command(
            "finances.recurring.run",
            SalesWrite,
            true,
            "Make the recurring invoices due up to today (the app runs it)",
            recurring_run,
        ),
    ]
}

pub(crate) fn months_of(interval: &str) -> Option<i64> {
    match interval {
        "monthly" => Some(1),
        "quarterly" => Some(3),
        "yearly" => Some(12),
        _ => None,
    }
}

/// A schedule's interval in Chinese words, for the activity log (the words the app shows).
fn interval_zh(interval: &str) -> &str {
    match interval {
        "monthly" => "每月",
        "quarterly" => "每季度",
        "yearly" => "每年",
        other => other,
    }
}

/// The date of the schedule's `n`th invoice (0: the start), or none past its end.
pub(crate) fn date_of(record: &RecurringRecord, n: i64) -> Option<String> {
    let months = months_of(&record.interval)?;
    let date = money::add_months(&record.start_date, n * months);
    match &record.end_date {
        Some(end) if date.as_str() > end.as_str() => None,
        _ => Some(date),
    }
}

pub(crate) fn line_inputs(record: &RecurringRecord) -> Vec<InvoiceLineInput> {
    record
        .lines
        .iter()
        .map(|l| InvoiceLineInput {
            description: l.description.clone(),
            quantity: l.quantity.clone(),
            unit_price: l.unit_price.clone(),
            discount: Some(l.discount.clone()),
            // Stored as text by earlier releases (blank for none).
            tax_id: l.tax_id.as_deref().and_then(|t| t.trim().parse().ok()),
            product_id: None,
        })
        .collect()
}

pub(crate) fn view(cx: &mut Cx<'_>, record: &RecurringRecord) -> Result<Recurring> {
    let settings = settings_record(cx)?;
    let prices = if record.prices_include_tax {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    // Priced as it would be today; a tax archived since shows as an error when it runs.
    let (lines, total) = match price_lines(cx, &line_inputs(record), prices, rounding_of(&settings))
    {
        Ok((lines, amounts)) => (lines, money::format(amounts.total)),
        Err(_) => (Vec::new(), String::new()),
    };
    Ok(Recurring {
        id: record.id,
        customer_id: record.customer_id,
        customer_name: record.customer_name.clone(),
        interval: record.interval.clone(),
        start_date: record.start_date.clone(),
        end_date: record.end_date.clone(),
        next_date: if record.active {
            date_of(record, record.count)
        } else {
            None
        },
        count: record.count,
        prices_include_tax: record.prices_include_tax,
        lines: lines.iter().map(line_view).collect(),
        total,
        notes: record.notes.clone(),
        issue: record.issue,
        active: record.active,
        runs_here: record.device_id == cx.device_id.to_string(),
        due: record.active
            && record.device_id == cx.device_id.to_string()
            && date_of(record, record.count).is_some_and(|next| next <= today(cx)),
    })
}

pub(crate) fn load(cx: &mut Cx<'_>, id: RecurringId) -> Result<RecurringRecord> {
    let parsed = id;
    cx.get::<RecurringRecord>(&parsed)?
        .ok_or_else(|| Error::not_found("recurring invoice", parsed))
}

pub(crate) fn recurring_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<Recurring>> {
    let ids = store::recurring_ids(cx.conn)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let record = load(cx, id)?;
        out.push(view(cx, &record)?);
    }
    Ok(out)
}

/// A schedule's interval: one of those it knows.
fn interval_of(text: &str) -> Result<String> {
    let interval = text.trim().to_string();
    if months_of(&interval).is_none() {
        return Err(Error::invalid(
            "interval",
            Reason::InvalidValue,
            "interval: monthly, quarterly or yearly",
        ));
    }
    Ok(interval)
}

/// When a schedule ends, if it does: a day on or after its start (when that is known).
fn end_of(text: Option<&str>, start_date: Option<&str>) -> Result<Option<String>> {
    let Some(end) = text.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(None);
    };
    let end = money::date("end_date", end)?;
    if let Some(start_date) = start_date.filter(|start| end.as_str() < *start) {
        return Err(Error::invalid(
            "end_date",
            Reason::OutOfRange,
            format!("end_date ({end}) is before start_date ({start_date})"),
        ));
    }
    Ok(Some(end))
}

pub(crate) fn recurring_create(cx: &mut Cx<'_>, input: RecurringInput) -> Result<Recurring> {
    let settings = settings_record(cx)?;
    // Every field at once: the answer names each refused one, the lines' too.
    let mut checks = Checks::default();
    let customer = checks.field(load_customer(cx, "customer_id", input.customer_id));
    let interval = checks.field(interval_of(&input.interval));
    let start_date = checks.field(money::date("start_date", &input.start_date));
    let end_date = checks.field(end_of(input.end_date.as_deref(), start_date.as_deref()));
    let prices = if input.prices_include_tax.unwrap_or(false) {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    // The lines are checked now, as an invoice's are; they are kept as given and priced again
    // each time, so a changed tax rate applies from its day on.
    let priced = checks.field(price_lines(
        cx,
        &input.lines,
        prices,
        rounding_of(&settings),
    ));
    let notes = checks.field(validate::multiline(
        "notes",
        input.notes.as_deref().unwrap_or(""),
        NOTES_CHARS_MAX,
        false,
    ));
    checks.done()?;
    let (
        Some(customer),
        Some(interval),
        Some(start_date),
        Some(end_date),
        Some((priced, _)),
        Some(notes),
    ) = (customer, interval, start_date, end_date, priced, notes)
    else {
        return Err(Error::internal(
            "a schedule field passed its check without a value",
        ));
    };
    let lines = priced
        .iter()
        .map(|l| RecurringLineRecord {
            description: l.description.clone(),
            quantity: tax::format_quantity(l.quantity),
            unit_price: money::format(l.unit_price),
            discount: tax::format_percent(l.discount),
            tax_id: l.tax_id.map(|id| id.to_string()),
        })
        .collect();
    let record = RecurringRecord {
        id: RecurringId::new(),
        customer_id: customer.id,
        customer_name: customer.name.clone(),
        interval,
        start_date,
        end_date,
        count: 0,
        prices_include_tax: input.prices_include_tax.unwrap_or(false),
        lines,
        notes,
        issue: input.issue.unwrap_or(false),
        device_id: cx.device_id.to_string(),
        active: true,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!(
                "set up a {} invoice for {} from {}",
                record.interval, record.customer_name, record.start_date
            ),
            format!(
                "设置定期发票（{}），客户 {}，{} 起",
                interval_zh(&record.interval),
                record.customer_name,
                record.start_date
            ),
        ),
    );
    view(cx, &record)
}

pub(crate) fn recurring_update(cx: &mut Cx<'_>, patch: RecurringPatch) -> Result<Recurring> {
    let mut record = load(cx, patch.id)?;
    // What changed, in English and in Chinese.
    let mut changed: Vec<(String, String)> = Vec::new();
    if let Some(active) = patch.active {
        if active != record.active {
            record.active = active;
            let (en, zh) = if active {
                ("resumed", "恢复")
            } else {
                ("paused", "暂停")
            };
            changed.push((en.to_string(), zh.to_string()));
        }
    }
    if let Some(end) = &patch.end_date {
        record.end_date = match end.trim() {
            "" => None,
            end => {
                let end = money::date("end_date", end)?;
                if end < record.start_date {
                    return Err(Error::invalid(
                        "end_date",
                        Reason::OutOfRange,
                        format!(
                            "end_date ({end}) is before the start ({})",
                            record.start_date
                        ),
                    ));
                }
                Some(end)
            }
        };
        changed.push(match record.end_date.as_deref() {
            Some(end) => (format!("ends {end}"), format!("截止 {end}")),
            None => ("ends never".to_string(), "不设截止".to_string()),
        });
    }
    if let Some(issue) = patch.issue {
        record.issue = issue;
        let (en, zh) = if issue {
            ("issues as made", "生成后直接开具")
        } else {
            ("makes drafts", "生成草稿")
        };
        changed.push((en.to_string(), zh.to_string()));
    }
    if patch.take_over == Some(true) {
        record.device_id = cx.device_id.to_string();
        changed.push((
            "runs on this device now".to_string(),
            "改在本设备运行".to_string(),
        ));
    }
    if !changed.is_empty() {
        record.updated_at_ms = cx.now_ms;
        cx.put(&record)?;
        let (en, zh): (Vec<String>, Vec<String>) = changed.into_iter().unzip();
        cx.record_change(
            record.id,
            Summary::both(
                format!(
                    "recurring invoice for {}: {}",
                    record.customer_name,
                    en.join(", ")
                ),
                format!(
                    "定期发票（客户 {}）：{}",
                    record.customer_name,
                    zh.join("、")
                ),
            ),
        );
    }
    view(cx, &record)
}

pub(crate) fn recurring_run(cx: &mut Cx<'_>, _: Empty) -> Result<RecurringRun> {
    if crate::ledger::store::settings_id(cx.conn)?.is_none() {
        return Ok(RecurringRun {
            invoices: vec![],
            skipped: vec![],
        });
    }
    let today = today(cx);
    let here = cx.device_id.to_string();
    let mut made = Vec::new();
    let mut skipped = Vec::new();
    for id in store::recurring_ids(cx.conn)? {
        let mut record = load(cx, id)?;
        if !record.active || record.device_id != here {
            continue;
        }
        let mut steps = 0;
        while let Some(date) = date_of(&record, record.count) {
            if date > today || steps == CATCH_UP_MAX {
                break;
            }
            let invoice_id = InvoiceId::derived("recurring", &format!("{}:{date}", record.id));
            if cx.get::<InvoiceRecord>(&invoice_id)?.is_none() {
                // What would stop this schedule is found before anything is written, so one
                // schedule's trouble (an erased customer, an archived tax) stops only itself.
                if let Some(reason) = blocker(cx, &record)? {
                    skipped.push(RecurringSkip {
                        recurring_id: record.id,
                        customer_name: record.customer_name.clone(),
                        date: date.clone(),
                        reason,
                    });
                    break;
                }
                let input = InvoiceInput {
                    customer_id: record.customer_id,
                    issue_date: Some(date.clone()),
                    due_date: None,
                    prices_include_tax: Some(record.prices_include_tax),
                    lines: line_inputs(&record),
                    notes: Some(record.notes.clone()),
                    currency: None,
                    exchange_rate: None,
                    location_id: None,
                };
                let mut invoice = draft(cx, invoice_id, &input, false)?;
                // A day in a closed period gets a draft to look at, not a posting.
                let closed = settings_record(cx)?.closed();
                if record.issue && closed.as_deref().is_none_or(|c| date.as_str() > c) {
                    invoice = issue(cx, invoice, None)?;
                }
                made.push(invoice_view(cx, &invoice)?);
            }
            record.count += 1;
            steps += 1;
        }
        if steps > 0 {
            record.updated_at_ms = cx.now_ms;
            cx.put(&record)?;
            cx.record_change(
                record.id,
                Summary::both(
                    format!(
                        "made {steps} recurring invoice(s) for {}",
                        record.customer_name
                    ),
                    format!("生成 {steps} 张定期发票，客户 {}", record.customer_name),
                ),
            );
        }
    }
    Ok(RecurringRun {
        invoices: made,
        skipped,
    })
}

/// Why a schedule cannot make its invoice now, if it cannot: its customer, or its lines.
pub(crate) fn blocker(cx: &mut Cx<'_>, record: &RecurringRecord) -> Result<Option<String>> {
    if let Err(err) = load_customer(cx, "customer_id", record.customer_id) {
        return Ok(Some(err.message));
    }
    let settings = settings_record(cx)?;
    let prices = if record.prices_include_tax {
        Prices::Inclusive
    } else {
        Prices::Exclusive
    };
    match price_lines_capped(
        cx,
        &line_inputs(record),
        prices,
        rounding_of(&settings),
        LineLimits::default(),
    ) {
        Ok(_) => Ok(None),
        Err(err) if err.code == crate::kernel::error::ErrorCode::Validation => {
            Ok(Some(err.message))
        }
        Err(err) => Err(err),
    }
}
