//! Finance projections: the chart of accounts, the journal (entries and their lines), income
//! and expenses, settings. Queries and reports read these tables; the documents stay the truth.

use rusqlite::{params, Connection, OptionalExtension};

use super::model::*;
use crate::error::Result;
use crate::store::docs::{project_doc, Projection, Record};
use crate::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    area: "finance",
    steps: &["CREATE TABLE finance_accounts (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        archived INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
    );
    -- Not unique: two devices offline may each add an account with the same code; both are
    -- kept and the chart shows them side by side.
    CREATE INDEX finance_accounts_code ON finance_accounts (code);
    CREATE TABLE journal_entries (
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        memo TEXT NOT NULL,
        source TEXT NOT NULL,
        source_id TEXT,
        reverses TEXT,
        posted_by_name TEXT NOT NULL,
        posted_at_ms INTEGER NOT NULL
    );
    CREATE INDEX journal_entries_date ON journal_entries (date, posted_at_ms);
    CREATE INDEX journal_entries_reverses ON journal_entries (reverses);
    -- Lines carry their entry's date, so balances for a range read one index.
    CREATE TABLE journal_lines (
        entry_id TEXT NOT NULL,
        line_no INTEGER NOT NULL,
        date TEXT NOT NULL,
        account_id TEXT NOT NULL,
        debit INTEGER NOT NULL,
        credit INTEGER NOT NULL,
        PRIMARY KEY (entry_id, line_no)
    );
    CREATE INDEX journal_lines_account ON journal_lines (account_id, date);
    CREATE INDEX journal_lines_date ON journal_lines (date);
    CREATE TABLE finance_money_events (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        date TEXT NOT NULL,
        amount INTEGER NOT NULL,
        category_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        party TEXT NOT NULL,
        description TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        void_entry_id TEXT,
        created_by_name TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX finance_money_events_kind ON finance_money_events (kind, date);
    CREATE TABLE finance_settings (
        id TEXT PRIMARY KEY,
        base_currency TEXT NOT NULL,
        template TEXT NOT NULL,
        closed_through TEXT,
        updated_at_ms INTEGER NOT NULL
    );"],
};

pub fn projections() -> Vec<Projection> {
    vec![
        Projection {
            kind: FinanceSettingsRecord::KIND,
            tables: &["finance_settings"],
            project: project_doc::<FinanceSettingsRecord>,
        },
        Projection {
            kind: Account::KIND,
            tables: &["finance_accounts"],
            project: project_doc::<Account>,
        },
        Projection {
            kind: EntryRecord::KIND,
            tables: &["journal_lines", "journal_entries"],
            project: project_doc::<EntryRecord>,
        },
        Projection {
            kind: MoneyEventRecord::KIND,
            tables: &["finance_money_events"],
            project: project_doc::<MoneyEventRecord>,
        },
    ]
}

impl Record for Account {
    const KIND: &'static str = "finance_account";
    fn doc_id(&self) -> String {
        self.id.to_string()
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_accounts
                (id, code, name, kind, archived, created_at_ms, updated_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            self.id,
            self.code,
            self.name,
            self.kind.as_str(),
            self.archived,
            self.created_at_ms,
            self.updated_at_ms
        ])?;
        Ok(())
    }
}

impl Record for EntryRecord {
    const KIND: &'static str = "journal_entry";
    fn doc_id(&self) -> String {
        self.id.to_string()
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        // Entries from other devices were checked where they were posted; one that breaks the
        // ledger's rules anyway (a faulty device) is refused here, as a storage error that sync
        // skips, rather than unbalancing every report.
        let valid_line = |l: &LineRecord| {
            (l.debit > 0) != (l.credit > 0)
                && (0..=super::money::AMOUNT_MAX).contains(&l.debit)
                && (0..=super::money::AMOUNT_MAX).contains(&l.credit)
        };
        let (debits, credits) = self.lines.iter().fold((0i128, 0i128), |(d, c), l| {
            (d + l.debit as i128, c + l.credit as i128)
        });
        if self.lines.len() < 2
            || !self.lines.iter().all(valid_line)
            || debits != credits
            || super::money::date("date", &self.date).is_err()
        {
            return Err(crate::error::Error::new(
                crate::ErrorCode::Storage,
                format!("journal entry {} breaks the ledger's rules", self.id),
            ));
        }
        conn.prepare_cached(
            "INSERT OR REPLACE INTO journal_entries
                (id, date, memo, source, source_id, reverses, posted_by_name, posted_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            self.id,
            self.date,
            self.memo,
            self.source,
            self.source_id,
            self.reverses,
            self.posted_by_name,
            self.posted_at_ms
        ])?;
        conn.prepare_cached("DELETE FROM journal_lines WHERE entry_id = ?1")?
            .execute([self.id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO journal_lines (entry_id, line_no, date, account_id, debit, credit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, line) in self.lines.iter().enumerate() {
            insert.execute(params![
                self.id,
                i as i64,
                self.date,
                line.account_id,
                line.debit,
                line.credit
            ])?;
        }
        Ok(())
    }
}

impl Record for MoneyEventRecord {
    const KIND: &'static str = "finance_money_event";
    fn doc_id(&self) -> String {
        self.id.to_string()
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_money_events
                (id, kind, date, amount, category_id, account_id, party, description, entry_id,
                 void_entry_id, created_by_name, created_at_ms, updated_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            self.id,
            self.kind,
            self.date,
            self.amount,
            self.category_id,
            self.account_id,
            self.party,
            self.description,
            self.entry_id,
            self.void_entry_id,
            self.created_by_name,
            self.created_at_ms,
            self.updated_at_ms
        ])?;
        Ok(())
    }
}

impl Record for FinanceSettingsRecord {
    const KIND: &'static str = "finance_settings";
    fn doc_id(&self) -> String {
        self.id.to_string()
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_settings
                (id, base_currency, template, closed_through, updated_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            self.id,
            self.base_currency,
            self.template,
            self.closed_through,
            self.updated_at_ms
        ])?;
        Ok(())
    }
}

/// The settings document's id, if finance was set up (the oldest, should two devices have set
/// it up offline).
pub fn settings_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM finance_settings ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

pub struct AccountRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub archived: bool,
}

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    let kind: String = r.get(3)?;
    Ok(AccountRow {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Asset),
        archived: r.get(4)?,
    })
}

pub fn account(conn: &Connection, id: &str) -> Result<Option<AccountRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, code, name, kind, archived FROM finance_accounts WHERE id = ?1",
        )?
        .query_row([id], account_row)
        .optional()?)
}

pub fn accounts(conn: &Connection) -> Result<Vec<AccountRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, name, kind, archived FROM finance_accounts ORDER BY code, id",
    )?;
    let rows = stmt
        .query_map([], account_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn code_taken(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM finance_accounts WHERE code = ?1")?
        .query_row([code], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The first active account of a kind (by code): the default cash account, the default income
/// or expense category.
pub fn first_of_kind(conn: &Connection, kind: AccountKind) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM finance_accounts WHERE kind = ?1 AND archived = 0
             ORDER BY code, id LIMIT 1",
        )?
        .query_row([kind.as_str()], |r| r.get(0))
        .optional()?)
}

/// Entry ids in a date range, oldest first.
pub fn entry_ids(conn: &Connection, range: &DateRange, limit: u64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM journal_entries
         WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)
         ORDER BY date, posted_at_ms, id LIMIT ?3",
    )?;
    let ids = stmt
        .query_map(params![range.from, range.to, limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub fn reversed_by(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM journal_entries WHERE reverses = ?1 LIMIT 1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Debit and credit totals per account over a date range: (account id, debits, credits).
pub fn totals(conn: &Connection, range: &DateRange) -> Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_id, sum(debit), sum(credit) FROM journal_lines
         WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)
         GROUP BY account_id",
    )?;
    let rows = stmt
        .query_map(params![range.from, range.to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn money_event_ids(conn: &Connection, kind: &str, range: &DateRange) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM finance_money_events
         WHERE kind = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
         ORDER BY date DESC, created_at_ms DESC, id",
    )?;
    let ids = stmt
        .query_map(params![kind, range.from, range.to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}
