//! Values themes read, as Zola 0.22.1 gives them: `config.base_url` as written, `zola_version`,
//! `page.ancestors` and `section.ancestors`, and `translations`.

use crate::support::TestSite;

#[test]
fn base_url_is_as_written_and_permalinks_stay_right() {
    let built = TestSite::new()
        .file("config.toml", "base_url = \"https://example.org/\"\n")
        .file(
            "templates/page.html",
            "{{ config.base_url | safe }}|{{ page.permalink | safe }}|{{ get_url(path='/x') | safe }}",
        )
        .file("content/a.md", "+++\n+++\n")
        .build();
    assert_eq!(
        built.html("a/index.html"),
        "https://example.org/|https://example.org/a/|https://example.org/x"
    );
    let built = TestSite::new()
        .file("templates/page.html", "{{ config.base_url | safe }}")
        .file("content/a.md", "+++\n+++\n")
        .build();
    assert_eq!(built.html("a/index.html"), "https://example.org");
}

#[test]
fn zola_version_is_what_zola_gives_page_templates() {
    // Zola 0.22.1 gives page templates the version of its crates, 0.21.0, and no other
    // template any.
    let probe = "{% if zola_version is defined %}{{ zola_version }}{% else %}none{% endif %}";
    let built = TestSite::new()
        .file("templates/page.html", probe)
        .file("templates/section.html", probe)
        .file("templates/index.html", probe)
        .file("content/s/_index.md", "+++\n+++\n")
        .file("content/s/a.md", "+++\n+++\n")
        .build();
    assert_eq!(built.html("s/a/index.html"), "0.21.0");
    assert_eq!(built.html("s/index.html"), "none");
    assert_eq!(built.html("index.html"), "none");
}

#[test]
fn ancestors_as_zola_lists_them() {
    let built = TestSite::new()
        .file(
            "templates/page.html",
            "{{ page.ancestors | join(sep=',') | safe }}",
        )
        .file(
            "templates/section.html",
            "{{ section.ancestors | join(sep=',') | safe }}",
        )
        .file("content/blog/_index.md", "+++\n+++\n")
        .file("content/blog/t/_index.md", "+++\ntransparent = true\n+++\n")
        .file("content/blog/t/inner.md", "+++\n+++\n")
        .file(
            "content/blog/t/u/_index.md",
            "+++\ntransparent = true\n+++\n",
        )
        .file("content/blog/t/u/deep.md", "+++\n+++\n")
        .file("content/blog/post.md", "+++\n+++\n")
        .build();
    assert_eq!(
        built.html("blog/post/index.html"),
        "_index.md,blog/_index.md"
    );
    // A page of a transparent section lists the ancestors of the section that lists it.
    assert_eq!(
        built.html("blog/t/inner/index.html"),
        "_index.md,blog/_index.md"
    );
    assert_eq!(
        built.html("blog/t/u/deep/index.html"),
        "_index.md,blog/_index.md"
    );
    assert_eq!(
        built.html("blog/t/u/index.html"),
        "_index.md,blog/_index.md,blog/t/_index.md"
    );
}

#[test]
fn a_transparent_section_lends_its_pages_only_to_the_directory_right_above() {
    // No `a/_index.md`: the pages of `a/t` stay in `a/t`, as in Zola.
    let built = TestSite::new()
        .file(
            "templates/page.html",
            "{{ page.ancestors | join(sep=',') | safe }}",
        )
        .file(
            "templates/index.html",
            "{% for p in section.pages %}{{ p.title }} {% endfor %}",
        )
        .file("templates/section.html", "")
        .file("content/a/t/_index.md", "+++\ntransparent = true\n+++\n")
        .file("content/a/t/p.md", "+++\ntitle = \"P\"\n+++\n")
        .file("content/top.md", "+++\ntitle = \"Top\"\n+++\n")
        .build();
    assert_eq!(built.html("index.html"), "Top ");
    assert_eq!(built.html("a/t/p/index.html"), "_index.md,a/t/_index.md");
}
