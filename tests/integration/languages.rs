//! Languages: `page.fr.md` and `_index.fr.md` under `/fr/`, `page.translations`, `trans`,
//! `get_url(lang=...)`, per-language config and taxonomies, and file names naming a language
//! the config lacks.
//!
//! Checked against Zola 0.22.1 with the same fixture. Where Loess differs on purpose:
//! `translations` are in a fixed order (the default language first, then by code) where Zola's
//! follow a hash set; `get_url(path="/x.css", lang="fr")` gives `…/fr/x.css` where Zola gives
//! `…/fr//x.css`.

use crate::support::{Built, TestSite};

fn built() -> Built {
    TestSite::fixture("languages").build()
}

/// What the fixture's page template prints after the translations.
const FUNCTIONS: &str = "https://example.org/blog/post/ https://example.org/fr/blog/post/ \
                         https://example.org/fr/blog https://example.org/fr/x.css";

#[test]
fn translated_pages_and_sections_live_under_their_language() {
    let built = built();
    assert_eq!(
        built.html("fr/blog/index.html"),
        "fr fr Le blog /fr/blog/ pages=seul post translations=en:Blog fr:Le blog "
    );
    assert_eq!(
        built.html("blog/index.html"),
        "en en Blog /blog/ pages=post translations=en:Blog fr:Le blog "
    );
    // Every language has a root section, with or without `_index.LANG.md`.
    assert_eq!(
        built.html("fr/index.html"),
        "fr fr Accueil /fr/ pages=translations=en:Home de: fr:Accueil "
    );
    assert_eq!(
        built.html("de/index.html"),
        "de de  /de/ pages=translations=en:Home de: fr:Accueil "
    );
    assert_eq!(
        built.html("index.html"),
        "en en Home / pages=translations=en:Home de: fr:Accueil "
    );
}

#[test]
fn translations_hold_every_version_including_itself() {
    let site = TestSite::fixture("languages");
    let built = site.build();
    // As in Zola, `path` is the absolute path of the file.
    let c = site.root.join("content");
    let c = c.display();
    let translations = format!(
        "translations=\
         en:Post:https://example.org/blog/post/:{c}/blog/post.md \
         de:Beitrag:https://example.org/de/blog/post/:{c}/blog/post.de.md \
         fr:Article:https://example.org/fr/blog/post/:{c}/blog/post.fr.md "
    );
    assert_eq!(
        built.html("blog/post/index.html"),
        format!("en en Post /blog/post/ {translations}| Hello Hello Hallo | {FUNCTIONS} none")
    );
    assert_eq!(
        built.html("fr/blog/post/index.html"),
        format!(
            "fr fr Article /fr/blog/post/ {translations}| Hello Bonjour Hallo | {FUNCTIONS} Mon site"
        )
    );
    assert_eq!(
        built.html("de/blog/post/index.html"),
        format!(
            "de de Beitrag /de/blog/post/ {translations}| Hello Hallo Hallo | {FUNCTIONS} none"
        )
    );
    // A page that exists in one language only is its own only translation, and keeps its slug.
    assert_eq!(
        built.html("fr/blog/seul/index.html"),
        format!(
            "fr fr Seulement /fr/blog/seul/ translations=fr:Seulement:https://example.org/fr/blog/seul/:{c}/blog/only.fr.md \
             | Hello Bonjour Hallo | {FUNCTIONS} Mon site"
        )
    );
}

#[test]
fn each_language_has_its_own_taxonomies() {
    let built = built();
    assert_eq!(
        built.html("tags/index.html"),
        "en tags t:https://example.org/tags/t/ "
    );
    assert_eq!(
        built.html("fr/tags/index.html"),
        "fr tags t-fr:https://example.org/fr/tags/t-fr/ "
    );
    assert_eq!(
        built.html("fr/auteurs/ann/index.html"),
        "fr Ann https://example.org/fr/blog/post/"
    );
    assert!(!built.has("auteurs/index.html") && !built.has("de/tags/index.html"));
}

#[test]
fn every_output_file() {
    assert_eq!(built().files(), files_without_fallback());
}

#[test]
fn trans_needs_a_known_key_and_language() {
    let render = |template: &str| {
        let site = TestSite::fixture("languages").file("templates/index.html", template);
        site.try_build_with(site.options())
            .map(|_| std::fs::read_to_string(site.public().join("index.html")).unwrap())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        render("{{ trans(key='hello', lang='fr') }}").unwrap(),
        "Bonjour"
    );
    let error = render("{{ trans(key='bye') }}").unwrap_err();
    assert!(
        error.contains("`trans`: there is no translation `bye` for language `en`"),
        "{error}"
    );
    let error = render("{{ trans(key='hello', lang='es') }}").unwrap_err();
    assert!(
        error.contains("`trans`: there is no translation `hello` for language `es`"),
        "{error}"
    );
}

#[test]
fn a_file_naming_an_unconfigured_language_is_an_error() {
    // Zola: "File \"…/content/blog/post.es.md\" has a language code of es which isn't present
    // in the config.toml `languages`".
    let error = TestSite::fixture("languages")
        .file("content/blog/post.es.md", "+++\n+++\n")
        .build_error();
    assert_eq!(
        error,
        "content/blog/post.es.md: language code `es` is not one of the languages in the config's [languages]"
    );
    // On a site with one language, a dot in a file name is part of its name (slugified as
    // `post-fr`, as in Zola).
    let built = TestSite::new()
        .file("content/post.fr.md", "+++\n+++\n")
        .build();
    assert!(built.has("post-fr/index.html"), "{}", built.listing());
}

/// `translation_fallback` (a Loess addition, off by default so Zola sites keep Zola's output):
/// what a language lacks is built there from the default language's version.
#[test]
fn missing_translations_fall_back_to_the_default_language_when_asked() {
    let site = TestSite::fixture("languages");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let site = site.file(
        "config.toml",
        config.replace(
            "taxonomies = [{ name = \"tags\" }]\n",
            "taxonomies = [{ name = \"tags\" }]\ntranslation_fallback = true\n",
        ),
    );
    let built = site.build();
    // German had only `post.de.md`: the blog section now exists in German, built from the
    // English `_index.md`, and lists the German post.
    assert_eq!(
        built.html("de/blog/index.html"),
        "de de Blog /de/blog/ pages=post translations=en:Blog de:Blog fr:Le blog "
    );
    let added: Vec<String> = built
        .files()
        .into_iter()
        .filter(|f| !files_without_fallback().contains(&f.as_str()))
        .collect();
    // German configures no taxonomy, so the fallback brings no German tag pages.
    assert_eq!(added, ["de/blog/index.html"]);
}

/// Every file the fixture gives (without the fallback).
fn files_without_fallback() -> Vec<&'static str> {
    vec![
        "404.html",
        "blog/index.html",
        "blog/post/index.html",
        "de/blog/post/index.html",
        "de/index.html",
        "fr/auteurs/ann/index.html",
        "fr/auteurs/index.html",
        "fr/blog/index.html",
        "fr/blog/post/index.html",
        "fr/blog/seul/index.html",
        "fr/index.html",
        "fr/tags/index.html",
        "fr/tags/t-fr/index.html",
        "index.html",
        "robots.txt",
        "sitemap.xml",
        "tags/index.html",
        "tags/t/index.html",
    ]
}
