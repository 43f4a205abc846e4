//! Records stage: converts a JSON value into a typed record by the schema, field by field,
//! naming the field path of the first problem.

use serde_json::{Map, Value};

use crate::calendar::{Date, Month, Period, PeriodKind, Quarter};
use crate::diag::Lang;
use crate::names::{closest, normalize};
use crate::program::schema::{FieldDef, Schema, StructDef};
use crate::program::Type;
use crate::value::{FieldValue, Num, PeriodMap, Record};

use super::error::{Expected, NameKind, RecordError, RecordErrorKind, UnknownName};
use super::json::Parsed;
use super::ReadRecord;

/// Converts JSON values by the schema. CSV cells arrive as JSON strings; `csv` also accepts
/// an Excel serial day number for a date, and skips the empty items CSV columns leave in a list.
#[derive(Clone, Copy)]
pub(super) struct Converter<'s> {
    pub(super) schema: &'s Schema,
    pub(super) lang: Lang,
    pub(super) csv: bool,
}

/// The walk through one record: where it is and what it noticed.
struct Walk<'c, 's> {
    c: &'c Converter<'s>,
    path: String,
    warnings: Vec<String>,
    /// Every problem found, with its field's path.
    errors: Vec<(String, RecordErrorKind)>,
}

/// The lowest and highest number a field allows.
type Range = (Option<Num>, Option<Num>);

impl Converter<'_> {
    /// Converts a parsed record; `ordinal` (1-based) names it when it has no id. A key written
    /// twice, a value holding bytes that could not be decoded, a cell holding an error value
    /// are errors of the record, reported with every other problem it has.
    pub(super) fn record(&self, parsed: Parsed, ordinal: usize) -> Result<ReadRecord, RecordError> {
        let Parsed {
            line,
            value,
            mut found,
        } = parsed;
        let value = &value;
        let Value::Object(obj) = value else {
            return Err(RecordError::at(
                line,
                RecordErrorKind::NotObject {
                    found: json_kind(value),
                },
            ));
        };
        let id = self.id(obj);
        let mut path = String::new();
        if let Some(bad) = undecodable(value, &mut path) {
            found.push((path, RecordErrorKind::BadBytes { found: bad }));
        }
        let Some(def) = self.schema.record() else {
            return Err(RecordError::at(
                line,
                RecordErrorKind::Internal("no record type"),
            ));
        };
        let mut walk = Walk {
            c: self,
            path: String::new(),
            warnings: Vec::new(),
            errors: found,
        };
        let fields = walk.fields(def, obj);
        let fields = walk.keep(0, fields);
        // One problem per field: a cell's error value, not also the absence it leaves.
        let mut seen = std::collections::HashSet::new();
        let mut problems: Vec<RecordError> = walk
            .errors
            .into_iter()
            .filter(|(path, _)| seen.insert(path.clone()))
            .map(|(path, kind)| RecordError {
                id: id.clone(),
                field: (!path.is_empty()).then_some(path),
                ..RecordError::at(line, kind)
            })
            .collect();
        if problems.len() > 1 {
            let field = problems.first().and_then(|p| p.field.clone());
            return Err(RecordError {
                id,
                field,
                ..RecordError::at(line, RecordErrorKind::Several(problems.into()))
            });
        }
        if let Some(problem) = problems.pop() {
            return Err(problem);
        }
        match fields.ok_or(RecordErrorKind::Internal("no fields")) {
            Ok(fields) => Ok(ReadRecord {
                record: Record {
                    line,
                    id: id.unwrap_or_else(|| format!("#{ordinal}")),
                    fields,
                },
                warnings: walk.warnings,
            }),
            Err(kind) => Err(RecordError {
                id,
                ..RecordError::at(line, kind)
            }),
        }
    }

    /// The key field's value as written, if it can be read.
    pub(super) fn id(&self, obj: &Map<String, Value>) -> Option<String> {
        let def = self.schema.record()?;
        let key = def.fields.get(self.schema.key?)?;
        match obj.get(&key.name)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl Walk<'_, '_> {
    /// The fields of a record or sub-record, in schema order; unknown keys become warnings.
    fn fields(
        &mut self,
        def: &StructDef,
        obj: &Map<String, Value>,
    ) -> Result<Vec<FieldValue>, RecordErrorKind> {
        let mut out = Vec::with_capacity(def.fields.len());
        for f in &def.fields {
            let mark = self.push_field(&f.name);
            let value = self.field(f, obj.get(&f.name));
            out.push(self.keep(mark, value).unwrap_or(FieldValue::Absent));
        }
        for key in obj.keys().filter(|k| def.field(k).is_none()) {
            let mark = self.push_field(key);
            let owner = if mark == 0 {
                self.c.lang.fmt("记录", "the record")
            } else {
                def.name.clone()
            };
            let mut w = self.c.lang.fmt(
                format!("`{}` 不是{owner}的字段,已忽略", self.path),
                format!("`{}` is not a field of {owner}; ignored", self.path),
            );
            if let Some(s) = similar(key, def.fields.iter().map(|f| f.name.as_str())) {
                w.push_str(&self.c.lang.fmt(
                    format!(";你是不是指 `{s}`?"),
                    format!("; did you mean `{s}`?"),
                ));
            }
            self.warnings.push(w);
            self.path.truncate(mark);
        }
        Ok(out)
    }

    /// One field: its value, else its default, else absent if it is optional.
    fn field(&mut self, f: &FieldDef, v: Option<&Value>) -> Result<FieldValue, RecordErrorKind> {
        match v {
            Some(v) if !is_empty(v) => self.value(v, &f.ty, (f.min, f.max)),
            _ => match &f.default {
                Some(d) => Ok(d.clone()),
                None if f.optional => Ok(FieldValue::Absent),
                None => Err(RecordErrorKind::Missing),
            },
        }
    }

    fn value(&mut self, v: &Value, ty: &Type, range: Range) -> Result<FieldValue, RecordErrorKind> {
        let c = self.c;
        let wrong = |expected: Expected| RecordErrorKind::WrongType {
            expected,
            found: shown(v),
        };
        match ty {
            Type::Text => match v {
                Value::String(s) => Ok(FieldValue::Text(s.trim().to_string())),
                Value::Number(n) => Ok(FieldValue::Text(n.to_string())),
                _ => Err(wrong(Expected::Text)),
            },
            Type::Int | Type::Number => {
                let int = *ty == Type::Int;
                let n = number(v).filter(|n| !int || n.is_integer());
                let n =
                    n.ok_or_else(|| wrong(if int { Expected::Int } else { Expected::Number }))?;
                if range.0.is_some_and(|lo| n < lo) || range.1.is_some_and(|hi| n > hi) {
                    return Err(RecordErrorKind::OutOfRange {
                        value: n,
                        min: range.0,
                        max: range.1,
                    });
                }
                Ok(FieldValue::Num(n))
            }
            Type::Bool => boolean(v)
                .map(FieldValue::Bool)
                .ok_or_else(|| wrong(Expected::Bool)),
            Type::Date => match v {
                Value::String(s) => parse_date(s, c.csv),
                Value::Number(n) if c.csv => n.as_i64().and_then(excel_date),
                _ => None,
            }
            .map(FieldValue::Date)
            .ok_or_else(|| wrong(Expected::Date)),
            Type::Month => match v {
                Value::String(s) => parse_month(s),
                _ => None,
            }
            .map(FieldValue::Month)
            .ok_or_else(|| wrong(Expected::Month)),
            Type::Quarter => match v {
                Value::String(s) => Quarter::parse(s),
                _ => None,
            }
            .map(FieldValue::Quarter)
            .ok_or_else(|| wrong(Expected::Quarter)),
            Type::Enum(_) | Type::Grade(_) | Type::Rung(_) => self.name(v, ty),
            Type::Struct(i) => {
                let def = c
                    .schema
                    .struct_def(*i)
                    .ok_or(RecordErrorKind::Internal("unknown sub-record type"))?;
                match v {
                    Value::Object(obj) => self.fields(def, obj).map(FieldValue::Struct),
                    _ => Err(wrong(Expected::Object(def.name.clone()))),
                }
            }
            Type::List(item) => {
                let Value::Array(items) = v else {
                    return Err(wrong(Expected::List));
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    if c.csv && x.is_null() {
                        continue;
                    }
                    let mark = self.path.len();
                    self.path.push_str(&format!("[{}]", i + 1));
                    let value = self.value(x, item, range);
                    out.extend(self.keep(mark, value));
                }
                Ok(FieldValue::List(out))
            }
            Type::Map(kind, item) => {
                let Value::Object(obj) = v else {
                    return Err(wrong(Expected::Map(*kind)));
                };
                let mut out = Vec::with_capacity(obj.len());
                for (k, x) in obj {
                    let Some(m) = parse_key(*kind, k) else {
                        let mark = self.path.len();
                        let key = k.clone();
                        let bad = Err(RecordErrorKind::BadKey { key, kind: *kind });
                        self.keep::<()>(mark, bad);
                        continue;
                    };
                    if is_empty(x) {
                        continue;
                    }
                    let mark = self.path.len();
                    self.path.push_str(&format!(".{m}"));
                    let value = self.value(x, item, range);
                    out.extend(self.keep(mark, value).map(|v| (m, v)));
                }
                Ok(FieldValue::Map(PeriodMap::new(out)))
            }
            _ => Err(RecordErrorKind::Internal(
                "a record field of a computed type",
            )),
        }
    }

    /// An enum member, a grade or a rung, by name.
    fn name(&self, v: &Value, ty: &Type) -> Result<FieldValue, RecordErrorKind> {
        let schema = self.c.schema;
        let number;
        let text = match v {
            Value::String(s) => s.trim(),
            Value::Number(n) => {
                number = n.to_string();
                number.as_str()
            }
            _ => {
                return Err(RecordErrorKind::WrongType {
                    expected: Expected::Name(
                        ty.describe(schema).declared().unwrap_or("?").to_string(),
                    ),
                    found: shown(v),
                })
            }
        };
        let unknown = RecordErrorKind::Internal("a field of an unknown type");
        let (kind, type_name, names): (_, _, Vec<&str>) = match ty {
            Type::Enum(i) => {
                let e = schema.enum_def(*i).ok_or(unknown)?;
                let found = e.members.iter().position(|m| m == text);
                if let Some(p) = found.and_then(|p| u16::try_from(p).ok()) {
                    return Ok(FieldValue::Enum(p));
                }
                let names = e.members.iter().map(String::as_str).collect();
                (NameKind::Member, &e.name, names)
            }
            Type::Grade(i) => {
                let s = schema.scale(*i).ok_or(unknown)?;
                if let Some(rank) = grade(&s.levels, text).and_then(|l| s.rank(l)) {
                    return Ok(FieldValue::Grade(rank));
                }
                let names = s.levels.iter().map(String::as_str).collect();
                (NameKind::Grade, &s.name, names)
            }
            Type::Rung(i) => {
                let l = schema.ladder(*i).ok_or(unknown)?;
                if let Some(rung) = l.find(text) {
                    return Ok(FieldValue::Rung(rung));
                }
                let names = l.rungs.iter().map(|r| r.name.as_str()).collect();
                (NameKind::Rung, &l.name, names)
            }
            _ => return Err(unknown),
        };
        let suggestion = match kind {
            NameKind::Rung => {
                let normal: Vec<String> = names.iter().map(|n| normalize(n).into_owned()).collect();
                closest(&normalize(text), normal.iter().map(String::as_str))
                    .and_then(|s| normal.iter().position(|n| n == s))
                    .and_then(|p| names.get(p))
                    .map(|s| s.to_string())
            }
            _ => closest(text, names.iter().copied()).map(str::to_string),
        };
        Err(RecordErrorKind::UnknownName(Box::new(UnknownName {
            kind,
            type_name: type_name.clone(),
            value: text.to_string(),
            suggestion,
            allowed: names.iter().map(|s| s.to_string()).collect(),
        })))
    }

    /// The value, or None with the error kept (at the path as it stands) to report with the
    /// record's other problems; the path is cut back to `mark` either way.
    fn keep<T>(&mut self, mark: usize, r: Result<T, RecordErrorKind>) -> Option<T> {
        let kept = match r {
            Ok(v) => Some(v),
            Err(kind) => {
                self.errors.push((self.path.clone(), kind));
                None
            }
        };
        self.path.truncate(mark);
        kept
    }

    /// Appends `.name` (or `name` at the top) to the path; returns the length to truncate to.
    fn push_field(&mut self, name: &str) -> usize {
        let mark = self.path.len();
        if mark > 0 {
            self.path.push('.');
        }
        self.path.push_str(name);
        mark
    }
}

/// The first string (key or value) holding `\u{fffd}`, the mark of bytes that could not be
/// decoded: the value shortened, with its path left in `path`.
fn undecodable(v: &Value, path: &mut String) -> Option<String> {
    match v {
        Value::String(s) if s.contains('\u{fffd}') => Some(shown(v)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
            let mark = path.len();
            path.push_str(&format!("[{}]", i + 1));
            let found = undecodable(x, path);
            if found.is_none() {
                path.truncate(mark);
            }
            found
        }),
        Value::Object(obj) => obj.iter().find_map(|(k, x)| {
            let mark = path.len();
            if mark > 0 {
                path.push('.');
            }
            path.push_str(k);
            let found = if k.contains('\u{fffd}') {
                Some(k.clone())
            } else {
                undecodable(x, path)
            };
            if found.is_none() {
                path.truncate(mark);
            }
            found
        }),
        _ => None,
    }
}

/// Whether a value stands for "not given": null or blank text, as an empty CSV cell.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The candidate most like `name`: the closest by edits (as [`closest`](crate::names::closest)), else the one sharing
/// the longest run of characters with it, if that run is at least two characters and two
/// thirds of the shorter name (`现职级` is like `当前职级`).
pub(super) fn similar<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(c) = closest(name, candidates.clone()) {
        return Some(c);
    }
    let a: Vec<char> = name.chars().collect();
    candidates
        .filter(|c| *c != name)
        .filter(|c| c.chars().any(|x| a.contains(&x)))
        .filter_map(|c| {
            let b: Vec<char> = c.chars().collect();
            let run = common_run(&a, &b);
            let shorter = a.len().min(b.len());
            (run >= 2 && run * 3 >= shorter * 2).then_some((run, c))
        })
        .max_by_key(|(run, c)| (*run, std::cmp::Reverse(c.len())))
        .map(|(_, c)| c)
}

/// The length of the longest run of characters that `a` and `b` share.
fn common_run(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    for i in 0..a.len() {
        for j in 0..b.len() {
            let run = a
                .iter()
                .skip(i)
                .zip(b.iter().skip(j))
                .take_while(|(x, y)| x == y)
                .count();
            best = best.max(run);
        }
    }
    best
}

fn number(v: &Value) -> Option<Num> {
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Num::from_int(i),
            (None, Some(f)) => Num::from_f64(f),
            _ => None,
        },
        Value::String(s) => Num::parse(s),
        _ => None,
    }
}

fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "是" | "真" | "true" | "yes" | "y" | "1" => Some(true),
            "否" | "假" | "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A grade by name: exact, else the one level equal ignoring case (full-width letters too).
pub(super) fn grade<'a>(levels: &'a [String], text: &str) -> Option<&'a str> {
    if let Some(l) = levels.iter().find(|l| *l == text) {
        return Some(l);
    }
    let folded = fold(text);
    let mut same = levels.iter().filter(|l| fold(l) == folded);
    match (same.next(), same.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    }
}

/// Full-width ASCII to ASCII, then lowercase.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A date in the `Date::parse` forms, optionally followed by a time of day (as spreadsheets
/// export dates); in CSV also an Excel serial day number.
pub(super) fn parse_date(s: &str, csv: bool) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = Date::parse(s) {
        return Some(d);
    }
    if let Some((day, time)) = s.split_once([' ', 'T']) {
        let time = time.trim();
        let is_time = time.contains(':') && time.chars().all(|c| c.is_ascii_digit() || c == ':');
        if is_time {
            return Date::parse(day);
        }
    }
    if csv {
        let whole = s.strip_suffix(".0").unwrap_or(s);
        if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) {
            return whole.parse().ok().and_then(excel_date);
        }
    }
    None
}

/// Excel's serial day number: day 1 is 1900-01-01, and day 60 is Excel's 1900-02-29, which did
/// not exist.
pub(super) fn excel_date(n: i64) -> Option<Date> {
    let base = match n {
        1..=59 => Date::from_ymd(1899, 12, 31)?,
        61..=2_958_465 => Date::from_ymd(1899, 12, 30)?,
        _ => return None,
    };
    base.add_days(n)
}

/// A month in the `Month::parse` forms, or a date (its month).
pub(super) fn parse_month(s: &str) -> Option<Month> {
    Month::parse(s).or_else(|| parse_date(s, false).map(Date::month))
}

/// A map's key of a kind: a month as [`parse_month`] reads it, a quarter (`2026-Q1`,
/// `2026年第1季度`) or a year (`2026`, `2026年`).
pub(super) fn parse_key(kind: PeriodKind, s: &str) -> Option<Period> {
    match kind {
        PeriodKind::Month => parse_month(s).map(Period::Month),
        _ => Period::parse(kind, s),
    }
}

/// The JSON kind of a value, for messages.
pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as written, shortened for a message.
fn shown(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        v => v.to_string(),
    };
    if s.chars().count() > 40 {
        let head: String = s.chars().take(37).collect();
        format!("{head}…")
    } else {
        s
    }
}
