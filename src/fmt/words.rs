//! Formatter: the keywords of each language as `rung fmt` writes them, and the translation of
//! a word written in the other language.

/// The keyword language of a formatted policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keywords {
    /// 中文: `规则`, `当`, `则`, `且` …
    Zh,
    /// English: `rule`, `when`, `then`, `and` …
    En,
}

/// A keyword's spellings: the canonical Chinese one, the canonical English one, then every
/// other spelling the grammar accepts for it.
pub(super) type Word = (&'static str, &'static str, &'static [&'static str]);

pub(super) const POLICY: Word = ("制度", "policy", &[]);
pub(super) const CALENDAR: Word = ("日历", "calendar", &[]);
pub(super) const SCALE: Word = ("等级", "scale", &[]);
pub(super) const LADDER: Word = ("阶梯", "ladder", &[]);
pub(super) const TYPE: Word = ("类型", "type", &[]);
pub(super) const RECORD: Word = ("记录", "record", &[]);
pub(super) const PARAM: Word = ("参数", "param", &[]);
pub(super) const TABLE: Word = ("表", "table", &[]);
pub(super) const LET: Word = ("定义", "let", &[]);
pub(super) const CLAUSE: Word = ("条款", "clause", &[]);
pub(super) const DECISION: Word = ("决定", "decision", &[]);
pub(super) const RULE: Word = ("规则", "rule", &[]);
pub(super) const SOURCE: Word = ("原文", "source", &[]);
pub(super) const SEE: Word = ("参见", "see", &[]);
pub(super) const WHEN: Word = ("当", "when", &[]);
pub(super) const THEN: Word = ("则", "then", &[]);
pub(super) const ELSE: Word = ("否则", "else", &[]);
pub(super) const IF: Word = ("若", "if", &[]);
pub(super) const OVERRIDES: Word = ("优先于", "overrides", &[]);
pub(super) const NEEDS: Word = ("需要", "requires", &[]);
pub(super) const REQUIRE: Word = ("要求", "requires", &["需要"]);
pub(super) const AT_MOST: Word = ("不超过", "at most", &["不高于"]);
pub(super) const AT_LEAST: Word = ("不低于", "at least", &["不少于"]);
pub(super) const ONLY_WHEN: Word = ("仅当", "only when", &[]);
pub(super) const FROM: Word = ("出处", "from", &[]);
pub(super) const ASSUMED: Word = ("自定", "assumed", &[]);
pub(super) const KEY: Word = ("标识", "key", &[]);
pub(super) const AND: Word = ("且", "and", &["并且"]);
pub(super) const OR: Word = ("或", "or", &["或者"]);
pub(super) const NOT: Word = ("非", "not", &[]);
pub(super) const HAS: Word = ("有", "has", &[]);
pub(super) const MEETS: Word = ("达到", "meets", &[]);
pub(super) const HAS_NO: Word = ("无", "has no", &[]);
pub(super) const IN: Word = ("属于", "in", &[]);
pub(super) const NOT_IN: Word = ("不属于", "not in", &[]);
pub(super) const WHERE: Word = ("满足", "where", &[]);
pub(super) const OTHERWISE: Word = ("若无则", "otherwise", &["??"]);
pub(super) const NONE: Word = ("空", "none", &[]);
pub(super) const TRUE: Word = ("真", "true", &[]);
pub(super) const FALSE: Word = ("假", "false", &[]);
pub(super) const LIST: Word = ("列表", "list", &[]);
pub(super) const MAP: Word = ("映射", "map", &[]);
pub(super) const NUMBER: Word = ("数值", "number", &[]);
pub(super) const INT: Word = ("整数", "int", &[]);
pub(super) const RANGE: Word = ("至", "..", &[]);
pub(super) const FIRST: Word = ("首条", "first", &[]);
pub(super) const MAX: Word = ("取大", "max", &[]);
pub(super) const MIN: Word = ("取小", "min", &[]);
pub(super) const UNIQUE: Word = ("唯一", "unique", &[]);
pub(super) const EVERY: Word = ("全部", "every", &[]);
pub(super) const PER: Word = ("按", "per", &[]);
pub(super) const RANKED: Word = ("排名", "ranked by", &[]);
pub(super) const DESC: Word = ("降序", "desc", &[]);
pub(super) const ASC: Word = ("升序", "asc", &[]);
pub(super) const QUOTA: Word = ("名额", "quota", &[]);
pub(super) const ANY: Word = ("任一", "any", &[]);
pub(super) const ALL: Word = ("所有", "all", &[]);
pub(super) const COUNT: Word = ("计数", "count", &[]);
pub(super) const FIRST_OF: Word = ("首个", "first", &[]);
pub(super) const SUM: Word = ("合计", "sum", &[]);
pub(super) const AVERAGE: Word = ("平均", "average", &[]);
pub(super) const MINIMUM: Word = ("最小", "minimum", &[]);
pub(super) const MAXIMUM: Word = ("最大", "maximum", &[]);
pub(super) const OF: Word = ("取", "of", &[]);
pub(super) const LT: Word = ("低于", "<", &[]);
pub(super) const GT: Word = ("高于", ">", &[]);
pub(super) const EQ: Word = ("等于", "=", &[]);
pub(super) const NE: Word = ("不等于", "≠", &[]);

/// The built-in types' names (as the checker declares them in `check/mod.rs`).
pub(super) const TYPES: &[(&str, &str)] = &[
    ("文本", "text"),
    ("数值", "number"),
    ("整数", "int"),
    ("布尔", "bool"),
    ("日期", "date"),
    ("月份", "month"),
    ("季度", "quarter"),
    ("年份", "year"),
];

impl Keywords {
    /// The canonical spelling of a keyword.
    pub(super) fn of(self, w: Word) -> &'static str {
        match self {
            Keywords::Zh => w.0,
            Keywords::En => w.1,
        }
    }

    /// A keyword as the author wrote it: kept when it is a symbol (`≤`, `..`, `??`) or a word
    /// of this language (a synonym such as `并且` stays), translated when it is a word of the
    /// other language. `words` are the keywords it may be a spelling of.
    pub(super) fn keep(self, written: &str, words: &[Word]) -> String {
        let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
        let english = written
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let symbol = written.chars().all(|c| !c.is_alphanumeric());
        if symbol || english == (self == Keywords::En) {
            return written;
        }
        let same = |w: &Word| w.0 == written || w.1 == written || w.2.contains(&written.as_str());
        match words.iter().find(|w| same(w)) {
            Some(w) => self.of(*w).to_string(),
            None => written,
        }
    }

    /// A built-in name (of a function, a type, the evaluation date) in this language, when
    /// `name` is one in the other.
    pub(super) fn builtin(
        self,
        pairs: &[(&'static str, &'static str)],
        name: &str,
    ) -> Option<&'static str> {
        pairs.iter().find_map(|(zh, en)| match self {
            Keywords::Zh if *en == name => Some(*zh),
            Keywords::En if *zh == name => Some(*en),
            _ => None,
        })
    }
}
