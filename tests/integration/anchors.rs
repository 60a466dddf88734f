//! Links to anchors are checked at build time, as in Zola 0.22: `[x](#anchor)` to the page
//! itself as well as `[x](@/page.md#anchor)`. A page's anchor is one of its headings or any
//! element with that `id` (or `name`); a section's is one of its headings. `#top` and a bare
//! `#` always work; `[link_checker] internal_level = "warn"` makes a broken one a warning.

use crate::support::TestSite;

/// The fixture's two broken links, in the order they are reported.
const BROKEN: &str = "\
content/post.md:7:29: broken anchor link `#missing`: post.md has no heading or element with id `missing`
  |
7 | [other](@/_index.md#intro), [missing](#missing).
  |                             ^
content/_index.md:6:18: broken anchor link `#sec-element`: _index.md has no heading with id `sec-element`
  |
6 | [up](#intro) and [element](#sec-element)
  |                  ^";

#[test]
fn same_page_anchors_are_checked_like_zola() {
    // Zola 0.22 reports exactly these two for this site: the missing anchor of the page, and
    // the section's anchor that only an element (not a heading) has.
    assert_eq!(TestSite::fixture("anchors").build_error(), BROKEN);
}

#[test]
fn good_anchors_build_and_point_at_the_permalink() {
    let built = TestSite::fixture("anchors")
        .file(
            "content/post.md",
            "+++\ntitle = \"Post\"\n+++\n## Part one\n\n[ok](#part-one) [top](#TOP) [bare](#) \
             [el](#custom) [named](#old-name) [up](@/post.md#top)\n\n\
             <span id=\"custom\"></span><a name=\"old-name\"></a>\n",
        )
        .file("content/_index.md", "+++\n+++\n# Intro\n\n[up](#intro)\n")
        .build();
    built.check(
        "post/index.html",
        &[
            "href=\"https://example.org/post/#part-one\"",
            "href=\"https://example.org/post/#TOP\"",
            "href=\"#\"",
            "href=\"https://example.org/post/#custom\"",
        ],
    );
    built.check("index.html", &["href=\"https://example.org/#intro\""]);
}

#[test]
fn internal_level_warn_makes_them_warnings() {
    let site = TestSite::fixture("anchors").file(
        "config.toml",
        "base_url = \"https://example.org\"\n[link_checker]\ninternal_level = \"warn\"\n",
    );
    let built = site.build();
    let warnings = built.warnings_shown().join("\n");
    assert_eq!(warnings, BROKEN);
    assert!(built.has("post/index.html"));
}

#[test]
fn internal_level_warn_leaves_a_link_to_a_missing_file_as_written() {
    let site = TestSite::new()
        .file("templates/page.html", "{{ page.content | safe }}")
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nSee [gone](@/nope.md#x) and [b](@/b.md).\n",
        )
        .file("content/b.md", "+++\ntitle = \"B\"\n+++\n");
    let error = site.build_error();
    assert!(
        error.starts_with("content/a.md:4:5: broken internal link `@/nope.md#x`"),
        "{error}"
    );
    let built = site
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\n[link_checker]\ninternal_level = \"warn\"\n",
        )
        .build();
    // Zola 0.22.1 writes the same HTML, and a warning without the line.
    assert_eq!(
        built.html("a/index.html"),
        "<p>See <a href=\"@/nope.md#x\">gone</a> and <a href=\"https://example.org/b/\">b</a>.</p>\n"
    );
    assert_eq!(
        built.warnings(),
        ["content/a.md:4:5: broken internal link `@/nope.md#x`: no content file nope.md"]
    );
}

#[test]
fn anchors_in_text_given_to_the_markdown_filter_are_not_checked() {
    let built = TestSite::new()
        .file(
            "templates/index.html",
            "{{ \"[x](#nowhere)\" | markdown | safe }}",
        )
        .build();
    assert_eq!(
        built.html("index.html"),
        "<p><a href=\"#nowhere\">x</a></p>\n"
    );
}
