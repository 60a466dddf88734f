//! Rebuilding the served site: the same stages as `loess build` (`build::prepare`, then
//! `render::render_site`), with outputs kept in memory instead of written, compared with the
//! previous build to tell pages exactly what changed.
//!
//! [`plan`] decides how much work a batch of changes needs. Today that is nothing, telling the
//! pages (copied files are read at each request), or a whole new build; an incremental
//! rebuild would add a step between the last two.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;

use super::classify::{classify, ChangeKind};
use super::events::{Event, Failure};
use super::paths::base_path;
use super::state::{Live, Snapshot};
use super::{Rebuilt, Reporter};
use crate::build::{self, BuildOptions};
use crate::error::Result;
use crate::render::{self, CopyJob, Output};
use crate::write;

/// What a batch of changed files needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing the site uses changed.
    Nothing,
    /// Only copied files changed, in place; these output paths now read differently.
    Copies(Vec<String>),
    /// Everything else: content, templates, configuration, files added or removed.
    Build,
}

/// The work `changes` need, given the site served now and which files exist now.
pub fn plan(
    changes: &[(PathBuf, ChangeKind)],
    site: &Snapshot,
    exists: impl Fn(&Path) -> bool,
) -> Plan {
    let mut copies = BTreeSet::new();
    for (path, kind) in changes {
        match kind {
            ChangeKind::Ignored => {}
            ChangeKind::Static | ChangeKind::Style => match (site.copy_of(path), exists(path)) {
                (Some(rel), true) => {
                    copies.insert(rel.to_string());
                }
                // A file the site never had came and went (an editor's temporary file).
                (None, false) if !site.has_source_under(path) => {}
                // A file added or removed: the list of copies changes.
                _ => return Plan::Build,
            },
            _ => return Plan::Build,
        }
    }
    if copies.is_empty() {
        Plan::Nothing
    } else {
        Plan::Copies(copies.into_iter().collect())
    }
}

/// Output paths that differ between two builds: rendered bytes that changed, files added or
/// removed, and copies whose source is among `touched`.
pub fn changed_outputs(old: &Snapshot, new: &Snapshot, touched: &HashSet<&Path>) -> Vec<String> {
    let mut changed = BTreeSet::new();
    for (rel, bytes) in &new.rendered {
        if old.rendered.get(rel) != Some(bytes) {
            changed.insert(rel);
        }
    }
    for (rel, from) in &new.copies {
        if old.copies.get(rel) != Some(from) || touched.contains(from.as_path()) {
            changed.insert(rel);
        }
    }
    let gone = old.rendered.keys().chain(old.copies.keys());
    changed.extend(gone.filter(|rel| !new.has(rel)));
    changed.into_iter().cloned().collect()
}

/// A site built into memory, with what its build reported.
struct Fresh {
    site: Snapshot,
    pages: usize,
    sections: usize,
    warnings: Vec<String>,
}

/// Renders the whole site described by `options` into memory.
fn render_in_memory(options: &BuildOptions) -> Result<Fresh> {
    let prepared = build::prepare(options, &())?;
    let rendered = Mutex::new(HashMap::new());
    render::render_site(&prepared.shared, &prepared.templates, &|output: Output| {
        let bytes = Bytes::from(output.bytes);
        rendered
            .lock()
            .expect("no sink panicked")
            .insert(output.rel, bytes);
        Ok(())
    })?;
    let model = &prepared.shared.site;
    let shown = |file: &crate::load::ContentFile| options.root.join(&file.shown);
    let pages = model.pages.iter().map(|p| (shown(&p.file), p.path.clone()));
    let sections = model
        .sections
        .iter()
        .filter_map(|s| Some((shown(s.file.as_ref()?), s.path.clone())));
    let base = base_path(&model.config.base_url);
    let site = Snapshot {
        rendered: rendered.into_inner().expect("no sink panicked"),
        copies: prepared
            .copies
            .into_iter()
            .map(|c| (c.rel, c.from))
            .collect(),
        pages: pages
            .chain(sections)
            .map(|(file, path)| (file, format!("{base}{}", path.trim_start_matches('/'))))
            .collect(),
        allowed: allowed_dirs(&options.root),
        base_path: base,
    };
    Ok(Fresh {
        site,
        pages: model.pages.len(),
        sections: model.sections.len(),
        warnings: prepared.warnings,
    })
}

/// The site directory and each theme's, resolved: copied files must resolve inside one.
fn allowed_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    if let Ok(themes) = std::fs::read_dir(root.join("themes")) {
        let resolved = themes
            .flatten()
            .filter_map(|t| t.path().canonicalize().ok());
        dirs.extend(resolved);
    }
    dirs
}

/// Turns batches of changed files into new sites and events.
pub struct Rebuilder {
    /// `root` is resolved and `base_url` set to where the site is served.
    pub options: BuildOptions,
    /// Also write each good build there.
    pub write_to: Option<PathBuf>,
    pub live: Arc<Live>,
    pub reporter: Arc<dyn Reporter>,
}

impl Rebuilder {
    /// The first build; when it fails the server starts with an empty site and the error.
    pub fn first(&self) {
        self.build(&[]);
    }

    /// Handles one batch of changed paths (absolute, as the watcher gives them).
    pub fn changed(&self, paths: &[PathBuf]) {
        let changes: Vec<(PathBuf, ChangeKind)> = paths
            .iter()
            .map(|path| (path.clone(), self.kind(path)))
            .filter(|(_, kind)| *kind != ChangeKind::Ignored)
            .collect();
        if changes.is_empty() {
            return;
        }
        let site = self.live.site();
        match plan(&changes, &site, Path::exists) {
            Plan::Nothing => {}
            Plan::Copies(rels) => self.copies_changed(&site, &changes, &rels),
            Plan::Build => self.build(&changes),
        }
    }

    fn kind(&self, path: &Path) -> ChangeKind {
        if self.options.config_file.as_deref() == Some(path) {
            return ChangeKind::Config;
        }
        match path.strip_prefix(&self.options.root) {
            Ok(rel) => classify(rel),
            Err(_) => ChangeKind::Ignored,
        }
    }

    fn shown(&self, changes: &[(PathBuf, ChangeKind)]) -> Vec<PathBuf> {
        let root = &self.options.root;
        let rel = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        changes.iter().map(|(p, _)| rel(p)).collect()
    }

    /// Copied files changed in place: nothing to render, only pages to tell.
    fn copies_changed(&self, site: &Snapshot, changes: &[(PathBuf, ChangeKind)], rels: &[String]) {
        let started = Instant::now();
        self.announce(site, rels, None);
        self.reporter.built(&Rebuilt {
            changed: self.shown(changes),
            rendered: false,
            pages: 0,
            sections: 0,
            outputs_changed: rels.len(),
            elapsed: started.elapsed(),
            warnings: Vec::new(),
        });
        self.write_out(site);
    }

    /// Builds the whole site; a good build replaces the served one, a failed one is reported.
    fn build(&self, changes: &[(PathBuf, ChangeKind)]) {
        let started = Instant::now();
        let fresh = match render_in_memory(&self.options) {
            Ok(fresh) => fresh,
            Err(error) => {
                self.reporter.failed(&error);
                self.live.fail(Failure::new(&error));
                return;
            }
        };
        let Fresh {
            site,
            pages,
            sections,
            warnings,
        } = fresh;
        let old = self.live.swap(site);
        let elapsed = started.elapsed();
        let new = self.live.site();
        let touched: HashSet<&Path> = changes.iter().map(|(p, _)| p.as_path()).collect();
        let changed = changed_outputs(&old, &new, &touched);
        self.live.send(Event::Ok);
        self.announce(&new, &changed, self.primary(&new, changes));
        self.reporter.built(&Rebuilt {
            changed: self.shown(changes),
            rendered: true,
            pages,
            sections,
            outputs_changed: changed.len(),
            elapsed,
            warnings,
        });
        self.write_out(&new);
    }

    /// The page of the first content file among `changes`, to open in follow mode.
    fn primary(&self, site: &Snapshot, changes: &[(PathBuf, ChangeKind)]) -> Option<String> {
        changes
            .iter()
            .filter(|(_, kind)| *kind == ChangeKind::Content)
            .find_map(|(path, _)| site.pages.get(path))
            .cloned()
    }

    /// Tells the pages which outputs changed: stylesheets to swap, other paths to reload.
    fn announce(&self, site: &Snapshot, changed: &[String], primary: Option<String>) {
        let (css, other): (Vec<&String>, Vec<&String>) =
            changed.iter().partition(|rel| rel.ends_with(".css"));
        if !css.is_empty() {
            let paths = css.iter().map(|rel| site.url(rel)).collect();
            self.live.send(Event::Css { paths });
        }
        if !other.is_empty() {
            let paths = other.iter().map(|rel| site.url(rel)).collect();
            self.live.send(Event::Reload { paths, primary });
        }
    }

    /// With `--output-dir`, writes the served site there through the write stage.
    fn write_out(&self, site: &Snapshot) {
        let Some(dir) = &self.write_to else {
            return;
        };
        if let Err(error) = write_site(dir, &self.options.root, site) {
            self.reporter.failed(&error);
        }
    }
}

/// Writes a site held in memory to `dir`, all or nothing, as `loess build` does.
fn write_site(dir: &Path, root: &Path, site: &Snapshot) -> Result<usize> {
    write::check_output_dir(dir, root, false)?;
    let staging = write::Staging::begin(dir)?;
    let copies: Vec<CopyJob> = site
        .copies
        .iter()
        .map(|(rel, from)| CopyJob {
            from: from.clone(),
            rel: rel.clone(),
        })
        .collect();
    staging.copy(&copies)?;
    for (rel, bytes) in &site.rendered {
        staging.write(Output {
            rel: rel.clone(),
            bytes: bytes.to_vec(),
        })?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::*;

    fn site() -> Snapshot {
        let mut site = Snapshot::empty("/");
        site.copies
            .insert("style.css".into(), "/site/static/style.css".into());
        site.copies
            .insert("logo.svg".into(), "/site/static/logo.svg".into());
        site.rendered
            .insert("index.html".into(), Bytes::from_static(b"home"));
        site
    }

    fn change(path: &str, kind: ChangeKind) -> (PathBuf, ChangeKind) {
        (PathBuf::from(path), kind)
    }

    #[test]
    fn copied_files_changed_in_place_render_nothing() {
        let changes = [
            change("/site/static/style.css", Style),
            change("/site/static/logo.svg", Static),
            change("/site/static/style.css", Style),
            change("/site/content/4913", Ignored),
        ];
        assert_eq!(
            plan(&changes, &site(), |_| true),
            Plan::Copies(vec!["logo.svg".into(), "style.css".into()])
        );
    }

    #[test]
    fn a_temporary_file_that_came_and_went_is_nothing() {
        let changes = [change("/site/static/.style.css.tmp", Style)];
        assert_eq!(plan(&changes, &site(), |_| false), Plan::Nothing);
        assert_eq!(plan(&[], &site(), |_| true), Plan::Nothing);
    }

    #[test]
    fn new_or_removed_files_and_sources_rebuild() {
        let site = site();
        let new_file = [change("/site/static/new.png", Static)];
        assert_eq!(plan(&new_file, &site, |_| true), Plan::Build);
        let removed = [change("/site/static/logo.svg", Static)];
        assert_eq!(plan(&removed, &site, |_| false), Plan::Build);
        let moved_away = [change("/site/static", Static)];
        assert_eq!(plan(&moved_away, &site, |_| false), Plan::Build);
        let sass = [change("/site/sass/main.scss", Style)];
        assert_eq!(plan(&sass, &site, |_| true), Plan::Build);
        for kind in [Content, Template, Config] {
            let changes = [
                change("/site/static/logo.svg", Static),
                change("/site/x", kind),
            ];
            assert_eq!(plan(&changes, &site, |_| true), Plan::Build, "{kind:?}");
        }
    }

    #[test]
    fn changed_outputs_compare_bytes_and_sources() {
        let old = site();
        let mut new = site();
        new.rendered
            .insert("a/index.html".into(), Bytes::from_static(b"new page"));
        new.copies.remove("logo.svg");
        let touched: HashSet<&Path> = [Path::new("/site/static/style.css")].into();
        assert_eq!(
            changed_outputs(&old, &new, &touched),
            ["a/index.html", "logo.svg", "style.css"]
        );
        new.rendered
            .insert("index.html".into(), Bytes::from_static(b"home!"));
        assert!(changed_outputs(&old, &new, &HashSet::new()).contains(&"index.html".into()));
        assert!(changed_outputs(&old, &old, &HashSet::new()).is_empty());
    }
}
