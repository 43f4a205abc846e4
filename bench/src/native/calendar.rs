//! The native baseline's working-day calendar: holidays and 调休 working days from the
//! policy's calendar file, Monday–Friday in the years it does not list.

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate};

use super::record::Month;

/// A holiday calendar.
pub struct Calendar {
    pub name: String,
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
    years: Vec<i32>,
}

/// Years a record's computation counted working days in without holiday data, sorted.
#[derive(Default)]
pub struct Uncovered(pub Vec<i32>);

impl Uncovered {
    fn add(&mut self, year: i32) {
        if let Err(at) = self.0.binary_search(&year) {
            self.0.insert(at, year);
        }
    }
}

impl Calendar {
    /// Reads `date,kind,festival` lines (`kind` is `holiday` or `workday`).
    pub fn parse(name: &str, text: &str) -> Result<Calendar, String> {
        let mut cal = Calendar {
            name: name.to_string(),
            holidays: HashSet::new(),
            workdays: HashSet::new(),
            years: Vec::new(),
        };
        for (i, line) in text.lines().enumerate().skip(1) {
            let mut cells = line.split(',');
            let (Some(date), Some(kind)) = (cells.next(), cells.next()) else {
                continue;
            };
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|e| format!("{name} line {}: {e}", i + 1))?;
            match kind.trim() {
                "holiday" => cal.holidays.insert(date),
                "workday" => cal.workdays.insert(date),
                k => return Err(format!("{name} line {}: unknown kind `{k}`", i + 1)),
            };
            cal.years.push(date.year());
        }
        cal.years.sort_unstable();
        cal.years.dedup();
        Ok(cal)
    }

    fn note(&self, year: i32, u: &mut Uncovered) {
        if self.years.binary_search(&year).is_err() {
            u.add(year);
        }
    }

    pub fn is_workday(&self, d: NaiveDate, u: &mut Uncovered) -> bool {
        self.note(d.year(), u);
        if self.holidays.contains(&d) {
            return false;
        }
        self.workdays.contains(&d) || d.weekday().number_from_monday() <= 5
    }

    /// The `n`-th working day after `d`, `d` itself not counted.
    pub fn add_workdays(&self, d: NaiveDate, n: u32, u: &mut Uncovered) -> Option<NaiveDate> {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = day.checked_add_days(Days::new(1))?;
            if self.is_workday(day, u) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// Which working day of its month `d` is (1 for the first), 0 if it is not one.
    pub fn workday_index(&self, d: NaiveDate, u: &mut Uncovered) -> u32 {
        if !self.is_workday(d, u) {
            return 0;
        }
        (1..=d.day())
            .filter_map(|day| d.with_day(day))
            .filter(|x| self.is_workday(*x, u))
            .count() as u32
    }

    /// The first working day of a month.
    pub fn first_workday(&self, m: Month, u: &mut Uncovered) -> Option<NaiveDate> {
        self.note(m.year(), u);
        let mut day = m.first_day()?;
        while !self.is_workday(day, u) {
            day = day.checked_add_days(Days::new(1))?;
        }
        Some(day)
    }
}
