//! Loess: a fast static site generator that builds Zola sites.
//!
//! A build is a pipeline of stages, one module each:
//! [`config`] → [`load`] → [`parse`] → [`site`] → [`templates`] → [`render`] → [`write`];
//! [`serve`] runs the same stages into memory for a live preview, and [`check`] into memory
//! to check every link of the generated pages; [`init`] creates a new site.
//! Only `load` and `write` touch the disk; the library never prints (that is `cmd`'s job).

pub mod build;
pub mod cache;
pub mod check;
pub mod cmd;
pub mod config;
pub mod error;
pub mod fs;
#[doc(hidden)]
pub mod fuzzing;
pub mod images;
pub mod init;
pub mod load;
mod once_map;
pub mod pagefind;
pub mod parse;
pub mod render;
pub mod serve;
pub mod site;
pub mod templates;
pub mod timings;
pub mod toml_text;
pub mod warning;
pub mod write;

pub use build::{build, BuildOptions, BuildReport, Progress};
pub use error::{Error, Result};
pub use warning::Warning;
