//! Calendar stage: working days numbered ahead over the years a calendar lists, so that the
//! n-th working day after a date, or of a month, is a couple of loads.
//!
//! The table spans whole years, from [`BACK_YEARS`] before the first listed year (the dates
//! people were hired and confirmed go back years) to the year after the last, at most
//! [`MAX_YEARS`], and is derived once when the calendar is built. Queries whose start and
//! answer fall inside it are answered here; the others go to the calendar's arithmetic and
//! search, which are exact everywhere.

use std::fmt;

use super::{Date, Uncovered};

/// The years a table spans before the first listed year (Monday–Friday years, uncovered).
const BACK_YEARS: i32 = 10;

/// The most years a table spans (about 40 KiB; 18 years, about 23 KiB, for a listing of 7):
/// a longer span is cut to its last years.
const MAX_YEARS: i32 = 32;

/// One month of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct MonthEntry {
    /// The ordinal of the month's first working day (working days in the table before it).
    first: u16,
    /// Working days in the month (at most 31).
    count: u8,
    /// Whether the calendar covers the month's year.
    covered: bool,
}

/// Working days counted over the days `first..first + len` (`len` < 65,536).
#[derive(Clone, Default, PartialEq, Eq)]
pub(super) struct Ordinals {
    /// The day number of the table's first day, a 1 January.
    first: i32,
    /// `before[i]`: working days among the days `first..first + i`; `len + 1` entries.
    before: Box<[u16]>,
    /// `days[j]`: the offset from `first` of the table's working day `j` (counted from 0).
    days: Box<[u16]>,
    /// The month number ([`super::Month::raw`]) of the table's first month.
    first_month: i32,
    /// Each month of the table, in order.
    months: Box<[MonthEntry]>,
    /// The first and the last day of each run of consecutive years of the table that the
    /// calendar does not cover, in order.
    gaps: Box<[(i32, i32)]>,
}

impl fmt::Debug for Ordinals {
    /// A summary: the tables are derived from the listing, which the calendar shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ordinals")
            .field("first", &Date::from_raw(self.first))
            .field("days", &self.before.len().saturating_sub(1))
            .field("working_days", &self.days.len())
            .finish()
    }
}

/// The day number of 1 January of `year`, if it is one.
fn new_year(year: i32) -> Option<i32> {
    Date::from_ymd(year, 1, 1).map(Date::raw)
}

impl Ordinals {
    /// The table for the covered `years` (sorted, distinct; none for a calendar that covers
    /// every year, which gets no table), `is_workday` telling each day.
    pub(super) fn new(years: Option<&[i32]>, is_workday: impl Fn(i64) -> bool) -> Ordinals {
        let Some((&lo, &hi)) = years.and_then(|y| y.first().zip(y.last())) else {
            return Ordinals::default();
        };
        let (Some(last_year), Some(first_year)) = (hi.checked_add(1), lo.checked_sub(BACK_YEARS))
        else {
            return Ordinals::default();
        };
        let first_year = first_year.max(last_year.saturating_sub(MAX_YEARS - 1));
        let (Some(first), Some(end)) = (new_year(first_year), last_year.checked_add(1)) else {
            return Ordinals::default();
        };
        let Some(end) = new_year(end) else {
            return Ordinals::default();
        };
        let (mut before, mut days) = (Vec::new(), Vec::new());
        for (offset, k) in (i64::from(first)..i64::from(end)).enumerate() {
            let (Ok(ordinal), Ok(offset)) = (u16::try_from(days.len()), u16::try_from(offset))
            else {
                return Ordinals::default();
            };
            before.push(ordinal);
            if is_workday(k) {
                days.push(offset);
            }
        }
        let Ok(total) = u16::try_from(days.len()) else {
            return Ordinals::default();
        };
        before.push(total);
        let covers = |y: i32| years.is_some_and(|c| c.binary_search(&y).is_ok());
        let mut gaps: Vec<(i32, i32)> = Vec::new();
        for y in (first_year..=last_year).filter(|&y| !covers(y)) {
            let (Some(a), Some(b)) = (new_year(y), Date::from_ymd(y, 12, 31)) else {
                return Ordinals::default();
            };
            match gaps.last_mut() {
                Some((_, last)) if last.checked_add(1) == Some(a) => *last = b.raw(),
                _ => gaps.push((a, b.raw())),
            }
        }
        let months = (first_year..=last_year)
            .flat_map(|y| (1..=12).map(move |m| (y, m)))
            .map(|(y, m)| {
                let (start, end) = month_span(y, m);
                let at = |d: i32| {
                    let i = usize::try_from(i64::from(d) - i64::from(first)).ok();
                    i.and_then(|i| before.get(i)).copied().unwrap_or(0)
                };
                MonthEntry {
                    first: at(start),
                    count: u8::try_from(at(end) - at(start)).unwrap_or(0),
                    covered: covers(y),
                }
            })
            .collect();
        Ordinals {
            first,
            before: before.into(),
            days: days.into(),
            first_month: first_year.saturating_mul(12),
            months,
            gaps: gaps.into(),
        }
    }

    /// The `n`-th working day after day `start` (`n` > 0) or the `|n|`-th before it (`n` < 0),
    /// if `start` and the answer both lie in the table; `None` otherwise, and for `n` = 0.
    #[inline]
    pub(super) fn step(&self, start: i32, n: i64) -> Option<i32> {
        let s = usize::try_from(i64::from(start) - i64::from(self.first)).ok()?;
        // The ordinal of the answer: working days in the table before it.
        let j = if n > 0 {
            // `before[s + 1]` working days lie at or before `start`.
            i64::from(*self.before.get(s + 1)?).checked_add(n - 1)?
        } else {
            // `before[s]` lie before `start`; `n` ≤ 0 cannot overflow the sum.
            i64::from(*self.before.get(s)?) + n
        };
        let offset = self.days.get(usize::try_from(j).ok()?)?;
        // The answer lies in the table, whose days are all `i32` day numbers.
        Some(self.first + i32::from(*offset))
    }

    /// The `n`-th working day (`n` ≥ 1) of the month numbered `month`, if the month lies in the
    /// table: `Some(answer, covered)`, where `answer` is `None` if the month has fewer than
    /// `n` (or `n` is 0) and `covered` says whether the calendar covers the month's year.
    #[inline]
    pub(super) fn nth_of_month(&self, month: i32, n: u32) -> Option<(Option<i32>, bool)> {
        let i = usize::try_from(i64::from(month) - i64::from(self.first_month)).ok()?;
        let e = self.months.get(i)?;
        let day = if n == 0 || n > u32::from(e.count) {
            None
        } else {
            // `n - 1 < count ≤ 31`: the cast keeps it, and the sum is a working day of the month.
            let j = usize::from(e.first) + (n - 1) as usize;
            self.days.get(j).map(|&o| self.first + i32::from(o))
        };
        Some((day, e.covered))
    }

    /// Whether day `d` is a working day, if it lies in the table.
    #[inline]
    pub(super) fn is_workday(&self, d: i32) -> Option<bool> {
        let s = usize::try_from(i64::from(d) - i64::from(self.first)).ok()?;
        Some(self.before.get(s + 1)? > self.before.get(s)?)
    }

    /// Which working day of its month, numbered `month`, day `d` is (1 for the first), if both
    /// lie in the table; `d` must be a working day.
    #[inline]
    pub(super) fn index_in_month(&self, d: i32, month: i32) -> Option<u32> {
        let s = usize::try_from(i64::from(d) - i64::from(self.first)).ok()?;
        let i = usize::try_from(i64::from(month) - i64::from(self.first_month)).ok()?;
        let (through, e) = (self.before.get(s + 1)?, self.months.get(i)?);
        // The working days of the month up to `d`: at most 31.
        Some(u32::from(through.saturating_sub(e.first)))
    }

    /// Records in `u` the uncovered years among the days `lo..=hi`, which lie in the table, in
    /// ascending order (as [`super::Calendar::note_uncovered`] does).
    #[inline]
    pub(super) fn note_gaps(&self, lo: i32, hi: i32, u: &mut Uncovered) {
        for &(first, last) in &self.gaps {
            if first <= hi && lo <= last {
                note_years(lo.max(first), hi.min(last), u);
            }
        }
    }
}

/// Records in `u` the years of the days `lo..=hi`, in ascending order.
#[cold]
#[inline(never)]
fn note_years(lo: i32, hi: i32, u: &mut Uncovered) {
    for year in Date::from_raw(lo).year()..=Date::from_raw(hi).year() {
        u.add(year);
    }
}

/// The first day and the first day after month `m` of year `y`.
fn month_span(y: i32, m: u32) -> (i32, i32) {
    let start = Date::from_ymd(y, m, 1).map_or(0, Date::raw);
    let next = if m == 12 {
        y.checked_add(1).and_then(new_year)
    } else {
        Date::from_ymd(y, m + 1, 1).map(Date::raw)
    };
    (start, next.unwrap_or(start))
}

#[cfg(test)]
mod tests {
    use super::super::{to_date, Calendar, Month};
    use super::*;

    const CN: &str = include_str!("../../policies/calendars/cn-2020-2026.csv");

    /// [`Calendar::add_workdays`] by the search alone, as it was before the table.
    fn by_search(cal: &Calendar, d: Date, n: i64, u: &mut Uncovered) -> Option<Date> {
        if n == 0 {
            return Some(d);
        }
        let start = i64::from(d.raw());
        let found = cal.search_workdays(start, n)?;
        cal.note_crossed(start, found, u);
        to_date(found)
    }

    /// [`Calendar::workday_index`] from the listing and a count, as it was before the table.
    fn index_by_count(cal: &Calendar, d: Date, u: &mut Uncovered) -> u32 {
        if !cal.is_workday_listed(d, u) {
            return 0;
        }
        let (_, _, day) = d.ymd();
        let raw = i64::from(d.raw());
        u32::try_from(cal.count(raw - i64::from(day) + 1, raw)).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    /// Every day of `years` and every `n` in `ns`: the same answer and the same uncovered
    /// years as the search; every month of `years` and every `n` in 0..=25 likewise.
    fn agrees(cal: &Calendar, years: std::ops::RangeInclusive<i32>, ns: &[i64]) -> usize {
        let (from, to) = (day(*years.start(), 1, 1), day(*years.end(), 12, 31));
        let mut fast = 0;
        for raw in from.raw()..=to.raw() {
            let d = Date::from_raw(raw);
            for &n in ns {
                let (mut u, mut v) = (Uncovered::new(), Uncovered::new());
                let got = cal.add_workdays(d, n, &mut u);
                assert_eq!(got, by_search(cal, d, n, &mut v), "{d} {n}");
                assert_eq!(u, v, "{d} {n}");
                fast += usize::from(n != 0 && cal.ordinals.step(raw, n).is_some());
            }
            let (mut u, mut v) = (Uncovered::new(), Uncovered::new());
            assert_eq!(
                cal.is_workday(d, &mut u),
                cal.is_workday_listed(d, &mut v),
                "{d}"
            );
            assert_eq!(u, v, "{d}");
            let (mut u, mut v) = (Uncovered::new(), Uncovered::new());
            assert_eq!(cal.workday_index(d, &mut u), index_by_count(cal, d, &mut v));
            assert_eq!(u, v, "{d}");
        }
        for m in Month::from_ym(*years.start(), 1).unwrap().raw()
            ..=Month::from_ym(*years.end(), 12).unwrap().raw()
        {
            let m = Month::from_raw(m);
            for n in 0..=25 {
                let (mut u, mut v) = (Uncovered::new(), Uncovered::new());
                let got = cal.nth_workday(m, n, &mut u);
                assert_eq!(got, cal.nth_workday_by_search(m, n, &mut v), "{m} {n}");
                assert_eq!(u, v, "{m} {n}");
            }
        }
        fast
    }

    fn small(n: i64) -> Vec<i64> {
        (-n..=n).collect()
    }

    #[test]
    fn the_table_agrees_with_the_search_on_the_china_calendar() {
        let cal = Calendar::from_csv("cn", CN).unwrap();
        // The table spans 2010–2027; from 2009 to 2028 the answers leave it on either side.
        assert_eq!(cal.ordinals.first, day(2010, 1, 1).raw());
        assert_eq!(
            cal.ordinals.before.len(),
            18 * 365 + 4 + 1,
            "2012, 2016, 2020 and 2024 leap"
        );
        assert_eq!(cal.ordinals.gaps.len(), 2, "2010–2019 and 2027");
        let fast = agrees(&cal, 2009..=2028, &small(70));
        assert!(fast > 18 * 365 * 130, "the table answered {fast}");
        // Far answers, both ways, and the ends of the day numbers.
        let far = [1_000, -1_000, 100_000, -100_000, i64::MAX, i64::MIN];
        for d in [
            day(2019, 1, 1),
            day(2023, 5, 31),
            day(2027, 12, 31),
            day(2030, 6, 1),
        ] {
            for n in far {
                let (mut u, mut v) = (Uncovered::new(), Uncovered::new());
                let got = cal.add_workdays(d, n, &mut u);
                assert_eq!(got, by_search(&cal, d, n, &mut v), "{d} {n}");
                assert_eq!(u, v, "{d} {n}");
            }
        }
        for raw in [i32::MIN, i32::MIN + 9, i32::MAX - 9, i32::MAX] {
            for n in [-20, -1, 1, 20] {
                let d = Date::from_raw(raw);
                let (mut u, mut v) = (Uncovered::new(), Uncovered::new());
                let got = cal.add_workdays(d, n, &mut u);
                assert_eq!(got, by_search(&cal, d, n, &mut v), "{d} {n}");
                assert_eq!(u, v, "{d} {n}");
            }
        }
    }

    #[test]
    fn monday_to_friday_arithmetic_agrees_with_the_search() {
        let cal = Calendar::weekdays_only("mon-fri");
        assert_eq!(agrees(&cal, 2024..=2027, &small(40)), 0, "no table");
        for raw in [
            i32::MIN,
            i32::MIN + 9,
            -3,
            0,
            1,
            7,
            730_000,
            i32::MAX - 9,
            i32::MAX,
        ] {
            for n in [-1_000_000, -20, -1, 1, 5, 20, 1_000_000, i64::MAX, i64::MIN] {
                let d = Date::from_raw(raw);
                let mut u = Uncovered::new();
                let got = cal.add_workdays(d, n, &mut u);
                assert_eq!(got, by_search(&cal, d, n, &mut u), "{d} {n}");
                assert!(u.is_empty());
            }
        }
    }

    #[test]
    fn listed_days_at_the_edges_of_the_table_and_a_year_without_data() {
        // 2030 and 2032 are listed, 2031 not: the table spans 2020–2033 and 2031 within it is
        // recorded as uncovered. Holidays on the first and last day of the listing, and 调休
        // weekend days beside them.
        let csv = "date,kind,festival\n\
            2030-01-01,holiday,元旦\n2030-01-05,workday,元旦\n2030-06-03,holiday,\n\
            2032-01-01,holiday,元旦\n2032-12-25,workday,\n2032-12-31,holiday,\n";
        let cal = Calendar::from_csv("edges", csv).unwrap();
        assert_eq!(cal.ordinals.first, day(2020, 1, 1).raw());
        assert!(!cal.covers(2031));
        assert_eq!(cal.ordinals.gaps.len(), 3, "2020–2029, 2031 and 2033");
        let fast = agrees(&cal, 2019..=2034, &small(70));
        assert!(fast > 14 * 365 * 100, "the table answered {fast}");
        let mut u = Uncovered::new();
        assert_eq!(
            cal.add_workdays(day(2030, 12, 31), 300, &mut u),
            cal.add_workdays(day(2030, 12, 31), 299, &mut Uncovered::new())
                .and_then(|d| cal.add_workdays(d, 1, &mut Uncovered::new()))
        );
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![2031]);
        // A listing longer than the table's years is tabled over its last years.
        let long = "date,kind,festival\n1990-05-01,holiday,\n2040-05-01,holiday,\n";
        let cal = Calendar::from_csv("long", long).unwrap();
        assert_eq!(cal.ordinals.first, day(2041 - MAX_YEARS + 1, 1, 1).raw());
        agrees(&cal, 1989..=1991, &small(8));
        agrees(&cal, 2008..=2042, &small(8));
    }
}
