//! The files of a new site besides its theme: the configuration, made from the answers, and
//! a little content, so the first build has a home page, a section and an article to show.

use super::NewSite;

/// Each file of a new site (the theme aside), by path inside it.
pub(super) fn site_files(site: &NewSite) -> Vec<(&'static str, String)> {
    vec![
        ("zola.toml", config(site)),
        ("content/_index.md", HOME.to_string()),
        ("content/articles/_index.md", ARTICLES.to_string()),
        ("content/articles/first-article.md", first_article(site)),
    ]
}

/// The configuration; Zola 0.22 names it `zola.toml`, and Loess reads that name first.
fn config(site: &NewSite) -> String {
    format!(
        r#"# The address the site will be published at; links and feeds are made from it.
base_url = "{base_url}"
title = "My site"
description = "A new site, built with Loess."
# The default theme of Loess, in themes/terrace/ (its README.md lists what it offers).
# Templates in templates/ with the same names override the theme's.
theme = "terrace"

# Compile the .scss and .sass files of sass/ into CSS files at the same paths.
compile_sass = {compile_sass}
# Write a search index of the pages; the theme then shows a search box.
build_search_index = {search}

# An Atom feed of the articles at /atom.xml, and a page for each tag.
generate_feeds = true
taxonomies = [{{ name = "tags" }}]

[markdown.highlighting]
# Colours for code blocks.
theme = "catppuccin-mocha"

[extra]
# Values of your own, which templates read as {{{{ config.extra.NAME }}}}.
"#,
        base_url = site.base_url,
        compile_sass = site.compile_sass,
        search = site.build_search_index,
    )
}

const HOME: &str = r#"+++
+++
Welcome to your new site. This text is `content/_index.md`; the newest articles of
`content/articles/` are listed below it.
"#;

const ARTICLES: &str = r#"+++
title = "Articles"
sort_by = "date"
paginate_by = 10
+++
"#;

fn first_article(site: &NewSite) -> String {
    format!(
        r#"+++
title = "A first article"
date = {date}
description = "What a new site holds, and where to change it."
[taxonomies]
tags = ["getting started"]
+++
This article is `content/articles/first-article.md`: TOML front matter between the `+++`
lines, then Markdown. Add more articles beside it; each becomes a page, listed on the home page
and under [Articles](@/articles/_index.md).

<!-- more -->

## Where things are

- `zola.toml`: the site's settings, such as its address and title.
- `content/`: the pages. A directory with an `_index.md` is a section.
- `static/`: files copied as they are, such as images.
- `themes/terrace/`: the theme. Put a template of the same name in `templates/` to change one.

## Code

Code blocks are coloured when the site is built:

```rust
fn main() {{
    println!("Hello from a new site");
}}
```

Run `loess serve` to see each change as you save it, and `loess build` to write the site to
`public/`.
"#,
        date = site.date
    )
}
