//! The site as templates see it: every page and section turned into a JSON value once, with
//! Zola's field names. Listings, neighbours, `get_page` and `get_section` assemble their
//! values from these, so nothing is serialized twice.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::usage::Fields;
use crate::load::FileToCopy;
use crate::parse::markdown::Rendered;
use crate::site::{Page, Section, Site, Taxonomy, Term, Translation};
use crate::toml_text::toml_to_json;

/// A built site and its pre-serialized values, shared by every render.
pub struct Shared {
    pub site: Site,
    /// Pages without `lower`/`higher` (as listed in sections and as neighbours).
    pub pages: Vec<Value>,
    /// Sections without their pages and subsections (`metadata_only`).
    pub sections: Vec<Value>,
    /// The `config` object of each language.
    pub configs: HashMap<String, Value>,
    /// Content paths to permalinks, for `@/` paths.
    pub permalinks: HashMap<String, String>,
}

impl Shared {
    /// The values of `site`, whose content files are in `content_dir` (an absolute path).
    pub fn new(mut site: Site, content_dir: &Path) -> Shared {
        let translations = site.translations();
        let backlinks = site.backlinks();
        let extras = |rel: &str, canonical: String| {
            let translated = translations.get(&canonical).map_or(Vec::new(), |list| {
                list.iter()
                    .map(|t| translation_value(&site, content_dir, *t))
                    .collect()
            });
            let linked = backlinks.get(rel).map_or(Vec::new(), |list| {
                list.iter()
                    .map(|(permalink, title)| json!({"permalink": permalink, "title": title}))
                    .collect()
            });
            (Value::Array(translated), Value::Array(linked))
        };
        let pages: Vec<Value> = site
            .pages
            .par_iter()
            .map(|p| {
                let (translations, backlinks) = extras(&p.file.rel, format!("p:{}", p.canonical));
                page_value(&site, p, translations, backlinks)
            })
            .collect();

        let sections = site
            .sections
            .iter()
            .map(|s| {
                let (translations, backlinks) =
                    extras(&s.relative_path(), format!("s:{}", s.canonical()));
                section_value(&site, s, translations, backlinks)
            })
            .collect();
        let configs = site
            .config
            .language_codes()
            .into_iter()
            .map(|code| (code.to_string(), site.config.to_template_value_for(code)))
            .collect();
        // The values now hold every page's HTML; the model's copy is no longer needed.
        for page in &mut site.pages {
            page.rendered.html = String::new();
        }
        Shared {
            permalinks: site.permalinks(),
            pages,
            sections,
            configs,
            site,
        }
    }

    /// The value [`Shared::new`] makes for page `id` when its Markdown renders as `rendered`
    /// (its front matter, and so its translations and backlinks, unchanged).
    pub fn page_with(&self, id: usize, rendered: Rendered) -> Value {
        let mut page = self.site.pages[id].clone();
        page.rendered = rendered;
        let old = &self.pages[id];
        let (translations, backlinks) = (old["translations"].clone(), old["backlinks"].clone());
        page_value(&self.site, &page, translations, backlinks)
    }

    /// The value [`Shared::new`] makes for section `id` when its Markdown renders as `rendered`.
    pub fn section_with(&self, id: usize, rendered: Rendered) -> Value {
        let mut section = self.site.sections[id].clone();
        section.rendered = rendered;
        let old = &self.sections[id];
        let (translations, backlinks) = (old["translations"].clone(), old["backlinks"].clone());
        section_value(&self.site, &section, translations, backlinks)
    }

    /// A listed page with only the fields templates read (see `usage`).
    fn listed(&self, id: usize, fields: &Fields) -> Value {
        match (fields, &self.pages[id]) {
            (Fields::Only(names), Value::Object(all)) => {
                // A handful of names looked up in the page, not thirty keys looked up in them.
                let picked = names
                    .iter()
                    .filter_map(|name| Some((name.clone(), all.get(name)?.clone())));
                Value::Object(picked.collect())
            }
            (_, value) => value.clone(),
        }
    }

    /// A page with its neighbours, as page templates and `get_page` see it; the neighbours
    /// keep the fields templates read.
    pub fn page_full(&self, id: usize, fields: &Fields) -> Value {
        self.page_full_from(id, self.pages[id].clone(), fields)
    }

    /// [`Shared::page_full`] around `value`, a value of page `id` (see [`Shared::page_with`]).
    pub fn page_full_from(&self, id: usize, mut value: Value, fields: &Fields) -> Value {
        let page = &self.site.pages[id];
        let neighbour = |id: Option<usize>| id.map_or(Value::Null, |id| self.listed(id, fields));
        value["lower"] = neighbour(page.lower);
        value["higher"] = neighbour(page.higher);
        value
    }

    /// A section with its pages and subsections.
    pub fn section_full(&self, id: usize, fields: &Fields) -> Value {
        self.section_full_from(id, self.sections[id].clone(), fields)
    }

    /// [`Shared::section_full`] around `value`, a value of section `id`.
    pub fn section_full_from(&self, id: usize, mut value: Value, fields: &Fields) -> Value {
        let section = &self.site.sections[id];
        value["pages"] = self.page_list(&section.pages, fields);
        value
    }

    /// A section with the subsections but without pages (for paginated sections).
    pub fn section_meta(&self, id: usize) -> Value {
        self.sections[id].clone()
    }

    pub fn page_list(&self, ids: &[usize], fields: &Fields) -> Value {
        Value::Array(ids.iter().map(|&id| self.listed(id, fields)).collect())
    }

    /// A term: with its pages, or only their count.
    pub fn term(&self, term: &Term, with_pages: bool, fields: &Fields) -> Value {
        json!({
            "name": term.name,
            "slug": term.slug,
            "path": term.path,
            "permalink": term.permalink,
            "pages": if with_pages { self.page_list(&term.pages, fields) } else { Value::Array(Vec::new()) },
            "page_count": term.pages.len(),
        })
    }

    /// A taxonomy as `get_taxonomy` returns it: its config, language, permalink and terms.
    pub fn taxonomy(&self, taxonomy: &Taxonomy, fields: &Fields) -> Value {
        json!({
            "kind": taxonomy_kind(taxonomy),
            "lang": taxonomy.lang,
            "permalink": taxonomy.permalink,
            "items": taxonomy.terms.iter().map(|t| self.term(t, true, fields)).collect::<Vec<_>>(),
        })
    }

    /// The `config` object of a language.
    pub fn config(&self, lang: &str) -> &Value {
        &self.configs[lang]
    }
}

/// The `taxonomy` object: the taxonomy's configuration.
pub fn taxonomy_kind(taxonomy: &Taxonomy) -> Value {
    serde_json::to_value(&taxonomy.kind).unwrap_or(Value::Null)
}

/// One entry of `translations`; as in Zola, its `path` is the content file's absolute path.
fn translation_value(site: &Site, content_dir: &Path, translation: Translation) -> Value {
    let (lang, permalink, title, path) = match translation {
        Translation::Page(id) => {
            let p = &site.pages[id];
            (&p.lang, &p.permalink, &p.meta.title, p.file.rel.clone())
        }
        Translation::Section(id) => {
            let s = &site.sections[id];
            (&s.lang, &s.permalink, &s.meta.title, s.relative_path())
        }
    };
    let path = content_dir.join(path);
    json!({"lang": lang, "permalink": permalink, "title": title, "path": path})
}

fn page_value(site: &Site, page: &Page, translations: Value, backlinks: Value) -> Value {
    let meta = &page.meta;
    let date = page.date.as_ref();
    let r = &page.rendered;
    json!({
        "relative_path": page.file.rel,
        "colocated_path": page.bundle_dir.as_ref().map(|d| format!("{d}/")),
        "content": r.html,
        "permalink": page.permalink,
        "slug": page.slug,
        "ancestors": page_ancestors(site, page),
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
        "lang": page.lang,
        "lower": Value::Null,
        "higher": Value::Null,
        "translations": translations,
        "backlinks": backlinks,
    })
}

fn section_value(site: &Site, section: &Section, translations: Value, backlinks: Value) -> Value {
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
        "lang": section.lang,
        "assets": asset_urls(&section.path, Some(&section.dir), &section.assets),
        "pages": [],
        "subsections": section.subsections.iter().map(|&id| site.sections[id].relative_path()).collect::<Vec<_>>(),
        "translations": translations,
        "backlinks": backlinks,
        "generate_feeds": meta.generate_feeds,
        "transparent": meta.transparent,
        "paginate_by": meta.paginate_by(),
        "paginate_reversed": meta.paginate_reversed,
    })
}

/// A page's `ancestors` as Zola lists them: the sections above the section that lists the
/// page. For a page of a transparent section that is the section above it (when that
/// directory has one), and so on up, so the transparent section itself is not among them.
fn page_ancestors(site: &Site, page: &Page) -> Vec<String> {
    let Some(mut listing) = page.parent else {
        return Vec::new();
    };
    while let Some(up) = site.lent_to(listing) {
        listing = up;
    }
    let mut ids = site.sections[listing].ancestors.clone();
    ids.push(listing);
    ancestors(site, &ids)
}

pub(super) fn ancestors(site: &Site, ids: &[usize]) -> Vec<String> {
    ids.iter()
        .map(|&id| site.sections[id].relative_path())
        .collect()
}

/// Asset URLs relative to the site root: `/articles/trip/map.png`.
pub(super) fn asset_urls(path: &str, dir: Option<&str>, assets: &[FileToCopy]) -> Vec<String> {
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
