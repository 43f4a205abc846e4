//! Calendar stage: dates, months and working days on a holiday calendar with 调休.
//!
//! A [`Calendar`] knows a country's (or a company's) holidays and the weekend days that are
//! worked in exchange (调休), for the years its data covers. Outside those years it falls back
//! to Monday–Friday and records the year in an [`Uncovered`], so a verdict can warn that it
//! counted working days without holiday data. The queries allocate nothing: over the years
//! the calendar lists (and one each side) they are a few table loads ([`ordinals`]), elsewhere
//! a closed form or a few binary searches, whatever the distance.

mod date;
mod load;
mod ordinals;
mod period;

use ordinals::Ordinals;

pub use date::{Date, Month};
pub use load::{CalendarError, MAX_ERRORS, MAX_QUOTED_CHARS};
pub use period::{parse_year, Period, PeriodKind, Quarter};

/// The years a computation touched that its calendar does not cover, in ascending order.
/// Holds up to [`Uncovered::CAPACITY`] years inline; further distinct years are dropped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Uncovered {
    years: [i32; Uncovered::CAPACITY],
    len: u8,
}

impl Uncovered {
    pub const CAPACITY: usize = 8;

    pub fn new() -> Uncovered {
        Uncovered::default()
    }

    /// Records `year`; a year already recorded, or a ninth distinct year, changes nothing.
    pub fn add(&mut self, year: i32) {
        let len = usize::from(self.len);
        if len >= Self::CAPACITY {
            return;
        }
        if let Err(at) = self.as_slice().binary_search(&year) {
            // `at <= len < CAPACITY`: the shifted range and the slot are inside the array.
            if let Some(tail) = self.years.get_mut(at..=len) {
                tail.rotate_right(1);
                if let Some(slot) = tail.first_mut() {
                    *slot = year;
                }
                self.len += 1;
            }
        }
    }

    /// [`Uncovered::add`] out of line: the table's queries record a year rarely, and keep the
    /// code they run on every call small.
    #[cold]
    #[inline(never)]
    fn add_rarely(&mut self, year: i32) {
        self.add(year);
    }

    /// The recorded years, in ascending order.
    fn as_slice(&self) -> &[i32] {
        self.years.get(..usize::from(self.len)).unwrap_or(&[])
    }

    pub fn iter(&self) -> impl Iterator<Item = i32> + '_ {
        self.as_slice().iter().copied()
    }

    pub fn contains(&self, year: i32) -> bool {
        self.as_slice().binary_search(&year).is_ok()
    }

    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn is_full(&self) -> bool {
        self.len() == Self::CAPACITY
    }

    pub fn clear(&mut self) {
        *self = Uncovered::default();
    }
}

/// A date read from a calendar file: the day, whether it is worked, its festival.
type ListedDate = (Date, bool, Option<Box<str>>);

/// A date listed in a calendar file, kept for [`Calendar::festival`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct Listed {
    day: i32,
    festival: Option<Box<str>>,
}

/// Working days: Monday–Friday, minus listed holidays, plus listed 调休 working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    name: String,
    /// Every listed date, sorted by day.
    listed: Vec<Listed>,
    /// Listed holidays that fall on Monday–Friday (the only ones that change anything), sorted.
    off: Vec<i32>,
    /// Listed working days that fall on Saturday or Sunday, sorted.
    extra: Vec<i32>,
    /// The covered years, sorted; `None` covers every year.
    years: Option<Vec<i32>>,
    /// The listed days counted ahead, so that a count is two lookups (derived from `off` and
    /// `extra`).
    shifts: Shifts,
    /// Working days numbered over the listed years and one each side (derived from the
    /// above), for the n-th working day after a date or of a month in a couple of loads.
    ordinals: Ordinals,
}

/// For each day `k` from the first listed day to the day after the last: the listed holidays
/// before `k` minus the listed working days before `k` (how many working days the listing
/// takes away from Monday–Friday before `k`). Before the first it is 0; after the last it is
/// the last entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Shifts {
    first: i64,
    table: Vec<i32>,
}

impl Shifts {
    fn new(off: &[i32], extra: &[i32]) -> Shifts {
        let (Some(lo), Some(hi)) = (
            off.iter().chain(extra).min().copied(),
            off.iter().chain(extra).max().copied(),
        ) else {
            return Shifts::default();
        };
        let (mut o, mut e) = (off.iter().peekable(), extra.iter().peekable());
        let mut shift = 0i32;
        let table = (i64::from(lo)..=i64::from(hi) + 1)
            .map(|k| {
                while o.next_if(|&&d| i64::from(d) < k).is_some() {
                    shift += 1;
                }
                while e.next_if(|&&d| i64::from(d) < k).is_some() {
                    shift -= 1;
                }
                shift
            })
            .collect();
        Shifts {
            first: i64::from(lo),
            table,
        }
    }

    /// The shift before day `k`.
    #[inline]
    fn before(&self, k: i64) -> i64 {
        let Some(last) = self.table.last() else {
            return 0;
        };
        match usize::try_from(k - self.first) {
            Err(_) => 0,
            Ok(i) => i64::from(*self.table.get(i).unwrap_or(last)),
        }
    }
}

/// Weekdays (Mon–Fri) among the days with index `< k`, where index 0 is a Monday.
fn weekdays_before(k: i64) -> i64 {
    5 * k.div_euclid(7) + k.rem_euclid(7).min(5)
}

/// The `n`-th Monday–Friday day after day `start` (an `i32` day number; `n` > 0) or the
/// `|n|`-th before it (`n` < 0), if it is an `i32` day number.
fn nth_weekday(start: i64, n: i64) -> Option<i64> {
    // The answer's place among all weekdays (0 for day 1, a Monday): the weekdays up to `start`
    // (the indices below `start`) and `n - 1` more forward; the weekdays before `start` less
    // `|n|` backward. A step that overflows has an answer far outside the `i32` day numbers.
    let j = if n > 0 {
        weekdays_before(start).checked_add(n - 1)?
    } else {
        weekdays_before(start - 1).checked_add(n)?
    };
    let index = j.div_euclid(5).checked_mul(7)? + j.rem_euclid(5);
    i32::try_from(index.checked_add(1)?).ok().map(i64::from)
}

fn to_date(raw: i64) -> Option<Date> {
    i32::try_from(raw).ok().map(Date::from_raw)
}

impl Calendar {
    /// Monday to Friday, every year; never reports an uncovered year.
    pub fn weekdays_only(name: &str) -> Calendar {
        Calendar {
            name: name.to_owned(),
            listed: Vec::new(),
            off: Vec::new(),
            extra: Vec::new(),
            years: None,
            shifts: Shifts::default(),
            ordinals: Ordinals::default(),
        }
    }

    /// Builds a calendar from listed `(day, is_workday, festival)` dates, all distinct. The
    /// covered years are the years of the listed dates.
    fn from_listed(name: &str, mut dates: Vec<ListedDate>) -> Calendar {
        dates.sort_by_key(|(d, _, _)| *d);
        let mut years: Vec<i32> = dates.iter().map(|(d, _, _)| d.year()).collect();
        years.dedup();
        let weekend = |d: &Date| d.weekday() >= 6;
        let off = dates
            .iter()
            .filter(|(d, w, _)| !w && !weekend(d))
            .map(|(d, _, _)| d.raw());
        let extra = dates
            .iter()
            .filter(|(d, w, _)| *w && weekend(d))
            .map(|(d, _, _)| d.raw());
        let (off, extra): (Vec<i32>, Vec<i32>) = (off.collect(), extra.collect());
        let mut cal = Calendar {
            name: name.to_owned(),
            shifts: Shifts::new(&off, &extra),
            off,
            extra,
            listed: dates
                .into_iter()
                .map(|(d, _, festival)| Listed {
                    day: d.raw(),
                    festival,
                })
                .collect(),
            years: Some(years),
            ordinals: Ordinals::default(),
        };
        cal.ordinals = Ordinals::new(cal.years.as_deref(), |k| cal.count(k, k) == 1);
        cal
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the calendar has holiday data for `year` (always, for [`Calendar::weekdays_only`]).
    pub fn covers(&self, year: i32) -> bool {
        match &self.years {
            None => true,
            Some(years) => years.binary_search(&year).is_ok(),
        }
    }

    /// Whether every year is covered (a Monday–Friday calendar).
    pub fn covers_all(&self) -> bool {
        self.years.is_none()
    }

    /// The covered years in ascending order; none for a calendar that covers every year.
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().flatten().copied()
    }

    /// The festival a listed date belongs to (a holiday or a 调休 working day), if the file
    /// named one.
    pub fn festival(&self, d: Date) -> Option<&str> {
        let at = self.listed.binary_search_by_key(&d.raw(), |l| l.day).ok()?;
        self.listed.get(at)?.festival.as_deref()
    }

    /// The festivals the file names, each once, in the order they first appear.
    pub fn festivals(&self) -> impl Iterator<Item = &str> {
        let mut seen: Vec<&str> = Vec::new();
        for f in self.listed.iter().filter_map(|l| l.festival.as_deref()) {
            if !seen.contains(&f) {
                seen.push(f);
            }
        }
        seen.into_iter()
    }

    /// The first holiday of `festival` listed in `year` (a 调休 working day is not one); in a
    /// year the calendar does not cover, none, and the year is recorded in `u`.
    pub fn festival_date(&self, festival: &str, year: i32, u: &mut Uncovered) -> Option<Date> {
        if !self.covers(year) {
            u.add(year);
            return None;
        }
        let first = Date::from_ymd(year, 1, 1)?.raw();
        let from = self.listed.partition_point(|l| l.day < first);
        self.listed
            .get(from..)?
            .iter()
            .map(|l| (Date::from_raw(l.day), l))
            .take_while(|(d, _)| d.year() == year)
            .find(|(d, l)| {
                l.festival.as_deref() == Some(festival)
                    && (self.off.binary_search(&l.day).is_ok()
                        || (d.weekday() >= 6 && self.extra.binary_search(&l.day).is_err()))
            })
            .map(|(d, _)| d)
    }

    /// Records the uncovered years among the days `lo..=hi`.
    fn note_uncovered(&self, lo: i64, hi: i64, u: &mut Uncovered) {
        let (Some(lo), Some(hi)) = (to_date(lo), to_date(hi)) else {
            return;
        };
        if self.covers_all() {
            return;
        }
        // Each step is a covered year, a year already recorded or a new one: the loop is
        // bounded by the number of covered years plus twice the capacity, not by the span.
        for year in lo.year()..=hi.year() {
            if u.is_full() {
                break;
            }
            if !self.covers(year) {
                u.add(year);
            }
        }
    }

    /// Working days among the days `lo..=hi` (day numbers), without recording anything.
    fn count(&self, lo: i64, hi: i64) -> i64 {
        if lo > hi {
            return 0;
        }
        // Day number 1 is a Monday, so a day's index from a Monday is its number minus 1.
        let weekdays = weekdays_before(hi) - weekdays_before(lo - 1);
        weekdays - (self.shifts.before(hi + 1) - self.shifts.before(lo))
    }

    /// Whether `d` is a working day: not a listed holiday, and either a listed working day or
    /// Monday–Friday. In a year the calendar does not cover: Monday–Friday, and the year is
    /// recorded in `u`.
    pub fn is_workday(&self, d: Date, u: &mut Uncovered) -> bool {
        let Some(worked) = self.ordinals.is_workday(d.raw()) else {
            return self.is_workday_listed(d, u);
        };
        self.ordinals.note_gaps(d.raw(), d.raw(), u);
        worked
    }

    /// [`Calendar::is_workday`] from the listing, for a day the table does not hold.
    #[cold]
    #[inline(never)]
    fn is_workday_listed(&self, d: Date, u: &mut Uncovered) -> bool {
        let year = d.year();
        if !self.covers(year) {
            u.add(year);
        }
        // `off` holds only Monday–Friday days and `extra` only weekend days.
        let raw = d.raw();
        if self.off.binary_search(&raw).is_ok() {
            false
        } else {
            self.extra.binary_search(&raw).is_ok() || d.weekday() <= 5
        }
    }

    /// The `n`-th working day after `d` (`d` itself not counted); for negative `n`, the
    /// `|n|`-th working day before `d`; `d` itself for 0. `None` only out of the date range.
    pub fn add_workdays(&self, d: Date, n: i64, u: &mut Uncovered) -> Option<Date> {
        if n == 0 {
            return Some(d);
        }
        let Some(found) = self.ordinals.step(d.raw(), n) else {
            return self.add_workdays_outside(d, n, u);
        };
        // Both `d` and `found` lie in the table, and so do the days between.
        let (lo, hi) = if n > 0 {
            (d.raw() + 1, found)
        } else {
            (found, d.raw() - 1)
        };
        self.ordinals.note_gaps(lo, hi, u);
        Some(Date::from_raw(found))
    }

    /// [`Calendar::add_workdays`] (`n` ≠ 0) where the table does not hold `d` or the answer:
    /// Monday–Friday arithmetic where no listed day lies on the way, a search elsewhere.
    #[cold]
    #[inline(never)]
    fn add_workdays_outside(&self, d: Date, n: i64, u: &mut Uncovered) -> Option<Date> {
        let start = i64::from(d.raw());
        let found = match self.plain_step(start, n) {
            Some(found) => found?,
            None => self.search_workdays(start, n)?,
        };
        self.note_crossed(start, found, u);
        to_date(found)
    }

    /// Records the uncovered years among the days from `start` (not included) to `found`.
    fn note_crossed(&self, start: i64, found: i64, u: &mut Uncovered) {
        let (lo, hi) = if found > start {
            (start + 1, found)
        } else {
            (found, start - 1)
        };
        self.note_uncovered(lo, hi, u);
    }

    /// The day [`Calendar::add_workdays`] gives (`n` ≠ 0) by Monday–Friday arithmetic, if no
    /// listed holiday or working day lies between `start` and it (then every day counted is a
    /// plain one): `Some(None)` out of the `i32` day numbers, `None` if a listed day may lie on
    /// the way.
    fn plain_step(&self, start: i64, n: i64) -> Option<Option<i64>> {
        let found = nth_weekday(start, n);
        // Both lists are sorted.
        let ends = |a: Option<&i32>, b: Option<&i32>, pick: fn(i32, i32) -> i32| match (a, b) {
            (Some(&a), Some(&b)) => Some(i64::from(pick(a, b))),
            (a, b) => a.or(b).map(|&d| i64::from(d)),
        };
        let first = ends(self.off.first(), self.extra.first(), i32::min);
        let last = ends(self.off.last(), self.extra.last(), i32::max);
        let (Some(first), Some(last)) = (first, last) else {
            return Some(found);
        };
        let clear = if n > 0 {
            start >= last || found.is_some_and(|f| f < first)
        } else {
            start <= first || found.is_some_and(|f| f > last)
        };
        clear.then_some(found)
    }

    /// The day [`Calendar::add_workdays`] gives (`n` ≠ 0), found by binary searches on
    /// [`Calendar::count`]; `None` out of the `i32` day numbers.
    fn search_workdays(&self, start: i64, n: i64) -> Option<i64> {
        let want = i64::try_from(n.unsigned_abs()).unwrap_or(i64::MAX);
        // Any 7 days hold 5 weekdays, and each listed holiday takes at most one away, so this
        // many days always hold `want` working days.
        let off = i64::try_from(self.off.len()).unwrap_or(i64::MAX);
        let span = (want.saturating_add(off) / 5)
            .saturating_add(2)
            .saturating_mul(7);
        let (min, max) = (i64::from(i32::MIN), i64::from(i32::MAX));
        if n > 0 {
            let lo = start + 1;
            let hi = start.saturating_add(span).min(max);
            self.first_reaching(lo, hi, want)
        } else {
            let hi = start - 1;
            let (mut a, mut b) = (start.saturating_sub(span).max(min), hi);
            if self.count(a, hi) < want {
                return None;
            }
            // Invariant: `a..=hi` holds at least `want` working days.
            while a < b {
                let mid = a + (b - a + 1) / 2;
                if self.count(mid, hi) >= want {
                    a = mid;
                } else {
                    b = mid - 1;
                }
            }
            Some(a)
        }
    }

    /// The first day `b` in `lo..=hi` such that `lo..=b` holds `want` (≥ 1) working days.
    fn first_reaching(&self, lo: i64, hi: i64, want: i64) -> Option<i64> {
        if lo > hi {
            return None;
        }
        // The days first looked at: as many as hold `want` weekdays and a week to spare,
        // doubled until they hold `want` working days (the answer lies past those that did
        // not).
        let mut a = lo;
        let mut span = (want / 5).saturating_add(2).saturating_mul(7);
        let mut b = lo.saturating_add(span).min(hi);
        while self.count(lo, b) < want {
            if b >= hi {
                return None;
            }
            a = b + 1;
            span = span.saturating_mul(2);
            b = lo.saturating_add(span).min(hi);
        }
        // Invariant: `lo..=b` holds at least `want` working days.
        while a < b {
            let mid = a + (b - a) / 2;
            if self.count(lo, mid) >= want {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        Some(b)
    }

    /// Which working day of its month `d` is (1 for the first), or 0 if `d` is not a working day.
    pub fn workday_index(&self, d: Date, u: &mut Uncovered) -> u32 {
        if !self.is_workday(d, u) {
            return 0;
        }
        if let Some(index) = self.ordinals.index_in_month(d.raw(), d.month().raw()) {
            return index;
        }
        let (_, _, day) = d.ymd();
        let raw = i64::from(d.raw());
        // At most 31.
        u32::try_from(self.count(raw - i64::from(day) + 1, raw)).unwrap_or(0)
    }

    /// The `n`-th working day (`n` ≥ 1) of month `m`, or `None` if the month has fewer.
    pub fn nth_workday(&self, m: Month, n: u32, u: &mut Uncovered) -> Option<Date> {
        let Some((day, covered)) = self.ordinals.nth_of_month(m.raw(), n) else {
            return self.nth_workday_by_search(m, n, u);
        };
        if !covered {
            u.add_rarely(m.year());
        }
        day.map(Date::from_raw)
    }

    /// [`Calendar::nth_workday`] by a search on [`Calendar::count`], for a month the table does
    /// not hold.
    #[cold]
    #[inline(never)]
    fn nth_workday_by_search(&self, m: Month, n: u32, u: &mut Uncovered) -> Option<Date> {
        let first = i64::from(m.first_day()?.raw());
        let last = i64::from(m.last_day()?.raw());
        if !self.covers(m.year()) {
            u.add(m.year());
        }
        if n == 0 {
            return None;
        }
        to_date(self.first_reaching(first, last, i64::from(n))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate};

    const CN: &str = include_str!("../../policies/calendars/cn-2020-2026.csv");

    fn cn() -> Calendar {
        Calendar::from_csv("cn", CN).unwrap()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn chrono_weekday(s: &str) -> u32 {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .unwrap()
            .weekday()
            .number_from_monday()
    }

    fn first_five(cal: &Calendar, m: &str, u: &mut Uncovered) -> Vec<String> {
        let m = Month::parse(m).unwrap();
        (1..=5)
            .map(|n| cal.nth_workday(m, n, u).unwrap().to_string())
            .collect()
    }

    #[test]
    fn first_five_working_days_of_january_and_july_2026() {
        let (cal, mut u) = (cn(), Uncovered::new());
        // 1–3 January are 元旦 (Thursday–Saturday); Sunday the 4th is worked (调休).
        assert_eq!(
            first_five(&cal, "2026-01", &mut u),
            [
                "2026-01-04",
                "2026-01-05",
                "2026-01-06",
                "2026-01-07",
                "2026-01-08"
            ]
        );
        assert_eq!(chrono_weekday("2026-01-01"), 4);
        assert_eq!(chrono_weekday("2026-01-04"), 7);
        // July 2026 has no holiday: Wednesday 1st to Friday 3rd, then Monday 6th and Tuesday 7th.
        assert_eq!(
            first_five(&cal, "2026-07", &mut u),
            [
                "2026-07-01",
                "2026-07-02",
                "2026-07-03",
                "2026-07-06",
                "2026-07-07"
            ]
        );
        assert_eq!(
            (chrono_weekday("2026-07-01"), chrono_weekday("2026-07-06")),
            (3, 1)
        );
        for (day, index) in [
            ("2026-01-01", 0),
            ("2026-01-03", 0),
            ("2026-01-04", 1),
            ("2026-01-08", 5),
            ("2026-07-04", 0),
            ("2026-07-07", 5),
        ] {
            assert_eq!(cal.workday_index(d(day), &mut u), index, "{day}");
        }
        assert!(u.is_empty());
    }

    #[test]
    fn adjusted_weekend_days_are_working_days() {
        let (cal, mut u) = (cn(), Uncovered::new());
        for day in [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-09-20",
            "2024-02-04",
            "2020-01-19",
        ] {
            assert!(chrono_weekday(day) >= 6, "{day} is a weekend day");
            assert!(cal.is_workday(d(day), &mut u), "{day} is worked (调休)");
        }
        for day in [
            "2026-02-16",
            "2026-02-23",
            "2026-10-07",
            "2025-10-06",
            "2026-02-15",
            "2026-07-04",
        ] {
            assert!(!cal.is_workday(d(day), &mut u), "{day} is a rest day");
        }
        assert!(cal.is_workday(d("2026-02-24"), &mut u));
        assert!(u.is_empty());
    }

    #[test]
    fn spring_festival_2026_is_skipped() {
        let (cal, mut u) = (cn(), Uncovered::new());
        // Thursday 12 February: 13th (Fri), 14th (Sat, 调休), then 15th–23rd off, then 24th–26th.
        assert_eq!(
            cal.add_workdays(d("2026-02-12"), 5, &mut u),
            Some(d("2026-02-26"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-02-13"), 5, &mut u),
            Some(d("2026-02-27"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-02-14"), 1, &mut u),
            Some(d("2026-02-24"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-02-26"), -5, &mut u),
            Some(d("2026-02-12"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-02-24"), -1, &mut u),
            Some(d("2026-02-14"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-02-16"), 0, &mut u),
            Some(d("2026-02-16"))
        );
        // On the Mon–Fri calendar the same count ends a week earlier.
        let plain = Calendar::weekdays_only("plain");
        assert_eq!(
            plain.add_workdays(d("2026-02-12"), 5, &mut u),
            Some(d("2026-02-19"))
        );
        // February 2026 has 16 working days, the last a 调休 Saturday.
        let feb = Month::parse("2026-02").unwrap();
        assert_eq!(cal.nth_workday(feb, 16, &mut u), Some(d("2026-02-28")));
        assert_eq!(cal.nth_workday(feb, 17, &mut u), None);
        assert_eq!(cal.nth_workday(feb, 0, &mut u), None);
        assert_eq!(cal.workday_index(d("2026-02-24"), &mut u), 12);
        assert!(u.is_empty());
    }

    #[test]
    fn a_normal_week() {
        let (cal, mut u) = (cn(), Uncovered::new());
        // Friday 2026-07-03 + 5 working days = the next Friday.
        assert_eq!(
            cal.add_workdays(d("2026-07-03"), 5, &mut u),
            Some(d("2026-07-10"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-07-04"), 1, &mut u),
            Some(d("2026-07-06"))
        );
        assert_eq!(
            cal.add_workdays(d("2026-07-06"), -1, &mut u),
            Some(d("2026-07-03"))
        );
    }

    #[test]
    fn years_without_data_fall_back_to_weekdays_and_are_recorded() {
        let (cal, mut u) = (cn(), Uncovered::new());
        // 2027-01-01 is a Friday; without 2027 data it counts as a working day.
        assert_eq!(chrono_weekday("2027-01-01"), 5);
        assert!(cal.is_workday(d("2027-01-01"), &mut u));
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![2027]);
        u.clear();
        assert_eq!(
            cal.add_workdays(d("2026-12-30"), 3, &mut u),
            Some(d("2027-01-04"))
        );
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![2027]);
        u.clear();
        assert_eq!(
            cal.add_workdays(d("2026-12-30"), 2, &mut u),
            Some(d("2027-01-01"))
        );
        u.clear();
        assert_eq!(
            cal.add_workdays(d("2026-12-28"), 3, &mut u),
            Some(d("2026-12-31"))
        );
        assert!(u.is_empty(), "stayed in 2026");
        assert_eq!(
            cal.add_workdays(d("2020-01-02"), -2, &mut u),
            Some(d("2019-12-30"))
        );
        assert_eq!(
            cal.nth_workday(Month::parse("2019-12").unwrap(), 1, &mut u),
            Some(d("2019-12-02"))
        );
        assert_eq!(cal.workday_index(d("2030-05-01"), &mut u), 1);
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![2019, 2030]);
        // A Mon–Fri calendar covers every year and never records one.
        let plain = Calendar::weekdays_only("mon-fri");
        assert!(plain.covers(2027) && plain.covers_all());
        assert_eq!(plain.covered_years().count(), 0);
        u.clear();
        assert!(!plain.is_workday(d("2026-01-03"), &mut u));
        assert!(plain.is_workday(d("2026-01-01"), &mut u));
        assert_eq!(
            plain.add_workdays(d("2026-01-01"), 1000, &mut u),
            d("2026-01-01").add_days(1400)
        );
        assert!(u.is_empty());
    }

    #[test]
    fn a_long_span_records_each_uncovered_year_up_to_the_capacity() {
        let (cal, mut u) = (cn(), Uncovered::new());
        let end = cal
            .add_workdays(d("2026-06-01"), 5 * 52 * 20, &mut u)
            .unwrap();
        assert_eq!(end.year(), 2046);
        assert_eq!(
            u.iter().collect::<Vec<_>>(),
            (2027..=2034).collect::<Vec<_>>()
        );
        assert_eq!(
            cal.add_workdays(Date::from_raw(i32::MAX - 3), 5, &mut u),
            None
        );
        assert_eq!(
            cal.add_workdays(Date::from_raw(i32::MIN + 3), -5, &mut u),
            None
        );
        assert!(cal
            .add_workdays(d("2026-01-01"), i64::MAX, &mut u)
            .is_none());
        assert!(cal
            .add_workdays(d("2026-01-01"), i64::MIN, &mut u)
            .is_none());
    }

    #[test]
    fn counting_agrees_with_stepping_day_by_day() {
        let cal = cn();
        let mut u = Uncovered::new();
        let naive = |from: Date, n: i64| {
            let step = n.signum();
            let (mut day, mut left) = (from, n.abs());
            while left > 0 {
                day = day.add_days(step).unwrap();
                if cal.is_workday(day, &mut Uncovered::new()) {
                    left -= 1;
                }
            }
            day
        };
        let mut from = d("2019-11-01");
        while from < d("2027-03-01") {
            for n in -25..=25 {
                assert_eq!(
                    cal.add_workdays(from, n, &mut u),
                    Some(naive(from, n)),
                    "{from} {n}"
                );
            }
            let index = cal.workday_index(from, &mut u);
            if index > 0 {
                assert_eq!(cal.nth_workday(from.month(), index, &mut u), Some(from));
            }
            from = from.add_days(3).unwrap();
        }
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![2019, 2027]);
    }

    #[test]
    fn uncovered_keeps_up_to_eight_distinct_years_in_order() {
        let mut u = Uncovered::default();
        for y in [2030, 2027, 2030, 2028, 2027] {
            u.add(y);
        }
        assert_eq!(u.iter().collect::<Vec<_>>(), vec![2027, 2028, 2030]);
        assert!(u.contains(2028) && !u.contains(2029));
        for y in (2040..2050).rev() {
            u.add(y);
        }
        assert_eq!(u.len(), 8);
        assert_eq!(
            u.iter().collect::<Vec<_>>(),
            vec![2027, 2028, 2030, 2045, 2046, 2047, 2048, 2049]
        );
        u.clear();
        assert!(u.is_empty());
        u.add(2031);
        let mut v = Uncovered::new();
        v.add(2031);
        assert_eq!(u, v);
    }
}
