//! The same input gives byte-identical output: every file, its path and its bytes. Each site
//! is built twice into two directories, once through the library in this process and once by
//! the binary in another (whose hash maps are seeded differently), and the trees compared.

use std::collections::BTreeMap;

use loess::BuildOptions;

use crate::support::{contents, corpus_cases, TestSite};

/// Builds `site` into two output directories and checks that they hold the same files.
fn check_builds_alike(name: &str, site: &TestSite) {
    let first = site.temp_dir().join("first");
    let second = site.temp_dir().join("second");
    site.build_with(BuildOptions {
        output_dir: Some(first.clone()),
        ..site.options()
    });
    let out = second.to_str().unwrap();
    let run = site.run(&["build", "--quiet", "--output-dir", out]);
    assert_eq!(run.code, Some(0), "{name}: {run:?}");
    let (first, second) = (contents(&first), contents(&second));
    assert!(first.len() > 3, "{name}: only {} files", first.len());
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second), "{name}: different files");
    for (rel, bytes) in &first {
        if *bytes != second[rel] {
            panic!(
                "{name}: {rel} differs between two builds:\n{}\n-- and --\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&second[rel])
            );
        }
    }
}

#[test]
fn the_example_site_builds_byte_identically() {
    check_builds_alike("the example site", &TestSite::example());
}

#[test]
fn every_fixture_site_builds_byte_identically() {
    let sites: Vec<String> = corpus_cases("")
        .into_iter()
        // Corpora of failing sites, sites built only by `loess check` (broken on purpose),
        // and the image site, whose images its tests draw first.
        .filter(|name| {
            !["bad", "warnings", "anchors", "check-broken", "images"].contains(&name.as_str())
        })
        .collect();
    assert!(sites.len() >= 10, "{sites:?}");
    for name in sites {
        check_builds_alike(&name, &TestSite::fixture(&name));
    }
}

/// A site where many things tie: pages with one date, one weight or one title, terms shared
/// by many pages, two languages, pagination, feeds, aliases and shortcodes.
fn site_with_ties() -> TestSite {
    let mut site = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"Ties\"\ngenerate_feeds = true\n\
             feed_filenames = [\"atom.xml\", \"rss.xml\"]\n\
             taxonomies = [{ name = \"tags\", feed = true, paginate_by = 3 }, { name = \"authors\" }]\n\
             [languages.fr]\ngenerate_feeds = true\ntaxonomies = [{ name = \"tags\" }, { name = \"authors\" }]\n\
             [extra]\nb = 2\na = 1\nc = { z = 1, y = 2 }\n",
        )
        .file(
            "templates/shortcodes/n.html",
            "<i>{{ nth }}-{{ page.title }}</i>",
        )
        .file(
            "templates/page.html",
            "{{ page.title }}|{{ page.content | safe }}|{% for k, v in config.extra %}{{ k }}{% endfor %}\
             |{% for t, terms in page.taxonomies %}{{ t }}:{{ terms | join(sep=',') }};{% endfor %}\
             |{% if page.lower %}{{ page.lower.title }}{% endif %}|{% if page.higher %}{{ page.higher.title }}{% endif %}\
             |{% for tr in page.translations %}{{ tr.lang }}{% endfor %}\
             |{% set tags = get_taxonomy(kind='tags') %}{% for t in tags.items %}{{ t.name }}={{ t.pages | length }},{% endfor %}",
        );
    let sorts = [
        ("date", "dated"),
        ("weight", "weighed"),
        ("title", "titled"),
    ];
    for (sort_by, dir) in sorts {
        site = site.file(
            &format!("content/{dir}/_index.md"),
            format!("+++\nsort_by = \"{sort_by}\"\npaginate_by = 4\ngenerate_feeds = true\n+++\n"),
        );
        for i in 0..24 {
            let tags: Vec<String> = (0..(i % 5) + 1).map(|t| format!("\"tag{t}\"")).collect();
            let page = format!(
                "+++\ntitle = \"Same {}\"\ndate = 2025-01-0{}\nweight = {}\n\
                 aliases = [\"/old/{dir}/{i}/\"]\n\
                 taxonomies = {{ tags = [{}], authors = [\"Ann\", \"Bo\"] }}\n+++\n\
                 # Heading\n\n# Heading\n\n{{{{ n() }}}} {{{{ n() }}}} [self](@/{dir}/p{i}.md#heading-1)\n",
                i % 3,
                1 + i % 2,
                i % 4,
                tags.join(", ")
            );
            site = site.file(&format!("content/{dir}/p{i}.md"), &page);
            if i % 3 == 0 {
                let page = page.replace("/old/", "/fr/old/");
                site = site.file(&format!("content/{dir}/p{i}.fr.md"), &page);
            }
        }
    }
    site
}

#[test]
fn a_site_full_of_ties_builds_byte_identically() {
    check_builds_alike("a site full of ties", &site_with_ties());
}

#[test]
fn a_static_file_and_an_asset_at_one_path_give_the_static_file_every_time() {
    // Large enough that two copies racing to one file would show as a mix of both.
    const SIZE: usize = 4 << 20;
    let site = TestSite::new()
        .file("content/a/index.md", "+++\ntitle = \"A\"\n+++\n")
        .file("content/a/photo.jpg", vec![b'A'; SIZE])
        .file("static/a/photo.jpg", vec![b'S'; SIZE]);
    check_builds_alike("a static file over an asset", &site);
    for _ in 0..3 {
        let built = site.build();
        let bytes = std::fs::read(built.out.join("a/photo.jpg")).unwrap();
        assert!(bytes.len() == SIZE && bytes.iter().all(|&b| b == b'S'));
    }
}
