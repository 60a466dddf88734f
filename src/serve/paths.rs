//! Request paths to site paths: the one place that decides which part of the site a URL names,
//! and refuses every path that could reach outside it.
//!
//! Pure: no file system. Percent-escapes are decoded one segment at a time, so an escaped
//! slash, backslash or NUL can never become a separator, and `.` or `..` segments, raw or
//! escaped, are refused rather than resolved.

/// Longer request paths are refused outright.
pub(crate) const MAX_PATH: usize = 2048;

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A path of the site, relative to its root.
    Site(SitePath),
    /// A path that is not under the site's base path.
    Outside,
}

/// A path inside the site: `rel` is `/`-separated and never holds an empty, `.` or `..`
/// segment; `""` is the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    pub rel: String,
    /// The request ended with `/`: it names a directory, served by its `index.html`.
    pub dir: bool,
}

impl SitePath {
    /// The output file this path is served from first.
    pub(crate) fn file(&self) -> String {
        if self.dir {
            self.index()
        } else {
            self.rel.clone()
        }
    }

    /// The directory index this path names, when it names a directory.
    pub(crate) fn index(&self) -> String {
        if self.rel.is_empty() {
            "index.html".to_string()
        } else {
            format!("{}/index.html", self.rel)
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    TooLong,
    NotAbsolute,
    /// `%` not followed by two hex digits, or escapes that are not UTF-8.
    BadEscape,
    /// A segment that is empty, `.` or `..`, or holds `\`, NUL, another control character
    /// or an escaped `/`.
    BadSegment,
}

/// Maps the path of a request URL (without its query) to a path of the site, whose pages live
/// under `base` (`/`, or `/blog/` for a site published in a sub-directory).
pub(crate) fn normalize(raw: &str, base: &str) -> Result<Resolved, Refused> {
    if raw.len() > MAX_PATH {
        return Err(Refused::TooLong);
    }
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(Refused::NotAbsolute);
    };
    let dir = rest.is_empty() || rest.ends_with('/');
    let mut segments = Vec::new();
    if !rest.is_empty() {
        for segment in rest.strip_suffix('/').unwrap_or(rest).split('/') {
            segments.push(decode_segment(segment)?);
        }
    }
    let base: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() < base.len() || segments[..base.len()] != base[..] {
        return Ok(Resolved::Outside);
    }
    Ok(Resolved::Site(SitePath {
        rel: segments[base.len()..].join("/"),
        dir,
    }))
}

/// One path segment with its percent-escapes decoded, if it is a plain file or directory name.
fn decode_segment(segment: &str) -> Result<String, Refused> {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refused::BadEscape)?;
            // Two hex digits: `from_str_radix` alone would also take a sign (`%+1`).
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return Err(Refused::BadEscape);
            }
            let hex = std::str::from_utf8(hex).map_err(|_| Refused::BadEscape)?;
            let byte = u8::from_str_radix(hex, 16).map_err(|_| Refused::BadEscape)?;
            if byte == b'/' {
                return Err(Refused::BadSegment);
            }
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(decoded).map_err(|_| Refused::BadEscape)?;
    let bad_char = |c: char| c == '\\' || c.is_control();
    if text.is_empty() || text == "." || text == ".." || text.contains(bad_char) {
        return Err(Refused::BadSegment);
    }
    Ok(text)
}

/// The path part of a base URL, with a slash at each end: `https://x.org/blog` gives `/blog/`.
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("", |slash| &after_scheme[slash..]);
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_matches('/');
    if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(rel: &str, dir: bool) -> Result<Resolved, Refused> {
        Ok(Resolved::Site(SitePath {
            rel: rel.to_string(),
            dir,
        }))
    }

    #[test]
    fn plain_paths_map_to_the_site() {
        assert_eq!(normalize("/", "/"), site("", true));
        assert_eq!(normalize("/a/b/", "/"), site("a/b", true));
        assert_eq!(normalize("/a/style.css", "/"), site("a/style.css", false));
        assert_eq!(normalize("/caf%C3%A9/", "/"), site("café", true));
        assert_eq!(normalize("/a%20b.txt", "/"), site("a b.txt", false));
        assert_eq!(
            normalize("/.well-known/x", "/"),
            site(".well-known/x", false)
        );
    }

    #[test]
    fn files_and_indexes() {
        let root = SitePath {
            rel: String::new(),
            dir: true,
        };
        assert_eq!(root.file(), "index.html");
        let dir = SitePath {
            rel: "a".into(),
            dir: false,
        };
        assert_eq!(
            (dir.file().as_str(), dir.index().as_str()),
            ("a", "a/index.html")
        );
    }

    #[test]
    fn a_sub_path_base_strips_its_prefix() {
        assert_eq!(normalize("/blog/", "/blog/"), site("", true));
        assert_eq!(normalize("/blog", "/blog/"), site("", false));
        assert_eq!(normalize("/blog/a/", "/blog/"), site("a", true));
        assert_eq!(normalize("/", "/blog/"), Ok(Resolved::Outside));
        assert_eq!(normalize("/blogger/", "/blog/"), Ok(Resolved::Outside));
        assert_eq!(normalize("/other/a", "/blog/"), Ok(Resolved::Outside));
    }

    #[test]
    fn traversal_is_refused() {
        for path in [
            "/..",
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/a/./b",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/.%2e/x",
            "/a/%2e/b",
            "/blog/../../x",
        ] {
            assert_eq!(
                normalize(path, "/blog/"),
                Err(Refused::BadSegment),
                "{path}"
            );
        }
    }

    #[test]
    fn hostile_characters_are_refused() {
        let cases = [
            ("/a%2fb", Refused::BadSegment),
            ("/..%2f..%2fetc%2fpasswd", Refused::BadSegment),
            ("/..%5c..%5cwin.ini", Refused::BadSegment),
            ("/a\\..\\b", Refused::BadSegment),
            ("/a%00.html", Refused::BadSegment),
            ("/a\0b", Refused::BadSegment),
            ("/a%0a", Refused::BadSegment),
            ("//etc/passwd", Refused::BadSegment),
            ("/a//b", Refused::BadSegment),
            ("/a%", Refused::BadEscape),
            ("/a%2", Refused::BadEscape),
            ("/a%zz", Refused::BadEscape),
            ("/a%ff", Refused::BadEscape),
            ("/a%c3%", Refused::BadEscape),
            ("/a%+1", Refused::BadEscape),
            ("/a%-1b", Refused::BadEscape),
            ("a/b", Refused::NotAbsolute),
            ("", Refused::NotAbsolute),
        ];
        for (path, refused) in cases {
            assert_eq!(normalize(path, "/"), Err(refused), "{path:?}");
        }
    }

    #[test]
    fn overlong_paths_are_refused() {
        let long = format!("/{}", "a/".repeat(MAX_PATH));
        assert_eq!(normalize(&long, "/"), Err(Refused::TooLong));
        let fits = format!("/{}", "a".repeat(MAX_PATH - 1));
        assert!(normalize(&fits, "/").is_ok());
    }

    #[test]
    fn base_paths_of_urls() {
        assert_eq!(base_path("http://127.0.0.1:1111"), "/");
        assert_eq!(base_path("http://127.0.0.1:1111/"), "/");
        assert_eq!(base_path("https://x.org/blog"), "/blog/");
        assert_eq!(base_path("https://x.org/a/b/"), "/a/b/");
        assert_eq!(base_path("/sub/"), "/sub/");
        assert_eq!(base_path("http://[::1]:80/x?q#f"), "/x/");
    }
}
