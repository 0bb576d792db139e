//! Records as Automerge documents. A record is saved by reconciling it into its document,
//! storing the document's bytes and updating its projection rows in the caller's transaction,
//! so a crash can never leave a document and its projection apart.
//!
//! Only recently used documents stay in memory (a bounded LRU). Another process (the CLI while
//! the app runs) may change a document behind our back, so a cached copy is used only while its
//! heads still match the stored ones.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, Automerge, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{Hydrate, Reconcile};
use lru::LruCache;
use rusqlite::{params, Connection, OptionalExtension};
use std::num::NonZeroUsize;

use super::concurrent::{self, Author};
use crate::kernel::error::{Error, Result};

/// Documents kept in memory; each small record document is a few KB, so this bounds the cache
/// to a few MB whatever the size of the company file.
pub const CACHE_DOCUMENTS_MAX: usize = 512;

pub const MIGRATIONS: super::migrations::Migrations = super::migrations::Migrations {
    reproject: &[],
    area: "store",
    steps: &[
        "CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        bytes BLOB NOT NULL,
        heads TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX documents_kind ON documents (kind, id);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        // Every local change, in order, for sync to push; written in the edit's transaction.
        // `op` is 'changes' (Automerge changes to load incrementally) or 'replace' (a whole
        // document that replaces the old one and its history: erasure). Documents from before
        // this step go in whole, so a first sync carries everything.
        "CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('changes', 'replace')),
        bytes BLOB NOT NULL
    );
    INSERT INTO outbox (doc_id, kind, op, bytes)
        SELECT id, kind, 'changes', bytes FROM documents ORDER BY rowid;
    -- Documents replaced without their history, and the feed position of the replacement
    -- (NULL: replaced here, not yet back from the relay). Older changes of such a document
    -- are never loaded again: they would bring the erased values back.
    CREATE TABLE replaced (doc_id TEXT PRIMARY KEY, seq INTEGER);",
        // Fields of a document that hold concurrent values (store::concurrent), as JSON.
        "CREATE TABLE concurrent_edits (
        doc_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        fields TEXT NOT NULL
    );",
    ],
};

/// How a document's bytes travel between devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Automerge changes, loaded incrementally; loading them twice changes nothing.
    Changes,
    /// A whole document that replaces the old one and all its history (erasure).
    Replace,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Changes => "changes",
            Op::Replace => "replace",
        }
    }

    pub fn parse(text: &str) -> Option<Op> {
        match text {
            "changes" => Some(Op::Changes),
            "replace" => Some(Op::Replace),
            _ => None,
        }
    }
}

/// A business record stored as one Automerge document and projected into SQL tables.
pub trait Record: Reconcile + Hydrate {
    /// Stored in `documents.kind`; also selects the projection on rebuild.
    const KIND: &'static str;
    /// The record's typed id (its document's id is that id's text): `Cx::get` takes this type,
    /// so a `CustomerId` cannot fetch a product.
    type Id: std::fmt::Display + Clone;
    fn id(&self) -> Self::Id;
    fn doc_id(&self) -> String {
        self.id().to_string()
    }
    /// Writes (or replaces) this record's projection rows.
    fn project(&self, conn: &Connection) -> Result<()>;
}

pub struct DocCache {
    docs: LruCache<String, AutoCommit>,
    /// Documents changed in the open transaction; they join the cache only once it commits.
    /// Bounded too: a bulk import touches thousands, and any that drop out are re-read from
    /// the store (the transaction sees its own writes).
    pending: LruCache<String, AutoCommit>,
    actor: ActorId,
    author: Option<Author>,
    /// Every kind of record this version knows and how it is projected (the areas' lists,
    /// assembled at the crate's root): documents from another device are projected by these.
    projections: Vec<Projection>,
}

impl DocCache {
    pub fn new(capacity: usize) -> Self {
        let capacity = NonZeroUsize::new(capacity.max(1)).expect("non-zero");
        DocCache {
            docs: LruCache::new(capacity),
            pending: LruCache::new(capacity),
            actor: ActorId::random(),
            author: None,
            projections: Vec::new(),
        }
    }

    /// The kinds of record documents from other devices may be (see [`absorb`]).
    pub fn with_projections(mut self, projections: Vec<Projection>) -> Self {
        self.projections = projections;
        self
    }

    /// Brings derived state up to date after a batch of documents from other devices (see
    /// [`Projection::settle`]).
    pub fn settle_derived(&self, conn: &Connection) -> Result<()> {
        settle_derived(conn, &self.projections)
    }

    /// Who makes the changes saved from now on (the command's user, on this device); written
    /// into each change, where concurrent edits find it.
    pub fn set_author(&mut self, author: Option<Author>) {
        self.author = author;
    }

    /// Closes the document's open changes with this device's author as the message.
    fn commit_changes(&self, doc: &mut AutoCommit, now_ms: i64) {
        let mut options = CommitOptions::default().with_time(now_ms / 1000);
        if let Some(author) = &self.author {
            options = options.with_message(author.message());
        }
        doc.commit_with(options);
    }

    pub fn commit(&mut self) {
        while let Some((id, doc)) = self.pending.pop_lru() {
            self.docs.put(id, doc);
        }
    }

    pub fn rollback(&mut self) {
        self.pending.clear();
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Drops any copy of `id` (its stored version is the truth).
    pub fn forget(&mut self, id: &str) {
        self.docs.pop(id);
        self.pending.pop(id);
    }

    pub fn clear(&mut self) {
        self.docs.clear();
        self.pending.clear();
    }

    fn new_document(&self) -> AutoCommit {
        let mut doc = AutoCommit::new();
        doc.set_actor(self.actor.clone());
        doc
    }

    /// The current document for `id`, from the cache if still fresh, else from the store.
    fn checkout(&mut self, conn: &Connection, id: &str) -> Result<Option<AutoCommit>> {
        self.checkout_kind(conn, id, None)
    }

    /// As `checkout`, but a stored document of another kind than `kind` (another record's id
    /// given where this kind's is expected) is no document at all.
    fn checkout_kind(
        &mut self,
        conn: &Connection,
        id: &str,
        kind: Option<&str>,
    ) -> Result<Option<AutoCommit>> {
        if let Some(doc) = self.pending.pop(id) {
            return Ok(Some(doc));
        }
        let stored: Option<(String, String)> = conn
            .query_row(
                "SELECT heads, kind FROM documents WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((stored_heads, stored_kind)) = stored else {
            self.docs.pop(id);
            return Ok(None);
        };
        if kind.is_some_and(|kind| kind != stored_kind) {
            return Ok(None);
        }
        if let Some(mut doc) = self.docs.pop(id) {
            if heads_text(&mut doc) == stored_heads {
                return Ok(Some(doc));
            }
        }
        let bytes: Vec<u8> =
            conn.query_row("SELECT bytes FROM documents WHERE id = ?1", [id], |row| {
                row.get(0)
            })?;
        let mut doc = AutoCommit::load(&bytes)?;
        doc.set_actor(self.actor.clone());
        Ok(Some(doc))
    }
}

fn heads_text(doc: &mut AutoCommit) -> String {
    doc.get_heads()
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads a record through its document (the truth), not the projection.
pub fn get<R: Record>(conn: &Connection, cache: &mut DocCache, id: &str) -> Result<Option<R>> {
    let uncommitted = cache.pending.contains(id);
    let Some(doc) = cache.checkout_kind(conn, id, Some(R::KIND))? else {
        return Ok(None);
    };
    let record = autosurgeon::hydrate(&doc);
    // Reading does not change the document: it goes straight back where it came from.
    if uncommitted {
        cache.pending.put(id.to_string(), doc);
    } else {
        cache.docs.put(id.to_string(), doc);
    }
    Ok(Some(record?))
}

/// Saves a record: reconcile into its document, store the bytes, update the projection.
pub fn put<R: Record>(
    conn: &Connection,
    cache: &mut DocCache,
    record: &R,
    now_ms: i64,
) -> Result<()> {
    let id = record.doc_id();
    let doc = match cache.checkout(conn, &id)? {
        Some(doc) => doc,
        None => cache.new_document(),
    };
    save(conn, cache, id, doc, record, now_ms, Op::Changes)
}

/// Saves a record as a brand-new document, dropping all its history: for erasing personal data
/// (GDPR), where the old values must not survive in the document's change log on this device.
pub fn replace<R: Record>(
    conn: &Connection,
    cache: &mut DocCache,
    record: &R,
    now_ms: i64,
) -> Result<()> {
    let id = record.doc_id();
    cache.docs.pop(&id);
    cache.pending.pop(&id);
    // A fresh actor: the new history must not reuse (actor, seq) pairs of the old one.
    let mut doc = AutoCommit::new();
    doc.set_actor(ActorId::random());
    save(conn, cache, id, doc, record, now_ms, Op::Replace)
}

/// Reconciles `record` into `doc`, stores the bytes and the projection, and keeps the document
/// as pending until the transaction commits.
fn save<R: Record>(
    conn: &Connection,
    cache: &mut DocCache,
    id: String,
    mut doc: AutoCommit,
    record: &R,
    now_ms: i64,
    op: Op,
) -> Result<()> {
    let before = doc.get_heads();
    autosurgeon::reconcile(&mut doc, record)?;
    cache.commit_changes(&mut doc, now_ms);
    match op {
        Op::Replace => {
            let bytes = doc.save();
            // Changes not sent yet hold what is being replaced (erased): the replacement is
            // the whole document, so they need not go, and must not stay.
            conn.prepare_cached("DELETE FROM outbox WHERE doc_id = ?1")?
                .execute([&id])?;
            enqueue(conn, &id, R::KIND, op, &bytes)?;
            conn.execute(
                "INSERT INTO replaced (doc_id, seq) VALUES (?1, NULL)
                 ON CONFLICT (doc_id) DO UPDATE SET seq = NULL",
                [&id],
            )?;
            store(conn, &id, R::KIND, &bytes, &heads_text(&mut doc), now_ms)?;
        }
        Op::Changes => write_changed(conn, &id, R::KIND, &mut doc, &before, now_ms)?,
    }
    record.project(conn)?;
    // A local edit may settle a concurrent field (or a replacement drop them all).
    if concurrent::has(conn, &id)? {
        concurrent::refresh(conn, &id, R::KIND, doc.document())?;
    }
    cache.pending.put(id, doc);
    Ok(())
}

/// Writes a document changed here since `before`: its new changes to the outbox (for the other
/// devices) and its bytes and heads to the store. The caller projects it.
fn write_changed(
    conn: &Connection,
    id: &str,
    kind: &str,
    doc: &mut AutoCommit,
    before: &[automerge::ChangeHash],
    now_ms: i64,
) -> Result<()> {
    if doc.get_heads() != before {
        enqueue(conn, id, kind, Op::Changes, &doc.save_after(before))?;
    }
    store(conn, id, kind, &doc.save(), &heads_text(doc), now_ms)
}

/// The first bytes of every Automerge chunk (document or change).
const AUTOMERGE_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

/// A record's whole document as stored (Automerge's binary format), for another Automerge
/// client (a JS or mobile app) to load.
pub fn export(conn: &Connection, id: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT bytes FROM documents WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Applies Automerge changes made by another client of this device's documents (a JS or mobile
/// app that loaded an [`export`]): the record they produce must pass `check`, which may also
/// return it normalised (saved then as this device's own change). The changes go to the
/// outbox like a local edit, so they reach the other devices. Nothing is kept if anything
/// fails.
pub fn apply_changes<R: Record>(
    conn: &Connection,
    cache: &mut DocCache,
    id: &str,
    changes: &[u8],
    now_ms: i64,
    check: impl FnOnce(&R) -> Result<Option<R>>,
) -> Result<R> {
    let mut doc = cache
        .checkout(conn, id)?
        .ok_or_else(|| Error::not_found(R::KIND, id))?;
    // Automerge skips what it cannot read; bytes that do not even start as its chunks are
    // refused rather than taken as "nothing new".
    if !changes.starts_with(&AUTOMERGE_MAGIC) {
        return Err(Error::validation(
            "changes",
            "not Automerge changes",
            "changes：不是 Automerge 变更",
        ));
    }
    let before = doc.get_heads();
    doc.load_incremental(changes).map_err(|e| {
        Error::validation(
            "changes",
            format!("not Automerge changes: {e}"),
            "changes：不是 Automerge 变更",
        )
    })?;
    if !doc.get_missing_deps(&[]).is_empty() {
        return Err(Error::validation(
            "changes",
            "the changes build on changes this device does not have: export the document again",
            "这些变更依赖本设备没有的变更：请重新导出文档",
        ));
    }
    let record: R = autosurgeon::hydrate(&doc).map_err(|e| {
        Error::validation(
            "changes",
            format!(
                "the record no longer reads: {e} (text fields are plain strings: \
                 ImmutableString in @automerge/automerge)"
            ),
            "变更后的记录无法读取",
        )
    })?;
    if record.doc_id() != id {
        return Err(Error::validation(
            "changes",
            "the changes alter the record's id",
            "这些变更改动了记录的编号",
        ));
    }
    let normalised = check(&record)?;
    if doc.get_heads() != before {
        write_changed(conn, id, R::KIND, &mut doc, &before, now_ms)?;
        record.project(conn)?;
        concurrent::refresh(conn, id, R::KIND, doc.document())?;
    }
    match normalised {
        Some(fixed) => {
            save(
                conn,
                cache,
                id.to_string(),
                doc,
                &fixed,
                now_ms,
                Op::Changes,
            )?;
            Ok(fixed)
        }
        None => {
            cache.pending.put(id.to_string(), doc);
            Ok(record)
        }
    }
}

/// Confirms the value every device kept for a field edited concurrently, by writing it again:
/// the field then holds one value, here and (after sync) everywhere. Returns the record's
/// remaining concurrent fields.
pub fn settle(
    conn: &Connection,
    cache: &mut DocCache,
    id: &str,
    kind: &str,
    field: &str,
    now_ms: i64,
) -> Result<Vec<concurrent::ConcurrentEdit>> {
    let not_concurrent = || {
        Error::validation(
            "field",
            format!("{field} was not edited concurrently"),
            format!("{field} 没有被同时修改"),
        )
    };
    let mut doc = cache
        .checkout(conn, id)?
        .ok_or_else(|| Error::not_found(kind, id))?;
    let parts: Vec<&str> = field.split('.').collect();
    let (last, parents) = parts.split_last().ok_or_else(not_concurrent)?;
    let mut obj = ROOT;
    for part in parents {
        match doc.get(&obj, *part)? {
            Some((Value::Object(ObjType::Map), inner)) => obj = inner,
            _ => return Err(not_concurrent()),
        }
    }
    if doc.get_all(&obj, *last)?.len() < 2 {
        return Err(not_concurrent());
    }
    let kept = match doc.get(&obj, *last)? {
        Some((Value::Scalar(kept), _)) => kept.into_owned(),
        _ => {
            return Err(Error::validation(
                "field",
                format!("{field} holds a nested value: edit the record to settle it"),
                format!("{field} 是嵌套的值：请编辑记录来解决"),
            ))
        }
    };
    let before = doc.get_heads();
    doc.put(&obj, *last, kept)?;
    cache.commit_changes(&mut doc, now_ms);
    write_changed(conn, id, kind, &mut doc, &before, now_ms)?;
    concurrent::refresh(conn, id, kind, doc.document())?;
    cache.pending.put(id.to_string(), doc);
    concurrent::of(conn, id)
}

fn store(
    conn: &Connection,
    id: &str,
    kind: &str,
    bytes: &[u8],
    heads: &str,
    now_ms: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO documents (id, kind, bytes, heads, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET bytes = excluded.bytes, heads = excluded.heads,
             updated_at_ms = excluded.updated_at_ms",
    )?
    .execute(params![id, kind, bytes, heads, now_ms])?;
    Ok(())
}

fn enqueue(conn: &Connection, id: &str, kind: &str, op: Op, bytes: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT INTO outbox (doc_id, kind, op, bytes) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![id, kind, op.as_str(), bytes])?;
    Ok(())
}

/// What became of a document's bytes from another device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absorbed {
    /// New changes: the document and its projection are updated.
    Applied,
    /// Nothing new (a duplicate delivery).
    Known,
    /// Changes that build on changes not here yet: try again once those have arrived.
    MissingDeps,
}

/// Takes in a document's bytes from another device: merges the changes (or replaces the
/// document), stores it and updates its projection, in the caller's transaction. Nothing goes
/// to the outbox: the changes are not this device's to send.
pub fn absorb(
    conn: &Connection,
    cache: &mut DocCache,
    id: &str,
    kind: &str,
    op: Op,
    bytes: &[u8],
    now_ms: i64,
) -> Result<Absorbed> {
    let project = cache
        .projections
        .iter()
        .find(|p| p.kind == kind)
        .map(|p| p.project)
        .ok_or_else(|| {
            Error::new(
                crate::kernel::error::ErrorCode::Storage,
                format!("document {id} is of a kind this version does not know: {kind}"),
            )
        })?;
    let mut doc = match op {
        Op::Replace => {
            cache.docs.pop(id);
            cache.pending.pop(id);
            let mut doc = AutoCommit::load(bytes)?;
            doc.set_actor(cache.actor.clone());
            doc
        }
        Op::Changes => {
            let mut doc = match cache.checkout(conn, id)? {
                Some(doc) => doc,
                None => cache.new_document(),
            };
            let before = doc.get_heads();
            doc.load_incremental(bytes)?;
            if !doc.get_missing_deps(&[]).is_empty() {
                // This copy holds queued changes; drop it, the store still has the document.
                return Ok(Absorbed::MissingDeps);
            }
            if doc.get_heads() == before {
                cache.docs.put(id.to_string(), doc);
                return Ok(Absorbed::Known);
            }
            doc
        }
    };
    claims_to_be(conn, doc.document(), id, kind)?;
    let saved = doc.save();
    store(conn, id, kind, &saved, &heads_text(&mut doc), now_ms)?;
    project(conn, doc.document())?;
    concurrent::refresh(conn, id, kind, doc.document())?;
    cache.pending.put(id.to_string(), doc);
    Ok(Absorbed::Applied)
}

/// A document from another device must be the record it is filed as: its own `id` field is
/// its document id, and its kind is the one already stored under that id. Otherwise a faulty
/// device could rewrite another record's projection (a posted journal entry's lines) through a
/// document of its own. Refused as a storage error: sync skips that one entry.
fn claims_to_be(conn: &Connection, doc: &Automerge, id: &str, kind: &str) -> Result<()> {
    let refuse = |why: String| {
        Err(Error::new(
            crate::kernel::error::ErrorCode::Storage,
            format!("document {id} ({kind}) refused: {why}"),
        ))
    };
    let own_id = match doc.get(ROOT, "id")? {
        Some((Value::Scalar(value), _)) => value.as_str().map(str::to_string),
        _ => None,
    };
    if own_id.as_deref() != Some(id) {
        return refuse(format!("its id field is {own_id:?}"));
    }
    let stored_kind: Option<String> = conn
        .prepare_cached("SELECT kind FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match stored_kind {
        Some(stored) if stored != kind => refuse(format!("it is stored here as {stored}")),
        _ => Ok(()),
    }
}

/// Reads a stored document's record without touching the cache (used by rebuild and export).
pub fn hydrate_bytes<R: Record>(bytes: &[u8]) -> Result<R> {
    let doc = automerge::Automerge::load(bytes)?;
    let record = autosurgeon::hydrate(&doc)?;
    Ok(record)
}

/// The kinds of record, in the order their projections must be rebuilt, and how to project one.
pub struct Projection {
    pub kind: &'static str,
    /// Projection tables this kind writes, cleared before a rebuild (children first).
    pub tables: &'static [&'static str],
    pub project: fn(&Connection, &Automerge) -> Result<()>,
    /// Brings state derived across many records of the kind up to date once a batch of them
    /// was projected (a sync pull, a rebuild, a re-projection, an upgrade): e.g. inventory's
    /// running cost, which `project` only marks stale where a movement lands before others,
    /// so that a batch replays each product once instead of once per movement.
    pub settle: Option<fn(&Connection) -> Result<()>>,
}

/// Runs every projection's [`Projection::settle`], as one transaction (a savepoint inside the
/// caller's, if any): all or nothing, and not a commit per row when opening a file.
pub fn settle_derived(conn: &Connection, projections: &[Projection]) -> Result<()> {
    conn.execute_batch("SAVEPOINT settle_derived")?;
    let settled = projections
        .iter()
        .filter_map(|p| p.settle)
        .try_for_each(|settle| settle(conn));
    match settled {
        Ok(()) => conn.execute_batch("RELEASE settle_derived")?,
        Err(err) => {
            conn.execute_batch("ROLLBACK TO settle_derived; RELEASE settle_derived")?;
            return Err(err);
        }
    }
    Ok(())
}

pub fn project_doc<R: Record>(conn: &Connection, doc: &Automerge) -> Result<()> {
    let record: R = autosurgeon::hydrate(doc)?;
    record.project(conn)
}

/// Drops every projection row and rebuilds it from the documents, in one transaction.
pub fn rebuild(conn: &Connection, projections: &[Projection]) -> Result<u64> {
    // Local tables (sessions) point at projected rows that are about to be re-inserted: check
    // foreign keys at commit, not while the rows are briefly gone.
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    for projection in projections.iter().rev() {
        for table in projection.tables {
            conn.execute(&format!("DELETE FROM {table}"), [])?;
        }
    }
    conn.execute("DELETE FROM concurrent_edits", [])?;
    let mut rebuilt = 0u64;
    for projection in projections {
        let mut stmt =
            conn.prepare("SELECT id, bytes FROM documents WHERE kind = ?1 ORDER BY id")?;
        let mut rows = stmt.query([projection.kind])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let bytes: Vec<u8> = row.get(1)?;
            let doc = Automerge::load(&bytes)?;
            concurrent::refresh(conn, &id, projection.kind, &doc)?;
            (projection.project)(conn, &doc).map_err(|err| {
                Error::new(
                    err.code,
                    format!(
                        "document {id} ({}) could not be projected: {}",
                        projection.kind, err.message
                    ),
                )
            })?;
            rebuilt += 1;
        }
    }
    let unknown: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM documents WHERE kind NOT IN ({})",
            projections
                .iter()
                .map(|p| format!("'{}'", p.kind))
                .collect::<Vec<_>>()
                .join(",")
        ),
        [],
        |row| row.get(0),
    )?;
    if unknown > 0 {
        tracing::warn!(
            unknown,
            "documents of kinds this version does not know were left unprojected"
        );
    }
    settle_derived(conn, projections)?;
    Ok(rebuilt)
}

/// Documents re-projected per transaction by [`backfill`]: a crash loses at most one batch's
/// work, which is then done again.
pub const BACKFILL_BATCH: usize = 500;

/// Re-projects every kind of record that a migration asked for (`projection_backfill`), from
/// its documents: the kind's tables are emptied, then its documents projected in id order,
/// `batch` to a transaction that also notes the last id done, so a crash or a closed app
/// resumes where it stopped. Tells `progress` (kind, done, total) after each batch. Stops after
/// `max_batches` batches when given (tests); returns how many documents it projected.
pub fn backfill(
    conn: &mut Connection,
    projections: &[Projection],
    batch: usize,
    max_batches: Option<usize>,
    progress: &dyn Fn(&str, u64, u64),
) -> Result<u64> {
    let pending: Vec<(String, String, bool)> = {
        let mut stmt =
            conn.prepare("SELECT kind, after_id, cleared FROM projection_backfill ORDER BY kind")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut projected = 0u64;
    let mut batches = 0usize;
    for (kind, mut after_id, mut cleared) in pending {
        let projection = projections.iter().find(|p| p.kind == kind).ok_or_else(|| {
            Error::internal(format!(
                "a migration asks to re-project unknown records '{kind}'"
            ))
        })?;
        let total = conn.query_row(
            "SELECT COUNT(*) FROM documents WHERE kind = ?1",
            [&kind],
            |r| r.get::<_, i64>(0),
        )? as u64;
        let mut done = conn.query_row(
            "SELECT COUNT(*) FROM documents WHERE kind = ?1 AND id <= ?2",
            params![kind, after_id],
            |r| r.get::<_, i64>(0),
        )? as u64;
        tracing::info!(kind, done, total, "re-projecting records for a new version");
        loop {
            if max_batches.is_some_and(|max| batches >= max) {
                return Ok(projected);
            }
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if !cleared {
                for table in projection.tables {
                    tx.execute(&format!("DELETE FROM {table}"), [])?;
                }
                cleared = true;
            }
            let mut last = None;
            {
                let mut stmt = tx.prepare(
                    "SELECT id, bytes FROM documents WHERE kind = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                )?;
                let mut rows = stmt.query(params![kind, after_id, batch as i64])?;
                while let Some(row) = rows.next()? {
                    let id: String = row.get(0)?;
                    let bytes: Vec<u8> = row.get(1)?;
                    let doc = Automerge::load(&bytes)?;
                    (projection.project)(&tx, &doc).map_err(|err| Error {
                        internal: Some(format!("document {id} ({kind}): {}", err.message).into()),
                        ..err
                    })?;
                    projected += 1;
                    done += 1;
                    last = Some(id);
                }
            }
            match &last {
                Some(id) => {
                    tx.execute(
                        "UPDATE projection_backfill SET after_id = ?2, cleared = 1 WHERE kind = ?1",
                        params![kind, id],
                    )?;
                    after_id = id.clone();
                }
                None => {
                    tx.execute("DELETE FROM projection_backfill WHERE kind = ?1", [&kind])?;
                }
            }
            tx.commit()?;
            batches += 1;
            progress(&kind, done, total);
            if last.is_none() {
                break;
            }
        }
    }
    Ok(projected)
}

/// Whether a document's text is present; used in tests to read the truth behind a projection.
pub fn document_text(conn: &Connection, id: &str) -> Result<Option<String>> {
    let bytes: Option<Vec<u8>> = conn
        .query_row("SELECT bytes FROM documents WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()?;
    let Some(bytes) = bytes else { return Ok(None) };
    let doc = automerge::Automerge::load(&bytes)?;
    let value = automerge::AutoSerde::from(&doc);
    Ok(Some(
        serde_json::to_string(&value).map_err(|e| Error::internal(e.to_string()))?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
    struct Thing {
        id: String,
        n: i64,
    }

    impl Record for Thing {
        const KIND: &'static str = "thing";
        type Id = String;
        fn id(&self) -> String {
            self.id.clone()
        }
        fn project(&self, _: &Connection) -> Result<()> {
            Ok(())
        }
    }

    fn store() -> Connection {
        let mut conn = crate::kernel::store::open_in_memory().unwrap();
        crate::kernel::store::migrations::apply(&mut conn, &[&MIGRATIONS]).unwrap();
        conn
    }

    #[test]
    fn a_large_transaction_keeps_only_a_bounded_number_of_documents() {
        // A CSV import writes every row in one transaction: the documents it touched must not
        // all stay in memory until the commit.
        let conn = store();
        let mut cache = DocCache::new(8);
        for n in 0..100 {
            put(
                &conn,
                &mut cache,
                &Thing {
                    id: format!("t{n}"),
                    n,
                },
                0,
            )
            .unwrap();
        }
        assert!(
            cache.pending.len() <= 8,
            "pending holds {}",
            cache.pending.len()
        );
        // Documents that left the pending set are still read back, from the store.
        let first: Thing = get(&conn, &mut cache, "t0").unwrap().unwrap();
        assert_eq!(first.n, 0);
        put(
            &conn,
            &mut cache,
            &Thing {
                id: "t0".into(),
                n: 1000,
            },
            0,
        )
        .unwrap();
        let again: Thing = get(&conn, &mut cache, "t0").unwrap().unwrap();
        assert_eq!(again.n, 1000);
        cache.commit();
        assert!(cache.len() <= 8);
    }

    #[test]
    fn a_rolled_back_edit_is_not_served_from_the_cache() {
        let mut conn = store();
        let mut cache = DocCache::new(8);
        put(
            &conn,
            &mut cache,
            &Thing {
                id: "a".into(),
                n: 1,
            },
            0,
        )
        .unwrap();
        cache.commit();
        let tx = conn.transaction().unwrap();
        put(
            &tx,
            &mut cache,
            &Thing {
                id: "a".into(),
                n: 2,
            },
            0,
        )
        .unwrap();
        drop(tx);
        cache.rollback();
        let thing: Thing = get(&conn, &mut cache, "a").unwrap().unwrap();
        assert_eq!(thing.n, 1);
    }
}
