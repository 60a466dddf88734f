//! The `page` value: a page as templates see it, with Zola's field names.

use std::collections::BTreeMap;

use super::links::{BacklinkValue, Links, TranslationValue};
use super::tables::TomlTable;
use crate::load::FileToCopy;
use crate::parse::markdown::{count_words, reading_time, Heading};
use crate::site::{Page, Site};

template_value! {
    /// A page as templates see it: as `page` in its own template, in listings (which hold the
    /// fields the template reads), as a neighbour, from `get_page`; and in its shortcodes as
    /// far as it is known before its Markdown is rendered ([`PageValue::before_markdown`]).
    pub struct PageValue<'a> {
        /// The content file below `content/`: `articles/trip.md`.
        relative_path: &'a str,
        /// For `dir/index.md`, the directory with a slash: `articles/trip/`.
        colocated_path: Option<String>,
        /// The rendered HTML.
        content: &'a str,
        permalink: &'a str,
        slug: &'a str,
        /// The content paths of the sections above the section that lists the page.
        ancestors: Vec<&'a str>,
        title: Option<&'a str>,
        description: Option<&'a str>,
        date: Option<&'a str>,
        updated: Option<&'a str>,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        taxonomies: &'a BTreeMap<String, Vec<String>>,
        authors: &'a [String],
        extra: TomlTable<'a>,
        path: &'a str,
        components: Vec<&'a str>,
        /// The HTML before `<!-- more -->`, if the page has the marker.
        summary: Option<&'a str>,
        toc: &'a [Heading],
        word_count: usize,
        reading_time: usize,
        /// URLs of the page's assets relative to the site root.
        assets: Vec<String>,
        draft: bool,
        lang: &'a str,
        /// The neighbours in the section's order. The shared values leave them out and add
        /// them with the fields each template reads (see `Shared::page_full`).
        lower: Option<Box<PageValue<'a>>>,
        higher: Option<Box<PageValue<'a>>>,
        translations: Vec<TranslationValue<'a>>,
        backlinks: Vec<BacklinkValue<'a>>,
    }
}

impl<'a> PageValue<'a> {
    /// The page of `site` as its templates see it, with its translations and backlinks, and
    /// without its neighbours.
    pub fn new(site: &'a Site, page: &'a Page, links: Links<'a>) -> PageValue<'a> {
        let meta = &page.meta;
        let date = page.date.as_ref();
        let rendered = &page.rendered;
        PageValue {
            relative_path: &page.file.rel,
            colocated_path: page.bundle_dir.as_ref().map(|d| format!("{d}/")),
            content: &rendered.html,
            permalink: &page.permalink,
            slug: &page.slug,
            ancestors: listed_ancestors(site, page),
            title: meta.title.as_deref(),
            description: meta.description.as_deref(),
            date: date.map(|d| d.text.as_str()),
            updated: page.updated.as_ref().map(|d| d.text.as_str()),
            year: date.map(|d| d.year()),
            month: date.map(|d| d.month()),
            day: date.map(|d| d.day()),
            taxonomies: &meta.taxonomies,
            authors: &meta.authors,
            extra: TomlTable(&meta.extra),
            path: &page.path,
            components: components(&page.path),
            summary: rendered.summary.as_deref(),
            toc: &rendered.toc,
            word_count: rendered.word_count,
            reading_time: rendered.reading_time,
            assets: asset_urls(&page.path, page.bundle_dir.as_deref(), &page.assets),
            draft: meta.draft,
            lang: &page.lang,
            lower: None,
            higher: None,
            translations: links.translations,
            backlinks: links.backlinks,
        }
    }

    /// The page as its shortcodes see it while its Markdown is rendered: without content,
    /// summary and table of contents, with the words of its Markdown counted, and with the
    /// sections above it (transparent ones included) as its ancestors.
    pub fn before_markdown(site: &'a Site, page: &'a Page) -> PageValue<'a> {
        let words = count_words(page.body());
        PageValue {
            content: "",
            ancestors: section_paths(site, &page.ancestors),
            summary: None,
            toc: &[],
            word_count: words,
            reading_time: reading_time(words),
            ..PageValue::new(site, page, Links::default())
        }
    }

    /// The page with its neighbours, whole.
    pub fn with_neighbours(self, lower: Option<Self>, higher: Option<Self>) -> PageValue<'a> {
        PageValue {
            lower: lower.map(Box::new),
            higher: higher.map(Box::new),
            ..self
        }
    }
}

/// A page's `ancestors` as Zola lists them: the sections above the section that lists the
/// page. For a page of a transparent section that is the section above it (when that
/// directory has one), and so on up, so the transparent section itself is not among them.
fn listed_ancestors<'a>(site: &'a Site, page: &Page) -> Vec<&'a str> {
    let Some(mut listing) = page.parent else {
        return Vec::new();
    };
    while let Some(up) = site.lent_to(listing) {
        listing = up;
    }
    let above = &site.sections[listing].ancestors;
    let mut list = section_paths(site, above);
    list.push(&site.sections[listing].rel);
    list
}

/// The content paths of sections `ids`.
pub(super) fn section_paths<'a>(site: &'a Site, ids: &[usize]) -> Vec<&'a str> {
    ids.iter()
        .map(|&id| site.sections[id].rel.as_str())
        .collect()
}

/// The segments of a site path: `["articles", "trip"]`.
pub(super) fn components(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Asset URLs relative to the site root: `/articles/trip/map.png`.
pub(super) fn asset_urls(path: &str, dir: Option<&str>, assets: &[FileToCopy]) -> Vec<String> {
    let dir = dir.unwrap_or("");
    assets
        .iter()
        .map(|asset| {
            let inside = asset
                .rel
                .strip_prefix(dir)
                .unwrap_or(&asset.rel)
                .trim_start_matches('/');
            format!("{path}{inside}")
        })
        .collect()
}
