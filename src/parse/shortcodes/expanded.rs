//! The result of expansion: the text with `.md` outputs in place and `.html` outputs as
//! numbered placeholders, and the map from its offsets back to the text as written.

use crate::warning::Warning;

/// The text with its calls expanded: `.md` outputs in place, `.html` outputs as placeholders.
#[derive(Debug)]
pub(crate) struct Expanded {
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
    pub(crate) fn placeholder(&self, n: usize) -> String {
        format!("{}{n}@@", self.prefix)
    }

    /// Whether `s` holds a placeholder.
    pub(crate) fn has_placeholder(&self, s: &str) -> bool {
        !self.html.is_empty() && s.contains(self.prefix.as_str())
    }

    /// Splits `s` into text and placeholders: `(text, None)` and `("", Some(n))` pieces.
    pub(crate) fn split<'s>(&self, s: &'s str) -> Vec<(&'s str, Option<usize>)> {
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
    pub(crate) fn substitute(&self, s: &str) -> String {
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
    pub(crate) fn is_lone_placeholder(&self, s: &str) -> bool {
        let pieces = self.split(s.trim());
        matches!(pieces.as_slice(), [(_, Some(_))])
    }
}

/// Maps offsets in an expanded text back to the text as written: an offset inside a
/// replacement maps to the start of what it replaced.
#[derive(Debug, Default)]
pub(crate) struct OffsetMap {
    /// (start in the new text, end in the new text, start in the old, end in the old).
    replaced: Vec<(usize, usize, usize, usize)>,
}

impl OffsetMap {
    pub(crate) fn original(&self, offset: usize) -> usize {
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

    /// Notes that `new` of the expanded text replaces `old` of the text as written; replacements
    /// come in order.
    pub(super) fn replaced(&mut self, new: std::ops::Range<usize>, old: std::ops::Range<usize>) {
        self.replaced.push((new.start, new.end, old.start, old.end));
    }
}
