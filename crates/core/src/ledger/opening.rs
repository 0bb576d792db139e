//! Opening balances: what the business has, is owed and owes on the day it starts keeping its
//! books here, posted as one entry (source `opening`) whose difference goes to equity. There is
//! one standing opening entry: to change it, reverse it and post the new one.

use super::model::*;
use super::ops::{entry_view, lines_of, load_entry, post};
use super::store;
use crate::kernel::access::Permission::{FinanceManage, FinanceRead};
use crate::kernel::amount::Amount;
use crate::kernel::command::{command, Command, Cx, Empty};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{AccountId, EntryId};

pub const SOURCE: &str = "opening";

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.opening.get",
            FinanceRead,
            false,
            "The standing opening-balance entry, if there is one (and any posted beside it offline)",
            opening_get,
        ),
        command(
            "finances.opening.create",
            FinanceManage,
            true,
            "Post the opening balances (the difference goes to equity)",
            opening_create,
        ),
    ]
}

/// The opening entries that are not reversed, the first posted first. More than one only when
/// two devices posted opening balances before they synced.
fn standing_all(cx: &Cx<'_>) -> Result<Vec<EntryId>> {
    let ids = cx
        .conn
        .prepare_cached(
            "SELECT e.id FROM journal_entries e
             WHERE e.source = ?1 AND e.reverses IS NULL
               AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses = e.id)
             ORDER BY e.posted_at_ms, e.id",
        )?
        .query_map([SOURCE], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    ids.iter().map(|id| EntryId::parse("id", id)).collect()
}

/// Whether opening balances stand (the start checklist ticks them).
pub(crate) fn has_standing(cx: &Cx<'_>) -> Result<bool> {
    Ok(standing(cx)?.is_some())
}

fn standing(cx: &Cx<'_>) -> Result<Option<EntryId>> {
    Ok(standing_all(cx)?.into_iter().next())
}

fn opening_get(cx: &mut Cx<'_>, _: Empty) -> Result<OpeningStatus> {
    let mut views = Vec::new();
    for id in standing_all(cx)? {
        let entry = load_entry(cx, id)?;
        views.push(entry_view(cx, &entry)?);
    }
    let mut views = views.into_iter();
    Ok(OpeningStatus {
        entry: views.next(),
        also_standing: views.collect(),
    })
}

pub(super) fn equity_account(cx: &Cx<'_>, chosen: Option<AccountId>) -> Result<AccountId> {
    let Some(id) = chosen else {
        return store::first_of_kind(cx.conn, AccountKind::Equity)?.ok_or_else(|| {
            Error::invalid(
                "equity_account_id",
                Reason::Required,
                "equity_account_id: the chart has no equity account to take the difference",
            )
        });
    };
    match store::account(cx.conn, &id.to_string())? {
        Some(row) if row.kind == AccountKind::Equity && !row.archived => Ok(id),
        _ => Err(Error::invalid(
            "equity_account_id",
            Reason::InvalidId,
            "equity_account_id: an equity account in use",
        )),
    }
}

fn opening_create(cx: &mut Cx<'_>, input: OpeningBalancesInput) -> Result<JournalEntry> {
    if let Some(existing) = standing(cx)? {
        return Err(Error::conflict(
            format!("the opening balances are posted already (entry {existing}): reverse that entry to post new ones"),
            "期初余额已经录入：如需更改，请先冲销原来的期初分录",
        ));
    }
    let equity = equity_account(cx, input.equity_account_id)?;
    let mut lines: Vec<LineRecord> = lines_of(&input.lines)?
        .into_iter()
        .filter(|l| l.debit.minor() != 0 || l.credit.minor() != 0)
        .collect();
    if lines.is_empty() {
        return Err(Error::invalid(
            "lines",
            Reason::Required,
            "lines: give the balance of at least one account",
        ));
    }
    let debit: i64 = lines.iter().map(|l| l.debit.minor()).sum();
    let credit: i64 = lines.iter().map(|l| l.credit.minor()).sum();
    let difference = debit - credit;
    if difference != 0 {
        // More held than owed: the owner's stake (a credit to equity); the other way, a debit.
        lines.push(LineRecord {
            account_id: equity,
            debit: Amount::new((-difference).max(0)),
            credit: Amount::new(difference.max(0)),
        });
    }
    let entry = post(
        cx,
        EntryId::new(),
        &input.date,
        &Memo::both("Opening balances", "期初余额"),
        SOURCE,
        None,
        None,
        lines,
        false,
    )?;
    entry_view(cx, &entry)
}
