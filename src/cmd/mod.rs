//! The command line: argument parsing, and everything Loess prints.

mod build;
mod check;
mod init;
mod report;
mod serve;
mod timings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;

/// A fast static site generator that builds Zola sites.
#[derive(Debug, Parser)]
#[command(name = "loess", version)]
pub struct Cli {
    /// The site directory (holding config.toml and content/).
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
    /// The configuration file [default: zola.toml or config.toml in the site directory].
    #[arg(short, long, global = true)]
    config: Option<PathBuf>,
    /// Print only warnings and errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new site, with the default theme and a first article.
    Init(init::InitArgs),
    /// Build the site into its output directory (public/ by default).
    Build(build::BuildArgs),
    /// Serve the site for a live preview, rebuilding it on every change.
    Serve(serve::ServeArgs),
    /// Build the site in memory and check every link of its pages (nothing is written).
    Check(check::CheckArgs),
    /// Print the shell completion script for loess (e.g. `loess completion bash`).
    Completion {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Runs the command line; the exit code is 1 when anything failed.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => build::run(&cli, args).map(|()| ExitCode::SUCCESS),
        Command::Serve(args) => serve::run(&cli, args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check::run(&cli, args),
        Command::Init(args) => init::run(&cli, args).map(|()| ExitCode::SUCCESS),
        Command::Completion { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "loess", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            report::error(&e);
            ExitCode::FAILURE
        }
    }
}
