//! The `paginator` value: one pager of a paginated section or taxonomy term.

use super::page::PageValue;

template_value! {
    /// One pager, as the templates of paginated sections and terms see it.
    pub struct PaginatorValue<'a> {
        pub paginate_by: usize,
        /// The permalink pager numbers are appended to: `https://x.org/blog/page/`.
        pub base_url: &'a str,
        pub number_pagers: usize,
        /// The permalinks of the first and last pagers.
        pub first: &'a str,
        pub last: &'a str,
        /// The permalinks of the pagers before and after this one, if any.
        pub previous: Option<&'a str>,
        pub next: Option<&'a str>,
        /// The pages of this pager. The shared values add them with the fields the template
        /// reads (see `Shared::paginator`).
        pub pages: Vec<PageValue<'a>>,
        /// 1-based.
        pub current_index: usize,
        /// How many pages all pagers hold together.
        pub total_pages: usize,
    }
}
