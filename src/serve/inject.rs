//! The live-reload script tag, added to HTML responses while serving (never to built files).

/// Where the page script is served; everything the server adds lives under `/__loess/`.
pub(super) const SCRIPT_PATH: &str = "/__loess/live.js";

/// The tag that loads the page script; with `follow`, pages open the page just edited.
pub(super) fn script_tag(follow: bool) -> String {
    let follow = if follow { " data-follow=\"1\"" } else { "" };
    format!("<script src=\"{SCRIPT_PATH}\"{follow}></script>")
}

/// `html` with `tag` added at the end of its `<head>`, else before `</body>`, else at the end.
pub(super) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = find_ascii_ci(html, b"</head>")
        .or_else(|| rfind_ascii_ci(html, b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn injected(html: &str) -> String {
        String::from_utf8(inject(html.as_bytes(), "<S>")).unwrap()
    }

    #[test]
    fn the_script_goes_at_the_end_of_the_head() {
        assert_eq!(
            injected("<html><head><title>t</title></head><body></body></html>"),
            "<html><head><title>t</title><S></head><body></body></html>"
        );
        assert_eq!(
            injected("<HTML><HEAD></HEAD><BODY>x</BODY>"),
            "<HTML><HEAD><S></HEAD><BODY>x</BODY>"
        );
    }

    #[test]
    fn without_a_head_before_the_last_body_end() {
        assert_eq!(
            injected("<p>&lt;/body&gt; </body> x </body>"),
            "<p>&lt;/body&gt; </body> x <S></body>"
        );
    }

    #[test]
    fn a_fragment_gets_it_at_the_end() {
        assert_eq!(injected("<p>hi</p>"), "<p>hi</p><S>");
        assert_eq!(injected(""), "<S>");
    }

    #[test]
    fn the_tag_names_the_script_and_the_follow_mode() {
        assert_eq!(
            script_tag(false),
            "<script src=\"/__loess/live.js\"></script>"
        );
        assert!(script_tag(true).contains(" data-follow=\"1\""));
    }
}
