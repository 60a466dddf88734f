//! The render stage: decides every output file of the site and renders it through the
//! templates, in parallel, handing each finished file to a sink (the write stage) so the
//! whole site is never held in memory at once.

mod content;
mod extras;
mod feeds;
pub(crate) mod memo;
mod minify;
mod paginate;
mod renderer;
mod search;
mod taxonomies;

use std::path::Path;

use crate::error::{Error, Result};
use crate::load::FileToCopy;
use crate::site::{Located, PageId, SectionId, Site};
use crate::templates::values::Shared;
use crate::templates::{Fields, Templates};
pub(crate) use renderer::Renderer;
pub(crate) use search::{fixed_files as search_fixed_files, pagefind_pages};

/// A rendered file, by its path inside the output directory.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub rel: String,
    pub bytes: Vec<u8>,
    /// Nothing it is rendered from changed since the previous build, whose text it keeps
    /// (`bytes` is then empty). Only [`render_site_reusing`] hands on such outputs.
    pub reused: bool,
    pub origin: Origin,
}

/// What produced an output: the kind of output, the page or section it shows, and the
/// template it was rendered with (`None` for compiled stylesheets).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    pub kind: Kind,
    pub template: Option<String>,
}

/// The kinds of output a site has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Kind {
    Page(PageId),
    /// A section rendered whole, or one of its pagers.
    Section(SectionId),
    /// An alias, a section's `redirect_to`, or the first pager's redirect to its section.
    Redirect,
    TaxonomyList,
    /// A term's page, or one of its pagers.
    TaxonomyTerm,
    Feed,
    Sitemap,
    Robots,
    NotFound,
    Stylesheet,
    /// Not known (an output made outside the render stage).
    #[default]
    Other,
}

impl Origin {
    /// An output of `kind` rendered with `template`.
    pub(crate) fn new(kind: Kind, template: &str) -> Origin {
        Origin {
            kind,
            template: Some(template.to_string()),
        }
    }
}

/// Where finished outputs go.
pub(crate) type Sink<'a> = dyn Fn(Output) -> Result<()> + Sync + 'a;

pub(crate) use crate::load::CopyJob;

/// Renders every output of the site into `sink`; returns how many there were.
pub(crate) fn render_site(shared: &Shared, templates: &Templates, sink: &Sink) -> Result<usize> {
    render_all(&Renderer::new(shared, templates, sink))
}

/// [`render_site`], handing on as reused (see [`Output::reused`]) the outputs whose inputs are
/// the same as when `previous` was made; returns the count and this build's memo.
pub(crate) fn render_site_reusing(
    shared: &Shared,
    templates: &Templates,
    sink: &Sink,
    previous: Option<&memo::Memo>,
) -> Result<(usize, memo::Memo)> {
    let mut renderer = Renderer::new(shared, templates, sink);
    renderer.memo = Some(memo::Memoizer::new(shared, templates, previous));
    let count = render_all(&renderer)?;
    let memo = renderer.memo.take().map(memo::Memoizer::finish);
    Ok((count, memo.unwrap_or_default()))
}

fn render_all(renderer: &Renderer) -> Result<usize> {
    check_templates(&renderer.shared.site, renderer.templates)?;
    let counts = [
        extras::stylesheets(renderer)?,
        extras::aliases(renderer)?,
        content::pages(renderer)?,
        content::sections(renderer)?,
        taxonomies::render(renderer)?,
        feeds::render(renderer)?,
        extras::sitemap(renderer)?,
        extras::robots(renderer)?,
        search::render(renderer)?,
        extras::not_found(renderer)?,
    ];
    Ok(counts.iter().sum())
}

/// Renders page `id` alone into `sink`, exactly as [`render_site`] renders it, except that its
/// `page` variable is built around `value(fields)`, given the listed-page fields of its
/// template; returns how many outputs it made (none when the page is not rendered).
pub(crate) fn render_page(
    shared: &Shared,
    templates: &Templates,
    sink: &Sink,
    id: usize,
    value: impl FnOnce(&Fields) -> serde_json::Value,
) -> Result<usize> {
    let page = &shared.site.pages[id];
    if !page.meta.render || page.unlisted {
        return Ok(0);
    }
    let fields = templates.fields(content::page_template(&shared.site, page));
    let value = value(fields);
    let renderer = Renderer::new(shared, templates, sink);
    content::page(&renderer, &mut renderer::Contexts::default(), id, value)
}

/// Renders section `id` alone as [`render_page`] does pages; nothing for a section that is not
/// rendered whole (paginated, a redirect, or not rendered). Both expect the templates to have
/// rendered the whole site before.
pub(crate) fn render_section(
    shared: &Shared,
    templates: &Templates,
    sink: &Sink,
    id: usize,
    value: impl FnOnce(&Fields) -> serde_json::Value,
) -> Result<usize> {
    let section = &shared.site.sections[id];
    let value = value(templates.fields(content::section_template(section)));
    let renderer = Renderer::new(shared, templates, sink);
    let contexts = &mut renderer::Contexts::default();
    content::whole_section(&renderer, contexts, id, value).unwrap_or(Ok(0))
}

/// Files copied as they are: static files first, then page and section assets. Each output
/// path is copied to once: a static file wins over an asset at the same path, as in Zola.
///
/// With `hard_link_static`, the site's static files and the assets of pages and sections are
/// hard-linked, as Zola links them; the theme's static files (below `themes_dir`) are copied.
pub(crate) fn copies(site: &Site, static_files: &[FileToCopy], themes_dir: &Path) -> Vec<CopyJob> {
    let link = site.config.hard_link_static;
    let statics = static_files.iter().map(|f| CopyJob {
        from: f.from.clone(),
        rel: f.rel.clone(),
        link: link && !f.from.starts_with(themes_dir),
    });
    let built = site.pages.iter().filter(|p| p.meta.render && !p.unlisted);
    let page_assets = built.flat_map(|p| {
        let dir = p.bundle_dir.as_deref().unwrap_or(&p.dir);
        asset_jobs(&p.path, dir, &p.assets)
    });
    let section_assets = site
        .sections
        .iter()
        .flat_map(|s| asset_jobs(&s.path, &s.dir, &s.assets));
    let assets = page_assets
        .chain(section_assets)
        .map(|job| CopyJob { link, ..job });
    let mut claimed = std::collections::HashSet::new();
    statics
        .chain(assets)
        .filter(|job| claimed.insert(job.rel.clone()))
        .collect()
}

/// An asset keeps its place relative to its page's or section's directory.
fn asset_jobs<'a>(
    path: &'a str,
    dir: &'a str,
    assets: &'a [FileToCopy],
) -> impl Iterator<Item = CopyJob> + 'a {
    assets.iter().map(move |asset| {
        let inside = asset
            .rel
            .strip_prefix(dir)
            .unwrap_or(&asset.rel)
            .trim_start_matches('/');
        CopyJob {
            from: asset.from.clone(),
            rel: format!("{}{inside}", path.trim_start_matches('/')),
            link: false,
        }
    })
}

/// Every template a page or section asks for must exist; the error points at its front matter.
fn check_templates(site: &Site, templates: &Templates) -> Result<()> {
    let wanted = site.pages.iter().filter_map(|p| p.template.as_ref()).chain(
        site.sections
            .iter()
            .flat_map(|s| s.template.iter().chain(s.page_template.iter())),
    );
    let mut errors: Vec<Error> = wanted
        .filter(|t| !templates.has(&t.value))
        .map(|t: &Located<String>| {
            let message = format!(
                "template `{}` not found in templates/ or the theme's templates/",
                t.value
            );
            Error::at(t.location.clone(), message)
        })
        .collect();
    for feed in site.config.all_feed_filenames() {
        if !templates.has(&feed) {
            errors.push(Error::Template {
                message: format!("feed `{feed}` in `feed_filenames` has no template of that name"),
            });
        }
    }
    Error::collect(errors)
}
