//! Taxonomies: list and term pages and their templates, term slugs and merging, the order of
//! terms and of a term's pages, `get_taxonomy`, `get_taxonomy_term`, `get_taxonomy_url`,
//! `render = false`, `taxonomy_root`, and a page naming a taxonomy the config lacks.
//!
//! Every expected text is what Zola 0.22.1 renders for the same site, except where a test says
//! otherwise.

use crate::support::{Built, TestSite};

fn built() -> Built {
    TestSite::fixture("taxonomies").build()
}

#[test]
fn the_taxonomy_specific_templates_win_over_the_generic_ones() {
    let built = built();
    // `tags/list.html` and `tags/single.html` for tags.
    assert_eq!(
        built.html("tags/index.html"),
        "tags/list.html: tags /tags/ https://example.org/tags/\n\
         Apple pie|apple-pie|/tags/apple-pie/|https://example.org/tags/apple-pie/|2|2\n\
         C++|c|/tags/c/|https://example.org/tags/c/|1|1\n\
         energie solaire|energie-solaire|/tags/energie-solaire/|https://example.org/tags/energie-solaire/|2|2\n\
         Rust|rust|/tags/rust/|https://example.org/tags/rust/|5|5\n\
         Zebra|zebra|/tags/zebra/|https://example.org/tags/zebra/|2|2\n"
    );
    assert_eq!(
        built.html("tags/c/index.html"),
        "tags/single.html: tags C++ c https://example.org/tags/c/ /tags/c/ https://example.org/tags/c/\nmiddle "
    );
    // `taxonomy_list.html` and `taxonomy_single.html` for categories.
    assert_eq!(
        built.html("categories/index.html"),
        "taxonomy_list.html: categories\nHow To|how-to|1\nNews|news|2\n"
    );
    assert_eq!(
        built.html("categories/news/index.html"),
        "taxonomy_single.html: categories News\nnew undated "
    );
    assert_eq!(
        built.html("categories/how-to/index.html"),
        "taxonomy_single.html: categories How To\nold "
    );
}

#[test]
fn unicode_and_spaces_are_slugified_and_names_sharing_a_slug_merge() {
    let built = built();
    // "Énergie Solaire" and "energie solaire" are one term, named by the first name in byte
    // order ("e" < "É"); "Rust"/"rust" and "Zebra"/"zebra" likewise.
    assert_eq!(
        built.html("tags/energie-solaire/index.html"),
        "tags/single.html: tags energie solaire energie-solaire https://example.org/tags/energie-solaire/ \
         /tags/energie-solaire/ https://example.org/tags/energie-solaire/\nnew old "
    );
    assert_eq!(
        built.html("tags/apple-pie/index.html"),
        "tags/single.html: tags Apple pie apple-pie https://example.org/tags/apple-pie/ \
         /tags/apple-pie/ https://example.org/tags/apple-pie/\nnew middle "
    );
    // Pages keep the names they wrote.
    assert_eq!(
        built.html("blog/old/index.html"),
        "old tags=[Rust,Énergie Solaire,zebra] categories=[How To]"
    );
}

#[test]
fn a_terms_pages_are_newest_first_then_undated() {
    // Zola 0.22.1 differs here for merged terms: it lists the pages of the first name, then
    // those of the others (`middle old undated new also-undated`), an artefact of how it merges.
    // Loess sorts the merged term as a whole, as the documentation describes.
    let built = built();
    assert_eq!(
        built.html("tags/rust/index.html"),
        "tags/single.html: tags Rust rust https://example.org/tags/rust/ /tags/rust/ \
         https://example.org/tags/rust/\nnew middle old also-undated undated "
    );
    assert_eq!(
        built.html("tags/zebra/index.html"),
        "tags/single.html: tags Zebra zebra https://example.org/tags/zebra/ /tags/zebra/ \
         https://example.org/tags/zebra/\nold undated "
    );
}

#[test]
fn taxonomy_functions() {
    let built = built();
    assert_eq!(
        built.html("index.html"),
        "get_taxonomy: tags en https://example.org/tags/\n\
         Apple pie=new,middle, C++=middle, energie solaire=new,old, \
         Rust=new,middle,old,also-undated,undated, Zebra=old,undated, \n\
         get_taxonomy_term: energie solaire energie-solaire https://example.org/tags/energie-solaire/ 2 2\n\
         include_pages=false: Rust 0 5\n\
         get_taxonomy_url: https://example.org/tags/energie-solaire/ \
         https://example.org/tags/energie-solaire/ https://example.org/categories/how-to/\n\
         authors: Ann=2 Bob=1 "
    );
}

/// The home page of the fixture replaced by `template`.
fn render_index(template: &str) -> Result<String, String> {
    let site = TestSite::fixture("taxonomies").file("templates/index.html", template);
    match site.try_build_with(site.options()) {
        Ok(_) => Ok(std::fs::read_to_string(site.public().join("index.html")).unwrap()),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn get_taxonomy_term_finds_a_term_by_its_exact_name() {
    // As in Zola: `get_taxonomy_url` compares slugs, `get_taxonomy_term` names.
    let template = "{% set names = ['energie solaire', 'Énergie Solaire', 'rust', 'nope'] %}\
                    {% for n in names %}{% set t = get_taxonomy_term(kind='tags', term=n, required=false) %}\
                    {{ n }}={% if t %}{{ t.slug }}{% else %}none{% endif %};{% endfor %}\
                    {% set k = 'nope' %}{% set x = get_taxonomy(kind=k, required=false) %}{% if x %}found{% else %}none{% endif %}";
    assert_eq!(
        render_index(template).unwrap(),
        "energie solaire=energie-solaire;Énergie Solaire=none;rust=none;nope=none;none"
    );
    let error = render_index("{{ get_taxonomy_term(kind='tags', term='rust') }}").unwrap_err();
    assert!(
        error.contains("`get_taxonomy_term`: there is no term `rust` in taxonomy `tags`"),
        "{error}"
    );
    let error = render_index("{{ get_taxonomy(kind='nope') }}").unwrap_err();
    assert!(
        error.contains("`get_taxonomy`: there is no taxonomy `nope` in language `en`"),
        "{error}"
    );
    let error = render_index("{{ get_taxonomy_url(kind='tags', name='nope') }}").unwrap_err();
    assert!(
        error.contains("`get_taxonomy_url`: there is no term `nope` in taxonomy `tags`"),
        "{error}"
    );
}

/// Zola 0.22.1 prints `none none`. A call with literal arguments is evaluated once (see
/// `templates/hoist.rs`); one whose value is null stays a call, as a context cannot hold null.
#[test]
fn a_constant_call_may_find_nothing() {
    let template = "{% set t = get_taxonomy_term(kind='tags', term='nope', required=false) %}\
                    {% if t %}found{% else %}none{% endif %} \
                    {% set x = get_taxonomy(kind='nope', required=false) %}{% if x %}found{% else %}none{% endif %}";
    assert_eq!(render_index(template).unwrap(), "none none");
}

#[test]
fn a_taxonomy_with_render_false_writes_nothing_but_is_available() {
    let built = built();
    assert!(
        !built.files().iter().any(|f| f.starts_with("authors")),
        "{}",
        built.listing()
    );
    assert!(built.html("index.html").ends_with("authors: Ann=2 Bob=1 "));
    assert!(!built.html("sitemap.xml").contains("/authors/"));
}

#[test]
fn every_output_file() {
    assert_eq!(
        built().files(),
        [
            "404.html",
            "also-undated/index.html",
            "blog/index.html",
            "blog/middle/index.html",
            "blog/new/index.html",
            "blog/old/index.html",
            "categories/how-to/index.html",
            "categories/index.html",
            "categories/news/index.html",
            "index.html",
            "robots.txt",
            "sitemap.xml",
            "tags/apple-pie/index.html",
            "tags/c/index.html",
            "tags/energie-solaire/index.html",
            "tags/index.html",
            "tags/rust/index.html",
            "tags/zebra/index.html",
            "undated/index.html",
        ]
    );
}

#[test]
fn taxonomy_root_and_languages_prefix_the_paths() {
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntaxonomy_root = \"topics\"\n\
             taxonomies = [{ name = \"tags\" }]\n[languages.fr]\ntaxonomies = [{ name = \"tags\" }]\n",
        )
        .file("content/p.md", "+++\n[taxonomies]\ntags = [\"A b\"]\n+++\n")
        .file("content/p.fr.md", "+++\n[taxonomies]\ntags = [\"Été\"]\n+++\n")
        .file(
            "templates/index.html",
            "{{ get_taxonomy_url(kind='tags', name='A b') | safe }} \
             {{ get_taxonomy_url(kind='tags', name='Été', lang='fr') | safe }} \
             {% set t = get_taxonomy(kind='tags') %}{{ t.permalink | safe }} \
             {% for i in t.items %}{{ i.path | safe }}{% endfor %}",
        )
        .file(
            "templates/taxonomy_single.html",
            "{{ term.path | safe }} {{ current_path | safe }}",
        )
        .file("templates/taxonomy_list.html", "{{ current_path | safe }}")
        .build();
    assert_eq!(
        built.html("index.html"),
        "https://example.org/topics/tags/a-b/ https://example.org/fr/topics/tags/ete/ \
         https://example.org/topics/tags/ /topics/tags/a-b/"
    );
    assert_eq!(
        built.html("topics/tags/a-b/index.html"),
        "/topics/tags/a-b/ /topics/tags/a-b/"
    );
    assert_eq!(
        built.html("fr/topics/tags/ete/index.html"),
        "/fr/topics/tags/ete/ /fr/topics/tags/ete/"
    );
    assert_eq!(built.html("fr/topics/tags/index.html"), "/fr/topics/tags/");
    assert!(!built.has("tags/index.html"));
}

#[test]
fn a_page_naming_an_unconfigured_taxonomy_is_an_error() {
    // Zola: "Page `…/content/q.md` has taxonomy `categories` which is not defined in config.toml".
    let error = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
        )
        .file(
            "content/q.md",
            "+++\n[taxonomies]\ncategories = [\"x\"]\n+++\n",
        )
        .build_error();
    assert_eq!(
        error,
        "content/q.md: taxonomy `categories` is not configured for language `en` in the config's `taxonomies`"
    );
    // A taxonomy of another language only is not configured for the default one.
    let error = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\n[languages.fr]\ntaxonomies = [{ name = \"tags\" }]\n",
        )
        .file("content/q.md", "+++\n[taxonomies]\ntags = [\"x\"]\n+++\n")
        .build_error();
    assert_eq!(
        error,
        "content/q.md: taxonomy `tags` is not configured for language `en` in the config's `taxonomies`"
    );
}
