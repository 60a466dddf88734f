//! Which Markdown a link of a generated page came from. The links of the rendered Markdown of
//! every page and section are indexed by value, with where each is in that HTML. A link of a
//! generated page came from a page's Markdown when that page's HTML holds a link of the same
//! value with the same HTML around it: its own text, or a summary a listing shows. Any other
//! link was made by the template.

use std::collections::HashMap;

use rayon::prelude::*;

use super::html::Document;
use crate::render::Kind;
use crate::templates::values::Shared;

/// Bytes of HTML compared before and after the start of a link's tag.
const BEFORE: usize = 32;
const AFTER: usize = 96;

/// A page or a section: something with Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Content {
    Page(usize),
    Section(usize),
}

impl Content {
    /// The page or section whose Markdown an output of `kind` shows as its own text.
    pub(crate) fn of(kind: Kind) -> Option<Content> {
        match kind {
            Kind::Page(id) => Some(Content::Page(id)),
            Kind::Section(id) => Some(Content::Section(id)),
            _ => None,
        }
    }
}

/// The links of every page's and section's Markdown.
pub(super) struct MarkdownLinks<'a> {
    shared: &'a Shared,
    /// By value: the contents that have a link of that value, and where its tag starts.
    by_value: HashMap<String, Vec<(Content, usize)>>,
}

impl<'a> MarkdownLinks<'a> {
    pub(super) fn new(shared: &'a Shared) -> MarkdownLinks<'a> {
        let site = &shared.site;
        let pages = (0..site.pages.len()).map(Content::Page);
        let sections = (site.sections.iter().enumerate())
            .filter(|(_, s)| s.file.is_some())
            .map(|(id, _)| Content::Section(id));
        let contents: Vec<Content> = pages.chain(sections).collect();
        let found: Vec<(Content, Document)> = contents
            .into_par_iter()
            .map(|c| (c, Document::parse(html(shared, c))))
            .collect();
        let mut by_value: HashMap<String, Vec<(Content, usize)>> = HashMap::new();
        for (content, doc) in found {
            for link in doc.links.into_iter().chain(doc.images_without_alt) {
                by_value
                    .entry(link.value)
                    .or_default()
                    .push((content, link.offset));
            }
        }
        MarkdownLinks { shared, by_value }
    }

    /// The rendered Markdown of `content`.
    pub(super) fn html(&self, content: Content) -> &'a str {
        html(self.shared, content)
    }

    /// The tags of `doc` (read from `page`, an output of `kind`) that came from Markdown, by
    /// where they start, with the content they came from. Only a listing (a section or a
    /// taxonomy page) shows the Markdown of other pages.
    pub(super) fn attribute(
        &self,
        kind: Kind,
        page: &str,
        doc: &Document,
    ) -> HashMap<usize, Content> {
        let own = Content::of(kind);
        let listing = matches!(
            kind,
            Kind::Section(_) | Kind::TaxonomyList | Kind::TaxonomyTerm
        );
        let mut found = HashMap::new();
        for link in doc.links.iter().chain(&doc.images_without_alt) {
            if found.contains_key(&link.offset) {
                continue;
            }
            let Some(candidates) = self.by_value.get(&link.value) else {
                continue;
            };
            let owns = candidates.iter().filter(|(c, _)| Some(*c) == own);
            let others = candidates
                .iter()
                .filter(|(c, _)| listing && Some(*c) != own);
            let from = owns
                .chain(others)
                .find(|&&(c, at)| same_context(self.html(c), at, page, link.offset));
            if let Some(&(content, _)) = from {
                found.insert(link.offset, content);
            }
        }
        found
    }
}

/// The rendered Markdown of `content` (pages keep it in their template values only).
fn html(shared: &Shared, content: Content) -> &str {
    match content {
        Content::Page(id) => shared.pages[id]["content"].as_str().unwrap_or(""),
        Content::Section(id) => &shared.site.sections[id].rendered.html,
    }
}

/// Whether the HTML around byte `at` of `source` is the HTML around byte `offset` of `page`.
fn same_context(source: &str, at: usize, page: &str, offset: usize) -> bool {
    let start = at.saturating_sub(BEFORE);
    let end = (at + AFTER).min(source.len());
    let Some(page_start) = offset.checked_sub(at - start) else {
        return false;
    };
    page.as_bytes().get(page_start..page_start + (end - start)) == source.as_bytes().get(start..end)
}

#[cfg(test)]
mod tests {
    use super::same_context;

    #[test]
    fn a_link_is_known_by_the_html_around_it() {
        let markdown = "<p>See <a href=\"/x/\">x</a>.</p>\n";
        let page = format!("<nav><a href=\"/x/\">x</a></nav><main>{markdown}</main>");
        let in_markdown = markdown.find("<a").unwrap();
        let in_nav = page.find("<a").unwrap();
        let in_main = page.rfind("<a").unwrap();
        assert!(same_context(markdown, in_markdown, &page, in_main));
        assert!(!same_context(markdown, in_markdown, &page, in_nav));
    }
}
