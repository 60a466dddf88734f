//! Code highlighting with `[markdown.highlighting]`: the HTML of every fence option is
//! pinned to what Zola 0.22 writes for the same fixture (`tests/fixtures/highlighting/`),
//! class-style stylesheets are written to the output (never into `static/`), the site's own
//! grammars and themes are read, and unknown languages and themes are reported with places.

use crate::support::{repo, TestSite};

fn expected(name: &str) -> String {
    let path = repo()
        .join("tests/fixtures/highlighting/expected")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn inline_styles_match_zola_for_every_fence_option() {
    let built = TestSite::fixture("highlighting").build();
    assert_eq!(built.html("code/index.html"), expected("code.html"));
    // The `markdown` filter highlights as content does.
    assert_eq!(built.html("index.html"), expected("index.html"));
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

#[test]
fn fence_options_shape_the_lines() {
    let html = TestSite::fixture("highlighting")
        .build()
        .html("code/index.html");
    // `linenostart=10` with `hide_lines=2`: lines 10 and 12 are shown, 11 is not.
    assert!(html.contains(">10</span><span style=\"color: #F97583;\">import</span>"));
    assert!(html.contains(">12</span>"));
    assert!(!html.contains("secret"));
    // `name=demo` is kept as a data attribute; `hl_lines` marks lines 1, 2 and 4 of the JS.
    assert!(html.contains("data-name=\"demo\""));
    let js = &html[html.find("data-lang=\"javascript\"").unwrap()..];
    let js = &js[..js.find("</pre>").unwrap()];
    assert_eq!(js.matches("background-color: #2B3036").count(), 3);
    // Languages go by the grammar's name; a block without a language, and an indented one,
    // are plain text in the theme.
    assert!(html.contains("data-lang=\"python\""));
    assert_eq!(html.matches("data-lang=\"plain\"").count(), 2);
}

fn class_site() -> TestSite {
    TestSite::fixture("highlighting").file(
        "config.toml",
        "base_url = \"https://example.com\"\n\n[markdown.highlighting]\nstyle = \"class\"\n\
         light_theme = \"github-light\"\ndark_theme = \"github-dark\"\n",
    )
}

#[test]
fn class_style_writes_the_stylesheets_into_the_output_only() {
    let site = class_site();
    let built = site.build();
    let html = built.html("code/index.html");
    assert!(html.contains("<pre class=\"giallo z-code\"><code data-lang=\"rust\">"));
    assert!(
        html.contains("<span class=\"z-keyword\">fn</span>"),
        "{html}"
    );
    assert!(!html.contains("style=\"color"));
    for css in ["giallo-light.css", "giallo-dark.css"] {
        let text = built.html(css);
        assert!(text.contains(".z-code {"), "{css}: {text}");
        assert!(text.contains(".z-hl {"), "{css}: {text}");
    }
    assert!(built.html("giallo-dark.css").contains("#24292E"));
    assert!(built.html("giallo-light.css").contains("#FFFFFF"));
    // Zola writes these into `static/`; Loess writes only into its output directory.
    assert!(!site.root.join("static").exists());
}

#[test]
fn a_stylesheet_in_static_wins_over_the_generated_one() {
    let built = class_site()
        .file("static/giallo-dark.css", "/* mine */\n")
        .build();
    assert_eq!(built.html("giallo-dark.css"), "/* mine */\n");
    assert!(built.html("giallo-light.css").contains(".z-code {"));
}

#[test]
fn the_sites_own_grammar_and_theme_are_used() {
    let grammar = r#"{
  "name": "loesslang",
  "scopeName": "source.loesslang",
  "patterns": [{ "match": "\\bfold\\b", "name": "keyword.control.loesslang" }]
}"#;
    let theme = r##"{
  "name": "loess-mono",
  "type": "dark",
  "colors": { "editor.background": "#101010", "editor.foreground": "#EEEEEE" },
  "tokenColors": [{ "scope": "keyword", "settings": { "foreground": "#FF0000" } }]
}"##;
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.com\"\n[markdown.highlighting]\ntheme = \"loess-mono\"\n\
             extra_grammars = [\"grammars/loess.json\"]\nextra_themes = [\"themes-hl/mono.json\"]\n",
        )
        .file("grammars/loess.json", grammar)
        .file("themes-hl/mono.json", theme)
        .file("templates/page.html", "{{ page.content | safe }}")
        .file("content/p.md", "+++\ntitle = \"P\"\n+++\n```loesslang\nfold the dough\n```\n")
        .build();
    assert_eq!(
        built.html("p/index.html"),
        "<pre class=\"giallo\" style=\"color: #EEEEEE; background-color: #101010;\">\
         <code data-lang=\"loesslang\"><span class=\"giallo-l\"><span style=\"color: #FF0000;\">\
         fold</span><span> the dough</span></span></code></pre>"
    );
}

#[test]
fn an_unknown_language_is_a_warning_with_its_place() {
    let built = TestSite::fixture("highlighting")
        .file(
            "content/more.md",
            "+++\ntitle = \"More\"\n+++\nText.\n\n```klingon\nQapla'\n```\n",
        )
        .build();
    assert_eq!(
        built.warnings(),
        [
            "content/more.md:6:1: the highlighter does not know the language `klingon`; shown as \
          plain text"
        ]
    );
    assert!(built
        .html("more/index.html")
        .contains("<code data-lang=\"plain\"><span class=\"giallo-l\"><span>Qapla&#39;</span>"));
}

#[test]
fn an_unknown_language_can_be_an_error() {
    let error = TestSite::fixture("highlighting")
        .file(
            "config.toml",
            "base_url = \"https://example.com\"\n[markdown.highlighting]\ntheme = \"nord\"\n\
             error_on_missing_language = true\n",
        )
        .file(
            "content/more.md",
            "+++\ntitle = \"More\"\n+++\nText.\n\n```klingon\nQapla'\n```\n",
        )
        .build_error();
    assert_eq!(
        error,
        "content/more.md:6:1: the highlighter does not know the language `klingon`\n  |\n\
         6 | ```klingon\n  | ^"
    );
}

#[test]
fn an_unknown_theme_is_an_error_at_its_line() {
    let error = TestSite::fixture("highlighting")
        .file(
            "config.toml",
            "base_url = \"https://example.com\"\n\n[markdown.highlighting]\n\
             light_theme = \"github-light\"\ndark_theme = \"github-drak\"\n",
        )
        .build_error();
    assert_eq!(
        error,
        "config.toml:5:14: the highlighting theme `github-drak` does not exist; use one of VS \
         Code's themes as giallo names them (`github-dark`, `catppuccin-latte`, `nord`, ...) or \
         add its JSON file to `extra_themes`\n  |\n5 | dark_theme = \"github-drak\"\n  |              ^"
    );
}

#[test]
fn an_old_theme_name_falls_back_with_a_warning() {
    let built = TestSite::fixture("highlighting")
        .file(
            "config.toml",
            "base_url = \"https://example.com\"\n[markdown]\nhighlight_code = true\n\
             highlight_theme = \"base16-ocean-dark\"\n",
        )
        .build();
    assert!(built.warnings().iter().any(|w| w
        == "config.toml:4:19: the theme `base16-ocean-dark` of the old highlighter does not \
            exist in the new one (giallo, with VS Code's themes); using `github-dark`"));
    assert_eq!(built.html("code/index.html"), expected("code.html"));
}

#[test]
fn old_class_settings_still_get_their_stylesheets() {
    let built = TestSite::fixture("highlighting")
        .file(
            "config.toml",
            "base_url = \"https://example.com\"\n[markdown]\nhighlight_code = true\n\
             highlight_theme = \"css\"\nhighlight_themes_css = [\n  \
             { theme = \"base16-ocean-dark\", filename = \"syntax-theme-dark.css\" },\n  \
             { theme = \"base16-ocean-light\", filename = \"syntax-theme-light.css\" },\n]\n",
        )
        .build();
    // The old names are not giallo's: the code is highlighted with GitHub's light and dark
    // themes, and the files the old configuration names are written with them.
    assert!(built.html("syntax-theme-dark.css").contains("#24292E"));
    assert!(built.html("syntax-theme-light.css").contains("#FFFFFF"));
    assert_eq!(
        built.html("giallo-dark.css"),
        built.html("syntax-theme-dark.css")
    );
    assert!(built.warnings().iter().any(|w| w
        == "`syntax-theme-light.css` is written with the theme `github-light`: the old \
            highlighter's theme `base16-ocean-light` does not exist in the new one"));
}
