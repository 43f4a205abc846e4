//! Program stage: the record schema a policy declares (enums, scales, ladders, sub-records and the
//! input record), against which records are read.

use crate::value::{FieldValue, Num};

use super::types::Type;

/// Everything a record is checked against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    /// Enums.
    pub enums: Vec<EnumDef>,
    /// Ordered scales.
    pub scales: Vec<ScaleDef>,
    /// Ladders.
    pub ladders: Vec<LadderDef>,
    /// Sub-record types and the input record.
    pub structs: Vec<StructDef>,
    /// The input record's index in `structs`.
    pub record: u16,
    /// The field that names a record, if declared.
    pub key: Option<usize>,
}

/// An enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Its name.
    pub name: String,
    /// Its members in order.
    pub members: Vec<String>,
}

/// An ordered scale. A grade's value is its rank: the worst level is 0.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDef {
    /// Its name.
    pub name: String,
    /// Its levels, best first.
    pub levels: Vec<String>,
}

/// A ladder of 大级 and 小级.
#[derive(Clone, Debug, PartialEq)]
pub struct LadderDef {
    /// Its name.
    pub name: String,
    /// Its 大级, lowest first.
    pub majors: Vec<MajorDef>,
    /// Its rungs, lowest first.
    pub rungs: Vec<RungDef>,
}

/// A 大级: its name and its rungs' positions.
#[derive(Clone, Debug, PartialEq)]
pub struct MajorDef {
    /// Its name.
    pub name: String,
    /// The index of its lowest rung.
    pub first: u16,
    /// How many rungs it has.
    pub len: u16,
}

/// A rung.
#[derive(Clone, Debug, PartialEq)]
pub struct RungDef {
    /// Its name as output: `大级(小级)`, or the 大级 alone.
    pub name: String,
    /// Its 大级.
    pub major: u16,
    /// Its 小级, if the 大级 has any.
    pub minor: Option<String>,
}

/// A sub-record type or the input record.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Its name.
    pub name: String,
    /// Its fields.
    pub fields: Vec<FieldDef>,
}

/// A field of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether it may be absent.
    pub optional: bool,
    /// Its value when absent.
    pub default: Option<FieldValue>,
    /// The smallest number allowed.
    pub min: Option<Num>,
    /// The largest number allowed.
    pub max: Option<Num>,
}

impl Schema {
    /// The input record's type.
    pub fn record(&self) -> Option<&StructDef> {
        self.structs.get(usize::from(self.record))
    }

    /// An enum by index.
    pub fn enum_def(&self, i: u16) -> Option<&EnumDef> {
        self.enums.get(usize::from(i))
    }

    /// A scale by index.
    pub fn scale(&self, i: u16) -> Option<&ScaleDef> {
        self.scales.get(usize::from(i))
    }

    /// A ladder by index.
    pub fn ladder(&self, i: u16) -> Option<&LadderDef> {
        self.ladders.get(usize::from(i))
    }

    /// A sub-record type by index.
    pub fn struct_def(&self, i: u16) -> Option<&StructDef> {
        self.structs.get(usize::from(i))
    }
}

impl ScaleDef {
    /// The rank of a level (the worst is 0).
    pub fn rank(&self, level: &str) -> Option<u8> {
        let i = self.levels.iter().position(|l| l == level)?;
        u8::try_from(self.levels.len() - 1 - i).ok()
    }

    /// The level of a rank.
    pub fn level(&self, rank: u8) -> Option<&str> {
        let i = self.levels.len().checked_sub(1 + usize::from(rank))?;
        self.levels.get(i).map(String::as_str)
    }
}

impl LadderDef {
    /// The rung with this name; full-width parentheses and spaces are accepted.
    pub fn find(&self, name: &str) -> Option<u16> {
        let want = crate::names::normalize(name);
        let i = self
            .rungs
            .iter()
            .position(|r| crate::names::normalize(&r.name) == want)?;
        u16::try_from(i).ok()
    }

    /// The name of a rung.
    pub fn rung_name(&self, i: u16) -> Option<&str> {
        self.rungs.get(usize::from(i)).map(|r| r.name.as_str())
    }

    /// The top rung's index.
    pub fn top(&self) -> u16 {
        u16::try_from(self.rungs.len().saturating_sub(1)).unwrap_or(u16::MAX)
    }
}

impl StructDef {
    /// A field's index by name.
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}
