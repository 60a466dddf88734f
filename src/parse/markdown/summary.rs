//! The summary pass: the `<!-- more -->` marker becomes `<span id="continue-reading">` during
//! the walk, and once the document is complete the HTML before it is the summary (without
//! footnote references, its open blocks closed after `summary-cutoff.html`).

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use super::driver::Output;
use super::MarkdownInput;
use crate::error::{Error, Result};

const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

/// Whether the walk has met the marker (only the first one counts).
#[derive(Default)]
pub(super) struct Marker {
    found: bool,
}

impl Marker {
    pub(super) fn found(&self) -> bool {
        self.found
    }

    /// Replaces the first marker, or gives back an HTML event that is not it.
    pub(super) fn mark<'a>(&mut self, event: Event<'a>, out: &mut Output<'a>) -> Option<Event<'a>> {
        match event {
            Event::Html(text) | Event::InlineHtml(text)
                if !self.found && has_more_marker(&text) =>
            {
                self.found = true;
                out.events
                    .push(Event::Html(CowStr::Borrowed(CONTINUE_READING)));
                None
            }
            other => Some(other),
        }
    }
}

/// Whether HTML holds `<!-- more -->`, in any case and spacing.
fn has_more_marker(html: &str) -> bool {
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        let after = &rest[at + 4..];
        let inner = after.trim_start();
        if inner.len() >= 4
            && inner.as_bytes()[..4].eq_ignore_ascii_case(b"more")
            && inner[4..].trim_start().starts_with("-->")
        {
            return true;
        }
        rest = after;
    }
    false
}

/// The summary: the HTML before the `<!-- more -->` marker without footnote references. When
/// the marker is inside a block, `summary-cutoff.html` follows and the open blocks are closed.
pub(super) fn before_marker(events: &[Event], input: &MarkdownInput) -> Result<String> {
    let marker = events
        .iter()
        .position(|e| matches!(e, Event::Html(s) if s.as_ref() == CONTINUE_READING))
        .unwrap_or(events.len());
    let mut open: Vec<TagEnd> = Vec::new();
    for event in &events[..marker] {
        match event {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(tag) => open.push(tag.to_end()),
            // As in Zola, an end that matches no open tag (a heading's, whose start is
            // written as HTML) leaves no tag open.
            Event::End(tag) => open.truncate(open.iter().rposition(|t| t == tag).unwrap_or(0)),
            _ => {}
        }
    }
    let mut summary = String::new();
    html::push_html(&mut summary, events[..marker].iter().cloned());
    let mut summary = without_footnote_references(&summary);
    summary.truncate(summary.trim_end().len());
    if !open.is_empty() {
        if let Some(templates) = input.templates {
            let cutoff = templates.render_summary_cutoff(&summary).map_err(|e| {
                Error::file(
                    input.path,
                    format!("rendering `summary-cutoff.html` failed: {e}"),
                )
            })?;
            summary.push_str(&cutoff);
        }
        html::push_html(&mut summary, open.into_iter().rev().map(Event::End));
    }
    Ok(summary)
}

/// `html` without `<sup class="footnote-reference">…</sup>` references.
fn without_footnote_references(html: &str) -> String {
    const OPEN: &str = "<sup class=\"footnote-reference\"";
    const CLOSE: &str = "</a></sup>";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        match rest[at..].find(CLOSE) {
            Some(len) => {
                out.push_str(&rest[..at]);
                rest = &rest[at + len + CLOSE.len()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}
