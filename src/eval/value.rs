//! Eval stage: runtime values. Small and `Copy`; they borrow from the record and the program.

use crate::calendar::{Date, Month, Period, Quarter};
use crate::value::{DurationUnit, FieldValue, Num, PeriodMap};

/// The record fields whose absence made a value unknown (a bit per top-level field; a schema
/// has at most 128). Two words rather than a `u128`, so that a value is aligned to 8 bytes and
/// takes 24 of them, not 32.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Missing([u64; 2]);

impl Missing {
    /// The field at `index`.
    pub fn field(index: usize) -> Missing {
        let bit = |i: usize| {
            1u64.checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
                .unwrap_or(0)
        };
        match index.checked_sub(64) {
            None => Missing([bit(index), 0]),
            Some(high) => Missing([0, bit(high)]),
        }
    }

    /// Both sets.
    #[inline]
    pub fn union(self, o: Missing) -> Missing {
        let ([a, b], [c, d]) = (self.0, o.0);
        Missing([a | c, b | d])
    }

    /// Whether no field is missing.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 == [0, 0]
    }

    /// The indexes of the missing fields.
    pub fn indexes(self) -> impl Iterator<Item = usize> {
        let [low, high] = self.0;
        let bits = |mut rest: u64, base: usize| {
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let i = rest.trailing_zeros();
                rest &= rest - 1;
                usize::try_from(i).ok().map(|i| i + base)
            })
        };
        bits(low, 0).chain(bits(high, 64))
    }
}

// A value is returned from every node: keep it at three words.
const _: () = assert!(std::mem::size_of::<Value<'static>>() == 24);

/// A value during evaluation.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    /// Unknown: it depends on absent record fields.
    Missing(Missing),
    /// No value (a month without a grade, `空`, nothing found).
    None,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(Num),
    /// Text.
    Text(&'a str),
    /// A date.
    Date(Date),
    /// A month.
    Month(Month),
    /// A quarter.
    Quarter(Quarter),
    /// A duration.
    Dur(i64, DurationUnit),
    /// An enum member.
    Enum(u16),
    /// A grade by rank.
    Grade(u8),
    /// A rung by index.
    Rung(u16),
    /// A 大级 by index.
    Major(u16),
    /// A sub-record's fields.
    Struct(&'a [FieldValue]),
    /// A list.
    List(&'a [FieldValue]),
    /// A map keyed by months, quarters or years.
    Map(&'a PeriodMap),
    /// A map seen between two of its keys (both included, of the map's kind).
    Window(&'a PeriodMap, Period, Period),
    /// Whole numbers from .. to.
    IntRange(i64, i64),
    /// Months from .. to.
    MonthRange(Month, Month),
    /// Quarters from .. to.
    QuarterRange(Quarter, Quarter),
    /// Dates from .. to.
    DateRange(Date, Date),
}

/// A truth value in three-valued logic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Depends on absent fields.
    Unknown(Missing),
}

impl Tri {
    /// `a 且 b`.
    pub fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, x) | (x, Tri::True) => x,
            (Tri::Unknown(a), Tri::Unknown(b)) => Tri::Unknown(a.union(b)),
        }
    }

    /// `a 或 b`.
    pub fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, x) | (x, Tri::False) => x,
            (Tri::Unknown(a), Tri::Unknown(b)) => Tri::Unknown(a.union(b)),
        }
    }

    /// As a value.
    pub fn value<'a>(self) -> Value<'a> {
        match self {
            Tri::True => Value::Bool(true),
            Tri::False => Value::Bool(false),
            Tri::Unknown(m) => Value::Missing(m),
        }
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    /// `非 a`.
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            u => u,
        }
    }
}

impl<'a> Value<'a> {
    /// A stored value (a constant, or a field inside a sub-record).
    pub fn of(v: &'a FieldValue) -> Value<'a> {
        match v {
            FieldValue::Absent => Value::None,
            FieldValue::Bool(b) => Value::Bool(*b),
            FieldValue::Num(n) => Value::Num(*n),
            FieldValue::Text(s) => Value::Text(s),
            FieldValue::Date(d) => Value::Date(*d),
            FieldValue::Month(m) => Value::Month(*m),
            FieldValue::Quarter(q) => Value::Quarter(*q),
            FieldValue::Duration(n, u) => Value::Dur(*n, *u),
            FieldValue::Enum(i) => Value::Enum(*i),
            FieldValue::Grade(g) => Value::Grade(*g),
            FieldValue::Rung(r) => Value::Rung(*r),
            FieldValue::Major(m) => Value::Major(*m),
            FieldValue::Struct(fs) => Value::Struct(fs),
            FieldValue::List(xs) => Value::List(xs),
            FieldValue::Map(m) => Value::Map(m),
        }
    }

    /// As a truth value: none is false.
    pub fn tri(self) -> Tri {
        match self {
            Value::Bool(true) => Tri::True,
            Value::Missing(m) => Tri::Unknown(m),
            _ => Tri::False,
        }
    }

    /// Whether the value is there (neither none nor unknown).
    pub fn is_present(self) -> bool {
        !matches!(self, Value::None | Value::Missing(_))
    }

    /// The missing fields, if unknown.
    pub fn missing(self) -> Option<Missing> {
        match self {
            Value::Missing(m) => Some(m),
            _ => None,
        }
    }

    /// A position on the value's order, for comparing two values of one type.
    pub fn ordinal(self) -> Option<i64> {
        Some(match self {
            Value::Num(n) => n.raw(),
            Value::Date(d) => i64::from(d.raw()),
            Value::Month(m) => i64::from(m.raw()),
            Value::Quarter(q) => i64::from(q.raw()),
            Value::Grade(g) => i64::from(g),
            Value::Rung(r) | Value::Major(r) => i64::from(r),
            Value::Enum(e) => i64::from(e),
            Value::Bool(b) => i64::from(b),
            Value::Dur(n, _) => n,
            _ => return None,
        })
    }

    /// Equality of two present values.
    pub fn same(self, o: Value<'_>) -> bool {
        match (self, o) {
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Dur(a, u), Value::Dur(b, v)) => a == b && u == v,
            (a, b) => {
                std::mem::discriminant(&a) == std::mem::discriminant(&b)
                    && a.ordinal().is_some()
                    && a.ordinal() == b.ordinal()
            }
        }
    }

    /// Equality with a stored value.
    pub fn equals(self, o: &FieldValue) -> bool {
        self.same(Value::of(o))
    }

    /// A map's key as a value: a month, a quarter, or a year as a whole number.
    pub fn of_period(p: Period) -> Value<'a> {
        match p {
            Period::Month(m) => Value::Month(m),
            Period::Quarter(q) => Value::Quarter(q),
            Period::Year(y) => Num::from_int(i64::from(y)).map_or(Value::None, Value::Num),
        }
    }

    /// Converts to a stored value (for owned verdicts).
    pub fn to_field(self) -> FieldValue {
        match self {
            Value::Missing(_) | Value::None => FieldValue::Absent,
            Value::Bool(b) => FieldValue::Bool(b),
            Value::Num(n) => FieldValue::Num(n),
            Value::Text(s) => FieldValue::Text(s.to_string()),
            Value::Date(d) => FieldValue::Date(d),
            Value::Month(m) => FieldValue::Month(m),
            Value::Quarter(q) => FieldValue::Quarter(q),
            Value::Dur(n, u) => FieldValue::Duration(n, u),
            Value::Enum(i) => FieldValue::Enum(i),
            Value::Grade(g) => FieldValue::Grade(g),
            Value::Rung(r) => FieldValue::Rung(r),
            Value::Major(m) => FieldValue::Major(m),
            Value::Struct(fs) => FieldValue::Struct(fs.to_vec()),
            Value::List(xs) => FieldValue::List(xs.to_vec()),
            Value::Map(m) => FieldValue::Map(m.clone()),
            Value::Window(m, lo, hi) => FieldValue::Map(PeriodMap::new(m.range(lo, hi).to_vec())),
            Value::IntRange(a, b) => FieldValue::List(
                (a..=b)
                    .filter_map(Num::from_int)
                    .map(FieldValue::Num)
                    .collect(),
            ),
            Value::MonthRange(a, b) => FieldValue::List(
                (a.raw()..=b.raw())
                    .map(|r| FieldValue::Month(Month::from_raw(r)))
                    .collect(),
            ),
            Value::QuarterRange(a, b) => FieldValue::List(
                (a.raw()..=b.raw())
                    .map(|r| FieldValue::Quarter(Quarter::from_raw(r)))
                    .collect(),
            ),
            Value::DateRange(a, b) => FieldValue::List(
                (a.raw()..=b.raw())
                    .map(|r| FieldValue::Date(Date::from_raw(r)))
                    .collect(),
            ),
        }
    }
}
