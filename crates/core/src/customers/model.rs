use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::ids::{CustomerId, InteractionId, NoteId, SegmentId, UserId};

/// Bounds on every text field (characters, not bytes).
pub const NAME_CHARS_MAX: usize = 200;
pub const ADDRESS_PART_CHARS_MAX: usize = 200;
pub const TAX_ID_CHARS_MAX: usize = 64;
pub const TAG_CHARS_MAX: usize = 50;
pub const TAGS_MAX: usize = 50;
pub const NOTE_CHARS_MAX: usize = 10_000;
pub const DESCRIPTION_CHARS_MAX: usize = 10_000;
pub const SEGMENT_NAME_CHARS_MAX: usize = 100;
pub const SEGMENT_DESCRIPTION_CHARS_MAX: usize = 1_000;
pub const PAGE_SIZE_MAX: u64 = 500;
pub const PAGE_SIZE_DEFAULT: u64 = 50;
pub const TIMELINE_ITEMS_MAX: u64 = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

/// A customer as stored in its document and returned to callers.
#[derive(Debug, Clone, PartialEq, Serialize, Reconcile, Hydrate, TS)]
pub struct Customer {
    pub id: CustomerId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
    pub tax_id: Option<String>,
    pub tags: Vec<String>,
    pub archived: bool,
    /// Personal data erased on request (GDPR): the record stays, without who it was.
    #[autosurgeon(missing = "Default::default")]
    pub erased: bool,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub email: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub address: Option<Address>,
    #[serde(default)]
    #[ts(optional)]
    pub tax_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub tags: Option<Vec<String>>,
}

/// Fields present are replaced; absent ones are left alone. An empty string clears an
/// optional field.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    pub id: CustomerId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub email: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub address: Option<Address>,
    #[serde(default)]
    #[ts(optional)]
    pub tax_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    #[default]
    Active,
    Archived,
    All,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    #[default]
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerQuery {
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub status: Option<CustomerStatus>,
    #[ts(optional)]
    pub tag: Option<String>,
    #[ts(optional)]
    pub city: Option<String>,
    #[ts(optional)]
    pub segment_id: Option<SegmentId>,
    #[ts(optional)]
    pub sort: Option<CustomerSort>,
    #[ts(optional)]
    pub descending: Option<bool>,
    #[ts(optional, type = "number")]
    pub offset: Option<u64>,
    #[ts(optional, type = "number")]
    pub limit: Option<u64>,
}

pub use crate::kernel::command::IdInput;

/// A record's Automerge document (`bytes`: base64 of Automerge's binary format).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordDocument {
    pub id: CustomerId,
    pub kind: String,
    pub bytes: String,
}

/// Automerge changes (base64) made to a record's document by another client.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DocumentChanges {
    pub id: CustomerId,
    pub changes: String,
}

/// `customers.conflicts.resolve`: the field (as `customers.conflicts.list` names it) whose kept
/// value the user confirms.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConflictResolve {
    pub id: CustomerId,
    pub field: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerRef {
    pub customer_id: CustomerId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Reconcile, Hydrate, TS)]
pub struct Note {
    pub id: NoteId,
    pub customer_id: CustomerId,
    pub author_id: UserId,
    pub author_name: String,
    pub text: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    pub customer_id: CustomerId,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate, TS)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Email,
    Visit,
    Meeting,
    Sale,
    Other,
}

impl InteractionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Visit => "visit",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Sale => "sale",
            InteractionKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "call" => InteractionKind::Call,
            "email" => InteractionKind::Email,
            "visit" => InteractionKind::Visit,
            "meeting" => InteractionKind::Meeting,
            "sale" => InteractionKind::Sale,
            "other" => InteractionKind::Other,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Reconcile, Hydrate, TS)]
pub struct Interaction {
    pub id: InteractionId,
    pub customer_id: CustomerId,
    pub kind: InteractionKind,
    #[ts(type = "number")]
    pub occurred_at_ms: i64,
    pub description: String,
    pub user_id: UserId,
    pub user_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InteractionInput {
    pub customer_id: CustomerId,
    pub kind: InteractionKind,
    #[ts(type = "number")]
    pub occurred_at_ms: i64,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Note(Note),
    Interaction(Interaction),
}

impl TimelineItem {
    pub fn at_ms(&self) -> i64 {
        match self {
            TimelineItem::Note(n) => n.created_at_ms,
            TimelineItem::Interaction(i) => i.occurred_at_ms,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    #[default]
    All,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConditionField {
    Name,
    Email,
    Phone,
    TaxId,
    City,
    Region,
    Country,
    Tag,
    CreatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConditionOp {
    Equals,
    Contains,
    Has,
    Lacks,
    Before,
    After,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: ConditionField,
    pub op: ConditionOp,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum Rule {
    Condition(Condition),
    Group(Criteria),
}

/// Which customers belong to a segment: all (AND) or any (OR) of the rules; rules may be
/// nested groups. Archived customers are never members.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    #[serde(rename = "match", default)]
    pub match_: Match,
    pub rules: Vec<Rule>,
}

/// A segment as stored. The criteria are kept as their JSON text: the builder always replaces
/// them whole, so last-writer-wins on the one field is the right merge.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct SegmentRecord {
    pub id: SegmentId,
    pub name: String,
    pub description: String,
    pub criteria_json: String,
    pub deleted: bool,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Segment {
    pub id: SegmentId,
    pub name: String,
    pub description: String,
    pub criteria: Criteria,
    #[ts(type = "number")]
    pub member_count: u64,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SegmentInput {
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    pub criteria: Criteria,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SegmentPatch {
    pub id: SegmentId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub criteria: Option<Criteria>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SegmentPreviewInput {
    pub criteria: Criteria,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SegmentCount {
    #[ts(type = "number")]
    pub member_count: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SegmentMembersInput {
    pub id: SegmentId,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub offset: Option<u64>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    pub csv: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub imported: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportResult {
    pub csv: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// Everything held about one customer, for a data-subject access request.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerDataExport {
    pub customer: Customer,
    pub notes: Vec<Note>,
    pub interactions: Vec<Interaction>,
    pub activity: Vec<crate::kernel::activity::ActivityEntry>,
}

/// The placeholder name of an erased customer.
pub const ERASED_NAME: &str = "—";
