//! The Pagefind index (`[search] index_format = "pagefind"`): once the pages are rendered,
//! Pagefind (the `pagefind` crate, run in process) reads the pages the index holds and makes
//! its bundle: `pagefind.js`, its WebAssembly, and for each language (the `lang` of the page's
//! `<html>`) an index cut into chunks and one fragment per page, so that a query fetches only
//! the pieces it needs. The bundle comes back in memory and goes into the output's `pagefind/`
//! directory with the rest of the site (or into the served site under `loess serve`).
//!
//! Like the write stage, this touches the disk: Pagefind reads the pages of a directory in
//! parallel, where its page-at-a-time call works one page after the other behind a lock. So
//! the pages are gathered in a temporary directory (hard links to the staged files in a
//! build, their rendered bytes under `loess serve` and `loess check`), one after the other in
//! the order of their paths, so that the directory lists them, and Pagefind numbers them, the
//! same way at each build. How a directory lists its files depends on the file system (by
//! creation on tmpfs, by a hash of the name on ext4), so the same pages are gathered beside
//! the output directory in every command; an output directory on another file system may
//! number the pages otherwise in the index files (fragments are the same, and so are results).

use std::path::{Path, PathBuf};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use tempfile::TempDir;

use crate::config::PAGEFIND_DIR;
use crate::error::{Error, Result};
use crate::fs;
use crate::render::{Origin, Output};

/// The bundle of the pages `pages` (output paths) of the output staged in `staged`; a page
/// that was not written (`render = false`) is left out.
pub(crate) fn bundle_of_staged(staged: &Path, pages: &[String]) -> Result<Vec<Output>> {
    let gathered = temp_dir(
        tempfile::Builder::new()
            .prefix(".pagefind-pages-")
            .tempdir_in(staged),
        staged,
    )?;
    let mut sorted: Vec<&String> = pages.iter().collect();
    sorted.sort();
    sorted.dedup();
    for rel in sorted {
        let from = staged.join(rel);
        if from.is_file() {
            let to = placed(gathered.path(), rel)?;
            fs::hard_link_or_copy(&from, &to)?;
        }
    }
    index(gathered.path())
}

/// The bundle of rendered pages, given as output paths and bytes, gathered in a temporary
/// directory made in `within`: beside the output directory, on the file system a build
/// gathers its pages on, so that the pages are listed, and numbered, as in a build.
pub(crate) fn bundle_of_rendered<'a>(
    within: &Path,
    pages: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<Output>> {
    let gathered = temp_dir(
        tempfile::Builder::new()
            .prefix(".loess-pagefind-")
            .tempdir_in(within),
        within,
    )?;
    let mut sorted: Vec<(&str, &[u8])> = pages.into_iter().collect();
    sorted.sort_by_key(|(rel, _)| *rel);
    sorted.dedup_by_key(|(rel, _)| *rel);
    for (rel, bytes) in sorted {
        fs::write(&placed(gathered.path(), rel)?, bytes)?;
    }
    index(gathered.path())
}

/// Where [`bundle_of_rendered`] gathers the pages for the output directory `out`: the directory
/// that holds it (where a build stages), or the system's temporary directory while that does
/// not exist.
pub(crate) fn beside(out: &Path) -> PathBuf {
    match out.parent() {
        Some(parent) if parent.as_os_str().is_empty() => PathBuf::from("."),
        Some(parent) if parent.is_dir() => parent.to_path_buf(),
        _ => std::env::temp_dir(),
    }
}

/// A temporary directory made in `within`, or the error naming `within`.
fn temp_dir(made: std::io::Result<TempDir>, within: &Path) -> Result<TempDir> {
    made.map_err(|e| Error::io(within, e))
}

/// The path of `rel` inside `dir`, with its parent directory made.
fn placed(dir: &Path, rel: &str) -> Result<PathBuf> {
    let to = dir.join(rel);
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    Ok(to)
}

/// Pagefind's bundle for the HTML files in `dir`, as outputs under `pagefind/`.
fn index(dir: &Path) -> Result<Vec<Output>> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::file(
            Path::new(PAGEFIND_DIR),
            format!("the Pagefind index could not be built: {e}"),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config))?;
        index
            .add_directory(dir.to_string_lossy().into_owned(), None)
            .await?;
        index.get_files().await
    });
    let files = files.map_err(|e| failed(&format!("{e:#}")))?;
    Ok(files
        .into_iter()
        .map(|file| {
            let name: Vec<String> = file
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Output {
                rel: format!("{PAGEFIND_DIR}/{}", name.join("/")),
                bytes: file.contents,
                reused: false,
                origin: Origin::default(),
            }
        })
        .collect())
}
