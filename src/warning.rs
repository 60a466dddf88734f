//! Warnings as data: what a build, a check or the server has to tell that does not stop it,
//! with the place it is about, as precisely as known (a file; a line and column in it, with
//! the source line for a caret), as errors carry theirs. Only `cmd/` prints them.

use std::fmt;
use std::path::Path;

use crate::error::{render_located, Error, Location};

/// One warning: its message and, where known, its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// Warnings sort by place, then message.
pub struct Warning {
    /// The file it is about (relative to the site root where it belongs to the site), with
    /// line and column when known (line 0: the file as a whole).
    pub location: Option<Location>,
    pub message: String,
}

impl Warning {
    /// A warning about nothing in particular.
    pub fn new(message: impl Into<String>) -> Warning {
        Warning {
            message: message.into(),
            location: None,
        }
    }

    /// A warning about a place in a file.
    pub fn at(location: Location, message: impl Into<String>) -> Warning {
        Warning {
            message: message.into(),
            location: Some(location),
        }
    }

    /// A warning about a whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> Warning {
        Warning::at(Location::file(path), message)
    }

    /// The file it is about.
    pub fn path(&self) -> Option<&Path> {
        self.location.as_ref().map(|l| l.path.as_path())
    }

    /// Its line and column (each 0 when not known).
    pub fn line_column(&self) -> (usize, usize) {
        self.location
            .as_ref()
            .map_or((0, 0), |l| (l.line, l.column))
    }

    /// The first line of its text: `content/a.md:2:1: message`, without the source line.
    pub fn heading(&self) -> String {
        match &self.location {
            Some(location) => format!("{location}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// An error that is only a warning here (a broken link with `internal_level = "warn"`) keeps
/// its place.
impl From<Error> for Warning {
    fn from(error: Error) -> Warning {
        match error {
            Error::Located { location, message } => Warning::at(*location, message),
            Error::File { path, message } => Warning::file(&path, message),
            other => Warning::new(other.to_string()),
        }
    }
}

/// The heading, then the source line with a caret under the column when known, as an error
/// is shown.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => f.write_str(&render_located(location, &self.message)),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_is_shown_as_an_error_is() {
        let text = "+++\ntitel = \"A\"\n+++\n";
        let location = Location::in_text(Path::new("content/a.md"), text, 4, 1);
        let warning = Warning::at(location, "unknown key `titel`");
        assert_eq!(warning.heading(), "content/a.md:2:1: unknown key `titel`");
        assert_eq!(
            warning.to_string(),
            "content/a.md:2:1: unknown key `titel`\n  |\n2 | titel = \"A\"\n  | ^"
        );
        assert_eq!(warning.line_column(), (2, 1));
        let file = Warning::file(Path::new("content/b.md"), "left out");
        assert_eq!(file.to_string(), "content/b.md: left out");
        assert_eq!(
            (file.path(), file.line_column()),
            (Some(Path::new("content/b.md")), (0, 0))
        );
        assert_eq!(
            Warning::new("port 1111 is in use").to_string(),
            "port 1111 is in use"
        );
    }

    #[test]
    fn an_error_made_a_warning_keeps_its_place() {
        let error = Error::at(Location::line(Path::new("a.md"), 3), "broken link");
        let warning = Warning::from(error);
        assert_eq!(warning.heading(), "a.md:3: broken link");
        let error = Error::file(Path::new("b.md"), "no anchor");
        assert_eq!(Warning::from(error).heading(), "b.md: no anchor");
    }
}
