//! Rebuilding the served site: the same stages as `loess build` (`build::prepare`, then
//! `build::run`), with outputs kept in memory instead of written (`memory`), compared with the
//! previous build to tell pages exactly what changed.
//!
//! [`plan`] decides how much work a batch of changes needs: nothing, telling the pages (copied
//! files are read at each request), or a whole new build. Before a build, the open page of a
//! body-only edit is rendered alone and pushed (`preview`); the build then runs on its own
//! thread and settles it. Builds keep the Markdown of unchanged files from one to the next.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::classify::{classify, classify_extra, ChangeKind};
use super::events::{Event, Failure};
use super::inject::{inject, script_tag};
use super::memory::{render_in_memory, Fresh};
use super::persist::Persisted;
use super::preview;
use super::queue::{Queue, Wanted};
use super::state::{Live, Settled, Snapshot};
use super::store::write_site;
use super::{Rebuilt, Reporter, WatchOptions};
use crate::build::{BuildOptions, Prepared};
use crate::render::memo::Memo;
use crate::render::Output;
use crate::site::MarkdownCache;

/// What a batch of changed files needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Plan {
    /// Nothing the site uses changed.
    Nothing,
    /// Only copied files changed, in place; these output paths now read differently.
    Copies(Vec<String>),
    /// Everything else: content, templates, configuration, files added or removed.
    Build,
}

/// The work `changes` need, given the site served now and which files exist now.
pub(super) fn plan(
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
pub(super) fn changed_outputs(
    old: &Snapshot,
    new: &Snapshot,
    touched: &HashSet<&Path>,
) -> Vec<String> {
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

/// Which outputs to tell open pages about after a build: those that differ from the previous
/// build, except where a preview was pushed: those are told only when the build's bytes differ
/// from the pushed ones, and those of previews still ahead of this build not at all.
pub(super) fn to_announce(
    old: &Snapshot,
    new: &Snapshot,
    touched: &HashSet<&Path>,
    settled: &Settled,
) -> Vec<String> {
    let mut changed: BTreeSet<String> = changed_outputs(old, new, touched).into_iter().collect();
    for (rel, pushed) in &settled.pushed {
        if new.rendered.get(rel) == Some(pushed) {
            changed.remove(rel);
        } else {
            changed.insert(rel.clone());
        }
    }
    changed.retain(|rel| !settled.ahead.contains(rel));
    changed.into_iter().collect()
}

/// What read a file while a site was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    Templates,
    Markdown,
}

/// Whether the build of `model` read one of the changed files, and what did (Markdown first).
fn read_by(model: &Prepared, changes: &[(PathBuf, ChangeKind)]) -> Option<Reader> {
    let files = || changes.iter().map(|(path, _)| path.as_path());
    if files().any(|f| model.markdown_statics.has_read(f)) {
        return Some(Reader::Markdown);
    }
    files()
        .any(|f| model.statics.has_read(f))
        .then_some(Reader::Templates)
}

/// What a rebuilder does besides building: what else it watches, and whether it writes.
#[derive(Debug, Clone)]
pub(super) struct Duties {
    /// Writes each good build to the output directory (the model's `output_dir`).
    pub store: bool,
    /// Renders every output again on each rebuild (`--render-all`).
    pub render_all: bool,
    pub watch: WatchOptions,
}

/// Turns batches of changed files into new sites and events. The watcher hands it batches
/// ([`Rebuilder::changed`]); builds run on a thread of their own ([`Rebuilder::run_builds`]),
/// so the watcher can push the next edit's page while a build runs.
pub(super) struct Rebuilder {
    /// `root` is resolved and `base_url` set to where the site is served.
    pub options: BuildOptions,
    pub duties: Duties,
    pub live: Arc<Live>,
    pub reporter: Arc<dyn Reporter>,
    /// The last good build's model, which previews render with.
    model: Mutex<Option<Arc<Prepared>>>,
    /// Rendered Markdown of the last build, for the next.
    cache: MarkdownCache,
    /// The build cache on disk, which the Markdown comes from at first and goes back to.
    persisted: Persisted,
    /// What the outputs of the served site were rendered from (see `render::memo`).
    memo: Mutex<Option<Memo>>,
    queue: Queue,
    /// The file and text last pushed as a preview (not pushed twice), and how long the push
    /// took when it was made before its batch was complete.
    previewed: Mutex<Option<(PathBuf, String)>>,
    shown_early: Mutex<Option<Duration>>,
}

impl Rebuilder {
    pub(super) fn new(
        options: BuildOptions,
        duties: Duties,
        live: Arc<Live>,
        reporter: Arc<dyn Reporter>,
    ) -> Rebuilder {
        let (persisted, cache) = Persisted::open(&options);
        Rebuilder {
            persisted,
            options,
            duties,
            live,
            reporter,
            model: Mutex::new(None),
            cache,
            memo: Mutex::new(None),
            queue: Queue::default(),
            previewed: Mutex::new(None),
            shown_early: Mutex::new(None),
        }
    }

    /// The first build; when it fails the server starts with an empty site and the error.
    pub(super) fn first(&self) {
        self.build(Wanted::default());
    }

    /// Runs the builds asked for, one after the other; never returns.
    pub(super) fn run_builds(&self) {
        loop {
            self.build(self.queue.take());
        }
    }

    /// Handles one batch of changed paths (absolute, as the watcher gives them).
    pub(super) fn changed(&self, paths: &[PathBuf]) {
        let changes = self.kinds(paths.iter());
        if changes.is_empty() {
            return;
        }
        let site = self.live.site();
        match plan(&changes, &site, Path::exists) {
            Plan::Nothing => {}
            Plan::Copies(rels) => {
                // A file templates hash (`cachebust`) changes the pages too: the build that
                // follows reports the change; the new file is announced at once all the same.
                let read = (self.model()).is_some_and(|m| read_by(&m, &changes).is_some());
                if read {
                    self.announce(&site, &rels, None);
                    self.queue.ask(&changes, None);
                } else {
                    self.copies_changed(&site, &changes, &rels);
                }
            }
            Plan::Build => {
                let early = self
                    .shown_early
                    .lock()
                    .expect("no previewer panicked")
                    .take();
                let shown_after = (self.preview(&changes, &site))
                    .or_else(|| self.preview_templates(&changes, &site))
                    .or(early);
                self.queue.ask(&changes, shown_after);
            }
        }
    }

    /// `path` was written in full while `pending` (which holds it) waits for its burst to end.
    /// A body edit of an open page is pushed now; returns whether the pending paths should be
    /// handled now rather than at the end of the burst, as copied files can (a stylesheet).
    pub(super) fn completed(&self, pending: &[&PathBuf], path: &Path) -> bool {
        let changes = self.kinds(pending.iter().copied());
        let copied = |kind: &ChangeKind| matches!(kind, ChangeKind::Static | ChangeKind::Style);
        match self.kind(path) {
            kind if copied(&kind) => changes.iter().all(|(_, kind)| copied(kind)),
            ChangeKind::Content => {
                if let Some(shown) = self.preview(&changes, &self.live.site()) {
                    *self.shown_early.lock().expect("no previewer panicked") = Some(shown);
                }
                false
            }
            _ => false,
        }
    }

    /// The last good build's model.
    fn model(&self) -> Option<Arc<Prepared>> {
        self.model.lock().expect("no builder panicked").clone()
    }

    /// The paths that are part of the site, with their kinds.
    fn kinds<'a>(&self, paths: impl Iterator<Item = &'a PathBuf>) -> Vec<(PathBuf, ChangeKind)> {
        paths
            .map(|path| (path.clone(), self.kind(path)))
            .filter(|(_, kind)| *kind != ChangeKind::Ignored)
            .collect()
    }

    fn kind(&self, path: &Path) -> ChangeKind {
        if self.options.config_file.as_deref() == Some(path) {
            return ChangeKind::Config;
        }
        let kind = match path.strip_prefix(&self.options.root) {
            Ok(rel) => classify(rel),
            Err(_) => ChangeKind::Ignored,
        };
        // A file elsewhere in the site that templates read (`load_data(path="authors.toml")`)
        // is a source too.
        let read = |m: &Prepared| m.statics.has_read(path) || m.markdown_statics.has_read(path);
        if kind == ChangeKind::Ignored && self.model().is_some_and(|m| read(&m)) {
            return ChangeKind::Static;
        }
        let extra = self.duties.watch.extra.iter();
        match extra.filter_map(|dir| path.strip_prefix(dir).ok()).next() {
            Some(rel) if kind == ChangeKind::Ignored && !self.is_output(path) => {
                classify_extra(rel)
            }
            _ => kind,
        }
    }

    /// Whether `path` is in the output directory each build is written to (which an extra
    /// watched path may hold: its changes are the server's own).
    fn is_output(&self, path: &Path) -> bool {
        self.duties.store
            && self
                .model()
                .is_some_and(|m| path.starts_with(&m.output_dir))
    }

    /// When `changes` are one content file whose page is open, renders that page alone and
    /// pushes it (see `preview`); returns how long that took.
    fn preview(&self, changes: &[(PathBuf, ChangeKind)], site: &Snapshot) -> Option<Duration> {
        let started = Instant::now();
        let [(path, ChangeKind::Content)] = changes else {
            return None;
        };
        let url = site.pages.get(path)?;
        if !self.live.is_open(url) {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        let mut previewed = self.previewed.lock().expect("no previewer panicked");
        if previewed.as_ref() == Some(&(path.clone(), text.clone())) {
            return None;
        }
        let model = self.model()?;
        let rel = self.content_rel(path)?;
        // A failure is the build's to report, with every other problem.
        let output = preview::render(&model, &rel, &text)?.ok()?;
        self.push(url, output, self.queue.next_batch());
        *previewed = Some((path.clone(), text));
        Some(started.elapsed())
    }

    /// When `changes` are templates only, renders the open pages with the templates loaded
    /// again, and pushes those that change; returns how long that took.
    fn preview_templates(
        &self,
        changes: &[(PathBuf, ChangeKind)],
        site: &Snapshot,
    ) -> Option<Duration> {
        let started = Instant::now();
        if !changes
            .iter()
            .all(|(_, kind)| *kind == ChangeKind::Template)
        {
            return None;
        }
        let open = self.live.open_paths();
        let shown: Vec<(&PathBuf, &String)> = (site.pages.iter())
            .filter(|(_, url)| open.contains(*url))
            .collect();
        if shown.is_empty() {
            return None;
        }
        let model = self.model()?;
        // Templates that do not load are the build's to report.
        let templates = preview::reload_templates(&model, &self.options.root).ok()?;
        let batch = self.queue.next_batch();
        for (file, url) in shown {
            let rel = self.content_rel(file);
            let rendered = rel.and_then(|rel| preview::render_with(&model, &templates, &rel));
            if let Some(Ok(output)) = rendered {
                if site.rendered.get(&output.rel).map(|b| &b[..]) != Some(&output.bytes[..]) {
                    self.push(url, output, batch);
                }
            }
        }
        Some(started.elapsed())
    }

    /// The path of a content file below `content/`, as the model names it.
    fn content_rel(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(self.options.root.join("content")).ok()?;
        Some(rel.to_str()?.replace('\\', "/"))
    }

    /// Serves `output`, the page at URL path `url`, until a build of `batch` is in, and sends
    /// it to the pages that show it.
    fn push(&self, url: &str, output: Output, batch: u64) {
        let bytes = Bytes::from(output.bytes);
        self.live.preview(&output.rel, bytes.clone(), batch);
        let html = inject(&bytes, &script_tag(self.live.follow));
        let html = String::from_utf8_lossy(&html).into();
        self.live.send(Event::Page {
            path: url.to_string(),
            html,
        });
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
            outputs_rendered: (0, site.rendered.len()),
            elapsed: started.elapsed(),
            shown_after: None,
            warnings: Vec::new(),
        });
        self.write_out(site);
    }

    /// Builds the whole site; a good build replaces the served one, a failed one is reported.
    fn build(&self, wanted: Wanted) {
        let started = Instant::now();
        let Wanted {
            changes,
            batch,
            shown_after,
            ..
        } = wanted;
        // Markdown is rendered with the configuration and templates (shortcodes, anchor
        // links), which may read files: when they change, all of it is rendered again.
        let with = |(_, kind): &(PathBuf, ChangeKind)| {
            matches!(kind, ChangeKind::Config | ChangeKind::Template)
        };
        let read = self.model().and_then(|m| read_by(&m, &changes));
        if changes.iter().any(with) || read == Some(Reader::Markdown) {
            self.cache.clear();
        }
        let served = self.live.site();
        let mut memo = self.memo.lock().expect("no builder panicked");
        let reuse = !self.duties.render_all;
        let previous = (memo.as_ref())
            .filter(|_| reuse)
            .map(|memo| (served.as_ref(), memo));
        let fresh = match render_in_memory(&self.options, &self.cache, previous) {
            Ok(fresh) => fresh,
            Err(error) => {
                self.reporter.failed(&error);
                self.live.fail(Failure::new(&error));
                return;
            }
        };
        let Fresh {
            site,
            model,
            warnings,
            memo: next,
            rendered,
        } = fresh;
        let warnings = [self.persisted.take_notes(), warnings].concat();
        let (pages, sections) = (
            model.shared.site.pages.len(),
            model.shared.site.sections.len(),
        );
        let (old, settled) = self.live.swap_settling(site, batch);
        let old_memo = memo.replace(next);
        drop(memo);
        let replaced = self
            .model
            .lock()
            .expect("no builder panicked")
            .replace(model);
        let elapsed = started.elapsed();
        let new = self.live.site();
        let touched: HashSet<&Path> = changes.iter().map(|(p, _)| p.as_path()).collect();
        let announced = to_announce(&old, &new, &touched, &settled);
        self.live.send(Event::Ok);
        self.announce(&new, &announced, self.primary(&new, &changes));
        self.reporter.built(&Rebuilt {
            changed: self.shown(&changes),
            rendered: true,
            pages,
            sections,
            outputs_changed: changed_outputs(&old, &new, &touched).len(),
            outputs_rendered: rendered,
            elapsed,
            shown_after,
            warnings,
        });
        self.write_out(&new);
        let read = (self.model()).map_or_else(Vec::new, |m| m.markdown_statics.read_files());
        self.persisted.save(&self.cache, read);
        // The previous model and site are let go last, off the way to the page.
        drop((replaced, old, old_memo, served));
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
        // In follow mode pages go to the edited page even when only that page changed (and
        // was pushed already).
        if !other.is_empty() || (self.live.follow && primary.is_some()) {
            let paths = other.iter().map(|rel| site.url(rel)).collect();
            self.live.send(Event::Reload { paths, primary });
        }
    }

    /// With `--store-html` or `--output-dir`, writes the served site to the output directory
    /// through the write stage.
    fn write_out(&self, site: &Snapshot) {
        let Some(model) = self.model().filter(|_| self.duties.store) else {
            return;
        };
        let keep_dotfiles = model.shared.site.config.preserve_dotfiles_in_output;
        let written = write_site(&model.output_dir, &self.options, site, keep_dotfiles);
        if let Err(error) = written {
            self.reporter.failed(&error);
        }
    }
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

    #[test]
    fn pushed_pages_are_announced_only_where_the_build_differs() {
        let old = site();
        let mut new = site();
        for (rel, bytes) in [
            ("a/index.html", "a"),
            ("b/index.html", "b"),
            ("c/index.html", "c"),
        ] {
            new.rendered
                .insert(rel.into(), Bytes::from_static(bytes.as_bytes()));
        }
        let settled = Settled {
            pushed: vec![
                // As built: nothing more to tell.
                ("a/index.html".into(), Bytes::from_static(b"a")),
                // Pushed, but the build differs (say, the page lists itself).
                ("b/index.html".into(), Bytes::from_static(b"b?")),
                // Pushed, then edited back: the build equals the previous one, not the push.
                ("index.html".into(), Bytes::from_static(b"home, edited")),
            ],
            // A later edit was pushed: the next build tells.
            ahead: ["c/index.html".to_string()].into(),
        };
        assert_eq!(
            to_announce(&old, &new, &HashSet::new(), &settled),
            ["b/index.html", "index.html"]
        );
    }
}
