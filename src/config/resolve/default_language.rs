//! The default language's settings, given at the top level and in `[languages.<default>]`,
//! merged into one: a setting may be in one place only; switches are on if on in either.

use std::collections::BTreeMap;

use toml::Spanned;

use super::context::Context;
use super::languages::LanguageFields;
use crate::config::raw::RawTaxonomy;

/// The default language's settings from the top level and from `[languages.<default>]`:
/// a setting may be in one place only; switches are on if on in either.
pub(super) fn merge_default_language(
    cx: &mut Context,
    code: &str,
    top: LanguageFields,
    section: LanguageFields,
) -> LanguageFields {
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

/// A setting of the default language from one place, or an error at the second place when
/// it is set in both and the values differ (as `same` tells).
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
/// A switch of the default language: on if it is on in either place.
fn either(top: Option<Spanned<bool>>, section: Option<Spanned<bool>>) -> Option<Spanned<bool>> {
    match (top, section) {
        (Some(top), Some(section)) => Some(if *section.get_ref() { section } else { top }),
        (top, section) => top.or(section),
    }
}
