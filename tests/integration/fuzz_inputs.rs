//! The fuzz targets' inputs replayed in the normal tests: the seeds in `fuzz/seeds/` and the
//! inputs that once broke something, in `tests/fixtures/fuzz/<target>/`, each put through the
//! same checks as the fuzz target (`loess::fuzzing`).

use std::path::Path;

use loess::fuzzing::Finding;

use crate::support::{listing, repo};

type Target = fn(&[u8]) -> Result<(), Finding>;

const TARGETS: [(&str, Target); 3] = [
    ("front_matter", loess::fuzzing::front_matter),
    ("markdown", loess::fuzzing::markdown),
    ("serve_paths", loess::fuzzing::serve_paths),
];

/// Runs every file of `dir` through `target`; returns how many there were.
fn replay(dir: &Path, target: Target) -> usize {
    let files = listing(dir);
    for rel in &files {
        let input = std::fs::read(dir.join(rel)).unwrap();
        if let Err(finding) = target(&input) {
            panic!("{}: {finding}", dir.join(rel).display());
        }
    }
    files.len()
}

#[test]
fn the_fuzz_seeds_pass_the_fuzz_checks() {
    for (name, target) in TARGETS {
        let count = replay(&repo().join("fuzz/seeds").join(name), target);
        assert!(count >= 3, "{name} has {count} seeds");
    }
}

#[test]
fn inputs_that_once_broke_something_pass_the_fuzz_checks() {
    for (name, target) in TARGETS {
        let count = replay(&repo().join("tests/fixtures/fuzz").join(name), target);
        assert!(count >= 1, "{name} has no inputs");
    }
}
