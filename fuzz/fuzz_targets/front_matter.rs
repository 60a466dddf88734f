//! Front matter: any text as a content file, split, deserialized and built as a page and as a
//! section of a small site (see `loess::fuzzing::front_matter`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(finding) = loess::fuzzing::front_matter(data) {
        panic!("{finding}");
    }
});
