//! Pagination of sections and taxonomy terms: the `paginator` object on every pager, the pager
//! paths (`page/N/`, a custom or empty `paginate_path`), `page/1/` redirecting to the section,
//! and the edge cases (no pages, an exact multiple, `paginate_reversed`).
//!
//! The fixture `pagination` prints every field plainly; each expected text below is what Zola
//! 0.22.1 renders for the same site.

use crate::support::{Built, TestSite};

fn built() -> Built {
    TestSite::fixture("pagination").build()
}

/// What the probe template prints for one pager.
struct Pager<'a> {
    by: usize,
    base_url: &'a str,
    number_pagers: usize,
    first: &'a str,
    last: &'a str,
    previous: &'a str,
    next: &'a str,
    current_index: usize,
    total_pages: usize,
    pages: &'a str,
    path: &'a str,
}

impl Pager<'_> {
    fn fields(&self) -> String {
        format!(
            "by={}\nbase_url={}\nnumber_pagers={}\nfirst={}\nlast={}\nprevious={}\nnext={}\n\
             current_index={}\ntotal_pages={}\npages={}\n",
            self.by,
            self.base_url,
            self.number_pagers,
            self.first,
            self.last,
            self.previous,
            self.next,
            self.current_index,
            self.total_pages,
            self.pages,
        )
    }

    /// The section template's text: the fields, then the section's own `pages` (always empty
    /// when paginated), `current_path` and `current_url`.
    fn section(&self) -> String {
        format!(
            "{}section.pages=0\ncurrent_path={}\ncurrent_url=https://example.org{}\n",
            self.fields(),
            self.path,
            self.path
        )
    }

    fn term(&self, name: &str, count: usize) -> String {
        format!(
            "term={name} term.pages={count}\n{}current_path={}\n",
            self.fields(),
            self.path
        )
    }
}

const BLOG: &str = "https://example.org/blog/";

#[test]
fn section_pagers_first_middle_and_last() {
    let built = built();
    let blog = |current_index, previous, next, pages, path| Pager {
        by: 2,
        base_url: "https://example.org/blog/page/",
        number_pagers: 3,
        first: BLOG,
        last: "https://example.org/blog/page/3/",
        previous,
        next,
        current_index,
        total_pages: 5,
        pages,
        path,
    };
    assert_eq!(
        built.html("blog/index.html"),
        blog(
            1,
            "none",
            "https://example.org/blog/page/2/",
            "post-5 post-4 ",
            "/blog/"
        )
        .section()
    );
    assert_eq!(
        built.html("blog/page/2/index.html"),
        blog(
            2,
            BLOG,
            "https://example.org/blog/page/3/",
            "post-3 post-2 ",
            "/blog/page/2/"
        )
        .section()
    );
    assert_eq!(
        built.html("blog/page/3/index.html"),
        blog(
            3,
            "https://example.org/blog/page/2/",
            "none",
            "post-1 ",
            "/blog/page/3/"
        )
        .section()
    );
    assert!(!built.has("blog/page/4/index.html"));
}

#[test]
fn the_first_pager_path_redirects_to_the_section() {
    let built = built();
    for (redirect, target) in [
        ("blog/page/1/index.html", "https://example.org/blog/"),
        ("empty/page/1/index.html", "https://example.org/empty/"),
        ("custom/p/1/index.html", "https://example.org/custom/"),
        ("bare/1/index.html", "https://example.org/bare/"),
        (
            "tags/all/page/1/index.html",
            "https://example.org/tags/all/",
        ),
        (
            "series/s/part/1/index.html",
            "https://example.org/series/s/",
        ),
    ] {
        built.check(
            redirect,
            &[&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            )],
        );
    }
}

#[test]
fn an_empty_section_has_one_pager() {
    let built = built();
    let empty = "https://example.org/empty/";
    assert_eq!(
        built.html("empty/index.html"),
        Pager {
            by: 3,
            base_url: "https://example.org/empty/page/",
            number_pagers: 1,
            first: empty,
            last: empty,
            previous: "none",
            next: "none",
            current_index: 1,
            total_pages: 0,
            pages: "",
            path: "/empty/",
        }
        .section()
    );
}

#[test]
fn an_exact_multiple_has_no_empty_last_pager() {
    let built = built();
    let exact = |current_index, previous, next, pages, path| Pager {
        by: 2,
        base_url: "https://example.org/exact/page/",
        number_pagers: 2,
        first: "https://example.org/exact/",
        last: "https://example.org/exact/page/2/",
        previous,
        next,
        current_index,
        total_pages: 4,
        pages,
        path,
    };
    assert_eq!(
        built.html("exact/index.html"),
        exact(
            1,
            "none",
            "https://example.org/exact/page/2/",
            "e1 e2 ",
            "/exact/"
        )
        .section()
    );
    assert_eq!(
        built.html("exact/page/2/index.html"),
        exact(
            2,
            "https://example.org/exact/",
            "none",
            "e3 e4 ",
            "/exact/page/2/"
        )
        .section()
    );
    assert!(!built.has("exact/page/3/index.html"));
}

#[test]
fn paginate_reversed_pages_oldest_first() {
    // Sorted by date the order is r3 r2 r1; reversed, the first pager holds r1 and r2.
    let built = built();
    let reversed = |current_index, previous, next, pages, path| Pager {
        by: 2,
        base_url: "https://example.org/reversed/page/",
        number_pagers: 2,
        first: "https://example.org/reversed/",
        last: "https://example.org/reversed/page/2/",
        previous,
        next,
        current_index,
        total_pages: 3,
        pages,
        path,
    };
    assert_eq!(
        built.html("reversed/index.html"),
        reversed(
            1,
            "none",
            "https://example.org/reversed/page/2/",
            "r1 r2 ",
            "/reversed/"
        )
        .section()
    );
    assert_eq!(
        built.html("reversed/page/2/index.html"),
        reversed(
            2,
            "https://example.org/reversed/",
            "none",
            "r3 ",
            "/reversed/page/2/"
        )
        .section()
    );
}

#[test]
fn custom_and_empty_paginate_path() {
    let built = built();
    assert_eq!(
        built.html("custom/p/2/index.html"),
        Pager {
            by: 1,
            base_url: "https://example.org/custom/p/",
            number_pagers: 2,
            first: "https://example.org/custom/",
            last: "https://example.org/custom/p/2/",
            previous: "https://example.org/custom/",
            next: "none",
            current_index: 2,
            total_pages: 2,
            pages: "c2 ",
            path: "/custom/p/2/",
        }
        .section()
    );
    // With `paginate_path = ""` pagers are numbered directly below the section.
    assert_eq!(
        built.html("bare/index.html"),
        Pager {
            by: 1,
            base_url: "https://example.org/bare/",
            number_pagers: 2,
            first: "https://example.org/bare/",
            last: "https://example.org/bare/2/",
            previous: "none",
            next: "https://example.org/bare/2/",
            current_index: 1,
            total_pages: 2,
            pages: "b1 ",
            path: "/bare/",
        }
        .section()
    );
    assert!(built.has("bare/2/index.html"));
}

#[test]
fn unpaginated_sections_list_their_pages_and_have_no_paginator() {
    let built = built();
    assert_eq!(built.html("undated/index.html"), "whole pages=dated \n");
}

#[test]
fn taxonomy_terms_are_paginated_by_their_taxonomy() {
    let built = built();
    let all = |current_index, previous, next, pages, path| Pager {
        by: 2,
        base_url: "https://example.org/tags/all/page/",
        number_pagers: 3,
        first: "https://example.org/tags/all/",
        last: "https://example.org/tags/all/page/3/",
        previous,
        next,
        current_index,
        total_pages: 5,
        pages,
        path,
    };
    assert_eq!(
        built.html("tags/all/index.html"),
        all(
            1,
            "none",
            "https://example.org/tags/all/page/2/",
            "post-5 post-4 ",
            "/tags/all/"
        )
        .term("all", 5)
    );
    assert_eq!(
        built.html("tags/all/page/3/index.html"),
        all(
            3,
            "https://example.org/tags/all/page/2/",
            "none",
            "post-1 ",
            "/tags/all/page/3/"
        )
        .term("all", 5)
    );
    // A term with fewer pages than `paginate_by` has one pager.
    let early = "https://example.org/tags/early/";
    assert_eq!(
        built.html("tags/early/index.html"),
        Pager {
            by: 2,
            base_url: "https://example.org/tags/early/page/",
            number_pagers: 1,
            first: early,
            last: early,
            previous: "none",
            next: "none",
            current_index: 1,
            total_pages: 2,
            pages: "post-2 post-1 ",
            path: "/tags/early/",
        }
        .term("early", 2)
    );
    // The taxonomy's own `paginate_path`.
    assert_eq!(
        built.html("series/s/part/4/index.html"),
        Pager {
            by: 1,
            base_url: "https://example.org/series/s/part/",
            number_pagers: 5,
            first: "https://example.org/series/s/",
            last: "https://example.org/series/s/part/5/",
            previous: "https://example.org/series/s/part/3/",
            next: "https://example.org/series/s/part/5/",
            current_index: 4,
            total_pages: 5,
            pages: "post-2 ",
            path: "/series/s/part/4/",
        }
        .term("s", 5)
    );
}

#[test]
fn every_output_file_and_nothing_more() {
    // The same list as Zola 0.22.1 writes for the fixture.
    assert_eq!(
        built().files(),
        [
            "404.html",
            "bare/1/index.html",
            "bare/2/index.html",
            "bare/b1/index.html",
            "bare/b2/index.html",
            "bare/index.html",
            "blog/index.html",
            "blog/page/1/index.html",
            "blog/page/2/index.html",
            "blog/page/3/index.html",
            "blog/post-1/index.html",
            "blog/post-2/index.html",
            "blog/post-3/index.html",
            "blog/post-4/index.html",
            "blog/post-5/index.html",
            "custom/c1/index.html",
            "custom/c2/index.html",
            "custom/index.html",
            "custom/p/1/index.html",
            "custom/p/2/index.html",
            "empty/index.html",
            "empty/page/1/index.html",
            "exact/e1/index.html",
            "exact/e2/index.html",
            "exact/e3/index.html",
            "exact/e4/index.html",
            "exact/index.html",
            "exact/page/1/index.html",
            "exact/page/2/index.html",
            "index.html",
            "reversed/index.html",
            "reversed/page/1/index.html",
            "reversed/page/2/index.html",
            "reversed/r1/index.html",
            "reversed/r2/index.html",
            "reversed/r3/index.html",
            "robots.txt",
            "series/index.html",
            "series/s/index.html",
            "series/s/part/1/index.html",
            "series/s/part/2/index.html",
            "series/s/part/3/index.html",
            "series/s/part/4/index.html",
            "series/s/part/5/index.html",
            "sitemap.xml",
            "tags/all/index.html",
            "tags/all/page/1/index.html",
            "tags/all/page/2/index.html",
            "tags/all/page/3/index.html",
            "tags/early/index.html",
            "tags/early/page/1/index.html",
            "tags/index.html",
            "undated/dated/index.html",
            "undated/index.html",
        ]
    );
}
