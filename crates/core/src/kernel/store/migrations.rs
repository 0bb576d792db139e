//! Append-only migrations, declared per area. The text of every applied step is recorded; a
//! step whose text changed after it was applied, or a database with steps this build does not
//! know, refuses to open: silently diverging schemas lose data.
//!
//! A step that adds or changes a projection names the kinds of record to project again. When
//! such a step is applied to an existing company file, the same transaction notes those kinds
//! in `projection_backfill`; opening the file then re-projects them from their documents (see
//! [`crate::kernel::store::docs::backfill`]), resumably, so a new table is never empty on a shop's
//! existing data.

use rusqlite::{params, Connection, OptionalExtension};

use crate::kernel::error::{Error, ErrorCode, Result};

pub struct Migrations {
    pub area: &'static str,
    /// Steps in order. Never edit or remove one once released: append a new step instead.
    pub steps: &'static [&'static str],
    /// `(step, kinds)`: when step `step` is applied, re-project these kinds of record from
    /// their documents (the step added or changed what they project to).
    pub reproject: &'static [(usize, &'static [&'static str])],
}

const BOOTSTRAP: &str = "CREATE TABLE IF NOT EXISTS migrations (
    area TEXT NOT NULL,
    step INTEGER NOT NULL,
    sql TEXT NOT NULL,
    PRIMARY KEY (area, step)
);
CREATE TABLE IF NOT EXISTS projection_backfill (
    kind TEXT PRIMARY KEY,
    -- The last document re-projected (by id); '' before the first.
    after_id TEXT NOT NULL,
    -- Whether the kind's tables were emptied already.
    cleared INTEGER NOT NULL
)";

pub fn apply(conn: &mut Connection, areas: &[&Migrations]) -> Result<()> {
    conn.execute_batch(BOOTSTRAP)?;
    // A new company file has nothing to re-project: only steps applied on top of earlier ones do.
    let fresh: bool = conn.query_row("SELECT COUNT(*) = 0 FROM migrations", [], |r| r.get(0))?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for area in areas {
        let recorded: i64 = tx.query_row(
            "SELECT COUNT(*) FROM migrations WHERE area = ?1",
            [area.area],
            |row| row.get(0),
        )?;
        if recorded as usize > area.steps.len() {
            return Err(Error::new(
                ErrorCode::Storage,
                format!(
                    "the data file has {recorded} '{}' migrations but this version knows {}: it was written by a newer Suanpan",
                    area.area,
                    area.steps.len()
                ),
            ));
        }
        for (step, sql) in area.steps.iter().enumerate() {
            let applied: Option<String> = tx
                .query_row(
                    "SELECT sql FROM migrations WHERE area = ?1 AND step = ?2",
                    params![area.area, step as i64],
                    |row| row.get(0),
                )
                .optional()?;
            match applied {
                Some(text) if text == *sql => {}
                Some(_) => {
                    return Err(Error::new(
                        ErrorCode::Storage,
                        format!(
                            "migration '{}' step {step} differs from the one applied to this data file; refusing to start",
                            area.area
                        ),
                    ))
                }
                None => {
                    tx.execute_batch(sql)?;
                    tx.execute(
                        "INSERT INTO migrations (area, step, sql) VALUES (?1, ?2, ?3)",
                        params![area.area, step as i64, sql],
                    )?;
                    let kinds = area.reproject.iter().filter(|(s, _)| *s == step);
                    for kind in kinds.flat_map(|(_, kinds)| kinds.iter()).filter(|_| !fresh) {
                        tx.execute(
                            "INSERT INTO projection_backfill (kind, after_id, cleared)
                             VALUES (?1, '', 0)
                             ON CONFLICT (kind) DO UPDATE SET after_id = '', cleared = 0",
                            [kind],
                        )?;
                    }
                }
            }
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_once_and_refuses_a_changed_step() {
        let mut conn = Connection::open_in_memory().unwrap();
        let v1 = Migrations {
            reproject: &[],
            area: "demo",
            steps: &["CREATE TABLE a (x INTEGER)"],
        };
        apply(&mut conn, &[&v1]).unwrap();
        apply(&mut conn, &[&v1]).expect("re-applying the same steps is a no-op");

        let v2 = Migrations {
            reproject: &[],
            area: "demo",
            steps: &["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)"],
        };
        apply(&mut conn, &[&v2]).expect("an appended step applies");
        conn.execute("INSERT INTO b (y) VALUES ('ok')", []).unwrap();

        let changed = Migrations {
            reproject: &[],
            area: "demo",
            steps: &["CREATE TABLE a (x TEXT)", "CREATE TABLE b (y TEXT)"],
        };
        let err = apply(&mut conn, &[&changed]).unwrap_err();
        assert!(err.message.contains("step 0 differs"), "{}", err.message);

        let err = apply(&mut conn, &[&v1]).unwrap_err();
        assert!(err.message.contains("newer Suanpan"), "{}", err.message);
    }

    fn backfills(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT kind FROM projection_backfill ORDER BY kind")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_step_that_changes_a_projection_asks_for_it_to_be_projected_again_on_old_files_only() {
        const V1: Migrations = Migrations {
            area: "demo",
            steps: &["CREATE TABLE a (x INTEGER)"],
            reproject: &[],
        };
        const V2: Migrations = Migrations {
            area: "demo",
            steps: &["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)"],
            reproject: &[(1, &["thing", "other"])],
        };
        let mut old = Connection::open_in_memory().unwrap();
        apply(&mut old, &[&V1]).unwrap();
        apply(&mut old, &[&V2]).unwrap();
        assert_eq!(backfills(&old), ["other", "thing"]);
        // Applied again, nothing new is asked for.
        old.execute("DELETE FROM projection_backfill", []).unwrap();
        apply(&mut old, &[&V2]).unwrap();
        assert!(backfills(&old).is_empty());

        let mut new = Connection::open_in_memory().unwrap();
        apply(&mut new, &[&V2]).unwrap();
        assert!(
            backfills(&new).is_empty(),
            "a new file has nothing to re-project"
        );
    }
}
