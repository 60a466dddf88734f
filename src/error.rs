//! The library's one error type.
//!
//! Every error that comes from a file names that file (relative to the site root where the
//! file belongs to the site) and, where known, the line and column, and shows the offending
//! source line with a caret under the column. Only `cmd/` prints these; the library returns them.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a text file: 1-based line and column (in characters); column 0 when only
/// the line is known, line 0 for the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The text of that line, shown under the message with a caret.
    pub source_line: Option<String>,
}

impl Location {
    /// The location of byte `offset` in `text`, whose first line is line `first_line` of the file.
    pub fn in_text(path: &Path, text: &str, offset: usize, first_line: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        Location {
            path: path.to_path_buf(),
            line: first_line + before.matches('\n').count(),
            column: text[line_start..offset].chars().count() + 1,
            source_line: Some(line_text.to_string()),
        }
    }

    /// The file as a whole.
    pub fn file(path: &Path) -> Location {
        Location::line(path, 0)
    }

    /// A location that knows only its line.
    pub fn line(path: &Path, line: usize) -> Location {
        Location {
            path: path.to_path_buf(),
            line,
            column: 0,
            source_line: None,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if self.line > 0 && self.column > 0 {
            write!(f, ":{}", self.column)?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while building a site.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A filesystem operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A problem at a known place in a file the user wrote.
    #[error("{}", render_located(location, message))]
    Located {
        location: Box<Location>,
        message: String,
    },
    /// A problem with a whole file, or with one that has no line to point at.
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    /// A template failed to parse, or failed while rendering a given output.
    #[error("{message}")]
    Template { message: String },
    /// The output directory is not one Loess may write to.
    #[error("refusing to use {} as the output directory: {reason}", path.display())]
    OutputDir { path: PathBuf, reason: String },
    /// The preview server cannot listen at an address.
    #[error("cannot serve at {address}: {message}")]
    Listen { address: String, message: String },
    /// Several independent problems, all reported at once.
    #[error("{}", render_many(.0))]
    Many(Vec<Error>),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn at(location: Location, message: impl Into<String>) -> Error {
        Error::Located {
            location: Box::new(location),
            message: message.into(),
        }
    }

    pub fn file(path: &Path, message: impl Into<String>) -> Error {
        Error::File {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// One error from many: `Ok` when there are none, the error itself when there is one.
    pub fn collect(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.pop().expect("one error")),
            _ => Err(Error::Many(errors)),
        }
    }

    /// The error with the paths of files below `root` shown relative to it, as the site's own
    /// files are shown.
    pub fn within(self, root: &Path) -> Error {
        let relative = |path: PathBuf| match path.strip_prefix(root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => path,
        };
        match self {
            Error::Io { path, source } => Error::Io {
                path: relative(path),
                source,
            },
            Error::File { path, message } => Error::File {
                path: relative(path),
                message,
            },
            Error::Many(errors) => {
                Error::Many(errors.into_iter().map(|e| e.within(root)).collect())
            }
            other => other,
        }
    }

    /// The number of problems this error stands for.
    pub fn count(&self) -> usize {
        match self {
            Error::Many(errors) => errors.iter().map(Error::count).sum(),
            _ => 1,
        }
    }
}

/// `path:line:column: message`, then the source line with a caret under the column, as far
/// as they are known.
pub(crate) fn render_located(location: &Location, message: &str) -> String {
    let mut out = format!("{location}: {message}");
    if let Some(line) = &location.source_line {
        let (line, column) = window(line, location.column);
        let number = location.line.to_string();
        let pad = " ".repeat(number.len());
        out.push_str(&format!("\n{pad} |\n{number} | {line}"));
        if column > 0 {
            let indent: String = line
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("\n{pad} | {indent}^"));
        }
    }
    out
}

/// Source lines longer than this many characters are shown in part, around the column.
const SHOWN_LINE: usize = 120;

/// The part of `line` shown under a message, and the column in it: all of a short line, and
/// `SHOWN_LINE` characters around the column of a long one, with `…` where it is cut.
fn window(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= SHOWN_LINE {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(1 + SHOWN_LINE / 2)
        .min(length - SHOWN_LINE);
    let mut shown: String = line.chars().skip(start).take(SHOWN_LINE).collect();
    if start + SHOWN_LINE < length {
        shown.push('…');
    }
    if start == 0 {
        return (shown, column);
    }
    let column = if column > 0 { column - start + 1 } else { 0 };
    (format!("…{shown}"), column)
}

fn render_many(errors: &[Error]) -> String {
    let parts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str, column: usize) -> String {
        let location = Location {
            path: PathBuf::from("a.md"),
            line: 7,
            column,
            source_line: Some(line.to_string()),
        };
        render_located(&location, "m")
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
        let text = shown(&line, 1001);
        let before = format!("…{}X{}…", "a".repeat(60), "b".repeat(59));
        assert_eq!(
            text,
            format!("a.md:7:1001: m\n  |\n7 | {before}\n  | {}^", " ".repeat(61))
        );
        // Near either end, the window stops there.
        let start = shown(&line, 3);
        assert!(
            start.contains(&format!("7 | {}…\n  |   ^", "a".repeat(120))),
            "{start}"
        );
        let end = shown(&line, 2001);
        assert!(
            end.contains(&format!("7 | …{}\n", "b".repeat(120))),
            "{end}"
        );
        assert!(end.ends_with(&format!("| {}^", " ".repeat(120))), "{end}");
        // Short lines are shown whole.
        assert_eq!(shown("short", 2), "a.md:7:2: m\n  |\n7 | short\n  |  ^");
    }
}
