//! The render stage: decides every output file of the site and renders it through the
//! templates, in parallel. Pure: it returns the outputs for the write stage.

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::Value;
use tera::Context;

use crate::error::{Error, Result};
use crate::load::FileToCopy;
use crate::site::{paths, Located, Page, Section, Site};
use crate::templates::values::Values;
use crate::templates::Templates;

/// A rendered file, by its path inside the output directory.
#[derive(Debug, Clone)]
pub struct Output {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// A file copied unchanged into the output directory.
#[derive(Debug, Clone)]
pub struct CopyJob {
    pub from: PathBuf,
    pub rel: String,
}

/// Renders every page, every section and the 404 page.
pub fn render_site(site: &Site, templates: &Templates, values: &Values) -> Result<Vec<Output>> {
    check_templates(site, templates)?;
    let pages = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| render_page(site, templates, values, id, page));
    let sections = site
        .sections
        .par_iter()
        .enumerate()
        .map(|(id, section)| render_section(templates, values, id, section));
    let results: Vec<Result<Output>> = pages.chain(sections).collect();
    let mut outputs = Vec::with_capacity(results.len() + 1);
    let mut errors = Vec::new();
    for result in results {
        result
            .map(|o| outputs.push(o))
            .unwrap_or_else(|e| errors.push(e));
    }
    Error::collect(errors)?;
    let context = base_context(
        values,
        "/404.html",
        &format!("{}/404.html", site.config.base_url),
    );
    let html = templates
        .render("404.html", &context)
        .map_err(|m| Error::Template {
            message: format!("while rendering 404.html: {m}"),
        })?;
    outputs.push(Output {
        rel: "404.html".to_string(),
        bytes: html.into_bytes(),
    });
    Ok(outputs)
}

/// Files copied as they are: static files first, then page and section assets.
pub fn copies(site: &Site, static_files: &[FileToCopy]) -> Vec<CopyJob> {
    let statics = static_files.iter().map(|f| CopyJob {
        from: f.from.clone(),
        rel: f.rel.clone(),
    });
    let page_assets = site.pages.iter().flat_map(|p| {
        let dir = p.bundle_dir.as_deref().unwrap_or(&p.dir);
        asset_jobs(&p.path, dir, &p.assets)
    });
    let section_assets = site
        .sections
        .iter()
        .flat_map(|s| asset_jobs(&s.path, &s.dir, &s.assets));
    statics.chain(page_assets).chain(section_assets).collect()
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
    let errors = wanted
        .filter(|t| !templates.has(&t.value))
        .map(|t: &Located<String>| {
            let message = format!(
                "template `{}` not found in templates/ or the theme's templates/",
                t.value
            );
            Error::at(t.location.clone(), message)
        })
        .collect();
    Error::collect(errors)
}

fn base_context(values: &Values, current_path: &str, current_url: &str) -> Context {
    let mut context = Context::new();
    context.insert("config", &values.config);
    context.insert("lang", &values.lang);
    context.insert("current_path", current_path);
    context.insert("current_url", current_url);
    context.insert("zola_version", env!("CARGO_PKG_VERSION"));
    context
}

/// The template of a page: its own, else the closest section's `page_template`, else `page.html`.
fn page_template<'a>(site: &'a Site, page: &'a Page) -> &'a str {
    if let Some(t) = &page.template {
        return &t.value;
    }
    page.ancestors
        .iter()
        .rev()
        .find_map(|&id| site.sections[id].page_template.as_ref())
        .map_or("page.html", |t| t.value.as_str())
}

fn render_page(
    site: &Site,
    templates: &Templates,
    values: &Values,
    id: usize,
    page: &Page,
) -> Result<Output> {
    let template = page_template(site, page);
    let mut context = base_context(values, &page.path, &page.permalink);
    context.insert("page", &values.pages[id]);
    render_one(templates, template, &context, &page.file.shown, &page.path)
}

fn render_section(
    templates: &Templates,
    values: &Values,
    id: usize,
    section: &Section,
) -> Result<Output> {
    let default = if section.is_root() {
        "index.html"
    } else {
        "section.html"
    };
    let template = section
        .template
        .as_ref()
        .map_or(default, |t| t.value.as_str());
    let mut context = base_context(values, &section.path, &section.permalink);
    context.insert("section", &values.sections[id]);
    context.insert("paginator", &Value::Null);
    let shown = section
        .file
        .as_ref()
        .map_or_else(|| PathBuf::from("content/_index.md"), |f| f.shown.clone());
    render_one(templates, template, &context, &shown, &section.path)
}

fn render_one(
    templates: &Templates,
    template: &str,
    context: &Context,
    shown: &std::path::Path,
    path: &str,
) -> Result<Output> {
    let html = templates.render(template, context).map_err(|m| {
        Error::file(
            shown,
            format!("rendering with template `{template}` failed: {m}"),
        )
    })?;
    Ok(Output {
        rel: paths::output_file(path),
        bytes: html.into_bytes(),
    })
}
