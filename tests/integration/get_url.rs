//! `get_url`: Zola's exact trailing-slash rules, `@/` content paths and anchors, feed names,
//! sub-path base URLs, and `cachebust`.
//!
//! Every expected line is what Zola 0.22.1 renders for the same template, with the base URL
//! written with and without a final slash, and with a sub-path.

use sha2::{Digest, Sha256};

use crate::support::TestSite;

const CSS: &str = "body { color: red }\n";

/// The home page rendered with `base_url`: each path with `get_url` plain and with
/// `trailing_slash=true`, one per line, then two cache-busted URLs.
fn render(base_url: &str) -> String {
    TestSite::new()
        .file(
            "config.toml",
            format!("base_url = \"{base_url}\"\ngenerate_feeds = true\n"),
        )
        .file("static/css/site.css", CSS)
        .file("content/_index.md", "+++\n+++\n")
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\n## Part\n")
        .file(
            "templates/index.html",
            r##"{% set paths = ["/", "", "x", "/x", "x/", "/x/", "x.css", "/css/site.css", "a/b.html", "#top", "atom.xml", "/blog/atom.xml", "rss.xml", "@/a.md", "@/a.md#part", "@/_index.md"] -%}
{% for p in paths %}[{{ p | safe }}] {{ get_url(path=p) | safe }} {{ get_url(path=p, trailing_slash=true) | safe }}
{% endfor %}cachebust: {{ get_url(path="css/site.css", cachebust=true) | safe }} {{ get_url(path="/css/site.css", cachebust=true) | safe }}"##,
        )
        .build()
        .html("index.html")
}

/// The first 20 hex digits of the SHA-256 of `bytes`, as `cachebust` appends them.
fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..20].to_string()
}

fn expected(base: &str) -> String {
    let hash = short_hash(CSS.as_bytes());
    format!(
        "[/] {base} {base}/
[] {base} {base}/
[x] {base}/x {base}/x/
[/x] {base}/x {base}/x/
[x/] {base}/x {base}/x/
[/x/] {base}/x {base}/x/
[x.css] {base}/x.css {base}/x.css/
[/css/site.css] {base}/css/site.css {base}/css/site.css/
[a/b.html] {base}/a/b.html {base}/a/b.html/
[#top] {base}/#top {base}/#top
[atom.xml] {base}/atom.xml {base}/atom.xml
[/blog/atom.xml] {base}/blog/atom.xml {base}/blog/atom.xml
[rss.xml] {base}/rss.xml {base}/rss.xml/
[@/a.md] {base}/a/ {base}/a/
[@/a.md#part] {base}/a/#part {base}/a/#part
[@/_index.md] {base}/ {base}/
cachebust: {base}/css/site.css?h={hash} {base}/css/site.css?h={hash}"
    )
}

#[test]
fn the_root_has_no_trailing_slash_unless_asked() {
    assert_eq!(
        render("https://example.org"),
        expected("https://example.org")
    );
}

#[test]
fn a_base_url_with_a_final_slash_gives_the_same_urls() {
    assert_eq!(
        render("https://example.org/"),
        expected("https://example.org")
    );
}

#[test]
fn a_sub_path_is_kept() {
    assert_eq!(
        render("https://example.org/sub"),
        expected("https://example.org/sub")
    );
    assert_eq!(
        render("https://example.org/sub/"),
        expected("https://example.org/sub")
    );
}

#[test]
fn cachebust_hashes_the_file_and_fails_for_a_missing_one() {
    let hash = short_hash(CSS.as_bytes());
    assert_eq!(hash.len(), 20);
    assert!(hash
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    // The SHA-256 of "body { color: red }\n" starts d92e15bd3da4deb8dabf (`sha256sum`).
    assert_eq!(hash, "d92e15bd3da4deb8dabf");
    let error = TestSite::new()
        .file(
            "templates/index.html",
            "{{ get_url(path='missing.css', cachebust=true) }}",
        )
        .build_error();
    assert!(
        error.contains("`get_url`: cannot find or read the file `missing.css` for `cachebust`"),
        "{error}"
    );
}

#[test]
fn a_missing_content_path_is_an_error() {
    let error = TestSite::new()
        .file("templates/index.html", "{{ get_url(path='@/nope.md') }}")
        .build_error();
    assert!(
        error.contains("`get_url`: there is no content file `nope.md` for `@/nope.md`"),
        "{error}"
    );
}

/// As in Zola, the home page of another language keeps its slash (`get_url(path="/",
/// lang="fr")` is `…/fr/`), while other paths get the language in front and lose it. A path
/// whose first segment is the language keeps it once (Zola doubles it, `…/fr/fr/x`, unless
/// the path starts with `/`), and one that only starts with the same letters (`free` for
/// `fr`) gets it (Zola leaves it out when the path starts with `/`): kept on purpose.
#[test]
fn a_language_home_keeps_its_trailing_slash() {
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\n[languages.fr]\n",
        )
        .file(
            "templates/index.html",
            "{{ get_url(path='/', lang='fr') }} {{ get_url(path='/') }} \
             {{ get_url(path='blog/', lang='fr') }} {{ get_url(path='fr/x', lang='fr') }} \
             {{ get_url(path='/free', lang='fr') }}",
        )
        .build();
    assert_eq!(
        built.html("index.html"),
        "https://example.org/fr/ https://example.org https://example.org/fr/blog https://example.org/fr/x \
         https://example.org/fr/free"
    );
}
