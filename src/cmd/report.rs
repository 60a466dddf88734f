//! How Loess talks to its user: errors and warnings on stderr (coloured on a terminal),
//! summaries on stdout, and a progress line while a build runs.

use std::fmt;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};

use crate::error::Error;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

/// Prints an error, each of several problems on its own, to stderr.
pub(super) fn error(error: &Error) {
    let mut err = anstream::stderr().lock();
    match error {
        Error::Many(errors) => {
            for e in errors {
                let _ = writeln!(err, "{ERROR}error{ERROR:#}: {e}");
            }
            let _ = writeln!(
                err,
                "{ERROR}error{ERROR:#}: {} problems; nothing was written",
                error.count()
            );
        }
        e => {
            let _ = writeln!(err, "{ERROR}error{ERROR:#}: {e}");
        }
    }
}

/// Prints one problem among others (a check goes on after it).
pub(super) fn problem(message: &str) {
    let _ = writeln!(
        anstream::stderr().lock(),
        "{ERROR}error{ERROR:#}: {message}"
    );
}

/// Prints a warning: a [`crate::Warning`] with its place, and the source line with a caret
/// under the column where known (as an error is shown), or a message of the command line.
pub(super) fn warning(warning: &dyn fmt::Display) {
    let _ = writeln!(
        anstream::stderr().lock(),
        "{WARNING}warning{WARNING:#}: {warning}"
    );
}

/// A spinner naming the current stage, shown only when stderr is a terminal.
pub(super) struct Spinner(Option<ProgressBar>);

impl Spinner {
    pub(super) fn new(quiet: bool) -> Spinner {
        if quiet || !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("a valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl crate::Progress for Spinner {
    fn stage(&self, name: &'static str) {
        if let Some(bar) = &self.0 {
            bar.set_message(name);
        }
    }
}
