//! The runtime every command runs in: the open company file, the document cache, the clock,
//! and [`Core::run`], which checks the caller's permission, runs a command in one transaction
//! and writes what it changed to the activity log. Opening a company and the command table are
//! assembled at the crate's root from the areas.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;

use super::access::{Actor, Permission};
use super::activity;
use super::command::{self, Command};
use super::error::{Error, Result};
use super::ids::DeviceId;
use super::secrets::SecretStore;
use super::store::{self, docs::DocCache};

/// A page of a list: `items` from `offset`, and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Page<T> {
    #[ts(type = "number")]
    pub total: u64,
    pub items: Vec<T>,
}

pub type Clock = Box<dyn Fn() -> i64 + Send>;

pub(crate) fn system_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub struct Core {
    pub(crate) conn: Connection,
    pub(crate) docs: DocCache,
    pub(crate) device_id: DeviceId,
    pub(crate) secrets: Box<dyn SecretStore>,
    pub(crate) clock: Clock,
    pub(crate) path: Option<PathBuf>,
    /// The company file's key and where it came from; `None` only for in-memory stores.
    pub(crate) key: Option<(store::crypt::DbKey, store::crypt::KeySource)>,
    /// What an area keeps on the device between commands, in memory only (sync: the pairing
    /// this device started and is showing the code of).
    pub(crate) device_state: Option<Box<dyn std::any::Any + Send>>,
    /// Told how far a long command (an import) has come: the app shows it.
    pub(crate) progress: Option<command::Progress>,
}

impl Core {
    /// Where long commands report how far they have come (`task`, done, total); the app's
    /// shell turns it into events its window shows.
    pub fn set_progress(&mut self, progress: Option<command::Progress>) {
        self.progress = progress;
    }

    /// Replaces the clock (tests and benchmarks).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Where the company file's key came from (`None`: an in-memory store, not encrypted).
    pub fn key_source(&self) -> Option<store::crypt::KeySource> {
        self.key.as_ref().map(|(_, source)| *source)
    }

    pub fn secrets_location(&self) -> String {
        self.secrets.describe()
    }

    /// Direct read access to the store, for tests and benchmarks.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn cached_documents(&self) -> usize {
        self.docs.len()
    }

    pub(crate) fn run(
        &mut self,
        command: &'static Command,
        actor: Option<Actor>,
        token: Option<&str>,
        input: Value,
        now_ms: i64,
        request_id: Option<&str>,
    ) -> Result<Value> {
        match command.permission {
            Permission::Public => {}
            permission => {
                let actor = actor
                    .as_ref()
                    .ok_or_else(|| Error::unauthenticated("sign in first"))?;
                if permission != Permission::Session && !actor.permissions.contains(&permission) {
                    return Err(Error::forbidden(
                        format!(
                            "{} may not run {} (needs {})",
                            actor.name,
                            command.name,
                            permission.as_str()
                        ),
                        format!(
                            "{} 无权执行此操作（需要 {} 权限）",
                            actor.name,
                            permission.as_str()
                        ),
                    ));
                }
            }
        }
        let behavior = if command.writes {
            // Take the write lock up front: a deferred transaction that upgrades later can
            // fail at once with SQLITE_BUSY when the CLI and the app write together.
            TransactionBehavior::Immediate
        } else {
            TransactionBehavior::Deferred
        };
        let Core {
            conn,
            docs,
            device_id,
            secrets,
            key,
            path,
            progress,
            ..
        } = self;
        let tx = conn.transaction_with_behavior(behavior)?;
        // A request sent again answers as the first time (only commands that change data keep
        // answers: a read is simply read again).
        let request = match request_id {
            Some(id) if command.writes => Some(super::requests::check_id(id)?),
            _ => None,
        };
        let requester = request.and(actor.as_ref()).map(|a| a.user_id.to_string());
        if let Some(id) = request {
            if let Some(output) =
                super::requests::answered(&tx, id, command.name, requester.as_deref())?
            {
                return Ok(output);
            }
        }
        let mut cx = command::Cx {
            progress: progress.as_deref(),
            conn: &tx,
            docs,
            now_ms,
            device_id: *device_id,
            actor,
            token,
            secrets: secrets.as_ref(),
            key: key.as_ref(),
            data_dir: path.as_deref().and_then(Path::parent),
            changes: Vec::new(),
            scrub: false,
        };
        // Every change this command makes carries who made it, where and when.
        cx.docs.set_author(Some(store::concurrent::Author {
            user_id: cx.actor.as_ref().map(|a| a.user_id.to_string()),
            user: cx
                .actor
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            device_id: device_id.to_string(),
            at_ms: now_ms,
        }));
        let ran = command.run(&mut cx, input);
        cx.docs.set_author(None);
        let output = match ran {
            Ok(output) => output,
            Err(err) => {
                cx.docs.rollback();
                return Err(err);
            }
        };
        if command.writes {
            let changes = std::mem::take(&mut cx.changes);
            let changes = if changes.is_empty() {
                vec![(None, super::command::Summary::command_name(command.name))]
            } else {
                changes
            };
            let (user_id, user_name) = match &cx.actor {
                Some(a) => (Some(a.user_id), a.name.clone()),
                None => (None, String::new()),
            };
            for (target, summary) in &changes {
                activity::append(
                    &tx,
                    &activity::NewEntry {
                        user_id,
                        user_name: &user_name,
                        command: command.name,
                        target_id: target.as_deref(),
                        at_ms: now_ms,
                        device_id: *device_id,
                        summary: summary.en(),
                        summary_zh: summary.zh(),
                    },
                )?;
            }
        }
        if let Some(id) = request {
            super::requests::remember(
                &tx,
                id,
                command.name,
                requester.as_deref(),
                &output,
                now_ms,
            )?;
        }
        let scrub = cx.scrub;
        tx.commit()?;
        docs.commit();
        if scrub {
            // Committed already: a scrub that cannot run now (another process reading) leaves
            // the erasure done and says so; the next erasure or backup tries again.
            if let Err(err) = super::store::scrub(conn) {
                tracing::warn!(error = %err, "could not rebuild the company file after an erasure");
            }
        }
        Ok(output)
    }
}
