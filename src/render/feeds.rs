//! Feeds: the site's (per language), each section's with `generate_feeds`, and each term's
//! of a taxonomy with `feed`; one file per name in `feed_filenames`, rendered by the
//! template of that name (`atom.xml` and `rss.xml` are built in).

use serde_json::Value;

use super::{Kind, Renderer};
use crate::error::Result;
use crate::site::{lang, PageId};
use crate::templates::values::{to_value, FeedTermValue};

/// One feed to render: where it goes, its pages and what else its template gets.
struct Feed {
    /// Directory of the feed below the site root: ``, `fr`, `blog`, `tags/rust`.
    dir: String,
    lang: String,
    pages: Vec<PageId>,
    extra: Vec<(&'static str, Value)>,
}

/// Renders every feed of the site.
pub(super) fn render(r: &Renderer) -> Result<usize> {
    let feeds = collect(r);
    let jobs: Vec<(&Feed, String)> = feeds
        .iter()
        .flat_map(|f| {
            r.shared
                .site
                .config
                .feed_filenames_for(&f.lang)
                .iter()
                .map(move |name| (f, name.clone()))
        })
        .collect();
    r.each(&jobs, |contexts, (feed, name)| {
        let site = &r.shared.site;
        let mut pages: Vec<PageId> = feed
            .pages
            .iter()
            .copied()
            .filter(|&p| site.pages[p].date.is_some())
            .collect();
        pages.sort_by(|&a, &b| {
            let (a, b) = (&site.pages[a], &site.pages[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| a.permalink.cmp(&b.permalink))
        });
        let last_updated = pages
            .iter()
            .filter_map(|&p| site.pages[p].updated.as_ref())
            .chain(pages.first().and_then(|&p| site.pages[p].date.as_ref()))
            .map(|d| d.text.clone())
            .max();
        if let Some(limit) = site.config.feed_limit {
            pages.truncate(limit);
        }
        let rel = if feed.dir.is_empty() {
            name.clone()
        } else {
            format!("{}/{name}", feed.dir)
        };
        let mut vars = vec![
            ("pages", r.shared.page_list(&pages, r.fields(name))),
            ("feed_url", Value::String(site.config.permalink(&rel))),
            (
                "last_updated",
                last_updated.map_or(Value::Null, Value::String),
            ),
            ("section", Value::Null),
            ("term", Value::Null),
            ("taxonomy", Value::Null),
        ];
        vars.extend(feed.extra.iter().cloned());
        r.render_out(
            contexts,
            (rel, Kind::Feed),
            name,
            &feed.lang,
            vars,
            std::path::Path::new(name.as_str()),
        )
    })
}

fn collect(r: &Renderer) -> Vec<Feed> {
    let site = &r.shared.site;
    let config = &site.config;
    let mut feeds = Vec::new();
    for code in config.language_codes() {
        if config.generate_feeds_for(code) {
            let pages = (0..site.pages.len())
                .filter(|&p| site.pages[p].lang == code)
                .collect();
            feeds.push(Feed {
                dir: lang::prefix(code, config).to_string(),
                lang: code.to_string(),
                pages,
                extra: Vec::new(),
            });
        }
    }
    for (id, section) in site.sections.iter().enumerate() {
        if section.meta.generate_feeds {
            feeds.push(Feed {
                dir: section.path.trim_matches('/').to_string(),
                lang: section.lang.clone(),
                pages: section.pages.clone(),
                extra: vec![(
                    "section",
                    r.shared.section_full(id, &crate::templates::Fields::All),
                )],
            });
        }
    }
    for taxonomy in site.taxonomies.iter().filter(|t| t.kind.feed) {
        for term in &taxonomy.terms {
            feeds.push(Feed {
                dir: term.path.trim_matches('/').to_string(),
                lang: taxonomy.lang.clone(),
                pages: term.pages.clone(),
                extra: vec![
                    (
                        "taxonomy",
                        crate::templates::values::taxonomy_kind(taxonomy),
                    ),
                    ("term", to_value(&FeedTermValue::new(term))),
                ],
            });
        }
    }
    feeds
}
