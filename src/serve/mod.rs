//! `loess serve`: a live preview. The site is built into memory through the same stages as
//! `loess build` and served over HTTP; when a source file changes it is rebuilt and open pages
//! are told what changed, so they patch themselves in place.
//!
//! `paths` maps request paths to the site and refuses anything else; `classify` sorts changed
//! files; `debounce` and `watch` turn file events into batches; `rebuild` plans and builds,
//! `queue` hands builds to their own thread, `preview` renders an open page alone ahead of
//! its build; `state` holds the served site and swaps in a new one whole; `http` answers
//! requests; `events` streams changes to pages; `inject` adds the page script (`assets/`).
//! Nothing here prints: what happens goes to a [`Reporter`].

mod classify;
mod debounce;
mod events;
mod http;
mod inject;
pub mod paths;
mod preview;
mod queue;
mod rebuild;
mod state;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use classify::{classify, ChangeKind};

use crate::build::BuildOptions;
use crate::config::Mode;
use crate::error::{Error, Result};
use rebuild::Rebuilder;
use state::{Live, Snapshot};

/// How to serve a site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site to build; `base_url`, when set, replaces the server's own address in links.
    pub build: BuildOptions,
    /// Where to listen; port 0 picks a free port.
    pub address: SocketAddr,
    /// Open pages go to the page of the content file just edited.
    pub follow: bool,
    /// Also write each good build to this directory.
    pub write_to: Option<PathBuf>,
}

/// Told what the server does; the command line prints it.
pub trait Reporter: Send + Sync {
    /// The server is listening; the site is at `url`.
    fn serving(&self, url: &str);
    /// A build or a change to copied files succeeded.
    fn built(&self, rebuilt: &Rebuilt);
    /// A build failed (the previous site is still served), or writing `--output-dir` failed.
    fn failed(&self, error: &Error);
    fn warning(&self, message: &str);
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
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
    pub warnings: Vec<String>,
}

/// Builds and serves the site until Ctrl-C, rebuilding it when its sources change.
pub fn serve(options: ServeOptions, reporter: Arc<dyn Reporter>) -> Result<()> {
    let listener = listen(options.address)?;
    let address = listener
        .local_addr()
        .map_err(|e| listen_error(options.address, &e))?;
    if !address.ip().is_loopback() {
        reporter.warning(&format!(
            "serving on {address}: anyone who can reach this machine on the network can read the site"
        ));
    }
    let server_url = format!("http://{address}");
    let mut build = options.build;
    build.root = build
        .root
        .canonicalize()
        .map_err(|e| Error::io(&build.root, e))?;
    build.config_file = build.config_file.map(|f| f.canonicalize().unwrap_or(f));
    let base_url = build.base_url.get_or_insert(server_url.clone()).clone();
    let base_path = paths::base_path(&base_url);
    build.mode = Mode::Serve;
    if let Some(dir) = &options.write_to {
        crate::write::check_output_dir(dir, &build.root, build.force)?;
    }
    let live = Arc::new(Live::new(Snapshot::empty(&base_path), options.follow));
    let rebuilder = Arc::new(Rebuilder::new(
        build,
        options.write_to,
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
        .map_err(|e| listen_error(address, &e))?;
    runtime.block_on(http::run(listener, live))
}

fn listen(address: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(address).map_err(|e| listen_error(address, &e))
}

fn listen_error(address: SocketAddr, error: &std::io::Error) -> Error {
    let message = match error.kind() {
        std::io::ErrorKind::AddrInUse => {
            "the port is in use; choose another with --port, or --port 0 for any free port"
                .to_string()
        }
        std::io::ErrorKind::AddrNotAvailable => {
            "no interface of this machine has this address".to_string()
        }
        _ => error.to_string(),
    };
    Error::Listen {
        address: address.to_string(),
        message,
    }
}
