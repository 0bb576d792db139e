//! Users, the company, sessions and what a role may do. (Roles beyond the owner, MFA and the
//! tamper-evident log come with the security issue; the shape is here.)

pub mod mfa;
pub mod model;
pub mod ops;
pub mod store;

pub use model::*;
