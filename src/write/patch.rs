//! The destination of a build that knows what the previous build left in the output
//! directory (its [`Manifest`], checked against the disk as [`Found`]): files that come out
//! the same are left as they are, the others are written to the staging directory, and only
//! when the whole build succeeded are they moved into place and the files no longer made
//! removed ([`Ready::apply`]). Without a found output, everything is staged and swapped in, as
//! [`Staging`] does. Either way a failed build changes nothing in the output directory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use super::manifest::{emptied_dirs, hash_bytes, hash_source, FileState, Found, Manifest};
use super::{inside, Destination, Staging};
use crate::error::{Error, Result};
use crate::fs;
use crate::render::{CopyJob, Output};

/// What becomes of each file of the new output.
#[derive(Debug, Clone, Copy)]
enum Fate {
    /// Left in the output directory as it is.
    Kept(FileState),
    /// Written to the staging directory, to be moved into place.
    Staged(FileState),
}

/// A build's files, sorted into those kept and those staged.
pub(crate) struct Patch {
    staging: Staging,
    found: Option<Found>,
    fates: Mutex<HashMap<String, Fate>>,
}

impl Patch {
    /// Stages into `staging` what differs from the `found` output (everything, without one).
    pub(crate) fn new(staging: Staging, found: Option<Found>) -> Patch {
        Patch {
            staging,
            found,
            fates: Mutex::default(),
        }
    }

    /// The state `rel` has in the found output, if it is there as recorded with `hash`.
    fn unchanged(&self, rel: &str, hash: Option<u64>) -> Option<FileState> {
        let state = self.found.as_ref()?.verified.get(rel)?;
        (hash.is_none() || Some(state.hash) == hash).then_some(*state)
    }

    fn settle(&self, rel: &str, fate: Fate) {
        let mut fates = self.fates.lock().expect("no writer panicked");
        fates.insert(rel.to_string(), fate);
    }
}

impl Destination for Patch {
    type Finished = Ready;

    fn copy(&self, copies: &[CopyJob]) -> Result<()> {
        let hashed: Vec<(&CopyJob, Option<u64>)> =
            copies.par_iter().map(|c| (c, hash_source(c))).collect();
        let mut todo = Vec::new();
        for (job, hash) in hashed {
            match self.unchanged(&job.rel, Some(hash.unwrap_or(0))) {
                Some(state) if hash.is_some() => self.settle(&job.rel, Fate::Kept(state)),
                _ => todo.push((job.clone(), hash.unwrap_or(0))),
            }
        }
        let jobs: Vec<CopyJob> = todo.iter().map(|(job, _)| job.clone()).collect();
        self.staging.copy(&jobs)?;
        todo.par_iter().try_for_each(|(job, hash)| {
            let path = inside(&self.staging.dir, &job.rel)?;
            let state = FileState::of(&path, *hash)?;
            self.settle(&job.rel, Fate::Staged(state));
            Ok(())
        })
    }

    fn write(&self, output: Output) -> Result<()> {
        if output.reused {
            let state = self
                .unchanged(&output.rel, None)
                .ok_or_else(|| Error::Template {
                    message: format!("{}: no previous file to reuse", output.rel),
                })?;
            self.settle(&output.rel, Fate::Kept(state));
            return Ok(());
        }
        let hash = hash_bytes(&output.bytes);
        if let Some(state) = self.unchanged(&output.rel, Some(hash)) {
            self.settle(&output.rel, Fate::Kept(state));
            return Ok(());
        }
        let path = self.staging.prepare(&output.rel)?;
        fs::write(&path, &output.bytes)?;
        self.settle(&output.rel, Fate::Staged(FileState::of(&path, hash)?));
        Ok(())
    }

    /// A reused output's file, as the found output holds it.
    fn reused_text(&self, rel: &str) -> Option<Vec<u8>> {
        self.unchanged(rel, None)?;
        std::fs::read(inside(&self.staging.out, rel).ok()?).ok()
    }

    fn finishing(&self) -> Option<&'static str> {
        Some("writing")
    }

    /// Hands back the build ready to go into place: nothing is changed yet.
    fn finish(self) -> Result<Ready> {
        Ok(Ready {
            staging: self.staging,
            found: self.found,
            fates: self.fates.into_inner().expect("no writer panicked"),
        })
    }
}

/// A complete build waiting to go into the output directory. Dropped without
/// [`Ready::apply`], it leaves the output as it was.
pub(crate) struct Ready {
    staging: Staging,
    found: Option<Found>,
    fates: HashMap<String, Fate>,
}

impl Ready {
    /// Whether applying would change nothing: every file of the found output is kept, and
    /// there is no other.
    pub(crate) fn changes_nothing(&self) -> bool {
        let Some(found) = &self.found else {
            return false;
        };
        let all_kept = (self.fates.values()).all(|f| matches!(f, Fate::Kept(_)));
        all_kept && stale(found, &self.fates).is_empty()
    }

    /// Puts the new output in place: swaps the staging directory in when no output was found,
    /// else moves each staged file into place and removes the files no longer made. Returns
    /// how many files were written and the manifest of the output as it now is.
    pub(crate) fn apply(self) -> Result<(usize, Manifest)> {
        let staged = (self.fates.values())
            .filter(|f| matches!(f, Fate::Staged(_)))
            .count();
        let files = (self.fates.iter())
            .map(|(rel, Fate::Kept(state) | Fate::Staged(state))| (rel.clone(), *state))
            .collect();
        let manifest = Manifest { files };
        match self.found {
            None => {
                self.staging.commit()?;
            }
            Some(found) => patch(&self.staging, &found, &self.fates)?,
        }
        Ok((staged, manifest))
    }
}

/// Removes from the output the files no longer made (and the directories that leaves empty),
/// then moves the staged files into place.
fn patch(staging: &Staging, found: &Found, fates: &HashMap<String, Fate>) -> Result<()> {
    let out = &staging.out;
    let stale = stale(found, fates);
    for rel in &stale {
        let path = inside(out, rel)?;
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    for dir in emptied_dirs(&stale) {
        // Only empty directories go; one still holding files stays.
        let _ = std::fs::remove_dir(out.join(dir));
    }
    for (rel, fate) in fates {
        if let Fate::Staged(_) = fate {
            move_into_place(&inside(&staging.dir, rel)?, &inside(out, rel)?)?;
        }
    }
    Ok(())
}

/// The files of the found output that the new one does not have.
fn stale(found: &Found, fates: &HashMap<String, Fate>) -> Vec<String> {
    (found.present.iter())
        .filter(|rel| !fates.contains_key(rel.as_str()))
        .cloned()
        .collect()
}

/// Moves `from` to `to`, creating its directory, over a directory left in its way.
fn move_into_place(from: &Path, to: &Path) -> Result<()> {
    let parent = to.parent().expect("a file inside the directory");
    fs::create_dir_all(parent)?;
    if to.is_dir() && !to.is_symlink() {
        fs::remove_dir_all(to)?;
    }
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(rel: &str, text: &str) -> Output {
        Output {
            rel: rel.into(),
            bytes: text.as_bytes().to_vec(),
            reused: false,
            origin: Default::default(),
        }
    }

    /// Writes `files` into `out` through a patch of what `found` says is there.
    fn patch_with(out: &Path, found: Option<Found>, files: &[(&str, &str)]) -> Ready {
        let patch = Patch::new(Staging::begin(out).unwrap(), found);
        for (rel, text) in files {
            patch.write(output(rel, text)).unwrap();
        }
        patch.finish().unwrap()
    }

    fn read(out: &Path, rel: &str) -> String {
        std::fs::read_to_string(out.join(rel)).unwrap()
    }

    #[test]
    fn only_what_changed_is_written_and_what_is_gone_removed_once_applied() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("public");
        let first = [("a.html", "a"), ("b.html", "b"), ("old/x.html", "x")];
        let (written, manifest) = patch_with(&out, None, &first).apply().unwrap();
        assert_eq!((written, manifest.len()), (3, 3));
        let a_time = std::fs::metadata(out.join("a.html")).unwrap().modified();

        let second = [("a.html", "a"), ("b.html", "bb"), ("c/index.html", "c")];
        let found = manifest.verify(&out, false);
        let ready = patch_with(&out, found.clone(), &second);
        assert!(!ready.changes_nothing());
        drop(ready);
        assert_eq!(read(&out, "b.html"), "b", "nothing changes before apply");
        assert!(!temp.path().join(".public.loess-new").exists());

        let ready = patch_with(&out, manifest.verify(&out, false), &second);
        let (written, manifest) = ready.apply().unwrap();
        assert_eq!((written, manifest.len()), (2, 3));
        assert_eq!(read(&out, "b.html"), "bb");
        assert_eq!(read(&out, "c/index.html"), "c");
        assert!(!out.join("old").exists());
        let untouched = std::fs::metadata(out.join("a.html")).unwrap().modified();
        assert_eq!(untouched.unwrap(), a_time.unwrap());

        let found = manifest.verify(&out, false);
        assert!(patch_with(&out, found, &second).changes_nothing());
    }
}
