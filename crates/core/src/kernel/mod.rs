//! The kernel: what every area stands on and nothing area-specific. The store (documents,
//! projections, migrations, encryption), ids, money and exact numbers, errors, validation, the
//! command runtime with permissions and the activity log, files made for export, PDFs, attached
//! files and secrets. The kernel imports no area (`tests/architecture.rs` checks it).

pub mod access;
pub mod activity;
pub mod amount;
pub mod command;
pub mod error;
pub mod export;
pub mod files;
pub mod ids;
pub mod money;
pub mod numbers;
pub mod pdf;
pub mod requests;
pub mod runtime;
pub mod secrets;
pub mod states;
pub mod store;
pub mod tax;
pub mod validate;
