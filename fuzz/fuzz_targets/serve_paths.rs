//! The dev server's request paths: whatever the request, the site path it maps to is plain
//! (no empty, `.` or `..` segment, no `\` or control character), and mapping it back to a URL
//! gives the same site path again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use loess::serve::paths::{base_path, normalize, Refused, Resolved};

const BASES: [&str; 3] = ["/", "/blog/", "/a/b/"];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(raw) = std::str::from_utf8(rest) else {
        return;
    };
    let base = BASES[usize::from(choice) % BASES.len()];
    let _ = base_path(raw);
    let result = normalize(raw, base);
    if has_bad_escape(raw) && raw.len() <= loess::serve::paths::MAX_PATH && raw.starts_with('/') {
        assert!(
            result.is_err(),
            "{raw:?} has a bad escape but gave {result:?}"
        );
    }
    let Ok(Resolved::Site(site)) = result else {
        return;
    };
    if !site.rel.is_empty() {
        for segment in site.rel.split('/') {
            assert!(
                !segment.is_empty() && segment != "." && segment != "..",
                "{raw:?} gave segment {segment:?}"
            );
            assert!(
                !segment.contains(|c: char| c == '\\' || c.is_control()),
                "{raw:?} gave segment {segment:?}"
            );
        }
    }
    for file in [site.file(), site.index()] {
        assert!(
            !file.starts_with('/') && !file.contains("//"),
            "{raw:?} gave {file:?}"
        );
    }
    // The site path, written back as a URL under the base, names itself.
    let mut again = base.to_string();
    again.push_str(&encode(&site.rel));
    if site.dir && !site.rel.is_empty() {
        again.push('/');
    }
    if !site.dir && site.rel.is_empty() {
        return;
    }
    match normalize(&again, base) {
        Ok(Resolved::Site(same)) => assert_eq!(same, site, "{raw:?} -> {again:?}"),
        Err(Refused::TooLong) => {}
        other => panic!("{raw:?} -> {again:?} gave {other:?}"),
    }
});

/// Whether a `%` in `raw` is not followed by two hex digits.
fn has_bad_escape(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    })
}

/// Percent-escapes every byte of `rel` but unreserved characters and `/`.
fn encode(rel: &str) -> String {
    let mut out = String::new();
    for &b in rel.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
