//! `loess build`: builds the site once and prints a one-line summary.

use std::path::PathBuf;

use clap::Args;

use super::{report, timings, Cli};
use crate::config::Mode;
use crate::error::Result;
use crate::BuildOptions;

#[derive(Debug, Args)]
pub struct BuildArgs {
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
}

pub fn run(cli: &Cli, args: &BuildArgs) -> Result<()> {
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
