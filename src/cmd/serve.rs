//! `loess serve`: builds the site into memory, serves it, and rebuilds it on every change;
//! prints the address, each rebuild, and errors exactly as `loess build` does.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clap::Args;

use super::{report, Cli};
use crate::config::Mode;
use crate::error::{Error, Result};
use crate::serve::{self, Rebuilt, Reporter, ServeOptions};
use crate::BuildOptions;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The interface to listen on; anything but loopback makes the site visible to the network.
    #[arg(short, long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    interface: IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    open: bool,
    /// Include draft pages and sections.
    #[arg(long)]
    drafts: bool,
    /// Use this base URL in links instead of the server's address (a sub-path is kept: the
    /// site is then served under it).
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Also write each good build to this directory.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Open pages go to the page of the content file just edited.
    #[arg(long)]
    follow: bool,
}

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<()> {
    let options = ServeOptions {
        build: BuildOptions {
            root: cli.root.clone(),
            config_file: cli.config.clone(),
            output_dir: None,
            base_url: args.base_url.clone(),
            drafts: args.drafts,
            force: false,
            minify: false,
            skip_anchor_check: false,
            mode: Mode::Serve,
            timings: false,
        },
        address: SocketAddr::new(args.interface, args.port),
        follow: args.follow,
        write_to: args.output_dir.clone(),
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
    warned: Mutex<HashSet<String>>,
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

    fn warning(&self, message: &str) {
        report::warning(message);
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
