//! The site's values as Tera 1 sees them, made once per build and shared by every render.
//! Each page and section is serialized once, without the parts that depend on the template
//! (neighbours, a section's pages); those are added from the same values, with only the
//! fields the template reads (see `usage`).

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    ConfigValue, Links, PageValue, PaginatorValue, SectionValue, SiteLinks, TaxonomyValue,
    TermValue,
};
use crate::parse::markdown::Rendered;
use crate::site::{Page, Section, Site, Taxonomy, Term};
use crate::templates::usage::Fields;

/// A built site and its pre-serialized values, shared by every render.
pub struct Shared {
    pub site: Site,
    /// Pages without `lower`/`higher` (as listed in sections and as neighbours).
    pub pages: Vec<Value>,
    /// Sections without their pages (as `metadata_only` gives them).
    pub sections: Vec<Value>,
    /// The `config` object of each language.
    pub configs: HashMap<String, Value>,
    /// Content paths to permalinks, for `@/` paths.
    pub permalinks: HashMap<String, String>,
}

/// `value` as a Tera 1 value.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("template values have string keys and UTF-8 paths")
}

/// Puts `with` into field `key` of `value`, a serialized value of a type whose fields are
/// `fields`; the field keeps its place among the others.
fn fill(value: &mut Value, fields: &[&str], key: &str, with: Value) {
    debug_assert!(fields.contains(&key), "`{key}` is not a field");
    value[key] = with;
}

impl Shared {
    /// The values of `site`, whose content files are in `content_dir` (an absolute path).
    pub fn new(mut site: Site, content_dir: &Path) -> Shared {
        let (pages, sections) = {
            let site = &site;
            let links = SiteLinks::new(site, content_dir);
            let pages: Vec<Value> = (0..site.pages.len())
                .into_par_iter()
                .map(|id| to_value(&PageValue::new(site, &site.pages[id], links.of_page(id))))
                .collect();
            let sections = (0..site.sections.len())
                .map(|id| {
                    let links = links.of_section(id);
                    to_value(&SectionValue::new(site, &site.sections[id], links))
                })
                .collect();
            (pages, sections)
        };
        let config = &site.config;
        let configs = (config.language_codes().into_iter())
            .map(|code| (code.to_string(), to_value(&ConfigValue::new(config, code))))
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
        let mut value = to_value(&PageValue::new(&self.site, &page, Links::default()));
        for key in ["translations", "backlinks"] {
            fill(
                &mut value,
                PageValue::FIELDS,
                key,
                self.pages[id][key].clone(),
            );
        }
        value
    }

    /// The value [`Shared::new`] makes for section `id` when its Markdown renders as `rendered`.
    pub fn section_with(&self, id: usize, rendered: Rendered) -> Value {
        let mut section = self.site.sections[id].clone();
        section.rendered = rendered;
        let mut value = to_value(&SectionValue::new(&self.site, &section, Links::default()));
        for key in ["translations", "backlinks"] {
            fill(
                &mut value,
                SectionValue::FIELDS,
                key,
                self.sections[id][key].clone(),
            );
        }
        value
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
        fill(
            &mut value,
            PageValue::FIELDS,
            "lower",
            neighbour(page.lower),
        );
        fill(
            &mut value,
            PageValue::FIELDS,
            "higher",
            neighbour(page.higher),
        );
        value
    }

    /// A section with its pages and subsections.
    pub fn section_full(&self, id: usize, fields: &Fields) -> Value {
        self.section_full_from(id, self.sections[id].clone(), fields)
    }

    /// [`Shared::section_full`] around `value`, a value of section `id`.
    pub fn section_full_from(&self, id: usize, mut value: Value, fields: &Fields) -> Value {
        let pages = self.page_list(&self.site.sections[id].pages, fields);
        fill(&mut value, SectionValue::FIELDS, "pages", pages);
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
        let mut value = to_value(&TermValue::new(term));
        if with_pages {
            let pages = self.page_list(&term.pages, fields);
            fill(&mut value, TermValue::FIELDS, "pages", pages);
        }
        value
    }

    /// A taxonomy as `get_taxonomy` returns it: its config, language, permalink and terms.
    pub fn taxonomy(&self, taxonomy: &Taxonomy, fields: &Fields) -> Value {
        let mut value = to_value(&TaxonomyValue::new(taxonomy));
        let terms = taxonomy.terms.iter();
        let items = terms.map(|t| self.term(t, true, fields)).collect();
        fill(
            &mut value,
            TaxonomyValue::FIELDS,
            "items",
            Value::Array(items),
        );
        value
    }

    /// The `paginator` object of a pager holding pages `ids`.
    pub fn paginator(&self, pager: &PaginatorValue, ids: &[usize], fields: &Fields) -> Value {
        let mut value = to_value(pager);
        let pages = self.page_list(ids, fields);
        fill(&mut value, PaginatorValue::FIELDS, "pages", pages);
        value
    }

    /// The `config` object of a language.
    pub fn config(&self, lang: &str) -> &Value {
        &self.configs[lang]
    }
}

/// The `taxonomy` object: the taxonomy's configuration.
pub(crate) fn taxonomy_kind(taxonomy: &Taxonomy) -> Value {
    to_value(&taxonomy.kind)
}

/// A page as its shortcodes see it (see [`PageValue::before_markdown`]). Shortcodes see
/// `updated` before `date`, in Zola's order, where page templates see `date` first; both
/// orders are kept as they are.
pub(crate) fn page_before_markdown(site: &Site, page: &Page) -> Value {
    let Value::Object(fields) = to_value(&PageValue::before_markdown(site, page)) else {
        unreachable!("a struct serializes as an object");
    };
    let updated = fields.get("updated").cloned().unwrap_or(Value::Null);
    let mut ordered = Map::with_capacity(fields.len());
    for (key, field) in fields {
        match key.as_str() {
            "updated" => {}
            "date" => {
                ordered.insert("updated".to_string(), updated.clone());
                ordered.insert(key, field);
            }
            _ => {
                ordered.insert(key, field);
            }
        }
    }
    Value::Object(ordered)
}

/// A section as its shortcodes see it (see [`SectionValue::before_markdown`]).
pub(crate) fn section_before_markdown(site: &Site, section: &Section) -> Value {
    to_value(&SectionValue::before_markdown(site, section))
}
