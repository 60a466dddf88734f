//! Sections: `transparent`, `render = false`, `redirect_to`, nesting, draft sections, orphan
//! pages and `ignored_content`.
//!
//! Checked against Zola 0.22.1 with the same fixture. Where Loess differs on purpose, the test
//! says so: Zola lists subsections of equal weight in hash order, and matches `ignored_content`
//! globs against the whole file path (so `docs/guide/*` ignores nothing there; `*.draft.md` and
//! `**/secret-*` agree).

use loess::BuildOptions;

use crate::support::{Built, TestSite};

fn built() -> Built {
    TestSite::fixture("sections").build()
}

#[test]
fn a_transparent_section_lends_its_pages_and_neighbours_to_its_parent() {
    let built = built();
    assert_eq!(
        built.html("blog/index.html"),
        "Blog pages=old top older subsections=blog/2024/_index.md,blog/2025/_index.md"
    );
    assert_eq!(
        built.html("blog/2024/index.html"),
        "2024 pages=old older subsections="
    );
    // Neighbours come from the parent's list (old, top, older), not from 2024's own; as in
    // Zola, the ancestors are those of the section that lists the page, without 2024.
    assert_eq!(
        built.html("blog/2024/old/index.html"),
        "old ancestors=_index.md,blog/_index.md lower= higher=top"
    );
    assert_eq!(
        built.html("blog/top/index.html"),
        "top ancestors=_index.md,blog/_index.md lower=old higher=older"
    );
    assert_eq!(
        built.html("blog/2024/older/index.html"),
        "older ancestors=_index.md,blog/_index.md lower=top higher="
    );
    // A section that is not transparent keeps its pages to itself.
    assert_eq!(
        built.html("blog/2025/new/index.html"),
        "new ancestors=_index.md,blog/_index.md,blog/2025/_index.md lower= higher="
    );
}

#[test]
fn render_false_writes_no_section_page_but_its_pages() {
    let built = built();
    assert!(!built.has("quiet/index.html"), "{}", built.listing());
    assert_eq!(
        built.html("quiet/q/index.html"),
        "q ancestors=_index.md,quiet/_index.md lower= higher="
    );
    // Templates still reach it.
    assert!(built.html("index.html").ends_with("quiet=Quiet 1"));
}

#[test]
fn redirect_to_an_internal_path_or_an_external_url() {
    let built = built();
    built.check(
        "moved/index.html",
        &["<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/blog/\">"],
    );
    built.check(
        "away/index.html",
        &["<meta http-equiv=\"refresh\" content=\"0; url=https://elsewhere.example.com/x\">"],
    );
    let sitemap = built.html("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/moved/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn redirect_to_gets_a_trailing_slash_where_zola_adds_one() {
    let mut site = TestSite::new();
    let cases = [
        ("blog", "https://example.org/blog/"),
        ("/docs/guide", "https://example.org/docs/guide/"),
        ("/docs/page.html", "https://example.org/docs/page.html/"),
        ("/done/", "https://example.org/done/"),
        ("/atom.xml", "https://example.org/atom.xml"),
        ("/docs/#part", "https://example.org/docs/#part"),
        (
            "http://elsewhere.example.com/x",
            "http://elsewhere.example.com/x",
        ),
    ];
    for (i, (target, _)) in cases.iter().enumerate() {
        site = site.file(
            &format!("content/r{i}/_index.md"),
            format!("+++\nredirect_to = \"{target}\"\n+++\n"),
        );
    }
    let built = site.build();
    for (i, (target, url)) in cases.iter().enumerate() {
        let html = built.html(&format!("r{i}/index.html"));
        let refresh = format!("content=\"0; url={url}\"");
        assert!(html.contains(&refresh), "{target}: {html}");
    }
}

#[test]
fn nested_sections_in_weight_then_directory_order() {
    assert_eq!(
        built().html("index.html"),
        "subsections=away/_index.md,blog/_index.md,docs/_index.md,moved/_index.md,quiet/_index.md \
         quiet=Quiet 1"
    );
}

#[test]
fn a_draft_section_hides_everything_below_it() {
    let site = TestSite::fixture("sections");
    let built = site.build();
    assert!(
        !built.files().iter().any(|f| f.starts_with("drafts/")),
        "{}",
        built.listing()
    );
    let with_drafts = site.build_with(BuildOptions {
        drafts: true,
        ..site.options()
    });
    for file in [
        "drafts/index.html",
        "drafts/d/index.html",
        "drafts/inner/index.html",
        "drafts/inner/i/index.html",
    ] {
        assert!(with_drafts.has(file), "{file}:\n{}", with_drafts.listing());
    }
}

#[test]
fn ignored_content_is_not_loaded() {
    let built = built();
    assert_eq!(built.html("docs/index.html"), " pages=keep subsections=");
    for file in [
        "docs/wip.draft/index.html",
        "docs/secret-plan/index.html",
        // Zola 0.22.1 builds this one (see the module comment).
        "docs/guide/g/index.html",
    ] {
        assert!(!built.has(file), "{file}:\n{}", built.listing());
    }
    // An ignored file may even be broken.
    let built = TestSite::fixture("sections")
        .file("content/docs/broken.draft.md", "no front matter")
        .build();
    assert!(built.has("docs/keep/index.html"));
}

#[test]
fn every_output_file() {
    assert_eq!(
        built().files(),
        [
            "404.html",
            "away/index.html",
            "blog/2024/index.html",
            "blog/2024/old/index.html",
            "blog/2024/older/index.html",
            "blog/2025/index.html",
            "blog/2025/new/index.html",
            "blog/index.html",
            "blog/top/index.html",
            "docs/index.html",
            "docs/keep/index.html",
            "index.html",
            "moved/index.html",
            "quiet/q/index.html",
            "robots.txt",
            "sitemap.xml",
        ]
    );
}

#[test]
fn an_orphan_page_has_no_ancestors_and_inherits_no_page_template() {
    // `a/b/` has no `_index.md`: its page belongs to no section, as in Zola.
    let built = TestSite::new()
        .file(
            "content/a/_index.md",
            "+++\npage_template = \"essay.html\"\n+++\n",
        )
        .file("content/a/b/deep.md", "+++\n+++\n")
        .file("content/a/own.md", "+++\n+++\n")
        .file("templates/essay.html", "essay")
        .file(
            "templates/page.html",
            "page [{{ page.ancestors | join(sep=',') | safe }}]",
        )
        .file(
            "templates/section.html",
            "{% for p in section.pages %}{{ p.slug }} {% endfor %}",
        )
        .build();
    assert_eq!(built.html("a/b/deep/index.html"), "page []");
    assert_eq!(built.html("a/own/index.html"), "essay");
    assert_eq!(built.html("a/index.html"), "own ");
}

#[test]
fn a_page_with_render_false_is_in_no_list_and_has_no_neighbours() {
    // As in Zola: `b` is skipped by the section and by its neighbours; `get_page` finds it.
    let built = TestSite::new()
        .file("content/s/_index.md", "+++\nsort_by = \"weight\"\n+++\n")
        .file("content/s/a.md", "+++\nweight = 1\n+++\n")
        .file("content/s/b.md", "+++\nweight = 2\nrender = false\n+++\n")
        .file("content/s/c.md", "+++\nweight = 3\n+++\n")
        .file(
            "templates/section.html",
            "{% for p in section.pages %}{{ p.slug }} {% endfor %}",
        )
        .file(
            "templates/page.html",
            "{{ page.slug }} lower={% if page.lower %}{{ page.lower.slug }}{% endif %} \
             higher={% if page.higher %}{{ page.higher.slug }}{% endif %}",
        )
        .file(
            "templates/index.html",
            "{% set b = get_page(path='s/b.md') %}{{ b.slug }} {{ b.permalink | safe }}",
        )
        .build();
    assert_eq!(built.html("s/index.html"), "a c ");
    assert_eq!(built.html("s/a/index.html"), "a lower= higher=c");
    assert_eq!(built.html("s/c/index.html"), "c lower=a higher=");
    assert!(!built.has("s/b/index.html"));
    assert_eq!(built.html("index.html"), "b https://example.org/s/b/");
    assert!(!built.html("sitemap.xml").contains("/s/b/"));
}
