//! Program stage: the types of the language, how they combine, and how they are named.

use crate::diag::Lang;
use crate::value::DurationUnit;

use super::schema::Schema;

/// A type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// 布尔.
    Bool,
    /// 整数.
    Int,
    /// 数值 (exact decimals).
    Number,
    /// 文本.
    Text,
    /// 日期.
    Date,
    /// 月份.
    Month,
    /// A duration in a unit.
    Duration(DurationUnit),
    /// An enum, by index in the schema.
    Enum(u16),
    /// A grade of a scale, by the scale's index.
    Grade(u16),
    /// A rung of a ladder, by the ladder's index.
    Rung(u16),
    /// A 大级 of a ladder, by the ladder's index.
    Major(u16),
    /// A sub-record type, by index in the schema.
    Struct(u16),
    /// A list.
    List(Box<Type>),
    /// A month-keyed map.
    Map(Box<Type>),
    /// The part of a month-keyed map between two months.
    Window(Box<Type>),
    /// A range of months or whole numbers.
    Range(Box<Type>),
    /// `空`: no value; fits any type.
    None,
    /// The type of an expression that already has an error.
    Error,
}

impl Type {
    /// Whether values of this type can be compared with `<`.
    pub fn is_ordered(&self) -> bool {
        matches!(
            self,
            Type::Int
                | Type::Number
                | Type::Date
                | Type::Month
                | Type::Grade(_)
                | Type::Rung(_)
                | Type::Major(_)
        )
    }

    /// Whether this is a number type.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Number)
    }

    /// Whether this is the error type (a mistake already reported).
    pub fn is_error(&self) -> bool {
        matches!(self, Type::Error)
    }

    /// The element type when iterated over by a quantifier.
    pub fn element(&self) -> Option<Type> {
        match self {
            Type::List(t) => Some((**t).clone()),
            Type::Window(_) | Type::Map(_) => Some(Type::Month),
            Type::Range(t) => Some((**t).clone()),
            _ => None,
        }
    }

    /// The grades' scale of a window, map or list of grades.
    pub fn grades_scale(&self) -> Option<u16> {
        match self {
            Type::Window(t) | Type::Map(t) | Type::List(t) => match **t {
                Type::Grade(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// The type two branches or operands share, if any (`整数` widens to `数值`).
    pub fn unify(&self, other: &Type) -> Option<Type> {
        match (self, other) {
            (Type::Error, _) | (_, Type::Error) => Some(Type::Error),
            (Type::None, t) | (t, Type::None) => Some(t.clone()),
            (Type::Int, Type::Number) | (Type::Number, Type::Int) => Some(Type::Number),
            (Type::List(a), Type::List(b)) => a.unify(b).map(|t| Type::List(Box::new(t))),
            (a, b) if a == b => Some(a.clone()),
            _ => None,
        }
    }

    /// Whether a value of type `self` may be stored where `target` is expected.
    pub fn fits(&self, target: &Type) -> bool {
        match (self, target) {
            (Type::Error, _) | (_, Type::Error) | (Type::None, _) => true,
            (Type::Int, Type::Number) => true,
            (Type::List(a), Type::List(b)) => a.fits(b),
            (a, b) => a == b,
        }
    }

    /// The type's name as a user reads it.
    pub fn name(&self, schema: &Schema, lang: Lang) -> String {
        match self {
            Type::Bool => lang.pick("布尔", "bool").into(),
            Type::Int => lang.pick("整数", "int").into(),
            Type::Number => lang.pick("数值", "number").into(),
            Type::Text => lang.pick("文本", "text").into(),
            Type::Date => lang.pick("日期", "date").into(),
            Type::Month => lang.pick("月份", "month").into(),
            Type::Duration(u) => match u {
                DurationUnit::Days => lang.pick("天数", "a duration in days").into(),
                DurationUnit::Workdays => {
                    lang.pick("工作日数", "a duration in working days").into()
                }
                DurationUnit::Months => lang.pick("月数", "a duration in months").into(),
            },
            Type::Enum(i) => schema.enum_def(*i).map_or("?", |e| e.name.as_str()).into(),
            Type::Grade(i) => schema.scale(*i).map_or("?", |s| s.name.as_str()).into(),
            Type::Rung(i) => schema.ladder(*i).map_or("?", |l| l.name.as_str()).into(),
            Type::Major(i) => {
                let l = schema.ladder(*i).map_or("?", |l| l.name.as_str());
                lang.fmt(format!("{l}的大级"), format!("a 大级 of {l}"))
            }
            Type::Struct(i) => schema
                .struct_def(*i)
                .map_or("?", |s| s.name.as_str())
                .into(),
            Type::List(t) => lang.fmt(
                format!("列表[{}]", t.name(schema, lang)),
                format!("list[{}]", t.name(schema, lang)),
            ),
            Type::Map(t) => lang.fmt(
                format!("映射[月份, {}]", t.name(schema, lang)),
                format!("map[month, {}]", t.name(schema, lang)),
            ),
            Type::Window(t) => lang.fmt(
                format!("若干月的{}", t.name(schema, lang)),
                format!("a window of {}", t.name(schema, lang)),
            ),
            Type::Range(t) => lang.fmt(
                format!("{}区间", t.name(schema, lang)),
                format!("a range of {}", t.name(schema, lang)),
            ),
            Type::None => lang.pick("空", "none").into(),
            Type::Error => "?".into(),
        }
    }
}
