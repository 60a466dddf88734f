//! The search index: `build_search_index = true` writes `search_index.LANG.js` (or `.json`)
//! with the entries and fields Zola writes, and `elasticlunr.min.js` beside it. The expected
//! texts below are those Zola 0.22 wrote for the `search` fixture.

use serde_json::Value;

use crate::support::{repo, Built, TestSite};

const BASE: &str = "https://example.org/docs";

/// The index in `rel`, without the `window.searchIndex = ` of the JavaScript form.
fn index(built: &Built, rel: &str) -> Value {
    let text = built.html(rel);
    let json = text.strip_prefix("window.searchIndex = ").unwrap_or(&text);
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel} is not JSON ({e}):\n{text}"))
}

/// The stored document of `path`.
fn doc<'a>(index: &'a Value, path: &str) -> &'a Value {
    let url = format!("{BASE}{path}");
    let doc = &index["documentStore"]["docs"][&url];
    assert!(doc.is_object(), "no document {url} in {index:#}");
    doc
}

/// The site paths of the stored documents, sorted.
fn paths(index: &Value) -> Vec<String> {
    let docs = index["documentStore"]["docs"].as_object().unwrap();
    docs.keys()
        .map(|url| url[BASE.len()..].to_string())
        .collect()
}

/// The fixture with its `[search]` tables replaced by `search`.
fn with_search(search: &str) -> TestSite {
    let config = std::fs::read_to_string(repo().join("tests/fixtures/search/config.toml")).unwrap();
    let top = config.split("\n[search]").next().unwrap();
    TestSite::fixture("search").file(
        "config.toml",
        format!("{top}\n{search}\n[languages.fr]\nbuild_search_index = true\n[languages.de]\n"),
    )
}

#[test]
fn the_index_holds_what_zola_indexes() {
    let built = TestSite::fixture("search").build();
    let en = index(&built, "search_index.en.js");
    assert!(built
        .html("search_index.en.js")
        .starts_with("window.searchIndex = {"));
    assert_eq!(
        en["fields"],
        serde_json::json!(["title", "description", "date", "path", "body"])
    );
    assert_eq!(
        (&en["ref"], &en["version"], &en["lang"]),
        (&"id".into(), &"0.9.5".into(), &"English".into())
    );
    // Not the page with `in_search_index = false`, the draft, the section that leaves the
    // index and its page, nor the section that redirects (its page stays).
    assert_eq!(
        paths(&en),
        [
            "/",
            "/blog/",
            "/blog/first/",
            "/blog/second/",
            "/blog/third/",
            "/moved/kept/"
        ]
    );
    let first = doc(&en, "/blog/first/");
    assert_eq!(first["title"], "First post");
    assert_eq!(first["description"], "Where it all starts");
    assert_eq!(first["path"], "/blog/first/");
    assert_eq!(first["date"], "2024-05-01T00:00:00Z");
    // Tags, the code block and the shortcode's script go; the text is cut at 80 characters.
    assert_eq!(
        first["body"],
        "Salt &amp; pepper are \"classic\" -- use grind() often.\nRead the manual first.\nA l"
    );
    assert_eq!(
        doc(&en, "/blog/third/")["body"],
        "Third body: 2 &lt; 3 &amp; 4 &gt; 1, a&nbsp;b © done.\nleftright\ncellx\nEnable scr"
    );
    assert_eq!(
        doc(&en, "/blog/second/")["body"],
        "Short text\nwith spaces."
    );
    assert_eq!(
        doc(&en, "/blog/second/")["date"],
        "2024-06-02T10:30:00+02:00"
    );
    assert_eq!(doc(&en, "/blog/third/")["date"], "2024-07-03T08:00:00Z");
}

#[test]
fn sections_and_undated_pages_keep_every_field_in_place() {
    // Zola leaves the date out of an entry without one, so that entry's path lands in `date`
    // and its body in `path`; Loess gives it an empty date instead.
    let built = TestSite::fixture("search").build();
    let en = index(&built, "search_index.en.js");
    let home = doc(&en, "/");
    assert_eq!(
        (
            &home["title"],
            &home["description"],
            &home["date"],
            &home["path"],
            &home["body"]
        ),
        (
            &"Home".into(),
            &"The front page".into(),
            &"".into(),
            &"/".into(),
            &"Welcome home, reader.".into()
        )
    );
    assert_eq!(
        doc(&en, "/moved/kept/")["body"],
        "A page of a redirecting section."
    );
}

#[test]
fn words_are_indexed_per_field_with_the_languages_stemmer() {
    let built = TestSite::fixture("search").build();
    let en = index(&built, "search_index.en.js");
    let token = |field: &str, word: &str| -> Value {
        let mut node = &en["index"][field]["root"];
        for c in word.chars() {
            node = &node[c.to_string()];
        }
        node["docs"].clone()
    };
    assert!(token("body", "pepper")
        .get(format!("{BASE}/blog/first/"))
        .is_some());
    assert!(token("path", "first")
        .get(format!("{BASE}/blog/first/"))
        .is_some());
    // The path's words are not the body's.
    assert!(token("path", "blog")
        .get(format!("{BASE}/blog/first/"))
        .is_some());
    assert!(token("body", "blog")
        .get(format!("{BASE}/blog/first/"))
        .is_none());
    let fr = index(&built, "search_index.fr.js");
    assert_eq!(fr["lang"], "French");
    assert_eq!(paths(&fr), ["/fr/", "/fr/blog/", "/fr/blog/first/"]);
    // 80 characters, not bytes.
    assert_eq!(
        doc(&fr, "/fr/blog/first/")["body"],
        "Été après été, les élèves étudièrent l'œuvre complète ; ça dépasse la longueur à"
    );
}

#[test]
fn only_languages_that_ask_get_an_index_and_elasticlunr_comes_along() {
    let built = TestSite::fixture("search").build();
    assert!(built.has("search_index.fr.js"));
    assert!(!built.has("search_index.de.js"));
    let script =
        std::fs::read_to_string(repo().join("src/render/assets/elasticlunr.min.js")).unwrap();
    assert_eq!(built.html("elasticlunr.min.js"), script);
    assert!(script.contains("0.9.5") && script.contains("MIT Licensed"));
}

#[test]
fn a_language_uses_its_own_search_settings() {
    let built = with_search("[search]\ninclude_description = true\n");
    let built = built.build();
    let en = index(&built, "search_index.en.js");
    assert_eq!(
        en["fields"],
        serde_json::json!(["title", "description", "body"])
    );
    // `[languages.fr]` has no `[search]`: the defaults, title and body, whole.
    let fr = index(&built, "search_index.fr.js");
    assert_eq!(fr["fields"], serde_json::json!(["title", "body"]));
    let body = doc(&fr, "/fr/blog/first/")["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(body.ends_with("coupe le texte."), "{body}");
}

#[test]
fn the_json_format_is_the_bare_index() {
    let built = with_search("[search]\nindex_format = \"elasticlunr_json\"\n").build();
    assert!(!built.has("search_index.en.js"));
    let text = built.html("search_index.en.json");
    assert!(text.starts_with('{'), "{text}");
    assert_eq!(paths(&index(&built, "search_index.en.json")).len(), 6);
    assert!(built.has("search_index.fr.json") && built.has("elasticlunr.min.js"));
}

#[test]
fn the_fuse_formats_list_entries_without_elasticlunr() {
    let built = with_search(
        "[search]\nindex_format = \"fuse_javascript\"\ninclude_path = true\ninclude_content = false\n",
    )
    .build();
    assert!(!built.has("elasticlunr.min.js"));
    let list = index(&built, "search_index.en.js");
    let first = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["url"] == format!("{BASE}/blog/first/"))
        .unwrap();
    assert_eq!(
        first,
        &serde_json::json!({"url": format!("{BASE}/blog/first/"), "title": "First post", "path": "/blog/first/"})
    );
    assert_eq!(list.as_array().unwrap().len(), 6);
}

#[test]
fn without_build_search_index_there_is_no_index() {
    let config = std::fs::read_to_string(repo().join("tests/fixtures/search/config.toml")).unwrap();
    let built = TestSite::fixture("search")
        .file(
            "config.toml",
            config.replacen("build_search_index = true\n", "", 1),
        )
        .build();
    assert!(!built
        .files()
        .iter()
        .any(|f| f.starts_with("search_index") || f.starts_with("elasticlunr")));
}

#[test]
fn drafts_are_indexed_when_they_are_built() {
    let site = TestSite::fixture("search");
    let built = site.build_with(loess::BuildOptions {
        drafts: true,
        ..site.options()
    });
    assert!(paths(&index(&built, "search_index.en.js")).contains(&"/blog/draft/".to_string()));
}

#[test]
fn a_home_page_cannot_leave_the_index() {
    let error = TestSite::fixture("search")
        .file(
            "content/_index.md",
            "+++\ntitle = \"Home\"\nin_search_index = false\n+++\n",
        )
        .build_error();
    assert_eq!(
        error,
        "content/_index.md: `in_search_index = false` on a home page, while \
         `build_search_index = true` in the config: remove one of the two"
    );
}

#[test]
fn a_language_elasticlunr_cannot_index_is_a_config_error() {
    let error = TestSite::new()
        .file(
            "config.toml",
            format!("base_url = \"{BASE}\"\nbuild_search_index = true\n[languages.ja]\nbuild_search_index = true\n"),
        )
        .build_error();
    assert!(
        error.starts_with(
            "config.toml:4:22: no search index can be built for language `ja`: the elasticlunr \
             index formats know da, de, du, en, es, fi, fr, hu, it, ko, no, pt, ro, ru, sv and tr"
        ),
        "{error}"
    );
    let fuse = TestSite::new()
        .file(
            "config.toml",
            format!(
                "base_url = \"{BASE}\"\nbuild_search_index = true\n[search]\nindex_format = \"fuse_json\"\n\
                 [languages.ja]\nbuild_search_index = true\n"
            ),
        )
        .build();
    assert!(fuse.has("search_index.ja.json"));
}
