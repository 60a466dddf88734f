//! External links (`loess check`, unless `--skip-external-links`): every http(s) URL is
//! fetched once, however many links name it, and each anchor links ask of it is looked for
//! in that one answer. Requests run on a few threads, many hosts at once but few requests at
//! a time to any one host (`schedule`); a timeout, `429 Too Many Requests` or a server error
//! is tried again after a pause that doubles each time (or the one `Retry-After` asks for).

mod http;
mod schedule;

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use url::Url;

use crate::config::LinkChecker;
use http::{Attempt, Client, Request};
use schedule::{Next, Scheduler, Task};

/// How external links are fetched.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The longest a request may take, redirects and body included.
    pub timeout: Duration,
    /// How many more times a request that timed out or met a server error is tried.
    pub retries: u32,
    /// The pause before the first retry; it doubles for each further one.
    pub backoff: Duration,
    /// Requests at once to one host.
    pub per_host: usize,
    /// Requests at once in all.
    pub workers: usize,
}

impl Default for ExternalOptions {
    fn default() -> ExternalOptions {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_secs(1),
            per_host: 2,
            workers: 8,
        }
    }
}

/// The URLs a check fetches, and for each link the URL it uses and the anchor it wants.
#[derive(Debug, Default)]
pub(super) struct Plan {
    requests: Vec<Request>,
    by_url: HashMap<String, usize>,
    /// For each link added: its request and anchor, or `None` when it is skipped.
    uses: Vec<Option<(usize, Option<String>)>>,
}

/// What became of one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Fine,
    /// Not checked: `skip_prefixes` names it.
    Skipped,
    Broken(String),
}

impl Plan {
    /// Adds a link to `url`, written as `value`.
    pub(super) fn add(&mut self, url: &Url, value: &str, config: &LinkChecker) {
        let full = url.as_str();
        let starts = |prefixes: &[String]| {
            prefixes
                .iter()
                .any(|p| full.starts_with(p.as_str()) || value.starts_with(p.as_str()))
        };
        if starts(&config.skip_prefixes) {
            self.uses.push(None);
            return;
        }
        let mut bare = url.clone();
        bare.set_fragment(None);
        let requests = &mut self.requests;
        let job = *self.by_url.entry(bare.to_string()).or_insert_with(|| {
            requests.push(Request {
                url: bare.to_string(),
                anchors: Vec::new(),
            });
            requests.len() - 1
        });
        let anchor = url
            .fragment()
            .map(super::resolve::decode)
            .filter(|f| !super::internal::is_special(f) && !starts(&config.skip_anchor_prefixes));
        if let Some(anchor) = &anchor {
            if !self.requests[job].anchors.contains(anchor) {
                self.requests[job].anchors.push(anchor.clone());
            }
        }
        self.uses.push(Some((job, anchor)));
    }

    /// How many URLs will be fetched.
    pub(super) fn urls(&self) -> usize {
        self.requests.len()
    }

    /// Fetches every URL; the verdicts of the links, in the order they were added.
    pub(super) fn run(&self, options: &ExternalOptions) -> Vec<Verdict> {
        let outcomes = fetch_all(&self.requests, options);
        self.uses
            .iter()
            .map(|used| {
                let Some((job, anchor)) = used else {
                    return Verdict::Skipped;
                };
                match (&outcomes[*job], anchor) {
                    (Err(reason), _) => Verdict::Broken(reason.clone()),
                    (Ok(missing), Some(anchor)) if missing.contains(anchor) => {
                        Verdict::Broken(format!("the page has no element with id `{anchor}`"))
                    }
                    _ => Verdict::Fine,
                }
            })
            .collect()
    }
}

/// What a URL gave: the anchors it lacks, or why it failed.
type Outcome = Result<Vec<String>, String>;

/// Fetches every request on `options.workers` threads, politely per host.
fn fetch_all(requests: &[Request], options: &ExternalOptions) -> Vec<Outcome> {
    let client = Client::new(options.timeout);
    let mut scheduler = Scheduler::new(options.per_host);
    for (job, request) in requests.iter().enumerate() {
        let host = Url::parse(&request.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        scheduler.push(&host, job);
    }
    let shared = Shared {
        state: Mutex::new((scheduler, vec![None; requests.len()])),
        wake: Condvar::new(),
    };
    let workers = options.workers.clamp(1, requests.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| shared.work(&client, requests, options));
        }
    });
    let (_, outcomes) = shared.state.into_inner().expect("no worker panicked");
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Err("not checked".to_string())))
        .collect()
}

/// What the workers share: the scheduler and the outcomes so far, and a way to wake them.
struct Shared {
    state: Mutex<(Scheduler, Vec<Option<Outcome>>)>,
    wake: Condvar,
}

impl Shared {
    fn work(&self, client: &Client, requests: &[Request], options: &ExternalOptions) {
        while let Some(task) = self.take() {
            let attempt = client.attempt(&requests[task.job]);
            let mut state = self.state.lock().expect("no worker panicked");
            match attempt {
                Attempt::Transient { wait, .. } if task.attempt < options.retries => {
                    let pause = wait.unwrap_or_else(|| backoff(options.backoff, task.attempt));
                    state.0.retry(task, Instant::now() + pause);
                }
                attempt => {
                    state.0.finish(task);
                    state.1[task.job] = Some(outcome(attempt, task.attempt + 1));
                }
            }
            self.wake.notify_all();
        }
    }

    /// The next task, waiting for one if need be; `None` when every request has ended.
    fn take(&self) -> Option<Task> {
        let mut state = self.state.lock().expect("no worker panicked");
        loop {
            let now = Instant::now();
            state = match state.0.next(now) {
                Next::Run(task) => return Some(task),
                Next::Done => return None,
                Next::Wait(None) => self.wake.wait(state).expect("no worker panicked"),
                Next::Wait(Some(due)) => {
                    let pause = due.saturating_duration_since(now);
                    (self.wake.wait_timeout(state, pause))
                        .expect("no worker panicked")
                        .0
                }
            };
        }
    }
}

/// The pause after try `attempt` (0 for the first): `first`, doubled for each later try, and
/// never more than a minute.
fn backoff(first: Duration, attempt: u32) -> Duration {
    first
        .saturating_mul(2u32.saturating_pow(attempt))
        .min(Duration::from_secs(60))
}

/// The outcome of a request's last try, the `tries`th.
fn outcome(attempt: Attempt, tries: u32) -> Outcome {
    match attempt {
        Attempt::Reached { missing } => Ok(missing),
        Attempt::Failed(reason) => Err(reason),
        Attempt::Transient { reason, .. } if tries > 1 => Err(format!("{reason} ({tries} tries)")),
        Attempt::Transient { reason, .. } => Err(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_url_is_fetched_once_with_the_anchors_links_want() {
        let config = LinkChecker {
            skip_prefixes: vec!["https://skip.org/".into()],
            skip_anchor_prefixes: vec!["https://b.org/".into()],
            ..LinkChecker::default()
        };
        let mut plan = Plan::default();
        for link in [
            "https://a.org/x#one",
            "https://a.org/x#two",
            "https://a.org/x",
            "https://a.org/x#one",
            "https://a.org/x#top",
            "https://b.org/y#three",
            "https://skip.org/z",
        ] {
            plan.add(&Url::parse(link).unwrap(), link, &config);
        }
        assert_eq!(plan.urls(), 2);
        assert_eq!(
            plan.requests[0],
            Request {
                url: "https://a.org/x".into(),
                anchors: vec!["one".into(), "two".into()]
            }
        );
        assert!(plan.requests[1].anchors.is_empty());
        assert_eq!(plan.uses[6], None);
        assert_eq!(plan.uses[5], Some((1, None)));
    }

    #[test]
    fn pauses_double_up_to_a_minute() {
        let pauses: Vec<u64> = (0..8)
            .map(|n| backoff(Duration::from_secs(1), n).as_secs())
            .collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(backoff(Duration::from_secs(1), 400).as_secs(), 60);
    }

    #[test]
    fn outcomes_name_their_tries() {
        let transient = |reason: &str| Attempt::Transient {
            reason: reason.into(),
            wait: None,
        };
        assert_eq!(
            outcome(transient("HTTP 503"), 3),
            Err("HTTP 503 (3 tries)".into())
        );
        assert_eq!(outcome(transient("HTTP 503"), 1), Err("HTTP 503".into()));
        assert_eq!(
            outcome(Attempt::Failed("HTTP 404 Not Found".into()), 1),
            Err("HTTP 404 Not Found".into())
        );
    }
}
