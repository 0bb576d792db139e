//! Inventory: products (with categories and suppliers), stock locations, stock as an
//! append-only ledger of movements, thresholds and low-stock alerts, moving average cost, and
//! purchase orders that post receipts (and, with the books set up, inventory against payables).

pub mod barcode;
pub mod counts;
pub mod import;
pub mod labels;
pub mod model;
pub mod ops;
pub mod orders;
pub mod reports;
pub mod sales;
pub mod stock;
pub mod store;
