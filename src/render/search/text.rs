//! The text of a page's HTML as the search index holds it, as Zola makes it: tags and
//! comments dropped, `<script>`, `<style>` and `<pre>` dropped with what they hold, entities
//! read and `&`, `<`, `>` and no-break spaces written as entities again; each line's runs of
//! whitespace made one space, blank lines dropped; then cut after a number of characters.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Elements whose content is not text a reader searches for.
const DROPPED: &[&[u8]] = &[b"script", b"style", b"pre"];

/// The index text of `html`, cut after `limit` characters if given.
pub(super) fn index_text(html: &str, limit: Option<usize>) -> String {
    let mut text = tidy(&visible_text(html));
    if let Some(limit) = limit {
        if let Some((end, _)) = text.char_indices().nth(limit) {
            text.truncate(end);
        }
    }
    text
}

/// The text outside tags, comments and dropped elements, escaped again.
fn visible_text(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    // `<script>`, `<style>`, `<textarea>`, ... hold raw text, not tags.
    emitter.naively_switch_states(true);
    let mut out = String::with_capacity(html.len() / 2);
    let mut dropped_depth = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) if DROPPED.contains(&tag.name.as_slice()) => {
                dropped_depth += 1;
            }
            Token::EndTag(tag) if DROPPED.contains(&tag.name.as_slice()) => {
                dropped_depth = dropped_depth.saturating_sub(1);
            }
            Token::String(text) if dropped_depth == 0 => {
                escape_into(&String::from_utf8_lossy(&text.value), &mut out);
            }
            _ => {}
        }
    }
    out
}

/// Text written back as HTML writes a text node.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
}

/// Each line with its whitespace collapsed; blank lines dropped.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::index_text;

    #[test]
    fn tags_go_and_text_stays() {
        assert_eq!(
            index_text(
                "<p>Salt &amp; <em>pepper</em></p>\n<p>&quot;x&quot; &lt; y</p>",
                None
            ),
            "Salt &amp; pepper\n\"x\" &lt; y"
        );
        assert_eq!(index_text("a&nbsp;b &#x41;", None), "a&nbsp;b A");
    }

    #[test]
    fn scripts_styles_and_preformatted_blocks_go_with_their_content() {
        let html = "<p>a</p><script>if (1 < 2) { x = \"</p>\"; }</script><style>p{}</style>\
                    <pre><code>code <b>bold</b></code></pre><p>b<!-- note --></p>";
        assert_eq!(index_text(html, None), "ab");
        assert_eq!(index_text("<pre>a<pre>b</pre>c</pre>d", None), "d");
    }

    #[test]
    fn whitespace_collapses_per_line_and_blank_lines_go() {
        assert_eq!(
            index_text("\n  one   two \n\n \t \n three\n", None),
            "one two\nthree"
        );
    }

    #[test]
    fn the_cut_counts_characters() {
        assert_eq!(index_text("héllo wörld", Some(7)), "héllo w");
        assert_eq!(index_text("short", Some(100)), "short");
        assert_eq!(index_text("a &amp; b", Some(3)), "a &");
    }
}
