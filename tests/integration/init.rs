//! `loess init`: a new site made without a terminal (flags or defaults answer the questions),
//! that builds at once with the default theme; the refusal of a directory that is not empty,
//! and `--force`.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{contents, listing, repo, Run};

/// An empty temporary directory to run `loess` in.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        Place {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs `loess ARGS` in `rel` (standard input is not a terminal: it is closed).
    fn run(&self, rel: &str, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_loess"));
        command
            .args(args)
            .current_dir(self.path(rel))
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", self.path("cache"));
        Run::of(command)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}; there are:\n{:?}", listing(self.dir.path())))
    }
}

fn ok(run: &Run) {
    assert_eq!(run.code, Some(0), "{run:?}");
}

#[test]
fn flags_answer_the_questions_and_the_site_builds_at_once() {
    let place = Place::new();
    let run = place.run(
        "",
        &[
            "init",
            "blog",
            "--base-url",
            "https://blog.example.net",
            "--sass",
            "no",
            "--search",
            "yes",
        ],
    );
    ok(&run);
    assert!(
        run.stdout.starts_with(
            "Created a new site in blog with the terrace theme (18 files): base URL \
             https://blog.example.net, Sass: no, search index: yes\nNext: `cd blog`, then"
        ),
        "{run:?}"
    );
    let config = place.read("blog/zola.toml");
    for line in [
        "base_url = \"https://blog.example.net\"",
        "compile_sass = false",
        "build_search_index = true",
        "theme = \"terrace\"",
    ] {
        assert!(config.contains(line), "{line} not in:\n{config}");
    }
    assert!(!place.path("blog/sass").exists());
    for dir in ["content", "templates", "static", "themes/terrace/templates"] {
        assert!(place.path("blog").join(dir).is_dir(), "no {dir}/");
    }

    let run = place.run("blog", &["build"]);
    ok(&run);
    assert!(
        run.stdout
            .starts_with("Built 1 pages and 2 sections into ./public"),
        "{run:?}"
    );
    assert_eq!(run.stderr, "", "a new site builds without warnings");
    let home = place.read("blog/public/index.html");
    for needle in [
        "<title>My site</title>",
        "href=\"https://blog.example.net/style.css\"",
        "Welcome to your new site.",
        "<a href=\"https://blog.example.net/articles/first-article/\">A first article</a>",
        "https://blog.example.net/search_index.en.js",
    ] {
        assert!(home.contains(needle), "{needle} not in:\n{home}");
    }
    let article = place.read("blog/public/articles/first-article/index.html");
    assert!(
        article.contains("<h2 id=\"where-things-are\">"),
        "{article}"
    );
    // The code block is coloured by the configured highlighting theme.
    assert!(article.contains("<pre class=\"giallo\""), "{article}");
    assert!(place
        .path("blog/public/tags/getting-started/index.html")
        .is_file());
    assert!(place.path("blog/public/atom.xml").is_file());
    assert!(place.path("blog/public/style.css").is_file());
}

#[test]
fn without_a_terminal_or_flags_the_defaults_answer() {
    let place = Place::new();
    std::fs::create_dir_all(place.path("site/.git")).unwrap();
    let run = place.run("site", &["init"]);
    ok(&run);
    assert!(
        run.stdout.starts_with(
            "Created a new site in . with the terrace theme (18 files): base URL \
             https://example.com, Sass: yes, search index: no\nNext: `loess serve`"
        ),
        "{run:?}"
    );
    let config = place.read("site/zola.toml");
    assert!(
        config.contains("base_url = \"https://example.com\""),
        "{config}"
    );
    assert!(
        config.contains("compile_sass = true") && config.contains("build_search_index = false")
    );
    assert!(place.path("site/sass").is_dir());
    ok(&place.run("site", &["build", "--quiet"]));
    let home = place.read("site/public/index.html");
    assert!(
        home.contains("https://example.com/articles/first-article/"),
        "{home}"
    );
    assert!(!home.contains("search_index"), "{home}");
}

#[test]
fn the_theme_is_the_one_loess_ships() {
    let place = Place::new();
    ok(&place.run("", &["init", "new", "--quiet"]));
    let shipped = repo().join("themes/terrace");
    let copied = place.path("new/themes/terrace");
    assert_eq!(listing(&copied), listing(&shipped));
    for rel in listing(&shipped) {
        assert_eq!(
            std::fs::read(copied.join(&rel)).unwrap(),
            std::fs::read(shipped.join(&rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn a_directory_that_is_not_empty_is_refused_unless_forced() {
    let place = Place::new();
    std::fs::create_dir_all(place.path("mine")).unwrap();
    std::fs::write(place.path("mine/notes.txt"), "my notes\n").unwrap();
    std::fs::write(
        place.path("mine/zola.toml"),
        "base_url = \"https://mine.org\"\n",
    )
    .unwrap();
    let before = contents(&place.path("mine"));
    let run = place.run("", &["init", "mine"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: mine: cannot create a site here: the directory is not empty (it holds \
         `notes.txt`; hidden files aside); use --force to add the new site's files to it\n"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        contents(&place.path("mine")),
        before,
        "a refused init wrote something"
    );

    let run = place.run("", &["init", "mine", "--force"]);
    ok(&run);
    assert_eq!(
        run.stderr,
        "warning: 1 files were there already and were kept as they are: zola.toml\n"
    );
    assert_eq!(place.read("mine/notes.txt"), "my notes\n");
    assert_eq!(
        place.read("mine/zola.toml"),
        "base_url = \"https://mine.org\"\n"
    );
    assert!(place
        .path("mine/content/articles/first-article.md")
        .is_file());
    assert!(place
        .path("mine/themes/terrace/templates/page.html")
        .is_file());
}

#[test]
fn a_file_or_a_bad_base_url_is_refused() {
    let place = Place::new();
    std::fs::write(place.path("file"), "text\n").unwrap();
    let run = place.run("", &["init", "file", "--force"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: file: cannot create a site here: it is not a directory\n"
    );
    let run = place.run("", &["init", "new", "--base-url", "example.com"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: --base-url: `example.com` is not a URL (relative URL without a base); give \
         one like https://example.com\n"
    );
    assert!(!place.path("new").exists());
}
