//! The languages: the default language's settings (at the top level and in
//! `[languages.<default>]`, merged), the other languages of `[languages]`, `[translations]`,
//! top-level taxonomies, and the search languages elasticlunr can index.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::checks::check_language_code;
use super::context::Context;
use super::default_language::merge_default_language;
use super::options::language_options;
use crate::config::legacy;
use crate::config::raw::{
    RawConfig, RawLanguage, RawLanguages, RawTaxonomy, RawTranslation, Text, Texts,
};
use crate::config::types::{IndexFormat, LanguageOptions, Search, SlugifyStrategy};

/// `[translations]` as written.
type RawTranslations = Spanned<BTreeMap<Text, Spanned<RawTranslation>>>;

/// The settings that can be given per language; for the default language, at the top level
/// and/or in `[languages.<default>]`.
#[derive(Default)]
pub(in crate::config) struct LanguageFields {
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub generate_feeds: Option<Spanned<bool>>,
    pub feed_filenames: Option<Texts>,
    pub taxonomies: Option<Spanned<Vec<Spanned<RawTaxonomy>>>>,
    pub build_search_index: Option<Spanned<bool>>,
    pub search: Option<Spanned<Search>>,
    pub translations: Option<Spanned<BTreeMap<String, String>>>,
}

impl LanguageFields {
    fn from_raw(cx: &mut Context, raw: RawLanguage) -> LanguageFields {
        let generate_feeds = cx.renamed(
            raw.generate_feeds,
            "generate_feeds",
            raw.generate_feed,
            "generate_feed",
        );
        let feed_filenames = feed_filenames(cx, raw.feed_filenames, raw.feed_filename);
        LanguageFields {
            title: raw.title,
            description: raw.description,
            generate_feeds,
            feed_filenames,
            taxonomies: raw.taxonomies,
            build_search_index: raw.build_search_index,
            search: raw.search,
            translations: raw.translations,
        }
    }

    pub(crate) fn taxonomies_mut(&mut self, span: Range<usize>) -> &mut Vec<Spanned<RawTaxonomy>> {
        self.taxonomies
            .get_or_insert_with(|| Spanned::new(span, Vec::new()))
            .get_mut()
    }
}

/// The settings of each language in `[languages]` so far, by code.
pub(in crate::config) type Languages = BTreeMap<String, LanguageFields>;

/// `feed_filenames`, or the legacy single `feed_filename`.
fn feed_filenames(cx: &mut Context, new: Option<Texts>, old: Option<Text>) -> Option<Texts> {
    let old = old.map(|name| Spanned::new(name.span(), vec![name]));
    cx.renamed_as(new, "feed_filenames", old, "feed_filename", |names| {
        let name = names.first().map_or("", |n| n.get_ref().as_str());
        format!("`feed_filenames = [{name:?}]`")
    })
}

/// Adds `translations` to a language's; those added win over those there.
pub(in crate::config) fn merge_translations(
    fields: &mut LanguageFields,
    translations: Spanned<BTreeMap<String, String>>,
) {
    match &mut fields.translations {
        None => fields.translations = Some(translations),
        Some(existing) => existing.get_mut().extend(translations.into_inner()),
    }
}

/// The languages whose words elasticlunr indexes: English and those of the crate features
/// that Zola enables too.
pub(in crate::config) const SEARCH_LANGUAGES: &str =
    "da, de, du, en, es, fi, fr, hu, it, ko, no, pt, ro, ru, sv and tr";

/// An elasticlunr index needs a language elasticlunr knows; Fuse.js indexes take any.
fn check_search_language(
    cx: &mut Context,
    code: &str,
    build_search_index: Option<&Spanned<bool>>,
    format: IndexFormat,
) {
    let Some(flag) = build_search_index.filter(|b| *b.get_ref()) else {
        return;
    };
    let elasticlunr = matches!(
        format,
        IndexFormat::ElasticlunrJavascript | IndexFormat::ElasticlunrJson
    );
    if elasticlunr && elasticlunr::lang::from_code(code).is_none() {
        cx.error_value(
            flag.span(),
            format!(
                "no search index can be built for language `{code}`: the elasticlunr index \
                 formats know {SEARCH_LANGUAGES}; set `index_format = \"fuse_json\"` in \
                 `[search]`, or `build_search_index = false` for this language"
            ),
        );
    }
}

/// The default language's code: `default_language` (or the legacy `language_code`), checked,
/// else `en`.
fn default_language(cx: &mut Context, raw: &mut RawConfig) -> String {
    let default_language = cx.renamed(
        raw.default_language.take(),
        "default_language",
        raw.language_code.take(),
        "language_code",
    );
    match default_language {
        Some(code) => {
            check_language_code(cx, &code);
            code.into_inner()
        }
        None => "en".to_string(),
    }
}

/// The default language's settings at the top level, and `feed_limit` (or `rss_limit`).
fn top_level(cx: &mut Context, raw: &mut RawConfig) -> (LanguageFields, Option<usize>) {
    let generate_feeds = cx.renamed(
        raw.generate_feeds.take(),
        "generate_feeds",
        raw.generate_feed.take(),
        "generate_feed",
    );
    let generate_feeds = cx.renamed(
        generate_feeds,
        "generate_feeds",
        raw.generate_rss.take(),
        "generate_rss",
    );
    let feed_limit = cx
        .renamed(
            raw.feed_limit.take().map(|n| Spanned::new(0..0, n)),
            "feed_limit",
            raw.rss_limit.take(),
            "rss_limit",
        )
        .map(Spanned::into_inner);
    let top = LanguageFields {
        title: raw.title.take(),
        description: raw.description.take(),
        generate_feeds,
        feed_filenames: feed_filenames(cx, raw.feed_filenames.take(), raw.feed_filename.take()),
        taxonomies: None,
        build_search_index: raw.build_search_index.take(),
        search: raw.search.take(),
        translations: None,
    };
    (top, feed_limit)
}

/// The other languages, by code.
fn others(cx: &mut Context, raw: Option<Spanned<RawLanguages>>) -> Languages {
    let mut languages = Languages::new();
    if let Some(raw_languages) = raw {
        let span = raw_languages.span();
        match raw_languages.into_inner() {
            RawLanguages::Tables(tables) => {
                for (code, options) in tables {
                    check_language_code(cx, &code);
                    let fields = LanguageFields::from_raw(cx, options.into_inner());
                    languages.insert(code.into_inner(), fields);
                }
            }
            RawLanguages::Array(entries) => {
                legacy::languages_array(cx, span, entries, &mut languages);
            }
        }
    }
    languages
}

/// The languages so far: the default's settings at the top level, and the others by code.
struct AllLanguages {
    pub default_language: String,
    pub top: LanguageFields,
    pub others: Languages,
}

/// `[translations]`: strings of the default language, or (legacy) tables per language.
fn translations(cx: &mut Context, raw: Option<RawTranslations>, all: &mut AllLanguages) {
    let Some(translations) = raw else {
        return;
    };
    let span = translations.span();
    let mut strings = BTreeMap::new();
    for (key, value) in translations.into_inner() {
        let value_span = value.span();
        match value.into_inner() {
            RawTranslation::Text(text) => {
                strings.insert(key.into_inner(), text);
            }
            RawTranslation::Table(table) => legacy::translations_table(
                cx,
                &all.default_language,
                (key, value_span, table),
                &mut all.top,
                &mut all.others,
            ),
        }
    }
    merge_translations(&mut all.top, Spanned::new(span, strings));
}

/// Top-level taxonomies; before Zola 0.14 a `lang` sent one to another language.
fn taxonomies(
    cx: &mut Context,
    raw: Option<Spanned<Vec<Spanned<RawTaxonomy>>>>,
    all: &mut AllLanguages,
) {
    let Some(taxonomies) = raw else {
        return;
    };
    let span = taxonomies.span();
    all.top.taxonomies_mut(span.clone());
    for mut taxonomy in taxonomies.into_inner() {
        let default_language = &all.default_language;
        match legacy::taxonomy_language(cx, &mut taxonomy, default_language, &all.others) {
            None => all.top.taxonomies_mut(span.clone()).push(taxonomy),
            Some(code) => {
                let fields = all.others.get_mut(&code).expect("a known language");
                fields.taxonomies_mut(taxonomy.span()).push(taxonomy);
            }
        }
    }
}

/// Every language's options, the default language's (the top level merged with
/// `[languages.<default>]`) first; search languages are checked.
fn options(
    cx: &mut Context,
    all: AllLanguages,
    slugify: SlugifyStrategy,
) -> BTreeMap<String, LanguageOptions> {
    let AllLanguages {
        default_language,
        top,
        others: mut languages,
    } = all;
    let default_fields = match languages.remove(&default_language) {
        Some(section) => merge_default_language(cx, &default_language, top, section),
        None => top,
    };
    let index_format = default_fields
        .search
        .as_ref()
        .map(|s| s.get_ref().index_format)
        .unwrap_or_default();
    let indexing = default_fields.build_search_index.as_ref();
    check_search_language(cx, &default_language, indexing, index_format);
    if indexing.is_some_and(|b| *b.get_ref()) {
        for (code, fields) in &languages {
            let flag = fields.build_search_index.as_ref();
            check_search_language(cx, code, flag, index_format);
        }
    }
    let mut options = BTreeMap::new();
    options.insert(
        default_language,
        language_options(cx, default_fields, slugify),
    );
    for (code, fields) in languages {
        let language = language_options(cx, fields, slugify);
        options.insert(code, language);
    }
    options
}

/// Every language's options, and the figures that go with them.
pub(super) struct Resolved {
    pub default_language: String,
    pub options: BTreeMap<String, LanguageOptions>,
    pub feed_limit: Option<usize>,
}

/// The language settings of `raw`, in the order Zola reads them, checked.
pub(super) fn resolve(cx: &mut Context, raw: &mut RawConfig) -> Resolved {
    let default_language = default_language(cx, raw);
    let (top, feed_limit) = top_level(cx, raw);
    let mut all = AllLanguages {
        default_language: default_language.clone(),
        top,
        others: others(cx, raw.languages.take()),
    };
    translations(cx, raw.translations.take(), &mut all);
    taxonomies(cx, raw.taxonomies.take(), &mut all);
    Resolved {
        default_language,
        options: options(cx, all, raw.slugify.taxonomies),
        feed_limit,
    }
}
