//! The code block pass: a block's text is collected while it is open, then written as plain or
//! highlighted HTML (`parse::code`), or by the `render-codeblock.html` hook.

use pulldown_cmark::{CodeBlockKind, Event};

use super::driver::{Document, Output};
use super::Options;
use crate::error::{Error, Location, Result};
use crate::parse::code::{self, Language};
use crate::parse::hooks::{self, Hook, Sites};
use crate::warning::Warning;

/// The code block open now, if any.
#[derive(Default)]
pub(super) struct CodeBlocks {
    open: Option<CodeBlock>,
}

impl CodeBlocks {
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// A block starts at `offset` of the parsed text.
    pub(super) fn open(&mut self, kind: &CodeBlockKind, offset: usize, sites: &Sites) {
        self.open = Some(CodeBlock {
            fence: code::fence(kind),
            info: match (kind, sites.has(Hook::CodeBlock)) {
                (CodeBlockKind::Fenced(info), true) => Some(info.to_string()),
                _ => None,
            },
            text: String::new(),
            offset,
        })
    }

    /// Text of the open block, its shortcode placeholders replaced by their HTML.
    pub(super) fn text(&mut self, text: &str, doc: &Document) {
        let code = self.open.as_mut().expect("inside a code block");
        match doc.expanded {
            Some(e) if e.has_placeholder(text) => code.text.push_str(&e.substitute(text)),
            _ => code.text.push_str(text),
        }
    }

    /// The block ends: its HTML is pushed, or its error kept.
    pub(super) fn close(&mut self, doc: &Document, sites: &Sites, out: &mut Output) {
        if let Some(block) = self.open.take() {
            let location = |offset: usize| doc.location(offset);
            match block.finish(doc, sites, &location, &mut out.rendered.warnings) {
                Ok(html) => out.events.push(Event::Html(html.into())),
                Err(e) => out.errors.push(e),
            }
        }
    }
}

/// A code block being collected.
struct CodeBlock {
    fence: giallo::ParsedFence,
    /// The fence's info string, kept for a code block hook (none for an indented block).
    info: Option<String>,
    text: String,
    /// Where the block starts in the (expanded) source.
    offset: usize,
}

impl CodeBlock {
    /// The block's HTML, written by the code block hook if the site has one.
    fn finish(
        self,
        doc: &Document,
        sites: &Sites,
        location: &dyn Fn(usize) -> Location,
        warnings: &mut Vec<Warning>,
    ) -> Result<String> {
        let (input, offset) = (doc.input, self.offset);
        if !sites.has(Hook::CodeBlock) {
            return self.html(input.options, || location(offset), warnings);
        }
        let (info, text) = (self.info.clone(), self.text.clone());
        let html = self.html(input.options, || location(offset), warnings)?;
        hooks::code_block(input, info.as_deref(), &text, html, location(offset))
    }

    /// The block's HTML, highlighted if the options have a highlighter. An unknown language
    /// is a warning (highlighted as plain text), or an error if the highlighter says so.
    fn html(
        self,
        options: &Options,
        location: impl Fn() -> Location,
        warnings: &mut Vec<Warning>,
    ) -> Result<String> {
        let Some(highlighter) = &options.highlighter else {
            return Ok(code::plain_html(&self.fence, &self.text));
        };
        let (html, language) = highlighter.html(self.fence, &self.text);
        match language {
            Language::Known => {}
            Language::Unknown(lang) => {
                let message = format!("the highlighter does not know the language `{lang}`");
                if highlighter.error_on_missing_language() {
                    return Err(Error::at(location(), message));
                }
                warnings.push(Warning::at(
                    location(),
                    format!("{message}; shown as plain text"),
                ));
            }
            Language::Failed(reason) => warnings.push(Warning::at(
                location(),
                format!("this code block could not be highlighted ({reason}); shown as plain text"),
            )),
        }
        Ok(html)
    }
}
