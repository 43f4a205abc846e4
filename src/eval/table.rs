//! Eval stage: table lookups (`表[键]`): the value listed for a key, the table's `否则`, or an
//! error for the record naming the table and the key.

use crate::program::ir::ExprId;
use crate::program::Type;

use super::expr::Ctx;
use super::value::Value;
use super::{EvalErrorKind, Fault};

type R<'a> = Result<Value<'a>, Fault>;

impl<'a> Ctx<'a> {
    /// `表[键]`: the value listed for the key, else the table's `否则`; a key the table does
    /// not list and no `否则` is an error for the record, naming the table and the key.
    pub(super) fn lookup(&mut self, id: ExprId, t: usize, key: ExprId) -> R<'a> {
        let k = self.eval(key)?;
        if !k.is_present() {
            return Ok(k);
        }
        let Some(table) = self.program.tables.get(t) else {
            return Err(self.fail(id, EvalErrorKind::Internal("no such table")));
        };
        if let Some((_, v)) = table.entries.iter().find(|(x, _)| k.equals(x)) {
            return Ok(Value::of(v));
        }
        match &table.default {
            Some(v) => Ok(Value::of(v)),
            None => {
                let kind = EvalErrorKind::MissingKey {
                    table: table.name.clone(),
                    key: key_text(self.program, key, k),
                };
                Err(self.fail(id, kind))
            }
        }
    }
}

/// A key as the error names it.
fn key_text(p: &crate::program::Program, node: ExprId, k: Value<'_>) -> String {
    let ty = p.node(node).map(|n| &n.ty);
    match (k, ty) {
        (Value::Text(s), _) => s.to_string(),
        (Value::Num(n), _) => n.to_string(),
        (Value::Date(d), _) => d.to_string(),
        (Value::Month(m), _) => m.to_string(),
        (Value::Quarter(q), _) => q.to_string(),
        (Value::Bool(b), _) => b.to_string(),
        (Value::Enum(i), Some(Type::Enum(e))) => p
            .schema
            .enum_def(*e)
            .and_then(|d| d.members.get(usize::from(i)).cloned())
            .unwrap_or_default(),
        (Value::Grade(g), Some(Type::Grade(s))) => p
            .schema
            .scale(*s)
            .and_then(|d| d.level(g).map(str::to_string))
            .unwrap_or_default(),
        (Value::Rung(r), Some(Type::Rung(l))) => p
            .schema
            .ladder(*l)
            .and_then(|d| d.rungs.get(usize::from(r)).map(|x| x.name.clone()))
            .unwrap_or_default(),
        _ => String::new(),
    }
}
