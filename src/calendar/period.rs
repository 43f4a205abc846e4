//! Calendar stage: quarters, and the periods (months, quarters, years) that key a map.
//!
//! A quarter is a plain integer like a month (quarters since the first quarter of year 0), so a
//! map keyed by quarters stores, compares and ranges its keys as cheaply as one keyed by months.

use std::fmt;

use super::date::{Date, Month};

/// A calendar quarter, stored as quarters since the first quarter of year 0
/// (`year * 4 + quarter - 1`).
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Quarter(i32);

impl Quarter {
    /// The first quarter that `YYYY-Qn` can write, 0000-Q1.
    pub const MIN: Quarter = Quarter(0);
    /// The last quarter that `YYYY-Qn` can write, 9999-Q4.
    pub const MAX: Quarter = Quarter(9999 * 4 + 3);

    /// Quarter `q` (1–4) of year `y`, within `MIN..=MAX`.
    pub fn from_yq(y: i32, q: u32) -> Option<Quarter> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let raw = y.checked_mul(4)?.checked_add(i32::try_from(q).ok()? - 1)?;
        Some(Quarter(raw)).filter(|q| q.in_range())
    }

    /// Quarters since the first quarter of year 0.
    pub fn raw(self) -> i32 {
        self.0
    }

    /// From a raw count of quarters.
    pub fn from_raw(raw: i32) -> Quarter {
        Quarter(raw)
    }

    /// The quarter a month lies in.
    pub fn of_month(m: Month) -> Quarter {
        Quarter(m.raw().div_euclid(3))
    }

    /// The quarter a date lies in.
    pub fn of_date(d: Date) -> Quarter {
        Quarter::of_month(d.month())
    }

    /// Its year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(4)
    }

    /// The quarter of the year, 1–4.
    pub fn number(self) -> u32 {
        // The remainder is 0–3.
        self.0.rem_euclid(4).unsigned_abs() + 1
    }

    /// Its first month.
    pub fn first_month(self) -> Month {
        Month::from_raw(self.0.saturating_mul(3))
    }

    /// Its last month.
    pub fn last_month(self) -> Month {
        self.first_month().add(2)
    }

    /// Whether it lies in `MIN..=MAX` (a year of four digits).
    pub fn in_range(self) -> bool {
        (Quarter::MIN..=Quarter::MAX).contains(&self)
    }

    /// The quarter `n` quarters later (earlier if negative), if it lies in `MIN..=MAX`.
    pub fn checked_add(self, n: i64) -> Option<Quarter> {
        let raw = i64::from(self.0).checked_add(n)?;
        i32::try_from(raw)
            .ok()
            .map(Quarter)
            .filter(|q| q.in_range())
    }

    /// Quarters from `self` to `other` (`other - self`, saturating).
    pub fn quarters_until(self, other: Quarter) -> i32 {
        other.0.saturating_sub(self.0)
    }

    /// Reads `2026-Q1`, `2026Q1`, `2026 Q1` (`q` in either case), `2026年第1季度`,
    /// `2026年第一季度`, `2026年1季度` or `2026年Q1` (surrounding whitespace ignored).
    pub fn parse(s: &str) -> Option<Quarter> {
        let s = s.trim();
        let (y, rest) = year_digits(s)?;
        let rest = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix(' '))
            .or_else(|| rest.strip_prefix('年'))
            .unwrap_or(rest);
        let q = if let Some(n) = rest.strip_prefix(['Q', 'q']) {
            match n {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return None,
            }
        } else {
            let n = rest.strip_prefix('第').unwrap_or(rest);
            let n = n.strip_suffix("季度").or_else(|| n.strip_suffix('季'))?;
            match n {
                "1" | "一" => 1,
                "2" | "二" => 2,
                "3" | "三" => 3,
                "4" | "四" => 4,
                _ => return None,
            }
        };
        Quarter::from_yq(y, q)
    }
}

/// Four leading ASCII digits as a year, and what follows.
fn year_digits(s: &str) -> Option<(i32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n != 4 {
        return None;
    }
    let (num, rest) = s.split_at(n);
    Some((num.parse().ok()?, rest))
}

/// Reads a year as a map key: `2026` or `2026年` (four digits, surrounding whitespace ignored).
pub fn parse_year(s: &str) -> Option<i32> {
    let s = s.trim();
    let (y, rest) = year_digits(s)?;
    matches!(rest, "" | "年").then_some(y)
}

impl fmt::Display for Quarter {
    /// `YYYY-Qn`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year(), self.number())
    }
}

/// What a map is keyed by.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Default)]
pub enum PeriodKind {
    /// Months (`2026-03`).
    #[default]
    Month,
    /// Quarters (`2026-Q1`).
    Quarter,
    /// Years (`2026`), whole numbers.
    Year,
}

/// A map's key: a month, a quarter or a year. Keys of one map are all of one kind, ordered in
/// time.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Period {
    /// A month.
    Month(Month),
    /// A quarter.
    Quarter(Quarter),
    /// A year.
    Year(i32),
}

impl Period {
    /// Its kind.
    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month(_) => PeriodKind::Month,
            Period::Quarter(_) => PeriodKind::Quarter,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    /// Its position among the periods of its kind.
    pub fn raw(self) -> i32 {
        match self {
            Period::Month(m) => m.raw(),
            Period::Quarter(q) => q.raw(),
            Period::Year(y) => y,
        }
    }

    /// The period of a kind at a position.
    pub fn from_raw(kind: PeriodKind, raw: i32) -> Period {
        match kind {
            PeriodKind::Month => Period::Month(Month::from_raw(raw)),
            PeriodKind::Quarter => Period::Quarter(Quarter::from_raw(raw)),
            PeriodKind::Year => Period::Year(raw),
        }
    }

    /// Reads a key of a kind: a month as [`Month::parse`], a quarter as [`Quarter::parse`], a
    /// year as [`parse_year`].
    pub fn parse(kind: PeriodKind, s: &str) -> Option<Period> {
        match kind {
            PeriodKind::Month => Month::parse(s).map(Period::Month),
            PeriodKind::Quarter => Quarter::parse(s).map(Period::Quarter),
            PeriodKind::Year => parse_year(s).map(Period::Year),
        }
    }
}

impl fmt::Display for Period {
    /// `2026-03`, `2026-Q1` or `2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => m.fmt(f),
            Period::Quarter(q) => q.fmt(f),
            Period::Year(y) => write!(f, "{y}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_read_write_and_count() {
        let q1 = Quarter::from_yq(2026, 1).unwrap();
        for s in [
            "2026-Q1",
            "2026Q1",
            "2026 q1",
            "2026年第1季度",
            "2026年第一季度",
            "2026年1季度",
            "2026年Q1",
            " 2026-Q1 ",
        ] {
            assert_eq!(Quarter::parse(s), Some(q1), "{s}");
        }
        for s in [
            "2026-Q5",
            "2026-Q0",
            "2026-03",
            "26-Q1",
            "2026年第5季度",
            "2026-Q1x",
        ] {
            assert_eq!(Quarter::parse(s), None, "{s}");
        }
        assert_eq!(q1.to_string(), "2026-Q1");
        assert_eq!(
            q1.checked_add(-1).map(|q| q.to_string()).as_deref(),
            Some("2025-Q4")
        );
        assert_eq!(
            q1.checked_add(7).map(|q| q.to_string()).as_deref(),
            Some("2027-Q4")
        );
        assert_eq!(Quarter::MAX.checked_add(1), None);
        let m = Month::from_ym(2026, 6).unwrap();
        assert_eq!(Quarter::of_month(m).to_string(), "2026-Q2");
        assert_eq!(Quarter::of_month(m).first_month().to_string(), "2026-04");
        assert_eq!(Quarter::of_month(m).last_month(), m);
        assert_eq!(q1.quarters_until(Quarter::of_month(m)), 1);
    }

    #[test]
    fn years_and_periods() {
        assert_eq!(parse_year("2026"), Some(2026));
        assert_eq!(parse_year("2026年"), Some(2026));
        assert_eq!(parse_year("202"), None);
        assert_eq!(parse_year("2026-01"), None);
        let q = Period::parse(PeriodKind::Quarter, "2026年第3季度").unwrap();
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!(Period::from_raw(q.kind(), q.raw()), q);
        assert_eq!(
            Period::parse(PeriodKind::Year, "2025").unwrap().to_string(),
            "2025"
        );
        assert!(Period::parse(PeriodKind::Month, "2026-Q1").is_none());
    }
}
