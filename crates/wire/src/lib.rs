//! The relay's wire types that both sides name: the relay (`sync-server`) serialises them and
//! the devices (`suanpan-core`) read them, so a field renamed on one side cannot go unnoticed on
//! the other. Only plain data lives here: no behaviour, no storage.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One device of a company's relay account, as `GET /v1/devices` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Device {
    pub id: String,
    pub name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub last_seen_ms: i64,
    pub revoked: bool,
}
