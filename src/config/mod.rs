//! The site configuration: `config.toml` (or `zola.toml`), read into typed structs.
//!
//! Every key of Zola 0.22 is known; an unknown key is an error naming it with its line and
//! column, so a typo never passes silently. Keys of older Zola versions are accepted with a
//! warning naming their replacement (see `legacy`). The modules:
//!
//! - `raw`: the file as written, deserialized with serde (legacy keys included);
//! - `resolve`: checks, defaults and merging into [`Config`];
//! - `legacy`: the mappings of old keys that are more than renames;
//! - `types` and `markdown`: the public typed values.

mod legacy;
mod markdown;
mod raw;
mod resolve;
mod types;

use std::path::Path;

use toml::Spanned;

use crate::error::{Error, Location, Result};
// The tests compare `extra` with the plain conversion.
#[cfg(test)]
use crate::toml_text::toml_to_json;
use crate::warning::Warning;

#[cfg(test)]
pub(crate) use markdown::{HighlightStyle, ThemeCssExport};
pub(crate) use markdown::{
    HighlightTheme, Highlighting, InsertAnchor, Markdown, MathErrors, ResponsiveImages,
};
pub(crate) use types::{
    ExcludePaginatedPagesInSitemap, IndexFormat, LanguageOptions, LinkChecker, LinkCheckerLevel,
    Mode, Search, Slugify, SlugifyStrategy, TaxonomyConfig, PAGEFIND_DIR,
};

/// The settings of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the site will live, possibly with a sub-path, without a trailing slash:
    /// `https://example.org/blog`.
    pub base_url: String,
    /// `base_url` as written (with its trailing slash, if any): templates see it, as in Zola.
    pub written_base_url: String,
    /// The name of a directory under `themes/`.
    pub theme: Option<Spanned<String>>,
    /// The default language's title (from the top level or its `[languages.xx]`).
    pub title: Option<String>,
    /// The default language's description.
    pub description: Option<String>,
    pub default_language: String,
    /// Every language, the default one included, by code.
    pub languages: std::collections::BTreeMap<String, LanguageOptions>,
    /// The most items in a feed; all by default.
    pub feed_limit: Option<usize>,
    /// Files of `static/` are hard-linked rather than copied.
    pub hard_link_static: bool,
    /// A path before every taxonomy: `blog` puts `tags` at `/blog/tags/`.
    pub taxonomy_root: Option<String>,
    /// The default author of pages.
    pub author: Option<String>,
    pub compile_sass: bool,
    pub minify_html: bool,
    /// Globs of files under `content/` that are not part of the site.
    pub ignored_content: Vec<String>,
    /// Globs of files under `static/` that are not copied.
    pub ignored_static: Vec<String>,
    /// The output directory, relative to the site root: `public` by default.
    pub output_dir: String,
    /// Dotfiles at the top of the output directory survive a rebuild.
    pub preserve_dotfiles_in_output: bool,
    pub link_checker: LinkChecker,
    pub slugify: Slugify,
    /// The default language's `[search]`.
    pub search: Search,
    pub markdown: Markdown,
    /// Free-form values for templates.
    pub extra: toml::Table,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    pub exclude_paginated_pages_in_sitemap: ExcludePaginatedPagesInSitemap,
    /// Loess only (off by default, so Zola sites keep Zola's output): a page or section with
    /// no version in a language is built in that language from the default language's.
    pub translation_fallback: bool,
    /// What the build is for (not a configuration key); templates see it as `config.mode`.
    pub mode: Mode,
    /// Problems that did not stop the build, each at its key (legacy keys, ...).
    pub warnings: Vec<Warning>,
    ignored_content_globs: Globs,
    ignored_static_globs: Globs,
}

/// A compiled list of globs, matched the way Zola's users expect (see [`Globs::matches`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Globs(globset::GlobSet);

impl Globs {
    /// Whether `rel_path` (relative to directory `dir`, `/`-separated) or one of its parent
    /// directories matches. Zola matches its globs against full paths, so each candidate is
    /// also tried with `dir/` before it: `*.py?`, `**/drafts` and `content/drafts/**` all work.
    pub(crate) fn matches(&self, dir: &str, rel_path: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let rel_path = rel_path.trim_matches('/');
        let mut end = rel_path.len();
        loop {
            let candidate = &rel_path[..end];
            if !candidate.is_empty()
                && (self.0.is_match(candidate) || self.0.is_match(format!("{dir}/{candidate}")))
            {
                return true;
            }
            match candidate.rfind('/') {
                Some(slash) => end = slash,
                None => return false,
            }
        }
    }
}

impl Config {
    /// Parses the text of a configuration file; `path` is used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let raw: raw::RawConfig =
            crate::toml_text::deserialize(path, text, 1).map_err(current_names_only)?;
        resolve::resolve(Some((path, text)), raw).map_err(|p| resolve::located(path, text, p))
    }

    /// Replaces the base URL (for `--base-url`): links are made from it without its trailing
    /// slash, and templates see it as written.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = url.trim_end_matches('/').to_string();
        self.written_base_url = url.to_string();
    }

    /// The theme's name, if the site uses one.
    pub fn theme_name(&self) -> Option<&str> {
        self.theme.as_ref().map(|t| t.get_ref().as_str())
    }

    /// The error for a `theme` that names no directory under `themes/`.
    pub fn missing_theme(&self, path: &Path, text: &str) -> Error {
        let theme = self.theme.as_ref().expect("a theme was configured");
        let location = Location::in_text(path, text, theme.span().start, 1);
        Error::at(
            location,
            format!(
                "theme `{}` not found: there is no directory themes/{}",
                theme.get_ref(),
                theme.get_ref()
            ),
        )
    }

    /// The absolute URL of a path inside the site: `permalink("/articles/")`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }

    /// Every language, the default one first, then the others by code.
    pub fn languages(&self) -> impl Iterator<Item = (&str, &LanguageOptions)> {
        let default = self
            .languages
            .get_key_value(&self.default_language)
            .map(|(code, options)| (code.as_str(), options));
        let others = self
            .languages
            .iter()
            .filter(|(code, _)| **code != self.default_language)
            .map(|(code, options)| (code.as_str(), options));
        default.into_iter().chain(others)
    }

    /// The codes of every language, the default one first, then the others in order.
    pub fn language_codes(&self) -> Vec<&str> {
        self.languages().map(|(code, _)| code).collect()
    }

    /// Whether the site has language `code` (the default one included).
    pub fn has_language(&self, code: &str) -> bool {
        self.languages.contains_key(code)
    }

    /// The settings of language `lang`, if the site has it.
    pub fn language(&self, lang: &str) -> Option<&LanguageOptions> {
        self.languages.get(lang)
    }

    /// The default language's settings.
    pub fn default_language_options(&self) -> &LanguageOptions {
        self.languages
            .get(&self.default_language)
            .expect("the default language is always among the languages")
    }

    /// Whether the site has languages besides the default one.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The taxonomies of language `lang` (none for a language the site does not have).
    pub fn taxonomies_for(&self, lang: &str) -> &[TaxonomyConfig] {
        self.language(lang).map_or(&[], |l| l.taxonomies.as_slice())
    }

    /// The feed files of language `lang` (none for a language the site does not have).
    pub fn feed_filenames_for(&self, lang: &str) -> &[String] {
        self.language(lang)
            .map_or(&[], |l| l.feed_filenames.as_slice())
    }

    /// The feed files of every language, each once: the names a URL can end with when it is a
    /// feed rather than a directory.
    pub fn all_feed_filenames(&self) -> Vec<String> {
        let names: std::collections::BTreeSet<&String> = self
            .languages
            .values()
            .flat_map(|l| &l.feed_filenames)
            .collect();
        names.into_iter().cloned().collect()
    }

    /// Whether language `lang` has feeds.
    pub fn generate_feeds_for(&self, lang: &str) -> bool {
        self.language(lang).is_some_and(|l| l.generate_feeds)
    }

    /// Whether language `lang` has a search index.
    pub fn build_search_index_for(&self, lang: &str) -> bool {
        self.language(lang).is_some_and(|l| l.build_search_index)
    }

    /// The translation of `key` in language `lang`, as `trans(key, lang)` gives it.
    pub fn translation(&self, key: &str, lang: &str) -> Option<&str> {
        self.language(lang)?
            .translations
            .get(key)
            .map(String::as_str)
    }

    /// Whether the file or directory `rel_path` (relative to `content/`) is left out of the
    /// site by `ignored_content`; a path inside an ignored directory is ignored too.
    pub fn is_ignored_content(&self, rel_path: &str) -> bool {
        self.ignored_content_globs.matches("content", rel_path)
    }

    /// Whether the file or directory `rel_path` (relative to `static/`) is left uncopied by
    /// `ignored_static`; a path inside an ignored directory is ignored too.
    pub fn is_ignored_static(&self, rel_path: &str) -> bool {
        self.ignored_static_globs.matches("static", rel_path)
    }

    /// Adds the `[extra]` of a theme's `theme.toml`: keys the site sets win, and tables are
    /// merged key by key. `path` names the theme file in the error for a key whose value is a
    /// table in one file and not in the other.
    pub fn merge_theme_extra(&mut self, path: &Path, theme_extra: &toml::Table) -> Result<()> {
        fn merge(into: &mut toml::Table, from: &toml::Table, at: &str) -> Result<(), String> {
            for (key, value) in from {
                let here = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match (into.get_mut(key), value) {
                    (None, _) => {
                        into.insert(key.clone(), value.clone());
                    }
                    (Some(toml::Value::Table(into)), toml::Value::Table(from)) => {
                        merge(into, from, &here)?;
                    }
                    (Some(toml::Value::Table(_)), _) | (Some(_), toml::Value::Table(_)) => {
                        return Err(here);
                    }
                    (Some(_), _) => {}
                }
            }
            Ok(())
        }
        merge(&mut self.extra, theme_extra, "").map_err(|key| {
            Error::file(
                path,
                format!(
                    "`extra.{key}` is a table here and not in the site's configuration, or the \
                     other way round, so the two cannot be merged"
                ),
            )
        })
    }
}

/// For code that deserializes a `Config` directly; messages of the checks made after
/// deserializing have no line and column. [`Config::parse`] locates them all.
impl<'de> serde::Deserialize<'de> for Config {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Config, D::Error> {
        let raw = <raw::RawConfig as serde::Deserialize>::deserialize(deserializer)?;
        resolve::resolve(None, raw).map_err(|problems| {
            let messages: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
            serde::de::Error::custom(messages.join("; "))
        })
    }
}

/// Unknown-key messages list the keys a table accepts; this leaves out the legacy ones, which
/// are accepted but should not be suggested.
fn current_names_only(error: Error) -> Error {
    match error {
        Error::Located { location, message } => Error::Located {
            location,
            message: strip_legacy_names(&message),
        },
        other => other,
    }
}

fn strip_legacy_names(message: &str) -> String {
    let Some((head, expected)) = message.split_once(", expected ") else {
        return message.to_string();
    };
    if !head.starts_with("unknown field `") {
        return message.to_string();
    }
    let names: Vec<&str> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|name| !raw::LEGACY_KEYS.contains(name))
        .collect();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match names.as_slice() {
        [] => format!("{head}, there are no fields"),
        [one] => format!("{head}, expected `{one}`"),
        [a, b] => format!("{head}, expected `{a}` or `{b}`"),
        many => format!("{head}, expected one of {}", list(many)),
    }
}

#[cfg(test)]
pub(crate) mod tests;
