//! Data files as templates see them (`load_data`): TOML, JSON, YAML, CSV, XML and BibTeX text
//! turned into JSON values shaped as Zola shapes them, or plain text. A file that does not
//! parse is an error at its line and column where the parser gives them.
//!
//! - CSV: `{headers: [...], records: [[...], ...]}`, every cell a string; rows must all have
//!   as many cells as the header.
//! - XML: `{root_name: ...}`; an element with text only is its text (numbers and booleans
//!   typed), attributes are `@name`, text beside children is `#text`, repeated children make
//!   an array, an empty element is `{}` (the `roxmltree_to_serde` crate Zola uses).
//! - BibTeX: `{preambles, comments, variables, bibliographies: [{entry_type, citation_key,
//!   tags}]}` with `@string` variables expanded and tag names in lower case (`nom-bibtex`, as
//!   Zola); variables and tags are listed by name, so the output is the same on every build.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::error::{Error, Location, Result};
use crate::toml_text::toml_to_json;

/// A data format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    Toml,
    Json,
    Yaml,
    Csv,
    Xml,
    Bibtex,
    Plain,
}

impl Format {
    /// The format of a `format` argument (any case; `yml` is YAML).
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "toml" => Format::Toml,
            "json" => Format::Json,
            "yaml" | "yml" => Format::Yaml,
            "csv" => Format::Csv,
            "xml" => Format::Xml,
            "bibtex" => Format::Bibtex,
            "plain" => Format::Plain,
            _ => return None,
        })
    }

    /// The format a file's extension names; plain text for any other.
    pub(crate) fn of_file(path: &Path) -> Format {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        Format::from_name(extension).unwrap_or(Format::Plain)
    }

    /// The media type `load_data(url=…)` asks a server for, as Zola does.
    pub(crate) fn media_type(self) -> &'static str {
        match self {
            Format::Toml => "application/toml",
            Format::Json => "application/json",
            Format::Yaml => "application/x-yaml",
            Format::Csv => "text/csv",
            Format::Xml => "text/xml",
            Format::Bibtex => "application/x-bibtex",
            Format::Plain => "text/plain",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Json => "JSON",
            Format::Yaml => "YAML",
            Format::Csv => "CSV",
            Format::Xml => "XML",
            Format::Bibtex => "BibTeX",
            Format::Plain => "plain text",
        }
    }
}

/// Parses `text`, the contents of `path` (as shown in messages), as `format`.
pub(crate) fn parse(format: Format, path: &Path, text: &str) -> Result<Value> {
    let at = |line: usize, column: usize, message: String| {
        let message = format!("invalid {}: {message}", format.name());
        match line {
            0 => Error::file(path, message),
            _ => Error::at(located(path, text, line, column), message),
        }
    };
    match format {
        Format::Plain => Ok(Value::String(text.to_string())),
        Format::Toml => {
            let table: toml::Table =
                crate::toml_text::deserialize(path, text, 1).map_err(|e| match e {
                    Error::Located { location, message } => {
                        at(location.line, location.column, message)
                    }
                    other => other,
                })?;
            Ok(toml_to_json(&toml::Value::Table(table)))
        }
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            at(e.line(), e.column(), message.to_string())
        }),
        Format::Yaml => serde_yaml_ng::from_str(text).map_err(|e| match e.location() {
            Some(place) => {
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                at(place.line(), place.column(), message.to_string())
            }
            None => at(0, 0, e.to_string()),
        }),
        Format::Csv => csv(text).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!(
                    "this row has {len} field{}, the header has {expected_len}",
                    if *len == 1 { "" } else { "s" }
                ),
                _ => e.to_string(),
            };
            at(line, 0, message)
        }),
        Format::Xml => {
            roxmltree_to_serde::xml_str_to_json(text, &Default::default()).map_err(|e| {
                let place = e.pos();
                let message = e.to_string();
                let message = message.trim_end_matches(&format!(" at {place}"));
                at(place.row as usize, place.col as usize, message.to_string())
            })
        }
        Format::Bibtex => bibtex(text)
            .map_err(|(line, column)| at(line, column, "this entry does not parse".to_string())),
    }
}

/// The location of `line` and `column` (1-based; 0 when unknown) in `text`.
fn located(path: &Path, text: &str, line: usize, column: usize) -> Location {
    let source_line = line
        .checked_sub(1)
        .and_then(|i| text.lines().nth(i))
        .map(|l| l.trim_end().to_string());
    Location {
        path: path.to_path_buf(),
        line,
        column: if source_line.is_some() { column } else { 0 },
        source_line,
    }
}

fn csv(text: &str) -> std::result::Result<Value, csv::Error> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let strings = |record: &csv::StringRecord| -> Value {
        record
            .iter()
            .map(|cell| Value::String(cell.into()))
            .collect()
    };
    let headers = strings(reader.headers()?);
    let records = reader
        .records()
        .map(|record| record.map(|r| strings(&r)))
        .collect::<std::result::Result<Vec<Value>, _>>()?;
    Ok(json!({ "headers": headers, "records": records }))
}

/// Where a BibTeX parse error is (0 when unknown), from the parser's description: the first
/// `at line N` with the source line and a caret under it.
fn bibtex_place(error: &nom_bibtex::error::BibtexError) -> (usize, usize) {
    let description = error.to_string();
    let mut lines = description.lines();
    let Some(at) = lines.find_map(|l| l.split("at line ").nth(1)) else {
        return (0, 0);
    };
    let line = at
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let column = lines
        .nth(1)
        .and_then(|caret| caret.find('^'))
        .map_or(0, |i| i + 1);
    (line, column)
}

fn bibtex(text: &str) -> std::result::Result<Value, (usize, usize)> {
    let parsed = nom_bibtex::Bibtex::parse(text).map_err(|e| bibtex_place(&e))?;
    let by_name = |map: &std::collections::HashMap<String, String>| -> Value {
        let sorted: BTreeMap<&String, &String> = map.iter().collect();
        let object: Map<String, Value> = sorted
            .into_iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        Value::Object(object)
    };
    let bibliographies: Vec<Value> = parsed
        .bibliographies()
        .iter()
        .map(|entry| {
            json!({
                "entry_type": entry.entry_type(),
                "citation_key": entry.citation_key(),
                "tags": by_name(entry.tags()),
            })
        })
        .collect();
    Ok(json!({
        "preambles": parsed.preambles(),
        "comments": parsed.comments(),
        "variables": by_name(parsed.variables()),
        "bibliographies": bibliographies,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(format: Format, text: &str) -> std::result::Result<Value, String> {
        parse(format, Path::new("data/x"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn formats_by_name_and_extension() {
        assert_eq!(Format::from_name("YML"), Some(Format::Yaml));
        assert_eq!(Format::from_name("ini"), None);
        assert_eq!(Format::of_file(Path::new("a/b.Json")), Format::Json);
        assert_eq!(Format::of_file(Path::new("a/b.txt")), Format::Plain);
        assert_eq!(Format::of_file(Path::new("a/Makefile")), Format::Plain);
    }

    #[test]
    fn errors_point_at_the_line() {
        let error = parsed(Format::Json, "{\n  \"a\": 1,\n  \"b\": ]\n}").unwrap_err();
        assert!(
            error.starts_with("data/x:3:8: invalid JSON: expected value"),
            "{error}"
        );
        assert!(error.contains("3 |   \"b\": ]"), "{error}");
        let error = parsed(Format::Csv, "a,b\n1,2\n3\n").unwrap_err();
        assert!(
            error.starts_with("data/x:3: invalid CSV: this row has 1 field, the header has 2"),
            "{error}"
        );
        let error = parsed(Format::Toml, "a = 1\nb = \n").unwrap_err();
        assert!(error.starts_with("data/x:2:5: invalid TOML: "), "{error}");
        let error = parsed(Format::Yaml, "a: [1, 2\nb: 3\n").unwrap_err();
        assert!(error.starts_with("data/x:2:"), "{error}");
        let error = parsed(Format::Bibtex, "@misc{a, title = \"x\"}\n@book{b,\n").unwrap_err();
        assert!(
            error.starts_with("data/x:2:1: invalid BibTeX: this entry does not parse"),
            "{error}"
        );
        let error = parsed(Format::Xml, "<a>\n<b></a>").unwrap_err();
        assert!(
            error.starts_with("data/x:2:4: invalid XML: expected 'b' tag, not 'a'\n"),
            "{error}"
        );
    }
}
