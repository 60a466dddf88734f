//! One try at an external URL, with `ureq` (rustls for https, redirects followed): `HEAD`
//! first, `GET` when the server refuses `HEAD` (403, 405, 501) or when the page must be read
//! for the anchors links ask of it; and what the answer means for the check.

use std::io::Read;
use std::time::Duration;

use ureq::http::{Response, StatusCode};
use ureq::{Agent, Body};

use crate::check::html::Document;

/// How much of a page is read to look for anchors.
const BODY_LIMIT: u64 = 16 * 1024 * 1024;
/// A server asking for a longer pause than this is not waited for that long.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// One URL (without its fragment) and the anchors that links look for in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Request {
    pub url: String,
    pub anchors: Vec<String>,
}

/// What one try found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Attempt {
    /// The URL answered; these anchors were not in the page.
    Reached { missing: Vec<String> },
    /// A problem that asking again will not cure (404, an unknown host).
    Failed(String),
    /// One that it may (429, a server error, a timeout), and how long the server asked to wait.
    Transient {
        reason: String,
        wait: Option<Duration>,
    },
}

/// The HTTP client of a check.
pub(super) struct Client {
    agent: Agent,
    timeout: Duration,
}

impl Client {
    /// Each request, redirects and body included, may take at most `timeout`.
    pub(super) fn new(timeout: Duration) -> Client {
        let agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(10)
            .user_agent(concat!(
                "loess/",
                env!("CARGO_PKG_VERSION"),
                " (link checker)"
            ))
            .build()
            .into();
        Client { agent, timeout }
    }

    /// Tries `request` once.
    pub(super) fn attempt(&self, request: &Request) -> Attempt {
        let url = request.url.as_str();
        if request.anchors.is_empty() {
            match self.agent.head(url).header("accept", ACCEPT).call() {
                Ok(r) if matches!(r.status().as_u16(), 403 | 405 | 501) => {}
                Ok(r) => return judge(&r).unwrap_or(Attempt::Reached { missing: vec![] }),
                Err(e) => return self.failure(e),
            }
        }
        let response = match self.agent.get(url).header("accept", ACCEPT).call() {
            Ok(r) => r,
            Err(e) => return self.failure(e),
        };
        if let Some(problem) = judge(&response) {
            return problem;
        }
        if request.anchors.is_empty() {
            return Attempt::Reached { missing: vec![] };
        }
        let mut body = Vec::new();
        let read = response
            .into_body()
            .into_reader()
            .take(BODY_LIMIT)
            .read_to_end(&mut body);
        if let Err(e) = read {
            return Attempt::Transient {
                reason: format!("reading the page failed: {e}"),
                wait: None,
            };
        }
        let doc = Document::parse(&String::from_utf8_lossy(&body));
        let missing = request
            .anchors
            .iter()
            .filter(|a| !doc.has_anchor(a))
            .cloned()
            .collect();
        Attempt::Reached { missing }
    }

    fn failure(&self, error: ureq::Error) -> Attempt {
        let transient = |reason: String| Attempt::Transient { reason, wait: None };
        match error {
            ureq::Error::Timeout(_) => transient(self.timed_out()),
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                transient(self.timed_out())
            }
            ureq::Error::Io(e) => transient(e.to_string()),
            ureq::Error::ConnectionFailed => transient("the connection failed".to_string()),
            ureq::Error::HostNotFound => Attempt::Failed("host not found".to_string()),
            ureq::Error::TooManyRedirects => Attempt::Failed("too many redirects".to_string()),
            other => Attempt::Failed(other.to_string()),
        }
    }

    fn timed_out(&self) -> String {
        format!("no answer within {} s", self.timeout.as_secs_f32())
    }
}

const ACCEPT: &str = "text/html,application/xhtml+xml,*/*;q=0.8";

/// The problem a response's status shows, if any.
fn judge(response: &Response<Body>) -> Option<Attempt> {
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        return None;
    }
    let reason = describe(status);
    Some(
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            Attempt::Transient {
                reason,
                wait: retry_after(response),
            }
        } else {
            Attempt::Failed(reason)
        },
    )
}

/// `HTTP 404 Not Found`.
fn describe(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// The pause a `Retry-After: SECONDS` header asks for (dates are not followed).
fn retry_after(response: &Response<Body>) -> Option<Duration> {
    let value = response.headers().get("retry-after")?.to_str().ok()?;
    let seconds: u64 = value.trim().parse().ok()?;
    Some(Duration::from_secs(seconds).min(LONGEST_WAIT))
}
