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
    /// Each record type's fields' values when none is given, by the type's index.
    blanks: Vec<Blanks>,
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
        // A name holding U+FFFD could match text holding undecoded bytes: such a schema is
        // read through the tree. With none, a text that matches a name holds no U+FFFD.
        let fffd = |n: &str| n.contains('\u{fffd}');
        if schema
            .structs
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| fffd(&f.name))
            || schema
                .enums
                .iter()
                .flat_map(|e| &e.members)
                .any(|m| fffd(m))
            || schema
                .scales
                .iter()
                .flat_map(|s| &s.levels)
                .any(|l| fffd(l))
            || schema
                .ladders
                .iter()
                .flat_map(|l| &l.rungs)
                .any(|r| fffd(&r.name))
        {
            return None;
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
        let blanks = schema.structs.iter().map(Blanks::new).collect();
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
            blanks,
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
                blanks: self.blanks.get(usize::from(self.schema.record))?,
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
                if replaced(text) {
                    return None;
                }
                let s = self.schema.scale(*g)?;
                grade(&s.levels, text)
                    .and_then(|l| s.rank(l))
                    .map(FieldValue::Grade)
            }
            Type::Rung(r) => {
                // A rung written as its normalised name needs no normalising.
                let names = self.rungs.get(i(r))?;
                match names.get(text) {
                    Some(r) => Some(FieldValue::Rung(r)),
                    None if replaced(text) => None,
                    None => names.get(&normalize(text)).map(FieldValue::Rung),
                }
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

/// What a value read was: blank (null or blank text: nothing written), given, or empty (`[]`
/// or `{}`: written, not given). The value itself is written in place ([`Typed::out`]), not
/// moved up through the readers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Got {
    Blank,
    Given,
    Empty,
}

/// The fields of a record or sub-record, in schema order.
struct Fields<'a, 's> {
    d: &'a Direct<'s>,
    def: &'a StructDef,
    /// The names of `def`'s fields.
    keys: &'a [Probe<Box<str>>],
    /// The values of `def`'s fields when none is given.
    blanks: &'a Blanks,
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
        // Filled in schema order as the keys come (in that order, mostly): a field passed over
        // gets its value when none is given, and keeps it unless its key comes later.
        let mut out = Vec::with_capacity(fields.len());
        let mut seen: u128 = 0;
        // The fields passed over that are required: a record must give them later.
        let mut owed: u128 = 0;
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
            // The value is read into its slot: the next one, or (a key out of order) one
            // passed over.
            if i >= out.len() {
                owed |= self.blanks.pass_over(&mut out, i);
                out.push(FieldValue::Absent);
            }
            let slot = out.get_mut(i).ok_or_else(give_up)?;
            let got = map.next_value_seed(Typed {
                d: self.d,
                ty: &f.ty,
                range: (f.min, f.max),
                out: slot,
            })?;
            match got {
                Got::Blank if self.blanks.required & bit != 0 => return Err(give_up()),
                Got::Blank => *slot = self.blanks.value(i),
                Got::Given | Got::Empty => {
                    if let Some(top) = self.top.as_deref_mut() {
                        if got == Got::Given {
                            top.given |= bit;
                        }
                        if top.key == Some(i) {
                            if let FieldValue::Text(t) = &*slot {
                                top.id = (!t.is_empty()).then(|| t.clone());
                            }
                        }
                    }
                }
            }
        }
        owed |= self.blanks.pass_over(&mut out, fields.len());
        if owed & !seen != 0 {
            return Err(give_up());
        }
        Ok(out)
    }
}

/// The values of a record type's fields when none is given.
#[derive(Clone)]
struct Blanks {
    /// Each field's default, else absent (for a required field too).
    values: Vec<FieldValue>,
    /// The required fields (no default, not optional), one bit each.
    required: u128,
}

impl Blanks {
    fn new(def: &StructDef) -> Self {
        let mut required = 0;
        let values = def
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                absent(f).unwrap_or_else(|| {
                    required |= 1u128 << i;
                    FieldValue::Absent
                })
            })
            .collect();
        Blanks { values, required }
    }

    /// Field `i`'s value when none is given (absent for a field out of range).
    fn value(&self, i: usize) -> FieldValue {
        self.values.get(i).map_or(FieldValue::Absent, copy)
    }

    /// Fills `out` up to field `to` (not included) with the fields' values when none is
    /// given; the fields filled that are required, one bit each.
    fn pass_over(&self, out: &mut Vec<FieldValue>, to: usize) -> u128 {
        let from = out.len();
        let Some(values) = self.values.get(from..to) else {
            return 0;
        };
        out.extend(values.iter().map(copy));
        // The bits from `from` up to `to`.
        let below = |n: usize| 1u128.checked_shl(n as u32).map_or(u128::MAX, |b| b - 1);
        self.required & below(to) & !below(from)
    }
}

/// A copy of a value, the plain ones (absent, a truth value, an empty list) without a call.
fn copy(v: &FieldValue) -> FieldValue {
    match v {
        FieldValue::Absent => FieldValue::Absent,
        FieldValue::Bool(b) => FieldValue::Bool(*b),
        FieldValue::List(l) if l.is_empty() => FieldValue::List(Vec::new()),
        v => v.clone(),
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

    /// A key that is not a field's name is for the tree, so one that is needs no scan for
    /// U+FFFD (no field's name holds it: [`Direct::new`]).
    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
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

/// A value of a type, read into its slot.
struct Typed<'a, 's> {
    d: &'a Direct<'s>,
    ty: &'a Type,
    range: Range,
    /// Where the value goes; left as it is when the value is blank.
    out: &'a mut FieldValue,
}

impl<'a, 's> Typed<'a, 's> {
    /// The same reading for a list's item or a map's value of type `ty`, written into `out`.
    fn item<'b>(&self, ty: &'b Type, out: &'b mut FieldValue) -> Typed<'b, 's>
    where
        'a: 'b,
    {
        Typed {
            d: self.d,
            ty,
            range: self.range,
            out,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Typed<'_, '_> {
    type Value = Got;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Got, D::Error> {
        d.deserialize_any(self)
    }
}

impl Typed<'_, '_> {
    /// Writes a value given.
    fn put<E>(self, v: FieldValue) -> Result<Got, E> {
        *self.out = v;
        Ok(Got::Given)
    }

    /// A number, if the type takes one and it is in range.
    fn number<E: de::Error>(self, n: Option<Num>) -> Result<Got, E> {
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
        self.put(FieldValue::Num(n))
    }
}

impl<'de> Visitor<'de> for Typed<'_, '_> {
    type Value = Got;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value of the field's type")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Got, E> {
        match self.ty {
            Type::Bool => self.put(FieldValue::Bool(v)),
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

    /// Text holding U+FFFD is for the tree: a value in one of the fast forms (a date, a month,
    /// a name as the schema writes it) holds none, so only the others are scanned.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Got, E> {
        let s = trim(v);
        if s.is_empty() {
            return Ok(Got::Blank);
        }
        let scanned = |s| (!replaced(s)).then_some(s);
        let value = match self.ty {
            Type::Text => scanned(s).map(|s| FieldValue::Text(s.to_string())),
            Type::Int | Type::Number => match scanned(s) {
                Some(s) => return self.number(Num::parse(s)),
                None => None,
            },
            Type::Date => ymd(s)
                .or_else(|| parse_date(scanned(s)?, false))
                .map(FieldValue::Date),
            Type::Month => ym(s)
                .or_else(|| parse_month(scanned(s)?))
                .map(FieldValue::Month),
            Type::Quarter => scanned(s).and_then(Quarter::parse).map(FieldValue::Quarter),
            Type::Enum(_) | Type::Grade(_) | Type::Rung(_) => self.d.name(self.ty, s),
            _ => None,
        };
        self.put(value.ok_or_else(give_up)?)
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
        loop {
            out.push(FieldValue::Absent);
            let Some(slot) = out.last_mut() else {
                return Err(give_up());
            };
            match seq.next_element_seed(self.item(item, slot))? {
                Some(Got::Given | Got::Empty) => {}
                // The tree reads a blank item as a value of the item's type (blank text).
                Some(Got::Blank) => return Err(give_up()),
                None => break,
            }
        }
        out.pop();
        let got = if out.is_empty() {
            Got::Empty
        } else {
            Got::Given
        };
        *self.out = FieldValue::List(out);
        Ok(got)
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
                    blanks: self.d.blanks.get(usize::from(*i)).ok_or_else(give_up)?,
                    top: None,
                }
                .visit_map(Counting {
                    map: &mut map,
                    any: &mut keys,
                })?;
                *self.out = FieldValue::Struct(fields);
                Ok(if keys { Got::Given } else { Got::Empty })
            }
            Type::Map(kind, item) => {
                // The entries are gathered in a buffer kept by the thread (a map inside a map's
                // value gets one of its own), then moved into a vector of their number.
                let mut out = ENTRIES.take();
                out.clear();
                // The keys whose value is blank: skipped, but a key given twice is for the
                // tree to report.
                let mut blank: Vec<Period> = Vec::new();
                let mut keys = false;
                // Whether the keys came in increasing order (as most maps are written).
                let mut rising = true;
                let read = (|| {
                    while let Some(m) = map.next_key_seed(PeriodKey(*kind))? {
                        keys = true;
                        let after = match (out.last(), blank.last()) {
                            (Some((a, _)), Some(b)) => m > *a.max(b),
                            (Some((a, _)), None) => m > *a,
                            (None, Some(b)) => m > *b,
                            (None, None) => true,
                        };
                        rising &= after;
                        out.push((m, FieldValue::Absent));
                        let Some((_, slot)) = out.last_mut() else {
                            return Err(give_up());
                        };
                        if map.next_value_seed(self.item(item, slot))? == Got::Blank {
                            out.pop();
                            blank.push(m);
                        }
                    }
                    Ok(())
                })();
                let entries = match read {
                    Ok(()) if rising => Some(exact(&mut out)),
                    Ok(()) => distinct(exact(&mut out), blank),
                    Err(e) => {
                        out.clear();
                        ENTRIES.set(out);
                        return Err(e);
                    }
                };
                ENTRIES.set(out);
                *self.out = FieldValue::Map(PeriodMap::new(entries.ok_or_else(give_up)?));
                Ok(if keys { Got::Given } else { Got::Empty })
            }
            _ => Err(give_up()),
        }
    }
}

thread_local! {
    /// The entries of a map being read, kept from map to map.
    static ENTRIES: std::cell::Cell<Vec<(Period, FieldValue)>> =
        const { std::cell::Cell::new(Vec::new()) };
}

/// The entries of `out`, moved into a vector of their number (`out` keeps its room).
fn exact(out: &mut Vec<(Period, FieldValue)>) -> Vec<(Period, FieldValue)> {
    let mut entries = Vec::with_capacity(out.len());
    entries.append(out);
    entries
}

/// A map's entries, sorted, when no period is given twice (with a value or blank).
fn distinct(
    mut out: Vec<(Period, FieldValue)>,
    mut blank: Vec<Period>,
) -> Option<Vec<(Period, FieldValue)>> {
    out.sort_by_key(|(m, _)| *m);
    let twice = out.windows(2).any(|w| matches!(w, [a, b] if a.0 == b.0));
    blank.sort_unstable();
    let twice_blank = blank.windows(2).any(|w| matches!(w, [a, b] if a == b));
    let clash = blank
        .iter()
        .any(|m| out.binary_search_by_key(m, |(k, _)| *k).is_ok());
    (!(twice || twice_blank || clash)).then_some(out)
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
        match self.0 {
            PeriodKind::Month => ym(key).map(Period::Month),
            _ => None,
        }
        .or_else(|| parse_key(self.0, (!replaced(key)).then_some(key)?))
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

/// `s` without white space at either end, as `str::trim` gives it: a text that starts and ends
/// with a printable ASCII character (a date, an id, a grade) is returned as it is.
fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [one] if one.is_ascii_graphic() => s,
        _ => s.trim(),
    }
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
