//! Verdict stage: a record's place in a roster decision's group as data: the group, its size,
//! the rank, the averages read, and each quota's rank, candidates, places and whether the
//! record is within it.

use crate::eval::{Tri, Verdict};
use crate::program::roster::{Places, RosterDef};

use super::kinds::source_text;
use super::{GroupMean, QuotaStanding, RosterPlace};

/// The place of the record in decision `di`, when the roster was ranked.
pub(super) fn place(v: &Verdict<'_>, di: usize, def: &RosterDef) -> Option<RosterPlace> {
    let p = v.program();
    let place = v.place(di)?;
    let quotas = def
        .quotas
        .iter()
        .filter_map(|q| {
            let s = place.quota(q.rule)?;
            Some(QuotaStanding {
                rule: p
                    .rules
                    .get(q.rule)
                    .map(|r| r.id().to_string())
                    .unwrap_or_default(),
                rank: s.rank,
                candidates: s.candidates,
                pending: s.pending,
                places: s.places,
                share: match q.places {
                    Places::Share(n) => Some(n),
                    Places::Count(_) => None,
                },
                within: match s.within {
                    Tri::True => Some(true),
                    Tri::False => Some(false),
                    Tri::Unknown(_) => None,
                },
            })
        })
        .collect();
    let means = def
        .means
        .iter()
        .zip(&place.means)
        .map(|(e, m)| GroupMean {
            expr: source_text(p, *e),
            value: m.value,
            counted: m.counted,
        })
        .collect();
    Some(RosterPlace {
        group: place.group.clone(),
        size: place.size,
        rank: place.rank,
        means,
        quotas,
    })
}
