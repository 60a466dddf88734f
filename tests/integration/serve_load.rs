//! `loess serve` under load while the site is edited: `wrk` (from a second process, over
//! loopback) requests pages and the stylesheet of a 1,000-page site on 64 connections for 30 s,
//! while files are saved over and over (a marker page, a post, `page.html`, the stylesheet), so
//! that rebuilds are swapped in under the requests. Every response must succeed and be whole:
//! an HTML page ends with `</html>`, the stylesheet is never shorter than it was written, and
//! the marker page, whose title, body and footer all carry its edit number, never shows two
//! numbers at once (parts of two builds).
//!
//! Ignored by default (it takes 30 s and needs `wrk`): `cargo test -- --ignored serve_load`.
//! With `LOESS_GEN_SITE` naming the benchmark kit's `gen_site.py`, the site is its 1,000-page
//! site; otherwise a site of the same shape generated here.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::serve::Server;
use crate::support::TestSite;

const PAGES: usize = 1000;
const SECONDS: u64 = 30;

/// The marker page's template: its edit number three times, in the title, the body and the footer.
const MARKER_TEMPLATE: &str =
    "<!DOCTYPE html>\n<html><head><title>{{ page.title }}</title></head>\n\
    <body>{{ page.content | safe }}<footer>edit {{ page.extra.edit }}</footer></body></html>\n";

fn marker(edit: usize) -> String {
    format!(
        "+++\ntitle = \"Edit {edit}\"\ntemplate = \"marker.html\"\n[extra]\nedit = {edit}\n+++\n\
         Body of edit {edit}.\n"
    )
}

/// Counts the responses and checks each one (one Lua state per wrk thread; `done` reads them all).
const CHECKS: &str = r#"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  checked, torn, mixed, markers, highest = 0, 0, 0, 0, 0
  css_min = tonumber(CSS_MIN)
end
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", PATHS[(n % #PATHS) + 1])
end
function response(status, headers, body)
  checked = checked + 1
  if string.sub(body, 1, 9) == "<!DOCTYPE" then
    if not string.find(body, "</html>%s*$") then torn = torn + 1 end
    local title = string.match(body, "<title>Edit (%d+)</title>")
    if title then
      markers = markers + 1
      local text = string.match(body, "<p>Body of edit (%d+)%.</p>")
      local footer = string.match(body, "<footer>edit (%d+)</footer>")
      if text ~= title or footer ~= title then mixed = mixed + 1 end
      if tonumber(title) > highest then highest = tonumber(title) end
    end
  elseif #body < css_min then
    torn = torn + 1
  end
end
function done(summary, latency, requests)
  local sum = {checked = 0, torn = 0, mixed = 0, markers = 0, highest = 0}
  for _, t in ipairs(threads) do
    for k, _ in pairs(sum) do
      local v = t:get(k)
      if k == "highest" then sum[k] = math.max(sum[k], v) else sum[k] = sum[k] + v end
    end
  end
  local e = summary.errors
  io.write(string.format(
    "loess-load requests=%d seconds=%.1f p50_us=%d p99_us=%d status_errors=%d socket_errors=%d " ..
    "checked=%d torn=%d mixed=%d markers=%d highest=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout,
    sum.checked, sum.torn, sum.mixed, sum.markers, sum.highest))
end
"#;

/// The site: the benchmark kit's when `LOESS_GEN_SITE` names its generator, else one made here.
fn generate(dir: &Path) {
    match std::env::var_os("LOESS_GEN_SITE") {
        Some(generator) => {
            let status = Command::new("python3")
                .arg(generator)
                .args(["--pages", &PAGES.to_string(), "--seed", "1", "--out"])
                .arg(dir)
                .status()
                .expect("python3 runs gen_site.py");
            assert!(status.success(), "gen_site.py failed");
        }
        None => generate_here(dir),
    }
    let write = |rel: &str, text: &str| {
        std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(rel), text).unwrap();
    };
    write("templates/marker.html", MARKER_TEMPLATE);
    write("content/marker.md", &marker(0));
}

/// A site of the benchmark's shape: posts sorted by date and paginated by 10, tagged, with a
/// base template, a page template and a stylesheet.
fn generate_here(dir: &Path) {
    let write = |rel: &str, text: String| {
        std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(rel), text).unwrap();
    };
    write(
        "config.toml",
        "base_url = \"https://example.com\"\ntitle = \"Load\"\ngenerate_feeds = true\n\
         taxonomies = [{ name = \"tags\", paginate_by = 10 }]\n"
            .into(),
    );
    write(
        "templates/base.html",
        "<!DOCTYPE html>\n<html><head><title>{% block title %}{{ config.title }}{% endblock %}</title>\n\
         <link rel=\"stylesheet\" href=\"{{ get_url(path='style.css') }}\"></head>\n\
         <body>{% block content %}{% endblock %}<footer>{{ config.title }}</footer></body></html>\n"
            .into(),
    );
    write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}\
         {% block content %}<article><h1>{{ page.title }}</h1>{{ page.content | safe }}\
         {% if page.lower %}<a href=\"{{ page.lower.permalink }}\">next</a>{% endif %}</article>{% endblock %}"
            .into(),
    );
    let list = "{% extends \"base.html\" %}{% block content %}{% for p in paginator.pages %}\
                <a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}{% endblock %}";
    write("templates/section.html", list.into());
    write("templates/index.html", "{% extends \"base.html\" %}".into());
    write("templates/taxonomy_single.html", list.into());
    write(
        "templates/taxonomy_list.html",
        "{% extends \"base.html\" %}{% block content %}{% for t in terms %}{{ t.name }}{% endfor %}{% endblock %}"
            .into(),
    );
    write(
        "static/style.css",
        "body { margin: 0 auto; max-width: 40em; }\n".repeat(20),
    );
    write(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n".into(),
    );
    let paragraph = "Words of a *post*, with `code` and [a link](https://example.org/). ".repeat(8);
    for i in 0..PAGES {
        let body: String = (0..6)
            .map(|h| format!("## Part {h}\n\n{paragraph}\n\n- one\n- two\n\n"))
            .collect();
        write(
            &format!("content/posts/post-{i:05}.md"),
            format!(
                "+++\ntitle = \"Post {i}\"\ndate = 2020-01-01T00:00:{:02}Z\n\
                 taxonomies = {{ tags = [\"t{}\", \"t{}\"] }}\n+++\n{body}[next](@/posts/post-{:05}.md)\n",
                i % 60,
                i % 20,
                i % 7,
                (i + 1) % PAGES
            ),
        );
    }
}

/// Saves `text` to `path` as editors do: to a hidden file beside it, then renamed over it.
fn save(path: &Path, text: &str) -> Result<(), String> {
    let name = path.file_name().unwrap().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.saving"));
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| format!("saving {}: {e}", path.display()))
}

/// Saves the marker page, a post, `page.html` and the stylesheet in turn, one every 150 ms,
/// until `stop`; counts the saves of the marker page in `edits`.
fn edit(root: PathBuf, stop: Arc<AtomicBool>, edits: Arc<AtomicUsize>) -> Result<(), String> {
    let post = root.join("content/posts/post-00010.md");
    let template = root.join("templates/page.html");
    let css = root.join("static/style.css");
    let originals: Vec<String> = [&post, &template, &css]
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        match n % 4 {
            0 => {
                let edit = edits.fetch_add(1, Ordering::Relaxed) + 1;
                save(&root.join("content/marker.md"), &marker(edit))?;
            }
            1 => save(&post, &format!("{}\nEdited {n} times.\n", originals[0]))?,
            2 => save(
                &template,
                &originals[1].replace("</article>", &format!("</article><!-- edit {n} -->")),
            )?,
            _ => save(&css, &format!("{}/* edit {n} */\n", originals[2]))?,
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    Ok(())
}

/// The value of `key=` in wrk's result line.
fn figure(line: &str, key: &str) -> f64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {key} in {line:?}"))
}

#[test]
#[ignore = "30 s under load; needs wrk: cargo test -- --ignored serve_load"]
fn serve_load_every_response_is_whole_and_from_one_build() -> Result<(), String> {
    let holder = TestSite::new();
    let root = holder.temp_dir().join("load-site");
    generate(&root);
    let css_length = std::fs::read(root.join("static/style.css")).unwrap().len();
    let server = Server::start_at(&root, &[]);
    let paths = [
        "/",
        "/posts/",
        "/posts/page/2/",
        "/posts/post-00010/",
        "/posts/post-00500/",
        "/tags/",
        "/style.css",
        "/marker/",
        "/marker/",
    ];
    let quoted: Vec<String> = paths.iter().map(|p| format!("\"{p}\"")).collect();
    let script = holder.temp_dir().join("checks.lua");
    let lua = format!(
        "PATHS = {{{}}}\nCSS_MIN = {css_length}\n{CHECKS}",
        quoted.join(", ")
    );
    std::fs::write(&script, lua).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let edits = Arc::new(AtomicUsize::new(0));
    let editor = {
        let (root, stop, edits) = (root.clone(), stop.clone(), edits.clone());
        std::thread::spawn(move || edit(root, stop, edits))
    };
    let wrk = Command::new("wrk")
        .args([
            "-t2",
            "-c64",
            &format!("-d{SECONDS}s"),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(&script)
        .arg(server.at("/"))
        .output();
    stop.store(true, Ordering::Relaxed);
    editor.join().expect("the editing thread ends")?;
    let wrk = wrk.expect("wrk runs (Debian: apt-get install wrk)");
    let report = String::from_utf8_lossy(&wrk.stdout);
    assert!(
        wrk.status.success(),
        "wrk failed:\n{report}{}",
        String::from_utf8_lossy(&wrk.stderr)
    );
    let line = report
        .lines()
        .find(|l| l.starts_with("loess-load "))
        .unwrap_or_else(|| panic!("no result line from wrk:\n{report}"));

    let printed: Vec<String> = server.stdout.try_iter().collect();
    let rebuilds = printed.iter().filter(|l| l.contains(", rebuilt (")).count();
    let errors: Vec<String> = server.stderr.try_iter().collect();
    let requests = figure(line, "requests");
    let seconds = figure(line, "seconds");
    println!(
        "{PAGES} pages, {SECONDS} s, 2 threads, 64 connections: {:.0} requests/s, \
         latency p50 {:.2} ms, p99 {:.2} ms, {} rebuilds, {} marker edits\n{report}",
        requests / seconds,
        figure(line, "p50_us") / 1000.0,
        figure(line, "p99_us") / 1000.0,
        rebuilds,
        edits.load(Ordering::Relaxed),
    );
    assert!(
        errors.is_empty(),
        "the server reported:\n{}",
        errors.join("\n")
    );
    for key in ["status_errors", "socket_errors", "torn", "mixed"] {
        assert_eq!(figure(line, key), 0.0, "{key}: {line}");
    }
    assert_eq!(figure(line, "checked"), requests, "{line}");
    assert!(requests > 1000.0, "{line}");
    assert!(
        rebuilds >= 5,
        "only {rebuilds} rebuilds:\n{}",
        printed.join("\n")
    );
    // The edits reached the served pages: later marker pages were seen.
    assert!(
        figure(line, "markers") > 0.0 && figure(line, "highest") >= 3.0,
        "{line}"
    );
    Ok(())
}
