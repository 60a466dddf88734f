//! The benchmark site: `gen_site.py --pages 60` (seed 1), plain and `--heavy`,
//! built with Loess, must write exactly the files Zola 0.22.1 writes for it
//! (`tests/fixtures/bench-urls-60.txt`), and the files listed with their SHA-256 in
//! `tests/fixtures/bench-60-same-as-zola.sha256` (and `bench-60-heavy-same-as-zola.sha256`)
//! byte for byte as Zola writes them.
//!
//! The other files come from built-in templates that Loess writes its own way: the feed
//! (`atom.xml`), `sitemap.xml`, and the `page/1/` redirects.
//!
//! Needs `python3` and the benchmark kit's generator, named by `$LOESS_GEN_SITE`. Without it
//! the tests say so and skip; when it is set, or `CI` is, a missing generator is a failure.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::support::{repo, Built, TestSite};

fn generator() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LOESS_GEN_SITE").map(PathBuf::from) {
        assert!(
            path.is_file(),
            "LOESS_GEN_SITE names no file: {}",
            path.display()
        );
        return Some(path);
    }
    let beside = repo().join("../shared/bench/gen_site.py");
    if beside.is_file() {
        return Some(beside);
    }
    // Continuous integration has the kit: there a missing generator is a failure, not a skip.
    assert!(
        std::env::var_os("CI").is_none(),
        "the benchmark site generator is not beside the repository and LOESS_GEN_SITE is unset"
    );
    eprintln!(
        "skipped: the benchmark site generator is not beside the repository (set LOESS_GEN_SITE)"
    );
    None
}

/// Generates the 60-page benchmark site (with `extra` flags) and builds it.
fn build_bench_site(extra: &[&str]) -> Option<Built> {
    let generator = generator()?;
    let site = TestSite::new();
    let out = site.root.join("generated");
    let result = Command::new("python3")
        .arg(generator)
        .args(["--pages", "60", "--seed", "1", "--out"])
        .arg(&out)
        .args(extra)
        .output();
    let output = match result {
        Ok(output) => output,
        Err(e) => panic!(
            "could not run `python3` ({e}): the benchmark-site test needs Python 3 on PATH \
             (Debian: apt-get install python3)"
        ),
    };
    assert!(
        output.status.success(),
        "gen_site.py failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(site.build_with(loess::BuildOptions {
        root: out,
        ..loess::BuildOptions::default()
    }))
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures").join(name))
        .unwrap_or_else(|e| panic!("tests/fixtures/{name}: {e}"))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks the file list and the files that must be Zola's bytes.
fn check_against_zola(built: &Built, sums_file: &str) {
    let expected: Vec<String> = fixture("bench-urls-60.txt")
        .lines()
        .map(str::to_string)
        .collect();
    let actual = built.files();
    if actual != expected {
        let (a, e): (BTreeSet<_>, BTreeSet<_>) =
            (actual.iter().collect(), expected.iter().collect());
        panic!(
            "the output differs from Zola's:\n  only in Loess: {:?}\n  only in Zola: {:?}",
            a.difference(&e).collect::<Vec<_>>(),
            e.difference(&a).collect::<Vec<_>>()
        );
    }
    let sums = fixture(sums_file);
    let mut different = Vec::new();
    for line in sums.lines() {
        let (sum, rel) = line.split_once("  ").expect("`SHA256  path` lines");
        let bytes = std::fs::read(built.out.join(rel)).unwrap();
        if sha256(&bytes) != sum {
            different.push(rel);
        }
    }
    assert!(
        different.is_empty(),
        "{} files are no longer byte-identical to Zola's: {different:?}",
        different.len()
    );
    assert_eq!(sums.lines().count(), 137);
}

#[test]
fn the_plain_benchmark_site_matches_zola() {
    let Some(built) = build_bench_site(&[]) else {
        return;
    };
    assert_eq!((built.report.pages, built.report.sections), (60, 2));
    check_against_zola(&built, "bench-60-same-as-zola.sha256");
}

#[test]
fn the_heavy_benchmark_site_matches_zola() {
    let Some(built) = build_bench_site(&["--heavy"]) else {
        return;
    };
    check_against_zola(&built, "bench-60-heavy-same-as-zola.sha256");
    // Every page's sidebar (the 5 latest posts, every tag and category with its page count,
    // from `get_section` and `get_taxonomy`) is Zola's, byte for byte.
    let posts: Vec<String> = built
        .files()
        .into_iter()
        .filter(|f| f.starts_with("posts/post-"))
        .collect();
    assert_eq!(posts.len(), 60);
    for post in posts {
        let html = built.html(&post);
        let start = html
            .find("<aside class=\"sidebar\">")
            .unwrap_or_else(|| panic!("{post} has no sidebar"));
        let end = html[start..].find("</aside>").unwrap() + start + "</aside>".len();
        assert_eq!(
            sha256(&html.as_bytes()[start..end]),
            "dab4a945ce44af3780fedda49fbacd0772c7469289bc403396654b0a278e0cf7",
            "{post}: {}",
            &html[start..end]
        );
    }
}
