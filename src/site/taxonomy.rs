//! Taxonomies: the terms pages name in `[taxonomies]`, grouped per configured taxonomy and
//! language, each term with its pages newest first.

use std::collections::BTreeMap;

use super::{lang, paths, sort, Page, PageId};
use crate::config::{Config, TaxonomyConfig};
use crate::error::{Error, Result};
use crate::parse::front_matter::SortBy;

/// One taxonomy of one language, such as the English `tags`.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyConfig,
    pub lang: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    /// Terms ordered by slug, then name.
    pub terms: Vec<Term>,
}

/// One term of a taxonomy, such as the tag `mining`.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    /// Dated pages newest first, then the undated ones.
    pub pages: Vec<PageId>,
}

/// Terms found in pages by (language, taxonomy), then by slug: the name and the pages.
type Found = BTreeMap<(String, String), BTreeMap<String, (String, Vec<PageId>)>>;

/// Collects every configured taxonomy of every language from the pages' front matter.
/// A page naming a taxonomy that its language does not configure is an error.
pub(crate) fn collect(config: &Config, pages: &[Page]) -> Result<Vec<Taxonomy>> {
    let mut found: Found = BTreeMap::new();
    let mut errors = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        for (name, terms) in &page.meta.taxonomies {
            let Some(kind) = config
                .taxonomies_for(&page.lang)
                .iter()
                .find(|t| &t.name == name)
            else {
                errors.push(Error::file(
                    &page.file.shown,
                    format!("taxonomy `{name}` is not configured for language `{}` in the config's `taxonomies`", page.lang),
                ));
                continue;
            };
            let by_slug = found
                .entry((page.lang.clone(), kind.name.clone()))
                .or_default();
            for term in terms {
                let slug = config.slugify.taxonomies.slugify_path(term);
                if !paths::is_segment(&slug) {
                    errors.push(Error::file(&page.file.shown, bad_term(name, term, &slug)));
                    continue;
                }
                let entry = by_slug
                    .entry(slug)
                    .or_insert_with(|| (term.clone(), Vec::new()));
                // Names that share a slug are one term, named by the first in order (as in Zola).
                if *term < entry.0 {
                    entry.0 = term.clone();
                }
                if !entry.1.contains(&id) {
                    entry.1.push(id);
                }
            }
        }
    }
    Error::collect(errors)?;
    let mut taxonomies = Vec::new();
    for code in config.language_codes() {
        for kind in config.taxonomies_for(code) {
            let terms = found
                .remove(&(code.to_string(), kind.name.clone()))
                .unwrap_or_default();
            taxonomies.push(taxonomy(config, kind, code, terms, pages));
        }
    }
    Ok(taxonomies)
}

/// Why `term` of taxonomy `name`, made `slug` for its URL, cannot have a page.
fn bad_term(name: &str, term: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("`{name}` term {term:?} is empty once made URL-safe, so it can have no page")
    } else {
        format!(
            "`{name}` term {term:?} gives the URL part {slug:?}, which is not a single path \
             segment (it must not be `.` or `..` or hold `/`, `\\` or NUL)"
        )
    }
}

fn taxonomy(
    config: &Config,
    kind: &TaxonomyConfig,
    lang: &str,
    terms: BTreeMap<String, (String, Vec<PageId>)>,
    pages: &[Page],
) -> Taxonomy {
    let slug = config.slugify.taxonomies.slugify_path(&kind.name);
    let mut base: Vec<&str> = vec![lang::prefix(lang, config)];
    base.extend(config.taxonomy_root.as_deref());
    base.push(&slug);
    base.retain(|s| !s.is_empty());
    let path = paths::join(&base);
    let mut terms: Vec<Term> = terms
        .into_iter()
        .map(|(term_slug, (name, ids))| {
            let (mut sorted, undated) = sort::sort_pages(pages, &ids, SortBy::Date);
            sorted.extend(undated);
            let term_path = format!("{path}{term_slug}/");
            Term {
                name,
                permalink: config.permalink(&term_path),
                path: term_path,
                slug: term_slug,
                pages: sorted,
            }
        })
        .collect();
    terms.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.name.cmp(&b.name)));
    Taxonomy {
        kind: kind.clone(),
        lang: lang.to_string(),
        permalink: config.permalink(&path),
        path,
        slug,
        terms,
    }
}
