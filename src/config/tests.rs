use std::path::Path;

use serde_json::json;

use super::*;

fn parse(text: &str) -> Result<Config> {
    Config::parse(Path::new("config.toml"), text)
}

/// The config's warnings, each as its first line.
fn warnings(config: &Config) -> Vec<String> {
    config.warnings.iter().map(Warning::heading).collect()
}

pub(crate) fn ok(text: &str) -> Config {
    parse(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The first line of the error for `text`: `path:line:col: message`.
fn error(text: &str) -> String {
    let e = parse(text).expect_err("an error").to_string();
    e.lines().next().unwrap().to_string()
}

pub(crate) const BASE: &str = "base_url = \"https://example.org\"\n";

pub(crate) fn with_base(rest: &str) -> String {
    format!("{BASE}{rest}")
}

/// Every key of Zola 0.22's configuration, each set to something else than its default.
pub(crate) const EVERY_KEY: &str = r#"
base_url = "https://example.org/blog/"
title = "A site"
description = "About things"
default_language = "en"
theme = "terrace"
output_dir = "docs"
preserve_dotfiles_in_output = true
compile_sass = true
minify_html = true
ignored_content = ["*.{graphml,xlsx}", "temp.*", "**/build_folder"]
ignored_static = ["*.psd"]
generate_feeds = true
exclude_paginated_pages_in_sitemap = "all"
feed_filenames = ["atom.xml", "rss.xml"]
feed_limit = 20
hard_link_static = true
author = "someone@example.org (Some One)"
taxonomies = [
    { name = "tags", feed = true },
    { name = "categories", paginate_by = 5, paginate_path = "p" },
    { name = "authors", render = false },
]
taxonomy_root = "blog"
build_search_index = true
generate_sitemap = false
generate_robots_txt = false

[markdown]
render_emoji = true
external_links_class = "external-link"
external_links_target_blank = true
external_links_no_follow = true
external_links_no_referrer = true
external_links_external = false
smart_punctuation = true
definition_list = true
lazy_async_image = true
bottom_footnotes = true
github_alerts = true
insert_anchor_links = "right"

[markdown.highlighting]
error_on_missing_language = true
style = "class"
light_theme = "github-light"
dark_theme = "github-dark"
extra_grammars = ["grammars/mine.json"]
extra_themes = ["themes/mine.json"]

[link_checker]
skip_prefixes = ["http://[2001:db8::]/"]
skip_anchor_prefixes = ["https://caniuse.com/"]
internal_level = "warn"
external_level = "warn"
ignored_files = ["drafts/**"]

[slugify]
paths = "safe"
taxonomies = "off"
anchors = "safe"
paths_keep_dates = true

[search]
include_title = false
include_description = true
include_date = true
include_path = true
include_content = false
truncate_content_length = 100
index_format = "fuse_json"

[translations]
title = "A title"

[languages.fr]
title = "Un site"
description = "À propos"
generate_feeds = true
feed_filenames = ["rss.xml"]
taxonomies = [{ name = "auteurs" }, { name = "tags" }]
build_search_index = true
search = { include_content = false }
translations = { title = "Un titre" }

[extra]
author = "Famous author"
published = 2024-05-01
"#;

#[test]
fn every_key_of_zola_parses() {
    let c = ok(EVERY_KEY);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.base_url, "https://example.org/blog");
    assert_eq!(c.theme_name(), Some("terrace"));
    assert_eq!(
        (c.title.as_deref(), c.description.as_deref()),
        (Some("A site"), Some("About things"))
    );
    assert_eq!(c.output_dir, "docs");
    assert!(c.preserve_dotfiles_in_output && c.compile_sass && c.minify_html);
    assert!(c.hard_link_static);
    assert_eq!(c.feed_limit, Some(20));
    assert_eq!(c.author.as_deref(), Some("someone@example.org (Some One)"));
    assert_eq!(c.taxonomy_root.as_deref(), Some("blog"));
    assert!(!c.generate_sitemap && !c.generate_robots_txt);
    assert_eq!(
        c.exclude_paginated_pages_in_sitemap,
        ExcludePaginatedPagesInSitemap::All
    );

    let en = c.default_language_options();
    assert!(en.generate_feeds && en.build_search_index);
    assert_eq!(en.feed_filenames, ["atom.xml", "rss.xml"]);
    let names: Vec<&str> = en.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["tags", "categories", "authors"]);
    assert_eq!(
        en.taxonomies[1],
        TaxonomyConfig {
            name: "categories".into(),
            slug: "categories".into(),
            paginate_by: Some(5),
            paginate_path: Some("p".into()),
            render: true,
            feed: false,
        }
    );
    assert!(en.taxonomies[0].feed && !en.taxonomies[2].render);
    assert_eq!(c.translation("title", "en"), Some("A title"));

    let fr = c.language("fr").unwrap();
    assert_eq!(fr.title.as_deref(), Some("Un site"));
    assert_eq!(fr.feed_filenames, ["rss.xml"]);
    assert!(!fr.search.include_content && fr.search.include_title);
    assert_eq!(c.translation("title", "fr"), Some("Un titre"));

    let m = &c.markdown;
    assert!(m.render_emoji && m.smart_punctuation && m.definition_list && m.github_alerts);
    assert!(m.external_links_target_blank && m.external_links_no_follow);
    assert!(m.external_links_no_referrer && !m.external_links_external);
    assert!(m.lazy_async_image && m.bottom_footnotes);
    assert_eq!(m.external_links_class.as_deref(), Some("external-link"));
    assert_eq!(m.insert_anchor_links, InsertAnchor::Right);
    let h = m.highlighting.as_ref().unwrap();
    assert!(h.error_on_missing_language && h.uses_classes());
    assert_eq!(
        h.theme,
        HighlightTheme::Dual {
            light_theme: "github-light".into(),
            dark_theme: "github-dark".into()
        }
    );
    assert_eq!(
        (h.extra_grammars.as_slice(), h.extra_themes.as_slice()),
        (
            &["grammars/mine.json".to_string()][..],
            &["themes/mine.json".to_string()][..]
        )
    );

    let l = &c.link_checker;
    assert_eq!(l.skip_prefixes, ["http://[2001:db8::]/"]);
    assert_eq!(l.skip_anchor_prefixes, ["https://caniuse.com/"]);
    assert_eq!(
        (l.internal_level, l.external_level),
        (LinkCheckerLevel::Warn, LinkCheckerLevel::Warn)
    );
    assert!(l.is_ignored_file("drafts/a.md") && !l.is_ignored_file("a.md"));

    assert_eq!(
        c.slugify,
        Slugify {
            paths: SlugifyStrategy::Safe,
            paths_keep_dates: true,
            taxonomies: SlugifyStrategy::Off,
            anchors: SlugifyStrategy::Safe,
        }
    );
    assert_eq!(
        c.search,
        Search {
            include_title: false,
            include_content: false,
            truncate_content_length: Some(100),
            include_description: true,
            include_date: true,
            include_path: true,
            index_format: IndexFormat::FuseJson,
        }
    );
    assert_eq!(c.extra["author"].as_str(), Some("Famous author"));
}

#[test]
fn defaults_are_zolas() {
    let c = ok(BASE);
    assert!(c.warnings.is_empty());
    assert_eq!(c.default_language, "en");
    assert_eq!((c.title.clone(), c.description.clone()), (None, None));
    assert_eq!(c.theme_name(), None);
    assert_eq!(c.output_dir, "public");
    assert!(c.generate_sitemap && c.generate_robots_txt);
    assert!(!c.compile_sass && !c.minify_html && !c.hard_link_static);
    assert!(!c.preserve_dotfiles_in_output);
    assert_eq!(c.feed_limit, None);
    assert_eq!(c.taxonomy_root, None);
    assert_eq!(
        c.exclude_paginated_pages_in_sitemap,
        ExcludePaginatedPagesInSitemap::None
    );
    assert_eq!(c.mode, Mode::Build);
    assert!(!c.is_multilingual());
    let en = c.default_language_options();
    assert_eq!(en, &LanguageOptions::default());
    assert_eq!(en.feed_filenames, ["atom.xml"]);
    assert!(!en.generate_feeds && !en.build_search_index && en.taxonomies.is_empty());
    assert_eq!(c.search, Search::default());
    assert!(c.search.include_title && c.search.include_content);
    assert!(!c.search.include_description && !c.search.include_date);
    assert_eq!(c.search.index_format, IndexFormat::ElasticlunrJavascript);
    assert_eq!(c.search.index_format.filename("en"), "search_index.en.js");
    assert_eq!(c.slugify, Slugify::default());
    assert_eq!(c.slugify.paths, SlugifyStrategy::On);
    let m = &c.markdown;
    assert_eq!(m, &Markdown::default());
    assert!(m.highlighting.is_none() && m.external_links_external);
    assert!(!m.render_emoji && !m.smart_punctuation && !m.github_alerts);
    assert_eq!(m.insert_anchor_links, InsertAnchor::None);
    let l = &c.link_checker;
    assert_eq!(
        (l.internal_level, l.external_level),
        (LinkCheckerLevel::Error, LinkCheckerLevel::Error)
    );
    assert!(l.skip_prefixes.is_empty() && l.ignored_files.is_empty());
    let t =
        &ok(&with_base("taxonomies = [{ name = \"Tag Names\" }]\n")).languages["en"].taxonomies[0];
    assert_eq!(
        (t.slug.as_str(), t.render, t.feed),
        ("tag-names", true, false)
    );
    assert_eq!((t.paginate_by, t.paginate_path()), (None, "page"));
}

#[test]
fn base_url_is_required_and_not_empty() {
    assert_eq!(
        parse("title = \"T\"\n").unwrap_err().to_string(),
        "config.toml: missing field `base_url`"
    );
    assert_eq!(
        error("title = \"T\"\nbase_url = \" \"\n"),
        "config.toml:2:12: `base_url` is empty: set it to the URL the site will live at, such as \"https://example.org\""
    );
    assert_eq!(
        ok("base_url = \"https://a.org/b/\"").base_url,
        "https://a.org/b"
    );
    assert_eq!(
        ok(BASE).permalink("/tags/rust/"),
        "https://example.org/tags/rust/"
    );
}

#[test]
fn unknown_keys_are_located_errors() {
    assert_eq!(
        error(&with_base("titel = \"T\"\n")),
        "config.toml:2:1: unknown field `titel`, expected one of `base_url`, `theme`, `title`, \
         `description`, `default_language`, `languages`, `translations`, `generate_feeds`, \
         `feed_limit`, `feed_filenames`, `hard_link_static`, `taxonomies`, `taxonomy_root`, \
         `author`, `compile_sass`, `minify_html`, `build_search_index`, `ignored_content`, \
         `ignored_static`, `output_dir`, `preserve_dotfiles_in_output`, `link_checker`, \
         `slugify`, `search`, `markdown`, `extra`, `generate_sitemap`, `generate_robots_txt`, \
         `exclude_paginated_pages_in_sitemap`, `translation_fallback`"
    );
    assert_eq!(
        error(&with_base(
            "[markdown]\nrender_emoji = true\nsmart_punctation = true\n"
        )),
        "config.toml:4:1: unknown field `smart_punctation`, expected one of `highlighting`, \
         `render_emoji`, `external_links_class`, `external_links_target_blank`, \
         `external_links_no_follow`, `external_links_no_referrer`, `external_links_external`, \
         `smart_punctuation`, `definition_list`, `bottom_footnotes`, `lazy_async_image`, \
         `insert_anchor_links`, `github_alerts`, `math`, `math_errors`, `responsive_images`"
    );
    assert_eq!(
        error(&with_base(
            "[markdown.highlighting]\ntheme = \"x\"\nthem = \"y\"\n"
        )),
        "config.toml:4:1: unknown field `them`, expected one of `error_on_missing_language`, \
         `style`, `theme`, `light_theme`, `dark_theme`, `extra_grammars`, `extra_themes`"
    );
    assert_eq!(
        error(&with_base("[link_checker]\nskip_prefix = []\n")),
        "config.toml:3:1: unknown field `skip_prefix`, expected one of `skip_prefixes`, \
         `skip_anchor_prefixes`, `internal_level`, `external_level`, `ignored_files`"
    );
    assert_eq!(
        error(&with_base(
            "[languages.fr]\ntitle = \"T\"\ngenerate_feedz = true\n"
        )),
        "config.toml:4:1: unknown field `generate_feedz`, expected one of `title`, \
         `description`, `generate_feeds`, `feed_filenames`, `taxonomies`, \
         `build_search_index`, `search`, `translations`"
    );
    assert_eq!(
        error(&with_base(
            "[[taxonomies]]\nname = \"tags\"\npaginate = 3\n"
        )),
        "config.toml:4:1: unknown field `paginate`, expected one of `name`, `slug`, \
         `paginate_by`, `paginate_path`, `render`, `feed`"
    );
    assert_eq!(
        error(&with_base("[search]\nindex = \"x\"\n")),
        "config.toml:3:1: unknown field `index`, expected one of `include_title`, \
         `include_content`, `truncate_content_length`, `include_description`, `include_date`, \
         `include_path`, `index_format`"
    );
    assert_eq!(
        error(&with_base("[slugify]\npath = \"on\"\n")),
        "config.toml:3:1: unknown field `path`, expected one of `paths`, `paths_keep_dates`, \
         `taxonomies`, `anchors`"
    );
    // `mode` is internal, not a key.
    assert!(error(&with_base("mode = \"serve\"\n"))
        .starts_with("config.toml:2:1: unknown field `mode`"));
}

#[test]
fn errors_show_the_line() {
    let e = parse(&with_base("[markdown]\nemoji = true\n"))
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("\n  |\n3 | emoji = true\n  | ^"), "{e}");
}

#[test]
fn values_of_the_wrong_kind() {
    assert_eq!(
        error(&with_base("[slugify]\nanchors = \"yes\"\n")),
        "config.toml:3:11: unknown variant `yes`, expected one of `on`, `safe`, `off`"
    );
    assert_eq!(
        error(&with_base("[link_checker]\ninternal_level = 1\n")),
        "config.toml:3:18: invalid type: integer `1`, expected a string"
    );
    assert_eq!(
        error(&with_base("[markdown]\ninsert_anchor_links = \"top\"\n")),
        "config.toml:3:23: unknown variant `top`, expected one of `left`, `right`, `heading`, `none`"
    );
    assert_eq!(
        error(&with_base(
            "exclude_paginated_pages_in_sitemap = \"some\"\n"
        )),
        "config.toml:2:38: unknown variant `some`, expected `none` or `all`"
    );
    assert_eq!(
        error(&with_base("[search]\nindex_format = \"lunr\"\n")),
        "config.toml:3:16: unknown variant `lunr`, expected one of `elasticlunr_json`, \
         `elasticlunr_javascript`, `fuse_json`, `fuse_javascript`, `pagefind`"
    );
    assert_eq!(
        error(&with_base(
            "[markdown.highlighting]\ntheme = \"x\"\nstyle = \"css\"\n"
        )),
        "config.toml:4:9: unknown variant `css`, expected `inline` or `class`"
    );
}

#[test]
fn language_codes_are_checked() {
    assert_eq!(
        error(&with_base("default_language = \"en1\"\n")),
        "config.toml:2:20: `en1` is not a valid language code: use a Unicode language \
         identifier such as `en`, `fr` or `pt-BR`"
    );
    assert_eq!(
        error(&with_base("[languages.fr_FR_]\n")),
        "config.toml:2:12: `fr_FR_` is not a valid language code: use a Unicode language \
         identifier such as `en`, `fr` or `pt-BR`"
    );
    let c = ok(&with_base(
        "default_language = \"pt-BR\"\n[languages.zh-Hant]\n",
    ));
    assert_eq!(c.language_codes(), ["pt-BR", "zh-Hant"]);
}

#[test]
fn the_default_language_may_have_a_languages_table() {
    let c = ok(&with_base(
        "title = \"Site\"\ntaxonomies = [{ name = \"tags\" }]\n\
         [languages.en]\ndescription = \"About\"\ngenerate_feeds = true\n\
         [languages.en.translations]\nhello = \"Hello\"\n",
    ));
    assert!(!c.is_multilingual());
    let en = c.default_language_options();
    assert_eq!(en.title.as_deref(), Some("Site"));
    assert_eq!(en.description.as_deref(), Some("About"));
    assert!(en.generate_feeds);
    assert_eq!(en.taxonomies.len(), 1);
    assert_eq!(c.translation("hello", "en"), Some("Hello"));
    assert_eq!(c.description.as_deref(), Some("About"));

    let text = with_base("title = \"Site\"\n[languages.en]\ntitle = \"Other\"\n");
    assert_eq!(
        error(&text),
        "config.toml:4:1: `title` of the default language `en` is set both here and at the top \
         level (line 2); keep one"
    );
    let text = with_base("[translations]\na = \"A\"\n[languages.en.translations]\nb = \"B\"\n");
    assert_eq!(
        error(&text),
        "config.toml:4:1: `translations` of the default language `en` is set both here and at \
         the top level (line 2); keep one"
    );
}

#[test]
fn taxonomies_are_checked() {
    assert_eq!(
        error(&with_base("taxonomies = [{ name = \"\" }]\n")),
        "config.toml:2:24: a taxonomy's `name` must not be empty"
    );
    assert_eq!(
        error(&with_base("[[taxonomies]]\nfeed = true\n")),
        "config.toml:2:1: this taxonomy has no `name`"
    );
    assert_eq!(
        error(&with_base(
            "taxonomies = [{ name = \"tags\" }, { name = \"tags\" }]\n"
        )),
        "config.toml:2:43: taxonomy `tags` is declared twice for this language"
    );
    assert_eq!(
        error(&with_base(
            "taxonomies = [{ name = \"tags\", paginate_path = \"../x\" }]\n"
        )),
        "config.toml:2:48: `paginate_path` \"../x\" must not contain `..`, `\\` or NUL"
    );
    assert_eq!(
        error(&with_base("taxonomy_root = \"a\\\\b\"\n")),
        "config.toml:2:17: `taxonomy_root` \"a\\\\b\" must not contain `..`, `\\` or NUL"
    );
    // Slugs follow `slugify.taxonomies`; a `slug` key is ignored, as in Zola.
    let c = ok(&with_base(
        "taxonomies = [{ name = \"Étiquettes\", slug = \"x\" }]\n[slugify]\ntaxonomies = \"safe\"\n",
    ));
    assert_eq!(c.taxonomies_for("en")[0].slug, "Étiquettes");
    assert_eq!(
        warnings(&c),
        ["config.toml:2:38: a taxonomy's `slug` is made from its `name` (see `[slugify]`); ignoring this `slug`"]
    );
    // The same name in several languages is fine.
    let c = ok(&with_base(
        "taxonomies = [{ name = \"tags\" }]\n[languages.fr]\ntaxonomies = [{ name = \"tags\" }]\n",
    ));
    assert_eq!(c.taxonomies_for("fr")[0].name, "tags");
    assert!(c.taxonomies_for("de").is_empty());
}

#[test]
fn feed_filenames_are_checked() {
    assert_eq!(
        error(&with_base("feed_filenames = [\"atom.xml\", \"feeds/rss.xml\"]\n")),
        "config.toml:2:31: feed file name \"feeds/rss.xml\" must be a plain file name such as \"atom.xml\""
    );
    assert_eq!(
        error(&with_base("feed_filenames = [\"\"]\n")),
        "config.toml:2:19: feed file name \"\" must be a plain file name such as \"atom.xml\""
    );
    assert_eq!(
        error(&with_base(
            "[languages.fr]\nfeed_filenames = [\"a.xml\", \"a.xml\"]\n"
        )),
        "config.toml:3:28: feed file `a.xml` is listed twice"
    );
    let c = ok(&with_base(
        "feed_filenames = [\"rss.xml\"]\ngenerate_feeds = true\n[languages.fr]\n",
    ));
    assert_eq!(c.feed_filenames_for("en"), ["rss.xml"]);
    assert_eq!(c.feed_filenames_for("fr"), ["atom.xml"]);
    assert_eq!(c.all_feed_filenames(), ["atom.xml", "rss.xml"]);
    assert!(c.generate_feeds_for("en") && !c.generate_feeds_for("fr"));
    assert!(c.feed_filenames_for("de").is_empty());
}

#[test]
fn markdown_checks() {
    assert_eq!(
        error(&with_base("[markdown]\nexternal_links_class = 'a\"b'\n")),
        "config.toml:3:24: `external_links_class` \"a\\\"b\" must not contain quotes"
    );
    assert_eq!(
        error(&with_base("[markdown.highlighting]\nstyle = \"class\"\n")),
        "config.toml:2:1: `[markdown.highlighting]` needs a `theme` (or a `light_theme` and a `dark_theme`)"
    );
    assert_eq!(
        error(&with_base("[markdown.highlighting]\nlight_theme = \"a\"\n")),
        "config.toml:3:1: `[markdown.highlighting]` needs both `light_theme` and `dark_theme` (or one `theme`)"
    );
    let c = ok(&with_base(
        "[markdown.highlighting]\ntheme = \"a\"\nlight_theme = \"b\"\ndark_theme = \"c\"\n",
    ));
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(h.theme, HighlightTheme::Single { theme: "a".into() });
    assert_eq!(h.style, HighlightStyle::Inline);
    assert!(!h.from_legacy_keys);
    assert_eq!(
        warnings(&c),
        ["config.toml:4:1: `light_theme` and `dark_theme` are ignored when `theme` is set"]
    );
}

#[test]
fn several_problems_are_reported_together() {
    let e = parse(&with_base(
        "default_language = \"x\"\nignored_content = [\"[a\"]\ntaxonomies = [{ name = \"\" }]\n",
    ))
    .unwrap_err();
    assert_eq!(e.count(), 3);
    let lines: Vec<String> = e
        .to_string()
        .lines()
        .filter(|l| l.starts_with("config.toml"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "config.toml:2:20: `x` is not a valid language code: use a Unicode language identifier such as `en`, `fr` or `pt-BR`",
            "config.toml:3:20: invalid glob \"[a\" in `ignored_content`: unclosed character class; missing ']'",
            "config.toml:4:24: a taxonomy's `name` must not be empty",
        ]
    );
}

#[test]
fn globs() {
    let c = ok(&with_base(
        "ignored_content = [\"*.{graphml,iso}\", \"*.py?\", \"**/{target,temp_folder}\", \"content/private/**\"]\n\
         ignored_static = [\"temp.*\", \"**/build_folder\"]\n",
    ));
    for yes in [
        "foo.graphml",
        "foo/bar/foo.graphml",
        "poetry/zen.py2",
        "foo/bar/target",
        "foo/bar/target/inside.md",
        "temp_folder",
        "private/a.md",
    ] {
        assert!(c.is_ignored_content(yes), "{yes}");
    }
    for no in ["foo.png", "foo.py", "targets/a.md", "a/private/b.md"] {
        assert!(!c.is_ignored_content(no), "{no}");
    }
    assert!(c.is_ignored_static("temp.txt"));
    assert!(c.is_ignored_static("x/build_folder/a.js"));
    assert!(!c.is_ignored_static("x/temp.txt.js/a") || c.is_ignored_static("temp.x"));
    assert!(!c.is_ignored_static("build.js"));
    assert!(!ok(BASE).is_ignored_content("anything.md"));
    assert_eq!(
        error(&with_base("[link_checker]\nignored_files = [\"a{b\"]\n")),
        "config.toml:3:18: invalid glob \"a{b\" in `ignored_files`: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
    );
}

#[test]
fn languages_and_translations() {
    let c = ok(&with_base(
        "default_language = \"fr\"\n[translations]\ntitle = \"Un titre\"\n\
         [languages.en]\ntitle = \"English\"\n[languages.en.translations]\ntitle = \"A title\"\n\
         [languages.de]\n",
    ));
    assert!(c.is_multilingual());
    assert!(c.has_language("de") && c.has_language("fr") && !c.has_language("es"));
    let codes: Vec<&str> = c.languages().map(|(code, _)| code).collect();
    assert_eq!(codes, ["fr", "de", "en"]);
    assert_eq!(c.translation("title", "fr"), Some("Un titre"));
    assert_eq!(c.translation("title", "en"), Some("A title"));
    assert_eq!(c.translation("title", "de"), None);
    assert_eq!(c.translation("absent", "en"), None);
    assert_eq!(c.translation("title", "es"), None);
}

#[test]
fn theme_extra_is_merged_under_the_sites() {
    let mut c = ok(&with_base("[extra]\na = 1\n[extra.sub]\nx = \"site\"\n"));
    let theme: toml::Table =
        toml::from_str("[extra]\na = 2\nb = 3\n[extra.sub]\nx = \"theme\"\ny = \"theme\"\n")
            .unwrap();
    let theme = theme["extra"].as_table().unwrap();
    c.merge_theme_extra(Path::new("themes/t/theme.toml"), theme)
        .unwrap();
    assert_eq!(
        toml_to_json(&toml::Value::Table(c.extra.clone())),
        json!({"a": 1, "b": 3, "sub": {"x": "site", "y": "theme"}})
    );
    let clash: toml::Table = toml::from_str("[sub]\n[a]\n").unwrap();
    assert_eq!(
        c.merge_theme_extra(Path::new("themes/t/theme.toml"), &clash)
            .unwrap_err()
            .to_string(),
        "themes/t/theme.toml: `extra.a` is a table here and not in the site's configuration, or \
         the other way round, so the two cannot be merged"
    );
}

#[test]
fn missing_theme_points_at_the_name() {
    let text = with_base("theme = \"nope\"\n");
    let c = ok(&text);
    assert_eq!(
        c.missing_theme(Path::new("config.toml"), &text)
            .to_string()
            .lines()
            .next()
            .unwrap(),
        "config.toml:2:9: theme `nope` not found: there is no directory themes/nope"
    );
}

#[test]
fn deserializing_directly_works_without_places() {
    let c: Config =
        toml::from_str("base_url = \"https://a.org/\"\ngenerate_feed = true\n").unwrap();
    assert_eq!(c.base_url, "https://a.org");
    assert_eq!(
        warnings(&c),
        ["`generate_feed` is the old name of `generate_feeds`; using it as that"]
    );
    let e = toml::from_str::<Config>("base_url = \"\"\n").unwrap_err();
    assert!(e.message().starts_with("`base_url` is empty"), "{e}");
}

// Legacy keys: accepted, mapped, and warned about at the key's place.

#[test]
fn legacy_feed_keys() {
    let c = ok(&with_base(
        "generate_feed = true\nfeed_filename = \"rss.xml\"\nrss_limit = 5\n",
    ));
    assert!(c.generate_feeds_for("en"));
    assert_eq!(c.feed_filenames_for("en"), ["rss.xml"]);
    assert_eq!(c.feed_limit, Some(5));
    assert_eq!(
        warnings(&c),
        [
            "config.toml:2:1: `generate_feed` is the old name of `generate_feeds`; using it as that",
            "config.toml:3:1: `feed_filename` is the old name of `feed_filenames`; using it as `feed_filenames = [\"rss.xml\"]`",
            "config.toml:4:1: `rss_limit` is the old name of `feed_limit`; using it as that",
        ]
    );
    let c = ok(&with_base("generate_rss = true\nlanguage_code = \"fr\"\n"));
    assert!(c.generate_feeds_for("fr"));
    assert_eq!(c.default_language, "fr");
    assert_eq!(
        warnings(&c),
        [
            "config.toml:2:1: `generate_rss` is the old name of `generate_feeds`; using it as that",
            "config.toml:3:1: `language_code` is the old name of `default_language`; using it as that",
        ]
    );
}

#[test]
fn legacy_keys_yield_to_their_replacements() {
    let c = ok(&with_base(
        "generate_feeds = false\ngenerate_feed = true\nfeed_filenames = [\"atom.xml\"]\nfeed_filename = \"rss.xml\"\n",
    ));
    assert!(!c.generate_feeds_for("en"));
    assert_eq!(c.feed_filenames_for("en"), ["atom.xml"]);
    assert_eq!(
        warnings(&c),
        [
            "config.toml:3:1: `generate_feed` is the old name of `generate_feeds`, which is also set; ignoring `generate_feed`",
            "config.toml:5:1: `feed_filename` is the old name of `feed_filenames`, which is also set; ignoring `feed_filename`",
        ]
    );
}

#[test]
fn legacy_language_keys() {
    let c = ok(&with_base(
        "[languages.fr]\ngenerate_feed = true\nfeed_filename = \"rss.xml\"\n",
    ));
    assert!(c.generate_feeds_for("fr"));
    assert_eq!(c.feed_filenames_for("fr"), ["rss.xml"]);
    assert_eq!(
        warnings(&c),
        [
            "config.toml:3:1: `generate_feed` is the old name of `generate_feeds`; using it as that",
            "config.toml:4:1: `feed_filename` is the old name of `feed_filenames`; using it as `feed_filenames = [\"rss.xml\"]`",
        ]
    );
}

#[test]
fn legacy_languages_array_and_translations() {
    let c = ok(&with_base(
        "languages = [{ code = \"fr\", feed = true }, { code = \"de\", search = true }]\n\
         [translations.en]\nhello = \"Hello\"\n[translations.fr]\nhello = \"Bonjour\"\n\
         [translations.es]\nhello = \"Hola\"\n",
    ));
    assert_eq!(c.language_codes(), ["en", "de", "fr"]);
    assert!(c.generate_feeds_for("fr") && !c.generate_feeds_for("de"));
    assert!(c.build_search_index_for("de"));
    assert_eq!(c.translation("hello", "en"), Some("Hello"));
    assert_eq!(c.translation("hello", "fr"), Some("Bonjour"));
    assert_eq!(
        warnings(&c),
        [
            "config.toml:2:1: `languages` as an array is the old form of `[languages.<code>]` tables; using each entry as one, its `feed` as `generate_feeds` and its `search` as `build_search_index`",
            "config.toml:3:15: `[translations.en]` is the old form of `[translations]` for the default language; using it as that",
            "config.toml:5:15: `[translations.fr]` is the old form of `[languages.fr.translations]`; using it as that",
            "config.toml:7:15: `[translations.es]` is the old form of `[languages.es.translations]`, but `es` is not a language of this site; ignoring it",
        ]
    );
}

#[test]
fn legacy_taxonomy_keys() {
    let c = ok(&with_base(
        "[languages.fr]\n[[taxonomies]]\nname = \"tags\"\nrss = true\n\
         [[taxonomies]]\nname = \"étiquettes\"\nlang = \"fr\"\n",
    ));
    assert_eq!(c.taxonomies_for("en").len(), 1);
    assert!(c.taxonomies_for("en")[0].feed);
    assert_eq!(c.taxonomies_for("fr")[0].slug, "etiquettes");
    assert_eq!(
        warnings(&c),
        [
            "config.toml:5:1: `rss` is the old name of `feed`; using it as that",
            "config.toml:8:1: `lang` is the old way to give a taxonomy to a language; using this taxonomy as one of `[languages.fr]`",
        ]
    );
    assert_eq!(
        error(&with_base("taxonomies = [{ name = \"tags\", lang = \"de\" }]\n")),
        "config.toml:2:32: this taxonomy is for language `de`, which is not a language of this site"
    );
    assert_eq!(
        error(&with_base("[languages.fr]\ntaxonomies = [{ name = \"tags\", lang = \"fr\" }]\n")),
        "config.toml:3:32: a taxonomy in `[languages.<code>]` belongs to that language: remove its `lang`"
    );
}

#[test]
fn legacy_highlighting_in_markdown() {
    let c = ok(&with_base(
        "[markdown]\nhighlight_code = true\nhighlight_theme = \"base16-ocean-light\"\n\
         extra_syntaxes_and_themes = [\"syntaxes\"]\nerror_on_missing_highlight = true\n",
    ));
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(
        h,
        &Highlighting {
            error_on_missing_language: true,
            style: HighlightStyle::Inline,
            theme: HighlightTheme::Single {
                theme: "base16-ocean-light".into()
            },
            extra_grammars: vec!["syntaxes".into()],
            extra_themes: vec!["syntaxes".into()],
            css_exports: Vec::new(),
            from_legacy_keys: true,
            line: Some(4),
        }
    );
    assert_eq!(
        warnings(&c),
        [
            "config.toml:3:1: `highlight_code` is the old switch of `[markdown.highlighting]`; using it as that",
            "config.toml:4:1: `highlight_theme` is the old name of `markdown.highlighting.theme`; using it as that",
            "config.toml:5:1: `extra_syntaxes_and_themes` is the old name of `markdown.highlighting.extra_grammars` and `extra_themes`; using it as both (the new highlighter reads JSON TextMate files, not Sublime ones)",
            "config.toml:6:1: `error_on_missing_highlight` is the old name of `markdown.highlighting.error_on_missing_language`; using it as that",
        ]
    );
    // Without a theme, old Zola's default.
    let c = ok(&with_base("[markdown]\nhighlight_code = true\n"));
    let h = c.markdown.highlighting.unwrap();
    assert_eq!(
        h.theme,
        HighlightTheme::Single {
            theme: "base16-ocean-dark".into()
        }
    );
}

#[test]
fn legacy_class_highlighting() {
    let c = ok(&with_base(
        "[markdown]\nhighlight_code = true\nhighlight_theme = \"css\"\nhighlight_themes_css = [\n  \
         { theme = \"base16-ocean-dark\", filename = \"syntax-theme-dark.css\" },\n  \
         { theme = \"base16-ocean-light\", filename = \"syntax-theme-light.css\" },\n]\n",
    ));
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(h.style, HighlightStyle::Class);
    assert_eq!(
        h.theme,
        HighlightTheme::Dual {
            light_theme: "base16-ocean-light".into(),
            dark_theme: "base16-ocean-dark".into()
        }
    );
    assert_eq!(
        h.css_exports,
        [
            ThemeCssExport {
                theme: "base16-ocean-dark".into(),
                filename: "syntax-theme-dark.css".into()
            },
            ThemeCssExport {
                theme: "base16-ocean-light".into(),
                filename: "syntax-theme-light.css".into()
            },
        ]
    );
    assert_eq!(
        warnings(&c),
        [
            "config.toml:3:1: `highlight_code` is the old switch of `[markdown.highlighting]`; using it as that",
            "config.toml:4:1: `highlight_theme = \"css\"` is the old form of `markdown.highlighting.style = \"class\"`; using it as that, with `light_theme = \"base16-ocean-light\"` and `dark_theme = \"base16-ocean-dark\"` from `highlight_themes_css`",
            "config.toml:5:1: `highlight_themes_css` is an old key with no new equivalent (class-style CSS now goes to `giallo.css`, or `giallo-light.css` and `giallo-dark.css`); still writing the CSS files it names",
        ]
    );
    let c = ok(&with_base(
        "[markdown]\nhighlight_code = true\nhighlight_theme = \"css\"\n\
         highlight_themes_css = [{ theme = \"nord\", filename = \"nord.css\" }]\n",
    ));
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(
        h.theme,
        HighlightTheme::Single {
            theme: "nord".into()
        }
    );
    assert!(warnings(&c)[1]
        .ends_with("using it as that, with `theme = \"nord\"` from `highlight_themes_css`"));
}

#[test]
fn legacy_highlighting_at_the_top_level() {
    let c = ok(&with_base(
        "highlight_code = true\nhighlight_theme = \"gruvbox-dark\"\nextra_syntaxes = [\"syntaxes\"]\n\
         [markdown]\nhighlight_theme = \"nord\"\n",
    ));
    let h = c.markdown.highlighting.as_ref().unwrap();
    assert_eq!(
        h.theme,
        HighlightTheme::Single {
            theme: "nord".into()
        }
    );
    assert_eq!(h.extra_grammars, ["syntaxes"]);
    assert_eq!(
        warnings(&c),
        [
            "config.toml:2:1: `highlight_code` is the old switch of `[markdown.highlighting]`; using it as that",
            "config.toml:3:1: `highlight_theme` is an old key of syntax highlighting, also set as `markdown.highlight_theme`; ignoring this one",
            "config.toml:4:1: `extra_syntaxes` is the old name of `markdown.highlighting.extra_grammars` and `extra_themes`; using it as both (the new highlighter reads JSON TextMate files, not Sublime ones)",
            "config.toml:6:1: `highlight_theme` is the old name of `markdown.highlighting.theme`; using it as that",
        ]
    );
}

#[test]
fn legacy_highlighting_when_off_or_replaced() {
    let c = ok(&with_base(
        "[markdown]\nhighlight_code = false\nhighlight_theme = \"nord\"\n",
    ));
    assert!(c.markdown.highlighting.is_none());
    assert_eq!(
        warnings(&c),
        [
            "config.toml:3:1: `highlight_code` is the old switch of `[markdown.highlighting]`; it is false, so code is not highlighted",
            "config.toml:4:1: `highlight_theme` is an old key of syntax highlighting, which is off (there is no `[markdown.highlighting]` and no `highlight_code = true`); ignoring `highlight_theme`",
        ]
    );
    let c = ok(&with_base(
        "[markdown]\nhighlight_code = true\n[markdown.highlighting]\ntheme = \"nord\"\n",
    ));
    assert_eq!(
        c.markdown.highlighting.as_ref().unwrap().theme,
        HighlightTheme::Single {
            theme: "nord".into()
        }
    );
    assert_eq!(
        warnings(&c),
        ["config.toml:3:1: `highlight_code` is an old key of syntax highlighting, replaced by `[markdown.highlighting]`, which is also set; ignoring `highlight_code`"]
    );
}

#[test]
fn legacy_names_are_not_suggested() {
    let e = error(&with_base("[[taxonomies]]\nname = \"t\"\nfeeds = true\n"));
    assert!(!e.contains("`rss`") && !e.contains("`lang`"), "{e}");
    let e = error(&with_base("[markdown]\nhighlight = true\n"));
    assert!(!e.contains("highlight_code"), "{e}");
    assert_eq!(
        strip_legacy_names("unknown field `x`, expected `rss` or `feed`"),
        "unknown field `x`, expected `feed`"
    );
    assert_eq!(
        strip_legacy_names("unknown field `x`, expected one of `a`, `rss`, `b`"),
        "unknown field `x`, expected `a` or `b`"
    );
    assert_eq!(
        strip_legacy_names("invalid type: integer `1`, expected a string"),
        "invalid type: integer `1`, expected a string"
    );
}

#[test]
fn translations_and_languages_have_types() {
    assert_eq!(
        error(&with_base("[translations]\nhello = 1\n")),
        "config.toml:3:9: invalid type: integer `1`, expected a string"
    );
    assert_eq!(
        error(&with_base("[languages.fr.translations]\nhello = true\n")),
        "config.toml:3:9: invalid type: boolean `true`, expected a string"
    );
    assert_eq!(
        error(&with_base("languages = 3\n")),
        "config.toml:2:13: invalid type: integer `3`, expected a table of languages"
    );
}

#[test]
fn the_search_languages_named_in_messages_are_the_ones_elasticlunr_indexes() {
    let named = super::resolve::SEARCH_LANGUAGES.replace(" and ", ", ");
    for code in named.split(", ") {
        assert!(elasticlunr::lang::from_code(code).is_some(), "{code}");
    }
    for code in ["ja", "zh", "ar", "en-us"] {
        assert!(elasticlunr::lang::from_code(code).is_none(), "{code}");
    }
}
