//! Unit tests of the Markdown driver and its passes.

use std::path::Path;

use super::options::external_link_attributes;
use super::*;
use crate::config::InsertAnchor;
use crate::error::Result;

fn render_str(text: &str) -> Result<Rendered> {
    let resolve = |target: &str| (target == "a/b.md").then(|| "https://x.org/a/b/".to_string());
    render(&MarkdownInput {
        text,
        path: Path::new("content/p.md"),
        first_line: 5,
        permalink: "https://x.org/p/",
        resolve_link: &resolve,
        options: &Options::default(),
        templates: None,
        insert_anchor: InsertAnchor::None,
    })
}

#[test]
fn extensions_are_on() {
    let r = render_str("| a |\n|---|\n| 1 |\n\n~~x~~ [^n]\n\n- [x] done\n\n[^n]: note\n").unwrap();
    for needle in [
        "<table>",
        "<del>x</del>",
        "type=\"checkbox\"",
        "footnote-definition",
    ] {
        assert!(r.html.contains(needle), "{needle} missing from {}", r.html);
    }
}

#[test]
fn heading_ids_are_slugs_unique_and_custom() {
    let r = render_str("# Hello World\n\n## Intro\n\n## Intro\n\n## Mine {#custom .c}\n").unwrap();
    assert!(
        r.html.contains("<h1 id=\"hello-world\">Hello World</h1>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"intro\">") && r.html.contains("<h2 id=\"intro-1\">"));
    assert!(
        r.html.contains("<h2 id=\"custom\" class=\"c\">Mine</h2>"),
        "{}",
        r.html
    );
}

#[test]
fn toc_is_a_tree() {
    let r = render_str("## A\n\n### *A1*\n\n#### A1x\n\n### A2\n\n## B `code`\n").unwrap();
    let shape: Vec<(String, usize)> = r
        .toc
        .iter()
        .map(|h| (h.id.clone(), h.children.len()))
        .collect();
    assert_eq!(shape, [("a".to_string(), 2), ("b-code".to_string(), 0)]);
    assert_eq!(r.toc[0].children[0].children[0].id, "a1x");
    assert_eq!(r.toc[1].title, "B code");
    assert_eq!(r.toc[0].permalink, "https://x.org/p/#a");
}

#[test]
fn summary_stops_at_the_marker() {
    let r = render_str("First *para*.\n\n<!-- more -->\n\nSecond.\n").unwrap();
    assert_eq!(r.summary.as_deref(), Some("<p>First <em>para</em>.</p>"));
    assert!(r.html.contains("Second."));
    assert!(
        r.html.contains("<span id=\"continue-reading\"></span>"),
        "{}",
        r.html
    );
    let spaced = render_str("One.\n\n<!--MORE-->\n\nTwo.\n").unwrap();
    assert_eq!(spaced.summary.as_deref(), Some("<p>One.</p>"));
    let inline = render_str("Inline <!-- more --> rest\n").unwrap();
    // Without templates there is no cut-off mark; the paragraph is still closed.
    assert_eq!(inline.summary.as_deref(), Some("<p>Inline</p>\n"));
    assert_eq!(render_str("No marker.").unwrap().summary, None);
}

#[test]
fn external_links_get_the_configured_attributes() {
    let mut markdown = crate::config::Markdown::default();
    let options = Options {
        external_link_attributes: external_link_attributes(&markdown),
        ..Options::default()
    };
    let resolve = |_: &str| None;
    let input = |text| MarkdownInput {
        text,
        path: Path::new("content/p.md"),
        first_line: 1,
        permalink: "",
        resolve_link: &resolve,
        options: &options,
        templates: None,
        insert_anchor: InsertAnchor::None,
    };
    let r = render(&input("[a](https://x.org/?a=1&b=2 \"T\") [b](/local/)")).unwrap();
    assert_eq!(
        r.html.trim(),
        "<p><a rel=\"external\" title=\"T\" href=\"https://x.org/?a=1&amp;b=2\">a</a> <a href=\"/local/\">b</a></p>"
    );
    markdown.external_links_target_blank = true;
    markdown.external_links_no_follow = true;
    markdown.external_links_class = Some("ext".into());
    assert_eq!(
        external_link_attributes(&markdown).unwrap(),
        "class=\"ext\" rel=\"noopener nofollow external\" target=\"_blank\" "
    );
    markdown = crate::config::Markdown {
        external_links_external: false,
        ..Default::default()
    };
    assert_eq!(external_link_attributes(&markdown), None);
}

#[test]
fn code_blocks_name_their_language_and_do_not_count_as_words() {
    let r = render_str("Two words\n\n```rust,linenos\nlet s = \"<a>\";\n```\n\n    indented\n")
        .unwrap();
    assert!(
        r.html.contains(
            "<pre><code data-lang=\"rust\">let s = &quot;&lt;a&gt;&quot;;\n</code></pre>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<pre><code>indented\n</code></pre>"),
        "{}",
        r.html
    );
    assert_eq!(r.word_count, 3);
}

#[test]
fn words_and_reading_time() {
    let r = render_str(&"word ".repeat(401)).unwrap();
    assert_eq!((r.word_count, r.reading_time), (401, 3));
    assert_eq!(render_str("").unwrap().reading_time, 0);
}

#[test]
fn internal_links_resolve_or_fail_with_their_line() {
    let r = render_str("See [b](@/a/b.md#part).\n").unwrap();
    assert!(
        r.html.contains("href=\"https://x.org/a/b/#part\""),
        "{}",
        r.html
    );
    assert_eq!(r.anchored_links[0].anchor, "part");
    let e = render_str("Text\n\nSee [gone](@/nope.md).\n")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "content/p.md:7:5: broken internal link `@/nope.md`: no content file nope.md\n  |\n7 | See [gone](@/nope.md).\n  |     ^"
    );
}
