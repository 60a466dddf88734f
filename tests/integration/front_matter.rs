//! Front matter in YAML, between `---` lines, as Zola 0.22.1 reads it: the same keys as TOML
//! front matter, for pages and sections, with mistakes reported at their line in the YAML.

use crate::support::TestSite;

const PAGE_TEMPLATE: &str = "{{ page.title }}|{{ page.date }}|{{ page.description }}|\
    {{ page.taxonomies.tags | join(sep=',') }}|{{ page.extra.n }}|\
    {{ page.extra.list | join(sep=',') }}|{{ page.content | safe }}";

fn site() -> TestSite {
    TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
        )
        .file("templates/page.html", "{{ page.title }}")
        .file(
            "templates/section.html",
            "{{ section.title }}:{% for p in section.pages %} {{ p.slug }}{% endfor %}",
        )
}

#[test]
fn a_yaml_page_builds_as_its_toml_twin() {
    let yaml = "---\ntitle: Hello \"YAML\"\ndate: 2025-03-28\ndescription: >\n  folded\n  text\n\
                taxonomies:\n  tags: [rust, web]\nextra:\n  n: 3\n  list: [1, two]\n  none: ~\n\
                ---\nBody *here*.\n";
    let toml =
        "+++\ntitle = 'Hello \"YAML\"'\ndate = 2025-03-28\ndescription = \"folded text\\n\"\n\
                [taxonomies]\ntags = [\"rust\", \"web\"]\n[extra]\nn = 3\nlist = [1, \"two\"]\n\
                +++\nBody *here*.\n";
    let built = site()
        .file("templates/page.html", PAGE_TEMPLATE)
        .file("content/yaml.md", yaml)
        .file("content/toml.md", toml)
        .build();
    let expected = "Hello &quot;YAML&quot;|2025-03-28|folded text\n|rust,web|3|1,two|\
                    <p>Body <em>here</em>.</p>\n";
    assert_eq!(built.html("yaml/index.html"), expected);
    assert_eq!(built.html("toml/index.html"), expected);
    assert!(built.has("tags/rust/index.html"));
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_yaml_section_sorts_its_pages() {
    let built = site()
        .file(
            "content/s/_index.md",
            "---\ntitle: Listed\nsort_by: weight\n---\n",
        )
        .file("content/s/a.md", "---\nweight: 2\n---\n")
        .file("content/s/b.md", "---\nweight: 1\n---\n")
        .file("content/s/c.md", "\n---\r\nweight: 3\r\n---\r\n")
        .build();
    assert_eq!(built.html("s/index.html"), "Listed: b a c");
}

#[test]
fn yaml_mistakes_are_reported_at_their_line() {
    let error = |front: &str| {
        site()
            .file("content/a.md", format!("---\n{front}---\nBody.\n"))
            .build_error()
    };
    assert_eq!(
        error("title: A\ndraft: \"yes\"\n"),
        "content/a.md:3:8: invalid type: string \"yes\", expected a boolean\n  |\n\
         3 | draft: \"yes\"\n  |        ^"
    );
    assert_eq!(
        error("title: A\ndate: yesterday\n"),
        "content/a.md:3:7: invalid date `yesterday`: expected a date like 2025-03-28 or a \
         date-time like 2025-03-28T09:30:00Z\n  |\n3 | date: yesterday\n  |       ^"
    );
    let broken = error("title: A\n  weight: [1\n");
    assert!(
        broken.starts_with("content/a.md:3:") && broken.contains("invalid YAML"),
        "{broken}"
    );
    let unclosed = site().file("content/a.md", "---\ntitle: A\n").build_error();
    assert!(
        unclosed.starts_with(
            "content/a.md:1:1: front matter opened here is never closed by a `---` line"
        ),
        "{unclosed}"
    );
    let built = site()
        .file("content/a.md", "---\ntitle: A\ntitel: B\n---\n")
        .build();
    assert_eq!(
        built.warnings(),
        ["content/a.md:3:1: unknown front matter key `titel` is ignored (did you mean `title`?)"]
    );
}
