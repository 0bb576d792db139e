//! Users, the company, sessions, roles (built-in and custom) and two-step sign-in.

pub mod lock;
pub mod mfa;
pub mod model;
pub mod ops;
pub mod profile;
pub mod roles;
pub mod store;

pub use model::*;
