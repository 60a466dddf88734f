//! The Markdown pipeline: any text as the body of a page, with shortcodes (Markdown, HTML,
//! with a body, failing), `@/` links to a page with headings, and the `[markdown]` options
//! chosen by the first byte, rendered through a page template that shows the content,
//! the summary and the table of contents.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use loess::fuzzing::MemorySite;
use loess::templates::Parsed;
use loess_fuzz::{build_and_check, parsed, text};

const OPTIONS: [&str; 8] = [
    "smart_punctuation = true",
    "render_emoji = true",
    "bottom_footnotes = true",
    "lazy_async_image = true",
    "definition_list = true",
    "github_alerts = true",
    "insert_anchor_links = \"heading\"",
    "external_links_target_blank = true\nexternal_links_no_follow = true",
];

const TEMPLATE_FILES: [(&str, &str); 8] = [
    (
        "page.html",
        "<title>{{ page.title }}</title>{{ page.content | safe }}\
         <aside>{{ page.summary | default(value='') | safe }}</aside>\
         {% for h in page.toc %}<a href=\"{{ h.permalink }}\">{{ h.title }}</a>\
         {% for c in h.children %}{{ c.id }}{% endfor %}{% endfor %}\
         {{ page.word_count }}</html>",
    ),
    (
        "shortcodes/note.md",
        "**{{ text | default(value='note') }}**",
    ),
    (
        "shortcodes/box.html",
        "<div class=\"{{ kind | default(value='box') }}\">{{ body | default(value='') }}</div>",
    ),
    (
        "shortcodes/quote.md",
        "> {{ body | default(value='') }} ({{ nth }})",
    ),
    ("shortcodes/fail.html", "{{ not_there.at_all }}"),
    (
        "shortcodes/link.html",
        "<a href=\"{{ get_url(path='@/target.md') }}\">t</a>",
    ),
    (
        "anchor-link.html",
        "<a class=\"anchor\" href=\"#{{ id }}\">{{ level }}</a>",
    ),
    ("summary-cutoff.html", "<span>…</span>"),
];

static TEMPLATES: LazyLock<Parsed> = LazyLock::new(|| parsed(&TEMPLATE_FILES));

const TARGET: &str = "+++\ntitle = \"Target\"\n+++\n# Alpha\n\n## Beta {#custom}\n\ntext\n";

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let Some(body) = text(body) else {
        return;
    };
    let mut config =
        String::from("base_url = \"https://example.org\"\ntitle = \"Fuzz\"\n[markdown]\n");
    for (bit, option) in OPTIONS.iter().enumerate() {
        if flags & (1 << bit) != 0 {
            config.push_str(option);
            config.push('\n');
        }
    }
    let page = format!("+++\ntitle = \"Fuzz\"\n+++\n{body}");
    let content = [
        ("_index.md", "+++\n+++\n"),
        ("target.md", TARGET),
        ("page.md", page.as_str()),
    ];
    let site = MemorySite {
        config: &config,
        content: &content,
        templates: &TEMPLATES,
    };
    let Some(outputs) = build_and_check(&site) else {
        return;
    };
    let html = outputs
        .iter()
        .find(|(rel, _)| rel == "page/index.html")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("the page is rendered");
    assert!(html.ends_with("</html>"), "{html}");
    if !body.contains("LOESS_SC") {
        assert!(
            !html.contains("LOESS_SC"),
            "a shortcode placeholder is left:\n{html}"
        );
    }
});
