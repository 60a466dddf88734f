//! The lexer: finds the calls in a text, level by level (a block call's body is a level of its
//! own, up to its `{% end %}`), and cuts the text into pieces: text as written, escaped calls
//! with their markers removed, and calls. Code is skipped as the module's rules say; mistakes
//! are kept with their offsets for `expand` to place.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Value};

use super::code_map::{CodeMap, Place};
use super::grammar::{parse_call, Opening};
use super::{Templating, MAX_NESTING};

/// A part of a text: as written, replaced by other text, or a call.
#[derive(Debug)]
pub(super) enum Piece {
    Text(Range<usize>),
    Literal(Range<usize>, String),
    Call(Call),
}

/// A call to render: its name and arguments, its body's pieces, where it is written, and which
/// call of that name it is.
#[derive(Debug)]
pub(super) struct Call {
    pub name: String,
    pub args: Map<String, Value>,
    /// The pieces of the body, trimmed; `None` for an inline call.
    pub body: Option<Vec<Piece>>,
    pub span: Range<usize>,
    pub nth: usize,
}

/// Cuts one document into pieces, counting the calls of each name (`nth`) and keeping the
/// mistakes found, each with its offset: errors, and warnings for calls left as text.
pub(super) struct Lexer<'a> {
    text: &'a str,
    code: &'a CodeMap,
    templates: &'a dyn Templating,
    counts: HashMap<String, usize>,
    pub errors: Vec<(usize, String)>,
    pub warnings: Vec<(usize, String)>,
    /// A body nested too deep was refused: the bodies around it are not reported as unclosed.
    too_deep: bool,
}

/// What the lexer does after looking at a `{`.
enum Step {
    /// Nothing starts here: look on from the next byte.
    Next,
    /// Look on from this offset.
    At(usize),
    /// This level ends; in a body, with the span of its `{% end %}`.
    Stop(Option<Range<usize>>),
}

/// The pieces of one level being cut, and where its plain text started.
struct Pieces {
    list: Vec<Piece>,
    plain: usize,
}

impl Pieces {
    /// Ends the plain text at `at`, before a piece.
    fn flush(&mut self, at: usize) {
        if at > self.plain {
            self.list.push(Piece::Text(self.plain..at));
        }
    }
}

/// A call the grammar read: where it starts and ends, and its parts.
struct Found {
    at: usize,
    end: usize,
    name: String,
    args: Map<String, Value>,
    inline: bool,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(
        text: &'a str,
        code: &'a CodeMap,
        templates: &'a dyn Templating,
    ) -> Lexer<'a> {
        Lexer {
            text,
            code,
            templates,
            counts: HashMap::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            too_deep: false,
        }
    }

    /// The pieces of `text[from..to]`; in a body (`depth` > 0), up to its `{% end %}`, whose
    /// span is returned.
    pub(super) fn scan(
        &mut self,
        from: usize,
        to: usize,
        depth: usize,
    ) -> (Vec<Piece>, Option<Range<usize>>) {
        let mut pieces = Pieces {
            list: Vec::new(),
            plain: from,
        };
        let mut pos = from;
        while let Some(found) = self.text[pos..to].find('{') {
            let at = pos + found;
            match self.step(at, to, depth, &mut pieces) {
                Step::Next => pos = at + 1,
                Step::At(next) => pos = next,
                Step::Stop(closing) => return (pieces.list, closing),
            }
        }
        pieces.flush(to);
        (pieces.list, None)
    }

    /// Looks at the `{` at `at`.
    fn step(&mut self, at: usize, to: usize, depth: usize, pieces: &mut Pieces) -> Step {
        let rest = &self.text[at..to];
        let place = self.code.place(at);
        if let Some(end) = end_marker(rest, "{%", "%}") {
            if depth > 0 {
                pieces.flush(at);
                return Step::Stop(Some(at..at + end));
            }
            if place == Place::Prose {
                self.errors.push((
                    at,
                    "`{% end %}` closes no shortcode: no `{% name() %}` is open here".to_string(),
                ));
            }
            return Step::At(at + end);
        }
        if rest.starts_with("{{/*") {
            self.escaped_inline(at, to, pieces)
        } else if rest.starts_with("{%/*") {
            self.escaped_block(at, to, pieces)
        } else if place != Place::InlineCode && (rest.starts_with("{{") || rest.starts_with("{%")) {
            self.call(at, to, depth, place, pieces)
        } else {
            Step::Next
        }
    }

    /// `{{/* name() */}}`: the call as text, without its comment markers.
    fn escaped_inline(&mut self, at: usize, to: usize, pieces: &mut Pieces) -> Step {
        let text = self.text;
        let Opening::Call { end, .. } = parse_call(text, at, to, "{{/*", "*/}}") else {
            return Step::Next;
        };
        pieces.flush(at);
        pieces
            .list
            .push(Piece::Literal(at..end, unescape(&text[at..end])));
        pieces.plain = end;
        Step::At(end)
    }

    /// `{%/* end */%}`, or `{%/* name() */%}` with its body as written up to its escaped end.
    fn escaped_block(&mut self, at: usize, to: usize, pieces: &mut Pieces) -> Step {
        let text = self.text;
        if let Some(end) = end_marker(&text[at..to], "{%/*", "*/%}") {
            pieces.flush(at);
            pieces
                .list
                .push(Piece::Literal(at..at + end, unescape(&text[at..at + end])));
            pieces.plain = at + end;
            return Step::At(at + end);
        }
        let Opening::Call { end, .. } = parse_call(text, at, to, "{%/*", "*/%}") else {
            return Step::Next;
        };
        pieces.flush(at);
        pieces
            .list
            .push(Piece::Literal(at..end, unescape(&text[at..end])));
        // The body of an escaped call is text as written, up to its escaped end.
        let resume = match self.escaped_body_end(end, to) {
            Some((body_end, close)) => {
                pieces.list.push(Piece::Text(end..body_end));
                let literal = unescape(&text[body_end..close]);
                pieces.list.push(Piece::Literal(body_end..close, literal));
                close
            }
            None => end,
        };
        pieces.plain = resume;
        Step::At(resume)
    }

    /// `{{ name() }}` or `{% name() %}`: a call, text, or a mistake, as the grammar and the
    /// place say.
    fn call(
        &mut self,
        at: usize,
        to: usize,
        depth: usize,
        place: Place,
        pieces: &mut Pieces,
    ) -> Step {
        let inline = self.text[at..to].starts_with("{{");
        let (open, close) = if inline { ("{{", "}}") } else { ("{%", "%}") };
        match parse_call(self.text, at, to, open, close) {
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
                let message = format!("invalid shortcode call, left as text: {}", m.message);
                self.warnings.push((m.at, message));
            }
            Opening::Call { name, args, end } => {
                let found = Found {
                    at,
                    end,
                    name,
                    args,
                    inline,
                };
                return self.known_call(found, to, depth, place, pieces);
            }
        }
        Step::Next
    }

    /// A call that parsed: an error if no shortcode has its name (in prose), else a piece, with
    /// its body if it has one.
    fn known_call(
        &mut self,
        found: Found,
        to: usize,
        depth: usize,
        place: Place,
        pieces: &mut Pieces,
    ) -> Step {
        if self.templates.shortcode(&found.name).is_none() {
            if place == Place::Prose {
                let message = self.unknown(&found.name);
                self.errors.push((found.at, message));
            }
            return Step::Next;
        }
        pieces.flush(found.at);
        let nth = {
            let count = self.counts.entry(found.name.clone()).or_insert(0);
            *count += 1;
            *count
        };
        if !found.inline {
            return self.body(found, nth, to, depth, pieces);
        }
        pieces.list.push(Piece::Call(Call {
            name: found.name,
            args: found.args,
            body: None,
            span: found.at..found.end,
            nth,
        }));
        pieces.plain = found.end;
        Step::At(found.end)
    }

    /// The body of a block call, up to its `{% end %}`, at most [`MAX_NESTING`] deep.
    fn body(
        &mut self,
        found: Found,
        nth: usize,
        to: usize,
        depth: usize,
        pieces: &mut Pieces,
    ) -> Step {
        let Found { at, name, .. } = &found;
        if depth == MAX_NESTING {
            self.too_deep = true;
            self.errors.push((
                *at,
                format!("shortcode `{name}` is nested in more than {MAX_NESTING} shortcode bodies"),
            ));
            return Step::Stop(None);
        }
        let (inner, closing) = self.scan(found.end, to, depth + 1);
        let Some(closing) = closing else {
            if !self.too_deep {
                self.errors.push((
                    *at,
                    format!("shortcode `{name}` opened here is never closed by `{{% end %}}`"),
                ));
            }
            // Keep the rest as text so that its own errors are not repeated.
            return Step::Stop(None);
        };
        pieces.list.push(Piece::Call(Call {
            body: Some(trim(self.text, inner)),
            span: found.at..closing.end,
            name: found.name,
            args: found.args,
            nth,
        }));
        pieces.plain = closing.end;
        Step::At(closing.end)
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

/// The length of `{% end %}` (with `open` and `close` as given) at the start of `s`, if it is one.
fn end_marker(s: &str, open: &str, close: &str) -> Option<usize> {
    let rest = s.strip_prefix(open)?;
    let after_space = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    let rest = after_space.strip_prefix("end")?;
    let after_space = rest.trim_start_matches([' ', '\t', '\r', '\n']);
    after_space.strip_prefix(close)?;
    Some(s.len() - after_space.len() + close.len())
}
