use serde::Serialize;
use ts_rs::TS;

crate::kernel::states::word_enum!(
    /// A step of setting up a new shop, in the order the start page lists them.
    pub StartStepKey "a start checklist step" {
        /// Address, tax id, bank account: what a legal invoice prints.
        Company = "company",
        /// The chart of accounts (the books set up).
        Books = "books",
        /// At least one tax rate to charge.
        Taxes = "taxes",
        /// Cash, bank, stock and what is owed either way on the first day.
        Opening = "opening",
        Products = "products",
        Customers = "customers",
        /// Another person who signs in.
        Staff = "staff",
        /// This device connected to a relay, so a second one can join.
        Devices = "devices",
    }
);

/// One step and whether the company's data shows it done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StartStep {
    pub key: StartStepKey,
    pub done: bool,
}

/// `dashboard.start.get`: the start checklist, every step in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StartChecklist {
    pub steps: Vec<StartStep>,
    /// How many steps are done.
    pub done: u32,
}
