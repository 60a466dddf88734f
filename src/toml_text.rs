//! TOML read with its place: a deserialization error points at the line and column of the
//! file it came from (front matter, `config.toml`, a data file), and TOML values become the
//! JSON values templates see.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::error::{Error, Location, Result};

/// Deserializes TOML `text`, whose first line is line `first_line` of `path`.
pub(crate) fn deserialize<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T> {
    from_toml(path, text, first_line, &|offset| {
        Location::in_text(path, text, offset, first_line)
    })
}

/// Deserializes TOML `text`, placing errors with `locate`.
pub(crate) fn from_toml<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
    locate: &dyn Fn(usize) -> Location,
) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        let location = match e.span() {
            // A missing field has no line to point at (its span is an empty one at the start).
            Some(span) if span.start == 0 && message.starts_with("missing field") => {
                return Error::file(path, message)
            }
            Some(span) => locate(span.start),
            None => Location::line(path, first_line),
        };
        Error::at(location, message)
    })
}

/// Converts a TOML value to JSON; dates and times become their TOML text (`2025-03-28`).
pub(crate) fn toml_to_json(value: &toml::Value) -> Value {
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
