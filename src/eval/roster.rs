//! Eval stage: a record's place in the groups of the roster decisions, as the roster batch
//! found it before the record's verdict is made (`batch::roster`): the group and its size, the
//! record's rank, the groups' averages, and for each rule with a quota whether the record is
//! within it. Evaluation reads it; it never computes it.

use crate::value::Num;

use super::value::{Missing, Tri};

/// A record's place in each roster decision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Standing {
    /// Per decision, by its index: none for a decision that is not over the roster, or one not
    /// ranked yet.
    pub places: Vec<Option<Place>>,
}

impl Standing {
    /// The place in a decision.
    pub fn place(&self, decision: usize) -> Option<&Place> {
        self.places.get(decision).and_then(Option::as_ref)
    }
}

/// A record's place in the groups of one roster decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The group (the group field's value as text); none when the record has no value for the
    /// group field, so it is outside any group.
    pub group: Option<String>,
    /// The record field whose absence puts a record outside any group.
    pub group_field: Option<usize>,
    /// How many records the group has.
    pub size: u32,
    /// The record's rank by the decision's order (1: first); none when its keys are missing.
    pub rank: Option<u32>,
    /// The absent fields of the group's records that could not be ranked.
    pub unranked: Missing,
    /// Per average the decision reads: the average over the records with a value, and how
    /// many had one.
    pub means: Vec<Mean>,
    /// Per rule with a quota, in rule order.
    pub quotas: Vec<QuotaPlace>,
}

/// A group's average of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mean {
    /// The average (none: no record of the group has a value).
    pub value: Option<Num>,
    /// How many records had a value.
    pub counted: u32,
}

/// Where a record stands against a rule's quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaPlace {
    /// The rule.
    pub rule: usize,
    /// The record's rank among the group's records that meet the rule's condition (none: it is
    /// not one of them, or its keys are missing).
    pub rank: Option<u32>,
    /// How many of the group's records meet the condition.
    pub candidates: u32,
    /// How many might, but their condition or keys are pending.
    pub pending: u32,
    /// The places: the count, or the share of the group's size rounded down.
    pub places: u32,
    /// Whether the record is within the quota: true when it meets the condition and ranks
    /// within the places whatever the pending records turn out to be; unknown when they could
    /// push it out.
    pub within: Tri,
}

impl Place {
    /// The place against a rule's quota.
    pub fn quota(&self, rule: usize) -> Option<&QuotaPlace> {
        self.quotas.iter().find(|q| q.rule == rule)
    }

    /// What is unknown about a record outside any group: its group field.
    pub fn outside(&self) -> Option<Missing> {
        match (&self.group, self.group_field) {
            (None, Some(f)) => Some(Missing::field(f)),
            (None, None) => Some(Missing::default()),
            _ => None,
        }
    }
}
