//! Batch stage: decisions over the whole roster. A roster decision (`按 部门 排名 …`) needs every
//! record of a group before any of its verdicts, so the records are read more than once:
//!
//! 1. a gathering pass evaluates each record's own decisions and keeps, per record, only what
//!    the ranking needs: its group (an index into the groups' names), the keys of the order,
//!    one bit per quota rule for whether its condition holds (and one for pending), and the
//!    values averaged per group (summed as they come);
//! 2. the cut-offs: each group's records sorted by the keys (the last key a tie-break, and the
//!    input position after it, so the order never depends on the input's order when the keys
//!    are distinct), ranks and quota places found;
//! 3. the pass that gives the verdicts, in input order, each record with its [`Standing`].
//!
//! A rule that `优先于` a rule with a quota is applied before the quota: a record it takes is not
//! a candidate for the places, which go to the next records in the order. Such a rule's
//! condition is gathered with the quota's; a rule with a quota of its own that 优先于 another
//! is cut first, and those within it are not candidates for the other. Where such a rule reads
//! the group (`组内名次`, `组内平均`, the decision's own outcome), the decision is gathered in two
//! passes: the group is ranked in the first, the candidates gathered in the second.
//!
//! A roster decision that reads an earlier one's outcome is gathered in a later pass (its
//! `level`), so a policy with roster decisions on `n` levels reads its records `n + 1` times
//! (one more per level with a decision gathered in two passes).
//! Memory: per record, a few words and the order's keys (a text key, such as an id, is kept as
//! text); per group, its name, counts and sums. Never a verdict or a record.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::calendar::Date;
use crate::eval::roster::{Mean, Place, QuotaPlace, Standing};
use crate::eval::{Evaluator, Missing, Tri, Value};
use crate::program::roster::RosterDef;
use crate::program::Program;
use crate::records::{ReadRecord, RecordError};
use crate::value::{FieldValue, Num};

/// A key of the order as kept between passes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Ord(i64),
    Text(Box<str>),
}

impl Key {
    fn cmp(&self, o: &Key) -> Ordering {
        match (self, o) {
            (Key::Ord(a), Key::Ord(b)) => a.cmp(b),
            (Key::Text(a), Key::Text(b)) => a.cmp(b),
            (Key::Ord(_), Key::Text(_)) => Ordering::Less,
            (Key::Text(_), Key::Ord(_)) => Ordering::Greater,
        }
    }
}

/// What one record gave a roster decision.
#[derive(Clone, Debug, Default)]
struct Entry {
    /// Its group (`u32::MAX`: outside any group or not evaluated).
    group: u32,
    /// The keys of the order; none when one is missing.
    keys: Option<Box<[Key]>>,
    /// The absent fields behind missing keys.
    missing: Missing,
    /// Bit `i`: quota rule `i`'s condition holds; in `unknown`, it is pending.
    meets: u64,
    unknown: u64,
    /// Its rank by the order, then per quota its rank among those meeting the condition
    /// (0: none), found at the cut-off.
    ranks: Box<[u32]>,
}

const NONE: u32 = u32::MAX;

/// Per group, what the cut-offs need.
#[derive(Clone, Debug, Default)]
struct Group {
    name: String,
    size: u32,
    unranked: Missing,
    sums: Vec<(i128, u32)>,
    /// Per quota, the records meeting its condition and those pending (found at the cut-off).
    candidates: Vec<u32>,
    pending: Vec<u32>,
}

/// How far a roster decision's ranking has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Gathering,
    /// The groups are ranked; who competes for the quotas is gathered next.
    Ordered,
    Closed,
}

/// One roster decision's ranking.
#[derive(Debug)]
struct Ranked {
    decision: usize,
    /// The pass that gathers it (and the next, for the quotas, when `two_stage`).
    pass: u32,
    two_stage: bool,
    groups: Vec<Group>,
    by_name: HashMap<String, u32>,
    entries: Vec<Entry>,
    outside: usize,
    stage: Stage,
}

/// The roster's ranking, built pass by pass; then each record's [`Standing`] by its position
/// among the records read (unreadable records and duplicates skipped are not counted).
#[derive(Debug)]
pub struct Ranking<'p> {
    program: &'p Program,
    ranked: Vec<Ranked>,
    passes: u32,
    seq: usize,
}

impl<'p> Ranking<'p> {
    /// The ranking of a program's roster decisions, before any pass.
    pub fn new(program: &'p Program) -> Self {
        let defs: Vec<(usize, &RosterDef)> = program
            .decisions
            .iter()
            .enumerate()
            .filter_map(|(di, d)| d.roster.as_ref().map(|r| (di, r)))
            .collect();
        // Each level's first pass: one pass per level, two where a decision needs them.
        let top = defs.iter().map(|(_, r)| r.level).max();
        let mut first = Vec::new();
        let mut passes = 0;
        for level in 0..top.map_or(0, |t| t + 1) {
            first.push(passes);
            let two = defs.iter().any(|(_, r)| r.level == level && r.two_stage);
            passes += 1 + u32::from(two);
        }
        let ranked = defs
            .into_iter()
            .map(|(di, r)| Ranked {
                decision: di,
                pass: first.get(r.level as usize).copied().unwrap_or(0),
                two_stage: r.two_stage,
                groups: Vec::new(),
                by_name: HashMap::new(),
                entries: Vec::new(),
                outside: 0,
                stage: Stage::Gathering,
            })
            .collect();
        Ranking {
            program,
            ranked,
            passes,
            seq: 0,
        }
    }

    /// The ranking of a program's roster decisions over inputs read anew for each pass:
    /// `open` gives one pass's readers, in input order (`rung snapshot`, `rung diff
    /// --records`, a roster file of `rung test`).
    pub fn over<I, R>(program: &'p Program, as_of: Date, mut open: impl FnMut() -> I) -> Self
    where
        I: IntoIterator<Item = R>,
        R: Iterator<Item = Result<ReadRecord, RecordError>>,
    {
        let mut ranking = Ranking::new(program);
        for pass in 0..ranking.passes() {
            for records in open() {
                ranking.gather(pass, as_of, records);
            }
            ranking.close(pass);
        }
        ranking
    }

    /// How many gathering passes the program needs before its verdicts (0: no roster decision).
    pub fn passes(&self) -> u32 {
        self.passes
    }

    /// Gathers one input's records in pass `pass` (inputs in order; records numbered on from
    /// the previous input). Records that cannot be read or evaluated are skipped here: the
    /// verdicts' pass reports them.
    pub fn gather(
        &mut self,
        pass: u32,
        as_of: Date,
        records: impl Iterator<Item = Result<ReadRecord, RecordError>>,
    ) {
        let program = self.program;
        let mut evaluator = Evaluator::new(program);
        for item in records {
            let Ok(read) = item else { continue };
            let standing = self.standing(self.seq);
            let seq = self.seq;
            self.seq += 1;
            let ranked = &mut self.ranked;
            let _ = evaluator.with_standing(&read.record, as_of, Some(&standing), |v| {
                for r in ranked.iter_mut() {
                    let Some(def) = program
                        .decisions
                        .get(r.decision)
                        .and_then(|d| d.roster.as_ref())
                    else {
                        continue;
                    };
                    if r.pass == pass {
                        r.gather(seq, def, program, v);
                    }
                    let quotas = if r.two_stage { r.pass + 1 } else { r.pass };
                    if quotas == pass {
                        r.compete(seq, def, program, v);
                    }
                }
            });
        }
    }

    /// Ends pass `pass`: the cut-offs of the decisions gathered in it. The next pass numbers
    /// records from the start again.
    pub fn close(&mut self, pass: u32) {
        let program = self.program;
        for r in &mut self.ranked {
            let Some(def) = program
                .decisions
                .get(r.decision)
                .and_then(|d| d.roster.as_ref())
            else {
                continue;
            };
            if r.pass == pass && r.two_stage {
                r.close(def, program, false);
            } else if r.pass == pass || (r.two_stage && r.pass + 1 == pass) {
                r.close(def, program, true);
            }
        }
        self.seq = 0;
    }

    /// Per roster decision (by index), how many records were outside any group (their group
    /// field missing): they have verdicts, with the decision pending.
    pub fn outside(&self) -> Vec<(usize, usize)> {
        self.ranked
            .iter()
            .filter(|r| r.stage == Stage::Closed)
            .map(|r| (r.decision, r.outside))
            .collect()
    }

    /// A record's standing by its position among the records read: its place in every roster
    /// decision ranked so far.
    pub fn standing(&self, seq: usize) -> Standing {
        let mut places = vec![None; self.program.decisions.len()];
        for r in self.ranked.iter().filter(|r| r.stage != Stage::Gathering) {
            let Some(def) = self
                .program
                .decisions
                .get(r.decision)
                .and_then(|d| d.roster.as_ref())
            else {
                continue;
            };
            if let Some(slot) = places.get_mut(r.decision) {
                *slot = Some(r.place(seq, def));
            }
        }
        Standing { places }
    }
}

impl Ranked {
    /// A record's group, the keys of the order and the values averaged.
    fn gather(
        &mut self,
        seq: usize,
        def: &RosterDef,
        program: &Program,
        v: &crate::eval::Verdict<'_>,
    ) {
        if self.entries.len() <= seq {
            self.entries.resize(
                seq + 1,
                Entry {
                    group: NONE,
                    ..Entry::default()
                },
            );
        }
        let name = match def.group {
            None => Some(String::new()),
            Some(f) => v
                .record()
                .fields
                .get(f)
                .filter(|x| !matches!(x, FieldValue::Absent))
                .map(|x| group_name(program, f, x)),
        };
        let Some(name) = name else {
            self.outside += 1;
            return;
        };
        let next = u32::try_from(self.groups.len()).unwrap_or(NONE);
        let g = *self.by_name.entry(name.clone()).or_insert_with(|| {
            self.groups.push(Group {
                name,
                sums: vec![(0, 0); def.means.len()],
                candidates: vec![0; def.quotas.len()],
                pending: vec![0; def.quotas.len()],
                ..Group::default()
            });
            next
        });
        let Some(group) = self.groups.get_mut(g as usize) else {
            return;
        };
        group.size += 1;
        let mut entry = Entry {
            group: g,
            ..Entry::default()
        };
        let mut keys = Vec::with_capacity(def.order.len());
        for k in &def.order {
            match v.probe(k.expr, &[]) {
                Ok(Value::Text(t)) => keys.push(Key::Text(t.into())),
                Ok(x) => match (x.ordinal(), x.missing()) {
                    (Some(n), _) => keys.push(Key::Ord(if k.desc { -n } else { n })),
                    (None, m) => entry.missing = entry.missing.union(m.unwrap_or_default()),
                },
                Err(_) => {}
            }
        }
        if keys.len() == def.order.len() {
            entry.keys = Some(keys.into_boxed_slice());
        } else {
            group.unranked = group.unranked.union(entry.missing);
        }
        for (i, e) in def.means.iter().enumerate() {
            if let (Ok(Value::Num(n)), Some(s)) = (v.probe(*e, &[]), group.sums.get_mut(i)) {
                s.0 += i128::from(n.raw());
                s.1 += 1;
            }
        }
        if let Some(slot) = self.entries.get_mut(seq) {
            *slot = entry;
        }
    }

    /// Whether a record competes for each quota: the rule's condition holds and no rule that
    /// 优先于 it fires (those with a quota of their own aside: cut first, at the close).
    fn compete(
        &mut self,
        seq: usize,
        def: &RosterDef,
        program: &Program,
        v: &crate::eval::Verdict<'_>,
    ) {
        let Some(entry) = self.entries.get_mut(seq).filter(|e| e.group != NONE) else {
            return;
        };
        for (i, q) in def.quotas.iter().enumerate() {
            let bit = 1u64 << (i % 64);
            match (
                fires_apart(v, program, def, q.rule, 0),
                entry.keys.is_some(),
            ) {
                (Tri::False, _) => {}
                (Tri::True, true) => entry.meets |= bit,
                _ => entry.unknown |= bit,
            }
        }
    }

    /// Each group's records in order and their ranks; with `cut`, the cut-offs: for each
    /// quota (those of rules that 优先于 others first) who competes and at which rank.
    fn close(&mut self, def: &RosterDef, program: &Program, cut: bool) {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.groups.len()];
        for (seq, e) in self.entries.iter().enumerate() {
            if let Some(m) = members.get_mut(e.group as usize) {
                m.push(seq);
            }
        }
        let quotas = def.quotas.len();
        let order = quota_order(def, program);
        for (g, m) in members.iter_mut().enumerate() {
            let entries = &self.entries;
            let key = |seq: usize| -> &[Key] {
                entries
                    .get(seq)
                    .and_then(|e| e.keys.as_deref())
                    .unwrap_or(&[])
            };
            m.sort_by(|a, b| {
                let (ka, kb) = (key(*a), key(*b));
                let ranked = kb.is_empty().cmp(&ka.is_empty());
                ranked
                    .then_with(|| {
                        ka.iter()
                            .zip(kb)
                            .map(|(x, y)| x.cmp(y))
                            .find(|o| *o != Ordering::Equal)
                            .unwrap_or(Ordering::Equal)
                    })
                    .then(a.cmp(b))
            });
            let mut rank = 0u32;
            for seq in m.iter() {
                if let Some(e) = self.entries.get_mut(*seq) {
                    let mut ranks = vec![0u32; quotas + 1];
                    if e.keys.is_some() {
                        rank += 1;
                        if let Some(r) = ranks.first_mut() {
                            *r = rank;
                        }
                    }
                    e.ranks = ranks.into_boxed_slice();
                }
            }
            for &i in order.iter().filter(|_| cut) {
                self.cut(g, m, i, def, program);
            }
        }
        self.stage = if cut { Stage::Closed } else { Stage::Ordered };
    }

    /// One quota's cut-off in one group (`members` in order, unranked ones last): those
    /// within a quota of a rule that 优先于 this one do not compete for it.
    fn cut(&mut self, g: usize, members: &[usize], i: usize, def: &RosterDef, program: &Program) {
        let Some(q) = def.quotas.get(i) else { return };
        let above: Vec<usize> = program
            .rules
            .get(q.rule)
            .map(|r| r.overridden_by.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|o| def.quotas.iter().position(|x| x.rule == *o))
            .collect();
        let bit = 1u64 << (i % 64);
        let (mut candidates, mut pending) = (0u32, 0u32);
        for seq in members {
            let taken = above
                .iter()
                .fold(Tri::False, |t, j| t.or(self.within(*seq, *j, def)));
            let Some(e) = self.entries.get_mut(*seq) else {
                continue;
            };
            match taken {
                Tri::False => {}
                Tri::True => {
                    e.meets &= !bit;
                    e.unknown &= !bit;
                }
                Tri::Unknown(m) => {
                    if e.meets & bit != 0 {
                        e.meets &= !bit;
                        e.unknown |= bit;
                        e.missing = e.missing.union(m);
                    }
                }
            }
            if e.meets & bit != 0 {
                candidates += 1;
                if let Some(r) = e.ranks.get_mut(i + 1) {
                    *r = candidates;
                }
            } else if e.unknown & bit != 0 {
                pending += 1;
            }
        }
        if let Some(group) = self.groups.get_mut(g) {
            if let Some(c) = group.candidates.get_mut(i) {
                *c = candidates;
            }
            if let Some(p) = group.pending.get_mut(i) {
                *p = pending;
            }
        }
    }

    /// Whether a record is within quota `i`, once its cut-off is made.
    fn within(&self, seq: usize, i: usize, def: &RosterDef) -> Tri {
        let Some(e) = self.entries.get(seq) else {
            return Tri::False;
        };
        let Some(g) = self.groups.get(e.group as usize) else {
            return Tri::False;
        };
        let places = def.quotas.get(i).map_or(0, |q| q.places.of(g.size));
        let pending = g.pending.get(i).copied().unwrap_or(0);
        let own = e.ranks.get(i + 1).copied().filter(|r| *r > 0);
        if e.unknown & (1u64 << (i % 64)) != 0 {
            return Tri::Unknown(g.unranked.union(e.missing));
        }
        match own {
            None => Tri::False,
            Some(r) if r > places => Tri::False,
            Some(r) if r.saturating_add(pending) <= places => Tri::True,
            Some(_) => Tri::Unknown(g.unranked),
        }
    }

    fn place(&self, seq: usize, def: &RosterDef) -> Place {
        let entry = self.entries.get(seq);
        let group = entry
            .filter(|e| e.group != NONE)
            .and_then(|e| self.groups.get(e.group as usize));
        let Some((e, g)) = entry.zip(group) else {
            return Place {
                group: None,
                group_field: def.group,
                size: 0,
                rank: None,
                unranked: Missing::default(),
                means: Vec::new(),
                quotas: Vec::new(),
            };
        };
        let rank = e.ranks.first().copied().filter(|r| *r > 0);
        let closed = self.stage == Stage::Closed;
        let quotas = def
            .quotas
            .iter()
            .enumerate()
            .map(|(i, q)| QuotaPlace {
                rule: q.rule,
                rank: e.ranks.get(i + 1).copied().filter(|r| *r > 0),
                candidates: g.candidates.get(i).copied().unwrap_or(0),
                pending: g.pending.get(i).copied().unwrap_or(0),
                places: q.places.of(g.size),
                // Before the cut-offs (while who competes is gathered), unknown.
                within: if closed {
                    self.within(seq, i, def)
                } else {
                    Tri::Unknown(Missing::default())
                },
            })
            .collect();
        Place {
            group: Some(g.name.clone()),
            group_field: def.group,
            size: g.size,
            rank,
            unranked: g.unranked,
            means: g
                .sums
                .iter()
                .map(|(sum, n)| Mean {
                    value: (*n > 0)
                        .then(|| i64::try_from(sum / i128::from(*n)).ok().map(Num::from_raw))
                        .flatten(),
                    counted: *n,
                })
                .collect(),
            quotas,
        }
    }
}

/// Whether a rule fires for a record as far as the gathering pass can tell: its condition
/// holds and no rule that 优先于 it fires. A rule with a quota of this decision is left to the
/// cut-offs when `depth` is 0 (the quota's own overriders), and is unknown deeper.
fn fires_apart(
    v: &crate::eval::Verdict<'_>,
    program: &Program,
    def: &RosterDef,
    r: usize,
    depth: usize,
) -> Tri {
    let Some(rule) = program.rules.get(r) else {
        return Tri::False;
    };
    let mut t = match rule.when {
        Some(w) => v.probe(w, &[]).map_or(Tri::False, Value::tri),
        None => Tri::True,
    };
    for o in &rule.overridden_by {
        if t == Tri::False {
            break;
        }
        let quota = def.quotas.iter().any(|q| q.rule == *o);
        if quota && depth == 0 {
            continue;
        }
        // Deeper than any sensible chain of exceptions, or a quota's cut-off not known yet.
        if quota || depth >= 8 {
            t = t.and(Tri::Unknown(Missing::default()));
            continue;
        }
        t = t.and(!fires_apart(v, program, def, *o, depth + 1));
    }
    t
}

/// The quotas in the order their cut-offs are made: a rule's quota after those of the rules
/// that 优先于 it (in rule order where nothing says otherwise).
fn quota_order(def: &RosterDef, program: &Program) -> Vec<usize> {
    let above = |i: usize| -> Vec<usize> {
        def.quotas
            .get(i)
            .and_then(|q| program.rules.get(q.rule))
            .map(|r| r.overridden_by.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|o| def.quotas.iter().position(|x| x.rule == *o))
            .collect()
    };
    let mut out: Vec<usize> = Vec::with_capacity(def.quotas.len());
    while out.len() < def.quotas.len() {
        let next = (0..def.quotas.len())
            .filter(|i| !out.contains(i))
            .find(|i| above(*i).iter().all(|j| out.contains(j)))
            // A circle of exceptions (reported by the checker): rule order.
            .or_else(|| (0..def.quotas.len()).find(|i| !out.contains(i)));
        match next {
            Some(i) => out.push(i),
            None => break,
        }
    }
    out
}

/// A group field's value as the group's name.
fn group_name(program: &Program, field: usize, v: &FieldValue) -> String {
    let ty = program
        .schema
        .record()
        .and_then(|r| r.fields.get(field))
        .map(|f| f.ty.clone());
    use crate::verdict::Value as V;
    match ty.map(|ty| V::of(program, &ty, Value::of(v))) {
        Some(V::Text(s) | V::Name(s)) => s,
        Some(V::Num(n)) => n.to_string(),
        Some(V::Date(d)) => d.to_string(),
        Some(V::Month(m)) => m.to_string(),
        Some(V::Quarter(q)) => q.to_string(),
        Some(V::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}
