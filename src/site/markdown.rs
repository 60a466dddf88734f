//! The Markdown of every page and section, rendered in parallel once all paths are known
//! (so `@/` links resolve); `anchors` then checks the links to their headings.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use super::Site;
use crate::config::InsertAnchor;
use crate::error::{Error, Result};
use crate::load::ContentFile;
use crate::parse::front_matter;
use crate::parse::markdown::{self, MarkdownInput, Rendered};
use crate::parse::shortcodes::{self, Templating};
use crate::site::{Page, Section};

/// The templates of a site's Markdown: shortcodes, `anchor-link.html`, `summary-cutoff.html`.
pub trait MarkdownTemplates: Send + Sync + std::fmt::Debug {
    /// The templates as `page`'s Markdown sees them.
    fn for_page<'a>(&'a self, site: &'a Site, page: &'a Page) -> Box<dyn Templating + 'a>;
    /// The templates as `section`'s Markdown sees them.
    fn for_section<'a>(&'a self, site: &'a Site, section: &'a Section) -> Box<dyn Templating + 'a>;
}

/// Rendered Markdown kept from one build to the next, so a rebuild renders only the files
/// that changed. An entry is used only when everything [`markdown::render`] reads is as it
/// was: the body, its first line, the file's permalink, the options, and the permalink each
/// of its `@/` links resolved to.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct MarkdownCache {
    entries: Mutex<HashMap<PathBuf, CacheEntry>>,
    /// A hash of what every entry was rendered with beyond its own inputs (the configuration
    /// and the templates), when known: see [`MarkdownCache::settle`].
    context: Mutex<Option<u64>>,
    /// Whether an entry was added or removed since it was made or read.
    #[serde(skip)]
    changed: AtomicBool,
}

/// What one file's Markdown was rendered from, and what it gave. The body and the options are
/// kept as 128-bit digests ([`digest`]): the cache holds the rendered HTML, not the text twice.
#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    body: (u64, u64),
    first_line: usize,
    permalink: String,
    options: (u64, u64),
    /// What each of `rendered.internal_links` resolved to.
    links: Vec<Option<String>>,
    rendered: Rendered,
}

/// The SipHash-1-3 (128 bits) of `text`: two texts with the same digest are taken as equal.
fn digest(text: &str) -> (u64, u64) {
    let mut hasher = SipHasher13::new();
    hasher.write(text.as_bytes());
    let hash = hasher.finish128();
    (hash.h1, hash.h2)
}

impl MarkdownCache {
    fn get(&self, input: &MarkdownInput, options: &str) -> Option<Rendered> {
        let entries = self.entries.lock().expect("no cache user panicked");
        let entry = entries.get(input.path)?;
        let same = entry.body == digest(input.text)
            && entry.first_line == input.first_line
            && entry.permalink == input.permalink
            && entry.options == digest(options)
            && entry.rendered.internal_links.len() == entry.links.len()
            && (entry.rendered.internal_links.iter())
                .zip(&entry.links)
                .all(|(target, url)| (input.resolve_link)(target) == *url);
        same.then(|| entry.rendered.clone())
    }

    fn put(&self, input: &MarkdownInput, options: &str, rendered: &Rendered) {
        let links = (rendered.internal_links.iter())
            .map(|target| (input.resolve_link)(target))
            .collect();
        let entry = CacheEntry {
            body: digest(input.text),
            first_line: input.first_line,
            permalink: input.permalink.to_string(),
            options: digest(options),
            links,
            rendered: rendered.clone(),
        };
        let mut entries = self.entries.lock().expect("no cache user panicked");
        entries.insert(input.path.to_path_buf(), entry);
        self.changed.store(true, Ordering::Relaxed);
    }

    /// Keeps the entries only if they were rendered in `context` (a hash of the configuration
    /// and the templates; `None` when it cannot be told, and nothing is kept), which becomes
    /// the cache's: a cache read back from disk is trusted no further than this.
    pub fn settle(&self, context: Option<u64>) {
        let mut current = self.context.lock().expect("no cache user panicked");
        if context.is_none() || *current != context {
            self.clear();
            self.changed.store(true, Ordering::Relaxed);
        }
        *current = context;
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.entries.lock().expect("no cache user panicked").len()
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets everything (after a change to what Markdown is rendered with).
    pub fn clear(&self) {
        self.retain(&HashSet::new());
    }

    /// Whether an entry was added or removed since the cache was made (or read back).
    pub fn changed(&self) -> bool {
        self.changed.load(Ordering::Relaxed)
    }

    /// Forgets files that are not among `kept` (removed or renamed).
    fn retain(&self, kept: &HashSet<&Path>) {
        let mut entries = self.entries.lock().expect("no cache user panicked");
        let before = entries.len();
        entries.retain(|path, _| kept.contains(path.as_path()));
        if entries.len() != before {
            self.changed.store(true, Ordering::Relaxed);
        }
    }
}

/// Renders one file's Markdown, through `cache` (with the options written out) if given.
/// A file that may call shortcodes is always rendered: their output can depend on anything;
/// so is every file of a site with render hooks, and with responsive images every file with
/// an image.
fn render_file(input: &MarkdownInput, cache: Option<(&MarkdownCache, &str)>) -> Result<Rendered> {
    let Some((cache, options)) = cache else {
        return markdown::render(input);
    };
    if input.templates.is_some() && shortcodes::may_have_calls(input.text) {
        return markdown::render(input);
    }
    // Render hooks see the page's variables, and responsive images the image files, which
    // the cache does not compare.
    let responsive = input.options.responsive_images.is_some() && input.text.contains("![");
    if input.templates.is_some_and(|t| !t.hooks().is_empty()) || responsive {
        return markdown::render(input);
    }
    let options = &format!("{options} {:?}", input.insert_anchor);
    if let Some(rendered) = cache.get(input, options) {
        return Ok(rendered);
    }
    let rendered = markdown::render(input)?;
    cache.put(input, options, &rendered);
    Ok(rendered)
}

impl Site {
    /// Renders every page's and section's Markdown in parallel; files whose Markdown and
    /// links are unchanged come from `cache`.
    pub(super) fn render_markdown(&mut self, cache: Option<&MarkdownCache>) -> Result<()> {
        let links = self.permalinks();
        let resolve = |target: &str| links.get(target).cloned();
        let options = self.markdown_options.clone();
        let options_key = format!("{options:?}");
        let cached = cache.map(|c| (c, options_key.as_str()));
        let render = |file: &ContentFile,
                      body: &str,
                      line: usize,
                      permalink: &str,
                      templates: Option<&dyn Templating>,
                      insert_anchor: InsertAnchor| {
            let input = MarkdownInput {
                text: body,
                path: &file.shown,
                first_line: line,
                permalink,
                resolve_link: &resolve,
                options: &options,
                templates,
                insert_anchor,
            };
            render_file(&input, cached)
        };
        if let Some(cache) = cache {
            let files = self.pages.iter().map(|p| Some(&p.file));
            let files = files.chain(self.sections.iter().map(|s| s.file.as_ref()));
            cache.retain(&files.flatten().map(|f| f.shown.as_path()).collect());
        }
        let page_results: Vec<Result<Rendered>> = self
            .pages
            .par_iter()
            .map(|p| {
                let templates = self
                    .markdown_templates
                    .as_ref()
                    .map(|t| t.for_page(self, p));
                let insert_anchor = self.page_insert_anchor(p);
                render(
                    &p.file,
                    p.body(),
                    p.body_line,
                    &p.permalink,
                    templates.as_deref(),
                    insert_anchor,
                )
            })
            .collect();
        let section_results: Vec<Result<Rendered>> = self
            .sections
            .par_iter()
            .map(|s| match &s.file {
                Some(file) => {
                    let templates = self
                        .markdown_templates
                        .as_ref()
                        .map(|t| t.for_section(self, s));
                    let insert_anchor = self.section_insert_anchor(s);
                    render(
                        file,
                        s.body(),
                        s.body_line,
                        &s.permalink,
                        templates.as_deref(),
                        insert_anchor,
                    )
                }
                None => Ok(Rendered::default()),
            })
            .collect();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for (page, result) in self.pages.iter_mut().zip(page_results) {
            match result {
                Ok(r) => {
                    warnings.extend(r.warnings.iter().cloned());
                    page.rendered = r;
                }
                Err(e) => errors.push(e),
            }
        }
        for (section, result) in self.sections.iter_mut().zip(section_results) {
            match result {
                Ok(r) => {
                    warnings.extend(r.warnings.iter().cloned());
                    section.rendered = r;
                }
                Err(e) => errors.push(e),
            }
        }
        self.warnings.extend(warnings);
        Error::collect(errors)
    }

    /// Renders `body` as the Markdown of `file` (a page or section of this site, starting at
    /// `line`, with `permalink`), exactly as a build renders it; `links` are the site's
    /// [`Site::permalinks`].
    pub fn render_markdown_of(
        &self,
        links: &HashMap<String, String>,
        file: &ContentFile,
        body: &str,
        line: usize,
        permalink: &str,
    ) -> Result<Rendered> {
        let resolve = |target: &str| links.get(target).cloned();
        let page = self.page_by_file.get(&file.rel).map(|&id| &self.pages[id]);
        let section = self
            .section_by_file
            .get(&file.rel)
            .map(|&id| &self.sections[id]);
        let (templates, insert_anchor) = match (page, section, &self.markdown_templates) {
            (Some(page), _, Some(t)) => {
                (Some(t.for_page(self, page)), self.page_insert_anchor(page))
            }
            (_, Some(section), Some(t)) => (
                Some(t.for_section(self, section)),
                self.section_insert_anchor(section),
            ),
            _ => (None, InsertAnchor::None),
        };
        markdown::render(&MarkdownInput {
            text: body,
            path: &file.shown,
            first_line: line,
            permalink,
            resolve_link: &resolve,
            options: &self.markdown_options,
            templates: templates.as_deref(),
            insert_anchor,
        })
    }

    /// Where anchor links go in a page's headings: as its section says, or the config.
    fn page_insert_anchor(&self, page: &Page) -> InsertAnchor {
        page.parent
            .and_then(|id| self.sections[id].meta.insert_anchor_links)
            .map_or(self.config.markdown.insert_anchor_links, from_front_matter)
    }

    /// Where anchor links go in a section's headings: as it says, or the config.
    fn section_insert_anchor(&self, section: &Section) -> InsertAnchor {
        section
            .meta
            .insert_anchor_links
            .map_or(self.config.markdown.insert_anchor_links, from_front_matter)
    }

    /// For each content path, the files whose Markdown links to it, as (permalink, title).
    pub fn backlinks(&self) -> HashMap<String, Vec<(String, Option<String>)>> {
        let mut map: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        for (source, rendered) in self.all_rendered() {
            let mut seen = HashSet::new();
            for target in &rendered.internal_links {
                if seen.insert(target) {
                    map.entry(target.clone()).or_default().push(source.clone());
                }
            }
        }
        for links in map.values_mut() {
            links.sort();
        }
        map
    }

    /// Each page's and section's rendered Markdown, with its permalink and title.
    fn all_rendered(&self) -> impl Iterator<Item = ((String, Option<String>), &Rendered)> {
        let pages = self
            .pages
            .iter()
            .map(|p| ((p.permalink.clone(), p.meta.title.clone()), &p.rendered));
        let sections = self
            .sections
            .iter()
            .map(|s| ((s.permalink.clone(), s.meta.title.clone()), &s.rendered));
        pages.chain(sections)
    }
}

/// A section's `insert_anchor_links`, as the config names it.
fn from_front_matter(value: front_matter::InsertAnchor) -> InsertAnchor {
    match value {
        front_matter::InsertAnchor::Left => InsertAnchor::Left,
        front_matter::InsertAnchor::Right => InsertAnchor::Right,
        front_matter::InsertAnchor::Heading => InsertAnchor::Heading,
        front_matter::InsertAnchor::None => InsertAnchor::None,
    }
}
