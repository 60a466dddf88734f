//! Fenced code blocks: the fence's language and options (`linenos`, `hl_lines`,
//! `linenostart`, `hide_lines`) and the block's HTML, plain or highlighted by giallo with
//! TextMate grammars and themes, as Zola 0.22 writes it.

use std::fmt;
use std::sync::Arc;

use giallo::{HighlightOptions, HtmlRenderer, ParsedFence, Registry, ThemeVariant};
use pulldown_cmark::CodeBlockKind;

use crate::config::{HighlightTheme, Highlighting};

/// The class prefix of class-style highlighting, and of its stylesheets.
pub(crate) const CLASS_PREFIX: &str = "z-";

/// Highlights code with a registry of grammars and themes, as `[markdown.highlighting]` says.
pub struct Highlighter {
    registry: Arc<Registry>,
    theme: HighlightTheme,
    classes: bool,
    error_on_missing_language: bool,
}

impl fmt::Debug for Highlighter {
    /// The settings only: two highlighters with the same ones highlight alike.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Highlighter")
            .field("theme", &self.theme)
            .field("classes", &self.classes)
            .field("error_on_missing_language", &self.error_on_missing_language)
            .finish_non_exhaustive()
    }
}

/// What a code block's language turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Language {
    Known,
    /// Not in the registry: highlighted as plain text (or an error, if so configured).
    Unknown(String),
    /// The grammar failed on this text (a regular expression it could not run): the block
    /// is left plain, and the reason given.
    Failed(String),
}

impl Highlighter {
    /// A highlighter over `registry`, whose grammars are linked and which holds the
    /// configured theme(s).
    pub fn new(registry: Arc<Registry>, settings: &Highlighting) -> Highlighter {
        Highlighter {
            registry,
            theme: settings.theme.clone(),
            classes: settings.uses_classes(),
            error_on_missing_language: settings.error_on_missing_language,
        }
    }

    /// The theme(s) code is coloured with.
    pub fn theme(&self) -> &HighlightTheme {
        &self.theme
    }

    /// The stylesheet of `theme` for class-style highlighting; `None` for a theme it lacks.
    pub fn css(&self, theme: &str) -> Option<String> {
        self.registry.generate_css(theme, CLASS_PREFIX).ok()
    }

    /// Whether an unknown language stops the build rather than being highlighted as text.
    pub fn error_on_missing_language(&self) -> bool {
        self.error_on_missing_language
    }

    /// The HTML of a code block; an unknown language is reported beside it.
    pub fn html(&self, fence: ParsedFence, code: &str) -> (String, Language) {
        let language = if self.registry.contains_grammar(&fence.lang) {
            Language::Known
        } else {
            Language::Unknown(fence.lang.clone())
        };
        let theme = match &self.theme {
            HighlightTheme::Single { theme } => ThemeVariant::Single(theme.as_str()),
            HighlightTheme::Dual {
                light_theme,
                dark_theme,
            } => ThemeVariant::Dual {
                light: light_theme.as_str(),
                dark: dark_theme.as_str(),
            },
        };
        let options = HighlightOptions::new(&fence.lang, theme).fallback_to_plain(true);
        let html = match self.registry.highlight(code, &options) {
            Ok(highlighted) => {
                let renderer = HtmlRenderer {
                    other_metadata: fence.rest,
                    css_class_prefix: self.classes.then(|| CLASS_PREFIX.to_string()),
                };
                renderer.render(&highlighted, &fence.options)
            }
            // The registry was checked for the themes when it was loaded, and unknown
            // languages fall back to plain text: what is left is a grammar whose regular
            // expression fails, shown as plain code rather than lost.
            Err(e) => return (plain_html(&fence, code), Language::Failed(e.to_string())),
        };
        (html, language)
    }
}

/// The language and options written after a block's opening fence.
pub(crate) fn fence(kind: &CodeBlockKind) -> ParsedFence {
    match kind {
        CodeBlockKind::Fenced(info) => giallo::parse_markdown_fence(info),
        CodeBlockKind::Indented => ParsedFence::default(),
    }
}

/// `<pre><code data-lang="rust">…</code></pre>`, the text escaped: a block when nothing is
/// highlighted. A block without a language has no `data-lang`.
pub(crate) fn plain_html(fence: &ParsedFence, code: &str) -> String {
    let mut html = String::from("<pre><code");
    if fence.lang != giallo::PLAIN_GRAMMAR_NAME {
        html.push_str(" data-lang=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut html, &fence.lang);
        html.push('"');
    }
    html.push('>');
    let _ = pulldown_cmark_escape::escape_html(&mut html, code);
    html.push_str("</code></pre>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fenced(info: &str) -> ParsedFence {
        fence(&CodeBlockKind::Fenced(info.into()))
    }

    #[test]
    fn plain_blocks_name_their_language_only_when_they_have_one() {
        assert_eq!(
            plain_html(&fenced("rust,linenos"), "a < b\n"),
            "<pre><code data-lang=\"rust\">a &lt; b\n</code></pre>\n"
        );
        assert_eq!(
            plain_html(&fenced(""), "x\n"),
            "<pre><code>x\n</code></pre>\n"
        );
        assert_eq!(
            plain_html(&fence(&CodeBlockKind::Indented), "x\n"),
            "<pre><code>x\n</code></pre>\n"
        );
    }

    #[test]
    fn fence_options_are_read() {
        let f = fenced("py, linenos, linenostart=5, hl_lines=1-2 4, hide_lines=3, name=x");
        assert_eq!(f.lang, "py");
        assert!(f.options.show_line_numbers);
        assert_eq!(f.options.line_number_start, 5);
        assert_eq!(f.options.highlight_lines, vec![1..=2, 4..=4]);
        assert_eq!(f.options.hide_lines, vec![3..=3]);
        assert_eq!(f.rest.get("name").map(String::as_str), Some("x"));
    }
}
