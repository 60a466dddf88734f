//! The Markdown of every page and section, rendered in parallel once all paths are known
//! (so `@/` links resolve), then checked: each `@/page.md#anchor` must name a real heading.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::Site;
use crate::error::{Error, Result};
use crate::load::ContentFile;
use crate::parse::markdown::{self, Heading, MarkdownInput, Rendered};

impl Site {
    /// Renders every page's and section's Markdown in parallel.
    pub(super) fn render_markdown(&mut self) -> Result<()> {
        let links = self.permalinks();
        let resolve = |target: &str| links.get(target).cloned();
        let options = markdown::Options::from_config(&self.config);
        let render = |file: &ContentFile, body: &str, line: usize, permalink: &str| {
            markdown::render(&MarkdownInput {
                text: body,
                path: &file.shown,
                first_line: line,
                permalink,
                resolve_link: &resolve,
                options: &options,
            })
        };
        let page_results: Vec<Result<Rendered>> = self
            .pages
            .par_iter()
            .map(|p| render(&p.file, p.body(), p.body_line, &p.permalink))
            .collect();
        let section_results: Vec<Result<Rendered>> = self
            .sections
            .par_iter()
            .map(|s| match &s.file {
                Some(file) => render(file, s.body(), s.body_line, &s.permalink),
                None => Ok(Rendered::default()),
            })
            .collect();
        let mut errors = Vec::new();
        for (page, result) in self.pages.iter_mut().zip(page_results) {
            result
                .map(|r| page.rendered = r)
                .unwrap_or_else(|e| errors.push(e));
        }
        for (section, result) in self.sections.iter_mut().zip(section_results) {
            result
                .map(|r| section.rendered = r)
                .unwrap_or_else(|e| errors.push(e));
        }
        Error::collect(errors)
    }

    /// Every `@/page.md#anchor` link must name a heading of its target.
    pub(super) fn check_anchors(&self) -> Result<()> {
        let ids = |rel: &str| -> HashSet<&str> {
            let rendered = match (self.page_by_file.get(rel), self.section_by_file.get(rel)) {
                (Some(&p), _) => &self.pages[p].rendered,
                (_, Some(&s)) => &self.sections[s].rendered,
                _ => return HashSet::new(),
            };
            let mut ids = HashSet::new();
            collect_ids(&rendered.toc, &mut ids);
            ids
        };
        let errors = self
            .all_rendered()
            .flat_map(|(_, r)| &r.anchored_links)
            .filter(|link| !ids(&link.target).contains(link.anchor.as_str()))
            .map(|link| {
                let message = format!(
                    "broken internal link `@/{}#{}`: {} has no heading with id `{}`",
                    link.target, link.anchor, link.target, link.anchor
                );
                Error::at(link.location.clone(), message)
            })
            .collect();
        Error::collect(errors)
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

fn collect_ids<'a>(toc: &'a [Heading], ids: &mut HashSet<&'a str>) {
    for heading in toc {
        ids.insert(&heading.id);
        collect_ids(&heading.children, ids);
    }
}
