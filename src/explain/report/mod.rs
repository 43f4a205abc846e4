//! Explain stage: a roster's verdicts as a report, a workbook ([`xlsx`]) or one HTML page
//! ([`html`]). A [`Report`] gathers, per person, the outcome of every decision, the clauses
//! that took effect and the reason in the notice's own words ([`super::notice`]), and every
//! problem met on the way (records that could not be read or evaluated, warnings). The words are
//! made here, from the verdicts' data; the writers only lay them out.
//!
//! A report is kept in memory until it is written: a person takes their values and sentences,
//! not their trace.

pub mod html;
pub mod width;
pub mod xlsx;

use crate::calendar::Date;
use crate::diag::Lang;
use crate::program::Program;
use crate::verdict::{RecordVerdict, Status, Value};

use super::format::to_text;
use super::notice::{self, Paragraph, Person as Who};

/// The record field that names a person, where the policy's record has it.
pub const NAME_FIELD: &str = "姓名";
/// The record field that gives a person's post, where the policy's record has it: the report
/// counts outcomes by it.
pub const POST_FIELD: &str = "岗位";

/// A roster's verdicts and problems, ready to be written.
pub struct Report<'p> {
    program: &'p Program,
    as_of: Date,
    lang: Lang,
    has_name: bool,
    has_post: bool,
    people: Vec<Row>,
    problems: Vec<Problem>,
    /// The decisions asked for by name; empty: all.
    asked: Vec<String>,
}

/// One person's line of the report.
#[derive(Clone, Debug)]
pub struct Row {
    /// The record's id.
    pub id: String,
    /// The name, where the record gives one.
    pub name: Option<String>,
    /// The post, where the record gives one.
    pub post: Option<String>,
    /// One entry per decision, in the policy's order.
    pub decisions: Vec<DecisionRow>,
    /// The notice's first lines ([`notice::heading`]).
    pub heading: String,
    /// The indices (in `decisions`) of the decisions that concern the person, as in a notice.
    pub concerns: Vec<usize>,
}

/// One decision of a person's line.
#[derive(Clone, Debug)]
pub struct DecisionRow {
    /// Decided, pending or not applicable.
    pub status: Status,
    /// Every outcome field's value, in the policy's order.
    pub values: Vec<Value>,
    /// The ids of the rules that took effect.
    pub rules: Vec<String>,
    /// The notice's paragraph for it.
    pub paragraph: Paragraph,
}

/// How grave a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// A record was lost: not read, or not evaluated.
    Error,
    /// Something the reader should know; nothing was lost.
    Warning,
}

/// A problem met while reading or evaluating, with its place as far as it is known.
#[derive(Clone, Debug, Default)]
pub struct Problem {
    /// How grave it is (`None` reads as an error).
    pub severity: Option<Severity>,
    /// The input, as named on the command line.
    pub file: Option<String>,
    /// The line, or the row as a spreadsheet numbers it.
    pub line: Option<usize>,
    /// The record's id.
    pub id: Option<String>,
    /// The field at fault, as a path.
    pub field: Option<String>,
    /// For a workbook, the sheet.
    pub sheet: Option<String>,
    /// For a table, the column's letter and its header.
    pub column: Option<(String, String)>,
    /// The problem, in words.
    pub message: String,
    /// What to do, in words.
    pub help: Option<String>,
}

impl Problem {
    /// Whether it is an error (a record lost).
    pub fn is_error(&self) -> bool {
        self.severity != Some(Severity::Warning)
    }
}

impl<'p> Report<'p> {
    /// An empty report of a policy's verdicts on a date, in a language.
    pub fn new(program: &'p Program, as_of: Date, lang: Lang) -> Report<'p> {
        let record = program.schema.record();
        let has = |f: &str| record.is_some_and(|r| r.field(f).is_some());
        Report {
            program,
            as_of,
            lang,
            has_name: has(NAME_FIELD),
            has_post: has(POST_FIELD),
            people: Vec::new(),
            problems: Vec::new(),
            asked: Vec::new(),
        }
    }

    /// Only these decisions, by name (`--decision`): the others get no column and no summary,
    /// and a person's notice shows these whether or not they concern the person.
    pub fn only(&mut self, decisions: &[String]) {
        self.asked = decisions.to_vec();
    }

    /// Whether a decision is in the report.
    pub fn shows(&self, decision: usize) -> bool {
        self.asked.is_empty()
            || self
                .program
                .decisions
                .get(decision)
                .is_some_and(|d| self.asked.contains(&d.name))
    }

    /// Adds a person's verdict; it must carry its trace (the reasons are made from it). Its
    /// warnings become problems.
    pub fn add(&mut self, v: &RecordVerdict, name: Option<String>, post: Option<String>) {
        let lang = self.lang;
        let who = Who {
            id: &v.id,
            name: name.as_deref(),
        };
        let heading = notice::heading(self.program, &who, self.as_of, lang);
        let decisions: Vec<DecisionRow> = v
            .decisions
            .iter()
            .enumerate()
            .map(|(di, d)| DecisionRow {
                status: d.status,
                values: d.outcome.0.iter().map(|(_, x)| x.clone()).collect(),
                rules: d.rules.clone(),
                paragraph: notice::paragraph(self.program, di, d, lang),
            })
            .collect();
        let concerns = v
            .decisions
            .iter()
            .enumerate()
            .filter(|(i, d)| match self.asked.is_empty() {
                true => notice::concerns(d) == notice::Concern::Concerns,
                false => self.shows(*i),
            })
            .map(|(i, _)| i)
            .collect();
        for w in &v.warnings {
            self.problems.push(Problem {
                severity: Some(Severity::Warning),
                id: Some(v.id.clone()),
                message: super::words::warning(w, lang),
                ..Problem::default()
            });
        }
        self.people.push(Row {
            id: v.id.clone(),
            name,
            post,
            decisions,
            heading,
            concerns,
        });
    }

    /// Adds a problem.
    pub fn problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// The people, in input order.
    pub fn people(&self) -> &[Row] {
        &self.people
    }

    /// The problems, in the order met.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The policy.
    pub fn program(&self) -> &Program {
        self.program
    }

    /// The evaluation date.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The language of the words.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The columns of the people's table, in order: the id, the name and the post where the
    /// record has them, then per decision its status, every outcome field, the clauses that
    /// took effect and the reason.
    pub fn columns(&self) -> Vec<Column> {
        let mut cols = vec![Column::Id];
        if self.has_name {
            cols.push(Column::Name);
        }
        if self.has_post {
            cols.push(Column::Post);
        }
        for (di, d) in self.program.decisions.iter().enumerate() {
            if !self.shows(di) {
                continue;
            }
            cols.push(Column::Status(di));
            cols.extend((0..d.fields.len()).map(|fi| Column::Field(di, fi)));
            cols.push(Column::Clauses(di));
            cols.push(Column::Reason(di));
        }
        cols
    }

    /// A column's header: `工号`, `职级晋升.小级数`, `职级晋升.条款`.
    pub fn header(&self, c: Column) -> String {
        let lang = self.lang;
        let decision = |di: usize| {
            self.program
                .decisions
                .get(di)
                .map_or("", |d| d.name.as_str())
        };
        match c {
            Column::Id => self
                .program
                .schema
                .key
                .and_then(|k| self.program.schema.record()?.fields.get(k))
                .map_or_else(|| lang.pick("标识", "id").to_string(), |f| f.name.clone()),
            Column::Name => NAME_FIELD.to_string(),
            Column::Post => POST_FIELD.to_string(),
            Column::Status(di) => format!("{}.{}", decision(di), lang.pick("状态", "status")),
            Column::Field(di, fi) => {
                let field = self
                    .program
                    .decisions
                    .get(di)
                    .and_then(|d| d.fields.get(fi))
                    .map_or("", |f| f.name.as_str());
                format!("{}.{field}", decision(di))
            }
            Column::Clauses(di) => format!("{}.{}", decision(di), lang.pick("条款", "clauses")),
            Column::Reason(di) => format!("{}.{}", decision(di), lang.pick("理由", "reason")),
        }
    }

    /// A person's cell in a column.
    pub fn cell<'r>(&self, row: &'r Row, c: Column) -> Cell<'r> {
        let lang = self.lang;
        let text = |s: &Option<String>| s.clone().map_or(Cell::Empty, Cell::Text);
        match c {
            Column::Id => Cell::Text(row.id.clone()),
            Column::Name => text(&row.name),
            Column::Post => text(&row.post),
            Column::Status(di) => row
                .decisions
                .get(di)
                .map_or(Cell::Empty, |d| Cell::Text(d.status.word().to_string())),
            Column::Field(di, fi) => match row.decisions.get(di).and_then(|d| d.values.get(fi)) {
                None | Some(Value::None | Value::Absent) => Cell::Empty,
                Some(Value::Num(n)) => Cell::Number(n.to_f64()),
                Some(Value::Date(d)) => Cell::Date(*d),
                Some(v) => Cell::Text(to_text(v, lang)),
            },
            Column::Clauses(di) => row.decisions.get(di).map_or(Cell::Empty, |d| {
                Cell::Text(d.rules.join(lang.pick("、", ", ")))
            }),
            Column::Reason(di) => row
                .decisions
                .get(di)
                .map_or(Cell::Empty, |d| Cell::Reason(&d.paragraph)),
        }
    }

    /// A person's cell in a column as text: a value as a notice shows it, empty when there is
    /// none; a reason in short.
    pub fn text(&self, row: &Row, c: Column) -> String {
        match c {
            Column::Field(di, fi) => match row.decisions.get(di).and_then(|d| d.values.get(fi)) {
                None | Some(Value::None | Value::Absent) => String::new(),
                Some(v) => to_text(v, self.lang),
            },
            c => match self.cell(row, c) {
                Cell::Empty => String::new(),
                Cell::Text(t) => t,
                Cell::Number(n) => n.to_string(),
                Cell::Date(d) => d.to_string(),
                Cell::Reason(p) => p.short(self.lang),
            },
        }
    }

    /// The headers of the problems' table.
    pub fn problem_headers(&self) -> [&'static str; 10] {
        let l = self.lang;
        [
            l.pick("类别", "kind"),
            l.pick("文件", "file"),
            l.pick("行", "line"),
            l.pick("工作表", "sheet"),
            l.pick("列", "column"),
            l.pick("表头", "header"),
            l.pick("标识", "id"),
            l.pick("字段", "field"),
            l.pick("问题", "problem"),
            l.pick("提示", "help"),
        ]
    }

    /// A problem's kind in words: `错误`, `警告`.
    pub fn severity_word(&self, p: &Problem) -> &'static str {
        match p.is_error() {
            true => self.lang.pick("错误", "error"),
            false => self.lang.pick("警告", "warning"),
        }
    }
}

/// A column of the people's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The record's id.
    Id,
    /// The person's name.
    Name,
    /// The person's post.
    Post,
    /// A decision's status.
    Status(usize),
    /// A decision's outcome field.
    Field(usize, usize),
    /// The ids of the rules that took effect in a decision.
    Clauses(usize),
    /// The reason for a decision, in short.
    Reason(usize),
}

/// A cell of the people's table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'r> {
    /// Nothing.
    Empty,
    /// Words.
    Text(String),
    /// A number.
    Number(f64),
    /// A date.
    Date(Date),
    /// A decision's reason: the notice's paragraph.
    Reason(&'r Paragraph),
}
