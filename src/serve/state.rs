//! The site being served: a complete, immutable [`Snapshot`] held behind a lock and replaced
//! whole when a build finishes, so a request sees either the old site or the new one, never a
//! mix; pages pushed ahead of their build; the state of the last build, with the channel that
//! tells open pages about it, and which pages are open.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use tokio::sync::broadcast;

use super::events::{Event, Failure};

/// One build of the site, in memory.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    /// Rendered files by output path (`articles/a/index.html`).
    pub rendered: HashMap<String, Bytes>,
    /// Files copied unchanged, by output path, with the file they are read from.
    pub copies: HashMap<String, PathBuf>,
    /// The URL path of each content file's page or section, by the file's absolute path
    /// (`/site/content/articles/a.md` → `/articles/a/`).
    pub pages: HashMap<PathBuf, String>,
    /// The path all URLs of the site start with: `/`, or `/blog/`.
    pub base_path: String,
    /// Directories a copied file may resolve into (through symlinks): the site's and themes'.
    pub allowed: Vec<PathBuf>,
}

/// What is served at an output path.
pub(super) enum Found {
    Rendered(Bytes),
    /// A copied file, read from disk at each request.
    File(PathBuf),
}

impl Snapshot {
    /// An empty site, served until the first build succeeds.
    pub(super) fn empty(base_path: &str) -> Snapshot {
        Snapshot {
            base_path: base_path.to_string(),
            ..Snapshot::default()
        }
    }

    /// The file at `rel`: a rendered output wins over a copy, as in `loess build`.
    pub(super) fn find(&self, rel: &str) -> Option<Found> {
        if let Some(bytes) = self.rendered.get(rel) {
            return Some(Found::Rendered(bytes.clone()));
        }
        self.copies.get(rel).map(|from| Found::File(from.clone()))
    }

    pub(super) fn has(&self, rel: &str) -> bool {
        self.rendered.contains_key(rel) || self.copies.contains_key(rel)
    }

    /// The URL path of an output path: `articles/a/index.html` → `/articles/a/`.
    pub(super) fn url(&self, rel: &str) -> String {
        let dir = match rel.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
            _ => rel,
        };
        format!("{}{dir}", self.base_path)
    }

    /// The output path of a copied source file, if it is one.
    pub(super) fn copy_of(&self, source: &Path) -> Option<&str> {
        self.copies
            .iter()
            .find(|(_, from)| from.as_path() == source)
            .map(|(rel, _)| rel.as_str())
    }

    /// Whether a source of this site (content file or copied file) is `path` or below it.
    pub(super) fn has_source_under(&self, path: &Path) -> bool {
        let copies = self.copies.values().map(PathBuf::as_path);
        let pages = self.pages.keys().map(PathBuf::as_path);
        copies.chain(pages).any(|source| source.starts_with(path))
    }

    /// Whether `file` (a resolved, absolute path) is inside the site or one of its themes.
    pub(super) fn allows(&self, file: &Path) -> bool {
        self.allowed.iter().any(|dir| file.starts_with(dir))
    }
}

/// The served site, the last build's outcome, and the pages listening for changes.
pub(super) struct Live {
    site: RwLock<Arc<Snapshot>>,
    failure: RwLock<Option<Failure>>,
    events: broadcast::Sender<Event>,
    /// Pages follow the writer: the page of an edited file is opened.
    pub follow: bool,
    /// The URL paths that open pages show, with how many pages show each.
    open: Mutex<HashMap<String, usize>>,
    /// Pages rendered alone and pushed to open pages ahead of the build that will contain
    /// them, by output path; served instead of the site's version until that build is in.
    previews: Mutex<HashMap<String, Preview>>,
}

/// A page pushed ahead of its build.
#[derive(Debug, Clone)]
pub(super) struct Preview {
    pub bytes: Bytes,
    /// The batch of changes it belongs to: builds of that batch or a later one settle it.
    pub batch: u64,
}

/// What swapping in a build of batches up to `batch` did to the previews.
#[derive(Debug, Default)]
pub(super) struct Settled {
    /// Previews the build settles, with the bytes that were pushed.
    pub pushed: Vec<(String, Bytes)>,
    /// Output paths of previews of later batches: a later build will settle them.
    pub ahead: HashSet<String>,
}

/// Registers an open page while it lives.
pub(super) struct OpenPage {
    live: Arc<Live>,
    path: String,
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut open = self.live.open.lock().expect("no lock holder panicked");
        if let Some(count) = open.get_mut(&self.path) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.path);
            }
        }
    }
}

impl Live {
    pub(super) fn new(site: Snapshot, follow: bool) -> Live {
        Live {
            site: RwLock::new(Arc::new(site)),
            failure: RwLock::new(None),
            events: broadcast::channel(64).0,
            follow,
            open: Mutex::new(HashMap::new()),
            previews: Mutex::new(HashMap::new()),
        }
    }

    /// Records that a page shows `path` until the returned guard is dropped.
    pub(super) fn open_page(self: &Arc<Live>, path: &str) -> OpenPage {
        let mut open = self.open.lock().expect("no lock holder panicked");
        *open.entry(path.to_string()).or_default() += 1;
        OpenPage {
            live: self.clone(),
            path: path.to_string(),
        }
    }

    /// The URL paths that open pages show.
    pub(super) fn open_paths(&self) -> HashSet<String> {
        let open = self.open.lock().expect("no lock holder panicked");
        open.keys().cloned().collect()
    }

    /// Whether a page that shows `path` is open.
    pub(super) fn is_open(&self, path: &str) -> bool {
        let open = self.open.lock().expect("no lock holder panicked");
        open.contains_key(path)
    }

    /// Serves `bytes` at output path `rel` until a build of `batch` is swapped in.
    pub(super) fn preview(&self, rel: &str, bytes: Bytes, batch: u64) {
        let mut previews = self.previews.lock().expect("no lock holder panicked");
        previews.insert(rel.to_string(), Preview { bytes, batch });
    }

    /// The preview at output path `rel`, if there is one.
    pub(super) fn preview_of(&self, rel: &str) -> Option<Bytes> {
        let previews = self.previews.lock().expect("no lock holder panicked");
        previews.get(rel).map(|p| p.bytes.clone())
    }

    /// [`Live::swap`] for a build of the changes up to `batch`, settling its previews.
    pub(super) fn swap_settling(&self, site: Snapshot, batch: u64) -> (Arc<Snapshot>, Settled) {
        let mut previews = self.previews.lock().expect("no lock holder panicked");
        let old = self.swap(site);
        let mut settled = Settled::default();
        previews.retain(|rel, preview| {
            if preview.batch > batch {
                settled.ahead.insert(rel.clone());
                return true;
            }
            settled.pushed.push((rel.clone(), preview.bytes.clone()));
            false
        });
        (old, settled)
    }

    /// The site as it is now; it stays whole for as long as the caller holds it.
    pub(super) fn site(&self) -> Arc<Snapshot> {
        self.site.read().expect("no lock holder panicked").clone()
    }

    /// Replaces the served site and clears a failure; returns the site it replaced.
    pub(super) fn swap(&self, site: Snapshot) -> Arc<Snapshot> {
        *self.failure.write().expect("no lock holder panicked") = None;
        std::mem::replace(
            &mut *self.site.write().expect("no lock holder panicked"),
            Arc::new(site),
        )
    }

    /// Records a failed build (the site stays as it was) and tells the pages.
    pub(super) fn fail(&self, failure: Failure) {
        *self.failure.write().expect("no lock holder panicked") = Some(failure.clone());
        self.send(Event::Error(failure));
    }

    /// Tells every open page; nobody listening is fine.
    pub(super) fn send(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// A new listener: the event that describes the current state, and the stream of changes.
    pub(super) fn subscribe(&self) -> (Event, broadcast::Receiver<Event>) {
        let receiver = self.events.subscribe();
        let current = match &*self.failure.read().expect("no lock holder panicked") {
            Some(failure) => Event::Error(failure.clone()),
            None => Event::Ok,
        };
        (current, receiver)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_outputs() {
        let mut site = Snapshot::empty("/blog/");
        assert_eq!(site.url("index.html"), "/blog/");
        assert_eq!(site.url("a/index.html"), "/blog/a/");
        assert_eq!(site.url("style.css"), "/blog/style.css");
        assert_eq!(site.url("notindex.html"), "/blog/notindex.html");
        site.base_path = "/".into();
        assert_eq!(site.url("a/b/index.html"), "/a/b/");
    }

    #[test]
    fn rendered_files_win_over_copies() {
        let mut site = Snapshot::empty("/");
        site.copies.insert("a.txt".into(), "/src/a.txt".into());
        site.rendered
            .insert("a.txt".into(), Bytes::from_static(b"x"));
        assert!(matches!(site.find("a.txt"), Some(Found::Rendered(_))));
        assert_eq!(site.copy_of(Path::new("/src/a.txt")), Some("a.txt"));
        assert!(site.find("b.txt").is_none());
    }

    #[test]
    fn previews_are_served_until_a_build_of_their_batch() {
        let live = Live::new(Snapshot::empty("/"), false);
        live.preview("a/index.html", Bytes::from_static(b"a1"), 1);
        live.preview("b/index.html", Bytes::from_static(b"b2"), 2);
        assert_eq!(live.preview_of("a/index.html").as_deref(), Some(&b"a1"[..]));
        let (_, settled) = live.swap_settling(Snapshot::empty("/"), 1);
        assert_eq!(
            settled.pushed,
            [("a/index.html".to_string(), Bytes::from_static(b"a1"))]
        );
        assert_eq!(settled.ahead, HashSet::from(["b/index.html".to_string()]));
        assert_eq!(live.preview_of("a/index.html"), None);
        assert!(live.preview_of("b/index.html").is_some());
        let (_, settled) = live.swap_settling(Snapshot::empty("/"), 3);
        assert_eq!((settled.pushed.len(), settled.ahead.len()), (1, 0));
        assert_eq!(live.preview_of("b/index.html"), None);
    }

    #[test]
    fn open_pages_are_counted_while_their_streams_live() {
        let live = Arc::new(Live::new(Snapshot::empty("/"), false));
        let first = live.open_page("/a/");
        let second = live.open_page("/a/");
        assert!(live.is_open("/a/") && !live.is_open("/b/"));
        drop(first);
        assert!(live.is_open("/a/"));
        drop(second);
        assert!(!live.is_open("/a/"));
    }

    #[test]
    fn a_swap_clears_the_failure() {
        let live = Live::new(Snapshot::empty("/"), false);
        live.fail(Failure {
            file: None,
            line: None,
            column: None,
            message: "m".into(),
        });
        assert!(matches!(live.subscribe().0, Event::Error(_)));
        live.swap(Snapshot::empty("/"));
        assert_eq!(live.subscribe().0, Event::Ok);
    }
}
