//! Where a problem on a generated page is fixed. A link from Markdown (see `origin`) is placed
//! at the line of its content file where it is written: as it appears in the HTML, relative to
//! the page (`photo.jpg` for `https://x.org/a/photo.jpg`), or as the `@/` path of the content
//! file it points to. Any other link was made by the template the page was rendered with; when
//! that template, one it extends, or one it includes writes the link literally, that line is
//! given too.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::html::{Document, Link};
use super::origin::{Content, MarkdownLinks};
use super::report::Place;
use super::Scanned;
use crate::load::ContentFile;
use crate::site::Site;
use crate::templates::Templates;

/// Finds the places of problems.
pub(super) struct Placer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    markdown: &'a MarkdownLinks<'a>,
    /// Content paths (`blog/a.md`) by permalink, to find `@/` links; made on first need.
    by_permalink: OnceLock<HashMap<&'a str, &'a str>>,
}

impl<'a> Placer<'a> {
    pub(super) fn new(
        site: &'a Site,
        templates: &'a Templates,
        markdown: &'a MarkdownLinks<'a>,
    ) -> Placer<'a> {
        Placer {
            site,
            templates,
            markdown,
            by_permalink: OnceLock::new(),
        }
    }

    /// Where `link` of `page` is written, and how: as in the HTML, or as in the Markdown.
    pub(super) fn link(&self, page: &Scanned, link: &Link) -> (Place, String) {
        let value = link.value.as_str();
        let from_markdown = page.markdown.get(&link.offset);
        if let Some((file, body_start, permalink)) = from_markdown.and_then(|&c| self.content(c)) {
            let needles = self.needles(value, permalink);
            let found = line_of(&file.text, body_start, &needles);
            let place = Place::Markdown {
                file: file.shown.clone(),
                line: found.map(|(line, _)| line),
            };
            let written = found.map_or(value, |(_, n)| needles[n].as_str());
            return (place, written.to_string());
        }
        (self.template(page, Some(value)), value.to_string())
    }

    /// Where a problem with element id `id` on `page` is fixed: the Markdown of the page
    /// when the id is there more than once, else its template.
    pub(super) fn id(&self, page: &Scanned, id: &str) -> Place {
        let content = Content::of(page.origin.kind);
        if let Some((content, (file, body_start, _))) =
            content.and_then(|c| Some((c, self.content(c)?)))
        {
            let ids = Document::parse(self.markdown.html(content)).ids;
            if ids.iter().filter(|i| *i == id).count() > 1 {
                let needles = [format!("id=\"{id}\""), format!("{{#{id}")];
                return Place::Markdown {
                    file: file.shown.clone(),
                    line: line_of(&file.text, body_start, &needles).map(|(line, _)| line),
                };
            }
        }
        self.template(page, None)
    }

    /// Where a problem of a whole page is fixed: the content file of a page or section,
    /// else the page itself.
    pub(super) fn output(&self, page: &Scanned) -> Place {
        match Content::of(page.origin.kind).and_then(|c| self.content(c)) {
            Some((file, _, _)) => Place::Markdown {
                file: file.shown.clone(),
                line: None,
            },
            None => Place::Output(page.url.path().to_string()),
        }
    }

    /// The template that made `page`, and where it writes `value` literally.
    pub(super) fn template(&self, page: &Scanned, value: Option<&str>) -> Place {
        let Some(name) = &page.origin.template else {
            return Place::Output(page.url.path().to_string());
        };
        let written = value.filter(|v| !v.is_empty()).and_then(|value| {
            let needle = [value.to_string()];
            let found = |(path, text): (&std::path::Path, &str)| {
                line_of(text, 0, &needle).map(|(line, _)| (PathBuf::from(path), line))
            };
            let files_of = self.templates.files_of(name);
            // A link not in the template's chain may be in a template it includes.
            files_of
                .into_iter()
                .find_map(found)
                .or_else(|| self.templates.files().into_iter().find_map(found))
        });
        Place::Template {
            names: vec![name.clone()],
            written,
        }
    }

    /// The forms a link with HTML value `value` may have in the Markdown of the page at
    /// `permalink`, most specific first.
    fn needles(&self, value: &str, permalink: &str) -> Vec<String> {
        let mut needles = vec![value.to_string()];
        if let Some(relative) = value.strip_prefix(permalink).filter(|r| !r.is_empty()) {
            needles.push(relative.to_string());
        }
        let (target, fragment) = match value.split_once('#') {
            Some((target, fragment)) => (target, Some(fragment)),
            None => (value, None),
        };
        if let Some(rel) = self.by_permalink().get(target) {
            if let Some(fragment) = fragment {
                needles.push(format!("@/{rel}#{fragment}"));
            }
            needles.push(format!("@/{rel}"));
        }
        if value.contains('&') {
            needles.push(value.replace('&', "&amp;"));
        }
        needles
    }

    /// The file of `content`, where its body starts, and its permalink; `None` for a home
    /// page without `_index.md`.
    fn content(&self, content: Content) -> Option<(&'a ContentFile, usize, &'a str)> {
        match content {
            Content::Page(id) => {
                let page = &self.site.pages[id];
                Some((&page.file, page.body_start, &page.permalink))
            }
            Content::Section(id) => {
                let section = &self.site.sections[id];
                let file = section.file.as_ref()?;
                Some((file, section.body_start, &section.permalink))
            }
        }
    }

    fn by_permalink(&self) -> &HashMap<&'a str, &'a str> {
        self.by_permalink.get_or_init(|| {
            let site: &'a Site = self.site;
            let pages = site
                .pages
                .iter()
                .map(|p| (p.permalink.as_str(), p.file.rel.as_str()));
            let sections = site
                .sections
                .iter()
                .filter_map(|s| Some((s.permalink.as_str(), s.file.as_ref()?.rel.as_str())));
            pages.chain(sections).collect()
        })
    }
}

/// The 1-based line of the first of `needles` found in `text` from byte `from` on, and
/// which needle it is.
fn line_of(text: &str, from: usize, needles: &[String]) -> Option<(usize, usize)> {
    let body = text.get(from..)?;
    needles.iter().enumerate().find_map(|(n, needle)| {
        let at = from + body.find(needle.as_str())?;
        Some((text[..at].matches('\n').count() + 1, n))
    })
}

#[cfg(test)]
mod tests {
    use super::line_of;

    #[test]
    fn lines_of_the_first_needle_found_after_the_front_matter() {
        let text = "+++\ntitle = \"x.png\"\n+++\nA\n![a](x.png)\n[b](@/b.md)\n";
        let needles = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(line_of(text, 23, &needles(&["x.png"])), Some((5, 0)));
        assert_eq!(line_of(text, 0, &needles(&["x.png"])), Some((2, 0)));
        assert_eq!(
            line_of(text, 23, &needles(&["nope", "@/b.md"])),
            Some((6, 1))
        );
        assert_eq!(line_of(text, 23, &needles(&["nope"])), None);
    }
}
