//! The `section` value: a section as templates see it, with Zola's field names.

use super::links::{BacklinkValue, Links, TranslationValue};
use super::page::{asset_urls, components, section_paths, PageValue};
use super::tables::TomlTable;
use crate::parse::markdown::{count_words, reading_time, Heading};
use crate::site::{Section, Site};

template_value! {
    /// A section as templates see it: as `section` in its own template (with its pages, or
    /// without them when it is paginated), from `get_section`; and in its shortcodes as far as
    /// it is known before its Markdown is rendered ([`SectionValue::before_markdown`]).
    pub(crate) struct SectionValue<'a> {
        /// The `_index.md` file below `content/`: `articles/_index.md`.
        relative_path: &'a str,
        /// The section's directory with a slash (`articles/`); none for the root.
        colocated_path: Option<String>,
        /// The rendered HTML.
        content: &'a str,
        permalink: &'a str,
        draft: bool,
        /// The content paths of the sections above it.
        ancestors: Vec<&'a str>,
        title: Option<&'a str>,
        description: Option<&'a str>,
        extra: TomlTable<'a>,
        path: &'a str,
        components: Vec<&'a str>,
        toc: &'a [Heading],
        word_count: usize,
        reading_time: usize,
        lang: &'a str,
        /// URLs of the section's assets relative to the site root.
        assets: Vec<String>,
        /// The pages in the section's order. The shared values leave them out and add them
        /// with the fields each template reads (see `Shared::section_full`).
        pages: Vec<PageValue<'a>>,
        /// The content paths of the sections right below.
        subsections: Vec<&'a str>,
        translations: Vec<TranslationValue<'a>>,
        backlinks: Vec<BacklinkValue<'a>>,
        generate_feeds: bool,
        transparent: bool,
        paginate_by: Option<usize>,
        paginate_reversed: bool,
    }
}

impl<'a> SectionValue<'a> {
    /// The section of `site` as its templates see it, with its translations and backlinks,
    /// and without its pages.
    pub(crate) fn new(site: &'a Site, section: &'a Section, links: Links<'a>) -> SectionValue<'a> {
        let meta = &section.meta;
        let rendered = &section.rendered;
        SectionValue {
            relative_path: &section.rel,
            colocated_path: (!section.is_root()).then(|| format!("{}/", section.dir)),
            content: &rendered.html,
            permalink: &section.permalink,
            draft: meta.draft,
            ancestors: section_paths(site, &section.ancestors),
            title: meta.title.as_deref(),
            description: meta.description.as_deref(),
            extra: TomlTable(&meta.extra),
            path: &section.path,
            components: components(&section.path),
            toc: &rendered.toc,
            word_count: rendered.word_count,
            reading_time: rendered.reading_time,
            lang: &section.lang,
            assets: asset_urls(&section.path, Some(&section.dir), &section.assets),
            pages: Vec::new(),
            subsections: section_paths(site, &section.subsections),
            translations: links.translations,
            backlinks: links.backlinks,
            generate_feeds: meta.generate_feeds,
            transparent: meta.transparent,
            paginate_by: meta.paginate_by(),
            paginate_reversed: meta.paginate_reversed,
        }
    }

    /// The section as its shortcodes see it while its Markdown is rendered: without
    /// content, table of contents and subsections, with the words of its Markdown counted.
    pub(crate) fn before_markdown(site: &'a Site, section: &'a Section) -> SectionValue<'a> {
        let words = count_words(section.body());
        SectionValue {
            content: "",
            toc: &[],
            word_count: words,
            reading_time: reading_time(words),
            subsections: Vec::new(),
            ..SectionValue::new(site, section, Links::default())
        }
    }

    /// The section with its pages, whole.
    #[cfg(test)]
    pub(crate) fn with_pages(self, pages: Vec<PageValue<'a>>) -> SectionValue<'a> {
        SectionValue { pages, ..self }
    }
}
