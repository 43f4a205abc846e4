//! Calendar stage: the `Date` and `Month` value types, their arithmetic and their text forms.
//!
//! Both are plain integers (a day number, a month number), so comparing, hashing and storing
//! them costs nothing. The conversions are the proleptic Gregorian calendar, computed with
//! integer arithmetic that is total over every `i32`, and numbered as chrono numbers them
//! (`num_days_from_ce`: 0001-01-01 is day 1); the tests check both against chrono. Within some
//! 2.7 million years of today they take C. Neri and L. Schneider's branch-free forms
//! ("Euclidean affine functions and their application to calendar algorithms", 2022): a few
//! multiplications and shifts; H. Hinnant's forms, total, convert the rest.

use std::fmt;
use std::ops::RangeInclusive;

/// Day number of 1970-01-01 in the `num_days_from_ce` numbering.
const UNIX_EPOCH_DAY: i64 = 719_163;

/// A calendar date, stored as its day number (0001-01-01 is day 1, as chrono's
/// `num_days_from_ce`). Every `i32` is a valid date.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(i32);

/// A calendar month, stored as months since January of year 0 (`year * 12 + month - 1`).
/// Every `i32` is a valid month.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Month(i32);

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`.
pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    if month == 2 {
        28 + u32::from(is_leap(year))
    } else {
        // 31 in odd months up to July and even months from August on, 30 in the others.
        30 | ((month ^ (month >> 3)) & 1)
    }
}

/// Neri and Schneider's shift: this many 400-year eras, so that every day from year -32,800 on
/// counts as a non-negative day from 1 March of the first.
const ERAS: u32 = 82;
/// Their `K`: days from that 1 March to 1970-01-01.
const SHIFT_DAYS: u32 = 719_468 + 146_097 * ERAS;
/// Their `L`: years from that 1 March to year 0.
const SHIFT_YEARS: u32 = 400 * ERAS;
/// The day numbers [`civil_fast`] converts: their 32-bit domain with room to spare.
const FAST_DAYS: RangeInclusive<i32> = -11_000_000..=1_000_000_000;
/// The years [`days_fast`] converts.
const FAST_YEARS: RangeInclusive<i32> = -30_000..=2_700_000;

/// Year, month and day of day number `raw` in [`FAST_DAYS`] (Neri and Schneider's `to_date`).
#[inline]
fn civil_fast(raw: i32) -> (i32, u32, u32) {
    // Days from 1 March of year -32,800: non-negative and below 2^30 on `FAST_DAYS`.
    let n = (raw - UNIX_EPOCH_DAY as i32 + SHIFT_DAYS as i32) as u32;
    // The century and the day in it.
    let n1 = 4 * n + 3;
    let (c, nc) = (n1 / 146_097, n1 % 146_097 / 4);
    // The year in the century and the day in that year (from 1 March).
    let p2 = 2_939_745 * u64::from(4 * nc + 3);
    let (z, ny) = ((p2 >> 32) as u32, (p2 as u32) / 2_939_745 / 4);
    let y = 100 * c + z;
    // Month (3–14, from March) and day (from 0).
    let n3 = 2_141 * ny + 197_913;
    let (m, d) = (n3 >> 16, (n3 & 0xffff) / 2_141);
    // January and February belong to the next year.
    let jan_feb = ny >= 306;
    let year = y as i32 - SHIFT_YEARS as i32 + i32::from(jan_feb);
    (year, if jan_feb { m - 12 } else { m }, d + 1)
}

/// The day number of `y-m-d` (`m` 1–12, `d` 1–31, `y` in [`FAST_YEARS`]; Neri and
/// Schneider's `to_rata_die`).
#[inline]
fn days_fast(y: i32, m: u32, d: u32) -> i32 {
    // Counted from March: January and February are months 13 and 14 of the year before.
    let jan_feb = m <= 2;
    let y = (y + SHIFT_YEARS as i32) as u32 - u32::from(jan_feb);
    let m = if jan_feb { m + 12 } else { m };
    let c = y / 100;
    let year_days = 1_461 * y / 4 - c + c / 4;
    let month_days = (979 * m - 2_919) / 32;
    (year_days + month_days + d - 1) as i32 - SHIFT_DAYS as i32 + UNIX_EPOCH_DAY as i32
}

/// Days from 1970-01-01 to a civil date (H. Hinnant's `days_from_civil`); `m` is 1–12.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both fit in u32: the day is 1–31 and the month 1–12.
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// [`civil_from_days`] for a day number outside [`FAST_DAYS`].
#[cold]
#[inline(never)]
fn civil_slow(raw: i32) -> (i32, u32, u32) {
    let (y, m, d) = civil_from_days(i64::from(raw) - UNIX_EPOCH_DAY);
    // |y| < 6 million for any i32 day number, so the year always fits.
    (y as i32, m, d)
}

/// [`days_from_civil`] as a day number, for a year outside [`FAST_YEARS`].
#[cold]
#[inline(never)]
fn days_slow(y: i32, m: u32, d: u32) -> Option<i32> {
    i32::try_from(days_from_civil(i64::from(y), m, d) + UNIX_EPOCH_DAY).ok()
}

/// The day number of `y-m-d` (`m` 1–12, `d` 1–31), if it is an `i32`.
#[inline]
fn day_number(y: i32, m: u32, d: u32) -> Option<i32> {
    if FAST_YEARS.contains(&y) {
        Some(days_fast(y, m, d))
    } else {
        days_slow(y, m, d)
    }
}

impl Date {
    /// The first date that `YYYY-MM-DD` can write, 0000-01-01: the first a computation may give.
    pub const MIN: Date = Date(-365);
    /// The last date that `YYYY-MM-DD` can write, 9999-12-31: the last a computation may give.
    pub const MAX: Date = Date(3_652_059);

    /// Whether the date lies in `MIN..=MAX` (a year of four digits).
    pub fn in_range(self) -> bool {
        (Date::MIN..=Date::MAX).contains(&self)
    }

    /// The date with this day number, if it lies in `MIN..=MAX`.
    pub fn checked(raw: i64) -> Option<Date> {
        i32::try_from(raw).ok().map(Date).filter(|d| d.in_range())
    }

    /// The date `y-m-d`, or `None` if there is no such day (or it is out of range).
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(i64::from(y), m) {
            return None;
        }
        day_number(y, m, d).map(Date)
    }

    /// The day number (chrono's `num_days_from_ce`).
    pub fn raw(self) -> i32 {
        self.0
    }

    /// The date with this day number.
    pub fn from_raw(raw: i32) -> Date {
        Date(raw)
    }

    /// Year, month (1–12) and day (1–31).
    #[inline]
    pub fn ymd(self) -> (i32, u32, u32) {
        if FAST_DAYS.contains(&self.0) {
            civil_fast(self.0)
        } else {
            civil_slow(self.0)
        }
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month this date falls in.
    pub fn month(self) -> Month {
        let (y, m, _) = self.ymd();
        // Cannot overflow: |y| < 6 million.
        Month(y * 12 + m as i32 - 1)
    }

    /// ISO weekday: Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        // Day 1 (0001-01-01) was a Monday. The remainder is 0–6.
        (i64::from(self.0) - 1).rem_euclid(7) as u32 + 1
    }

    /// The date `n` days later (earlier if `n` is negative), `None` if it falls outside
    /// `MIN..=MAX`.
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::checked(i64::from(self.0).checked_add(n)?)
    }

    /// The same day `n` calendar months later (earlier if `n` is negative), clamped to the last
    /// day of the target month: 2026-03-31 + 1 month = 2026-04-30. `None` if it falls outside
    /// `MIN..=MAX`.
    pub fn add_months(self, n: i64) -> Option<Date> {
        let (y, m, d) = self.ymd();
        // The target month's number (months since January of year 0), in `Month::MIN..=MAX`:
        // its year is 0–9999, and every day of it in `Date::MIN..=MAX`.
        let target = (i64::from(y) * 12 + i64::from(m) - 1).checked_add(n)?;
        if !(i64::from(Month::MIN.0)..=i64::from(Month::MAX.0)).contains(&target) {
            return None;
        }
        let (y, m) = ((target / 12) as i32, (target % 12) as u32 + 1);
        day_number(y, m, d.min(days_in_month(i64::from(y), m))).map(Date)
    }

    /// Days from `self` to `other` (`other - self`).
    pub fn days_until(self, other: Date) -> i64 {
        i64::from(other.0) - i64::from(self.0)
    }

    /// Whole calendar months from `self` to `other`: the largest `n` with
    /// `self.add_months(n) <= other` when `other >= self`; negative when `other < self`.
    pub fn months_until(self, other: Date) -> i32 {
        if other < self {
            return -other.months_until(self);
        }
        let (_, _, d) = self.ymd();
        let (oy, om, od) = other.ymd();
        let whole = self.month().months_until(other.month());
        // `self.add_months(whole)` lands in `other`'s month, on day min(d, last day).
        if d.min(days_in_month(i64::from(oy), om)) <= od {
            whole
        } else {
            whole - 1
        }
    }

    /// Reads `YYYY-MM-DD`, `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日` (surrounding
    /// whitespace ignored). `None` for anything else or for a day that does not exist.
    pub fn parse(s: &str) -> Option<Date> {
        let (y, m, d) = parse_parts(s, true)?;
        Date::from_ymd(y, m, d)
    }
}

impl Month {
    /// Month `m` (1–12) of year `y`.
    pub fn from_ym(y: i32, m: u32) -> Option<Month> {
        if !(1..=12).contains(&m) {
            return None;
        }
        let raw = y.checked_mul(12)?.checked_add(m as i32 - 1)?;
        Some(Month(raw))
    }

    /// Months since January of year 0.
    pub fn raw(self) -> i32 {
        self.0
    }

    pub fn from_raw(raw: i32) -> Month {
        Month(raw)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The month of the year, 1–12.
    pub fn number(self) -> u32 {
        // The remainder is 0–11.
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The first month that `YYYY-MM` can write, 0000-01.
    pub const MIN: Month = Month(0);
    /// The last month that `YYYY-MM` can write, 9999-12.
    pub const MAX: Month = Month(9999 * 12 + 11);

    /// Whether the month lies in `MIN..=MAX` (a year of four digits).
    pub fn in_range(self) -> bool {
        (Month::MIN..=Month::MAX).contains(&self)
    }

    /// The month `n` months later (earlier if negative); saturates at the ends of the range.
    // A method rather than `ops::Add`, so that the saturation shows in its documentation.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, n: i32) -> Month {
        Month(self.0.saturating_add(n))
    }

    /// The month `n` months later (earlier if negative), if it lies in `MIN..=MAX`.
    pub fn checked_add(self, n: i64) -> Option<Month> {
        let raw = i64::from(self.0).checked_add(n)?;
        i32::try_from(raw).ok().map(Month).filter(|m| m.in_range())
    }

    /// Months from `self` to `other` (`other - self`, saturating).
    pub fn months_until(self, other: Month) -> i32 {
        other.0.saturating_sub(self.0)
    }

    pub fn first_day(self) -> Option<Date> {
        Date::from_ymd(self.year(), self.number(), 1)
    }

    pub fn last_day(self) -> Option<Date> {
        let last = days_in_month(i64::from(self.year()), self.number());
        Date::from_ymd(self.year(), self.number(), last)
    }

    /// Reads `YYYY-MM`, `YYYY-M`, `YYYY/M`, `YYYY.M` or `YYYY年M月` (surrounding whitespace
    /// ignored).
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m, _) = parse_parts(s, false)?;
        Month::from_ym(y, m)
    }
}

/// Takes `min..=max` leading ASCII digits.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    let (num, rest) = s.split_at(n);
    Some((num.parse().ok()?, rest))
}

/// Splits an accepted date (or, without `day`, month) form into its numbers, without checking
/// that the month or day exists. The day is 0 when `day` is false.
pub(super) fn parse_parts(s: &str, day: bool) -> Option<(i32, u32, u32)> {
    let (y, rest) = digits(s.trim(), 4, 4)?;
    let (sep, rest) = rest.split_at(rest.chars().next()?.len_utf8());
    // What must follow the month and the day.
    let (after_month, after_day) = match sep {
        "年" => ("月", "日"),
        "-" | "/" | "." if day => (sep, ""),
        "-" | "/" | "." => ("", ""),
        _ => return None,
    };
    let (m, rest) = digits(rest, 1, 2)?;
    let rest = rest.strip_prefix(after_month)?;
    let (d, rest) = if day {
        let (d, rest) = digits(rest, 1, 2)?;
        (d, rest.strip_prefix(after_day)?)
    } else {
        (0, rest)
    };
    // Four digits always fit in i32.
    rest.is_empty().then_some((y as i32, m, d))
}

fn write_year(f: &mut fmt::Formatter<'_>, y: i32) -> fmt::Result {
    if y < 0 {
        write!(f, "-{:04}", y.unsigned_abs())
    } else {
        write!(f, "{y:04}")
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write_year(f, y)?;
        write!(f, "-{m:02}-{d:02}")
    }
}

impl fmt::Display for Month {
    /// `YYYY-MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(f, self.year())?;
        write!(f, "-{:02}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate};

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn day_numbers_and_weekdays_agree_with_chrono() {
        let start = NaiveDate::from_ymd_opt(1599, 12, 1).unwrap();
        for i in 0..200_000 {
            let c = start + chrono::Duration::days(i);
            let d = Date::from_ymd(c.year(), c.month(), c.day()).unwrap();
            assert_eq!(d.raw(), c.num_days_from_ce(), "{c}");
            assert_eq!(d.ymd(), (c.year(), c.month(), c.day()));
            assert_eq!(d.weekday(), c.weekday().number_from_monday(), "{c}");
            assert_eq!(d.to_string(), c.format("%Y-%m-%d").to_string());
        }
        for raw in [-1_000_000, -1, 0, 1, 3_000_000] {
            let c = NaiveDate::from_num_days_from_ce_opt(raw).unwrap();
            assert_eq!(Date::from_raw(raw).ymd(), (c.year(), c.month(), c.day()));
            assert_eq!(
                Date::from_raw(raw).weekday(),
                c.weekday().number_from_monday()
            );
        }
    }

    #[test]
    fn whole_i32_range_converts_without_overflow() {
        for raw in [i32::MIN, i32::MIN + 1, i32::MAX - 1, i32::MAX] {
            let d = Date::from_raw(raw);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d));
            assert!((1..=7).contains(&d.weekday()));
        }
        assert_eq!(Date::from_raw(i32::MAX).add_days(1), None);
        assert_eq!(Date::from_raw(i32::MIN).add_days(-1), None);
        assert_eq!(Date::from_ymd(i32::MAX, 1, 1), None);
    }

    #[test]
    fn known_dates() {
        let d = date("2026-07-03");
        assert_eq!(d.ymd(), (2026, 7, 3));
        assert_eq!(d.year(), 2026);
        assert_eq!(d.weekday(), 5, "2026-07-03 is a Friday");
        assert_eq!(d.month(), Month::from_ym(2026, 7).unwrap());
        assert_eq!(d.to_string(), "2026-07-03");
        assert_eq!(date("0001-01-01").raw(), 1);
        assert_eq!(Date::from_ymd(2024, 2, 29).map(|d| d.weekday()), Some(4));
        assert_eq!(Date::from_ymd(2025, 2, 29), None);
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert_eq!(Date::from_ymd(2026, 0, 1), None);
        assert_eq!(Date::from_ymd(2026, 4, 31), None);
        assert_eq!(Date::from_ymd(2026, 4, 0), None);
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(date("2026-02-27").add_days(2), Some(date("2026-03-01")));
        assert_eq!(date("2026-01-01").add_days(-1), Some(date("2025-12-31")));
        assert_eq!(date("2024-01-01").days_until(date("2025-01-01")), 366);
        assert_eq!(date("2025-01-01").days_until(date("2024-01-01")), -366);
    }

    /// Hinnant's forms, total, as the day number of `raw` and back.
    fn hinnant(raw: i32) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(i64::from(raw) - UNIX_EPOCH_DAY);
        (i32::try_from(y).unwrap(), m, d)
    }

    #[test]
    fn the_fast_conversions_agree_with_hinnants_on_and_around_their_domain() {
        let (lo, hi) = (*FAST_DAYS.start(), *FAST_DAYS.end());
        // Every day from year -200 to 11000, the ends of the domain, and a stride through it.
        let every = -800_000..=4_000_000;
        let ends = (lo..lo + 5_000).chain(hi - 5_000..=hi);
        let stride = (lo..=hi).step_by(9_973);
        for raw in every.chain(ends).chain(stride) {
            let (y, m, d) = civil_fast(raw);
            assert_eq!((y, m, d), hinnant(raw), "{raw}");
            assert_eq!(Date::from_raw(raw).ymd(), (y, m, d));
            if FAST_YEARS.contains(&y) {
                assert_eq!(days_fast(y, m, d), raw, "{y}-{m}-{d}");
            }
        }
        let years = (-500..=10_500)
            .chain(*FAST_YEARS.start()..*FAST_YEARS.start() + 500)
            .chain(*FAST_YEARS.end() - 500..=*FAST_YEARS.end());
        for y in years {
            for m in 1..=12 {
                let old = match m {
                    2 if is_leap(i64::from(y)) => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                assert_eq!(days_in_month(i64::from(y), m), old, "{y}-{m}");
                for d in [1, old] {
                    let want = days_from_civil(i64::from(y), m, d) + UNIX_EPOCH_DAY;
                    assert_eq!(i64::from(days_fast(y, m, d)), want, "{y}-{m}-{d}");
                    assert_eq!(
                        Date::from_ymd(y, m, d).map(|d| i64::from(d.raw())),
                        Some(want)
                    );
                }
            }
        }
        // Outside the domains, Hinnant's forms answer.
        for raw in [i32::MIN, lo - 1, hi + 1, i32::MAX] {
            assert_eq!(Date::from_raw(raw).ymd(), hinnant(raw));
        }
    }

    #[test]
    fn adding_months_agrees_with_the_month_arithmetic() {
        // As `add_months` was: through `Month`, clamped, then checked.
        let old = |from: Date, n: i64| {
            let (_, _, d) = from.ymd();
            let target = from.month().checked_add(n)?;
            let last = days_in_month(i64::from(target.year()), target.number());
            Date::from_ymd(target.year(), target.number(), d.min(last)).filter(|d| d.in_range())
        };
        let mut from = date("1999-01-01");
        while from < date("2031-01-01") {
            for n in (-40..=40).chain([-12_000, -2_000 * 12, 95_000, 120_000, i64::MIN, i64::MAX]) {
                assert_eq!(from.add_months(n), old(from, n), "{from} {n}");
            }
            from = from.add_days(1).unwrap();
        }
        for raw in [i32::MIN, -366, -365, 3_652_059, 3_652_060, i32::MAX] {
            for n in [-1, 0, 1, 12] {
                let from = Date::from_raw(raw);
                assert_eq!(from.add_months(n), old(from, n), "{from} {n}");
            }
        }
    }

    #[test]
    fn adding_months_clamps_to_the_month_end() {
        let cases = [
            ("2026-03-31", 1, "2026-04-30"),
            ("2024-02-29", 12, "2025-02-28"),
            ("2024-02-29", 48, "2028-02-29"),
            ("2026-01-31", 1, "2026-02-28"),
            ("2024-01-31", 1, "2024-02-29"),
            ("2026-01-31", -2, "2025-11-30"),
            ("2026-05-15", -17, "2024-12-15"),
            ("2026-12-31", 1, "2027-01-31"),
            ("2026-07-03", 0, "2026-07-03"),
        ];
        for (from, n, to) in cases {
            assert_eq!(
                date(from).add_months(n),
                Some(date(to)),
                "{from} + {n} months"
            );
        }
        assert_eq!(Date::from_raw(i32::MAX).add_months(1), None);
        assert_eq!(date("9999-12-15").add_months(1), None);
        assert_eq!(date("0000-01-31").add_months(-1), None);
        assert_eq!(date("2026-01-31").add_months(i64::MAX), None);
    }

    #[test]
    fn results_stay_within_the_years_four_digits_can_write() {
        assert_eq!(Date::MIN, date("0000-01-01"));
        assert_eq!(Date::MAX, date("9999-12-31"));
        assert_eq!(Date::MAX.add_days(1), None);
        assert_eq!(Date::MIN.add_days(-1), None);
        assert_eq!(date("2026-01-02").add_days(i64::MAX), None);
        assert_eq!(Date::MAX.to_string(), "9999-12-31");
        assert!(!Date::from_raw(i32::MAX).in_range());
        assert_eq!(Month::MAX.to_string(), "9999-12");
        assert_eq!(Month::MIN.to_string(), "0000-01");
        assert_eq!(Month::MAX.checked_add(1), None);
        assert_eq!(Month::MIN.checked_add(-1), None);
        assert_eq!(Month::MIN.checked_add(i64::MIN), None);
        assert_eq!(Month::MIN.checked_add(11), Month::from_ym(0, 12));
    }

    #[test]
    fn months_until_counts_whole_months_at_month_ends() {
        let cases = [
            ("2026-01-31", "2026-02-28", 1),
            ("2026-01-31", "2026-02-27", 0),
            ("2026-01-30", "2026-02-28", 1),
            ("2025-08-31", "2026-02-28", 6),
            ("2026-02-28", "2026-03-31", 1),
            ("2026-02-28", "2026-03-27", 0),
            ("2024-02-29", "2025-02-28", 12),
            ("2024-02-29", "2025-02-27", 11),
            ("2025-07-03", "2026-01-02", 5),
            ("2025-07-03", "2026-01-03", 6),
            ("2026-07-03", "2026-07-03", 0),
            // Backwards: the negative of the forward count from the earlier date.
            ("2026-02-28", "2025-08-31", -6),
            ("2026-02-28", "2026-01-31", -1),
            ("2026-01-03", "2025-07-03", -6),
            ("2026-01-02", "2025-07-03", -5),
        ];
        for (from, to, n) in cases {
            assert_eq!(date(from).months_until(date(to)), n, "{from} → {to}");
        }
    }

    #[test]
    fn months_until_is_the_largest_fitting_add_months() {
        let base = date("2023-11-01");
        for i in 0..120 {
            let a = base.add_days(i * 7 + i % 5).unwrap();
            for j in 0..800 {
                let b = a.add_days(j).unwrap();
                let n = a.months_until(b);
                assert!(a.add_months(n.into()).unwrap() <= b, "{a} {b} {n}");
                assert!(a.add_months(i64::from(n) + 1).unwrap() > b, "{a} {b} {n}");
                assert_eq!(b.months_until(a), -n);
            }
        }
    }

    #[test]
    fn parses_every_accepted_date_form() {
        let want = Date::from_ymd(2026, 7, 3);
        for s in [
            "2026-07-03",
            "2026-7-3",
            "2026-07-3",
            "2026/7/3",
            "2026/07/03",
            "2026.7.3",
            "2026.07.03",
            "2026年7月3日",
            "2026年07月03日",
            "  2026-07-03\n",
            "\u{3000}2026年7月3日\t",
        ] {
            assert_eq!(Date::parse(s), want, "{s:?}");
        }
        assert_eq!(Date::parse("2024-02-29"), Date::from_ymd(2024, 2, 29));
        assert_eq!(Date::parse("2026-12-31"), Date::from_ymd(2026, 12, 31));
    }

    #[test]
    fn rejects_everything_else() {
        for s in [
            "2026-13-01",
            "2026-02-30",
            "2025-02-29",
            "2026-00-10",
            "2026-01-00",
            "26-7-3",
            "026-7-3",
            "02026-7-3",
            "2026-007-03",
            "2026-07-003",
            "2026-07/03",
            "2026/07-03",
            "2026-07-03x",
            "2026-07-03 10:00",
            "2026 -07-03",
            "2026年7月3",
            "2026年7月3号",
            "2026年7-3日",
            "2026-07",
            "2026-07-",
            "+2026-07-03",
            "２０２６-07-03",
            "20260703",
            "",
            "   ",
        ] {
            assert_eq!(Date::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn months() {
        let m = Month::from_ym(2026, 2).unwrap();
        assert_eq!((m.year(), m.number()), (2026, 2));
        assert_eq!(m.raw(), 2026 * 12 + 1);
        assert_eq!(Month::from_raw(m.raw()), m);
        assert_eq!(m.to_string(), "2026-02");
        assert_eq!(m.first_day(), Date::parse("2026-02-01"));
        assert_eq!(m.last_day(), Date::parse("2026-02-28"));
        assert_eq!(
            Month::from_ym(2024, 2).and_then(Month::last_day),
            Date::parse("2024-02-29")
        );
        assert_eq!(m.add(11), Month::from_ym(2027, 1).unwrap());
        assert_eq!(m.add(-2), Month::from_ym(2025, 12).unwrap());
        assert_eq!(m.months_until(Month::from_ym(2025, 8).unwrap()), -6);
        assert_eq!(Month::from_ym(2026, 13), None);
        assert_eq!(Month::from_ym(2026, 0), None);
        assert_eq!(Month::from_ym(i32::MAX, 1), None);
        assert_eq!(Month::from_raw(i32::MAX).add(1), Month::from_raw(i32::MAX));
        let neg = Month::from_raw(-1);
        assert_eq!((neg.year(), neg.number()), (-1, 12));
        assert_eq!(neg.to_string(), "-0001-12");
    }

    #[test]
    fn parses_month_forms() {
        let want = Month::from_ym(2026, 7);
        for s in [
            "2026-07",
            "2026-7",
            "2026/7",
            "2026/07",
            "2026.7",
            "2026年7月",
            " 2026年07月 ",
        ] {
            assert_eq!(Month::parse(s), want, "{s:?}");
        }
        for s in [
            "2026-13",
            "2026-0",
            "26-7",
            "2026-07-03",
            "2026年7",
            "2026年7月3日",
            "2026-",
            "",
        ] {
            assert_eq!(Month::parse(s), None, "{s:?}");
        }
    }
}
