//! Markdown to HTML with pulldown-cmark, as Zola renders it: shortcodes, heading ids, anchor
//! links and the table of contents, the `<!-- more -->` summary, word counts, `@/` internal
//! links resolved to permalinks, relative links made absolute, external link attributes,
//! emoji, footnotes at the bottom, and lazily loaded images.
//!
//! [`render`] is a small driver (`driver`): it expands the shortcodes, walks the parser's
//! events once and hands each to the pass that owns its kind, then runs the passes that need
//! the whole document. Each pass is a file and keeps its own state:
//!
//! - during the walk: `code_blocks`, `links`, `images`, `math`, `emoji`, `placeholders`
//!   (shortcode output) and `summary` (finding the `<!-- more -->` marker);
//! - after it: the render hooks and responsive images (the sibling modules `hooks` and
//!   `responsive`), `headings` (ids, anchor links, the table of contents), `footnotes`, and
//!   `summary` (the HTML before the marker);
//! - on the text as written: `words` (word count and reading time).

mod code_blocks;
mod driver;
mod emoji;
mod footnotes;
mod headings;
mod images;
mod links;
mod math;
mod options;
mod placeholders;
mod summary;
mod words;

#[cfg(test)]
mod tests;

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::shortcodes::Templating;
use crate::config::InsertAnchor;
use crate::error::Location;
use crate::warning::Warning;

pub(crate) use driver::render;
pub(crate) use options::Options;
pub(crate) use words::{count_words, reading_time};

/// What a Markdown document needs besides its text.
pub(crate) struct MarkdownInput<'a> {
    pub text: &'a str,
    /// The file and the line its text starts on, for error locations.
    pub path: &'a Path,
    pub first_line: usize,
    /// The permalink of the page, for the table of contents' links and relative links.
    pub permalink: &'a str,
    /// Resolves an `@/path.md` link (without its `#anchor`) to a permalink.
    pub resolve_link: &'a (dyn Fn(&str) -> Option<String> + Sync),
    pub options: &'a Options,
    /// Shortcodes and the `anchor-link.html` and `summary-cutoff.html` templates. Without
    /// them, shortcode calls are text, and neither anchor links nor a cut-off mark are added.
    pub templates: Option<&'a dyn Templating>,
    /// Where anchor links go in headings.
    pub insert_anchor: InsertAnchor,
}

/// A rendered document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    /// Internal links with an anchor, to check once every page is rendered.
    pub anchored_links: Vec<AnchoredLink>,
    /// The content paths this document links to with `@/`.
    pub internal_links: Vec<String>,
    /// Things worth telling the writer, each with its place (a code block's unknown language).
    pub warnings: Vec<Warning>,
}

/// A heading in a table of contents, with its sub-headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub permalink: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// An `@/page.md#anchor` link, or a `#anchor` link to the document itself: the target file,
/// the anchor, and where the link was written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnchoredLink {
    /// The content path of the target; empty for the document itself.
    pub target: String,
    pub anchor: String,
    pub location: Location,
}
