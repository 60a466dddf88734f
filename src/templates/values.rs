//! The site as templates see it: every page and section turned into a JSON value once, with
//! Zola's field names, and shared by every render and every `get_page`/`get_section` call.

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::load::FileToCopy;
use crate::parse::toml_value::toml_to_json;
use crate::site::{Page, Section, Site};

/// Pre-serialized values of one site.
#[derive(Debug)]
pub struct Values {
    pub config: Value,
    /// Pages with their `lower`/`higher` neighbours.
    pub pages: Vec<Value>,
    /// Pages without neighbours, as listed in sections and as neighbours.
    pub pages_basic: Vec<Value>,
    /// Sections with their pages.
    pub sections: Vec<Value>,
    /// Sections without pages and subsections (`metadata_only`).
    pub sections_meta: Vec<Value>,
    pub lang: String,
}

impl Values {
    pub fn new(site: &Site) -> Values {
        let pages_basic: Vec<Value> = site.pages.par_iter().map(|p| page_value(site, p)).collect();
        let pages = site
            .pages
            .par_iter()
            .zip(pages_basic.par_iter())
            .map(|(page, basic)| {
                let mut value = basic.clone();
                let neighbour =
                    |id: Option<usize>| id.map_or(Value::Null, |id| pages_basic[id].clone());
                value["lower"] = neighbour(page.lower);
                value["higher"] = neighbour(page.higher);
                value
            })
            .collect();
        let sections_meta: Vec<Value> = site
            .sections
            .iter()
            .map(|s| section_value(site, s))
            .collect();
        let sections = site
            .sections
            .iter()
            .zip(&sections_meta)
            .map(|(section, meta)| {
                let mut value = meta.clone();
                value["pages"] = section
                    .pages
                    .iter()
                    .map(|&id| pages_basic[id].clone())
                    .collect();
                value["subsections"] = section
                    .subsections
                    .iter()
                    .map(|&id| Value::String(site.sections[id].relative_path()))
                    .collect();
                value
            })
            .collect();
        Values {
            config: site.config.to_template_value(),
            pages,
            pages_basic,
            sections,
            sections_meta,
            lang: site.config.default_language.clone(),
        }
    }
}

fn page_value(site: &Site, page: &Page) -> Value {
    let meta = &page.meta;
    let date = page.date.as_ref();
    let r = &page.rendered;
    json!({
        "relative_path": page.file.rel,
        "colocated_path": page.bundle_dir.as_ref().map(|d| format!("{d}/")),
        "content": r.html,
        "permalink": page.permalink,
        "slug": page.slug,
        "ancestors": ancestors(site, &page.ancestors),
        "title": meta.title,
        "description": meta.description,
        "date": date.map(|d| d.text.clone()),
        "updated": page.updated.as_ref().map(|d| d.text.clone()),
        "year": date.map(|d| d.year()),
        "month": date.map(|d| d.month()),
        "day": date.map(|d| d.day()),
        "taxonomies": meta.taxonomies,
        "authors": meta.authors,
        "extra": toml_to_json(&toml::Value::Table(meta.extra.clone())),
        "path": page.path,
        "components": page.components(),
        "summary": r.summary,
        "toc": r.toc,
        "word_count": r.word_count,
        "reading_time": r.reading_time,
        "assets": asset_urls(&page.path, page.bundle_dir.as_deref(), &page.assets),
        "draft": meta.draft,
        "lang": site.config.default_language,
        "lower": Value::Null,
        "higher": Value::Null,
        "translations": [],
        "backlinks": [],
        "weight": meta.weight,
        "aliases": meta.aliases,
        "in_search_index": meta.in_search_index,
    })
}

fn section_value(site: &Site, section: &Section) -> Value {
    let meta = &section.meta;
    let r = &section.rendered;
    json!({
        "relative_path": section.relative_path(),
        "colocated_path": (!section.is_root()).then(|| format!("{}/", section.dir)),
        "content": r.html,
        "permalink": section.permalink,
        "draft": meta.draft,
        "ancestors": ancestors(site, &section.ancestors),
        "title": meta.title,
        "description": meta.description,
        "extra": toml_to_json(&toml::Value::Table(meta.extra.clone())),
        "path": section.path,
        "components": section.path.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>(),
        "toc": r.toc,
        "word_count": r.word_count,
        "reading_time": r.reading_time,
        "lang": site.config.default_language,
        "assets": asset_urls(&section.path, Some(&section.dir), &section.assets),
        "pages": [],
        "subsections": [],
        "translations": [],
        "backlinks": [],
        "generate_feeds": false,
        "transparent": false,
        "paginate_by": Value::Null,
        "paginate_reversed": false,
        "weight": meta.weight,
        "sort_by": serde_json::to_value(meta.sort_by).unwrap_or(Value::Null),
        "in_search_index": meta.in_search_index,
    })
}

fn ancestors(site: &Site, ids: &[usize]) -> Vec<String> {
    ids.iter()
        .map(|&id| site.sections[id].relative_path())
        .collect()
}

/// Asset URLs relative to the site root: `/articles/trip/map.png`.
fn asset_urls(path: &str, dir: Option<&str>, assets: &[FileToCopy]) -> Vec<String> {
    let dir = dir.unwrap_or("");
    assets
        .iter()
        .map(|asset| {
            let inside = asset
                .rel
                .strip_prefix(dir)
                .unwrap_or(&asset.rel)
                .trim_start_matches('/');
            format!("{path}{inside}")
        })
        .collect()
}
