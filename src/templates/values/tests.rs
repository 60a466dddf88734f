//! Tests of the template values: each struct's `FIELDS` is what it serializes, in order, and
//! the shared Tera 1 values assembled from their parts equal the structs serialized whole.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::config::tests::{ok, with_base, BASE, EVERY_KEY};
use crate::config::Config;
use crate::load::ContentFile;
use crate::parse::markdown::Options;
use crate::site::Site;
use crate::templates::usage::{Fields, Usage};

const CONFIG: &str = "base_url = \"https://example.org/\"\n\
    taxonomies = [{ name = \"tags\", paginate_by = 1 }]\n\
    [languages.fr]\n\
    [extra]\nowner = \"me\"\n";

/// A site with every kind of value: a transparent section, dated pages with tags,
/// neighbours, a translation, a backlink and `extra` with a date.
fn site() -> Site {
    let files = [
        ("_index.md", "+++\n+++\n"),
        ("blog/_index.md", "+++\nsort_by = \"date\"\npaginate_by = 1\n+++\n"),
        ("blog/t/_index.md", "+++\ntransparent = true\n+++\n"),
        (
            "blog/t/a.md",
            "+++\ntitle = \"A\"\ndate = 2025-03-28\nupdated = 2025-04-01\n\
             [taxonomies]\ntags = [\"x\"]\n[extra]\nwhen = 2024-01-02\n+++\nSee [b](@/blog/b.md).\n",
        ),
        (
            "blog/b.md",
            "+++\ntitle = \"B\"\ndate = 2025-03-29\n[taxonomies]\ntags = [\"x\", \"y\"]\n+++\nB\n",
        ),
        ("blog/b.fr.md", "+++\ntitle = \"B fr\"\n+++\n"),
    ];
    let config = Config::parse(Path::new("config.toml"), CONFIG).unwrap();
    let content = files
        .iter()
        .map(|(rel, text)| ContentFile {
            rel: rel.to_string(),
            shown: PathBuf::from("content").join(rel),
            text: text.to_string(),
        })
        .collect();
    let options = Options::from_config(&config, None);
    Site::assemble_cached(config, options, content, Vec::new(), false, None, None).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn page(site: &Site, rel: &str) -> usize {
    site.page_by_file[rel]
}

#[test]
fn fields_are_the_names_each_value_serializes_in_order() {
    let site = site();
    let links = SiteLinks::new(&site, Path::new("/site/content"));
    let b = page(&site, "blog/b.md");
    let p = &site.pages[b];
    let section = &site.sections[site.section_by_file["blog/_index.md"]];
    let taxonomy = &site.taxonomies[0];
    let term = &taxonomy.terms[0];
    let of_b = links.of_page(b);
    assert_eq!(
        keys(&to_value(&of_b.translations[0])),
        TranslationValue::FIELDS
    );
    assert_eq!(keys(&to_value(&of_b.backlinks[0])), BacklinkValue::FIELDS);
    let full = PageValue::new(&site, p, of_b);
    let pager = PaginatorValue {
        paginate_by: 1,
        base_url: "",
        number_pagers: 1,
        first: "",
        last: "",
        previous: None,
        next: None,
        pages: Vec::new(),
        current_index: 1,
        total_pages: 1,
    };
    let checks: [(Value, &[&str]); 9] = [
        (to_value(&full), PageValue::FIELDS),
        (
            to_value(&PageValue::before_markdown(&site, p)),
            PageValue::FIELDS,
        ),
        (
            to_value(&SectionValue::new(&site, section, Links::default())),
            SectionValue::FIELDS,
        ),
        (
            to_value(&SectionValue::before_markdown(&site, section)),
            SectionValue::FIELDS,
        ),
        (
            to_value(&TaxonomyValue::new(taxonomy)),
            TaxonomyValue::FIELDS,
        ),
        (to_value(&TermValue::new(term)), TermValue::FIELDS),
        (to_value(&FeedTermValue::new(term)), FeedTermValue::FIELDS),
        (to_value(&pager), PaginatorValue::FIELDS),
        (
            to_value(&ConfigValue::new(&site.config, "en")),
            ConfigValue::FIELDS,
        ),
    ];
    for (value, fields) in checks {
        assert_eq!(keys(&value), fields);
    }
    let search = to_value(&ConfigValue::new(&site.config, "en"))["search"].clone();
    assert_eq!(keys(&search), SearchValue::FIELDS);
}

#[test]
fn shared_values_are_the_structs_serialized_whole() {
    let expected_site = site();
    let content_dir = Path::new("/site/content");
    let links = SiteLinks::new(&expected_site, content_dir);
    let shared = Shared::new(site(), content_dir);
    let whole =
        |id: usize| PageValue::new(&expected_site, &expected_site.pages[id], links.of_page(id));
    for id in 0..expected_site.pages.len() {
        let p = &expected_site.pages[id];
        let expected = whole(id).with_neighbours(p.lower.map(whole), p.higher.map(whole));
        assert_eq!(shared.page_full(id, &Fields::All), to_value(&expected));
    }
    for (id, section) in expected_site.sections.iter().enumerate() {
        let pages = section.pages.iter().map(|&p| whole(p)).collect();
        let value = SectionValue::new(&expected_site, section, links.of_section(id));
        assert_eq!(shared.section_meta(id), to_value(&value));
        let expected = to_value(&value.with_pages(pages));
        assert_eq!(shared.section_full(id, &Fields::All), expected);
    }
    let taxonomy = &expected_site.taxonomies[0];
    let terms = taxonomy.terms.iter().map(|term| {
        TermValue::new(term).with_pages(term.pages.iter().map(|&p| whole(p)).collect())
    });
    let expected = TaxonomyValue::new(taxonomy).with_items(terms.collect());
    assert_eq!(shared.taxonomy(taxonomy, &Fields::All), to_value(&expected));
    for lang in ["en", "fr"] {
        let expected = to_value(&ConfigValue::new(&expected_site.config, lang));
        assert_eq!(shared.config(lang), &expected);
    }
    assert_eq!(keys(&shared.config("fr")["languages"]), ["en"]);
}

#[test]
fn the_usage_analysis_knows_every_page_field() {
    // Listed pages carry the page fields a template reads; other names select nothing.
    let reads: String = (PageValue::FIELDS.iter())
        .map(|field| format!("{{{{ p.{field} }}}}"))
        .collect();
    let text = format!(
        "{{% for p in section.pages %}}{reads}{{{{ p.nope }}}}{{% endfor %}}{{{{ term.name }}}}"
    );
    let mut tera = tera::Tera::default();
    tera.add_raw_template("list.html", &text).unwrap();
    let usage = Usage::analyse(&tera);
    let all = PageValue::FIELDS.iter().map(|f| f.to_string()).collect();
    assert_eq!(usage.fields("list.html").of_pages(), Fields::Only(all));
    assert_eq!(Fields::All.of_pages(), Fields::All);
}

#[test]
fn shortcodes_see_updated_before_date() {
    let site = site();
    let a = &site.pages[page(&site, "blog/t/a.md")];
    let value = page_before_markdown(&site, a);
    let mut expected = PageValue::FIELDS.to_vec();
    let date = expected.iter().position(|&f| f == "date").unwrap();
    expected.swap(date, date + 1);
    assert_eq!(keys(&value), expected);
    assert_eq!(
        (&value["updated"], &value["date"]),
        (&Value::from("2025-04-01"), &Value::from("2025-03-28"))
    );
    // Without content, and with the transparent section among the ancestors.
    assert_eq!(
        (&value["content"], &value["toc"]),
        (&Value::from(""), &Value::Array(vec![]))
    );
    assert_eq!(value["ancestors"][2], "blog/t/_index.md");
}

/// The configuration as templates see it, from a file with every key of Zola.
#[test]
fn template_value() {
    let c = ok(EVERY_KEY);
    let v = c.to_template_value();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "author",
            "base_url",
            "build_search_index",
            "default_language",
            "description",
            "exclude_paginated_pages_in_sitemap",
            "extra",
            "feed_filenames",
            "generate_feed",
            "generate_feeds",
            "generate_robots_txt",
            "generate_sitemap",
            "languages",
            "markdown",
            "mode",
            "search",
            "taxonomies",
            "title",
        ]
    );
    // As written in the file (trailing slash included), as Zola gives it; links drop the slash.
    assert_eq!(v["base_url"], "https://example.org/blog/");
    assert_eq!(c.base_url, "https://example.org/blog");
    assert_eq!(v["mode"], "build");
    assert_eq!(v["title"], "A site");
    assert_eq!(
        (&v["generate_feed"], &v["generate_feeds"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(v["feed_filenames"], json!(["atom.xml", "rss.xml"]));
    assert_eq!(
        v["taxonomies"][1],
        json!({"name": "categories", "slug": "categories", "paginate_by": 5,
               "paginate_path": "p", "render": true, "feed": false})
    );
    assert_eq!(v["search"], json!({"index_format": "fuse_json"}));
    assert_eq!(v["exclude_paginated_pages_in_sitemap"], "all");
    assert_eq!(v["extra"]["published"], "2024-05-01");
    assert_eq!(
        v["markdown"]["highlighting"],
        json!({"error_on_missing_language": true, "style": "class",
               "light_theme": "github-light", "dark_theme": "github-dark",
               "extra_grammars": ["grammars/mine.json"], "extra_themes": ["themes/mine.json"]})
    );
    assert_eq!(v["markdown"]["insert_anchor_links"], "right");
    assert_eq!(v["markdown"]["external_links_class"], "external-link");
    // The other languages, with their own settings.
    assert_eq!(v["languages"].as_object().unwrap().len(), 1);
    let fr = &v["languages"]["fr"];
    assert_eq!(fr["title"], "Un site");
    assert_eq!(fr["feed_filenames"], json!(["rss.xml"]));
    assert_eq!(fr["translations"], json!({"title": "Un titre"}));
    assert_eq!(fr["search"]["include_content"], false);
    assert_eq!(fr["search"]["index_format"], "elasticlunr_javascript");
    assert_eq!(fr["taxonomies"][0]["slug"], "auteurs");
    // Rendering French: French settings, and English among the other languages.
    let v = c.to_template_value_for("fr");
    assert_eq!(v["title"], "Un site");
    assert_eq!(v["description"], "À propos");
    assert_eq!(v["feed_filenames"], json!(["rss.xml"]));
    assert_eq!(v["languages"]["en"]["title"], "A site");
    assert!(v["languages"].get("fr").is_none());

    let v = ok(BASE).to_template_value();
    assert_eq!(v["markdown"]["highlighting"], json!(null));
    assert_eq!(v["title"], json!(null));
    assert_eq!(v["languages"], json!({}));
    let v = ok(&with_base("[markdown.highlighting]\ntheme = \"nord\"\n")).to_template_value();
    assert_eq!(
        v["markdown"]["highlighting"],
        json!({"error_on_missing_language": false, "style": "inline", "theme": "nord",
               "extra_grammars": [], "extra_themes": []})
    );
}
