//! From `config.toml` as written ([`RawConfig`]) to the [`Config`] the build uses: defaults,
//! the default language's settings merged, taxonomy slugs, globs compiled, and every check Zola
//! makes when it reads its configuration, each error pointing at the offending key or value.
//!
//! [`resolve`] reads as its steps: the `languages` (the `default_language`'s two places merged,
//! then each one's `options`), `[markdown]` (`markdown`), the paths and globs (`checks`); every
//! step writes its warnings and errors to the `context`.

mod checks;
mod context;
mod default_language;
mod languages;
mod markdown;
mod options;

#[cfg(test)]
mod tests;

use std::path::Path;

use toml::Spanned;

use super::raw::{RawConfig, RawLinkChecker, Text};
use super::types::LinkChecker;
use super::{Config, Mode};
use checks::{check_relative_path, globs};

pub(super) use checks::check_language_code;
pub(super) use context::{located, Context, Problems};
#[cfg(test)]
pub(super) use languages::SEARCH_LANGUAGES;
pub(super) use languages::{merge_translations, LanguageFields, Languages};

/// Turns the deserialized file into a `Config`, or every problem found in it.
pub(super) fn resolve(
    source: Option<(&Path, &str)>,
    mut raw: RawConfig,
) -> Result<Config, Problems> {
    let mut cx = Context::new(source);
    let base_url = base_url(&mut cx, &raw.base_url);
    let languages = languages::resolve(&mut cx, &mut raw);
    let markdown = markdown::resolve(&mut cx, &mut raw);
    let taxonomy_root = raw.taxonomy_root.take().map(|root| {
        check_relative_path(&mut cx, &root, "taxonomy_root");
        root.into_inner()
    });
    let link_checker = link_checker(&mut cx, std::mem::take(&mut raw.link_checker));
    let ignored_content_globs = globs(&mut cx, &raw.ignored_content, "ignored_content");
    let ignored_static_globs = globs(&mut cx, &raw.ignored_static, "ignored_static");
    let warnings = cx.finish()?;
    let default = &languages.options[&languages.default_language];
    let (title, description) = (default.title.clone(), default.description.clone());
    let search = default.search.clone();
    let mut config = Config {
        base_url: String::new(),
        written_base_url: String::new(),
        theme: raw.theme,
        title,
        description,
        default_language: languages.default_language,
        languages: languages.options,
        feed_limit: languages.feed_limit,
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
        slugify: raw.slugify,
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

/// `base_url`, trimmed; empty is an error.
fn base_url(cx: &mut Context, raw: &Text) -> String {
    let base_url = raw.get_ref().trim().to_string();
    if base_url.is_empty() {
        cx.error_value(
            raw.span(),
            "`base_url` is empty: set it to the URL the site will live at, \
             such as \"https://example.org\"",
        );
    }
    base_url
}

/// `[link_checker]`, its globs compiled.
fn link_checker(cx: &mut Context, raw: RawLinkChecker) -> LinkChecker {
    LinkChecker {
        ignored_files_globs: globs(cx, &raw.ignored_files, "ignored_files"),
        skip_prefixes: raw.skip_prefixes,
        skip_anchor_prefixes: raw.skip_anchor_prefixes,
        internal_level: raw.internal_level,
        external_level: raw.external_level,
        ignored_files: strings(raw.ignored_files),
    }
}

fn strings(texts: Vec<Text>) -> Vec<String> {
    texts.into_iter().map(Spanned::into_inner).collect()
}
