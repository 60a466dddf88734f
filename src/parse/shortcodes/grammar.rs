//! The call grammar: `NAME(key=value, ...)` between an opening and a closing marker, its values
//! strings (in `"`, `'` or `` ` ``), numbers, booleans and arrays of those, nested at most
//! [`MAX_NESTING`] deep. A call that does not parse says where and why, in words a writer can
//! act on.

use serde_json::{Map, Number, Value};

use super::MAX_NESTING;

/// A call that did not parse: where, and why.
pub(super) struct Malformed {
    pub at: usize,
    pub message: String,
    /// Well formed as Zola reads calls, but beyond what Loess takes (an array nested too deep,
    /// a number out of range): an error rather than text.
    pub beyond_limits: bool,
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
pub(super) enum Opening {
    /// Not a call: plain text.
    Text,
    Malformed(Malformed),
    Call {
        name: String,
        args: Map<String, Value>,
        end: usize,
    },
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

/// The character at `pos`, quoted, for messages.
fn found(text: &str, pos: usize, to: usize) -> String {
    match text[pos..to].chars().next() {
        None => "the end of the text".to_string(),
        Some('\n') => "the end of the line".to_string(),
        Some(c) => format!("`{c}`"),
    }
}

/// Parses the call opened by `open` at `at`: `NAME(key=value, ...)` then `close`.
pub(super) fn parse_call(text: &str, at: usize, to: usize, open: &str, close: &str) -> Opening {
    let mut pos = skip_space(text, at + open.len(), to);
    let Some(name_end) = ident(text, pos, to) else {
        return Opening::Text;
    };
    let name = text[pos..name_end].to_string();
    pos = skip_space(text, name_end, to);
    if pos >= to || text.as_bytes()[pos] != b'(' {
        return Opening::Text;
    }
    let mut args = Arguments {
        text,
        to,
        map: Map::new(),
        glued: None,
    };
    pos = match args.list(pos + 1) {
        Ok(pos) => skip_space(text, pos, to),
        Err(opening) => return opening,
    };
    if !text[pos..to].starts_with(close) {
        let message = format!(
            "expected `{close}` to end the call, found {}",
            found(text, pos, to)
        );
        return args.malformed(pos, message);
    }
    Opening::Call {
        name,
        args: args.map,
        end: pos + close.len(),
    }
}

/// The arguments of a call being read.
struct Arguments<'t> {
    text: &'t str,
    to: usize,
    map: Map<String, Value>,
    /// The quote that ended the last string inside a word (`'it's'`): if the call then fails,
    /// that quote is the likely mistake.
    glued: Option<(usize, char)>,
}

impl Arguments<'_> {
    /// A malformed call: blamed on the glued quote if there is one, else at `at`.
    fn malformed(&self, at: usize, message: String) -> Opening {
        Opening::Malformed(match self.glued {
            Some((quote_at, quote)) => Malformed::new(
                quote_at,
                format!(
                    "this string ends at this {quote}, inside a word: a string cannot hold its \
                     own quote character (quote it with another of \", ' or `)"
                ),
            ),
            None => Malformed::new(at, message),
        })
    }

    /// Reads the arguments after `(` at `pos`, up to and with the `)`: where the call goes on.
    fn list(&mut self, mut pos: usize) -> Result<usize, Opening> {
        let (text, to, bytes) = (self.text, self.to, self.text.as_bytes());
        let mut after_comma = false;
        loop {
            pos = skip_space(text, pos, to);
            if pos < to && bytes[pos] == b')' && !after_comma {
                return Ok(pos + 1);
            }
            pos = skip_space(text, self.argument(pos, after_comma)?, to);
            after_comma = pos < to && bytes[pos] == b',';
            if after_comma {
                pos += 1;
            } else if pos < to && bytes[pos] != b')' && ident(text, pos, to).is_none() {
                let message = format!("expected `,` or `)`, found {}", found(text, pos, to));
                return Err(self.malformed(pos, message));
            }
        }
    }

    /// Reads `key=value` at `pos`: where the value ends.
    fn argument(&mut self, pos: usize, after_comma: bool) -> Result<usize, Opening> {
        let (text, to) = (self.text, self.to);
        let Some(key_end) = ident(text, pos, to) else {
            let message = if after_comma {
                "expected an argument after `,`".to_string()
            } else {
                format!(
                    "expected an argument like `key=\"value\"` or `)`, found {}",
                    found(text, pos, to)
                )
            };
            return Err(self.malformed(pos, message));
        };
        let key = text[pos..key_end].to_string();
        let pos = skip_space(text, key_end, to);
        if pos >= to || text.as_bytes()[pos] != b'=' {
            let message = format!(
                "expected `=` after `{key}` (arguments are named: `{key}=value`), found {}",
                found(text, pos, to)
            );
            return Err(self.malformed(pos, message));
        }
        let pos = skip_space(text, pos + 1, to);
        let (value, value_end) = match literal(text, pos, to, 0) {
            Ok(v) => v,
            Err(m) if m.beyond_limits => return Err(Opening::Malformed(m)),
            Err(m) => return Err(self.malformed(m.at, m.message)),
        };
        self.glued = quote_inside_word(text, &value, value_end, to).map(|q| (value_end - 1, q));
        self.map.insert(key, value);
        Ok(value_end)
    }
}

/// The quote that ended string `value` at `end`, when a letter follows it at once, as in
/// `'it's'`: the quote was meant to be part of the string.
fn quote_inside_word(text: &str, value: &Value, end: usize, to: usize) -> Option<char> {
    let bytes = text.as_bytes();
    let follows = end < to && bytes[end].is_ascii_alphanumeric();
    (value.is_string() && follows).then(|| bytes[end - 1] as char)
}

/// A value at `pos`: a string, a number, a boolean or an array of those, inside `depth` arrays.
fn literal(text: &str, pos: usize, to: usize, depth: usize) -> Result<(Value, usize), Malformed> {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.get(pos).filter(|_| pos < to) else {
        return Err(Malformed::new(
            pos,
            "expected a value, found the end of the text",
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
                None => Err(Malformed::new(
                    pos,
                    format!("this string has no closing {quote}"),
                )),
            }
        }
        b't' if text[pos..to].starts_with("true") => Ok((Value::Bool(true), pos + 4)),
        b'f' if text[pos..to].starts_with("false") => Ok((Value::Bool(false), pos + 5)),
        b'-' | b'0'..=b'9' => number(text, pos, to),
        b'[' if depth == MAX_NESTING => Err(Malformed::beyond_limits(
            pos,
            format!("arrays may be nested at most {MAX_NESTING} deep"),
        )),
        b'[' => array(text, pos, to, depth),
        _ => Err(Malformed::new(
            pos,
            format!(
                "expected a value (a quoted string, a number, `true`, `false` or an array), found {}",
                found(text, pos, to)
            ),
        )),
    }
}

/// The array opened at `pos`, inside `depth` arrays.
fn array(text: &str, pos: usize, to: usize, depth: usize) -> Result<(Value, usize), Malformed> {
    let bytes = text.as_bytes();
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
            return Err(Malformed::new(
                p,
                format!(
                    "expected `,` or `]` in the array, found {}",
                    found(text, p, to)
                ),
            ));
        }
    }
}

/// An integer (`-3`) or a float (`1.5`), written as Zola reads them.
fn number(text: &str, pos: usize, to: usize) -> Result<(Value, usize), Malformed> {
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
