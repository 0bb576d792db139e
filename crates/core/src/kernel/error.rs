//! One error type for the whole core. Every error has a stable `code` the UI keys on, a message
//! for people, and where it applies the offending `field` or per-row `details`.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Unauthenticated,
    Forbidden,
    Conflict,
    UnknownCommand,
    BadJson,
    Storage,
    /// The company file is encrypted and needs its passphrase (or recovery key).
    Locked,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
            ErrorCode::UnknownCommand => "unknown_command",
            ErrorCode::BadJson => "bad_json",
            ErrorCode::Storage => "storage",
            ErrorCode::Locked => "locked",
            ErrorCode::Internal => "internal",
        }
    }
}

/// Why a value was refused, for the UI to say in the user's language (with `limit` where one
/// applies); `message` says the same in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Required,
    TooLong,
    TooShort,
    TooMany,
    SingleLine,
    InvalidEmail,
    InvalidPhone,
    InvalidId,
    InvalidDate,
    InvalidValue,
    UnknownField,
    OutOfRange,
    WrongCredentials,
    /// Too many failed sign-ins; `limit` is the minutes left.
    Locked,
    /// The account has MFA: a code from the authenticator app (or a recovery code) is needed.
    MfaRequired,
    WrongOtp,
    /// The session's screen is locked: unlock it (PIN or password) or switch user.
    SessionLocked,
    /// The company file is encrypted; its passphrase (or recovery key) is needed.
    PassphraseRequired,
    WrongPassphrase,
    /// The sync relay cannot be reached (offline).
    RelayOffline,
    /// The sync relay refused the request; `message` has its words.
    RelayRefused,
    MissingColumn,
    UnclosedQuote,
    WrongFieldCount,
    /// A number below zero where it may not be.
    Negative,
    /// More decimals than allowed; `limit` is how many are.
    TooManyDecimals,
    /// A number above what is allowed.
    TooLarge,
}

/// One problem in one row of a batch (a CSV import). Rows count the header as row 1, the way a
/// spreadsheet shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowError {
    #[ts(type = "number")]
    pub row: u64,
    pub field: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub limit: Option<u64>,
}

/// One refused field of a form, when a form had several (see `validate::Checks`): the same
/// parts as an [`Error`]'s own field, reason and limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub message_zh: Option<Box<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
#[ts(rename = "ApiErrorBody")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<RowError>>", optional)]
    pub details: Vec<RowError>,
    /// Every refused field of a form checked as a whole, this error's own field first; empty
    /// when only one field was refused (`field` says which).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub fields: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub limit: Option<u32>,
    /// `message` in Simplified Chinese, for a refusal whose `reason` does not say it all (a
    /// conflict, a rule of the area): naming the field or record as `message` does.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub message_zh: Option<Box<str>>,
    /// What went wrong inside (SQLite's or Automerge's words): for the log and for the core's own
    /// decisions, never sent to the user's screen.
    #[serde(skip)]
    #[ts(skip)]
    pub internal: Option<Box<str>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
            details: Vec::new(),
            fields: Vec::new(),
            reason: None,
            limit: None,
            message_zh: None,
            internal: None,
        }
    }

    /// A refused value, with why (for the UI's translation) and an English message.
    pub fn invalid(field: &str, reason: Reason, message: impl Into<String>) -> Self {
        Error {
            reason: Some(reason),
            field: Some(field.to_string()),
            ..Error::new(ErrorCode::Validation, message)
        }
    }

    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = Some(u32::try_from(limit).unwrap_or(u32::MAX));
        self
    }

    /// A refused value that no [`Reason`] says well enough: the same words in English and in
    /// Simplified Chinese, both naming the field.
    pub fn validation(field: &str, message: impl Into<String>, zh: impl Into<String>) -> Self {
        Error {
            field: Some(field.to_string()),
            ..Error::new(ErrorCode::Validation, message).zh(zh)
        }
    }

    /// A refused batch (an import), one [`RowError`] per bad row.
    pub fn rows(message: impl Into<String>, zh: impl Into<String>, details: Vec<RowError>) -> Self {
        Error {
            details,
            ..Error::new(ErrorCode::Validation, message).zh(zh)
        }
    }

    /// The message in Simplified Chinese.
    pub fn zh(mut self, text: impl Into<String>) -> Self {
        self.message_zh = Some(text.into().into_boxed_str());
        self
    }

    /// A record that is not there (deleted here or on another device, or a wrong id): the
    /// message names the kind of record in both languages; the id goes only to the log.
    pub fn not_found(what: &str, id: impl std::fmt::Display) -> Self {
        tracing::info!(record = what, %id, "not found");
        let (en, zh) = record_nouns(what);
        let mut error = Error::new(
            ErrorCode::NotFound,
            format!("This {en} does not exist; it may have been deleted"),
        )
        .zh(format!("该{zh}不存在，可能已被删除"));
        error.internal = Some(format!("{what} {id} does not exist").into_boxed_str());
        error
    }

    /// A request the caller's role does not allow, in English and Simplified Chinese.
    pub fn forbidden(message: impl Into<String>, zh: impl Into<String>) -> Self {
        Error::new(ErrorCode::Forbidden, message).zh(zh)
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Unauthenticated, message)
    }

    /// A request the records' state refuses (an issued invoice edited, a name taken): in English
    /// and in Simplified Chinese, naming the record.
    pub fn conflict(message: impl Into<String>, zh: impl Into<String>) -> Self {
        Error::new(ErrorCode::Conflict, message).zh(zh)
    }

    /// A file or the store failed: `public` is what the caller is told (no path), `inside` what
    /// the log keeps.
    pub fn storage(public: &str, inside: String) -> Self {
        tracing::error!(error = %inside, "storage error");
        Error {
            internal: Some(inside.into()),
            ..Error::new(ErrorCode::Storage, public)
        }
    }

    /// Something that went wrong inside (a file, a hash, a library's words): said to the log in
    /// full, and to the caller only as "something went wrong", so that no path, SQL or internal
    /// text reaches a screen or an API answer.
    pub fn internal(message: impl Into<String>) -> Self {
        let message = message.into();
        tracing::error!(error = %message, "internal error");
        Error {
            internal: Some(message.into()),
            ..Error::new(
                ErrorCode::Internal,
                "something went wrong inside Suanpan (the log says what)",
            )
        }
    }

    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// The wire form: `{"error": {...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "error": self })
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        tracing::error!(error = %err, "storage error");
        Error {
            internal: Some(err.to_string().into()),
            ..Error::new(
                ErrorCode::Storage,
                "the company file could not be read or written (the log says why)",
            )
        }
    }
}

impl From<automerge::AutomergeError> for Error {
    fn from(err: automerge::AutomergeError) -> Self {
        tracing::error!(error = %err, "document error");
        Error {
            internal: Some(err.to_string().into()),
            ..Error::new(
                ErrorCode::Storage,
                "a record in the company file could not be read (the log says why)",
            )
        }
    }
}

impl From<autosurgeon::ReconcileError> for Error {
    fn from(err: autosurgeon::ReconcileError) -> Self {
        Error::internal(format!("document reconcile failed: {err}"))
    }
}

impl From<autosurgeon::HydrateError> for Error {
    fn from(err: autosurgeon::HydrateError) -> Self {
        tracing::error!(error = %err, "unreadable document");
        Error {
            internal: Some(err.to_string().into()),
            ..Error::new(
                ErrorCode::Storage,
                "a record in the company file could not be read (the log says why)",
            )
        }
    }
}

/// A kind of record in Chinese words (`"expense"`: 支出记录), for the activity log.
pub(crate) fn noun_zh(what: &str) -> &'static str {
    record_nouns(what).1
}

/// A kind of record (as the code or a document's `KIND` names it) in English and Chinese words.
fn record_nouns(what: &str) -> (String, &'static str) {
    let zh = match what {
        "customer" => "客户",
        "segment" | "customer_segment" => "客户分组",
        "customer_note" => "客户备注",
        "customer_interaction" => "客户往来记录",
        "user" => "用户",
        "role" => "角色",
        "company" => "公司",
        "invoice" => "发票",
        "payment" | "finance_payment" => "收款",
        "recurring invoice" | "finance_recurring" => "定期发票",
        "journal entry" | "journal_entry" => "凭证",
        "income" => "收入记录",
        "expense" => "支出记录",
        "finance_money_event" => "收支记录",
        "attachment" => "附件",
        "finance_account" | "account" => "会计科目",
        "finance_tax" | "tax" => "税率",
        "invoice_series" => "发票编号序列",
        "product" => "商品",
        "product_category" => "商品分类",
        "stock_location" | "location" => "库位",
        "stock_movement" => "库存变动",
        "purchase order" | "purchase_order" => "采购单",
        _ => "记录",
    };
    let en = match what {
        "customer_segment" => "segment".to_string(),
        "finance_payment" => "payment".to_string(),
        "finance_recurring" => "recurring invoice".to_string(),
        "finance_money_event" => "record".to_string(),
        "finance_account" => "account".to_string(),
        "finance_tax" => "tax".to_string(),
        "stock_location" => "location".to_string(),
        other => other.replace('_', " "),
    };
    (en, zh)
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_goes_wrong_inside_stays_in_the_log_not_in_the_answer() {
        for err in [
            Error::internal("/home/lin/.local/share/suanpan/secrets.json: permission denied"),
            Error::storage(
                "an attached file could not be read",
                "cannot read /home/lin/files/ab12: SELECT * FROM x".into(),
            ),
        ] {
            let wire = err.to_json().to_string();
            assert!(!wire.contains("/home"), "{wire}");
            assert!(!wire.contains("SELECT"), "{wire}");
            assert!(
                err.internal.as_deref().unwrap().contains("/home"),
                "kept for the log"
            );
        }
    }

    use super::*;

    #[test]
    fn a_refusal_in_its_own_words_travels_in_both_languages() {
        let err = Error::conflict("invoice INV-7 is void already", "发票 INV-7 已作废");
        let wire = err.to_json();
        assert_eq!(wire["error"]["code"], "conflict");
        assert_eq!(wire["error"]["message"], "invoice INV-7 is void already");
        assert_eq!(wire["error"]["message_zh"], "发票 INV-7 已作废");
        // A refusal its reason says fully carries no second text: the UI says the reason.
        let plain = Error::invalid("name", Reason::Required, "name is required");
        assert!(plain.to_json()["error"].get("message_zh").is_none());
    }

    #[test]
    fn storage_errors_keep_sqlite_s_words_off_the_screen() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);")
            .unwrap();
        let err: Error = conn
            .execute("INSERT INTO t VALUES (1)", [])
            .unwrap_err()
            .into();
        assert_eq!(err.code, ErrorCode::Storage);
        let shown = serde_json::to_string(&err).unwrap();
        for internal in ["UNIQUE", "constraint", "t.id", "INSERT", "sqlite"] {
            assert!(
                !shown.contains(internal),
                "{internal} reaches the screen: {shown}"
            );
        }
        assert!(err
            .internal
            .as_deref()
            .unwrap()
            .contains("UNIQUE constraint failed"));
    }
}
