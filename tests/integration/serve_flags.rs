//! `loess serve` with the flags of `zola serve`, over real HTTP on 127.0.0.1: `--base-url`
//! completed as Zola completes it, `--no-port-append`, `--extra-watch-path`, `--debounce`,
//! `--store-html` and `--force`, `--fast`, and the default port giving way when it is taken.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::serve::Server;
use crate::support::TestSite;

/// The port of the server's printed URL.
fn port(server: &Server) -> String {
    server.address().rsplit(':').next().unwrap().to_string()
}

#[test]
fn a_bare_host_base_url_gets_a_scheme_and_the_port() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["-u", "127.0.0.1"]);
    let port = port(&server);
    let page = server.get("/article/").body;
    let css = format!("href=\"http://127.0.0.1:{port}/style.css\"");
    assert!(page.contains(&css), "{page}");
}

#[test]
fn a_full_base_url_gets_the_port_unless_it_names_one_or_no_port_append() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--base-url", "http://localhost/sub/"]);
    let port = port(&server);
    let page = server.get("/sub/article/").body;
    let css = format!("href=\"http://localhost:{port}/sub/style.css\"");
    assert!(page.contains(&css), "{page}");

    let site = TestSite::fixture("serve");
    let args = ["--base-url", "https://example.org/sub", "--no-port-append"];
    let server = Server::start(&site, &args);
    let page = server.get("/sub/article/").body;
    assert!(
        page.contains("href=\"https://example.org/sub/style.css\""),
        "{page}"
    );
}

#[test]
fn no_port_append_without_base_url_keeps_the_server_address() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--no-port-append"]);
    let page = server.get("/article/").body;
    assert!(page.contains(&format!("href=\"{}style.css\"", server.url)));
}

#[test]
fn an_extra_watch_path_rebuilds_the_site() {
    // `data/` is not a source directory: without the flag its changes go unnoticed.
    let site = TestSite::fixture("serve").file("data/notes.txt", "one\n");
    let server = Server::start(&site, &["--extra-watch-path", "data"]);
    std::fs::write(site.root.join("data/notes.txt"), "two\n").unwrap();
    let line = server.wait_for_line("data/notes.txt");
    assert!(line.contains("rebuilt"), "{line}");
}

#[test]
fn a_missing_extra_watch_path_is_an_error() {
    let site = TestSite::fixture("serve");
    let run = site.run(&["serve", "--port", "0", "--extra-watch-path", "nowhere"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: nowhere: cannot watch for changes (--extra-watch-path): No such file or \
         directory (os error 2)\n"
    );
}

#[test]
fn debounce_is_the_quiet_time_before_a_rebuild() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--debounce", "1500"]);
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let saved = Instant::now();
    std::fs::write(
        &article,
        text.replace("Paragraph 3:", "Debounced paragraph 3:"),
    )
    .unwrap();
    server.wait_for_text("/article/", "Debounced paragraph 3:");
    let waited = saved.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "rebuilt after {waited:?}"
    );

    let run = site.run(&["serve", "--port", "0", "--debounce", "0"]);
    assert_eq!(run.code, Some(2), "{run:?}");
}

#[test]
fn store_html_writes_each_good_build_to_the_output_directory() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--store-html"]);
    let written = site.public().join("article/index.html");
    let page = std::fs::read_to_string(&written).unwrap();
    assert!(page.contains(&format!("{}style.css", server.url)) && !page.contains("__loess"));
    assert!(site.public().join("style.css").exists());
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Paragraph 3:", "Stored paragraph 3:"),
    )
    .unwrap();
    server.wait_for_text("/article/", "Stored paragraph 3:");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&written)
        .unwrap_or_default()
        .contains("Stored paragraph 3:")
    {
        assert!(Instant::now() < deadline, "public/ was not rewritten");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn force_lets_the_served_build_replace_a_directory_loess_did_not_create() {
    let site = TestSite::fixture("serve");
    let out = site.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "not Loess's").unwrap();
    let out_arg = out.to_str().unwrap();
    let server = Server::start(&site, &["--output-dir", out_arg, "--force"]);
    assert!(server.get("/article/").body.contains("Paragraph 3:"));
    assert!(out.join("article/index.html").exists());
    assert!(!out.join("notes.txt").exists());
}

#[test]
fn fast_is_accepted_and_changes_nothing() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--fast"]);
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("Paragraph 3:", "Fast paragraph 3:")).unwrap();
    server.wait_for_text("/article/", "Fast paragraph 3:");
    let line = server.wait_for_line("content/article.md");
    assert!(line.contains("rebuilt"), "{line}");
}

#[test]
fn a_taken_default_port_gives_way_to_the_next_free_one() {
    // Taken by this test, or already by something else: either way 1111 is in use.
    let _taken = TcpListener::bind("127.0.0.1:1111");
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--port", "1111"]);
    let port: u16 = port(&server).parse().unwrap();
    assert!(port > 1111, "{}", server.url);
    let warning = server.stderr_from("warning: port 1111 is in use", 1);
    assert_eq!(
        warning,
        [format!(
            "warning: port 1111 is in use; serving on port {port} instead"
        )]
    );
    assert!(server.get("/").body.contains("Index of Serve"));
}

#[test]
fn writing_the_output_inside_an_extra_watch_path_rebuilds_nothing() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--store-html", "--extra-watch-path", "."]);
    // A file of the site outside the source directories rebuilds it...
    std::fs::write(site.root.join("notes.txt"), "changed\n").unwrap();
    let line = server.wait_for_line("notes.txt");
    assert!(line.contains("rebuilt"), "{line}");
    // ...and writing that build to public/ does not rebuild it again.
    let written = site.public().join("article/index.html");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !written.exists() {
        assert!(Instant::now() < deadline, "public/ was not written");
        std::thread::sleep(Duration::from_millis(20));
    }
    let quiet = Duration::from_millis(1000);
    assert_eq!(server.stdout.recv_timeout(quiet).ok(), None);
}
