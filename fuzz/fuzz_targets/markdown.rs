//! The Markdown pipeline: any text as the body of a page, with shortcodes, `@/` links and the
//! `[markdown]` options chosen by the first byte (see `loess::fuzzing::markdown`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(finding) = loess::fuzzing::markdown(data) {
        panic!("{finding}");
    }
});
