//! Verdict stage: owned values, with the policy's names resolved (an enum member, a grade, a
//! rung by its name), serialised as the JSON contract writes values.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use crate::calendar::{Date, Month, Period, Quarter};
use crate::eval::{self, EvalErrorKind};
use crate::program::{Program, Type};
use crate::value::{DurationUnit, FieldValue, Num, PeriodMap};

/// A value of a verdict: an outcome, or a value seen while explaining.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// No value.
    None,
    /// Unknown: it depends on a missing record field.
    Pending,
    /// A record field that was not given.
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
    /// An enum member, a grade, a rung or a 大级, by its name.
    Name(String),
    /// A sub-record's fields, in declared order.
    Record(Vec<(String, Value)>),
    /// A list.
    List(Vec<Value>),
    /// A map keyed by months, quarters or years: its entries, and the periods it spans (a
    /// window's bounds; a map's first and last key; none for an empty map).
    Months {
        /// The periods spanned, both included.
        span: Option<(Period, Period)>,
        /// The entries, in time order.
        entries: Vec<(Period, Value)>,
    },
    /// Whole numbers from .. to.
    IntRange(i64, i64),
    /// Months from .. to.
    MonthRange(Month, Month),
    /// Quarters from .. to.
    QuarterRange(Quarter, Quarter),
    /// Dates from .. to.
    DateRange(Date, Date),
    /// Evaluating it failed.
    Error(EvalErrorKind),
}

impl Value {
    /// Whether the value is present (neither none, pending nor absent).
    pub fn is_present(&self) -> bool {
        !matches!(self, Value::None | Value::Pending | Value::Absent)
    }

    /// An evaluation value of type `ty`, named by the program.
    pub fn of(p: &Program, ty: &Type, v: eval::Value<'_>) -> Value {
        match v {
            eval::Value::Missing(_) => Value::Pending,
            eval::Value::None => Value::None,
            eval::Value::Bool(b) => Value::Bool(b),
            eval::Value::Num(n) => Value::Num(n),
            eval::Value::Text(s) => Value::Text(s.to_string()),
            eval::Value::Date(d) => Value::Date(d),
            eval::Value::Month(m) => Value::Month(m),
            eval::Value::Quarter(q) => Value::Quarter(q),
            eval::Value::Dur(n, u) => Value::Duration(n, u),
            eval::Value::Enum(i) => Value::Name(enum_name(p, ty, i)),
            eval::Value::Grade(g) => Value::Name(grade_name(p, ty, g)),
            eval::Value::Rung(r) => Value::Name(rung_name(p, ty, r)),
            eval::Value::Major(m) => Value::Name(major_name(p, ty, m)),
            eval::Value::Struct(fs) => {
                let fields = match ty {
                    Type::Struct(s) => p
                        .schema
                        .struct_def(*s)
                        .map(|def| {
                            def.fields
                                .iter()
                                .zip(fs)
                                .map(|(f, v)| (f.name.clone(), Value::field(p, &f.ty, v)))
                                .collect()
                        })
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                Value::Record(fields)
            }
            eval::Value::List(xs) => {
                let e = inner(ty);
                Value::List(xs.iter().map(|x| Value::field(p, &e, x)).collect())
            }
            eval::Value::Map(m) => {
                let span = match (m.entries().first(), m.entries().last()) {
                    (Some(a), Some(b)) => Some((a.0, b.0)),
                    _ => None,
                };
                Value::months(p, ty, m, m.entries(), span)
            }
            eval::Value::Window(m, lo, hi) => {
                Value::months(p, ty, m, m.range(lo, hi), Some((lo, hi)))
            }
            eval::Value::IntRange(a, b) => Value::IntRange(a, b),
            eval::Value::MonthRange(a, b) => Value::MonthRange(a, b),
            eval::Value::QuarterRange(a, b) => Value::QuarterRange(a, b),
            eval::Value::DateRange(a, b) => Value::DateRange(a, b),
        }
    }

    /// A record field's value; an absent one is [`Value::Absent`].
    pub(super) fn field(p: &Program, ty: &Type, v: &FieldValue) -> Value {
        match v {
            FieldValue::Absent => Value::Absent,
            _ => Value::of(p, ty, eval::Value::of(v)),
        }
    }

    fn months(
        p: &Program,
        ty: &Type,
        _map: &PeriodMap,
        entries: &[(Period, FieldValue)],
        span: Option<(Period, Period)>,
    ) -> Value {
        let e = inner(ty);
        Value::Months {
            span,
            entries: entries
                .iter()
                .map(|(m, x)| (*m, Value::field(p, &e, x)))
                .collect(),
        }
    }
}

/// The element type of a list, map or window type.
pub(super) fn inner(t: &Type) -> Type {
    inner_ref(t).clone()
}

fn inner_ref(t: &Type) -> &Type {
    match t {
        Type::List(x) | Type::Map(_, x) | Type::Window(_, x) | Type::Range(x) => x,
        other => other,
    }
}

fn enum_name(p: &Program, t: &Type, i: u16) -> String {
    enum_ref(p, t, i).map_or_else(|| i.to_string(), str::to_string)
}

fn enum_ref<'p>(p: &'p Program, t: &Type, i: u16) -> Option<&'p str> {
    match t {
        Type::Enum(e) => p
            .schema
            .enum_def(*e)
            .and_then(|d| d.members.get(usize::from(i)))
            .map(String::as_str),
        _ => None,
    }
}

/// A grade's name on a scale.
pub(super) fn level_name(p: &Program, scale: u16, rank: u8) -> String {
    level_ref(p, scale, rank).to_string()
}

/// A grade's name on a scale, borrowed from the program.
pub(super) fn level_ref(p: &Program, scale: u16, rank: u8) -> &str {
    p.schema
        .scale(scale)
        .and_then(|s| s.level(rank))
        .unwrap_or("?")
}

fn grade_name(p: &Program, t: &Type, g: u8) -> String {
    grade_ref(p, t, g).map_or_else(|| g.to_string(), str::to_string)
}

pub(super) fn grade_ref<'p>(p: &'p Program, t: &Type, g: u8) -> Option<&'p str> {
    let scale = match t {
        Type::Grade(s) => Some(*s),
        other => other.grades_scale(),
    };
    scale
        .and_then(|s| p.schema.scale(s))
        .and_then(|s| s.level(g))
}

fn rung_name(p: &Program, t: &Type, r: u16) -> String {
    rung_ref(p, t, r).map_or_else(|| r.to_string(), str::to_string)
}

fn rung_ref<'p>(p: &'p Program, t: &Type, r: u16) -> Option<&'p str> {
    match t {
        Type::Rung(l) => p.schema.ladder(*l).and_then(|d| d.rung_name(r)),
        _ => None,
    }
}

fn major_name(p: &Program, t: &Type, m: u16) -> String {
    major_ref(p, t, m).map_or_else(|| m.to_string(), str::to_string)
}

fn major_ref<'p>(p: &'p Program, t: &Type, m: u16) -> Option<&'p str> {
    match t {
        Type::Major(l) => p
            .schema
            .ladder(*l)
            .and_then(|d| d.majors.get(usize::from(m)))
            .map(|m| m.name.as_str()),
        _ => None,
    }
}

/// A duration as the JSON contract writes it (`3个月`, `5个工作日`, `10天`).
pub fn duration_word(n: i64, unit: DurationUnit) -> String {
    match unit {
        DurationUnit::Days => format!("{n}天"),
        DurationUnit::Workdays => format!("{n}个工作日"),
        DurationUnit::Months => format!("{n}个月"),
    }
}

/// A number for JSON: whole numbers as integers, else a decimal.
pub(super) fn serialize_num<S: Serializer>(n: Num, s: S) -> Result<S::Ok, S::Error> {
    match n.as_int() {
        Some(i) => s.serialize_i64(i),
        None => match n.to_string().parse::<f64>() {
            Ok(f) => s.serialize_f64(f),
            Err(_) => s.serialize_none(),
        },
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::None | Value::Pending | Value::Absent | Value::Error(_) => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Num(n) => serialize_num(*n, s),
            Value::Text(t) | Value::Name(t) => s.serialize_str(t),
            Value::Date(d) => s.collect_str(d),
            Value::Month(m) => s.collect_str(m),
            Value::Quarter(q) => s.collect_str(q),
            Value::Duration(n, u) => s.serialize_str(&duration_word(*n, *u)),
            Value::Record(fs) => {
                let mut map = s.serialize_map(Some(fs.len()))?;
                for (k, v) in fs {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::List(xs) => {
                let mut seq = s.serialize_seq(Some(xs.len()))?;
                for x in xs {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Value::Months { entries, .. } => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (m, v) in entries {
                    map.serialize_entry(&m.to_string(), v)?;
                }
                map.end()
            }
            Value::IntRange(a, b) => [a, b].serialize(s),
            Value::MonthRange(a, b) => [a.to_string(), b.to_string()].serialize(s),
            Value::QuarterRange(a, b) => [a.to_string(), b.to_string()].serialize(s),
            Value::DateRange(a, b) => [a.to_string(), b.to_string()].serialize(s),
        }
    }
}

/// An evaluation value of type `ty`, serialised as [`Value::of`] gives it, without building the
/// owned value: names borrowed from the program, text and entries from the record.
#[derive(Clone, Copy)]
pub struct Live<'a> {
    /// The program that names enum members, grades and rungs.
    pub program: &'a Program,
    /// The value's type.
    pub ty: &'a Type,
    /// The value.
    pub value: eval::Value<'a>,
}

impl<'a> Live<'a> {
    /// The name of an enum member, a grade, a rung or a 大级, where the program has one.
    pub(super) fn name(&self) -> Option<&'a str> {
        let (p, ty) = (self.program, self.ty);
        match self.value {
            eval::Value::Enum(i) => enum_ref(p, ty, i),
            eval::Value::Grade(g) => grade_ref(p, ty, g),
            eval::Value::Rung(r) => rung_ref(p, ty, r),
            eval::Value::Major(m) => major_ref(p, ty, m),
            _ => None,
        }
    }

    /// A record field's value of type `ty` (an absent one is null, as [`Value::Absent`] is).
    fn field(&self, ty: &'a Type, v: &'a FieldValue) -> Live<'a> {
        Live {
            program: self.program,
            ty,
            value: eval::Value::of(v),
        }
    }
}

/// A name where the program has one, else the number (as [`Value::of`] falls back).
fn name_or<S: Serializer, N: std::fmt::Display>(
    name: Option<&str>,
    n: N,
    s: S,
) -> Result<S::Ok, S::Error> {
    match name {
        Some(name) => s.serialize_str(name),
        None => s.collect_str(&n),
    }
}

/// A period, a month or a date as text (a map key too), without making the text first.
struct AsText<T>(T);

impl<T: std::fmt::Display> Serialize for AsText<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl Serialize for Live<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, ty) = (self.program, self.ty);
        match self.value {
            eval::Value::Missing(_) | eval::Value::None => s.serialize_none(),
            eval::Value::Bool(b) => s.serialize_bool(b),
            eval::Value::Num(n) => serialize_num(n, s),
            eval::Value::Text(t) => s.serialize_str(t),
            eval::Value::Date(d) => s.collect_str(&d),
            eval::Value::Month(m) => s.collect_str(&m),
            eval::Value::Quarter(q) => s.collect_str(&q),
            eval::Value::Dur(n, u) => s.serialize_str(&duration_word(n, u)),
            eval::Value::Enum(i) => name_or(enum_ref(p, ty, i), i, s),
            eval::Value::Grade(g) => name_or(grade_ref(p, ty, g), g, s),
            eval::Value::Rung(r) => name_or(rung_ref(p, ty, r), r, s),
            eval::Value::Major(m) => name_or(major_ref(p, ty, m), m, s),
            eval::Value::Struct(fs) => {
                let def = match ty {
                    Type::Struct(st) => p.schema.struct_def(*st),
                    _ => None,
                };
                let fields = def.map(|d| d.fields.as_slice()).unwrap_or(&[]);
                let n = fields.len().min(fs.len());
                let mut map = s.serialize_map(Some(n))?;
                for (f, v) in fields.iter().zip(fs) {
                    map.serialize_entry(&f.name, &self.field(&f.ty, v))?;
                }
                map.end()
            }
            eval::Value::List(xs) => {
                let e = inner_ref(ty);
                let mut seq = s.serialize_seq(Some(xs.len()))?;
                for x in xs {
                    seq.serialize_element(&self.field(e, x))?;
                }
                seq.end()
            }
            eval::Value::Map(m) => self.months(m.entries(), s),
            eval::Value::Window(m, lo, hi) => self.months(m.range(lo, hi), s),
            eval::Value::IntRange(a, b) => [a, b].serialize(s),
            eval::Value::MonthRange(a, b) => [AsText(a), AsText(b)].serialize(s),
            eval::Value::QuarterRange(a, b) => [AsText(a), AsText(b)].serialize(s),
            eval::Value::DateRange(a, b) => [AsText(a), AsText(b)].serialize(s),
        }
    }
}

impl Live<'_> {
    fn months<S: Serializer>(
        &self,
        entries: &[(Period, FieldValue)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let e = inner_ref(self.ty);
        let mut map = s.serialize_map(Some(entries.len()))?;
        for (m, x) in entries {
            map.serialize_entry(&AsText(*m), &self.field(e, x))?;
        }
        map.end()
    }
}
