//! `loess check` on sites built in memory: every kind of link fine and broken, each problem at
//! its line of Markdown or in its template, the exit code, the summary, the page warnings, and
//! the `[link_checker]` settings. External links are in `check_external`.
//!
//! Zola 0.22.1's `zola check` finds two of the twelve problems of `check-broken` (the anchors
//! written in Markdown, named by file without a line), and nothing in the other fixtures.

use crate::support::{repo, Run, TestSite};

/// A copy of `tests/fixtures/<name>/` without its `expected.txt`.
fn fixture(name: &str) -> TestSite {
    let site = TestSite::fixture(name);
    std::fs::remove_file(site.root.join("expected.txt")).ok();
    site
}

/// The lines `loess check` prints on stderr for a fixture, as its `expected.txt` has them.
fn expected(name: &str) -> String {
    let path = repo()
        .join("tests/fixtures")
        .join(name)
        .join("expected.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check(site: &TestSite, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    site.run(&all)
}

#[test]
fn fine_links_of_every_kind_pass() {
    // Page links (absolute, root-relative, relative, `@/`), anchors into other pages and into
    // the same page (ids and `<a name>`), images with srcset, scripts, stylesheets, the feed,
    // an icon, an alias, taxonomy pages; `mailto:` and `preconnect` are left alone.
    let site = fixture("check-fine");
    let run = check(&site, &[]);
    assert_eq!(
        (run.code, run.stderr.as_str(), run.stdout.as_str()),
        (
            Some(0),
            "",
            "Checked 102 links on 8 pages: 0 problems, 0 warnings\n"
        )
    );
    assert!(!site.public().exists(), "check wrote the site");
}

#[test]
fn broken_links_are_reported_at_their_line_of_markdown_or_in_their_template() {
    let run = check(&fixture("check-broken"), &[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stderr, expected("check-broken"));
    assert_eq!(
        run.stdout,
        "Checked 54 links on 5 pages: 12 problems, 0 warnings\n"
    );
}

#[test]
fn markdown_and_template_places() {
    let stderr = expected("check-broken");
    let line = |needle: &str| -> &str {
        stderr
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{stderr}"))
    };
    // Each kind of link, as it is written, where it is written.
    let markdown = [
        (
            "content/blog/post.md:6: broken link `/blog/gone/`",
            "page link",
        ),
        (
            "content/blog/post.md:6: broken link `../nope/`",
            "relative link",
        ),
        (
            "content/blog/post.md:8: broken link `@/blog/other.md#nothing`: /blog/other/ has no \
             element with id `nothing`",
            "anchor",
        ),
        (
            "content/blog/post.md:8: broken link `#nowhere`: this page has no element",
            "same-page anchor",
        ),
        ("content/blog/post.md:10: broken image `cat.png`", "image"),
        (
            "content/blog/post.md:12: broken image `/img/missing-3x.png`",
            "srcset",
        ),
    ];
    for (needle, kind) in markdown {
        assert!(line(needle).starts_with("error: "), "{kind}");
    }
    let every = "(templates `404.html`, `index.html`, `page.html`, `section.html`)";
    let templates = [
        format!("templates/base.html:6 {every}: broken stylesheet `/css/missing.css`"),
        format!("templates/base.html:9 {every}: broken script `/js/missing.js`"),
        format!("templates/partials/footer.html:1 {every}: broken image"),
        "templates `404.html`, `index.html`, `page.html`, `section.html`: broken feed link \
         `https://example.org/atom.xml`: nothing is built at /atom.xml"
            .to_string(),
        "templates/page.html:5 (template `page.html`): broken link `#comments`: this page has \
         no element with id `comments` (on /blog/other/, /blog/post/)"
            .to_string(),
    ];
    for needle in &templates {
        line(needle);
    }
    // The script that exists is not reported, nor its use in a srcset.
    assert!(!stderr.contains("site.js"), "{stderr}");
}

#[test]
fn a_sub_path_base_url_holds_the_site() {
    let run = check(&fixture("check-subpath"), &[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stderr, expected("check-subpath"));
    assert!(run.stderr.contains(
        "content/guide/install.md:4: broken link `/guide/use/`: /guide/use/ is outside the \
         site, which is served from /docs/ (did you mean /docs/guide/use/?)"
    ));
    assert_eq!(
        run.stdout,
        "Checked 34 links on 5 pages: 2 problems, 0 warnings\n"
    );
}

#[test]
fn page_warnings_do_not_fail_the_check() {
    // A duplicate id in Markdown and one between Markdown and template, an empty title,
    // images without alt text in Markdown and in a template, an orphan page.
    let run = check(&fixture("check-warnings"), &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stderr, expected("check-warnings"));
    assert_eq!(
        run.stdout,
        "Checked 21 links on 6 pages: 0 problems, 6 warnings\n"
    );
}

#[test]
fn internal_level_warn_makes_problems_warnings() {
    let site = fixture("check-broken");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let site = site.file(
        "config.toml",
        format!("{config}\n[link_checker]\ninternal_level = \"warn\"\n"),
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stderr,
        expected("check-broken").replace("error: ", "warning: ")
    );
    assert_eq!(
        run.stdout,
        "Checked 54 links on 5 pages: 0 problems, 12 warnings\n"
    );
}

#[test]
fn ignored_files_are_not_checked() {
    let site = fixture("check-broken");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let site = site.file(
        "config.toml",
        format!("{config}\n[link_checker]\nignored_files = [\"blog/post.md\"]\n"),
    );
    let run = check(&site, &[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        !run.stderr.contains("content/blog/post.md"),
        "{}",
        run.stderr
    );
    // Its page is left out of the template's problems too.
    assert!(
        run.stderr
            .contains("broken link `#comments`: this page has no element with id `comments` (on /blog/other/)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn quiet_prints_only_the_problems() {
    let run = check(&fixture("check-subpath"), &["--quiet"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr),
        (Some(1), "", expected("check-subpath"))
    );
}

#[test]
fn a_site_that_does_not_build_is_an_error() {
    let site = fixture("check-fine").file(
        "content/blog/third.md",
        "+++\ntitle = \"Third\"\n+++\nSee [nothing](@/blog/none.md).\n",
    );
    let run = check(&site, &[]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(1), ""), "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: content/blog/third.md:4:5: broken internal link `@/blog/none.md`"),
        "{}",
        run.stderr
    );
}

#[test]
fn builds_keep_failing_on_broken_anchors_unless_internal_level_is_warn() {
    let post =
        "+++\ntitle = \"Third\"\ndate = 2025-01-03\n+++\nSee [x](@/blog/first.md#nowhere).\n";
    let site = fixture("check-fine").file("content/blog/third.md", post);
    let error = site.build_error();
    assert!(
        error.starts_with(
            "content/blog/third.md:5:5: broken internal link `@/blog/first.md#nowhere`"
        ),
        "{error}"
    );
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let site = site.file(
        "config.toml",
        format!("{config}\n[link_checker]\ninternal_level = \"warn\"\n"),
    );
    let built = site.build();
    assert_eq!(built.warnings().len(), 1, "{:?}", built.warnings());
    assert!(
        built.warnings()[0].contains("with id `nowhere`"),
        "{:?}",
        built.warnings()
    );
}

#[test]
fn the_library_reports_what_the_command_prints() {
    let site = fixture("check-broken");
    let options = loess::CheckOptions {
        build: site.options(),
        external: None,
    };
    let report = loess::check(&options, &()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.links, report.pages), (54, 5));
    assert_eq!((report.errors(), report.warnings()), (12, 0));
    let first = &report.problems[0];
    assert_eq!(
        (first.place.to_string(), first.pages.clone()),
        (
            "content/blog/post.md:6".to_string(),
            vec!["/blog/post/".to_string()]
        )
    );
}

#[test]
fn processed_images_and_build_made_stylesheets_are_found() {
    // `loess check` makes the images templates resize, as `loess build` does, and the links
    // to them and to compiled Sass (cache-busted) reach files of the site.
    let mut photo = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(12, 8)
        .write_to(&mut photo, image::ImageFormat::Png)
        .unwrap();
    let site = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ncompile_sass = true\n",
        )
        .file("sass/site.scss", "body { margin: 0 }")
        .file("static/photo.png", photo.into_inner())
        .file(
            "templates/index.html",
            "<!doctype html><html lang=\"en\"><head><title>Home</title>\
             <link rel=\"stylesheet\" href=\"{{ get_url(path='site.css', cachebust=true) }}\">\
             </head><body>\
             {% set img = resize_image(path='photo.png', width=6, height=4) %}\
             <img src=\"{{ img.url }}\" alt=\"A photo\">\
             <img src=\"{{ get_url(path=img.static_path | trim_start_matches(pat='static/'), cachebust=true) }}\" alt=\"Again\">\
             </body></html>",
        );
    let run = check(&site, &[]);
    assert_eq!(
        (run.code, run.stderr.as_str(), run.stdout.as_str()),
        (
            Some(0),
            "",
            "Checked 5 links on 2 pages: 0 problems, 0 warnings\n"
        )
    );
    assert!(!site.public().exists(), "check wrote the site");
    assert_eq!(
        std::fs::read_dir(site.root.join("static/processed_images"))
            .unwrap()
            .count(),
        1
    );
}
