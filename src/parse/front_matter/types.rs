//! The typed front matter of pages and sections, with Zola's defaults, and the enums its
//! keys take (`insert_anchor_links`, `sort_by`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

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
