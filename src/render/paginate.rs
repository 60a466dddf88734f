//! Pagination of a section or a taxonomy term into pagers (`/`, `page/2/`, ...), and the
//! `paginator` object templates get, with Zola's fields.

use serde_json::Value;

use crate::site::PageId;
use crate::templates::values::{PaginatorValue, Shared};

/// One page of a pagination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pager {
    /// 1-based.
    pub index: usize,
    pub path: String,
    pub permalink: String,
    pub pages: Vec<PageId>,
}

/// All pagers of a section or term.
#[derive(Debug, Clone)]
pub(super) struct Paginator {
    pub paginate_by: usize,
    pub pagers: Vec<Pager>,
    /// The permalink pager numbers are appended to: `https://x.org/blog/page/`.
    pub base_url: String,
    /// How many pages all pagers hold together.
    pub total_pages: usize,
}

/// Where pagination happens: the section's or term's path and permalink, and its settings.
pub(super) struct Root<'a> {
    pub path: &'a str,
    pub permalink: &'a str,
    pub paginate_by: usize,
    pub paginate_path: &'a str,
    pub reversed: bool,
}

impl Paginator {
    /// Splits `pages` (already in order) into pagers; there is always at least one.
    pub(super) fn new(root: &Root, pages: &[PageId]) -> Paginator {
        let mut ordered = pages.to_vec();
        if root.reversed {
            ordered.reverse();
        }
        let mut pagers: Vec<Pager> = ordered
            .chunks(root.paginate_by.max(1))
            .enumerate()
            .map(|(i, chunk)| {
                let index = i + 1;
                let (path, permalink) = if index == 1 {
                    (root.path.to_string(), root.permalink.to_string())
                } else {
                    let tail = pager_tail(root.paginate_path, index);
                    (
                        format!("{}{tail}", root.path),
                        format!("{}{tail}", root.permalink),
                    )
                };
                Pager {
                    index,
                    path,
                    permalink,
                    pages: chunk.to_vec(),
                }
            })
            .collect();
        if pagers.is_empty() {
            pagers.push(Pager {
                index: 1,
                path: root.path.into(),
                permalink: root.permalink.into(),
                pages: Vec::new(),
            });
        }
        let base_url = if root.paginate_path.is_empty() {
            root.permalink.to_string()
        } else {
            format!("{}{}/", root.permalink, root.paginate_path)
        };
        Paginator {
            paginate_by: root.paginate_by,
            pagers,
            base_url,
            total_pages: ordered.len(),
        }
    }

    /// The `paginator` object for pager `index` (1-based).
    pub(super) fn value(
        &self,
        index: usize,
        shared: &Shared,
        fields: &crate::templates::Fields,
    ) -> Value {
        let pager = &self.pagers[index - 1];
        let permalink = |i: usize| self.pagers.get(i).map(|p| p.permalink.as_str());
        let value = PaginatorValue {
            paginate_by: self.paginate_by,
            base_url: &self.base_url,
            number_pagers: self.pagers.len(),
            first: &self.pagers[0].permalink,
            last: &self.pagers[self.pagers.len() - 1].permalink,
            previous: index.checked_sub(2).and_then(permalink),
            next: permalink(index),
            pages: Vec::new(),
            current_index: index,
            total_pages: self.total_pages,
        };
        shared.paginator(&value, &pager.pages, fields)
    }
}

/// `page/2/`, or `2/` when the pagination path is empty.
pub(super) fn pager_tail(paginate_path: &str, index: usize) -> String {
    if paginate_path.is_empty() {
        format!("{index}/")
    } else {
        format!("{paginate_path}/{index}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(reversed: bool) -> Root<'static> {
        Root {
            path: "/blog/",
            permalink: "https://x.org/blog/",
            paginate_by: 2,
            paginate_path: "page",
            reversed,
        }
    }

    #[test]
    fn pagers_split_pages_and_name_their_paths() {
        let p = Paginator::new(&root(false), &[1, 2, 3, 4, 5]);
        let shape: Vec<(usize, &str, Vec<usize>)> = p
            .pagers
            .iter()
            .map(|pg| (pg.index, pg.path.as_str(), pg.pages.clone()))
            .collect();
        assert_eq!(
            shape,
            [
                (1, "/blog/", vec![1, 2]),
                (2, "/blog/page/2/", vec![3, 4]),
                (3, "/blog/page/3/", vec![5])
            ]
        );
        assert_eq!(p.base_url, "https://x.org/blog/page/");
        assert_eq!(p.total_pages, 5);
    }

    #[test]
    fn exact_multiple_empty_and_reversed() {
        assert_eq!(Paginator::new(&root(false), &[1, 2, 3, 4]).pagers.len(), 2);
        let empty = Paginator::new(&root(false), &[]);
        assert_eq!(
            (empty.pagers.len(), empty.pagers[0].path.as_str()),
            (1, "/blog/")
        );
        assert_eq!(
            Paginator::new(&root(true), &[1, 2, 3]).pagers[0].pages,
            [3, 2]
        );
    }

    #[test]
    fn empty_paginate_path() {
        let r = Root {
            paginate_path: "",
            ..root(false)
        };
        let p = Paginator::new(&r, &[1, 2, 3]);
        assert_eq!(p.pagers[1].permalink, "https://x.org/blog/2/");
        assert_eq!(p.base_url, "https://x.org/blog/");
    }
}
