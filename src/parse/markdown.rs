//! Markdown to HTML with pulldown-cmark, as Zola renders it: shortcodes, heading ids, anchor
//! links and the table of contents, the `<!-- more -->` summary, word counts, `@/` internal
//! links resolved to permalinks, relative links made absolute, external link attributes,
//! emoji, footnotes at the bottom, and lazily loaded images.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::code::{self, Highlighter, Language};
use super::hooks::{self, Hook, Sites};
use super::math::Math;
use super::responsive;
use super::shortcodes::{self, CodeMap, Expanded, Templating};
use crate::config::{
    Config, InsertAnchor, LinkCheckerLevel, MathErrors, ResponsiveImages, SlugifyStrategy,
};
use crate::error::{Error, Location, Result};
use crate::warning::Warning;

/// What a Markdown document needs besides its text.
pub struct MarkdownInput<'a> {
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

/// Rendering choices from the site's configuration.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How heading text becomes an id.
    pub anchors: SlugifyStrategy,
    pub smart_punctuation: bool,
    /// Attributes written before `href` on external links (`class`, `rel`, `target`), if any.
    pub external_link_attributes: Option<String>,
    /// `:smile:` becomes 😄.
    pub render_emoji: bool,
    /// Footnotes collected in a list at the end, with links back to each reference.
    pub bottom_footnotes: bool,
    /// `loading="lazy" decoding="async"` on images.
    pub lazy_async_image: bool,
    pub definition_list: bool,
    /// `> [!NOTE]` blockquotes become alerts.
    pub github_alerts: bool,
    /// Colours code blocks, when `[markdown.highlighting]` is set.
    pub highlighter: Option<Arc<Highlighter>>,
    /// Turns `$…$` and `$$…$$` into MathML, when `math = true`.
    pub math: Option<Arc<Math>>,
    /// Local images with `srcset` and `sizes`, when `[markdown.responsive_images]` is set.
    pub responsive_images: Option<Arc<ResponsiveImages>>,
    /// An `@/` link to a missing file is a warning and stays as written, not an error
    /// (`[link_checker] internal_level = "warn"`).
    pub broken_links_warn: bool,
}

impl Options {
    /// The options `config` sets, highlighting with `highlighter` (loaded from the
    /// config's `[markdown.highlighting]`).
    pub fn from_config(config: &Config, highlighter: Option<Arc<Highlighter>>) -> Options {
        let markdown = &config.markdown;
        Options {
            anchors: config.slugify.anchors,
            smart_punctuation: markdown.smart_punctuation,
            external_link_attributes: external_link_attributes(markdown),
            render_emoji: markdown.render_emoji,
            bottom_footnotes: markdown.bottom_footnotes,
            lazy_async_image: markdown.lazy_async_image,
            definition_list: markdown.definition_list,
            github_alerts: markdown.github_alerts,
            highlighter,
            math: markdown
                .math
                .then(|| Arc::new(Math::new(markdown.math_errors))),
            responsive_images: markdown.responsive_images.clone().map(Arc::new),
            broken_links_warn: config.link_checker.internal_level == LinkCheckerLevel::Warn,
        }
    }
}

/// `class="…" rel="…" target="_blank" ` for external links, in the order Zola writes them.
fn external_link_attributes(markdown: &crate::config::Markdown) -> Option<String> {
    if !markdown.has_external_link_tweaks() {
        return None;
    }
    let mut attributes = String::new();
    if let Some(class) = &markdown.external_links_class {
        attributes.push_str(&format!("class=\"{class}\" "));
    }
    let rel: Vec<&str> = [
        (markdown.external_links_target_blank, "noopener"),
        (markdown.external_links_no_follow, "nofollow"),
        (markdown.external_links_no_referrer, "noreferrer"),
        (markdown.external_links_external, "external"),
    ]
    .iter()
    .filter_map(|&(on, value)| on.then_some(value))
    .collect();
    if !rel.is_empty() {
        attributes.push_str(&format!("rel=\"{}\" ", rel.join(" ")));
    }
    if markdown.external_links_target_blank {
        attributes.push_str("target=\"_blank\" ");
    }
    Some(attributes)
}

/// A rendered document.
#[derive(Debug, Clone, Default)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub permalink: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// An `@/page.md#anchor` link, or a `#anchor` link to the document itself: the target file,
/// the anchor, and where the link was written.
#[derive(Debug, Clone)]
pub struct AnchoredLink {
    /// The content path of the target; empty for the document itself.
    pub target: String,
    pub anchor: String,
    pub location: Location,
}

const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";
const WORDS_PER_MINUTE: usize = 200;

static EMOJI: LazyLock<gh_emoji::Replacer> = LazyLock::new(gh_emoji::Replacer::new);

/// The parser's extensions for these options.
pub fn parser_options(options: &Options) -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    let mut flags = O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= O::ENABLE_SMART_PUNCTUATION;
    }
    if options.definition_list {
        flags |= O::ENABLE_DEFINITION_LIST;
    }
    if options.github_alerts {
        flags |= O::ENABLE_GFM;
    }
    if options.math.is_some() {
        flags |= O::ENABLE_MATH;
    }
    flags
}

/// Renders `input` to HTML; every broken internal link is reported, each with its line.
pub fn render(input: &MarkdownInput) -> Result<Rendered> {
    let flags = parser_options(input.options);
    let expanded = match input.templates {
        Some(templates) if shortcodes::may_have_calls(input.text) => {
            let code = CodeMap::of(input.text, flags);
            Some(shortcodes::expand(
                input.text,
                input.path,
                input.first_line,
                &code,
                templates,
            )?)
        }
        _ => None,
    };
    let source = expanded.as_ref().map_or(input.text, |e| e.text.as_str());
    let location = |offset: usize| {
        let offset = expanded.as_ref().map_or(offset, |e| e.map.original(offset));
        Location::in_text(input.path, input.text, offset, input.first_line)
    };
    let mut rendered = Rendered::default();
    if let Some(e) = &expanded {
        rendered.warnings.extend(e.warnings.iter().cloned());
    }
    let mut errors = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut state = State::default();
    let hooks = input.templates.map(|t| t.hooks()).unwrap_or_default();
    let responsive =
        (input.options.responsive_images.as_deref()).filter(|_| !hooks.has(Hook::Image));
    let mut sites = Sites::new(hooks, responsive.is_some());
    for (event, range) in Parser::new_ext(source, flags).into_offset_iter() {
        sites.note(&event, range.start);
        match event {
            Event::Text(text) if state.code.is_some() => {
                let code = state.code.as_mut().expect("inside a code block");
                match &expanded {
                    Some(e) if e.has_placeholder(&text) => code.text.push_str(&e.substitute(&text)),
                    _ => code.text.push_str(&text),
                }
            }
            Event::Text(text) => {
                let text = if input.options.render_emoji {
                    match EMOJI.replace_all(&text) {
                        std::borrow::Cow::Borrowed(_) => text,
                        std::borrow::Cow::Owned(replaced) => CowStr::from(replaced),
                    }
                } else {
                    text
                };
                push_text(&mut events, text, expanded.as_ref(), state.in_alt);
            }
            Event::Start(Tag::Paragraph)
                if expanded
                    .as_ref()
                    .is_some_and(|e| e.is_lone_placeholder(&source[range.clone()])) =>
            {
                // A shortcode alone in its paragraph is not wrapped in `<p>`, as in Zola.
                state.unwrapped_paragraph = true;
            }
            Event::End(TagEnd::Paragraph) if state.unwrapped_paragraph => {
                state.unwrapped_paragraph = false;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                state.code = Some(CodeBlock {
                    fence: code::fence(&kind),
                    info: match (&kind, sites.has(Hook::CodeBlock)) {
                        (CodeBlockKind::Fenced(info), true) => Some(info.to_string()),
                        _ => None,
                    },
                    text: String::new(),
                    offset: range.start,
                })
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = state.code.take() {
                    match block.finish(input, &sites, &location, &mut rendered.warnings) {
                        Ok(html) => events.push(Event::Html(html.into())),
                        Err(e) => errors.push(e),
                    }
                }
            }
            Event::Html(text) | Event::InlineHtml(text)
                if !state.has_summary && has_more_marker(&text) =>
            {
                state.has_summary = true;
                events.push(Event::Html(CowStr::Borrowed(CONTINUE_READING)));
            }
            Event::Html(text) | Event::InlineHtml(text)
                if expanded.as_ref().is_some_and(|e| e.has_placeholder(&text)) =>
            {
                let e = expanded.as_ref().expect("checked above");
                events.push(Event::Html(e.substitute(&text).into()));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match absolute(&dest_url, input.permalink) {
                    Some(url) => CowStr::from(url),
                    None => dest_url,
                };
                if input.options.lazy_async_image && !sites.keeps_images() {
                    let mut tag = String::from("<img src=\"");
                    let _ = pulldown_cmark_escape::escape_href(&mut tag, &dest_url);
                    if !title.is_empty() {
                        // Zola escapes the title as a URL here.
                        tag.push_str("\" title=\"");
                        let _ = pulldown_cmark_escape::escape_href(&mut tag, &title);
                    }
                    tag.push_str("\" alt=\"");
                    events.push(Event::Html(tag.into()));
                    state.in_alt = true;
                } else {
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) if state.in_alt => {
                state.in_alt = false;
                events.push(Event::Html(
                    "\" loading=\"lazy\" decoding=\"async\" />".into(),
                ));
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.is_empty() => {
                errors.push(Error::at(
                    location(range.start),
                    "this link has no URL: write one between the parentheses",
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let fixed = if link_type == LinkType::Email {
                    None
                } else if dest_url.starts_with("@/") {
                    match resolve(input, &dest_url, || location(range.start), &mut rendered) {
                        Ok(url) => Some(url),
                        Err(e) => {
                            errors.push(e);
                            None
                        }
                    }
                } else {
                    same_document_anchor(input, &dest_url, || location(range.start), &mut rendered);
                    absolute(&dest_url, input.permalink)
                };
                match &input.options.external_link_attributes {
                    Some(attributes) if is_external(&dest_url) && !sites.has(Hook::Link) => {
                        state.in_external_link = true;
                        events.push(Event::InlineHtml(
                            external_link_tag(attributes, &dest_url, &title).into(),
                        ));
                    }
                    _ => events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: fixed.map_or(dest_url, CowStr::from),
                        title,
                        id,
                    })),
                }
            }
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                let at = |offset| location(offset);
                let written = Written {
                    source,
                    range: range.clone(),
                };
                match math(input, &latex, written, &at, &mut rendered.warnings) {
                    Ok(event) => events.push(event),
                    Err(e) => errors.push(e),
                }
            }
            Event::End(TagEnd::Link) if state.in_external_link => {
                state.in_external_link = false;
                events.push(Event::InlineHtml("</a>".into()));
            }
            other => events.push(other),
        }
    }
    Error::collect(errors)?;
    if sites.has(Hook::Link) || sites.has(Hook::Image) {
        hooks::links_and_images(&mut events, &sites, input, &location)?;
    }
    if let Some(settings) = responsive {
        responsive::images(&mut events, &sites, input, settings, &location)?;
    }
    let (toc, anchors) = headings(&mut events, input, &sites, &location)?;
    rendered.toc = toc;
    if !anchors.is_empty() {
        insert_many(&mut events, anchors);
    }
    if input.options.bottom_footnotes {
        bottom_footnotes(&mut events);
    }
    if state.has_summary {
        rendered.summary = Some(summary(&events, input)?);
    }
    rendered.html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut rendered.html, events.into_iter());
    if let Some(e) = &expanded {
        // Placeholders left where Markdown keeps text as it is, such as link addresses.
        if e.has_placeholder(&rendered.html) {
            rendered.html = e.substitute(&rendered.html);
        }
        if let Some(summary) = rendered.summary.as_mut().filter(|s| e.has_placeholder(s)) {
            *summary = e.substitute(summary);
        }
    }
    rendered.word_count = count_words(input.text);
    rendered.reading_time = reading_time(rendered.word_count);
    Ok(rendered)
}

/// Where an element is written in the text being parsed.
struct Written<'s> {
    source: &'s str,
    range: std::ops::Range<usize>,
}

/// The MathML of a `$…$` or `$$…$$` expression. One that does not parse is an error at the
/// place to blame, or with `math_errors = "warn"` a warning there, the expression staying text
/// as it was written.
fn math<'a>(
    input: &MarkdownInput,
    latex: &str,
    written: Written,
    location: &dyn Fn(usize) -> Location,
    warnings: &mut Vec<Warning>,
) -> Result<Event<'a>> {
    let math = input
        .options
        .math
        .as_ref()
        .expect("math is parsed only when it is on");
    let as_written = &written.source[written.range.clone()];
    let block = as_written.starts_with("$$");
    let e = match math.render(latex, block) {
        Ok(mathml) => return Ok(Event::InlineHtml(mathml.into())),
        Err(e) => e,
    };
    let delimiter = if block { 2 } else { 1 };
    let start = written.range.start + delimiter;
    // The LaTeX is the text between the delimiters, unless a container's markers are mixed in.
    let offset = match written.source.get(start..) {
        Some(rest) if rest.starts_with(latex) => start + e.span.start,
        _ => written.range.start,
    };
    let message = format!("this math does not parse: {}", e.message);
    match math.errors {
        MathErrors::Error => Err(Error::at(location(offset), message)),
        MathErrors::Warn => {
            warnings.push(Warning::at(
                location(offset),
                format!("{message}; shown as written"),
            ));
            Ok(Event::Text(as_written.to_string().into()))
        }
    }
}

/// What the event loop keeps track of.
#[derive(Default)]
struct State {
    in_external_link: bool,
    /// Inside the alt text of an image written by hand (`lazy_async_image`).
    in_alt: bool,
    code: Option<CodeBlock>,
    /// A paragraph holding only a shortcode is not written.
    unwrapped_paragraph: bool,
    has_summary: bool,
}

/// Pushes text, with shortcode placeholders as raw HTML; in an attribute, escaped as HTML.
fn push_text<'a>(
    events: &mut Vec<Event<'a>>,
    text: CowStr<'a>,
    expanded: Option<&Expanded>,
    in_attribute: bool,
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
    match expanded {
        Some(e) if e.has_placeholder(&text) => {
            for (piece, n) in e.split(&text) {
                events.push(match n {
                    Some(n) => Event::Html(e.html[n].clone().into()),
                    None => as_event(CowStr::from(piece.to_string())),
                });
            }
        }
        _ => events.push(as_event(text)),
    }
}

fn resolve(
    input: &MarkdownInput,
    dest: &str,
    location: impl Fn() -> Location,
    rendered: &mut Rendered,
) -> Result<String> {
    let (target, anchor) = match dest[2..].split_once('#') {
        Some((target, anchor)) => (target, Some(anchor)),
        None => (&dest[2..], None),
    };
    rendered.internal_links.push(target.to_string());
    let Some(url) = (input.resolve_link)(target) else {
        let message = format!("broken internal link `{dest}`: no content file {target}");
        if input.options.broken_links_warn {
            // As Zola does, the link is left as written.
            rendered.warnings.push(Warning::at(location(), message));
            return Ok(dest.to_string());
        }
        return Err(Error::at(location(), message));
    };
    Ok(match anchor {
        Some(anchor) => {
            rendered.anchored_links.push(AnchoredLink {
                target: target.to_string(),
                anchor: anchor.to_string(),
                location: location(),
            });
            format!("{url}#{anchor}")
        }
        None => url,
    })
}

/// Notes a `#anchor` link of a page or section, to check once every document is rendered, as
/// Zola checks it; a bare `#`, and text given to the `markdown` filter, have nothing to check.
fn same_document_anchor(
    input: &MarkdownInput,
    dest: &str,
    location: impl Fn() -> Location,
    rendered: &mut Rendered,
) {
    match dest.strip_prefix('#') {
        Some(anchor) if !anchor.is_empty() && !input.permalink.is_empty() => {
            rendered.anchored_links.push(AnchoredLink {
                target: String::new(),
                anchor: anchor.to_string(),
                location: location(),
            });
        }
        _ => {}
    }
}

/// A link relative to the document (`photo.jpg`, `./a/b.png`, `#part`, `?q`) made absolute
/// with its permalink, as Zola does; `None` for other links.
fn absolute(url: &str, permalink: &str) -> Option<String> {
    if permalink.is_empty() || url.starts_with('/') || url.starts_with("..") || url == "#" {
        return None;
    }
    let scheme = url.find(':').is_some_and(|colon| {
        colon > 0
            && url[..colon]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if scheme {
        return None;
    }
    Some(format!("{permalink}{url}"))
}

/// Words outside fenced code: every other stretch between ``` marks, as Zola counts them.
/// Minutes to read `words`, rounded up, at 200 words a minute (as Zola counts).
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

pub fn count_words(text: &str) -> usize {
    text.split("```")
        .step_by(2)
        .map(|prose| prose.unicode_words().count())
        .sum()
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
        input: &MarkdownInput,
        sites: &Sites,
        location: &dyn Fn(usize) -> Location,
        warnings: &mut Vec<Warning>,
    ) -> Result<String> {
        let offset = self.offset;
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

fn is_external(url: &str) -> bool {
    url.starts_with("http:") || url.starts_with("https:")
}

/// The opening tag of an external link, with the configured attributes.
fn external_link_tag(attributes: &str, url: &str, title: &str) -> String {
    let mut tag = format!("<a {attributes}");
    if !title.is_empty() {
        tag.push_str("title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
        tag.push_str("\" ");
    }
    tag.push_str("href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut tag, url);
    tag.push_str("\">");
    tag
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

/// Gives every heading an id (its own `{#id}`, or a slug of its text that no other heading
/// uses), writes its opening tag, and returns the table of contents and the anchor links to
/// insert (by event index, ascending).
fn headings<'a>(
    events: &mut [Event<'a>],
    input: &MarkdownInput,
    sites: &Sites,
    location: &dyn Fn(usize) -> Location,
) -> Result<(Vec<Heading>, Vec<Insert<'a>>)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some(i),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = open.take() {
                    spans.push((start, i));
                }
            }
            _ => {}
        }
    }
    // Ids written by hand are kept as they are; generated ones avoid them.
    let mut used: HashSet<String> = spans
        .iter()
        .filter_map(|&(start, _)| match &events[start] {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut flat = Vec::new();
    let mut anchors = Vec::new();
    for (n, (start, end)) in spans.into_iter().enumerate() {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = &events[start]
        else {
            continue;
        };
        let level = *level as u32;
        let title = heading_text(&events[start + 1..end]);
        let id = match id {
            Some(id) => id.to_string(),
            None => unique_id(&used, input.options.anchors.slugify_anchor(&title)),
        };
        used.insert(id.clone());
        if sites.has(Hook::Heading) {
            let at = location(sites.heading(n));
            hooks::heading(events, (start, end), (level, &id, &title), input, at)?;
        } else {
            events[start] = Event::Html(heading_tag(level, &id, classes).into());
            anchors.extend(anchor_link(input, (start, end), level, &id)?);
        }
        flat.push(Heading {
            level,
            permalink: format!("{}#{id}", input.permalink),
            id,
            title,
            children: Vec::new(),
        });
    }
    Ok((nest(flat), anchors))
}

/// `<h2 id="…" class="…">`.
fn heading_tag(level: u32, id: &str, classes: &[CowStr]) -> String {
    let mut tag = format!("<h{level} id=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut tag, id);
    tag.push('"');
    if !classes.is_empty() {
        tag.push_str(" class=\"");
        for (i, class) in classes.iter().enumerate() {
            if i > 0 {
                tag.push(' ');
            }
            let _ = pulldown_cmark_escape::escape_html(&mut tag, class);
        }
        tag.push('"');
    }
    tag.push('>');
    tag
}

/// The `anchor-link.html` events to insert in the heading `events[start..=end]`, where
/// `insert_anchor_links` asks for them.
fn anchor_link<'a>(
    input: &MarkdownInput,
    (start, end): (usize, usize),
    level: u32,
    id: &str,
) -> Result<Vec<Insert<'a>>> {
    let Some(templates) = input.templates else {
        return Ok(Vec::new());
    };
    if input.insert_anchor == InsertAnchor::None {
        return Ok(Vec::new());
    }
    let link = templates.render_anchor_link(id, level).map_err(|e| {
        Error::file(
            input.path,
            format!("rendering `anchor-link.html` failed: {e}"),
        )
    })?;
    Ok(match input.insert_anchor {
        InsertAnchor::Left => vec![(start + 1, Event::Html(link.into()))],
        InsertAnchor::Right => vec![(end, Event::Html(link.into()))],
        // The whole heading is the link: the template's opening `<a ...>` tag.
        _ => match opening_a_tag(&link) {
            Some(tag) => vec![
                (start + 1, Event::Html(tag.to_string().into())),
                (end, Event::Html("</a>".into())),
            ],
            None => Vec::new(),
        },
    })
}

/// The opening tag of the first `<a ...>...</a>` in `html`.
fn opening_a_tag(html: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = html[from..].find('<') {
        let start = from + at;
        let rest = html[start + 1..].trim_start();
        if rest.starts_with('a') && rest[1..].starts_with(|c: char| c == '>' || c.is_whitespace()) {
            let end = start + html[start..].find('>')?;
            if html[end..].contains("</a")
                || html[end..].contains("/ a")
                || html[end..].contains("</ a")
            {
                return Some(&html[start..=end]);
            }
            return None;
        }
        from = start + 1;
    }
    None
}

/// An event to insert before the event at an index.
type Insert<'a> = (usize, Event<'a>);

/// Inserts events at their indexes (ascending), each before the event that was there.
fn insert_many<'a>(events: &mut Vec<Event<'a>>, inserts: Vec<Insert<'a>>) {
    let old = std::mem::take(events);
    let mut inserts = inserts.into_iter().peekable();
    for (i, event) in old.into_iter().enumerate() {
        while let Some((_, insert)) = inserts.next_if(|(at, _)| *at == i) {
            events.push(insert);
        }
        events.push(event);
    }
    events.extend(inserts.map(|(_, insert)| insert));
}

/// The plain text of a heading's inline events.
fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(s) | Event::Code(s) = event {
            text.push_str(s);
        }
    }
    text
}

/// `intro`, then `intro-1`, `intro-2`, ... for later headings with the same text.
fn unique_id(used: &HashSet<String>, wanted: String) -> String {
    let base = if wanted.is_empty() {
        "section".to_string()
    } else {
        wanted
    };
    let mut candidate = base.clone();
    let mut n = 0;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    candidate
}

/// Turns a flat list of headings into a tree: each heading holds the deeper ones after it.
fn nest(flat: Vec<Heading>) -> Vec<Heading> {
    let mut roots: Vec<Heading> = Vec::new();
    for heading in flat {
        insert(&mut roots, heading);
    }
    roots
}

fn insert(siblings: &mut Vec<Heading>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if heading.level > last.level => insert(&mut last.children, heading),
        _ => siblings.push(heading),
    }
}

/// The summary: the HTML before the `<!-- more -->` marker without footnote references. When
/// the marker is inside a block, `summary-cutoff.html` follows and the open blocks are closed.
fn summary(events: &[Event], input: &MarkdownInput) -> Result<String> {
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

/// Moves footnote definitions to a list at the end, numbered in the order of their first
/// reference, with links back to each reference; unreferenced ones are dropped.
fn bottom_footnotes(events: &mut Vec<Event>) {
    let old = std::mem::take(events);
    // Definitions being read (a footnote may hold another), and those read.
    let mut reading: Vec<Vec<Event>> = Vec::new();
    let mut definitions: Vec<Vec<Event>> = Vec::new();
    // Each name's number and count of references.
    let mut numbers: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    for event in old {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => reading.push(vec![event]),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(mut definition) = reading.pop() {
                    definition.push(event);
                    definitions.push(definition);
                }
            }
            Event::FootnoteReference(name) => {
                let next = numbers.len() + 1;
                let entry = numbers.entry(name.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let (n, count) = *entry;
                let reference = Event::Html(
                    format!("<sup class=\"footnote-reference\" id=\"fr-{name}-{count}\"><a href=\"#fn-{name}\">{n}</a></sup>")
                        .into(),
                );
                match reading.last_mut() {
                    Some(definition) => definition.push(reference),
                    None => events.push(reference),
                }
            }
            other => match reading.last_mut() {
                Some(definition) => definition.push(other),
                None => events.push(other),
            },
        }
    }
    if definitions.is_empty() {
        return;
    }
    events.push(Event::Html(
        "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
    ));
    let name_of = |definition: &[Event]| match definition.first() {
        Some(Event::Start(Tag::FootnoteDefinition(name))) => name.to_string(),
        _ => String::new(),
    };
    definitions.retain(|d| {
        numbers
            .get(&name_of(d))
            .is_some_and(|&(_, count)| count > 0)
    });
    definitions.sort_by_key(|d| numbers.get(&name_of(d)).map_or(0, |&(n, _)| n));
    for definition in definitions {
        let name = name_of(&definition);
        let count = numbers.get(&name).map_or(0, |&(_, count)| count);
        let last = definition.len();
        let mut backrefs_written = false;
        for (i, event) in definition.into_iter().enumerate() {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    events.push(Event::Html(format!("<li id=\"fn-{name}\">").into()));
                }
                // The links back go at the end of the last paragraph, or after the last element.
                Event::End(TagEnd::FootnoteDefinition) | Event::End(TagEnd::Paragraph)
                    if !backrefs_written && i + 2 >= last =>
                {
                    let mut html = String::new();
                    for n in 1..=count {
                        let _ = if n == 1 {
                            write!(html, " <a href=\"#fr-{name}-{n}\">↩</a>")
                        } else {
                            write!(html, " <a href=\"#fr-{name}-{n}\">↩{n}</a>")
                        };
                    }
                    backrefs_written = true;
                    html.push_str(if matches!(event, Event::End(TagEnd::Paragraph)) {
                        "</p>\n"
                    } else {
                        "</li>\n"
                    });
                    events.push(Event::Html(html.into()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    events.push(Event::Html("</li>\n".into()));
                }
                other => events.push(other),
            }
        }
    }
    events.push(Event::Html("</ol>\n</section>\n".into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(text: &str) -> Result<Rendered> {
        let resolve = |target: &str| (target == "a/b.md").then(|| "https://x.org/a/b/".to_string());
        render(&MarkdownInput {
            text,
            path: Path::new("content/p.md"),
            first_line: 5,
            permalink: "https://x.org/p/",
            resolve_link: &resolve,
            options: &Options::default(),
            templates: None,
            insert_anchor: InsertAnchor::None,
        })
    }

    #[test]
    fn extensions_are_on() {
        let r =
            render_str("| a |\n|---|\n| 1 |\n\n~~x~~ [^n]\n\n- [x] done\n\n[^n]: note\n").unwrap();
        for needle in [
            "<table>",
            "<del>x</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(r.html.contains(needle), "{needle} missing from {}", r.html);
        }
    }

    #[test]
    fn heading_ids_are_slugs_unique_and_custom() {
        let r =
            render_str("# Hello World\n\n## Intro\n\n## Intro\n\n## Mine {#custom .c}\n").unwrap();
        assert!(
            r.html.contains("<h1 id=\"hello-world\">Hello World</h1>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"intro\">") && r.html.contains("<h2 id=\"intro-1\">"));
        assert!(
            r.html.contains("<h2 id=\"custom\" class=\"c\">Mine</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn toc_is_a_tree() {
        let r = render_str("## A\n\n### *A1*\n\n#### A1x\n\n### A2\n\n## B `code`\n").unwrap();
        let shape: Vec<(String, usize)> = r
            .toc
            .iter()
            .map(|h| (h.id.clone(), h.children.len()))
            .collect();
        assert_eq!(shape, [("a".to_string(), 2), ("b-code".to_string(), 0)]);
        assert_eq!(r.toc[0].children[0].children[0].id, "a1x");
        assert_eq!(r.toc[1].title, "B code");
        assert_eq!(r.toc[0].permalink, "https://x.org/p/#a");
    }

    #[test]
    fn summary_stops_at_the_marker() {
        let r = render_str("First *para*.\n\n<!-- more -->\n\nSecond.\n").unwrap();
        assert_eq!(r.summary.as_deref(), Some("<p>First <em>para</em>.</p>"));
        assert!(r.html.contains("Second."));
        assert!(
            r.html.contains("<span id=\"continue-reading\"></span>"),
            "{}",
            r.html
        );
        let spaced = render_str("One.\n\n<!--MORE-->\n\nTwo.\n").unwrap();
        assert_eq!(spaced.summary.as_deref(), Some("<p>One.</p>"));
        let inline = render_str("Inline <!-- more --> rest\n").unwrap();
        // Without templates there is no cut-off mark; the paragraph is still closed.
        assert_eq!(inline.summary.as_deref(), Some("<p>Inline</p>\n"));
        assert_eq!(render_str("No marker.").unwrap().summary, None);
    }

    #[test]
    fn external_links_get_the_configured_attributes() {
        let mut markdown = crate::config::Markdown::default();
        let options = Options {
            external_link_attributes: external_link_attributes(&markdown),
            ..Options::default()
        };
        let resolve = |_: &str| None;
        let input = |text| MarkdownInput {
            text,
            path: Path::new("content/p.md"),
            first_line: 1,
            permalink: "",
            resolve_link: &resolve,
            options: &options,
            templates: None,
            insert_anchor: InsertAnchor::None,
        };
        let r = render(&input("[a](https://x.org/?a=1&b=2 \"T\") [b](/local/)")).unwrap();
        assert_eq!(
            r.html.trim(),
            "<p><a rel=\"external\" title=\"T\" href=\"https://x.org/?a=1&amp;b=2\">a</a> <a href=\"/local/\">b</a></p>"
        );
        markdown.external_links_target_blank = true;
        markdown.external_links_no_follow = true;
        markdown.external_links_class = Some("ext".into());
        assert_eq!(
            external_link_attributes(&markdown).unwrap(),
            "class=\"ext\" rel=\"noopener nofollow external\" target=\"_blank\" "
        );
        markdown = crate::config::Markdown {
            external_links_external: false,
            ..Default::default()
        };
        assert_eq!(external_link_attributes(&markdown), None);
    }

    #[test]
    fn code_blocks_name_their_language_and_do_not_count_as_words() {
        let r = render_str("Two words\n\n```rust,linenos\nlet s = \"<a>\";\n```\n\n    indented\n")
            .unwrap();
        assert!(
            r.html.contains(
                "<pre><code data-lang=\"rust\">let s = &quot;&lt;a&gt;&quot;;\n</code></pre>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<pre><code>indented\n</code></pre>"),
            "{}",
            r.html
        );
        assert_eq!(r.word_count, 3);
    }

    #[test]
    fn words_and_reading_time() {
        let r = render_str(&"word ".repeat(401)).unwrap();
        assert_eq!((r.word_count, r.reading_time), (401, 3));
        assert_eq!(render_str("").unwrap().reading_time, 0);
    }

    #[test]
    fn internal_links_resolve_or_fail_with_their_line() {
        let r = render_str("See [b](@/a/b.md#part).\n").unwrap();
        assert!(
            r.html.contains("href=\"https://x.org/a/b/#part\""),
            "{}",
            r.html
        );
        assert_eq!(r.anchored_links[0].anchor, "part");
        let e = render_str("Text\n\nSee [gone](@/nope.md).\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "content/p.md:7:5: broken internal link `@/nope.md`: no content file nope.md\n  |\n7 | See [gone](@/nope.md).\n  |     ^"
        );
    }
}
