//! Pages and sections: each rendered with its template, paginated sections as pagers, and
//! sections that redirect or are not rendered handled as Zola does.

use serde_json::Value;

use super::paginate::{pager_tail, Paginator, Root};
use super::renderer::Contexts;
use super::{Kind, Renderer};
use crate::error::Result;
use crate::site::{paths, Page, Section, Site};

/// `zola_version` as Zola 0.22.1 gives it to page templates (and only to them): the version
/// of its crates, which is not its release number. Themes that test it take the path they
/// take with Zola 0.22.1.
pub(super) const ZOLA_VERSION: &str = "0.21.0";

/// Every page whose `render` is on (and that a section lists, or is an orphan).
pub(super) fn pages(r: &Renderer) -> Result<usize> {
    let site = &r.shared.site;
    let ids: Vec<usize> = (0..site.pages.len())
        .filter(|&id| site.pages[id].meta.render && !site.pages[id].unlisted)
        .collect();
    r.each(&ids, |contexts, &id| {
        let template = page_template(site, &site.pages[id]);
        page(r, contexts, id, r.shared.page_full(id, r.fields(template)))
    })
}

/// Page `id`, with `value` as its `page` variable.
pub(super) fn page(
    r: &Renderer,
    contexts: &mut Contexts,
    id: usize,
    value: Value,
) -> Result<usize> {
    let site = &r.shared.site;
    let page = &site.pages[id];
    let vars = vec![
        ("page", value),
        ("current_path", Value::String(page.path.clone())),
        ("current_url", Value::String(page.permalink.clone())),
        ("zola_version", Value::String(ZOLA_VERSION.to_string())),
    ];
    r.render_out(
        contexts,
        (paths::output_file(&page.path), Kind::Page(id)),
        page_template(site, page),
        &page.lang,
        vars,
        &page.file.shown,
    )
}

/// The template of a page: its own, else the closest section's `page_template`, else `page.html`.
pub(super) fn page_template<'a>(site: &'a Site, page: &'a Page) -> &'a str {
    if let Some(t) = &page.template {
        return &t.value;
    }
    page.ancestors
        .iter()
        .rev()
        .find_map(|&id| site.sections[id].page_template.as_ref())
        .map_or("page.html", |t| t.value.as_str())
}

/// One output of a section: the section itself or one of its pagers.
enum Job {
    Whole(usize),
    Pager(usize, usize),
    Redirect(String, String),
}

/// Every section whose `render` is on: whole, paginated, or as a redirect.
pub(super) fn sections(r: &Renderer) -> Result<usize> {
    let site = &r.shared.site;
    let mut jobs = Vec::new();
    let mut paginators = vec![None; site.sections.len()];
    for (id, section) in site.sections.iter().enumerate() {
        if !section.meta.render {
            continue;
        }
        if let Some(target) = &section.meta.redirect_to {
            jobs.push(Job::Redirect(
                section.path.clone(),
                redirect_url(site, target),
            ));
            continue;
        }
        match paginator(site, section) {
            Some(paginator) => {
                jobs.extend((1..=paginator.pagers.len()).map(|i| Job::Pager(id, i)));
                let first = format!(
                    "{}{}",
                    section.path,
                    pager_tail(&section.meta.paginate_path, 1)
                );
                jobs.push(Job::Redirect(first, section.permalink.clone()));
                paginators[id] = Some(paginator);
            }
            None => jobs.push(Job::Whole(id)),
        }
    }
    r.each(&jobs, |contexts, job| {
        let id = match job {
            Job::Redirect(path, url) => return redirect(r, contexts, path, url),
            Job::Whole(id) | Job::Pager(id, _) => *id,
        };
        let section = &site.sections[id];
        let template = section_template(section);
        let fields = r.fields(template);
        let (path, permalink, paginator) = match job {
            Job::Pager(_, i) => {
                let paginator = paginators[id].as_ref().expect("paginated");
                let pager = &paginator.pagers[*i - 1];
                (
                    pager.path.clone(),
                    pager.permalink.clone(),
                    paginator.value(*i, r.shared, fields),
                )
            }
            _ => (section.path.clone(), section.permalink.clone(), Value::Null),
        };
        let section_value = if paginator.is_null() {
            r.shared.section_full(id, fields)
        } else {
            r.shared.section_meta(id)
        };
        let output = SectionOutput {
            path,
            permalink,
            paginator,
        };
        section_output(r, contexts, id, section_value, output)
    })
}

/// Where one output of a section goes, and its paginator (null for a whole section).
struct SectionOutput {
    path: String,
    permalink: String,
    paginator: Value,
}

fn section_output(
    r: &Renderer,
    contexts: &mut Contexts,
    id: usize,
    value: Value,
    output: SectionOutput,
) -> Result<usize> {
    let section = &r.shared.site.sections[id];
    let vars = vec![
        ("section", value),
        ("paginator", output.paginator),
        ("current_path", Value::String(output.path.clone())),
        ("current_url", Value::String(output.permalink)),
    ];
    let template = section_template(section);
    r.render_out(
        contexts,
        (paths::output_file(&output.path), Kind::Section(id)),
        template,
        &section.lang,
        vars,
        &origin(section),
    )
}

/// Section `id` when it is rendered whole (not paginated, not a redirect), with `value` as
/// its `section` variable; `None` for other sections.
pub(super) fn whole_section(
    r: &Renderer,
    contexts: &mut Contexts,
    id: usize,
    value: Value,
) -> Option<Result<usize>> {
    let site = &r.shared.site;
    let section = &site.sections[id];
    let whole = section.meta.render
        && section.meta.redirect_to.is_none()
        && paginator(site, section).is_none();
    let output = SectionOutput {
        path: section.path.clone(),
        permalink: section.permalink.clone(),
        paginator: Value::Null,
    };
    whole.then(|| section_output(r, contexts, id, value, output))
}

/// The paginator of a paginated section.
pub(super) fn paginator(site: &Site, section: &Section) -> Option<Paginator> {
    let paginate_by = section.meta.paginate_by()?;
    let pages: Vec<usize> = section
        .pages
        .iter()
        .copied()
        .filter(|&p| site.pages[p].meta.render)
        .collect();
    let root = Root {
        path: &section.path,
        permalink: &section.permalink,
        paginate_by,
        paginate_path: &section.meta.paginate_path,
        reversed: section.meta.paginate_reversed,
    };
    Some(Paginator::new(&root, &pages))
}

pub(super) fn section_template(section: &Section) -> &str {
    match &section.template {
        Some(t) => &t.value,
        None if section.is_root() => "index.html",
        None => "section.html",
    }
}

fn origin(section: &Section) -> std::path::PathBuf {
    section.file.as_ref().map_or_else(
        || std::path::PathBuf::from("content/_index.md"),
        |f| f.shown.clone(),
    )
}

/// `redirect_to` is an `http:` or `https:` URL, or a path inside the site, which gets a
/// trailing slash as Zola gives it one: unless it ends with `/` or a feed's file name, or
/// holds a `#`.
fn redirect_url(site: &Site, target: &str) -> String {
    if target.starts_with("http:") || target.starts_with("https:") {
        return target.to_string();
    }
    let config = &site.config;
    let feeds = config.feed_filenames_for(&config.default_language);
    let as_is = target.is_empty()
        || target.ends_with('/')
        || target.contains('#')
        || feeds.iter().any(|feed| target.ends_with(feed.as_str()));
    let mut url = config.permalink(target);
    if !as_is {
        url.push('/');
    }
    url
}

/// A page at `path` that sends the browser to `url` (template `internal/alias.html`).
pub(super) fn redirect(
    r: &Renderer,
    contexts: &mut super::renderer::Contexts,
    path: &str,
    url: &str,
) -> Result<usize> {
    let lang = r.shared.site.config.default_language.clone();
    let vars = vec![("url", Value::String(url.to_string()))];
    r.render_out(
        contexts,
        (alias_file(path), Kind::Redirect),
        "internal/alias.html",
        &lang,
        vars,
        std::path::Path::new("internal/alias.html"),
    )
}

/// Where an alias is written: `a/b/index.html`, or `a/b.html` itself. As in Zola, only a
/// name ending in `.html` is a file (`a/b.htm` is written as `a/b.htm/index.html`).
pub(super) fn alias_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.ends_with(".html") {
        trimmed.to_string()
    } else {
        paths::output_file(&paths::join(
            &trimmed
                .split('/')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>(),
        ))
    }
}
