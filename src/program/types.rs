//! Program stage: the types of the language, how they combine, and how they are named.

use crate::calendar::PeriodKind;
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
    /// 季度.
    Quarter,
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
    /// A map keyed by months, quarters or years.
    Map(PeriodKind, Box<Type>),
    /// The part of a map between two of its keys.
    Window(PeriodKind, Box<Type>),
    /// A range of months, quarters, dates or whole numbers.
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
                | Type::Quarter
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
            Type::Window(k, _) | Type::Map(k, _) => Some(Type::key(*k)),
            Type::Range(t) => Some((**t).clone()),
            _ => None,
        }
    }

    /// The grades' scale of a window, map or list of grades.
    pub fn grades_scale(&self) -> Option<u16> {
        match self {
            Type::Window(_, t) | Type::Map(_, t) | Type::List(t) => match **t {
                Type::Grade(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// The type of a map's keys of a kind: a year is a whole number.
    pub fn key(kind: PeriodKind) -> Type {
        match kind {
            PeriodKind::Month => Type::Month,
            PeriodKind::Quarter => Type::Quarter,
            PeriodKind::Year => Type::Int,
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

    /// The type as a reader names it, with the names of enums, scales, ladders and
    /// sub-records looked up; the words are left to whoever renders it. Built in one pass, so
    /// its cost grows with the type's size, not with the languages it may be shown in.
    pub fn describe(&self, schema: &Schema) -> TypeName {
        let declared = |name: Option<&str>| TypeName::Declared(name.unwrap_or("?").to_string());
        match self {
            Type::Bool => TypeName::Bool,
            Type::Int => TypeName::Int,
            Type::Number => TypeName::Number,
            Type::Text => TypeName::Text,
            Type::Date => TypeName::Date,
            Type::Month => TypeName::Month,
            Type::Quarter => TypeName::Quarter,
            Type::Duration(u) => TypeName::Duration(*u),
            Type::Enum(i) => declared(schema.enum_def(*i).map(|e| e.name.as_str())),
            Type::Grade(i) => declared(schema.scale(*i).map(|s| s.name.as_str())),
            Type::Rung(i) => declared(schema.ladder(*i).map(|l| l.name.as_str())),
            Type::Struct(i) => declared(schema.struct_def(*i).map(|s| s.name.as_str())),
            Type::Major(i) => TypeName::Major(
                schema
                    .ladder(*i)
                    .map_or("?", |l| l.name.as_str())
                    .to_string(),
            ),
            Type::List(t) => TypeName::List(Box::new(t.describe(schema))),
            Type::Map(k, t) => TypeName::Map(*k, Box::new(t.describe(schema))),
            Type::Window(k, t) => TypeName::Window(*k, Box::new(t.describe(schema))),
            Type::Range(t) => TypeName::Range(Box::new(t.describe(schema))),
            Type::None => TypeName::None,
            Type::Error => TypeName::Unknown,
        }
    }
}

/// A type as a reader names it: built-in types by kind, declared types by their names. The
/// words, Chinese or English, are made where it is rendered (`diag`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeName {
    /// 布尔.
    Bool,
    /// 整数.
    Int,
    /// 数值.
    Number,
    /// 文本.
    Text,
    /// 日期.
    Date,
    /// 月份.
    Month,
    /// 季度.
    Quarter,
    /// A duration in a unit.
    Duration(DurationUnit),
    /// An enum, scale, ladder or sub-record, by its declared name.
    Declared(String),
    /// A 大级 of the named ladder.
    Major(String),
    /// A list.
    List(Box<TypeName>),
    /// A map keyed by months, quarters or years.
    Map(PeriodKind, Box<TypeName>),
    /// The part of such a map between two of its keys.
    Window(PeriodKind, Box<TypeName>),
    /// A range.
    Range(Box<TypeName>),
    /// `空`.
    None,
    /// The type of an expression that already has an error.
    Unknown,
}

impl TypeName {
    /// The declared name of an enum, scale, ladder or sub-record.
    pub fn declared(&self) -> Option<&str> {
        match self {
            TypeName::Declared(n) => Some(n),
            _ => None,
        }
    }
}
