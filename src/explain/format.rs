//! Explain stage: values as text and as JSON, named by the policy's own words (rungs as the
//! ladder writes them with ASCII parentheses, dates `YYYY-MM-DD`, months `YYYY-MM`).

use serde_json::{json, Map, Value as Json};

use crate::calendar::{Date, Month};
use crate::diag::Lang;
use crate::eval::Value;
use crate::program::{Program, Type};
use crate::value::{DurationUnit, FieldValue, Num};

/// A number as JSON: whole numbers as integers.
pub fn num_json(n: Num) -> Json {
    match n.as_int() {
        Some(i) => json!(i),
        None => n
            .to_string()
            .parse::<f64>()
            .map_or(Json::Null, |f| json!(f)),
    }
}

/// A duration as written in a policy.
pub fn duration_text(n: i64, unit: DurationUnit, lang: Lang) -> String {
    match (unit, lang) {
        (DurationUnit::Days, Lang::Zh) => format!("{n}天"),
        (DurationUnit::Workdays, Lang::Zh) => format!("{n}个工作日"),
        (DurationUnit::Months, Lang::Zh) => format!("{n}个月"),
        (DurationUnit::Days, Lang::En) => format!("{n} days"),
        (DurationUnit::Workdays, Lang::En) => format!("{n} working days"),
        (DurationUnit::Months, Lang::En) => format!("{n} months"),
    }
}

fn enum_name(p: &Program, t: &Type, i: u16) -> String {
    match t {
        Type::Enum(e) => p
            .schema
            .enum_def(*e)
            .and_then(|d| d.members.get(usize::from(i)))
            .cloned(),
        _ => None,
    }
    .unwrap_or_else(|| i.to_string())
}

fn grade_name(p: &Program, t: &Type, g: u8) -> String {
    let scale = match t {
        Type::Grade(s) => Some(*s),
        other => other.grades_scale(),
    };
    scale
        .and_then(|s| p.schema.scale(s))
        .and_then(|s| s.level(g))
        .map_or_else(|| g.to_string(), str::to_string)
}

fn rung_name(p: &Program, t: &Type, r: u16) -> String {
    match t {
        Type::Rung(l) => p
            .schema
            .ladder(*l)
            .and_then(|d| d.rung_name(r))
            .map(str::to_string),
        _ => None,
    }
    .unwrap_or_else(|| r.to_string())
}

fn major_name(p: &Program, t: &Type, m: u16) -> String {
    match t {
        Type::Major(l) => p
            .schema
            .ladder(*l)
            .and_then(|d| d.majors.get(usize::from(m)))
            .map(|m| m.name.clone()),
        _ => None,
    }
    .unwrap_or_else(|| m.to_string())
}

/// The element type of a list, map or window type.
fn inner(t: &Type) -> Type {
    match t {
        Type::List(x) | Type::Map(x) | Type::Window(x) | Type::Range(x) => (**x).clone(),
        other => other.clone(),
    }
}

/// A value as JSON.
pub fn to_json(p: &Program, t: &Type, v: Value<'_>) -> Json {
    match v {
        Value::Missing(_) | Value::None => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Num(n) => num_json(n),
        Value::Text(s) => json!(s),
        Value::Date(d) => json!(d.to_string()),
        Value::Month(m) => json!(m.to_string()),
        Value::Dur(n, u) => json!(duration_text(n, u, Lang::Zh)),
        Value::Enum(i) => json!(enum_name(p, t, i)),
        Value::Grade(g) => json!(grade_name(p, t, g)),
        Value::Rung(r) => json!(rung_name(p, t, r)),
        Value::Major(m) => json!(major_name(p, t, m)),
        Value::Struct(fs) => {
            let mut obj = Map::new();
            if let Type::Struct(s) = t {
                if let Some(def) = p.schema.struct_def(*s) {
                    for (f, v) in def.fields.iter().zip(fs) {
                        obj.insert(f.name.clone(), to_json(p, &f.ty, Value::of(v)));
                    }
                }
            }
            Json::Object(obj)
        }
        Value::List(xs) => {
            let e = inner(t);
            Json::Array(xs.iter().map(|x| to_json(p, &e, Value::of(x))).collect())
        }
        Value::Map(_) | Value::Window(..) => {
            let e = inner(t);
            let entries = match v {
                Value::Map(m) => m.entries(),
                Value::Window(m, lo, hi) => m.range(lo, hi),
                _ => &[],
            };
            Json::Object(
                entries
                    .iter()
                    .map(|(k, x)| (k.to_string(), to_json(p, &e, Value::of(x))))
                    .collect(),
            )
        }
        Value::IntRange(a, b) => json!([a, b]),
        Value::MonthRange(a, b) => json!([a.to_string(), b.to_string()]),
        Value::DateRange(a, b) => json!([a.to_string(), b.to_string()]),
    }
}

/// A value as a reader sees it in a notice.
pub fn to_text(p: &Program, t: &Type, v: Value<'_>, lang: Lang) -> String {
    match v {
        Value::Missing(_) => lang.pick("待定", "pending").to_string(),
        Value::None => "—".to_string(),
        Value::Bool(b) => lang
            .pick(if b { "是" } else { "否" }, if b { "yes" } else { "no" })
            .to_string(),
        Value::Num(n) => n.to_string(),
        Value::Text(s) => s.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Month(m) => m.to_string(),
        Value::Dur(n, u) => duration_text(n, u, lang),
        Value::Enum(i) => enum_name(p, t, i),
        Value::Grade(g) => grade_name(p, t, g),
        Value::Rung(r) => rung_name(p, t, r),
        Value::Major(m) => major_name(p, t, m),
        Value::Struct(fs) => {
            let Type::Struct(s) = t else {
                return String::new();
            };
            let Some(def) = p.schema.struct_def(*s) else {
                return String::new();
            };
            let parts: Vec<String> = def
                .fields
                .iter()
                .zip(fs)
                .filter(|(_, v)| !matches!(v, FieldValue::Absent))
                .map(|(f, v)| format!("{} {}", f.name, to_text(p, &f.ty, Value::of(v), lang)))
                .collect();
            parts.join(lang.pick(",", ", "))
        }
        Value::List(xs) => {
            let e = inner(t);
            let parts: Vec<String> = xs
                .iter()
                .map(|x| to_text(p, &e, Value::of(x), lang))
                .collect();
            parts.join(lang.pick("、", ", "))
        }
        Value::Map(_) | Value::Window(..) => grades_text(p, t, v, lang),
        Value::IntRange(a, b) => format!("{a}..{b}"),
        Value::MonthRange(a, b) => format!("{a}..{b}"),
        Value::DateRange(a, b) => format!("{a}..{b}"),
    }
}

/// A window of monthly values, every month shown: `2026-01 A、2026-02 —、…`.
pub fn grades_text(p: &Program, t: &Type, v: Value<'_>, lang: Lang) -> String {
    let e = inner(t);
    let (map, lo, hi) = match v {
        Value::Window(m, lo, hi) => (m, lo, hi),
        Value::Map(m) => match (m.entries().first(), m.entries().last()) {
            (Some(a), Some(b)) => (m, a.0, b.0),
            _ => return lang.pick("(无记录)", "(none)").to_string(),
        },
        _ => return String::new(),
    };
    if hi < lo {
        return lang.pick("(没有月份)", "(no months)").to_string();
    }
    let parts: Vec<String> = (lo.raw()..=hi.raw())
        .map(Month::from_raw)
        .map(|m| {
            let g = map
                .get(m)
                .map_or_else(|| "—".to_string(), |x| to_text(p, &e, Value::of(x), lang));
            format!("{} {g}", short_month(m))
        })
        .collect();
    parts.join(lang.pick("、", ", "))
}

/// `2026-07`.
pub fn short_month(m: Month) -> String {
    m.to_string()
}

/// Days between two dates as words.
pub fn days_text(days: i64, lang: Lang) -> String {
    lang.fmt(format!("{days} 天"), format!("{days} days"))
}

/// A date as text (for callers holding a bare date).
pub fn date_text(d: Date) -> String {
    d.to_string()
}
