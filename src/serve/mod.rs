//! `loess serve`: a live preview. The site is built into memory through the same stages as
//! `loess build` and served over HTTP; when a source file changes it is rebuilt and open pages
//! are told what changed, so they patch themselves in place.
//!
//! `address` binds the port and completes the base URL; `paths` maps request paths to the
//! site and refuses anything else; `classify` sorts changed files; `debounce` and `watch`
//! turn file events into batches; `rebuild` plans and builds (into `memory`), `queue` hands builds to their
//! own thread, `preview` renders an open page alone ahead of its build; `state` holds the
//! served site and swaps in a new one whole, `store` writes it to disk; `http` answers
//! requests; `events` are what pages are told and `stream` carries them to each page;
//! `inject` adds the page script (`assets/`).
//! Nothing here prints: what happens goes to a [`Reporter`].

mod address;
mod classify;
mod debounce;
mod events;
mod http;
mod inject;
mod memory;
pub(crate) mod paths;
mod persist;
mod preview;
mod queue;
mod rebuild;
mod state;
mod store;
mod stream;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::build::BuildOptions;
use crate::config::Mode;
use crate::error::{Error, Result};
use crate::warning::Warning;
use rebuild::{Duties, Rebuilder};
use state::{Live, Snapshot};

/// How to serve a site.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site to build. `base_url`, when set, replaces the server's own address in links
    /// (completed as Zola completes `--base-url`); `output_dir` and `force` are for `store`.
    pub build: BuildOptions,
    /// Where to listen; port 0 picks a free port.
    pub address: SocketAddr,
    /// When the port is in use, listen on the next free one above it (for the default port).
    pub next_free_port: bool,
    /// Leaves the server's port out of `build.base_url`.
    pub no_port_append: bool,
    /// Open pages go to the page of the content file just edited.
    pub follow: bool,
    /// Also write each good build to the output directory: `build.output_dir`, or the
    /// configuration's `output_dir`.
    pub store: bool,
    /// Renders every output on each rebuild, reusing none (to measure what reuse saves).
    pub render_all: bool,
    pub watch: WatchOptions,
}

/// What the watcher watches besides the site's sources, and how long it waits.
#[derive(Debug, Clone)]
pub(crate) struct WatchOptions {
    /// Files or directories (relative to the site directory, or absolute) whose changes
    /// rebuild the whole site; each must exist.
    pub extra: Vec<PathBuf>,
    /// How long no file may change before a batch of changes is rebuilt.
    pub debounce: Duration,
}

impl Default for WatchOptions {
    fn default() -> WatchOptions {
        WatchOptions {
            extra: Vec::new(),
            debounce: Duration::from_millis(25),
        }
    }
}

/// Told what the server does; the command line prints it.
pub(crate) trait Reporter: Send + Sync {
    /// The server is listening; the site is at `url`.
    fn serving(&self, url: &str);
    /// A build or a change to copied files succeeded.
    fn built(&self, rebuilt: &Rebuilt);
    /// A build failed (the previous site is still served), or writing `--output-dir` failed.
    fn failed(&self, error: &Error);
    fn warning(&self, warning: &Warning);
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub(crate) struct Rebuilt {
    /// The changed files, relative to the site directory; empty for the first build.
    pub changed: Vec<PathBuf>,
    /// Whether the site was rendered (`false`: only copied files changed).
    pub rendered: bool,
    pub pages: usize,
    pub sections: usize,
    /// How many output files differ from the previous build.
    pub outputs_changed: usize,
    /// How many outputs were rendered, and how many there are: the others kept their text,
    /// as nothing they are rendered from changed.
    pub outputs_rendered: (usize, usize),
    /// From the start of the build to the new site being served.
    pub elapsed: Duration,
    /// The open page of the edited file was pushed ahead of the build, this long after the
    /// change was seen.
    pub shown_after: Option<Duration>,
    pub warnings: Vec<Warning>,
}

/// Builds and serves the site until Ctrl-C, rebuilding it when its sources change.
pub(crate) fn serve(options: ServeOptions, reporter: Arc<dyn Reporter>) -> Result<()> {
    let listener = address::listen(options.address, options.next_free_port)?;
    let address = listener
        .local_addr()
        .map_err(|e| address::listen_error(options.address, &e))?;
    if address.port() != options.address.port() && options.address.port() != 0 {
        reporter.warning(&Warning::new(format!(
            "port {} is in use; serving on port {} instead",
            options.address.port(),
            address.port()
        )));
    }
    if !address.ip().is_loopback() {
        reporter.warning(&Warning::new(format!(
            "serving on {address}: anyone who can reach this machine on the network can read the site"
        )));
    }
    let server_url = format!("http://{address}");
    let mut build = options.build;
    build.root = build
        .root
        .canonicalize()
        .map_err(|e| Error::io(&build.root, e))?;
    build.config_file = build.config_file.map(|f| f.canonicalize().unwrap_or(f));
    build.output_dir = build
        .output_dir
        .map(|d| std::path::absolute(&d).unwrap_or(d));
    let given = build.base_url.take();
    let base_url = address::base_url(given.as_deref(), address, options.no_port_append);
    let base_path = paths::base_path(&base_url);
    build.mode = Mode::Serve;
    build.base_url = Some(base_url);
    if options.store {
        if let Some(dir) = store_dir(&build) {
            crate::write::check_output_dir(&dir, &build.root, build.replaces_existing_output())?;
        }
    }
    let mut watch = options.watch;
    watch.extra = extra_paths(&build.root, &watch.extra)?;
    let live = Arc::new(Live::new(Snapshot::empty(&base_path), options.follow));
    let rebuilder = Arc::new(Rebuilder::new(
        build,
        Duties {
            store: options.store,
            render_all: options.render_all,
            watch,
        },
        live.clone(),
        reporter.clone(),
    ));
    rebuilder.first();
    let builder = rebuilder.clone();
    std::thread::Builder::new()
        .name("loess-build".into())
        .spawn(move || builder.run_builds())
        .map_err(|e| Error::io(std::path::Path::new("build thread"), e))?;
    watch::start(rebuilder)?;
    reporter.serving(&format!("{server_url}{base_path}"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| address::listen_error(address, &e))?;
    runtime.block_on(http::run(listener, live))
}

/// The directory each good build is written to: `--output-dir`, or the configuration's
/// `output_dir`; `None` when the configuration cannot be read yet (the first build says why).
fn store_dir(build: &BuildOptions) -> Option<PathBuf> {
    if let Some(dir) = &build.output_dir {
        return Some(dir.clone());
    }
    let site_dir = crate::load::SiteDir {
        root: build.root.clone(),
        config_file: build.config_file().ok()?,
    };
    let (config, _) = crate::load::read_config(&site_dir).ok()?;
    Some(build.output_dir(&config))
}

/// The extra paths to watch, resolved against the site directory; each must exist.
fn extra_paths(root: &Path, extra: &[PathBuf]) -> Result<Vec<PathBuf>> {
    extra
        .iter()
        .map(|path| {
            let full = root.join(path);
            full.canonicalize().map_err(|e| {
                Error::file(
                    path,
                    format!("cannot watch for changes (--extra-watch-path): {e}"),
                )
            })
        })
        .collect()
}
