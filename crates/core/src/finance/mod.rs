//! Finance: a double-entry ledger (chart of accounts, immutable journal entries, closed
//! periods), income and expenses that post to it, and the reports read from it.

pub mod attachments;
pub mod documents;
pub mod invoicing;
pub mod model;
pub mod money;
pub mod ops;
pub mod recurring;
pub mod store;
pub mod tax;
pub mod templates;

pub use model::*;
