//! Markdown rendering pinned by snapshots: every page of `tests/fixtures/markdown-cases/`
//! (headings, summaries, inline syntax, links, footnotes, shortcodes, blocks, extras), built
//! once with Zola's default `[markdown]` options and once with all of them turned on. A
//! change in the HTML shows up as a snapshot diff; `INSTA_UPDATE=always cargo test` accepts it.

use crate::support::TestSite;

const CASES: [&str; 8] = [
    "headings",
    "summary",
    "inline",
    "links",
    "footnotes",
    "shortcodes",
    "blocks",
    "extras",
];

const ALL_OPTIONS: &str = r#"base_url = "https://example.org/docs"
title = "Markdown cases"

[markdown]
smart_punctuation = true
render_emoji = true
external_links_target_blank = true
external_links_no_follow = true
external_links_no_referrer = true
bottom_footnotes = true
lazy_async_image = true
insert_anchor_links = "right"
definition_list = true
github_alerts = true

[markdown.highlighting]
theme = "github-light"
style = "class"
"#;

fn snapshot_all(variant: &str, site: TestSite) {
    let built = site.build();
    for case in CASES {
        let html = built.html(&format!("{case}/index.html"));
        insta::assert_snapshot!(format!("{variant}__{case}"), html);
    }
}

#[test]
fn markdown_with_default_options() {
    snapshot_all("default", TestSite::fixture("markdown-cases"));
}

#[test]
fn markdown_with_every_option() {
    let site = TestSite::fixture("markdown-cases").file("config.toml", ALL_OPTIONS);
    snapshot_all("options", site);
}
