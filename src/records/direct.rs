//! Records stage: reads a JSON record straight into its typed fields by the schema, without a
//! JSON tree. Keys are matched against the schema's fields in schema order, dates written
//! `YYYY-MM-DD` and months `YYYY-MM` are read without the general parser, and rung names are
//! normalised once per reader, not once per lookup.
//!
//! Only a regular record is read so. At anything else — a key that is not a field or is written
//! twice, a value of the wrong type or out of range, a blank where a value is required, a date
//! that is not one, a month key that is not a month, text holding bytes that were not decoded,
//! JSON that does not parse — the direct reader gives up, and the record is read again through
//! the tree (`parse` and `convert`), which reports what is wrong in the words it always has. So
//! a record read directly is exactly the record the tree would give, with no warnings, and
//! every problem comes from one place.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::calendar::{Date, Month, Period, PeriodKind, Quarter};
use crate::names::normalize;
use crate::program::schema::{FieldDef, Schema, StructDef};
use crate::program::Type;
use crate::value::{FieldValue, Num, PeriodMap};

use super::convert::{grade, parse_date, parse_key, parse_month};
use super::probe::{Names, Probe};

/// The most fields a record or sub-record may have to be read directly (one bit each).
const MAX_FIELDS: usize = 128;

/// The schema, prepared for reading records directly.
#[derive(Clone)]
pub(super) struct Direct<'s> {
    schema: &'s Schema,
    /// Each record type's field names, by the type's index.
    keys: Vec<Vec<Probe<Box<str>>>>,
    /// Each enum's members, with their indexes.
    enums: Vec<Names>,
    /// Each scale's levels, with their ranks.
    scales: Vec<Names>,
    /// Each ladder's rung names, normalised, with their indexes.
    rungs: Vec<Names>,
}

/// A record read directly.
pub(super) struct DirectRecord {
    /// The key field's value, if given.
    pub(super) id: Option<String>,
    /// The fields, in schema order.
    pub(super) fields: Vec<FieldValue>,
    /// The top-level fields given a value that is not empty (null, blank, `[]`, `{}`), one bit
    /// per field.
    pub(super) given: u128,
}

impl<'s> Direct<'s> {
    /// None when the schema's record cannot be read directly: it has too many fields, or its
    /// key is not text.
    pub(super) fn new(schema: &'s Schema) -> Option<Self> {
        let def = schema.record()?;
        if def.fields.len() > MAX_FIELDS
            || schema.structs.iter().any(|s| s.fields.len() > MAX_FIELDS)
        {
            return None;
        }
        if let Some(key) = schema.key {
            if def.fields.get(key)?.ty != Type::Text {
                return None;
            }
        }
        let index = |p: usize| u16::try_from(p).ok();
        let keys = schema
            .structs
            .iter()
            .map(|s| {
                s.fields
                    .iter()
                    .map(|f| Probe::new(Box::from(f.name.as_str())))
                    .collect()
            })
            .collect();
        let enums = schema
            .enums
            .iter()
            .map(|e| Names::new(e.members.iter().enumerate().map(|(p, m)| (m, index(p)))))
            .collect();
        let scales = schema
            .scales
            .iter()
            .map(|s| Names::new(s.levels.iter().map(|l| (l, s.rank(l).map(u16::from)))))
            .collect();
        let rungs = schema
            .ladders
            .iter()
            .map(|l| {
                Names::new(
                    l.rungs
                        .iter()
                        .enumerate()
                        .map(|(p, r)| (normalize(&r.name), index(p))),
                )
            })
            .collect();
        Some(Direct {
            schema,
            keys,
            enums,
            scales,
            rungs,
        })
    }

    /// The record that `text` holds, or None to read it through the tree.
    pub(super) fn read(&self, text: &str) -> Option<DirectRecord> {
        let def = self.schema.record()?;
        let mut de = serde_json::Deserializer::from_str(text);
        let mut top = Top {
            key: self.schema.key,
            id: None,
            given: 0,
        };
        let fields = de
            .deserialize_map(Fields {
                d: self,
                def,
                keys: self.keys.get(usize::from(self.schema.record))?,
                top: Some(&mut top),
            })
            .ok()?;
        de.end().ok()?;
        Some(DirectRecord {
            id: top.id,
            fields,
            given: top.given,
        })
    }

    /// An enum member, a grade or a rung by name, as the tree reads it.
    fn name(&self, ty: &Type, text: &str) -> Option<FieldValue> {
        let i = |i: &u16| usize::from(*i);
        match ty {
            Type::Enum(e) => self.enums.get(i(e))?.get(text).map(FieldValue::Enum),
            Type::Grade(g) => {
                if let Some(rank) = self.scales.get(i(g))?.get(text) {
                    return u8::try_from(rank).ok().map(FieldValue::Grade);
                }
                // Not a level as written: perhaps in another case or full-width.
                let s = self.schema.scale(*g)?;
                grade(&s.levels, text)
                    .and_then(|l| s.rank(l))
                    .map(FieldValue::Grade)
            }
            Type::Rung(r) => {
                // A rung written as its normalised name needs no normalising.
                let names = self.rungs.get(i(r))?;
                names
                    .get(text)
                    .or_else(|| names.get(&normalize(text)))
                    .map(FieldValue::Rung)
            }
            _ => None,
        }
    }
}

/// What the top level keeps beside the fields: the key field's index and value, the fields
/// given.
struct Top {
    key: Option<usize>,
    id: Option<String>,
    given: u128,
}

/// The mark of a record the direct reader gives up on; the error carries no words.
fn give_up<E: de::Error>() -> E {
    E::custom("")
}

/// A value as read: blank (null or blank text), or a value with whether it was given (not
/// `[]` or `{}`).
enum Got {
    Blank,
    Value(FieldValue, bool),
}

/// The fields of a record or sub-record, in schema order.
struct Fields<'a, 's> {
    d: &'a Direct<'s>,
    def: &'a StructDef,
    /// The names of `def`'s fields.
    keys: &'a [Probe<Box<str>>],
    /// At the top level: where the id and the fields given go.
    top: Option<&'a mut Top>,
}

impl<'de> Visitor<'de> for Fields<'_, '_> {
    type Value = Vec<FieldValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        let fields = &self.def.fields;
        let mut out = vec![FieldValue::Absent; fields.len()];
        let mut seen: u128 = 0;
        let mut next = 0;
        while let Some(i) = map.next_key_seed(Key {
            names: self.keys,
            next,
        })? {
            let bit = 1u128 << i;
            let f = fields.get(i).ok_or_else(give_up)?;
            if seen & bit != 0 {
                return Err(give_up());
            }
            seen |= bit;
            next = i + 1;
            let got = map.next_value_seed(Typed {
                d: self.d,
                ty: &f.ty,
                range: (f.min, f.max),
            })?;
            let slot = out.get_mut(i).ok_or_else(give_up)?;
            match got {
                Got::Blank => *slot = absent(f).ok_or_else(give_up)?,
                Got::Value(v, given) => {
                    if let Some(top) = self.top.as_deref_mut() {
                        if given {
                            top.given |= bit;
                        }
                        if top.key == Some(i) {
                            if let FieldValue::Text(t) = &v {
                                top.id = (!t.is_empty()).then(|| t.clone());
                            }
                        }
                    }
                    *slot = v;
                }
            }
        }
        for (i, (f, slot)) in fields.iter().zip(out.iter_mut()).enumerate() {
            if seen & (1u128 << i) == 0 {
                *slot = absent(f).ok_or_else(give_up)?;
            }
        }
        Ok(out)
    }
}

/// A field's value when none is given: its default, else absent if it is optional; None when
/// it is required.
fn absent(f: &FieldDef) -> Option<FieldValue> {
    match &f.default {
        Some(d) => Some(d.clone()),
        None => f.optional.then_some(FieldValue::Absent),
    }
}

/// A key of a record or sub-record: the index of the field it names, looked for first where
/// the schema's order says the next key should be.
struct Key<'a> {
    names: &'a [Probe<Box<str>>],
    next: usize,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Key<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field's name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        if replaced(key) {
            return Err(give_up());
        }
        let key = Probe::new(key);
        let (after, before) = (
            self.names.get(self.next..).unwrap_or_default(),
            self.names.get(..self.next).unwrap_or_default(),
        );
        let found = match after.iter().position(|n| n.is(&key)) {
            Some(p) => Some(self.next + p),
            None => before.iter().position(|n| n.is(&key)),
        };
        found.ok_or_else(give_up)
    }
}

/// The lowest and highest number a field allows.
type Range = (Option<Num>, Option<Num>);

/// A value of a type.
struct Typed<'a, 's> {
    d: &'a Direct<'s>,
    ty: &'a Type,
    range: Range,
}

impl<'de> DeserializeSeed<'de> for Typed<'_, '_> {
    type Value = Got;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Got, D::Error> {
        d.deserialize_any(self)
    }
}

impl Typed<'_, '_> {
    /// A number, if the type takes one and it is in range.
    fn number<E: de::Error>(&self, n: Option<Num>) -> Result<Got, E> {
        let int = match self.ty {
            Type::Int => true,
            Type::Number => false,
            _ => return Err(give_up()),
        };
        let n = n.filter(|n| !int || n.is_integer()).ok_or_else(give_up)?;
        let (lo, hi) = self.range;
        if lo.is_some_and(|lo| n < lo) || hi.is_some_and(|hi| n > hi) {
            return Err(give_up());
        }
        Ok(Got::Value(FieldValue::Num(n), true))
    }
}

impl<'de> Visitor<'de> for Typed<'_, '_> {
    type Value = Got;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value of the field's type")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Got, E> {
        match self.ty {
            Type::Bool => Ok(Got::Value(FieldValue::Bool(v), true)),
            _ => Err(give_up()),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Got, E> {
        self.number(Num::from_int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Got, E> {
        match i64::try_from(v) {
            Ok(v) => self.number(Num::from_int(v)),
            // As the tree reads a whole number too large for i64: through a float.
            Err(_) => self.number(Num::from_f64(v as f64)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Got, E> {
        self.number(Num::from_f64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Got, E> {
        if replaced(v) {
            return Err(give_up());
        }
        let s = v.trim();
        if s.is_empty() {
            return Ok(Got::Blank);
        }
        let value = match self.ty {
            Type::Text => Some(FieldValue::Text(s.to_string())),
            Type::Int | Type::Number => return self.number(Num::parse(s)),
            Type::Date => ymd(s)
                .or_else(|| parse_date(s, false))
                .map(FieldValue::Date),
            Type::Month => ym(s).or_else(|| parse_month(s)).map(FieldValue::Month),
            Type::Quarter => Quarter::parse(s).map(FieldValue::Quarter),
            Type::Enum(_) | Type::Grade(_) | Type::Rung(_) => self.d.name(self.ty, s),
            _ => None,
        };
        value.map(|v| Got::Value(v, true)).ok_or_else(give_up)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Got, E> {
        Ok(Got::Blank)
    }

    fn visit_none<E: de::Error>(self) -> Result<Got, E> {
        Ok(Got::Blank)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Got, A::Error> {
        let Type::List(item) = self.ty else {
            return Err(give_up());
        };
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let typed = || Typed {
            d: self.d,
            ty: item,
            range: self.range,
        };
        while let Some(got) = seq.next_element_seed(typed())? {
            match got {
                Got::Value(v, _) => out.push(v),
                // The tree reads a blank item as a value of the item's type (blank text).
                Got::Blank => return Err(give_up()),
            }
        }
        let given = !out.is_empty();
        Ok(Got::Value(FieldValue::List(out), given))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Got, A::Error> {
        match self.ty {
            Type::Struct(i) => {
                let def = self.d.schema.struct_def(*i).ok_or_else(give_up)?;
                let mut keys = false;
                let fields = Fields {
                    d: self.d,
                    def,
                    keys: self.d.keys.get(usize::from(*i)).ok_or_else(give_up)?,
                    top: None,
                }
                .visit_map(Counting {
                    map: &mut map,
                    any: &mut keys,
                })?;
                Ok(Got::Value(FieldValue::Struct(fields), keys))
            }
            Type::Map(kind, item) => {
                let typed = || Typed {
                    d: self.d,
                    ty: item,
                    range: self.range,
                };
                let mut out: Vec<(Period, FieldValue)> = Vec::new();
                // The keys whose value is blank: skipped, but a key given twice is for the
                // tree to report.
                let mut blank: Vec<Period> = Vec::new();
                let mut keys = false;
                while let Some(m) = map.next_key_seed(PeriodKey(*kind))? {
                    keys = true;
                    match map.next_value_seed(typed())? {
                        Got::Value(v, _) => out.push((m, v)),
                        Got::Blank => blank.push(m),
                    }
                }
                out.sort_by_key(|(m, _)| *m);
                let twice = out.windows(2).any(|w| matches!(w, [a, b] if a.0 == b.0));
                blank.sort_unstable();
                let twice_blank = blank.windows(2).any(|w| matches!(w, [a, b] if a == b));
                let clash = blank
                    .iter()
                    .any(|m| out.binary_search_by_key(m, |(k, _)| *k).is_ok());
                if twice || twice_blank || clash {
                    return Err(give_up());
                }
                Ok(Got::Value(FieldValue::Map(PeriodMap::new(out)), keys))
            }
            _ => Err(give_up()),
        }
    }
}

/// A map's keys and values, noting whether it had any key.
struct Counting<'m, A> {
    map: &'m mut A,
    any: &'m mut bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Counting<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let key = self.map.next_key_seed(seed)?;
        *self.any |= key.is_some();
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// A map's key: a month, a quarter or a year, as the map is keyed.
struct PeriodKey(PeriodKind);

impl<'de> DeserializeSeed<'de> for PeriodKey {
    type Value = Period;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Period, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for PeriodKey {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a month, quarter or year")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Period, E> {
        if replaced(key) {
            return Err(give_up());
        }
        match self.0 {
            PeriodKind::Month => ym(key).map(Period::Month),
            _ => None,
        }
        .or_else(|| parse_key(self.0, key))
        .ok_or_else(give_up)
    }
}

/// Whether a string of the record (a key or a value, its escapes undone) holds U+FFFD, the
/// mark of bytes that could not be decoded: such a record is for the tree to report. Every
/// string of a record read directly passes through here, so no other scan of the text is
/// needed.
fn replaced(s: &str) -> bool {
    let b = s.as_bytes();
    // U+FFFD is `EF BF BD` in UTF-8; a string with no byte from `EF` up (most, and every one
    // in Chinese or ASCII) cannot hold it, which a branch-free pass over the bytes tells.
    if b.iter().fold(0u8, |m, c| m.max(*c)) < 0xef {
        return false;
    }
    b.windows(3).any(|w| w == [0xef, 0xbf, 0xbd])
}

/// The value of `n` ASCII digits.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// A date written exactly `YYYY-MM-DD`.
fn ymd(s: &str) -> Option<Date> {
    match s.as_bytes() {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => Date::from_ymd(
            i32::try_from(digits(y)?).ok()?,
            digits(&[*m1, *m2])?,
            digits(&[*d1, *d2])?,
        ),
        _ => None,
    }
}

/// A month written exactly `YYYY-MM`.
fn ym(s: &str) -> Option<Month> {
    match s.as_bytes() {
        [y @ .., b'-', m1, m2] if y.len() == 4 => {
            Month::from_ym(i32::try_from(digits(y)?).ok()?, digits(&[*m1, *m2])?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_roster_is_read_directly_as_the_tree_reads_it() {
        let schema = super::super::tests::schema();
        let direct = Direct::new(&schema).unwrap();
        let text = include_str!("../../examples/roster.jsonl");
        let mut direct_reads = 0;
        for (i, line) in text.lines().enumerate() {
            let tree = super::super::read(
                &schema,
                super::super::Format::JsonLines,
                super::super::Encoding::Utf8,
                line.as_bytes(),
                crate::diag::Lang::En,
            )
            .unwrap()
            .next()
            .unwrap();
            let Some(read) = direct.read(line) else {
                assert!(
                    tree.as_ref().map_or(true, |r| !r.warnings.is_empty()),
                    "line {}",
                    i + 1
                );
                continue;
            };
            direct_reads += 1;
            let tree = tree.unwrap();
            assert_eq!(read.fields, tree.record.fields, "line {}", i + 1);
            assert_eq!(read.id.as_deref(), Some(tree.record.id.as_str()));
        }
        assert_eq!(direct_reads, text.lines().count());
        // Regular, if not in the fast forms: still read directly.
        let line = r#"{"工号": "E9", "岗位": "客服", "入职类型": "社招", "入职日期": "2025/3/1 08:00",
            "当前职级": "中（一）级客服 （一般）", "考核": {"2026-1": "ａ", "2026年2月": null}}"#;
        let read = direct.read(line).unwrap();
        assert_eq!(read.id.as_deref(), Some("E9"));
        // Not regular: read through the tree.
        for bad in [
            r#"{"工号": "E9", "部门": "x"}"#,
            r#"{"工号": "E9", "工号": "E9"}"#,
            r#"{"工号": "E9", "考核": {"2026-01": "A", "2026-1": "B"}}"#,
            r#"{"工号": 9}"#,
            "{\"工号\": \"E\u{fffd}\"}",
            r#"{"工号": "E\uFFFD"}"#,
            r#"{"工号": "E", "\ufffd": 1}"#,
            r#"{"工号": "E", "考核": {"2026-0\ufffd": "A"}}"#,
            r#"{"工号": "E", "考核": {"2026-01": "\uFFFD"}}"#,
        ] {
            assert!(direct.read(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_fast_forms_read_as_the_general_parsers_do() {
        for s in ["2026-03-02", "0000-01-01", "9999-12-31", "2024-02-29"] {
            assert_eq!(ymd(s), parse_date(s, false), "{s}");
            assert!(ymd(s).is_some(), "{s}");
        }
        for s in [
            "2026-02-30",
            "2026-13-01",
            "2026-3-02",
            "2026/03/02",
            "20260302",
            "2026-03-0x",
        ] {
            assert_eq!(ymd(s), None, "{s}");
        }
        for s in ["2026-01", "2026-12", "0001-01"] {
            assert_eq!(ym(s), parse_month(s), "{s}");
        }
        for s in ["2026-00", "2026-13", "2026-1", "2026-Q1", "26-01"] {
            assert_eq!(ym(s), None, "{s}");
        }
    }
}
