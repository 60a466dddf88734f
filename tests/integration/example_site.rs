//! The example site that ships in the repository: three dated English articles linked in a
//! chain, one of them translated into French, tagged, and listed two to a page.

use crate::support::{ascending, listing, positions, TestSite};

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
fn section_lists_articles_newest_first_across_its_pagers() {
    let built = TestSite::example().build();
    let first = built.html("articles/index.html");
    let second = built.html("articles/page/2/index.html");
    // Two to a page, newest first: the guide and Ningxia, then Heze.
    let order = positions(&first, &[SELLING, NINGXIA]);
    assert!(ascending(&order), "not newest first: {order:?}");
    assert!(!first.contains(HEZE), "{first}");
    assert!(second.contains(HEZE) && !second.contains(NINGXIA) && !second.contains(SELLING));
    for needle in [
        "<time datetime=\"2025-04-11\">11 April 2025</time>",
        "<time datetime=\"2025-03-28\">28 March 2025</time>",
        "Ningxia, an autonomous region in Northwest China",
        "<span class=\"pagination-status\">Page 1 of 2</span>",
        "<a class=\"pagination-link next\" href=\"https://example.org/articles/page/2/\" rel=\"next\">",
    ] {
        assert!(first.contains(needle), "{needle:?} missing:\n{first}");
    }
    assert!(!first.contains("rel=\"prev\""), "{first}");
    for needle in [
        "<time datetime=\"2025-03-14\">14 March 2025</time>",
        "<span class=\"pagination-status\">Page 2 of 2</span>",
        "<a class=\"pagination-link prev\" href=\"https://example.org/articles/\" rel=\"prev\">",
    ] {
        assert!(second.contains(needle), "{needle:?} missing:\n{second}");
    }
    // Summaries stop at `<!-- more -->`: the first heading of an article is not in a listing.
    assert!(!first.contains("Historical Context"), "{first}");
    assert!(!second.contains("An Agricultural Economy"), "{second}");
    // `page/1/` sends readers back to the section.
    built.check(
        "articles/page/1/index.html",
        &["<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/articles/\">"],
    );
}

#[test]
fn the_more_marker_becomes_an_anchor_in_the_article() {
    let built = TestSite::example().build();
    let html = built.html("articles/ningxia-bitcoin-mining/index.html");
    assert!(
        html.contains("<span id=\"continue-reading\"></span>"),
        "{html}"
    );
    assert!(!html.contains("<!-- more -->"), "{html}");
}

#[test]
fn the_french_translation_lives_under_fr() {
    let built = TestSite::example().build();
    built.check(
        "fr/articles/heze-bitcoin-mining/index.html",
        &[
            "<html lang=\"fr\">",
            "<h1>Le minage de Bitcoin à Heze : défis, perspectives et avenir des cryptomonnaies dans une région rurale chinoise</h1>",
            "<time datetime=\"2025-03-14\">14 mars 2025</time>",
            "<a class=\"term\" href=\"https://example.org/fr/tags/energie-solaire/\">énergie solaire</a>",
            "<a href=\"https://example.org/articles/heze-bitcoin-mining/\" hreflang=\"en\" lang=\"en\" rel=\"alternate\">English</a>",
        ],
    );
    // The English article links to its translation.
    built.check(
        "articles/heze-bitcoin-mining/index.html",
        &["<a href=\"https://example.org/fr/articles/heze-bitcoin-mining/\" hreflang=\"fr\" lang=\"fr\" rel=\"alternate\">Français</a>"],
    );
    // The French section lists only the French article, on one page.
    let fr = built.html("fr/articles/index.html");
    assert!(
        fr.contains("https://example.org/fr/articles/heze-bitcoin-mining/")
            && !fr.contains(NINGXIA),
        "{fr}"
    );
    assert!(!built.has("fr/articles/page/2/index.html"));
}

#[test]
fn every_output_of_the_example_site() {
    // The same files as Zola 0.22.1 writes for this site.
    let built = TestSite::example().build();
    let expected = [
        "404.html",
        "articles/bitcoin-mining-and-selling/index.html",
        "articles/heze-bitcoin-mining/index.html",
        "articles/index.html",
        "articles/ningxia-bitcoin-mining/index.html",
        "articles/page/1/index.html",
        "articles/page/2/index.html",
        "atom.xml",
        "elasticlunr.min.js",
        "favicon.svg",
        "fr/articles/heze-bitcoin-mining/index.html",
        "fr/articles/index.html",
        "fr/articles/page/1/index.html",
        "fr/atom.xml",
        "fr/index.html",
        "fr/tags/bitcoin/index.html",
        "fr/tags/chine/index.html",
        "fr/tags/energie-solaire/index.html",
        "fr/tags/index.html",
        "fr/tags/minage/index.html",
        "fr/tags/reglementation/index.html",
        "fr/tags/shandong/index.html",
        "index.html",
        "robots.txt",
        "search.js",
        "search_index.en.js",
        "search_index.fr.js",
        "sitemap.xml",
        "style.css",
    ];
    let tags = [
        ("bitcoin", 2),
        ("china", 1),
        ("energy", 1),
        ("guide", 1),
        ("mining", 2),
        ("ningxia", 1),
        ("regulation", 1),
        ("security", 1),
        ("shandong", 1),
        ("solar-power", 1),
    ];
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.push("tags/index.html".into());
    for (tag, pagers) in tags {
        expected.push(format!("tags/{tag}/atom.xml"));
        expected.push(format!("tags/{tag}/index.html"));
        for n in 1..=pagers {
            expected.push(format!("tags/{tag}/page/{n}/index.html"));
        }
    }
    expected.sort();
    assert_eq!(listing(&built.out), expected);
    assert_eq!(built.report.files_written, expected.len());
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
    // Three English pages and one French; the root and `articles/` in each language.
    assert_eq!(built.report.pages, 4);
    assert_eq!(built.report.sections, 4);
}

#[test]
fn the_repository_example_site_builds_as_it_is() {
    // The committed example must not depend on anything a test adds.
    let site = TestSite::example();
    let built = site.build();
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}
