//! The highlighting keys of the syntect era (`highlight_code`, `highlight_theme`,
//! `highlight_themes_css`, `extra_syntaxes_and_themes`, `error_on_missing_highlight`, at the
//! top level before Zola 0.14 and in `[markdown]` after), which Zola 0.22 replaced with
//! `[markdown.highlighting]`; and that table as 0.22 reads it.

use std::ops::Range;

use toml::Spanned;

use crate::config::markdown::{HighlightStyle, HighlightTheme, Highlighting, ThemeCssExport};
use crate::config::raw::{RawHighlighting, RawThemeCss, Text, Texts};
use crate::config::resolve::Context;

/// The theme old Zola versions highlighted with when `highlight_theme` was not set.
pub(super) const OLD_DEFAULT_THEME: &str = "base16-ocean-dark";

/// Highlighting keys at the top level, before Zola 0.14.
pub(in crate::config) struct TopLevelHighlighting {
    pub highlight_code: Option<Spanned<bool>>,
    pub highlight_theme: Option<Text>,
    pub highlight_themes_css: Option<Spanned<Vec<RawThemeCss>>>,
    pub extra_syntaxes: Option<Texts>,
}

/// Highlighting keys in `[markdown]`, Zola 0.13 to 0.21.
pub(in crate::config) struct MarkdownHighlighting {
    pub highlight_code: Option<Spanned<bool>>,
    pub highlight_theme: Option<Text>,
    pub highlight_themes_css: Option<Spanned<Vec<RawThemeCss>>>,
    pub extra_syntaxes_and_themes: Option<Texts>,
    pub error_on_missing_highlight: Option<Spanned<bool>>,
}

/// A legacy key's value and name.
struct Old<T> {
    name: &'static str,
    value: Spanned<T>,
}

impl<T> Old<T> {
    fn span(&self) -> Range<usize> {
        self.value.span()
    }
}

/// The `[markdown]` key if set, else the top-level one; a top-level key that is also in
/// `[markdown]` is ignored with a warning.
fn in_markdown_first<T>(
    cx: &mut Context,
    markdown: Option<Spanned<T>>,
    markdown_name: &'static str,
    top: Option<Spanned<T>>,
    top_name: &'static str,
) -> Option<Old<T>> {
    match (markdown, top) {
        (Some(markdown), top) => {
            if let Some(top) = top {
                cx.warn_key(
                    top.span(),
                    format!(
                        "`{top_name}` is an old key of syntax highlighting, also set as \
                         `markdown.{markdown_name}`; ignoring this one"
                    ),
                );
            }
            Some(Old {
                name: markdown_name,
                value: markdown,
            })
        }
        (None, Some(top)) => Some(Old {
            name: top_name,
            value: top,
        }),
        (None, None) => None,
    }
}

/// The old highlighting keys a configuration sets, each under the name it was written with.
struct OldKeys {
    code: Option<Old<bool>>,
    theme: Option<Old<String>>,
    themes_css: Option<Old<Vec<RawThemeCss>>>,
    extras: Option<Old<Vec<Text>>>,
    error_on_missing: Option<Old<bool>>,
}

impl OldKeys {
    /// The keys of `[markdown]` and the top level, the former first.
    fn gather(cx: &mut Context, markdown: MarkdownHighlighting, top: TopLevelHighlighting) -> Self {
        OldKeys {
            code: in_markdown_first(
                cx,
                markdown.highlight_code,
                "highlight_code",
                top.highlight_code,
                "highlight_code",
            ),
            theme: in_markdown_first(
                cx,
                markdown.highlight_theme,
                "highlight_theme",
                top.highlight_theme,
                "highlight_theme",
            ),
            themes_css: in_markdown_first(
                cx,
                markdown.highlight_themes_css,
                "highlight_themes_css",
                top.highlight_themes_css,
                "highlight_themes_css",
            ),
            extras: in_markdown_first(
                cx,
                markdown.extra_syntaxes_and_themes,
                "extra_syntaxes_and_themes",
                top.extra_syntaxes,
                "extra_syntaxes",
            ),
            error_on_missing: (markdown.error_on_missing_highlight).map(|value| Old {
                name: "error_on_missing_highlight",
                value,
            }),
        }
    }

    /// The name and place of each key that is set.
    fn present(&self) -> Vec<(&'static str, Range<usize>)> {
        [
            self.code.as_ref().map(|o| (o.name, o.span())),
            self.theme.as_ref().map(|o| (o.name, o.span())),
            self.themes_css.as_ref().map(|o| (o.name, o.span())),
            self.extras.as_ref().map(|o| (o.name, o.span())),
            self.error_on_missing.as_ref().map(|o| (o.name, o.span())),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// `[markdown.highlighting]`, or what the old highlighting keys amount to.
pub(in crate::config) fn highlighting(
    cx: &mut Context,
    current: Option<Spanned<RawHighlighting>>,
    markdown: MarkdownHighlighting,
    top: TopLevelHighlighting,
) -> Option<Highlighting> {
    let old = OldKeys::gather(cx, markdown, top);
    if let Some(current) = current {
        for (name, span) in old.present() {
            cx.warn_key(
                span,
                format!(
                    "`{name}` is an old key of syntax highlighting, replaced by \
                     `[markdown.highlighting]`, which is also set; ignoring `{name}`"
                ),
            );
        }
        return current_highlighting(cx, current);
    }
    if !old.code.as_ref().is_some_and(|code| *code.value.get_ref()) {
        warn_off(cx, &old);
        return None;
    }
    Some(from_old_keys(cx, old))
}

/// Warns that each old key is ignored, highlighting being off.
fn warn_off(cx: &mut Context, old: &OldKeys) {
    for (name, span) in old.present() {
        let message = if name == "highlight_code" {
            "`highlight_code` is the old switch of `[markdown.highlighting]`; it is false, \
             so code is not highlighted"
                .to_string()
        } else {
            format!(
                "`{name}` is an old key of syntax highlighting, which is off (there is no \
                 `[markdown.highlighting]` and no `highlight_code = true`); ignoring `{name}`"
            )
        };
        cx.warn_key(span, message);
    }
}

/// The highlighting the old keys ask for, with `highlight_code = true` among them.
fn from_old_keys(cx: &mut Context, old: OldKeys) -> Highlighting {
    let code_span = old.code.as_ref().map(Old::span).unwrap_or_default();
    cx.warn_key(
        code_span.clone(),
        "`highlight_code` is the old switch of `[markdown.highlighting]`; using it as that",
    );
    let css_files: Vec<RawThemeCss> = (old.themes_css.as_ref())
        .map(|css| css.value.get_ref().clone())
        .unwrap_or_default();
    let (style, theme) = style_and_theme(cx, old.theme.as_ref(), &css_files);
    if let Some(css) = &old.themes_css {
        cx.warn_key(
            css.span(),
            format!(
                "`{}` is an old key with no new equivalent (class-style CSS now goes to \
                 `giallo.css`, or `giallo-light.css` and `giallo-dark.css`); still writing the \
                 CSS files it names",
                css.name
            ),
        );
    }
    let extras = extra_files(cx, old.extras);
    let line = cx.line_of_key(old.theme.as_ref().map_or(code_span, Old::span));
    let error_on_missing_language = old.error_on_missing.is_some_and(|old| {
        cx.warn_key(
            old.span(),
            "`error_on_missing_highlight` is the old name of \
             `markdown.highlighting.error_on_missing_language`; using it as that",
        );
        *old.value.get_ref()
    });
    Highlighting {
        error_on_missing_language,
        style,
        theme,
        extra_grammars: extras.clone(),
        extra_themes: extras,
        css_exports: (css_files.into_iter())
            .map(|css| ThemeCssExport {
                theme: css.theme,
                filename: css.filename,
            })
            .collect(),
        from_legacy_keys: true,
        line,
    }
}

/// The style and theme(s) of `highlight_theme`: `"css"` for class style, with the themes of
/// `highlight_themes_css`; any other name for inline style with that theme.
fn style_and_theme(
    cx: &mut Context,
    theme: Option<&Old<String>>,
    css_files: &[RawThemeCss],
) -> (HighlightStyle, HighlightTheme) {
    let theme_name = theme.map_or(OLD_DEFAULT_THEME, |t| t.value.get_ref().as_str());
    if theme_name != "css" {
        if let Some(theme) = theme {
            cx.warn_key(
                theme.span(),
                format!(
                    "`{}` is the old name of `markdown.highlighting.theme`; using it as that",
                    theme.name
                ),
            );
        }
        let chosen = HighlightTheme::Single {
            theme: theme_name.to_string(),
        };
        return (HighlightStyle::Inline, chosen);
    }
    let chosen = theme_of_css_files(css_files);
    let with = match &chosen {
        HighlightTheme::Single { theme } if css_files.is_empty() => {
            format!("with the old default `theme = \"{theme}\"`")
        }
        HighlightTheme::Single { theme } => {
            format!("with `theme = \"{theme}\"` from `highlight_themes_css`")
        }
        HighlightTheme::Dual {
            light_theme,
            dark_theme,
        } => format!(
            "with `light_theme = \"{light_theme}\"` and `dark_theme = \"{dark_theme}\"` \
             from `highlight_themes_css`"
        ),
    };
    let span = theme.map(Old::span).expect("`css` was written");
    cx.warn_key(
        span,
        format!(
            "`highlight_theme = \"css\"` is the old form of `markdown.highlighting.style = \
             \"class\"`; using it as that, {with}"
        ),
    );
    (HighlightStyle::Class, chosen)
}

/// The files of `extra_syntaxes_and_themes` (or `extra_syntaxes`), as grammars and themes.
fn extra_files(cx: &mut Context, extras: Option<Old<Vec<Text>>>) -> Vec<String> {
    let Some(extras) = extras else {
        return Vec::new();
    };
    cx.warn_key(
        extras.span(),
        format!(
            "`{}` is the old name of `markdown.highlighting.extra_grammars` and \
             `extra_themes`; using it as both (the new highlighter reads JSON TextMate \
             files, not Sublime ones)",
            extras.name
        ),
    );
    (extras.value.into_inner().into_iter())
        .map(Spanned::into_inner)
        .collect()
}

/// The theme(s) of old class-style highlighting: a light and a dark one if the CSS files are
/// such a pair, else the first.
fn theme_of_css_files(files: &[RawThemeCss]) -> HighlightTheme {
    if let [a, b] = files {
        let is = |css: &RawThemeCss, word: &str| css.theme.to_lowercase().contains(word);
        let pair = if is(a, "light") && is(b, "dark") {
            Some((a, b))
        } else if is(a, "dark") && is(b, "light") {
            Some((b, a))
        } else {
            None
        };
        if let Some((light, dark)) = pair {
            return HighlightTheme::Dual {
                light_theme: light.theme.clone(),
                dark_theme: dark.theme.clone(),
            };
        }
    }
    let theme = files
        .first()
        .map_or(OLD_DEFAULT_THEME, |css| css.theme.as_str());
    HighlightTheme::Single {
        theme: theme.to_string(),
    }
}

/// `[markdown.highlighting]` as Zola 0.22 reads it: a `theme`, or a `light_theme` and a
/// `dark_theme`.
fn current_highlighting(cx: &mut Context, raw: Spanned<RawHighlighting>) -> Option<Highlighting> {
    let span = raw.span();
    let raw = raw.into_inner();
    let named = raw.theme.as_ref().or(raw.light_theme.as_ref());
    let line = cx.line_of_key(named.map_or(span.clone(), |t| t.span()));
    let theme = match (raw.theme, raw.light_theme, raw.dark_theme) {
        (Some(theme), light, dark) => {
            if let Some(ignored) = light.or(dark) {
                cx.warn_key(
                    ignored.span(),
                    "`light_theme` and `dark_theme` are ignored when `theme` is set",
                );
            }
            HighlightTheme::Single {
                theme: theme.into_inner(),
            }
        }
        (None, Some(light), Some(dark)) => HighlightTheme::Dual {
            light_theme: light.into_inner(),
            dark_theme: dark.into_inner(),
        },
        (None, light, dark) => {
            let message = if light.is_some() || dark.is_some() {
                "`[markdown.highlighting]` needs both `light_theme` and `dark_theme` (or one \
                 `theme`)"
            } else {
                "`[markdown.highlighting]` needs a `theme` (or a `light_theme` and a \
                 `dark_theme`)"
            };
            let at = light.or(dark).map_or(span, |t| t.span());
            cx.error_key(at, message);
            return None;
        }
    };
    Some(Highlighting {
        error_on_missing_language: raw.error_on_missing_language,
        style: raw.style,
        theme,
        extra_grammars: raw.extra_grammars,
        extra_themes: raw.extra_themes,
        css_exports: Vec::new(),
        from_legacy_keys: false,
        line,
    })
}
