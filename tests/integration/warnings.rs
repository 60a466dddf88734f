//! The warnings corpus: every folder of `tests/fixtures/warnings/` is a small site that builds,
//! but with exactly the warnings in its `expected.txt` (one per line, in order: each warning's
//! place and message), which the binary prints as in its `stderr.txt` (with the source line
//! and a caret, as errors are shown).
//!
//! Zola 0.22.1 ignores unknown front matter keys of pages; Loess builds too, and says which key
//! it ignored (with the closest known key when one is close). Zola rejects unknown keys of
//! sections (`unknown field `sort`, expected one of …`); Loess only warns for those too.
//! `generate_feed`, the old name of `generate_feeds`, is accepted with a warning (Zola 0.22.1
//! rejects it as an unknown field). A malformed shortcode call is left as text, as Zola leaves
//! it (silently).

use std::path::PathBuf;

use crate::support::{corpus_cases, corpus_site, repo, TestSite};

const EXPECTED: &str = "expected.txt";
const STDERR: &str = "stderr.txt";

fn corpus() -> PathBuf {
    repo().join("tests/fixtures/warnings")
}

fn cases() -> Vec<String> {
    corpus_cases("warnings")
}

fn case_site(name: &str) -> TestSite {
    corpus_site("warnings", name)
}

fn expected(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(corpus().join(name).join(EXPECTED))
        .unwrap_or_else(|_| panic!("{name} has no {EXPECTED}"));
    text.lines().map(|l| l.trim_end().to_string()).collect()
}

#[test]
fn every_case_builds_with_exactly_its_warnings() {
    let cases = cases();
    assert_eq!(
        cases,
        [
            "config-legacy-key",
            "fm-section-unknown-key",
            "fm-unknown-key",
            "several",
            "shortcode-malformed"
        ]
    );
    for name in &cases {
        let built = case_site(name).build();
        assert_eq!(built.warnings(), expected(name), "{name}");
    }
}

#[test]
fn the_binary_prints_each_warning_on_stderr_and_succeeds() {
    for name in cases() {
        let run = case_site(&name).run(&["build"]);
        assert_eq!(run.code, Some(0), "{name}: {run:?}");
        let printed = std::fs::read_to_string(corpus().join(&name).join(STDERR))
            .unwrap_or_else(|_| panic!("{name} has no {STDERR}"));
        assert_eq!(run.stderr, printed, "{name}");
        assert!(run.stdout.starts_with("Built "), "{name}: {}", run.stdout);
    }
    // `--quiet` drops the summary, not the warnings.
    let run = case_site("fm-unknown-key").run(&["build", "--quiet"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "warning: content/a.md:2:1: unknown front matter key `titel` is ignored (did you mean `title`?)\n  \
         |\n\
         2 | titel = \"Typo\"\n  \
         | ^\n"
    );
}

#[test]
fn ignored_keys_change_nothing_else() {
    // The page with the misspelt key is built, with its real keys applied.
    let built = case_site("fm-unknown-key")
        .file("templates/page.html", "[{{ page.title }}]")
        .file(
            "content/b.md",
            "+++\ntitle = \"Bee\"\n\n[extra]\ntitel = \"fine\"\n+++\n",
        )
        .build();
    assert_eq!(built.html("a/index.html"), "[]");
    assert_eq!(built.html("b/index.html"), "[Bee]");
    // Keys under [extra] are the site's own: no warning for them.
    assert_eq!(built.warnings(), expected("fm-unknown-key"));
    let sections = case_site("fm-section-unknown-key")
        .file("templates/section.html", "[{{ section.title }}]")
        .build();
    assert_eq!(sections.html("blog/index.html"), "[Blog]");
}
