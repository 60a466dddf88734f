//! Loess: a fast static site generator that builds Zola sites.
//!
//! A build is a pipeline of stages, one module each:
//! `config` → `load` → `parse` → `site` → `templates` → `render` → `write`;
//! `serve` runs the same stages into memory for a live preview, and [`check`] into memory
//! to check every link of the generated pages; `init` creates a new site.
//! Only `load` and `write` touch the disk; the library never prints (that is `cmd`'s job).
//!
//! The public surface is what the binary, the tests and the fuzz targets use; everything else
//! is `pub(crate)`, and the lint below keeps it so.

#![warn(unreachable_pub)]

mod build;
mod cache;
mod check;
pub mod cmd;
mod config;
mod error;
mod fs;
#[doc(hidden)]
pub mod fuzzing;
mod images;
mod init;
mod load;
mod once_map;
mod pagefind;
mod parse;
mod render;
mod serve;
mod site;
mod templates;
mod timings;
mod toml_text;
mod warning;
mod write;

pub use build::{build, BuildOptions, BuildReport, Progress};
pub use check::{check, CheckOptions};
pub use error::{Error, Result};
pub use warning::Warning;
