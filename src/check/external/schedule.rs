//! Which URL to fetch next: many hosts at once, but only a few requests at a time to any one
//! host, taken in turn so that one large host does not hold up the others; a request to be
//! tried again waits for its time. Pure bookkeeping: the clock is an argument.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

/// A request waiting for its turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Queued {
    job: usize,
    attempt: u32,
    /// Not before this time (a retry's backoff).
    due: Option<Instant>,
}

#[derive(Debug)]
struct Host {
    queue: VecDeque<Queued>,
    running: usize,
}

/// A request to make now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Task {
    pub host: usize,
    pub job: usize,
    /// 0 for the first try.
    pub attempt: u32,
}

/// What a worker does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    Run(Task),
    /// Nothing can start: wait until that time (a retry is due) or until a request ends.
    Wait(Option<Instant>),
    /// Every request has ended.
    Done,
}

/// The requests of a check, by host.
#[derive(Debug)]
pub(super) struct Scheduler {
    per_host: usize,
    hosts: Vec<Host>,
    by_name: HashMap<String, usize>,
    /// The host to look at first next time, so hosts take turns.
    turn: usize,
    /// Requests queued or running.
    open: usize,
}

impl Scheduler {
    /// At most `per_host` requests (at least one) run at once to any host.
    pub(super) fn new(per_host: usize) -> Scheduler {
        Scheduler {
            per_host: per_host.max(1),
            hosts: Vec::new(),
            by_name: HashMap::new(),
            turn: 0,
            open: 0,
        }
    }

    /// Queues request `job` to `host`.
    pub(super) fn push(&mut self, host: &str, job: usize) {
        let id = *self.by_name.entry(host.to_string()).or_insert_with(|| {
            self.hosts.push(Host {
                queue: VecDeque::new(),
                running: 0,
            });
            self.hosts.len() - 1
        });
        self.hosts[id].queue.push_back(Queued {
            job,
            attempt: 0,
            due: None,
        });
        self.open += 1;
    }

    /// The next request to start at `now`: from the next host in turn that has room and a
    /// request that is due.
    pub(super) fn next(&mut self, now: Instant) -> Next {
        if self.open == 0 {
            return Next::Done;
        }
        let count = self.hosts.len();
        let mut soonest: Option<Instant> = None;
        for step in 0..count {
            let id = (self.turn + step) % count;
            let host = &mut self.hosts[id];
            if host.running >= self.per_host {
                continue;
            }
            let due = host
                .queue
                .iter()
                .position(|q| q.due.is_none_or(|t| t <= now));
            if let Some(i) = due {
                let queued = host.queue.remove(i).expect("a queued request");
                host.running += 1;
                self.turn = (id + 1) % count;
                return Next::Run(Task {
                    host: id,
                    job: queued.job,
                    attempt: queued.attempt,
                });
            }
            let later = host.queue.iter().filter_map(|q| q.due).min();
            soonest = match (soonest, later) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Next::Wait(soonest)
    }

    /// Task `task` ended for good.
    pub(super) fn finish(&mut self, task: Task) {
        self.hosts[task.host].running -= 1;
        self.open -= 1;
    }

    /// Task `task` ended but is to be tried again, not before `due`.
    pub(super) fn retry(&mut self, task: Task, due: Instant) {
        let host = &mut self.hosts[task.host];
        host.running -= 1;
        host.queue.push_back(Queued {
            job: task.job,
            attempt: task.attempt + 1,
            due: Some(due),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn run(next: Next) -> Task {
        match next {
            Next::Run(task) => task,
            other => panic!("expected a task, got {other:?}"),
        }
    }

    #[test]
    fn hosts_take_turns_and_each_has_a_limit() {
        let now = Instant::now();
        let mut s = Scheduler::new(2);
        for job in 0..4 {
            s.push("a.org", job);
        }
        s.push("b.org", 4);
        let jobs: Vec<usize> = (0..3).map(|_| run(s.next(now)).job).collect();
        // a, b, then a again: a's third request waits for one of the first two.
        assert_eq!(jobs, [0, 4, 1]);
        assert_eq!(s.next(now), Next::Wait(None));
        s.finish(Task {
            host: 0,
            job: 0,
            attempt: 0,
        });
        assert_eq!(run(s.next(now)).job, 2);
    }

    #[test]
    fn a_retry_waits_for_its_time_and_counts_its_attempts() {
        let now = Instant::now();
        let mut s = Scheduler::new(2);
        s.push("a.org", 0);
        let task = run(s.next(now));
        let due = now + Duration::from_secs(2);
        s.retry(task, due);
        assert_eq!(s.next(now), Next::Wait(Some(due)));
        let again = run(s.next(due));
        assert_eq!((again.job, again.attempt), (0, 1));
        s.finish(again);
        assert_eq!(s.next(due), Next::Done);
    }

    #[test]
    fn a_due_request_passes_one_that_waits() {
        let now = Instant::now();
        let mut s = Scheduler::new(1);
        s.push("a.org", 0);
        let first = run(s.next(now));
        s.retry(first, now + Duration::from_secs(5));
        s.push("a.org", 1);
        assert_eq!(run(s.next(now)).job, 1);
    }

    #[test]
    fn nothing_queued_is_done() {
        assert_eq!(Scheduler::new(2).next(Instant::now()), Next::Done);
    }
}
