//! The one command table. Every operation of the core is a named command (named after the
//! seed's endpoints), JSON in and JSON out, with the permission it needs. The desktop shell, the
//! CLI and the development host all dispatch through `Core::call`; none holds a business rule.

use std::sync::OnceLock;

pub use crate::kernel::command::*;
use crate::kernel::error::{Error, ErrorCode, Result};

pub fn table() -> &'static [Command] {
    static TABLE: OnceLock<Vec<Command>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all = Vec::new();
        all.extend(crate::users::ops::commands());
        all.extend(crate::users::roles::commands());
        all.extend(crate::users::lock::commands());
        all.extend(crate::users::profile::commands());
        all.extend(crate::customers::ops::commands());
        all.extend(crate::dashboard::ops::commands());
        all.extend(crate::ledger::ops::commands());
        all.extend(crate::ledger::opening::commands());
        all.extend(crate::ledger::events::commands());
        all.extend(crate::ledger::reports::commands());
        all.extend(crate::ledger::books::commands());
        all.extend(crate::ledger::taxes::commands());
        all.extend(crate::ledger::attachments::commands());
        all.extend(crate::sales::invoices::commands());
        all.extend(crate::sales::numbering::commands());
        all.extend(crate::sales::payments::commands());
        all.extend(crate::sales::reports::commands());
        all.extend(crate::sales::documents::commands());
        all.extend(crate::sales::recurring::commands());
        all.extend(crate::inventory::ops::commands());
        all.extend(crate::inventory::stock::commands());
        all.extend(crate::inventory::orders::commands());
        all.extend(crate::inventory::labels::commands());
        all.extend(crate::inventory::counts::commands());
        all.extend(crate::inventory::import::commands());
        all.extend(crate::inventory::reports::commands());
        all.extend(crate::security::commands());
        all.extend(crate::sync::device::commands());
        let mut names: Vec<_> = all.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "two commands share a name");
        all
    })
}

pub fn find(name: &str) -> Result<&'static Command> {
    table().iter().find(|c| c.name == name).ok_or_else(|| {
        Error::new(
            ErrorCode::UnknownCommand,
            format!("unknown command '{name}'; `suanpan commands` lists them"),
        )
    })
}
