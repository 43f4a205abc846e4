//! Program stage: decisions over the whole roster (`按 部门 排名 …`). Such a decision is made
//! after every record's own decisions, per group of records with the same value of a field: its
//! rules may take a quota of the group (`名额 2`, `名额 20%`) in the decision's order, and read
//! the group's size, a record's rank in it and a group's average.

use crate::value::Num;

use super::ir::ExprId;

/// What makes a decision a roster decision.
#[derive(Clone, Debug, Default)]
pub struct RosterDef {
    /// The record field whose values make the groups (none: the whole roster is one group).
    pub group: Option<usize>,
    /// The order of a group's records: the first key decides, the next break ties.
    pub order: Vec<RankKey>,
    /// The expressions whose group average the decision reads (`组内平均(x)`), by index.
    pub means: Vec<ExprId>,
    /// Its rules that take a quota, in rule order.
    pub quotas: Vec<Quota>,
    /// The pass in which its inputs are gathered: 0 when they read only the records' own
    /// decisions, else one more than the latest roster decision they read.
    pub level: u32,
    /// A rule that 优先于 one with a quota reads the group (a group function, or the
    /// decision's own outcome): the group is ranked in one pass, and who competes for the
    /// quotas is gathered in the next, with the group known.
    pub two_stage: bool,
}

/// A key of a roster decision's order.
#[derive(Clone, Copy, Debug)]
pub struct RankKey {
    /// The value compared.
    pub expr: ExprId,
    /// Highest first.
    pub desc: bool,
}

/// A rule that fires for at most so many of a group's records that meet its condition.
#[derive(Clone, Copy, Debug)]
pub struct Quota {
    /// The rule.
    pub rule: usize,
    /// How many.
    pub places: Places,
}

/// A rule's share of a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Places {
    /// So many records.
    Count(u32),
    /// This share of the group's size (0 to 1), rounded down: "不超过20%".
    Share(Num),
}

impl Places {
    /// The number of places in a group of `size` records.
    pub fn of(self, size: u32) -> u32 {
        match self {
            Places::Count(n) => n,
            Places::Share(p) => {
                // Exact: the share has at most six decimals.
                let raw = i128::from(p.raw()) * i128::from(size);
                let places = raw / i128::from(Num::SCALE);
                u32::try_from(places.max(0)).unwrap_or(u32::MAX)
            }
        }
    }
}

/// A function of a record's group, readable in a roster decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupFn {
    /// `组内人数()`: how many records the group has.
    Size,
    /// `组内名次()`: the record's rank in the group by the decision's order (1: first).
    Rank,
    /// `组内平均(x)`: the average of `x` over the group's records that have a value; the index
    /// into [`RosterDef::means`].
    Mean(usize),
}
