//! The search index (`build_search_index = true`), as Zola writes it: one file for the default
//! language and one for each other language with its own `build_search_index = true`, named
//! by `[search] index_format` (`search_index.en.js` by default), plus `elasticlunr.min.js` for
//! the elasticlunr formats. A language's index holds its sections (but those that redirect)
//! and the pages they list, less those with `in_search_index = false` and the pages of such
//! sections; its `[search]` settings say which fields each entry has.
//!
//! With `index_format = "pagefind"` nothing is rendered here: Pagefind reads the rendered
//! pages that [`pagefind_pages`] lists, after rendering (see `crate::pagefind`).

mod text;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::{Origin, Renderer};
use crate::config::{Config, IndexFormat, Search};
use crate::error::{Error, Result};
use crate::parse::date::Date;
use crate::site::paths::output_file;
use crate::site::Site;
use crate::templates::values::Shared;

/// The elasticlunr.js release whose index format `elasticlunr-rs` writes.
const ELASTICLUNR_JS: &str = include_str!("../assets/elasticlunr.min.js");

/// Writes the search index of every language that has one.
pub(super) fn render(r: &Renderer) -> Result<usize> {
    let shared = r.shared;
    let site = &shared.site;
    let config = &site.config;
    if !config.build_search_index_for(&config.default_language) {
        return Ok(0);
    }
    check_home_pages(site)?;
    let format = config.search.index_format;
    if format == IndexFormat::Pagefind {
        return Ok(0);
    }
    let languages = indexed_languages(config);
    let files: Vec<(String, String)> = languages
        .par_iter()
        .map(|&lang| index_file(shared, lang, format))
        .collect();
    let mut count = 0;
    for (rel, text) in files {
        count += r.emit(rel, text, Origin::default())?;
    }
    for (rel, text) in fixed_files(config) {
        count += r.emit(rel.to_string(), text.to_string(), Origin::default())?;
    }
    Ok(count)
}

/// The languages with an index: the default language, then the others that ask for one.
fn indexed_languages(config: &Config) -> Vec<&str> {
    let mut languages = vec![config.default_language.as_str()];
    languages.extend(
        config
            .language_codes()
            .into_iter()
            .filter(|&code| code != config.default_language && config.build_search_index_for(code)),
    );
    languages
}

/// The output paths of the pages and sections a Pagefind index holds: those the other formats
/// index, in every language that has an index (`blog/first/index.html`). Empty when the site
/// builds no Pagefind index.
pub(crate) fn pagefind_pages(shared: &Shared) -> Vec<String> {
    let config = &shared.site.config;
    let wanted = config.search.index_format == IndexFormat::Pagefind
        && config.build_search_index_for(&config.default_language);
    if !wanted {
        return Vec::new();
    }
    indexed_languages(config)
        .into_iter()
        .flat_map(|lang| entries(shared, lang))
        .map(|entry| output_file(entry.path))
        .collect()
}

/// The files beside the index that are the same for every site (`elasticlunr.min.js` for the
/// elasticlunr formats): known before rendering, so templates can name them, as they can in
/// Zola, which writes them first.
pub(crate) fn fixed_files(config: &Config) -> Vec<(&'static str, &'static str)> {
    let elasticlunr = matches!(
        config.search.index_format,
        IndexFormat::ElasticlunrJavascript | IndexFormat::ElasticlunrJson
    );
    if elasticlunr && config.build_search_index_for(&config.default_language) {
        vec![("elasticlunr.min.js", ELASTICLUNR_JS)]
    } else {
        Vec::new()
    }
}

/// As in Zola, a home page cannot leave the index while the site builds one.
fn check_home_pages(site: &Site) -> Result<()> {
    let errors = site
        .sections
        .iter()
        .filter(|s| s.is_root() && !s.meta.in_search_index)
        .map(|s| {
            let shown = s.file.as_ref().map_or(Path::new("content"), |f| &f.shown);
            Error::file(
                shown,
                "`in_search_index = false` on a home page, while `build_search_index = true` in \
                 the config: remove one of the two",
            )
        })
        .collect();
    Error::collect(errors)
}

/// The index file of `lang`: its name and text.
fn index_file(shared: &Shared, lang: &str, format: IndexFormat) -> (String, String) {
    let search = &shared
        .site
        .config
        .language(lang)
        .expect("indexes are built for the site's languages")
        .search;
    let entries = entries(shared, lang);
    let bodies: Vec<String> = if search.include_content {
        entries
            .par_iter()
            .map(|e| text::index_text(e.html, search.truncate_content_length))
            .collect()
    } else {
        vec![String::new(); entries.len()]
    };
    let json = match format {
        IndexFormat::ElasticlunrJavascript | IndexFormat::ElasticlunrJson => {
            elasticlunr_index(lang, search, &entries, &bodies)
        }
        IndexFormat::FuseJavascript | IndexFormat::FuseJson | IndexFormat::Pagefind => {
            fuse_index(search, &entries, bodies)
        }
    };
    let text = match format {
        IndexFormat::ElasticlunrJavascript | IndexFormat::FuseJavascript => {
            format!("window.searchIndex = {json}")
        }
        IndexFormat::ElasticlunrJson | IndexFormat::FuseJson | IndexFormat::Pagefind => json,
    };
    (format.filename(lang), text)
}

/// A page or section in the index.
struct Entry<'a> {
    url: &'a str,
    title: &'a str,
    description: &'a str,
    date: Option<&'a Date>,
    path: &'a str,
    html: &'a str,
}

/// The sections of `lang` in the index, each followed by its pages in the index; a page that
/// two sections list (through a transparent section) comes once.
fn entries<'a>(shared: &'a Shared, lang: &str) -> Vec<Entry<'a>> {
    let site = &shared.site;
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    let indexed = site
        .sections
        .iter()
        .filter(|s| s.lang == lang && s.meta.in_search_index);
    for section in indexed {
        let meta = &section.meta;
        if meta.redirect_to.is_none() {
            entries.push(Entry {
                url: &section.permalink,
                title: meta.title.as_deref().unwrap_or_default(),
                description: meta.description.as_deref().unwrap_or_default(),
                date: None,
                path: &section.path,
                html: &section.rendered.html,
            });
        }
        for &id in &section.pages {
            let page = &site.pages[id];
            if page.meta.in_search_index && seen.insert(id) {
                entries.push(Entry {
                    url: &page.permalink,
                    title: page.meta.title.as_deref().unwrap_or_default(),
                    description: page.meta.description.as_deref().unwrap_or_default(),
                    date: page.date.as_ref(),
                    path: &page.path,
                    // The page's HTML lives in its template value (see `Shared::new`).
                    html: shared.pages[id]["content"].as_str().unwrap_or_default(),
                });
            }
        }
    }
    entries
}

/// The index in elasticlunr's JSON form, with the language's stemmer and stop words.
fn elasticlunr_index(lang: &str, search: &Search, entries: &[Entry], bodies: &[String]) -> String {
    let language = elasticlunr::lang::from_code(lang)
        .expect("the config accepts only languages elasticlunr supports");
    let mut builder = elasticlunr::IndexBuilder::with_language(language);
    if search.include_title {
        builder = builder.add_field("title");
    }
    if search.include_description {
        builder = builder.add_field("description");
    }
    if search.include_date {
        builder = builder.add_field("date");
    }
    if search.include_path {
        builder = builder.add_field_with_tokenizer("path", Box::new(path_words));
    }
    if search.include_content {
        builder = builder.add_field("body");
    }
    let mut index = builder.build();
    for (entry, body) in entries.iter().zip(bodies) {
        let mut row: Vec<String> = Vec::with_capacity(5);
        if search.include_title {
            row.push(entry.title.to_string());
        }
        if search.include_description {
            row.push(entry.description.to_string());
        }
        if search.include_date {
            // Sections and undated pages get an empty date; Zola leaves the field out, which
            // moves each later field of the entry into the one before it.
            row.push(entry.date.map(rfc3339).unwrap_or_default());
        }
        if search.include_path {
            row.push(entry.path.to_string());
        }
        if search.include_content {
            row.push(body.clone());
        }
        index.add_doc(entry.url, row);
    }
    index.to_json()
}

/// The words of a path, for searching it: `/blog/first-post/` is `blog`, `first`, `post`.
fn path_words(path: &str) -> Vec<String> {
    path.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|word| !word.is_empty())
        .map(|word| word.trim().to_lowercase())
        .collect()
}

/// A date as RFC 3339, as Zola writes it in the index: `2024-05-01T00:00:00Z`.
fn rfc3339(date: &Date) -> String {
    let mut text = date.local.format("%Y-%m-%dT%H:%M:%S").to_string();
    let nanos = date.local.and_utc().timestamp_subsec_nanos();
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    let offset = (date.local - date.utc).num_minutes();
    if offset == 0 {
        text.push('Z');
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let minutes = offset.abs();
        text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
    }
    text
}

/// One entry of a Fuse.js index: only the fields the config includes.
#[derive(Serialize)]
struct FuseEntry<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

/// The index as the list of entries Fuse.js searches.
fn fuse_index(search: &Search, entries: &[Entry], bodies: Vec<String>) -> String {
    let list: Vec<FuseEntry> = entries
        .iter()
        .zip(bodies)
        .map(|(entry, body)| FuseEntry {
            url: entry.url,
            title: search.include_title.then_some(entry.title),
            description: search.include_description.then_some(entry.description),
            body: search.include_content.then_some(body),
            path: search.include_path.then_some(entry.path),
        })
        .collect();
    serde_json::to_string(&list).expect("strings serialize")
}
