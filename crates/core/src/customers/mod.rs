//! Customers: profiles, notes, interactions, segments, CSV import and export (the seed's
//! customer service).

pub mod csv;
pub mod model;
pub mod ops;
pub mod segments;
pub mod store;

pub use model::*;
