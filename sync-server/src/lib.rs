//! Suanpan's relay: an append-only feed of sealed changes per tenant, with device accounts.
//! It never loads or interprets a document, so its memory does not grow with their number.

pub mod api;
pub mod auth;
pub mod pg;
pub mod store;
