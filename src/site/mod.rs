//! The site model: sections and pages parsed, placed in their tree, rendered from Markdown,
//! ordered, and linked to their neighbours. A pure function of the loaded sources.

pub mod page;
pub mod paths;
pub mod section;
pub mod sort;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Location, Result};
use crate::load::{ContentFile, FileToCopy};
use crate::parse::front_matter::SortBy;
use crate::parse::markdown::{self, Heading, MarkdownInput, Rendered};
pub use page::{Page, PageId};
pub use section::{Section, SectionId};

/// A value from front matter with the place it was written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// All sections; the root is always `sections[ROOT]`.
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    /// Content paths (`articles/x.md`, `articles/_index.md`) to pages and sections.
    pub page_by_file: HashMap<String, PageId>,
    pub section_by_file: HashMap<String, SectionId>,
    /// Things worth telling the writer that do not stop the build.
    pub warnings: Vec<String>,
}

pub const ROOT: SectionId = 0;

impl Site {
    /// Builds the site model from the content files; drafts are kept only if `drafts`.
    pub fn assemble(
        config: Config,
        content: Vec<ContentFile>,
        assets: Vec<FileToCopy>,
        drafts: bool,
    ) -> Result<Site> {
        let (sections, pages) = parse_all(content, &config)?;
        let mut site = Site::new(config, sections, pages, drafts);
        site.link_tree();
        site.attach_assets(assets);
        site.check_output_paths()?;
        site.render_markdown()?;
        site.check_anchors()?;
        site.sort_sections();
        Ok(site)
    }

    fn new(config: Config, mut sections: Vec<Section>, mut pages: Vec<Page>, drafts: bool) -> Site {
        if !drafts {
            let hidden: Vec<String> = sections
                .iter()
                .filter(|s| s.meta.draft)
                .map(|s| s.dir.clone())
                .collect();
            let under_hidden = |dir: &str| hidden.iter().any(|h| is_within(dir, h));
            sections.retain(|s| !under_hidden(&s.dir));
            pages.retain(|p| {
                !p.meta.draft && !under_hidden(p.bundle_dir.as_deref().unwrap_or(&p.dir))
            });
        }
        sections.sort_by(|a, b| a.dir.cmp(&b.dir));
        if sections.first().is_none_or(|s| !s.is_root()) {
            sections.insert(ROOT, Section::empty(String::new(), &config));
        }
        let section_by_file = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.relative_path(), i))
            .collect();
        let page_by_file = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.file.rel.clone(), i))
            .collect();
        Site {
            config,
            sections,
            pages,
            page_by_file,
            section_by_file,
            warnings: Vec::new(),
        }
    }

    /// The section whose directory is `dir`, or the closest one above it.
    fn closest_section(&self, by_dir: &HashMap<&str, SectionId>, mut dir: &str) -> SectionId {
        loop {
            if let Some(&id) = by_dir.get(dir) {
                return id;
            }
            match dir.rsplit_once('/') {
                Some((parent, _)) => dir = parent,
                None if dir.is_empty() => return ROOT,
                None => dir = "",
            }
        }
    }

    /// Sets every section's and page's parent, ancestors and subsections.
    fn link_tree(&mut self) {
        let by_dir: HashMap<&str, SectionId> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.as_str(), i))
            .collect();
        let parents: Vec<Option<SectionId>> = self
            .sections
            .iter()
            .map(|s| (!s.is_root()).then(|| self.closest_section(&by_dir, parent_dir(&s.dir))))
            .collect();
        let page_places: Vec<(Option<SectionId>, SectionId)> = self
            .pages
            .iter()
            .map(|p| {
                (
                    by_dir.get(p.dir.as_str()).copied(),
                    self.closest_section(&by_dir, &p.dir),
                )
            })
            .collect();
        for (id, parent) in parents.iter().enumerate() {
            self.sections[id].parent = *parent;
            if let Some(parent) = parent {
                self.sections[*parent].subsections.push(id);
            }
        }
        for id in 0..self.sections.len() {
            self.sections[id].ancestors = chain(&parents, self.sections[id].parent);
        }
        for (page, (parent, closest)) in self.pages.iter_mut().zip(page_places) {
            page.parent = parent;
            page.ancestors = chain(&parents, Some(closest));
        }
        let weights: Vec<(Option<i64>, String)> = self
            .sections
            .iter()
            .map(|s| (s.meta.weight, s.dir.clone()))
            .collect();
        for section in &mut self.sections {
            section
                .subsections
                .sort_by(|&a, &b| weights[a].cmp(&weights[b]));
        }
    }

    /// Gives bundle pages the files beside their `index.md`, and sections those in their directory.
    fn attach_assets(&mut self, assets: Vec<FileToCopy>) {
        let bundles: HashMap<String, PageId> = self
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.bundle_dir.clone().map(|d| (d, i)))
            .collect();
        for asset in assets {
            let dir = parent_dir(&asset.rel);
            let bundle = ancestor_dirs(dir).find_map(|d| bundles.get(d));
            if let Some(&page) = bundle {
                self.pages[page].assets.push(asset);
            } else if let Some(&section) = self.section_by_file.get(&section_file(dir)) {
                self.sections[section].assets.push(asset);
            }
        }
    }

    /// Two files may not claim the same output path.
    fn check_output_paths(&self) -> Result<()> {
        let mut claimed: HashMap<&str, &ContentFile> = HashMap::new();
        let mut errors = Vec::new();
        let items = self
            .sections
            .iter()
            .filter_map(|s| s.file.as_ref().map(|f| (s.path.as_str(), f)))
            .chain(self.pages.iter().map(|p| (p.path.as_str(), &p.file)));
        for (path, file) in items {
            if let Some(first) = claimed.insert(path, file) {
                let message = format!(
                    "output path {path} is also claimed by {}",
                    first.shown.display()
                );
                errors.push(Error::file(&file.shown, message));
            }
        }
        Error::collect(errors)
    }

    /// Renders every page's and section's Markdown in parallel.
    fn render_markdown(&mut self) -> Result<()> {
        let links = self.permalinks();
        let resolve = |target: &str| links.get(target).cloned();
        let page_results: Vec<Result<Rendered>> = self
            .pages
            .par_iter()
            .map(|p| render_body(&p.file, p.body(), p.body_line, &p.permalink, &resolve))
            .collect();
        let section_results: Vec<Result<Rendered>> = self
            .sections
            .par_iter()
            .map(|s| match &s.file {
                Some(file) => render_body(file, s.body(), s.body_line, &s.permalink, &resolve),
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

    /// Permalinks by content path, for `@/` links.
    pub fn permalinks(&self) -> HashMap<String, String> {
        let pages = self
            .pages
            .iter()
            .map(|p| (p.file.rel.clone(), p.permalink.clone()));
        let sections = self
            .sections
            .iter()
            .map(|s| (s.relative_path(), s.permalink.clone()));
        pages.chain(sections).collect()
    }

    /// Every `@/page.md#anchor` link must name a heading of its target.
    fn check_anchors(&self) -> Result<()> {
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
        let rendered = self
            .pages
            .iter()
            .map(|p| &p.rendered)
            .chain(self.sections.iter().map(|s| &s.rendered));
        let errors = rendered
            .flat_map(|r| &r.anchored_links)
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

    /// Orders each section's pages and links neighbours.
    fn sort_sections(&mut self) {
        let mut members: Vec<Vec<PageId>> = vec![Vec::new(); self.sections.len()];
        for (id, page) in self.pages.iter().enumerate() {
            if let Some(parent) = page.parent {
                members[parent].push(id);
            }
        }
        for (section_id, ids) in members.into_iter().enumerate() {
            let sort_by = self.sections[section_id].meta.sort_by;
            let (sorted, left_out) = sort::sort_pages(&self.pages, &ids, sort_by);
            for id in left_out {
                self.warnings.push(format!(
                    "{}: not listed in {}, which is sorted by {}, because it has no {}",
                    self.pages[id].file.shown.display(),
                    self.sections[section_id].relative_path(),
                    sort_key(sort_by),
                    sort_key(sort_by),
                ));
            }
            if sort_by != SortBy::None {
                sort::link_neighbours(&mut self.pages, &sorted);
            }
            self.sections[section_id].pages = sorted;
        }
    }
}

fn parse_all(content: Vec<ContentFile>, config: &Config) -> Result<(Vec<Section>, Vec<Page>)> {
    let parsed: Vec<Result<Item>> = content
        .into_par_iter()
        .map(|file| {
            if file.rel == "_index.md" || file.rel.ends_with("/_index.md") {
                Section::parse(file, config).map(|s| Item::Section(Box::new(s)))
            } else {
                Page::parse(file, config).map(|p| Item::Page(Box::new(p)))
            }
        })
        .collect();
    let (mut sections, mut pages, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for item in parsed {
        match item {
            Ok(Item::Section(s)) => sections.push(*s),
            Ok(Item::Page(p)) => pages.push(*p),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    Ok((sections, pages))
}

enum Item {
    Section(Box<Section>),
    Page(Box<Page>),
}

fn render_body(
    file: &ContentFile,
    body: &str,
    body_line: usize,
    permalink: &str,
    resolve: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Result<Rendered> {
    markdown::render(&MarkdownInput {
        text: body,
        path: &file.shown,
        first_line: body_line,
        permalink,
        resolve_link: resolve,
    })
}

fn collect_ids<'a>(toc: &'a [Heading], ids: &mut HashSet<&'a str>) {
    for heading in toc {
        ids.insert(&heading.id);
        collect_ids(&heading.children, ids);
    }
}

fn sort_key(sort_by: SortBy) -> &'static str {
    match sort_by {
        SortBy::Date | SortBy::UpdateDate => "date",
        SortBy::Weight => "weight",
        SortBy::Title | SortBy::TitleBytes => "title",
        _ => "key",
    }
}

/// `a/b` -> `a`; `a` -> ``.
fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// `a/b/c`, `a/b`, `a` (not the root).
fn ancestor_dirs(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors((!dir.is_empty()).then_some(dir), |d| {
        d.rsplit_once('/').map(|(p, _)| p)
    })
}

fn section_file(dir: &str) -> String {
    if dir.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{dir}/_index.md")
    }
}

/// Whether directory `dir` is `ancestor` or below it.
fn is_within(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || dir == ancestor || dir.starts_with(&format!("{ancestor}/"))
}

/// The chain of sections from the root down to `from`, following `parents`.
fn chain(parents: &[Option<SectionId>], from: Option<SectionId>) -> Vec<SectionId> {
    let mut ids: Vec<SectionId> = std::iter::successors(from, |&id| parents[id]).collect();
    ids.reverse();
    ids
}
