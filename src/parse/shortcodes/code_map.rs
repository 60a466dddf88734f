//! Where a document's text is code, found by parsing it as Markdown: calls in inline code are
//! text, and calls in code blocks are forgiven their mistakes.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

/// Where a document's text is code, found by parsing it as Markdown.
#[derive(Debug, Default)]
pub(crate) struct CodeMap {
    inline: Vec<Range<usize>>,
    blocks: Vec<Range<usize>>,
}

/// What kind of text an offset is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Prose,
    InlineCode,
    CodeBlock,
}

impl CodeMap {
    pub(crate) fn of(text: &str, options: pulldown_cmark::Options) -> CodeMap {
        let mut map = CodeMap::default();
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Code(_) => map.inline.push(range),
                Event::Start(Tag::CodeBlock(_)) => map.blocks.push(range),
                _ => {}
            }
        }
        map
    }

    pub(super) fn place(&self, offset: usize) -> Place {
        let inside = |ranges: &[Range<usize>]| {
            let i = ranges.partition_point(|r| r.start < offset);
            i > 0 && offset < ranges[i - 1].end
        };
        if inside(&self.inline) {
            Place::InlineCode
        } else if inside(&self.blocks) {
            Place::CodeBlock
        } else {
            Place::Prose
        }
    }
}
