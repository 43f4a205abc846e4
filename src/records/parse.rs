//! Records stage: parses JSON text into a value as serde_json does, but notes every key that an
//! object holds twice (serde_json would silently keep the last).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses one JSON value; returns it with the paths of the keys written twice
/// (`考核.2026-01`, `投诉[2].原因`).
pub(super) fn parse(text: &str) -> Result<(Value, Vec<String>), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut dups = Vec::new();
    let mut path = String::new();
    let value = Seed {
        dups: &mut dups,
        path: &mut path,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, dups))
}

/// Builds a value, extending `path` as it goes down.
struct Seed<'a> {
    dups: &'a mut Vec<String>,
    path: &'a mut String,
}

impl Seed<'_> {
    fn child(&mut self) -> Seed<'_> {
        Seed {
            dups: self.dups,
            path: self.path,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let mark = self.path.len();
            self.path.push_str(&format!("[{}]", items.len() + 1));
            let item = seq.next_element_seed(self.child())?;
            self.path.truncate(mark);
            match item {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let mark = self.path.len();
            if mark > 0 {
                self.path.push('.');
            }
            self.path.push_str(&key);
            let value = map.next_value_seed(self.child())?;
            if obj.contains_key(&key) {
                self.dups.push(self.path.clone());
            }
            self.path.truncate(mark);
            obj.insert(key, value);
        }
        Ok(Value::Object(obj))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_serde_json_and_notes_keys_written_twice() {
        let text = r#"{"a": 1, "b": [{"c": 1, "c": 2}, null, -1.5], "a": "x", "d": {"e": true}}"#;
        let (value, dups) = parse(text).unwrap();
        let plain: Value = serde_json::from_str(text).unwrap();
        assert_eq!(value, plain);
        assert_eq!(dups, ["b[1].c", "a"]);
        assert!(parse("{\"a\": 1} x").is_err());
        assert!(parse("{\"a\": }").is_err());
    }
}
