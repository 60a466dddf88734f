//! The build cache: what one run computed that the next can reuse, kept on disk outside the
//! output (rendered Markdown, the render memo, the manifest of the output directory). One
//! file per site and output directory, in a directory the user may delete at any time.
//!
//! The file is written whole (a temporary file, then a rename) after a successful build, and
//! removed before that build touches the output directory, so a cache on disk always describes
//! the output as it is. A file written by another build of Loess, cut short or damaged is
//! ignored with a warning; nothing in it is trusted without its checksum.

mod format;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fs;
use crate::render::memo::Memo;
use crate::site::MarkdownCache;
use crate::warning::Warning;
use crate::write::Manifest;

/// What a build leaves for the next one.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Stored {
    /// The build's options as far as they change outputs: a memo or manifest made with other
    /// options is not used.
    pub context: String,
    pub markdown: MarkdownCache,
    /// The files Markdown's templates read (`get_url(cachebust=true)` in `anchor-link.html`,
    /// say), each with its size and time: the Markdown is not used once one changed.
    pub markdown_reads: Vec<Stamp>,
    pub memo: Memo,
    pub manifest: Manifest,
}

/// A file with its size and time (nanoseconds since the epoch) as they were.
pub(crate) type Stamp = (PathBuf, u64, u64);

/// `file` with its size and time now; `None` when it cannot be read.
pub(crate) fn stamp(file: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(file).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH);
    Some((
        file.to_path_buf(),
        meta.len(),
        modified.ok()?.as_nanos() as u64,
    ))
}

/// Each of `files` (once) with its size and time now; those that cannot be read are left out.
pub(crate) fn stamps(files: impl IntoIterator<Item = PathBuf>) -> Vec<Stamp> {
    let files: std::collections::BTreeSet<PathBuf> = files.into_iter().collect();
    files.iter().filter_map(|file| stamp(file)).collect()
}

/// Whether every file of `stamps` is as it was.
pub(crate) fn unchanged(stamps: &[Stamp]) -> bool {
    (stamps.iter()).all(|s| stamp(&s.0).as_ref() == Some(s))
}

/// [`Stored`], borrowed for writing.
#[derive(Serialize)]
struct Parts<'a> {
    context: &'a str,
    markdown: &'a MarkdownCache,
    markdown_reads: &'a [Stamp],
    memo: &'a Memo,
    manifest: &'a Manifest,
}

/// The cache file of one site and output directory.
#[derive(Debug, Clone)]
pub(crate) struct BuildCache {
    file: PathBuf,
}

impl BuildCache {
    /// The cache in `dir` of the `command` (`build`, `serve`) on the site in `root`, built
    /// into `out` when the command line names it (else into the configured directory).
    pub(crate) fn new(dir: &Path, command: &str, root: &Path, out: Option<&Path>) -> BuildCache {
        let absolute = |p: &Path| {
            (p.canonicalize().or_else(|_| std::path::absolute(p))).unwrap_or_else(|_| p.into())
        };
        let mut hasher = DefaultHasher::new();
        absolute(root).hash(&mut hasher);
        out.map(absolute).hash(&mut hasher);
        BuildCache {
            file: dir.join(format!("{command}-{:016x}.cache", hasher.finish())),
        }
    }

    /// The file it is kept in.
    #[cfg(test)]
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    /// What the last successful build left, if anything usable; a file that cannot be used
    /// adds a warning saying why.
    pub(crate) fn load(&self, warnings: &mut Vec<Warning>) -> Option<Stored> {
        let bytes = match std::fs::read(&self.file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => return self.ignored(warnings, &e.to_string()),
        };
        let body = match format::decode(&version(), &bytes) {
            Ok(body) => body,
            Err(reason) => return self.ignored(warnings, &reason),
        };
        match serde_json::from_slice(body) {
            Ok(stored) => Some(stored),
            Err(e) => self.ignored(warnings, &format!("it cannot be read: {e}")),
        }
    }

    fn ignored(&self, warnings: &mut Vec<Warning>, reason: &str) -> Option<Stored> {
        let message = format!("build cache ignored, the site is built from scratch: {reason}");
        warnings.push(Warning::file(&self.file, message));
        None
    }

    /// Removes the cache file, before the output it describes changes.
    pub(crate) fn forget(&self) -> Result<()> {
        match std::fs::remove_file(&self.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&self.file, e)),
            _ => Ok(()),
        }
    }

    /// Writes `stored` whole: to a temporary file beside the cache file, then renamed over it.
    pub(crate) fn save(&self, stored: &Stored) -> Result<()> {
        self.save_parts(Parts {
            context: &stored.context,
            markdown: &stored.markdown,
            markdown_reads: &stored.markdown_reads,
            memo: &stored.memo,
            manifest: &stored.manifest,
        })
    }

    /// Writes only `markdown` (what `loess serve` keeps), as [`BuildCache::save`] writes.
    pub(crate) fn save_markdown(&self, markdown: &MarkdownCache, reads: &[Stamp]) -> Result<()> {
        self.save_parts(Parts {
            context: "",
            markdown,
            markdown_reads: reads,
            memo: &Memo::default(),
            manifest: &Manifest::default(),
        })
    }

    fn save_parts(&self, parts: Parts) -> Result<()> {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let body =
            serde_json::to_vec(&parts).map_err(|e| Error::file(&self.file, e.to_string()))?;
        let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
        fs::write(temp.path(), &format::encode(&version(), &body))?;
        temp.persist(&self.file)
            .map_err(|e| Error::io(&self.file, e.error))?;
        Ok(())
    }
}

/// The exact build of Loess running: its version, and the size and time of its executable,
/// which change with every build of it (built-in templates and the render's hashes are only
/// the same within one).
fn version() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    let stamp = exe.map_or((0, 0), |meta| {
        let modified = meta.modified().ok();
        let since = modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
        (meta.len(), since.map_or(0, |d| d.as_nanos()))
    });
    format!("{} {}-{}", env!("CARGO_PKG_VERSION"), stamp.0, stamp.1)
}

/// Refuses a cache directory inside the output directory `out` or a directory of the site in
/// `root` whose files the build reads: the cache would end up in the output, or change what
/// is built.
pub(crate) fn check_dir(dir: &Path, root: &Path, out: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let resolved = absolute(dir);
    let mut refused = vec![(absolute(out), "the output directory".to_string())];
    for site_dir in ["content", "static", "templates", "themes", "sass"] {
        refused.push((
            absolute(&root.join(site_dir)),
            format!("the site's {site_dir}/"),
        ));
    }
    match refused
        .iter()
        .find(|(inside, _)| resolved.starts_with(inside))
    {
        Some((_, name)) => Err(Error::file(
            dir,
            format!("the build cache cannot be kept inside {name} (see --cache-dir)"),
        )),
        None => Ok(()),
    }
}

/// The default directory of the cache: `loess/` in `$XDG_CACHE_HOME`, else in `~/.cache`;
/// `None` when neither is set.
pub(crate) fn default_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty());
    let base = xdg.map(PathBuf::from).or_else(|| {
        let home = std::env::var_os("HOME").filter(|d| !d.is_empty())?;
        Some(PathBuf::from(home).join(".cache"))
    })?;
    Some(base.join("loess"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_cache_loads_and_a_damaged_one_is_ignored_with_a_warning() {
        let temp = tempfile::tempdir().unwrap();
        let cache = BuildCache::new(temp.path(), "build", temp.path(), None);
        let mut warnings = Vec::new();
        assert!(cache.load(&mut warnings).is_none());
        assert!(warnings.is_empty());
        let stored = Stored {
            context: "options".into(),
            ..Stored::default()
        };
        cache.save(&stored).unwrap();
        assert_eq!(cache.load(&mut warnings).unwrap().context, "options");
        let mut bytes = std::fs::read(cache.file()).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 1;
        std::fs::write(cache.file(), &bytes).unwrap();
        assert!(cache.load(&mut warnings).is_none());
        assert!(warnings[0].message.contains("damaged"), "{warnings:?}");
        cache.forget().unwrap();
        assert!(!cache.file().exists());
        cache.forget().unwrap();
    }
}
