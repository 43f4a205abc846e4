//! Syntax stage: the abstract syntax tree of a policy, with spans and comments kept.

use super::span::{Span, Spanned};

/// A name as written: an identifier or a quoted name, without its quotes.
pub type Name = Spanned<String>;

/// A parsed policy file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Policy {
    /// The items in file order.
    pub items: Vec<Item>,
    /// Every comment, in file order, with its span (for `rung fmt`).
    pub comments: Vec<Comment>,
    /// The byte offset of every blank line outside strings, in file order (for `rung fmt`,
    /// which keeps the author's grouping).
    pub blank_lines: Vec<usize>,
}

/// A `#` comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The text after `#`.
    pub text: String,
    /// Where it stands.
    pub span: Span,
}

/// A top-level item.
pub type Item = Spanned<ItemKind>;

/// The kinds of top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `制度 "name"`.
    Header(Spanned<String>),
    /// `日历 "path"`.
    Calendar(Spanned<String>),
    /// `等级 name = S > A > …`.
    Scale(ScaleDecl),
    /// `阶梯 name { … }`.
    Ladder(LadderDecl),
    /// `类型 name = …`.
    Type(TypeDecl),
    /// `记录 name { … }`.
    Record(RecordDecl),
    /// `参数 name = …`.
    Param(ParamDecl),
    /// `定义 name = …`.
    Let(LetDecl),
    /// `条款 id "title" 原文 "…"`.
    Clause(ClauseDecl),
    /// `决定 name { … }`.
    Decision(DecisionDecl),
    /// `流程 name { 步骤 … }`.
    Process(ProcessDecl),
    /// `试用期 { 期限 = … }`.
    Probation(ProbationDecl),
    /// `表 name: K -> V 出处 "…" { key = value … }`.
    Table(TableDecl),
}

/// A table: values of one type by keys of another, with where they come from.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDecl {
    /// The table's name.
    pub name: Name,
    /// Its title, if written.
    pub title: Option<Spanned<String>>,
    /// The type of its keys.
    pub key: TypeExpr,
    /// The type of its values.
    pub value: TypeExpr,
    /// Where the values come from.
    pub provenance: Option<Spanned<Provenance>>,
    /// The entries in file order.
    pub entries: Vec<TableEntry>,
}

/// `key = value`, or `否则 = value` (no key) for every key not listed.
#[derive(Clone, Debug, PartialEq)]
pub struct TableEntry {
    /// The whole entry.
    pub span: Span,
    /// The key; none for `否则`.
    pub key: Option<Expr>,
    /// The value.
    pub value: Expr,
}

/// A process: steps in the order they happen, each with who acts, what it produces and by when.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessDecl {
    /// The process's name (also the record field that carries the dates its steps were done).
    pub name: Name,
    /// Its title.
    pub title: Option<Spanned<String>>,
    /// Record fields without which its deadlines are pending.
    pub requires: Vec<Name>,
    /// The condition under which it applies at all.
    pub applies: Option<Expr>,
    /// Its steps in order.
    pub steps: Vec<StepDecl>,
}

/// One step of a process.
#[derive(Clone, Debug, PartialEq)]
pub struct StepDecl {
    /// Its id (a clause number or a word), unique among clause and rule ids.
    pub id: Spanned<String>,
    /// Its title.
    pub title: Spanned<String>,
    /// The clause's original sentence.
    pub source: Option<Spanned<String>>,
    /// Other clauses it cites.
    pub see: Vec<Spanned<String>>,
    /// When the step applies (none: always).
    pub when: Option<Expr>,
    /// Who acts.
    pub by: Vec<Spanned<String>>,
    /// What it produces.
    pub produces: Vec<Spanned<Product>>,
    /// Whether it may not happen.
    pub optional: bool,
    /// Its deadline.
    pub due: Option<Due>,
    /// The whole step.
    pub span: Span,
}

/// What a step produces, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Product {
    /// A form in book-title marks: `《转正申请表》`.
    Form(String),
    /// A bare word such as `意见` or `审批`.
    Word(String),
    /// A string.
    Text(String),
}

/// A step's deadline.
#[derive(Clone, Debug, PartialEq)]
pub struct Due {
    /// `约`: the source gives it only roughly.
    pub about: bool,
    /// A date, or a range of dates (a window).
    pub at: Expr,
}

/// The probation terms a policy sets, for the statutory checks: each role bound to an expression.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbationDecl {
    /// Where the terms come from.
    pub provenance: Option<Spanned<Provenance>>,
    /// The roles in file order.
    pub terms: Vec<ProbationTerm>,
}

/// `期限 = 3个月`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbationTerm {
    /// The role's name as written.
    pub role: Name,
    /// Its expression.
    pub value: Expr,
}

/// An ordered scale, best level first.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDecl {
    /// The scale's name.
    pub name: Name,
    /// Its levels, best first.
    pub levels: Vec<Name>,
}

/// A ladder of 大级, lowest first.
#[derive(Clone, Debug, PartialEq)]
pub struct LadderDecl {
    /// The ladder's name.
    pub name: Name,
    /// Its 大级, lowest first.
    pub majors: Vec<MajorDecl>,
}

/// A 大级 and its 小级, lowest first (none for a 大级 without 小级).
#[derive(Clone, Debug, PartialEq)]
pub struct MajorDecl {
    /// The 大级's name.
    pub name: Name,
    /// Its 小级, lowest first.
    pub minors: Vec<Name>,
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    /// The type's name.
    pub name: Name,
    /// What it is.
    pub body: TypeBody,
}

/// The body of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeBody {
    /// An enum's members.
    Enum(Vec<Name>),
    /// Another type: a sub-record, a constrained number, an alias.
    Type(TypeExpr),
}

/// The input record's schema.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    /// The record's name.
    pub name: Name,
    /// Its fields.
    pub fields: Vec<FieldDecl>,
}

/// A field of a record or sub-record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    /// The field's name.
    pub name: Name,
    /// Its type.
    pub ty: TypeExpr,
    /// Whether it may be absent.
    pub optional: bool,
    /// Its value when absent.
    pub default: Option<Expr>,
    /// Whether it names the record (`标识`).
    pub key: bool,
    /// The whole declaration.
    pub span: Span,
}

/// A type as written.
pub type TypeExpr = Spanned<TypeKind>;

/// The kinds of type expression.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A built-in or declared type, by name.
    Named(String),
    /// `列表[T]`.
    List(Box<TypeExpr>),
    /// `映射[K, V]`.
    Map(Box<TypeExpr>, Box<TypeExpr>),
    /// `{ field: T, … }`.
    Struct(Vec<FieldDecl>),
    /// `数值(lo..hi)` or `整数(lo..hi)`: the bounds as written.
    Number {
        /// Whole numbers only.
        int: bool,
        /// The lowest value allowed.
        lo: String,
        /// The highest value allowed.
        hi: String,
    },
}

/// A parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    /// The parameter's name.
    pub name: Name,
    /// Its declared type, if written.
    pub ty: Option<TypeExpr>,
    /// Its value.
    pub value: Expr,
    /// Where the value comes from.
    pub provenance: Option<Spanned<Provenance>>,
}

/// Where a parameter's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Provenance {
    /// `出处 "8.3.4"`: the source sets it.
    From(String),
    /// `自定 "why"`: the source does not set it.
    Assumed(Option<String>),
}

/// A per-record definition.
#[derive(Clone, Debug, PartialEq)]
pub struct LetDecl {
    /// The definition's name.
    pub name: Name,
    /// Its declared type, if written.
    pub ty: Option<TypeExpr>,
    /// Its value.
    pub value: Expr,
}

/// A clause kept as cited text.
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseDecl {
    /// The clause number.
    pub id: Spanned<String>,
    /// Its title.
    pub title: Spanned<String>,
    /// Its original sentence.
    pub source: Option<Spanned<String>>,
}

/// A decision: outcome fields and the rules that set them.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionDecl {
    /// The decision's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Spanned<String>>,
    /// Record fields without which the decision is pending.
    pub requires: Vec<Name>,
    /// The condition under which the decision applies at all.
    pub applies: Option<Expr>,
    /// `按 部门 排名 …`: a decision over the whole roster, made per group after every record's
    /// own decisions.
    pub roster: Option<Roster>,
    /// Fields and rules in file order.
    pub members: Vec<Member>,
}

impl DecisionDecl {
    /// The outcome fields in order.
    pub fn fields(&self) -> impl Iterator<Item = &OutFieldDecl> {
        self.members.iter().filter_map(|m| match m {
            Member::Field(f) => Some(f),
            Member::Rule(_) => None,
        })
    }

    /// The rules in order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleDecl> {
        self.members.iter().filter_map(|m| match m {
            Member::Rule(r) => Some(r),
            Member::Field(_) => None,
        })
    }
}

/// What makes a decision a roster decision: its group and its order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Roster {
    /// `按 部门`: the record field whose values make the groups (none: one group of all).
    pub group: Option<Name>,
    /// `排名 得分 降序, 工号 升序`: the keys, the first deciding and the next breaking ties.
    pub order: Vec<RankKey>,
}

/// A key of a roster decision's order.
#[derive(Clone, Debug, PartialEq)]
pub struct RankKey {
    /// The value compared.
    pub expr: Expr,
    /// Highest first (`降序`, the default) or lowest first (`升序`).
    pub desc: bool,
}

/// A rule's share of a group: `名额 2` or `名额 20%`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Places {
    /// A number of places, as written.
    Count(String),
    /// A percentage of the group's size, as written without `%`.
    Percent(String),
}

/// A member of a decision.
#[derive(Clone, Debug, PartialEq)]
pub enum Member {
    /// An outcome field.
    Field(OutFieldDecl),
    /// A rule.
    Rule(RuleDecl),
}

/// An outcome field of a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct OutFieldDecl {
    /// The field's name.
    pub name: Name,
    /// Its type.
    pub ty: TypeExpr,
    /// Whether it may have no value.
    pub optional: bool,
    /// Its value when no rule sets it.
    pub default: Option<Expr>,
    /// How the rules that fire combine.
    pub combine: Option<Spanned<Combine>>,
    /// The whole declaration.
    pub span: Span,
}

/// How an outcome field combines the rules that fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combine {
    /// The first rule in file order wins.
    First,
    /// The largest value wins.
    Max,
    /// The smallest value wins.
    Min,
    /// At most one rule may set it.
    Unique,
    /// Every rule that fires is a ground, and all must agree on the value.
    Every,
}

/// A rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    /// Its clause ids; the first is its name.
    pub ids: Vec<Spanned<String>>,
    /// Its title.
    pub title: Spanned<String>,
    /// The clause's original sentence.
    pub source: Option<Spanned<String>>,
    /// Other clauses it cites.
    pub see: Vec<Spanned<String>>,
    /// Its condition.
    pub when: Option<Expr>,
    /// Its effects.
    pub effects: Vec<Effect>,
    /// The rules it suppresses when it fires.
    pub overrides: Vec<Spanned<String>>,
    /// `名额 …`: in a roster decision, how many of a group it may fire for.
    pub quota: Option<Spanned<Places>>,
    /// The whole rule.
    pub span: Span,
}

/// What a rule does to an outcome field.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// The field.
    pub field: Name,
    /// The kind of effect.
    pub op: Spanned<EffectOp>,
    /// The value, bound or requirement.
    pub value: Expr,
}

/// The kinds of effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EffectOp {
    /// `=`: sets the field.
    Set,
    /// `不超过`: caps the field.
    AtMost,
    /// `不低于`: floors the field.
    AtLeast,
    /// `要求`: the field is true only if every requirement holds.
    Require,
}

/// An expression.
pub type Expr = Spanned<ExprKind>;

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number as written.
    Number(String),
    /// A percentage as written, without `%`.
    Percent(String),
    /// A string.
    Str(String),
    /// `真` / `假`.
    Bool(bool),
    /// `空`: no value.
    None,
    /// A date as written.
    Date(String),
    /// A month as written.
    Month(String),
    /// A quarter as written.
    Quarter(String),
    /// A duration: the amount as written and the unit.
    Duration(String, Unit),
    /// A name.
    Name(String),
    /// `f(args)`.
    Call(Name, Vec<Expr>),
    /// `x.field`.
    Member(Box<Expr>, Name),
    /// `x[i]`.
    Index(Box<Expr>, Box<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `-x`.
    Neg(Box<Expr>),
    /// `非 x`.
    Not(Box<Expr>),
    /// `有 x`.
    Has(Box<Expr>),
    /// A binary operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `window 达到 pattern`.
    Meets(Box<Expr>, Pattern),
    /// `window 无 C、D`.
    HasNo(Box<Expr>, Vec<Name>),
    /// `任一 x 属于 list 满足 cond`.
    Quantified(Quantifier, Name, Box<Expr>, Box<Expr>),
    /// `若 c 则 a 否则 b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `合计 x 属于 list 满足 cond 取 value`: the variable, the list, the filter, the value.
    Aggregate(Aggregate, Name, Box<Expr>, Option<Box<Expr>>, Box<Expr>),
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `或`.
    Or,
    /// `且`.
    And,
    /// `=`.
    Eq,
    /// `≠`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `属于`.
    In,
    /// `不属于`.
    NotIn,
    /// `..`.
    Range,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `若无则`.
    Otherwise,
}

/// The quantifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// `任一`: some element meets the condition.
    Any,
    /// `所有`: every element meets it.
    All,
    /// `计数`: how many meet it.
    Count,
    /// `首个`: the first that meets it, or none.
    First,
}

/// The aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// `合计`: the sum (0 of nothing).
    Sum,
    /// `平均`: the average (unknown of nothing).
    Average,
    /// `最小`: the least value.
    Min,
    /// `最大`: the greatest value.
    Max,
}

/// The unit of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Calendar days.
    Days,
    /// Working days on the policy's calendar.
    Workdays,
    /// Calendar months.
    Months,
    /// Quarters of three months.
    Quarters,
    /// Years of twelve months.
    Years,
}

/// A grade pattern: it holds when any alternative holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// The alternatives.
    pub alternatives: Vec<Vec<PatternTerm>>,
}

/// `2S`: a count and a grade.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternTerm {
    /// How many.
    pub count: u32,
    /// Of which grade (or better, counted with the terms before it).
    pub grade: Name,
}
