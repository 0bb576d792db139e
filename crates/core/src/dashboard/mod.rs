//! The dashboard: what the owner sees first. Today the start checklist (the steps that set up a
//! new shop, each ticked from the data itself); widgets, KPIs and the summary come next. It reads
//! every other area and nothing reads it.

pub mod model;
pub mod ops;

pub use model::*;
