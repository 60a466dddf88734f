//! What a build left in its output directory: each file's size, modification time and a hash
//! of what it holds (or, for a copied file, of its source as it was). The build cache keeps
//! it, so the next build can tell which files are still exactly as written, without reading
//! them, and leave those alone.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use siphasher::sip::SipHasher13;
use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::render::CopyJob;

/// The files of an output directory, by path inside it (with `/` separators).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub(super) files: HashMap<String, FileState>,
}

/// One file as the build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileState {
    size: u64,
    /// Nanoseconds since the Unix epoch.
    modified: u64,
    /// The hash of a rendered file's bytes, or of a copied file's source and its state.
    pub(super) hash: u64,
}

impl FileState {
    /// `path` as it is now on disk, holding what `hash` describes.
    pub(super) fn of(path: &Path, hash: u64) -> Result<FileState> {
        let meta = std::fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
        Ok(FileState::from_meta(&meta, hash))
    }

    fn from_meta(meta: &std::fs::Metadata, hash: u64) -> FileState {
        FileState {
            size: meta.len(),
            modified: nanos(meta),
            hash,
        }
    }

    /// Whether the file is as it was (size and time; the hash is what it stands for).
    fn same_as(&self, other: &FileState) -> bool {
        self.size == other.size && self.modified == other.modified
    }
}

fn nanos(meta: &std::fs::Metadata) -> u64 {
    let modified = meta.modified().ok();
    let since = modified.and_then(|m| m.duration_since(UNIX_EPOCH).ok());
    since.map_or(0, |d| d.as_nanos() as u64)
}

/// The hash a rendered file's bytes get in the manifest.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = SipHasher13::new();
    hasher.write(bytes);
    hasher.finish()
}

/// The hash a copied file gets: of its source's path, size and time, and how it is copied.
/// `None` when the source cannot be read (the copy reports why).
pub(super) fn hash_source(job: &CopyJob) -> Option<u64> {
    let meta = std::fs::metadata(&job.from).ok()?;
    let mut hasher = SipHasher13::new();
    hasher.write(job.from.as_os_str().as_encoded_bytes());
    hasher.write_u64(meta.len());
    hasher.write_u64(nanos(&meta));
    hasher.write_u8(job.link as u8);
    Some(hasher.finish())
}

/// An output directory compared with the manifest of the build that wrote it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Found {
    /// The files the manifest describes that are still as it says.
    pub(super) verified: HashMap<String, FileState>,
    /// Every file in the directory, but the dotfiles at its top when they are kept.
    pub(super) present: Vec<String>,
}

impl Found {
    /// Whether `rel` is in the directory exactly as the manifest describes it.
    pub(crate) fn holds(&self, rel: &str) -> bool {
        self.verified.contains_key(rel)
    }
}

impl Manifest {
    /// How many files it describes.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Walks `out` and tells which of its files are as this manifest says; `None` when `out`
    /// is not a directory or cannot be read whole. The dotfiles and dot-directories at its top
    /// are left out of [`Found::present`] when `keep_dotfiles` (a build leaves them be).
    pub(crate) fn verify(&self, out: &Path, keep_dotfiles: bool) -> Option<Found> {
        if !out.is_dir() {
            return None;
        }
        let mut found = Found::default();
        for entry in WalkDir::new(out).min_depth(1) {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = relative(out, entry.path())?;
            let meta = entry.metadata().ok()?;
            let recorded = self.files.get(&rel);
            if let Some(state) = recorded.filter(|s| s.same_as(&FileState::from_meta(&meta, 0))) {
                found.verified.insert(rel.clone(), *state);
            }
            if !(keep_dotfiles && rel.starts_with('.')) {
                found.present.push(rel);
            }
        }
        Some(found)
    }
}

/// `path` below `out`, with `/` separators; `None` for a name that is not UTF-8.
fn relative(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// The directories that held `removed` files, deepest first, up to (not including) the top.
pub(super) fn emptied_dirs(removed: &[String]) -> Vec<String> {
    let mut dirs = HashSet::new();
    for rel in removed {
        let mut rest = rel.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            dirs.insert(parent.to_string());
            rest = parent;
        }
    }
    let mut dirs: Vec<String> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_by_hand_is_not_verified_and_every_file_is_present() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "a").unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join(".keep"), "").unwrap();
        let mut manifest = Manifest::default();
        for rel in ["a/index.html", "index.html"] {
            let state = FileState::of(&out.join(rel), 1).unwrap();
            manifest.files.insert(rel.to_string(), state);
        }
        std::fs::write(out.join("index.html"), "edited").unwrap();
        let found = manifest.verify(&out, true).unwrap();
        assert!(found.holds("a/index.html"));
        assert!(!found.holds("index.html"));
        let mut present = found.present.clone();
        present.sort();
        assert_eq!(present, ["a/index.html", "index.html"]);
        assert_eq!(manifest.verify(&out, false).unwrap().present.len(), 3);
        assert!(manifest.verify(&temp.path().join("none"), false).is_none());
    }

    #[test]
    fn emptied_directories_come_deepest_first() {
        let removed = ["a/b/c.html".to_string(), "a/d.html".to_string()];
        assert_eq!(emptied_dirs(&removed), ["a/b", "a"]);
    }
}
