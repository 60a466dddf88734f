//! The `loess` binary: help, the summary line, flags, and exit codes.

use crate::support::TestSite;

#[test]
fn build_prints_a_summary_and_writes_public() {
    let site = TestSite::example();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .starts_with("Built 4 pages and 4 sections into ./public (62 files) in "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with(" ms\n"), "{}", run.stdout);
    assert!(site
        .public()
        .join("articles/ningxia-bitcoin-mining/index.html")
        .is_file());
}

#[test]
fn quiet_prints_nothing() {
    let site = TestSite::example();
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "", "")
    );
}

#[test]
fn flags_for_output_dir_base_url_and_root() {
    let site = TestSite::example();
    let run = site.run(&[
        "build",
        "--output-dir",
        "out",
        "--base-url",
        "http://127.0.0.1:8000/sub",
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let html = std::fs::read_to_string(site.root.join("out/index.html")).unwrap();
    assert!(
        html.contains("http://127.0.0.1:8000/sub/articles/"),
        "{html}"
    );
    assert!(!site.public().exists());

    let parent = site.root.parent().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_loess"))
        .args(["--root", "site", "build", "--quiet"])
        .current_dir(parent)
        .env("XDG_CACHE_HOME", parent.join("cache"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    assert!(site.public().join("index.html").is_file());
}

#[test]
fn help_reads_well() {
    let site = TestSite::new();
    let run = site.run(&["--help"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout
            .contains("A fast static site generator that builds Zola sites"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().any(|line| line.starts_with("  build ")
            && line.ends_with(" Build the site into its output directory (public/ by default)")),
        "{}",
        run.stdout
    );
    let run = site.run(&["build", "--help"]);
    for flag in [
        "--output-dir",
        "--base-url",
        "--drafts",
        "--force",
        "--quiet",
        "--root",
    ] {
        assert!(
            run.stdout.contains(flag),
            "{flag} missing from:\n{}",
            run.stdout
        );
    }
}

#[test]
fn warnings_go_to_stderr() {
    let site = TestSite::new()
        .file("content/s/_index.md", "+++\nsort_by = \"weight\"\n+++\n")
        .file("content/s/a.md", "+++\n+++\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stderr,
        "warning: content/s/a.md: not listed in s/_index.md, which is sorted by weight, because it has no weight; as in Zola, the page is not built\n"
    );
}

#[test]
fn outside_a_site_the_error_says_so() {
    let site = TestSite::new();
    std::fs::remove_file(site.root.join("config.toml")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "error: .: no config.toml (or zola.toml) here: is this a site directory? (see --root)\n"
    );
}
