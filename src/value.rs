//! Values shared by the stages: exact decimal numbers, typed field values and records.

use std::fmt;

use crate::calendar::{Date, Month, Period, Quarter};

/// An exact decimal number with six decimal places, so that `0.3 × 85` is `25.5` exactly and a
/// score compared with a pass mark never fails by a rounding error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Num(i64);

impl Num {
    /// Millionths per unit.
    pub const SCALE: i64 = 1_000_000;
    /// Zero.
    pub const ZERO: Num = Num(0);

    /// A whole number.
    pub fn from_int(n: i64) -> Option<Num> {
        n.checked_mul(Self::SCALE).map(Num)
    }

    /// Parses `12`, `-3.5`, `0.125` (at most six decimal places).
    pub fn parse(s: &str) -> Option<Num> {
        let s = s.trim();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if frac.len() > 6 {
            return None;
        }
        let whole: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut part: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..6 {
            part *= 10;
        }
        let v = whole.checked_mul(Self::SCALE)?.checked_add(part)?;
        Some(Num(if neg { -v } else { v }))
    }

    /// From a float, through its shortest decimal form (so `0.3` stays `0.3`).
    pub fn from_f64(f: f64) -> Option<Num> {
        if !f.is_finite() {
            return None;
        }
        let s = format!("{f}");
        Num::parse(&s).or_else(|| {
            let scaled = (f * Self::SCALE as f64).round();
            (scaled.abs() < i64::MAX as f64).then_some(Num(scaled as i64))
        })
    }

    /// From a raw count of millionths.
    pub fn from_raw(raw: i64) -> Num {
        Num(raw)
    }

    /// The raw count of millionths.
    pub fn raw(self) -> i64 {
        self.0
    }

    /// Whether it has no fractional part.
    pub fn is_integer(self) -> bool {
        self.0 % Self::SCALE == 0
    }

    /// The whole number, if it is one.
    pub fn as_int(self) -> Option<i64> {
        self.is_integer().then_some(self.0 / Self::SCALE)
    }

    /// As a float, for JSON.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }

    /// `self + o`.
    pub fn checked_add(self, o: Num) -> Option<Num> {
        self.0.checked_add(o.0).map(Num)
    }

    /// `self - o`.
    pub fn checked_sub(self, o: Num) -> Option<Num> {
        self.0.checked_sub(o.0).map(Num)
    }

    /// `self × o`, rounded half away from zero to six places.
    pub fn checked_mul(self, o: Num) -> Option<Num> {
        let p = i128::from(self.0) * i128::from(o.0);
        let s = i128::from(Self::SCALE);
        let q = (p + p.signum() * (s / 2)) / s;
        i64::try_from(q).ok().map(Num)
    }

    /// `self ÷ o`, rounded half away from zero to six places; None when `o` is zero.
    pub fn checked_div(self, o: Num) -> Option<Num> {
        if o.0 == 0 {
            return None;
        }
        let n = i128::from(self.0) * i128::from(Self::SCALE);
        let d = i128::from(o.0);
        let q = n / d;
        let r = n % d;
        let q = if 2 * r.abs() >= d.abs() {
            q + n.signum() * d.signum()
        } else {
            q
        };
        i64::try_from(q).ok().map(Num)
    }

    /// `-self`.
    pub fn checked_neg(self) -> Option<Num> {
        self.0.checked_neg().map(Num)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let scale = Self::SCALE as u64;
        let (int, frac) = (abs / scale, abs % scale);
        if frac == 0 {
            return write!(f, "{sign}{int}");
        }
        let frac = format!("{frac:06}");
        write!(f, "{sign}{int}.{}", frac.trim_end_matches('0'))
    }
}

/// The unit of a duration value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// Calendar days.
    Days,
    /// Working days on the policy's calendar.
    Workdays,
    /// Calendar months (years are twelve of them).
    Months,
}

/// A typed value of a record field, a constant or an outcome.
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum FieldValue {
    /// No value.
    Absent,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(Num),
    /// Text.
    Text(String),
    /// A date.
    Date(Date),
    /// A month.
    Month(Month),
    /// A quarter.
    Quarter(Quarter),
    /// A duration.
    Duration(i64, DurationUnit),
    /// An enum member, by index.
    Enum(u16),
    /// A grade, by rank (higher is better).
    Grade(u8),
    /// A rung of a ladder, by index (0 is the lowest).
    Rung(u16),
    /// A 大级 of a ladder, by index.
    Major(u16),
    /// A sub-record's fields.
    Struct(Vec<FieldValue>),
    /// A list.
    List(Vec<FieldValue>),
    /// A map keyed by months, quarters or years.
    Map(PeriodMap),
}

/// A map from periods (months, quarters or years, all of one kind) to values, sorted by period.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct PeriodMap {
    entries: Vec<(Period, FieldValue)>,
}

impl PeriodMap {
    /// Builds a map; a later entry for the same period replaces an earlier one.
    pub fn new(mut entries: Vec<(Period, FieldValue)>) -> PeriodMap {
        entries.sort_by_key(|(m, _)| *m);
        // In place: of a run of entries for one period, the last one's value stays.
        entries.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        PeriodMap { entries }
    }

    /// Where `m` would be if the map had an entry for every period from its first: its index
    /// when that entry is `m` (a map of consecutive months, the usual case, is read without a
    /// search); `Some(0)` when `m` comes before the first entry.
    #[inline]
    fn guess(&self, m: Period) -> Option<usize> {
        let (first, _) = self.entries.first()?;
        if first.kind() != m.kind() {
            return None;
        }
        let Ok(i) = usize::try_from(i64::from(m.raw()) - i64::from(first.raw())) else {
            return Some(0);
        };
        match self.entries.get(i) {
            Some((k, _)) if *k == m => Some(i),
            _ => None,
        }
    }

    /// The value for a period.
    pub fn get(&self, m: Period) -> Option<&FieldValue> {
        let i = match self.guess(m) {
            Some(i) => i,
            None => self.entries.binary_search_by_key(&m, |(k, _)| *k).ok()?,
        };
        match self.entries.get(i) {
            Some((k, v)) if *k == m => Some(v),
            _ => None,
        }
    }

    /// The entries from `lo` to `hi`, both included.
    #[inline]
    pub fn range(&self, lo: Period, hi: Period) -> &[(Period, FieldValue)] {
        // A map of consecutive periods (the usual case), ends of its kind: by position.
        if let (Some((first, _)), Some((last, _))) = (self.entries.first(), self.entries.last()) {
            let (f, l) = (i64::from(first.raw()), i64::from(last.raw()));
            let kind = first.kind();
            if usize::try_from(l - f + 1).is_ok_and(|n| n == self.entries.len())
                && lo.kind() == kind
                && hi.kind() == kind
            {
                // How many entries come before a period's raw position.
                let before = |raw: i64| usize::try_from((raw - f).clamp(0, l - f + 1)).unwrap_or(0);
                let (start, end) = (before(i64::from(lo.raw())), before(i64::from(hi.raw()) + 1));
                return self.entries.get(start..end.max(start)).unwrap_or(&[]);
            }
        }
        self.scan(lo, hi)
    }

    /// The entries from `lo` to `hi`, found by search.
    fn scan(&self, lo: Period, hi: Period) -> &[(Period, FieldValue)] {
        let start = self
            .guess(lo)
            .unwrap_or_else(|| self.entries.partition_point(|(k, _)| *k < lo));
        let rest = self.entries.get(start..).unwrap_or(&[]);
        // A window is a few entries: counting them beats a second search.
        let len = rest.iter().take_while(|(k, _)| *k <= hi).count();
        rest.get(..len).unwrap_or(&[])
    }

    /// Every entry in time order.
    pub fn entries(&self) -> &[(Period, FieldValue)] {
        &self.entries
    }
}

/// One employee's record, typed by the policy's schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The line of the input where the record starts.
    pub line: usize,
    /// The value of the record's key field (its id), or its position when it has none.
    pub id: String,
    /// The top-level fields, in schema order.
    pub fields: Vec<FieldValue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_scores_are_exact() {
        let w = Num::parse("0.3").and_then(|w| w.checked_mul(Num::from_int(85)?));
        assert_eq!(w.map(|n| n.to_string()), Some("25.5".to_string()));
        let total = ["85", "80", "90", "70"]
            .iter()
            .zip(["0.3", "0.3", "0.2", "0.2"])
            .try_fold(Num::ZERO, |acc, (s, w)| {
                acc.checked_add(Num::parse(s)?.checked_mul(Num::parse(w)?)?)
            });
        assert_eq!(total, Num::parse("81.5"));
    }

    #[test]
    fn parses_and_prints_decimals() {
        for (text, shown) in [
            ("12", "12"),
            ("-3.50", "-3.5"),
            (".25", "0.25"),
            ("0.000001", "0.000001"),
        ] {
            assert_eq!(
                Num::parse(text).map(|n| n.to_string()).as_deref(),
                Some(shown)
            );
        }
        assert_eq!(Num::parse("1.0000001"), None);
        assert_eq!(Num::parse("1e3"), None);
        assert_eq!(Num::from_f64(0.3), Num::parse("0.3"));
    }

    #[test]
    fn division_rounds_half_away_from_zero() {
        let third = Num::from_int(1).and_then(|a| a.checked_div(Num::from_int(3)?));
        assert_eq!(third.map(|n| n.to_string()).as_deref(), Some("0.333333"));
        let two_thirds = Num::from_int(-2).and_then(|a| a.checked_div(Num::from_int(3)?));
        assert_eq!(
            two_thirds.map(|n| n.to_string()).as_deref(),
            Some("-0.666667")
        );
        assert_eq!(
            Num::from_int(1).and_then(|a| a.checked_div(Num::ZERO)),
            None
        );
    }

    #[test]
    fn month_map_ranges() {
        let m = |y, n| Period::Month(Month::from_ym(y, n).unwrap_or(Month::from_raw(0)));
        let map = PeriodMap::new(vec![
            (m(2026, 3), FieldValue::Grade(3)),
            (m(2026, 1), FieldValue::Grade(4)),
            (m(2026, 3), FieldValue::Grade(2)),
        ]);
        assert_eq!(map.entries().len(), 2);
        assert_eq!(map.get(m(2026, 3)), Some(&FieldValue::Grade(2)));
        assert_eq!(map.range(m(2026, 2), m(2026, 6)).len(), 1);
        assert!(map.range(m(2026, 6), m(2026, 2)).is_empty());
        // Consecutive months are found by position: every window agrees with a search.
        let full = PeriodMap::new(
            (1..=6)
                .map(|n| (m(2026, n), FieldValue::Grade(1)))
                .collect(),
        );
        let q = Period::Quarter(crate::calendar::Quarter::from_raw(8100));
        for a in 0..=9 {
            for b in 0..=9 {
                let (lo, hi) = (m(2025, 11), m(2025, 11));
                let (lo, hi) = (shift(lo, a), shift(hi, b));
                assert_eq!(full.range(lo, hi), full.scan(lo, hi), "{a} {b}");
            }
            assert_eq!(
                full.range(q, shift(m(2025, 11), a)),
                full.scan(q, shift(m(2025, 11), a))
            );
        }
    }

    fn shift(p: Period, n: i32) -> Period {
        Period::from_raw(p.kind(), p.raw() + n)
    }
}
