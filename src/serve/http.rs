//! The HTTP side: an axum router with the live-reload routes under `/__loess/` and every other
//! path answered from the site in memory (copied files from their source). GET and HEAD only;
//! nothing is cached, so a page always shows the last build.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::events::Event;
use super::inject::{inject, script_tag, SCRIPT_PATH};
use super::paths::{normalize, Resolved, SitePath};
use super::state::{Found, Live, Snapshot};
use super::stream;
use crate::error::{Error, Result};

/// The page script: idiomorph (which patches the DOM in place), then Loess's own.
const SCRIPT: &str = concat!(
    include_str!("assets/idiomorph.min.js"),
    "\n",
    include_str!("assets/live.js")
);

/// The answer when the site has no `404.html` (yet): it still carries the page script, so a
/// page opened before the first good build updates itself.
const NOT_FOUND: &str =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
    <body><h1>Not found</h1><p>There is nothing at this address.</p></body></html>";

/// Serves until Ctrl-C, then ends the event streams and stops.
pub(super) async fn run(listener: TcpListener, live: Arc<Live>) -> Result<()> {
    let address = listener.local_addr().ok();
    let server_error = |e: std::io::Error| Error::Listen {
        address: address.map_or_else(String::new, |a| a.to_string()),
        message: e.to_string(),
    };
    listener.set_nonblocking(true).map_err(server_error)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(server_error)?;
    let app = Router::new()
        .route("/__loess/events", get(stream::stream))
        .route(SCRIPT_PATH, get(script))
        .fallback(site)
        .with_state(live.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async {
        let _ = stopped.await;
    });
    let server = tokio::spawn(async move { server.await });
    tokio::signal::ctrl_c().await.map_err(server_error)?;
    live.send(Event::Shutdown);
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
    Ok(())
}

async fn script() -> Response {
    let headers = [
        (CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (CACHE_CONTROL, "no-store"),
    ];
    (headers, SCRIPT).into_response()
}

/// Any path of the site.
async fn site(State(live): State<Arc<Live>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let text = "only GET and HEAD are served\n";
        return (StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, "GET, HEAD")], text).into_response();
    }
    let site = live.site();
    match normalize(uri.path(), &site.base_path) {
        Err(_) => (StatusCode::BAD_REQUEST, "bad request path\n").into_response(),
        Ok(Resolved::Outside) if uri.path() == "/" => redirect(&site.base_path),
        Ok(Resolved::Outside) => not_found(&live, &site),
        Ok(Resolved::Site(path)) => file(&live, &site, &path, &uri).await,
    }
}

/// The file a site path names; `/dir` is sent to `/dir/` when that has an index.
async fn file(live: &Live, site: &Snapshot, path: &SitePath, uri: &Uri) -> Response {
    let rel = path.file();
    let found = match live.preview_of(&rel) {
        Some(bytes) => Some(Found::Rendered(bytes)),
        None => site.find(&rel),
    };
    let bytes = match found {
        Some(Found::Rendered(bytes)) => Some(bytes),
        Some(Found::File(from)) => read_copy(site, &from).await,
        None => None,
    };
    match bytes {
        Some(bytes) => respond(live, StatusCode::OK, &rel, bytes),
        None if !path.dir && site.has(&path.index()) => {
            let query = uri.query().map_or(String::new(), |q| format!("?{q}"));
            redirect(&format!("{}/{query}", uri.path()))
        }
        None => not_found(live, site),
    }
}

/// A copied file, read from its source; refused if a symlink takes it out of the site.
async fn read_copy(site: &Snapshot, from: &std::path::Path) -> Option<Bytes> {
    let resolved = tokio::fs::canonicalize(from).await.ok()?;
    if !site.allows(&resolved) {
        return None;
    }
    tokio::fs::read(&resolved).await.ok().map(Bytes::from)
}

/// The site's `404.html` with status 404.
fn not_found(live: &Live, site: &Snapshot) -> Response {
    let bytes = match site.rendered.get("404.html") {
        Some(bytes) => bytes.clone(),
        None => Bytes::from_static(NOT_FOUND.as_bytes()),
    };
    respond(live, StatusCode::NOT_FOUND, "404.html", bytes)
}

fn redirect(to: &str) -> Response {
    let headers = [(LOCATION, to), (CACHE_CONTROL, "no-store")];
    (StatusCode::TEMPORARY_REDIRECT, headers, Body::empty()).into_response()
}

/// A file's response; HTML gets the page script.
fn respond(live: &Live, status: StatusCode, rel: &str, bytes: Bytes) -> Response {
    let content_type = content_type(rel);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject(&bytes, &script_tag(live.follow)))
    } else {
        bytes
    };
    let headers = [
        (CONTENT_TYPE, content_type),
        (CACHE_CONTROL, "no-store".to_string()),
    ];
    (status, headers, body).into_response()
}

/// The content type of an output path, by its extension; text types are UTF-8.
pub(super) fn content_type(rel: &str) -> String {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let textual = mime.type_() == "text"
        || ["javascript", "json", "xml", "manifest+json", "svg+xml"]
            .iter()
            .any(|s| mime.subtype() == *s || mime.suffix().is_some_and(|x| x == *s));
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_by_extension() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("a/style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("atom.xml", "text/xml; charset=utf-8"),
            ("search.json", "application/json; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("favicon.svg", "image/svg+xml; charset=utf-8"),
            ("photo.JPG", "image/jpeg"),
            ("font.woff2", "font/woff2"),
            ("CNAME", "application/octet-stream"),
        ];
        for (rel, expected) in cases {
            assert_eq!(content_type(rel), expected, "{rel}");
        }
    }
}
