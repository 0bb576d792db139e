//! An amount of money as a type that says its unit: a whole number of minor units (分, cents —
//! never a float) of one currency, named by a marker type. The books, prices and stock values
//! are in the company's base currency ([`Base`]); an invoice may be written in another
//! ([`Doc`]), and its amounts reach the books only converted at its exchange rate
//! (`tax::to_base`), so adding a dollar total to a yuan receivable does not compile.
//!
//! Documents, SQLite and the wire keep what they always held: documents and SQLite the integer,
//! the wire a decimal string (`money::format`).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Which currency an amount is in.
pub trait Unit: 'static {}

/// The company's base currency: the books, prices, costs and stock values.
#[derive(Debug)]
pub enum Base {}

/// The currency a sales document is written in (its own for a foreign invoice).
#[derive(Debug)]
pub enum Doc {}

impl Unit for Base {}
impl Unit for Doc {}

/// A number of minor units of the currency `U`.
pub struct Amount<U: Unit = Base>(i64, PhantomData<U>);

impl<U: Unit> Amount<U> {
    pub const ZERO: Self = Amount(0, PhantomData);

    pub const fn new(minor: i64) -> Self {
        Amount(minor, PhantomData)
    }

    /// The count of minor units (for arithmetic with rates and quantities, and for SQL).
    pub const fn minor(self) -> i64 {
        self.0
    }

    pub fn abs(self) -> Self {
        Self::new(self.0.abs())
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl Amount<Doc> {
    /// In the base currency at `rate` (base units per unit, in millionths), rounded half up:
    /// the only way a document's amount reaches the books.
    pub fn to_base(self, rate: i64) -> Amount<Base> {
        Amount::new(super::numbers::to_base(self.0, rate))
    }

    /// The same amount read as base currency: for a document written in the base currency.
    pub fn as_base(self) -> Amount<Base> {
        Amount::new(self.0)
    }
}

impl Amount<Base> {
    /// The same amount as a document's: for a document written in the base currency.
    pub fn as_doc(self) -> Amount<Doc> {
        Amount::new(self.0)
    }
}

impl<U: Unit> Clone for Amount<U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<U: Unit> Copy for Amount<U> {}

impl<U: Unit> Default for Amount<U> {
    fn default() -> Self {
        Self::ZERO
    }
}

impl<U: Unit> PartialEq for Amount<U> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<U: Unit> Eq for Amount<U> {}

impl<U: Unit> PartialOrd for Amount<U> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<U: Unit> Ord for Amount<U> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

impl<U: Unit> std::hash::Hash for Amount<U> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

impl<U: Unit> fmt::Debug for Amount<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", super::money::format(self.0))
    }
}

impl<U: Unit> Add for Amount<U> {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self::new(self.0 + other.0)
    }
}
impl<U: Unit> Sub for Amount<U> {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        Self::new(self.0 - other.0)
    }
}
impl<U: Unit> Neg for Amount<U> {
    type Output = Self;
    fn neg(self) -> Self {
        Self::new(-self.0)
    }
}
impl<U: Unit> AddAssign for Amount<U> {
    fn add_assign(&mut self, other: Self) {
        self.0 += other.0;
    }
}
impl<U: Unit> SubAssign for Amount<U> {
    fn sub_assign(&mut self, other: Self) {
        self.0 -= other.0;
    }
}
impl<U: Unit> std::iter::Sum for Amount<U> {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        Self::new(iter.map(|a| a.0).sum())
    }
}
impl<'a, U: Unit> std::iter::Sum<&'a Amount<U>> for Amount<U> {
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        Self::new(iter.map(|a| a.0).sum())
    }
}

impl<U: Unit> From<Amount<U>> for i64 {
    fn from(amount: Amount<U>) -> i64 {
        amount.0
    }
}

impl<U: Unit> autosurgeon::Reconcile for Amount<U> {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: autosurgeon::Reconciler>(&self, reconciler: R) -> Result<(), R::Error> {
        autosurgeon::Reconcile::reconcile(&self.0, reconciler)
    }
}

// The scalar hooks, not `hydrate`: an `Option<Amount>` hydrates through them.
impl<U: Unit> autosurgeon::Hydrate for Amount<U> {
    fn hydrate_int(i: i64) -> Result<Self, autosurgeon::HydrateError> {
        <i64 as autosurgeon::Hydrate>::hydrate_int(i).map(Self::new)
    }

    fn hydrate_uint(u: u64) -> Result<Self, autosurgeon::HydrateError> {
        <i64 as autosurgeon::Hydrate>::hydrate_uint(u).map(Self::new)
    }
}

impl<U: Unit> rusqlite::ToSql for Amount<U> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.0))
    }
}

impl<U: Unit> rusqlite::types::FromSql for Amount<U> {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        <i64 as rusqlite::types::FromSql>::column_result(value).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_stored_as_the_integer_it_always_was() {
        #[derive(autosurgeon::Reconcile, autosurgeon::Hydrate, PartialEq, Debug)]
        struct Line {
            net: Amount<Doc>,
            base: Option<Amount>,
            none: Option<Amount>,
        }
        let mut doc = automerge::AutoCommit::new();
        let written = Line {
            net: Amount::new(12_345),
            base: Some(Amount::new(-7)),
            none: None,
        };
        autosurgeon::reconcile(&mut doc, &written).unwrap();
        let stored: i64 = autosurgeon::hydrate_prop(&doc, automerge::ROOT, "net").unwrap();
        assert_eq!(stored, 12_345, "documents of earlier releases read alike");
        let line: Line = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(line, written, "optional amounts too");

        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let back: Amount<Base> = conn
            .query_row("SELECT ?1 + 5", [Amount::<Base>::new(95)], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Amount::new(100));
    }

    #[test]
    fn amounts_of_one_currency_add_up() {
        let lines = [Amount::<Base>::new(150), Amount::new(-50), Amount::new(1)];
        let total: Amount<Base> = lines.iter().sum();
        assert_eq!(total, Amount::new(101));
        assert_eq!(-total + Amount::new(1), Amount::new(-100));
        assert_eq!(format!("{:?}", Amount::<Doc>::new(-5)), "-0.05");
    }
}
