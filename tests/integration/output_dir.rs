//! The output directory: which directories a build refuses, how it replaces a previous build
//! (one named by `--output-dir` only when empty or forced), and that it writes nowhere else.
//! `output_dir_configured` has the configured directory and the dotfiles a build keeps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use loess::BuildOptions;

use crate::support::{listing, TestSite};

pub(crate) fn site() -> TestSite {
    TestSite::new()
        .file(
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
        )
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nAlpha.\n")
        .file("content/b.md", "+++\ntitle = \"B\"\n+++\nBravo.\n")
        .file("static/style.css", "body { color: red }\n")
}

fn with_output(site: &TestSite, out: &Path, force: bool) -> BuildOptions {
    BuildOptions {
        output_dir: Some(out.to_path_buf()),
        force,
        ..site.options()
    }
}

/// The error text of building `site` into `out`.
fn refusal(site: &TestSite, out: &Path, force: bool) -> String {
    match site.try_build_with(with_output(site, out, force)) {
        Ok(_) => panic!("building into {} succeeded", out.display()),
        Err(e) => e.to_string(),
    }
}

pub(crate) fn refused(out: &Path, reason: &str) -> String {
    format!(
        "refusing to use {} as the output directory: {reason}",
        out.display()
    )
}

/// Every file and directory below `dir` (not following symlinks), with the bytes of files.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// The names directly in `dir`, sorted.
pub(crate) fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub(crate) fn outside(site: &TestSite) -> PathBuf {
    site.root.parent().unwrap().to_path_buf()
}

#[test]
fn the_site_directory_itself_is_refused() {
    let site = site();
    let before = tree(&site.root);
    for force in [false, true] {
        assert_eq!(
            refusal(&site, &site.root, force),
            refused(&site.root, "it is the site's own directory")
        );
        // The same directory spelled differently.
        let dotted = site.root.join("content/..");
        assert_eq!(
            refusal(&site, &dotted, force),
            refused(&dotted, "it is the site's own directory")
        );
    }
    assert_eq!(tree(&site.root), before);
}

#[test]
fn a_directory_containing_the_site_is_refused() {
    let site = site();
    let parent = outside(&site);
    let before = tree(&parent);
    for force in [false, true] {
        assert_eq!(
            refusal(&site, &parent, force),
            refused(&parent, "it contains the site")
        );
        let grandparent = parent.parent().unwrap();
        assert_eq!(
            refusal(&site, grandparent, force),
            refused(grandparent, "it contains the site")
        );
    }
    assert_eq!(tree(&parent), before);
}

#[test]
fn directories_inside_the_sources_are_refused() {
    let site = site().file("templates/page.html", "{{ page.title }}\n");
    let before = tree(&site.root);
    for dir in ["content", "static", "templates", "themes", "sass"] {
        for out in [site.root.join(dir), site.root.join(dir).join("out")] {
            assert_eq!(
                refusal(&site, &out, true),
                refused(&out, &format!("it is inside the site's {dir}/ directory")),
            );
        }
    }
    assert_eq!(tree(&site.root), before, "a refused build wrote something");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_the_site_is_refused() {
    let site = site();
    let link = outside(&site).join("link");
    std::os::unix::fs::symlink(&site.root, &link).unwrap();
    assert_eq!(
        refusal(&site, &link, true),
        refused(&link, "it is the site's own directory")
    );
    let into_content = outside(&site).join("content-link");
    std::os::unix::fs::symlink(site.root.join("content"), &into_content).unwrap();
    let out = into_content.join("public");
    assert_eq!(
        refusal(&site, &out, true),
        refused(&out, "it is inside the site's content/ directory")
    );
}

pub(crate) const NOT_EMPTY: &str =
    "it already exists and is not empty; use --force to replace it (everything in it is deleted)";

#[test]
fn a_named_directory_that_is_not_empty_is_left_alone_unless_forced() {
    let site = site()
        .file("public/notes.txt", "my notes\n")
        .file("public/deep/er.txt", "more\n");
    let out = site.public();
    let before = tree(&out);
    let around = names(&outside(&site));
    assert_eq!(refusal(&site, &out, false), refused(&out, NOT_EMPTY));
    assert_eq!(tree(&out), before, "a refused build changed the directory");
    assert_eq!(names(&outside(&site)), around);
    assert!(!site.root.join(".public.loess-new").exists());

    let built = site.build_with(with_output(&site, &out, true));
    assert!(built.has("a/index.html"));
    assert!(
        !built.has("notes.txt") && !built.has("deep/er.txt"),
        "{}",
        built.listing()
    );
    // As the configured output directory, it needs no force.
    site.build();
}

#[test]
fn a_file_or_a_site_as_output_is_refused() {
    let site = site().file("elsewhere.txt", "text\n");
    let file = site.root.join("elsewhere.txt");
    assert_eq!(
        refusal(&site, &file, true),
        refused(&file, "it is not a directory")
    );
    let other_site = outside(&site).join("other");
    std::fs::create_dir_all(other_site.join("content")).unwrap();
    assert_eq!(
        refusal(&site, &other_site, true),
        refused(&other_site, "it holds a content/ directory")
    );
    assert!(other_site.join("content").is_dir());
}

#[test]
fn an_empty_directory_is_accepted() {
    let site = site();
    std::fs::create_dir(site.public()).unwrap();
    let built = site.build();
    assert!(built.has("index.html") && built.has("a/index.html") && built.has("style.css"));
    let empty = outside(&site).join("empty");
    std::fs::create_dir(&empty).unwrap();
    let built = site.build_with(with_output(&site, &empty, false));
    assert_eq!(built.out, empty);
    assert!(built.has("b/index.html"));
}

#[test]
fn a_second_build_replaces_the_first() {
    let site = site().file("static/old.css", "old\n");
    let first = site.build();
    assert!(first.has("b/index.html") && first.has("old.css"));
    std::fs::remove_file(site.root.join("content/b.md")).unwrap();
    std::fs::remove_file(site.root.join("static/old.css")).unwrap();
    let site = site.file("content/c.md", "+++\ntitle = \"C\"\n+++\nCharlie.\n");
    let second = site.build();
    assert_eq!(
        listing(&second.out),
        [
            "404.html",
            "a/index.html",
            "c/index.html",
            "index.html",
            "robots.txt",
            "sitemap.xml",
            "style.css"
        ]
    );
    assert_eq!(
        names(&site.root),
        ["config.toml", "content", "public", "static"]
    );
    assert_eq!(names(&outside(&site)), ["site"]);
}

#[test]
fn nothing_is_written_outside_the_output_directory() {
    let site = site()
        .file("content/trip/index.md", "+++\ntitle = \"Trip\"\n+++\n")
        .file(
            "content/trip/photo.jpg",
            b"\xff\xd8not really a jpeg".as_slice(),
        );
    let parent = outside(&site);
    let without_public = |tree: BTreeMap<String, Option<Vec<u8>>>| -> BTreeMap<_, _> {
        tree.into_iter()
            .filter(|(rel, _)| rel != "site/public" && !rel.starts_with("site/public/"))
            .collect()
    };
    let before = tree(&parent);
    site.build();
    site.build();
    let after = tree(&parent);
    assert_eq!(without_public(after.clone()), before);
    assert!(after.contains_key("site/public/trip/photo.jpg"));

    // The same with an output directory outside the site.
    let out = parent.join("out");
    let before = tree(&parent);
    site.build_with(with_output(&site, &out, false));
    site.build_with(with_output(&site, &out, true));
    let after: BTreeMap<_, _> = tree(&parent)
        .into_iter()
        .filter(|(rel, _)| rel != "out" && !rel.starts_with("out/"))
        .collect();
    assert_eq!(after, before);
    assert_eq!(names(&parent), ["out", "site"]);
}

#[test]
fn the_binary_takes_a_relative_output_dir() {
    let site = site();
    let run = site.run(&["build", "--output-dir", "dist"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("into dist"), "{run:?}");
    assert!(site.root.join("dist/a/index.html").is_file());
    let files = listing(&site.root.join("dist"));
    assert!(
        !files.iter().any(|f| f.starts_with('.')),
        "nothing but the site's files in the output: {files:?}"
    );
    assert!(!site.public().exists());

    let run = site.run(&["build", "-o", "../beside"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(outside(&site).join("beside/index.html").is_file());
    assert_eq!(names(&outside(&site)), ["beside", "site"]);

    let run = site.run(&["build", "-o", "."]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: refusing to use . as the output directory: it is the site's own directory\n"
    );
    let run = site.run(&["build", "-o", "content/out"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: refusing to use content/out as the output directory: \
         it is inside the site's content/ directory\n"
    );
    assert!(!site.root.join("content/out").exists());
}

#[test]
fn the_binary_refuses_a_foreign_directory_without_force() {
    let site = site().file("dist/keep.txt", "keep\n");
    let run = site.run(&["build", "-o", "dist"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        format!("error: refusing to use dist as the output directory: {NOT_EMPTY}\n")
    );
    assert!(site.root.join("dist/keep.txt").is_file());
    let run = site.run(&["build", "-o", "dist", "--force"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!site.root.join("dist/keep.txt").exists());
    assert!(site.root.join("dist/index.html").is_file());
}

#[test]
fn a_named_directory_needs_force_even_after_a_build_into_it() {
    // As with Zola: `--output-dir` never replaces an existing directory without `--force`.
    let site = site();
    let run = site.run(&["build", "-o", "dist"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let first = tree(&site.root.join("dist"));
    let run = site.run(&["build", "-o", "dist"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        format!("error: refusing to use dist as the output directory: {NOT_EMPTY}\n")
    );
    assert_eq!(tree(&site.root.join("dist")), first);
    let run = site.run(&["build", "-o", "dist", "--force"]);
    assert_eq!(run.code, Some(0), "{run:?}");
}

#[test]
fn serve_refuses_a_named_directory_that_is_not_empty() {
    let site = site().file("dist/keep.txt", "keep\n");
    let run = site.run(&["serve", "--port", "0", "--output-dir", "dist"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    // The server names the directory by its absolute path.
    let dist = site.root.join("dist");
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to use {} as the output directory: {NOT_EMPTY}\n",
            dist.display()
        )
    );
    assert_eq!(names(&site.root.join("dist")), ["keep.txt"]);
}
