//! The write stage: puts a rendered site on disk, all or nothing. [`Destination`] is what
//! every place a build's files can go provides (disk here; the link checker's scanner and the
//! served snapshot in their commands; memory in `build`).
//!
//! The new site is written to a temporary directory beside the output directory and swapped in
//! only when complete, so a failed build leaves the previous output exactly as it was. Loess
//! writes nowhere else, and refuses output directories that could hold the writer's own files.
//! Nothing is added to the output to mark it: the configured output directory belongs to the
//! generator, as in Zola, and a directory named on the command line is replaced only when it is
//! empty or the user says `--force`.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fs;
use crate::render::{CopyJob, Output};

mod manifest;
mod patch;

pub(crate) use manifest::Manifest;
pub(crate) use patch::{Patch, Ready};

/// Checks that `out` may be replaced by a build of the site in `root`. A directory that is or
/// holds the site's sources is always refused; an existing directory that is not empty only
/// when `replace_existing` is false (a directory named on the command line without `--force`).
pub(crate) fn check_output_dir(out: &Path, root: &Path, replace_existing: bool) -> Result<()> {
    let refuse = |reason: &str| {
        Err(Error::OutputDir {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    let root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let resolved = resolve(out)?;
    if resolved == root {
        return refuse("it is the site's own directory");
    }
    if root.starts_with(&resolved) {
        return refuse("it contains the site");
    }
    for dir in ["content", "static", "templates", "themes", "sass"] {
        if resolved.starts_with(root.join(dir)) {
            return refuse(&format!("it is inside the site's {dir}/ directory"));
        }
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return refuse("it is not a directory");
    }
    if out.join("content").exists() {
        return refuse("it holds a content/ directory");
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| Error::io(out, e))?
        .next()
        .is_none();
    if !empty && !replace_existing {
        return refuse(
            "it already exists and is not empty; use --force to replace it \
             (everything in it is deleted)",
        );
    }
    Ok(())
}

/// The absolute form of `path`, resolving symlinks of the part that exists.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .map_err(|e| Error::io(existing, e))?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

/// Where the files of a build go.
pub(crate) trait Destination: Sync {
    /// What the destination gives back once every file is in.
    type Finished;

    /// Takes files copied unchanged into the output (static files and assets, then the images
    /// made after rendering).
    fn copy(&self, copies: &[CopyJob]) -> Result<()>;

    /// Takes one rendered output, from any render thread; a later output at the same path
    /// replaces an earlier one.
    fn write(&self, output: Output) -> Result<()>;

    /// The directory holding the files written so far, when the destination is one on disk
    /// (Pagefind reads the pages it indexes from there; elsewhere they are kept in memory).
    fn dir(&self) -> Option<&Path> {
        None
    }

    /// The text of an output handed on as reused (see [`Output::reused`]): the text it kept
    /// from the previous build, when the destination keeps one.
    fn reused_text(&self, _rel: &str) -> Option<Vec<u8>> {
        None
    }

    /// The name of the stage [`Destination::finish`] is, for progress and `--timings`, when it
    /// is one of its own.
    fn finishing(&self) -> Option<&'static str> {
        None
    }

    /// Completes the destination once every file is in.
    fn finish(self) -> Result<Self::Finished>;
}

/// A new output directory being filled beside the old one. Dropping it without
/// [`Staging::commit`] removes it and leaves the old output as it was.
pub(crate) struct Staging {
    out: PathBuf,
    dir: PathBuf,
    previous: PathBuf,
    /// Paths written so far (relative), and directories already created.
    written: Mutex<(HashSet<String>, HashSet<PathBuf>)>,
    /// The dotfiles and dot-directories at the top of the old output move into the new one
    /// (`preserve_dotfiles_in_output`).
    keep_dotfiles: bool,
    /// A failed copy names files below this directory (the site's) relative to it.
    sources: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Starts a new output for `out` in an empty staging directory beside it.
    pub(crate) fn begin(out: &Path) -> Result<Staging> {
        let (dir, previous) = siblings(out)?;
        fs::remove_dir_all(&dir)?;
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            previous,
            written: Mutex::new((HashSet::new(), HashSet::new())),
            keep_dotfiles: false,
            sources: None,
            committed: false,
        })
    }

    /// Keeps the dotfiles and dot-directories at the top of the old output (a `.git` of a
    /// deploy worktree, say) when `keep` is true; a file of the new output of the same name
    /// wins over the old one.
    pub(crate) fn keeping_dotfiles(mut self, keep: bool) -> Staging {
        self.keep_dotfiles = keep;
        self
    }

    /// Names the copied files below `root` relative to it in errors, as the site's own files
    /// are named.
    pub(crate) fn showing_sources_within(mut self, root: &Path) -> Staging {
        self.sources = Some(root.to_path_buf());
        self
    }

    /// The path of `rel` in the staging directory, with its parent directory created.
    fn prepare(&self, rel: &str) -> Result<PathBuf> {
        let target = inside(&self.dir, rel)?;
        let parent = target
            .parent()
            .expect("a file inside the directory")
            .to_path_buf();
        let mut written = self.written.lock().expect("no writer panicked");
        written.0.insert(rel.to_string());
        if !written.1.contains(&parent) {
            fs::create_dir_all(&parent)?;
            written.1.insert(parent);
        }
        Ok(target)
    }

    /// Writes one rendered file (a later write of the same path replaces it).
    pub(crate) fn write(&self, output: Output) -> Result<()> {
        fs::write(&self.prepare(&output.rel)?, &output.bytes)
    }

    /// Copies files in parallel.
    pub(crate) fn copy(&self, copies: &[CopyJob]) -> Result<()> {
        let copied = copies.par_iter().try_for_each(|c| {
            let to = self.prepare(&c.rel)?;
            if c.link {
                fs::hard_link_or_copy(&c.from, &to)
            } else {
                fs::copy(&c.from, &to)
            }
        });
        match &self.sources {
            Some(root) => copied.map_err(|e| e.within(root)),
            None => copied,
        }
    }

    /// Swaps the new output in; returns the number of files written.
    pub(crate) fn commit(mut self) -> Result<usize> {
        let mut kept = Vec::new();
        let moved = match self.keep_dotfiles {
            true => move_dotfiles(&self.out, &self.dir, &mut kept),
            false => Ok(()),
        };
        if let Err(e) = moved.and_then(|()| swap_in(&self.dir, &self.out, &self.previous)) {
            // The old output is (back) in place: so are its dotfiles. Should one not go back,
            // the staging directory is left as it is rather than removed with it.
            self.committed = !move_back(&kept, &self.dir, &self.out);
            return Err(e);
        }
        self.committed = true;
        Ok(self.written.lock().expect("no writer panicked").0.len())
    }
}

/// A build's destination on disk: swapped in when every file is written.
impl Destination for Staging {
    /// How many files were written.
    type Finished = usize;

    fn copy(&self, copies: &[CopyJob]) -> Result<()> {
        Staging::copy(self, copies)
    }

    fn write(&self, output: Output) -> Result<()> {
        Staging::write(self, output)
    }

    fn dir(&self) -> Option<&Path> {
        Some(&self.dir)
    }

    fn finishing(&self) -> Option<&'static str> {
        Some("writing")
    }

    fn finish(self) -> Result<usize> {
        self.commit()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The temporary directories beside `out`: `.public.loess-new` and `.public.loess-old`.
fn siblings(out: &Path) -> Result<(PathBuf, PathBuf)> {
    let name = out
        .file_name()
        .ok_or_else(|| Error::OutputDir {
            path: out.to_path_buf(),
            reason: "it has no directory name".into(),
        })?
        .to_string_lossy();
    let parent = out.parent().unwrap_or(Path::new("."));
    Ok((
        parent.join(format!(".{name}.loess-new")),
        parent.join(format!(".{name}.loess-old")),
    ))
}

/// Moves the dotfiles and dot-directories at the top of `out` into `staging`, except those the
/// new output has too, adding the name of each to `moved`.
fn move_dotfiles(out: &Path, staging: &Path, moved: &mut Vec<std::ffi::OsString>) -> Result<()> {
    if !out.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    for entry in entries {
        let name = entry.map_err(|e| Error::io(out, e))?.file_name();
        if !name.to_string_lossy().starts_with('.') || staging.join(&name).exists() {
            continue;
        }
        fs::rename(&out.join(&name), &staging.join(&name))?;
        moved.push(name);
    }
    Ok(())
}

/// Moves the entries `names` from `from` back to `to`, as far as possible (after a failure that
/// is already being reported); whether all went back.
fn move_back(names: &[std::ffi::OsString], from: &Path, to: &Path) -> bool {
    names
        .iter()
        .filter(|name| std::fs::rename(from.join(name), to.join(name)).is_err())
        .count()
        == 0
}

/// `dir/rel`, if `rel` is a plain relative path that stays inside `dir`.
fn inside(dir: &Path, rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::file(
            path,
            "output path would leave the output directory",
        ));
    }
    Ok(dir.join(path))
}

/// Replaces `out` by `staging`, keeping the previous output until the new one is in place.
fn swap_in(staging: &Path, out: &Path, previous: &Path) -> Result<()> {
    fs::remove_dir_all(previous)?;
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, previous)?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_previous {
            let _ = std::fs::rename(previous, out);
        }
        return Err(e);
    }
    fs::remove_dir_all(previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside() {
        let dir = Path::new("/out");
        assert_eq!(
            inside(dir, "a/index.html").unwrap(),
            Path::new("/out/a/index.html")
        );
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "./a"] {
            assert!(inside(dir, bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_failed_swap_puts_the_kept_dotfiles_back() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("public");
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref\n").unwrap();
        std::fs::write(out.join("index.html"), "old\n").unwrap();
        let staging = Staging::begin(&out).unwrap().keeping_dotfiles(true);
        staging
            .write(Output {
                rel: "index.html".into(),
                bytes: b"new\n".to_vec(),
                reused: false,
                origin: Default::default(),
            })
            .unwrap();
        // A file where the swap keeps the old output makes the swap fail.
        std::fs::write(temp.path().join(".public.loess-old"), "in the way\n").unwrap();
        assert!(staging.commit().is_err());
        assert_eq!(
            std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref\n"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old\n"
        );
        assert!(!temp.path().join(".public.loess-new").exists());
    }
}
