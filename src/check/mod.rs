//! `loess check`: the site is built by the routine of `loess build` into a scanner instead of
//! the output directory (`scan`: nothing is written to the output; the images templates resize
//! are made into the site's `static/processed_images/`, Zola's cache, as a build makes them),
//! and every link of every generated HTML page is checked, those templates make as well as
//! those written in Markdown: pages, `#anchors`, images, scripts, stylesheets, feeds.
//! A link inside the site must reach an output of the build or a copied file; other http(s)
//! links are fetched, as `zola check` fetches them, unless `--skip-external-links`. Each
//! problem is placed where it is fixed: a line of Markdown, or a template. Pages are also
//! checked for duplicate ids, empty titles, images without `alt`, and for being orphans.
//!
//! `scan` receives the files, `html` reads a page, `resolve` says where a link points, `internal` whether it arrives,
//! `external` fetches the rest, `lint` has the page warnings, `origin` tells Markdown links
//! from template links, `source` finds places, and `report` gathers it all.

mod external;
mod html;
mod internal;
mod lint;
mod origin;
mod report;
mod resolve;
mod scan;
mod source;

use std::collections::HashMap;

use rayon::prelude::*;
use url::Url;

use crate::build::{self, BuildOptions, Progress};
use crate::config::Mode;
use crate::error::Result;
use crate::render::{Kind, Origin};
use crate::site::Site;
pub(crate) use external::ExternalOptions;
use html::{Document, Link};
use internal::{Reach, Targets};
use origin::{Content, MarkdownLinks};
use report::Collector;
#[cfg(test)]
pub(crate) use report::Place;
pub(crate) use report::{Problem, Report, Severity};
use resolve::{Resolved, SiteUrl};
use scan::Scanner;
use source::Placer;

/// What to check, and how.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site and how it is built (nothing is written: `output_dir` and `force` are unused).
    pub build: BuildOptions,
    /// How external links are fetched; `None` leaves them unchecked.
    pub external: Option<ExternalOptions>,
}

/// A generated HTML page, read.
#[derive(Debug)]
pub(crate) struct Scanned {
    /// Its path in the output directory: `blog/a/index.html`.
    pub rel: String,
    pub origin: Origin,
    /// Where it is served.
    pub url: Url,
    pub doc: Document,
    /// The tags that came from Markdown, by where they start, and whose Markdown it is.
    pub markdown: HashMap<usize, Content>,
}

/// Builds the site described by `options` in memory and checks it.
pub fn check(options: &CheckOptions, progress: &dyn Progress) -> Result<Report> {
    // Anchors of `@/` links are checked with all the others, in the pages.
    let build = BuildOptions {
        skip_anchor_check: true,
        mode: Mode::Check,
        ..options.build.clone()
    };
    let prepared = build::prepare(&build, progress)?;
    let site = &prepared.shared.site;
    let site_url = SiteUrl::new(&site.config.base_url);
    let markdown = MarkdownLinks::new(&prepared.shared);
    let scanner = Scanner::new(&site_url, &markdown);
    let ran = build::run(&prepared, build::Scope::Site, scanner, progress)?;
    let (pages, files) = ran.finished;

    progress.stage("checking links");
    let checker = Checker {
        site,
        site_url: &site_url,
        targets: Targets::new(files.iter().map(String::as_str), &pages),
        pages: &pages,
        placer: Placer::new(site, &prepared.templates, &markdown),
    };
    let mut report = Report {
        pages: pages.len(),
        build_warnings: ran.warnings,
        ..Report::default()
    };
    let mut found = Collector::default();
    let external = checker.internal(&mut found, &mut report);
    checker.lints(&mut found);
    match &options.external {
        Some(fetch) => {
            progress.stage("checking external links");
            checker.external(&external, fetch, &mut found, &mut report);
        }
        None => report.external_unchecked = external.len(),
    }
    report.problems = found.finish();
    Ok(report)
}

/// An external link: the page and the link, and where it points.
struct ExternalLink {
    page: usize,
    link: usize,
    url: Url,
}

/// What one page's links gave.
#[derive(Default)]
struct PageLinks {
    checked: usize,
    /// Problems, each with the link it is about.
    broken: Vec<(usize, String)>,
    /// The other pages it links to.
    linked: Vec<usize>,
    external: Vec<ExternalLink>,
}

/// A rendered site, ready to be checked.
struct Checker<'a> {
    site: &'a Site,
    site_url: &'a SiteUrl,
    targets: Targets<'a>,
    pages: &'a [Scanned],
    placer: Placer<'a>,
}

impl Checker<'_> {
    /// Checks the links inside the site and reports orphans; returns the external links.
    fn internal(&self, found: &mut Collector, report: &mut Report) -> Vec<ExternalLink> {
        let results: Vec<PageLinks> = (0..self.pages.len())
            .into_par_iter()
            .map(|i| self.page_links(i))
            .collect();
        let severity = Severity::of_level(self.site.config.link_checker.internal_level);
        let mut linked = vec![false; self.pages.len()];
        let mut external = Vec::new();
        for (i, result) in results.into_iter().enumerate() {
            let page = &self.pages[i];
            report.links += result.checked;
            for (link, reason) in result.broken {
                self.add_broken(found, severity, page, &page.doc.links[link], &reason);
            }
            for target in result.linked {
                linked[target] = true;
            }
            external.extend(result.external);
        }
        for i in lint::orphans(self.site, self.pages, &linked) {
            let page = &self.pages[i];
            if !self.ignored(page) {
                let place = self.placer.output(page);
                let message = "no other page links to this page".to_string();
                found.add(Severity::Warning, place, message, page.url.path());
            }
        }
        external
    }

    /// The links of page `i`, checked inside the site.
    fn page_links(&self, i: usize) -> PageLinks {
        let page = &self.pages[i];
        let mut result = PageLinks::default();
        let ignored = self.ignored(page);
        let base = (page.doc.base.as_deref())
            .and_then(|b| page.url.join(b).ok())
            .unwrap_or_else(|| page.url.clone());
        for (n, link) in page.doc.links.iter().enumerate() {
            let broken = match self.site_url.resolve(&base, &link.value) {
                Resolved::Skipped => continue,
                Resolved::External(url) => {
                    if !ignored {
                        result.external.push(ExternalLink {
                            page: i,
                            link: n,
                            url,
                        });
                    }
                    continue;
                }
                Resolved::Invalid(reason) => Some(format!("not a valid URL ({reason})")),
                Resolved::Outside(url) => Some(self.outside(&url)),
                Resolved::Internal { path, fragment } => {
                    let at = (path.as_str(), fragment.as_deref());
                    match self.targets.reach(self.pages, i, at, self.site_url) {
                        Reach::Found(Some(target)) if target != i && !page.doc.redirects => {
                            result.linked.push(target);
                            None
                        }
                        Reach::Found(_) => None,
                        Reach::Broken(message) => Some(message),
                    }
                }
            };
            result.checked += 1;
            if let (Some(message), false) = (broken, ignored) {
                result.broken.push((n, message));
            }
        }
        result
    }

    /// What is wrong with a link to the site's host outside its base path.
    fn outside(&self, url: &Url) -> String {
        let base = self.site_url.base();
        let mut message = format!(
            "{} is outside the site, which is served from {}",
            url.path(),
            base.path()
        );
        let inside = resolve::decode(url.path().trim_start_matches('/'));
        if self.targets.file(&inside).is_some() {
            message.push_str(&format!(" (did you mean {}{inside}?)", base.path()));
        }
        message
    }

    /// Duplicate ids, titles and images without `alt` text.
    fn lints(&self, found: &mut Collector) {
        for page in self.pages.iter().filter(|p| !self.ignored(p)) {
            for lint in lint::page(&page.doc) {
                let place = match &lint {
                    lint::Lint::DuplicateId(id, _) => self.placer.id(page, id),
                    lint::Lint::NoAlt(n) => {
                        self.placer.link(page, &page.doc.images_without_alt[*n]).0
                    }
                    _ => self.placer.template(page, None),
                };
                found.add(
                    Severity::Warning,
                    place,
                    lint.message(&page.doc),
                    page.url.path(),
                );
            }
        }
    }

    /// Fetches the external links.
    fn external(
        &self,
        links: &[ExternalLink],
        options: &ExternalOptions,
        found: &mut Collector,
        report: &mut Report,
    ) {
        let config = &self.site.config.link_checker;
        let mut plan = external::Plan::default();
        for link in links {
            let value = &self.pages[link.page].doc.links[link.link].value;
            plan.add(&link.url, value, config);
        }
        report.external_fetched = plan.urls();
        let severity = Severity::of_level(config.external_level);
        for (link, verdict) in links.iter().zip(plan.run(options)) {
            let page = &self.pages[link.page];
            let written = &page.doc.links[link.link];
            match verdict {
                external::Verdict::Skipped => continue,
                external::Verdict::Fine => {}
                external::Verdict::Broken(reason) => {
                    self.add_broken(found, severity, page, written, &reason);
                }
            }
            report.links += 1;
        }
    }

    /// Adds the problem of `link` on `page`, shown as it is written where it is fixed.
    fn add_broken(
        &self,
        found: &mut Collector,
        severity: Severity,
        page: &Scanned,
        link: &Link,
        reason: &str,
    ) {
        let (place, written) = self.placer.link(page, link);
        let message = format!("broken {} `{written}`: {reason}", link.kind.noun());
        found.add(severity, place, message, page.url.path());
    }

    /// Whether `[link_checker] ignored_files` names the content file of `page`.
    fn ignored(&self, page: &Scanned) -> bool {
        let config = &self.site.config.link_checker;
        let file = match page.origin.kind {
            Kind::Page(id) => Some(&self.site.pages[id].file),
            Kind::Section(id) => self.site.sections[id].file.as_ref(),
            _ => None,
        };
        file.is_some_and(|f| config.is_ignored_file(&f.rel))
    }
}
