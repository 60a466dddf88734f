//! Where a link of a generated page points. It is resolved as a browser resolves it (the
//! WHATWG URL rules, from the `url` crate) against the page's URL, then sorted: a path inside
//! the site (below `base_url`, which may have a sub-path), a URL on the site's host outside
//! that path, an http(s) URL elsewhere, or a link nobody fetches (`mailto:`, `tel:`, ...).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use url::Url;

/// Characters escaped when an output path is made into a URL path.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The host given to a site whose `base_url` has none (`/`): no link can name it.
const NO_HOST: &str = "http://loess.invalid/";

/// The site's base URL, which every output lives under.
#[derive(Debug, Clone)]
pub(super) struct SiteUrl {
    base: Url,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Resolved {
    /// A path below the base URL, decoded and without its leading slash (`blog/a/`, `` for
    /// the home page), and the fragment, decoded.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// On the site's host but outside its base path: `/about/` on a site at `/blog/`.
    Outside(Url),
    /// An http(s) URL on another host.
    External(Url),
    /// A scheme that is not fetched: `mailto:`, `tel:`, `javascript:`, `data:`, ...
    Skipped,
    /// Not a URL: the parser's reason.
    Invalid(String),
}

impl SiteUrl {
    /// The site at `base_url` (a trailing slash is implied).
    pub(super) fn new(base_url: &str) -> SiteUrl {
        let no_host = Url::parse(NO_HOST).expect("a valid URL");
        let mut base = match Url::parse(base_url) {
            Ok(url) if url.has_host() => url,
            _ => no_host.join(base_url).unwrap_or(no_host),
        };
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        SiteUrl { base }
    }

    pub(super) fn base(&self) -> &Url {
        &self.base
    }

    /// The URL an output is served at: `blog/index.html` at `BASE/blog/`, `404.html` at
    /// `BASE/404.html`.
    pub(super) fn of_output(&self, rel: &str) -> Url {
        let path = match rel.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
            _ => rel,
        };
        let encoded = utf8_percent_encode(path, PATH).to_string();
        self.base
            .join(&format!("./{encoded}"))
            .unwrap_or_else(|_| self.base.clone())
    }

    /// Where `href`, written in the page at `page`, points.
    pub(super) fn resolve(&self, page: &Url, href: &str) -> Resolved {
        match page.join(href.trim()) {
            Ok(url) => self.sort(url),
            Err(e) => Resolved::Invalid(e.to_string()),
        }
    }

    fn sort(&self, url: Url) -> Resolved {
        if !matches!(url.scheme(), "http" | "https") {
            return Resolved::Skipped;
        }
        if url.host_str() != self.base.host_str() || url.port() != self.base.port() {
            return Resolved::External(url);
        }
        let base = self.base.path();
        let path = match url.path().strip_prefix(base) {
            Some(rest) => rest,
            // `/blog` on a site at `/blog/`.
            None if format!("{}/", url.path()) == base => "",
            None => return Resolved::Outside(url),
        };
        Resolved::Internal {
            path: decode(path),
            fragment: url.fragment().map(decode),
        }
    }
}

/// `text` with its percent escapes decoded (invalid UTF-8 replaced).
pub(super) fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Resolved {
        Resolved::Internal {
            path: path.to_string(),
            fragment: fragment.map(str::to_string),
        }
    }

    fn resolve(base: &str, page: &str, href: &str) -> Resolved {
        let site = SiteUrl::new(base);
        let page = site.of_output(page);
        site.resolve(&page, href)
    }

    #[test]
    fn output_urls() {
        let site = SiteUrl::new("https://example.org/blog");
        let url = |rel| site.of_output(rel).to_string();
        assert_eq!(url("index.html"), "https://example.org/blog/");
        assert_eq!(url("a/b/index.html"), "https://example.org/blog/a/b/");
        assert_eq!(url("404.html"), "https://example.org/blog/404.html");
        assert_eq!(
            url("x/myindex.html"),
            "https://example.org/blog/x/myindex.html"
        );
        assert_eq!(
            url("caf\u{e9} #1/index.html"),
            "https://example.org/blog/caf%C3%A9%20%231/"
        );
    }

    #[test]
    fn relative_root_relative_and_absolute_links() {
        let base = "https://example.org/";
        assert_eq!(
            resolve(base, "a/b/index.html", "../c/"),
            internal("a/c/", None)
        );
        assert_eq!(
            resolve(base, "a/b/index.html", "img.png"),
            internal("a/b/img.png", None)
        );
        assert_eq!(
            resolve(base, "a/b/index.html", "/x/#top"),
            internal("x/", Some("top"))
        );
        assert_eq!(
            resolve(base, "a/index.html", "#part"),
            internal("a/", Some("part"))
        );
        assert_eq!(resolve(base, "a/index.html", ""), internal("a/", None));
        assert_eq!(
            resolve(base, "index.html", "https://example.org/p/?q=1#caf%C3%A9"),
            internal("p/", Some("caf\u{e9}"))
        );
        assert_eq!(
            resolve(base, "index.html", "/caf%C3%A9/"),
            internal("caf\u{e9}/", None)
        );
        // Another scheme on the same host is the same site.
        assert_eq!(
            resolve(base, "index.html", "http://example.org/p/"),
            internal("p/", None)
        );
    }

    #[test]
    fn a_sub_path_base_url() {
        let base = "https://example.org/docs/";
        assert_eq!(
            resolve(base, "a/index.html", "/docs/b/"),
            internal("b/", None)
        );
        assert_eq!(resolve(base, "a/index.html", "/docs"), internal("", None));
        for href in ["/b/", "../../b/"] {
            assert!(
                matches!(resolve(base, "a/index.html", href), Resolved::Outside(u) if u.path() == "/b/"),
                "{href}"
            );
        }
    }

    #[test]
    fn other_hosts_and_schemes() {
        let base = "https://example.org/";
        assert!(matches!(
            resolve(base, "index.html", "https://other.org/x#y"),
            Resolved::External(u) if u.as_str() == "https://other.org/x#y"
        ));
        assert!(matches!(
            resolve(base, "index.html", "//example.org:8080/"),
            Resolved::External(_)
        ));
        for href in [
            "mailto:a@b.org",
            "tel:+123",
            "javascript:void(0)",
            "data:,x",
        ] {
            assert_eq!(
                resolve(base, "index.html", href),
                Resolved::Skipped,
                "{href}"
            );
        }
        assert!(matches!(
            resolve(base, "index.html", "http://[::1"),
            Resolved::Invalid(_)
        ));
    }

    #[test]
    fn a_base_url_without_host() {
        assert_eq!(resolve("/", "a/index.html", "/b/"), internal("b/", None));
        assert!(matches!(
            resolve("/", "a/index.html", "https://example.org/"),
            Resolved::External(_)
        ));
    }
}
