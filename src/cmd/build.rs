//! `loess build`: builds the site once and prints a one-line summary.

use std::path::PathBuf;

use clap::Args;

use super::{report, timings, Cli};
use crate::config::Mode;
use crate::error::Result;
use crate::BuildOptions;

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    /// Where to write the site [default: public/ in the site directory].
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Use this base URL instead of the configured one (e.g. to preview on another host).
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Include draft pages and sections.
    #[arg(long)]
    drafts: bool,
    /// Replace the --output-dir directory even if it exists and is not empty.
    #[arg(short, long)]
    force: bool,
    /// Minify the HTML outputs, as `minify_html = true` in the config does.
    #[arg(long)]
    minify: bool,
    /// Print where the time went: each stage, each template, the slowest pages and the
    /// template functions that cost most.
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    cache: CacheArgs,
}

/// Where the build cache is kept, or that there is none.
#[derive(Debug, Args)]
pub(super) struct CacheArgs {
    /// Keep the build cache in this directory [default: loess/ in $XDG_CACHE_HOME or
    /// ~/.cache]. It may be deleted at any time.
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Build from scratch: neither read nor write the build cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

impl CacheArgs {
    /// The cache directory to use, if any.
    pub(super) fn dir(&self) -> Option<PathBuf> {
        match self.no_cache {
            true => None,
            false => self.cache_dir.clone().or_else(crate::cache::default_dir),
        }
    }
}

pub(super) fn run(cli: &Cli, args: &BuildArgs) -> Result<()> {
    let options = BuildOptions {
        root: cli.root.clone(),
        config_file: cli.config.clone(),
        output_dir: args.output_dir.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        force: args.force,
        minify: args.minify,
        skip_anchor_check: false,
        mode: Mode::Build,
        timings: args.timings,
        cache_dir: args.cache.dir(),
    };
    let spinner = report::Spinner::new(cli.quiet);
    let result = crate::build(&options, &spinner);
    spinner.finish();
    let built = result?;
    for warning in &built.warnings {
        report::warning(warning);
    }
    if let Some(timings) = &built.timings {
        print!("{}", timings::table(timings));
    }
    if !cli.quiet {
        println!(
            "Built {} pages and {} sections into {} ({} files) in {} ms",
            built.pages,
            built.sections,
            built.output_dir.display(),
            built.files_written,
            built.elapsed.as_millis()
        );
    }
    Ok(())
}
