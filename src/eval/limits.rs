//! Eval stage: the bounds on one record's evaluation, so that no policy and no record can make
//! evaluation run for minutes or fill memory. Going past one is an error for that record, which
//! names the rule, the field and the expression; the other records go on.

/// The most elements a range (`a .. b` of numbers, months or dates) may have: 100,000 is 273
/// years of days, far more than any employment needs.
pub const MAX_RANGE: u64 = 100_000;

/// The most quantifier steps (`任一`/`所有`/`计数`/`首个` elements visited, nested ones
/// included) one record's evaluation may take.
pub const MAX_STEPS: u64 = 1_000_000;

/// How many elements `lo ..= hi` has (0 when `hi < lo`).
pub fn range_len(lo: i64, hi: i64) -> u64 {
    let n = i128::from(hi) - i128::from(lo) + 1;
    if n <= 0 {
        0
    } else {
        u64::try_from(n).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_lengths() {
        assert_eq!(range_len(1, 3), 3);
        assert_eq!(range_len(3, 1), 0);
        assert_eq!(range_len(i64::MIN, i64::MAX), u64::MAX);
    }
}
