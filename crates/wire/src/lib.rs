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

/// The largest sealed entry the relay stores (`blob`, bytes): a record's change is far
/// smaller; attached files travel beside the feed (`FILE_MAX_BYTES`), not in it.
pub const ENTRY_MAX_BYTES: usize = 4 * 1024 * 1024;

/// The largest request body the relay reads, and the size a pull's answer stays under.
pub const BODY_MAX_BYTES: usize = 16 * 1024 * 1024;

/// The most entries in one push or one pull.
pub const BATCH_MAX: usize = 500;

/// The largest sealed attached file the relay keeps: the app's 10 MiB attachment limit plus
/// the envelope.
pub const FILE_MAX_BYTES: usize = 10 * 1024 * 1024 + 64;

/// The largest WebSocket message either side of the live feed accepts.
pub const LIVE_MESSAGE_MAX_BYTES: usize = 1024 * 1024;

/// What an entry costs in a push or pull body beyond its blob's base64: its tag, flags and
/// JSON punctuation, rounded up.
pub const ENTRY_OVERHEAD_BYTES: usize = 160;

/// The bytes an entry with a blob of `blob_len` bytes takes in a push or pull body.
pub const fn entry_body_bytes(blob_len: usize) -> usize {
    blob_len.div_ceil(3) * 4 + ENTRY_OVERHEAD_BYTES
}

/// The sync protocol this build speaks (docs/sync-protocol.md). Version 2 seals each change's
/// author and counter; a relay refuses requests of an older app with 426 and says to update.
pub const PROTOCOL: u32 = 2;

/// The request header that carries [`PROTOCOL`].
pub const PROTOCOL_HEADER: &str = "suanpan-protocol";

/// What a push's or pull's entries may take in its body, leaving room for the JSON around them.
pub const ENTRIES_BUDGET_BYTES: usize = BODY_MAX_BYTES - 64 * 1024;

/// How many of the entries (blob sizes, in order) fit in one body of `ENTRIES_BUDGET_BYTES`:
/// always the first (a refusal of it says why), then as many as stay under it. The device
/// batches its pushes and the relay its pulls by this one rule.
pub fn entries_fitting(blob_sizes: impl IntoIterator<Item = usize>) -> usize {
    let mut used = 0;
    let mut count = 0;
    for size in blob_sizes {
        used += entry_body_bytes(size);
        if used > ENTRIES_BUDGET_BYTES && count > 0 {
            break;
        }
        count += 1;
    }
    count
}
