//! Links inside the site: the file a path is served from must be among the outputs of the
//! build or the files it copies, and a `#fragment` must name an `id` (or an `<a name>`) of
//! the page it points to.

use std::collections::{HashMap, HashSet};

use super::resolve::SiteUrl;
use super::Scanned;

/// Everything the site serves: rendered outputs and copied files, and the pages read.
pub(super) struct Targets<'a> {
    files: HashSet<&'a str>,
    pages: HashMap<&'a str, usize>,
}

/// What a link inside the site reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reach {
    /// Its target, and the page read there (none for a file that is not a page).
    Found(Option<usize>),
    /// What is wrong, in words.
    Broken(String),
}

impl<'a> Targets<'a> {
    pub(super) fn new(
        files: impl IntoIterator<Item = &'a str>,
        pages: &'a [Scanned],
    ) -> Targets<'a> {
        Targets {
            files: files.into_iter().collect(),
            pages: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.rel.as_str(), i))
                .collect(),
        }
    }

    /// The file a path below the base URL is served from: `blog/` from `blog/index.html`,
    /// `blog` from the file `blog`, else from `blog/index.html` (hosts redirect there).
    pub(super) fn file(&self, path: &str) -> Option<&'a str> {
        let index = format!("{path}index.html");
        if path.is_empty() || path.ends_with('/') {
            return self.files.get(index.as_str()).copied();
        }
        self.files
            .get(path)
            .or_else(|| self.files.get(format!("{path}/index.html").as_str()))
            .copied()
    }

    /// What a link on page `from` to `path#fragment` reaches.
    pub(super) fn reach(
        &self,
        pages: &[Scanned],
        from: usize,
        (path, fragment): (&str, Option<&str>),
        site: &SiteUrl,
    ) -> Reach {
        let Some(file) = self.file(path) else {
            let shown = format!("{}{path}", site.base().path());
            return Reach::Broken(format!("nothing is built at {shown}"));
        };
        let target = self.pages.get(file).copied();
        let (Some(page), Some(fragment)) = (target, fragment) else {
            return Reach::Found(target);
        };
        if is_special(fragment) || pages[page].doc.has_anchor(fragment) {
            return Reach::Found(target);
        }
        let whose = if page == from {
            "this page".to_string()
        } else {
            format!("{}{path}", site.base().path())
        };
        Reach::Broken(format!("{whose} has no element with id `{fragment}`"))
    }
}

/// Fragments that need no element: the top of the page (`#`, `#top`), text fragments
/// (`#:~:text=`), and the routes of script-driven pages (`#/a`, `#!a`).
pub(super) fn is_special(fragment: &str) -> bool {
    fragment.is_empty()
        || fragment.eq_ignore_ascii_case("top")
        || fragment.starts_with(":~:")
        || fragment.starts_with('/')
        || fragment.starts_with('!')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::html::Document;
    use crate::render::Origin;

    fn page(rel: &str, html: &str) -> Scanned {
        let site = SiteUrl::new("https://example.org/");
        Scanned {
            rel: rel.to_string(),
            url: site.of_output(rel),
            origin: Origin::default(),
            doc: Document::parse(html),
            markdown: Default::default(),
        }
    }

    #[test]
    fn paths_find_their_files() {
        let pages = [];
        let targets = Targets::new(["index.html", "a/index.html", "s.css", "b"], &pages);
        assert_eq!(targets.file(""), Some("index.html"));
        assert_eq!(targets.file("a/"), Some("a/index.html"));
        assert_eq!(targets.file("a"), Some("a/index.html"));
        assert_eq!(targets.file("s.css"), Some("s.css"));
        assert_eq!(targets.file("b"), Some("b"));
        assert_eq!(targets.file("b/"), None);
        assert_eq!(targets.file("c/"), None);
    }

    #[test]
    fn fragments_need_an_id_or_a_name() {
        let site = SiteUrl::new("https://example.org/docs/");
        let pages = [
            page("a/index.html", "<h2 id=x>X</h2><a name=old></a>"),
            page("b/index.html", ""),
        ];
        let targets = Targets::new(["a/index.html", "b/index.html"], &pages);
        let reach = |from, path, fragment| targets.reach(&pages, from, (path, fragment), &site);
        assert_eq!(reach(1, "a/", Some("x")), Reach::Found(Some(0)));
        assert_eq!(reach(1, "a", Some("old")), Reach::Found(Some(0)));
        assert_eq!(reach(1, "a/", Some("top")), Reach::Found(Some(0)));
        assert_eq!(
            reach(1, "a/", Some("y")),
            Reach::Broken("/docs/a/ has no element with id `y`".into())
        );
        assert_eq!(
            reach(0, "a/", Some("y")),
            Reach::Broken("this page has no element with id `y`".into())
        );
        assert_eq!(
            reach(0, "c/", None),
            Reach::Broken("nothing is built at /docs/c/".into())
        );
    }
}
