//! `config.toml` as written: every key Zola 0.22 knows, plus the keys of older Zola versions
//! (marked "legacy"), with the spans needed to point at them. `resolve` turns this into
//! [`super::Config`].
//!
//! Keys whose presence matters (a legacy key and its replacement, the default language set in
//! two places) are `Option`s; the others carry Zola's defaults directly.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use super::markdown::{HighlightStyle, InsertAnchor, MathErrors};
use super::types::{ExcludePaginatedPagesInSitemap, LinkCheckerLevel, Search, Slugify};

/// Keys that only older Zola versions know. Unknown-key messages leave them out of the list of
/// expected keys, so that list shows the current names only.
pub(super) const LEGACY_KEYS: &[&str] = &[
    "generate_feed",
    "feed_filename",
    "generate_rss",
    "rss_limit",
    "language_code",
    "highlight_code",
    "highlight_theme",
    "highlight_themes_css",
    "extra_syntaxes",
    "extra_syntaxes_and_themes",
    "error_on_missing_highlight",
    "rss",
    "lang",
];

pub(super) type Text = Spanned<String>;
pub(super) type Texts = Spanned<Vec<Text>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub base_url: Text,
    pub theme: Option<Text>,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub default_language: Option<Text>,
    pub languages: Option<Spanned<RawLanguages>>,
    pub translations: Option<Spanned<BTreeMap<Text, Spanned<RawTranslation>>>>,
    pub generate_feeds: Option<Spanned<bool>>,
    pub feed_limit: Option<usize>,
    pub feed_filenames: Option<Texts>,
    #[serde(default)]
    pub hard_link_static: bool,
    pub taxonomies: Option<Spanned<Vec<Spanned<RawTaxonomy>>>>,
    pub taxonomy_root: Option<Text>,
    pub author: Option<String>,
    #[serde(default)]
    pub compile_sass: bool,
    #[serde(default)]
    pub minify_html: bool,
    pub build_search_index: Option<Spanned<bool>>,
    #[serde(default)]
    pub ignored_content: Vec<Text>,
    #[serde(default)]
    pub ignored_static: Vec<Text>,
    #[serde(default = "public")]
    pub output_dir: String,
    #[serde(default)]
    pub preserve_dotfiles_in_output: bool,
    #[serde(default)]
    pub link_checker: RawLinkChecker,
    #[serde(default)]
    pub slugify: Slugify,
    pub search: Option<Spanned<Search>>,
    #[serde(default)]
    pub markdown: RawMarkdown,
    #[serde(default)]
    pub extra: toml::Table,
    #[serde(default = "yes")]
    pub generate_sitemap: bool,
    #[serde(default = "yes")]
    pub generate_robots_txt: bool,
    #[serde(default)]
    pub exclude_paginated_pages_in_sitemap: ExcludePaginatedPagesInSitemap,
    /// Loess only: a page or section missing in a language is built there from the
    /// default language's version.
    #[serde(default)]
    pub translation_fallback: bool,

    // Legacy: Zola 0.11 to 0.18.
    pub generate_feed: Option<Spanned<bool>>,
    pub feed_filename: Option<Text>,
    // Legacy: before Zola 0.11.
    pub generate_rss: Option<Spanned<bool>>,
    pub rss_limit: Option<Spanned<usize>>,
    // Legacy: before Zola 0.3.
    pub language_code: Option<Text>,
    // Legacy: before Zola 0.14 (moved to [markdown], then to [markdown.highlighting]).
    pub highlight_code: Option<Spanned<bool>>,
    pub highlight_theme: Option<Text>,
    pub highlight_themes_css: Option<Spanned<Vec<RawThemeCss>>>,
    pub extra_syntaxes: Option<Texts>,
}

fn public() -> String {
    "public".to_string()
}

fn yes() -> bool {
    true
}

/// `[languages.xx]`, or the top level for the default language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub generate_feeds: Option<Spanned<bool>>,
    pub feed_filenames: Option<Texts>,
    pub taxonomies: Option<Spanned<Vec<Spanned<RawTaxonomy>>>>,
    pub build_search_index: Option<Spanned<bool>>,
    pub search: Option<Spanned<Search>>,
    pub translations: Option<Spanned<BTreeMap<String, String>>>,

    // Legacy: Zola 0.14 to 0.18.
    pub generate_feed: Option<Spanned<bool>>,
    pub feed_filename: Option<Text>,
}

/// An entry of the pre-0.14 `languages = [{ code = "fr", feed = true }]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OldLanguage {
    pub code: Text,
    #[serde(default)]
    pub feed: bool,
    #[serde(default)]
    pub rss: bool,
    #[serde(default)]
    pub search: bool,
}

/// `languages`: a table of tables, or (before Zola 0.14) an array.
#[derive(Debug)]
pub(super) enum RawLanguages {
    Tables(Vec<(Text, Spanned<RawLanguage>)>),
    Array(Vec<Spanned<OldLanguage>>),
}

impl<'de> Deserialize<'de> for RawLanguages {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LanguagesVisitor;

        impl<'de> Visitor<'de> for LanguagesVisitor {
            type Value = RawLanguages;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of languages")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLanguages, A::Error> {
                let mut languages = Vec::new();
                while let Some(code) = map.next_key::<Text>()? {
                    languages.push((code, map.next_value()?));
                }
                Ok(RawLanguages::Tables(languages))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawLanguages, A::Error> {
                let mut languages = Vec::new();
                while let Some(language) = seq.next_element()? {
                    languages.push(language);
                }
                Ok(RawLanguages::Array(languages))
            }
        }

        deserializer.deserialize_any(LanguagesVisitor)
    }
}

/// A value of the top-level `[translations]`: a string, or (before Zola 0.14) a table of the
/// strings of one language.
#[derive(Debug)]
pub(super) enum RawTranslation {
    Text(String),
    Table(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for RawTranslation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TranslationVisitor;

        impl<'de> Visitor<'de> for TranslationVisitor {
            type Value = RawTranslation;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawTranslation, E> {
                Ok(RawTranslation::Text(text.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTranslation, A::Error> {
                let mut table = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    table.insert(key, value);
                }
                Ok(RawTranslation::Table(table))
            }
        }

        deserializer.deserialize_any(TranslationVisitor)
    }
}

/// An entry of `taxonomies`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTaxonomy {
    pub name: Option<Text>,
    /// Zola computes the slug from the name and ignores this.
    pub slug: Option<Text>,
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<Text>,
    #[serde(default = "yes")]
    pub render: bool,
    pub feed: Option<Spanned<bool>>,

    // Legacy: before Zola 0.11.
    pub rss: Option<Spanned<bool>>,
    // Legacy: before Zola 0.14, a taxonomy of another language than the default one.
    pub lang: Option<Text>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawLinkChecker {
    pub skip_prefixes: Vec<String>,
    pub skip_anchor_prefixes: Vec<String>,
    pub internal_level: LinkCheckerLevel,
    pub external_level: LinkCheckerLevel,
    pub ignored_files: Vec<Text>,
}

/// `[markdown]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMarkdown {
    pub highlighting: Option<Spanned<RawHighlighting>>,
    #[serde(default)]
    pub render_emoji: bool,
    pub external_links_class: Option<Text>,
    #[serde(default)]
    pub external_links_target_blank: bool,
    #[serde(default)]
    pub external_links_no_follow: bool,
    #[serde(default)]
    pub external_links_no_referrer: bool,
    pub external_links_external: Option<bool>,
    #[serde(default)]
    pub smart_punctuation: bool,
    #[serde(default)]
    pub definition_list: bool,
    #[serde(default)]
    pub bottom_footnotes: bool,
    #[serde(default)]
    pub lazy_async_image: bool,
    #[serde(default)]
    pub insert_anchor_links: InsertAnchor,
    #[serde(default)]
    pub github_alerts: bool,
    #[serde(default)]
    pub math: bool,
    #[serde(default)]
    pub math_errors: MathErrors,
    pub responsive_images: Option<RawResponsiveImages>,

    // Legacy: Zola 0.13 to 0.21 (syntect).
    pub highlight_code: Option<Spanned<bool>>,
    pub highlight_theme: Option<Text>,
    pub highlight_themes_css: Option<Spanned<Vec<RawThemeCss>>>,
    pub extra_syntaxes_and_themes: Option<Texts>,
    pub error_on_missing_highlight: Option<Spanned<bool>>,
}

/// `[markdown.responsive_images]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawResponsiveImages {
    pub widths: Spanned<Vec<u32>>,
    pub sizes: Option<String>,
    #[serde(default)]
    pub formats: Vec<Spanned<String>>,
    pub quality: Option<Spanned<u8>>,
}

/// `[markdown.highlighting]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHighlighting {
    #[serde(default)]
    pub error_on_missing_language: bool,
    #[serde(default)]
    pub style: HighlightStyle,
    pub theme: Option<Text>,
    pub light_theme: Option<Text>,
    pub dark_theme: Option<Text>,
    #[serde(default)]
    pub extra_grammars: Vec<String>,
    #[serde(default)]
    pub extra_themes: Vec<String>,
}

/// An entry of the pre-0.22 `highlight_themes_css`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawThemeCss {
    pub theme: String,
    pub filename: String,
}
