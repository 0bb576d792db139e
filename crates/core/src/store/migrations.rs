//! Append-only migrations, declared per area. The text of every applied step is recorded; a
//! step whose text changed after it was applied, or a database with steps this build does not
//! know, refuses to open: silently diverging schemas lose data.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, ErrorCode, Result};

pub struct Migrations {
    pub area: &'static str,
    /// Steps in order. Never edit or remove one once released: append a new step instead.
    pub steps: &'static [&'static str],
}

const BOOTSTRAP: &str = "CREATE TABLE IF NOT EXISTS migrations (
    area TEXT NOT NULL,
    step INTEGER NOT NULL,
    sql TEXT NOT NULL,
    PRIMARY KEY (area, step)
)";

pub fn apply(conn: &mut Connection, areas: &[&Migrations]) -> Result<()> {
    conn.execute(BOOTSTRAP, [])?;
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
            area: "demo",
            steps: &["CREATE TABLE a (x INTEGER)"],
        };
        apply(&mut conn, &[&v1]).unwrap();
        apply(&mut conn, &[&v1]).expect("re-applying the same steps is a no-op");

        let v2 = Migrations {
            area: "demo",
            steps: &["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)"],
        };
        apply(&mut conn, &[&v2]).expect("an appended step applies");
        conn.execute("INSERT INTO b (y) VALUES ('ok')", []).unwrap();

        let changed = Migrations {
            area: "demo",
            steps: &["CREATE TABLE a (x TEXT)", "CREATE TABLE b (y TEXT)"],
        };
        let err = apply(&mut conn, &[&changed]).unwrap_err();
        assert!(err.message.contains("step 0 differs"), "{}", err.message);

        let err = apply(&mut conn, &[&v1]).unwrap_err();
        assert!(err.message.contains("newer Suanpan"), "{}", err.message);
    }
}
