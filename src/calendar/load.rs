//! Calendar stage: reading a holiday calendar from its CSV text, and the errors found there.
//!
//! The format is `date,kind,festival`, one date a line (see `policies/calendars/`): `kind` is
//! `holiday` or `workday` (a weekend day worked, 调休), `festival` is optional. A UTF-8 BOM, blank
//! lines and lines starting with `#` are skipped. Every bad line is reported, not only the first.

use std::collections::hash_map::{Entry, HashMap};
use std::fmt;

use super::date::{days_in_month, parse_parts};
use super::{Calendar, Date, ListedDate};

const KIND_HELP: &str = "use `holiday` or `workday`";

/// The most characters of a calendar file an error quotes: a policy may name a file that is not
/// a calendar, and its errors must not print that file.
pub const MAX_QUOTED_CHARS: usize = 24;
/// The most problems reported for one calendar file; reading stops there.
pub const MAX_ERRORS: usize = 10;

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, with `…` where it was cut.
fn quote(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_QUOTED_CHARS).collect();
    if text.chars().count() > MAX_QUOTED_CHARS {
        out.push('…');
    }
    out
}
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A problem on one line of a calendar file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
    pub help: Option<String>,
}

impl CalendarError {
    fn new(line: usize, message: impl Into<String>, help: impl Into<String>) -> CalendarError {
        CalendarError {
            line,
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

impl fmt::Display for CalendarError {
    /// `line N: message` (the help is not included).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CalendarError {}

fn is_header(fields: &[&str]) -> bool {
    let names = ["date", "kind", "festival"];
    (2..=3).contains(&fields.len())
        && fields
            .iter()
            .zip(names)
            .all(|(f, n)| f.eq_ignore_ascii_case(n))
}

fn read_date(line: usize, text: &str, errors: &mut Vec<CalendarError>) -> Option<Date> {
    let bad = || format!("bad date `{}`", quote(text));
    if text.is_empty() {
        errors.push(CalendarError::new(
            line,
            "missing date",
            "a line is `date,kind,festival`",
        ));
        return None;
    }
    let Some((y, m, d)) = parse_parts(text, true) else {
        errors.push(CalendarError::new(
            line,
            bad(),
            "write dates as `YYYY-MM-DD`, e.g. `2026-10-01`",
        ));
        return None;
    };
    let date = Date::from_ymd(y, m, d);
    if date.is_none() {
        let help = if (1..=12).contains(&m) {
            format!("{y:04}-{m:02} has {} days", days_in_month(i64::from(y), m))
        } else {
            "months run from 1 to 12".to_owned()
        };
        errors.push(CalendarError::new(line, bad(), help));
    }
    date
}

fn read_row(line: usize, fields: &[&str], errors: &mut Vec<CalendarError>) -> Option<ListedDate> {
    if fields.len() > 3 {
        let help = "a line is `date,kind,festival`; a festival name cannot contain a comma";
        errors.push(CalendarError::new(line, "too many fields", help));
        return None;
    }
    let date = read_date(line, fields.first().copied().unwrap_or(""), errors);
    let workday = match fields.get(1).copied().unwrap_or("") {
        "" => {
            errors.push(CalendarError::new(line, "missing day kind", KIND_HELP));
            None
        }
        k if k.eq_ignore_ascii_case("holiday") => Some(false),
        k if k.eq_ignore_ascii_case("workday") => Some(true),
        k => {
            errors.push(CalendarError::new(
                line,
                format!("unknown day kind `{}`", quote(k)),
                KIND_HELP,
            ));
            None
        }
    };
    let (date, workday) = (date?, workday?);
    if workday && date.weekday() <= 5 {
        let day = WEEKDAYS
            .get(date.weekday() as usize - 1)
            .copied()
            .unwrap_or("weekday");
        let help = format!(
            "{date} is a {day}, already a working day; a `workday` line marks a Saturday or \
             Sunday worked in exchange for a holiday (调休)"
        );
        errors.push(CalendarError::new(
            line,
            format!("workday `{date}` is not a weekend day"),
            help,
        ));
        return None;
    }
    let festival = fields
        .get(2)
        .filter(|f| !f.is_empty())
        .map(|f| Box::from(*f));
    Some((date, workday, festival))
}

impl Calendar {
    /// Reads a calendar file (`date,kind,festival`). Its covered years are the years of the
    /// dates it lists. Every problem is reported, each with its line.
    pub fn from_csv(name: &str, text: &str) -> Result<Calendar, Vec<CalendarError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut errors = Vec::new();
        let mut rows = Vec::new();
        let mut first_seen: HashMap<Date, usize> = HashMap::new();
        let mut header_line = None;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if errors.len() >= MAX_ERRORS {
                let help = "correct these lines; the rest of the file was not read";
                errors.push(CalendarError::new(
                    line,
                    format!("more than {MAX_ERRORS} problems"),
                    help,
                ));
                return Err(errors);
            }
            let raw = raw.trim();
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = raw.split(',').map(str::trim).collect();
            if header_line.is_none() {
                header_line = Some(line);
                if is_header(&fields) {
                    continue;
                }
                if fields.first().and_then(|f| parse_parts(f, true)).is_none() {
                    // Neither a header nor a date: not a calendar, and nothing more of it is
                    // read or quoted.
                    let help = "the first line must be `date,kind,festival`";
                    errors.push(CalendarError::new(
                        line,
                        format!("bad header `{}`", quote(raw)),
                        help,
                    ));
                    return Err(errors);
                }
                let help = "add `date,kind,festival` as the first line";
                errors.push(CalendarError::new(line, "missing header", help));
            }
            let Some(row) = read_row(line, &fields, &mut errors) else {
                continue;
            };
            match first_seen.entry(row.0) {
                Entry::Occupied(first) => {
                    let help = format!("first listed on line {}", first.get());
                    errors.push(CalendarError::new(
                        line,
                        format!("date `{}` listed twice", row.0),
                        help,
                    ));
                }
                Entry::Vacant(slot) => {
                    slot.insert(line);
                    rows.push(row);
                }
            }
        }
        match header_line {
            None => {
                let help = "the first line must be `date,kind,festival`, then one line per date";
                errors.push(CalendarError::new(1, "calendar is empty", help));
            }
            Some(line) if errors.is_empty() && rows.is_empty() => {
                let help = "add one line per holiday or 调休 working day, e.g. `2026-10-01,holiday,国庆节`";
                errors.push(CalendarError::new(line, "calendar lists no dates", help));
            }
            Some(_) => {}
        }
        if errors.is_empty() {
            Ok(Calendar::from_listed(name, rows))
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CN: &str = include_str!("../../policies/calendars/cn-2020-2026.csv");

    fn errors(text: &str) -> Vec<(usize, String, Option<String>)> {
        let errs = Calendar::from_csv("t", text).unwrap_err();
        errs.into_iter()
            .map(|e| (e.line, e.message, e.help))
            .collect()
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn reads_the_china_calendar() {
        let cal = Calendar::from_csv("cn", CN).unwrap();
        assert_eq!(cal.name(), "cn");
        assert_eq!(
            cal.covered_years().collect::<Vec<_>>(),
            (2020..=2026).collect::<Vec<_>>()
        );
        assert!(cal.covers(2020) && cal.covers(2026));
        assert!(!cal.covers(2019) && !cal.covers(2027));
        assert!(!cal.covers_all());
        assert_eq!(cal.festival(d("2026-02-17")), Some("春节"));
        assert_eq!(cal.festival(d("2026-01-04")), Some("元旦"));
        assert_eq!(cal.festival(d("2025-10-06")), Some("中秋"));
        assert_eq!(cal.festival(d("2026-07-01")), None);
        assert_eq!(CN.lines().count(), 257, "header and 256 dates");
        assert_eq!(cal.listed.len(), 256);
    }

    #[test]
    fn skips_bom_comments_blank_lines_and_accepts_other_date_forms() {
        let text =
            "\u{feff}date,kind,festival\r\n# 2027 (draft)\r\n\r\n  \n2027/1/1,holiday,元旦\n\
                    2027年2月6日,Workday,\n2027-02-08,holiday\n";
        let cal = Calendar::from_csv("draft", text).unwrap();
        assert_eq!(cal.covered_years().collect::<Vec<_>>(), vec![2027]);
        assert_eq!(cal.festival(d("2027-01-01")), Some("元旦"));
        assert_eq!(cal.festival(d("2027-02-06")), None);
        assert_eq!(cal.extra, vec![d("2027-02-06").raw()]);
        assert_eq!(cal.off, vec![d("2027-01-01").raw(), d("2027-02-08").raw()]);
        assert!(Calendar::from_csv("h", "date,kind\n2027-01-01,holiday\n").is_ok());
    }

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let text = "date,kind,festival\n2026-01-01,holiday,元旦\n2026-02-16,holidy,春节\n\
                    # comment\n2026-02-30,holiday,春节\n2026-02-17,holiday,春节\n2026-01-01,holiday,元旦\n";
        let want = vec![
            (
                3,
                "unknown day kind `holidy`".to_owned(),
                Some("use `holiday` or `workday`".to_owned()),
            ),
            (
                5,
                "bad date `2026-02-30`".to_owned(),
                Some("2026-02 has 28 days".to_owned()),
            ),
            (
                7,
                "date `2026-01-01` listed twice".to_owned(),
                Some("first listed on line 2".to_owned()),
            ),
        ];
        assert_eq!(errors(text), want);
        let err = Calendar::from_csv("t", text).unwrap_err().remove(0);
        assert_eq!(err.to_string(), "line 3: unknown day kind `holidy`");
    }

    #[test]
    fn reports_bad_fields() {
        let text = "date,kind,festival\n2026-13-01,holiday\n26-7-3,holiday\n,holiday\n2026-07-03\n\
                    2026-07-04,workday,a,b\n2026-07-03,workday,调休\nx,y\n";
        let got = errors(text);
        let lines: Vec<_> = got.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            lines,
            vec![
                (2, "bad date `2026-13-01`"),
                (3, "bad date `26-7-3`"),
                (4, "missing date"),
                (5, "missing day kind"),
                (6, "too many fields"),
                (7, "workday `2026-07-03` is not a weekend day"),
                (8, "bad date `x`"),
                (8, "unknown day kind `y`"),
            ]
        );
        assert_eq!(got[0].2.as_deref(), Some("months run from 1 to 12"));
        assert_eq!(
            got[1].2.as_deref(),
            Some("write dates as `YYYY-MM-DD`, e.g. `2026-10-01`")
        );
        assert!(got[5]
            .2
            .as_deref()
            .is_some_and(|h| h.starts_with("2026-07-03 is a Friday")));
    }

    #[test]
    fn reports_header_problems_and_empty_files() {
        let missing = errors("2026-01-01,holiday,元旦\n2026-01-02,holidy\n");
        assert_eq!(missing[0].0, 1);
        assert_eq!(missing[0].1, "missing header");
        assert_eq!(
            (missing[1].0, missing[1].1.as_str()),
            (2, "unknown day kind `holidy`")
        );
        let bad = errors("# calendar\ndatum,kind,festival\n2026-01-01,holiday\n");
        assert_eq!(
            bad,
            vec![(
                2,
                "bad header `datum,kind,festival`".to_owned(),
                Some("the first line must be `date,kind,festival`".to_owned())
            )]
        );
        assert_eq!(errors("")[0].1, "calendar is empty");
        assert_eq!(errors("\u{feff}\n# nothing\n")[0].1, "calendar is empty");
        let none = errors("# cn\ndate,kind,festival\n\n");
        assert_eq!(
            (none[0].0, none[0].1.as_str()),
            (2, "calendar lists no dates")
        );
    }

    #[test]
    fn a_file_that_is_no_calendar_is_quoted_only_in_part() {
        let passwd =
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
        let got = errors(passwd);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "bad header `root:x:0:0:root:/root:/b…`");
        assert!(!got[0].1.contains("daemon"));
    }

    #[test]
    fn reading_stops_after_ten_problems() {
        let mut text = String::from("date,kind\n");
        for i in 0..1000 {
            text.push_str(&format!("2026-01-{:02},holidy-{i}\n", i % 28 + 1));
        }
        let got = errors(&text);
        assert_eq!(got.len(), MAX_ERRORS + 1);
        assert_eq!(got[MAX_ERRORS].1, "more than 10 problems");
        let long = format!("date,kind\n2026-01-01,{}\n", "x".repeat(10_000));
        assert!(errors(&long)[0].1.chars().count() < 60);
    }
}
