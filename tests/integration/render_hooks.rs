//! Markdown render hooks: `templates/_markup/render-link.html`, `render-image.html`,
//! `render-heading.html` and `render-codeblock.html` (of the site or its theme) write every
//! link, image, heading and code block of the Markdown, with the documented variables; a
//! failing hook is an error at the Markdown line that used it; the live preview renders
//! through them and picks up their edits.

use crate::serve::Server;
use crate::support::TestSite;

#[test]
fn each_hook_writes_its_elements_with_their_parts() {
    let built = TestSite::fixture("render-hooks").build();
    built.check(
        "post/index.html",
        &[
            // A heading: its level, id, plain text, inner HTML and permalink.
            "<h1 id=\"hello-world\" data-text=\"Hello world\">Hello <em>world</em> <a class=\"self\" href=\"https:&#x2F;&#x2F;example.org&#x2F;post&#x2F;#hello-world\">#</a></h1>",
            // An `@/` link: as written, resolved, its permalink, not external.
            "<a class=\"hooked\" href=\"https:&#x2F;&#x2F;example.org&#x2F;other&#x2F;#part\" data-url=\"@&#x2F;other.md#part\" data-external=\"false\" data-permalink=\"https:&#x2F;&#x2F;example.org&#x2F;other&#x2F;#part\" title=\"Other\">the other</a>",
            "data-url=\"https:&#x2F;&#x2F;www.rust-lang.org\" data-external=\"true\" data-permalink=\"\" title=\"\">Rust</a>",
            // A local image with its size read from the file, and a remote one without.
            "<img src=\"https:&#x2F;&#x2F;example.org&#x2F;post&#x2F;dot.png\" data-src=\"dot.png\" alt=\"A small dot\" title=\"Dot\" width=\"3\" height=\"2\" data-page=\"Post\">",
            "<img src=\"https:&#x2F;&#x2F;example.com&#x2F;x.png\" data-src=\"https:&#x2F;&#x2F;example.com&#x2F;x.png\" alt=\"remote\" title=\"\" data-page=\"Post\">",
            // A code block (the theme's hook): language, fence, options and highlighted HTML.
            "<figure data-lang=\"rust\" data-info=\"rust,linenos,hl_lines=2,data=7\" data-linenos=\"true\" data-hl=\"[[2,2]]\" data-extra=\"7\"><pre class=\"giallo\"",
            "<span style=\"color: #F97583;\">fn</span>",
            "<figcaption>13 characters</figcaption></figure>",
            // The table of contents is as without hooks.
            "<nav><a href=\"https://example.org/post/#hello-world\">Hello world</a></nav>",
        ],
    );
    built.check(
        "other/index.html",
        &["<figure data-lang=\"none\" data-info=\"\" data-linenos=\"false\" data-hl=\"[]\" data-extra=\"\">"],
    );
}

#[test]
fn without_hooks_elements_are_written_as_before() {
    let site = TestSite::fixture("render-hooks");
    std::fs::remove_dir_all(site.root.join("templates/_markup")).unwrap();
    std::fs::remove_dir_all(site.root.join("themes/plain/templates/_markup")).unwrap();
    let built = site.build();
    built.check(
        "post/index.html",
        &[
            "<h1 id=\"hello-world\">Hello <em>world</em></h1>",
            "<a href=\"https://example.org/other/#part\" title=\"Other\">the other</a>",
            "<img src=\"https://example.org/post/dot.png\" alt=\"A small dot\" title=\"Dot\" />",
            "<pre class=\"giallo\"",
        ],
    );
    assert!(!built.html("post/index.html").contains("<figure"));
}

#[test]
fn a_failing_hook_is_an_error_at_the_markdown_that_used_it() {
    let site = TestSite::fixture("render-hooks").file(
        "templates/_markup/render-image.html",
        "<img src=\"{{ url }}\">\n{{ meta.nope }}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let expected = "error: content/post/index.md:8:1: the render hook `_markup/render-image.html` failed: \
                    Failed to render '_markup/render-image.html' (templates/_markup/render-image.html)";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--> templates/_markup/render-image.html:2:4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("8 | ![A small dot](dot.png \"Dot\") and"),
        "the Markdown line is shown: {}",
        run.stderr
    );
}

#[test]
fn the_preview_renders_through_hooks_and_picks_up_their_edits() {
    let site = TestSite::fixture("render-hooks");
    let server = Server::start(&site, &[]);
    let mut post = server.events_on("/post/");
    post.wait_for("ok");
    // A body edit goes through the link hook.
    let page = site.root.join("content/post/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("[Rust]", "[Rust, the language]")).unwrap();
    server.wait_for_text("/post/", "title=\"\">Rust, the language</a>");
    // An edit of a hook renders every page's Markdown with it.
    let hook = site.root.join("templates/_markup/render-link.html");
    let text = std::fs::read_to_string(&hook).unwrap();
    std::fs::write(&hook, text.replace("class=\"hooked\"", "class=\"edited\"")).unwrap();
    server.wait_for_text("/post/", "<a class=\"edited\" href=");
}
