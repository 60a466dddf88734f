//! Input that is unusual but not wrong builds: a byte-order mark and CRLF line ends (as Zola
//! builds them), a 50 MB page, Markdown nested 100,000 deep (on the test's own thread stack),
//! a symbolic link out of the site, and a `path` written as an absolute path.

use crate::support::{listing, TestSite};

const CONFIG: &str = "base_url = \"https://example.org\"\r\ntitle = \"T\"\r\n";

#[test]
fn a_bom_and_crlf_line_ends_build_as_zola_builds_them() {
    // The expected bytes are Zola 0.22.1's output for the same files.
    let built = TestSite::new()
        .file("config.toml", CONFIG)
        .file("templates/index.html", "home")
        .file(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\r\n{{ page.content | safe }}\
             <aside>{{ page.summary | safe }}</aside>",
        )
        .file(
            "templates/shortcodes/note.html",
            "<div class=\"note\">\r\n{{ body }}\r\n</div>",
        )
        .file(
            "content/crlf.md",
            "\u{feff}+++\r\ntitle = \"C\"\r\ndate = 2025-01-02\r\n+++\r\n# Head\r\n\r\n\
             Intro *here*.\r\n\r\n<!-- more -->\r\n\r\n{% note() %}\r\nInside\r\nthe note.\r\n\
             {% end %}\r\n\r\n```\r\ncode\r\n```\r\n\r\n- a\r\n- b\r\n",
        )
        .build();
    assert_eq!(
        built.html("crlf/index.html"),
        "<h1>C</h1>\r\n<h1 id=\"head\">Head</h1>\n<p>Intro <em>here</em>.</p>\n\
         <span id=\"continue-reading\"></span>\n<div class=\"note\">\nInside\nthe note.\n</div>\
         <pre><code>code\n</code></pre>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n\
         <aside><h1 id=\"head\">Head</h1>\n<p>Intro <em>here</em>.</p></aside>"
    );
}

#[test]
fn an_error_in_a_crlf_file_points_at_its_line_without_the_carriage_return() {
    let error = TestSite::new()
        .file("config.toml", CONFIG)
        .file(
            "content/a.md",
            "\u{feff}+++\r\ntitle = \"A\"\r\ndate = 2025-02-30\r\n+++\r\nBody.\r\n",
        )
        .build_error();
    assert_eq!(
        error,
        "content/a.md:3:8: invalid date, expected day between 01 and 28\n  |\n\
         3 | date = 2025-02-30\n  |        ^"
    );
}

#[test]
fn a_50_mb_page_builds() {
    const SIZE: usize = 50 * 1024 * 1024;
    let paragraph = "Some *words* with [a link](https://example.org) and `code`, \
                     written again and again.\n\n";
    let mut text = String::with_capacity(SIZE + 4096);
    text.push_str("+++\ntitle = \"Big\"\n+++\n");
    let mut n = 0;
    while text.len() < SIZE {
        if n % 100 == 0 {
            text.push_str(&format!("## Part {n}\n\n"));
        }
        text.push_str(paragraph);
        n += 1;
    }
    let last = (n - 1) / 100 * 100;
    let built = TestSite::new().file("content/big.md", &text).build();
    let html = built.html("big/index.html");
    assert!(html.len() > SIZE, "{} bytes", html.len());
    assert!(html.contains(&format!("<h2 id=\"part-{last}\">Part {last}</h2>")));
    assert_eq!(html.matches("<em>words</em>").count(), n);
    assert!(html.trim_end().ends_with("</html>"));
}

/// `open` 100,000 times, then `middle`, then `close` as many times.
fn deep(open: &str, middle: &str, close: &str) -> String {
    const DEEP: usize = 100_000;
    format!("{}{middle}{}", open.repeat(DEEP), close.repeat(DEEP))
}

#[test]
fn markdown_nested_100_000_deep_builds_on_a_normal_stack() {
    let page = |title: &str, body: String| format!("+++\ntitle = \"{title}\"\n+++\n{body}\n");
    let site = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"T\"\n[markdown]\n\
             bottom_footnotes = true\ninsert_anchor_links = \"left\"\nsmart_punctuation = true\n\
             github_alerts = true\ndefinition_list = true\nexternal_links_target_blank = true\n",
        )
        .file("templates/shortcodes/b.html", "<b>{{ body }}</b>")
        .file(
            "content/quotes.md",
            page(
                "Quotes",
                deep(
                    "> ",
                    "# Deepest\n> text[^1] <!-- more --> {{ b(body=\"x\") }}\n\n[^1]: note",
                    "",
                ),
            ),
        )
        .file("content/lists.md", page("Lists", deep("- ", "## Deep", "")))
        .file("content/mixed.md", page("Mixed", deep("1. > ", "deep", "")))
        .file("content/emphasis.md", page("Emphasis", deep("*", "x", "*")))
        .file("content/links.md", page("Links", deep("[a](", "x", ")")))
        .file(
            "content/html.md",
            page("Html", deep("<div>", "x", "</div>")),
        );
    let built = site.build();
    let quotes = built.html("quotes/index.html");
    assert_eq!(quotes.matches("<blockquote>").count(), 100_000);
    assert_eq!(quotes.matches("</blockquote>").count(), 100_000);
    assert!(quotes.contains("id=\"deepest\""), "no heading id");
    let lists = built.html("lists/index.html");
    assert_eq!(lists.matches("<ul>").count(), 100_000);
    assert!(lists.contains("<h2 id=\"deep\">"));
    let mixed = built.html("mixed/index.html");
    assert_eq!(mixed.matches("<ol>").count(), 100_000);
    assert_eq!(mixed.matches("<blockquote>").count(), 100_000);
    for page in ["emphasis", "links", "html"] {
        let html = built.html(&format!("{page}/index.html"));
        assert!(html.trim_end().ends_with("</html>"), "{page}");
    }
}

#[test]
fn a_symlink_out_of_the_site_is_followed_as_zola_follows_it() {
    let site = TestSite::new();
    let outside = site.temp_dir().join("shared");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("note.md"),
        "+++\ntitle = \"Shared\"\n+++\nFrom outside.\n",
    )
    .unwrap();
    std::fs::create_dir_all(site.root.join("content")).unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("content/shared")).unwrap();
    let built = site.build();
    built.check("shared/note/index.html", &["From outside."]);
    // Nothing is written next to the linked files.
    assert_eq!(listing(&outside), ["note.md"]);
}

#[test]
fn an_absolute_path_or_alias_stays_inside_the_output_directory() {
    let built = TestSite::new()
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\npath = \"/etc/passwd\"\naliases = [\"/etc/shadow\"]\n+++\nA.\n",
        )
        .build();
    built.check("etc/passwd/index.html", &["A."]);
    built.check(
        "etc/shadow/index.html",
        &["https://example.org/etc/passwd/"],
    );
    assert!(built.out.ends_with("public"));
}
