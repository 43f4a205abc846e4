//! Syntax stage: syntax errors, what was expected, and how they read in Chinese and English.

use crate::diag::{Diagnostic, Lang};

use super::parser::Rule;
use super::span::Span;

/// A syntax error in a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub span: Span,
    /// What went wrong.
    pub kind: SyntaxErrorKind,
}

/// The kinds of syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The text at the span cannot stand there.
    Unexpected {
        /// What stands there (None at the end of the file).
        found: Option<String>,
        /// What could stand there.
        expected: Vec<Expected>,
        /// The word before it, when there is one.
        previous: Option<String>,
        /// Whether it starts its line (a keyword there begins the next item).
        starts_line: bool,
    },
    /// A rule has a part twice (`source`, `for`, `when`, `then`).
    RulePartTwice(&'static str),
    /// A rule has no `则`.
    RuleWithoutThen,
    /// A rule id holds a character ids do not allow (`C3-C7`): the id as written and the
    /// character.
    BadRuleId {
        /// The id as written.
        id: String,
        /// The first character not allowed.
        ch: char,
    },
    /// A grade count too large to be a count.
    BadCount(String),
    /// A decision is not closed with `}`.
    UnclosedDecision,
    /// An expression nests deeper than the limit (the limit).
    TooDeep(usize),
    /// A chain of operators has more operands than the limit (the limit).
    TooLong(usize),
    /// The parse tree was not of the expected shape (a bug in rung).
    Internal(&'static str),
}

/// Something the parser could have accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expected {
    /// An expression.
    Expression,
    /// An operator after a value.
    Operator,
    /// A name.
    Name,
    /// A quoted string.
    Str,
    /// A clause number.
    ClauseId,
    /// A type.
    Type,
    /// A top-level item.
    Item,
    /// A rule, a field or `}` in a decision.
    Member,
    /// A part of a rule.
    RulePart,
    /// An effect of a rule.
    Effect,
    /// A grade pattern.
    Pattern,
    /// A 大级 of a ladder.
    Major,
    /// An enum member.
    EnumMember,
    /// How rules combine.
    Combine,
    /// Where a parameter comes from.
    Provenance,
    /// A specific keyword or token: Chinese and English spelling.
    Token(&'static str, &'static str),
    /// The end of the file.
    End,
}

impl Expected {
    fn describe(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Expected::Expression => ("表达式", "an expression"),
            Expected::Operator => ("运算符", "an operator"),
            Expected::Name => ("名称", "a name"),
            Expected::Str => ("带引号的文字", "a quoted string"),
            Expected::ClauseId => ("条款编号(如 `8.4.1.2.B`)", "a clause number such as `8.4.1.2.B`"),
            Expected::Type => ("类型", "a type"),
            Expected::Item => (
                "`制度`、`等级`、`阶梯`、`类型`、`记录`、`参数`、`定义`、`条款` 或 `决定`",
                "an item (`policy`, `scale`, `ladder`, `type`, `record`, `param`, `let`, `clause` or `decision`)",
            ),
            Expected::Member => ("规则、结果字段或 `}`", "a rule, an outcome field or `}`"),
            Expected::RulePart => (
                "规则的一部分(`原文`、`参见`、`当`、`则`、`优先于`)",
                "a part of a rule (`source`, `see`, `when`, `then`, `overrides`)",
            ),
            Expected::Effect => ("效果(如 `小级数 = 1`)", "an effect such as `小级数 = 1`"),
            Expected::Pattern => ("成绩模式(如 `3A`、`1S+1A`)", "a grade pattern such as `3A` or `1S+1A`"),
            Expected::Major => ("大级", "a 大级"),
            Expected::EnumMember => ("枚举成员", "an enum member"),
            Expected::Combine => ("`首条`、`取大`、`取小`、`唯一` 或 `全部`", "`first`, `max`, `min`, `unique` or `every`"),
            Expected::Provenance => ("`出处` 或 `自定`", "`from` or `assumed`"),
            Expected::Token(zh, en) => (zh, en),
            Expected::End => ("文件结尾", "the end of the file"),
        };
        lang.pick(zh, en).to_string()
    }

    /// What a grammar rule stands for, if it is worth naming.
    pub(super) fn of_rule(r: Rule) -> Option<Expected> {
        use Rule::*;
        Some(match r {
            expr | quantified | conditional | or_expr | and_expr | not_expr | compare | range
            | sum | product | unary | neg | has | fallback | postfix | number | percent
            | quarter_lit | date_lit | month_lit | duration | bool_lit | none_lit | list | call
            | paren | quantifier | aggregated | aggregate | k_if | k_not | k_has => {
                Expected::Expression
            }
            cmp_op | meets | has_no | add_op | mul_op | member | index | k_and | k_or
            | k_otherwise | k_meets | k_has_no | k_not_in | cmp_word | k_at_most | k_at_least => {
                Expected::Operator
            }
            name | ident | quoted_name => Expected::Name,
            string => Expected::Str,
            clause_id => Expected::ClauseId,
            type_expr | list_type | map_type | struct_type | number_type | ident_type
            | number_kw => Expected::Type,
            item | header | calendar | scale | ladder | type_def | record | param | let_def
            | clause | decision | k_policy | k_calendar | k_scale | k_ladder | k_type
            | k_record | k_param | k_let | k_clause | k_decision => Expected::Item,
            decision_member | rule | out_field | decision_end | k_rule => Expected::Member,
            rule_source | rule_see | rule_when | rule_then | rule_overrides | k_source | k_see
            | k_when | k_overrides => Expected::RulePart,
            effect => Expected::Effect,
            effect_op => Expected::Token(
                "`=`、`不超过`、`不低于` 或 `要求`",
                "`=`, `at most`, `at least` or `requires`",
            ),
            pattern | pattern_group | pattern_seq | pattern_term | pattern_count => {
                Expected::Pattern
            }
            major => Expected::Major,
            enum_body => Expected::EnumMember,
            combine => Expected::Combine,
            provenance | k_from | k_assumed => Expected::Provenance,
            k_then => Expected::Token("`则`", "`then`"),
            k_else => Expected::Token("`否则`", "`else`"),
            k_where => Expected::Token("`满足`", "`where`"),
            k_of => Expected::Token("`取`", "`of`"),
            k_in => Expected::Token("`属于`", "`in`"),
            k_key => Expected::Token("`标识`", "`key`"),
            k_requires => Expected::Token("`需要`", "`requires`"),
            k_only_when | decision_applies => Expected::Token("`仅当`", "`only when`"),
            optional => Expected::Token("`?`", "`?`"),
            unit => Expected::Token(
                "时间单位(`天`、`个月`、`年`、`个工作日`)",
                "a unit (`days`, `months`, `years`, `working days`)",
            ),
            EOI => Expected::End,
            _ => return None,
        })
    }
}

impl SyntaxError {
    /// The error as a diagnostic in the given language.
    pub fn to_diagnostic(&self, lang: Lang) -> Diagnostic {
        let code = "rung::syntax";
        match &self.kind {
            SyntaxErrorKind::Unexpected {
                found,
                expected,
                previous,
                starts_line,
            } => {
                let found_text = match found {
                    Some(f) => format!("`{f}`"),
                    None => lang.pick("文件结尾", "the end of the file").to_string(),
                };
                let message = lang.fmt(
                    format!("语法错误:此处不能是 {found_text}"),
                    format!("syntax error: unexpected {found_text}"),
                );
                let list: Vec<String> = expected.iter().map(|e| e.describe(lang)).collect();
                let label = if list.is_empty() {
                    lang.pick("无法识别", "not understood here").to_string()
                } else {
                    let sep = lang.pick("、", ", ");
                    lang.fmt(
                        format!("这里应为 {}", list.join(sep)),
                        format!("expected {}", join_or(&list, lang)),
                    )
                };
                let mut d = Diagnostic::error(code, message, self.span, label);
                let hint = found
                    .as_deref()
                    .and_then(|f| {
                        let wants_name = expected.iter().any(|e| matches!(e, Expected::Name | Expected::Expression));
                        if *starts_line || !wants_name { None } else { reserved_help(f, lang) }.or_else(|| spacing_help(f, lang))
                    })
                    .or_else(|| previous.as_deref().and_then(|w| spacing_help(w, lang)));
                if let Some((help, suggestion)) = hint {
                    d = d.with_help(help);
                    d.suggestion = Some(suggestion);
                                } else if found.as_deref() == Some("+") && previous.as_deref().is_some_and(looks_like_pattern_term) {
                    d = d.with_help(lang.pick(
                        "成绩模式中间不要加空格:写作 `1S+2A`",
                        "write a grade pattern without spaces: `1S+2A`",
                    ));
                } else if *starts_line && expected.contains(&Expected::Expression) {
                    d = d.with_help(lang.pick(
                        "上一行的表达式没有写完",
                        "the expression on the line before is unfinished",
                    ));
                } else if expected.contains(&Expected::Token("`则`", "`then`")) {
                    d = d.with_help(lang.pick(
                        "规则的条件写在 `当` 之后,结果写在 `则` 之后,如 `当 岗位 = 客服 则 小级数 = 1`",
                        "a rule's condition follows `when` and its effects follow `then`, as in `when 岗位 = 客服 then 小级数 = 1`",
                    ));
                }
                d
            }
            SyntaxErrorKind::RulePartTwice(part) => Diagnostic::error(
                code,
                lang.fmt(format!("规则中 `{part}` 出现了两次"), format!("a rule has `{part}` twice")),
                self.span,
                lang.pick("第二次出现在这里", "the second one is here").to_string(),
            )
            .with_help(lang.pick(
                "每条规则的 `原文`、`当`、`则` 各只能写一次;多个条件用 `且` 连接,多个效果用逗号分隔",
                "each of `source`, `when` and `then` appears once in a rule; join conditions with `and` and separate effects with commas",
            )),
            SyntaxErrorKind::RuleWithoutThen => Diagnostic::error(
                code,
                lang.fmt("规则没有 `则`", "rule has no `then`"),
                self.span,
                lang.pick("这条规则不设定任何结果", "this rule sets nothing").to_string(),
            )
            .with_help(lang.pick(
                "在规则末尾写出它的效果,如 `则 小级数 = 1`",
                "end the rule with its effects, such as `then 小级数 = 1`",
            )),
            SyntaxErrorKind::BadRuleId { id, ch } => {
                let mut d = Diagnostic::error(
                    code,
                    lang.fmt(
                        format!("规则编号 `{id}` 中不能有 `{ch}`"),
                        format!("rule id `{id}` cannot contain `{ch}`"),
                    ),
                    self.span,
                    lang.pick("编号不允许的字符", "a character ids do not allow").to_string(),
                )
                .with_help(lang.pick(
                    "规则编号只能由字母、数字、汉字、`_` 和分段的 `.` 组成(如 `C3_C7`、`3.2.1`);几个编号用 `,` 或 `、` 分开;条款范围写在原文里",
                    "a rule id is letters, digits, `_` and `.` between parts (as in `C3_C7`, `3.2.1`); separate several ids with `,`; write a range of clauses in the source text",
                ));
                d.suggestion = Some("_".to_string());
                d
            }
            SyntaxErrorKind::BadCount(c) => Diagnostic::error(
                code,
                lang.fmt(format!("成绩个数 `{c}` 太大"), format!("grade count `{c}` is too large")),
                self.span,
                lang.pick("这里", "here").to_string(),
            ),
            SyntaxErrorKind::UnclosedDecision => Diagnostic::error(
                code,
                lang.fmt("决定没有以 `}` 结束", "decision is not closed with `}`"),
                self.span,
                lang.pick("这个决定从这里开始", "the decision starts here").to_string(),
            )
            .with_help(lang.pick("在决定的最后一条规则之后写 `}`", "write `}` after the decision's last rule")),
            SyntaxErrorKind::TooDeep(max) => Diagnostic::error(
                "rung::too-deep",
                lang.fmt(format!("表达式嵌套过深(最多 {max} 层)"), format!("expression nests too deep (at most {max} levels)")),
                self.span,
                lang.pick("这里超过了", "the limit is passed here").to_string(),
            )
            .with_help(lang.pick(
                "把其中一部分写成 `定义`,再在这里引用它的名称",
                "move part of it into a `let` and use its name here",
            )),
            SyntaxErrorKind::TooLong(max) => Diagnostic::error(
                "rung::too-long",
                lang.fmt(format!("表达式过长(最多 {max} 项)"), format!("expression is too long (at most {max} operands)")),
                self.span,
                lang.pick("这个表达式", "this expression").to_string(),
            )
            .with_help(lang.pick(
                "把它分成几个 `定义`,再把它们连起来",
                "split it into several `let`s and join those",
            )),
            SyntaxErrorKind::Internal(what) => Diagnostic::error(
                "rung::internal",
                lang.fmt(format!("内部错误:语法树中缺少 {what}"), format!("internal error: malformed syntax tree at {what}")),
                self.span,
                lang.pick("这里", "here").to_string(),
            )
            .with_help(lang.pick("这是 rung 的缺陷,请报告", "this is a bug in rung; please report it")),
        }
    }
}

fn join_or(list: &[String], lang: Lang) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), lang.pick("或", "or")),
    }
}

/// `2S`: a count followed by a grade.
fn looks_like_pattern_term(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && word.chars().skip(digits).count() > 0
        && word.chars().skip(digits).all(char::is_alphabetic)
}

/// A keyword used where a name belongs: the help, and the name quoted.
fn reserved_help(found: &str, lang: Lang) -> Option<(String, String)> {
    super::keywords::is_reserved(found).then(|| {
        let help = lang.fmt(
            format!("`{found}` 是关键字;用作名称时请写成 「{found}」"),
            format!("`{found}` is a keyword; to use it as a name, write 「{found}」"),
        );
        (help, format!("「{found}」"))
    })
}

/// Chinese keywords must stand apart from names: `当岗位` is one name, `当 岗位` is the keyword.
/// The help, and the words written apart.
fn spacing_help(found: &str, lang: Lang) -> Option<(String, String)> {
    // `无` starts too many names (无效, 无锡) to guess from a single word.
    let joiners = super::keywords::chinese_joiners();
    if joiners.contains(&found) {
        return None;
    }
    let kw = joiners
        .iter()
        .find(|k| **k != "无" && found.starts_with(**k) && found.len() > k.len())?;
    let rest = found.strip_prefix(*kw)?;
    let help = lang.fmt(
        format!("关键字与名称之间要有空格:`{kw} {rest}`"),
        format!("keywords stand apart from names: write `{kw} {rest}`"),
    );
    Some((help, format!("{kw} {rest}")))
}
