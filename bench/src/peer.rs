//! The Rego peer: the reference policy's 职级晋升 (§8) written in Rego (`rego/promotion.rego`)
//! and run by regorus, one record at a time.

use regorus::{Engine, Value};

use crate::native::calendar::{Calendar, Uncovered};
use crate::native::record::Month;

/// The policy text.
pub const POLICY: &str = include_str!("../rego/promotion.rego");

/// The rule whose value is the decision's outcome.
pub const RESULT: &str = "data.rung.promotion.result";

/// A regorus engine holding the policy and the working-day calendar.
pub struct Peer {
    engine: Engine,
}

impl Peer {
    /// Loads the policy and the calendar's working days from 2015 to 2035 (Monday–Friday in
    /// the years the calendar does not cover).
    pub fn new(calendar: &Calendar) -> Result<Peer, String> {
        let mut engine = Engine::new();
        engine
            .add_policy("promotion.rego".into(), POLICY.into())
            .map_err(|e| e.to_string())?;
        let mut ordinals = serde_json::Map::new();
        let mut firsts = serde_json::Map::new();
        let mut u = Uncovered::default();
        for index in 2015 * 12..2036 * 12 {
            let m = Month(index);
            let Some(first) = m.first_day() else { continue };
            let mut n = 0;
            for d in first.iter_days().take_while(|d| Month::of(*d) == m) {
                if calendar.is_workday(d, &mut u) {
                    n += 1;
                    if n == 1 {
                        firsts.insert(index.to_string(), d.to_string().into());
                    }
                    ordinals.insert(d.to_string(), n.into());
                }
            }
        }
        let data = serde_json::json!({
            "calendar": {"workday_ordinal": ordinals, "first_workday": firsts}
        });
        engine
            .add_data(Value::from(data))
            .map_err(|e| e.to_string())?;
        Ok(Peer { engine })
    }

    /// The input for one record (JSON text) on a date (`YYYY-MM-DD`).
    pub fn input(record: &str, as_of: &str) -> Result<Value, String> {
        let mut input = Value::new_object();
        let map = input.as_object_mut().map_err(|e| e.to_string())?;
        map.insert(Value::from("as_of"), Value::from(as_of));
        map.insert(
            Value::from("record"),
            Value::from_json_str(record).map_err(|e| e.to_string())?,
        );
        Ok(input)
    }

    /// The 职级晋升 outcome for one input.
    pub fn eval(&mut self, input: Value) -> Result<Value, String> {
        self.engine.set_input(input);
        self.engine
            .eval_rule(RESULT.into())
            .map_err(|e| e.to_string())
    }

    /// The outcome as JSON.
    pub fn eval_json(&mut self, input: Value) -> Result<serde_json::Value, String> {
        let v = self.eval(input)?;
        let text = v.to_json_str().map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }
}
