//! Eval stage: what a record's run found out about its rules, a byte per rule (whether it
//! fires, whether it contributed, whether its requirement was unmet) and, for a rule whose
//! firing is unknown, the absent fields it waits for; cleared per record by zeroing the bytes.

use crate::eval::value::{Missing, Tri};

/// What evaluation found out about one rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleState {
    /// Whether it fires (None: not looked at).
    pub fires: Option<Tri>,
    /// Whether it set, limited or satisfied an outcome.
    pub contributed: bool,
    /// Whether it is a requirement that applied and did not hold.
    pub unmet: bool,
}

/// Whether a rule fires, as a record's run knows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(in crate::eval) enum Fired {
    /// Not looked at yet.
    #[default]
    Unseen,
    True,
    False,
    Unknown,
}

/// The bits of a rule's byte that say whether it fires.
const FIRED: u8 = 0b11;
/// The bit of a rule that set, limited or satisfied an outcome.
const CONTRIBUTED: u8 = 0b100;
/// The bit of a requirement that applied and did not hold.
const UNMET: u8 = 0b1000;
/// The bit of a rule that fires whenever it is looked at (no condition, no rule overriding it,
/// no quota): looking at it sets it to fire without working anything out.
const PLAIN: u8 = 0b1_0000;

impl Fired {
    #[inline]
    fn of(byte: u8) -> Fired {
        match byte & FIRED {
            0 => Fired::Unseen,
            1 => Fired::True,
            2 => Fired::False,
            _ => Fired::Unknown,
        }
    }

    #[inline]
    fn bits(self) -> u8 {
        match self {
            Fired::Unseen => 0,
            Fired::True => 1,
            Fired::False => 2,
            Fired::Unknown => 3,
        }
    }
}

/// The rules of one record's run.
#[derive(Debug, Default)]
pub(in crate::eval) struct Rules {
    /// Per rule: [`Fired`]'s bits, [`CONTRIBUTED`], [`UNMET`], [`PLAIN`].
    state: Vec<u8>,
    /// Per rule: the state of a record not looked at yet ([`PLAIN`] or nothing).
    fresh: Vec<u8>,
    /// Per rule whose firing is unknown: the absent fields it waits for (stale for others).
    unknown: Vec<Missing>,
}

impl Rules {
    /// Rules, none looked at; per rule, whether it fires whenever it is looked at.
    pub(in crate::eval) fn new(plain: impl ExactSizeIterator<Item = bool>) -> Rules {
        let fresh: Vec<u8> = plain.map(|p| if p { PLAIN } else { 0 }).collect();
        Rules {
            state: fresh.clone(),
            unknown: vec![Missing::default(); fresh.len()],
            fresh,
        }
    }

    /// Every rule back to not looked at, for the next record.
    pub(in crate::eval) fn clear(&mut self) {
        self.state.copy_from_slice(&self.fresh);
    }

    /// Whether rule `r` fires, as far as known (none: no such rule).
    #[inline]
    pub(super) fn fired(&self, r: usize) -> Option<Fired> {
        self.state.get(r).map(|&b| Fired::of(b))
    }

    /// Whether rule `r` fires, looking at it: known already, or a rule that fires whenever it is
    /// looked at (none: it is to be worked out, or there is no such rule).
    #[inline]
    pub(super) fn look(&mut self, r: usize) -> Option<Fired> {
        let b = self.state.get_mut(r)?;
        match *b & FIRED {
            0 if *b & PLAIN != 0 => {
                *b |= Fired::True.bits();
                Some(Fired::True)
            }
            0 => None,
            bits => Some(Fired::of(bits)),
        }
    }

    /// Records whether rule `r` fires, and hands it back.
    #[inline]
    pub(super) fn set(&mut self, r: usize, t: Tri) -> Fired {
        let fired = match t {
            Tri::True => Fired::True,
            Tri::False => Fired::False,
            Tri::Unknown(m) => {
                if let Some(slot) = self.unknown.get_mut(r) {
                    *slot = m;
                }
                Fired::Unknown
            }
        };
        self.settle(r, fired);
        fired
    }

    /// Records for now whether rule `r` fires (without what an unknown one waits for).
    #[inline]
    pub(super) fn settle(&mut self, r: usize, fired: Fired) {
        if let Some(b) = self.state.get_mut(r) {
            *b = (*b & !FIRED) | fired.bits();
        }
    }

    /// The absent fields on which whether an unknown rule fires depends.
    #[inline]
    pub(super) fn unknown(&self, r: usize) -> Missing {
        match self.fired(r) {
            Some(Fired::Unknown) => self.unknown.get(r).copied().unwrap_or_default(),
            _ => Missing::default(),
        }
    }

    /// Marks rule `r` as having set, limited or satisfied an outcome.
    #[inline]
    pub(super) fn contributed(&mut self, r: usize) {
        if let Some(b) = self.state.get_mut(r) {
            *b |= CONTRIBUTED;
        }
    }

    /// Marks rule `r` as a requirement that applied and did not hold.
    #[inline]
    pub(super) fn unmet(&mut self, r: usize) {
        if let Some(b) = self.state.get_mut(r) {
            *b |= UNMET;
        }
    }

    /// What the run found out about rule `r`.
    pub(in crate::eval) fn get(&self, r: usize) -> RuleState {
        let Some(&b) = self.state.get(r) else {
            return RuleState::default();
        };
        RuleState {
            fires: match Fired::of(b) {
                Fired::Unseen => None,
                Fired::True => Some(Tri::True),
                Fired::False => Some(Tri::False),
                Fired::Unknown => Some(Tri::Unknown(self.unknown(r))),
            },
            contributed: b & CONTRIBUTED != 0,
            unmet: b & UNMET != 0,
        }
    }
}
