//! The three fuzz targets' inputs and checks: front matter, the Markdown pipeline, and the dev
//! server's request paths. Each takes any bytes and returns the property they broke, if any.

use std::path::Path;
use std::sync::LazyLock;

use super::{build_and_check, templates, Finding, MemorySite};
use crate::parse::front_matter::{self as fm, PageFrontMatter, SectionFrontMatter};
use crate::serve::paths::{base_path, normalize, Refused, Resolved, MAX_PATH};
use crate::templates::Parsed;

/// Any text as a content file: split, deserialized as a page's and a section's front matter,
/// then built as a page and as a section of a small site (dates, slugs, paths, taxonomies,
/// aliases).
pub fn front_matter(data: &[u8]) -> Result<(), Finding> {
    static TEMPLATES: LazyLock<Parsed> = LazyLock::new(|| parsed(&[]));
    const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"Fuzz\"\n\
                          taxonomies = [{ name = \"tags\" }]\n";
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let path = Path::new("content/a.md");
    let split = match fm::split(path, text) {
        Ok(split) => split,
        Err(e) => return shown(&e),
    };
    let block = match fm::Block::of(path, &split) {
        Ok(block) => block,
        Err(e) => return shown(&e),
    };
    for known in [PageFrontMatter::KEYS, SectionFrontMatter::KEYS] {
        block.unknown_keys(known);
    }
    if let Err(e) = block.deserialize::<PageFrontMatter>() {
        shown(&e)?;
    }
    if let Err(e) = block.deserialize::<SectionFrontMatter>() {
        shown(&e)?;
    }
    let content = [
        ("_index.md", "+++\n+++\n"),
        ("a.md", text),
        ("s/_index.md", text),
        ("s/b.md", "+++\ntitle = \"B\"\ndate = 2025-01-02\n+++\nB.\n"),
    ];
    let site = MemorySite {
        config: CONFIG,
        content: &content,
        templates: &TEMPLATES,
    };
    build_and_check(&site).map(drop)
}

/// `[markdown]` options, each turned on by one bit of the Markdown target's first byte.
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

/// The Markdown target's templates: a page showing its content, summary and table of
/// contents; shortcodes of both kinds, with a body, failing, and calling a function.
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

/// Any text (after a first byte choosing the `[markdown]` options) as the body of a page with
/// shortcodes and `@/` links to a page with headings. A page that builds is whole, and no
/// shortcode placeholder is left in it.
pub fn markdown(data: &[u8]) -> Result<(), Finding> {
    static TEMPLATES: LazyLock<Parsed> = LazyLock::new(|| parsed(&TEMPLATE_FILES));
    const TARGET: &str = "+++\ntitle = \"Target\"\n+++\n# Alpha\n\n## Beta {#custom}\n\ntext\n";
    let Some((&flags, body)) = data.split_first() else {
        return Ok(());
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return Ok(());
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
    let Some(outputs) = build_and_check(&site)? else {
        return Ok(());
    };
    let Some((_, html)) = outputs.iter().find(|(rel, _)| rel == "page/index.html") else {
        return Err(Finding("the page was not rendered".into()));
    };
    let html = String::from_utf8_lossy(html);
    if !html.ends_with("</html>") {
        return Err(Finding(format!("the page is cut short:\n{html}")));
    }
    if !body.contains("LOESS_SC") && html.contains("LOESS_SC") {
        return Err(Finding(format!("a shortcode placeholder is left:\n{html}")));
    }
    Ok(())
}

/// The sites' base paths the request-path target chooses from with its first byte.
const BASES: [&str; 3] = ["/", "/blog/", "/a/b/"];

/// Any request path: the site path it maps to is plain (no empty, `.` or `..` segment, no `\`
/// or control character), a bad `%` escape is refused, and the site path written back as a
/// URL maps to itself.
pub fn serve_paths(data: &[u8]) -> Result<(), Finding> {
    let Some((&choice, rest)) = data.split_first() else {
        return Ok(());
    };
    let Ok(raw) = std::str::from_utf8(rest) else {
        return Ok(());
    };
    let base = BASES[usize::from(choice) % BASES.len()];
    base_path(raw);
    let result = normalize(raw, base);
    let checked = raw.len() <= MAX_PATH && raw.starts_with('/');
    if checked && has_bad_escape(raw) && result.is_ok() {
        return Err(Finding(format!(
            "{raw:?} has a bad escape but gave {result:?}"
        )));
    }
    let Ok(Resolved::Site(site)) = result else {
        return Ok(());
    };
    let plain = |s: &str| {
        !s.is_empty() && s != "." && s != ".." && !s.contains(|c: char| c == '\\' || c.is_control())
    };
    if !site.rel.is_empty() && !site.rel.split('/').all(plain) {
        return Err(Finding(format!("{raw:?} gave {:?}", site.rel)));
    }
    if !site.dir && site.rel.is_empty() {
        return Ok(());
    }
    let mut again = format!("{base}{}", encode(&site.rel));
    if site.dir && !site.rel.is_empty() {
        again.push('/');
    }
    match normalize(&again, base) {
        Ok(Resolved::Site(same)) if same == site => Ok(()),
        Err(Refused::TooLong) => Ok(()),
        other => Err(Finding(format!(
            "{raw:?} gave {site:?}, but {again:?} gave {other:?}"
        ))),
    }
}

/// Whether a `%` in `raw` is not followed by two hex digits.
fn has_bad_escape(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
}

/// Percent-escapes every byte of `rel` but unreserved characters and `/`.
fn encode(rel: &str) -> String {
    let mut out = String::new();
    for &b in rel.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An error's message, which must not be empty.
fn shown(e: &crate::Error) -> Result<(), Finding> {
    if e.to_string().is_empty() {
        return Err(Finding(format!("an empty message for {e:?}")));
    }
    Ok(())
}

fn parsed(files: &[(&str, &str)]) -> Parsed {
    templates(files).expect("the fuzz targets' own templates parse")
}
