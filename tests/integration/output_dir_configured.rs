//! The configured output directory (`public/`, or `output_dir`): each build replaces it
//! whoever made it, as Zola does, but never when it is among the sources, and never when the
//! build fails; with `preserve_dotfiles_in_output`, the dotfiles at its top stay.

use std::collections::BTreeMap;

use crate::output_dir::{names, outside, refused, site, tree};
use crate::support::{listing, TestSite};

/// A `public/` as another generator leaves it: pages, a feed, a nested directory.
fn with_foreign_public(site: TestSite) -> TestSite {
    site.file("public/index.html", "<p>old home</p>\n")
        .file("public/old-post/index.html", "<p>old post</p>\n")
        .file("public/atom.xml", "<feed/>\n")
}

#[test]
fn the_configured_output_directory_is_replaced_whoever_made_it() {
    let site = with_foreign_public(site());
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.starts_with("Built 2 pages"), "{run:?}");
    let files = listing(&site.public());
    assert!(files.contains(&"a/index.html".to_string()), "{files:?}");
    assert!(!files.contains(&"old-post/index.html".to_string()));
    assert!(!files.contains(&"atom.xml".to_string()));
    let home = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    assert!(!home.contains("old home"), "{home}");
    assert_eq!(
        names(&site.root),
        ["config.toml", "content", "public", "static"]
    );

    // `output_dir` in the config names it as well.
    let site = with_foreign_public(site.file(
        "config.toml",
        "base_url = \"https://example.org\"\noutput_dir = \"docs\"\n",
    ))
    .file("docs/manual.html", "<p>hand-written</p>\n");
    let built = site.build();
    assert_eq!(built.out, site.root.join("docs"));
    assert!(built.has("b/index.html") && !built.has("manual.html"));
    // A build into `docs` leaves `public` alone.
    assert!(site.public().join("old-post/index.html").is_file());
}

#[test]
fn a_failed_build_leaves_a_foreign_configured_directory_untouched() {
    let site = with_foreign_public(site()).file("templates/page.html", "{{ page.title }\n");
    let before = tree(&site.public());
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.starts_with("error: templates/page.html"),
        "{run:?}"
    );
    assert_eq!(tree(&site.public()), before);
    assert_eq!(
        names(&site.root),
        ["config.toml", "content", "public", "static", "templates"]
    );
}

#[test]
fn a_configured_directory_among_the_sources_is_refused() {
    let cases = [
        (".", "it is the site's own directory"),
        ("..", "it contains the site"),
        ("content", "it is inside the site's content/ directory"),
        ("static/out", "it is inside the site's static/ directory"),
        ("templates", "it is inside the site's templates/ directory"),
    ];
    for (dir, reason) in cases {
        let site = site().file(
            "config.toml",
            format!("base_url = \"https://example.org\"\noutput_dir = \"{dir}\"\n"),
        );
        let before = tree(&outside(&site));
        let out = site.root.join(dir);
        assert_eq!(
            site.build_error(),
            refused(&out, reason),
            "output_dir = {dir:?}"
        );
        assert_eq!(tree(&outside(&site)), before, "output_dir = {dir:?}");
    }
    // A configured directory holding a content/ directory is another site.
    let site = site().file("public/content/_index.md", "+++\n+++\n");
    assert_eq!(
        site.build_error(),
        refused(&site.public(), "it holds a content/ directory")
    );
}

/// A deploy worktree's `.git` (a file and a directory of objects), and another dotfile.
fn with_dotfiles_in_public(site: TestSite) -> TestSite {
    site.file("public/.git/HEAD", "ref: refs/heads/gh-pages\n")
        .file("public/.git/objects/ab/cdef", b"\x78\x01blob".as_slice())
        .file("public/.nojekyll", "")
        .file("public/stale.html", "<p>removed page</p>\n")
}

fn dotfiles(tree: &BTreeMap<String, Option<Vec<u8>>>) -> BTreeMap<String, Option<Vec<u8>>> {
    tree.iter()
        .filter(|(rel, _)| rel.starts_with('.'))
        .map(|(rel, bytes)| (rel.clone(), bytes.clone()))
        .collect()
}

#[test]
fn preserve_dotfiles_in_output_keeps_a_deploy_worktree() {
    let site = with_dotfiles_in_public(site()).file(
        "config.toml",
        "base_url = \"https://example.org\"\npreserve_dotfiles_in_output = true\n",
    );
    let kept = dotfiles(&tree(&site.public()));
    assert_eq!(kept.len(), 6, "{kept:?}");
    for _ in 0..2 {
        let built = site.build();
        let after = tree(&built.out);
        assert_eq!(dotfiles(&after), kept);
        assert!(built.has("a/index.html") && !built.has("stale.html"));
    }
    // A failed build leaves them where they were, with the old output.
    let before = tree(&site.public());
    let broken = site.file("content/c.md", "+++\ntitle = \n+++\n");
    broken.build_error();
    assert_eq!(tree(&broken.public()), before);
    assert_eq!(
        names(&broken.root),
        ["config.toml", "content", "public", "static"]
    );
}

#[test]
fn without_preserve_dotfiles_the_old_dotfiles_go() {
    let site = with_dotfiles_in_public(site());
    let built = site.build();
    assert_eq!(dotfiles(&tree(&built.out)), BTreeMap::new());
    assert!(built.has("a/index.html") && !built.has("stale.html"));
}

#[test]
fn serve_keeps_the_dotfiles_of_the_directory_it_writes() {
    let site = site().file(
        "config.toml",
        "base_url = \"https://example.org\"\npreserve_dotfiles_in_output = true\n",
    );
    let out = outside(&site).join("preview");
    let _server = crate::serve::Server::start(&site, &["--output-dir", out.to_str().unwrap()]);
    assert!(out.join("a/index.html").is_file());
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(
        site.root.join("content/a.md"),
        "+++\ntitle = \"A\"\n+++\nAgain.\n",
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_to_string(out.join("a/index.html"))
        .unwrap_or_default()
        .contains("Again.")
    {
        assert!(std::time::Instant::now() < deadline, "not rewritten");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

#[test]
fn serve_store_html_replaces_the_configured_directory_without_force() {
    let site = with_foreign_public(site());
    let _server = crate::serve::Server::start(&site, &["--store-html"]);
    assert!(site.public().join("a/index.html").is_file());
    assert!(!site.public().join("old-post/index.html").exists());
}
