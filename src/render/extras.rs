//! The outputs around the content: compiled stylesheets, alias redirects, `sitemap.xml`,
//! `robots.txt`, `404.html`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::content::{alias_file, paginator, redirect};
use super::paginate::pager_tail;
use super::renderer::Contexts;
use super::{Kind, Origin, Renderer};
use crate::config::ExcludePaginatedPagesInSitemap;
use crate::error::{Error, Result};
use crate::site::paths;

/// Zola splits the sitemap at this many entries.
const SITEMAP_LIMIT: usize = 30_000;

/// Stylesheets compiled from Sass.
pub(super) fn stylesheets(r: &Renderer) -> Result<usize> {
    let styles = &r.shared.site.styles;
    styles.iter().try_fold(0, |n, s| {
        let origin = Origin {
            kind: Kind::Stylesheet,
            template: None,
        };
        Ok(n + r.emit(s.rel.clone(), s.css.clone(), origin)?)
    })
}

/// A redirect page for every alias of every page and section. Written first, so a real page
/// at the same path wins (they are written later to the same place).
pub(super) fn aliases(r: &Renderer) -> Result<usize> {
    let site = &r.shared.site;
    let pages = site
        .pages
        .iter()
        .map(|p| (&p.meta.aliases, &p.permalink, p.file.shown.as_path()));
    let sections = site.sections.iter().filter_map(|s| {
        s.file
            .as_ref()
            .map(|f| (&s.meta.aliases, &s.permalink, f.shown.as_path()))
    });
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    // Which file claimed each alias's output first: two files may not claim one.
    let mut claimed: BTreeMap<String, (&Path, &str)> = BTreeMap::new();
    for (aliases, permalink, shown) in pages.chain(sections) {
        for alias in aliases {
            if let Err(problem) = paths::checked_path(alias) {
                errors.push(Error::file(shown, problem.replace("`path`", "alias")));
                continue;
            }
            match claimed.get(&alias_file(alias)) {
                None => {
                    claimed.insert(alias_file(alias), (shown, alias));
                    jobs.push((alias.clone(), permalink.clone()));
                }
                Some((first, _)) if *first == shown => {}
                Some((first, theirs)) => {
                    let mut message =
                        format!("alias {alias:?} is also an alias of {}", first.display());
                    if theirs != alias {
                        message.push_str(&format!(" (written {theirs:?})"));
                    }
                    errors.push(Error::file(shown, message));
                }
            }
        }
    }
    Error::collect(errors)?;
    r.each(&jobs, |contexts, (alias, url)| {
        redirect(r, contexts, alias, url)
    })
}

/// `sitemap.xml`, split into `sitemapN.xml` files and an index above 30,000 entries.
pub(super) fn sitemap(r: &Renderer) -> Result<usize> {
    let site = &r.shared.site;
    if !site.config.generate_sitemap {
        return Ok(0);
    }
    let entries: Vec<Value> = sitemap_entries(r).into_values().collect();
    let mut contexts = Contexts::default();
    let lang = site.config.default_language.clone();
    let origin = Path::new("sitemap.xml");
    let Some(parts) = split_sitemap(entries.len()) else {
        return r.render_out(
            &mut contexts,
            ("sitemap.xml".into(), Kind::Sitemap),
            "sitemap.xml",
            &lang,
            vec![("entries", Value::Array(entries))],
            origin,
        );
    };
    let mut count = 0;
    let mut sitemaps = Vec::new();
    for (name, range) in parts {
        count += r.render_out(
            &mut contexts,
            (name.clone(), Kind::Sitemap),
            "sitemap.xml",
            &lang,
            vec![("entries", Value::Array(entries[range].to_vec()))],
            origin,
        )?;
        sitemaps.push(Value::String(site.config.permalink(&name)));
    }
    let vars = vec![("sitemaps", Value::Array(sitemaps))];
    Ok(count
        + r.render_out(
            &mut contexts,
            ("sitemap.xml".into(), Kind::Sitemap),
            "split_sitemap_index.xml",
            &lang,
            vars,
            origin,
        )?)
}

/// How `count` sitemap entries are split, as in Zola: `None` below 30,000 (one `sitemap.xml`),
/// else `sitemap1.xml`, `sitemap2.xml`… with the range of entries of each, at most 30,000.
fn split_sitemap(count: usize) -> Option<Vec<(String, std::ops::Range<usize>)>> {
    (count >= SITEMAP_LIMIT).then(|| {
        (0..count.div_ceil(SITEMAP_LIMIT))
            .map(|i| {
                let start = i * SITEMAP_LIMIT;
                let end = (start + SITEMAP_LIMIT).min(count);
                (format!("sitemap{}.xml", i + 1), start..end)
            })
            .collect()
    })
}

/// Every URL of the site once, by permalink.
fn sitemap_entries(r: &Renderer) -> BTreeMap<String, Value> {
    let site = &r.shared.site;
    let with_pagers =
        site.config.exclude_paginated_pages_in_sitemap != ExcludePaginatedPagesInSitemap::All;
    let mut entries = BTreeMap::new();
    let mut add = |permalink: &str, updated: Value, extra: Value| {
        entries
            .entry(permalink.to_string())
            .or_insert_with(|| json!({"permalink": permalink, "updated": updated, "extra": extra}));
    };
    for (id, page) in site.pages.iter().enumerate().filter(|(_, p)| p.meta.render) {
        let updated = page
            .updated
            .as_ref()
            .or(page.date.as_ref())
            .map_or(Value::Null, |d| Value::String(d.text.clone()));
        add(
            &page.permalink,
            updated,
            r.shared.pages[id]["extra"].clone(),
        );
    }
    for (id, section) in site.sections.iter().enumerate() {
        if section.meta.render {
            add(
                &section.permalink,
                Value::Null,
                r.shared.sections[id]["extra"].clone(),
            );
        }
        if let (true, Some(p)) = (with_pagers, paginator(site, section)) {
            for pager in 1..=section.pages.len().div_ceil(p.paginate_by) {
                let url = format!(
                    "{}{}",
                    section.permalink,
                    pager_tail(&section.meta.paginate_path, pager)
                );
                add(&url, Value::Null, Value::Null);
            }
        }
    }
    for taxonomy in site.taxonomies.iter().filter(|t| t.kind.render) {
        if taxonomy.terms.is_empty() {
            continue;
        }
        add(&taxonomy.permalink, Value::Null, Value::Null);
        for term in &taxonomy.terms {
            add(&term.permalink, Value::Null, Value::Null);
            if let (true, Some(by)) = (with_pagers, taxonomy.kind.paginate_by.filter(|&n| n > 0)) {
                for pager in 1..=term.pages.len().div_ceil(by) {
                    let url = format!(
                        "{}{}",
                        term.permalink,
                        pager_tail(taxonomy.kind.paginate_path(), pager)
                    );
                    add(&url, Value::Null, Value::Null);
                }
            }
        }
    }
    entries
}

/// `robots.txt`, unless the config turns it off.
pub(super) fn robots(r: &Renderer) -> Result<usize> {
    let config = &r.shared.site.config;
    if !config.generate_robots_txt {
        return Ok(0);
    }
    r.render_out(
        &mut Contexts::default(),
        ("robots.txt".into(), Kind::Robots),
        "robots.txt",
        &config.default_language,
        Vec::new(),
        Path::new("robots.txt"),
    )
}

/// `404.html`.
pub(super) fn not_found(r: &Renderer) -> Result<usize> {
    let lang = r.shared.site.config.default_language.clone();
    r.render_out(
        &mut Contexts::default(),
        ("404.html".into(), Kind::NotFound),
        "404.html",
        &lang,
        Vec::new(),
        Path::new("404.html"),
    )
}

#[cfg(test)]
mod tests {
    use super::{alias_file, split_sitemap};

    #[test]
    fn the_sitemap_splits_at_30000_entries() {
        assert_eq!(split_sitemap(0), None);
        assert_eq!(split_sitemap(29_999), None);
        let names = |count| -> Vec<(String, std::ops::Range<usize>)> {
            split_sitemap(count).expect("split")
        };
        assert_eq!(names(30_000), [("sitemap1.xml".to_string(), 0..30_000)]);
        assert_eq!(
            names(30_001),
            [
                ("sitemap1.xml".to_string(), 0..30_000),
                ("sitemap2.xml".to_string(), 30_000..30_001)
            ]
        );
        assert_eq!(names(60_000).len(), 2);
        assert_eq!(
            names(60_001)[2],
            ("sitemap3.xml".to_string(), 60_000..60_001)
        );
    }

    #[test]
    fn alias_files() {
        assert_eq!(alias_file("/old/post/"), "old/post/index.html");
        assert_eq!(alias_file("old/post.html"), "old/post.html");
        assert_eq!(alias_file("old"), "old/index.html");
    }
}
