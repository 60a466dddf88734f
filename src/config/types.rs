//! The typed values of the configuration that are not about Markdown: languages, taxonomies,
//! the link checker, slug strategies, search and the small enumerations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Defines a unit enum read from (and written as) one of a fixed set of strings.
///
/// The derived enum deserializer would accept a table too and, for a wrong type, say
/// "wanted string or table"; this one asks for a string and lists the accepted values.
macro_rules! string_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every accepted spelling, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The spelling used in `config.toml` and in templates.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                match text.as_str() {
                    $($text => Ok($name::$variant),)+
                    other => Err(serde::de::Error::unknown_variant(other, Self::NAMES)),
                }
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// What the build is for; templates see it as `config.mode`. Not a configuration key.
    #[derive(Default)]
    pub enum Mode {
        #[default]
        Build = "build",
        Serve = "serve",
        Check = "check",
    }
}

string_enum! {
    /// Whether paginated pages (`page/2/`, ...) are left out of the sitemap.
    #[derive(Default)]
    pub enum ExcludePaginatedPagesInSitemap {
        #[default]
        None = "none",
        All = "all",
    }
}

string_enum! {
    /// How the link checker treats a broken link.
    #[derive(Default)]
    pub enum LinkCheckerLevel {
        #[default]
        Error = "error",
        Warn = "warn",
    }
}

string_enum! {
    /// How names become URL parts.
    #[derive(Default)]
    pub enum SlugifyStrategy {
        /// ASCII slugs: `Hello World` -> `hello-world`.
        #[default]
        On = "on",
        /// Only characters that cannot be in a file name are removed.
        Safe = "safe",
        /// Left as written.
        Off = "off",
    }
}

impl SlugifyStrategy {
    /// `text` made into a path segment with this strategy.
    pub fn slugify_path(self, text: &str) -> String {
        match self {
            SlugifyStrategy::On => slug::slugify(text),
            SlugifyStrategy::Safe => text
                .trim_end_matches([' ', '.'])
                .chars()
                .filter(|c| !matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*'))
                .collect(),
            SlugifyStrategy::Off => text.to_string(),
        }
    }

    /// `text` made into a heading anchor with this strategy.
    pub fn slugify_anchor(self, text: &str) -> String {
        match self {
            SlugifyStrategy::On => slug::slugify(text),
            SlugifyStrategy::Safe | SlugifyStrategy::Off => text
                .chars()
                .map(|c| if c.is_ascii_whitespace() { '_' } else { c })
                .collect(),
        }
    }
}

/// The directory of the output that holds the Pagefind bundle (its script, its WebAssembly and
/// the index of each language).
pub(crate) const PAGEFIND_DIR: &str = "pagefind";

string_enum! {
    /// The file format of the search index.
    #[derive(Default)]
    pub enum IndexFormat {
        ElasticlunrJson = "elasticlunr_json",
        #[default]
        ElasticlunrJavascript = "elasticlunr_javascript",
        FuseJson = "fuse_json",
        FuseJavascript = "fuse_javascript",
        /// Pagefind's chunked index, in the `pagefind/` directory of the output.
        Pagefind = "pagefind",
    }
}

impl IndexFormat {
    /// The index file of language `lang`: `search_index.en.js`; for Pagefind, the file of its
    /// bundle that lists every language's index.
    pub fn filename(self, lang: &str) -> String {
        let extension = match self {
            IndexFormat::ElasticlunrJavascript | IndexFormat::FuseJavascript => "js",
            IndexFormat::ElasticlunrJson | IndexFormat::FuseJson => "json",
            IndexFormat::Pagefind => return format!("{PAGEFIND_DIR}/pagefind-entry.json"),
        };
        format!("search_index.{lang}.{extension}")
    }
}

/// `[slugify]`: the strategy for each kind of name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Slugify {
    pub paths: SlugifyStrategy,
    /// Keeps a file name's date prefix in the page's slug.
    pub paths_keep_dates: bool,
    pub taxonomies: SlugifyStrategy,
    pub anchors: SlugifyStrategy,
}

/// `[search]`: what goes into the search index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Search {
    pub include_title: bool,
    pub include_content: bool,
    /// Cuts the content after this many characters.
    pub truncate_content_length: Option<usize>,
    pub include_description: bool,
    pub include_date: bool,
    pub include_path: bool,
    pub index_format: IndexFormat,
}

impl Default for Search {
    fn default() -> Search {
        Search {
            include_title: true,
            include_content: true,
            truncate_content_length: None,
            include_description: false,
            include_date: false,
            include_path: false,
            index_format: IndexFormat::default(),
        }
    }
}

/// One taxonomy of one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxonomyConfig {
    /// The name pages use in their front matter: `tags`.
    pub name: String,
    /// The name as a URL part, made with `slugify.taxonomies`.
    pub slug: String,
    /// Pages per page of a term; none or 0 means no pagination.
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    /// Whether the taxonomy's pages are rendered.
    pub render: bool,
    /// Whether each term gets its own feed.
    pub feed: bool,
}

impl TaxonomyConfig {
    pub fn is_paginated(&self) -> bool {
        self.paginate_by.is_some_and(|n| n > 0)
    }

    /// The path segment before a page number: `page` unless configured.
    pub fn paginate_path(&self) -> &str {
        self.paginate_path.as_deref().unwrap_or("page")
    }
}

/// The settings of one language, the default language included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageOptions {
    pub title: Option<String>,
    pub description: Option<String>,
    pub generate_feeds: bool,
    pub feed_filenames: Vec<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub build_search_index: bool,
    pub search: Search,
    /// Strings for the `trans` function.
    pub translations: BTreeMap<String, String>,
}

impl Default for LanguageOptions {
    fn default() -> LanguageOptions {
        LanguageOptions {
            title: None,
            description: None,
            generate_feeds: false,
            feed_filenames: default_feed_filenames(),
            taxonomies: Vec::new(),
            build_search_index: false,
            search: Search::default(),
            translations: BTreeMap::new(),
        }
    }
}

pub(crate) fn default_feed_filenames() -> Vec<String> {
    vec!["atom.xml".to_string()]
}

/// `[link_checker]`.
#[derive(Debug, Clone, Default)]
pub struct LinkChecker {
    /// External links with these prefixes are not checked.
    pub skip_prefixes: Vec<String>,
    /// External links with these prefixes are checked, but not their anchors.
    pub skip_anchor_prefixes: Vec<String>,
    pub internal_level: LinkCheckerLevel,
    pub external_level: LinkCheckerLevel,
    /// Globs of files whose links are not checked.
    pub ignored_files: Vec<String>,
    pub(crate) ignored_files_globs: super::Globs,
}

impl LinkChecker {
    /// Whether links in `rel_path` (relative to `content/`) are left unchecked.
    pub fn is_ignored_file(&self, rel_path: &str) -> bool {
        self.ignored_files_globs.matches("content", rel_path)
    }
}
