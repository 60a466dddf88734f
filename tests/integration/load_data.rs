//! `load_data`: every format shaped as Zola shapes it (the expected values are what Zola 0.22
//! renders for `tests/fixtures/load-data/`, but for the order of BibTeX tags, which Zola
//! leaves to chance and Loess sorts), the format from the extension or the argument, paths
//! looked up as Zola does, `required=false`, shortcodes, and the errors.

use crate::support::{repo, TestSite};

fn line<'a>(html: &'a str, label: &str) -> &'a str {
    let start = format!("{label}: ");
    html.lines()
        .find_map(|l| l.strip_prefix(&start))
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{html}"))
}

#[test]
fn every_format_is_shaped_as_in_zola() {
    let built = TestSite::fixture("load-data").build();
    let html = built.html("index.html");
    let expected = [
        (
            "toml",
            r#"{"born":"1979-05-27","person":[{"age":36,"name":"Ada"},{"langs":["COBOL","FLOW-MATIC"],"name":"Grace"}],"title":"People"}"#,
        ),
        (
            "json",
            r#"{"title":"People","person":[{"name":"Ada","age":36},{"name":"Grace","ok":true,"x":null}]}"#,
        ),
        (
            "yaml",
            r#"{"title":"People","born":"1979-05-27","person":[{"name":"Ada","age":36},{"name":"Grace","langs":["COBOL","FLOW-MATIC"],"pi":3.14}]}"#,
        ),
        ("yml", r#"{"a":1}"#),
        (
            "csv",
            r#"{"headers":["Name"," Born"],"records":[["Ada","1815"],["Hopper, Grace","1906"]]}"#,
        ),
        (
            "xml",
            r##"{"root":{"@lang":"en","title":"People","person":[{"@id":1,"name":"Ada","age":36},{"@id":2,"name":"Grace","age":7,"note":"Admiral"}],"empty":{},"mixed":{"@kind":"x","#text":"text here"},"flag":true,"num":1.5}}"##,
        ),
        (
            "bibtex",
            r#"{"preambles":["Sources for the loess plateau."],"comments":["Checked in March.","Loose text between entries."],"variables":{"press":"Ningxia People's Press","site":"https://example.org/loess"},"bibliographies":[{"entry_type":"book","citation_key":"liu1985","tags":{"author":"Liu, Tungsheng","publisher":"Ningxia People's Press","title":"Loess and the Environment","url":"https://example.org/loess/books","year":"1985"}},{"entry_type":"Article","citation_key":"pye1987","tags":{"journal":"Academic Press","title":"Aeolian {Dust} and Dust Deposits","year":"1987"}}]}"#,
        ),
        ("plain", r#""Just some text.\nTwo lines & <b>.\n""#),
        (
            "csv as text",
            r#""Name, Born\nAda,1815\n\"Hopper, Grace\",1906\n""#,
        ),
        ("literal", r#"{"a":[1,2]}"#),
        ("literal text", r#""{\"a\"}""#),
        ("content", "city|people 2"),
        ("missing", "null"),
    ];
    for (label, value) in expected {
        assert_eq!(line(&html, label), value, "{label}");
    }
    // `.bib` is not a format name: without `format`, the file is text, as in Zola.
    let bib =
        std::fs::read_to_string(repo().join("tests/fixtures/load-data/data/refs.bib")).unwrap();
    assert_eq!(line(&html, "bib as text"), bib.chars().count().to_string());
    assert!(html.contains("person: Ada\nperson: Grace"), "{html}");
}

#[test]
fn shortcodes_load_data_too() {
    TestSite::fixture("load-data").build().check(
        "story/index.html",
        &["<table><tr><td>Lyon</td><td>522969</td></tr><tr><td>Ningbo</td><td>9404283</td></tr></table>"],
    );
}

#[test]
fn paths_are_looked_up_as_in_zola() {
    let built = TestSite::new()
        .file("static/a.json", "\"static\"")
        .file("a.json", "\"root\"")
        .file("content/b.json", "\"content\"")
        .file("themes/t/static/c.json", "\"theme\"")
        .file("themes/t/templates/index.html", "")
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntheme = \"t\"\n",
        )
        .file(
            "templates/index.html",
            "{{ load_data(path='a.json') }} {{ load_data(path='/b.json') }} \
             {{ load_data(path='c.json') }} {{ load_data(path='@/b.json') }} \
             {{ load_data(path='static/a.json') }}",
        )
        .build();
    assert_eq!(
        built.html("index.html"),
        "root content theme content static"
    );
}

#[test]
fn errors_name_the_file_and_the_problem() {
    let error_of = |template: &str| {
        TestSite::new()
            .file("data/a.yaml", "a: [1, 2\nb: 3\n")
            .file("data/b.csv", "x,y\n1\n")
            .file("data/c.txt", b"caf\xe9".as_slice())
            .file("templates/index.html", template)
            .build_error()
    };
    let cases = [
        (
            "{{ load_data(path='data/a.yaml') }}",
            "`load_data`: data/a.yaml:2:",
        ),
        (
            "{{ load_data(path='data/b.csv') }}",
            "`load_data`: data/b.csv:2: invalid CSV: this row has 1 field, the header has 2",
        ),
        (
            "{{ load_data(path='data/c.txt') }}",
            "`load_data`: data/c.txt:1:4: invalid UTF-8 (byte 0xe9)",
        ),
        (
            "{{ load_data(path='data/b.csv', format='ini') }}",
            "`load_data`: unknown format `ini`: use toml, json, yaml, csv, xml, bibtex or plain",
        ),
        (
            "{{ load_data(path='data/b.csv', encoding='latin1') }}",
            "`load_data`: data must be UTF-8 text; encoding `latin1` is not supported",
        ),
        (
            "{{ load_data(url='https://example.org/a.json', literal='x') }}",
            "`load_data` needs one of a `path`, a `url` or a `literal` argument",
        ),
        (
            "{{ load_data(path='data/b.csv', literal='x') }}",
            "`load_data` needs one of a `path`, a `url` or a `literal` argument",
        ),
        (
            "{{ load_data(literal='{', format='json') }}",
            "`load_data`: (literal):1:1: invalid JSON: EOF while parsing an object",
        ),
        (
            "{{ load_data(path='../outside.json', required=true) }}",
            "`load_data`: there is no file `../outside.json`",
        ),
    ];
    for (template, expected) in cases {
        let error = error_of(template);
        assert!(error.contains(expected), "{template}:\n{error}");
        assert!(
            error.contains("Function call 'load_data' failed\n"),
            "{error}"
        );
        assert!(
            error.contains("\n  --> templates/index.html:1:4\n"),
            "{error}"
        );
    }
}

#[test]
fn a_parse_error_is_an_error_even_when_not_required() {
    let error = TestSite::new()
        .file("data/a.toml", "a = \n")
        .file(
            "templates/index.html",
            "{{ load_data(path='data/a.toml', required=false) }}",
        )
        .build_error();
    assert!(
        error.contains("`load_data`: data/a.toml:1:5: invalid TOML:"),
        "{error}"
    );
}

#[test]
fn loess_serve_builds_again_when_a_data_file_changes() {
    let site = TestSite::new()
        .file("static/towns.json", r#"["Lyon", "Ningbo"]"#)
        .file("content/story/rows.csv", "city\nYan'an\n")
        .file("rivers.toml", "names = [\"Wei\"]")
        .file(
            "templates/index.html",
            "{{ load_data(path='towns.json') | join(sep=', ') }}; \
             {% set rows = load_data(path='@/story/rows.csv') %}{{ rows.records | length }} rows; \
             {% set rivers = load_data(path='rivers.toml') %}{{ rivers.names | join(sep=', ') }}",
        );
    let server = crate::serve::Server::start(&site, &[]);
    server.wait_for_text("/", "Lyon, Ningbo; 1 rows; Wei");
    std::fs::write(site.root.join("rivers.toml"), "names = [\"Wei\", \"Fen\"]").unwrap();
    server.wait_for_text("/", "rows; Wei, Fen");
    std::fs::write(site.root.join("static/towns.json"), r#"["Lyon", "Xi'an"]"#).unwrap();
    server.wait_for_text("/", "Lyon, Xi&#x27;an; 1 rows");
    let rows = site.root.join("content/story/rows.csv");
    std::fs::write(rows, "city\nYan'an\nBaotou\n").unwrap();
    server.wait_for_text("/", "2 rows");
}
