//! A page: one Markdown file (or `dir/index.md` with its assets), parsed and placed in the site.

use toml::Spanned;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::{ContentFile, FileToCopy};
use crate::parse::date::{self, Date};
use crate::parse::front_matter::{self, PageFrontMatter};
use crate::parse::markdown::Rendered;
use crate::site::{lang, paths};
use crate::site::{Located, SectionId};
use crate::warning::Warning;

pub(crate) type PageId = usize;

/// A page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: ContentFile,
    pub meta: PageFrontMatter,
    /// Where the Markdown body starts in the file.
    pub body_start: usize,
    pub body_line: usize,
    pub template: Option<Located<String>>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub slug: String,
    /// The language code of the page (`page.fr.md` is in `fr`).
    pub lang: String,
    /// The file's path without its language: translations of one page share it.
    pub canonical: String,
    /// The site path, always with slashes around it: `/articles/ningxia/`.
    pub path: String,
    pub permalink: String,
    /// The directory (below `content/`) whose section the page belongs to: `articles`.
    pub dir: String,
    /// For `dir/index.md`: the directory holding the page and its assets.
    pub bundle_dir: Option<String>,
    /// The section in `dir`, if `dir` is one; a page without it is an orphan.
    pub parent: Option<SectionId>,
    /// Sections from the root down to the parent.
    pub ancestors: Vec<SectionId>,
    /// Asset files of a bundle, relative to `content/`.
    pub assets: Vec<FileToCopy>,
    pub rendered: Rendered,
    /// The neighbours in the parent section's order (Zola's meaning: see `site::sort`).
    pub lower: Option<PageId>,
    pub higher: Option<PageId>,
    /// In a section sorted by a key the page lacks, and in no other section's list: as in
    /// Zola, it is not built (templates still reach it through `get_page`).
    pub unlisted: bool,
    /// Front-matter keys that were not understood, as warnings.
    pub warnings: Vec<Warning>,
}

impl Page {
    /// Parses a page's front matter and works out its slug, path and dates.
    pub fn parse(file: ContentFile, config: &Config) -> Result<Page> {
        let split = front_matter::split(&file.shown, &file.text)?;
        let block = front_matter::Block::of(&file.shown, &split)?;
        let meta: PageFrontMatter = block.deserialize()?;
        let at = |span: std::ops::Range<usize>| block.locate(span.start);
        let (canonical, lang) =
            lang::split_language(&file.rel, config).map_err(|m| Error::file(&file.shown, m))?;
        let (dir, bundle_dir, stem) = placement(&canonical);
        let (stem, file_date) = without_date(stem, config.slugify.paths_keep_dates);
        let (date, updated) = dates(&file, &block, &meta, file_date)?;
        let slug = match &meta.slug {
            Some(s) => paths::checked_slug(s.get_ref(), config.slugify.paths)
                .map_err(|m| Error::at(at(s.span()), m))?,
            None => paths::checked_slug(&stem, config.slugify.paths)
                .map_err(|m| Error::file(&file.shown, format!("file name: {m}")))?,
        };
        let path = match &meta.path {
            Some(p) => paths::checked_path(p.get_ref()).map_err(|m| Error::at(at(p.span()), m))?,
            None => page_path(lang::prefix(&lang, config), &dir, &slug),
        };
        let warnings = block.unknown_keys(PageFrontMatter::KEYS);
        let template = meta.template.as_ref().map(|t| Located {
            value: t.get_ref().clone(),
            location: at(t.span()),
        });
        let body_start = file.text.len() - split.body.len();
        let body_line = split.body_line;
        Ok(Page {
            permalink: config.permalink(&path),
            meta,
            body_start,
            body_line,
            template,
            date,
            updated,
            slug,
            lang,
            canonical,
            warnings,
            path,
            dir,
            bundle_dir,
            file,
            parent: None,
            ancestors: Vec::new(),
            assets: Vec::new(),
            rendered: Rendered::default(),
            lower: None,
            higher: None,
            unlisted: false,
        })
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_start..]
    }

    pub fn title(&self) -> &str {
        self.meta.title.as_deref().unwrap_or("")
    }

    /// The path segments: `["articles", "ningxia"]`.
    pub fn components(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// A date given in front matter as a TOML date or date-time, or as a string.
fn date_value(value: &toml::Value) -> Result<Date, String> {
    match value {
        toml::Value::Datetime(d) => date::parse(&d.to_string()),
        toml::Value::String(s) => date::parse(s),
        other => {
            let kind = other.type_str();
            let article = if kind.starts_with(['a', 'i']) {
                "an"
            } else {
                "a"
            };
            Err(format!("expected a date, found {article} {kind}"))
        }
    }
}

/// Where a page file sits: its section directory, its bundle directory, and the stem its
/// slug comes from. `a/b.md` -> (`a`, None, `b`); `a/b/index.md` -> (`a`, Some(`a/b`), `b`).
fn placement(rel: &str) -> (String, Option<String>, String) {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if stem == "index" && !dir.is_empty() {
        let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        return (parent.to_string(), Some(dir.to_string()), name.to_string());
    }
    (dir.to_string(), None, stem.to_string())
}

/// The path of a page named `slug` in directory `dir` (kept as written, as Zola does), under
/// the language prefix: `/fr/articles/ningxia/`.
fn page_path(prefix: &str, dir: &str, slug: &str) -> String {
    let segments: Vec<&str> = prefix
        .split('/')
        .chain(dir.split('/'))
        .chain([slug])
        .filter(|s| !s.is_empty())
        .collect();
    paths::join(&segments)
}

/// A file name's stem without its date prefix (`2025-03-28-title`), unless dates are kept in
/// paths, and the date it had.
fn without_date(stem: String, keep_dates: bool) -> (String, Option<String>) {
    match date::split_file_name_prefix(&stem) {
        Some((text, rest)) if !keep_dates => (rest.to_string(), Some(text.to_string())),
        Some((text, _)) => (stem.clone(), Some(text.to_string())),
        None => (stem, None),
    }
}

/// The page's `date` (else the date of its file name) and `updated`, an error at the value
/// or the file name when one is not a date.
fn dates(
    file: &ContentFile,
    block: &front_matter::Block,
    meta: &PageFrontMatter,
    file_date: Option<String>,
) -> Result<(Option<Date>, Option<Date>)> {
    let located = |value: &Option<Spanned<toml::Value>>| -> Result<Option<Date>> {
        let at = |v: &Spanned<toml::Value>| block.locate(v.span().start);
        (value.as_ref())
            .map(|v| date_value(v.get_ref()).map_err(|m| Error::at(at(v), m)))
            .transpose()
    };
    let mut date = located(&meta.date)?;
    if let (None, Some(text)) = (&date, file_date) {
        let parsed = date::parse(&text);
        date = Some(parsed.map_err(|m| Error::file(&file.shown, format!("file name: {m}")))?);
    }
    Ok((date, located(&meta.updated)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn page(rel: &str, text: &str) -> Result<Page> {
        let config = Config::parse(
            std::path::Path::new("config.toml"),
            "base_url = \"https://x.org/blog/\"",
        )
        .unwrap();
        let file = ContentFile {
            rel: rel.into(),
            shown: PathBuf::from("content").join(rel),
            text: text.into(),
        };
        Page::parse(file, &config)
    }

    #[test]
    fn paths_from_file_names() {
        let p = page("articles/Hello World.md", "+++\n+++\n").unwrap();
        assert_eq!(
            (p.slug.as_str(), p.path.as_str()),
            ("hello-world", "/articles/hello-world/")
        );
        assert_eq!(p.permalink, "https://x.org/blog/articles/hello-world/");
        let b = page("articles/trip/index.md", "+++\n+++\n").unwrap();
        assert_eq!(
            (b.path.as_str(), b.bundle_dir.as_deref()),
            ("/articles/trip/", Some("articles/trip"))
        );
    }

    #[test]
    fn date_prefix_sets_date_and_leaves_the_slug() {
        let p = page("2025-03-28-ningxia.md", "+++\n+++\n").unwrap();
        assert_eq!(
            (p.slug.as_str(), p.date.unwrap().text.as_str()),
            ("ningxia", "2025-03-28")
        );
        let front = page("2025-03-28_x.md", "+++\ndate = 2024-01-02\n+++\n").unwrap();
        assert_eq!(front.date.unwrap().text, "2024-01-02");
    }

    #[test]
    fn slug_and_path_from_front_matter() {
        let p = page("a/b.md", "+++\nslug = \"My Post\"\n+++\n").unwrap();
        assert_eq!(p.path, "/a/my-post/");
        let p = page("a/b.md", "+++\npath = \"/about\"\n+++\n").unwrap();
        assert_eq!(p.path, "/about/");
        let e = page("a/b.md", "+++\ntitle = \"t\"\npath = \"../../x\"\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "content/a/b.md:3:8: `path` \"../../x\" would leave the output directory"
            ),
            "{e}"
        );
    }

    #[test]
    fn dates_in_front_matter() {
        let p = page(
            "a.md",
            "+++\ndate = \"2025-03-28 10:00:00\"\nupdated = 2025-04-01T08:00:00Z\n+++\n",
        )
        .unwrap();
        assert_eq!(p.date.unwrap().text, "2025-03-28T10:00:00");
        assert_eq!(p.updated.unwrap().text, "2025-04-01T08:00:00Z");
        let e = page("a.md", "+++\ndate = 2025-02-30\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("content/a.md:2:"), "{e}");
        let e = page("a.md", "+++\ndate = \"yesterday\"\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("content/a.md:2:8: invalid date `yesterday`"),
            "{e}"
        );
        let e = page("a.md", "+++\ndate = 5\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("content/a.md:2:8: expected a date, found an integer"),
            "{e}"
        );
    }
}
