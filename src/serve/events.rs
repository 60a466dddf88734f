//! What the server tells open pages (the stream that carries it is `stream`).
//!
//! `reload` lists the URL paths whose content changed (the page script updates itself if its
//! own path is there), `page` carries the new HTML of one page ahead of the build (sent only to
//! the pages that show it: each stream names its page), `css` the stylesheets to swap, `error`
//! a failed build with its place, `ok` a good build after it. A new stream starts with the
//! current state: `error` while the last build failed, `ok` otherwise.

use std::sync::Arc;

use axum::response::sse::Event as SseEvent;
use serde::Serialize;
use serde_json::json;

use crate::error::Error;

/// A message to every open page.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    /// Outputs whose bytes changed, as URL paths; `primary` is the page of the content file
    /// that changed, when there was one.
    Reload {
        paths: Vec<String>,
        primary: Option<String>,
    },
    /// The new HTML of the page at URL path `path`, rendered alone ahead of the build; only
    /// pages that show `path` receive it.
    Page { path: String, html: Arc<str> },
    /// Stylesheets that changed, as URL paths.
    Css { paths: Vec<String> },
    /// The last build failed; the previous site is still served.
    Error(Failure),
    /// The last build succeeded.
    Ok,
    /// The server is stopping: streams end.
    Shutdown,
}

/// A failed build, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct Failure {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The whole error, as `loess build` prints it.
    pub message: String,
}

impl Failure {
    /// The failure of a build that returned `error`; the place is that of its first problem.
    pub(super) fn new(error: &Error) -> Failure {
        let mut first = error;
        while let Error::Many(errors) = first {
            match errors.first() {
                Some(e) => first = e,
                None => break,
            }
        }
        let (file, line, column) = match first {
            Error::Located { location, .. } => (
                Some(location.path.display().to_string()),
                Some(location.line),
                (location.column > 0).then_some(location.column),
            ),
            Error::Io { path, .. } | Error::File { path, .. } | Error::OutputDir { path, .. } => {
                (Some(path.display().to_string()), None, None)
            }
            _ => (None, None, None),
        };
        Failure {
            file,
            line,
            column,
            message: error.to_string(),
        }
    }
}

impl Event {
    /// The event's name and JSON data, as sent on the stream.
    pub(super) fn encode(&self) -> (&'static str, String) {
        match self {
            Event::Reload { paths, primary } => (
                "reload",
                json!({ "paths": paths, "primary": primary }).to_string(),
            ),
            Event::Page { path, html } => {
                ("page", json!({ "path": path, "html": &**html }).to_string())
            }
            Event::Css { paths } => ("css", json!({ "paths": paths }).to_string()),
            Event::Error(failure) => (
                "error",
                serde_json::to_string(failure).expect("a failure serializes"),
            ),
            Event::Ok => ("ok", "{}".to_string()),
            Event::Shutdown => ("shutdown", "{}".to_string()),
        }
    }

    pub(super) fn to_sse(&self) -> SseEvent {
        let (name, data) = self.encode();
        SseEvent::default().event(name).data(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use std::path::Path;

    #[test]
    fn a_failure_points_at_the_first_problem() {
        let located = Error::at(Location::line(Path::new("content/a.md"), 3), "bad date");
        let other = Error::file(Path::new("content/b.md"), "unreadable");
        let failure = Failure::new(&Error::Many(vec![located, other]));
        assert_eq!(failure.file.as_deref(), Some("content/a.md"));
        assert_eq!((failure.line, failure.column), (Some(3), None));
        assert_eq!(
            failure.message,
            "content/a.md:3: bad date\ncontent/b.md: unreadable"
        );
        let template = Failure::new(&Error::Template {
            message: "oops".into(),
        });
        assert_eq!((template.file, template.message.as_str()), (None, "oops"));
    }

    #[test]
    fn events_encode_as_json() {
        let reload = Event::Reload {
            paths: vec!["/a/".into()],
            primary: Some("/a/".into()),
        };
        assert_eq!(
            reload.encode(),
            ("reload", r#"{"paths":["/a/"],"primary":"/a/"}"#.to_string())
        );
        let failure = Failure {
            file: Some("config.toml".into()),
            line: Some(2),
            column: Some(7),
            message: "m".into(),
        };
        assert_eq!(
            Event::Error(failure).encode().1,
            r#"{"file":"config.toml","line":2,"column":7,"message":"m"}"#
        );
        assert_eq!(Event::Ok.encode(), ("ok", "{}".to_string()));
        let page = Event::Page {
            path: "/a/".into(),
            html: "<p>\"new\"\n</p>".into(),
        };
        assert_eq!(
            page.encode(),
            (
                "page",
                r#"{"path":"/a/","html":"<p>\"new\"\n</p>"}"#.to_string()
            )
        );
    }
}
