//! YAML front matter (between `---` lines), as Zola accepts it: the same keys as TOML front
//! matter, read by turning the YAML into TOML for the typed structs of `front_matter`. Every
//! position in that TOML maps back to the top-level key of the YAML it came from, so a message
//! about a value points at the line where the user wrote it.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml_ng::Value as Yaml;

use crate::error::{Error, Location, Result};

/// The YAML a block of TOML was made from, to place positions in it.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    text: &'a str,
    first_line: usize,
    /// Each top-level key: the offsets of the key and of its value in the YAML.
    keys: HashMap<String, (usize, usize)>,
}

/// Reads YAML `text` (line `first_line` of `path` on) as TOML text; the source places
/// positions of that TOML in the YAML.
pub(crate) fn to_toml<'a>(
    path: &Path,
    text: &'a str,
    first_line: usize,
) -> Result<(String, Source<'a>)> {
    let source = Source {
        text,
        first_line,
        keys: top_level_keys(text),
    };
    let value: Yaml = serde_yaml_ng::from_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        let message = e.to_string();
        // The message ends with the place, which the location shows already.
        let message = match message.find(" at line ") {
            Some(at) => &message[..at],
            None => &message,
        };
        Error::at(source.at(path, offset), format!("invalid YAML: {message}"))
    })?;
    let mapping = match value {
        Yaml::Null => serde_yaml_ng::Mapping::new(),
        Yaml::Mapping(mapping) => mapping,
        _ => {
            let message = "YAML front matter must be keys with values, like `title: Hello`";
            return Err(Error::at(source.at(path, 0), message));
        }
    };
    let mut table = toml::Table::new();
    for (key, value) in mapping {
        let name = key_name(&key).unwrap_or_default();
        let at = source.keys.get(&name).map_or(0, |&(key_at, _)| key_at);
        let Some(name) = key_name(&key).filter(|n| !n.is_empty()) else {
            return Err(Error::at(source.at(path, at), "a key must be a name"));
        };
        let converted = convert(value).map_err(|m| Error::at(source.at(path, at), m))?;
        if let Some(converted) = converted {
            table.insert(name, converted);
        }
    }
    let toml = toml::to_string(&table).map_err(|e| Error::file(path, e.to_string()))?;
    Ok((toml, source))
}

impl Source<'_> {
    fn at(&self, path: &Path, offset: usize) -> Location {
        Location::in_text(path, self.text, offset, self.first_line)
    }

    /// The place in the YAML of byte `offset` of `toml`, the TOML made from it: the key or the
    /// value of the top-level key it is in.
    pub(crate) fn locate(&self, path: &Path, toml: &str, offset: usize) -> Location {
        let found = toml::de::DeTable::parse(toml).ok().and_then(|table| {
            let table = table.get_ref();
            let (key, _) = table
                .iter()
                .filter(|(key, _)| key.span().start <= offset)
                .max_by_key(|(key, _)| key.span().start)?;
            let on_key = offset < key.span().end;
            Some((key.get_ref().to_string(), on_key))
        });
        let offset = found
            .and_then(|(name, on_key)| {
                let &(key_at, value_at) = self.keys.get(&name)?;
                Some(if on_key { key_at } else { value_at })
            })
            .unwrap_or(0);
        self.at(path, offset)
    }
}

/// A mapping key as a TOML key: a string, or a number or boolean as written.
fn key_name(key: &Yaml) -> Option<String> {
    match key {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A YAML value as TOML; `None` for null, which TOML cannot write (a key set to null is
/// left out, as if absent).
fn convert(value: Yaml) -> Result<Option<toml::Value>, String> {
    Ok(Some(match value {
        Yaml::Null => return Ok(None),
        Yaml::Bool(b) => toml::Value::Boolean(b),
        Yaml::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => toml::Value::Integer(i),
            (None, Some(f)) if n.is_f64() => toml::Value::Float(f),
            _ => return Err(format!("the number {n} is too large")),
        },
        Yaml::String(s) => toml::Value::String(s),
        Yaml::Sequence(items) => {
            let mut array = Vec::with_capacity(items.len());
            for item in items {
                match convert(item)? {
                    Some(v) => array.push(v),
                    None => return Err("a list cannot hold an empty value (null)".into()),
                }
            }
            toml::Value::Array(array)
        }
        Yaml::Mapping(mapping) => {
            let mut table = toml::Table::new();
            for (key, value) in mapping {
                let name = key_name(&key).ok_or("a key must be a name")?;
                if let Some(v) = convert(value)? {
                    table.insert(name, v);
                }
            }
            toml::Value::Table(table)
        }
        Yaml::Tagged(tagged) => return convert(tagged.value),
    }))
}

/// Where each top-level key of block-style YAML `text` is written, and its value on that line
/// (or the key itself, for a value on the lines below).
fn top_level_keys(text: &str) -> HashMap<String, (usize, usize)> {
    let mut keys = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end();
        if line.is_empty() || line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((name, rest)) = split_key(line) else {
            continue;
        };
        let value_at = match rest.trim_start() {
            "" => start,
            value => start + line.len() - value.len(),
        };
        keys.entry(name).or_insert((start, value_at));
    }
    keys
}

/// `key: value` (the key plain or quoted) as the key and what follows its colon.
fn split_key(line: &str) -> Option<(String, &str)> {
    if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = line[1..].find(quote)? + 1;
        let rest = line[end + 1..].trim_start().strip_prefix(':')?;
        return Some((line[1..end].to_string(), rest));
    }
    let colon = line
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?;
    Some((line[..colon].trim_end().to_string(), &line[colon + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn values_become_toml() {
        let text = "title: Hello\ndate: 2025-03-28\ndraft: false\nweight: 3\nratio: 1.5\n\
                    nothing: ~\ntaxonomies:\n  tags: [a, b]\nextra:\n  nested:\n    x: 1\n";
        let (toml, _) = to_toml(p(), text, 2).unwrap();
        let table: toml::Table = toml::from_str(&toml).unwrap();
        let expected: toml::Table = toml::from_str(
            "title = \"Hello\"\ndate = \"2025-03-28\"\ndraft = false\nweight = 3\nratio = 1.5\n\
             [taxonomies]\ntags = [\"a\", \"b\"]\n[extra.nested]\nx = 1\n",
        )
        .unwrap();
        assert_eq!(table, expected);
        let (toml, _) = to_toml(p(), "", 2).unwrap();
        assert_eq!(toml, "");
    }

    #[test]
    fn positions_map_back_to_the_yaml() {
        let text = "title: Hello\n\"draft\": 'yes'\ntaxonomies:\n  tags: [a]\n";
        let (toml, source) = to_toml(p(), text, 2).unwrap();
        let at = |needle: &str| source.locate(p(), &toml, toml.find(needle).unwrap());
        let shown = |l: Location| (l.line, l.column);
        assert_eq!(shown(at("\"yes\"")), (3, 10), "the value of draft");
        assert_eq!(shown(at("draft")), (3, 1), "the key draft");
        assert_eq!(shown(at("\"a\"")), (4, 1), "inside a block: the key");
    }

    #[test]
    fn errors_are_located() {
        let e = to_toml(p(), "title: a\ntitle: [\n", 2)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("content/a.md:"), "{e}");
        assert!(e.contains("invalid YAML"), "{e}");
        let e = to_toml(p(), "- a\n- b\n", 2).unwrap_err().to_string();
        assert!(
            e.starts_with("content/a.md:2:1: YAML front matter must be keys"),
            "{e}"
        );
        let e = to_toml(p(), "title: a\nlist: [1, ~]\n", 2)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("content/a.md:3:1: a list cannot hold"), "{e}");
    }
}
