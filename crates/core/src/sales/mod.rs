//! Sales: taxes, invoices and credit notes with numbers no two devices share, payments and
//! customer credit, recurring invoices, the invoice PDF, and the sales reports. Sales posts to
//! the ledger and takes goods out of (or back into) inventory through `inventory::sales`.

pub mod documents;
pub mod invoices;
pub mod lines;
pub mod model;
pub mod numbering;
pub mod payments;
pub mod recurring;
pub mod reports;
pub mod store;

pub use model::*;
