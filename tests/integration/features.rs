//! Site features: ordering and neighbours, templates and themes, sub-paths, drafts, bundles.

use crate::support::TestSite;

/// Templates that print a page's neighbours and a section's order as plain text.
fn probe_site() -> TestSite {
    TestSite::new()
        .file(
            "templates/page.html",
            "{{ page.slug }} lower={% if page.lower %}{{ page.lower.slug }}{% endif %} higher={% if page.higher %}{{ page.higher.slug }}{% endif %}",
        )
        .file("templates/section.html", "{% for p in section.pages %}{{ p.slug }} {% endfor %}")
        .file("templates/index.html", "root")
}

/// A section sorted by `sort_by` with three pages whose keys disagree with their file names.
fn sorted_site(sort_by: &str) -> TestSite {
    probe_site()
        .file("content/s/_index.md", format!("+++\nsort_by = \"{sort_by}\"\n+++\n"))
        .file("content/s/a.md", "+++\ntitle = \"Zeta 10\"\ndate = 2025-01-02\nweight = 3\nslug = \"p-b\"\n+++\n")
        .file("content/s/b.md", "+++\ntitle = \"Zeta 9\"\ndate = 2025-01-03\nupdated = 2025-01-01\nweight = 1\nslug = \"p-c\"\n+++\n")
        .file("content/s/c.md", "+++\ntitle = \"alpha\"\ndate = 2025-01-01\nupdated = 2025-02-01\nweight = 2\nslug = \"p-a\"\n+++\n")
}

fn order_and_neighbours(sort_by: &str) -> (String, Vec<String>) {
    let built = sorted_site(sort_by).build();
    let order = built.html("s/index.html").trim().to_string();
    let pages = ["p-a", "p-b", "p-c"]
        .iter()
        .map(|slug| built.html(&format!("s/{slug}/index.html")))
        .collect();
    (order, pages)
}

#[test]
fn date_lists_newest_first_and_higher_is_earlier() {
    let (order, pages) = order_and_neighbours("date");
    assert_eq!(order, "p-c p-b p-a");
    assert_eq!(
        pages,
        [
            "p-a lower=p-b higher=",
            "p-b lower=p-c higher=p-a",
            "p-c lower= higher=p-b"
        ]
    );
}

#[test]
fn update_date_uses_the_later_of_date_and_updated() {
    let (order, _) = order_and_neighbours("update_date");
    assert_eq!(order, "p-a p-c p-b");
}

#[test]
fn weight_ascends_and_lower_is_lighter() {
    let (order, pages) = order_and_neighbours("weight");
    assert_eq!(order, "p-c p-a p-b");
    assert_eq!(pages[1], "p-b lower=p-a higher=");
    assert_eq!(pages[2], "p-c lower= higher=p-a");
}

#[test]
fn title_is_natural_and_case_insensitive_title_bytes_is_not() {
    assert_eq!(order_and_neighbours("title").0, "p-a p-c p-b");
    assert_eq!(order_and_neighbours("title_bytes").0, "p-b p-c p-a");
}

#[test]
fn slug_and_permalink_orders() {
    assert_eq!(order_and_neighbours("slug").0, "p-a p-b p-c");
    assert_eq!(order_and_neighbours("permalink").0, "p-a p-b p-c");
}

#[test]
fn none_keeps_file_order_without_neighbours() {
    let (order, pages) = order_and_neighbours("none");
    assert_eq!(order, "p-b p-c p-a");
    assert_eq!(pages[0], "p-a lower= higher=");
}

#[test]
fn pages_without_the_sort_key_are_left_out_with_a_warning() {
    let site = sorted_site("date").file("content/s/undated.md", "+++\ntitle = \"Undated\"\n+++\n");
    let built = site.build();
    assert_eq!(built.html("s/index.html").trim(), "p-c p-b p-a");
    // As Zola 0.22.1 does, a page no section lists is not built.
    assert!(!built.has("s/undated/index.html"), "{}", built.listing());
    assert_eq!(
        built.warnings(),
        [
            "content/s/undated.md: not listed in s/_index.md, which is sorted by date, because it \
          has no date; as in Zola, the page is not built"
        ]
    );
}

/// Three pages whose sort keys are all equal, in files whose order is not their permalinks'.
fn tied_site(sort_by: &str) -> TestSite {
    let front = |path: &str| {
        format!(
            "+++\ntitle = \"Same\"\ndate = 2025-01-01\nupdated = 2025-01-02\nweight = 1\n\
             slug = \"same\"\npath = \"{path}\"\ntaxonomies = {{ tags = [\"t\"] }}\n+++\n"
        )
    };
    TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
        )
        .file("templates/page.html", "")
        .file(
            "templates/section.html",
            "{% for p in section.pages %}{{ p.path | safe }} {% endfor %}",
        )
        .file(
            "templates/taxonomy_single.html",
            "{% for p in term.pages %}{{ p.path | safe }} {% endfor %}",
        )
        .file("templates/taxonomy_list.html", "")
        .file(
            "content/s/_index.md",
            format!("+++\nsort_by = \"{sort_by}\"\n+++\n"),
        )
        .file("content/s/a.md", front("z-last"))
        .file("content/s/b.md", front("m-mid"))
        .file("content/s/c.md", front("a-first"))
}

#[test]
fn ties_in_every_order_go_by_permalink_as_in_zola() {
    for sort_by in [
        "date",
        "update_date",
        "title",
        "title_bytes",
        "weight",
        "slug",
    ] {
        let built = tied_site(sort_by).build();
        assert_eq!(
            built.html("s/index.html"),
            "/a-first/ /m-mid/ /z-last/ ",
            "{sort_by}"
        );
    }
    // Term pages list dated pages newest first, ties by permalink, then the undated ones.
    let built = tied_site("none")
        .file(
            "content/s/d.md",
            "+++\ndate = 2025-02-01\npath = \"zz-newer\"\ntaxonomies = { tags = [\"t\"] }\n+++\n",
        )
        .file(
            "content/s/0.md",
            "+++\npath = \"0-undated\"\ntaxonomies = { tags = [\"t\"] }\n+++\n",
        )
        .build();
    assert_eq!(
        built.html("tags/t/index.html"),
        "/zz-newer/ /a-first/ /m-mid/ /z-last/ /0-undated/ "
    );
}

#[test]
fn a_page_with_only_an_update_date_is_not_listed_by_date() {
    let built = sorted_site("date")
        .file(
            "content/s/later.md",
            "+++\nupdated = 2025-06-01\nslug = \"p-u\"\n+++\n",
        )
        .build();
    assert_eq!(built.html("s/index.html").trim(), "p-c p-b p-a");
    assert_eq!(
        built.warnings(),
        [
            "content/s/later.md: not listed in s/_index.md, which is sorted by date, because it \
          has no date; as in Zola, the page is not built"
        ]
    );
    // By update date it is listed, as in Zola.
    let built = sorted_site("update_date")
        .file(
            "content/s/later.md",
            "+++\nupdated = 2025-06-01\nslug = \"p-u\"\n+++\n",
        )
        .build();
    assert_eq!(built.html("s/index.html").trim(), "p-u p-a p-c p-b");
}

#[test]
fn site_templates_override_the_theme_and_can_extend_it() {
    let built = TestSite::fixture("override").build();
    built.check(
        "notes/first/index.html",
        &[
            "theme header",
            "<p class=\"site-page\">First note</p><p class=\"theme-page\">First note</p>",
        ],
    );
    built.check(
        "notes/index.html",
        &["<p class=\"theme-section\">Notes</p>"],
    );
    built.check("index.html", &["<p class=\"theme-index\">Override</p>"]);
    assert_eq!(
        built.html("style.css").trim(),
        "body { color: blue; }",
        "site static wins"
    );
    assert_eq!(built.html("theme.txt").trim(), "theme only");
}

#[test]
fn a_site_without_templates_builds_with_the_defaults() {
    let built = TestSite::new()
        .file(
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
        )
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
        )
        .file(
            "content/blog/one.md",
            "+++\ntitle = \"One\"\ndate = 2025-01-01\n+++\nFirst.\n",
        )
        .file(
            "content/blog/two.md",
            "+++\ntitle = \"Two\"\ndate = 2025-01-02\n+++\nSecond.\n",
        )
        .build();
    built.check(
        "index.html",
        &[
            "<h1>Home</h1>",
            "<p>Welcome.</p>",
            "href=\"https://example.org/blog/\"",
        ],
    );
    built.check(
        "blog/index.html",
        &["<a href=\"https://example.org/blog/two/\">Two</a>"],
    );
    built.check(
        "blog/one/index.html",
        &[
            "<h1>One</h1>",
            "<p>First.</p>",
            "<a rel=\"next\" href=\"https://example.org/blog/two/\">Two</a>",
        ],
    );
    built.check("404.html", &["Page not found"]);
}

#[test]
fn a_sub_path_base_url_is_in_every_link() {
    let site = TestSite::example();
    let options = loess::BuildOptions {
        base_url: Some("https://example.org/blog/".into()),
        ..site.options()
    };
    let built = site.build_with(options);
    built.check(
        "articles/ningxia-bitcoin-mining/index.html",
        &[
            "href=\"https://example.org/blog/style.css\"",
            "href=\"https://example.org/blog/articles/heze-bitcoin-mining/\"",
            "href=\"https://example.org/blog/articles/ningxia-bitcoin-mining/#geopolitical-implications\"",
        ],
    );
    built.check(
        "index.html",
        &["href=\"https://example.org/blog/articles/bitcoin-mining-and-selling/\""],
    );
    let html = built.html("index.html");
    assert!(
        !html.contains("https://example.org/articles/"),
        "a link lost the sub-path:\n{html}"
    );
}

#[test]
fn sub_path_in_config_and_get_url() {
    let built = TestSite::new()
        .file("config.toml", "base_url = \"https://example.org/docs\"\n")
        .file(
            "templates/page.html",
            "{{ get_url(path='@/a.md') | safe }} {{ get_url(path='x.css') | safe }} {{ get_url(path='/x', trailing_slash=true) | safe }} {{ current_path | safe }} {{ current_url | safe }}",
        )
        .file("content/a.md", "+++\n+++\n")
        .build();
    assert_eq!(
        built.html("a/index.html"),
        "https://example.org/docs/a/ https://example.org/docs/x.css https://example.org/docs/x/ /a/ https://example.org/docs/a/"
    );
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let site = probe_site()
        .file("content/s/_index.md", "+++\nsort_by = \"date\"\n+++\n")
        .file("content/s/done.md", "+++\ndate = 2025-01-01\n+++\n")
        .file(
            "content/s/wip.md",
            "+++\ndate = 2025-01-02\ndraft = true\n+++\n",
        )
        .file("content/hidden/_index.md", "+++\ndraft = true\n+++\n")
        .file("content/hidden/inner.md", "+++\n+++\n");
    let built = site.build();
    assert!(
        !built.has("s/wip/index.html")
            && !built.has("hidden/index.html")
            && !built.has("hidden/inner/index.html")
    );
    assert_eq!(built.html("s/done/index.html"), "done lower= higher=");
    let with_drafts = site.build_with(loess::BuildOptions {
        drafts: true,
        ..site.options()
    });
    assert_eq!(
        with_drafts.html("s/done/index.html"),
        "done lower=wip higher="
    );
    assert!(with_drafts.has("hidden/inner/index.html"));
}

#[test]
fn page_bundles_carry_their_assets() {
    let built = TestSite::fixture("bundles")
        .file("templates/page.html", "{{ page.date }} {{ page.assets | join(sep=',') | safe }} {{ page.colocated_path | safe }}")
        .file("templates/section.html", "{{ section.assets | join(sep=',') | safe }}")
        .file("templates/index.html", "")
        .build();
    assert_eq!(
        built.html("trips/ningxia-trip/index.html"),
        "2025-03-01 /trips/ningxia-trip/img/photo.txt,/trips/ningxia-trip/map.txt trips/2025-03-01-ningxia-trip/"
    );
    assert_eq!(built.html("trips/ningxia-trip/map.txt").trim(), "map");
    assert_eq!(
        built.html("trips/ningxia-trip/img/photo.txt").trim(),
        "photo"
    );
    assert_eq!(built.html("trips/index.html"), "/trips/cover.txt");
    assert_eq!(built.html("trips/cover.txt").trim(), "section asset");
}

#[test]
fn nested_sections_orphans_and_ancestors() {
    let built = TestSite::new()
        .file("templates/page.html", "{{ page.ancestors | join(sep=',') | safe }}|{{ page.components | join(sep='/') | safe }}")
        .file(
            "templates/section.html",
            "{{ section.subsections | join(sep=',') | safe }}|{{ section.ancestors | join(sep=',') | safe }}",
        )
        .file("templates/index.html", "{{ section.subsections | join(sep=',') | safe }}")
        .file("content/a/_index.md", "+++\nweight = 2\n+++\n")
        .file("content/a/b/_index.md", "+++\n+++\n")
        .file("content/a/b/deep.md", "+++\n+++\n")
        .file("content/z/_index.md", "+++\nweight = 1\n+++\n")
        .file("content/loose/orphan.md", "+++\n+++\n")
        .build();
    assert_eq!(built.html("index.html"), "z/_index.md,a/_index.md");
    assert_eq!(built.html("a/index.html"), "a/b/_index.md|_index.md");
    assert_eq!(
        built.html("a/b/deep/index.html"),
        "_index.md,a/_index.md,a/b/_index.md|a/b/deep"
    );
    // A page in a directory without `_index.md` is an orphan: no ancestors, as in Zola.
    assert_eq!(built.html("loose/orphan/index.html"), "|loose/orphan");
}

#[test]
fn page_template_is_inherited_from_the_closest_section() {
    let built = TestSite::new()
        .file("templates/page.html", "default")
        .file("templates/essay.html", "essay")
        .file("templates/special.html", "special")
        .file(
            "content/a/_index.md",
            "+++\npage_template = \"essay.html\"\n+++\n",
        )
        .file("content/a/b/_index.md", "+++\n+++\n")
        .file("content/a/b/inner.md", "+++\n+++\n")
        .file(
            "content/a/own.md",
            "+++\ntemplate = \"special.html\"\n+++\n",
        )
        .file("content/plain.md", "+++\n+++\n")
        .build();
    assert_eq!(built.html("a/b/inner/index.html"), "essay");
    assert_eq!(built.html("a/own/index.html"), "special");
    assert_eq!(built.html("plain/index.html"), "default");
}

#[test]
fn get_page_get_section_and_markdown_filter() {
    let built = TestSite::new()
        .file(
            "templates/index.html",
            "{% set p = get_page(path='blog/one.md') %}{{ p.title }} {{ p.word_count }} \
             {% set s = get_section(path='blog/_index.md') %}{{ s.pages | length }} \
             {% set m = get_section(path='blog/_index.md', metadata_only=true) %}{{ m.pages | length }} \
             {{ '*hi* [one](@/blog/one.md)' | markdown(inline=true) | safe }}",
        )
        .file("content/blog/_index.md", "+++\nsort_by = \"date\"\n+++\n")
        .file("content/blog/one.md", "+++\ntitle = \"One\"\ndate = 2025-01-01\n+++\nthree short words\n")
        .build();
    assert_eq!(
        built.html("index.html"),
        "One 3 1 0 <em>hi</em> <a href=\"https://example.org/blog/one/\">one</a>"
    );
}

#[test]
fn slugs_and_paths_from_front_matter_and_file_names() {
    let built = probe_site()
        .file("content/s/2025-03-28_Dated Post.md", "+++\n+++\n")
        .file("content/s/custom.md", "+++\nslug = \"Über Uns\"\n+++\n")
        .file(
            "content/s/moved.md",
            "+++\npath = \"/elsewhere/deep\"\n+++\n",
        )
        .build();
    assert!(built.has("s/dated-post/index.html"), "{}", built.listing());
    assert!(built.has("s/uber-uns/index.html"), "{}", built.listing());
    assert!(
        built.has("elsewhere/deep/index.html"),
        "{}",
        built.listing()
    );
}

#[test]
fn internal_links_and_anchors_resolve() {
    let built = TestSite::new()
        .file("templates/page.html", "{{ page.content | safe }}")
        .file("content/a.md", "+++\n+++\n## Part Two\n")
        .file(
            "content/b.md",
            "+++\n+++\n[a](@/a.md#part-two) [root](@/_index.md)\n",
        )
        .build();
    built.check(
        "b/index.html",
        &[
            "<a href=\"https://example.org/a/#part-two\">a</a>",
            "<a href=\"https://example.org/\">root</a>",
        ],
    );
}
