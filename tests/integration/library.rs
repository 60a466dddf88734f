//! Zola's template library beyond the site functions: `get_hash`, `base64_encode`,
//! `base64_decode`, `regex_replace`, `num_format`, and Tera's own built-ins such as `now`.

use sha2::{Digest, Sha256};

use crate::support::TestSite;

#[test]
fn hashes_and_filters_in_a_template() {
    let built = TestSite::new()
        .file("static/app.js", "console.log(1);\n")
        .file(
            "templates/index.html",
            "{{ get_hash(path='app.js', sha_type=256, base64=false) }}|\
             {{ get_hash(literal='abc', sha_type=256) | safe }}|\
             {{ 'Loess' | base64_encode }}|{{ 'TG9lc3M=' | base64_decode }}|\
             {{ 'a-b-c' | regex_replace(pattern='-', rep='+') }}|{{ 12345678 | num_format }}|\
             {{ now() | date(format='%Y') | length }}",
        )
        .build();
    let file_hash: String = Sha256::digest(b"console.log(1);\n")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        built.html("index.html"),
        format!("{file_hash}|ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=|TG9lc3M=|Loess|a+b+c|12,345,678|4")
    );
}

#[test]
fn a_missing_file_is_a_template_error() {
    let error = TestSite::new()
        .file("templates/index.html", "{{ get_hash(path='nope.css') }}")
        .build_error();
    assert!(
        error.contains("`get_hash`: cannot find or read the file `nope.css`"),
        "{error}"
    );
}

#[test]
fn dates_are_formatted_in_the_locale_asked_for() {
    // What Zola 0.22.1 writes for the same template.
    let built = TestSite::new()
        .file("content/_index.md", "+++\n+++\n")
        .file(
            "content/p.md",
            "+++\ntitle = \"P\"\ndate = 2024-03-03T10:00:00Z\n+++\n",
        )
        .file(
            "templates/page.html",
            "{{ page.date | date(format='%A %-d %B %Y', locale='fr_FR') }}|\
             {{ page.date | date(format='%A %-d %B %Y', locale='de_DE') }}|\
             {{ page.date | date(format='%a %b', locale='fr_FR') }}|\
             {{ page.date | date(format='%A %B') }}",
        )
        .build();
    assert_eq!(
        built.html("p/index.html"),
        "dimanche 3 mars 2024|Sonntag 3 März 2024|dim. mars|Sunday March"
    );
}

#[test]
fn an_unknown_locale_is_an_error() {
    let error = TestSite::new()
        .file(
            "templates/index.html",
            "{{ '2024-03-03' | date(format='%B', locale='xx_YY') }}",
        )
        .build_error();
    assert!(
        error.contains("Error parsing `xx_YY` as a locale"),
        "{error}"
    );
}
