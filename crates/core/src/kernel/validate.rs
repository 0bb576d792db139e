//! Input checks shared by every area. Each takes the field name so the error can name it.
//! Every text field has a bound: nothing unbounded reaches a document.

use crate::kernel::error::{Error, ErrorCode, FieldError, Reason, Result};

/// Checks a form's fields all at once: a refused field does not hide the next one, so the user
/// sees every field to fix in one answer (each on its field) instead of one per try.
///
/// ```ignore
/// let mut checks = Checks::default();
/// let name = checks.field(validate::required("name", &input.name, 200));
/// let email = checks.field(validate::email("email", input.email.as_deref()));
/// checks.done()?; // refuses with every refused field
/// let (name, email) = (name.unwrap(), email.unwrap());
/// ```
#[derive(Debug, Default)]
#[must_use = "a check's refusals are only returned by `done`"]
pub struct Checks {
    refused: Vec<Error>,
}

impl Checks {
    /// The value of a field's check, or `None` (its refusal kept for `done`).
    pub fn field<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.refused.push(error);
                None
            }
        }
    }

    /// Refuses if any check did: a fault that is not about a value (storage) as it is; else
    /// the first refusal, carrying every refused field in `fields` when there are several.
    pub fn done(mut self) -> Result<()> {
        if let Some(at) = self
            .refused
            .iter()
            .position(|e| e.code != ErrorCode::Validation)
        {
            return Err(self.refused.swap_remove(at));
        }
        let mut refused = self.refused.into_iter();
        let Some(mut first) = refused.next() else {
            return Ok(());
        };
        let rest: Vec<Error> = refused.collect();
        if !rest.is_empty() || !first.fields.is_empty() {
            // A refusal that is itself several (a form's lines, checked as a whole) gives each.
            let fields: Vec<FieldError> = std::iter::once(&first)
                .chain(&rest)
                .flat_map(|e| {
                    if e.fields.is_empty() {
                        e.field
                            .clone()
                            .map(|field| FieldError {
                                field,
                                message: e.message.clone(),
                                reason: e.reason,
                                limit: e.limit,
                                message_zh: e.message_zh.clone(),
                            })
                            .into_iter()
                            .collect()
                    } else {
                        e.fields.clone()
                    }
                })
                .collect();
            first.fields = fields;
        }
        Err(first)
    }
}

/// Trims and bounds a required single-line text.
pub fn required(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let value = optional(field, Some(value), max_chars)?;
    value.ok_or_else(|| {
        Error::invalid(
            field,
            Reason::Required,
            format!("{field} must not be empty"),
        )
    })
}

/// Trims and bounds an optional single-line text; blank becomes `None`.
pub fn optional(field: &str, value: Option<&str>, max_chars: usize) -> Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    check_len(field, value, max_chars)?;
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::invalid(
            field,
            Reason::SingleLine,
            format!("{field} must be a single line without control characters"),
        ));
    }
    Ok(Some(value.to_string()))
}

/// Trims and bounds a multi-line text (notes, descriptions): newlines and tabs allowed.
pub fn multiline(field: &str, value: &str, max_chars: usize, required: bool) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(Error::invalid(
            field,
            Reason::Required,
            format!("{field} must not be empty"),
        ));
    }
    check_len(field, value, max_chars)?;
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(value.to_string())
}

fn check_len(field: &str, value: &str, max_chars: usize) -> Result<()> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(Error::invalid(
            field,
            Reason::TooLong,
            format!("{field} is {count} characters long; at most {max_chars} are allowed"),
        )
        .with_limit(max_chars));
    }
    Ok(())
}

pub const EMAIL_CHARS_MAX: usize = 254;

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces.
/// Stored lowercased so search and uniqueness ignore case.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = optional(field, value, EMAIL_CHARS_MAX)? else {
        return Ok(None);
    };
    let invalid = || {
        Error::invalid(
            field,
            Reason::InvalidEmail,
            format!("{field} '{value}' is not a valid email address"),
        )
    };
    let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
    let domain_ok = !domain.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.contains(char::is_whitespace)
        && !local.contains(['<', '>', '(', ')', ',', ';', ':', '\\', '"', '[', ']', '@']);
    if !(local_ok && domain_ok) {
        return Err(invalid());
    }
    Ok(Some(value.to_lowercase()))
}

/// An address that must be given.
pub fn email_required(field: &str, value: &str) -> Result<String> {
    email(field, Some(value))?.ok_or_else(|| {
        Error::invalid(
            field,
            Reason::Required,
            format!("{field} must not be empty"),
        )
    })
}

pub const PHONE_CHARS_MAX: usize = 40;

/// Phone numbers as people write them: digits with spaces, dashes, dots, parentheses, a
/// leading `+`, and an extension (`x`/`ext`). At least five digits.
pub fn phone(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = optional(field, value, PHONE_CHARS_MAX)? else {
        return Ok(None);
    };
    let allowed = value.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                ' ' | '-' | '.' | '(' | ')' | '+' | '/' | 'x' | 'X' | 'e' | 't'
            )
    });
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !allowed || digits < 5 {
        return Err(Error::invalid(
            field,
            Reason::InvalidPhone,
            format!("{field} '{value}' is not a valid phone number"),
        ));
    }
    Ok(Some(value.to_string()))
}

/// Bounds a page request: `limit` defaults to `default` and is capped by `max`.
pub fn page(offset: Option<u64>, limit: Option<u64>, default: u64, max: u64) -> Result<(u64, u64)> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > max {
        return Err(Error::invalid(
            "limit",
            Reason::OutOfRange,
            format!("limit must be between 1 and {max}"),
        )
        .with_limit(max as usize));
    }
    Ok((offset.unwrap_or(0), limit))
}

/// How names that identify something (a location, a category, an account, a tax) are compared:
/// trimmed, runs of spaces as one, full-width letters, digits and signs as their ASCII forms
/// ("Ｓｈｏｐ" is "Shop"), and case ignored.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Refuses `name` on the field `name` when another record of `others` (id, name) has a name
/// that compares equal (see [`name_key`]); `except` is the record being renamed. `what` names
/// the kind of record in English and Chinese.
pub fn unique_name(
    name: &str,
    except: Option<&str>,
    others: impl IntoIterator<Item = (String, String)>,
    what: (&str, &str),
) -> Result<()> {
    let key = name_key(name);
    let taken = others
        .into_iter()
        .find(|(id, other)| Some(id.as_str()) != except && name_key(other) == key);
    match taken {
        None => Ok(()),
        Some((_, other)) => Err(Error {
            field: Some("name".into()),
            ..Error::conflict(
                format!("a {} named {other} exists already", what.0),
                format!("已有名为 {other} 的{}", what.1),
            )
        }),
    }
}

/// Every (id, name) a query of two text columns answers, for [`unique_name`].
pub fn names_of(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(String, String)>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_return_every_refused_field_the_first_as_the_error() {
        let mut checks = Checks::default();
        let name = checks.field(required("name", &"长".repeat(5_000), 200));
        let email = checks.field(email("email", Some("owner@")));
        let phone = checks.field(phone("phone", Some("123")));
        let fine = checks.field(optional("tax_id", Some(" 9131 "), 40));
        assert!(name.is_none() && email.is_none() && phone.is_none());
        assert_eq!(fine.flatten().as_deref(), Some("9131"));
        let error = checks.done().unwrap_err();
        assert_eq!(error.field.as_deref(), Some("name"));
        assert_eq!(error.reason, Some(Reason::TooLong));
        let fields: Vec<_> = error
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.reason))
            .collect();
        assert_eq!(
            fields,
            [
                ("name", Some(Reason::TooLong)),
                ("email", Some(Reason::InvalidEmail)),
                ("phone", Some(Reason::InvalidPhone)),
            ]
        );
        assert_eq!(error.fields[0].limit, Some(200));
    }

    #[test]
    fn checks_with_one_refusal_answer_it_alone_and_a_fault_comes_first() {
        let mut checks = Checks::default();
        let _ = checks.field(email("email", Some("owner@")));
        let error = checks.done().unwrap_err();
        assert_eq!(error.field.as_deref(), Some("email"));
        assert!(error.fields.is_empty());

        let mut checks = Checks::default();
        let _ = checks.field(email("email", Some("owner@")));
        let _ = checks.field::<()>(Err(Error::new(ErrorCode::Storage, "disk")));
        assert_eq!(checks.done().unwrap_err().code, ErrorCode::Storage);

        let mut checks = Checks::default();
        assert_eq!(
            checks.field(required("name", "茶", 10)).as_deref(),
            Some("茶")
        );
        assert!(checks.done().is_ok());
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("email", Some(" A@B.cn ")).unwrap().as_deref(),
            Some("a@b.cn")
        );
        assert_eq!(email("email", Some("")).unwrap(), None);
        assert_eq!(
            email("email", Some("张三@例子.中国")).unwrap().as_deref(),
            Some("张三@例子.中国")
        );
        for bad in [
            "a", "a@b", "@b.cn", "a b@c.cn", "a@b..cn", "a@.cn", "<x>@y.cn", "a@b.cn.",
        ] {
            let err = email("email", Some(bad)).unwrap_err();
            assert_eq!(
                err.field.as_deref(),
                Some("email"),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn text_bounds_count_characters_not_bytes() {
        assert!(required("name", &"王".repeat(200), 200).is_ok());
        let err = required("name", &"王".repeat(201), 200).unwrap_err();
        assert!(err.message.contains("201"));
        assert_eq!(
            required("name", "  ", 10).unwrap_err().field.as_deref(),
            Some("name")
        );
        assert!(optional("name", Some("a\u{0}b"), 10).is_err());
        assert_eq!(multiline("text", " a\nb ", 10, true).unwrap(), "a\nb");
    }

    #[test]
    fn phones() {
        assert!(phone("phone", Some("+86 138-0013-8000")).is_ok());
        assert!(phone("phone", Some("(555) 123-4567 ext 89")).is_ok());
        assert!(phone("phone", Some("12")).is_err());
        assert!(phone("phone", Some("call me")).is_err());
    }
}
