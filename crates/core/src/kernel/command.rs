//! What a command is: a name (after the seed's endpoints), JSON in and JSON out, the permission
//! it needs, and the context it runs with. Each area declares its commands with [`command`];
//! the crate's root assembles them into the one table (the root's `commands` module).

use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::access::{Actor, Caller, Permission};
use super::runtime::Core;
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::DeviceId;
use crate::kernel::secrets::SecretStore;
use crate::kernel::store::crypt::{DbKey, KeySource};
use crate::kernel::store::docs::{self, DocCache, Record};

/// What a command runs with: the open transaction, the document cache, the time and the caller.
pub struct Cx<'a> {
    pub conn: &'a Connection,
    pub docs: &'a mut DocCache,
    /// Business logic reads the time from here, never from the clock.
    pub now_ms: i64,
    pub device_id: DeviceId,
    pub actor: Option<Actor>,
    pub token: Option<&'a str>,
    pub secrets: &'a dyn SecretStore,
    /// The company file's key and its source (`None` for an in-memory store).
    pub(crate) key: Option<&'a (DbKey, KeySource)>,
    /// The folder of the company file, where attached files are kept (`None` in memory).
    pub data_dir: Option<&'a std::path::Path>,
    pub(crate) changes: Vec<(Option<String>, Summary)>,
    /// Set by a command that removed data which must not linger (an erasure): once committed,
    /// the write-ahead log is emptied and the file rebuilt (VACUUM), so no old page keeps it.
    pub(crate) scrub: bool,
    /// Where a long command says how far it has come (see [`Progress`]).
    pub progress: Option<&'a ProgressFn>,
}

/// What a change did, in words for the activity log, in English and in Chinese: a change says
/// it in both ([`Summary::both`]), so a log read in Chinese reads in Chinese. Only the kernel
/// writes one in English alone: the command's name, for a write that recorded no change (the
/// app shows its own label for the command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    en: String,
    zh: Option<String>,
}

impl Summary {
    /// A summary in both languages.
    pub fn both(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Summary {
            en: en.into(),
            zh: Some(zh.into()),
        }
    }

    /// A write that recorded no change of its own is logged by its command's name.
    pub(super) fn command_name(name: &str) -> Self {
        Summary {
            en: name.to_string(),
            zh: None,
        }
    }

    pub fn en(&self) -> &str {
        &self.en
    }

    pub fn zh(&self) -> Option<&str> {
        self.zh.as_deref()
    }
}

/// Told a long command's progress: the task's name, how much is done, of how much.
pub type ProgressFn = dyn Fn(&str, u64, u64) + Send;
pub type Progress = Box<ProgressFn>;

impl<'a> Cx<'a> {
    pub fn actor(&self) -> Result<&Actor> {
        self.actor
            .as_ref()
            .ok_or_else(|| Error::unauthenticated("sign in first"))
    }

    /// Reports progress of a long command, if anyone listens.
    pub fn progress(&self, task: &str, done: u64, total: u64) {
        if let Some(report) = self.progress {
            report(task, done, total);
        }
    }

    /// Notes a change for the activity log: what was touched and a short human summary (in both
    /// languages: [`Summary::both`]).
    pub fn record_change(&mut self, target_id: impl ToString, summary: Summary) {
        self.changes.push((Some(target_id.to_string()), summary));
    }

    pub fn get<R: Record>(&mut self, id: &R::Id) -> Result<Option<R>> {
        docs::get(self.conn, self.docs, &id.to_string())
    }

    pub fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        docs::put(self.conn, self.docs, record, self.now_ms)
    }

    /// Confirms the kept value of a concurrently edited field of record `id`.
    pub fn settle<R: Record>(
        &mut self,
        id: &R::Id,
        field: &str,
    ) -> Result<Vec<crate::kernel::store::concurrent::ConcurrentEdit>> {
        docs::settle(
            self.conn,
            self.docs,
            &id.to_string(),
            R::KIND,
            field,
            self.now_ms,
        )
    }

    /// Saves a record as a new document without its history (erasure).
    pub fn replace<R: Record>(&mut self, record: &R) -> Result<()> {
        docs::replace(self.conn, self.docs, record, self.now_ms)
    }

    /// After this command commits, rebuilds the file so that nothing it deleted survives in a
    /// free page or the write-ahead log (see [`Cx::scrub`]).
    pub fn scrub_after_commit(&mut self) {
        self.scrub = true;
    }
}

type Handler = Box<dyn Fn(&mut Cx<'_>, Value) -> Result<Value> + Send + Sync>;
type DeviceHandler = Box<dyn Fn(&mut Core, Caller<'_>, Value) -> Result<Value> + Send + Sync>;

/// How a command runs: inside one transaction of the company file (nearly all), or on the
/// whole device (sync, which talks to the relay between its own transactions).
enum Run {
    Transaction(Handler),
    Device(DeviceHandler),
}

pub struct Command {
    pub name: &'static str,
    pub permission: Permission,
    /// Changes data: runs in a write transaction and always leaves an activity entry.
    pub writes: bool,
    pub description: &'static str,
    /// The TypeScript names of its input and output types (ts-rs), for the UI's generated
    /// command map (`ui/src/api/commands.ts`, generated by the root's `bindings` test).
    pub input_type: fn(&ts_rs::Config) -> String,
    pub output_type: fn(&ts_rs::Config) -> String,
    handler: Run,
}

impl Command {
    pub(crate) fn run(&self, cx: &mut Cx<'_>, input: Value) -> Result<Value> {
        match &self.handler {
            Run::Transaction(handler) => handler(cx, input),
            Run::Device(_) => Err(Error::internal(format!(
                "{} runs on the device, not in a transaction",
                self.name
            ))),
        }
    }

    /// Whether it runs on the whole device ([`device_command`]), not in one transaction.
    pub fn on_device(&self) -> bool {
        matches!(self.handler, Run::Device(_))
    }

    pub(crate) fn run_on_device(
        &self,
        core: &mut Core,
        caller: Caller<'_>,
        input: Value,
    ) -> Result<Value> {
        match &self.handler {
            Run::Device(handler) => handler(core, caller, input),
            Run::Transaction(_) => Err(Error::internal(format!(
                "{} runs in a transaction, not on the device",
                self.name
            ))),
        }
    }
}

/// Declares a command that runs on the whole device rather than in one transaction (sync). It
/// checks its caller against `permission` itself and writes its own activity entries
/// (`sync::device`), since the relay is talked to between transactions.
pub fn device_command<I, O>(
    name: &'static str,
    permission: Permission,
    writes: bool,
    description: &'static str,
    f: fn(&mut Core, Caller<'_>, I) -> Result<O>,
) -> Command
where
    I: DeserializeOwned + ts_rs::TS + 'static,
    O: Serialize + ts_rs::TS + 'static,
{
    let handler = Run::Device(Box::new(move |core, caller, input| {
        // The caller first, as for every command: a refusal never depends on the input.
        if permission != Permission::Public {
            core.device_caller(caller, permission)?;
        }
        encode(f(core, caller, decode(input)?)?)
    }));
    declare::<I, O>(name, permission, writes, description, handler)
}

/// A table entry for a handler taking `I` and giving `O` (their TypeScript names go to the UI).
fn declare<I: ts_rs::TS, O: ts_rs::TS>(
    name: &'static str,
    permission: Permission,
    writes: bool,
    description: &'static str,
    handler: Run,
) -> Command {
    Command {
        name,
        permission,
        writes,
        description,
        input_type: <I as ts_rs::TS>::name,
        output_type: <O as ts_rs::TS>::name,
        handler,
    }
}

/// A command's JSON input as its type (`null` is `{}`); a refusal names the field.
fn decode<I: DeserializeOwned>(input: Value) -> Result<I> {
    let input = if input.is_null() {
        Value::Object(Default::default())
    } else {
        input
    };
    parse_input(input)
}

fn encode<O: Serialize>(output: O) -> Result<Value> {
    serde_json::to_value(output).map_err(|e| Error::internal(e.to_string()))
}

/// Declares a command from a typed function; input JSON errors name the offending field.
pub fn command<I, O>(
    name: &'static str,
    permission: Permission,
    writes: bool,
    description: &'static str,
    f: fn(&mut Cx<'_>, I) -> Result<O>,
) -> Command
where
    I: DeserializeOwned + ts_rs::TS + 'static,
    O: Serialize + ts_rs::TS + 'static,
{
    let handler = Run::Transaction(Box::new(move |cx, input| encode(f(cx, decode(input)?)?)));
    declare::<I, O>(name, permission, writes, description, handler)
}

/// An input with no fields (`{}` on the wire).
#[derive(Debug, serde::Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(type = "Record<string, never>")]
pub struct Empty {}

#[derive(Debug, serde::Serialize, ts_rs::TS)]
pub struct Done {}

pub fn parse_input<I: DeserializeOwned>(input: Value) -> Result<I> {
    serde_path_to_error::deserialize(input).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.inner().to_string();
        // serde reports missing/unknown fields at the parent: pull the name out of the message.
        let named = inner
            .split('`')
            .nth(1)
            .filter(|_| inner.starts_with("missing field") || inner.starts_with("unknown field"));
        let field = match (path.as_str(), named) {
            (".", Some(name)) => name.to_string(),
            (".", None) => "input".to_string(),
            // An unknown field's path already ends in its name; a missing one's is the parent.
            (path, Some(name)) if !path.ends_with(name) => format!("{path}.{name}"),
            (path, _) => path.to_string(),
        };
        let reason = if inner.starts_with("missing field") {
            Reason::Required
        } else if inner.starts_with("not a valid ") && inner.contains(" id") {
            Reason::InvalidId
        } else if inner.starts_with("unknown field") {
            Reason::UnknownField
        } else {
            Reason::InvalidValue
        };
        let message = match inner.split_once(", expected one of") {
            Some((head, _)) => head.to_string(),
            None => inner,
        };
        Error::invalid(
            &field,
            reason,
            format!(
                "{field}: {}",
                message.replace(" at line 1 column", " at column")
            ),
        )
    })
}

/// The id of the record a command acts on.
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct IdInput<T> {
    pub id: T,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::ids::{CustomerId, TaxId};

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Line {
        #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
        tax_id: Option<TaxId>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Form {
        customer_id: CustomerId,
        lines: Vec<Line>,
    }

    #[test]
    fn a_typed_id_is_read_at_the_door_and_a_bad_one_names_its_field() {
        let id = CustomerId::new();
        let form: Form = parse_input(serde_json::json!({
            "customer_id": id.to_string(),
            "lines": [{"tax_id": ""}, {}],
        }))
        .unwrap();
        assert_eq!(form.customer_id, id);
        assert!(form.lines.iter().all(|l| l.tax_id.is_none()));

        let refused = parse_input::<Form>(serde_json::json!({
            "customer_id": "", "lines": [],
        }))
        .unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("customer_id"));
        assert_eq!(refused.reason, Some(Reason::InvalidId));
        assert!(
            refused.message.contains("not a valid customer id"),
            "{}",
            refused.message
        );

        let refused = parse_input::<Form>(serde_json::json!({
            "customer_id": id.to_string(), "lines": [{}, {"tax_id": "13%"}],
        }))
        .unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("lines[1].tax_id"));
        assert_eq!(refused.reason, Some(Reason::InvalidId));
    }
}
