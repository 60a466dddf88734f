//! The section tree of each language: parents, ancestors and subsections, the pages each
//! section lists (transparent sections lend theirs to their parent), and assets.

use std::collections::HashMap;

use super::{sort, PageId, SectionId, Site};
use crate::load::FileToCopy;
use crate::parse::front_matter::SortBy;
use crate::warning::Warning;

impl Site {
    /// The section of `lang` in `dir`, or the closest one above it.
    fn closest_section(
        by_dir: &HashMap<(&str, &str), SectionId>,
        mut dir: &str,
        lang: &str,
    ) -> SectionId {
        loop {
            if let Some(&id) = by_dir.get(&(dir, lang)) {
                return id;
            }
            dir = if dir.is_empty() {
                unreachable!("every language has a root section")
            } else {
                parent_dir(dir)
            };
        }
    }

    /// Sets every section's and page's parent, ancestors and subsections.
    pub(super) fn link_tree(&mut self) {
        let by_dir: HashMap<(&str, &str), SectionId> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.dir.as_str(), s.lang.as_str()), i))
            .collect();
        let parents: Vec<Option<SectionId>> = self
            .sections
            .iter()
            .map(|s| {
                (!s.is_root()).then(|| Self::closest_section(&by_dir, parent_dir(&s.dir), &s.lang))
            })
            .collect();
        let page_parents: Vec<Option<SectionId>> = self
            .pages
            .iter()
            .map(|p| by_dir.get(&(p.dir.as_str(), p.lang.as_str())).copied())
            .collect();
        for (id, parent) in parents.iter().enumerate() {
            self.sections[id].parent = *parent;
            if let Some(parent) = parent {
                self.sections[*parent].subsections.push(id);
            }
            self.sections[id].ancestors = chain(&parents, *parent);
        }
        for (page, parent) in self.pages.iter_mut().zip(page_parents) {
            page.parent = parent;
            // As in Zola, a page in a directory without `_index.md` (an orphan) has no
            // ancestors, and so inherits no `page_template`.
            page.ancestors = parent.map_or_else(Vec::new, |p| chain(&parents, Some(p)));
        }
        let keys: Vec<(i64, String)> = self
            .sections
            .iter()
            .map(|s| (s.meta.weight.unwrap_or(0), s.dir.clone()))
            .collect();
        for section in &mut self.sections {
            section.subsections.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        }
    }

    /// Gives bundle pages the files beside their `index.md`, and sections those in their directory.
    pub(super) fn attach_assets(&mut self, assets: Vec<FileToCopy>) {
        let mut bundles: HashMap<String, Vec<PageId>> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            if let Some(dir) = &p.bundle_dir {
                bundles.entry(dir.clone()).or_default().push(i);
            }
        }
        let mut sections: HashMap<&str, Vec<SectionId>> = HashMap::new();
        for (i, s) in self.sections.iter().enumerate() {
            sections.entry(s.dir.as_str()).or_default().push(i);
        }
        let (mut to_pages, mut to_sections) = (Vec::new(), Vec::new());
        for asset in assets {
            let dir = parent_dir(&asset.rel);
            if let Some(pages) = ancestor_dirs(dir).find_map(|d| bundles.get(d)) {
                to_pages.extend(pages.iter().map(|&p| (p, asset.clone())));
            } else if let Some(ids) = sections.get(dir) {
                to_sections.extend(ids.iter().map(|&s| (s, asset.clone())));
            }
        }
        for (page, asset) in to_pages {
            self.pages[page].assets.push(asset);
        }
        for (section, asset) in to_sections {
            self.sections[section].assets.push(asset);
        }
    }

    /// Orders each section's pages and links neighbours. A transparent section's pages are
    /// listed by the section above it too, and (as in Zola) take their neighbours from the
    /// closest section above that is not transparent: the list its readers see.
    pub(super) fn sort_sections(&mut self) {
        let mut members: Vec<Vec<PageId>> = vec![Vec::new(); self.sections.len()];
        // As in Zola, a page with `render = false` is in no section's list and has no
        // neighbours (`get_page` still finds it).
        for (id, page) in self.pages.iter().enumerate().filter(|(_, p)| p.meta.render) {
            let mut section = page.parent;
            while let Some(s) = section {
                members[s].push(id);
                section = self.lent_to(s);
            }
        }
        let mut order: Vec<SectionId> = (0..self.sections.len()).collect();
        order.sort_by_key(|&s| self.sections[s].ancestors.len());
        let mut left_out = Vec::new();
        for section_id in order {
            let ids = std::mem::take(&mut members[section_id]);
            let sort_by = self.sections[section_id].meta.sort_by;
            let (sorted, unsortable) = sort::sort_pages(&self.pages, &ids, sort_by);
            left_out.extend(unsortable.into_iter().map(|id| (id, section_id)));
            if sort_by != SortBy::None && !self.sections[section_id].meta.transparent {
                sort::link_neighbours(&mut self.pages, &sorted);
            }
            self.sections[section_id].pages = sorted;
        }
        self.leave_out(left_out);
    }

    /// Warns of each page left out of a section's list for lacking its sort key; a page in
    /// no list at all is not built, as Zola builds only the pages that sections list.
    fn leave_out(&mut self, left_out: Vec<(PageId, SectionId)>) {
        let mut listed = vec![false; self.pages.len()];
        for section in &self.sections {
            for &id in &section.pages {
                listed[id] = true;
            }
        }
        for (id, section_id) in left_out {
            let section = &self.sections[section_id];
            let key = sort_key(section.meta.sort_by);
            let mut message = format!(
                "not listed in {}, which is sorted by {key}, because it has no {key}",
                section.relative_path(),
            );
            if !listed[id] {
                message.push_str("; as in Zola, the page is not built");
                self.pages[id].unlisted = true;
            }
            self.warnings
                .push(Warning::file(&self.pages[id].file.shown, message));
        }
    }
}

impl Site {
    /// The section a transparent section lends its pages to, as Zola finds it: the section of
    /// the directory right above (none when that directory has no `_index.md`).
    pub fn lent_to(&self, id: SectionId) -> Option<SectionId> {
        let section = &self.sections[id];
        let parent = section.parent.filter(|_| section.meta.transparent)?;
        (self.sections[parent].dir == parent_dir(&section.dir)).then_some(parent)
    }
}

fn sort_key(sort_by: SortBy) -> &'static str {
    match sort_by {
        SortBy::Date | SortBy::UpdateDate => "date",
        SortBy::Weight => "weight",
        SortBy::Title | SortBy::TitleBytes => "title",
        _ => "key",
    }
}

/// `a/b` -> `a`; `a` -> ``.
pub(super) fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// `a/b/c`, `a/b`, `a` (not the root).
fn ancestor_dirs(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors((!dir.is_empty()).then_some(dir), |d| {
        d.rsplit_once('/').map(|(p, _)| p)
    })
}

/// Whether directory `dir` is `ancestor` or below it.
pub(super) fn is_within(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || dir == ancestor || dir.starts_with(&format!("{ancestor}/"))
}

/// The chain of sections from the root down to `from`, following `parents`.
fn chain(parents: &[Option<SectionId>], from: Option<SectionId>) -> Vec<SectionId> {
    let mut ids: Vec<SectionId> = std::iter::successors(from, |&id| parents[id]).collect();
    ids.reverse();
    ids
}
