//! Feeds: the site's (per language), a section's (`generate_feeds` in `_index.md`) and a term's
//! (`feed = true`), one file per name in `feed_filenames`, `feed_limit`, and a site template as
//! a feed. The XML is parsed back: dates must be valid RFC 3339 (Atom) and RFC 2822 (RSS),
//! URLs absolute, escaped text must round-trip, and only dated pages appear, newest first.
//!
//! The entries, their order, dates and contents were checked against Zola 0.22.1 for the same
//! site. The built-in templates are Loess' own (Zola's differ in layout, and link a term's feed
//! to the site's home page rather than to the term).

use chrono::DateTime;
use roxmltree::{Document, Node};

use crate::support::{Built, TestSite};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn built() -> Built {
    TestSite::fixture("feeds").build()
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.tag_name().name() == name)
}

fn text(node: Node, name: &str) -> String {
    child(node, name)
        .and_then(|n| n.text())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The parts of an Atom entry the tests compare.
#[derive(Debug, PartialEq)]
struct Entry {
    title: String,
    id: String,
    published: String,
    updated: String,
    lang: String,
}

/// An Atom feed: its title, id, `updated`, links (rel, href) and entries.
#[derive(Debug)]
struct Atom {
    title: String,
    id: String,
    updated: String,
    links: Vec<(String, String)>,
    entries: Vec<Entry>,
}

fn atom(xml: &str) -> Atom {
    let doc = Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}):\n{xml}"));
    let feed = doc.root_element();
    assert_eq!(
        (feed.tag_name().namespace(), feed.tag_name().name()),
        (Some(ATOM), "feed")
    );
    let links = feed
        .children()
        .filter(|n| n.tag_name().name() == "link")
        .map(|l| {
            (
                l.attribute("rel").unwrap().to_string(),
                l.attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    let entries = feed
        .children()
        .filter(|n| n.tag_name().name() == "entry")
        .map(|e| {
            let link = child(e, "link").unwrap().attribute("href").unwrap();
            assert_eq!(link, text(e, "id"));
            Entry {
                title: text(e, "title"),
                id: text(e, "id"),
                published: text(e, "published"),
                updated: text(e, "updated"),
                lang: e
                    .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                    .unwrap()
                    .to_string(),
            }
        })
        .collect();
    Atom {
        title: text(feed, "title"),
        id: text(feed, "id"),
        updated: text(feed, "updated"),
        links,
        entries,
    }
}

fn ids(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.id.as_str()).collect()
}

/// The HTML of entry `id` (its `content`, or its `summary`), unescaped by the XML parser.
fn atom_html(xml: &str, id: &str) -> String {
    let doc = Document::parse(xml).unwrap();
    let entry = doc
        .root_element()
        .children()
        .find(|e| e.tag_name().name() == "entry" && text(*e, "id") == id)
        .unwrap_or_else(|| panic!("no entry {id}"));
    let body = child(entry, "content")
        .or_else(|| child(entry, "summary"))
        .unwrap();
    assert_eq!(body.attribute("type"), Some("html"));
    body.text().unwrap_or("").to_string()
}

const FIRST: &str = "https://example.org/blog/first/";
const SECOND: &str = "https://example.org/blog/second/";
const THIRD: &str = "https://example.org/blog/third/";
const NOTE: &str = "https://example.org/notes/note/";

#[test]
fn the_site_atom_feed() {
    let built = built();
    let xml = built.html("atom.xml");
    let feed = atom(&xml);
    assert_eq!(feed.title, "Feeds & <More>");
    assert_eq!(feed.id, "https://example.org/atom.xml");
    assert!(feed
        .links
        .contains(&("self".into(), "https://example.org/atom.xml".into())));
    // The latest of the pages' `updated` and the newest `date`, as written.
    assert_eq!(feed.updated, "2025-04-10T10:00:00+02:00");
    // Every dated page of the language, newest first (by instant, whatever the offset); the
    // undated page and the French one are not in it.
    assert_eq!(ids(&feed.entries), [THIRD, SECOND, NOTE, FIRST]);
    assert_eq!(
        feed.entries[3],
        Entry {
            title: "First <post>".into(),
            id: FIRST.into(),
            published: "2024-12-31T23:30:00-05:00".into(),
            updated: "2024-12-31T23:30:00-05:00".into(),
            lang: "en".into(),
        }
    );
    assert_eq!(
        (
            feed.entries[1].published.as_str(),
            feed.entries[1].updated.as_str()
        ),
        ("2025-02-01T00:00:00+00:00", "2025-03-15T08:00:00+00:00")
    );
    for entry in &feed.entries {
        for date in [&entry.published, &entry.updated] {
            DateTime::parse_from_rfc3339(date)
                .unwrap_or_else(|e| panic!("{date} is not RFC 3339: {e}"));
        }
    }
    let published: Vec<_> = feed
        .entries
        .iter()
        .map(|e| DateTime::parse_from_rfc3339(&e.published).unwrap())
        .collect();
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "{published:?}");
}

#[test]
fn escaped_content_round_trips() {
    let xml = built().html("atom.xml");
    assert_eq!(
        atom_html(&xml, FIRST),
        "<p>Body with <b>bold</b> &amp; an ampersand, \"quotes\" and a \
         <a href=\"https://example.org/blog/second/\">link</a>.</p>\n"
    );
    // A page with a summary gives the summary.
    assert_eq!(
        atom_html(&xml, SECOND),
        "<p>A summary with <code>code &lt; 3</code>.</p>"
    );
}

#[test]
fn every_url_in_a_feed_is_absolute() {
    let built = built();
    for feed in ["atom.xml", "rss.xml", "blog/atom.xml", "tags/rust/rss.xml"] {
        let xml = built.html(feed);
        let doc = Document::parse(&xml).unwrap();
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            let urls = node.attribute("href").into_iter().chain(
                // Atom's `id`, RSS's `link` and `guid` hold URLs as text.
                (matches!(name, "id" | "guid")
                    || (name == "link" && node.tag_name().namespace().is_none()))
                .then(|| node.text().unwrap_or("")),
            );
            for url in urls {
                assert!(
                    url.trim().starts_with("https://example.org"),
                    "{feed}: <{name}> {url:?}"
                );
            }
        }
    }
}

#[test]
fn the_site_rss_feed() {
    let built = built();
    let xml = built.html("rss.xml");
    let doc = Document::parse(&xml).unwrap();
    let rss = doc.root_element();
    assert_eq!(
        (rss.tag_name().name(), rss.attribute("version")),
        ("rss", Some("2.0"))
    );
    let channel = child(rss, "channel").unwrap();
    assert_eq!(text(channel, "title"), "Feeds & <More>");
    assert_eq!(
        text(channel, "description"),
        "Everything \"quoted\" & escaped"
    );
    assert_eq!(text(channel, "language"), "en");
    let built_date = DateTime::parse_from_rfc2822(&text(channel, "lastBuildDate")).unwrap();
    assert_eq!(
        built_date,
        DateTime::parse_from_rfc3339("2025-04-10T10:00:00+02:00").unwrap()
    );
    let items: Vec<(String, String, String)> = channel
        .children()
        .filter(|n| n.tag_name().name() == "item")
        .map(|i| (text(i, "title"), text(i, "link"), text(i, "pubDate")))
        .collect();
    let expected = [
        ("Third", THIRD, "2025-04-10T10:00:00+02:00"),
        ("Second", SECOND, "2025-02-01T00:00:00+00:00"),
        ("A note", NOTE, "2025-01-15T00:00:00+00:00"),
        ("First <post>", FIRST, "2024-12-31T23:30:00-05:00"),
    ];
    assert_eq!(items.len(), expected.len(), "{items:?}");
    for ((title, link, date), (want_title, want_link, want_date)) in items.iter().zip(expected) {
        assert_eq!((title.as_str(), link.as_str()), (want_title, want_link));
        let parsed = DateTime::parse_from_rfc2822(date)
            .unwrap_or_else(|e| panic!("{date} is not RFC 2822: {e}"));
        // The same instant and the same offset as the page's date.
        assert_eq!(parsed, DateTime::parse_from_rfc3339(want_date).unwrap());
        assert_eq!(
            parsed.offset(),
            DateTime::parse_from_rfc3339(want_date).unwrap().offset()
        );
    }
    // The exact text for one date: `Tue, 31 Dec 2024 23:30:00 -0500`, as in Zola.
    assert_eq!(items[3].2, "Tue, 31 Dec 2024 23:30:00 -0500");
}

#[test]
fn a_section_feed_holds_the_sections_dated_pages() {
    let built = built();
    let feed = atom(&built.html("blog/atom.xml"));
    assert_eq!(feed.title, "Feeds & <More> - Blog & News");
    assert_eq!(feed.id, "https://example.org/blog/atom.xml");
    assert_eq!(ids(&feed.entries), [THIRD, SECOND, FIRST]);
    assert!(built.has("blog/rss.xml"));
    // `notes/` does not ask for one.
    assert!(!built.has("notes/atom.xml") && !built.has("notes/rss.xml"));
}

#[test]
fn a_term_feed_for_a_taxonomy_with_feed_true() {
    let built = built();
    let rust = atom(&built.html("tags/rust/atom.xml"));
    assert_eq!(rust.title, "Feeds & <More> - rust");
    assert_eq!(rust.id, "https://example.org/tags/rust/atom.xml");
    // The undated page is tagged too, but feeds hold dated pages only.
    assert_eq!(ids(&rust.entries), [SECOND, FIRST]);
    // The latest `updated` of the term's pages.
    assert_eq!(rust.updated, "2025-03-15T08:00:00+00:00");
    assert_eq!(
        ids(&atom(&built.html("tags/web/atom.xml")).entries),
        [THIRD, SECOND]
    );
    assert!(built.has("tags/web/rss.xml"));
    // `series` has no `feed = true`.
    assert!(!built
        .files()
        .iter()
        .any(|f| f.starts_with("series/") && f.ends_with(".xml")));
}

#[test]
fn a_language_has_its_own_feed_and_feed_filenames() {
    let built = built();
    let fr = atom(&built.html("fr/atom.xml"));
    assert_eq!(fr.title, "Flux");
    assert_eq!(fr.id, "https://example.org/fr/atom.xml");
    assert_eq!(
        fr.entries,
        [Entry {
            title: "Premier".into(),
            id: "https://example.org/fr/blog/first/".into(),
            published: "2025-01-02T00:00:00+00:00".into(),
            updated: "2025-01-02T00:00:00+00:00".into(),
            lang: "fr".into(),
        }]
    );
    assert_eq!(
        ids(&atom(&built.html("fr/tags/rouille/atom.xml")).entries),
        ["https://example.org/fr/blog/first/"]
    );
    // French `feed_filenames` has only `atom.xml`.
    assert!(!built.has("fr/rss.xml"));
}

#[test]
fn every_feed_file() {
    let feeds: Vec<String> = built()
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".xml"))
        .collect();
    // As Zola 0.22.1 writes them for the fixture.
    assert_eq!(
        feeds,
        [
            "atom.xml",
            "blog/atom.xml",
            "blog/rss.xml",
            "fr/atom.xml",
            "fr/tags/rouille/atom.xml",
            "rss.xml",
            "sitemap.xml",
            "tags/rust/atom.xml",
            "tags/rust/rss.xml",
            "tags/web/atom.xml",
            "tags/web/rss.xml",
        ]
    );
}

#[test]
fn feed_limit_keeps_the_newest() {
    let site = TestSite::fixture("feeds");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let site = site.file(
        "config.toml",
        config.replacen(
            "generate_feeds = true",
            "generate_feeds = true\nfeed_limit = 2",
            1,
        ),
    );
    let built = site.build();
    let feed = atom(&built.html("atom.xml"));
    assert_eq!(ids(&feed.entries), [THIRD, SECOND]);
    // `updated` still looks at every page, as in Zola.
    assert_eq!(feed.updated, "2025-04-10T10:00:00+02:00");
    assert_eq!(
        ids(&atom(&built.html("blog/atom.xml")).entries),
        [THIRD, SECOND]
    );
    let rss = built.html("rss.xml");
    assert_eq!(rss.matches("<item>").count(), 2, "{rss}");
}

#[test]
fn a_site_template_named_in_feed_filenames_renders_the_feed() {
    // Byte for byte what Zola 0.22.1 writes with the same template.
    let site = TestSite::fixture("feeds");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let built = site
        .file(
            "config.toml",
            config.replacen(
                "feed_filenames = [\"atom.xml\", \"rss.xml\"]",
                "feed_filenames = [\"feed.json\", \"atom.xml\"]\nfeed_limit = 2",
                1,
            ),
        )
        .file(
            "templates/feed.json",
            "{\"url\": {{ feed_url | json_encode() | safe }}, \"lang\": \"{{ lang }}\", \
             \"updated\": {{ last_updated | json_encode() | safe }}, \
             \"section\": {% if section %}{{ section.title | json_encode() | safe }}{% else %}null{% endif %}, \
             \"term\": {% if term %}{{ term.name | json_encode() | safe }}{% else %}null{% endif %}, \
             \"items\": [{% for p in pages %}{{ p.permalink | json_encode() | safe }}{% if not loop.last %}, {% endif %}{% endfor %}]}\n",
        )
        .build();
    assert_eq!(
        built.html("feed.json"),
        "{\"url\": \"https://example.org/feed.json\", \"lang\": \"en\", \"updated\": \"2025-04-10T10:00:00+02:00\", \
         \"section\": null, \"term\": null, \"items\": [\"https://example.org/blog/third/\", \"https://example.org/blog/second/\"]}\n"
    );
    assert_eq!(
        built.html("blog/feed.json"),
        "{\"url\": \"https://example.org/blog/feed.json\", \"lang\": \"en\", \"updated\": \"2025-04-10T10:00:00+02:00\", \
         \"section\": \"Blog & News\", \"term\": null, \"items\": [\"https://example.org/blog/third/\", \"https://example.org/blog/second/\"]}\n"
    );
    assert_eq!(
        built.html("tags/rust/feed.json"),
        "{\"url\": \"https://example.org/tags/rust/feed.json\", \"lang\": \"en\", \"updated\": \"2025-03-15T08:00:00Z\", \
         \"section\": null, \"term\": \"rust\", \"items\": [\"https://example.org/blog/second/\", \"https://example.org/blog/first/\"]}\n"
    );
    let value: serde_json::Value = serde_json::from_str(&built.html("feed.json")).unwrap();
    assert_eq!(value["items"].as_array().unwrap().len(), 2);
    assert!(built.has("atom.xml") && !built.has("rss.xml"));
}

#[test]
fn a_feed_name_without_a_template_is_an_error() {
    let error = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ngenerate_feeds = true\nfeed_filenames = [\"feed.json\"]\n",
        )
        .build_error();
    assert_eq!(
        error,
        "feed `feed.json` in `feed_filenames` has no template of that name"
    );
}

#[test]
fn no_feed_unless_asked_for() {
    let built = TestSite::new()
        .file("content/a.md", "+++\ndate = 2025-01-01\n+++\n")
        .build();
    assert!(
        !built
            .files()
            .iter()
            .any(|f| f.ends_with("atom.xml") || f.ends_with("rss.xml")),
        "{}",
        built.listing()
    );
}
