//! Records stage: a table's header row maps columns to field paths (`工号`, `考核.2026-07`,
//! `上次晋级.日期`, `投诉.1.原因`); each row becomes a JSON object of its non-empty cells and is
//! converted like a JSON record, so CSV, tab-separated text and spreadsheets follow the same
//! rules as JSON.

use std::collections::{HashSet, VecDeque};

use serde_json::{Map, Value};

use crate::calendar::PeriodKind;
use crate::diag::Lang;
use crate::program::schema::{Schema, StructDef};
use crate::program::Type;

use super::convert::{parse_key, similar};
use super::error::{column_letters, BadColumn, MissingColumn, RecordError, RecordErrorKind};

/// The highest item number a column may name (`投诉.200.日期`).
const MAX_ITEM: usize = 200;

/// One step of a column's path into the record.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Seg {
    /// A field, or a month of a month-keyed map (as `YYYY-MM`).
    Key(String),
    /// An item of a list, 1-based.
    Index(usize),
}

/// A column that names a field.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Column {
    path: Vec<Seg>,
    /// The path ends on a sub-record, list or map: the cell holds JSON text.
    json: bool,
}

/// The columns of a table, from its header row.
pub(super) struct Table {
    /// The header cells as written.
    names: Vec<String>,
    /// One per header cell; None for a column that is ignored.
    columns: Vec<Option<Column>>,
    /// Column indices, JSON-text columns first so that the finer columns fill them in.
    order: Vec<usize>,
    /// The top-level maps and lists that have columns: empty, not absent, in a row where all
    /// their cells are empty.
    containers: Vec<(String, Value)>,
    /// The key field's column.
    key: Option<usize>,
    /// The sheet's first column (0 for `A`), for column letters.
    first: usize,
}

impl Table {
    /// Reads the header. Column problems become notices; a header that names no field at all
    /// is an error.
    pub(super) fn new(
        header: &[String],
        first: usize,
        schema: &Schema,
        lang: Lang,
        notices: &mut Vec<String>,
    ) -> Result<Self, RecordError> {
        let mut table = Table {
            names: Vec::new(),
            columns: Vec::new(),
            order: Vec::new(),
            containers: Vec::new(),
            key: None,
            first,
        };
        table.header(header, schema, lang, notices)?;
        Ok(table)
    }

    /// How many columns the header has.
    pub(super) fn width(&self) -> usize {
        self.columns.len()
    }

    fn header(
        &mut self,
        header: &[String],
        schema: &Schema,
        lang: Lang,
        notices: &mut Vec<String>,
    ) -> Result<(), RecordError> {
        let Some(def) = schema.record() else {
            return Err(RecordError::file(RecordErrorKind::Internal(
                "no record type",
            )));
        };
        let key = schema.key.and_then(|k| def.fields.get(k));
        let mut seen = HashSet::new();
        let mut bad = Vec::new();
        let mut unknown = Vec::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim_start_matches('\u{feff}').trim();
            let column = match resolve(schema, name, lang) {
                Ok(c) if !seen.insert(c.path.clone()) => {
                    notices.push(lang.fmt(
                        format!("列 `{name}` 出现了两次,第二次的已忽略"),
                        format!("column `{name}` appears twice; the second is ignored"),
                    ));
                    None
                }
                Ok(c) => Some(c),
                Err(Unresolved::Unnamed) => {
                    let letter = column_letters(self.first + i);
                    notices.push(lang.fmt(
                        format!("{letter} 列没有列名,已忽略"),
                        format!("column {letter} has no name; ignored"),
                    ));
                    None
                }
                Err(Unresolved::Unknown(suggestion)) => {
                    let mut notice = lang.fmt(
                        format!("列 `{name}` 不是记录的字段,已忽略"),
                        format!("column `{name}` is not a field of the record; ignored"),
                    );
                    if let Some(s) = suggestion {
                        notice.push_str(&lang.fmt(
                            format!(";你是不是指 `{s}`?"),
                            format!("; did you mean `{s}`?"),
                        ));
                    }
                    notices.push(notice);
                    unknown.push(name.to_string());
                    None
                }
                Err(Unresolved::Bad(reason)) => {
                    let field = name.split(['.', '．', '[']).next().unwrap_or(name);
                    bad.push(BadColumn {
                        column: column_letters(self.first + i),
                        header: name.to_string(),
                        field: field.trim().to_string(),
                        reason,
                    });
                    None
                }
            };
            if let Some(c) = &column {
                self.note(i, c, def, key.map(|k| k.name.as_str()));
            }
            self.columns.push(column);
            self.names.push(name.to_string());
        }
        if self.columns.iter().all(Option::is_none) && bad.is_empty() {
            let fields = def.fields.iter().map(|f| f.name.clone()).collect();
            return Err(RecordError::file(RecordErrorKind::NoColumns { fields }));
        }
        let required = def
            .fields
            .iter()
            .filter(|f| !f.optional && f.default.is_none());
        let mut missing = Vec::new();
        for f in required {
            if !self.covers(&f.name) && !bad.iter().any(|b| b.field == f.name) {
                let like = similar(&f.name, unknown.iter().map(String::as_str));
                missing.push(MissingColumn {
                    field: f.name.clone(),
                    like: like.map(str::to_string),
                });
            }
        }
        if !missing.is_empty() || !bad.is_empty() {
            return Err(RecordError::file(RecordErrorKind::Header { missing, bad }));
        }
        let mut order: Vec<usize> = (0..self.columns.len()).collect();
        order.sort_by_key(|i| !matches!(self.columns.get(*i), Some(Some(c)) if c.json));
        self.order = order;
        Ok(())
    }

    /// Whether a column fills (some of) the top-level field.
    fn covers(&self, field: &str) -> bool {
        self.columns
            .iter()
            .flatten()
            .any(|c| matches!(c.path.first(), Some(Seg::Key(k)) if *k == field))
    }

    /// Remembers the key's column, and the maps and lists that have columns.
    fn note(&mut self, i: usize, column: &Column, def: &StructDef, key: Option<&str>) {
        let Some(Seg::Key(field)) = column.path.first() else {
            return;
        };
        if column.path.len() == 1 && key == Some(field.as_str()) {
            self.key = Some(i);
        }
        let empty = match def.fields.iter().find(|f| f.name == *field).map(|f| &f.ty) {
            Some(Type::Map(..)) => Value::Object(Map::new()),
            Some(Type::List(_)) => Value::Array(Vec::new()),
            _ => return,
        };
        if !self.containers.iter().any(|(n, _)| n == field) {
            self.containers.push((field.clone(), empty));
        }
    }

    /// The row as a JSON object of its non-empty cells.
    pub(super) fn object(&self, row: &[String]) -> Value {
        let mut obj = Value::Object(Map::new());
        if let Value::Object(m) = &mut obj {
            for (name, empty) in &self.containers {
                m.insert(name.clone(), empty.clone());
            }
        }
        for &i in &self.order {
            let (Some(Some(col)), Some(cell)) = (self.columns.get(i), row.get(i)) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let value = if col.json {
                serde_json::from_str(cell).unwrap_or_else(|_| Value::String(cell.to_string()))
            } else {
                Value::String(cell.to_string())
            };
            insert(&mut obj, &col.path, value);
        }
        obj
    }

    /// The id in a row's key cell, if any.
    pub(super) fn id(&self, cells: &[String]) -> Option<String> {
        let id = cells.get(self.key?)?;
        (!id.is_empty()).then(|| id.clone())
    }

    /// The field path that column `i` fills, if it names a field.
    pub(super) fn field_of(&self, i: usize) -> Option<String> {
        self.columns.get(i)?.as_ref().map(Column::display)
    }

    /// The column of a field path (`入职日期`, `考核.2026-03`, `投诉[1].日期`) and its header: the
    /// column of the path itself, else of the nearest enclosing field that has one (a JSON-text
    /// column such as `考核`).
    pub(super) fn place(&self, field: &str) -> Option<(usize, &str)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, col) in self.columns.iter().enumerate() {
            let Some(col) = col else { continue };
            let path = col.display();
            let within = field == path
                || field
                    .strip_prefix(path.as_str())
                    .is_some_and(|rest| rest.starts_with(['.', '[']));
            if within && best.is_none_or(|(_, len)| path.len() > len) {
                best = Some((i, path.len()));
            }
        }
        let (i, _) = best?;
        Some((i, self.names.get(i)?.as_str()))
    }
}

impl Column {
    /// The path as a record error names a field: `上次晋级.日期`, `投诉[1].日期`.
    fn display(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(n) => s.push_str(&format!("[{n}]")),
            }
        }
        s
    }
}

/// Why a header cell is not a column.
enum Unresolved {
    /// The cell is empty.
    Unnamed,
    /// It names no field of the record; the closest field, if one is close.
    Unknown(Option<String>),
    /// It names a field, but the rest of it cannot be read (a month that is not one): the
    /// reason, in the language asked for.
    Bad(String),
}

/// The column for a header cell, or why it is not one.
fn resolve(schema: &Schema, name: &str, lang: Lang) -> Result<Column, Unresolved> {
    let ignored = |zh: String, en: String| Unresolved::Bad(lang.fmt(zh, en));
    let def = schema
        .record()
        .ok_or_else(|| ignored("没有记录".into(), "no record".into()))?;
    if name.is_empty() {
        return Err(Unresolved::Unnamed);
    }
    // `考核．2026-07` and `投诉[1].日期` read as `考核.2026-07` and `投诉.1.日期`.
    let normal: String = name
        .chars()
        .filter(|c| *c != ']')
        .map(|c| if c == '．' || c == '[' { '.' } else { c })
        .collect();
    let (field, rest) = match def.field(&normal) {
        Some(_) => (normal.as_str(), ""),
        None => normal.split_once('.').unwrap_or((&normal, "")),
    };
    let Some(f) = def.fields.iter().find(|f| f.name == field) else {
        let names = def.fields.iter().map(|f| f.name.as_str());
        return Err(Unresolved::Unknown(
            similar(field, names).map(str::to_string),
        ));
    };
    let mut path = vec![Seg::Key(f.name.clone())];
    let mut ty = &f.ty;
    let mut segs: VecDeque<&str> = if rest.is_empty() {
        VecDeque::new()
    } else {
        rest.split('.').collect()
    };
    while let Some(seg) = segs.pop_front() {
        let seg = seg.trim();
        ty = match ty {
            Type::Struct(i) => {
                let sub = schema
                    .struct_def(*i)
                    .ok_or_else(|| ignored("?".into(), "?".into()))?;
                // A field whose name has dots (a process step `7.1`) takes the parts after.
                let mut joined = seg.to_string();
                let mut taken = 0;
                let mut found = sub.fields.iter().find(|f| f.name == joined);
                while found.is_none() {
                    let Some(more) = segs.get(taken) else {
                        break;
                    };
                    joined.push('.');
                    joined.push_str(more.trim());
                    taken += 1;
                    found = sub.fields.iter().find(|f| f.name == joined);
                }
                if found.is_some() {
                    segs.drain(..taken);
                }
                let Some(sf) = found else {
                    return Err(ignored(
                        format!("`{seg}` 不是 {} 的字段", sub.name),
                        format!("`{seg}` is not a field of {}", sub.name),
                    ));
                };
                path.push(Seg::Key(sf.name.clone()));
                &sf.ty
            }
            Type::List(item) => match seg.parse::<usize>() {
                Ok(n) if (1..=MAX_ITEM).contains(&n) => {
                    path.push(Seg::Index(n));
                    item
                }
                _ => {
                    return Err(ignored(
                        format!("`{seg}` 不是 1 到 {MAX_ITEM} 的序号"),
                        format!("`{seg}` is not an item number from 1 to {MAX_ITEM}"),
                    ))
                }
            },
            Type::Map(kind, item) => {
                // `2026.7` spans two segments.
                let two = segs.front().map(|next| format!("{seg}.{}", next.trim()));
                let key = match parse_key(*kind, seg) {
                    Some(m) => Some(m),
                    None => two
                        .as_deref()
                        .and_then(|s| parse_key(*kind, s))
                        .inspect(|_| {
                            segs.pop_front();
                        }),
                };
                let Some(key) = key else {
                    let (zh, en) = match kind {
                        PeriodKind::Month => ("月份(写作 `2026-07`)", "month (write `2026-07`)"),
                        PeriodKind::Quarter => {
                            ("季度(写作 `2026-Q1`)", "quarter (write `2026-Q1`)")
                        }
                        PeriodKind::Year => ("年份(写作 `2026`)", "year (write `2026`)"),
                    };
                    return Err(ignored(
                        format!("`{seg}` 不是{zh}"),
                        format!("`{seg}` is not a {en}"),
                    ));
                };
                path.push(Seg::Key(key.to_string()));
                item
            }
            _ => {
                return Err(ignored(
                    format!("字段 `{}` 没有下级", f.name),
                    format!("field `{}` has no parts", f.name),
                ))
            }
        };
    }
    let json = matches!(ty, Type::Struct(_) | Type::List(_) | Type::Map(..));
    Ok(Column { path, json })
}

/// Puts `value` at `path` in `node`, making the objects and arrays on the way. Where something
/// else already stands in the way (a JSON cell that did not parse), the value is dropped and
/// the conversion reports that cell.
fn insert(node: &mut Value, path: &[Seg], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    let child = match first {
        Seg::Key(k) => {
            if node.is_null() {
                *node = Value::Object(Map::new());
            }
            let Value::Object(m) = node else { return };
            m.entry(k.clone()).or_insert(Value::Null)
        }
        Seg::Index(n) => {
            if node.is_null() {
                *node = Value::Array(Vec::new());
            }
            let Value::Array(items) = node else { return };
            if items.len() < *n {
                items.resize(*n, Value::Null);
            }
            let Some(item) = items.get_mut(n - 1) else {
                return;
            };
            item
        }
    };
    insert(child, rest, value);
}
