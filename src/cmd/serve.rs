//! `loess serve`: builds the site into memory, serves it, and rebuilds it on every change;
//! prints the address, each rebuild, and errors exactly as `loess build` does.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;

use super::build::CacheArgs;
use super::{report, Cli};
use crate::config::Mode;
use crate::error::{Error, Result};
use crate::serve::{self, Rebuilt, Reporter, ServeOptions, WatchOptions};
use crate::{BuildOptions, Warning};

/// The port Zola and Loess serve on by default; when it is in use, the next free one is taken.
const DEFAULT_PORT: u16 = 1111;

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// The interface to listen on; anything but loopback makes the site visible to the network.
    #[arg(short, long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    interface: IpAddr,
    /// The port to listen on; 0 picks a free one. When 1111 is in use, the next free port is
    /// taken (the URL printed says which); another port in use is an error.
    #[arg(short, long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    open: bool,
    /// Include draft pages and sections.
    #[arg(long)]
    drafts: bool,
    /// Use this base URL in links instead of the server's address: a bare host gets http://,
    /// and the port is appended unless the URL names one (a sub-path is kept: the site is then
    /// served under it).
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Do not append the port to --base-url (without --base-url, links use the server's
    /// address, port included).
    #[arg(long)]
    no_port_append: bool,
    /// Also write each good build to this directory (as --store-html does to the
    /// configuration's output directory).
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Also write each good build to the output directory (public/ unless --output-dir or
    /// output_dir says otherwise), all or nothing, as `loess build` does.
    #[arg(long)]
    store_html: bool,
    /// With --output-dir: replace the directory even if it exists and is not empty (the
    /// configured output directory, which --store-html writes, is always replaced).
    #[arg(long)]
    force: bool,
    /// Another file or directory (relative to the site) whose changes rebuild the site; may be
    /// given more than once.
    #[arg(long, value_name = "PATH")]
    extra_watch_path: Vec<PathBuf>,
    /// Milliseconds without a file change before the site is rebuilt.
    #[arg(short, long, value_name = "MS", default_value_t = 25,
          value_parser = clap::value_parser!(u64).range(1..))]
    debounce: u64,
    /// Accepted for Zola's command line, and always the case: a rebuild renders again only the
    /// outputs whose inputs changed, and gives what a full build gives.
    #[arg(short, long)]
    fast: bool,
    /// Open pages go to the page of the content file just edited.
    #[arg(long)]
    follow: bool,
    /// Render every output again on each rebuild instead of only what changed (to measure
    /// what reuse saves; the result is the same).
    #[arg(long)]
    render_all: bool,
    #[command(flatten)]
    cache: CacheArgs,
}

pub(super) fn run(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let options = ServeOptions {
        build: BuildOptions {
            root: cli.root.clone(),
            config_file: cli.config.clone(),
            output_dir: args.output_dir.clone(),
            base_url: args.base_url.clone(),
            drafts: args.drafts,
            force: args.force,
            minify: false,
            skip_anchor_check: false,
            mode: Mode::Serve,
            timings: false,
            cache_dir: args.cache.dir(),
        },
        address: SocketAddr::new(args.interface, args.port),
        next_free_port: args.port == DEFAULT_PORT,
        no_port_append: args.no_port_append,
        follow: args.follow,
        store: args.store_html || args.output_dir.is_some(),
        render_all: args.render_all,
        watch: WatchOptions {
            extra: args.extra_watch_path.clone(),
            debounce: Duration::from_millis(args.debounce),
        },
    };
    let printer = Printer {
        quiet: cli.quiet,
        open: args.open,
        warned: Mutex::new(HashSet::new()),
    };
    serve::serve(options, Arc::new(printer))
}

/// Prints what the server does; each warning once.
struct Printer {
    quiet: bool,
    open: bool,
    warned: Mutex<HashSet<Warning>>,
}

impl Reporter for Printer {
    fn serving(&self, url: &str) {
        println!("Serving the site at {url} (Ctrl-C to stop)");
        if self.open {
            open_browser(url);
        }
    }

    fn built(&self, rebuilt: &Rebuilt) {
        for warning in &rebuilt.warnings {
            if self
                .warned
                .lock()
                .expect("no printer panicked")
                .insert(warning.clone())
            {
                report::warning(warning);
            }
        }
        if !self.quiet {
            println!("{}", summary(rebuilt));
        }
    }

    fn failed(&self, error: &Error) {
        report::error(error);
    }

    fn warning(&self, warning: &Warning) {
        report::warning(warning);
    }
}

/// `Built 12 pages and 3 sections in 80 ms`, or `content/a.md: 4 files changed, rebuilt (5 of
/// 40 outputs rendered) in 9 ms`.
fn summary(rebuilt: &Rebuilt) -> String {
    let ms = rebuilt.elapsed.as_millis();
    if rebuilt.changed.is_empty() {
        return format!(
            "Built {} pages and {} sections in {ms} ms",
            rebuilt.pages, rebuilt.sections
        );
    }
    let mut changed: Vec<String> = rebuilt
        .changed
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if changed.len() > 3 {
        let more = changed.len() - 2;
        changed.truncate(2);
        changed.push(format!("{more} more"));
    }
    let files = match rebuilt.outputs_changed {
        1 => "1 file changed".to_string(),
        n => format!("{n} files changed"),
    };
    let how = if rebuilt.rendered {
        let (rendered, all) = rebuilt.outputs_rendered;
        format!("rebuilt ({rendered} of {all} outputs rendered)")
    } else {
        "nothing to render".to_string()
    };
    let shown = match rebuilt.shown_after {
        Some(shown) => format!(" (open page updated in {} ms)", shown.as_millis()),
        None => String::new(),
    };
    format!("{}: {files}, {how} in {ms} ms{shown}", changed.join(", "))
}

/// Opens `url` with the system's handler; failing only warns.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        vec!["open", url]
    } else if cfg!(windows) {
        vec!["cmd", "/C", "start", "", url]
    } else {
        vec!["xdg-open", url]
    };
    let spawned = std::process::Command::new(command[0])
        .args(&command[1..])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        report::warning(&format!(
            "cannot open a browser ({}: {e}); open {url} yourself",
            command[0]
        ));
    }
}
