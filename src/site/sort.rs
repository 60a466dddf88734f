//! Ordering of a section's pages, and the `lower`/`higher` neighbours that follow from it.
//!
//! As in Zola: `date` and `update_date` list the newest first; `title`, `slug` and `weight`
//! ascend. In the sorted list `lower` is the page before and `higher` the page after, so with
//! dates `higher` is the earlier page, and with weights `lower` is the lighter one. Pages that
//! lack the sort key (no date, no weight) are left out of the list. `none` keeps file order
//! and sets no neighbours.

use std::cmp::Ordering;

use crate::parse::front_matter::SortBy;
use crate::site::page::{Page, PageId};

/// The pages `ids` in `sort_by` order, and those that could not be ordered.
pub(crate) fn sort_pages(
    pages: &[Page],
    ids: &[PageId],
    sort_by: SortBy,
) -> (Vec<PageId>, Vec<PageId>) {
    let (mut sortable, unsortable): (Vec<PageId>, Vec<PageId>) =
        ids.iter().partition(|&&id| has_key(&pages[id], sort_by));
    if sort_by != SortBy::None {
        sortable.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            compare(a, b, sort_by).then_with(|| a.permalink.cmp(&b.permalink))
        });
    }
    (sortable, unsortable)
}

fn has_key(page: &Page, sort_by: SortBy) -> bool {
    match sort_by {
        SortBy::Date => page.date.is_some(),
        SortBy::UpdateDate => page.date.is_some() || page.updated.is_some(),
        SortBy::Weight => page.meta.weight.is_some(),
        SortBy::Title | SortBy::TitleBytes => page.meta.title.is_some(),
        SortBy::Slug | SortBy::Permalink | SortBy::None => true,
    }
}

fn compare(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    match sort_by {
        SortBy::Date => b.date.cmp(&a.date),
        SortBy::UpdateDate => latest(b).cmp(&latest(a)),
        SortBy::Title => lexical_sort::natural_lexical_cmp(a.title(), b.title()),
        SortBy::TitleBytes => a.title().cmp(b.title()),
        SortBy::Weight => a.meta.weight.cmp(&b.meta.weight),
        SortBy::Slug => lexical_sort::natural_lexical_cmp(&a.slug, &b.slug),
        SortBy::Permalink => a.permalink.cmp(&b.permalink),
        SortBy::None => Ordering::Equal,
    }
}

/// The later of a page's date and its update date.
fn latest(page: &Page) -> Option<&crate::parse::date::Date> {
    page.date.as_ref().max(page.updated.as_ref())
}

/// Sets `lower` and `higher` along `sorted`.
pub(crate) fn link_neighbours(pages: &mut [Page], sorted: &[PageId]) {
    for (i, &id) in sorted.iter().enumerate() {
        pages[id].lower = i.checked_sub(1).map(|j| sorted[j]);
        pages[id].higher = sorted.get(i + 1).copied();
    }
}
