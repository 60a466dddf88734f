//! Front matter: the TOML block between two `+++` lines at the top of a content file, or the
//! YAML block between two `---` lines, as Zola accepts it.
//!
//! The block is split off first, then deserialized into the typed page or section struct, so a
//! TOML error's span maps back to the file's own line and column. YAML is read as the TOML it
//! makes (see `yaml`), whose positions map back to the YAML. The typed structs are in `types`.

mod types;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::yaml;
use crate::error::{Error, Location, Result};
use crate::toml_text::from_toml;
use crate::warning::Warning;

pub(crate) use types::{InsertAnchor, PageFrontMatter, SectionFrontMatter, SortBy};

/// A content file cut into its front matter and its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub front_matter: &'a str,
    /// The file line on which the front matter's first line sits.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// The file line on which the body starts.
    pub body_line: usize,
    pub format: Format,
}

/// How a front matter block is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// Splits `text` (the contents of `path`) into front matter and body.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::file(
            path,
            "the file is empty: a content file must start with front matter between `+++` lines",
        ));
    }
    let mut offset = 0;
    let mut line_no = 1;
    // Blank lines may precede the opening delimiter.
    let mut lines = text.split_inclusive('\n');
    let opening = loop {
        match lines.next() {
            Some(line) if line.trim().is_empty() => {
                offset += line.len();
                line_no += 1;
            }
            Some(line) => break line,
            None => return Err(missing_front_matter(path, text, offset)),
        }
    };
    let (delimiter, format) = match opening.trim_end() {
        "+++" => ("+++", Format::Toml),
        "---" => ("---", Format::Yaml),
        _ => return Err(missing_front_matter(path, text, offset)),
    };
    let opening_line = line_no;
    offset += opening.len();
    let start = offset;
    for line in lines {
        line_no += 1;
        if line.trim_end() == delimiter {
            return Ok(Split {
                front_matter: &text[start..offset],
                front_matter_line: opening_line + 1,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
                format,
            });
        }
        offset += line.len();
    }
    let location = Location::in_text(path, text, start - opening.len(), 1);
    Err(Error::at(
        location,
        format!("front matter opened here is never closed by a `{delimiter}` line"),
    ))
}

fn missing_front_matter(path: &Path, text: &str, offset: usize) -> Error {
    let message = "missing front matter: a content file must start with a `+++` line (TOML) or a \
                   `---` line (YAML)";
    Error::at(Location::in_text(path, text, offset, 1), message)
}

/// A front matter block ready to deserialize: its TOML (as written, or made from its YAML),
/// with every position in that TOML placed in the file.
#[derive(Debug)]
pub(crate) struct Block<'a> {
    path: &'a Path,
    /// The TOML that is deserialized.
    pub toml: Cow<'a, str>,
    first_line: usize,
    /// The YAML the TOML was made from, if it was.
    yaml: Option<yaml::Source<'a>>,
}

impl<'a> Block<'a> {
    /// The block of `split`, a content file at `path`.
    pub(crate) fn of(path: &'a Path, split: &Split<'a>) -> Result<Block<'a>> {
        let (text, first_line) = (split.front_matter, split.front_matter_line);
        let (toml, yaml) = match split.format {
            Format::Toml => (Cow::Borrowed(text), None),
            Format::Yaml => {
                let (toml, source) = yaml::to_toml(path, text, first_line)?;
                (Cow::Owned(toml), Some(source))
            }
        };
        Ok(Block {
            path,
            toml,
            first_line,
            yaml,
        })
    }

    /// The place in the file of byte `offset` of the TOML.
    pub(crate) fn locate(&self, offset: usize) -> Location {
        match &self.yaml {
            None => Location::in_text(self.path, &self.toml, offset, self.first_line),
            Some(source) => source.locate(self.path, &self.toml, offset),
        }
    }

    pub(crate) fn deserialize<T: DeserializeOwned>(&self) -> Result<T> {
        from_toml(self.path, &self.toml, self.first_line, &|o| self.locate(o))
    }

    /// Warnings for the top-level keys that are not in `known`.
    pub(crate) fn unknown_keys(&self, known: &[&str]) -> Vec<Warning> {
        unknown_keys_at(&self.toml, known, &|o| self.locate(o))
    }

    /// Where the value of top-level `key` is written, for a message about it; the block's
    /// first line if it cannot be found.
    pub(crate) fn value_location(&self, key: &str) -> Location {
        let span = toml::de::DeTable::parse(&self.toml)
            .ok()
            .and_then(|table| table.get_ref().get(key).map(|value| value.span()));
        match span {
            Some(span) => self.locate(span.start),
            None => Location::line(self.path, self.first_line),
        }
    }
}

/// Keys of older Zola versions that still work, with their current names.
const RENAMED: &[(&str, &str)] = &[("generate_feed", "generate_feeds")];

/// Warnings for the top-level keys of TOML `text` that are not in `known`, placed with `locate`.
fn unknown_keys_at(text: &str, known: &[&str], locate: &dyn Fn(usize) -> Location) -> Vec<Warning> {
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut warnings: Vec<(usize, Warning)> = Vec::new();
    for key in table.get_ref().keys() {
        let name: &str = key.get_ref();
        if known.contains(&name) {
            continue;
        }
        let location = locate(key.span().start);
        let renamed = RENAMED
            .iter()
            .find(|(old, new)| *old == name && known.contains(new));
        let message = match (renamed, closest(name, known)) {
            (Some((old, new)), _) => {
                format!("`{old}` is the old name of `{new}`; using it as that")
            }
            (None, Some(guess)) => {
                format!("unknown front matter key `{name}` is ignored (did you mean `{guess}`?)")
            }
            (None, None) => format!("unknown front matter key `{name}` is ignored"),
        };
        warnings.push((key.span().start, Warning::at(location, message)));
    }
    warnings.sort();
    warnings.into_iter().map(|(_, w)| w).collect()
}

/// The known key nearest to `name` by edit distance, if it is close enough to be a typo.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}
