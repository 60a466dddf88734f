//! The site model: sections and pages parsed, placed in their tree (one per language),
//! rendered from Markdown, ordered, linked to their neighbours, and grouped into taxonomies.
//! A pure function of the loaded sources.

mod anchors;
pub(crate) mod lang;
mod markdown;
pub(crate) mod page;
pub(crate) mod paths;
pub(crate) mod section;
pub(crate) mod sort;
pub(crate) mod taxonomy;
mod tree;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Location, Result};
use crate::load::sass::Stylesheet;
use crate::load::{ContentFile, FileToCopy};
use crate::parse::markdown::Options as MarkdownOptions;
use crate::warning::Warning;
pub(crate) use markdown::{MarkdownCache, MarkdownTemplates};
pub(crate) use page::{Page, PageId};
pub(crate) use section::{Section, SectionId};
pub(crate) use taxonomy::{Taxonomy, Term};

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
    /// All sections, the root of the default language first.
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub taxonomies: Vec<Taxonomy>,
    /// Stylesheets compiled from Sass, written as they are.
    pub styles: Vec<Stylesheet>,
    /// Content paths (`articles/x.md`, `articles/_index.fr.md`) to pages and sections.
    pub page_by_file: HashMap<String, PageId>,
    pub section_by_file: HashMap<String, SectionId>,
    /// Things worth telling the writer that do not stop the build.
    pub warnings: Vec<Warning>,
    /// The templates Markdown is rendered with (shortcodes, anchor links), if any.
    pub markdown_templates: Option<Arc<dyn MarkdownTemplates>>,
    /// How Markdown is rendered: the config's choices and the loaded highlighter.
    pub markdown_options: MarkdownOptions,
}

/// Makes the templates for a site's Markdown once its paths and taxonomies are known.
pub(crate) type MakeMarkdownTemplates<'a> = &'a dyn Fn(&Site) -> Arc<dyn MarkdownTemplates>;

impl Site {
    /// Builds the site model from the content files, rendering Markdown with
    /// `markdown_options`; drafts are kept only if `drafts`. The Markdown of unchanged files
    /// comes from `cache`, if given (which keeps what is rendered for the next time).
    /// The anchors of `@/` and same-page links are left to [`Site::check_anchors`].
    pub fn assemble_cached(
        config: Config,
        markdown_options: MarkdownOptions,
        content: Vec<ContentFile>,
        assets: Vec<FileToCopy>,
        drafts: bool,
        templates: Option<MakeMarkdownTemplates>,
        cache: Option<&MarkdownCache>,
    ) -> Result<Site> {
        let (sections, pages) = parse_all(content, &config)?;
        let mut site = Site::new(config, sections, pages, drafts);
        site.markdown_options = markdown_options;
        site.link_tree();
        site.attach_assets(assets);
        site.check_output_paths()?;
        // Shortcodes may ask for taxonomy URLs, so taxonomies come before Markdown, as in Zola.
        site.taxonomies = taxonomy::collect(&site.config, &site.pages)?;
        site.markdown_templates = templates.map(|make| make(&site));
        site.render_markdown(cache)?;
        site.sort_sections();
        Ok(site)
    }

    fn new(config: Config, mut sections: Vec<Section>, mut pages: Vec<Page>, drafts: bool) -> Site {
        if !drafts {
            let hidden: Vec<(String, String)> = sections
                .iter()
                .filter(|s| s.meta.draft)
                .map(|s| (s.dir.clone(), s.lang.clone()))
                .collect();
            let under_hidden = |dir: &str, lang: &str| {
                hidden
                    .iter()
                    .any(|(h, l)| l == lang && tree::is_within(dir, h))
            };
            sections.retain(|s| !under_hidden(&s.dir, &s.lang));
            pages.retain(|p| {
                !p.meta.draft && !under_hidden(p.bundle_dir.as_deref().unwrap_or(&p.dir), &p.lang)
            });
        }
        if config.translation_fallback {
            lang::add_fallbacks(&config, &mut sections, &mut pages);
        }
        for code in config.language_codes() {
            if !sections.iter().any(|s| s.is_root() && s.lang == code) {
                sections.push(Section::empty(String::new(), code.to_string(), &config));
            }
        }
        let default = config.default_language.clone();
        sections.sort_by(|a, b| {
            (a.lang != default, &a.lang, &a.dir).cmp(&(b.lang != default, &b.lang, &b.dir))
        });
        let mut warnings: Vec<Warning> = Vec::new();
        for s in &sections {
            warnings.extend(s.warnings.iter().cloned());
        }
        for p in &pages {
            warnings.extend(p.warnings.iter().cloned());
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
            taxonomies: Vec::new(),
            styles: Vec::new(),
            page_by_file,
            section_by_file,
            warnings,
            markdown_templates: None,
            markdown_options: MarkdownOptions::default(),
        }
    }

    /// The root section of a language.
    pub fn root(&self, lang: &str) -> SectionId {
        self.sections
            .iter()
            .position(|s| s.is_root() && s.lang == lang)
            .expect("every language has a root section")
    }

    /// Two files may not claim the same output path.
    fn check_output_paths(&self) -> Result<()> {
        let mut claimed: HashMap<&str, &ContentFile> = HashMap::new();
        let mut errors = Vec::new();
        let items = self
            .sections
            .iter()
            .filter(|s| s.meta.render)
            .filter_map(|s| s.file.as_ref().map(|f| (s.path.as_str(), f)))
            .chain(
                self.pages
                    .iter()
                    .filter(|p| p.meta.render)
                    .map(|p| (p.path.as_str(), &p.file)),
            );
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

    /// Every version of a page or section, by its language-independent path, default language first.
    pub fn translations(&self) -> HashMap<String, Vec<Translation>> {
        let mut by_key: HashMap<String, Vec<Translation>> = HashMap::new();
        if !self.config.is_multilingual() {
            return by_key;
        }
        for (id, p) in self.pages.iter().enumerate() {
            by_key
                .entry(format!("p:{}", p.canonical))
                .or_default()
                .push(Translation::Page(id));
        }
        for (id, s) in self.sections.iter().enumerate() {
            by_key
                .entry(format!("s:{}", s.canonical()))
                .or_default()
                .push(Translation::Section(id));
        }
        for list in by_key.values_mut() {
            list.sort_by_key(|t| {
                let lang = match *t {
                    Translation::Page(id) => &self.pages[id].lang,
                    Translation::Section(id) => &self.sections[id].lang,
                };
                (*lang != self.config.default_language, lang.clone())
            });
        }
        by_key
    }
}

/// One language version of a page or section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    Page(PageId),
    Section(SectionId),
}

fn parse_all(content: Vec<ContentFile>, config: &Config) -> Result<(Vec<Section>, Vec<Page>)> {
    let parsed: Vec<Result<Item>> = content
        .into_par_iter()
        .map(|file| {
            let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
            if name == "_index.md" || (name.starts_with("_index.") && name.ends_with(".md")) {
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
