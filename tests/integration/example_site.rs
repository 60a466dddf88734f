//! The example site that ships in the repository: three dated articles linked in a chain.

use crate::support::{ascending, positions, TestSite};

const HEZE: &str = "Heze Bitcoin Mining: Challenges, Opportunities, and the Future of Cryptocurrency in a Rural Chinese Setting";
const NINGXIA: &str = "Ningxia Bitcoin Mining: A Deep Dive into the Region&#x27;s Crypto Landscape";
const SELLING: &str =
    "Bitcoin Mining and Selling: A Comprehensive Guide for Beginners and Experienced Miners";

#[test]
fn ningxia_links_to_heze_before_and_the_guide_after() {
    let built = TestSite::example().build();
    built.check(
        "articles/ningxia-bitcoin-mining/index.html",
        &[
            "<time datetime=\"2025-03-28\">28 March 2025</time>",
            "<a class=\"page-nav-link prev\" href=\"https://example.org/articles/heze-bitcoin-mining/\" rel=\"prev\">",
            HEZE,
            "<a class=\"page-nav-link next\" href=\"https://example.org/articles/bitcoin-mining-and-selling/\" rel=\"next\">",
            SELLING,
        ],
    );
}

#[test]
fn the_chain_ends_at_both_sides() {
    let built = TestSite::example().build();
    let first = built.html("articles/heze-bitcoin-mining/index.html");
    assert!(
        !first.contains("rel=\"prev\""),
        "the earliest article has no previous one"
    );
    assert!(first.contains("rel=\"next\"") && first.contains(NINGXIA));
    let last = built.html("articles/bitcoin-mining-and-selling/index.html");
    assert!(
        !last.contains("rel=\"next\""),
        "the latest article has no next one"
    );
    assert!(last.contains("rel=\"prev\"") && last.contains(NINGXIA));
    // The updated date is shown beside the date.
    assert!(
        last.contains("Updated <time datetime=\"2025-05-02\">2 May 2025</time>"),
        "{last}"
    );
}

#[test]
fn article_page_has_title_reading_time_and_toc() {
    let built = TestSite::example().build();
    built.check(
        "articles/ningxia-bitcoin-mining/index.html",
        &[
            &format!("<h1>{NINGXIA}</h1>"),
            "4 min read",
            "<nav class=\"toc\"",
            "href=\"https://example.org/articles/ningxia-bitcoin-mining/#the-2021-crackdown-and-its-aftermath\"",
            "<h2 id=\"conclusion-a-waiting-game\">Conclusion: A Waiting Game</h2>",
        ],
    );
}

#[test]
fn section_lists_articles_newest_first_with_dates_and_summaries() {
    let built = TestSite::example().build();
    let html = built.html("articles/index.html");
    let order = positions(&html, &[SELLING, NINGXIA, HEZE]);
    assert!(
        ascending(&order),
        "articles are not newest first: {order:?}"
    );
    for needle in [
        "<time datetime=\"2025-04-11\">11 April 2025</time>",
        "<time datetime=\"2025-03-28\">28 March 2025</time>",
        "<time datetime=\"2025-03-14\">14 March 2025</time>",
        "Ningxia, an autonomous region in Northwest China",
    ] {
        assert!(html.contains(needle), "{needle:?} missing:\n{html}");
    }
    // Summaries stop at `<!-- more -->`: the first heading of the article is not in the listing.
    assert!(!html.contains("Historical Context"), "{html}");
}

#[test]
fn home_page_links_resolve_and_assets_are_copied() {
    let built = TestSite::example().build();
    built.check(
        "index.html",
        &[
            "href=\"https://example.org/articles/\"",
            "href=\"https://example.org/articles/heze-bitcoin-mining/\"",
            "https://example.org/style.css",
        ],
    );
    for file in ["favicon.svg", "style.css", "404.html"] {
        assert!(built.has(file), "{file} missing:\n{}", built.listing());
    }
    assert_eq!(built.report.pages, 3);
    assert_eq!(built.report.sections, 2);
}

#[test]
fn the_repository_example_site_builds_as_it_is() {
    // The committed example must not depend on anything a test adds.
    let site = TestSite::example();
    let built = site.build();
    assert!(
        built.report.warnings.is_empty(),
        "{:?}",
        built.report.warnings
    );
}
