//! `load_data(url=…)` against a server on 127.0.0.1 started by each test: one request per
//! distinct call however many pages make it, Zola's `method`, `body`, `content_type` and
//! `headers` (`"Name=value"`, split at the first `=`), the `Accept` header of the format, and
//! the errors (an error status, a refused connection) with `required=false` giving `null`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use crate::support::TestSite;

/// What the server received: each request's method, path, headers (lower-case names) and body.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    path: String,
    headers: BTreeMap<String, String>,
    body: String,
}

/// A server answering `/missing.json` with 404, `/echo` with a JSON description of the request,
/// and any other path with `{"path": <path>}`.
struct Server {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || answer(stream, &log));
            }
        });
        Server { url, received }
    }

    fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<Received>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let mut parts = line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap().to_string(),
        parts.next().unwrap().to_string(),
    );
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        let Some((name, value)) = header.trim_end().split_once(':') else {
            break;
        };
        headers.insert(name.to_ascii_lowercase(), value.trim().to_string());
    }
    let length: usize = headers
        .get("content-length")
        .map_or(0, |l| l.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let request = Received {
        method,
        path,
        headers,
        body: String::from_utf8(body).unwrap(),
    };
    let (status, reply) = match request.path.as_str() {
        "/missing.json" => ("404 Not Found", "{}".to_string()),
        "/echo" => {
            let header = |name: &str| request.headers.get(name).cloned().unwrap_or_default();
            let echo = serde_json::json!({
                "method": request.method,
                "body": request.body,
                "content_type": header("content-type"),
                "accept": header("accept"),
                "token": header("x-token"),
                "language": header("accept-language"),
            });
            ("200 OK", echo.to_string())
        }
        path => ("200 OK", serde_json::json!({ "path": path }).to_string()),
    };
    log.lock().unwrap().push(request);
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        reply.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(reply.as_bytes()).unwrap();
}

#[test]
fn each_distinct_request_is_made_once_per_build() {
    let server = Server::start();
    let call = format!("load_data(url='{}/towns.json', format='json')", server.url);
    let mut site = TestSite::new()
        .file(
            "templates/page.html",
            format!("{{% set d = {call} %}}{{{{ d.path }}}} {{{{ page.title }}}}"),
        )
        .file(
            "templates/index.html",
            format!(
                "{{% set d = {call} %}}{{{{ d.path }}}} {{{{ load_data(url='{}/towns.json') }}}}",
                server.url
            ),
        )
        .file("content/_index.md", "+++\n+++\n");
    for n in 0..12 {
        site = site.file(
            &format!("content/p{n}.md"),
            format!("+++\ntitle = \"P{n}\"\n+++\n"),
        );
    }
    let built = site.build();
    assert_eq!(
        built.html("index.html"),
        "&#x2F;towns.json {&quot;path&quot;:&quot;&#x2F;towns.json&quot;}"
    );
    assert_eq!(built.html("p7/index.html"), "&#x2F;towns.json P7");
    let requests = server.requests();
    let accepts: Vec<&str> = requests
        .iter()
        .map(|r| r.headers["accept"].as_str())
        .collect();
    // One request as JSON for thirteen pages, one as plain text (another `Accept`).
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(accepts.contains(&"application/json"), "{accepts:?}");
    assert!(accepts.contains(&"text/plain"), "{accepts:?}");
}

#[test]
fn a_post_sends_its_body_content_type_and_headers() {
    let server = Server::start();
    let built = TestSite::new()
        .file(
            "templates/index.html",
            format!(
                "{{% set r = load_data(url='{}/echo', format='json', method='post', \
                 body='{{\"q\": 1}}', content_type='application/json', \
                 headers=['X-Token=a=b', 'Accept-Language=fr']) %}}\
                 {{{{ r.method }}}}|{{{{ r.body }}}}|{{{{ r.content_type }}}}|{{{{ r.accept }}}}|\
                 {{{{ r.token }}}}|{{{{ r.language }}}}",
                server.url
            ),
        )
        .build();
    assert_eq!(
        built.html("index.html"),
        "POST|{&quot;q&quot;: 1}|application&#x2F;json|application&#x2F;json|a=b|fr"
    );
}

#[test]
fn an_error_status_names_the_url_and_the_template() {
    let server = Server::start();
    let error = TestSite::new()
        .file(
            "templates/index.html",
            format!("{{{{ load_data(url='{}/missing.json') }}}}", server.url),
        )
        .build_error();
    let expected = format!(
        "`load_data`: cannot load {}/missing.json: the server answered 404 Not Found",
        server.url
    );
    assert!(error.contains(&expected), "{error}");
    assert!(
        error.contains("\n  --> templates/index.html:1:4\n"),
        "{error}"
    );
}

#[test]
fn a_refused_connection_is_an_error_and_null_when_not_required() {
    // A port nothing listens on any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/data.json");
    let error = TestSite::new()
        .file(
            "templates/index.html",
            format!("{{{{ load_data(url='{url}') }}}}"),
        )
        .build_error();
    let expected = format!("`load_data`: cannot load {url}: the connection was refused");
    assert!(error.contains(&expected), "{error}");
    let server = Server::start();
    let built = TestSite::new()
        .file(
            "templates/index.html",
            format!(
                "{{{{ load_data(url='{url}', required=false) | json_encode() }}}} \
                 {{{{ load_data(url='{}/missing.json', required=false) | json_encode() }}}}",
                server.url
            ),
        )
        .build();
    assert_eq!(built.html("index.html"), "null null");
}

#[test]
fn bad_arguments_are_errors() {
    let error_of = |call: &str| {
        TestSite::new()
            .file("templates/index.html", format!("{{{{ {call} }}}}"))
            .build_error()
    };
    let cases = [
        (
            "load_data(url='http://127.0.0.1:9/a', headers=['X-Token'])",
            "`load_data`: the header `X-Token` has no value: write it as \"Name=value\"",
        ),
        (
            "load_data(url='http://127.0.0.1:9/a', headers='X=1')",
            "`load_data`: `headers` must be a list of strings",
        ),
        (
            "load_data(url='http://127.0.0.1:9/a', method='PUT')",
            "`load_data`: `method` must be GET or POST, not `PUT`",
        ),
        (
            "load_data(url='not a url')",
            "`load_data`: `not a url` is not a valid URL",
        ),
        (
            "load_data(url='http://127.0.0.1:9/a', path='a.json')",
            "`load_data` needs one of a `path`, a `url` or a `literal` argument",
        ),
    ];
    for (call, expected) in cases {
        let error = error_of(call);
        assert!(error.contains(expected), "{call}:\n{error}");
    }
}
