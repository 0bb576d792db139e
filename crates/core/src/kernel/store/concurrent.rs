//! Concurrent edits: a field that two devices set without having seen each other's change.
//! Automerge keeps both values and picks the same one on every device (so the record converges
//! either way); this module finds such fields, with who set each value, where and when, so that
//! a person can check them. The table is derived from the documents and rebuilt with them.
//!
//! Who made a change travels inside it: every change this device commits carries an [`Author`]
//! as its Automerge message.

use automerge::{Automerge, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::error::{Error, Result};

/// Who made a change: the change's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub user_id: Option<String>,
    pub user: String,
    pub device_id: String,
    pub at_ms: i64,
}

impl Author {
    pub fn message(&self) -> String {
        serde_json::to_string(self).expect("an author serializes")
    }

    fn parse(message: Option<&str>) -> Option<Author> {
        serde_json::from_str(message?).ok()
    }
}

/// Bookkeeping fields every edit sets: concurrent edits of a record always clash on them, and
/// that says nothing a person needs to check (the edited fields are reported themselves).
const NOT_REPORTED: &[&str] = &["updated_at_ms"];

/// One field with concurrent values; the first is the one every device kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConcurrentEdit {
    /// The field's path in the record, dot-separated (`phone`, `address.city`).
    pub field: String,
    pub values: Vec<EditedValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EditedValue {
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
    /// Whether this is the value the record shows (the same on every device).
    pub kept: bool,
    /// The user who set it, when the change says (changes from older versions do not).
    pub by: Option<String>,
    pub device_id: Option<String>,
    #[ts(type = "number | null")]
    pub at_ms: Option<i64>,
}

/// The document's fields that hold concurrent values, in key order.
pub fn find(doc: &Automerge) -> Result<Vec<ConcurrentEdit>> {
    let mut found = Vec::new();
    let mut changes = None;
    walk(doc, &ROOT, "", &mut found, &mut changes)?;
    Ok(found)
}

fn walk(
    doc: &Automerge,
    obj: &automerge::ObjId,
    path: &str,
    found: &mut Vec<ConcurrentEdit>,
    changes: &mut Option<Vec<automerge::Change>>,
) -> Result<()> {
    for key in doc.keys(obj) {
        if NOT_REPORTED.contains(&key.as_str()) {
            continue;
        }
        let field = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let all = doc.get_all(obj, key.as_str())?;
        if all.len() > 1 {
            let kept = doc.get(obj, key.as_str())?.map(|(_, id)| id);
            // The history is read only for a document that has something to report.
            let changes = changes.get_or_insert_with(|| doc.get_changes(&[]));
            let mut values = all
                .iter()
                .map(|(value, id)| {
                    let author = author_of(changes, id);
                    EditedValue {
                        value: to_json(doc, value, id),
                        kept: Some(id) == kept.as_ref(),
                        by: author.as_ref().map(|a| a.user.clone()),
                        device_id: author.as_ref().map(|a| a.device_id.clone()),
                        at_ms: author.map(|a| a.at_ms),
                    }
                })
                .collect::<Vec<_>>();
            values.sort_by_key(|v| !v.kept);
            // Two devices that wrote the same value agree: nothing for a person to check.
            if values.iter().any(|v| v.value != values[0].value) {
                found.push(ConcurrentEdit { field, values });
            }
        } else if let Some((Value::Object(ObjType::Map), id)) = all.first() {
            walk(doc, id, &field, found, changes)?;
        }
    }
    Ok(())
}

/// The author of the change that made operation `id`.
fn author_of(changes: &[automerge::Change], id: &automerge::ObjId) -> Option<Author> {
    let automerge::ObjId::Id(counter, actor, _) = id else {
        return None;
    };
    changes
        .iter()
        .find(|c| {
            let start = c.start_op().get();
            c.actor_id() == actor && start <= *counter && *counter < start + c.len() as u64
        })
        .and_then(|c| Author::parse(c.message()))
}

fn to_json(doc: &Automerge, value: &Value<'_>, id: &automerge::ObjId) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Scalar(scalar) => match scalar.as_ref() {
            ScalarValue::Str(s) => J::String(s.to_string()),
            ScalarValue::Int(n) => J::from(*n),
            ScalarValue::Uint(n) => J::from(*n),
            ScalarValue::F64(n) => J::from(*n),
            ScalarValue::Counter(c) => J::from(i64::from(c)),
            ScalarValue::Timestamp(t) => J::from(*t),
            ScalarValue::Boolean(b) => J::Bool(*b),
            ScalarValue::Null => J::Null,
            ScalarValue::Bytes(_) | ScalarValue::Unknown { .. } => J::String("(binary)".into()),
        },
        Value::Object(ObjType::Text) => J::String(doc.text(id).unwrap_or_default()),
        Value::Object(ObjType::Map | ObjType::Table) => J::Object(
            doc.map_range(id, ..)
                .map(|item| {
                    (
                        item.key.to_string(),
                        to_json(doc, &item.value.clone().into(), &item.id()),
                    )
                })
                .collect(),
        ),
        Value::Object(ObjType::List) => J::Array(
            doc.list_range(id, ..)
                .map(|item| to_json(doc, &item.value.clone().into(), &item.id()))
                .collect(),
        ),
    }
}

/// Records what `doc` holds now: its concurrent fields, or nothing.
pub fn refresh(conn: &Connection, id: &str, kind: &str, doc: &Automerge) -> Result<()> {
    let found = find(doc)?;
    if found.is_empty() {
        conn.prepare_cached("DELETE FROM concurrent_edits WHERE doc_id = ?1")?
            .execute([id])?;
    } else {
        let fields = serde_json::to_string(&found).map_err(|e| Error::internal(e.to_string()))?;
        conn.prepare_cached(
            "INSERT INTO concurrent_edits (doc_id, kind, fields) VALUES (?1, ?2, ?3)
             ON CONFLICT (doc_id) DO UPDATE SET kind = excluded.kind, fields = excluded.fields",
        )?
        .execute(params![id, kind, fields])?;
    }
    Ok(())
}

/// Whether `id` has concurrent fields on record (a local save then looks again).
pub fn has(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM concurrent_edits WHERE doc_id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The concurrent fields of a record, as last found.
pub fn of(conn: &Connection, id: &str) -> Result<Vec<ConcurrentEdit>> {
    let fields: Option<String> = conn
        .prepare_cached("SELECT fields FROM concurrent_edits WHERE doc_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match fields {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| Error::internal(format!("concurrent edits of {id}: {e}"))),
    }
}
