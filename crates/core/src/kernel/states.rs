//! Closed sets of words a record's field takes (a status, a kind): Rust enums that are written
//! as the same snake_case word everywhere — in Automerge documents (so files and devices of
//! earlier releases read them unchanged), in SQLite, on the wire and in the UI's generated
//! types (a union of string literals).

/// `word_enum!(pub InvoiceState "an invoice state" { Draft = "draft", Issued = "issued" })`:
/// the enum, `as_str`, `parse` (an error naming the field and the words allowed), `ALL`, and
/// serde, ts-rs, autosurgeon and rusqlite conversions that all use the word.
macro_rules! word_enum {
    ($(#[$doc:meta])* $vis:vis $name:ident $what:literal { $($(#[$vdoc:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        $vis enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value a caller named in `field`; an error lists the words allowed.
            pub fn parse(field: &str, text: &str) -> $crate::kernel::error::Result<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    let words = Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
                    $crate::kernel::error::Error::invalid(
                        field,
                        $crate::kernel::error::Reason::InvalidValue,
                        format!("{field}: {} is one of {words}", $what),
                    )
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl autosurgeon::Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: autosurgeon::Reconciler>(&self, mut reconciler: R) -> std::result::Result<(), R::Error> {
                reconciler.str(self.as_str())
            }
        }

        impl autosurgeon::Hydrate for $name {
            fn hydrate_string(s: &str) -> std::result::Result<Self, autosurgeon::HydrateError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| autosurgeon::HydrateError::unexpected($what, s.to_string()))
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == text)
                    .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("not {}: {text}", $what).into()))
            }
        }
    };
}

pub(crate) use word_enum;

#[cfg(test)]
mod tests {
    word_enum!(
        /// A test's states.
        pub Light "a light" { Red = "red", AmberBlinking = "amber_blinking" }
    );

    #[test]
    fn one_word_in_documents_sql_json_and_typescript() {
        assert_eq!(Light::AmberBlinking.as_str(), "amber_blinking");
        assert_eq!(
            serde_json::to_string(&Light::AmberBlinking).unwrap(),
            "\"amber_blinking\""
        );
        let parsed: Light = serde_json::from_str("\"red\"").unwrap();
        assert_eq!(parsed, Light::Red);
        assert_eq!(Light::parse("light", " red ").unwrap(), Light::Red);
        let refused = Light::parse("light", "green").unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("light"));
        assert!(
            refused.message.contains("red, amber_blinking"),
            "{}",
            refused.message
        );

        let mut doc = automerge::AutoCommit::new();
        #[derive(autosurgeon::Reconcile, autosurgeon::Hydrate, PartialEq, Debug)]
        struct Lamp {
            light: Light,
        }
        autosurgeon::reconcile(
            &mut doc,
            &Lamp {
                light: Light::AmberBlinking,
            },
        )
        .unwrap();
        let word: String = autosurgeon::hydrate_prop(&doc, automerge::ROOT, "light").unwrap();
        assert_eq!(word, "amber_blinking", "documents keep the word");
        let lamp: Lamp = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(lamp.light, Light::AmberBlinking);

        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let back: Light = conn
            .query_row("SELECT ?1", [Light::Red], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Light::Red);
        use ts_rs::TS;
        assert_eq!(
            Light::inline(&ts_rs::Config::default()),
            "\"red\" | \"amber_blinking\""
        );
    }
}
