//! `loess build --timings`: the time of each stage, each template's renders, the slowest
//! outputs and the template functions that cost most, after the build.

use crate::support::TestSite;

fn site() -> TestSite {
    let mut site = TestSite::new()
        .file(
            "templates/page.html",
            "{{ get_url(path='a.css') }} {{ get_url(path='b.css') }} {{ page.title }}",
        )
        .file(
            "templates/index.html",
            "{{ get_taxonomy_url(kind='tags', name='x') }}",
        )
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
        );
    for n in 0..3 {
        site = site.file(
            &format!("content/p{n}.md"),
            format!("+++\ntitle = \"P{n}\"\n[taxonomies]\ntags = [\"x\"]\n+++\n"),
        );
    }
    site
}

#[test]
fn timings_show_stages_templates_outputs_and_functions() {
    let run = site().run(&["build", "--timings"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let out = &run.stdout;
    for stage in ["reading", "parsing", "modelling", "rendering", "writing"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(stage) && l.ends_with(" ms")),
            "stage {stage}: {out}"
        );
    }
    let row = |name: &str, count: usize| {
        out.lines().any(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words.len() >= 3 && words[0] == name && words[1] == count.to_string() && words[2] == "×"
        })
    };
    assert!(row("page.html", 3), "{out}");
    assert!(row("index.html", 1), "{out}");
    // Twice on each page, and once in the built-in robots.txt.
    assert!(row("get_url", 7), "{out}");
    assert!(row("get_taxonomy_url", 1), "{out}");
    assert!(out.contains("p0/index.html (page.html)"), "{out}");
    assert!(out.contains("\nSlowest outputs\n"), "{out}");
    assert!(
        out.trim_end().ends_with(" ms"),
        "the summary line ends the output: {out}"
    );
}

#[test]
fn without_the_flag_no_times_are_printed() {
    let run = site().run(&["build"]);
    assert_eq!(run.code, Some(0));
    assert!(!run.stdout.contains("Stages"), "{}", run.stdout);
}
