//! `config.mode` in templates: `build`, `serve` or `check`, after the command, as in Zola.

use crate::serve::Server;
use crate::support::TestSite;

/// A site whose home page prints the mode and links to a page named after it.
fn site() -> TestSite {
    TestSite::new()
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .file(
            "templates/index.html",
            "<title>Home</title><p>mode={{ config.mode }}</p>\
             <a href=\"/{{ config.mode }}-mode/\">mode</a>\n",
        )
}

#[test]
fn build_sets_build() {
    site().build().check("index.html", &["<p>mode=build</p>"]);
    let site = site();
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let home = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    assert!(home.contains("<p>mode=build</p>"), "{home}");
}

#[test]
fn serve_sets_serve() {
    let site = site();
    let server = Server::start(&site, &[]);
    let reply = server.get("/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("<p>mode=serve</p>"), "{}", reply.body);
}

#[test]
fn check_sets_check() {
    // The page links to /MODE-mode/, which does not exist: the check names the link it saw.
    let site = site();
    let run = site.run(&["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("broken link `/check-mode/`"),
        "{}",
        run.stderr
    );
}
