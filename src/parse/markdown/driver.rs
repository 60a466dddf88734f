//! The driver: expands the shortcodes, walks pulldown-cmark's events once, handing each to the
//! pass that owns its kind, then runs the passes over the whole document and writes the HTML.

use std::ops::Range;

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

use super::code_blocks::CodeBlocks;
use super::emoji::Emoji;
use super::images::Images;
use super::links::Links;
use super::placeholders::{self, Placeholders};
use super::summary::{self, Marker};
use super::{footnotes, headings, math, options, words, MarkdownInput, Rendered};
use crate::config::ResponsiveImages;
use crate::error::{Error, Location, Result};
use crate::parse::hooks::{self, Hook, Sites};
use crate::parse::responsive;
use crate::parse::shortcodes::{self, CodeMap, Expanded};

/// The document being rendered, as every pass may read it.
pub(super) struct Document<'d> {
    pub input: &'d MarkdownInput<'d>,
    /// The text that is parsed: the input's, or its shortcodes' expansion.
    pub source: &'d str,
    pub expanded: Option<&'d Expanded>,
}

impl Document<'_> {
    /// Where an offset of the parsed text was written in the file.
    pub(super) fn location(&self, offset: usize) -> Location {
        let offset = self.expanded.map_or(offset, |e| e.map.original(offset));
        let input = self.input;
        Location::in_text(input.path, input.text, offset, input.first_line)
    }
}

/// What the passes write: the events of the HTML, the errors found, and the rest of the
/// rendered document (links, warnings).
pub(super) struct Output<'a> {
    pub events: Vec<Event<'a>>,
    pub errors: Vec<Error>,
    pub rendered: Rendered,
}

/// Renders `input` to HTML; every broken internal link is reported, each with its line.
pub(crate) fn render(input: &MarkdownInput) -> Result<Rendered> {
    let flags = options::parser_options(input.options);
    let expanded = expand_shortcodes(input, flags)?;
    let doc = Document {
        input,
        source: expanded.as_ref().map_or(input.text, |e| e.text.as_str()),
        expanded: expanded.as_ref(),
    };
    let mut out = Output {
        events: Vec::new(),
        errors: Vec::new(),
        rendered: Rendered::default(),
    };
    if let Some(e) = &expanded {
        out.rendered.warnings.extend(e.warnings.iter().cloned());
    }
    let hooks = input.templates.map(|t| t.hooks()).unwrap_or_default();
    let responsive =
        (input.options.responsive_images.as_deref()).filter(|_| !hooks.has(Hook::Image));
    let mut sites = Sites::new(hooks, responsive.is_some());
    let mut walk = Walk::new(input);
    for (event, range) in Parser::new_ext(doc.source, flags).into_offset_iter() {
        sites.note(&event, range.start);
        walk.dispatch(event, range, &doc, &sites, &mut out);
    }
    Error::collect(std::mem::take(&mut out.errors))?;
    let whole = Whole {
        sites: &sites,
        responsive,
        has_summary: walk.summary.found(),
    };
    whole.run(&doc, out)
}

/// The text with its shortcode calls expanded, when the document may hold some and there are
/// templates to render them with.
fn expand_shortcodes(
    input: &MarkdownInput,
    flags: pulldown_cmark::Options,
) -> Result<Option<Expanded>> {
    match input.templates {
        Some(templates) if shortcodes::may_have_calls(input.text) => {
            let code = CodeMap::of(input.text, flags);
            let expanded =
                shortcodes::expand(input.text, input.path, input.first_line, &code, templates)?;
            Ok(Some(expanded))
        }
        _ => Ok(None),
    }
}

/// The passes that see the events one by one, each owning what it keeps track of.
struct Walk {
    code: CodeBlocks,
    links: Links,
    images: Images,
    emoji: Emoji,
    placeholders: Placeholders,
    summary: Marker,
}

impl Walk {
    fn new(input: &MarkdownInput) -> Walk {
        Walk {
            code: CodeBlocks::default(),
            links: Links::default(),
            images: Images::default(),
            emoji: Emoji::new(input.options.render_emoji),
            placeholders: Placeholders::default(),
            summary: Marker::default(),
        }
    }

    /// Hands `event`, found at `range` of the parsed text, to the pass that owns its kind.
    fn dispatch<'a>(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        doc: &Document<'a>,
        sites: &Sites,
        out: &mut Output<'a>,
    ) {
        match event {
            Event::Text(text) if self.code.is_open() => self.code.text(&text, doc),
            Event::Text(text) => {
                let text = self.emoji.replace(text);
                placeholders::text(text, self.images.in_alt(), doc, out);
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                self.placeholders.paragraph(event, &range, doc, out)
            }
            Event::Start(Tag::CodeBlock(kind)) => self.code.open(&kind, range.start, sites),
            Event::End(TagEnd::CodeBlock) => self.code.close(doc, sites, out),
            Event::Html(_) | Event::InlineHtml(_) => {
                if let Some(event) = self.summary.mark(event, out) {
                    placeholders::html(event, doc, out);
                }
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {
                self.images.event(event, doc, sites, out)
            }
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) => {
                self.links.event(event, range.start, doc, sites, out)
            }
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                math::event(&latex, range, doc, out)
            }
            other => out.events.push(other),
        }
    }
}

/// The passes that need the whole document, in the order they run.
struct Whole<'s> {
    sites: &'s Sites,
    /// Responsive images, unless a hook writes the images.
    responsive: Option<&'s ResponsiveImages>,
    /// Whether the walk found `<!-- more -->`.
    has_summary: bool,
}

impl Whole<'_> {
    fn run(&self, doc: &Document, out: Output) -> Result<Rendered> {
        let Output {
            mut events,
            mut rendered,
            ..
        } = out;
        let (input, sites) = (doc.input, self.sites);
        let location = |offset: usize| doc.location(offset);
        if sites.has(Hook::Link) || sites.has(Hook::Image) {
            hooks::links_and_images(&mut events, sites, input, &location)?;
        }
        if let Some(settings) = self.responsive {
            responsive::images(&mut events, sites, input, settings, &location)?;
        }
        rendered.toc = headings::pass(&mut events, input, sites, &location)?;
        if input.options.bottom_footnotes {
            footnotes::to_bottom(&mut events);
        }
        if self.has_summary {
            rendered.summary = Some(summary::before_marker(&events, input)?);
        }
        rendered.html = String::with_capacity(doc.source.len() * 3 / 2);
        html::push_html(&mut rendered.html, events.into_iter());
        if let Some(e) = doc.expanded {
            placeholders::substitute_left(e, &mut rendered);
        }
        rendered.word_count = words::count_words(input.text);
        rendered.reading_time = words::reading_time(rendered.word_count);
        Ok(rendered)
    }
}
