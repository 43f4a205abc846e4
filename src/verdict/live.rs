//! Verdict stage: a decision's verdict read from the evaluation, borrowed: what
//! [`DecisionVerdict`](super::DecisionVerdict) owns (outcomes, rules, grounds, status, missing
//! inputs), for a writer that needs no owned copy (`explain::json` writes it as the owned one
//! serialises without a trace). [`build`](super::build) makes the owned verdict from the same
//! parts.

use crate::eval::{Tri, Verdict};
use crate::program::ir::{DecisionDef, ExprId, OutFieldDef};
use crate::program::Combine;

use super::value::Live;
use super::{RosterPlace, Status};

/// One decision's verdict, as the evaluation left it.
pub struct LiveDecision<'v, 'a> {
    v: &'v Verdict<'a>,
    di: usize,
    def: &'a DecisionDef,
    applies: Tri,
    missing: Vec<&'a str>,
    roster: Option<RosterPlace>,
}

impl<'v, 'a> LiveDecision<'v, 'a> {
    /// Decision `di` of the evaluation; none when the program has no such decision.
    pub fn of(v: &'v Verdict<'a>, di: usize) -> Option<Self> {
        let def = v.program().decisions.get(di)?;
        let roster = def
            .roster
            .as_ref()
            .and_then(|r| super::roster::place(v, di, r));
        Some(LiveDecision {
            v,
            di,
            def,
            applies: v.applies(di),
            missing: v.missing_names(di),
            roster,
        })
    }

    /// The decision's definition.
    pub fn def(&self) -> &'a DecisionDef {
        self.def
    }

    /// The decision's name.
    pub fn name(&self) -> &'a str {
        &self.def.name
    }

    /// Every outcome field with its value.
    pub fn outcome(&self) -> impl Iterator<Item = (&'a OutFieldDef, Live<'a>)> + '_ {
        let program = self.v.program();
        self.def.fields.iter().enumerate().map(move |(fi, f)| {
            let value = Live {
                program,
                ty: &f.ty,
                value: self.v.value(self.di, fi),
            };
            (f, value)
        })
    }

    /// Every id of the rules that took effect, in the policy's order.
    pub fn rules(&self) -> impl Iterator<Item = &'a str> + '_ {
        let p = self.v.program();
        self.def
            .rules
            .iter()
            .filter(|r| self.v.rule(**r).contributed)
            .filter_map(move |r| p.rules.get(*r))
            .flat_map(|x| x.ids.iter().map(String::as_str))
    }

    /// The `全部` fields that rules set, each with the first id of every rule that gave its
    /// value.
    pub fn grounds(&self) -> impl Iterator<Item = &'a OutFieldDef> + '_ {
        self.def
            .fields
            .iter()
            .filter(|f| f.combine == Combine::Every)
            .filter(|f| self.ground_rules(f).next().is_some())
    }

    /// The first id of every rule that fired and set `field`.
    pub fn ground_rules(&self, field: &'a OutFieldDef) -> impl Iterator<Item = &'a str> + '_ {
        let p = self.v.program();
        field
            .setters
            .iter()
            .filter(|s| self.v.rule(s.rule).contributed)
            .filter_map(move |s| p.rules.get(s.rule).map(|r| r.id()))
    }

    /// Decided, pending or not applicable.
    pub fn status(&self) -> Status {
        let unranked = self.def.roster.is_some() && self.roster.is_none();
        if self.applies == Tri::False {
            Status::NotApplicable
        } else if self.missing.is_empty() && !unranked {
            Status::Decided
        } else {
            Status::Pending
        }
    }

    /// The `仅当` condition, when it does not hold for the record.
    pub fn applies_when(&self) -> Option<ExprId> {
        match (self.applies, self.def.applies) {
            (Tri::False, Some(a)) => Some(a),
            _ => None,
        }
    }

    /// The record fields whose absence leaves the decision open.
    pub fn missing(&self) -> &[&'a str] {
        &self.missing
    }

    /// The first ids of the requirements that applied and did not hold.
    pub fn unmet(&self) -> impl Iterator<Item = &'a str> + '_ {
        let p = self.v.program();
        self.def
            .rules
            .iter()
            .filter(|r| self.v.rule(**r).unmet)
            .filter_map(move |r| p.rules.get(*r).map(|x| x.id()))
    }

    /// The record's place in the group of a roster decision.
    pub fn roster(&self) -> Option<&RosterPlace> {
        self.roster.as_ref()
    }

    /// Takes the roster place out, for the owned verdict.
    pub(super) fn take_roster(&mut self) -> Option<RosterPlace> {
        self.roster.take()
    }
}
