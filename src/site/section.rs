//! A section: a directory of `content/` with an `_index.md` (one per language), and the pages
//! it lists.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::{ContentFile, FileToCopy};
use crate::parse::front_matter::{self, SectionFrontMatter};
use crate::parse::markdown::Rendered;
use crate::site::page::PageId;
use crate::site::{lang, paths, Located};
use crate::warning::Warning;

pub(crate) type SectionId = usize;

/// A section of the site. Every language has a root section, with or without `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// `None` for a root section that has no `_index.md`.
    pub file: Option<ContentFile>,
    pub meta: SectionFrontMatter,
    pub body_start: usize,
    pub body_line: usize,
    pub template: Option<Located<String>>,
    pub page_template: Option<Located<String>>,
    /// The directory below `content/`: `articles`, or `` for the root.
    pub dir: String,
    pub lang: String,
    /// The file path below `content/`, as templates name sections: `articles/_index.fr.md`.
    pub rel: String,
    pub path: String,
    pub permalink: String,
    pub parent: Option<SectionId>,
    /// Sections from the root down to the parent.
    pub ancestors: Vec<SectionId>,
    /// Pages in the section's order (pages that cannot be ordered are left out, as in Zola).
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
    /// Non-Markdown files in the section's directory.
    pub assets: Vec<FileToCopy>,
    pub rendered: Rendered,
    /// Front-matter keys that were not understood, as warnings.
    pub warnings: Vec<Warning>,
}

impl Section {
    /// Parses an `_index.md` (or `_index.LANG.md`).
    pub fn parse(file: ContentFile, config: &Config) -> Result<Section> {
        let (canonical, lang) =
            lang::split_language(&file.rel, config).map_err(|m| Error::file(&file.shown, m))?;
        let split = front_matter::split(&file.shown, &file.text)?;
        let block = front_matter::Block::of(&file.shown, &split)?;
        let mut meta: SectionFrontMatter = block.deserialize()?;
        // Pagers go below the section: `a/b` is allowed, `..` is not.
        meta.paginate_path = match paths::checked_path(&meta.paginate_path) {
            Ok(path) => path.trim_matches('/').to_string(),
            Err(_) => {
                let location = block.value_location("paginate_path");
                let message = format!(
                    "`paginate_path` {:?} must stay below the section: no `..`, `\\` or NUL",
                    meta.paginate_path
                );
                return Err(Error::at(location, message));
            }
        };
        let located = |value: &Option<toml::Spanned<String>>| {
            value.as_ref().map(|t| Located {
                value: t.get_ref().clone(),
                location: block.locate(t.span().start),
            })
        };
        let template = located(&meta.template);
        let page_template = located(&meta.page_template);
        let dir = canonical
            .strip_suffix("_index.md")
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string();
        let mut section = Section::empty(dir, lang, config);
        section.warnings = block.unknown_keys(SectionFrontMatter::KEYS);
        section.body_start = file.text.len() - split.body.len();
        section.body_line = split.body_line;
        section.template = template;
        section.page_template = page_template;
        section.meta = meta;
        section.file = Some(file);
        Ok(section)
    }

    /// A section with no `_index.md` (an implicit root).
    pub fn empty(dir: String, lang: String, config: &Config) -> Section {
        let segments: Vec<&str> = lang::prefix(&lang, config)
            .split('/')
            .chain(dir.split('/'))
            .filter(|s| !s.is_empty())
            .collect();
        let path = paths::join(&segments);
        let canonical = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        Section {
            rel: lang::localized(&canonical, &lang, config),
            file: None,
            meta: SectionFrontMatter::default(),
            body_start: 0,
            body_line: 1,
            template: None,
            page_template: None,
            permalink: config.permalink(&path),
            path,
            dir,
            lang,
            parent: None,
            ancestors: Vec::new(),
            pages: Vec::new(),
            subsections: Vec::new(),
            assets: Vec::new(),
            rendered: Rendered::default(),
            warnings: Vec::new(),
        }
    }

    /// The Markdown body (empty without `_index.md`).
    pub fn body(&self) -> &str {
        self.file
            .as_ref()
            .map_or("", |f| &f.text[self.body_start..])
    }

    /// The file path below `content/`, as templates name sections: `articles/_index.fr.md`.
    pub fn relative_path(&self) -> String {
        self.rel.clone()
    }

    /// The language-independent path: `articles/_index.md`.
    pub fn canonical(&self) -> String {
        if self.dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", self.dir)
        }
    }

    pub fn is_root(&self) -> bool {
        self.dir.is_empty()
    }
}
