//! Each language's settings checked and completed into the [`LanguageOptions`] the build
//! uses: feed files, taxonomies with their slugs.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;

use super::checks::{check_feed_filename, check_relative_path};
use super::context::Context;
use super::languages::LanguageFields;
use super::strings;
use crate::config::raw::RawTaxonomy;
use crate::config::types::{
    default_feed_filenames, LanguageOptions, SlugifyStrategy, TaxonomyConfig,
};

/// Checks one language's settings and fills in the defaults.
pub(super) fn language_options(
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
