//! Segment criteria: checked, then compiled to a WHERE clause over the customers projection, so
//! a member count is one indexed COUNT, live as the builder changes.

use super::model::*;
use super::store::Filter;
use crate::kernel::error::{Error, Reason, Result};

/// Groups nest at most this deep, and a segment has at most this many conditions in all.
pub const DEPTH_MAX: usize = 3;
pub const CONDITIONS_MAX: usize = 50;
const VALUE_CHARS_MAX: usize = 200;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Checks criteria and returns them normalised (values trimmed).
pub fn validate(criteria: &Criteria) -> Result<Criteria> {
    let mut count = 0;
    validate_group(criteria, 1, "criteria", &mut count)
}

fn validate_group(
    group: &Criteria,
    depth: usize,
    path: &str,
    count: &mut usize,
) -> Result<Criteria> {
    if depth > DEPTH_MAX {
        return Err(Error::validation(
            path,
            format!("groups nest at most {DEPTH_MAX} deep"),
            format!("条件组最多嵌套 {DEPTH_MAX} 层"),
        ));
    }
    let mut rules = Vec::with_capacity(group.rules.len());
    for (index, rule) in group.rules.iter().enumerate() {
        let here = format!("{path}.rules[{index}]");
        rules.push(match rule {
            Rule::Group(inner) => Rule::Group(validate_group(inner, depth + 1, &here, count)?),
            Rule::Condition(condition) => {
                *count += 1;
                if *count > CONDITIONS_MAX {
                    return Err(Error::validation(
                        path,
                        format!("a segment has at most {CONDITIONS_MAX} conditions"),
                        format!("一个客户分组最多有 {CONDITIONS_MAX} 个条件"),
                    ));
                }
                Rule::Condition(validate_condition(condition, &here)?)
            }
        });
    }
    Ok(Criteria {
        match_: group.match_,
        rules,
    })
}

fn validate_condition(condition: &Condition, path: &str) -> Result<Condition> {
    use ConditionField::*;
    use ConditionOp::*;
    let ok = match condition.field {
        Name | Email | Phone | TaxId | City | Region | Country => {
            matches!(condition.op, Equals | Contains)
        }
        Tag => matches!(condition.op, Has | Lacks),
        CreatedAt => matches!(condition.op, Before | After),
    };
    if !ok {
        return Err(Error::validation(
            &format!("{path}.op"),
            format!(
                "{:?} cannot be used with {:?}",
                condition.op, condition.field
            )
            .to_lowercase(),
            "这个字段不能用这种比较方式",
        ));
    }
    let value = condition.value.trim().to_string();
    let value_path = format!("{path}.value");
    if value.chars().count() > VALUE_CHARS_MAX {
        return Err(Error::validation(
            &value_path,
            format!("a value has at most {VALUE_CHARS_MAX} characters"),
            format!("一个值最多 {VALUE_CHARS_MAX} 个字符"),
        ));
    }
    if value.is_empty() {
        return Err(Error::invalid(
            &value_path,
            Reason::Required,
            "a condition needs a value",
        ));
    }
    if condition.field == CreatedAt {
        parse_date_ms(&value).ok_or_else(|| {
            Error::invalid(
                &value_path,
                Reason::InvalidDate,
                "a date must be written YYYY-MM-DD",
            )
        })?;
    }
    Ok(Condition {
        field: condition.field,
        op: condition.op,
        value,
    })
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Midnight UTC at the start of `YYYY-MM-DD`, in ms.
pub fn parse_date_ms(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > month_days[(month - 1) as usize] {
        return None;
    }
    Some(days_from_civil(year, month, day) * DAY_MS)
}

/// Adds the criteria (and "not archived") to a filter.
pub fn append_criteria(filter: &mut Filter, criteria: &Criteria) -> Result<()> {
    filter.push_plain("archived = 0");
    let sql = group_sql(filter, criteria)?;
    filter.push_plain(sql);
    Ok(())
}

fn group_sql(filter: &mut Filter, criteria: &Criteria) -> Result<String> {
    if criteria.rules.is_empty() {
        // No rules: everyone (an empty AND is true); an empty OR is treated the same so a new,
        // empty builder shows all customers rather than none.
        return Ok("1 = 1".into());
    }
    let mut parts = Vec::with_capacity(criteria.rules.len());
    for rule in &criteria.rules {
        parts.push(match rule {
            Rule::Group(inner) => group_sql(filter, inner)?,
            Rule::Condition(condition) => condition_sql(filter, condition)?,
        });
    }
    let joiner = match criteria.match_ {
        Match::All => " AND ",
        Match::Any => " OR ",
    };
    Ok(format!("({})", parts.join(joiner)))
}

fn bind(filter: &mut Filter, value: impl Into<rusqlite::types::Value>) -> String {
    filter.bind(value)
}

fn condition_sql(filter: &mut Filter, condition: &Condition) -> Result<String> {
    use ConditionField::*;
    use ConditionOp::*;
    let column = match condition.field {
        Name => "name",
        Email => "email",
        Phone => "phone",
        TaxId => "tax_id",
        City => "city",
        Region => "region",
        Country => "country",
        Tag | CreatedAt => "",
    };
    let value = condition.value.trim();
    Ok(match (condition.field, condition.op) {
        (Tag, Has) | (Tag, Lacks) => {
            let p = bind(filter, value.to_string());
            let exists = format!(
                "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = customers.id AND t.tag = {p})"
            );
            if condition.op == Has {
                exists
            } else {
                format!("NOT {exists}")
            }
        }
        (CreatedAt, op) => {
            let day = parse_date_ms(value).ok_or_else(|| {
                Error::validation(
                    "criteria",
                    "a date must be written YYYY-MM-DD",
                    "日期须写作 YYYY-MM-DD",
                )
            })?;
            if op == Before {
                let p = bind(filter, day);
                format!("created_at_ms < {p}")
            } else {
                let p = bind(filter, day + DAY_MS);
                format!("created_at_ms >= {p}")
            }
        }
        (_, Equals) => {
            let p = bind(filter, value.to_lowercase());
            format!("lower(coalesce({column}, '')) = {p}")
        }
        (_, _) => {
            let p = bind(filter, value.to_lowercase());
            format!("instr(lower(coalesce({column}, '')), {p}) > 0")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_to_utc_midnight() {
        assert_eq!(parse_date_ms("1970-01-01"), Some(0));
        assert_eq!(parse_date_ms("2000-03-01"), Some(951_868_800_000));
        assert_eq!(parse_date_ms("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(parse_date_ms("2023-02-29"), None);
        assert_eq!(parse_date_ms("2023-13-01"), None);
        assert_eq!(parse_date_ms("yesterday"), None);
    }

    #[test]
    fn refuses_ops_that_do_not_fit_the_field() {
        let criteria = Criteria {
            match_: Match::All,
            rules: vec![Rule::Condition(Condition {
                field: ConditionField::Tag,
                op: ConditionOp::Contains,
                value: "vip".into(),
            })],
        };
        let err = validate(&criteria).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("criteria.rules[0].op"));
    }

    #[test]
    fn refuses_deep_nesting() {
        let mut criteria = Criteria::default();
        for _ in 0..4 {
            criteria = Criteria {
                match_: Match::Any,
                rules: vec![Rule::Group(criteria)],
            };
        }
        assert!(validate(&criteria).is_err());
    }
}
