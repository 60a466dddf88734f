//! Warnings about pages rather than links: an `id` used twice on one page (a fragment can
//! reach only the first), a missing or empty `<title>`, an image without `alt` text, and
//! orphan pages that no other page links to.

use std::collections::HashMap;

use super::html::Document;
use super::Scanned;
use crate::render::Kind;
use crate::site::Site;

/// A warning about one page, before it is given a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Lint {
    /// An id, and how many times the page uses it.
    DuplicateId(String, usize),
    NoTitle,
    EmptyTitle,
    /// The `src` of an image without `alt`, and the index of that image among such images.
    NoAlt(usize),
}

impl Lint {
    pub(super) fn message(&self, doc: &Document) -> String {
        match self {
            Lint::DuplicateId(id, n) => {
                format!("id `{id}` is used {n} times on this page: `#{id}` reaches only the first")
            }
            Lint::NoTitle => "the page has no <title>".to_string(),
            Lint::EmptyTitle => "the page's <title> is empty".to_string(),
            Lint::NoAlt(i) => match doc.images_without_alt[*i].value.as_str() {
                "" => "an image has no src and no alt text".to_string(),
                src => format!("image `{src}` has no alt text (alt=\"\" marks a decorative one)"),
            },
        }
    }
}

/// The warnings of one page; redirect pages have none.
pub(super) fn page(doc: &Document) -> Vec<Lint> {
    if doc.redirects {
        return Vec::new();
    }
    let mut lints = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in &doc.ids {
        *counts.entry(id).or_default() += 1;
    }
    let mut seen = std::collections::HashSet::new();
    for id in &doc.ids {
        let n = counts[id.as_str()];
        if n > 1 && seen.insert(id) {
            lints.push(Lint::DuplicateId(id.clone(), n));
        }
    }
    match &doc.title {
        None => lints.push(Lint::NoTitle),
        Some(title) if title.trim().is_empty() => lints.push(Lint::EmptyTitle),
        Some(_) => {}
    }
    lints.extend((0..doc.images_without_alt.len()).map(Lint::NoAlt));
    lints
}

/// The pages nothing else links to, given which pages are linked. Home pages, 404, redirects,
/// feeds and the sitemap are not expected to be linked.
pub(super) fn orphans(site: &Site, pages: &[Scanned], linked: &[bool]) -> Vec<usize> {
    (0..pages.len())
        .filter(|&i| !linked[i])
        .filter(|&i| match pages[i].origin.kind {
            Kind::Page(_) | Kind::TaxonomyList | Kind::TaxonomyTerm => true,
            Kind::Section(id) => !site.sections[id].is_root(),
            _ => false,
        })
        .filter(|&i| !pages[i].doc.redirects)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_ids_titles_and_alt_text() {
        let doc = Document::parse(
            "<title> </title><p id=a><p id=b><p id=a><p id=a><img src=x.png><img alt='' src=y>",
        );
        assert_eq!(
            page(&doc),
            [
                Lint::DuplicateId("a".into(), 3),
                Lint::EmptyTitle,
                Lint::NoAlt(0)
            ]
        );
        assert_eq!(
            Lint::NoAlt(0).message(&doc),
            "image `x.png` has no alt text (alt=\"\" marks a decorative one)"
        );
        assert_eq!(page(&Document::parse("<p>")), [Lint::NoTitle]);
        let redirect = Document::parse("<meta http-equiv=refresh content='0; url=/a/'><img>");
        assert!(page(&redirect).is_empty());
    }
}
