use std::rc::Rc;

use rusqlite::types::{ToSqlOutput, Value as SqlValue};
use rusqlite::vtab::array::Array;
use rusqlite::ToSql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::model::*;
use super::segments;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{CustomerId, SegmentId};
use crate::kernel::runtime::Page;
use crate::kernel::store::docs::{project_doc, Projection, Record};
use crate::kernel::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    reproject: &[],
    area: "customers",
    steps: &["CREATE TABLE customers (
        -- A stable integer key (an alias of the rowid, so VACUUM keeps it) ties a customer to
        -- its row in the search index.
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        line1 TEXT NOT NULL,
        line2 TEXT NOT NULL,
        city TEXT NOT NULL,
        region TEXT NOT NULL,
        postal_code TEXT NOT NULL,
        country TEXT NOT NULL,
        tax_id TEXT,
        tags TEXT NOT NULL,
        archived INTEGER NOT NULL,
        erased INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        -- Lowercased name, email, phone (as written and digits only) and tax id.
        search_text TEXT NOT NULL
    );
    -- Substring search without scanning the wide table: a trigram index answers queries of
    -- three or more characters; shorter ones (two Chinese characters are a whole given name)
    -- scan this narrow table instead.
    CREATE VIRTUAL TABLE customer_search USING fts5 (text, archived UNINDEXED, tokenize = 'trigram');
    -- One- and two-character searches in Chinese (a surname, a given name): every single
    -- character and every pair of neighbours of the CJK runs, as space-separated words.
    CREATE VIRTUAL TABLE customer_cjk USING fts5 (grams, archived UNINDEXED, tokenize = 'unicode61');
    CREATE INDEX customers_name ON customers (archived, name, id);
    CREATE INDEX customers_created ON customers (archived, created_at_ms, id);
    CREATE INDEX customers_updated ON customers (archived, updated_at_ms, id);
    CREATE INDEX customers_city ON customers (city);
    CREATE TABLE customer_tags (
        tag TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        PRIMARY KEY (tag, customer_id)
    ) WITHOUT ROWID;
    CREATE INDEX customer_tags_customer ON customer_tags (customer_id);
    -- Notes and interactions may arrive (by sync) before their customer: no foreign key.
    CREATE TABLE customer_notes (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX customer_notes_customer ON customer_notes (customer_id, created_at_ms);
    CREATE TABLE customer_interactions (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        occurred_at_ms INTEGER NOT NULL,
        description TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX customer_interactions_customer ON customer_interactions (customer_id, occurred_at_ms);
    CREATE TABLE customer_segments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        criteria TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
    );"],
};

pub fn projections() -> Vec<Projection> {
    vec![
        Projection {
            kind: Customer::KIND,
            tables: &[
                "customer_tags",
                "customer_search",
                "customer_cjk",
                "customers",
            ],
            project: project_doc::<Customer>,
            settle: None,
        },
        Projection {
            kind: Note::KIND,
            tables: &["customer_notes"],
            project: project_doc::<Note>,
            settle: None,
        },
        Projection {
            kind: Interaction::KIND,
            tables: &["customer_interactions"],
            project: project_doc::<Interaction>,
            settle: None,
        },
        Projection {
            kind: SegmentRecord::KIND,
            tables: &["customer_segments"],
            project: project_doc::<SegmentRecord>,
            settle: None,
        },
    ]
}

/// The text a search scans; queries are lowercased the same way.
pub fn search_text(customer: &Customer) -> String {
    let mut text = customer.name.to_lowercase();
    for part in [&customer.email, &customer.phone, &customer.tax_id]
        .into_iter()
        .flatten()
    {
        text.push('\n');
        text.push_str(&part.to_lowercase());
    }
    if let Some(phone) = &customer.phone {
        text.push('\n');
        text.extend(phone.chars().filter(char::is_ascii_digit));
    }
    text
}

impl Record for Customer {
    const KIND: &'static str = "customer";
    type Id = crate::kernel::ids::CustomerId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        let tags = serde_json::to_string(&self.tags).map_err(|e| Error::internal(e.to_string()))?;
        let a = &self.address;
        let key: i64 = conn
            .prepare_cached(
                "INSERT INTO customers (id, name, email, phone, line1, line2, city, region, postal_code,
                    country, tax_id, tags, archived, created_at_ms, updated_at_ms, search_text, erased)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,
                    phone = excluded.phone, line1 = excluded.line1, line2 = excluded.line2,
                    city = excluded.city, region = excluded.region, postal_code = excluded.postal_code,
                    country = excluded.country, tax_id = excluded.tax_id, tags = excluded.tags,
                    archived = excluded.archived, updated_at_ms = excluded.updated_at_ms,
                    search_text = excluded.search_text, erased = excluded.erased
                 RETURNING key",
            )?
            .query_row(
                params![
                    self.id,
                    self.name,
                    self.email,
                    self.phone,
                    a.line1,
                    a.line2,
                    a.city,
                    a.region,
                    a.postal_code,
                    a.country,
                    self.tax_id,
                    tags,
                    self.archived,
                    self.created_at_ms,
                    self.updated_at_ms,
                    search_text(self),
                    self.erased,
                ],
                |row| row.get(0),
            )?;
        conn.prepare_cached("DELETE FROM customer_search WHERE rowid = ?1")?
            .execute([key])?;
        conn.prepare_cached(
            "INSERT INTO customer_search (rowid, text, archived) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![key, search_text(self), self.archived])?;
        conn.prepare_cached("DELETE FROM customer_cjk WHERE rowid = ?1")?
            .execute([key])?;
        let grams = cjk_grams(&search_text(self));
        if !grams.is_empty() {
            conn.prepare_cached(
                "INSERT INTO customer_cjk (rowid, grams, archived) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![key, grams, self.archived])?;
        }
        conn.prepare_cached("DELETE FROM customer_tags WHERE customer_id = ?1")?
            .execute([self.id])?;
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO customer_tags (tag, customer_id) VALUES (?1, ?2)",
        )?;
        for tag in &self.tags {
            insert.execute(params![tag, self.id])?;
        }
        Ok(())
    }
}

impl Record for Note {
    const KIND: &'static str = "customer_note";
    type Id = crate::kernel::ids::NoteId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO customer_notes (id, customer_id, author_id, author_name, text, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            self.id,
            self.customer_id,
            self.author_id,
            self.author_name,
            self.text,
            self.created_at_ms
        ])?;
        Ok(())
    }
}

impl Record for Interaction {
    const KIND: &'static str = "customer_interaction";
    type Id = crate::kernel::ids::InteractionId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO customer_interactions
                (id, customer_id, kind, occurred_at_ms, description, user_id, user_name, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            self.id,
            self.customer_id,
            self.kind.as_str(),
            self.occurred_at_ms,
            self.description,
            self.user_id,
            self.user_name,
            self.created_at_ms
        ])?;
        Ok(())
    }
}

impl Record for SegmentRecord {
    const KIND: &'static str = "customer_segment";
    type Id = crate::kernel::ids::SegmentId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        if self.deleted {
            conn.execute("DELETE FROM customer_segments WHERE id = ?1", [self.id])?;
            return Ok(());
        }
        conn.execute(
            "INSERT OR REPLACE INTO customer_segments (id, name, description, criteria, created_at_ms, updated_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                self.id,
                self.name,
                self.description,
                self.criteria_json,
                self.created_at_ms,
                self.updated_at_ms
            ],
        )?;
        Ok(())
    }
}

const CUSTOMER_COLUMNS: &str =
    "id, name, email, phone, line1, line2, city, region, postal_code, country,
    tax_id, tags, archived, created_at_ms, updated_at_ms, erased";

fn customer_from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    let tags: String = row.get(11)?;
    Ok(Customer {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        phone: row.get(3)?,
        address: Address {
            line1: row.get(4)?,
            line2: row.get(5)?,
            city: row.get(6)?,
            region: row.get(7)?,
            postal_code: row.get(8)?,
            country: row.get(9)?,
        },
        tax_id: row.get(10)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        archived: row.get(12)?,
        erased: row.get(15)?,
        created_at_ms: row.get(13)?,
        updated_at_ms: row.get(14)?,
    })
}

pub fn customer_exists(conn: &Connection, id: CustomerId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM customers WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A bound parameter: a plain value, or a list for `IN rarray(?)`.
pub enum Param {
    Value(SqlValue),
    Array(Array),
}

impl ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Param::Value(value) => value.to_sql(),
            Param::Array(array) => array.to_sql(),
        }
    }
}

/// A WHERE clause with its parameters, built up from filters.
#[derive(Default)]
pub struct Filter {
    pub conditions: Vec<String>,
    pub values: Vec<Param>,
    /// The number of matching rows when the search index already counted them.
    pub known_total: Option<u64>,
}

impl Filter {
    /// Adds a condition with exactly one `?` placeholder.
    pub fn push(&mut self, condition: &str, value: impl Into<SqlValue>) {
        self.values.push(Param::Value(value.into()));
        self.conditions
            .push(condition.replace('?', &format!("?{}", self.values.len())));
    }

    pub fn push_array(&mut self, condition: &str, values: Vec<i64>) {
        let values: Vec<SqlValue> = values.into_iter().map(SqlValue::Integer).collect();
        self.values.push(Param::Array(Rc::new(values)));
        self.conditions
            .push(condition.replace('?', &format!("?{}", self.values.len())));
    }

    pub fn push_plain(&mut self, condition: impl Into<String>) {
        self.conditions.push(condition.into());
    }

    pub fn bind(&mut self, value: impl Into<SqlValue>) -> String {
        self.values.push(Param::Value(value.into()));
        format!("?{}", self.values.len())
    }

    pub fn sql(&self) -> String {
        if self.conditions.is_empty() {
            "1 = 1".to_string()
        } else {
            self.conditions.join(" AND ")
        }
    }
}

/// Past this many matches a search is "dense": walking the sort index and testing each row
/// finds a page sooner than looking every match up.
const DENSE_MATCHES: usize = 5_000;
pub const SEARCH_CHARS_MAX: usize = 100;

/// Han, kana and Hangul: scripts written without spaces, where a name is one or two characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // hiragana, katakana
        | '\u{3400}'..='\u{4dbf}' // Han extension A
        | '\u{4e00}'..='\u{9fff}' // Han
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{f900}'..='\u{faff}' // Han compatibility
        | '\u{20000}'..='\u{2ffff}' // Han extensions B and later
    )
}

/// Every CJK character and every pair of neighbouring ones, space-separated, deduplicated.
pub fn cjk_grams(text: &str) -> String {
    let mut grams: Vec<String> = Vec::new();
    let mut push = |gram: String| {
        if !grams.contains(&gram) {
            grams.push(gram);
        }
    };
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if is_cjk(c) {
            push(c.to_string());
            if let Some(p) = previous {
                push(format!("{p}{c}"));
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    grams.join(" ")
}

/// Keys of the customers whose search text contains `needle` (already lowercased).
fn search_keys(conn: &Connection, needle: &str, status: CustomerStatus) -> Result<Vec<i64>> {
    let archived = match status {
        CustomerStatus::Active => " AND archived = 0",
        CustomerStatus::Archived => " AND archived = 1",
        CustomerStatus::All => "",
    };
    let chars = needle.chars().count();
    let quoted = format!("\"{}\"", needle.replace('"', "\"\""));
    let (sql, arg) = if chars >= 3 {
        (
            format!("SELECT rowid FROM customer_search WHERE customer_search MATCH ?1{archived}"),
            quoted,
        )
    } else if needle.chars().all(is_cjk) {
        (
            format!("SELECT rowid FROM customer_cjk WHERE customer_cjk MATCH ?1{archived}"),
            quoted,
        )
    } else {
        // One or two Latin letters or digits: rare, and a scan of the narrow table is enough.
        (
            format!("SELECT rowid FROM customer_search WHERE instr(text, ?1) > 0{archived}"),
            needle.to_string(),
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let keys = stmt
        .query_map([arg], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(keys)
}

pub fn query_filter(conn: &Connection, query: &CustomerQuery) -> Result<Filter> {
    let mut filter = Filter::default();
    let status = query.status.unwrap_or_default();
    match status {
        CustomerStatus::Active => filter.push_plain("archived = 0"),
        CustomerStatus::Archived => filter.push_plain("archived = 1"),
        CustomerStatus::All => {}
    }
    let mut search_total = None;
    if let Some(search) = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if search.chars().count() > SEARCH_CHARS_MAX {
            return Err(Error::validation(
                "search",
                format!("search is longer than {SEARCH_CHARS_MAX} characters"),
                format!("搜索词超过 {SEARCH_CHARS_MAX} 个字符"),
            ));
        }
        let needle = search.to_lowercase();
        let keys = search_keys(conn, &needle, status)?;
        search_total = Some(keys.len() as u64);
        if keys.len() <= DENSE_MATCHES {
            filter.push_array("key IN rarray(?)", keys);
        } else {
            filter.push("instr(search_text, ?) > 0", needle);
        }
    }
    let mut narrowed = false;
    if let Some(tag) = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        filter.push(
            "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = customers.id AND t.tag = ?)",
            tag.to_string(),
        );
        narrowed = true;
    }
    if let Some(city) = query
        .city
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        filter.push("city = ?", city.to_string());
        narrowed = true;
    }
    if let Some(segment_id) = query.segment_id {
        let criteria = segment_criteria(conn, segment_id)?;
        segments::append_criteria(&mut filter, &criteria)?;
        narrowed = true;
    }
    if !narrowed {
        filter.known_total = search_total;
    }
    Ok(filter)
}

pub fn list(
    conn: &Connection,
    query: &CustomerQuery,
    offset: u64,
    limit: u64,
) -> Result<Page<Customer>> {
    let filter = query_filter(conn, query)?;
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM customers WHERE {}",
            filter.sql()
        ))?
        .query_row(params_from_iter(filter.values.iter()), |row| row.get(0))?;
    let items = select(conn, &filter, query, Some((offset, limit)))?;
    Ok(Page {
        total: total as u64,
        items,
    })
}

pub fn select(
    conn: &Connection,
    filter: &Filter,
    query: &CustomerQuery,
    page: Option<(u64, u64)>,
) -> Result<Vec<Customer>> {
    let column = match query.sort.unwrap_or_default() {
        CustomerSort::Name => "name",
        CustomerSort::CreatedAt => "created_at_ms",
        CustomerSort::UpdatedAt => "updated_at_ms",
    };
    let direction = if query.descending.unwrap_or(false) {
        "DESC"
    } else {
        "ASC"
    };
    let limit = match page {
        Some((offset, limit)) => format!("LIMIT {limit} OFFSET {offset}"),
        None => String::new(),
    };
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE {} ORDER BY {column} {direction}, id {direction} {limit}",
        filter.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(filter.values.iter()), customer_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

pub fn count(conn: &Connection, filter: &Filter) -> Result<u64> {
    if let Some(total) = filter.known_total {
        return Ok(total);
    }
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM customers WHERE {}",
            filter.sql()
        ))?
        .query_row(params_from_iter(filter.values.iter()), |row| row.get(0))?;
    Ok(total as u64)
}

pub fn tags(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT tag FROM customer_tags ORDER BY tag LIMIT 1000")?;
    let tags = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(tags)
}

pub fn notes(conn: &Connection, customer_id: CustomerId, limit: u64) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, author_id, author_name, text, created_at_ms FROM customer_notes
         WHERE customer_id = ?1 ORDER BY created_at_ms DESC, id DESC LIMIT ?2",
    )?;
    let notes = stmt
        .query_map(params![customer_id, limit as i64], |row| {
            Ok(Note {
                id: row.get(0)?,
                customer_id: row.get(1)?,
                author_id: row.get(2)?,
                author_name: row.get(3)?,
                text: row.get(4)?,
                created_at_ms: row.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(notes)
}

pub fn interactions(
    conn: &Connection,
    customer_id: CustomerId,
    limit: u64,
) -> Result<Vec<Interaction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, kind, occurred_at_ms, description, user_id, user_name, created_at_ms
         FROM customer_interactions WHERE customer_id = ?1
         ORDER BY occurred_at_ms DESC, id DESC LIMIT ?2",
    )?;
    let items = stmt
        .query_map(params![customer_id, limit as i64], |row| {
            let kind: String = row.get(2)?;
            Ok(Interaction {
                id: row.get(0)?,
                customer_id: row.get(1)?,
                kind: InteractionKind::parse(&kind).unwrap_or(InteractionKind::Other),
                occurred_at_ms: row.get(3)?,
                description: row.get(4)?,
                user_id: row.get(5)?,
                user_name: row.get(6)?,
                created_at_ms: row.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

pub fn segment_criteria(conn: &Connection, id: SegmentId) -> Result<Criteria> {
    let text: Option<String> = conn
        .query_row(
            "SELECT criteria FROM customer_segments WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    let text = text.ok_or_else(|| Error::not_found("segment", id))?;
    serde_json::from_str(&text)
        .map_err(|e| Error::internal(format!("segment {id} criteria unreadable: {e}")))
}

pub fn segment_ids(conn: &Connection) -> Result<Vec<SegmentId>> {
    let mut stmt = conn.prepare("SELECT id FROM customer_segments ORDER BY name, id LIMIT 1000")?;
    let ids = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<SegmentId>>>()?;
    Ok(ids)
}

/// Whether the company has any customer yet: the start checklist's "first customers".
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM customers)")?
        .query_row([], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_grams_are_characters_and_neighbour_pairs() {
        assert_eq!(cjk_grams("王小明 wang\n138"), "王 小 王小 明 小明");
        assert_eq!(cjk_grams("王王"), "王 王王");
        assert_eq!(cjk_grams("alice"), "");
        assert_eq!(
            cjk_grams("李a华"),
            "李 华",
            "no pair across a non-CJK character"
        );
    }
}
