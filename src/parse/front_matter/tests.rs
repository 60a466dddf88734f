//! Unit tests of splitting, locating and deserializing front matter.

use super::*;
use crate::toml_text::deserialize;

fn p() -> &'static Path {
    Path::new("content/a.md")
}

#[test]
fn splits_front_matter_and_body() {
    let s = split(p(), "+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
    assert_eq!(s.front_matter, "title = \"A\"\n");
    assert_eq!((s.front_matter_line, s.body, s.body_line), (2, "Body\n", 4));
}

#[test]
fn accepts_bom_crlf_and_leading_blank_lines() {
    let s = split(p(), "\u{feff}\r\n+++\r\ntitle = \"A\"\r\n+++\r\nBody").unwrap();
    assert_eq!(s.front_matter, "title = \"A\"\r\n");
    assert_eq!((s.front_matter_line, s.body_line), (3, 5));
}

#[test]
fn empty_body_and_front_matter() {
    let s = split(p(), "+++\n+++").unwrap();
    assert_eq!((s.front_matter, s.body), ("", ""));
}

#[test]
fn unclosed_front_matter_points_at_the_opening() {
    let e = split(p(), "\n+++\ntitle = 1\n").unwrap_err().to_string();
    assert_eq!(
        e,
        "content/a.md:2:1: front matter opened here is never closed by a `+++` line\n  |\n2 | +++\n  | ^"
    );
}

#[test]
fn missing_and_yaml_front_matter() {
    let e = split(p(), "# Title\n").unwrap_err().to_string();
    assert!(
        e.starts_with("content/a.md:1:1: missing front matter"),
        "{e}"
    );
    let s = split(p(), "---\ntitle: x\n---\nBody").unwrap();
    assert_eq!(
        (s.front_matter, s.format, s.body),
        ("title: x\n", Format::Yaml, "Body")
    );
    let e = split(p(), "---\ntitle: x\n+++\n").unwrap_err().to_string();
    assert!(e.contains("never closed by a `---` line"), "{e}");
    for empty in ["", "\u{feff}", " \r\n\n"] {
        let e = split(p(), empty).unwrap_err().to_string();
        assert_eq!(
            e,
            "content/a.md: the file is empty: a content file must start with front matter \
             between `+++` lines"
        );
    }
}

#[test]
fn unknown_keys_are_warnings_with_a_suggestion() {
    let text = "title = \"A\"\ntitel = \"B\"\nflavour = 1\ngenerate_feed = true\n";
    let unknown_keys = |text: &str, known: &[&str]| {
        let text = format!("+++\n{text}+++\n");
        let split = split(p(), &text).unwrap();
        let warnings = Block::of(p(), &split).unwrap().unknown_keys(known);
        warnings.iter().map(Warning::heading).collect::<Vec<_>>()
    };
    let warnings = unknown_keys(text, SectionFrontMatter::KEYS);
    assert_eq!(
        warnings,
        [
            "content/a.md:3:1: unknown front matter key `titel` is ignored (did you mean `title`?)",
            "content/a.md:4:1: unknown front matter key `flavour` is ignored",
            "content/a.md:5:1: `generate_feed` is the old name of `generate_feeds`; using it as that",
        ]
    );
    let section: SectionFrontMatter = toml::from_str("generate_feed = true").unwrap();
    assert!(section.generate_feeds);
    assert!(unknown_keys("title = 1\n[extra]\nx = 1\n", PageFrontMatter::KEYS).is_empty());
}

#[test]
fn toml_errors_are_located_in_the_file() {
    let e = deserialize::<PageFrontMatter>(p(), "title = \"A\"\ndraft = \"B\"\n", 2)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("content/a.md:3:9: invalid type: string \"B\", expected a boolean"),
        "{e}"
    );
    assert!(e.ends_with("3 | draft = \"B\"\n  |         ^"), "{e}");
    let config = Path::new("config.toml");
    let e = deserialize::<crate::config::Config>(config, "title = \"T\"\n", 1)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "config.toml: missing field `base_url`");
}

#[test]
fn sort_by_values() {
    let s: SectionFrontMatter = toml::from_str("sort_by = \"update_date\"").unwrap();
    assert_eq!(s.sort_by, SortBy::UpdateDate);
    let e = toml::from_str::<SectionFrontMatter>("sort_by = \"size\"").unwrap_err();
    assert!(e
        .message()
        .starts_with("unknown variant `size`, expected one of `date`"));
    let e = toml::from_str::<SectionFrontMatter>("sort_by = 3").unwrap_err();
    assert_eq!(e.message(), "invalid type: integer `3`, expected a string");
}
