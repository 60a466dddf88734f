//! Markdown render hooks: when a site or its theme has `templates/_markup/render-link.html`,
//! `render-image.html`, `render-heading.html` or `render-codeblock.html`, every link, image,
//! heading or code block of its pages' Markdown is written by that template instead.
//!
//! The Markdown is parsed as usual; [`Sites`] notes where each link, image and heading is
//! written while it is, and the passes here then replace each element's events by its hook's
//! output, given the element's parts (its address as written and as it resolves, its text, its
//! id, its highlighted code). A hook that fails is an error at the element's line in the
//! Markdown, with the template's own message and place.

use giallo::ParsedFence;
use pulldown_cmark::{html, Event, Tag};
use serde_json::{json, Map, Value};

use super::markdown::MarkdownInput;
use crate::error::{Error, Location, Result};

/// One kind of render hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    Link,
    Image,
    Heading,
    CodeBlock,
}

impl Hook {
    pub const ALL: [Hook; 4] = [Hook::Link, Hook::Image, Hook::Heading, Hook::CodeBlock];

    /// The template's name.
    pub fn template(self) -> &'static str {
        match self {
            Hook::Link => "_markup/render-link.html",
            Hook::Image => "_markup/render-image.html",
            Hook::Heading => "_markup/render-heading.html",
            Hook::CodeBlock => "_markup/render-codeblock.html",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The hooks a site has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hooks(u8);

impl Hooks {
    pub fn with(self, hook: Hook) -> Hooks {
        Hooks(self.0 | hook.bit())
    }

    pub fn has(self, hook: Hook) -> bool {
        self.0 & hook.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A link or image as it is written: where, and its address before it was resolved.
#[derive(Debug)]
struct Written {
    offset: usize,
    url: String,
}

/// Where a document's links, images and headings are written, in the order they come.
#[derive(Debug, Default)]
pub(crate) struct Sites {
    hooks: Hooks,
    /// Images are noted for responsive images too.
    all_images: bool,
    links: Vec<Written>,
    images: Vec<Written>,
    headings: Vec<usize>,
}

impl Sites {
    /// Notes what `hooks` need, and every image if `all_images`.
    pub(crate) fn new(hooks: Hooks, all_images: bool) -> Sites {
        Sites {
            hooks,
            all_images,
            ..Sites::default()
        }
    }

    pub(crate) fn has(&self, hook: Hook) -> bool {
        self.hooks.has(hook)
    }

    /// Whether images are to stay image events for a later pass.
    pub(crate) fn keeps_images(&self) -> bool {
        self.has(Hook::Image) || self.all_images
    }

    /// Notes `event`, which the parser found at `offset`, if a hook will want its place.
    pub(crate) fn note(&mut self, event: &Event, offset: usize) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if self.has(Hook::Link) => {
                self.links.push(Written {
                    offset,
                    url: dest_url.to_string(),
                })
            }
            Event::Start(Tag::Image { dest_url, .. })
                if self.has(Hook::Image) || self.all_images =>
            {
                self.images.push(Written {
                    offset,
                    url: dest_url.to_string(),
                })
            }
            Event::Start(Tag::Heading { .. }) if self.has(Hook::Heading) => {
                self.headings.push(offset)
            }
            _ => {}
        }
    }

    /// The images' addresses as written, in order.
    pub(crate) fn images(&self) -> impl Iterator<Item = &str> {
        self.images.iter().map(|w| w.url.as_str())
    }

    /// Where the `n`th image is written.
    pub(crate) fn image_offset(&self, n: usize) -> usize {
        self.images.get(n).map_or(0, |w| w.offset)
    }

    /// Where the `n`th heading is written.
    pub(crate) fn heading(&self, n: usize) -> usize {
        self.headings.get(n).copied().unwrap_or_default()
    }
}

/// Renders `hook` with `vars`; a failure is an error at `offset` of the Markdown.
fn render(
    input: &MarkdownInput,
    hook: Hook,
    vars: Map<String, Value>,
    at: Location,
) -> Result<String> {
    let templates = input.templates.expect("hooks come with templates");
    templates.render_hook(hook, vars).map_err(|e| {
        Error::at(
            at,
            format!("the render hook `{}` failed: {e}", hook.template()),
        )
    })
}

/// Replaces every link and image of `events` by its hook's output.
pub(crate) fn links_and_images(
    events: &mut Vec<Event>,
    sites: &Sites,
    input: &MarkdownInput,
    location: &dyn Fn(usize) -> Location,
) -> Result<()> {
    let mut starts: Vec<(usize, Hook, &Written)> = Vec::new();
    let (mut links, mut images) = (sites.links.iter(), sites.images.iter());
    for (i, event) in events.iter().enumerate() {
        let found = match event {
            Event::Start(Tag::Link { .. }) if sites.has(Hook::Link) => {
                links.next().map(|w| (Hook::Link, w))
            }
            Event::Start(Tag::Image { .. }) if sites.has(Hook::Image) => {
                images.next().map(|w| (Hook::Image, w))
            }
            _ => None,
        };
        if let Some((hook, written)) = found {
            starts.push((i, hook, written));
        }
    }
    let mut errors = Vec::new();
    // From the end, so that replacing an element leaves the places of earlier ones as they
    // are, and an image inside a link is written before the link is.
    for (start, hook, written) in starts.into_iter().rev() {
        let end = end_of(events, start);
        let vars = match hook {
            Hook::Link => link_vars(&events[start..=end], written),
            _ => image_vars(&events[start..=end], written, input),
        };
        match render(input, hook, vars, location(written.offset)) {
            Ok(output) => {
                events.splice(start..=end, [Event::InlineHtml(output.into())]);
            }
            Err(e) => errors.push(e),
        }
    }
    errors.reverse();
    Error::collect(errors)
}

/// The index of the event that closes the element opened at `start`.
pub(crate) fn end_of(events: &[Event], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The inner events of an element as HTML.
fn inner_html(element: &[Event]) -> String {
    let mut text = String::new();
    if element.len() > 2 {
        html::push_html(&mut text, element[1..element.len() - 1].iter().cloned());
    }
    text
}

/// The inner events of an element as plain text.
pub(crate) fn inner_text(element: &[Event]) -> String {
    let mut text = String::new();
    for event in element {
        if let Event::Text(s) | Event::Code(s) | Event::InlineMath(s) = event {
            text.push_str(s);
        }
    }
    text
}

fn link_vars(element: &[Event], written: &Written) -> Map<String, Value> {
    let (href, title) = match &element[0] {
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => (dest_url.to_string(), title.to_string()),
        _ => (written.url.clone(), String::new()),
    };
    let internal = written.url.starts_with("@/");
    let vars = json!({
        "url": written.url,
        "href": href,
        "permalink": if internal { Value::String(href.clone()) } else { Value::Null },
        "title": title,
        "text": inner_html(element),
        // As Zola tells external links: by the address as written.
        "is_external": written.url.starts_with("http:") || written.url.starts_with("https:"),
    });
    into_map(vars)
}

fn image_vars(element: &[Event], written: &Written, input: &MarkdownInput) -> Map<String, Value> {
    let (src, title) = match &element[0] {
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) => (dest_url.to_string(), title.to_string()),
        _ => (written.url.clone(), String::new()),
    };
    let templates = input.templates.expect("hooks come with templates");
    let meta = local_path(&written.url, input).map_or(Value::Null, |p| templates.image_meta(&p));
    into_map(json!({
        "src": written.url,
        "url": src,
        "alt": inner_text(element),
        "title": title,
        "meta": meta,
    }))
}

/// The path `get_image_metadata` finds a local image by: beside the document for a relative
/// address, in `static/` (or the theme's) for one from the site's root, in `content/` for `@/`.
pub(crate) fn local_path(url: &str, input: &MarkdownInput) -> Option<String> {
    if url.contains("://") || url.starts_with("//") || url.starts_with("data:") {
        return None;
    }
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if let Some(rest) = url.strip_prefix('/') {
        return Some(rest.to_string());
    }
    if url.starts_with("@/") {
        return Some(url.to_string());
    }
    let dir = input.path.parent()?;
    Some(dir.join(url).to_string_lossy().into_owned())
}

/// Replaces the heading `events[start..=end]` (its id already given) by its hook's output.
pub(crate) fn heading(
    events: &mut [Event],
    (start, end): (usize, usize),
    (level, id, title): (u32, &str, &str),
    input: &MarkdownInput,
    at: Location,
) -> Result<()> {
    let vars = into_map(json!({
        "level": level,
        "id": id,
        "text": title,
        "html": inner_html(&events[start..=end]),
        "permalink": format!("{}#{id}", input.permalink),
    }));
    let output = render(input, Hook::Heading, vars, at)?;
    events[start] = Event::Html(output.into());
    for event in &mut events[start + 1..=end] {
        *event = Event::Html("".into());
    }
    Ok(())
}

/// The HTML of a code block written by its hook, given its fence's info string (none for an
/// indented block) and what Loess would write (`html`).
pub(crate) fn code_block(
    input: &MarkdownInput,
    info: Option<&str>,
    code: &str,
    html: String,
    at: Location,
) -> Result<String> {
    let fence = info.map_or_else(ParsedFence::default, giallo::parse_markdown_fence);
    let info = info.unwrap_or_default();
    let lang = (fence.lang != giallo::PLAIN_GRAMMAR_NAME).then_some(fence.lang.as_str());
    let options = &fence.options;
    let ranges = |lines: &[std::ops::RangeInclusive<usize>]| -> Vec<[usize; 2]> {
        lines.iter().map(|r| [*r.start(), *r.end()]).collect()
    };
    let mut settings = into_map(json!({
        "linenos": options.show_line_numbers,
        "linenostart": options.line_number_start,
        "hl_lines": ranges(&options.highlight_lines),
        "hide_lines": ranges(&options.hide_lines),
    }));
    for (key, value) in &fence.rest {
        settings.insert(key.clone(), Value::String(value.clone()));
    }
    let vars = into_map(json!({
        "lang": lang,
        "info": info,
        "code": code,
        "html": html,
        "options": settings,
    }));
    render(input, Hook::CodeBlock, vars, at)
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
