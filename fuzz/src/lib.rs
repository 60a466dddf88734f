//! What every fuzz target checks besides "no panic": a build's outputs stay inside the output
//! directory and are text where they should be, and every error can be shown.

use loess::fuzzing::{build, MemorySite};
use loess::templates::Parsed;

/// Builds `site`, then checks its outputs, or that its error renders as a message.
pub fn build_and_check(site: &MemorySite) -> Option<Vec<(String, Vec<u8>)>> {
    match build(site) {
        Ok(outputs) => {
            for (rel, bytes) in &outputs {
                check_output_path(rel);
                if rel.ends_with(".html") || rel.ends_with(".xml") {
                    assert!(std::str::from_utf8(bytes).is_ok(), "{rel} is not UTF-8");
                }
            }
            Some(outputs)
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
            None
        }
    }
}

/// An output path is relative, plain, and stays below the output directory.
pub fn check_output_path(rel: &str) {
    assert!(!rel.is_empty(), "an empty output path");
    assert!(!rel.contains(['\\', '\0']), "output path {rel:?}");
    for segment in rel.split('/') {
        assert!(
            !segment.is_empty() && segment != "." && segment != "..",
            "output path {rel:?}"
        );
    }
}

/// The text of `data`, if it is UTF-8.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Templates parsed once for the whole run (parsing them is most of a small build's time).
pub fn parsed(files: &[(&str, &str)]) -> Parsed {
    loess::fuzzing::templates(files).expect("the fuzz targets' templates parse")
}
