//! The books' shared services for every area that posts: the shop's day, the chart's account
//! for a role, posting the stock's value, the books' settings, and the balance sheet.

use super::model::*;
use super::ops::*;
use super::reports::*;
use super::store;
use super::templates::{self, Role};
use crate::kernel::access::Permission::{FinanceManage, FinanceRead};
use crate::kernel::amount::Amount;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{AccountId, EntryId};
use crate::kernel::numbers;
use crate::kernel::{money, validate};

/// The longest payment terms an invoice may give.
pub(crate) const TERMS_DAYS_MAX: i64 = 365;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.settings.update",
            FinanceManage,
            true,
            "Tax rounding (per line or per document) and payment terms",
            settings_update,
        ),
        command(
            "finances.reports.balance_sheet",
            FinanceRead,
            false,
            "Assets, liabilities and equity on a day",
            balance_sheet,
        ),
    ]
}

pub(crate) const HEADER_CHARS_MAX: usize = 500;

pub(crate) const HEADER_LINES_MAX: usize = 6;

pub(crate) const LOGO_BYTES_MAX: usize = 256 * 1024;

pub(crate) const LOGO_SIDE_MAX: u32 = 2_000;

/// The shop's calendar day now: in its time zone, not UTC's (before 8:00 in China, UTC is
/// still on yesterday, and invoices would be dated in the wrong month).
pub(crate) fn today(cx: &mut Cx<'_>) -> String {
    let offset = store::settings_id(cx.conn)
        .ok()
        .flatten()
        .and_then(|id| cx.get::<FinanceSettingsRecord>(&id).ok().flatten())
        .and_then(|s| s.utc_offset_minutes)
        .unwrap_or(0);
    money::date_of_ms(cx.now_ms + offset * 60_000)
}

/// An amount in the base currency as people read it (`¥1,744.72`): for the activity log, PDFs
/// and messages. Grouped alone (`1,744.72`) while the books are not set up.
pub(crate) fn shown(cx: &mut Cx<'_>, amount: Amount) -> String {
    let text = money::format(amount);
    let settings = store::settings_id(cx.conn)
        .ok()
        .flatten()
        .and_then(|id| cx.get::<FinanceSettingsRecord>(&id).ok().flatten());
    match settings {
        Some(settings) => money::display(&text, &settings.base_currency, true),
        None => money::grouped(&text),
    }
}

/// An amount in a document's currency as people read it: the base currency by its sign
/// (`¥723.20`), another by its code (`USD 120.00`). `None` is the base currency.
pub(crate) fn shown_in(
    cx: &mut Cx<'_>,
    amount: Amount<crate::kernel::amount::Doc>,
    currency: Option<&str>,
) -> String {
    match currency {
        Some(code) => money::display(&money::format(amount), code, false),
        // A document with no currency of its own is in the base currency.
        None => shown(cx, Amount::new(amount.minor())),
    }
}

pub(crate) fn actor_name(cx: &Cx<'_>) -> String {
    cx.actor
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

/// The chart's account for a role (receivables, sales, output tax…), which must be active.
pub(crate) fn role_account(cx: &mut Cx<'_>, role: Role) -> Result<AccountId> {
    let settings = settings_record(cx)?;
    let code = templates::role_code(&settings.template, role).ok_or_else(|| {
        Error::conflict(
            format!(
                "the {} chart has no {} account",
                settings.template,
                role.describe()
            ),
            format!(
                "{} 科目表中没有{}科目",
                settings.template,
                role.describe_zh()
            ),
        )
    })?;
    let id = AccountId::derived(&format!("chart:{}", settings.template), code);
    match store::account(cx.conn, &id.to_string())? {
        Some(account) if !account.archived => Ok(id),
        Some(account) => Err(Error::conflict(
            format!(
                "the {} account {} {} is archived: unarchive it first",
                role.describe(),
                account.code,
                account.name
            ),
            format!(
                "{}科目 {} {} 已停用：请先重新启用",
                role.describe_zh(),
                account.code,
                account.name
            ),
        )),
        None => Err(Error::conflict(
            format!(
                "the {} account {code} is missing from the chart",
                role.describe()
            ),
            format!("科目表中缺少{}科目 {code}", role.describe_zh()),
        )),
    }
}

/// Who the value of stock that came in is owed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Owed {
    /// Nobody: a sale, a loss, a return or a find moves value between stock and cost of sales.
    Nothing,
    /// A supplier, for goods received (accounts payable).
    Supplier(Amount),
    /// The owners: stock the shop had when it started its books here (the first equity account).
    Owners(Amount),
}

/// Books a change of the stock's value, when the books are set up (`None` when they are not:
/// stock works without a ledger). Inventory moves by `inventory` (what the stock is worth now
/// less before, at moving average cost); `owed` is what the goods that came in are owed for, to
/// a supplier or to the owners; cost of goods sold takes the rest: what a sale or a loss took
/// out, what a return or a find put back, and the part of a delivery that covers stock sold
/// before it arrived. The id is the caller's, derived from what moved, so the same movement is
/// never booked twice.
pub(crate) fn post_stock_value(
    cx: &mut Cx<'_>,
    id: EntryId,
    date: &str,
    memo: &Memo,
    source_id: String,
    inventory: Amount,
    owed: Owed,
) -> Result<Option<EntryId>> {
    let owed_amount = match owed {
        Owed::Nothing => Amount::ZERO,
        Owed::Supplier(amount) | Owed::Owners(amount) => amount,
    };
    if (inventory.is_zero() && owed_amount.is_zero()) || store::settings_id(cx.conn)?.is_none() {
        return Ok(None);
    }
    let signed = |account: AccountId, amount: Amount| {
        if amount.is_negative() {
            line(account, Amount::ZERO, -amount)
        } else {
            line(account, amount, Amount::ZERO)
        }
    };
    let mut lines = vec![
        signed(role_account(cx, Role::Inventory)?, inventory),
        signed(role_account(cx, Role::Cogs)?, owed_amount - inventory),
    ];
    match owed {
        Owed::Nothing => {}
        Owed::Supplier(amount) => lines.push(line(
            role_account(cx, Role::Payable)?,
            Amount::ZERO,
            amount.max(Amount::ZERO),
        )),
        Owed::Owners(amount) => lines.push(line(
            super::opening::equity_account(cx, None)?,
            Amount::ZERO,
            amount.max(Amount::ZERO),
        )),
    }
    let lines = nonzero(lines);
    if lines.len() < 2 {
        return Ok(None);
    }
    let entry = post(
        cx,
        id,
        date,
        memo,
        "stock",
        Some(source_id),
        None,
        lines,
        false,
    )?;
    Ok(Some(entry.id))
}

pub(crate) fn line(account_id: AccountId, debit: Amount, credit: Amount) -> LineRecord {
    LineRecord {
        account_id,
        debit,
        credit,
    }
}

/// Drops zero lines (no tax, nothing to credit) before posting.
pub(crate) fn nonzero(lines: Vec<LineRecord>) -> Vec<LineRecord> {
    lines
        .into_iter()
        .filter(|l| l.debit.is_positive() || l.credit.is_positive())
        .collect()
}

pub(crate) fn settings_update(cx: &mut Cx<'_>, patch: SettingsPatch) -> Result<FinanceSettings> {
    let mut settings = settings_record(cx)?;
    // What changed, in English and in Chinese.
    let mut changed: Vec<(String, String)> = Vec::new();
    if let Some(rounding) = patch.tax_rounding {
        settings.tax_rounding = Some(rounding);
        changed.push((
            format!("tax rounded per {}", rounding.as_str()),
            match rounding {
                numbers::Rounding::PerLine => "税额逐行舍入",
                numbers::Rounding::PerDocument => "税额按单据舍入",
            }
            .to_string(),
        ));
    }
    if let Some(days) = patch.payment_terms_days {
        if !(0..=TERMS_DAYS_MAX).contains(&days) {
            return Err(Error::invalid(
                "payment_terms_days",
                Reason::OutOfRange,
                format!("payment_terms_days: 0 to {TERMS_DAYS_MAX}"),
            ));
        }
        settings.payment_terms_days = Some(days);
        changed.push((
            format!("payment terms {days} days"),
            format!("付款期限 {days} 天"),
        ));
    }
    if let Some(header) = &patch.invoice_header {
        let header = validate::multiline("invoice_header", header, HEADER_CHARS_MAX, false)?;
        if header.lines().count() > HEADER_LINES_MAX {
            return Err(Error::invalid(
                "invoice_header",
                Reason::TooMany,
                format!("invoice_header: at most {HEADER_LINES_MAX} lines"),
            ));
        }
        settings.invoice_header = (!header.is_empty()).then_some(header);
        changed.push(("invoice header".to_string(), "发票抬头信息".to_string()));
    }
    if let Some(minutes) = patch.utc_offset_minutes {
        settings.utc_offset_minutes = Some(super::ops::utc_offset("utc_offset_minutes", minutes)?);
        changed.push((
            format!("time zone UTC{minutes:+} minutes"),
            format!("时区 UTC{minutes:+} 分钟"),
        ));
    }
    if let Some(cap) = &patch.cashier_discount_max_percent {
        settings.cashier_discount_max = match cap.trim() {
            "" => None,
            cap => Some(numbers::percent("cashier_discount_max_percent", cap, 100)?),
        };
        changed.push(match settings.cashier_discount_max {
            Some(cap) => {
                let cap = numbers::format_percent(cap);
                (
                    format!("cashiers may discount up to {cap}%"),
                    format!("收银员折扣最多 {cap}%"),
                )
            }
            None => (
                "no cap on cashiers' discounts".to_string(),
                "收银员折扣不设上限".to_string(),
            ),
        });
    }
    if let Some(logo) = &patch.logo_png {
        let logo = logo.trim();
        if logo.is_empty() {
            settings.logo_png = None;
            changed.push(("removed the logo".to_string(), "删除了标志".to_string()));
        } else {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(logo)
                .map_err(|_| {
                    Error::invalid("logo_png", Reason::InvalidValue, "logo_png: not base64")
                })?;
            if bytes.len() > LOGO_BYTES_MAX {
                return Err(Error::invalid(
                    "logo_png",
                    Reason::TooLong,
                    format!("logo_png: at most {} KB", LOGO_BYTES_MAX / 1024),
                ));
            }
            match crate::kernel::export::png_size(&bytes) {
                None => {
                    return Err(Error::invalid(
                        "logo_png",
                        Reason::InvalidValue,
                        "logo_png: not a PNG image",
                    ));
                }
                // A small file can still hold a huge image, which every invoice PDF would
                // then have to decode.
                Some((w, h)) if w > LOGO_SIDE_MAX || h > LOGO_SIDE_MAX => {
                    return Err(Error::invalid(
                        "logo_png",
                        Reason::OutOfRange,
                        format!(
                            "logo_png: at most {LOGO_SIDE_MAX}×{LOGO_SIDE_MAX} pixels (this one is {w}×{h})"
                        ),
                    ));
                }
                Some(_) => {}
            }
            settings.logo_png = Some(logo.to_string());
            changed.push(("new logo".to_string(), "新标志".to_string()));
        }
    }
    if !changed.is_empty() {
        settings.updated_at_ms = cx.now_ms;
        cx.put(&settings)?;
        let (en, zh): (Vec<String>, Vec<String>) = changed.into_iter().unzip();
        cx.record_change(settings.id, Summary::both(en.join(", "), zh.join("、")));
    }
    super::ops::settings_view(cx, &settings)
}

pub(crate) fn as_of(cx: &mut Cx<'_>, input: &AsOfInput) -> Result<String> {
    match input.as_of.as_deref() {
        Some(date) => money::date("as_of", date),
        None => Ok(today(cx)),
    }
}

/// Balances of every account on a day: assets, liabilities, equity and the profit not yet
/// moved to retained earnings, checked to balance.
pub(crate) struct SheetTotals {
    assets: Vec<TrialBalanceRow>,
    liabilities: Vec<TrialBalanceRow>,
    equity: Vec<TrialBalanceRow>,
    earnings: i64,
    total_assets: i64,
    total_liabilities: i64,
    total_equity: i64,
}

pub(crate) fn sheet_on(cx: &mut Cx<'_>, day: &str) -> Result<SheetTotals> {
    let balances = balances(
        cx,
        &DateRange {
            from: None,
            to: Some(day.to_string()),
        },
    )?;
    let pick = |kind: AccountKind| -> (Vec<TrialBalanceRow>, i64) {
        let rows: Vec<_> = balances
            .rows
            .iter()
            .filter(|(row, _)| row.kind == kind)
            .collect();
        let total = rows.iter().map(|(_, b)| *b).sum();
        (
            rows.into_iter().map(|(row, _)| row.clone()).collect(),
            total,
        )
    };
    let (assets, total_assets) = pick(AccountKind::Asset);
    let (liabilities, total_liabilities) = pick(AccountKind::Liability);
    let (equity, equity_accounts) = pick(AccountKind::Equity);
    let earnings = pick(AccountKind::Income).1 - pick(AccountKind::Expense).1;
    let total_equity = equity_accounts + earnings;
    // Every entry balanced, so assets equal liabilities plus equity; if not, the books were
    // damaged and the report says so rather than print a sheet that does not balance.
    if total_assets != total_liabilities + total_equity {
        return Err(Error::new(
            crate::kernel::error::ErrorCode::Storage,
            format!(
                "the balance sheet does not balance on {day}: assets {} against {}",
                money::format(total_assets),
                money::format(total_liabilities + total_equity)
            ),
        ));
    }
    Ok(SheetTotals {
        assets,
        liabilities,
        equity,
        earnings,
        total_assets,
        total_liabilities,
        total_equity,
    })
}

pub(crate) fn balance_sheet(cx: &mut Cx<'_>, input: AsOfInput) -> Result<BalanceSheet> {
    settings_record(cx)?;
    let as_of = as_of(cx, &input)?;
    let compare_to = input
        .compare_to
        .as_deref()
        .map(|d| money::date("compare_to", d))
        .transpose()?;
    let mut now = sheet_on(cx, &as_of)?;
    let prior = match &compare_to {
        Some(day) => {
            let prior = sheet_on(cx, day)?;
            super::reports::merge_prior(&mut now.assets, prior.assets);
            super::reports::merge_prior(&mut now.liabilities, prior.liabilities);
            super::reports::merge_prior(&mut now.equity, prior.equity);
            Some((
                prior.earnings,
                prior.total_assets,
                prior.total_liabilities,
                prior.total_equity,
            ))
        }
        None => None,
    };
    Ok(BalanceSheet {
        as_of,
        compare_to,
        assets: now.assets,
        liabilities: now.liabilities,
        equity: now.equity,
        earnings: money::format(now.earnings),
        total_assets: money::format(now.total_assets),
        total_liabilities: money::format(now.total_liabilities),
        total_equity: money::format(now.total_equity),
        total_liabilities_and_equity: money::format(now.total_liabilities + now.total_equity),
        prior_earnings: prior.map(|p| money::format(p.0)),
        prior_total_assets: prior.map(|p| money::format(p.1)),
        prior_total_liabilities: prior.map(|p| money::format(p.2)),
        prior_total_equity: prior.map(|p| money::format(p.3)),
        prior_total_liabilities_and_equity: prior.map(|p| money::format(p.2 + p.3)),
    })
}
