//! Watching the site's sources: `notify` events are filtered, grouped by [`Debounce`] and
//! handed to the [`Rebuilder`] on a thread of their own, so the server never waits on a build.
//! A file written in full is shown to the rebuilder at once: it may act before the burst ends
//! (a stylesheet swapped, an open page pushed).
//!
//! Watched: `content/`, `templates/`, `themes/`, `static/` and `sass/` with everything below
//! them, the site directory itself (for `config.toml` and directories that appear later), the
//! directory of a configuration file given with `--config`, and each `--extra-watch-path`.
//! Never the output directory.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::debounce::Debounce;
use super::rebuild::Rebuilder;
use crate::error::{Error, Result};

/// A batch is due once no event has come for the debounce time (`--debounce`), or this long
/// after its first event (at least four debounce times), whichever is sooner.
const LONGEST: Duration = Duration::from_millis(300);

/// The directories of the site that hold sources.
const SOURCE_DIRS: [&str; 5] = ["content", "templates", "themes", "static", "sass"];

/// Starts watching the site of `rebuilder`; changes are handled until the process ends.
pub(super) fn start(rebuilder: Arc<Rebuilder>) -> Result<()> {
    let root = rebuilder.options.root.clone();
    let (sender, receiver) = mpsc::channel();
    let rescan = root.join("config.toml");
    let mut watcher = notify::recommended_watcher(move |result| forward(result, &sender, &rescan))
        .map_err(|e| watch_error(&root, e))?;
    let config_file = rebuilder.options.config_file.as_deref();
    let mut dirs = Dirs::new(&root, config_file, &rebuilder.duties.watch.extra);
    dirs.refresh(&mut watcher, &[])?;
    std::thread::Builder::new()
        .name("loess-watch".into())
        .spawn(move || run(watcher, dirs, receiver, rebuilder))
        .map_err(|e| Error::io(Path::new("watcher thread"), e))?;
    Ok(())
}

/// Waits for changes, groups them, and rebuilds; returns when the watcher is gone.
fn run(
    mut watcher: RecommendedWatcher,
    mut dirs: Dirs,
    receiver: Receiver<Changed>,
    rebuilder: Arc<Rebuilder>,
) {
    let quiet = rebuilder.duties.watch.debounce;
    let mut debounce = Debounce::new(quiet, LONGEST.max(quiet * 4));
    let mut handle = |batch: Vec<PathBuf>| {
        if let Err(error) = dirs.refresh(&mut watcher, &batch) {
            rebuilder.reporter.failed(&error);
        }
        rebuilder.changed(&batch);
    };
    loop {
        let received = match debounce.deadline() {
            None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(due) => receiver.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(changed) => {
                debounce.add(changed.path.clone(), Instant::now());
                let pending: Vec<&PathBuf> = debounce.pending().collect();
                if changed.complete && rebuilder.completed(&pending, &changed.path) {
                    handle(debounce.take_early());
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if let Some(batch) = debounce.take_due(Instant::now()) {
            handle(batch);
        }
    }
}

/// A changed path; `complete` when the event says the file is written in full (closed after
/// writing, or renamed into place).
struct Changed {
    path: PathBuf,
    complete: bool,
}

/// Passes on the paths of events that can change the site. Opening and reading files is not
/// a change (builds do it all the time); a lost event (queue overflow) rebuilds everything.
fn forward(result: notify::Result<notify::Event>, sender: &Sender<Changed>, rescan: &Path) {
    let send = |path: PathBuf, complete: bool| {
        let _ = sender.send(Changed { path, complete });
    };
    let Ok(event) = result else {
        send(rescan.to_path_buf(), false);
        return;
    };
    if event.need_rescan() {
        send(rescan.to_path_buf(), false);
    }
    if is_change(&event.kind) {
        let count = event.paths.len();
        for (i, path) in event.paths.into_iter().enumerate() {
            send(path, i + 1 == count && is_complete(&event.kind));
        }
    }
}

/// Whether an event leaves its (last) path written in full: closed after writing, or the
/// target of a rename.
fn is_complete(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        _ => false,
    }
}

/// The directories (and extra files) to watch, and those watched now. A source directory that
/// appears later is watched from then on; one that is replaced is watched again.
struct Dirs {
    wanted: Vec<(PathBuf, RecursiveMode)>,
    watched: HashSet<PathBuf>,
}

impl Dirs {
    fn new(root: &Path, config_file: Option<&Path>, extra: &[PathBuf]) -> Dirs {
        let mut wanted = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
        for dir in SOURCE_DIRS {
            wanted.push((root.join(dir), RecursiveMode::Recursive));
        }
        if let Some(parent) = config_file.and_then(Path::parent) {
            if !parent.starts_with(root) {
                wanted.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        wanted.extend(extra.iter().map(|p| (p.clone(), RecursiveMode::Recursive)));
        Dirs {
            wanted,
            watched: HashSet::new(),
        }
    }

    fn refresh(&mut self, watcher: &mut RecommendedWatcher, changed: &[PathBuf]) -> Result<()> {
        for (dir, mode) in &self.wanted {
            if changed.contains(dir) && self.watched.remove(dir) {
                let _ = watcher.unwatch(dir);
            }
            if !self.watched.contains(dir) && dir.exists() {
                watcher.watch(dir, *mode).map_err(|e| watch_error(dir, e))?;
                self.watched.insert(dir.clone());
            }
        }
        Ok(())
    }
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::file(path, format!("cannot watch for changes: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};

    #[test]
    fn reads_are_not_changes() {
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Read),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
            EventKind::Other,
        ] {
            assert!(!is_change(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ] {
            assert!(is_change(&kind), "{kind:?}");
        }
    }

    #[test]
    fn written_in_full_when_closed_after_writing_or_renamed_into_place() {
        for kind in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        ] {
            assert!(is_complete(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Remove(RemoveKind::File),
        ] {
            assert!(!is_complete(&kind), "{kind:?}");
        }
    }
}
