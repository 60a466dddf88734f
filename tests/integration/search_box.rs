//! The terrace theme's search box. Built pages carry it hidden, with the URLs of the index and
//! of elasticlunr on the site itself (under the base URL's path); in headless Chromium the
//! script shows it and lists the articles that match what the reader types. With
//! `index_format = "pagefind"` the box imports Pagefind's script from the site, which fetches
//! the pieces of the language's index a query needs.

use std::net::TcpListener;

use serde_json::json;

use crate::browser::Browser;
use crate::serve::Server;
use crate::support::TestSite;

#[test]
fn the_box_points_at_the_sites_own_files_under_its_path() {
    let site = TestSite::example();
    let built = site.build_with(loess::BuildOptions {
        base_url: Some("https://example.org/sub/".into()),
        ..site.options()
    });
    built.check(
        "fr/articles/index.html",
        &[
            "<form class=\"site-search\" role=\"search\" hidden",
            "data-index=\"https://example.org/sub/search_index.fr.js\"",
            "data-engine=\"https://example.org/sub/elasticlunr.min.js\"",
            "data-many=\"{n} résultats\"",
            "<label class=\"visually-hidden\" for=\"site-search-input\">Rechercher</label>",
            "<script src=\"https://example.org/sub/search.js\" defer></script>",
        ],
    );
    assert!(built.has("search.js") && built.has("search_index.fr.js"));
}

#[test]
fn without_a_search_index_there_is_no_box() {
    let site = TestSite::example();
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let built = site
        .file(
            "config.toml",
            config.replace("build_search_index = true\n", ""),
        )
        .build();
    assert!(!built.html("index.html").contains("site-search"));
    assert!(!built.html("fr/index.html").contains("search.js"));
}

#[test]
fn typing_lists_matching_articles_from_the_local_index() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TestSite::example();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port()
        .to_string();
    let base = format!("http://127.0.0.1:{port}/sub/");
    let server = Server::start(&site, &["--port", &port, "--base-url", &base]);
    browser.open(&server.at("/sub/fr/"));
    browser.wait_for(
        "return document.readyState === 'complete' && \
         !document.querySelector('form.site-search').hidden;",
        "the search box",
    );
    let search = |query: &str| {
        browser.run(&format!(
            "var input = document.getElementById('site-search-input'); input.focus(); \
             input.value = {query:?}; input.dispatchEvent(new Event('input')); return true;"
        ));
    };
    search("heze");
    browser.wait_for(
        "return document.querySelectorAll('.site-search-results a').length > 0;",
        "results",
    );
    let links = browser.run(
        "return Array.from(document.querySelectorAll('.site-search-results a'), a => a.href);",
    );
    let links = links.as_array().unwrap();
    // The article first (its title matches), then the listings that show its summary.
    assert_eq!(
        links[0],
        json!(format!("{base}fr/articles/heze-bitcoin-mining/"))
    );
    assert!(links
        .iter()
        .all(|l| l.as_str().unwrap().starts_with(&format!("{base}fr/"))));
    assert_eq!(
        browser.run("return document.getElementById('site-search-status').textContent;"),
        json!(format!("{} résultats", links.len()))
    );
    // Everything came from the site itself.
    let foreign = browser.run(
        "return performance.getEntriesByType('resource').map(e => e.name)\
         .filter(n => !n.startsWith(location.origin));",
    );
    assert_eq!(foreign, json!([]));
    search("qqqzzz");
    browser.wait_for(
        "return document.getElementById('site-search-status').textContent === 'Aucun résultat' \
         && document.querySelector('.site-search-results').hidden;",
        "no results",
    );
    // English words go through elasticlunr's own stemmer: `mined` finds `mining`.
    browser.open(&server.at("/sub/"));
    browser.wait_for(
        "return document.readyState === 'complete' && \
         !document.querySelector('form.site-search').hidden;",
        "the English search box",
    );
    search("ningxia mined");
    browser.wait_for(
        "return document.querySelectorAll('.site-search-results a').length > 0;",
        "English results",
    );
    let first = browser.run("return document.querySelector('.site-search-results a').href;");
    assert_eq!(
        first,
        json!(format!("{base}articles/ningxia-bitcoin-mining/"))
    );
    search("");
    browser.wait_for(
        "return document.getElementById('site-search-status').textContent === '' \
         && document.querySelector('.site-search-results').hidden;",
        "the results closed",
    );
}

/// The example site with `index_format = "pagefind"`.
fn with_pagefind(site: TestSite) -> TestSite {
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.file(
        "config.toml",
        format!("{config}\n[search]\nindex_format = \"pagefind\"\n"),
    )
}

#[test]
fn pagefind_finds_a_word_of_an_article_offline_under_a_sub_path_and_after_an_edit() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = with_pagefind(TestSite::example());
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port()
        .to_string();
    let base = format!("http://127.0.0.1:{port}/sub/");
    let server = Server::start(&site, &["--port", &port, "--base-url", &base]);
    let search = |query: &str| {
        browser.run(&format!(
            "var input = document.getElementById('site-search-input'); input.focus(); \
             input.value = {query:?}; input.dispatchEvent(new Event('input')); return true;"
        ));
    };
    let first_result = |query: &str| {
        browser.wait_for(
            "return document.readyState === 'complete' && \
             !document.querySelector('form.site-search').hidden;",
            "the search box",
        );
        search(query);
        browser.wait_for(
            "return document.querySelectorAll('.site-search-results a').length > 0;",
            "results",
        );
        browser.run("return document.querySelector('.site-search-results a').href;")
    };
    // A word of the French article's body (peonies), in the French index.
    browser.open(&server.at("/sub/fr/"));
    assert_eq!(
        first_result("pivoines"),
        json!(format!("{base}fr/articles/heze-bitcoin-mining/"))
    );
    // Everything came from the site itself, Pagefind from under its path (its worker fetches
    // the index; that is seen below, without the worker).
    let fetched = requests(&browser);
    assert!(fetched
        .iter()
        .all(|r| r.starts_with(&base) || r.ends_with("/__loess/live.js")));
    assert!(fetched.contains(&format!("{base}pagefind/pagefind.js")));
    search("qqqzzz");
    browser.wait_for(
        "return document.getElementById('site-search-status').textContent === 'Aucun résultat' \
         && document.querySelector('.site-search-results').hidden;",
        "no results",
    );
    // A word added to an English article is found once the site is rebuilt.
    let article = site.root.join("content/articles/ningxia-bitcoin-mining.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        format!("{text}\nA quokkaberry grows by the mine.\n"),
    )
    .unwrap();
    server.wait_for_text("/sub/articles/ningxia-bitcoin-mining/", "quokkaberry");
    server.wait_for_line("content/articles/ningxia-bitcoin-mining.md: ");
    // Without a worker, Pagefind fetches the pieces of the English index in the page.
    browser.open(&server.at("/sub/"));
    browser.run("window.Worker = undefined; return true;");
    assert_eq!(
        first_result("quokkaberry"),
        json!(format!("{base}articles/ningxia-bitcoin-mining/"))
    );
    let fetched = requests(&browser);
    for piece in [
        "pagefind-entry.json",
        "pagefind.en_",
        "index/en_",
        "fragment/en_",
    ] {
        let piece = format!("{base}pagefind/{piece}");
        assert!(
            fetched.iter().any(|r| r.starts_with(&piece)),
            "no {piece} in {fetched:?}"
        );
    }
    assert!(!fetched.iter().any(|r| r.contains("pagefind/fragment/fr_")));
}

/// The URLs the open page fetched.
fn requests(browser: &Browser) -> Vec<String> {
    let names = browser.run("return performance.getEntriesByType('resource').map(e => e.name);");
    serde_json::from_value(names).unwrap()
}
