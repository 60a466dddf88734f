//! Shortcodes: `{{ name(key=value) }}` and `{% name(key=value) %}body{% end %}` calls in
//! Markdown, each rendered with the template `shortcodes/NAME.html` or `shortcodes/NAME.md`.
//!
//! Calls are found in the text before it is parsed as Markdown, as in Zola, so they may stand
//! anywhere: in paragraphs, headings, HTML blocks and fenced code blocks. The output of a `.md`
//! shortcode replaces the call in the text and is parsed with the rest of the document; the
//! output of an `.html` shortcode is left as a placeholder and inserted as raw HTML while the
//! Markdown is rendered.
//!
//! `{{/* name() */}}` and `{%/* name() */%}...{%/* end */%}` write a call as text: the comment
//! markers are removed and nothing is rendered. A call inside inline code is text as written.
//! A malformed call (`{{ note(text='it's') }}`) is text, as Zola leaves it; outside code blocks
//! it is also a warning with its line and column. An unknown name is an error with its line and
//! column, as in Zola, except in a code block, where it is text: code often looks like a call.
//!
//! Three stages: the `lexer` finds the openings and closings of calls in the text (with
//! `code_map`, which tells code from prose), the `grammar` reads one call (its name and
//! arguments), and `expand` renders the calls into an [`Expanded`] text.

mod code_map;
mod expand;
mod expanded;
mod grammar;
mod lexer;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

use super::hooks::{Hook, Hooks};

pub(crate) use code_map::CodeMap;
pub(crate) use expand::expand;
pub(crate) use expanded::Expanded;

/// How deep shortcodes may nest in each other's bodies, and arrays in arrays in arguments.
/// Deeper nesting is an error, not a risk to the stack: no real page comes near it.
pub(crate) const MAX_NESTING: usize = 64;

/// How a shortcode's output joins the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `NAME.html`: the output is raw HTML.
    Html,
    /// `NAME.md`: the output is Markdown, rendered with the page.
    Markdown,
}

/// One call to render: what its template sees besides the document's own variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation<'a> {
    pub name: &'a str,
    pub args: &'a Map<String, Value>,
    /// The body of a `{% name() %}...{% end %}` call, trimmed, with the calls in it rendered.
    pub body: Option<&'a str>,
    /// 1 for the first call of this name in the document, 2 for the second, ...
    pub nth: usize,
}

/// The templates a document's Markdown needs: its shortcodes, and the anchor-link and
/// summary cut-off templates. Errors are messages; the caller adds the place.
pub trait Templating: Sync {
    /// Whether there is a shortcode of that name, and of which kind.
    fn shortcode(&self, name: &str) -> Option<Kind>;
    /// The shortcode whose name is closest to `name`, if one is close, for messages.
    fn closest_shortcode(&self, _name: &str) -> Option<String> {
        None
    }
    fn render_shortcode(&self, call: &Invocation) -> Result<String, String>;
    /// `anchor-link.html` for a heading.
    fn render_anchor_link(&self, id: &str, level: u32) -> Result<String, String>;
    /// `summary-cutoff.html` after a summary that ends inside an open block.
    fn render_summary_cutoff(&self, summary: &str) -> Result<String, String>;
    /// The Markdown render hooks there are (`_markup/render-*.html`).
    fn hooks(&self) -> Hooks {
        Hooks::default()
    }
    /// Renders `hook` with `vars` besides the document's own variables.
    fn render_hook(&self, hook: Hook, _vars: Map<String, Value>) -> Result<String, String> {
        Err(format!("there is no `{}`", hook.template()))
    }
    /// What `get_image_metadata` tells of the image at `path`, or null.
    fn image_meta(&self, _path: &str) -> Value {
        Value::Null
    }
    /// `resize_image(path, width, op="fit_width", format, quality)`'s result.
    fn resize_image(
        &self,
        path: &str,
        _width: u32,
        _format: &str,
        _quality: Option<u8>,
    ) -> Result<Value, String> {
        Err(format!("images cannot be resized here (`{path}`)"))
    }
}

/// Whether `text` may hold a call at all.
pub(crate) fn may_have_calls(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}
