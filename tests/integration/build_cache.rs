//! The build cache: a `loess build` that reuses what an earlier process computed writes exactly
//! what a build from scratch writes, after every kind of edit and a random sequence of them;
//! a damaged cache or one of another version is ignored with a warning; `--no-cache` neither
//! reads nor writes it; files changed in the output by hand are put right; a failed build
//! changes neither the output nor the cache.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::serve::Server;
use crate::serve_edits::{Editing, EDITS};
use crate::support::{contents, Run, TestSite};

/// Runs `loess build ARGS` and expects it to succeed.
fn build(site: &TestSite, args: &[&str]) -> Run {
    let run = site.run(&[&["build"], args].concat());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run
}

/// The output of a build from scratch of the site as it is now.
fn cold(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let out = site.temp_dir().join("cold");
    let out_arg = out.to_str().unwrap();
    build(site, &["--no-cache", "--output-dir", out_arg, "--force"]);
    contents(&out)
}

/// The site's `public/` is what a build from scratch writes, byte for byte.
fn assert_as_cold(site: &TestSite, step: &str) {
    let warm = contents(&site.public());
    let cold = cold(site);
    let differ: Vec<&String> = (warm.keys().chain(cold.keys()))
        .filter(|rel| warm.get(*rel) != cold.get(*rel))
        .collect();
    assert!(differ.is_empty(), "{step}: these files differ: {differ:?}");
}

/// A warm build of the site, then the comparison with a cold one.
fn warm_build_is_cold(site: &TestSite, step: &str) -> Run {
    let run = build(site, &[]);
    assert!(
        !run.stderr.contains("build cache"),
        "{step}: {}",
        run.stderr
    );
    assert_as_cold(site, step);
    run
}

/// How many files a build says it wrote.
fn written(run: &Run) -> usize {
    let (before, _) = run.stdout.split_once(" files)").expect("a summary line");
    before.rsplit_once('(').unwrap().1.parse().unwrap()
}

/// The cache file of the site's builds.
fn cache_file(site: &TestSite) -> PathBuf {
    let dir = site.cache_home().join("loess");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.pop().unwrap()
}

fn edit(site: &TestSite, rel: &str, change: impl FnOnce(String) -> String) {
    let path = site.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, change(text)).unwrap();
}

#[test]
fn a_warm_build_after_each_kind_of_edit_writes_what_a_cold_build_writes() {
    let site = TestSite::fixture("serve-edits");
    let all = written(&warm_build_is_cold(&site, "first build"));
    let again = warm_build_is_cold(&site, "nothing changed");
    assert_eq!(written(&again), 0, "{}", again.stdout);
    edit(&site, "content/blog/post-3.md", |t| {
        t + "\nA new paragraph.\n"
    });
    let body = written(&warm_build_is_cold(&site, "a body edit"));
    assert!(0 < body && body < all / 2, "{body} of {all} files written");
    edit(&site, "templates/page.html", |t| {
        t.replace(
            "{% endblock content %}",
            "<i>edited</i>{% endblock content %}",
        )
    });
    warm_build_is_cold(&site, "a template edit");
    edit(&site, "config.toml", |t| {
        t.replace("title = \"", "title = \"New ")
    });
    warm_build_is_cold(&site, "a config edit");
    let added =
        "+++\ntitle = \"Added\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"web\"]\n+++\n\nAdded [post 0](@/blog/post-0.md).\n";
    std::fs::write(site.root.join("content/blog/added.md"), added).unwrap();
    warm_build_is_cold(&site, "a page added");
    let blog = site.root.join("content/blog");
    std::fs::rename(blog.join("added.md"), blog.join("renamed.md")).unwrap();
    warm_build_is_cold(&site, "a page renamed");
    std::fs::remove_file(blog.join("renamed.md")).unwrap();
    warm_build_is_cold(&site, "a page removed");
}

#[test]
fn a_random_sequence_of_edits_across_processes_writes_what_cold_builds_write() {
    let site = TestSite::fixture("serve-edits");
    build(&site, &[]);
    let mut editing = Editing::new(&site, 0xcac4_e5ee);
    for i in 0..16 {
        let edit = EDITS[editing.rng.below(EDITS.len())];
        let (shown, _) = editing.make(edit);
        warm_build_is_cold(&site, &format!("edit {} ({edit:?} {shown})", i + 1));
    }
}

/// Damages the cache file with `damage`, then expects the next build to say so (with
/// `reason`), to build from scratch, and to leave a good cache for the one after.
fn damaged_cache_is_ignored(damage: impl FnOnce(&mut Vec<u8>), reason: &str) {
    let site = TestSite::fixture("serve-edits");
    build(&site, &[]);
    let file = cache_file(&site);
    let mut bytes = std::fs::read(&file).unwrap();
    damage(&mut bytes);
    std::fs::write(&file, bytes).unwrap();
    edit(&site, "content/blog/post-2.md", |t| t + "\nMore.\n");
    let run = build(&site, &[]);
    assert!(
        run.stderr.contains("build cache ignored") && run.stderr.contains(reason),
        "{}",
        run.stderr
    );
    assert_as_cold(&site, "after a damaged cache");
    warm_build_is_cold(&site, "the cache written again");
}

#[test]
fn a_truncated_cache_is_ignored_with_a_warning() {
    damaged_cache_is_ignored(|bytes| bytes.truncate(bytes.len() / 2), "cut short");
}

#[test]
fn a_cache_with_flipped_bytes_is_ignored_with_a_warning() {
    damaged_cache_is_ignored(
        |bytes| {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
            bytes[middle + 7] ^= 0x0f;
        },
        "damaged",
    );
}

#[test]
fn a_cache_of_another_version_is_ignored_with_a_warning() {
    // The version follows the 12-byte magic and its 4-byte length.
    damaged_cache_is_ignored(|bytes| bytes[16] = b'9', "another version of Loess");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = TestSite::fixture("serve-edits");
    build(&site, &["--no-cache"]);
    assert_eq!(std::fs::read_dir(site.cache_home()).unwrap().count(), 0);
    build(&site, &[]);
    let file = cache_file(&site);
    std::fs::write(&file, "not a cache").unwrap();
    let run = build(&site, &["--no-cache"]);
    assert!(!run.stderr.contains("build cache"), "{}", run.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), b"not a cache");
    assert_as_cold(&site, "--no-cache");
}

#[test]
fn cache_dir_moves_the_cache() {
    let site = TestSite::fixture("serve-edits");
    let dir = site.temp_dir().join("elsewhere");
    build(&site, &["--cache-dir", dir.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(site.cache_home()).unwrap().count(), 0);
}

#[test]
fn files_changed_in_the_output_by_hand_are_put_right() {
    let site = TestSite::fixture("serve-edits");
    build(&site, &[]);
    let public = site.public();
    std::fs::remove_file(public.join("blog/post-1/index.html")).unwrap();
    std::fs::write(public.join("index.html"), "edited by hand").unwrap();
    std::fs::write(public.join("stray.html"), "left by hand").unwrap();
    std::fs::create_dir_all(public.join("stray/deep")).unwrap();
    std::fs::write(public.join("stray/deep/file.txt"), "x").unwrap();
    warm_build_is_cold(&site, "after hand edits");
    assert!(!public.join("stray").exists());
}

#[test]
fn kept_dotfiles_stay_through_a_warm_build() {
    let site = TestSite::fixture("serve-edits");
    edit(&site, "config.toml", |t| {
        format!("preserve_dotfiles_in_output = true\n{t}")
    });
    build(&site, &[]);
    std::fs::create_dir_all(site.public().join(".git")).unwrap();
    std::fs::write(site.public().join(".git/HEAD"), "ref\n").unwrap();
    edit(&site, "content/blog/post-2.md", |t| t + "\nMore.\n");
    build(&site, &[]);
    assert_eq!(
        std::fs::read_to_string(site.public().join(".git/HEAD")).unwrap(),
        "ref\n"
    );
}

#[test]
fn a_failed_build_changes_neither_the_output_nor_the_cache() {
    let site = TestSite::fixture("serve-edits");
    build(&site, &[]);
    let (before, cache) = (contents(&site.public()), cache_file(&site));
    let cached = std::fs::read(&cache).unwrap();
    edit(&site, "content/blog/post-2.md", |t| t + "\nMore.\n");
    edit(&site, "templates/page.html", |t| t + "{{ broken(");
    let run = site.run(&["build"]);
    assert_ne!(run.code, Some(0), "{}", run.stdout);
    assert!(contents(&site.public()) == before, "the output changed");
    assert_eq!(std::fs::read(&cache).unwrap(), cached, "the cache changed");
}

/// The cache file of the site's servers, once there is one.
fn serve_cache_file(site: &TestSite) -> PathBuf {
    let dir = site.cache_home().join("loess");
    for _ in 0..150 {
        let found = std::fs::read_dir(&dir).into_iter().flatten().flatten();
        let mut found = found.map(|e| e.path()).filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("serve-") && name.ends_with(".cache")
        });
        if let Some(file) = found.next() {
            return file;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("no cache file of loess serve in {}", dir.display());
}

/// Post 1 as `server` serves it, its address left out (each server has a port of its own).
fn post_1(server: &Server) -> String {
    let body = server.get("/blog/post-1/").body;
    body.replace(&server.address(), "HOST")
}

#[test]
fn serve_starts_from_its_cache_and_ignores_a_damaged_one() {
    let site = TestSite::fixture("serve-edits");
    let first = Server::start(&site, &[]);
    let page = post_1(&first);
    let file = serve_cache_file(&site);
    drop(first);
    let again = Server::start(&site, &[]);
    assert_eq!(post_1(&again), page);
    drop(again);
    std::fs::write(&file, b"LOESS-CACHE\n").unwrap();
    let damaged = Server::start(&site, &[]);
    let warned = damaged.stderr_from("warning:", 1).join("\n");
    assert!(warned.contains("build cache ignored"), "{warned}");
    assert_eq!(post_1(&damaged), page);
}

#[test]
fn an_unchanged_site_reuses_every_output_that_can_be() {
    let site = TestSite::fixture("serve-edits");
    let options = loess::BuildOptions {
        cache_dir: Some(site.cache_home().join("loess")),
        ..site.options()
    };
    let first = site.build_with(options.clone()).report;
    assert_eq!(first.outputs_reused, 0);
    let modified = || {
        std::fs::metadata(cache_file(&site))
            .unwrap()
            .modified()
            .unwrap()
    };
    let written = modified();
    let again = site.build_with(options.clone()).report;
    assert_eq!(again.files_written, 0);
    assert_eq!(again.outputs_reused, again.outputs, "every output reused");
    assert_eq!(
        modified(),
        written,
        "the cache was written again for nothing"
    );
    edit(&site, "content/blog/post-3.md", |t| t + "\nMore.\n");
    let edited = site.build_with(options).report;
    assert!(edited.outputs_reused > edited.outputs / 2, "{edited:?}");
    assert!(edited.outputs_reused < edited.outputs, "{edited:?}");
}

#[test]
fn the_example_site_builds_warm_as_it_builds_cold() {
    let site = TestSite::example();
    warm_build_is_cold(&site, "first build");
    let articles = site.root.join("content/articles");
    let article = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.ends_with("_index.md") && p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text + "\nOne more paragraph.\n").unwrap();
    warm_build_is_cold(&site, "an article edited");
    edit(&site, "config.toml", |t| {
        t.replace("title = \"", "title = \"New ")
    });
    warm_build_is_cold(&site, "the config edited");
}

#[test]
fn a_cache_dir_inside_the_output_or_the_sites_sources_is_refused() {
    let site = TestSite::fixture("serve-edits");
    for (dir, inside) in [
        ("public/cache", "the output directory"),
        ("static/c", "the site's static/"),
    ] {
        let run = site.run(&["build", "--cache-dir", dir]);
        assert_eq!(run.code, Some(1), "{dir}: {}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("cannot be kept inside {inside}")),
            "{dir}: {}",
            run.stderr
        );
    }
    build(&site, &["--cache-dir", ".cache"]);
    assert!(site.root.join(".cache").is_dir());
}

#[test]
fn markdown_made_with_a_file_its_templates_read_follows_that_file() {
    let site = TestSite::new()
        .file(
            "content/_index.md",
            "+++\ninsert_anchor_links = \"right\"\n+++\n",
        )
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n## Heading\n\nText.\n",
        )
        .file("static/mark.txt", "one")
        .file(
            "templates/anchor-link.html",
            "<a href=\"#{{ id }}\" data-h=\"{{ get_hash(path='mark.txt', sha_type=256) }}\">#</a>",
        )
        .file("templates/page.html", "{{ page.content | safe }}")
        .file("templates/index.html", "home");
    warm_build_is_cold(&site, "first build");
    let page = std::fs::read_to_string(site.public().join("a/index.html")).unwrap();
    assert!(page.contains("data-h="), "{page}");
    std::fs::write(site.root.join("static/mark.txt"), "two, longer").unwrap();
    warm_build_is_cold(&site, "the file read by anchor-link.html edited");
    let edited = std::fs::read_to_string(site.public().join("a/index.html")).unwrap();
    assert_ne!(page, edited);
}

#[test]
fn a_pagefind_index_is_built_warm_as_it_is_built_cold() {
    let site = TestSite::fixture("pagefind");
    warm_build_is_cold(&site, "first build");
    warm_build_is_cold(&site, "nothing changed");
    let page = std::fs::read_dir(site.root.join("content/blog"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_file() && !p.to_string_lossy().contains("_index"))
        .unwrap();
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text + "\nA searchable zebra.\n").unwrap();
    warm_build_is_cold(&site, "a page edited");
}
