//! The `config` value: the site configuration as templates see it when rendering one
//! language, with Zola's field names.

use std::collections::BTreeMap;

use serde::ser::{Serialize, Serializer};

use super::tables::TomlTable;
use crate::config::{
    Config, ExcludePaginatedPagesInSitemap, IndexFormat, LanguageOptions, Markdown, Mode,
    TaxonomyConfig,
};

template_value! {
    /// The configuration as templates see it when rendering one language: that language's
    /// title, description, feeds and taxonomies, and the other languages under `languages`.
    pub(crate) struct ConfigValue<'a> {
        /// As written, trailing slash included, as Zola gives it.
        base_url: &'a str,
        mode: Mode,
        title: Option<&'a str>,
        description: Option<&'a str>,
        languages: OtherLanguages<'a>,
        default_language: &'a str,
        /// The older name of `generate_feeds`, which themes still read.
        generate_feed: bool,
        generate_feeds: bool,
        feed_filenames: &'a [String],
        taxonomies: &'a [TaxonomyConfig],
        author: Option<&'a str>,
        build_search_index: bool,
        extra: TomlTable<'a>,
        markdown: &'a Markdown,
        search: SearchValue,
        generate_sitemap: bool,
        generate_robots_txt: bool,
        exclude_paginated_pages_in_sitemap: ExcludePaginatedPagesInSitemap,
    }
}

template_value! {
    /// `config.search`: what templates need to load the search index.
    pub(crate) struct SearchValue {
        index_format: IndexFormat,
    }
}

/// The settings of every language but the one being rendered, by language code.
#[derive(Debug, Clone, Copy)]
struct OtherLanguages<'a> {
    all: &'a BTreeMap<String, LanguageOptions>,
    rendered: &'a str,
}

impl Serialize for OtherLanguages<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let others = self.all.iter().filter(|(code, _)| *code != self.rendered);
        serializer.collect_map(others)
    }
}

impl<'a> ConfigValue<'a> {
    /// The configuration as templates rendering language `lang` see it.
    pub(crate) fn new(config: &'a Config, lang: &'a str) -> ConfigValue<'a> {
        static FALLBACK: std::sync::OnceLock<LanguageOptions> = std::sync::OnceLock::new();
        let options =
            (config.language(lang)).unwrap_or_else(|| FALLBACK.get_or_init(Default::default));
        ConfigValue {
            base_url: &config.written_base_url,
            mode: config.mode,
            title: options.title.as_deref(),
            description: options.description.as_deref(),
            languages: OtherLanguages {
                all: &config.languages,
                rendered: lang,
            },
            default_language: &config.default_language,
            generate_feed: options.generate_feeds,
            generate_feeds: options.generate_feeds,
            feed_filenames: &options.feed_filenames,
            taxonomies: &options.taxonomies,
            author: config.author.as_deref(),
            build_search_index: options.build_search_index,
            extra: TomlTable(&config.extra),
            markdown: &config.markdown,
            search: SearchValue {
                index_format: config.search.index_format,
            },
            generate_sitemap: config.generate_sitemap,
            generate_robots_txt: config.generate_robots_txt,
            exclude_paginated_pages_in_sitemap: config.exclude_paginated_pages_in_sitemap,
        }
    }
}

impl Config {
    /// The `config` object templates see, as a Tera 1 value, for the default language.
    pub fn to_template_value(&self) -> serde_json::Value {
        self.to_template_value_for(&self.default_language)
    }

    /// The `config` object templates see when rendering language `lang`, as a Tera 1 value
    /// (see [`ConfigValue`]).
    pub fn to_template_value_for(&self, lang: &str) -> serde_json::Value {
        super::to_value(&ConfigValue::new(self, lang))
    }
}
