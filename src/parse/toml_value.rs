//! Conversion of TOML values to the JSON values templates see.

use serde_json::{Map, Number, Value};

/// Converts a TOML value to JSON; dates and times become their TOML text (`2025-03-28`).
pub fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Number((*i).into()),
        toml::Value::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            let map: Map<String, Value> = table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect();
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_their_text() {
        let table: toml::Table = toml::from_str("d = 2025-03-28\nn = [1, 2.5, true]").unwrap();
        let json = toml_to_json(&toml::Value::Table(table));
        assert_eq!(
            json,
            serde_json::json!({"d": "2025-03-28", "n": [1, 2.5, true]})
        );
    }
}
