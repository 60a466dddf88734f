//! Groups bursts of file events into one batch: an editor's save (temporary file, rename,
//! backup, probe) or a `git checkout` becomes one rebuild. What is pending can also be taken
//! early (a stylesheet saved: no reason to wait), the rest of the burst still coalesced.
//!
//! Pure: the caller passes the time, so the rules are tested without sleeping.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Collects changed paths until none has arrived for `quiet`, or `longest` after the first.
#[derive(Debug)]
pub(super) struct Debounce {
    quiet: Duration,
    longest: Duration,
    pending: BTreeSet<PathBuf>,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debounce {
    pub(super) fn new(quiet: Duration, longest: Duration) -> Debounce {
        Debounce {
            quiet,
            longest,
            pending: BTreeSet::new(),
            first: None,
            last: None,
        }
    }

    /// Records a changed path.
    pub(super) fn add(&mut self, path: PathBuf, now: Instant) {
        self.pending.insert(path);
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the pending batch is due, if there is one.
    pub(super) fn deadline(&self) -> Option<Instant> {
        Some((self.last? + self.quiet).min(self.first? + self.longest))
    }

    /// The batch, once it is due; each path once, in order.
    pub(super) fn take_due(&mut self, now: Instant) -> Option<Vec<PathBuf>> {
        if now < self.deadline()? {
            return None;
        }
        self.first = None;
        self.last = None;
        let batch: Vec<PathBuf> = std::mem::take(&mut self.pending).into_iter().collect();
        (!batch.is_empty()).then_some(batch)
    }

    /// The paths collected so far.
    pub(super) fn pending(&self) -> impl Iterator<Item = &PathBuf> {
        self.pending.iter()
    }

    /// The paths collected so far, taken before the batch is due (to act on them at once);
    /// the burst goes on, and what comes in it until it is due is the next batch.
    pub(super) fn take_early(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.pending).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIET: Duration = Duration::from_millis(20);
    const LONGEST: Duration = Duration::from_millis(200);

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn nothing_pending_is_never_due() {
        let mut d = Debounce::new(QUIET, LONGEST);
        assert_eq!(d.deadline(), None);
        assert_eq!(d.take_due(Instant::now()), None);
    }

    #[test]
    fn an_editor_save_burst_is_one_batch() {
        let t0 = Instant::now();
        let mut d = Debounce::new(QUIET, LONGEST);
        // vim: probe file, backup rename, new file, backup removed, all within a few ms.
        for (at, path) in [
            (0, "content/4913"),
            (1, "content/a.md"),
            (1, "content/a.md~"),
            (2, "content/a.md"),
            (3, "content/a.md~"),
        ] {
            d.add(PathBuf::from(path), t0 + ms(at));
            assert_eq!(d.take_due(t0 + ms(at)), None);
        }
        assert_eq!(d.deadline(), Some(t0 + ms(23)));
        assert_eq!(d.take_due(t0 + ms(22)), None);
        let batch = d.take_due(t0 + ms(23)).expect("due after a quiet period");
        let names: Vec<_> = batch.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(names, ["content/4913", "content/a.md", "content/a.md~"]);
        assert_eq!(d.deadline(), None);
        assert_eq!(d.take_due(t0 + ms(100)), None);
    }

    #[test]
    fn each_event_moves_the_deadline() {
        let t0 = Instant::now();
        let mut d = Debounce::new(QUIET, LONGEST);
        d.add("a".into(), t0);
        d.add("b".into(), t0 + ms(15));
        assert_eq!(d.take_due(t0 + ms(25)), None);
        assert_eq!(d.take_due(t0 + ms(35)).map(|b| b.len()), Some(2));
    }

    #[test]
    fn a_steady_stream_still_rebuilds_after_the_longest_wait() {
        let t0 = Instant::now();
        let mut d = Debounce::new(QUIET, LONGEST);
        let mut batches = 0;
        for at in (0..500).step_by(10) {
            d.add(format!("f{at}").into(), t0 + ms(at));
            batches += d.take_due(t0 + ms(at)).map_or(0, |_| 1);
        }
        assert_eq!(batches, 2, "due at 200 ms and 400 ms");
    }

    #[test]
    fn taken_early_the_rest_of_the_burst_is_one_more_batch() {
        let t0 = Instant::now();
        let mut d = Debounce::new(QUIET, LONGEST);
        d.add("static/a.css".into(), t0);
        d.add("static/a.css~".into(), t0);
        assert_eq!(d.pending().count(), 2);
        assert_eq!(d.take_early().len(), 2);
        assert_eq!(d.pending().count(), 0);
        d.add("static/a.css~".into(), t0 + ms(2));
        assert_eq!(d.take_due(t0 + ms(10)), None);
        let rest = d.take_due(t0 + ms(22)).expect("the rest of the burst");
        assert_eq!(rest, [PathBuf::from("static/a.css~")]);
        // Nothing came after the early batch: nothing is due.
        d.add("b".into(), t0 + ms(100));
        d.take_early();
        assert_eq!(d.take_due(t0 + ms(200)), None);
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_batch_after_a_batch_starts_afresh() {
        let t0 = Instant::now();
        let mut d = Debounce::new(QUIET, LONGEST);
        d.add("a".into(), t0);
        assert!(d.take_due(t0 + ms(20)).is_some());
        d.add("b".into(), t0 + ms(500));
        assert_eq!(d.deadline(), Some(t0 + ms(520)));
    }
}
