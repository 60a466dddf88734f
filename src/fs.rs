//! Thin wrappers over `std::fs` that put the path into every error.
//!
//! Only the load and write stages call these; no IO error leaves without its path.

use std::path::Path;

use crate::error::{Error, Result};

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| Error::io(from, e))
}

/// Hard-links `to` to `from`, or copies it where a link cannot be made (another file system).
pub(crate) fn hard_link_or_copy(from: &Path, to: &Path) -> Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(_) => copy(from, to),
    }
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io(from, e))
}

pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

/// Reads a file the user wrote as UTF-8 text, pointing at the first invalid byte if it is not.
/// `shown` is the path used in messages (relative to the site root).
pub(crate) fn read_text(path: &Path, shown: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(shown, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The valid prefix locates the line and column of the first bad byte.
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let mut location = crate::error::Location::in_text(shown, &prefix, valid, 1);
        location.source_line = None;
        Error::at(
            location,
            format!("invalid UTF-8 (byte 0x{:02x})", bytes[valid]),
        )
    })
}
