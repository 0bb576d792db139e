//! Sales projections: taxes, invoices, payments, invoice numbers and series, recurring invoices,
//! and the queries the sales reports read. The documents stay the truth.

use rusqlite::{params, Connection, OptionalExtension};

use super::model::*;
use crate::kernel::error::Result;
use crate::kernel::ids::{InvoiceId, PaymentId, RecurringId, TaxId};
use crate::kernel::store::docs::{project_doc, Projection, Record};
use crate::ledger::model::DateRange;
use crate::ledger::store::{hi, lo, DAY_MAX, DAY_MIN};

pub fn projections() -> Vec<Projection> {
    vec![
        Projection {
            kind: InvoiceRecord::KIND,
            tables: &["invoice_taxes", "invoices"],
            project: project_doc::<InvoiceRecord>,
            settle: None,
        },
        Projection {
            kind: PaymentRecord::KIND,
            tables: &["finance_payments"],
            project: project_doc::<PaymentRecord>,
            settle: None,
        },
        Projection {
            kind: InvoiceNumberRecord::KIND,
            tables: &["invoice_numbers"],
            project: project_doc::<InvoiceNumberRecord>,
            settle: None,
        },
        Projection {
            kind: RecurringRecord::KIND,
            tables: &["finance_recurring"],
            project: project_doc::<RecurringRecord>,
            settle: None,
        },
        Projection {
            kind: InvoiceSeriesRecord::KIND,
            tables: &["invoice_prefixes", "invoice_series"],
            project: project_doc::<InvoiceSeriesRecord>,
            settle: None,
        },
    ]
}

impl Record for InvoiceRecord {
    const KIND: &'static str = "invoice";
    type Id = crate::kernel::ids::InvoiceId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        // Values no device would write are refused (a faulty device); lines that no longer
        // add up to the totals are kept and flagged: two devices editing one draft at once
        // can merge that way, and refusing it would leave the devices apart for good.
        let sane = |v: crate::kernel::amount::Amount<crate::kernel::amount::Doc>| {
            (0..=crate::kernel::money::AMOUNT_MAX).contains(&v.minor())
        };
        if self.lines.len() > 200
            || !sane(self.total)
            || !sane(self.subtotal)
            || !sane(self.tax)
            || !self.lines.iter().all(|l| sane(l.net) && sane(l.tax))
        {
            return Err(crate::kernel::error::Error::new(
                crate::kernel::error::ErrorCode::Storage,
                format!("invoice {} breaks the invoice rules", self.id),
            ));
        }
        let nets: i128 = self.lines.iter().map(|l| l.net.minor() as i128).sum();
        let taxes: i128 = self.lines.iter().map(|l| l.tax.minor() as i128).sum();
        let (subtotal, tax, total) = (
            self.subtotal.minor() as i128,
            self.tax.minor() as i128,
            self.total.minor() as i128,
        );
        let consistent = nets == subtotal && taxes == tax && subtotal + tax == total;
        conn.prepare_cached(
            "INSERT OR REPLACE INTO invoices
                (id, kind, credits, number, customer_id, customer_name, issue_date, due_date,
                 status, subtotal, tax, total, entry_id, created_at_ms, updated_at_ms,
                 currency, exchange_rate, base_total, void_entry_id, consistent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20)",
        )?
        .execute(params![
            self.id,
            self.kind,
            self.credits,
            self.number,
            self.customer_id,
            self.customer_name,
            self.issue_date,
            self.due_date,
            self.status,
            self.subtotal,
            self.tax,
            self.total,
            self.entry_id,
            self.created_at_ms,
            self.updated_at_ms,
            self.currency,
            self.exchange_rate,
            self.base_amounts().2,
            self.void_entry_id,
            consistent
        ])?;
        conn.prepare_cached("DELETE FROM invoice_taxes WHERE invoice_id = ?1")?
            .execute([self.id])?;
        let mut by_tax: std::collections::BTreeMap<String, (Option<String>, &str, i64, i64, i64)> =
            Default::default();
        for line in &self.lines {
            let key = match &line.tax_id {
                Some(id) => format!("{id}:{}", line.tax_rate),
                None => format!("none:{}", line.tax_rate),
            };
            let slot = by_tax.entry(key).or_insert((
                line.tax_id.map(|id| id.to_string()),
                &line.tax_name,
                line.tax_rate,
                0,
                0,
            ));
            slot.3 += line.net.minor();
            slot.4 += line.tax.minor();
        }
        let mut insert = conn.prepare_cached(
            "INSERT INTO invoice_taxes (invoice_id, tax_key, tax_id, tax_name, rate, net, tax)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (key, (tax_id, name, rate, net, tax)) in by_tax {
            insert.execute(params![self.id, key, tax_id, name, rate, net, tax])?;
        }
        Ok(())
    }
}

impl Record for PaymentRecord {
    const KIND: &'static str = "finance_payment";
    type Id = crate::kernel::ids::PaymentId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        // What a payment may say: a positive amount, split as its kind splits it. A document
        // that says otherwise (a faulty device granting credit) is refused, not counted.
        let sane = (1..=crate::kernel::money::AMOUNT_MAX).contains(&self.amount.minor());
        let split = match self.kind {
            PaymentKind::Payment | PaymentKind::CreditNote => {
                !self.to_invoice.is_negative()
                    && !self.to_credit.is_negative()
                    && (self.to_invoice + self.to_credit == self.amount
                        || (self.exchange_rate.is_some() && self.to_invoice == self.amount))
            }
            PaymentKind::Credit => self.to_invoice == self.amount && self.to_credit == -self.amount,
            PaymentKind::Refund => self.to_invoice.is_zero() && self.to_credit == -self.amount,
            // What an invoice was paid past its total, moved from it to credit: the customer's
            // balance is unchanged (owed that much more on the invoice, holding it as credit).
            PaymentKind::Surplus => {
                self.to_invoice == -self.amount && self.to_credit == self.amount
            }
        };
        if !sane
            || !split
            || (self.kind != "refund" && self.invoice_id.is_none() && !self.to_invoice.is_zero())
        {
            return Err(crate::kernel::error::Error::new(
                crate::kernel::error::ErrorCode::Storage,
                format!("payment {} breaks the payment rules", self.id),
            ));
        }
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_payments
                (id, kind, customer_id, invoice_id, date, amount, method, reference, to_invoice,
                 to_credit, voided, created_at_ms, base_to_invoice)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            self.id,
            self.kind,
            self.customer_id,
            self.invoice_id,
            self.date,
            self.amount,
            self.method,
            self.reference,
            self.to_invoice,
            self.to_credit,
            self.void_entry_id.is_some(),
            self.created_at_ms,
            // A payment in the base currency: what it cleared is already the books' amount.
            self.base_to_invoice.unwrap_or(self.to_invoice.as_base())
        ])?;
        Ok(())
    }
}

impl Record for InvoiceSeriesRecord {
    const KIND: &'static str = "invoice_series";
    type Id = crate::kernel::ids::InvoiceSeriesId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO invoice_series (id, device_id, prefix) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![self.id, self.device_id, self.prefix])?;
        conn.prepare_cached("DELETE FROM invoice_prefixes WHERE series_id = ?1")?
            .execute([self.id])?;
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO invoice_prefixes (series_id, device_id, prefix)
             VALUES (?1, ?2, ?3)",
        )?;
        for prefix in self.past_prefixes.iter().chain([&self.prefix]) {
            insert.execute(params![self.id, self.device_id, prefix])?;
        }
        Ok(())
    }
}

/// Prefixes of the other devices' invoice series.
pub fn other_prefixes(conn: &Connection, device_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT prefix FROM invoice_prefixes WHERE device_id != ?1 ORDER BY prefix",
    )?;
    let rows = stmt
        .query_map([device_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What has been paid on an invoice: payments and applied credit (not voided), and credit
/// notes issued against it that went to its balance.
pub fn paid_on(conn: &Connection, invoice_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(to_invoice), 0) FROM finance_payments
             WHERE invoice_id = ?1 AND voided = 0",
        )?
        .query_row([invoice_id], |r| r.get(0))?)
}

/// The credit a customer holds: overpayments, credit notes past what was owed, less refunds
/// and credit applied.
pub fn customer_credit(conn: &Connection, customer_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(to_credit), 0) FROM finance_payments
             WHERE customer_id = ?1 AND voided = 0",
        )?
        .query_row([customer_id], |r| r.get(0))?)
}

pub fn has_payments(conn: &Connection, invoice_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM finance_payments WHERE invoice_id = ?1 AND voided = 0 AND kind != 'credit_note' LIMIT 1",
        )?
        .query_row([invoice_id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub struct InvoiceFilter<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub limit: u32,
}

/// Invoice ids, newest first.
pub fn invoice_ids(
    conn: &Connection,
    filter: &InvoiceFilter<'_>,
) -> Result<Vec<crate::kernel::ids::InvoiceId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM invoices
         WHERE issue_date >= ?1 AND issue_date <= ?2
           AND (?3 IS NULL OR customer_id = ?3)
         ORDER BY issue_date DESC, created_at_ms DESC, id DESC LIMIT ?4",
    )?;
    let ids = stmt
        .query_map(
            params![
                filter.from.unwrap_or(DAY_MIN),
                filter.to.unwrap_or(DAY_MAX),
                filter.customer_id,
                filter.limit
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub struct OpenInvoice {
    pub customer_id: String,
    pub customer_name: String,
    pub due_date: String,
    pub owed: i64,
}

/// Every issued invoice with something still owed on `as_of`, by customer.
pub fn open_invoices(conn: &Connection, as_of: &str) -> Result<Vec<OpenInvoice>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.customer_id, i.customer_name, i.due_date,
                i.base_total - coalesce((SELECT sum(p.base_to_invoice) FROM finance_payments p
                                    WHERE p.invoice_id = i.id AND p.voided = 0
                                      AND p.date <= ?1), 0) AS owed
         FROM invoices i
         WHERE i.kind = 'invoice' AND i.status = 'issued' AND i.issue_date <= ?1
         ORDER BY i.customer_name, i.customer_id, i.due_date",
    )?;
    let rows = stmt
        .query_map([as_of], |r| {
            Ok(OpenInvoice {
                customer_id: r.get(0)?,
                customer_name: r.get(1)?,
                due_date: r.get(2)?,
                owed: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().filter(|row| row.owed > 0).collect())
}

pub fn payment_ids(conn: &Connection, query: &PaymentQuery) -> Result<Vec<PaymentId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM finance_payments
         WHERE date >= ?1 AND date <= ?2
           AND (?3 IS NULL OR customer_id = ?3) AND (?4 IS NULL OR invoice_id = ?4)
         ORDER BY date DESC, created_at_ms DESC, id LIMIT 2000",
    )?;
    let ids = stmt
        .query_map(
            params![
                query.from.as_deref().unwrap_or(DAY_MIN),
                query.to.as_deref().unwrap_or(DAY_MAX),
                query.customer_id,
                query.invoice_id
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

pub struct TaxTotal {
    pub tax_id: Option<String>,
    pub name: String,
    pub rate: i64,
    pub net: i64,
    pub tax: i64,
}

/// Output tax per tax over a range: issued invoices count, credit notes take away, voided
/// ones do not count.
pub fn output_tax(conn: &Connection, range: &DateRange) -> Result<Vec<TaxTotal>> {
    let mut stmt = conn.prepare_cached(
        // A document counts in the period it was issued in, and a voided one comes off in
        // the period of its void: a filed period's figures never change afterwards.
        "WITH moves AS (
             SELECT t.tax_id, t.tax_name, t.rate, t.net, t.tax, i.kind, i.exchange_rate, 1 AS sign
             FROM invoice_taxes t JOIN invoices i ON i.id = t.invoice_id
             WHERE i.entry_id IS NOT NULL AND i.status IN ('issued', 'void')
               AND i.issue_date >= ?1 AND i.issue_date <= ?2
             UNION ALL
             SELECT t.tax_id, t.tax_name, t.rate, t.net, t.tax, i.kind, i.exchange_rate, -1
             FROM invoice_taxes t JOIN invoices i ON i.id = t.invoice_id
             JOIN journal_entries v ON v.id = i.void_entry_id
             WHERE i.status = 'void' AND v.date >= ?1 AND v.date <= ?2)
         SELECT tax_id, tax_name, rate,
                sum(sign * (CASE kind WHEN 'credit_note' THEN -1 ELSE 1 END)
                    * (CASE WHEN exchange_rate IS NULL THEN net
                            ELSE (net * exchange_rate + 500000) / 1000000 END)),
                sum(sign * (CASE kind WHEN 'credit_note' THEN -1 ELSE 1 END)
                    * (CASE WHEN exchange_rate IS NULL THEN tax
                            ELSE (tax * exchange_rate + 500000) / 1000000 END))
         FROM moves
         GROUP BY tax_id, tax_name, rate ORDER BY rate DESC, tax_name",
    )?;
    let rows = stmt
        .query_map(params![lo(range), hi(range)], |r| {
            Ok(TaxTotal {
                tax_id: r.get(0)?,
                name: r.get(1)?,
                rate: r.get(2)?,
                net: r.get(3)?,
                tax: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Tax per tax inside income or expenses over a range, voids taken off on their own day:
/// (tax id, gross, tax).
pub fn event_tax(
    conn: &Connection,
    kind: &str,
    range: &DateRange,
) -> Result<Vec<(TaxId, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tax_id, sum(amount), sum(tax) FROM (
             SELECT tax_id, amount, tax FROM finance_money_events
             WHERE kind = ?3 AND tax_id IS NOT NULL AND date >= ?1 AND date <= ?2
             UNION ALL
             SELECT e.tax_id, -e.amount, -e.tax FROM finance_money_events e
             JOIN journal_entries v ON v.id = e.void_entry_id
             WHERE e.kind = ?3 AND e.tax_id IS NOT NULL AND v.date >= ?1 AND v.date <= ?2)
         GROUP BY tax_id",
    )?;
    let rows = stmt
        .query_map(params![lo(range), hi(range), kind], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn has_credit_notes(conn: &Connection, invoice_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM invoices WHERE credits = ?1 AND status = 'issued' LIMIT 1")?
        .query_row([invoice_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The total of the credit notes issued (not voided) against an invoice.
pub fn credited(conn: &Connection, invoice_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(total), 0) FROM invoices WHERE credits = ?1 AND status = 'issued'",
        )?
        .query_row([invoice_id], |r| r.get(0))?)
}

impl Record for RecurringRecord {
    const KIND: &'static str = "finance_recurring";
    type Id = crate::kernel::ids::RecurringId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO finance_recurring
                (id, customer_id, customer_name, active, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            self.id,
            self.customer_id,
            self.customer_name,
            self.active,
            self.created_at_ms
        ])?;
        Ok(())
    }
}

/// Recurring invoices, active first, then by customer.
pub fn recurring_ids(conn: &Connection) -> Result<Vec<RecurringId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM finance_recurring ORDER BY active DESC, customer_name, id LIMIT 1000",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

impl Record for InvoiceNumberRecord {
    const KIND: &'static str = "invoice_number";
    type Id = crate::kernel::ids::InvoiceNumberId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO invoice_numbers (number, invoice_id, device_id)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![self.number, self.invoice_id, self.device_id])?;
        Ok(())
    }
}

pub struct AttentionRow {
    pub kind: AttentionKind,
    pub invoice_id: Option<InvoiceId>,
    pub number: String,
    pub customer_name: String,
    pub amount: i64,
    pub other: i64,
    pub detail: String,
}

/// Everything the attention list reports, from one query per kind.
pub fn attention(conn: &Connection) -> Result<Vec<AttentionRow>> {
    let mut stmt = conn.prepare_cached(
        "WITH paid AS (
             SELECT invoice_id, sum(to_invoice) AS paid FROM finance_payments
             WHERE voided = 0 AND invoice_id IS NOT NULL AND kind != 'credit_note'
             GROUP BY invoice_id),
         credited AS (
             SELECT credits AS invoice_id, sum(total) AS credited FROM invoices
             WHERE kind = 'credit_note' AND status = 'issued' GROUP BY credits)
         SELECT 'payment_on_void', i.id, coalesce(i.number, ''), i.customer_name, p.paid, 0, ''
             FROM invoices i JOIN paid p ON p.invoice_id = i.id WHERE i.status = 'void'
         UNION ALL
         SELECT 'overpaid', i.id, coalesce(i.number, ''), i.customer_name,
                coalesce(p.paid, 0) + coalesce(c.credited, 0) - i.total, 0, ''
             FROM invoices i LEFT JOIN paid p ON p.invoice_id = i.id
             LEFT JOIN credited c ON c.invoice_id = i.id
             WHERE i.status = 'issued' AND i.kind = 'invoice' AND coalesce(p.paid, 0) > i.total
         UNION ALL
         SELECT 'overcredited', i.id, coalesce(i.number, ''), i.customer_name,
                c.credited - i.total, 0, ''
             FROM invoices i JOIN credited c ON c.invoice_id = i.id WHERE c.credited > i.total
         UNION ALL
         SELECT 'negative_credit', NULL, '', coalesce(cu.name, ''), sum(f.to_credit), 0, ''
             FROM finance_payments f LEFT JOIN customers cu ON cu.id = f.customer_id
             WHERE f.voided = 0 GROUP BY f.customer_id HAVING sum(f.to_credit) < 0
         UNION ALL
         SELECT 'unreversed_void', i.id, coalesce(i.number, ''), i.customer_name, 0, 0, ''
             FROM invoices i WHERE i.status = 'void' AND i.entry_id IS NOT NULL
               AND i.void_entry_id IS NULL
         UNION ALL
         SELECT 'posting_differs', i.id, coalesce(i.number, ''), i.customer_name, i.base_total,
                (SELECT coalesce(sum(l.debit), 0) FROM journal_lines l WHERE l.entry_id = i.entry_id), ''
             FROM invoices i WHERE i.kind = 'invoice' AND i.status = 'issued'
               AND i.entry_id IS NOT NULL
               AND i.base_total != (SELECT coalesce(sum(l.debit), 0) FROM journal_lines l
                                    WHERE l.entry_id = i.entry_id)
         UNION ALL
         SELECT 'posting_date_differs', i.id, coalesce(i.number, ''), i.customer_name, 0, 0,
                (SELECT e.date FROM journal_entries e WHERE e.id = i.entry_id)
             FROM invoices i WHERE i.status = 'issued' AND i.entry_id IS NOT NULL
               AND i.issue_date != (SELECT e.date FROM journal_entries e WHERE e.id = i.entry_id)
         UNION ALL
         SELECT 'does_not_add_up', i.id, coalesce(i.number, ''), i.customer_name, i.total, 0, ''
             FROM invoices i WHERE i.consistent = 0
         UNION ALL
         SELECT 'number_lost', i.id, coalesce(i.number, ''), i.customer_name, 0, 0, n.number
             FROM invoice_numbers n JOIN invoices i ON i.id = n.invoice_id
             WHERE i.number IS NOT n.number
         LIMIT 1000",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(AttentionRow {
                kind: r.get(0)?,
                invoice_id: r.get(1)?,
                number: r.get(2)?,
                customer_name: r.get(3)?,
                amount: r.get(4)?,
                other: r.get(5)?,
                detail: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The receivable (base currency) payments and credit notes have cleared on an invoice.
pub fn base_cleared(conn: &Connection, invoice_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(base_to_invoice), 0) FROM finance_payments
             WHERE invoice_id = ?1 AND voided = 0",
        )?
        .query_row([invoice_id], |r| r.get(0))?)
}
