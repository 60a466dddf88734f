//! Markdown as Zola 0.22 writes it: anchor links, the summary cut-off, and the `[markdown]`
//! options. Each expected text below is Zola's output for the same input, byte for byte,
//! unless a comment says otherwise.

use crate::support::TestSite;

/// A site whose page and section templates print the content (and a page's summary).
fn site(config: &str) -> TestSite {
    TestSite::new()
        .file(
            "config.toml",
            format!("base_url = \"https://example.org\"\ntitle = \"T\"\n{config}"),
        )
        .file(
            "templates/page.html",
            "{{ page.content | safe }}|SUMMARY|{{ page.summary | safe }}",
        )
        .file("templates/section.html", "{{ section.content | safe }}")
        .file("templates/index.html", "{{ section.content | safe }}")
}

const HEADINGS: &str = "# Hello *world* `code`\n\nText.\n\n## Sub {#mine .a .b}\n";

#[test]
fn anchor_links_go_where_the_section_or_the_config_says() {
    let mut s = site("[markdown]\ninsert_anchor_links = \"right\"\n")
        .file("content/plain.md", format!("+++\n+++\n{HEADINGS}"));
    for place in ["left", "heading", "none"] {
        s = s
            .file(
                &format!("content/{place}/_index.md"),
                format!("+++\ninsert_anchor_links = \"{place}\"\n+++\n## Sec\n"),
            )
            .file(
                &format!("content/{place}/p.md"),
                format!("+++\n+++\n{HEADINGS}"),
            );
    }
    let built = s.build();
    let link = |id: &str| {
        format!(
            "<a class=\"zola-anchor\" href=\"#{id}\" aria-label=\"Anchor link for: {id}\">🔗</a>"
        )
    };
    assert_eq!(
        built.html("plain/index.html"),
        format!(
            "<h1 id=\"hello-world-code\">Hello <em>world</em> <code>code</code>{}</h1>\n<p>Text.</p>\n<h2 id=\"mine\" class=\"a b\">Sub{}</h2>\n|SUMMARY|",
            link("hello-world-code"),
            link("mine")
        )
    );
    assert_eq!(
        built.html("left/p/index.html"),
        format!(
            "<h1 id=\"hello-world-code\">{}Hello <em>world</em> <code>code</code></h1>\n<p>Text.</p>\n<h2 id=\"mine\" class=\"a b\">{}Sub</h2>\n|SUMMARY|",
            link("hello-world-code"),
            link("mine")
        )
    );
    assert_eq!(
        built.html("heading/p/index.html"),
        "<h1 id=\"hello-world-code\"><a class=\"zola-anchor\" href=\"#hello-world-code\" aria-label=\"Anchor link for: hello-world-code\">Hello <em>world</em> <code>code</code></a></h1>\n<p>Text.</p>\n<h2 id=\"mine\" class=\"a b\"><a class=\"zola-anchor\" href=\"#mine\" aria-label=\"Anchor link for: mine\">Sub</a></h2>\n|SUMMARY|"
    );
    assert_eq!(
        built.html("none/p/index.html"),
        "<h1 id=\"hello-world-code\">Hello <em>world</em> <code>code</code></h1>\n<p>Text.</p>\n<h2 id=\"mine\" class=\"a b\">Sub</h2>\n|SUMMARY|"
    );
    // A section's own headings follow its front matter.
    assert_eq!(
        built.html("left/index.html"),
        format!("<h2 id=\"sec\">{}Sec</h2>\n", link("sec"))
    );
}

#[test]
fn the_anchor_link_template_can_be_replaced() {
    let built = site("[markdown]\ninsert_anchor_links = \"left\"\n")
        .file(
            "templates/anchor-link.html",
            "<a href=\"#{{ id }}\" data-level=\"{{ level }}\" lang=\"{{ lang }}\">#</a>",
        )
        .file("content/p.md", "+++\n+++\n### Deep\n")
        .build();
    assert_eq!(
        built.html("p/index.html"),
        "<h3 id=\"deep\"><a href=\"#deep\" data-level=\"3\" lang=\"en\">#</a>Deep</h3>\n|SUMMARY|"
    );
}

#[test]
fn a_summary_cut_inside_a_block_gets_the_cutoff_and_closing_tags() {
    let built = site("")
        .file(
            "content/list.md",
            "+++\n+++\nIntro[^1] text.\n\n- one\n- two <!-- more --> after\n- three\n\n[^1]: Note.\n",
        )
        .file(
            "content/quote.md",
            "+++\n+++\n> quote line\n> <!-- more -->\n> more quote\n\nAfter.\n",
        )
        .file("content/para.md", "+++\n+++\nPara with <!-- more --> inline.\n\nRest.\n")
        .file("content/clean.md", "+++\n+++\nPara one[^n].\n\n<!-- more -->\n\nRest.\n\n[^n]: The note.\n")
        .build();
    let summary = |page: &str| {
        let html = built.html(&format!("{page}/index.html"));
        html.split_once("|SUMMARY|").unwrap().1.to_string()
    };
    assert_eq!(
        summary("list"),
        "<p>Intro text.</p>\n<ul>\n<li>one</li>\n<li>two&hellip;\n</li>\n</ul>\n"
    );
    assert_eq!(
        summary("quote"),
        "<blockquote>\n<p>quote line</p>&hellip;\n</blockquote>\n"
    );
    assert_eq!(summary("para"), "<p>Para with&hellip;\n</p>\n");
    // Between blocks: no cut-off; footnote references are dropped from summaries.
    assert_eq!(summary("clean"), "<p>Para one.</p>");
    assert_eq!(
        built.html("clean/index.html"),
        "<p>Para one<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup>.</p>\n<span id=\"continue-reading\"></span>\n<p>Rest.</p>\n<div class=\"footnote-definition\" id=\"n\"><sup class=\"footnote-definition-label\">1</sup>\n<p>The note.</p>\n</div>\n|SUMMARY|<p>Para one.</p>"
    );
}

#[test]
fn the_summary_cutoff_template_can_be_replaced() {
    let built = site("")
        .file(
            "templates/summary-cutoff.html",
            " <a class=\"more\">[{{ lang }}] {{ summary | length }}</a>",
        )
        .file("content/p.md", "+++\n+++\n- a <!-- more --> b\n")
        .build();
    assert_eq!(
        built
            .html("p/index.html")
            .split_once("|SUMMARY|")
            .unwrap()
            .1,
        "<ul>\n<li>a <a class=\"more\">[en] 10</a></li>\n</ul>\n"
    );
}

const OPTIONS_PAGE: &str = "+++\n+++\n# Top\n\nHi :smile: and :not_an_emoji: and :+1: :cat::dog: `:smile:` text[^a] again[^b] and[^a].\n\n![alt *text* & \"q\"](img.png \"Title & co\")\n![abs](/img/x.png)\n![rel](./sub/y.png)\n[link](file.pdf) [anchor](#top) [mail](mailto:a@b.c) [up](../x)\n\nTerm\n: Definition one\n: Definition two\n\n> [!NOTE]\n> Useful info.\n\n> [!WARNING]\n> Careful **now**.\n\n```\n:smile: in code\n```\n\n[^a]: Note A.\n[^b]: Note B with paragraph.\n\n    Second paragraph.\n[^c]: Unused.\n";

#[test]
fn markdown_options_render_as_in_zola() {
    let built = site("[markdown]\nrender_emoji = true\nbottom_footnotes = true\nlazy_async_image = true\ndefinition_list = true\ngithub_alerts = true\n")
        .file("content/bundle/index.md", OPTIONS_PAGE)
        .file("content/bundle/img.png", "png")
        .build();
    assert_eq!(
        built.html("bundle/index.html"),
        concat!(
            "<h1 id=\"top\">Top</h1>\n",
            "<p>Hi 😄 and :not_an_emoji: and 👍 🐱🐶 <code>:smile:</code> text<sup class=\"footnote-reference\" id=\"fr-a-1\"><a href=\"#fn-a\">1</a></sup> again<sup class=\"footnote-reference\" id=\"fr-b-1\"><a href=\"#fn-b\">2</a></sup> and<sup class=\"footnote-reference\" id=\"fr-a-2\"><a href=\"#fn-a\">1</a></sup>.</p>\n",
            "<p><img src=\"https://example.org/bundle/img.png\" title=\"Title%20&amp;%20co\" alt=\"alt <em>text</em> &amp; &quot;q&quot;\" loading=\"lazy\" decoding=\"async\" />\n",
            "<img src=\"/img/x.png\" alt=\"abs\" loading=\"lazy\" decoding=\"async\" />\n",
            "<img src=\"https://example.org/bundle/./sub/y.png\" alt=\"rel\" loading=\"lazy\" decoding=\"async\" />\n",
            "<a href=\"https://example.org/bundle/file.pdf\">link</a> <a href=\"https://example.org/bundle/#top\">anchor</a> <a href=\"mailto:a@b.c\">mail</a> <a href=\"../x\">up</a></p>\n",
            "<dl>\n<dt>Term</dt>\n<dd>Definition one</dd>\n<dd>Definition two</dd>\n</dl>\n",
            "<blockquote class=\"markdown-alert-note\">\n<p>Useful info.</p>\n</blockquote>\n",
            "<blockquote class=\"markdown-alert-warning\">\n<p>Careful <strong>now</strong>.</p>\n</blockquote>\n",
            "<pre><code>:smile: in code\n</code></pre>\n",
            "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n",
            "<li id=\"fn-a\">\n<p>Note A. <a href=\"#fr-a-1\">↩</a> <a href=\"#fr-a-2\">↩2</a></p>\n</li>\n",
            "<li id=\"fn-b\">\n<p>Note B with paragraph.</p>\n<p>Second paragraph. <a href=\"#fr-b-1\">↩</a></p>\n</li>\n",
            "</ol>\n</section>\n|SUMMARY|",
        )
    );
}

#[test]
fn without_the_options_images_are_plain_and_footnotes_stay_in_place() {
    let built = site("")
        .file(
            "content/p.md",
            "+++\n+++\n:smile: ![a](x.png \"t\") one[^1]\n\n[^1]: Note.\n",
        )
        .build();
    assert_eq!(
        built.html("p/index.html"),
        "<p>:smile: <img src=\"https://example.org/p/x.png\" alt=\"a\" title=\"t\" /> one<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p>Note.</p>\n</div>\n|SUMMARY|"
    );
}

#[test]
fn lazy_images_escape_only_their_alt_text() {
    // Beyond Zola: Zola 0.22 keeps escaping every text after the first lazy image, which
    // turns quotes into entities and leaves later headings with an empty id.
    let built = site("[markdown]\nlazy_async_image = true\n")
        .file(
            "content/p.md",
            "+++\n+++\nBefore \"q\" ![a](x.png) after \"q\"\n\n## Heading \"after\"\n",
        )
        .build();
    assert_eq!(
        built.html("p/index.html"),
        "<p>Before \"q\" <img src=\"https://example.org/p/x.png\" alt=\"a\" loading=\"lazy\" decoding=\"async\" /> after \"q\"</p>\n<h2 id=\"heading-after\">Heading \"after\"</h2>\n|SUMMARY|"
    );
}

#[test]
fn a_link_without_a_url_is_an_error() {
    let error = site("")
        .file("content/p.md", "+++\n+++\nSee [this]().\n")
        .build_error();
    assert_eq!(
        error,
        "content/p.md:3:5: this link has no URL: write one between the parentheses\n  |\n3 | See [this]().\n  |     ^"
    );
}
