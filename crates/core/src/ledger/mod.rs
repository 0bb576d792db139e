//! The ledger: a double-entry book (chart of accounts, immutable journal entries, closed
//! periods), income and expenses that post to it, receipts attached to them, the books'
//! settings, and the reports read from the journal. Every area that moves money or value posts
//! through [`ops::post`] (sales) or [`books::post_stock_value`] (inventory).

pub mod attachments;
pub mod books;
pub mod events;
pub mod model;
pub mod opening;
pub mod ops;
pub mod reports;
pub mod store;
pub mod taxes;
pub mod templates;

pub use model::*;
