//! Front matter: the TOML block between two `+++` lines at the top of a content file, or the
//! YAML block between two `---` lines, as Zola accepts it.
//!
//! The block is split off first, then deserialized into the typed page or section struct, so a
//! TOML error's span maps back to the file's own line and column. YAML is read as the TOML it
//! makes (see `yaml`), whose positions map back to the YAML.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::yaml;
use crate::error::{Error, Location, Result};
use crate::toml_text::from_toml;

/// A content file cut into its front matter and its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
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
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// Splits `text` (the contents of `path`) into front matter and body.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>> {
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
pub struct Block<'a> {
    path: &'a Path,
    /// The TOML that is deserialized.
    pub toml: Cow<'a, str>,
    first_line: usize,
    /// The YAML the TOML was made from, if it was.
    yaml: Option<yaml::Source<'a>>,
}

impl<'a> Block<'a> {
    /// The block of `split`, a content file at `path`.
    pub fn of(path: &'a Path, split: &Split<'a>) -> Result<Block<'a>> {
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
    pub fn locate(&self, offset: usize) -> Location {
        match &self.yaml {
            None => Location::in_text(self.path, &self.toml, offset, self.first_line),
            Some(source) => source.locate(self.path, &self.toml, offset),
        }
    }

    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T> {
        from_toml(self.path, &self.toml, self.first_line, &|o| self.locate(o))
    }

    /// Warnings for the top-level keys that are not in `known`.
    pub fn unknown_keys(&self, known: &[&str]) -> Vec<String> {
        unknown_keys_at(&self.toml, known, &|o| self.locate(o))
    }

    /// Where the value of top-level `key` is written, for a message about it; the block's
    /// first line if it cannot be found.
    pub fn value_location(&self, key: &str) -> Location {
        let span = toml::de::DeTable::parse(&self.toml)
            .ok()
            .and_then(|table| table.get_ref().get(key).map(|value| value.span()));
        match span {
            Some(span) => self.locate(span.start),
            None => Location::line(self.path, self.first_line),
        }
    }
}

/// Front matter of a page. As in Zola, keys it does not know are not errors (a Zola site
/// must build unchanged), but [`unknown_keys`] reports them as warnings.
#[derive(Debug, Clone, Deserialize)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Spanned<toml::Value>>,
    pub updated: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub draft: bool,
    /// `false` keeps the page out of the output (it is still in the site model).
    #[serde(default = "yes")]
    pub render: bool,
    pub slug: Option<Spanned<String>>,
    pub path: Option<Spanned<String>>,
    pub weight: Option<i64>,
    pub template: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    #[serde(default)]
    pub extra: toml::Table,
}

impl PageFrontMatter {
    pub const KEYS: &'static [&'static str] = &[
        "title",
        "description",
        "date",
        "updated",
        "draft",
        "render",
        "slug",
        "path",
        "weight",
        "template",
        "aliases",
        "authors",
        "taxonomies",
        "in_search_index",
        "extra",
    ];
}

impl Default for PageFrontMatter {
    fn default() -> Self {
        toml::from_str("").expect("empty front matter is valid")
    }
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Clone, Deserialize)]
pub struct SectionFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default, deserialize_with = "sort_by")]
    pub sort_by: SortBy,
    pub weight: Option<i64>,
    pub template: Option<Spanned<String>>,
    pub page_template: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    pub paginate_by: Option<usize>,
    #[serde(default = "page_path")]
    pub paginate_path: String,
    #[serde(default)]
    pub paginate_reversed: bool,
    pub insert_anchor_links: Option<InsertAnchor>,
    /// `false`: no page for the section itself (its pages are still rendered).
    #[serde(default = "yes")]
    pub render: bool,
    pub redirect_to: Option<String>,
    /// Lists the section's pages in its parent section too.
    #[serde(default)]
    pub transparent: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, alias = "generate_feed")]
    pub generate_feeds: bool,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    #[serde(default)]
    pub extra: toml::Table,
}

impl SectionFrontMatter {
    pub const KEYS: &'static [&'static str] = &[
        "title",
        "description",
        "sort_by",
        "weight",
        "template",
        "page_template",
        "draft",
        "paginate_by",
        "paginate_path",
        "paginate_reversed",
        "insert_anchor_links",
        "render",
        "redirect_to",
        "transparent",
        "aliases",
        "generate_feeds",
        "in_search_index",
        "extra",
    ];

    /// The number of pages per pager, when the section is paginated.
    pub fn paginate_by(&self) -> Option<usize> {
        self.paginate_by.filter(|&n| n > 0)
    }
}

impl Default for SectionFrontMatter {
    fn default() -> Self {
        toml::from_str("").expect("empty front matter is valid")
    }
}

/// Where heading anchor links go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InsertAnchor {
    Left,
    Right,
    Heading,
    #[default]
    None,
}

/// Keys of older Zola versions that still work, with their current names.
const RENAMED: &[(&str, &str)] = &[("generate_feed", "generate_feeds")];

/// Warnings for the top-level keys of TOML `text` that are not in `known`, placed with `locate`.
fn unknown_keys_at(text: &str, known: &[&str], locate: &dyn Fn(usize) -> Location) -> Vec<String> {
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut warnings: Vec<(usize, String)> = Vec::new();
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
        warnings.push((key.span().start, format!("{location}: {message}")));
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

fn page_path() -> String {
    "page".to_string()
}

/// `sort_by` from a string; the derived enum deserializer would say "wanted string or table"
/// for any other type.
fn sort_by<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<SortBy, D::Error> {
    use serde::de::{value::StrDeserializer, Error as _, IntoDeserializer as _};
    let name = String::deserialize(deserializer)?;
    let name: StrDeserializer<serde::de::value::Error> = name.as_str().into_deserializer();
    SortBy::deserialize(name).map_err(D::Error::custom)
}

fn yes() -> bool {
    true
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    Date,
    UpdateDate,
    Title,
    TitleBytes,
    Weight,
    Slug,
    Permalink,
    #[default]
    None,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toml_text::deserialize;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split(p(), "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!((s.front_matter_line, s.body, s.body_line), (2, "Body\n", 4));
    }

    #[test]
    fn accepts_bom_crlf_and_leading_blank_lines() {
        let s = split(p(), "\u{feff}\r\n+++\r\ntitle = \"A\"\r\n+++\r\nBody").unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\r\n");
        assert_eq!((s.front_matter_line, s.body_line), (3, 5));
    }

    #[test]
    fn empty_body_and_front_matter() {
        let s = split(p(), "+++\n+++").unwrap();
        assert_eq!((s.front_matter, s.body), ("", ""));
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening() {
        let e = split(p(), "\n+++\ntitle = 1\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "content/a.md:2:1: front matter opened here is never closed by a `+++` line\n  |\n2 | +++\n  | ^"
        );
    }

    #[test]
    fn missing_and_yaml_front_matter() {
        let e = split(p(), "# Title\n").unwrap_err().to_string();
        assert!(
            e.starts_with("content/a.md:1:1: missing front matter"),
            "{e}"
        );
        let s = split(p(), "---\ntitle: x\n---\nBody").unwrap();
        assert_eq!(
            (s.front_matter, s.format, s.body),
            ("title: x\n", Format::Yaml, "Body")
        );
        let e = split(p(), "---\ntitle: x\n+++\n").unwrap_err().to_string();
        assert!(e.contains("never closed by a `---` line"), "{e}");
        for empty in ["", "\u{feff}", " \r\n\n"] {
            let e = split(p(), empty).unwrap_err().to_string();
            assert_eq!(
                e,
                "content/a.md: the file is empty: a content file must start with front matter \
                 between `+++` lines"
            );
        }
    }

    #[test]
    fn unknown_keys_are_warnings_with_a_suggestion() {
        let text = "title = \"A\"\ntitel = \"B\"\nflavour = 1\ngenerate_feed = true\n";
        let unknown_keys = |text: &str, known: &[&str]| {
            let text = format!("+++\n{text}+++\n");
            let split = split(p(), &text).unwrap();
            Block::of(p(), &split).unwrap().unknown_keys(known)
        };
        let warnings = unknown_keys(text, SectionFrontMatter::KEYS);
        assert_eq!(
            warnings,
            [
                "content/a.md:3:1: unknown front matter key `titel` is ignored (did you mean `title`?)",
                "content/a.md:4:1: unknown front matter key `flavour` is ignored",
                "content/a.md:5:1: `generate_feed` is the old name of `generate_feeds`; using it as that",
            ]
        );
        let section: SectionFrontMatter = toml::from_str("generate_feed = true").unwrap();
        assert!(section.generate_feeds);
        assert!(unknown_keys("title = 1\n[extra]\nx = 1\n", PageFrontMatter::KEYS).is_empty());
    }

    #[test]
    fn toml_errors_are_located_in_the_file() {
        let e = deserialize::<PageFrontMatter>(p(), "title = \"A\"\ndraft = \"B\"\n", 2)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("content/a.md:3:9: invalid type: string \"B\", expected a boolean"),
            "{e}"
        );
        assert!(e.ends_with("3 | draft = \"B\"\n  |         ^"), "{e}");
        let config = Path::new("config.toml");
        let e = deserialize::<crate::config::Config>(config, "title = \"T\"\n", 1)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "config.toml: missing field `base_url`");
    }

    #[test]
    fn sort_by_values() {
        let s: SectionFrontMatter = toml::from_str("sort_by = \"update_date\"").unwrap();
        assert_eq!(s.sort_by, SortBy::UpdateDate);
        let e = toml::from_str::<SectionFrontMatter>("sort_by = \"size\"").unwrap_err();
        assert!(e
            .message()
            .starts_with("unknown variant `size`, expected one of `date`"));
        let e = toml::from_str::<SectionFrontMatter>("sort_by = 3").unwrap_err();
        assert_eq!(e.message(), "invalid type: integer `3`, expected a string");
    }
}
