//! Ground floor: how names are compared and guessed. One normaliser for names as written
//! (quoted names, rungs in records) and one "did you mean" for every stage that meets an
//! unknown name (the checker, the records reader).

use std::borrow::Cow;

/// A name as compared: full-width parentheses read as ASCII ones, and no white space (a rung
/// pasted as `中（一）级客服 (一般)` is `中(一)级客服(一般)`).
pub fn normalize(name: &str) -> Cow<'_, str> {
    if !name
        .chars()
        .any(|c| c.is_whitespace() || c == '（' || c == '）')
    {
        return Cow::Borrowed(name);
    }
    Cow::Owned(
        name.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                c => c,
            })
            .collect(),
    )
}

/// The candidate closest to `name`, if it is close: at most one edit per three characters
/// (at least one), and fewer edits than `name` has characters, so that a short name is not
/// "corrected" into another short name (`E` is not a misspelt `S`). Ties go to the shorter
/// candidate, then to the first.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit && *d < len)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_reads_full_width_parentheses_and_drops_spaces() {
        assert_eq!(normalize("中（一）级客服 (一般)"), "中(一)级客服(一般)");
        assert!(matches!(normalize("岗位"), Cow::Borrowed("岗位")));
    }

    #[test]
    fn closest_allows_one_edit_in_three_characters() {
        assert_eq!(closest("前6各月", ["前6个月", "岗位"]), Some("前6个月"));
        assert_eq!(closest("岗立", ["岗位", "职级"]), Some("岗位"));
        assert_eq!(closest("转正日", ["转正日期", "转"]), Some("转正日期"));
        assert_eq!(closest("完全不同的名字", ["岗位"]), None);
        // One character is never "corrected" into another.
        assert_eq!(closest("E", ["S", "A"]), None);
        // The name itself is no suggestion.
        assert_eq!(closest("岗位", ["岗位"]), None);
    }
}
