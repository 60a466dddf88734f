//! Aliases: redirect pages for the old addresses of pages and sections, written with the
//! overridable `internal/alias.html`, and refused when they would leave the output directory.
//!
//! Checked against Zola 0.22.1: the same files, each redirecting to the same URL.

use crate::support::TestSite;

fn site() -> TestSite {
    TestSite::new()
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\naliases = [\"/weblog/\", \"news/index.html\"]\n+++\n",
        )
        .file(
            "content/blog/post.md",
            "+++\ntitle = \"Post\"\naliases = [\"/old/\", \"old.html\", \"/deep/er/path\", \"a/b.htm\"]\n+++\n",
        )
}

#[test]
fn aliases_of_pages_and_sections_redirect() {
    let built = site().build();
    assert_eq!(
        built.files(),
        [
            "404.html",
            // Only `.html` names a file; `a/b.htm` is a directory, as in Zola.
            "a/b.htm/index.html",
            "blog/index.html",
            "blog/post/index.html",
            "deep/er/path/index.html",
            "index.html",
            "news/index.html",
            "old.html",
            "old/index.html",
            "robots.txt",
            "sitemap.xml",
            "weblog/index.html",
        ]
    );
    let refresh = |url: &str| format!("<meta http-equiv=\"refresh\" content=\"0; url={url}\">");
    for alias in [
        "old/index.html",
        "old.html",
        "deep/er/path/index.html",
        "a/b.htm/index.html",
    ] {
        built.check(
            alias,
            &[
                &refresh("https://example.org/blog/post/"),
                "<link rel=\"canonical\" href=\"https://example.org/blog/post/\">",
            ],
        );
    }
    for alias in ["weblog/index.html", "news/index.html"] {
        built.check(alias, &[&refresh("https://example.org/blog/")]);
    }
    // Aliases are not in the sitemap.
    assert!(!built.html("sitemap.xml").contains("old"));
}

#[test]
fn the_alias_template_can_be_overridden() {
    let built = site()
        .file("templates/internal/alias.html", "alias to {{ url | safe }}")
        .build();
    assert_eq!(
        built.html("old.html"),
        "alias to https://example.org/blog/post/"
    );
    assert_eq!(
        built.html("weblog/index.html"),
        "alias to https://example.org/blog/"
    );
}

#[test]
fn a_real_page_wins_over_an_alias_at_the_same_path() {
    // Zola 0.22.1 refuses this site ("Found path collisions: `/old/` from files [...]");
    // Loess builds it, and the page is what `/old/` serves.
    let built = site()
        .file("content/old.md", "+++\ntitle = \"Real\"\n+++\n")
        .file("templates/page.html", "page {{ page.title }}")
        .build();
    assert_eq!(built.html("old/index.html"), "page Real");
}

#[test]
fn an_alias_leaving_the_output_directory_is_an_error() {
    // Zola 0.22.1 writes such an alias outside its output directory; Loess refuses.
    for (alias, shown) in [
        ("../escape/", "\"../escape/\""),
        ("/a/../../escape.html", "\"/a/../../escape.html\""),
    ] {
        let error = TestSite::new()
            .file(
                "content/bad.md",
                format!("+++\naliases = [\"{alias}\"]\n+++\n"),
            )
            .build_error();
        assert_eq!(
            error,
            format!("content/bad.md: alias {shown} would leave the output directory")
        );
    }
    let error = TestSite::new()
        .file(
            "content/s/_index.md",
            "+++\naliases = [\"ok/\", \"x/../../..\"]\n+++\n",
        )
        .build_error();
    assert_eq!(
        error,
        "content/s/_index.md: alias \"x/../../..\" would leave the output directory"
    );
}
