//! From `config.toml` as written ([`RawConfig`]) to the [`Config`] the build uses: defaults,
//! the default language's settings merged, taxonomy slugs, globs compiled, and every check Zola
//! makes when it reads its configuration, each error pointing at the offending key or value.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::legacy;
use super::markdown::{Markdown, ResponsiveImages};
use super::raw::{RawConfig, RawLanguage, RawLanguages, RawTaxonomy, RawTranslation, Text, Texts};
use super::types::{
    default_feed_filenames, IndexFormat, LanguageOptions, LinkChecker, Search, SlugifyStrategy,
    TaxonomyConfig,
};
use super::{Config, Globs, Mode};
use crate::error::{Error, Location};
use crate::warning::Warning;

/// Collects the warnings and errors of one configuration file, each at a place in its text.
/// Without a source (when a `Config` is deserialized directly), messages have no place.
pub(super) struct Context<'a> {
    source: Option<(&'a Path, &'a str)>,
    warnings: Vec<(usize, Warning)>,
    errors: Vec<(usize, String)>,
}

impl<'a> Context<'a> {
    pub fn new(source: Option<(&'a Path, &'a str)>) -> Context<'a> {
        Context {
            source,
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn text(&self) -> &'a str {
        self.source.map_or("", |(_, text)| text)
    }

    /// The line of the key whose value is at `value`.
    pub fn line_of_key(&self, value: Range<usize>) -> Option<usize> {
        let (path, text) = self.source?;
        let offset = key_start(text, value.start);
        Some(Location::in_text(path, text, offset, 1).line)
    }

    fn place(&self, offset: usize, message: String) -> Warning {
        match self.source {
            Some((path, text)) => Warning::at(Location::in_text(path, text, offset, 1), message),
            None => Warning::new(message),
        }
    }

    /// A warning about the key whose value is at `value`.
    pub fn warn_key(&mut self, value: Range<usize>, message: impl Into<String>) {
        let offset = key_start(self.text(), value.start);
        let warning = self.place(offset, message.into());
        self.warnings.push((offset, warning));
    }

    /// An error about the key whose value is at `value`.
    pub fn error_key(&mut self, value: Range<usize>, message: impl Into<String>) {
        self.error_at(key_start(self.text(), value.start), message);
    }

    /// An error about the value at `value`.
    pub fn error_value(&mut self, value: Range<usize>, message: impl Into<String>) {
        self.error_at(value.start, message);
    }

    fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push((offset, message.into()));
    }

    /// `new` if set, else the legacy `old`, with a warning naming the key to use instead.
    pub fn renamed<T>(
        &mut self,
        new: Option<Spanned<T>>,
        new_name: &str,
        old: Option<Spanned<T>>,
        old_name: &str,
    ) -> Option<Spanned<T>> {
        self.renamed_as(new, new_name, old, old_name, |_| "that".to_string())
    }

    /// Like [`Context::renamed`], with `used_as` saying what the old value becomes.
    pub fn renamed_as<T>(
        &mut self,
        new: Option<Spanned<T>>,
        new_name: &str,
        old: Option<Spanned<T>>,
        old_name: &str,
        used_as: impl FnOnce(&T) -> String,
    ) -> Option<Spanned<T>> {
        let Some(old) = old else {
            return new;
        };
        if new.is_some() {
            self.warn_key(
                old.span(),
                format!(
                    "`{old_name}` is the old name of `{new_name}`, which is also set; \
                     ignoring `{old_name}`"
                ),
            );
            return new;
        }
        let used_as = used_as(old.get_ref());
        self.warn_key(
            old.span(),
            format!("`{old_name}` is the old name of `{new_name}`; using it as {used_as}"),
        );
        Some(old)
    }

    /// The warnings in file order, and every error at once.
    fn finish(mut self) -> Result<Vec<Warning>, Problems> {
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|(offset, _)| *offset);
            return Err(self.errors);
        }
        self.warnings.sort_by_key(|(offset, _)| *offset);
        Ok(self.warnings.into_iter().map(|(_, w)| w).collect())
    }
}

/// Where the key of the value starting at `value_start` begins: `key = value` on one line,
/// the key bare or quoted (the last part of a dotted key). A value with no key before it
/// (a table header, an array element) is its own place.
fn key_start(text: &str, value_start: usize) -> usize {
    if value_start > text.len() || !text.is_char_boundary(value_start) {
        return value_start;
    }
    let before = text[..value_start].trim_end_matches([' ', '\t']);
    let Some(key) = before.strip_suffix('=') else {
        return value_start;
    };
    let key = key.trim_end_matches([' ', '\t']);
    let start = if let Some(quoted) = key.strip_suffix(['"', '\'']) {
        let quote = key.as_bytes()[key.len() - 1] as char;
        quoted.rfind(quote).unwrap_or(key.len())
    } else {
        key.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            .len()
    };
    if start < key.len() {
        start
    } else {
        value_start
    }
}

/// The settings that can be given per language; for the default language, at the top level
/// and/or in `[languages.<default>]`.
#[derive(Default)]
pub(super) struct LanguageFields {
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

    pub fn taxonomies_mut(&mut self, span: Range<usize>) -> &mut Vec<Spanned<RawTaxonomy>> {
        self.taxonomies
            .get_or_insert_with(|| Spanned::new(span, Vec::new()))
            .get_mut()
    }
}

/// The settings of each language in `[languages]` so far, by code.
pub(super) type Languages = BTreeMap<String, LanguageFields>;

/// `feed_filenames`, or the legacy single `feed_filename`.
fn feed_filenames(cx: &mut Context, new: Option<Texts>, old: Option<Text>) -> Option<Texts> {
    let old = old.map(|name| Spanned::new(name.span(), vec![name]));
    cx.renamed_as(new, "feed_filenames", old, "feed_filename", |names| {
        let name = names.first().map_or("", |n| n.get_ref().as_str());
        format!("`feed_filenames = [{name:?}]`")
    })
}

/// Errors, each with the offset in the text it is about, in text order.
pub(super) type Problems = Vec<(usize, String)>;

/// Every problem as one error, each located in `text`.
pub(super) fn located(path: &Path, text: &str, problems: Problems) -> Error {
    let errors = problems
        .into_iter()
        .map(|(offset, message)| Error::at(Location::in_text(path, text, offset, 1), message))
        .collect();
    Error::collect(errors).expect_err("there is at least one problem")
}

/// Turns the deserialized file into a `Config`, or every problem found in it.
pub(super) fn resolve(source: Option<(&Path, &str)>, raw: RawConfig) -> Result<Config, Problems> {
    let mut cx = Context::new(source);

    let base_url = raw.base_url.get_ref().trim().to_string();
    if base_url.is_empty() {
        cx.error_value(
            raw.base_url.span(),
            "`base_url` is empty: set it to the URL the site will live at, \
             such as \"https://example.org\"",
        );
    }

    let default_language = cx.renamed(
        raw.default_language,
        "default_language",
        raw.language_code,
        "language_code",
    );
    let default_language = match default_language {
        Some(code) => {
            check_language_code(&mut cx, &code);
            code.into_inner()
        }
        None => "en".to_string(),
    };

    // The default language's settings at the top level.
    let generate_feeds = cx.renamed(
        raw.generate_feeds,
        "generate_feeds",
        raw.generate_feed,
        "generate_feed",
    );
    let generate_feeds = cx.renamed(
        generate_feeds,
        "generate_feeds",
        raw.generate_rss,
        "generate_rss",
    );
    let feed_limit = cx
        .renamed(
            raw.feed_limit.map(|n| Spanned::new(0..0, n)),
            "feed_limit",
            raw.rss_limit,
            "rss_limit",
        )
        .map(Spanned::into_inner);
    let mut top = LanguageFields {
        title: raw.title,
        description: raw.description,
        generate_feeds,
        feed_filenames: feed_filenames(&mut cx, raw.feed_filenames, raw.feed_filename),
        taxonomies: None,
        build_search_index: raw.build_search_index,
        search: raw.search,
        translations: None,
    };

    // The other languages, by code.
    let mut languages = Languages::new();
    if let Some(raw_languages) = raw.languages {
        let span = raw_languages.span();
        match raw_languages.into_inner() {
            RawLanguages::Tables(tables) => {
                for (code, options) in tables {
                    check_language_code(&mut cx, &code);
                    let fields = LanguageFields::from_raw(&mut cx, options.into_inner());
                    languages.insert(code.into_inner(), fields);
                }
            }
            RawLanguages::Array(entries) => {
                legacy::languages_array(&mut cx, span, entries, &mut languages);
            }
        }
    }

    // `[translations]`: strings of the default language, or (legacy) tables per language.
    if let Some(translations) = raw.translations {
        let span = translations.span();
        let mut strings = BTreeMap::new();
        for (key, value) in translations.into_inner() {
            let value_span = value.span();
            match value.into_inner() {
                RawTranslation::Text(text) => {
                    strings.insert(key.into_inner(), text);
                }
                RawTranslation::Table(table) => legacy::translations_table(
                    &mut cx,
                    &default_language,
                    (key, value_span, table),
                    &mut top,
                    &mut languages,
                ),
            }
        }
        merge_translations(&mut top, Spanned::new(span, strings));
    }

    // Top-level taxonomies; before Zola 0.14 a `lang` sent one to another language.
    if let Some(taxonomies) = raw.taxonomies {
        let span = taxonomies.span();
        top.taxonomies_mut(span.clone());
        for mut taxonomy in taxonomies.into_inner() {
            match legacy::taxonomy_language(&mut cx, &mut taxonomy, &default_language, &languages) {
                None => top.taxonomies_mut(span.clone()).push(taxonomy),
                Some(code) => {
                    let fields = languages.get_mut(&code).expect("a known language");
                    fields.taxonomies_mut(taxonomy.span()).push(taxonomy);
                }
            }
        }
    }

    // The default language: the top level merged with `[languages.<default>]`.
    let default_fields = match languages.remove(&default_language) {
        Some(section) => merge_default_language(&mut cx, &default_language, top, section),
        None => top,
    };
    let slugify = raw.slugify;
    let index_format = default_fields
        .search
        .as_ref()
        .map(|s| s.get_ref().index_format)
        .unwrap_or_default();
    let indexing = default_fields.build_search_index.as_ref();
    check_search_language(&mut cx, &default_language, indexing, index_format);
    if indexing.is_some_and(|b| *b.get_ref()) {
        for (code, fields) in &languages {
            let flag = fields.build_search_index.as_ref();
            check_search_language(&mut cx, code, flag, index_format);
        }
    }
    let mut options = BTreeMap::new();
    let default_options = language_options(&mut cx, default_fields, slugify.taxonomies);
    let (title, description) = (
        default_options.title.clone(),
        default_options.description.clone(),
    );
    let search = default_options.search.clone();
    options.insert(default_language.clone(), default_options);
    for (code, fields) in languages {
        let language = language_options(&mut cx, fields, slugify.taxonomies);
        options.insert(code, language);
    }

    let markdown = markdown(
        &mut cx,
        raw.markdown,
        legacy::TopLevelHighlighting {
            highlight_code: raw.highlight_code,
            highlight_theme: raw.highlight_theme,
            highlight_themes_css: raw.highlight_themes_css,
            extra_syntaxes: raw.extra_syntaxes,
        },
    );

    let taxonomy_root = raw.taxonomy_root.map(|root| {
        check_relative_path(&mut cx, &root, "taxonomy_root");
        root.into_inner()
    });

    let link_checker = LinkChecker {
        ignored_files_globs: globs(&mut cx, &raw.link_checker.ignored_files, "ignored_files"),
        skip_prefixes: raw.link_checker.skip_prefixes,
        skip_anchor_prefixes: raw.link_checker.skip_anchor_prefixes,
        internal_level: raw.link_checker.internal_level,
        external_level: raw.link_checker.external_level,
        ignored_files: strings(raw.link_checker.ignored_files),
    };
    let ignored_content_globs = globs(&mut cx, &raw.ignored_content, "ignored_content");
    let ignored_static_globs = globs(&mut cx, &raw.ignored_static, "ignored_static");

    let warnings = cx.finish()?;
    let mut config = Config {
        base_url: String::new(),
        written_base_url: String::new(),
        theme: raw.theme,
        title,
        description,
        default_language,
        languages: options,
        feed_limit,
        hard_link_static: raw.hard_link_static,
        taxonomy_root,
        author: raw.author,
        compile_sass: raw.compile_sass,
        minify_html: raw.minify_html,
        ignored_content: strings(raw.ignored_content),
        ignored_static: strings(raw.ignored_static),
        output_dir: raw.output_dir,
        preserve_dotfiles_in_output: raw.preserve_dotfiles_in_output,
        link_checker,
        slugify,
        search,
        markdown,
        extra: raw.extra,
        generate_sitemap: raw.generate_sitemap,
        generate_robots_txt: raw.generate_robots_txt,
        exclude_paginated_pages_in_sitemap: raw.exclude_paginated_pages_in_sitemap,
        translation_fallback: raw.translation_fallback,
        mode: Mode::Build,
        warnings,
        ignored_content_globs,
        ignored_static_globs,
    };
    config.set_base_url(&base_url);
    Ok(config)
}

fn strings(texts: Vec<Text>) -> Vec<String> {
    texts.into_iter().map(Spanned::into_inner).collect()
}

/// Adds `translations` to a language's; those added win over those there.
pub(super) fn merge_translations(
    fields: &mut LanguageFields,
    translations: Spanned<BTreeMap<String, String>>,
) {
    match &mut fields.translations {
        None => fields.translations = Some(translations),
        Some(existing) => existing.get_mut().extend(translations.into_inner()),
    }
}

/// The default language's settings from the top level and from `[languages.<default>]`:
/// a setting may be in one place only; switches are on if on in either.
fn merge_default_language(
    cx: &mut Context,
    code: &str,
    top: LanguageFields,
    section: LanguageFields,
) -> LanguageFields {
    fn one<T>(
        cx: &mut Context,
        code: &str,
        name: &str,
        top: Option<Spanned<T>>,
        section: Option<Spanned<T>>,
        same: impl Fn(&T, &T) -> bool,
    ) -> Option<Spanned<T>> {
        match (top, section) {
            (Some(top), Some(section)) => {
                if !same(top.get_ref(), section.get_ref()) {
                    let line = cx
                        .line_of_key(top.span())
                        .map_or(String::new(), |line| format!(" (line {line})"));
                    cx.error_key(
                        section.span(),
                        format!(
                            "`{name}` of the default language `{code}` is set both here and at \
                             the top level{line}; keep one"
                        ),
                    );
                }
                Some(top)
            }
            (top, section) => top.or(section),
        }
    }
    fn either(top: Option<Spanned<bool>>, section: Option<Spanned<bool>>) -> Option<Spanned<bool>> {
        match (top, section) {
            (Some(top), Some(section)) => Some(if *section.get_ref() { section } else { top }),
            (top, section) => top.or(section),
        }
    }
    let nonempty =
        |v: Option<Spanned<Vec<Spanned<RawTaxonomy>>>>| v.filter(|v| !v.get_ref().is_empty());
    let nonempty_map =
        |v: Option<Spanned<BTreeMap<String, String>>>| v.filter(|v| !v.get_ref().is_empty());
    LanguageFields {
        title: one(cx, code, "title", top.title, section.title, |_, _| false),
        description: one(
            cx,
            code,
            "description",
            top.description,
            section.description,
            |_, _| false,
        ),
        generate_feeds: either(top.generate_feeds, section.generate_feeds),
        feed_filenames: one(
            cx,
            code,
            "feed_filenames",
            top.feed_filenames,
            section.feed_filenames,
            |a, b| {
                a.iter()
                    .map(Spanned::get_ref)
                    .eq(b.iter().map(Spanned::get_ref))
            },
        ),
        taxonomies: one(
            cx,
            code,
            "taxonomies",
            nonempty(top.taxonomies),
            nonempty(section.taxonomies),
            |_, _| false,
        ),
        build_search_index: either(top.build_search_index, section.build_search_index),
        search: one(cx, code, "search", top.search, section.search, |a, b| {
            a == b
        }),
        translations: one(
            cx,
            code,
            "translations",
            nonempty_map(top.translations),
            nonempty_map(section.translations),
            |_, _| false,
        ),
    }
}

/// The languages whose words elasticlunr indexes: English and those of the crate features
/// that Zola enables too.
pub(super) const SEARCH_LANGUAGES: &str =
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

/// Checks one language's settings and fills in the defaults.
fn language_options(
    cx: &mut Context,
    fields: LanguageFields,
    slugify: SlugifyStrategy,
) -> LanguageOptions {
    let feed_filenames = match fields.feed_filenames {
        Some(names) => {
            let mut seen = BTreeSet::new();
            for name in names.get_ref() {
                check_feed_filename(cx, name);
                if !seen.insert(name.get_ref().as_str()) {
                    cx.error_value(
                        name.span(),
                        format!("feed file `{}` is listed twice", name.get_ref()),
                    );
                }
            }
            strings(names.into_inner())
        }
        None => default_feed_filenames(),
    };
    let mut taxonomies: Vec<TaxonomyConfig> = Vec::new();
    for raw in fields
        .taxonomies
        .map(Spanned::into_inner)
        .unwrap_or_default()
    {
        if let Some(taxonomy) = taxonomy(cx, raw, slugify) {
            if taxonomies.iter().any(|t| t.name == taxonomy.1.name) {
                cx.error_value(
                    taxonomy.0,
                    format!(
                        "taxonomy `{}` is declared twice for this language",
                        taxonomy.1.name
                    ),
                );
            } else {
                taxonomies.push(taxonomy.1);
            }
        }
    }
    LanguageOptions {
        title: fields.title.map(Spanned::into_inner),
        description: fields.description.map(Spanned::into_inner),
        generate_feeds: fields.generate_feeds.is_some_and(|b| *b.get_ref()),
        feed_filenames,
        taxonomies,
        build_search_index: fields.build_search_index.is_some_and(|b| *b.get_ref()),
        search: fields.search.map(Spanned::into_inner).unwrap_or_default(),
        translations: fields
            .translations
            .map(Spanned::into_inner)
            .unwrap_or_default(),
    }
}

/// One taxonomy, checked, with its slug; and where its name is, for later messages.
fn taxonomy(
    cx: &mut Context,
    raw: Spanned<RawTaxonomy>,
    slugify: SlugifyStrategy,
) -> Option<(Range<usize>, TaxonomyConfig)> {
    let span = raw.span();
    let raw = raw.into_inner();
    let feed = cx.renamed(raw.feed, "feed", raw.rss, "rss");
    if let Some(lang) = &raw.lang {
        cx.error_key(
            lang.span(),
            "a taxonomy in `[languages.<code>]` belongs to that language: remove its `lang`",
        );
    }
    if let Some(slug) = &raw.slug {
        cx.warn_key(
            slug.span(),
            "a taxonomy's `slug` is made from its `name` (see `[slugify]`); ignoring this `slug`",
        );
    }
    if let Some(path) = &raw.paginate_path {
        check_relative_path(cx, path, "paginate_path");
    }
    let Some(name) = raw.name else {
        cx.error_value(span, "this taxonomy has no `name`");
        return None;
    };
    if name.get_ref().trim().is_empty() {
        cx.error_value(name.span(), "a taxonomy's `name` must not be empty");
        return None;
    }
    let slug = slugify.slugify_path(name.get_ref());
    if slug.is_empty() {
        cx.error_value(
            name.span(),
            format!(
                "taxonomy name `{}` is empty once made URL-safe",
                name.get_ref()
            ),
        );
        return None;
    }
    Some((
        name.span(),
        TaxonomyConfig {
            name: name.into_inner(),
            slug,
            paginate_by: raw.paginate_by,
            paginate_path: raw.paginate_path.map(Spanned::into_inner),
            render: raw.render,
            feed: feed.is_some_and(|f| *f.get_ref()),
        },
    ))
}

/// Checks a language code the way Zola does: a Unicode language identifier (`en`, `pt-BR`,
/// `zh-Hant-TW`, `sr_Latn`).
pub(super) fn check_language_code(cx: &mut Context, code: &Text) {
    if !is_language_identifier(code.get_ref()) {
        cx.error_value(
            code.span(),
            format!(
                "`{}` is not a valid language code: use a Unicode language identifier such as \
                 `en`, `fr` or `pt-BR`",
                code.get_ref()
            ),
        );
    }
}

/// Language, then optionally script, region and variants, separated by `-` or `_`.
fn is_language_identifier(code: &str) -> bool {
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut parts = code.split(['-', '_']).peekable();
    let language = parts.next().unwrap_or("");
    if !(matches!(language.len(), 2 | 3 | 5..=8) && alpha(language)) {
        return false;
    }
    if parts.peek().is_some_and(|s| s.len() == 4 && alpha(s)) {
        parts.next();
    }
    let is_region = |s: &str| {
        (s.len() == 2 && alpha(s)) || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
    };
    if parts.peek().is_some_and(|s| is_region(s)) {
        parts.next();
    }
    parts.all(|variant| match variant.len() {
        4 => variant.starts_with(|c: char| c.is_ascii_digit()) && alnum(variant),
        5..=8 => alnum(variant),
        _ => false,
    })
}

/// A feed file is written in the directory of each section: it must be a plain file name.
fn check_feed_filename(cx: &mut Context, name: &Text) {
    let text = name.get_ref();
    if text.trim().is_empty() || text.contains(['/', '\\', '\0']) || text == "." || text == ".." {
        cx.error_value(
            name.span(),
            format!("feed file name {text:?} must be a plain file name such as \"atom.xml\""),
        );
    }
}

/// A path segment of URLs (`taxonomy_root`, `paginate_path`) must stay inside the site.
fn check_relative_path(cx: &mut Context, path: &Text, key: &str) {
    let text = path.get_ref();
    if text.contains(['\\', '\0']) || text.split('/').any(|s| s == "..") {
        cx.error_value(
            path.span(),
            format!("`{key}` {text:?} must not contain `..`, `\\` or NUL"),
        );
    }
}

/// Compiles the globs of `key`; a bad one is an error at its place.
fn globs(cx: &mut Context, patterns: &[Text], key: &str) -> Globs {
    let mut builder = globset::GlobSetBuilder::new();
    let mut ok = true;
    for pattern in patterns {
        match globset::Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => {
                ok = false;
                cx.error_value(
                    pattern.span(),
                    format!(
                        "invalid glob {:?} in `{key}`: {}",
                        pattern.get_ref(),
                        e.kind()
                    ),
                );
            }
        }
    }
    match builder.build() {
        Ok(set) if ok => Globs(set),
        Ok(_) => Globs::default(),
        Err(e) => {
            let span = patterns.first().map_or(0..0, Spanned::span);
            cx.error_value(span, format!("invalid globs in `{key}`: {e}"));
            Globs::default()
        }
    }
}

/// `[markdown.responsive_images]`, checked: some widths, known formats, a quality in 1..=100.
fn responsive_images(cx: &mut Context, raw: super::raw::RawResponsiveImages) -> ResponsiveImages {
    if raw.widths.get_ref().is_empty() || raw.widths.get_ref().contains(&0) {
        cx.error_value(
            raw.widths.span(),
            "`widths` must list the image widths to make, in pixels",
        );
    }
    for format in &raw.formats {
        if !["webp", "avif"].contains(&format.get_ref().as_str()) {
            cx.error_value(
                format.span(),
                format!(
                    "unknown image format `{}` in `formats`: use \"webp\" or \"avif\"",
                    format.get_ref()
                ),
            );
        }
    }
    if let Some(quality) = raw
        .quality
        .as_ref()
        .filter(|q| !(1..=100).contains(q.get_ref()))
    {
        cx.error_value(quality.span(), "`quality` must be between 1 and 100");
    }
    let mut widths = raw.widths.into_inner();
    widths.sort_unstable();
    widths.dedup();
    ResponsiveImages {
        widths,
        sizes: raw.sizes.unwrap_or_else(|| "100vw".to_string()),
        formats: raw.formats.into_iter().map(Spanned::into_inner).collect(),
        quality: raw.quality.map(Spanned::into_inner),
    }
}

/// `[markdown]`, with the highlighting keys of older versions mapped onto
/// `[markdown.highlighting]`.
fn markdown(
    cx: &mut Context,
    raw: super::raw::RawMarkdown,
    top: legacy::TopLevelHighlighting,
) -> Markdown {
    if let Some(class) = &raw.external_links_class {
        if class.get_ref().contains(['"', '\'']) {
            cx.error_value(
                class.span(),
                format!(
                    "`external_links_class` {:?} must not contain quotes",
                    class.get_ref()
                ),
            );
        }
    }
    let highlighting = legacy::highlighting(
        cx,
        raw.highlighting,
        legacy::MarkdownHighlighting {
            highlight_code: raw.highlight_code,
            highlight_theme: raw.highlight_theme,
            highlight_themes_css: raw.highlight_themes_css,
            extra_syntaxes_and_themes: raw.extra_syntaxes_and_themes,
            error_on_missing_highlight: raw.error_on_missing_highlight,
        },
        top,
    );
    Markdown {
        highlighting,
        render_emoji: raw.render_emoji,
        external_links_class: raw.external_links_class.map(Spanned::into_inner),
        external_links_target_blank: raw.external_links_target_blank,
        external_links_no_follow: raw.external_links_no_follow,
        external_links_no_referrer: raw.external_links_no_referrer,
        external_links_external: raw.external_links_external.unwrap_or(true),
        smart_punctuation: raw.smart_punctuation,
        definition_list: raw.definition_list,
        bottom_footnotes: raw.bottom_footnotes,
        lazy_async_image: raw.lazy_async_image,
        insert_anchor_links: raw.insert_anchor_links,
        github_alerts: raw.github_alerts,
        math: raw.math,
        math_errors: raw.math_errors,
        responsive_images: raw.responsive_images.map(|r| responsive_images(cx, r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_identifiers() {
        for good in [
            "en",
            "fr",
            "pt-BR",
            "zh-Hant-TW",
            "sr_Latn",
            "es-419",
            "de-CH-1996",
            "und",
            "english",
        ] {
            assert!(is_language_identifier(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "e1",
            "engl",
            "en-",
            "en--US",
            "fr FR",
            "日本",
            "en-US-x",
            "en-Latn-Latn",
        ] {
            assert!(!is_language_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn keys_before_values() {
        let text = "a = 1\n  \"b c\" = 2\nx.y-z = 3\n[t]\n";
        assert_eq!(key_start(text, 4), 0);
        assert_eq!(key_start(text, text.find('2').unwrap()), 8);
        assert_eq!(
            key_start(text, text.find('3').unwrap()),
            text.find("y-z").unwrap()
        );
        assert_eq!(
            key_start(text, text.find("[t]").unwrap()),
            text.find("[t]").unwrap()
        );
    }
}
