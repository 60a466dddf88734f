//! The site as templates see it.
//!
//! Each value templates get is a struct that derives `Serialize` and borrows from the site
//! model: [`PageValue`], [`SectionValue`], [`TaxonomyValue`] and [`TermValue`],
//! [`PaginatorValue`], [`ConfigValue`], and the small ones inside them. Each is declared with
//! `template_value!`, which also lists its fields (`FIELDS`) for the usage analysis. The
//! structs know nothing of a template engine: serde turns them into any engine's value type.
//!
//! [`Shared`] holds them as Tera 1 values: every page and section serialized once per build,
//! from which listings, neighbours, `get_page` and `get_section` are assembled, so nothing is
//! serialized twice.

#[macro_use]
mod declare;
mod config;
mod links;
mod page;
mod paginator;
mod section;
mod shared;
mod tables;
mod taxonomy;
#[cfg(test)]
mod tests;

pub(crate) use config::ConfigValue;
pub(crate) use links::{Links, SiteLinks};
pub(crate) use page::PageValue;
pub(crate) use paginator::PaginatorValue;
pub(crate) use section::SectionValue;
pub(crate) use shared::{
    page_before_markdown, section_before_markdown, taxonomy_kind, to_value, Shared,
};
pub(crate) use taxonomy::{FeedTermValue, TaxonomyValue, TermValue};
#[cfg(test)]
use {config::SearchValue, links::BacklinkValue, links::TranslationValue};
