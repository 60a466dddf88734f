//! Where a problem on a generated page is fixed. A link came either from Markdown (the page's
//! own, or another page's shown in a listing) or from the template the page was rendered with.
//! It came from Markdown when the rendered Markdown of a page or section holds a link with the
//! same value; its line is where the link is written in that file: as it appears in the HTML,
//! relative to the page (`photo.jpg` for `https://x.org/a/photo.jpg`), or as the `@/` path of
//! the content file it points to. Otherwise the template made it, and when the template (or
//! one it extends) writes the link literally, that line is given too.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::html::{Document, Link};
use super::report::Place;
use super::Scanned;
use crate::load::ContentFile;
use crate::render::{Kind, Origin};
use crate::site::Site;
use crate::templates::values::Shared;
use crate::templates::Templates;

/// A page or a section: something with Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Content {
    Page(usize),
    Section(usize),
}

/// Finds the places of problems; what it reads is built once, on first need.
pub struct Placer<'a> {
    shared: &'a Shared,
    site: &'a Site,
    templates: &'a Templates,
    /// Each link value in rendered Markdown, and the contents whose Markdown holds it.
    markdown_links: OnceLock<HashMap<String, Vec<Content>>>,
    /// Content paths (`blog/a.md`) by permalink, to find `@/` links.
    by_permalink: OnceLock<HashMap<&'a str, &'a str>>,
}

impl<'a> Placer<'a> {
    pub fn new(shared: &'a Shared, templates: &'a Templates) -> Placer<'a> {
        Placer {
            shared,
            site: &shared.site,
            templates,
            markdown_links: OnceLock::new(),
            by_permalink: OnceLock::new(),
        }
    }

    /// Where `link` of `page` is written, and how: as in the HTML, or as in the Markdown.
    pub fn link(&self, page: &Scanned, link: &Link) -> (Place, String) {
        let (origin, value) = (&page.origin, link.value.as_str());
        let contents = self.markdown_links().get(value);
        let own = own_content(origin).filter(|c| contents.is_some_and(|cs| cs.contains(c)));
        let from_markdown = match (&page.own_markdown, own) {
            // Where the page shows its own Markdown, a link is from it or not by its place.
            (Some(range), Some(own)) if range.contains(&link.offset) => Some(own),
            (Some(_), _) | (None, None) => None,
            (None, own) => own,
        }
        .or_else(|| {
            // A listing shows other pages' summaries.
            let listing = matches!(
                origin.kind,
                Kind::Section(_) | Kind::TaxonomyList | Kind::TaxonomyTerm
            );
            let other =
                contents.and_then(|cs| cs.iter().find(|&&c| Some(c) != own_content(origin)));
            other.copied().filter(|_| listing)
        });
        if let Some(content) = from_markdown {
            let (file, body_start, permalink) = self.content(content);
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
    pub fn id(&self, page: &Scanned, id: &str) -> Place {
        if let Some(content) = own_content(&page.origin) {
            let (file, body_start, _) = self.content(content);
            let ids = Document::parse(self.html(content)).ids;
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
    pub fn output(&self, page: &Scanned) -> Place {
        match own_content(&page.origin) {
            Some(content) => Place::Markdown {
                file: self.content(content).0.shown.clone(),
                line: None,
            },
            None => Place::Output(page.url.path().to_string()),
        }
    }

    /// The template that made `page`, and where it writes `value` literally.
    pub fn template(&self, page: &Scanned, value: Option<&str>) -> Place {
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
            name: name.clone(),
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

    fn content(&self, content: Content) -> (&'a ContentFile, usize, &'a str) {
        match content {
            Content::Page(id) => {
                let page = &self.site.pages[id];
                (&page.file, page.body_start, &page.permalink)
            }
            Content::Section(id) => {
                let section = &self.site.sections[id];
                let file = section
                    .file
                    .as_ref()
                    .expect("a section with Markdown has a file");
                (file, section.body_start, &section.permalink)
            }
        }
    }

    fn html(&self, content: Content) -> &'a str {
        let shared: &'a Shared = self.shared;
        match content {
            Content::Page(id) => markdown_html(shared, Kind::Page(id)),
            Content::Section(id) => markdown_html(shared, Kind::Section(id)),
        }
    }

    fn markdown_links(&self) -> &HashMap<String, Vec<Content>> {
        self.markdown_links.get_or_init(|| {
            let pages = (0..self.site.pages.len()).map(Content::Page);
            let sections = (self.site.sections.iter().enumerate())
                .filter(|(_, s)| s.file.is_some())
                .map(|(id, _)| Content::Section(id));
            let mut map: HashMap<String, Vec<Content>> = HashMap::new();
            for content in pages.chain(sections) {
                let doc = Document::parse(self.html(content));
                let values = doc.links.into_iter().chain(doc.images_without_alt);
                for link in values {
                    let contents = map.entry(link.value).or_default();
                    if contents.last() != Some(&content) {
                        contents.push(content);
                    }
                }
            }
            map
        })
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

/// The HTML of the Markdown of the page or section of output `kind` (empty for others).
pub fn markdown_html(shared: &Shared, kind: Kind) -> &str {
    match kind {
        // Pages keep their HTML in their values only.
        Kind::Page(id) => shared.pages[id]["content"].as_str().unwrap_or(""),
        Kind::Section(id) => &shared.site.sections[id].rendered.html,
        _ => "",
    }
}

/// The page or section whose Markdown an output shows as its own content.
fn own_content(origin: &Origin) -> Option<Content> {
    match origin.kind {
        Kind::Page(id) => Some(Content::Page(id)),
        Kind::Section(id) => Some(Content::Section(id)),
        _ => None,
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
