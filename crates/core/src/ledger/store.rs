//! Ledger projections: the chart of accounts, the journal (entries and their lines), income and
//! expenses, settings. Queries and reports read these tables; the documents stay the truth.
//!
//! [`MIGRATIONS`] creates the sales tables too: the finance schema's history was shipped as one
//! before the ledger and sales areas were apart, and a history is never rewritten.

use rusqlite::{params, Connection, OptionalExtension};

use super::model::*;
use crate::kernel::error::Result;
use crate::kernel::ids::{AccountId, TaxId};
use crate::kernel::store::docs::{project_doc, Projection, Record};
use crate::kernel::store::migrations::Migrations;

pub const MIGRATIONS: Migrations = Migrations {
    reproject: &[],
    area: "finance",
    steps: &[
        "CREATE TABLE finance_accounts (
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
    );",
        "CREATE TABLE finance_taxes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- The total rate in millionths, and the components as JSON [{name, rate}].
        rate INTEGER NOT NULL,
        components TEXT NOT NULL,
        preset TEXT,
        archived INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE invoices (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        credits TEXT,
        number TEXT,
        customer_id TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        issue_date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        status TEXT NOT NULL,
        subtotal INTEGER NOT NULL,
        tax INTEGER NOT NULL,
        total INTEGER NOT NULL,
        entry_id TEXT,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX invoices_date ON invoices (issue_date, created_at_ms);
    CREATE INDEX invoices_customer ON invoices (customer_id, issue_date);
    CREATE INDEX invoices_credits ON invoices (credits);
    CREATE INDEX invoices_number ON invoices (number);
    -- Per invoice and tax: what the tax summary adds up.
    CREATE TABLE invoice_taxes (
        invoice_id TEXT NOT NULL,
        tax_key TEXT NOT NULL,
        tax_id TEXT,
        tax_name TEXT NOT NULL,
        rate INTEGER NOT NULL,
        net INTEGER NOT NULL,
        tax INTEGER NOT NULL,
        PRIMARY KEY (invoice_id, tax_key)
    );
    CREATE TABLE finance_payments (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        invoice_id TEXT,
        date TEXT NOT NULL,
        amount INTEGER NOT NULL,
        method TEXT NOT NULL,
        reference TEXT NOT NULL,
        to_invoice INTEGER NOT NULL,
        to_credit INTEGER NOT NULL,
        voided INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL
    );
    CREATE INDEX finance_payments_invoice ON finance_payments (invoice_id);
    CREATE INDEX finance_payments_customer ON finance_payments (customer_id, date);
    CREATE INDEX finance_payments_date ON finance_payments (date, created_at_ms);
    CREATE TABLE invoice_series (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        prefix TEXT NOT NULL
    );
    ALTER TABLE finance_money_events ADD COLUMN tax INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE finance_money_events ADD COLUMN tax_id TEXT;",
        // Debits and credits per account and month, kept with the lines: a report over whole
        // months reads a few rows per account instead of every line.
        "CREATE TABLE journal_month_totals (
        account_id TEXT NOT NULL,
        month TEXT NOT NULL,
        debit INTEGER NOT NULL,
        credit INTEGER NOT NULL,
        PRIMARY KEY (account_id, month)
    ) WITHOUT ROWID;
    INSERT INTO journal_month_totals (account_id, month, debit, credit)
        SELECT account_id, substr(date, 1, 7), sum(debit), sum(credit)
        FROM journal_lines GROUP BY 1, 2;",
        "CREATE TABLE finance_recurring (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        customer_name TEXT NOT NULL,
        active INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL
    );",
        // Foreign-currency invoices: the rate, and what the ledger holds in the base currency.
        "ALTER TABLE invoices ADD COLUMN currency TEXT;
    ALTER TABLE invoices ADD COLUMN exchange_rate INTEGER;
    ALTER TABLE invoices ADD COLUMN base_total INTEGER NOT NULL DEFAULT 0;
    UPDATE invoices SET base_total = total;
    ALTER TABLE finance_payments ADD COLUMN base_to_invoice INTEGER NOT NULL DEFAULT 0;
    UPDATE finance_payments SET base_to_invoice = to_invoice;",
        // Reports sum the lines of a few days by account: the index holds all they read.
        "DROP INDEX journal_lines_date;
    CREATE INDEX journal_lines_date ON journal_lines (date, account_id, debit, credit);",
        // What the attention list reads: reversals of voids, invoices whose lines and totals
        // disagree, and every number as it was given.
        "ALTER TABLE invoices ADD COLUMN void_entry_id TEXT;
    ALTER TABLE invoices ADD COLUMN consistent INTEGER NOT NULL DEFAULT 1;
    CREATE TABLE invoice_numbers (
        number TEXT PRIMARY KEY,
        invoice_id TEXT NOT NULL,
        device_id TEXT NOT NULL
    );",
        // Every prefix a series has numbered with, so none is taken up again by another device.
        "CREATE TABLE invoice_prefixes (
        series_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        prefix TEXT NOT NULL,
        PRIMARY KEY (series_id, prefix)
    );
    INSERT INTO invoice_prefixes (series_id, device_id, prefix)
        SELECT id, device_id, prefix FROM invoice_series;",
        // Which records refer to which attached files: what sync sends and fetches. Filled
        // from the documents once, by `backfill_attachment_refs`.
        "CREATE TABLE attachment_refs (
        owner_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (owner_id, hash)
    ) WITHOUT ROWID;
    CREATE INDEX attachment_refs_hash ON attachment_refs (hash);
    INSERT INTO meta (key, value) VALUES ('attachment_refs_backfill', 'due');",
        // Assets the owner marks as holding money (a second bank account): cash flow follows them.
        "ALTER TABLE finance_accounts ADD COLUMN holds_money INTEGER NOT NULL DEFAULT 0;",
    ],
};

/// Open ends of a date range, as bounds: a plain `date BETWEEN` lets SQLite use the date
/// index, where `(?1 IS NULL OR date >= ?1)` makes it read every row.
pub(crate) const DAY_MIN: &str = "0000-01-01";

pub(crate) const DAY_MAX: &str = "9999-12-31";

pub(crate) fn lo(range: &DateRange) -> &str {
    range.from.as_deref().unwrap_or(DAY_MIN)
}

pub(crate) fn hi(range: &DateRange) -> &str {
    range.to.as_deref().unwrap_or(DAY_MAX)
}

pub fn projections() -> Vec<Projection> {
    vec![
        Projection {
            kind: FinanceSettingsRecord::KIND,
            tables: &["finance_settings"],
            project: project_doc::<FinanceSettingsRecord>,
            settle: None,
        },
        Projection {
            kind: Account::KIND,
            tables: &["finance_accounts"],
            project: project_doc::<Account>,
            settle: None,
        },
        Projection {
            kind: EntryRecord::KIND,
            tables: &["journal_lines", "journal_entries", "journal_month_totals"],
            project: project_doc::<EntryRecord>,
            settle: None,
        },
        Projection {
            kind: MoneyEventRecord::KIND,
            tables: &["attachment_refs", "finance_money_events"],
            project: project_doc::<MoneyEventRecord>,
            settle: None,
        },
        Projection {
            kind: TaxRecord::KIND,
            tables: &["finance_taxes"],
            project: project_doc::<TaxRecord>,
            settle: None,
        },
    ]
}

impl Record for Account {
    const KIND: &'static str = "finance_account";
    type Id = crate::kernel::ids::AccountId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_accounts
                (id, code, name, kind, archived, created_at_ms, updated_at_ms, holds_money)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            self.id,
            self.code,
            self.name,
            self.kind.as_str(),
            self.archived,
            self.created_at_ms,
            self.updated_at_ms,
            self.holds_money
        ])?;
        Ok(())
    }
}

impl Record for EntryRecord {
    const KIND: &'static str = "journal_entry";
    type Id = crate::kernel::ids::EntryId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        // Entries from other devices were checked where they were posted; one that breaks the
        // ledger's rules anyway (a faulty device) is refused here, as a storage error that sync
        // skips, rather than unbalancing every report.
        let valid_line = |l: &LineRecord| {
            l.debit.is_positive() != l.credit.is_positive()
                && (0..=crate::kernel::money::AMOUNT_MAX).contains(&l.debit.minor())
                && (0..=crate::kernel::money::AMOUNT_MAX).contains(&l.credit.minor())
        };
        let (debits, credits) = self.lines.iter().fold((0i128, 0i128), |(d, c), l| {
            (d + l.debit.minor() as i128, c + l.credit.minor() as i128)
        });
        if self.lines.len() < 2
            || !self.lines.iter().all(valid_line)
            || debits != credits
            || !crate::kernel::money::is_day(&self.date)
        {
            return Err(crate::kernel::error::Error::new(
                crate::kernel::error::ErrorCode::Storage,
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
        // The month totals follow the lines: what an entry projected before comes off, what it
        // holds now goes on, so projecting an entry again never counts it twice.
        let mut month_add = conn.prepare_cached(
            "INSERT INTO journal_month_totals (account_id, month, debit, credit)
             VALUES (?1, substr(?2, 1, 7), ?3, ?4)
             ON CONFLICT (account_id, month)
             DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit",
        )?;
        let old: Vec<(String, String, i64, i64)> = conn
            .prepare_cached(
                "SELECT account_id, date, debit, credit FROM journal_lines WHERE entry_id = ?1",
            )?
            .query_map([self.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (account_id, date, debit, credit) in old {
            month_add.execute(params![account_id, date, -debit, -credit])?;
        }
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
            month_add.execute(params![line.account_id, self.date, line.debit, line.credit])?;
        }
        Ok(())
    }
}

impl Record for MoneyEventRecord {
    const KIND: &'static str = "finance_money_event";
    type Id = crate::kernel::ids::MoneyEventId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_money_events
                (id, kind, date, amount, category_id, account_id, party, description, entry_id,
                 void_entry_id, created_by_name, created_at_ms, updated_at_ms, tax, tax_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
            self.updated_at_ms,
            self.tax,
            self.tax_id
        ])?;
        conn.prepare_cached("DELETE FROM attachment_refs WHERE owner_id = ?1")?
            .execute([self.id.to_string()])?;
        for attachment in &self.attachments {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO attachment_refs (owner_id, hash) VALUES (?1, ?2)",
            )?
            .execute(params![self.id.to_string(), attachment.hash])?;
        }
        Ok(())
    }
}

/// Of these accounts, the open one with the lowest code.
pub fn first_by_code(conn: &Connection, ids: &[AccountId]) -> Result<Option<AccountId>> {
    let mut best: Option<(String, AccountId)> = None;
    let mut stmt =
        conn.prepare_cached("SELECT code FROM finance_accounts WHERE id = ?1 AND archived = 0")?;
    for id in ids {
        if let Some(code) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
            if best.as_ref().is_none_or(|(c, _)| code < *c) {
                best = Some((code, *id));
            }
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// Accounts marked as holding money (besides the chart's own cash and bank accounts).
pub fn money_account_ids(conn: &Connection) -> Result<Vec<AccountId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM finance_accounts WHERE holds_money = 1")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<AccountId>>>()?;
    Ok(ids)
}

/// Fills `attachment_refs` from the documents, once, for company files made before it existed.
pub fn backfill_attachment_refs(conn: &Connection) -> Result<()> {
    let due: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'attachment_refs_backfill'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if due.is_none() {
        return Ok(());
    }
    let mut stmt = conn.prepare("SELECT bytes FROM documents WHERE kind = ?1")?;
    let mut rows = stmt.query([MoneyEventRecord::KIND])?;
    while let Some(row) = rows.next()? {
        let doc = automerge::Automerge::load(&row.get::<_, Vec<u8>>(0)?)?;
        project_doc::<MoneyEventRecord>(conn, &doc)?;
    }
    conn.execute(
        "DELETE FROM meta WHERE key = 'attachment_refs_backfill'",
        [],
    )?;
    Ok(())
}

impl Record for FinanceSettingsRecord {
    const KIND: &'static str = "finance_settings";
    type Id = crate::kernel::ids::FinanceSettingsId;
    fn id(&self) -> Self::Id {
        self.id
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
            self.closed(),
            self.updated_at_ms
        ])?;
        Ok(())
    }
}

/// The settings document's id, if finance was set up (the oldest, should two devices have set
/// it up offline).
pub fn settings_id(conn: &Connection) -> Result<Option<crate::kernel::ids::FinanceSettingsId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM finance_settings ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

pub struct AccountRow {
    pub id: AccountId,
    pub code: String,
    pub name: String,
    pub kind: AccountKind,
    pub archived: bool,
}

pub(crate) fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
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
pub fn first_of_kind(conn: &Connection, kind: AccountKind) -> Result<Option<AccountId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM finance_accounts WHERE kind = ?1 AND archived = 0
             ORDER BY code, id LIMIT 1",
        )?
        .query_row([kind.as_str()], |r| r.get(0))
        .optional()?)
}

/// Entry ids in a date range, oldest first.
pub fn entry_ids(
    conn: &Connection,
    range: &DateRange,
    limit: u64,
) -> Result<Vec<crate::kernel::ids::EntryId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM journal_entries
         WHERE date >= ?1 AND date <= ?2
         ORDER BY date, posted_at_ms, id LIMIT ?3",
    )?;
    let ids = stmt
        .query_map(params![lo(range), hi(range), limit as i64], |r| r.get(0))?
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
/// Whole months come from the month totals; the days of a month cut by the range from the
/// lines themselves.
pub fn totals(conn: &Connection, range: &DateRange) -> Result<Vec<(String, i64, i64)>> {
    let mut sums: std::collections::HashMap<String, (i64, i64)> = Default::default();
    let mut add = |rows: Vec<(String, i64, i64)>| {
        for (account, debit, credit) in rows {
            let slot = sums.entry(account).or_insert((0, 0));
            slot.0 += debit;
            slot.1 += credit;
        }
    };
    let split = split_by_month(range);
    for days in [&split.head, &split.tail].into_iter().flatten() {
        add(line_totals(conn, days)?);
    }
    if let Some((first, last)) = &split.months {
        let mut stmt = conn.prepare_cached(
            "SELECT account_id, sum(debit), sum(credit) FROM journal_month_totals
             WHERE (?1 IS NULL OR month >= ?1) AND (?2 IS NULL OR month <= ?2)
             GROUP BY account_id",
        )?;
        let rows = stmt
            .query_map(params![first, last], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        add(rows);
    }
    let mut rows: Vec<(String, i64, i64)> = sums
        .into_iter()
        .filter(|(_, (d, c))| *d != 0 || *c != 0)
        .map(|(account, (d, c))| (account, d, c))
        .collect();
    rows.sort();
    Ok(rows)
}

pub(crate) fn line_totals(conn: &Connection, range: &DateRange) -> Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_id, sum(debit), sum(credit) FROM journal_lines
         WHERE date >= ?1 AND date <= ?2
         GROUP BY account_id",
    )?;
    let rows = stmt
        .query_map(params![lo(range), hi(range)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A date range as the days before its first whole month, its whole months (`YYYY-MM`, either
/// end open), and the days after its last whole month.
#[derive(Debug, PartialEq)]
pub struct MonthSplit {
    pub head: Option<DateRange>,
    pub months: Option<(Option<String>, Option<String>)>,
    pub tail: Option<DateRange>,
}

pub(crate) fn month_of(date: &str) -> String {
    date[..7].to_string()
}

pub(crate) fn first_of_next_month(date: &str) -> String {
    let (y, m): (i32, u32) = (
        date[..4].parse().unwrap_or(1970),
        date[5..7].parse().unwrap_or(1),
    );
    if m == 12 {
        format!("{:04}-01-01", y + 1)
    } else {
        format!("{y:04}-{:02}-01", m + 1)
    }
}

pub fn split_by_month(range: &DateRange) -> MonthSplit {
    use crate::kernel::money::add_days;
    let day = |d: &Option<String>| d.clone();
    // Same month, not whole: the lines alone.
    if let (Some(from), Some(to)) = (&range.from, &range.to) {
        let whole_from = from.ends_with("-01");
        let whole_to = add_days(to, 1).ends_with("-01");
        if month_of(from) == month_of(to) && !(whole_from && whole_to) {
            return MonthSplit {
                head: Some(range.clone()),
                months: None,
                tail: None,
            };
        }
    }
    let (head, first_month) = match &range.from {
        None => (None, None),
        Some(from) if from.ends_with("-01") => (None, Some(month_of(from))),
        Some(from) => {
            let next = first_of_next_month(from);
            (
                Some(DateRange {
                    from: day(&range.from),
                    to: Some(add_days(&next, -1)),
                }),
                Some(month_of(&next)),
            )
        }
    };
    let (tail, last_month) = match &range.to {
        None => (None, None),
        Some(to) if add_days(to, 1).ends_with("-01") => (None, Some(month_of(to))),
        Some(to) => {
            let first = format!("{}-01", month_of(to));
            let before = add_days(&first, -1);
            (
                Some(DateRange {
                    from: Some(first),
                    to: day(&range.to),
                }),
                Some(month_of(&before)),
            )
        }
    };
    let months = match (&first_month, &last_month) {
        (Some(first), Some(last)) if first > last => None,
        _ => Some((first_month, last_month)),
    };
    MonthSplit { head, months, tail }
}

pub fn money_event_ids(
    conn: &Connection,
    kind: MoneyEventKind,
    range: &DateRange,
) -> Result<Vec<crate::kernel::ids::MoneyEventId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM finance_money_events
         WHERE kind = ?1 AND date >= ?2 AND date <= ?3
         ORDER BY date DESC, created_at_ms DESC, id",
    )?;
    let ids = stmt
        .query_map(params![kind, lo(range), hi(range)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub(crate) fn id_list<T: std::fmt::Display>(ids: &[T]) -> std::rc::Rc<Vec<rusqlite::types::Value>> {
    std::rc::Rc::new(
        ids.iter()
            .map(|id| rusqlite::types::Value::from(id.to_string()))
            .collect(),
    )
}

/// The money in `accounts` before a day: opening cash.
pub fn cash_before(conn: &Connection, accounts: &[AccountId], day: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(debit) - sum(credit), 0) FROM journal_lines
             WHERE account_id IN rarray(?1) AND date < ?2",
        )?
        .query_row(params![id_list(accounts), day], |r| r.get(0))?)
}

/// What an account holds now, every entry counted (debits less credits).
pub fn balance_of(conn: &Connection, account: AccountId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(debit) - sum(credit), 0) FROM journal_lines WHERE account_id = ?1",
        )?
        .query_row(params![account.to_string()], |r| r.get(0))?)
}

/// Money into `accounts` minus money out over a range, by what moved it: the entry's source,
/// or for a reversal the source of the entry it reverses.
pub fn cash_by_source(
    conn: &Connection,
    accounts: &[AccountId],
    range: &DateRange,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(o.source, e.source), sum(l.debit) - sum(l.credit)
         FROM journal_lines l
         JOIN journal_entries e ON e.id = l.entry_id
         LEFT JOIN journal_entries o ON o.id = e.reverses
         WHERE l.account_id IN rarray(?1)
           AND l.date >= ?2 AND l.date <= ?3
         GROUP BY 1",
    )?;
    let rows = stmt
        .query_map(params![id_list(accounts), lo(range), hi(range)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Entries dated up to `through` and posted after `posted_after_ms`: (id, date, posted_at_ms).
pub fn entries_through(
    conn: &Connection,
    through: &str,
    posted_after_ms: i64,
    limit: u64,
) -> Result<Vec<(crate::kernel::ids::EntryId, String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date, posted_at_ms FROM journal_entries
         WHERE date <= ?1 AND posted_at_ms > ?2 ORDER BY date, posted_at_ms LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(params![through, posted_after_ms, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Record for TaxRecord {
    const KIND: &'static str = "finance_tax";
    type Id = crate::kernel::ids::TaxId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        let components: Vec<serde_json::Value> = self
            .components
            .iter()
            .map(|c| serde_json::json!({"name": c.name, "rate": c.rate}))
            .collect();
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_taxes
                (id, name, rate, components, preset, archived, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            self.id,
            self.name,
            self.components.iter().map(|c| c.rate).sum::<i64>(),
            serde_json::Value::Array(components).to_string(),
            self.preset,
            self.archived,
            self.created_at_ms
        ])?;
        Ok(())
    }
}

pub fn tax_ids(conn: &Connection) -> Result<Vec<TaxId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM finance_taxes ORDER BY archived, rate DESC, name, id")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::amount::Amount;
    use crate::kernel::ids::{EntryId, UserId};

    /// A journal entry as the releases before Chinese memos wrote it: no `memo_zh` at all.
    #[derive(autosurgeon::Reconcile)]
    struct EarlierEntry {
        id: EntryId,
        date: String,
        memo: String,
        source: String,
        source_id: Option<String>,
        reverses: Option<EntryId>,
        lines: Vec<LineRecord>,
        posted_by: UserId,
        posted_by_name: String,
        posted_at_ms: i64,
    }

    #[test]
    fn an_entry_written_before_chinese_memos_loads_with_none_and_reads_its_memo() {
        let line = |debit: i64, credit: i64| LineRecord {
            account_id: AccountId::new(),
            debit: Amount::new(debit),
            credit: Amount::new(credit),
        };
        let earlier = EarlierEntry {
            id: EntryId::new(),
            date: "2026-03-01".into(),
            memo: "Invoice INV-A-00001 · 王小明".into(),
            source: "invoice".into(),
            source_id: None,
            reverses: None,
            lines: vec![line(1000, 0), line(0, 1000)],
            posted_by: UserId::new(),
            posted_by_name: "Owner".into(),
            posted_at_ms: 1,
        };
        let mut doc = automerge::AutoCommit::new();
        autosurgeon::reconcile(&mut doc, &earlier).unwrap();
        let entry: EntryRecord = autosurgeon::hydrate(&doc).expect("an earlier entry loads");
        assert_eq!(entry.memo_zh, None);
        assert_eq!(entry.memo, earlier.memo);
        // Read in Chinese, it says what it always said; voided, its reversal says it too.
        assert_eq!(entry.memo_in_zh(), "Invoice INV-A-00001 · 王小明");
        let void = Memo::void_of(&entry);
        assert_eq!(void.en(), "Void: Invoice INV-A-00001 · 王小明");
        assert_eq!(void.zh(), Some("冲销：Invoice INV-A-00001 · 王小明"));

        // Written again (as a later release does), it keeps the field, and the Chinese goes
        // through.
        let mut now = entry.clone();
        now.memo_zh = Some("销售发票 INV-A-00001，客户 王小明".into());
        autosurgeon::reconcile(&mut doc, &now).unwrap();
        let again: EntryRecord = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(again, now);
        assert_eq!(
            Memo::void_of(&again).zh(),
            Some("冲销：销售发票 INV-A-00001，客户 王小明")
        );
    }

    fn range(from: Option<&str>, to: Option<&str>) -> DateRange {
        DateRange {
            from: from.map(String::from),
            to: to.map(String::from),
        }
    }

    #[test]
    fn ranges_split_into_whole_months_and_the_days_around_them() {
        let split = split_by_month(&range(Some("2026-01-01"), Some("2026-12-31")));
        assert_eq!(split.head, None);
        assert_eq!(split.tail, None);
        assert_eq!(
            split.months,
            Some((Some("2026-01".into()), Some("2026-12".into())))
        );
        let split = split_by_month(&range(Some("2026-01-15"), Some("2026-03-10")));
        assert_eq!(
            split.head,
            Some(range(Some("2026-01-15"), Some("2026-01-31")))
        );
        assert_eq!(
            split.months,
            Some((Some("2026-02".into()), Some("2026-02".into())))
        );
        assert_eq!(
            split.tail,
            Some(range(Some("2026-03-01"), Some("2026-03-10")))
        );
        let split = split_by_month(&range(Some("2026-02-10"), Some("2026-02-20")));
        assert_eq!(
            split.head,
            Some(range(Some("2026-02-10"), Some("2026-02-20")))
        );
        assert_eq!(split.months, None);
        let split = split_by_month(&range(Some("2026-02-10"), Some("2026-03-05")));
        assert_eq!(split.months, None);
        assert_eq!(
            split.head,
            Some(range(Some("2026-02-10"), Some("2026-02-28")))
        );
        assert_eq!(
            split.tail,
            Some(range(Some("2026-03-01"), Some("2026-03-05")))
        );
        let split = split_by_month(&range(None, Some("2026-06-15")));
        assert_eq!(split.months, Some((None, Some("2026-05".into()))));
        let split = split_by_month(&range(None, None));
        assert_eq!(split.months, Some((None, None)));
        assert_eq!(split.head, None);
    }
}
