//! Invoice numbers: each device numbers from its own series, so two devices offline never give
//! the same number.

use super::model::*;
use super::store;
use crate::kernel::access::Permission::{FinanceManage, SalesRead};
use crate::kernel::command::{command, Command, Cx, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::InvoiceSeriesId;
use crate::ledger::books::*;
use crate::ledger::ops::*;
use std::collections::BTreeMap;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.invoices.series.get",
            SalesRead,
            false,
            "This device's invoice number series",
            series_get,
        ),
        command(
            "finances.invoices.series.update",
            FinanceManage,
            true,
            "Set this device's invoice prefix and yearly restart",
            series_update,
        ),
    ]
}

/// This device's series, made with a default prefix the first time it is needed.
pub(crate) fn series(cx: &mut Cx<'_>) -> Result<InvoiceSeriesRecord> {
    let device = cx.device_id.to_string();
    let id = InvoiceSeriesId::derived("invoice-series", &device);
    if let Some(series) = cx.get::<InvoiceSeriesRecord>(&id)? {
        return Ok(series);
    }
    // The device id's last (random) characters: distinct on every device without asking.
    let tag: String = device
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_ascii_uppercase();
    Ok(InvoiceSeriesRecord {
        id,
        device_id: device,
        prefix: format!("INV-{tag}-"),
        yearly_reset: false,
        last: BTreeMap::new(),
        updated_at_ms: cx.now_ms,
        past_prefixes: Vec::new(),
    })
}

pub(crate) fn counter_key(series: &InvoiceSeriesRecord, kind: &str, date: &str) -> String {
    if series.yearly_reset {
        format!("{kind}:{}", &date[..4])
    } else {
        kind.to_string()
    }
}

pub(crate) fn number_text(series: &InvoiceSeriesRecord, kind: &str, date: &str, n: i64) -> String {
    let year = if series.yearly_reset {
        format!("{}-", &date[..4])
    } else {
        String::new()
    };
    let credit = if kind == "credit_note" { "CN-" } else { "" };
    format!("{credit}{}{year}{n:05}", series.prefix)
}

/// Takes the next number of this device's series. Only this device writes its series, so
/// numbers are gapless per series and never meet another device's, offline or not.
pub(crate) fn take_number(cx: &mut Cx<'_>, kind: &str, date: &str) -> Result<String> {
    let mut series = series(cx)?;
    let others = store::other_prefixes(cx.conn, &series.device_id)?;
    if let Some(clash) = others.iter().find(|p| clashes(p, &series.prefix)) {
        return Err(Error::conflict(format!(
            "this device's invoice prefix '{}' clashes with another device's ('{clash}'): change it in the invoice settings first",
            series.prefix
        ), format!(
            "本设备的发票前缀“{}”与另一台设备的（“{clash}”）冲突：请先在发票设置中修改",
            series.prefix
        )));
    }
    let key = counter_key(&series, kind, date);
    let next = series.last.get(&key).copied().unwrap_or(0) + 1;
    series.last.insert(key, next);
    series.updated_at_ms = cx.now_ms;
    cx.put(&series)?;
    Ok(number_text(&series, kind, date, next))
}

/// Two prefixes clash when one starts with the other, whatever the case: their numbers could
/// meet (and "shop-" and "SHOP-" files overwrite each other on most disks).
pub(crate) fn clashes(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a.starts_with(&b) || b.starts_with(&a)
}

pub(crate) fn series_view(cx: &mut Cx<'_>, series: &InvoiceSeriesRecord) -> Result<InvoiceSeries> {
    let date = today(cx);
    let key = counter_key(series, "invoice", &date);
    let next = series.last.get(&key).copied().unwrap_or(0) + 1;
    Ok(InvoiceSeries {
        prefix: series.prefix.clone(),
        yearly_reset: series.yearly_reset,
        next_number: number_text(series, "invoice", &date, next),
        other_prefixes: store::other_prefixes(cx.conn, &series.device_id)?,
    })
}

pub(crate) fn series_get(cx: &mut Cx<'_>, _: Empty) -> Result<InvoiceSeries> {
    let series = series(cx)?;
    series_view(cx, &series)
}

pub(crate) fn series_update(cx: &mut Cx<'_>, patch: SeriesPatch) -> Result<InvoiceSeries> {
    settings_record(cx)?;
    let mut series = series(cx)?;
    if let Some(prefix) = &patch.prefix {
        let prefix = prefix.trim().to_string();
        let valid = !prefix.is_empty()
            && prefix.chars().count() <= 12
            && prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
            && !prefix.ends_with(|c: char| c.is_ascii_digit());
        if !valid {
            return Err(Error::invalid(
                "prefix",
                Reason::InvalidValue,
                "prefix: 1 to 12 letters, digits, - _ or /, not ending in a digit (like A- or SHOP1-)",
            ));
        }
        if prefix.to_ascii_uppercase().starts_with("CN-") {
            return Err(Error::invalid(
                "prefix",
                Reason::InvalidValue,
                "prefix: CN- starts credit note numbers",
            ));
        }
        let others = store::other_prefixes(cx.conn, &series.device_id)?;
        if let Some(clash) = others.iter().find(|p| clashes(p, &prefix)) {
            return Err(Error::invalid(
                "prefix",
                Reason::InvalidValue,
                format!("prefix: another device numbers with '{clash}'; pick one neither starts with the other"),
            ));
        }
        if prefix != series.prefix && !series.last.is_empty() {
            let old = std::mem::replace(&mut series.prefix, prefix);
            if !series.past_prefixes.contains(&old) {
                series.past_prefixes.push(old);
            }
        } else {
            series.prefix = prefix;
        }
    }
    if let Some(yearly) = patch.yearly_reset {
        series.yearly_reset = yearly;
    }
    series.updated_at_ms = cx.now_ms;
    cx.put(&series)?;
    let (yearly, yearly_zh) = if series.yearly_reset {
        (", restarting each year", "，每年重新编号")
    } else {
        ("", "")
    };
    cx.record_change(
        series.id,
        Summary::both(
            format!(
                "invoice numbers on this device: prefix {}{yearly}",
                series.prefix
            ),
            format!("本设备的发票编号：前缀 {}{yearly_zh}", series.prefix),
        ),
    );
    series_view(cx, &series)
}
