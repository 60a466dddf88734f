//! The load stage: reads everything a build needs from the site directory.
//!
//! Configuration, content files (as checked UTF-8 text), templates of the site and its theme,
//! Sass compiled to CSS (`sass`), and the lists of static files and content assets to copy.
//! Later stages never read the disk but through `statics` (files templates name) and
//! `remote` (data templates fetch), when a template asks.

pub(crate) mod highlighting;
pub(crate) mod remote;
pub(crate) mod sass;
mod statics;

pub(crate) use statics::{Found, Located, StaticFiles};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fs;
use crate::parse::code::Highlighter;

/// Everything read from a site directory.
#[derive(Debug)]
pub(crate) struct Sources {
    pub config: Config,
    /// Markdown files under `content/`, ordered by path.
    pub content: Vec<ContentFile>,
    /// Other files under `content/`: assets of pages and sections.
    pub assets: Vec<FileToCopy>,
    /// Templates by name; the site's own override the theme's.
    pub templates: Vec<TemplateFile>,
    /// Files of `static/` and the theme's `static/`, by output path; the site's override.
    /// The site's `static/processed_images/` is not among them: a build copies the
    /// processed images it asks for (see `images`).
    pub static_files: Vec<FileToCopy>,
    /// Stylesheets compiled from the theme's `sass/` and (with `compile_sass`) the site's,
    /// and those of class-style code highlighting.
    pub styles: Vec<sass::Stylesheet>,
    /// The code highlighter, when `[markdown.highlighting]` asks for one.
    pub highlighter: Option<Arc<Highlighter>>,
}

/// A Markdown file of the site.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// The path below `content/`, with `/` separators: `articles/ningxia.md`.
    pub rel: String,
    /// The path shown in messages: `content/articles/ningxia.md`.
    pub shown: PathBuf,
    pub text: String,
}

/// A template and the name templates use for it.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub shown: PathBuf,
    pub text: String,
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub struct FileToCopy {
    pub from: PathBuf,
    /// The path relative to its directory (`content/` or `static/`), with `/` separators.
    pub rel: String,
}

/// A file copied unchanged into the output directory, at `rel`.
#[derive(Debug, Clone)]
pub struct CopyJob {
    pub from: PathBuf,
    pub rel: String,
    /// Hard-linked rather than copied, where the file system allows (`hard_link_static`).
    pub link: bool,
}

/// The directory under `static/` where processed images are kept between builds (and whose
/// files are served from the same place in the output).
pub(crate) const PROCESSED_DIR: &str = "processed_images";

/// Where the site is and which configuration file it uses.
#[derive(Debug, Clone)]
pub(crate) struct SiteDir {
    pub root: PathBuf,
    pub config_file: PathBuf,
}

impl SiteDir {
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Reads the configuration file, with its text for later error messages.
pub(crate) fn read_config(site: &SiteDir) -> Result<(Config, String)> {
    let shown = site.shown(&site.config_file);
    let text = fs::read_text(&site.config_file, &shown)?;
    Ok((Config::parse(&shown, &text)?, text))
}

/// Reads the whole site described by `site`, with `config` already read.
pub(crate) fn load(site: &SiteDir, mut config: Config, config_text: &str) -> Result<Sources> {
    if config.markdown.highlighting.is_some() {
        highlighting::preload();
    }
    let theme_dir = match config.theme_name() {
        Some(name) => {
            let dir = site.root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(config.missing_theme(&site.shown(&site.config_file), config_text));
            }
            merge_theme_extra(site, &mut config, &dir)?;
            Some(dir)
        }
        None => None,
    };
    let (markdown, assets) = list_content(site, &config)?;
    let content = read_content(site, &markdown)?;
    let mut template_dirs = Vec::new();
    let mut static_dirs = Vec::new();
    let theme_name = config.theme_name().map(str::to_string);
    if let (Some(dir), Some(name)) = (&theme_dir, theme_name.as_deref()) {
        template_dirs.push((dir.join("templates"), Some(name)));
        static_dirs.push(dir.join("static"));
    }
    template_dirs.push((site.root.join("templates"), None));
    static_dirs.push(site.root.join("static"));
    let processed = site.root.join("static").join(PROCESSED_DIR);
    let static_files = list_static(site, &static_dirs, &processed, &config)?;
    let mut sass_dirs: Vec<PathBuf> = theme_dir.iter().map(|d| d.join("sass")).collect();
    if config.compile_sass {
        sass_dirs.push(site.root.join("sass"));
    }
    let mut styles = sass::compile(&sass_dirs, &|p: &Path| site.shown(p))?;
    let highlighter = match config.markdown.highlighting.clone() {
        Some(settings) => {
            let highlighter =
                highlighting::load(site, &settings, config_text, &mut config.warnings)?;
            styles.extend(highlighting::stylesheets(
                &highlighter,
                &settings,
                &static_files,
                &mut config.warnings,
            ));
            Some(highlighter)
        }
        None => None,
    };
    Ok(Sources {
        highlighter,
        templates: read_templates(site, &template_dirs)?,
        config,
        content,
        assets,
        static_files,
        styles,
    })
}

/// The templates of the site in `root` and of its theme, read alone (the live preview reads
/// them again when one is saved); `config` is the site's, read before.
pub(crate) fn load_templates(root: &Path, config: &Config) -> Result<Vec<TemplateFile>> {
    let site = SiteDir {
        root: root.to_path_buf(),
        config_file: PathBuf::new(),
    };
    let mut dirs = Vec::new();
    if let Some(name) = config.theme_name() {
        dirs.push((root.join("themes").join(name).join("templates"), Some(name)));
    }
    dirs.push((root.join("templates"), None));
    read_templates(&site, &dirs)
}

/// Hidden files and editors' backup files are never part of a site.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// Files below `dir` (following symlinks, in name order), each with its `/`-separated relative
/// path; hidden and backup files are left out.
fn walk_files(site: &SiteDir, dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    walk(site, dir, is_ignored)
}

/// Files below `dir` as [`walk_files`] finds them, leaving out those whose name `skip` says.
fn walk(site: &SiteDir, dir: &Path, skip: fn(&str) -> bool) -> Result<Vec<(PathBuf, String)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !skip(&e.file_name().to_string_lossy()))
    {
        let entry = entry.map_err(|e| walk_error(site, dir, e))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths below its root");
        let Some(rel_str) = rel.to_str() else {
            let shown = site.shown(entry.path());
            return Err(Error::file(&shown, "file name is not valid UTF-8"));
        };
        files.push((entry.path().to_path_buf(), rel_str.replace('\\', "/")));
    }
    Ok(files)
}

fn walk_error(site: &SiteDir, dir: &Path, e: walkdir::Error) -> Error {
    let path = e.path().unwrap_or(dir).to_path_buf();
    let shown = site.shown(&path);
    if let Some(ancestor) = e.loop_ancestor() {
        let message = format!(
            "symbolic link loop: it leads back to {}",
            site.shown(ancestor).display()
        );
        return Error::file(&shown, message);
    }
    let dangling = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
        && !path.exists();
    if dangling {
        let target = std::fs::read_link(&path).unwrap_or_default();
        let message = format!(
            "broken symbolic link: its target {} does not exist",
            target.display()
        );
        return Error::file(&shown, message);
    }
    match e.into_io_error() {
        Some(io) => Error::io(&shown, io),
        None => Error::file(&shown, "cannot be read"),
    }
}

/// The `[extra]` of the theme's `theme.toml`, under the site's own.
fn merge_theme_extra(site: &SiteDir, config: &mut Config, theme_dir: &Path) -> Result<()> {
    let path = theme_dir.join("theme.toml");
    if !path.is_file() {
        return Ok(());
    }
    let shown = site.shown(&path);
    let text = fs::read_text(&path, &shown)?;
    let table: toml::Table = crate::toml_text::deserialize(&shown, &text, 1)?;
    match table.get("extra") {
        Some(toml::Value::Table(extra)) => config.merge_theme_extra(&shown, extra),
        _ => Ok(()),
    }
}

/// The Markdown files and the other files under `content/`, without `ignored_content`.
fn list_content(site: &SiteDir, config: &Config) -> Result<(Vec<FileToCopy>, Vec<FileToCopy>)> {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    for (path, rel) in walk_files(site, &site.root.join("content"))? {
        if config.is_ignored_content(&rel) {
            continue;
        }
        let file = FileToCopy { from: path, rel };
        if file.rel.ends_with(".md") {
            markdown.push(file);
        } else {
            assets.push(file);
        }
    }
    Ok((markdown, assets))
}

fn read_content(site: &SiteDir, files: &[FileToCopy]) -> Result<Vec<ContentFile>> {
    let results: Vec<Result<ContentFile>> = files
        .par_iter()
        .map(|file| {
            let shown = site.shown(&file.from);
            let text = fs::read_text(&file.from, &shown)?;
            Ok(ContentFile {
                rel: file.rel.clone(),
                shown,
                text,
            })
        })
        .collect();
    collect_all(results)
}

/// All values, or every error at once.
fn collect_all<T>(results: Vec<Result<T>>) -> Result<Vec<T>> {
    let mut values = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors).map(|()| values)
}

/// Reads templates from each directory in order; a later directory overrides an earlier one.
/// Theme templates are also reachable as `THEME/templates/NAME`, so a site template can extend them.
fn read_templates(site: &SiteDir, dirs: &[(PathBuf, Option<&str>)]) -> Result<Vec<TemplateFile>> {
    let mut by_name = BTreeMap::new();
    for (dir, theme) in dirs {
        for (path, rel) in walk_files(site, dir)? {
            let shown = site.shown(&path);
            let text = fs::read_text(&path, &shown)?;
            if let Some(theme) = theme {
                let name = format!("{theme}/templates/{rel}");
                by_name.insert(
                    name.clone(),
                    TemplateFile {
                        name,
                        shown: shown.clone(),
                        text: text.clone(),
                    },
                );
            }
            by_name.insert(
                rel.clone(),
                TemplateFile {
                    name: rel,
                    shown,
                    text,
                },
            );
        }
    }
    Ok(by_name.into_values().collect())
}

/// The files of the static directories, but those below `processed` (`resize_image`'s
/// results, copied when a build uses them). As in Zola, every file is copied, hidden files
/// (`.well-known/`, `.htaccess`) and editors' backups included, unless `ignored_static` says.
fn list_static(
    site: &SiteDir,
    dirs: &[PathBuf],
    processed: &Path,
    config: &Config,
) -> Result<Vec<FileToCopy>> {
    let mut by_rel = BTreeMap::new();
    for dir in dirs {
        for (from, rel) in walk(site, dir, |_| false)? {
            if config.is_ignored_static(&rel) || from.starts_with(processed) {
                continue;
            }
            by_rel.insert(rel.clone(), FileToCopy { from, rel });
        }
    }
    Ok(by_rel.into_values().collect())
}
