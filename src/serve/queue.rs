//! Builds wanted but not started: the watcher asks for a build after each batch of changes and
//! goes back to watching; the build thread takes everything asked for since its last build as
//! one build. Batches are numbered, so a build knows which previews it settles.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use super::classify::ChangeKind;

/// The builds asked for.
#[derive(Debug, Default)]
pub(super) struct Queue {
    wanted: Mutex<Wanted>,
    wake: Condvar,
}

/// One build to run: every change asked for since the last one.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Wanted {
    /// Each changed path once, in the order first asked for.
    pub changes: Vec<(PathBuf, ChangeKind)>,
    /// The last batch it includes.
    pub batch: u64,
    /// How soon after the save the open page was shown, when it was pushed ahead.
    pub shown_after: Option<Duration>,
    asked: bool,
}

impl Queue {
    /// The number the next batch asked for will have.
    pub(super) fn next_batch(&self) -> u64 {
        self.wanted.lock().expect("no queue user panicked").batch + 1
    }

    /// Asks for a build of `changes` (one batch); returns the batch's number.
    pub(super) fn ask(
        &self,
        changes: &[(PathBuf, ChangeKind)],
        shown_after: Option<Duration>,
    ) -> u64 {
        let mut wanted = self.wanted.lock().expect("no queue user panicked");
        for change in changes {
            if !wanted.changes.contains(change) {
                wanted.changes.push(change.clone());
            }
        }
        wanted.batch += 1;
        wanted.shown_after = shown_after.or(wanted.shown_after);
        wanted.asked = true;
        self.wake.notify_one();
        wanted.batch
    }

    /// Waits until a build is asked for, and takes it.
    pub(super) fn take(&self) -> Wanted {
        let mut wanted = self.wanted.lock().expect("no queue user panicked");
        while !wanted.asked {
            wanted = self.wake.wait(wanted).expect("no queue user panicked");
        }
        let taken = Wanted {
            changes: std::mem::take(&mut wanted.changes),
            batch: wanted.batch,
            shown_after: wanted.shown_after.take(),
            asked: false,
        };
        wanted.asked = false;
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn change(path: &str) -> (PathBuf, ChangeKind) {
        (PathBuf::from(path), ChangeKind::Content)
    }

    #[test]
    fn batches_asked_for_during_a_build_are_one_build() {
        let queue = Queue::default();
        assert_eq!(queue.next_batch(), 1);
        assert_eq!(queue.ask(&[change("a.md")], None), 1);
        let first = queue.take();
        assert_eq!((first.changes.len(), first.batch), (1, 1));
        let shown = Some(Duration::from_millis(4));
        assert_eq!(queue.ask(&[change("b.md"), change("a.md")], shown), 2);
        assert_eq!(queue.ask(&[change("a.md")], None), 3);
        let next = queue.take();
        assert_eq!(next.changes, [change("b.md"), change("a.md")]);
        assert_eq!((next.batch, next.shown_after), (3, shown));
        assert_eq!(queue.next_batch(), 4);
    }

    #[test]
    fn take_waits_for_a_build_to_be_asked_for() {
        let queue = Arc::new(Queue::default());
        let taker = {
            let queue = queue.clone();
            std::thread::spawn(move || queue.take())
        };
        std::thread::sleep(Duration::from_millis(20));
        queue.ask(&[change("a.md")], None);
        assert_eq!(taker.join().unwrap().batch, 1);
    }
}
