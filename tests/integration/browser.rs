//! `loess serve` in a real browser: headless Chromium opens an article, and edits to its
//! Markdown, the stylesheet and its front matter show up in the open page without a reload.
//!
//! Chromium is driven through chromedriver with the W3C WebDriver protocol, spoken directly
//! over HTTP with `ureq` (already used by the serve tests). That is the lightest way that
//! stays maintained: chromedriver ships with Chromium (Debian's `chromium-driver`) and
//! WebDriver is a W3C standard, so the test needs six JSON requests and no crate of its own;
//! WebDriver clients such as fantoccini, or DevTools-protocol crates (chromiumoxide,
//! headless_chrome), would add an async stack or a large generated protocol to the build.
//!
//! Without Chromium the test says why and passes as skipped, unless `CI` is set: there a
//! missing browser fails it.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::serve::Server;
use crate::support::TestSite;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A headless Chromium session, ended (with its driver) when dropped.
pub struct Browser {
    driver: Child,
    session: String,
    base: String,
    agent: ureq::Agent,
    /// Keeps the profile until the browser is gone.
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A new browser, or `None` (after saying why) where Chromium is not installed.
    pub fn start() -> Option<Browser> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.into());
        let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| CHROMEDRIVER.into());
        for path in [&chromium, &driver] {
            if !Path::new(path).exists() {
                let why = format!("{path} is missing (apt-get install chromium chromium-driver)");
                assert!(std::env::var_os("CI").is_none(), "browser test: {why}");
                eprintln!("browser test skipped: {why}");
                return None;
            }
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver: child,
            session: String::new(),
            base: format!("http://127.0.0.1:{port}"),
            agent,
            _profile: profile,
        };
        browser.wait_until_ready();
        browser.session = browser.new_session(&chromium);
        Some(browser)
    }

    fn wait_until_ready(&self) {
        let started = Instant::now();
        loop {
            let ready = self.agent.get(format!("{}/status", self.base)).call();
            if let Ok(mut reply) = ready {
                let status: Value =
                    serde_json::from_str(&reply.body_mut().read_to_string().unwrap()).unwrap();
                if status["value"]["ready"] == json!(true) {
                    return;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver never came up"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn new_session(&self, chromium: &str) -> String {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1000,700",
            &format!("--user-data-dir={}", self._profile.path().display()),
        ];
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        }}});
        let reply = self.send("POST", "/session", capabilities);
        reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string()
    }

    /// One WebDriver command; returns its `value`.
    fn send(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(url)
            .header("content-type", "application/json")
            .body(body.to_string())
            .unwrap();
        let mut reply = self.agent.run(request).expect("chromedriver answers");
        let text = reply.body_mut().read_to_string().unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        if value["value"]["error"].is_string() {
            panic!("WebDriver {method} {path}: {}", value["value"]);
        }
        value["value"].clone()
    }

    pub fn open(&self, url: &str) {
        let path = format!("/session/{}/url", self.session);
        self.send("POST", &path, json!({ "url": url }));
    }

    /// Runs `script` (a function body) in the page; returns what it returns.
    pub fn run(&self, script: &str) -> Value {
        let path = format!("/session/{}/execute/sync", self.session);
        self.send("POST", &path, json!({ "script": script, "args": [] }))
    }

    /// Waits until `script` returns true; returns how long that took.
    pub fn wait_for(&self, script: &str, what: &str) -> Duration {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            if self.run(script) == json!(true) {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the page never showed {what}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let url = format!("{}{path}", self.base);
            let _ = self.agent.delete(url).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The page is the same document as before (no navigation), scrolled where it was.
fn assert_same_page(browser: &Browser, scrolled: &Value) {
    assert_eq!(
        browser.run("return window.__loessMarker;"),
        json!(1),
        "the page was reloaded"
    );
    assert_eq!(
        &browser.run("return window.scrollY;"),
        scrolled,
        "the scroll position moved"
    );
}

#[test]
fn edits_update_the_open_page_in_place() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    browser.open(&server.at("/article/"));
    browser.wait_for("return document.readyState === 'complete';", "the article");
    let scrolled = browser.run(
        "document.getElementById('notes').open = true; window.scrollTo(0, 1500); \
         window.__loessMarker = 1; return window.scrollY;",
    );
    assert_eq!(
        scrolled,
        json!(1500),
        "the article is tall enough to scroll"
    );
    // Give the event stream a moment to connect before the first edit.
    browser.wait_for("return window.__loessLive === true;", "the page script");
    std::thread::sleep(Duration::from_millis(300));

    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Paragraph 30:", "Paragraph 30 (edited live):"),
    )
    .unwrap();
    let took = browser.wait_for(
        "return document.body.innerText.includes('Paragraph 30 (edited live):');",
        "the edited text",
    );
    eprintln!("save to updated DOM: {} ms", took.as_millis());
    assert_same_page(&browser, &scrolled);
    assert_eq!(
        browser.run("return document.getElementById('notes').open;"),
        json!(true)
    );

    std::fs::write(
        site.root.join("static/style.css"),
        "body { background-color: rgb(10, 20, 30); }\n",
    )
    .unwrap();
    let took = browser.wait_for(
        "return getComputedStyle(document.body).backgroundColor === 'rgb(10, 20, 30)';",
        "the new stylesheet",
    );
    eprintln!("save to restyled page: {} ms", took.as_millis());
    assert_same_page(&browser, &scrolled);

    let broken = text.replace("title = \"Article\"", "title = ");
    std::fs::write(&article, &broken).unwrap();
    browser.wait_for(
        "return !!document.getElementById('__loess-overlay');",
        "the error overlay",
    );
    let overlay = browser.run("return document.getElementById('__loess-overlay').innerText;");
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("content/article.md:2"), "{overlay}");
    assert!(overlay.contains("title = "), "{overlay}");
    assert_same_page(&browser, &scrolled);

    std::fs::write(
        &article,
        text.replace("Paragraph 31:", "Paragraph 31 (fixed):"),
    )
    .unwrap();
    browser.wait_for(
        "return !document.getElementById('__loess-overlay') && \
         document.body.innerText.includes('Paragraph 31 (fixed):');",
        "the fixed page without the overlay",
    );
    assert_same_page(&browser, &scrolled);
}

#[test]
fn other_pages_changes_leave_the_open_page_alone() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    browser.open(&server.at("/other/"));
    browser.wait_for("return window.__loessLive === true;", "the page script");
    browser.run("window.__loessMarker = 1; document.body.dataset.untouched = 'yes';");
    std::thread::sleep(Duration::from_millis(300));
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("Paragraph 5:", "Paragraph five:")).unwrap();
    server.wait_for_text("/article/", "Paragraph five:");
    std::thread::sleep(Duration::from_millis(300));
    let untouched =
        browser.run("return window.__loessMarker === 1 && document.body.dataset.untouched;");
    assert_eq!(
        untouched,
        json!("yes"),
        "a change to another page morphed this one"
    );
}

#[test]
fn follow_mode_opens_the_page_just_edited() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--follow"]);
    browser.open(&server.at("/"));
    browser.wait_for("return window.__loessLive === true;", "the page script");
    std::thread::sleep(Duration::from_millis(300));
    let other = site.root.join("content/other.md");
    std::fs::write(&other, "+++\ntitle = \"Other\"\n+++\n\nFollowed here.\n").unwrap();
    browser.wait_for(
        "return location.pathname === '/other/' && document.body.innerText.includes('Followed here.');",
        "the edited page",
    );
}

/// Save to updated DOM, timed in the page, on a large site: `LOESS_BENCH_SITE` names a site
/// generated by the benchmark kit (`gen_site.py --pages 10000 --out DIR`), whose post
/// `LOESS_BENCH_PAGE` (default `posts/post-00042`) is opened. 20 edits of its Markdown body,
/// then 20 of `static/style.css`; each file is restored afterwards. Run it on a release build:
/// `LOESS_BENCH_SITE=DIR cargo test --release --test integration live_preview_latency -- --ignored --nocapture`.
#[test]
#[ignore = "a benchmark: needs LOESS_BENCH_SITE"]
fn live_preview_latency() {
    let Some(root) = std::env::var_os("LOESS_BENCH_SITE") else {
        eprintln!("LOESS_BENCH_SITE is not set");
        return;
    };
    let Some(browser) = Browser::start() else {
        return;
    };
    let root = std::path::PathBuf::from(root);
    let page = std::env::var("LOESS_BENCH_PAGE").unwrap_or_else(|_| "posts/post-00042".into());
    let server = Server::start_at(&root, &[]);
    browser.open(&server.at(&format!("/{page}/")));
    browser.wait_for("return window.__loessLive === true;", "the page script");
    std::thread::sleep(Duration::from_millis(500));

    let markdown = Restored::new(root.join(format!("content/{page}.md")));
    let edits = (0..20).map(|i| {
        let marker = format!("Bench edit {i} done");
        BenchEdit {
            hook: content_hook(&marker),
            file: markdown.path.clone(),
            text: format!("{}\n{marker}.\n", markdown.text),
            line: format!("content/{page}.md: "),
        }
    });
    let content = measure(&browser, &server, edits.collect());
    drop(markdown);
    server.wait_for_line(&format!("content/{page}.md: "));

    let stylesheet = Restored::new(root.join("static/style.css"));
    let edits = (0..20).map(|i| {
        let color = format!("rgb(1, 2, {})", i + 3);
        BenchEdit {
            hook: css_hook(&color),
            file: stylesheet.path.clone(),
            text: format!("{}\nbody {{ outline-color: {color}; }}\n", stylesheet.text),
            line: "static/style.css: ".into(),
        }
    });
    let css = measure(&browser, &server, edits.collect());
    eprintln!(
        "content edit: save to DOM p50 {:.1} ms, p95 {:.1} ms",
        content.0, content.1
    );
    eprintln!(
        "css edit: save to DOM p50 {:.1} ms, p95 {:.1} ms",
        css.0, css.1
    );
}

/// A file restored to its text when dropped.
struct Restored {
    path: std::path::PathBuf,
    text: String,
}

impl Restored {
    fn new(path: std::path::PathBuf) -> Restored {
        let text = std::fs::read_to_string(&path).unwrap();
        Restored { path, text }
    }
}

impl Drop for Restored {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.text);
    }
}

/// One timed save: the page `hook` sets `window.__found` (page clock, ms since the epoch)
/// when the page shows it; `line` is what the server prints when it is done with it.
struct BenchEdit {
    hook: String,
    file: std::path::PathBuf,
    text: String,
    line: String,
}

/// Makes each edit once the last is done; returns the p50 and p95 of save to DOM, in ms.
fn measure(browser: &Browser, server: &Server, edits: Vec<BenchEdit>) -> (f64, f64) {
    let mut latencies = Vec::new();
    for (i, edit) in edits.into_iter().enumerate() {
        browser.run(&edit.hook);
        let saved = epoch_ms();
        std::fs::write(&edit.file, &edit.text).unwrap();
        let found = loop {
            if let Some(found) = browser.run("return window.__found;").as_f64() {
                break found;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        latencies.push(found - saved);
        eprintln!("edit {i}: {:.1} ms", found - saved);
        server.wait_for_line(&edit.line);
        std::thread::sleep(Duration::from_millis(300));
    }
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.95))
}

fn epoch_ms() -> f64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.unwrap().as_secs_f64() * 1000.0
}

/// Sets `window.__found` (page clock, ms since the epoch) once the page's text has `marker`.
fn content_hook(marker: &str) -> String {
    format!(
        "window.__found = null; if (window.__hook) window.__hook.disconnect(); \
         const check = () => {{ if (window.__found === null && \
           document.body.textContent.includes({marker:?})) \
           window.__found = performance.timeOrigin + performance.now(); }}; \
         window.__hook = new MutationObserver(check); \
         window.__hook.observe(document, {{ subtree: true, childList: true, characterData: true }});"
    )
}

/// Sets `window.__found` once the body's outline colour is `color`.
fn css_hook(color: &str) -> String {
    format!(
        "window.__found = null; if (window.__hook) window.__hook.disconnect(); \
         clearInterval(window.__poll); \
         const check = () => {{ if (window.__found === null && \
           getComputedStyle(document.body).outlineColor === {color:?}) \
           window.__found = performance.timeOrigin + performance.now(); }}; \
         window.__hook = new MutationObserver(check); \
         window.__hook.observe(document, {{ subtree: true, childList: true, attributes: true }}); \
         window.__poll = setInterval(check, 1);"
    )
}
