//! Syntax stage: every keyword of the language in one table, with its spellings and the place
//! it takes. The grammar (`grammar/rung.pest`) spells the same words, as pest needs literals;
//! a test holds the two together. Recovery, the hints for a keyword used as a name or glued to
//! one, and the checker's "did you mean" for glued keywords all read this table.

/// The place a keyword takes, as the hints and the recovery need to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Starts a top-level item (`制度`, `决定` …).
    Item,
    /// Starts a rule inside a decision (`规则`).
    Rule,
    /// Stands between names in conditions and rules: a rule's part, an operator, a quantifier
    /// (`当`, `且`, `属于`, `任一` …). A name that swallowed one for want of a space (`当岗位`)
    /// gets a hint to write them apart.
    Joiner,
    /// Any other word of the grammar (bounds, provenance, literals, combinations, comparison
    /// words, `至`).
    Word,
}

/// A keyword: the grammar rule that matches it, its spellings, its place.
#[derive(Clone, Copy, Debug)]
pub struct Keyword {
    /// The grammar rule that matches it.
    pub rule: &'static str,
    /// Its spellings, English first; a space stands for any run of spaces and tabs.
    pub spellings: &'static [&'static str],
    /// The place it takes.
    pub role: Role,
    /// Whether its one-word spellings cannot be names (`无` can: it starts 无效, 无锡).
    pub reserved: bool,
}

const fn kw(
    rule: &'static str,
    spellings: &'static [&'static str],
    role: Role,
    reserved: bool,
) -> Keyword {
    Keyword {
        rule,
        spellings,
        role,
        reserved,
    }
}

use Role::{Item, Joiner, Rule as RuleStart, Word};

/// Every keyword of the language.
pub const KEYWORDS: &[Keyword] = &[
    kw("k_policy", &["policy", "制度"], Item, true),
    kw("k_calendar", &["calendar", "日历"], Item, true),
    kw("k_scale", &["scale", "等级"], Item, true),
    kw("k_ladder", &["ladder", "阶梯"], Item, true),
    kw("k_type", &["type", "类型"], Item, true),
    kw("k_record", &["record", "记录"], Item, true),
    kw("k_param", &["param", "参数"], Item, true),
    kw("k_let", &["let", "定义"], Item, true),
    kw("k_clause", &["clause", "条款"], Item, true),
    kw("k_decision", &["decision", "决定"], Item, true),
    kw("k_process", &["process", "流程"], Item, false),
    kw("k_probation", &["probation", "试用期"], Item, false),
    kw("k_table", &["table", "表"], Item, false),
    kw("k_rule", &["rule", "规则"], RuleStart, true),
    kw("k_source", &["source", "原文"], Joiner, true),
    kw("k_see", &["see", "参见"], Joiner, true),
    kw("k_when", &["when", "当"], Joiner, true),
    kw("k_then", &["then", "则"], Joiner, true),
    kw("k_else", &["else", "否则"], Joiner, true),
    kw("k_if", &["if", "若"], Joiner, true),
    kw("k_overrides", &["overrides", "优先于"], Joiner, true),
    kw("k_requires", &["requires", "需要", "要求"], Joiner, true),
    kw("k_at_most", &["at most", "不超过", "不高于"], Word, true),
    kw("k_at_least", &["at least", "不低于", "不少于"], Word, true),
    kw("k_only_when", &["only when", "仅当"], Word, true),
    kw("k_from", &["from", "出处"], Word, false),
    kw("k_assumed", &["assumed", "自定"], Word, false),
    kw("k_key", &["key", "标识"], Word, false),
    kw("k_and", &["and", "且", "并且"], Joiner, true),
    kw("k_or", &["or", "或", "或者"], Joiner, true),
    kw("k_not", &["not", "非"], Joiner, true),
    kw("k_has", &["has", "有"], Joiner, true),
    kw("k_meets", &["meets", "达到"], Joiner, true),
    kw("k_has_no", &["has no", "无"], Joiner, false),
    kw("k_in", &["in", "属于"], Joiner, true),
    kw("k_not_in", &["not in", "不属于"], Joiner, true),
    kw("k_where", &["where", "满足"], Joiner, true),
    kw("k_otherwise", &["otherwise", "若无则"], Joiner, true),
    kw(
        "quantifier",
        &[
            "any", "任一", "all", "所有", "count", "计数", "first", "首个",
        ],
        Joiner,
        true,
    ),
    kw(
        "aggregate",
        &[
            "sum", "合计", "average", "平均", "minimum", "最小", "maximum", "最大",
        ],
        Word,
        false,
    ),
    kw("k_of", &["of", "取"], Word, false),
    kw("none_lit", &["none", "空"], Word, true),
    kw(
        "combine",
        &[
            "first", "首条", "max", "取大", "min", "取小", "unique", "唯一", "every", "全部",
        ],
        Word,
        false,
    ),
    kw("bool_lit", &["true", "真", "false", "假"], Word, true),
    kw("cmp_word", &["不等于", "等于", "低于", "高于"], Word, true),
    kw("range", &["至"], Word, true),
    kw("k_step", &["step", "步骤"], Word, false),
    kw("k_by", &["by", "由"], Word, false),
    kw("k_produces", &["produces", "产出"], Word, false),
    kw("k_optional", &["optional", "可选"], Word, false),
    kw("k_due", &["due", "期限"], Word, false),
    kw("k_about", &["about", "约"], Word, false),
    kw("k_per", &["per", "按"], Word, false),
    kw("k_ranked", &["ranked by", "排名"], Word, false),
    kw("k_desc", &["desc", "降序"], Word, false),
    kw("k_asc", &["asc", "升序"], Word, false),
    kw("k_quota", &["quota", "名额"], Word, false),
];

/// Whether a word is a keyword that cannot be a name (it must be quoted: `「当」`).
pub fn is_reserved(word: &str) -> bool {
    KEYWORDS
        .iter()
        .any(|k| k.reserved && k.spellings.contains(&word))
}

/// The spellings of the keywords that take a place.
pub fn spellings(role: Role) -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .filter(move |k| k.role == role)
        .flat_map(|k| k.spellings.iter().copied())
}

/// The spellings of one grammar rule's keyword (`k_decision`: `decision`, `决定`).
pub fn spellings_of(rule: &str) -> &'static [&'static str] {
    KEYWORDS
        .iter()
        .find(|k| k.rule == rule)
        .map_or(&[], |k| k.spellings)
}

/// The Chinese joiners (`当`, `且`, `属于` …), longest first, so that a name that swallowed one
/// (`若无则x`) is read with the longest (`若无则`, not `若`).
pub fn chinese_joiners() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = spellings(Joiner).filter(|s| !s.is_ascii()).collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: &str = include_str!("../../grammar/rung.pest");

    /// The text of a grammar rule, from its name to the end of its definition.
    fn rule_text(rule: &str) -> &'static str {
        let start = GRAMMAR
            .find(&format!("\n{rule} = "))
            .unwrap_or_else(|| panic!("no rule `{rule}` in the grammar"));
        let rest = &GRAMMAR[start + 1..];
        let end = rest.find("\n\n").unwrap_or(rest.len());
        let text = &rest[..end];
        // Only the rule itself, not the `///` comment of the next one.
        text.split("\n///").next().unwrap_or(text)
    }

    /// The words a rule spells: its quoted literals, `"at" ~ (" " | "\t")+ ~ "most"` as
    /// `at most`, without the space and tab literals and operators such as `??` and `..`.
    fn words(rule: &str) -> Vec<String> {
        let text = rule_text(rule).replace("~ (\" \" | \"\\t\")+ ~", "SPACE");
        let mut out: Vec<String> = Vec::new();
        let mut glue = false;
        for (i, piece) in text.split('"').enumerate() {
            if i % 2 == 1 {
                if glue {
                    if let Some(last) = out.last_mut() {
                        last.push(' ');
                        last.push_str(piece);
                    }
                } else {
                    out.push(piece.to_string());
                }
            } else {
                glue = piece.trim() == "SPACE";
            }
        }
        out.retain(|w| w.chars().any(char::is_alphabetic));
        out
    }

    #[test]
    fn every_keyword_is_spelt_as_the_grammar_spells_it() {
        for k in KEYWORDS {
            let mut want: Vec<String> = k.spellings.iter().map(|s| s.to_string()).collect();
            let mut got = words(k.rule);
            want.sort();
            got.sort();
            assert_eq!(got, want, "rule `{}`", k.rule);
        }
    }

    #[test]
    fn every_keyword_rule_of_the_grammar_is_in_the_table() {
        for line in GRAMMAR.lines() {
            if let Some(rule) = line.strip_prefix("k_").and_then(|l| l.split(' ').next()) {
                let rule = format!("k_{rule}");
                assert!(
                    KEYWORDS.iter().any(|k| k.rule == rule),
                    "`{rule}` is not in the keyword table"
                );
            }
        }
    }

    #[test]
    fn the_reserved_words_are_the_grammars() {
        let mut grammar = words("reserved");
        let mut table: Vec<String> = KEYWORDS
            .iter()
            .filter(|k| k.reserved)
            .flat_map(|k| k.spellings.iter())
            .filter(|s| !s.contains(' '))
            .map(|s| s.to_string())
            .collect();
        grammar.sort();
        grammar.dedup();
        table.sort();
        table.dedup();
        assert_eq!(table, grammar);
    }

    #[test]
    fn chinese_joiners_come_longest_first() {
        let j = chinese_joiners();
        let at = |w: &str| j.iter().position(|x| *x == w);
        assert!(at("若无则") < at("若") && at("不属于") < at("属于"));
        assert!(j.contains(&"当") && j.contains(&"无") && !j.contains(&"when"));
        assert!(j
            .windows(2)
            .all(|w| w[0].chars().count() >= w[1].chars().count()));
        assert!(is_reserved("当") && is_reserved("type") && !is_reserved("无"));
    }
}
