//! Records stage: a fingerprint of a record's values, that tells a record given twice from a
//! different one with the same id.
//!
//! Every value is fed to the hasher as one 128-bit word (its kind beside its payload), and an
//! entry of a month-keyed map with its period in the same word: a few multiplications per
//! value, where hashing the values as they are derived fed each of them in two or four small
//! writes through a call per value.

use std::hash::{BuildHasher, Hasher};

use crate::calendar::Period;
use crate::value::{DurationUnit, FieldValue};

/// The fingerprint of a record's top-level values (or any list of values): the same values
/// give the same fingerprint.
pub(super) fn fingerprint(fields: &[FieldValue]) -> u64 {
    const SEED: u64 = 0x7265_636f_7264_7321;
    let mut h = foldhash::quality::FixedState::with_seed(SEED).build_hasher();
    values(&mut h, 0xf0, fields);
    h.finish()
}

/// A list of values, after a word of its kind and length.
fn values(h: &mut impl Hasher, kind: u64, vs: &[FieldValue]) {
    h.write_u128(word(kind, vs.len() as u64));
    for v in vs {
        value(h, v, 0);
    }
}

/// A value; `key` is its map entry's period as [`period`] packs it (0 outside a map).
fn value(h: &mut impl Hasher, v: &FieldValue, key: u64) {
    if let Some((kind, bits)) = scalar(v) {
        h.write_u128(word(kind | key, bits));
        return;
    }
    match v {
        FieldValue::Text(s) => {
            h.write_u128(word(0x10 | key, s.len() as u64));
            h.write(s.as_bytes());
        }
        FieldValue::Struct(fs) => values(h, 0x11 | key, fs),
        FieldValue::List(xs) => values(h, 0x12 | key, xs),
        FieldValue::Map(m) => {
            h.write_u128(word(0x13 | key, m.entries().len() as u64));
            for (p, v) in m.entries() {
                value(h, v, period(*p));
            }
        }
        _ => {}
    }
}

/// A value without parts: its kind (under 0x10) and its payload.
#[inline]
fn scalar(v: &FieldValue) -> Option<(u64, u64)> {
    let int = |n: i32| u64::from(n as u32);
    Some(match v {
        FieldValue::Absent => (0, 0),
        FieldValue::Bool(b) => (1, u64::from(*b)),
        FieldValue::Num(n) => (2, n.raw() as u64),
        FieldValue::Date(d) => (3, int(d.raw())),
        FieldValue::Month(m) => (4, int(m.raw())),
        FieldValue::Quarter(q) => (5, int(q.raw())),
        FieldValue::Duration(n, u) => {
            let unit = match u {
                DurationUnit::Days => 0,
                DurationUnit::Workdays => 1,
                DurationUnit::Months => 2,
            };
            (6 + unit, *n as u64)
        }
        FieldValue::Enum(e) => (9, u64::from(*e)),
        FieldValue::Grade(g) => (10, u64::from(*g)),
        FieldValue::Rung(r) => (11, u64::from(*r)),
        FieldValue::Major(m) => (12, u64::from(*m)),
        FieldValue::Text(_) | FieldValue::Struct(_) | FieldValue::List(_) | FieldValue::Map(_) => {
            return None
        }
    })
}

/// A map entry's period, packed above a value's kind: its kind and its number (never 0).
fn period(p: Period) -> u64 {
    let kind = match p {
        Period::Month(_) => 1,
        Period::Quarter(_) => 2,
        Period::Year(_) => 3,
    };
    (kind | u64::from(p.raw() as u32) << 2) << 8
}

/// A kind (with a period) and a payload as one word.
#[inline]
fn word(kind: u64, bits: u64) -> u128 {
    u128::from(kind) << 64 | u128::from(bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Month;
    use crate::value::{Num, PeriodMap};

    fn grades(gs: &[(i32, u8)]) -> FieldValue {
        let m = |n| Period::Month(Month::from_raw(n));
        FieldValue::Map(PeriodMap::new(
            gs.iter()
                .map(|&(n, g)| (m(n), FieldValue::Grade(g)))
                .collect(),
        ))
    }

    #[test]
    fn the_same_values_give_the_same_print_and_others_another() {
        let a = vec![
            FieldValue::Text("E1".into()),
            FieldValue::Num(Num::from_raw(5)),
            grades(&[(1, 3), (2, 4)]),
        ];
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        let others = [
            vec![FieldValue::Text("E2".into()), a[1].clone(), a[2].clone()],
            vec![
                a[0].clone(),
                FieldValue::Num(Num::from_raw(6)),
                a[2].clone(),
            ],
            vec![a[0].clone(), a[1].clone(), grades(&[(1, 3), (2, 3)])],
            vec![a[0].clone(), a[1].clone(), grades(&[(1, 3), (3, 4)])],
            vec![a[0].clone(), a[1].clone(), grades(&[(1, 3)])],
            vec![a[0].clone(), FieldValue::Grade(5), a[2].clone()],
            vec![a[0].clone(), FieldValue::Absent, a[2].clone()],
            a[..2].to_vec(),
        ];
        for o in &others {
            assert_ne!(fingerprint(&a), fingerprint(o), "{o:?}");
        }
    }
}
