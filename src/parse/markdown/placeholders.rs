//! The shortcode pass: the output of `.html` shortcodes waits in the parsed text as
//! placeholders, and goes in here as raw HTML, in text, in HTML and where Markdown keeps text
//! as it is (link addresses). A shortcode alone in its paragraph is not wrapped in `<p>`.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::driver::{Document, Output};
use super::Rendered;
use crate::parse::shortcodes::Expanded;

/// Whether the paragraph open now holds only a shortcode (and is not written).
#[derive(Default)]
pub(super) struct Placeholders {
    unwrapped_paragraph: bool,
}

impl Placeholders {
    /// A paragraph's start or end: dropped for a paragraph that holds only a shortcode, as Zola
    /// leaves it.
    pub(super) fn paragraph<'a>(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
        doc: &Document<'a>,
        out: &mut Output<'a>,
    ) {
        match event {
            Event::Start(Tag::Paragraph)
                if doc
                    .expanded
                    .is_some_and(|e| e.is_lone_placeholder(&doc.source[range.clone()])) =>
            {
                self.unwrapped_paragraph = true;
            }
            Event::End(TagEnd::Paragraph) if self.unwrapped_paragraph => {
                self.unwrapped_paragraph = false;
            }
            other => out.events.push(other),
        }
    }
}

/// Pushes text, with shortcode placeholders as raw HTML; in an attribute, escaped as HTML.
pub(super) fn text<'a>(
    text: CowStr<'a>,
    in_attribute: bool,
    doc: &Document<'a>,
    out: &mut Output<'a>,
) {
    let as_event = |text: CowStr<'a>| {
        if in_attribute {
            let mut escaped = String::new();
            let _ = pulldown_cmark_escape::escape_html(&mut escaped, &text);
            Event::Html(escaped.into())
        } else {
            Event::Text(text)
        }
    };
    match doc.expanded {
        Some(e) if e.has_placeholder(&text) => {
            for (piece, n) in e.split(&text) {
                out.events.push(match n {
                    Some(n) => Event::Html(e.html[n].clone().into()),
                    None => as_event(CowStr::from(piece.to_string())),
                });
            }
        }
        _ => out.events.push(as_event(text)),
    }
}

/// Pushes an HTML event, its placeholders replaced by their HTML.
pub(super) fn html<'a>(event: Event<'a>, doc: &Document<'a>, out: &mut Output<'a>) {
    match event {
        Event::Html(text) | Event::InlineHtml(text)
            if doc.expanded.is_some_and(|e| e.has_placeholder(&text)) =>
        {
            let e = doc.expanded.expect("checked above");
            out.events.push(Event::Html(e.substitute(&text).into()));
        }
        other => out.events.push(other),
    }
}

/// Replaces the placeholders left where Markdown keeps text as it is, such as link addresses,
/// in the HTML and the summary.
pub(super) fn substitute_left(e: &Expanded, rendered: &mut Rendered) {
    if e.has_placeholder(&rendered.html) {
        rendered.html = e.substitute(&rendered.html);
    }
    if let Some(summary) = rendered.summary.as_mut().filter(|s| e.has_placeholder(s)) {
        *summary = e.substitute(summary);
    }
}
