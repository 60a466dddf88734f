//! `loess check`'s external links (fetched by default, as `zola check` fetches them) against a
//! small HTTP server on 127.0.0.1 that the test starts: fine pages, 404, server errors, a
//! server error that goes away, redirects, a slow answer, a server that refuses HEAD, anchors
//! found and missing, skipped prefixes, and no more than two requests at a time to one host;
//! `--skip-external-links`; and a site that passes `zola check` passing. Nothing leaves this
//! machine.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::support::{Run, TestSite};

/// What the server saw: every request as `METHOD /path`, and the most `/busy/` requests it
/// answered at once.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<String>>,
    busy_now: AtomicUsize,
    busy_most: AtomicUsize,
}

/// The server; it stops when dropped.
struct Server {
    address: SocketAddr,
    seen: Arc<Seen>,
    stop: Arc<AtomicBool>,
    accepting: Option<thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Seen::default());
        let stop = Arc::new(AtomicBool::new(false));
        let accepting = {
            let (seen, stop) = (seen.clone(), stop.clone());
            thread::spawn(move || {
                for stream in listener.incoming().take(200) {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let seen = seen.clone();
                    if let Ok(stream) = stream {
                        thread::spawn(move || answer(stream, &seen));
                    }
                }
            })
        };
        Server {
            address,
            seen,
            stop,
            accepting: Some(accepting),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The requests made for `path`, as `METHOD /path`.
    fn requests(&self, path: &str) -> Vec<String> {
        let requests = self.seen.requests.lock().unwrap();
        requests
            .iter()
            .filter(|r| r.split_once(' ').is_some_and(|(_, p)| p == path))
            .cloned()
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.address);
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

/// Reads one request and answers it by its path.
fn answer(mut stream: TcpStream, seen: &Seen) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16_384 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let tries = {
        let mut requests = seen.requests.lock().unwrap();
        requests.push(format!("{method} {path}"));
        requests
            .iter()
            .filter(|r| r.ends_with(&format!(" {path}")))
            .count()
    };
    let page = "<html><body><h2 id=\"here\">Here</h2><a name=\"named\"></a></body></html>";
    let (status, headers, body) = match path {
        "/ok" | "/target" | "/ok2" => ("200 OK", vec![], page),
        "/missing" => ("404 Not Found", vec![], "gone"),
        "/error" => ("500 Internal Server Error", vec![], "oops"),
        "/flaky" if tries == 1 => ("503 Service Unavailable", vec!["Retry-After: 0"], ""),
        "/flaky" => ("200 OK", vec![], page),
        "/moved" => ("301 Moved Permanently", vec!["Location: /target"], ""),
        "/loop" => ("302 Found", vec!["Location: /loop"], ""),
        "/slow" => {
            thread::sleep(Duration::from_secs(2));
            ("200 OK", vec![], page)
        }
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", vec![], ""),
        "/no-head" => ("200 OK", vec![], page),
        p if p.starts_with("/busy/") => {
            let now = seen.busy_now.fetch_add(1, Ordering::SeqCst) + 1;
            seen.busy_most.fetch_max(now, Ordering::SeqCst);
            thread::sleep(Duration::from_millis(100));
            seen.busy_now.fetch_sub(1, Ordering::SeqCst);
            ("200 OK", vec![], page)
        }
        _ => ("404 Not Found", vec![], "no such path"),
    };
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for header in headers {
        response.push_str(&format!("{header}\r\n"));
    }
    response.push_str("\r\n");
    if method != "HEAD" {
        response.push_str(body);
    }
    let _ = stream.write_all(response.as_bytes());
}

/// A site whose home page links to `server` in Markdown and in its template.
fn site(server: &str) -> TestSite {
    let paths = [
        "ok",
        "ok#here",
        "ok#named",
        "ok#absent",
        "missing",
        "error",
        "flaky",
        "moved",
        "loop",
        "slow",
        "no-head",
        "skipped/x",
        "ok2#absent",
    ];
    let mut markdown: String = paths
        .iter()
        .map(|p| format!("- [{p}]({server}/{p})\n"))
        .collect();
    markdown.extend((1..=6).map(|i| format!("- [busy {i}]({server}/busy/{i})\n")));
    let config = format!(
        "base_url = \"https://example.org\"\ntitle = \"External\"\n\
         [link_checker]\nskip_prefixes = [\"{server}/skipped/\"]\n\
         skip_anchor_prefixes = [\"{server}/ok2\"]\n[extra]\nserver = \"{server}\"\n"
    );
    let index = "<!DOCTYPE html><html><head><title>Home</title></head><body>\
                 {{ section.content | safe }}\
                 <a href=\"{{ config.extra.server }}/from-template\">T</a></body></html>";
    TestSite::new()
        .file("config.toml", config)
        .file(
            "content/_index.md",
            format!("+++\ntitle = \"Home\"\n+++\n{markdown}"),
        )
        .file("templates/index.html", index)
}

/// Runs `loess check` with no proxy from the environment in the way.
fn check(site: &TestSite, args: &[&str]) -> Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_loess"))
        .arg("check")
        .args(args)
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("loess runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The problems of [`site`]'s links when they are fetched with one retry.
fn problems(url: &str) -> Vec<String> {
    let on = "(on /)";
    vec![
        format!("error: content/_index.md:7: broken link `{url}/ok#absent`: the page has no element with id `absent` {on}"),
        format!("error: content/_index.md:8: broken link `{url}/missing`: HTTP 404 Not Found {on}"),
        format!("error: content/_index.md:9: broken link `{url}/error`: HTTP 500 Internal Server Error (2 tries) {on}"),
        format!("error: content/_index.md:12: broken link `{url}/loop`: too many redirects {on}"),
        format!("error: content/_index.md:13: broken link `{url}/slow`: no answer within 0.5 s (2 tries) {on}"),
        format!("error: template `index.html`: broken link `{url}/from-template`: HTTP 404 Not Found {on}"),
    ]
}

#[test]
fn external_links_are_fetched_politely_and_each_problem_is_placed() {
    let server = Server::start();
    let url = server.url();
    let run = check(
        &site(&url),
        &["--external", "--timeout", "0.5", "--retries", "1"],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines, problems(&url), "{}", run.stderr);
    // 19 external links in Markdown (one skipped) and one in the template; two internal
    // links on the 404 page.
    assert_eq!(
        run.stdout,
        "Checked 21 links on 2 pages: 6 problems, 0 warnings\n"
    );

    // One request for every link to /ok, whatever its anchor: a GET, to read the anchors.
    assert_eq!(server.requests("/ok"), ["GET /ok"]);
    // A plain link is asked with HEAD, then GET when HEAD is refused.
    assert_eq!(server.requests("/missing"), ["HEAD /missing"]);
    assert_eq!(
        server.requests("/no-head"),
        ["HEAD /no-head", "GET /no-head"]
    );
    // Server errors are tried again; the one that went away is fine.
    assert_eq!(server.requests("/error").len(), 2);
    assert_eq!(server.requests("/flaky").len(), 2);
    // Redirects are followed; skipped prefixes are not asked at all.
    assert_eq!(server.requests("/target"), ["HEAD /target"]);
    assert!(server.requests("/skipped/x").is_empty());
    // Six links to one host, never more than two at once.
    let busy: usize = (1..=6)
        .map(|i| server.requests(&format!("/busy/{i}")).len())
        .sum();
    assert_eq!(busy, 6);
    let most = server.seen.busy_most.load(Ordering::SeqCst);
    assert!((1..=2).contains(&most), "{most} requests at once");
}

#[test]
fn external_links_are_checked_unless_skipped_as_zola_checks_them() {
    let server = Server::start();
    let url = server.url();
    let run = check(&site(&url), &["--timeout", "0.5", "--retries", "1"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines, problems(&url), "{}", run.stderr);
    assert_eq!(server.requests("/ok"), ["GET /ok"]);
}

#[test]
fn skip_external_links_fetches_nothing() {
    let server = Server::start();
    let run = check(&site(&server.url()), &["--skip-external-links"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stdout,
        "Checked 2 links on 2 pages: 0 problems, 0 warnings\n\
         20 external links not checked (skipped: --skip-external-links)\n"
    );
    assert!(server.seen.requests.lock().unwrap().is_empty());
    // `--external` is still accepted (it is what `loess check` does anyway), but not with
    // `--skip-external-links`.
    let both = check(
        &site(&server.url()),
        &["--external", "--skip-external-links"],
    );
    assert_eq!(both.code, Some(2), "{both:?}");
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}

#[test]
fn external_level_warn_makes_broken_external_links_warnings() {
    let server = Server::start();
    let url = server.url();
    let site = site(&url);
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let site = site.file(
        "config.toml",
        config.replace(
            "[link_checker]\n",
            "[link_checker]\nexternal_level = \"warn\"\n",
        ),
    );
    let run = check(&site, &["--external", "--timeout", "0.5", "--retries", "0"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let warned: HashMap<bool, usize> = run.stderr.lines().fold(HashMap::new(), |mut m, l| {
        *m.entry(l.starts_with("warning: ")).or_default() += 1;
        m
    });
    // Without a retry, the server error that would have gone away is reported too.
    assert_eq!(warned, HashMap::from([(true, 7)]), "{}", run.stderr);
    assert!(run.stderr.contains(&format!(
        "`{url}/flaky`: HTTP 503 Service Unavailable (on /)"
    )));
    assert!(run
        .stderr
        .contains(&format!("`{url}/slow`: no answer within 0.5 s (on /)")));
    assert!(
        run.stdout.ends_with(": 0 problems, 7 warnings\n"),
        "{}",
        run.stdout
    );
}

/// A copy of `tests/fixtures/check-external-fine/` with its external links pointing at `url`.
fn external_fine(url: &str) -> TestSite {
    let site = TestSite::fixture("check-external-fine");
    for rel in [
        "config.toml",
        "content/blog/second.md",
        "content/blog/third/index.md",
    ] {
        let path = site.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("SERVER", url)).unwrap();
    }
    site
}

#[test]
fn a_site_that_passes_zola_check_passes() {
    // Pages, sections, anchors, co-located assets, static files, an alias, taxonomies and a
    // feed, with external links in Markdown and in the template (a redirect, anchors, a server
    // that refuses HEAD). Zola 0.22.1's `zola check` passes this site.
    let server = Server::start();
    let run = check(&external_fine(&server.url()), &["--timeout", "5"]);
    assert_eq!(
        (run.code, run.stderr.as_str(), run.stdout.as_str()),
        (
            Some(0),
            "",
            "Checked 136 links on 9 pages: 0 problems, 0 warnings\n"
        )
    );
    assert_eq!(server.requests("/ok"), ["GET /ok"]);
    assert_eq!(server.requests("/target"), ["HEAD /target"]);
    assert_eq!(
        server.requests("/no-head"),
        ["HEAD /no-head", "GET /no-head"]
    );
}
