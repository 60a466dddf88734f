//! The context every step of resolving writes to: the warnings and errors of one configuration
//! file, each placed at a key or value of its text.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::error::{Error, Location};
use crate::warning::Warning;

/// Errors, each with the offset in the text it is about, in text order.
pub(in crate::config) type Problems = Vec<(usize, String)>;

/// Every problem as one error, each located in `text`.
pub(in crate::config) fn located(path: &Path, text: &str, problems: Problems) -> Error {
    let errors = problems
        .into_iter()
        .map(|(offset, message)| Error::at(Location::in_text(path, text, offset, 1), message))
        .collect();
    Error::collect(errors).expect_err("there is at least one problem")
}

/// Collects the warnings and errors of one configuration file, each at a place in its text.
/// Without a source (when a `Config` is deserialized directly), messages have no place.
pub(in crate::config) struct Context<'a> {
    source: Option<(&'a Path, &'a str)>,
    warnings: Vec<(usize, Warning)>,
    errors: Vec<(usize, String)>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(source: Option<(&'a Path, &'a str)>) -> Context<'a> {
        Context {
            source,
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn text(&self) -> &'a str {
        self.source.map_or("", |(_, text)| text)
    }

    /// The line of the key whose value is at `value`.
    pub(crate) fn line_of_key(&self, value: Range<usize>) -> Option<usize> {
        let (path, text) = self.source?;
        let offset = key_start(text, value.start);
        Some(Location::in_text(path, text, offset, 1).line)
    }

    fn place(&self, offset: usize, message: String) -> Warning {
        match self.source {
            Some((path, text)) => Warning::at(Location::in_text(path, text, offset, 1), message),
            None => Warning::new(message),
        }
    }

    /// A warning about the key whose value is at `value`.
    pub(crate) fn warn_key(&mut self, value: Range<usize>, message: impl Into<String>) {
        let offset = key_start(self.text(), value.start);
        let warning = self.place(offset, message.into());
        self.warnings.push((offset, warning));
    }

    /// An error about the key whose value is at `value`.
    pub(crate) fn error_key(&mut self, value: Range<usize>, message: impl Into<String>) {
        self.error_at(key_start(self.text(), value.start), message);
    }

    /// An error about the value at `value`.
    pub(crate) fn error_value(&mut self, value: Range<usize>, message: impl Into<String>) {
        self.error_at(value.start, message);
    }

    fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push((offset, message.into()));
    }

    /// `new` if set, else the legacy `old`, with a warning naming the key to use instead.
    pub(crate) fn renamed<T>(
        &mut self,
        new: Option<Spanned<T>>,
        new_name: &str,
        old: Option<Spanned<T>>,
        old_name: &str,
    ) -> Option<Spanned<T>> {
        self.renamed_as(new, new_name, old, old_name, |_| "that".to_string())
    }

    /// Like [`Context::renamed`], with `used_as` saying what the old value becomes.
    pub(crate) fn renamed_as<T>(
        &mut self,
        new: Option<Spanned<T>>,
        new_name: &str,
        old: Option<Spanned<T>>,
        old_name: &str,
        used_as: impl FnOnce(&T) -> String,
    ) -> Option<Spanned<T>> {
        let Some(old) = old else {
            return new;
        };
        if new.is_some() {
            self.warn_key(
                old.span(),
                format!(
                    "`{old_name}` is the old name of `{new_name}`, which is also set; \
                     ignoring `{old_name}`"
                ),
            );
            return new;
        }
        let used_as = used_as(old.get_ref());
        self.warn_key(
            old.span(),
            format!("`{old_name}` is the old name of `{new_name}`; using it as {used_as}"),
        );
        Some(old)
    }

    /// The warnings in file order, and every error at once.
    pub(super) fn finish(mut self) -> Result<Vec<Warning>, Problems> {
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|(offset, _)| *offset);
            return Err(self.errors);
        }
        self.warnings.sort_by_key(|(offset, _)| *offset);
        Ok(self.warnings.into_iter().map(|(_, w)| w).collect())
    }
}

/// Where the key of the value starting at `value_start` begins: `key = value` on one line,
/// the key bare or quoted (the last part of a dotted key). A value with no key before it
/// (a table header, an array element) is its own place.
pub(super) fn key_start(text: &str, value_start: usize) -> usize {
    if value_start > text.len() || !text.is_char_boundary(value_start) {
        return value_start;
    }
    let before = text[..value_start].trim_end_matches([' ', '\t']);
    let Some(key) = before.strip_suffix('=') else {
        return value_start;
    };
    let key = key.trim_end_matches([' ', '\t']);
    let start = if let Some(quoted) = key.strip_suffix(['"', '\'']) {
        let quote = key.as_bytes()[key.len() - 1] as char;
        quoted.rfind(quote).unwrap_or(key.len())
    } else {
        key.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            .len()
    };
    if start < key.len() {
        start
    } else {
        value_start
    }
}
