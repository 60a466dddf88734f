//! Taxonomy values: `taxonomy` (a taxonomy's configuration, or a whole taxonomy from
//! `get_taxonomy`), a term (in `terms`, as `term`, from `get_taxonomy_term`), and the `term`
//! of a term's feed.

use super::page::PageValue;
use crate::config::TaxonomyConfig;
use crate::site::{Taxonomy, Term};

template_value! {
    /// A taxonomy as `get_taxonomy` returns it.
    pub(crate) struct TaxonomyValue<'a> {
        /// Its configuration, which is also what taxonomy templates get as `taxonomy`.
        kind: &'a TaxonomyConfig,
        lang: &'a str,
        permalink: &'a str,
        /// Its terms. The shared values add them, each with the fields the template reads of
        /// its pages (see `Shared::taxonomy`).
        items: Vec<TermValue<'a>>,
    }
}

impl<'a> TaxonomyValue<'a> {
    /// The taxonomy without its terms.
    pub(crate) fn new(taxonomy: &'a Taxonomy) -> TaxonomyValue<'a> {
        TaxonomyValue {
            kind: &taxonomy.kind,
            lang: &taxonomy.lang,
            permalink: &taxonomy.permalink,
            items: Vec::new(),
        }
    }

    /// The taxonomy with its terms.
    #[cfg(test)]
    pub(crate) fn with_items(self, items: Vec<TermValue<'a>>) -> TaxonomyValue<'a> {
        TaxonomyValue { items, ..self }
    }
}

template_value! {
    /// A term of a taxonomy.
    pub(crate) struct TermValue<'a> {
        name: &'a str,
        slug: &'a str,
        path: &'a str,
        permalink: &'a str,
        /// Its pages. The shared values add them with the fields the template reads (see
        /// `Shared::term`); they stay empty when the pages are not asked for.
        pages: Vec<PageValue<'a>>,
        /// How many pages the term has, whether or not `pages` holds them.
        page_count: usize,
    }
}

impl<'a> TermValue<'a> {
    /// The term without its pages.
    pub(crate) fn new(term: &'a Term) -> TermValue<'a> {
        TermValue {
            name: &term.name,
            slug: &term.slug,
            path: &term.path,
            permalink: &term.permalink,
            pages: Vec::new(),
            page_count: term.pages.len(),
        }
    }

    /// The term with its pages, whole.
    #[cfg(test)]
    pub(crate) fn with_pages(self, pages: Vec<PageValue<'a>>) -> TermValue<'a> {
        TermValue { pages, ..self }
    }
}

template_value! {
    /// The `term` a term's feed gets.
    pub(crate) struct FeedTermValue<'a> {
        name: &'a str,
        slug: &'a str,
        permalink: &'a str,
    }
}

impl<'a> FeedTermValue<'a> {
    pub(crate) fn new(term: &'a Term) -> FeedTermValue<'a> {
        FeedTermValue {
            name: &term.name,
            slug: &term.slug,
            permalink: &term.permalink,
        }
    }
}
