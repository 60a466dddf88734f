//! The bad-input corpus: every folder of `tests/fixtures/bad/` is a small site that must fail
//! to build with exactly the error text in its `expected.txt`, without a panic, and without
//! touching the output of the last good build.
//!
//! Run with `LOESS_BLESS=1` to rewrite every `expected.txt` from the actual output (then read
//! each one: a message must name the file and line and say clearly what is wrong).

mod generated;

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use generated::{is_unreadable, open_to_nobody, running_as_root, NOBODY};
use loess::BuildOptions;

use crate::support::{contents, corpus_cases, corpus_site, repo, Run, TestSite};

const EXPECTED: &str = "expected.txt";

fn corpus() -> PathBuf {
    repo().join("tests/fixtures/bad")
}

/// The names of the corpus' cases, sorted.
fn cases() -> Vec<String> {
    corpus_cases("bad")
}

/// A copy of case `name`, with the files a text fixture cannot hold made here.
fn case_site(name: &str) -> TestSite {
    generated::complete(name, corpus_site("bad", name))
}

/// Fills the output directory of `site` with the output of another, good site, as a last good
/// build would have left it, and returns its files.
fn previous_output(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let good = TestSite::new()
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHome.\n")
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nAlpha.\n")
        .file("static/style.css", "body { color: red }\n");
    good.build_with(BuildOptions {
        output_dir: Some(site.public()),
        ..good.options()
    });
    let files = contents(&site.public());
    assert!(files.contains_key("a/index.html"));
    files
}

/// Checks that a failed build of `site` left its output as `previous` and nothing beside it.
fn check_untouched(name: &str, site: &TestSite, previous: &BTreeMap<String, Vec<u8>>) {
    assert!(
        contents(&site.public()) == *previous,
        "{name}: the failed build changed public/"
    );
    let left: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("loess-"))
        .collect();
    assert!(left.is_empty(), "{name}: the failed build left {left:?}");
}

/// The text of `expected.txt`, without its final line break.
fn expected(name: &str) -> Option<String> {
    let text = std::fs::read_to_string(corpus().join(name).join(EXPECTED)).ok()?;
    let text = text.strip_suffix('\n').unwrap_or(&text);
    Some(
        text.strip_suffix('\r')
            .unwrap_or(text)
            .replace("\r\n", "\n"),
    )
}

/// The error text of building case `name`, or a description of what went wrong instead.
fn actual(name: &str) -> Result<String, String> {
    let site = case_site(name);
    let previous = previous_output(&site);
    let result = catch_unwind(AssertUnwindSafe(|| site.try_build_with(site.options())));
    check_untouched(name, &site, &previous);
    match result {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            Err(format!("the build panicked: {message}"))
        }
        Ok(Ok(_)) => Err("the build succeeded".to_string()),
        Ok(Err(e)) => {
            let text = e.to_string();
            let root = site.root.to_string_lossy().into_owned();
            if text.contains(&root) {
                return Err(format!("the message names an absolute path:\n{text}"));
            }
            Ok(text)
        }
    }
}

#[test]
fn every_bad_site_fails_with_its_expected_message() {
    let bless = std::env::var_os("LOESS_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(
        cases.len() >= 25,
        "the corpus has only {} cases",
        cases.len()
    );
    let mut mismatches = Vec::new();
    for name in &cases {
        if is_unreadable(name) && running_as_root() {
            // Permissions do not stop root; the binary test runs this case as another user.
            println!("{name}: skipped here, as the tests run as root");
            continue;
        }
        let actual = match actual(name) {
            Ok(text) => text,
            Err(problem) => {
                mismatches.push(format!("== {name}: {problem}"));
                continue;
            }
        };
        if bless {
            std::fs::write(corpus().join(name).join(EXPECTED), format!("{actual}\n")).unwrap();
            continue;
        }
        match expected(name) {
            None => mismatches.push(format!(
                "== {name}: no {EXPECTED}; the error was:\n{actual}"
            )),
            Some(expected) if expected != actual => mismatches.push(format!(
                "== {name}: expected\n{expected}\n-- but the error was\n{actual}"
            )),
            Some(_) => {}
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} bad-input cases did not fail as expected \
         (LOESS_BLESS=1 rewrites the expected.txt files):\n\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n\n")
    );
}

#[test]
fn several_broken_files_are_all_reported_at_once() {
    let error = case_site("many-broken-files").build_error();
    for needle in [
        "content/a.md:2:9: invalid type: integer `3`, expected a string",
        "content/b.md:3:8: invalid date `yesterday`",
        "content/c.md:1:1: missing front matter",
        "content/e/_index.md:2:11: ",
    ] {
        assert!(error.contains(needle), "{needle:?} missing from:\n{error}");
    }
    assert!(!error.contains("content/d.md"), "{error}");
    let links = case_site("many-broken-links").build_error();
    for needle in [
        "content/a.md:6:5: broken internal link `@/gone.md`",
        "content/b.md:6:38: broken internal link `@/blog/missing.md`",
    ] {
        assert!(links.contains(needle), "{needle:?} missing from:\n{links}");
    }
}

/// The names in the directory holding the site.
fn beside(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let breakages: &[(&str, &str, &str)] = &[
        // Fails while parsing (an unknown key would only warn).
        (
            "content/a.md",
            "+++\ntitle = 3\n+++\n",
            "content/a.md:2:9: invalid type: integer `3`, expected a string",
        ),
        // Fails while rendering Markdown.
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n[x](@/nope.md)\n",
            "broken internal link",
        ),
        // Fails while loading templates.
        (
            "templates/page.html",
            "{{ page.title }",
            "templates/page.html:1:15: expected",
        ),
        // Fails while rendering a template.
        (
            "templates/page.html",
            "{{ page.nope.deeper }}",
            "rendering with template `page.html` failed",
        ),
        // Fails reading the configuration.
        (
            "config.toml",
            "base_url = \"https://example.org\"\ntitel = 1\n",
            "unknown field `titel`",
        ),
    ];
    for (rel, text, needle) in breakages {
        let site = TestSite::new()
            .file(
                "content/_index.md",
                "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
            )
            .file("content/a.md", "+++\ntitle = \"A\"\n+++\nAlpha.\n")
            .file("content/b/index.md", "+++\ntitle = \"B\"\n+++\nBravo.\n")
            .file(
                "content/b/photo.jpg",
                b"\xff\xd8not really a jpeg".as_slice(),
            )
            .file("static/style.css", "body { color: red }\n");
        site.build();
        let before = contents(&site.public());
        assert!(before.contains_key("a/index.html"));
        let around = beside(&site);

        let site = site.file(rel, text);
        let error = site.build_error();
        assert!(
            error.contains(needle),
            "breaking {rel}: {needle:?} not in:\n{error}"
        );
        assert_eq!(
            contents(&site.public()),
            before,
            "breaking {rel} changed public/"
        );
        assert_eq!(
            beside(&site),
            around,
            "breaking {rel} left files beside the site"
        );
        let public: Vec<String> = std::fs::read_dir(&site.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("loess-"))
            .collect();
        assert!(
            public.is_empty(),
            "breaking {rel} left {public:?} in the site"
        );
    }
}

#[test]
fn the_binary_reports_errors_and_exits_with_1() {
    // Exactly `error: ` and the message, for cases with a single problem from each stage.
    let exact = [
        "config-unknown-key",
        "config-missing-theme",
        "fm-wrong-type",
        "date-impossible",
        "path-dotdot",
        "invalid-utf8",
        "link-missing-anchor",
        "template-unknown",
        "template-syntax-error",
        "template-runtime-error",
        "empty-file",
        "symlink-loop",
        "symlink-dangling",
        "unreadable-file",
        "unreadable-static-file",
        "shortcode-nested-too-deep",
        "fm-nested-too-deep",
    ];
    for name in cases() {
        let site = case_site(&name);
        let previous = previous_output(&site);
        let run = if is_unreadable(&name) && running_as_root() {
            println!("{name}: run as user {NOBODY}, as the tests run as root");
            let mut command = site.command(open_to_nobody(&site), &["build"]);
            command.uid(NOBODY).gid(NOBODY);
            Run::of(command)
        } else {
            site.run(&["build"])
        };
        check_untouched(&name, &site, &previous);
        assert_eq!(run.code, Some(1), "{name}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{name}: {}", run.stderr);
        assert!(!run.stdout.contains("Built"), "{name}: {}", run.stdout);
        if exact.contains(&name.as_str()) {
            let expected = expected(&name).expect("an expected.txt");
            assert_eq!(run.stderr, format!("error: {expected}\n"), "{name}");
        }
    }
    // Several problems: each on its own, then a count.
    let run = case_site("many-broken-files").run(&["build"]);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 5, "{}", run.stderr);
    assert!(
        errors[0].starts_with("error: content/a.md:2:9: "),
        "{}",
        run.stderr
    );
    assert_eq!(
        errors[4], "error: 4 problems; nothing was written",
        "{}",
        run.stderr
    );
}
