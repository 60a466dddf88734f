//! Expansion: every call the lexer found is rendered with its template, the calls in its body
//! first; `.md` output replaces the call, `.html` output becomes a placeholder. Errors and
//! warnings get their line and column here.

use std::path::Path;

use super::expanded::{Expanded, OffsetMap};
use super::lexer::{Call, Lexer, Piece};
use super::{CodeMap, Invocation, Kind, Templating};
use crate::error::{Error, Location, Result};
use crate::warning::Warning;

/// Expands every call in `text`, or returns the errors found, each at its call.
pub(crate) fn expand(
    text: &str,
    path: &Path,
    first_line: usize,
    code: &CodeMap,
    templates: &dyn Templating,
) -> Result<Expanded> {
    let mut lexer = Lexer::new(text, code, templates);
    let (pieces, _) = lexer.scan(0, text.len(), 0);
    let location = |offset: usize| Location::in_text(path, text, offset, first_line);
    let mut errors: Vec<Error> = (lexer.errors.into_iter())
        .map(|(offset, message)| Error::at(location(offset), message))
        .collect();
    let warnings = (lexer.warnings.into_iter())
        .map(|(offset, message)| Warning::at(location(offset), message))
        .collect();
    let mut expanded = Expanded {
        text: String::with_capacity(text.len()),
        html: Vec::new(),
        prefix: placeholder_prefix(text),
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
            Piece::Call(call) => match render(text, call, templates) {
                Ok(output) => (call.span.clone(), expanded.output(call, output, templates)),
                Err((offset, message)) => {
                    errors.push(Error::at(location(offset), message));
                    continue;
                }
            },
        };
        let start = expanded.text.len();
        expanded.text.push_str(&new);
        expanded.map.replaced(start..expanded.text.len(), old);
    }
    Error::collect(errors)?;
    Ok(expanded)
}

/// `@@LOESS_SC_`, with more underscores while the text holds it already.
fn placeholder_prefix(text: &str) -> String {
    let mut prefix = String::from("@@LOESS_SC_");
    while text.contains(prefix.as_str()) {
        prefix.insert(2, '_');
    }
    prefix
}

impl Expanded {
    /// What replaces `call` in the text, given its output: the output itself for a `.md`
    /// shortcode, else a placeholder for it.
    fn output(&mut self, call: &Call, output: String, templates: &dyn Templating) -> String {
        match templates.shortcode(&call.name) {
            Some(Kind::Markdown) => output,
            _ => {
                self.html.push(output);
                self.placeholder(self.html.len() - 1)
            }
        }
    }
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
