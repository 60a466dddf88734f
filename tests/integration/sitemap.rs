//! `sitemap.xml` and `robots.txt`: one entry per URL (pages, sections, taxonomies, terms and
//! their pagers), `lastmod` from `updated` or `date`, the `entries` a site template gets,
//! `exclude_paginated_pages_in_sitemap`, turning both files off, and the split into
//! `sitemap1.xml`, `sitemap2.xml`… with an index above 30,000 URLs.
//!
//! Checked against Zola 0.22.1. Two differences, both Zola bugs that Loess does not copy: Zola
//! lists a configured taxonomy that has no terms (`/unused/`), which it does not render, and
//! with `paginate_path = ""` it lists pagers as `/bare//2/` (see `pagination.rs`).

use std::time::Instant;

use roxmltree::Document;

use crate::support::{Built, TestSite};

/// The (loc, lastmod) of every `<url>`, or the `<loc>` of every `<sitemap>` of an index.
fn urls(xml: &str) -> Vec<(String, Option<String>)> {
    let doc = Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}):\n{xml}"));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    root.children()
        .filter(|n| n.is_element())
        .map(|url| {
            let field = |name: &str| {
                url.children()
                    .find(|n| n.tag_name().name() == name)
                    .and_then(|n| n.text())
                    .map(|t| t.trim().to_string())
            };
            (field("loc").expect("a <loc>"), field("lastmod"))
        })
        .collect()
}

fn locs(xml: &str) -> Vec<String> {
    urls(xml).into_iter().map(|(loc, _)| loc).collect()
}

fn built() -> Built {
    TestSite::fixture("sitemap").build()
}

const PAGERS: [&str; 5] = [
    "https://example.org/blog/page/1/",
    "https://example.org/blog/page/2/",
    "https://example.org/tags/x/page/1/",
    "https://example.org/tags/x/page/2/",
    "https://example.org/tags/y/page/1/",
];

#[test]
fn every_url_once_in_order() {
    let built = built();
    let url = |loc: &str| (format!("https://example.org{loc}"), None);
    let expected = vec![
        url("/"),
        url("/about/"),
        url("/blog/"),
        (
            "https://example.org/blog/a/".to_string(),
            Some("2025-02-01T10:00:00+00:00".to_string()),
        ),
        (
            "https://example.org/blog/b/".to_string(),
            Some("2025-01-02".to_string()),
        ),
        url("/blog/page/1/"),
        url("/blog/page/2/"),
        url("/fr/"),
        url("/fr/about/"),
        url("/fr/tags/"),
        url("/fr/tags/z/"),
        // The pages of a section with `render = false` are still rendered.
        url("/quiet/q/"),
        url("/tags/"),
        url("/tags/x/"),
        url("/tags/x/page/1/"),
        url("/tags/x/page/2/"),
        url("/tags/y/"),
        url("/tags/y/page/1/"),
    ];
    assert_eq!(urls(&built.html("sitemap.xml")), expected);
    // Not listed: the page and the section with `render = false`, and the taxonomy without
    // terms, none of which is written.
    for absent in [
        "blog/hidden/index.html",
        "quiet/index.html",
        "unused/index.html",
    ] {
        assert!(!built.has(absent), "{absent}");
    }
}

#[test]
fn a_site_template_gets_the_entries() {
    // Byte for byte Zola's output, less its `/unused/` line.
    let built = TestSite::fixture("sitemap")
        .file(
            "content/about.md",
            "+++\ntitle = \"About\"\n[extra]\npriority = 0.8\n+++\n",
        )
        .file(
            "templates/sitemap.xml",
            "{% for e in entries %}{{ e.permalink | safe }} {{ e.updated | default(value=\"-\") }} \
             {% if e.extra %}{{ e.extra | json_encode() | safe }}{% else %}noextra{% endif %}\n{% endfor %}",
        )
        .build();
    assert_eq!(
        built.html("sitemap.xml"),
        "https://example.org/ - noextra
https://example.org/about/ - {\"priority\":0.8}
https://example.org/blog/ - noextra
https://example.org/blog/a/ 2025-02-01T10:00:00Z noextra
https://example.org/blog/b/ 2025-01-02 noextra
https://example.org/blog/page/1/ - noextra
https://example.org/blog/page/2/ - noextra
https://example.org/fr/ - noextra
https://example.org/fr/about/ - noextra
https://example.org/fr/tags/ - noextra
https://example.org/fr/tags/z/ - noextra
https://example.org/quiet/q/ - noextra
https://example.org/tags/ - noextra
https://example.org/tags/x/ - noextra
https://example.org/tags/x/page/1/ - noextra
https://example.org/tags/x/page/2/ - noextra
https://example.org/tags/y/ - noextra
https://example.org/tags/y/page/1/ - noextra
"
    );
}

fn with_config(extra: &str) -> Built {
    let site = TestSite::fixture("sitemap");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.file("config.toml", format!("{extra}\n{config}"))
        .build()
}

#[test]
fn paginated_pages_can_be_left_out() {
    let all = locs(&built().html("sitemap.xml"));
    let built = with_config("exclude_paginated_pages_in_sitemap = \"all\"");
    let without = locs(&built.html("sitemap.xml"));
    let expected: Vec<String> = all
        .into_iter()
        .filter(|loc| !PAGERS.contains(&loc.as_str()))
        .collect();
    assert_eq!(without, expected);
    assert_eq!(without.len(), 13);
    // The pagers themselves are still written.
    assert!(built.has("blog/page/2/index.html") && built.has("tags/x/page/2/index.html"));
    let none = with_config("exclude_paginated_pages_in_sitemap = \"none\"");
    assert_eq!(locs(&none.html("sitemap.xml")).len(), 18);
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    // Exactly Zola's.
    assert_eq!(
        built().html("robots.txt"),
        "User-agent: *\nDisallow:\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn both_files_can_be_turned_off() {
    let built = with_config("generate_sitemap = false");
    assert!(!built.has("sitemap.xml") && built.has("robots.txt"));
    let built = with_config("generate_robots_txt = false");
    assert!(built.has("sitemap.xml") && !built.has("robots.txt"));
    let built = with_config("generate_sitemap = false\ngenerate_robots_txt = false");
    assert!(!built
        .files()
        .iter()
        .any(|f| f.starts_with("sitemap") || f == "robots.txt"));
}

#[test]
fn above_30000_urls_the_sitemap_is_split_with_an_index() {
    // 30,001 pages and the home page: 30,002 URLs, as sitemap1.xml (30,000) and
    // sitemap2.xml (2), listed by sitemap.xml. Zola 0.22.1 writes the same files with the same
    // URLs in the same order.
    let site = TestSite::new().file("templates/page.html", "");
    let content = site.root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    for i in 0..30_001 {
        std::fs::write(content.join(format!("p{i:05}.md")), "+++\n+++\n").unwrap();
    }
    let started = Instant::now();
    let built = site.build();
    eprintln!("30,001 pages built in {} ms", started.elapsed().as_millis());
    assert_eq!(built.report.pages, 30_001);
    let index = urls(&built.html("sitemap.xml"));
    assert_eq!(
        index,
        [
            ("https://example.org/sitemap1.xml".to_string(), None),
            ("https://example.org/sitemap2.xml".to_string(), None),
        ]
    );
    let doc = built.html("sitemap.xml");
    assert!(
        Document::parse(&doc)
            .unwrap()
            .root_element()
            .tag_name()
            .name()
            == "sitemapindex",
        "{doc}"
    );
    let first = locs(&built.html("sitemap1.xml"));
    assert_eq!(first.len(), 30_000);
    assert_eq!(first[0], "https://example.org/");
    assert_eq!(first[1], "https://example.org/p00000/");
    assert_eq!(first[29_999], "https://example.org/p29998/");
    assert_eq!(
        locs(&built.html("sitemap2.xml")),
        ["https://example.org/p29999/", "https://example.org/p30000/"]
    );
    assert!(!built.has("sitemap3.xml"));
}
