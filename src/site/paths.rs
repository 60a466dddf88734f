//! URL paths of pages and sections: slugs, front-matter `path`s, and the rule that nothing
//! a writer types can point outside the output directory.

/// A problem with a slug or path, for the caller to locate in its file.
pub(crate) type PathProblem = String;

use crate::config::SlugifyStrategy;

/// Checks and slugifies a slug (from front matter or a file name) with the site's strategy:
/// it must stay one path segment, never `..` or a separator.
pub(crate) fn checked_slug(raw: &str, strategy: SlugifyStrategy) -> Result<String, PathProblem> {
    if raw.contains(['/', '\\', '\0']) || raw.contains("..") {
        return Err(format!(
            "`slug` {raw:?} must be a single path segment, without `/`, `\\`, `..` or NUL"
        ));
    }
    let slug = strategy.slugify_path(raw);
    if slug.is_empty() {
        return Err(format!("`slug` {raw:?} is empty once made URL-safe"));
    }
    Ok(slug)
}

/// Checks a front-matter `path` and returns it as a site path: `/a/b/`.
/// A leading `/` is allowed (the path is always relative to the site root); `..`, `\` and
/// NUL are refused, so the path can never leave the output directory.
pub(crate) fn checked_path(raw: &str) -> Result<String, PathProblem> {
    let escape = || format!("`path` {raw:?} would leave the output directory");
    if raw.contains(['\\', '\0']) {
        return Err(format!("`path` {raw:?} must not contain `\\` or NUL"));
    }
    let mut segments = Vec::new();
    for segment in raw.trim().split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(escape()),
            s if s.chars().all(|c| c == '.') => return Err(escape()),
            s => segments.push(s),
        }
    }
    Ok(join(&segments))
}

/// Whether `segment` is one plain path segment: not empty, `.` or `..`, and without `/`, `\`
/// or NUL.
pub(crate) fn is_segment(segment: &str) -> bool {
    !matches!(segment, "" | "." | "..") && !segment.contains(['/', '\\', '\0'])
}

/// `/a/b/` from `["a", "b"]`, and `/` from nothing.
pub(crate) fn join<S: AsRef<str>>(segments: &[S]) -> String {
    let mut path = String::from("/");
    for segment in segments {
        path.push_str(segment.as_ref());
        path.push('/');
    }
    path
}

/// The output file of a site path: `/a/b/` -> `a/b/index.html`.
pub(crate) fn output_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let on = SlugifyStrategy::On;
        assert_eq!(checked_slug("Hello World!", on).unwrap(), "hello-world");
        assert_eq!(
            checked_slug("Ünïcode Straße", on).unwrap(),
            "unicode-strasse"
        );
        let off = SlugifyStrategy::Off;
        assert_eq!(
            checked_slug("Ünïcode Straße", off).unwrap(),
            "Ünïcode Straße"
        );
        for bad in ["../x", "a/b", "a\\b", "..", "x\0"] {
            assert!(checked_slug(bad, on).is_err(), "{bad:?} accepted");
            assert!(checked_slug(bad, off).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            checked_slug("!!!", on).unwrap_err(),
            "`slug` \"!!!\" is empty once made URL-safe"
        );
    }

    #[test]
    fn paths() {
        assert_eq!(checked_path("/about").unwrap(), "/about/");
        assert_eq!(checked_path("docs/intro/").unwrap(), "/docs/intro/");
        assert_eq!(checked_path("a//./b").unwrap(), "/a/b/");
        assert_eq!(checked_path("/").unwrap(), "/");
        assert_eq!(
            checked_path("../../etc").unwrap_err(),
            "`path` \"../../etc\" would leave the output directory"
        );
        assert!(checked_path("a/../../b").is_err());
        assert!(checked_path("a/.../b").is_err());
        assert!(checked_path("a\\b").is_err());
        assert!(checked_path("a\0").is_err());
    }

    #[test]
    fn segments() {
        assert!(is_segment("a") && is_segment("a..b") && is_segment(".well-known"));
        for bad in ["", ".", "..", "a/b", "a\\b", "a\0"] {
            assert!(!is_segment(bad), "{bad:?}");
        }
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
    }
}
