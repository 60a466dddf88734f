//! The math pass (`math = true`): `$…$` and `$$…$$` become MathML, with `parse::math`.

use std::ops::Range;

use pulldown_cmark::Event;

use super::driver::{Document, Output};
use crate::config::MathErrors;
use crate::error::{Error, Result};
use crate::warning::Warning;

/// Pushes the MathML of the expression `latex`, written at `range` of the parsed text.
pub(super) fn event<'a>(
    latex: &str,
    range: Range<usize>,
    doc: &Document<'a>,
    out: &mut Output<'a>,
) {
    match mathml(latex, range, doc, &mut out.rendered.warnings) {
        Ok(event) => out.events.push(event),
        Err(e) => out.errors.push(e),
    }
}

/// The MathML of a `$…$` or `$$…$$` expression. One that does not parse is an error at the
/// place to blame, or with `math_errors = "warn"` a warning there, the expression staying text
/// as it was written.
fn mathml<'a>(
    latex: &str,
    range: Range<usize>,
    doc: &Document,
    warnings: &mut Vec<Warning>,
) -> Result<Event<'a>> {
    let math = (doc.input.options.math.as_ref()).expect("math is parsed only when it is on");
    let as_written = &doc.source[range.clone()];
    let block = as_written.starts_with("$$");
    let e = match math.render(latex, block) {
        Ok(mathml) => return Ok(Event::InlineHtml(mathml.into())),
        Err(e) => e,
    };
    let delimiter = if block { 2 } else { 1 };
    let start = range.start + delimiter;
    // The LaTeX is the text between the delimiters, unless a container's markers are mixed in.
    let offset = match doc.source.get(start..) {
        Some(rest) if rest.starts_with(latex) => start + e.span.start,
        _ => range.start,
    };
    let location = doc.location(offset);
    let message = format!("this math does not parse: {}", e.message);
    match math.errors {
        MathErrors::Error => Err(Error::at(location, message)),
        MathErrors::Warn => {
            warnings.push(Warning::at(
                location,
                format!("{message}; shown as written"),
            ));
            Ok(Event::Text(as_written.to_string().into()))
        }
    }
}
