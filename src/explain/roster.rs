//! Explain stage: a record's place in a roster decision's group, in words: the group and its
//! size, the rank, the averages read, and for each quota the rank among those who meet the
//! rule's condition, the places and whether the record is within them
//! ("部门 客服 共 12 人,符合条件者 5 人中排第 2,名额 2").

use std::fmt::Write as _;

use crate::diag::Lang;
use crate::program::Program;
use crate::verdict::{DecisionVerdict, QuotaStanding, RosterPlace};

/// `部门 客服 共 12 人` (or `全体 12 人` for the whole roster).
fn group_text(p: &Program, di: usize, r: &RosterPlace, lang: Lang) -> String {
    let field = p
        .decisions
        .get(di)
        .and_then(|d| d.roster.as_ref())
        .and_then(|x| x.group)
        .and_then(|f| p.schema.record().and_then(|r| r.fields.get(f)))
        .map(|f| f.name.as_str());
    match (field, &r.group) {
        (Some(f), Some(g)) => lang.fmt(
            format!("{f} {g} 共 {} 人", r.size),
            format!("{f} {g}: {} people", r.size),
        ),
        (Some(f), None) => lang.fmt(
            format!("缺少 {f},不在任何分组中"),
            format!("no {f}, so in no group"),
        ),
        (None, _) => lang.fmt(
            format!("全体 {} 人", r.size),
            format!("all {} people", r.size),
        ),
    }
}

fn places_text(q: &QuotaStanding, lang: Lang) -> String {
    match q.share {
        Some(s) => {
            let pct = s.checked_mul(crate::value::Num::from_int(100).unwrap_or_default());
            let pct = pct.map(|x| x.to_string()).unwrap_or_default();
            lang.fmt(
                format!("名额 {}({pct}%)", q.places),
                format!("{} place(s) ({pct}%)", q.places),
            )
        }
        None => lang.fmt(
            format!("名额 {}", q.places),
            format!("{} place(s)", q.places),
        ),
    }
}

/// A quota in words: `符合条件者 5 人中排第 2,名额 2,在名额内`.
fn quota_text(q: &QuotaStanding, lang: Lang) -> String {
    let places = places_text(q, lang);
    let standing = match q.within {
        Some(true) => lang.pick("在名额内", "within the quota"),
        Some(false) => lang.pick("不在名额内", "outside the quota"),
        None => lang.pick("待定", "pending"),
    };
    let mut out = match q.rank {
        Some(r) => lang.fmt(
            format!(
                "符合条件者 {} 人中排第 {r},{places},{standing}",
                q.candidates
            ),
            format!(
                "ranked {r} of the {} meeting the condition, {places}, {standing}",
                q.candidates
            ),
        ),
        None => lang.fmt(
            format!("不在符合条件者之列({} 人),{places}", q.candidates),
            format!(
                "not among the {} meeting the condition, {places}",
                q.candidates
            ),
        ),
    };
    if q.pending > 0 {
        let n = q.pending;
        let _ = write!(
            out,
            "{}",
            lang.fmt(format!(";另有 {n} 人待定"), format!("; {n} more pending"))
        );
    }
    out
}

/// The place of the record in the audit text: a line for the group, one per quota.
pub(super) fn audit(out: &mut String, p: &Program, di: usize, d: &DecisionVerdict, lang: Lang) {
    let Some(r) = &d.roster else { return };
    let mut line = group_text(p, di, r, lang);
    if let Some(rank) = r.rank {
        let _ = write!(
            line,
            "{}",
            lang.fmt(format!(",排第 {rank}"), format!(", ranked {rank}"))
        );
    }
    for m in &r.means {
        let avg = m.value.map_or_else(|| "—".to_string(), |v| v.to_string());
        let _ = write!(
            line,
            "{}",
            lang.fmt(
                format!(";组内平均 {} 为 {avg}({} 人有值)", m.expr, m.counted),
                format!(
                    "; group average of {} is {avg} ({} with a value)",
                    m.expr, m.counted
                ),
            )
        );
    }
    let _ = writeln!(out, "  {}{line}", lang.pick("名次:", "rank: "));
    for q in &r.quotas {
        let _ = writeln!(
            out,
            "  {} {}{}{}",
            lang.pick("名额", "quota"),
            q.rule,
            lang.pick(":", ": "),
            quota_text(q, lang)
        );
    }
}

/// The place of the record in the employee's notice, one sentence.
pub(super) fn notice(p: &Program, di: usize, d: &DecisionVerdict, lang: Lang) -> Option<String> {
    let r = d.roster.as_ref()?;
    let mut parts = vec![group_text(p, di, r, lang)];
    if let Some(rank) = r.rank {
        parts.push(lang.fmt(format!("您排第 {rank}"), format!("you rank {rank}")));
    }
    for q in &r.quotas {
        parts.push(lang.fmt(
            format!("第 {} 条:{}", q.rule, quota_text(q, lang)),
            format!("clause {}: {}", q.rule, quota_text(q, lang)),
        ));
    }
    Some(format!(
        "{}{}",
        parts.join(lang.pick(";", "; ")),
        lang.pick("。", ".")
    ))
}
