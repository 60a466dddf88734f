//! The server-sent-events stream of each open page: the current state first, then every
//! event of [`Live`] meant for that page, until the server stops.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast;

use super::events::Event;
use super::state::{Live, OpenPage};

/// `GET /__loess/events?path=/a/`: the current state, then every event until the server
/// stops. `path` is the URL path of the page listening: it is open while the stream is.
pub(super) async fn stream(
    State(live): State<Arc<Live>>,
    RawQuery(query): RawQuery,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let path = query.as_deref().and_then(shown_path);
    let open = path.as_deref().map(|p| live.open_page(p));
    let (current, receiver) = live.subscribe();
    let listener = Listener {
        path,
        receiver,
        _open: open,
    };
    let events = futures_util::stream::unfold(
        (Some(current), listener),
        |(first, mut listener)| async move {
            if let Some(event) = first {
                return Some((Ok(event.to_sse()), (None, listener)));
            }
            let event = listener.next().await?;
            Some((Ok(event.to_sse()), (None, listener)))
        },
    );
    Sse::new(events).keep_alive(KeepAlive::default())
}

/// One page's stream: the path it shows, its receiver, and its place among the open pages.
struct Listener {
    path: Option<String>,
    receiver: broadcast::Receiver<Event>,
    _open: Option<OpenPage>,
}

impl Listener {
    /// The next event to send, or `None` when the stream should end.
    async fn next(&mut self) -> Option<Event> {
        loop {
            match self.receiver.recv().await {
                Ok(Event::Shutdown) | Err(broadcast::error::RecvError::Closed) => return None,
                Ok(Event::Page { path, .. }) if Some(&path) != self.path.as_ref() => {}
                Ok(event) => return Some(event),
                // A page that fell behind reloads rather than missing a change.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    return Some(Event::Reload {
                        paths: vec!["*".to_string()],
                        primary: None,
                    })
                }
            }
        }
    }
}

/// The `path` parameter of a query string, percent-decoded (a path that is not UTF-8 names
/// no page, so it is decoded lossily).
fn shown_path(query: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "path")
        .map(|(_, value)| value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_of_a_stream_is_its_path_parameter() {
        assert_eq!(shown_path("path=/a/").as_deref(), Some("/a/"));
        assert_eq!(
            shown_path("x=1&path=%2Fblog%2F%C3%A9t%C3%A9%2F").as_deref(),
            Some("/blog/été/")
        );
        assert_eq!(shown_path("path=/a+b/%zz").as_deref(), Some("/a b/%zz"));
        assert_eq!(shown_path("other=1"), None);
        assert_eq!(shown_path("path=%FF").as_deref(), Some("\u{FFFD}"));
    }
}
