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

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};
use serde_json::{Map, Number, Value};

use super::hooks::{Hook, Hooks};
use crate::error::{Error, Location, Result};
use crate::warning::Warning;

/// How deep shortcodes may nest in each other's bodies, and arrays in arrays in arguments.
/// Deeper nesting is an error, not a risk to the stack: no real page comes near it.
pub const MAX_NESTING: usize = 64;

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

/// The text with its calls expanded: `.md` outputs in place, `.html` outputs as placeholders.
#[derive(Debug)]
pub struct Expanded {
    pub text: String,
    /// The HTML of each placeholder, by its number.
    pub html: Vec<String>,
    /// The placeholder for HTML output `n` is `{prefix}{n}@@`.
    pub prefix: String,
    /// Offsets in `text` mapped back to the original text.
    pub map: OffsetMap,
    /// Calls that did not parse and were left as text, each with its place.
    pub warnings: Vec<Warning>,
}

impl Expanded {
    pub fn placeholder(&self, n: usize) -> String {
        format!("{}{n}@@", self.prefix)
    }

    /// Whether `s` holds a placeholder.
    pub fn has_placeholder(&self, s: &str) -> bool {
        !self.html.is_empty() && s.contains(self.prefix.as_str())
    }

    /// Splits `s` into text and placeholders: `(text, None)` and `("", Some(n))` pieces.
    pub fn split<'s>(&self, s: &'s str) -> Vec<(&'s str, Option<usize>)> {
        let mut pieces = Vec::new();
        let mut rest = s;
        while let Some(at) = rest.find(self.prefix.as_str()) {
            let after = &rest[at + self.prefix.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let number = after[..digits].parse::<usize>().ok();
            match number {
                Some(n) if n < self.html.len() && after[digits..].starts_with("@@") => {
                    if at > 0 {
                        pieces.push((&rest[..at], None));
                    }
                    pieces.push(("", Some(n)));
                    rest = &after[digits + 2..];
                }
                _ => {
                    let end = at + self.prefix.len();
                    pieces.push((&rest[..end], None));
                    rest = &rest[end..];
                }
            }
        }
        if !rest.is_empty() {
            pieces.push((rest, None));
        }
        pieces
    }

    /// `s` with every placeholder replaced by its HTML.
    pub fn substitute(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for (text, n) in self.split(s) {
            match n {
                Some(n) => out.push_str(&self.html[n]),
                None => out.push_str(text),
            }
        }
        out
    }

    /// Whether `s`, trimmed, is exactly one placeholder.
    pub fn is_lone_placeholder(&self, s: &str) -> bool {
        let pieces = self.split(s.trim());
        matches!(pieces.as_slice(), [(_, Some(_))])
    }
}

/// Maps offsets in an expanded text back to the text as written: an offset inside a
/// replacement maps to the start of what it replaced.
#[derive(Debug, Default)]
pub struct OffsetMap {
    /// (start in the new text, end in the new text, start in the old, end in the old).
    replaced: Vec<(usize, usize, usize, usize)>,
}

impl OffsetMap {
    pub fn original(&self, offset: usize) -> usize {
        let i = self.replaced.partition_point(|r| r.0 <= offset);
        if i == 0 {
            return offset;
        }
        let (new_start, new_end, old_start, old_end) = self.replaced[i - 1];
        if offset < new_end && offset >= new_start {
            old_start
        } else {
            old_end + (offset - new_end)
        }
    }
}

/// Whether `text` may hold a call at all.
pub fn may_have_calls(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// Where a document's text is code, found by parsing it as Markdown.
#[derive(Debug, Default)]
pub struct CodeMap {
    inline: Vec<Range<usize>>,
    blocks: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Prose,
    InlineCode,
    CodeBlock,
}

impl CodeMap {
    pub fn of(text: &str, options: pulldown_cmark::Options) -> CodeMap {
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

    fn place(&self, offset: usize) -> Place {
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

/// A part of a text: as written, replaced by other text, or a call.
#[derive(Debug)]
enum Piece {
    Text(Range<usize>),
    Literal(Range<usize>, String),
    Call(Call),
}

#[derive(Debug)]
struct Call {
    name: String,
    args: Map<String, Value>,
    /// The pieces of the body, trimmed; `None` for an inline call.
    body: Option<Vec<Piece>>,
    span: Range<usize>,
    nth: usize,
}

/// Expands every call in `text`, or returns the errors found, each at its call.
pub fn expand(
    text: &str,
    path: &Path,
    first_line: usize,
    code: &CodeMap,
    templates: &dyn Templating,
) -> Result<Expanded> {
    let mut scanner = Scanner {
        text,
        code,
        templates,
        counts: HashMap::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        too_deep: false,
    };
    let (pieces, _) = scanner.scan(0, text.len(), 0);
    let location = |offset: usize| Location::in_text(path, text, offset, first_line);
    let mut errors: Vec<Error> = scanner
        .errors
        .into_iter()
        .map(|(offset, message)| Error::at(location(offset), message))
        .collect();
    let warnings = (scanner.warnings.into_iter())
        .map(|(offset, message)| Warning::at(location(offset), message))
        .collect();
    let mut prefix = String::from("@@LOESS_SC_");
    while text.contains(prefix.as_str()) {
        prefix.insert(2, '_');
    }
    let mut expanded = Expanded {
        text: String::with_capacity(text.len()),
        html: Vec::new(),
        prefix,
        map: OffsetMap::default(),
        warnings,
    };
    for piece in &pieces {
        let (old, new) = match piece {
            Piece::Text(range) => {
                expanded.text.push_str(&text[range.clone()]);
                continue;
            }
            Piece::Literal(range, literal) => (range.clone(), literal.clone()),
            Piece::Call(call) => {
                let output = match render(text, call, templates) {
                    Ok(output) => output,
                    Err((offset, message)) => {
                        errors.push(Error::at(location(offset), message));
                        continue;
                    }
                };
                let new = match templates.shortcode(&call.name) {
                    Some(Kind::Markdown) => output,
                    _ => {
                        expanded.html.push(output);
                        expanded.placeholder(expanded.html.len() - 1)
                    }
                };
                (call.span.clone(), new)
            }
        };
        let start = expanded.text.len();
        expanded.text.push_str(&new);
        expanded
            .map
            .replaced
            .push((start, expanded.text.len(), old.start, old.end));
    }
    Error::collect(errors)?;
    Ok(expanded)
}

/// Renders a call, the calls in its body first; an error comes with the offset of its call.
fn render(
    text: &str,
    call: &Call,
    templates: &dyn Templating,
) -> std::result::Result<String, (usize, String)> {
    let body = match &call.body {
        Some(pieces) => {
            let mut body = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(range) => body.push_str(&text[range.clone()]),
                    Piece::Literal(_, literal) => body.push_str(literal),
                    Piece::Call(inner) => body.push_str(&render(text, inner, templates)?),
                }
            }
            Some(body)
        }
        None => None,
    };
    let invocation = Invocation {
        name: &call.name,
        args: &call.args,
        body: body.as_deref().map(str::trim_end),
        nth: call.nth,
    };
    templates
        .render_shortcode(&invocation)
        .map(|output| output.replace("\r\n", "\n"))
        .map_err(|e| {
            (
                call.span.start,
                format!("shortcode `{}` failed: {e}", call.name),
            )
        })
}

struct Scanner<'a> {
    text: &'a str,
    code: &'a CodeMap,
    templates: &'a dyn Templating,
    counts: HashMap<String, usize>,
    errors: Vec<(usize, String)>,
    warnings: Vec<(usize, String)>,
    /// A body nested too deep was refused: the bodies around it are not reported as unclosed.
    too_deep: bool,
}

/// A call that did not parse: where, and why.
struct Malformed {
    at: usize,
    message: String,
    /// Well formed as Zola reads calls, but beyond what Loess takes (an array nested too deep,
    /// a number out of range): an error rather than text.
    beyond_limits: bool,
}

impl Malformed {
    fn new(at: usize, message: impl Into<String>) -> Malformed {
        Malformed {
            at,
            message: message.into(),
            beyond_limits: false,
        }
    }

    fn beyond_limits(at: usize, message: impl Into<String>) -> Malformed {
        Malformed {
            beyond_limits: true,
            ..Malformed::new(at, message)
        }
    }
}

/// What a `{{` or `{%` starts.
enum Opening {
    /// Not a call: plain text.
    Text,
    Malformed(Malformed),
    Call {
        name: String,
        args: Map<String, Value>,
        end: usize,
    },
}

impl Scanner<'_> {
    /// The pieces of `text[from..to]`; in a body (`depth` > 0), up to its `{% end %}`, whose
    /// span is returned.
    fn scan(&mut self, from: usize, to: usize, depth: usize) -> (Vec<Piece>, Option<Range<usize>>) {
        let in_body = depth > 0;
        let text = self.text;
        let mut pieces = Vec::new();
        let mut plain = from;
        let mut pos = from;
        let flush = |pieces: &mut Vec<Piece>, plain: usize, at: usize| {
            if at > plain {
                pieces.push(Piece::Text(plain..at));
            }
        };
        while let Some(found) = text[pos..to].find('{') {
            let at = pos + found;
            let rest = &text[at..to];
            let place = self.code.place(at);
            if let Some(end) = end_marker(rest, "{%", "%}") {
                if in_body {
                    flush(&mut pieces, plain, at);
                    return (pieces, Some(at..at + end));
                }
                if place == Place::Prose {
                    self.errors.push((
                        at,
                        "`{% end %}` closes no shortcode: no `{% name() %}` is open here"
                            .to_string(),
                    ));
                }
                pos = at + end;
                continue;
            }
            if rest.starts_with("{{/*") {
                if let Opening::Call { end, .. } = parse_call(text, at, to, "{{/*", "*/}}") {
                    flush(&mut pieces, plain, at);
                    pieces.push(Piece::Literal(at..end, unescape(&text[at..end])));
                    (plain, pos) = (end, end);
                    continue;
                }
            } else if rest.starts_with("{%/*") {
                let escaped_end = end_marker(rest, "{%/*", "*/%}");
                if let Some(end) = escaped_end {
                    flush(&mut pieces, plain, at);
                    pieces.push(Piece::Literal(at..at + end, unescape(&text[at..at + end])));
                    (plain, pos) = (at + end, at + end);
                    continue;
                }
                if let Opening::Call { end, .. } = parse_call(text, at, to, "{%/*", "*/%}") {
                    flush(&mut pieces, plain, at);
                    pieces.push(Piece::Literal(at..end, unescape(&text[at..end])));
                    // The body of an escaped call is text as written, up to its escaped end.
                    if let Some((body_end, close)) = self.escaped_body_end(end, to) {
                        pieces.push(Piece::Text(end..body_end));
                        pieces.push(Piece::Literal(
                            body_end..close,
                            unescape(&text[body_end..close]),
                        ));
                        (plain, pos) = (close, close);
                    } else {
                        (plain, pos) = (end, end);
                    }
                    continue;
                }
            } else if place != Place::InlineCode
                && (rest.starts_with("{{") || rest.starts_with("{%"))
            {
                let inline = rest.starts_with("{{");
                let (open, close) = if inline { ("{{", "}}") } else { ("{%", "%}") };
                match parse_call(text, at, to, open, close) {
                    Opening::Text => {}
                    Opening::Malformed(_) if place != Place::Prose => {}
                    Opening::Malformed(m) if m.beyond_limits => {
                        let message = format!(
                            "invalid shortcode call: {}; to write it as text, escape it as \
                             `{open}/* ... */{close}`",
                            m.message
                        );
                        self.errors.push((m.at, message));
                    }
                    Opening::Malformed(m) => {
                        let message =
                            format!("invalid shortcode call, left as text: {}", m.message);
                        self.warnings.push((m.at, message));
                    }
                    Opening::Call { name, args, end } => {
                        if self.templates.shortcode(&name).is_none() {
                            if place == Place::Prose {
                                let message = self.unknown(&name);
                                self.errors.push((at, message));
                            }
                        } else {
                            flush(&mut pieces, plain, at);
                            let nth = {
                                let count = self.counts.entry(name.clone()).or_insert(0);
                                *count += 1;
                                *count
                            };
                            if inline {
                                pieces.push(Piece::Call(Call {
                                    name,
                                    args,
                                    body: None,
                                    span: at..end,
                                    nth,
                                }));
                                (plain, pos) = (end, end);
                                continue;
                            }
                            if depth == MAX_NESTING {
                                self.too_deep = true;
                                self.errors.push((
                                    at,
                                    format!("shortcode `{name}` is nested in more than {MAX_NESTING} shortcode bodies"),
                                ));
                                return (pieces, None);
                            }
                            let (inner, closing) = self.scan(end, to, depth + 1);
                            match closing {
                                Some(closing) => {
                                    pieces.push(Piece::Call(Call {
                                        name,
                                        args,
                                        body: Some(trim(text, inner)),
                                        span: at..closing.end,
                                        nth,
                                    }));
                                    (plain, pos) = (closing.end, closing.end);
                                }
                                None if self.too_deep => return (pieces, None),
                                None => {
                                    self.errors.push((
                                        at,
                                        format!("shortcode `{name}` opened here is never closed by `{{% end %}}`"),
                                    ));
                                    // Keep the rest as text so that its own errors are not repeated.
                                    return (pieces, None);
                                }
                            }
                            continue;
                        }
                    }
                }
            }
            pos = at + 1;
        }
        flush(&mut pieces, plain, to);
        (pieces, None)
    }

    /// The end of an escaped body starting at `from`: where its `{%/* end */%}` starts and ends.
    fn escaped_body_end(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let mut depth = 0;
        let mut pos = from;
        while let Some(found) = text[pos..to].find("{%/*") {
            let at = pos + found;
            if let Some(end) = end_marker(&text[at..to], "{%/*", "*/%}") {
                if depth == 0 {
                    return Some((at, at + end));
                }
                depth -= 1;
                pos = at + end;
            } else if let Opening::Call { end, .. } = parse_call(text, at, to, "{%/*", "*/%}") {
                depth += 1;
                pos = end;
            } else {
                pos = at + 1;
            }
        }
        None
    }

    fn unknown(&self, name: &str) -> String {
        let mut message = format!(
            "unknown shortcode `{name}`: there is no templates/shortcodes/{name}.html or {name}.md \
             in the site or its theme"
        );
        match self.templates.closest_shortcode(name) {
            Some(close) => message.push_str(&format!(" (did you mean `{close}`?)")),
            None => message.push_str(
                "; to write the call as text, escape it as `{{/* ... */}}` or `{%/* ... */%}`",
            ),
        }
        message
    }
}

/// Trims the whitespace around a body: the start of its first piece and the end of its last.
fn trim(text: &str, mut pieces: Vec<Piece>) -> Vec<Piece> {
    if let Some(Piece::Text(range)) = pieces.first_mut() {
        let slice = &text[range.clone()];
        range.start += slice.len() - slice.trim_start().len();
    }
    if let Some(Piece::Text(range)) = pieces.last_mut() {
        let slice = &text[range.clone()];
        range.end -= slice.len() - slice.trim_end().len();
    }
    pieces.retain(|p| !matches!(p, Piece::Text(r) if r.is_empty()));
    pieces
}

/// `{{/* x() */}}` as `{{ x() }}`: the comment markers of an escaped call removed.
fn unescape(call: &str) -> String {
    let (open, close) = if call.starts_with("{{") {
        ("{{", "}}")
    } else {
        ("{%", "%}")
    };
    let inner = &call[4..call.len() - 4];
    format!("{open}{inner}{close}")
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn skip_space(text: &str, mut pos: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < to && is_space(bytes[pos]) {
        pos += 1;
    }
    pos
}

/// The length of `{% end %}` (with `open` and `close` as given) at the start of `s`, if it is one.
fn end_marker(s: &str, open: &str, close: &str) -> Option<usize> {
    let rest = s.strip_prefix(open)?;
    let after_space = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let rest = after_space.strip_prefix("end")?;
    let after_space = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    after_space.strip_prefix(close)?;
    Some(s.len() - after_space.len() + close.len())
}

fn ident(text: &str, pos: usize, to: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if pos >= to || !(bytes[pos].is_ascii_alphabetic() || bytes[pos] == b'_') {
        return None;
    }
    let mut end = pos + 1;
    while end < to && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
        end += 1;
    }
    Some(end)
}

/// Parses the call opened by `open` at `at`: `NAME(key=value, ...)` then `close`.
fn parse_call(text: &str, at: usize, to: usize, open: &str, close: &str) -> Opening {
    let bytes = text.as_bytes();
    let mut pos = skip_space(text, at + open.len(), to);
    let Some(name_end) = ident(text, pos, to) else {
        return Opening::Text;
    };
    let name = text[pos..name_end].to_string();
    pos = skip_space(text, name_end, to);
    if pos >= to || bytes[pos] != b'(' {
        return Opening::Text;
    }
    pos += 1;
    let mut args = Map::new();
    // The quote that ended the last string inside a word (`'it's'`): if the call then fails,
    // that quote is the likely mistake.
    let mut glued: Option<(usize, char)> = None;
    let malformed = |glued: Option<(usize, char)>, at: usize, message: String| {
        Opening::Malformed(match glued {
            Some((quote_at, quote)) => Malformed::new(
                quote_at,
                format!(
                    "this string ends at this {quote}, inside a word: a string cannot hold its \
                     own quote character (quote it with another of \", ' or `)"
                ),
            ),
            None => Malformed::new(at, message),
        })
    };
    let mut after_comma = false;
    loop {
        pos = skip_space(text, pos, to);
        if pos < to && bytes[pos] == b')' && !after_comma {
            pos += 1;
            break;
        }
        let Some(key_end) = ident(text, pos, to) else {
            let message = if after_comma {
                "expected an argument after `,`".to_string()
            } else {
                format!(
                    "expected an argument like `key=\"value\"` or `)`, found {}",
                    found(text, pos, to)
                )
            };
            return malformed(glued, pos, message);
        };
        let key = text[pos..key_end].to_string();
        pos = skip_space(text, key_end, to);
        if pos >= to || bytes[pos] != b'=' {
            return malformed(
                glued,
                pos,
                format!(
                    "expected `=` after `{key}` (arguments are named: `{key}=value`), found {}",
                    found(text, pos, to)
                ),
            );
        }
        pos = skip_space(text, pos + 1, to);
        let (value, value_end) = match literal(text, pos, to, 0) {
            Ok(v) => v,
            Err(m) if m.beyond_limits => return Opening::Malformed(m),
            Err(m) => return malformed(glued, m.at, m.message),
        };
        glued = quote_inside_word(text, &value, value_end, to).map(|q| (value_end - 1, q));
        args.insert(key, value);
        pos = skip_space(text, value_end, to);
        after_comma = pos < to && bytes[pos] == b',';
        if after_comma {
            pos += 1;
        } else if pos < to && bytes[pos] != b')' && ident(text, pos, to).is_none() {
            return malformed(
                glued,
                pos,
                format!("expected `,` or `)`, found {}", found(text, pos, to)),
            );
        }
    }
    pos = skip_space(text, pos, to);
    if !text[pos..to].starts_with(close) {
        return malformed(
            glued,
            pos,
            format!(
                "expected `{close}` to end the call, found {}",
                found(text, pos, to)
            ),
        );
    }
    Opening::Call {
        name,
        args,
        end: pos + close.len(),
    }
}

/// The quote that ended string `value` at `end`, when a letter follows it at once, as in
/// `'it's'`: the quote was meant to be part of the string.
fn quote_inside_word(text: &str, value: &Value, end: usize, to: usize) -> Option<char> {
    let bytes = text.as_bytes();
    let follows = end < to && bytes[end].is_ascii_alphanumeric();
    (value.is_string() && follows).then(|| bytes[end - 1] as char)
}

/// The character at `pos`, quoted, for messages.
fn found(text: &str, pos: usize, to: usize) -> String {
    match text[pos..to].chars().next() {
        None => "the end of the text".to_string(),
        Some('\n') => "the end of the line".to_string(),
        Some(c) => format!("`{c}`"),
    }
}

/// A value at `pos`: a string, a number, a boolean or an array of those, inside `depth` arrays.
fn literal(
    text: &str,
    pos: usize,
    to: usize,
    depth: usize,
) -> std::result::Result<(Value, usize), Malformed> {
    let bytes = text.as_bytes();
    let malformed = Malformed::new;
    let Some(&first) = bytes.get(pos).filter(|_| pos < to) else {
        return Err(malformed(
            pos,
            "expected a value, found the end of the text".into(),
        ));
    };
    match first {
        b'"' | b'\'' | b'`' => {
            let quote = first as char;
            match text[pos + 1..to].find(quote) {
                Some(len) => Ok((
                    Value::String(text[pos + 1..pos + 1 + len].to_string()),
                    pos + len + 2,
                )),
                None => Err(malformed(pos, format!("this string has no closing {quote}"))),
            }
        }
        b't' if text[pos..to].starts_with("true") => Ok((Value::Bool(true), pos + 4)),
        b'f' if text[pos..to].starts_with("false") => Ok((Value::Bool(false), pos + 5)),
        b'-' | b'0'..=b'9' => number(text, pos, to),
        b'[' if depth == MAX_NESTING => Err(Malformed::beyond_limits(
            pos,
            format!("arrays may be nested at most {MAX_NESTING} deep"),
        )),
        b'[' => {
            let mut items = Vec::new();
            let mut p = skip_space(text, pos + 1, to);
            loop {
                if p < to && bytes[p] == b']' {
                    return Ok((Value::Array(items), p + 1));
                }
                let (item, end) = literal(text, p, to, depth + 1)?;
                items.push(item);
                p = skip_space(text, end, to);
                if p < to && bytes[p] == b',' {
                    p = skip_space(text, p + 1, to);
                } else if p >= to || bytes[p] != b']' {
                    return Err(malformed(
                        p,
                        format!("expected `,` or `]` in the array, found {}", found(text, p, to)),
                    ));
                }
            }
        }
        _ => Err(malformed(
            pos,
            format!(
                "expected a value (a quoted string, a number, `true`, `false` or an array), found {}",
                found(text, pos, to)
            ),
        )),
    }
}

/// An integer (`-3`) or a float (`1.5`), written as Zola reads them.
fn number(text: &str, pos: usize, to: usize) -> std::result::Result<(Value, usize), Malformed> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        let mut end = from;
        while end < to && bytes[end].is_ascii_digit() {
            end += 1;
        }
        end
    };
    let start_digits = if bytes[pos] == b'-' { pos + 1 } else { pos };
    let int_end = if bytes.get(start_digits) == Some(&b'0') {
        start_digits + 1
    } else {
        digits(start_digits)
    };
    if int_end == start_digits {
        return Err(Malformed::new(pos, "expected a number after `-`"));
    }
    if int_end < to && bytes[int_end] == b'.' {
        let fraction_end = digits(int_end + 1);
        if fraction_end > int_end + 1 {
            let value = text[pos..fraction_end]
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number);
            return match value {
                Some(v) => Ok((v, fraction_end)),
                None => Err(Malformed::beyond_limits(pos, "this number is out of range")),
            };
        }
    }
    match text[pos..int_end].parse::<i64>() {
        Ok(n) => Ok((Value::Number(n.into()), int_end)),
        Err(_) => Err(Malformed::beyond_limits(
            pos,
            "this integer is out of range",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shortcodes `hi` (HTML), `md` (Markdown) and `box` (HTML), rendered as a trace.
    struct Fake;

    impl Templating for Fake {
        fn shortcode(&self, name: &str) -> Option<Kind> {
            match name {
                "hi" | "box" | "fail" => Some(Kind::Html),
                "md" => Some(Kind::Markdown),
                _ => None,
            }
        }

        fn render_shortcode(&self, call: &Invocation) -> Result<String, String> {
            if call.name == "fail" {
                return Err("it broke".into());
            }
            let args = serde_json::to_string(call.args).unwrap();
            Ok(match call.body {
                Some(body) => format!("<{} {args} {}>[{body}]", call.name, call.nth),
                None => format!("<{} {args} {}>", call.name, call.nth),
            })
        }

        fn render_anchor_link(&self, _: &str, _: u32) -> Result<String, String> {
            Ok(String::new())
        }

        fn render_summary_cutoff(&self, _: &str) -> Result<String, String> {
            Ok(String::new())
        }
    }

    fn run(text: &str) -> Result<Expanded> {
        let code = CodeMap::of(text, pulldown_cmark::Options::empty());
        expand(text, Path::new("content/p.md"), 1, &code, &Fake)
    }

    /// The expanded text with the HTML outputs put back in place of their placeholders.
    fn expanded(text: &str) -> String {
        let e = run(text).unwrap();
        e.substitute(&e.text)
    }

    #[test]
    fn arguments_of_every_type() {
        assert_eq!(
            expanded(
                r#"{{ hi(s="a b", t='c', u=`d"e`, i=-3, z=0, f=1.5, b=true, n=false, a=[1, "x", [2.5],]) }}"#
            ),
            r#"<hi {"s":"a b","t":"c","u":"d\"e","i":-3,"z":0,"f":1.5,"b":true,"n":false,"a":[1,"x",[2.5]]} 1>"#
        );
        assert_eq!(
            expanded("{{hi()}} {{ hi(\n  x=1\n) }}"),
            "<hi {} 1> <hi {\"x\":1} 2>"
        );
    }

    #[test]
    fn bodies_nest_and_count() {
        assert_eq!(
            expanded("{% box(k=1) %}\n  a {{ hi() }} {% box() %}in{% end %}\n{% end %} {{ hi() }}"),
            "<box {\"k\":1} 1>[a <hi {} 1> <box {} 2>[in]] <hi {} 2>"
        );
    }

    #[test]
    fn markdown_shortcodes_stay_text_and_html_ones_become_placeholders() {
        let e = run("a {{ md() }} b {{ hi() }} c").unwrap();
        assert_eq!(e.text, "a <md {} 1> b @@LOESS_SC_0@@ c");
        assert_eq!(e.html, ["<hi {} 1>"]);
        assert_eq!(e.map.original(2), 2);
        assert_eq!(e.map.original(5), 2, "inside a replacement: its call");
        assert_eq!(e.map.original(12), 13, "after it: shifted");
        assert_eq!(
            e.map.original(e.text.len() - 1),
            "a {{ md() }} b {{ hi() }} c".len() - 1
        );
    }

    #[test]
    fn escapes_lose_their_markers() {
        assert_eq!(
            expanded("{{/* hi(a=1) */}} {%/* box() */%}{{ hi() }}{%/* end */%} {%/* end */%}"),
            "{{ hi(a=1) }} {% box() %}{{ hi() }}{% end %} {% end %}"
        );
        assert_eq!(expanded("`{{/* hi() */}}`"), "`{{ hi() }}`");
    }

    #[test]
    fn inline_code_is_text_and_code_blocks_forgive() {
        assert_eq!(
            expanded("`{{ hi() }}` {{ hi() }}"),
            "`{{ hi() }}` <hi {} 1>"
        );
        assert_eq!(
            expanded("```\n{{ hi() }} {{ nope() }} {{ x(1) }} {% end %}\n```\n"),
            "```\n<hi {} 1> {{ nope() }} {{ x(1) }} {% end %}\n```\n"
        );
        assert_eq!(
            expanded("{{ page.title }} {% if x %}"),
            "{{ page.title }} {% if x %}"
        );
    }

    #[test]
    fn malformed_calls_are_text_and_warnings_at_their_place() {
        let warned = |text: &str| {
            let e = run(text).unwrap();
            assert_eq!(e.substitute(&e.text), text, "left as written");
            assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
            e.warnings[0].heading()
        };
        assert!(warned("{{ hi(a=) }}").starts_with(
            "content/p.md:1:9: invalid shortcode call, left as text: expected a value"
        ));
        assert!(warned("{{ hi(a=1,) }}")
            .starts_with("content/p.md:1:11: invalid shortcode call, left as text: expected an argument after `,`"));
        assert!(warned("{{ hi(a) }}").starts_with(
            "content/p.md:1:8: invalid shortcode call, left as text: expected `=` after `a`"
        ));
        assert!(warned("{{ hi(a='x) }}").starts_with(
            "content/p.md:1:9: invalid shortcode call, left as text: this string has no closing '"
        ));
        // An apostrophe inside a single-quoted string ends it.
        assert_eq!(
            warned("x\n{{ hi(text='it's') }}"),
            "content/p.md:2:15: invalid shortcode call, left as text: this string ends at this ', \
             inside a word: a string cannot hold its own quote character (quote it with another \
             of \", ' or `)"
        );
        // What Zola reads as a call but Loess cannot take is an error.
        let e = run(&format!("{{{{ hi(a={}) }}}}", "9".repeat(30))).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("content/p.md:1:9: invalid shortcode call: this integer is out of range"));
        // A string glued to the next argument is still a call, as in Zola.
        assert_eq!(expanded("{{ hi(a='x'b=1) }}"), r#"<hi {"a":"x","b":1} 1>"#);
        // The calls after it are still calls.
        let e = run("{{ hi(a=) }} {{ hi() }}").unwrap();
        assert_eq!(e.substitute(&e.text), "{{ hi(a=) }} <hi {} 1>");
        // In code, silently text.
        assert!(run("```\n{{ hi(a=) }}\n```\n").unwrap().warnings.is_empty());
    }

    #[test]
    fn mistakes_are_errors_at_their_place() {
        let e = |text: &str| run(text).unwrap_err().to_string();
        assert_eq!(
            e("x\n\nsee {{ nope() }}"),
            "content/p.md:3:5: unknown shortcode `nope`: there is no templates/shortcodes/nope.html or nope.md in the site or its theme; to write the call as text, escape it as `{{/* ... */}}` or `{%/* ... */%}`\n  |\n3 | see {{ nope() }}\n  |     ^"
        );
        assert!(e("{% box() %}\nno end")
            .starts_with("content/p.md:1:1: shortcode `box` opened here is never closed"));
        assert!(
            e("text {% end %}").starts_with("content/p.md:1:6: `{% end %}` closes no shortcode")
        );
        assert!(
            e("{{ fail() }}").starts_with("content/p.md:1:1: shortcode `fail` failed: it broke")
        );
    }
}
