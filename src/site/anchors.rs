//! Links to anchors, checked once every page and section is rendered, as Zola checks them:
//! `[text](@/page.md#anchor)` and `[text](#anchor)` in a page's or section's Markdown must name
//! a heading of their target, or for a page any element with that `id` (or `name`). `#top` and
//! an empty anchor always work. With `[link_checker] internal_level = "warn"` a broken one is a
//! warning instead of an error.

use std::collections::HashSet;

use regex::Regex;

use super::Site;
use crate::config::LinkCheckerLevel;
use crate::error::{Error, Result};
use crate::parse::markdown::{AnchoredLink, Heading, Rendered};
use crate::warning::Warning;

impl Site {
    /// Checks every anchored link; broken ones are errors, or warnings if the config says so.
    pub fn check_anchors(&mut self) -> Result<()> {
        let problems = self.broken_anchors();
        match self.config.link_checker.internal_level {
            LinkCheckerLevel::Error => Error::collect(problems),
            LinkCheckerLevel::Warn => {
                self.warnings
                    .extend(problems.into_iter().map(Warning::from));
                Ok(())
            }
        }
    }

    /// An error for each anchored link whose anchor is missing.
    fn broken_anchors(&self) -> Vec<Error> {
        let pages = self.pages.iter().map(|p| (p.file.rel.clone(), &p.rendered));
        let sections = self
            .sections
            .iter()
            .filter(|s| s.file.is_some())
            .map(|s| (s.relative_path(), &s.rendered));
        pages
            .chain(sections)
            .flat_map(|(rel, rendered)| {
                let links = rendered.anchored_links.iter();
                links.filter_map(move |link| self.broken(&rel, link))
            })
            .collect()
    }

    /// The error for `link`, written in the document `rel`, if its anchor is missing.
    fn broken(&self, rel: &str, link: &AnchoredLink) -> Option<Error> {
        let anchor = link.anchor.as_str();
        if anchor.is_empty() || anchor.eq_ignore_ascii_case("top") {
            return None;
        }
        let target = if link.target.is_empty() {
            rel
        } else {
            &link.target
        };
        let (found, what) = match (
            self.page_by_file.get(target),
            self.section_by_file.get(target),
        ) {
            (Some(&p), _) => {
                let page = &self.pages[p].rendered;
                let found = has_heading(page, anchor) || has_element_id(&page.html, anchor);
                (found, "heading or element")
            }
            (_, Some(&s)) => (has_heading(&self.sections[s].rendered, anchor), "heading"),
            _ => (false, "heading"),
        };
        if found {
            return None;
        }
        let link_text = if link.target.is_empty() {
            format!("broken anchor link `#{anchor}`")
        } else {
            format!("broken internal link `@/{target}#{anchor}`")
        };
        let message = format!("{link_text}: {target} has no {what} with id `{anchor}`");
        Some(Error::at(link.location.clone(), message))
    }
}

fn has_heading(rendered: &Rendered, anchor: &str) -> bool {
    fn collect<'a>(toc: &'a [Heading], ids: &mut HashSet<&'a str>) {
        for heading in toc {
            ids.insert(&heading.id);
            collect(&heading.children, ids);
        }
    }
    let mut ids = HashSet::new();
    collect(&rendered.toc, &mut ids);
    ids.contains(anchor)
}

/// Whether `html` has an element whose `id` or `name` attribute is `anchor`, found the way
/// Zola finds it (an attribute in any case, quoted or not).
fn has_element_id(html: &str, anchor: &str) -> bool {
    let pattern = format!(
        r#"\s(?i)(id|name) *= *("|')*{}("|'| |>)+"#,
        regex::escape(anchor)
    );
    Regex::new(&pattern).is_ok_and(|re| re.is_match(html))
}
