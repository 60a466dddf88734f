//! The dev server's request paths mapped onto the site (see `loess::fuzzing::serve_paths`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(finding) = loess::fuzzing::serve_paths(data) {
        panic!("{finding}");
    }
});
