//! Record ids: UUIDv7 newtypes, so ids sort by creation time and a `CustomerId` can never be
//! passed where a `NoteId` is meant. On the wire, in documents and in SQLite they are the
//! canonical hyphenated string.

use crate::kernel::error::{Error, Result};

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, ts_rs::TS)]
        #[ts(type = "string")]
        pub struct $name(uuid::Uuid);

        impl $name {
            pub fn new() -> Self {
                $name(uuid::Uuid::now_v7())
            }

            /// Parses an id given by a caller; `field` names the input field in the error.
            pub fn parse(field: &str, text: &str) -> Result<Self> {
                uuid::Uuid::parse_str(text.trim())
                    .map($name)
                    .map_err(|_| Error::invalid(field, crate::kernel::error::Reason::InvalidId, format!("{field} is not a valid {} id", $what)))
            }

            pub fn as_uuid(&self) -> uuid::Uuid {
                self.0
            }

            /// An id every device derives alike from `key`, for a record two devices may create
            /// independently for the same thing (the reversal of an entry, a chart's account):
            /// after sync they are one document, not two. Shaped as a UUIDv7 (version and
            /// variant bits), its other bits from SHA-256 of `namespace` and `key`.
            pub fn derived(namespace: &str, key: &str) -> Self {
                use sha2::{Digest, Sha256};
                let hash = Sha256::new()
                    .chain_update(namespace.as_bytes())
                    .chain_update([0u8])
                    .chain_update(key.as_bytes())
                    .finalize();
                let mut bytes = [0u8; 16];
                bytes.copy_from_slice(&hash[..16]);
                bytes[6] = (bytes[6] & 0x0f) | 0x70;
                bytes[8] = (bytes[8] & 0x3f) | 0x80;
                $name(uuid::Uuid::from_bytes(bytes))
            }
        }

        impl RecordId for $name {
            const WHAT: &'static str = $what;
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map($name)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(&self.0.hyphenated())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                uuid::Uuid::parse_str(text.trim())
                    .map($name)
                    .map_err(|_| serde::de::Error::custom(concat!("not a valid ", $what, " id")))
            }
        }

        impl autosurgeon::Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: autosurgeon::Reconciler>(&self, mut reconciler: R) -> std::result::Result<(), R::Error> {
                reconciler.str(self.0.hyphenated().to_string())
            }
        }

        impl autosurgeon::Hydrate for $name {
            fn hydrate_string(s: &str) -> std::result::Result<Self, autosurgeon::HydrateError> {
                uuid::Uuid::parse_str(s)
                    .map($name)
                    .map_err(|_| autosurgeon::HydrateError::unexpected(concat!("a ", $what, " id"), s.to_string()))
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.0.hyphenated().to_string()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                uuid::Uuid::parse_str(text)
                    .map($name)
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

/// What every record id type is: parsed from and written as its canonical text.
pub trait RecordId: std::str::FromStr + std::fmt::Display + Copy {
    /// What it names, for messages: "customer", "tax".
    const WHAT: &'static str;
}

/// serde `deserialize_with` for an optional id a form may leave blank: `""` (or spaces) and
/// `null` are none, anything else must be a valid id (the refusal names the field).
pub fn blank_is_none<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: RecordId,
{
    use serde::Deserialize;
    let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("not a valid {} id", T::WHAT))),
    }
}

/// serde `deserialize_with` for an id a patch may change or take out: a field left out stays
/// as it is (`None`, with `#[serde(default)]`), `""` or `null` takes it out (`Some(None)`).
pub fn blank_clears<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: RecordId,
{
    blank_is_none(d).map(Some)
}

record_id!(
    /// The company (tenant) a data file belongs to.
    CompanyId, "company");
record_id!(UserId, "user");
record_id!(
    /// A custom role made of permissions.
    RoleId, "role");
record_id!(
    /// One installation of the app or CLI on one machine.
    DeviceId, "device");
record_id!(CustomerId, "customer");
record_id!(NoteId, "note");
record_id!(InteractionId, "interaction");
record_id!(SegmentId, "segment");
record_id!(ActivityId, "activity");
record_id!(
    /// An account of the chart of accounts.
    AccountId, "account");
record_id!(
    /// A posted journal entry (immutable).
    EntryId, "journal entry");
record_id!(
    /// An income or expense record (each posts one journal entry).
    MoneyEventId, "income or expense");
record_id!(
    /// The company's finance settings (base currency, closed periods).
    FinanceSettingsId, "finance settings");
record_id!(
    /// A tax rate or a group of rates (VAT 13%, state + county sales tax).
    TaxId, "tax");
record_id!(
    /// An invoice or a credit note.
    InvoiceId, "invoice");
record_id!(
    /// A payment received, a refund paid, or customer credit applied.
    PaymentId, "payment");
record_id!(
    /// One device's invoice number series.
    InvoiceSeriesId, "invoice series");
record_id!(
    /// An invoice number as given when an invoice was issued.
    InvoiceNumberId, "invoice number");
record_id!(
    /// A recurring invoice: a schedule that makes an invoice every month, quarter or year.
    RecurringId, "recurring invoice");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_sort_by_creation() {
        let first = CustomerId::new();
        let second = CustomerId::new();
        assert_eq!(first.as_uuid().get_version_num(), 7);
        assert!(first < second, "UUIDv7 ids must sort in creation order");
    }

    #[test]
    fn blank_ids_are_none_and_a_patch_tells_left_out_from_taken_out() {
        #[derive(serde::Deserialize)]
        struct Form {
            #[serde(default, deserialize_with = "blank_is_none")]
            customer_id: Option<CustomerId>,
            #[serde(default, deserialize_with = "blank_clears")]
            tax_id: Option<Option<TaxId>>,
        }
        let id = CustomerId::new();
        let form: Form = serde_json::from_value(serde_json::json!({"customer_id": " "})).unwrap();
        assert_eq!(form.customer_id, None);
        assert_eq!(form.tax_id, None, "left out: unchanged");
        let form: Form = serde_json::from_value(
            serde_json::json!({"customer_id": format!(" {id} "), "tax_id": ""}),
        )
        .unwrap();
        assert_eq!(form.customer_id, Some(id));
        assert_eq!(form.tax_id, Some(None), "blank: taken out");
        let refused = serde_json::from_value::<Form>(serde_json::json!({"tax_id": "nope"}))
            .err()
            .unwrap();
        assert!(
            refused.to_string().contains("not a valid tax id"),
            "{refused}"
        );
    }

    #[test]
    fn parse_names_the_field() {
        let err = CustomerId::parse("customer_id", "nope").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("customer_id"));
        let id = CustomerId::new();
        assert_eq!(CustomerId::parse("id", &id.to_string()).unwrap(), id);
    }
}
record_id!(
    /// A product (or a service) the shop sells or buys.
    ProductId, "product");
record_id!(
    /// A product category (categories form a tree).
    CategoryId, "category");
record_id!(
    /// A stock location: a shop floor, a back room, a warehouse (nested).
    LocationId, "location");
record_id!(
    /// A stock movement (append-only: never changed).
    MovementId, "stock movement");
record_id!(
    /// A product's minimum, reorder quantity and maximum at one location.
    ThresholdId, "stock threshold");
record_id!(
    /// A purchase order to a supplier.
    PurchaseOrderId, "purchase order");
