//! `loess serve` over real HTTP: the binary is started on a free port over a copy of
//! `tests/fixtures/serve/`, and requests go to 127.0.0.1 (hostile ones as raw bytes, so no
//! client tidies them first).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// A running `loess serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// The URL the server printed, ending with `/`.
    pub url: String,
    /// Lines the server printed after its URL.
    pub stdout: Receiver<String>,
    /// Lines the server printed on stderr.
    pub stderr: Receiver<String>,
    agent: ureq::Agent,
    /// The build cache's directory, when the server has one of its own.
    _cache: Option<tempfile::TempDir>,
}

impl Server {
    /// Starts `loess serve --port 0 ARGS` on `site` and waits for its URL.
    pub fn start(site: &TestSite, args: &[&str]) -> Server {
        Server::start_with(&site.root, Some(site.cache_home()), args)
    }

    /// Starts `loess serve --port 0 ARGS` (or on the port ARGS give) on the site in `root` and
    /// waits for its URL.
    pub fn start_at(root: &std::path::Path, args: &[&str]) -> Server {
        Server::start_with(root, None, args)
    }

    /// Starts the server with its build cache in `cache_home` (in a temporary directory of its
    /// own when `None`: never the real home's).
    fn start_with(root: &std::path::Path, cache_home: Option<PathBuf>, args: &[&str]) -> Server {
        let own = cache_home
            .is_none()
            .then(|| tempfile::tempdir().expect("a temporary directory"));
        let cache_home = cache_home.unwrap_or_else(|| own.as_ref().unwrap().path().into());
        let port: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_loess"))
            .arg("--root")
            .arg(root)
            .arg("serve")
            .args(port)
            .args(args)
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", cache_home)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("loess serve starts");
        let stdout = lines_of(child.stdout.take().unwrap());
        let stderr = lines_of(child.stderr.take().unwrap());
        let url = Server::wait_for_url(&stdout);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        Server {
            child,
            url,
            stdout,
            stderr,
            agent,
            _cache: own,
        }
    }

    fn wait_for_url(stdout: &Receiver<String>) -> String {
        loop {
            let line = stdout
                .recv_timeout(Duration::from_secs(30))
                .expect("loess serve printed its URL");
            if let Some(at) = line.find("http://") {
                let url = line[at..].split_whitespace().next().unwrap();
                return url.to_string();
            }
        }
    }

    /// `host:port` of the server.
    pub fn address(&self) -> String {
        let rest = self.url.trim_start_matches("http://");
        rest.split('/').next().unwrap().to_string()
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn at(&self, path: &str) -> String {
        format!("http://{}{path}", self.address())
    }

    pub fn get(&self, path: &str) -> Reply {
        let response = self.agent.get(self.at(path)).call().expect("a response");
        Reply::from(response)
    }

    pub fn request(&self, method: &str, path: &str) -> Reply {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(self.at(path))
            .body(())
            .unwrap();
        Reply::from(self.agent.run(request).expect("a response"))
    }

    /// Sends `target` as the request line's path, byte for byte; returns the status code.
    pub fn raw_status(&self, target: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = b"GET ".to_vec();
        request.extend_from_slice(target);
        request.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(&request).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        let reply = String::from_utf8_lossy(&reply).into_owned();
        let status = reply
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {reply:?}"));
        (status, reply)
    }

    /// Polls `path` until its body contains `text`; returns how long that took.
    pub fn wait_for_text(&self, path: &str, text: &str) -> Duration {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            if self.get(path).body.contains(text) {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        panic!("{path} never showed {text:?}");
    }

    /// The next line printed on stdout that contains `text`.
    pub fn wait_for_line(&self, text: &str) -> String {
        wait_for_line(&self.stdout, text)
    }

    /// Lines printed on stderr from the next that starts with `start`, up to `count` lines.
    pub fn stderr_from(&self, start: &str, count: usize) -> Vec<String> {
        let mut lines = vec![wait_for_line(&self.stderr, start)];
        while lines.len() < count {
            let line = self.stderr.recv_timeout(Duration::from_secs(15));
            lines.push(line.expect("more lines on stderr"));
        }
        lines
    }

    /// Opens the event stream.
    pub fn events(&self) -> Events {
        self.open_events("/__loess/events")
    }

    /// Opens the event stream of a page that shows `path`.
    pub fn events_on(&self, path: &str) -> Events {
        self.open_events(&format!(
            "/__loess/events?path={}",
            path.replace('/', "%2F")
        ))
    }

    fn open_events(&self, target: &str) -> Events {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        let request = format!("GET {target} HTTP/1.0\r\nHost: localhost\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        Events(BufReader::new(stream))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines of a child's output, as they come.
fn lines_of(output: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    receiver
}

fn wait_for_line(lines: &Receiver<String>, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("loess serve never printed {text:?}");
}

/// A server-sent event stream, read line by line.
pub struct Events(BufReader<TcpStream>);

impl Events {
    /// Reads until an event named `name` arrives; returns its data.
    pub fn wait_for(&mut self, name: &str) -> String {
        loop {
            let (event, data) = self.next();
            if event == name {
                return data;
            }
        }
    }

    /// The next event: its name and data.
    pub fn next(&mut self) -> (String, String) {
        let mut current = String::new();
        loop {
            let mut line = String::new();
            let read = self.0.read_line(&mut line).expect("the stream stays open");
            assert!(read > 0, "the event stream ended");
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event: ") {
                current = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                return (current, data.to_string());
            }
        }
    }
}

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Reply {
    fn from(mut response: ureq::http::Response<ureq::Body>) -> Reply {
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap_or_default();
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body,
        }
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().unwrap_or(""))
    }
}

const SCRIPT_TAG: &str = "<script src=\"/__loess/live.js\"></script>";

#[test]
fn serves_the_site_with_content_types() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let cases = [
        ("/", "text/html; charset=utf-8", "Index of Serve"),
        ("/article/", "text/html; charset=utf-8", "Paragraph 60"),
        ("/style.css", "text/css; charset=utf-8", "background-color"),
        ("/data.json", "application/json; charset=utf-8", "fixture"),
        ("/sitemap.xml", "text/xml; charset=utf-8", "/article/"),
    ];
    for (path, content_type, text) in cases {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), content_type, "{path}");
        assert!(reply.body.contains(text), "{path}: {}", reply.body);
    }
    let page = server.get("/article/").body;
    assert!(page.contains(&format!("{SCRIPT_TAG}</head>")), "{page}");
    assert!(page.contains(&format!("href=\"{}style.css\"", server.url)));
    assert!(!server.get("/style.css").body.contains("__loess"));
}

#[test]
fn not_found_head_post_and_directories() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Fixture 404: nothing here"));
    assert!(missing.body.contains(SCRIPT_TAG));

    let full = server.get("/article/");
    let head = server.request("HEAD", "/article/");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(head.header("content-length"), full.body.len().to_string());
    assert_eq!(head.header("content-type"), "text/html; charset=utf-8");

    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let reply = server.request(method, "/article/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), "GET, HEAD");
    }
    assert_eq!(server.request("POST", "/__loess/events").status, 405);

    let redirect = server.get("/article?x=1");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.header("location"), "/article/?x=1");
    assert_eq!(server.get("/style.css/").status, 404);
}

#[test]
fn paths_never_leave_the_site() {
    let site = TestSite::fixture("serve");
    let outside = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&outside, "TOP SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, site.root.join("static/leak.txt")).unwrap();
    let server = Server::start(&site, &[]);
    let long = format!("/{}", "a/".repeat(3000));
    let targets: Vec<&[u8]> = vec![
        b"/../secret.txt",
        b"/../../../../etc/passwd",
        b"/article/../../secret.txt",
        b"/%2e%2e/secret.txt",
        b"/%2E%2E/%2e%2e/etc/passwd",
        b"/.%2e/secret.txt",
        b"/..%2fsecret.txt",
        b"/%2e%2e%2fsecret.txt",
        b"/..\\secret.txt",
        b"/%5c..%5csecret.txt",
        b"/style.css%00.html",
        b"/style.css\0",
        b"//etc/passwd",
        b"/leak.txt",
        long.as_bytes(),
    ];
    for target in targets {
        let (status, reply) = server.raw_status(target);
        let shown = String::from_utf8_lossy(target);
        assert!(status == 400 || status == 404, "{shown}: {status}\n{reply}");
        assert!(
            !reply.contains("TOP SECRET") && !reply.contains("root:"),
            "{shown}"
        );
    }
    assert_eq!(server.raw_status(b"/style.css").0, 200);
}

#[test]
fn the_script_is_only_added_while_serving() {
    let site = TestSite::fixture("serve");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let built = std::fs::read_to_string(site.public().join("article/index.html")).unwrap();
    assert!(!built.contains("__loess"));
    let server = Server::start(&site, &[]);
    assert!(server.get("/article/").body.contains(SCRIPT_TAG));
    let script = server.get("/__loess/live.js");
    assert_eq!(
        script.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert!(script.body.contains("Idiomorph") && script.body.contains("EventSource"));
}

#[test]
fn an_edit_is_served_after_the_rebuild() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    events.wait_for("ok");
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Paragraph 1:", "Edited paragraph 1:"),
    )
    .unwrap();
    let took = server.wait_for_text("/article/", "Edited paragraph 1:");
    eprintln!("save to served page: {} ms", took.as_millis());
    let reload = events.wait_for("reload");
    assert!(reload.contains("\"/article/\""), "{reload}");
    server.wait_for_line("content/article.md: ");
}

#[test]
fn a_body_edit_of_an_open_page_is_pushed_to_it_first() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut home = server.events_on("/");
    let mut article = server.events_on("/article/");
    home.wait_for("ok");
    article.wait_for("ok");

    let index = site.root.join("content/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, format!("{text}\nWelcome, *edited*.\n")).unwrap();
    let (event, data) = home.next();
    assert_eq!(event, "page", "{data}");
    assert!(
        data.starts_with(r#"{"path":"/","html":"<!doctype html>"#),
        "{data}"
    );
    assert!(data.contains("<p>Welcome, <em>edited</em>.</p>"), "{data}");
    assert!(data.contains(r#"<script src=\"/__loess/live.js\"></script></head>"#));
    let line = server.wait_for_line("content/_index.md: ");
    assert!(line.contains("(open page updated in "), "{line}");
    assert_eq!(
        home.next().0,
        "ok",
        "the build adds nothing to what was pushed"
    );
    assert!(server.get("/").body.contains("Welcome, <em>edited</em>."));

    // A front matter edit is not a body edit: the page learns of it from the build.
    assert_eq!(
        article.next().0,
        "ok",
        "the first build, with nothing for this page"
    );
    let path = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("title = \"Article\"", "title = \"Retitled\""),
    )
    .unwrap();
    assert_eq!(article.next().0, "ok");
    let (event, data) = article.next();
    assert_eq!(event, "reload", "{data}");
    assert!(data.contains(r#""/article/""#), "{data}");
    let line = server.wait_for_line("content/article.md: ");
    assert!(!line.contains("open page"), "{line}");
}

#[test]
fn an_editor_save_of_the_open_page_is_pushed_once_and_built_once() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut article = server.events_on("/article/");
    article.wait_for("ok");
    let content = site.root.join("content");
    let path = content.join("article.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // vim: the file renamed to a backup, the new one written, the backup removed.
    std::fs::rename(&path, content.join("article.md~")).unwrap();
    std::fs::write(&path, text.replace("Paragraph 9:", "Saved paragraph 9:")).unwrap();
    std::fs::remove_file(content.join("article.md~")).unwrap();
    let (event, data) = article.next();
    assert_eq!(event, "page");
    assert!(data.contains("Saved paragraph 9:"), "{data}");
    let line = server.wait_for_line("rebuilt");
    assert!(line.starts_with("content/article.md: "), "{line}");
    assert!(line.contains("(open page updated in "), "{line}");
    assert_eq!(article.next().0, "ok");
    let quiet = Duration::from_millis(500);
    assert_eq!(next_line(&server.stdout, quiet), None, "one rebuild");
    assert_eq!(next_line(&server.stderr, quiet), None, "no error");
}

#[test]
fn a_template_edit_is_pushed_to_the_open_pages_first() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut article = server.events_on("/article/");
    article.wait_for("ok");
    let template = site.root.join("templates/page.html");
    let text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, text.replace("<h1>", "<h1 class=\"edited\">")).unwrap();
    let (event, data) = article.next();
    assert_eq!(event, "page", "{data}");
    assert!(
        data.contains(r#"<h1 class=\"edited\">Article</h1>"#),
        "{data}"
    );
    let line = server.wait_for_line("templates/page.html: ");
    assert!(line.contains("(open page updated in "), "{line}");
    assert_eq!(
        article.next().0,
        "ok",
        "the build adds nothing to what was pushed"
    );
}

#[test]
fn a_stylesheet_change_renders_nothing() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    events.wait_for("ok");
    std::fs::write(site.root.join("static/style.css"), "body { color: red }\n").unwrap();
    assert_eq!(events.wait_for("css"), r#"{"paths":["/style.css"]}"#);
    server.wait_for_text("/style.css", "color: red");
    let line = server.wait_for_line("static/style.css");
    assert!(line.contains("nothing to render"), "{line}");
}

#[test]
fn a_broken_build_keeps_the_last_good_site() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    events.wait_for("ok");
    let article = site.root.join("content/article.md");
    let good = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, good.replace("title = \"Article\"", "title = ")).unwrap();
    let error = events.wait_for("error");
    assert!(
        error.contains(r#""file":"content/article.md","line":2"#),
        "{error}"
    );
    assert!(
        error.contains("title = "),
        "the message shows the line: {error}"
    );
    let page = server.get("/article/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Article</h1>"));
    // The terminal shows the error as `loess build` does.
    let built = site.run(&["build"]);
    let expected: Vec<&str> = built.stderr.lines().collect();
    assert_eq!(
        expected[0],
        "error: content/article.md:2:9: string values must be quoted, expected literal string"
    );
    assert_eq!(server.stderr_from(expected[0], expected.len()), expected);
    // A page opened now learns of the error at once.
    assert!(server
        .events()
        .wait_for("error")
        .contains("content/article.md"));

    std::fs::write(&article, good.replace("Paragraph 2:", "Fixed paragraph 2:")).unwrap();
    events.wait_for("ok");
    server.wait_for_text("/article/", "Fixed paragraph 2:");
}

#[test]
fn templates_that_use_themselves_without_end_are_errors_over_the_page() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut article = server.events_on("/article/");
    article.wait_for("ok");
    let template = site.root.join("templates/page.html");
    let good = std::fs::read_to_string(&template).unwrap();
    let cases = [
        // A template that includes itself.
        good.replace("<h1>", "{% include \"page.html\" %}<h1>"),
        // A macro that calls itself on every path.
        format!(
            "{{% macro again(n) %}}{{{{ self::again(n=n + 1) }}}}{{% endmacro %}}\n{}",
            good.replace("<h1>", "{{ self::again(n=1) }}<h1>")
        ),
    ];
    for (case, text) in cases.iter().enumerate() {
        std::fs::write(&template, text).unwrap();
        let error = article.wait_for("error");
        assert!(error.contains("without end"), "case {case}: {error}");
        assert!(
            error.contains("templates/page.html"),
            "case {case}: {error}"
        );
        // The server lives on and keeps serving the last good site.
        let page = server.get("/article/");
        assert_eq!(page.status, 200, "case {case}");
        assert!(page.body.contains("<h1>Article</h1>"), "case {case}");
    }
    std::fs::write(&template, good.replace("<h1>", "<h1 class=\"back\">")).unwrap();
    article.wait_for("ok");
    server.wait_for_text("/article/", "<h1 class=\"back\">Article</h1>");
}

#[test]
fn a_broken_internal_link_is_an_error_too() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    events.wait_for("ok");
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("@/other.md", "@/missing.md")).unwrap();
    let error = events.wait_for("error");
    assert!(error.contains("content/article.md"), "{error}");
    assert!(error.contains("missing.md"), "{error}");
}

#[test]
fn a_sub_path_base_url_serves_the_site_under_it() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--base-url", "http://localhost:9/sub/"]);
    assert!(server.url.ends_with("/sub/"), "{}", server.url);
    assert!(server.get("/sub/").body.contains("Index of Serve"));
    let page = server.get("/sub/article/");
    assert!(page
        .body
        .contains("href=\"http://localhost:9/sub/style.css\""));
    assert_eq!(server.get("/sub/style.css").status, 200);
    let root = server.get("/");
    assert_eq!((root.status, root.header("location")), (307, "/sub/"));
    assert_eq!(server.get("/article/").status, 404);
    assert_eq!(server.get("/sub").status, 307);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = TestSite::fixture("serve");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot serve at 127.0.0.1:{port}: the port is in use; choose another with \
             --port, or --port 0 for any free port\n"
        )
    );
}

#[test]
fn output_dir_gets_each_good_build() {
    let site = TestSite::fixture("serve");
    let out = site.root.parent().unwrap().join("preview");
    let server = Server::start(&site, &["--output-dir", out.to_str().unwrap()]);
    let written = out.join("article/index.html");
    let page = std::fs::read_to_string(&written).unwrap();
    assert!(page.contains(&format!("{}style.css", server.url)) && !page.contains("__loess"));
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Paragraph 3:", "Written paragraph 3:"),
    )
    .unwrap();
    server.wait_for_text("/article/", "Written paragraph 3:");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&written)
        .unwrap_or_default()
        .contains("Written paragraph 3:")
    {
        assert!(
            Instant::now() < deadline,
            "the output directory was not rewritten"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The next line on `lines` within `wait`, if any.
fn next_line(lines: &Receiver<String>, wait: Duration) -> Option<String> {
    lines.recv_timeout(wait).ok()
}

#[test]
fn an_editor_save_is_one_rebuild_without_errors() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let content = site.root.join("content");
    let article = content.join("article.md");
    let text = std::fs::read_to_string(&article).unwrap();

    // vim: a write probe, the old file renamed to a backup, the new file written, backup gone.
    std::fs::write(content.join("4913"), "").unwrap();
    std::fs::remove_file(content.join("4913")).unwrap();
    std::fs::rename(&article, content.join("article.md~")).unwrap();
    std::fs::write(&article, text.replace("Paragraph 7:", "Vim paragraph 7:")).unwrap();
    std::fs::remove_file(content.join("article.md~")).unwrap();
    let line = server.wait_for_line("rebuilt");
    assert!(line.starts_with("content/article.md: "), "{line}");
    server.wait_for_text("/article/", "Vim paragraph 7:");

    // Other editors: a hidden temporary file renamed over the original.
    let temporary = content.join(".article.md.tmp");
    std::fs::write(
        &temporary,
        text.replace("Paragraph 8:", "Renamed paragraph 8:"),
    )
    .unwrap();
    std::fs::rename(&temporary, &article).unwrap();
    server.wait_for_line("content/article.md: ");
    server.wait_for_text("/article/", "Renamed paragraph 8:");

    let quiet = Duration::from_millis(500);
    assert_eq!(
        next_line(&server.stdout, quiet),
        None,
        "one rebuild per save"
    );
    assert_eq!(next_line(&server.stderr, quiet), None, "no error");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server() {
    let site = TestSite::fixture("serve");
    let mut server = Server::start(&site, &[]);
    let mut events = server.events();
    events.wait_for("ok");
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "still running");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    assert!(TcpStream::connect(server.address()).is_err());
}

/// A rebuild renders only the outputs whose inputs changed; the rest keep their text.
#[test]
fn a_rebuild_renders_only_what_shows_the_change() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &[]);
    let article = site.root.join("content/article.md");
    let edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&article).unwrap();
        std::fs::write(&article, text.replacen(from, to, 1)).unwrap();
    };
    // The body shows on the article's page alone (the index lists titles).
    edit("Paragraph 3:", "Changed paragraph 3:");
    let line = server.wait_for_line("content/article.md: ");
    assert!(line.contains("(1 of 6 outputs rendered)"), "{line}");
    server.wait_for_text("/article/", "Changed paragraph 3:");
    // The title shows on the article, in the index's list and in its neighbour's page value.
    edit("title = \"Article\"", "title = \"Renamed\"");
    let line = server.wait_for_line("content/article.md: ");
    assert!(line.contains("(3 of 6 outputs rendered)"), "{line}");
    server.wait_for_text("/", "Renamed");
    // A template renders again the outputs that use it: both pages.
    let page = site.root.join("templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("<article id=", "<article data-v=\"2\" id="),
    )
    .unwrap();
    let line = server.wait_for_line("templates/page.html: ");
    assert!(line.contains("(2 of 6 outputs rendered)"), "{line}");
    server.wait_for_text("/other/", "data-v=\"2\"");
}

#[test]
fn render_all_renders_every_output_on_each_rebuild() {
    let site = TestSite::fixture("serve");
    let server = Server::start(&site, &["--render-all"]);
    let article = site.root.join("content/article.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replacen("Paragraph 3:", "Changed paragraph 3:", 1),
    )
    .unwrap();
    let line = server.wait_for_line("content/article.md: ");
    assert!(line.contains("(6 of 6 outputs rendered)"), "{line}");
    server.wait_for_text("/article/", "Changed paragraph 3:");
}
