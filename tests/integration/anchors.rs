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
    let warnings = built.report.warnings.join("\n");
    assert_eq!(warnings, BROKEN);
    assert!(built.has("post/index.html"));
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
