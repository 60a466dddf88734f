//! `[search] index_format = "pagefind"`: the build writes Pagefind's bundle into `pagefind/`,
//! with an index for each language that asks for one (read from the pages' `<html lang>`),
//! holding the pages and sections the other formats hold: one fragment per page. The
//! `pagefind` fixture's templates have no `data-pagefind-body`, so whole bodies are indexed
//! (less the `<nav>` and `<footer>`); the terrace theme marks its articles.

use std::collections::BTreeMap;
use std::io::Read;

use serde_json::Value;

use crate::support::{contents, repo, Built, TestSite};

/// A fragment of the index: the `pagefind_dcd` signature, then JSON, compressed with gzip.
fn fragment(bytes: &[u8]) -> Value {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a fragment is gzipped text");
    let json = text
        .strip_prefix("pagefind_dcd")
        .unwrap_or_else(|| panic!("no signature in {text}"));
    serde_json::from_str(json).expect("a fragment is JSON")
}

/// The fragments of the bundle by language (the start of their file name): URL and text.
fn fragments(built: &Built) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut by_language: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, bytes) in contents(&built.out.join("pagefind/fragment")) {
        let language = rel.split('_').next().unwrap().to_string();
        let data = fragment(&bytes);
        let url = data["url"].as_str().unwrap().to_string();
        let text = data["content"].as_str().unwrap().to_string();
        by_language.entry(language).or_default().insert(url, text);
    }
    by_language
}

/// The languages of `pagefind-entry.json`, with their page counts.
fn languages(built: &Built) -> BTreeMap<String, u64> {
    let entry: Value = serde_json::from_str(&built.html("pagefind/pagefind-entry.json")).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    languages
        .iter()
        .map(|(code, lang)| (code.clone(), lang["page_count"].as_u64().unwrap()))
        .collect()
}

#[test]
fn the_bundle_holds_an_index_per_language_in_pieces() {
    let built = TestSite::fixture("pagefind").build();
    for file in [
        "pagefind.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
        "wasm.fr.pagefind",
    ] {
        assert!(
            built.has(&format!("pagefind/{file}")),
            "{}",
            built.listing()
        );
    }
    let files = built.files();
    let count = |prefix: &str, suffix: &str| {
        let matching = files
            .iter()
            .filter(|f| f.starts_with(prefix) && f.ends_with(suffix));
        matching.count()
    };
    assert_eq!(count("pagefind/pagefind.en_", ".pf_meta"), 1);
    assert_eq!(count("pagefind/pagefind.fr_", ".pf_meta"), 1);
    assert!(count("pagefind/index/en_", ".pf_index") >= 1);
    // One fragment per page: the home page, the section and two pages in English (not the
    // one with `in_search_index = false`), the same less one page in French; German has no
    // index.
    assert_eq!(
        languages(&built),
        BTreeMap::from([("en".to_string(), 4), ("fr".to_string(), 3)])
    );
    let fragments = fragments(&built);
    let urls = |lang: &str| fragments[lang].keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        urls("en"),
        ["/", "/blog/", "/blog/harbour/", "/blog/lighthouse/"]
    );
    assert_eq!(urls("fr"), ["/fr/", "/fr/blog/", "/fr/blog/lighthouse/"]);
    assert!(!fragments.contains_key("de"));
    // The whole body, less the navigation and the footer.
    let text = &fragments["en"]["/blog/lighthouse/"];
    assert!(text.contains("brass lens of the lighthouse"), "{text}");
    assert!(
        !text.contains("Navigationword") && !text.contains("Footerword"),
        "{text}"
    );
    assert!(fragments["fr"]["/fr/blog/lighthouse/"].contains("lentille de laiton"));
    // Nothing of the other formats.
    assert!(!files
        .iter()
        .any(|f| f.starts_with("search_index") || f == "elasticlunr.min.js"));
}

#[test]
fn the_bundle_is_the_same_at_every_build() {
    let site = TestSite::fixture("pagefind");
    let first = contents(&site.build().out.join("pagefind"));
    let second = contents(&site.build().out.join("pagefind"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(
        first == second,
        "the bundle's bytes differ between two builds"
    );
}

#[test]
fn pages_left_out_of_the_index_are_not_searched() {
    let built = TestSite::fixture("pagefind").build();
    assert!(built.html("blog/hidden/index.html").contains("zephyrine"));
    let fragments = fragments(&built);
    assert!(fragments
        .values()
        .flat_map(|pages| pages.values())
        .all(|text| !text.contains("zephyrine")));
}

#[test]
fn without_build_search_index_there_is_no_bundle() {
    let config =
        std::fs::read_to_string(repo().join("tests/fixtures/pagefind/config.toml")).unwrap();
    let built = TestSite::fixture("pagefind")
        .file(
            "config.toml",
            config.replacen("build_search_index = true\n", "", 1),
        )
        .build();
    assert!(!built.files().iter().any(|f| f.starts_with("pagefind/")));
}

#[test]
fn check_finds_the_bundle_s_files() {
    let site = TestSite::fixture("pagefind").file(
        "templates/index.html",
        "{% extends \"section.html\" %}{% block title %}Home{% endblock %}\
         {% block main %}<script type=\"module\" src=\"{{ get_url(path='pagefind/pagefind.js') \
         | safe }}\"></script>{{ super() }}{% endblock %}",
    );
    let run = site.run(&["check", "--skip-external-links"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(": 0 problems"), "{}", run.stdout);
    // Only the warnings about pages nothing links to.
    assert!(!run.stderr.contains("pagefind"), "{}", run.stderr);
}

#[test]
fn the_theme_marks_its_articles_and_points_at_the_bundle() {
    let site = TestSite::example();
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    assert!(!config.contains("[search]"), "the example's config changed");
    let site = site.file(
        "config.toml",
        format!("{config}\n[search]\nindex_format = \"pagefind\"\n"),
    );
    let built = site.build_with(loess::BuildOptions {
        base_url: Some("https://example.org/sub/".into()),
        ..site.options()
    });
    built.check(
        "fr/articles/heze-bitcoin-mining/index.html",
        &[
            "<html lang=\"fr\">",
            "<article class=\"article\" data-pagefind-body>",
            "data-pagefind=\"https://example.org/sub/pagefind/pagefind.js\"",
            "pagefind.init()",
        ],
    );
    let listing = built.html("fr/articles/index.html");
    assert!(!listing.contains("data-pagefind-body") && !listing.contains("search_index"));
    assert!(!listing.contains("search.js") && !built.has("search-pagefind.js"));
    // Only articles are indexed, each in its language.
    let fragments = fragments(&built);
    assert!(fragments["fr"].contains_key("/fr/articles/heze-bitcoin-mining/"));
    assert!(fragments
        .values()
        .flat_map(|pages| pages.keys())
        .all(|url| url.contains("/articles/") && !url.ends_with("/articles/")));
}

#[test]
fn the_elasticlunr_theme_pages_are_unchanged() {
    let built = TestSite::example().build();
    let page = built.html("fr/articles/heze-bitcoin-mining/index.html");
    assert!(page.contains("<article class=\"article\">\n"), "{page}");
    assert!(!page.contains("pagefind"), "{page}");
    assert!(!built.files().iter().any(|f| f.starts_with("pagefind/")));
}

#[test]
fn loess_serve_serves_the_bundle_a_build_writes() {
    let site = TestSite::fixture("pagefind");
    let built = site.build();
    let server = crate::serve::Server::start(&site, &[]);
    // Served at the root: `loess serve` replaces the base URL with its own address.
    let served = server.get("/pagefind/pagefind-entry.json");
    assert_eq!(served.body, built.html("pagefind/pagefind-entry.json"));
    assert_eq!(
        server.get("/pagefind/pagefind.js").body,
        built.html("pagefind/pagefind.js")
    );
}

#[test]
fn after_an_edit_loess_serve_indexes_the_new_text_and_every_other_page() {
    let site = TestSite::fixture("pagefind");
    let server = crate::serve::Server::start(&site, &[]);
    let before = server.get("/pagefind/pagefind-entry.json").body;
    std::fs::write(
        site.root.join("content/blog/harbour.md"),
        "+++\ntitle = \"The harbour\"\ndate = 2024-06-01\n+++\nGulls circle the quay.\n",
    )
    .unwrap();
    server.wait_for_line("content/blog/harbour.md: ");
    let after = server.get("/pagefind/pagefind-entry.json").body;
    assert_ne!(before, after);
    // The pages that were not rendered again (reused from the previous build) are indexed
    // too: the counts are the same, and they equal a build's of the edited site.
    let built = site.build();
    assert_eq!(after, built.html("pagefind/pagefind-entry.json"));
    assert!(
        after.contains("\"en\":{") && after.contains("\"page_count\":4"),
        "{after}"
    );
}
