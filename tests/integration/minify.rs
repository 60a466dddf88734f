//! `minify_html = true` (or `loess build --minify`): every HTML output is minified exactly as
//! Zola minifies it; feeds, sitemaps and static files are left alone.

use crate::support::{repo, TestSite};

/// The pages whose minified HTML Zola 0.22 wrote for the same fixture, kept in `expected/`.
const PINNED: &[&str] = &[
    "index.html",
    "blog/index.html",
    "blog/post/index.html",
    "tags/index.html",
    "tags/rust/index.html",
];

fn expected(rel: &str) -> String {
    let path = repo().join("tests/fixtures/minify/expected").join(rel);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn html_outputs_match_zolas_minified_output() {
    let built = TestSite::fixture("minify").build();
    for rel in PINNED {
        assert_eq!(built.html(rel), expected(rel), "{rel}");
    }
    // Whitespace in <pre> and inline code survives; CSS is minified, scripts are not.
    let post = built.html("blog/post/index.html");
    assert!(post.contains("<pre><code>preformatted    text\n   keeps its    spaces\n"));
    assert!(post.contains("<style>body{color:red;margin:0}"));
    assert!(post.contains("var   answer = 1 + 2;"));
}

#[test]
fn aliases_and_the_404_page_are_minified_too() {
    let built = TestSite::fixture("minify").build();
    for rel in ["404.html", "old-post/index.html"] {
        let html = built.html(rel);
        assert!(html.starts_with("<!doctype html>"), "{rel}:\n{html}");
        assert!(
            !html.contains("\n  <"),
            "{rel} keeps its indentation:\n{html}"
        );
    }
}

#[test]
fn feeds_sitemaps_and_static_files_are_not_minified() {
    let built = TestSite::fixture("minify")
        .file("static/raw.html", "<p>\n  kept   as   is\n</p>\n")
        .build();
    assert_eq!(built.html("raw.html"), "<p>\n  kept   as   is\n</p>\n");
    assert!(built
        .html("atom.xml")
        .contains("\n  <title>Minify fixture</title>"));
    assert!(built.html("sitemap.xml").contains("\n  <url>\n"));
}

#[test]
fn without_the_option_nothing_is_minified_and_the_flag_turns_it_on() {
    let site = TestSite::fixture("minify").file(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Minify fixture\"\n\
         taxonomies = [{ name = \"tags\" }]\ngenerate_feeds = true\n",
    );
    let plain = site.build();
    assert!(plain
        .html("index.html")
        .contains("<!-- a comment that goes away -->"));
    let run = site.run(&["build", "--minify", "--quiet"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let minified = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    assert_eq!(minified, expected("index.html"));
}
