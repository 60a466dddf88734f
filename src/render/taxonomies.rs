//! Taxonomy pages: for each rendered taxonomy with terms, the list of terms and a page (or
//! pagers) per term, with `NAME/list.html` / `NAME/single.html` or the generic templates.

use serde_json::Value;

use super::content::redirect;
use super::paginate::{pager_tail, Paginator, Root};
use super::renderer::Contexts;
use super::{Kind, Renderer};
use crate::error::Result;
use crate::site::{paths, Site, Taxonomy};
use crate::templates::values::taxonomy_kind;

enum Job {
    List(usize),
    Term(usize, usize, Option<usize>),
    Redirect(String, String),
}

/// Renders every taxonomy's list page, term pages and term pagers.
pub(super) fn render(r: &Renderer) -> Result<usize> {
    let jobs = jobs(&r.shared.site);
    r.each(&jobs, |contexts, job| match job {
        Job::Redirect(path, url) => redirect(r, contexts, path, url),
        Job::List(t) => list(r, contexts, *t),
        Job::Term(t, i, pager) => term_page(r, contexts, (*t, *i), *pager),
    })
}

/// The outputs of every rendered taxonomy with terms: its list, and each term's page or
/// pagers (with the redirect from the first pager to the term).
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        if !taxonomy.kind.render || taxonomy.terms.is_empty() {
            continue;
        }
        jobs.push(Job::List(t));
        for (i, term) in taxonomy.terms.iter().enumerate() {
            match paginator(taxonomy, i) {
                Some(p) => {
                    jobs.extend((1..=p.pagers.len()).map(|pager| Job::Term(t, i, Some(pager))));
                    let first = format!(
                        "{}{}",
                        term.path,
                        pager_tail(taxonomy.kind.paginate_path(), 1)
                    );
                    jobs.push(Job::Redirect(first, term.permalink.clone()));
                }
                None => jobs.push(Job::Term(t, i, None)),
            }
        }
    }
    jobs
}

/// The list of taxonomy `t`'s terms.
fn list(r: &Renderer, contexts: &mut Contexts, t: usize) -> Result<usize> {
    let taxonomy = &r.shared.site.taxonomies[t];
    let template = template(r, taxonomy, "list");
    let fields = r.fields(&template);
    let terms = (taxonomy.terms.iter())
        .map(|term| r.shared.term(term, true, fields))
        .collect();
    let vars = vec![
        ("taxonomy", taxonomy_kind(taxonomy)),
        ("terms", Value::Array(terms)),
        ("current_path", Value::String(taxonomy.path.clone())),
        ("current_url", Value::String(taxonomy.permalink.clone())),
    ];
    r.render_out(
        contexts,
        (paths::output_file(&taxonomy.path), Kind::TaxonomyList),
        &template,
        &taxonomy.lang,
        vars,
        std::path::Path::new(&template),
    )
}

/// The page of term `i` of taxonomy `t`, or its pager `pager`.
fn term_page(
    r: &Renderer,
    contexts: &mut Contexts,
    (t, i): (usize, usize),
    pager: Option<usize>,
) -> Result<usize> {
    let taxonomy = &r.shared.site.taxonomies[t];
    let term = &taxonomy.terms[i];
    let template = template(r, taxonomy, "single");
    let fields = r.fields(&template);
    let (path, permalink, paginator_value) = match (pager, paginator(taxonomy, i)) {
        (Some(index), Some(p)) => {
            let pg = &p.pagers[index - 1];
            (
                pg.path.clone(),
                pg.permalink.clone(),
                p.value(index, r.shared, fields),
            )
        }
        _ => (term.path.clone(), term.permalink.clone(), Value::Null),
    };
    let key = ((t as u64) << 32) | i as u64;
    r.keep(
        contexts,
        (&template, &taxonomy.lang, "taxonomy"),
        "term",
        key,
        || r.shared.term(term, true, fields),
    );
    let vars = vec![
        ("taxonomy", taxonomy_kind(taxonomy)),
        ("paginator", paginator_value),
        ("current_path", Value::String(path.clone())),
        ("current_url", Value::String(permalink)),
    ];
    r.render_out(
        contexts,
        (paths::output_file(&path), Kind::TaxonomyTerm),
        &template,
        &taxonomy.lang,
        vars,
        std::path::Path::new(&template),
    )
}

fn paginator(taxonomy: &Taxonomy, term: usize) -> Option<Paginator> {
    let paginate_by = taxonomy.kind.paginate_by.filter(|&n| n > 0)?;
    let term = &taxonomy.terms[term];
    let root = Root {
        path: &term.path,
        permalink: &term.permalink,
        paginate_by,
        paginate_path: taxonomy.kind.paginate_path(),
        reversed: false,
    };
    Some(Paginator::new(&root, &term.pages))
}

/// `tags/single.html` if the site or theme has it, else `taxonomy_single.html`.
fn template(r: &Renderer, taxonomy: &Taxonomy, kind: &str) -> String {
    let specific = format!("{}/{kind}.html", taxonomy.kind.name);
    if r.templates.has(&specific) {
        specific
    } else {
        format!("taxonomy_{kind}.html")
    }
}
