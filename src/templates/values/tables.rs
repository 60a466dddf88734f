//! TOML tables (`extra` of front matter and of the configuration) as templates see them:
//! every value as it is, but dates and times, which become their TOML text (`2025-03-28`),
//! as Zola gives them. Serialized through serde, so any template engine's value type works.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A TOML table, serialized in its own key order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TomlTable<'a>(pub &'a toml::Table);

/// One TOML value.
#[derive(Debug, Clone, Copy)]
struct TomlValue<'a>(&'a toml::Value);

impl Serialize for TomlTable<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, &TomlValue(value))?;
        }
        map.end()
    }
}

impl Serialize for TomlValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            toml::Value::String(s) => serializer.serialize_str(s),
            toml::Value::Integer(i) => serializer.serialize_i64(*i),
            toml::Value::Float(f) => serializer.serialize_f64(*f),
            toml::Value::Boolean(b) => serializer.serialize_bool(*b),
            toml::Value::Datetime(d) => serializer.collect_str(d),
            toml::Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&TomlValue(item))?;
                }
                seq.end()
            }
            toml::Value::Table(table) => TomlTable(table).serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toml_text::toml_to_json;

    #[test]
    fn serializes_as_the_json_conversion_does() {
        let text = "d = 2025-03-28\nt = 07:32:00\nn = [1, 2.5, true, nan]\n\
                    [z]\nb = \"x\"\na = { c = 1979-05-27T07:32:00Z }\n";
        let table: toml::Table = toml::from_str(text).unwrap();
        let serialized = serde_json::to_value(TomlTable(&table)).unwrap();
        assert_eq!(serialized, toml_to_json(&toml::Value::Table(table.clone())));
        assert_eq!(serialized["d"], "2025-03-28");
        assert_eq!(serialized["n"][3], serde_json::Value::Null);
    }
}
