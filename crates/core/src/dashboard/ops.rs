//! The start checklist: each step is ticked from what the data holds, not from a flag someone
//! set, so it is right on every device after sync and a step undone shows undone again.

use super::model::*;
use crate::kernel::access::Permission::UsersManage;
use crate::kernel::command::{command, Command, Cx, Empty};
use crate::kernel::error::Result;

pub fn commands() -> Vec<Command> {
    vec![command(
        "dashboard.start.get",
        UsersManage,
        false,
        "The start checklist: which steps of setting up the shop are done",
        start_get,
    )]
}

fn start_get(cx: &mut Cx<'_>, _: Empty) -> Result<StartChecklist> {
    let profile = crate::users::profile::profile_of(cx)?;
    let books = crate::ledger::store::settings_id(cx.conn)?.is_some();
    let taxes = books && !crate::ledger::store::tax_ids(cx.conn)?.is_empty();
    let opening = crate::ledger::opening::has_standing(cx)?
        || crate::inventory::store::has_opening_stock(cx.conn)?;
    let active_users = crate::users::store::active_users(cx.conn)?;
    let steps = [
        (
            StartStepKey::Company,
            !profile.address_line1.trim().is_empty() || !profile.tax_id.trim().is_empty(),
        ),
        (StartStepKey::Books, books),
        (StartStepKey::Taxes, taxes),
        (StartStepKey::Opening, opening),
        (
            StartStepKey::Products,
            crate::inventory::store::has_products(cx.conn)?,
        ),
        (
            StartStepKey::Customers,
            crate::customers::store::any(cx.conn)?,
        ),
        (StartStepKey::Staff, active_users > 1),
        (
            StartStepKey::Devices,
            crate::sync::device::connected(cx.conn)?,
        ),
    ]
    .map(|(key, done)| StartStep { key, done });
    Ok(StartChecklist {
        done: steps.iter().filter(|s| s.done).count() as u32,
        steps: steps.to_vec(),
    })
}
