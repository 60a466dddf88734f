//! Keys of Zola versions before 0.22 whose mapping is more than a rename: the pre-0.14
//! `languages` array, per-language `[translations.xx]` and taxonomy `lang`, and the syntect-era
//! highlighting keys that 0.22 replaced with `[markdown.highlighting]`.
//!
//! Each is accepted with a warning that names what to write instead, and mapped onto it.

use std::ops::Range;

use toml::Spanned;

use super::markdown::{HighlightStyle, HighlightTheme, Highlighting, ThemeCssExport};
use super::raw::{OldLanguage, RawHighlighting, RawTaxonomy, RawThemeCss, Text, Texts};
use super::resolve::{check_language_code, merge_translations, Context, LanguageFields, Languages};

/// The theme old Zola versions highlighted with when `highlight_theme` was not set.
pub const OLD_DEFAULT_THEME: &str = "base16-ocean-dark";

/// `languages = [{ code = "fr", feed = true, search = true }]`, before Zola 0.14.
pub(super) fn languages_array(
    cx: &mut Context,
    span: Range<usize>,
    entries: Vec<Spanned<OldLanguage>>,
    languages: &mut Languages,
) {
    cx.warn_key(
        span,
        "`languages` as an array is the old form of `[languages.<code>]` tables; using each \
         entry as one, its `feed` as `generate_feeds` and its `search` as `build_search_index`",
    );
    for entry in entries {
        let span = entry.span();
        let old = entry.into_inner();
        check_language_code(cx, &old.code);
        if languages.contains_key(old.code.get_ref()) {
            cx.error_value(
                old.code.span(),
                format!("language `{}` is listed twice", old.code.get_ref()),
            );
            continue;
        }
        let fields = LanguageFields {
            generate_feeds: Some(Spanned::new(span.clone(), old.feed || old.rss)),
            build_search_index: Some(Spanned::new(span, old.search)),
            ..LanguageFields::default()
        };
        languages.insert(old.code.into_inner(), fields);
    }
}

/// `[translations.xx]` (a table of one language's strings), before Zola 0.14.
pub(super) fn translations_table(
    cx: &mut Context,
    default_language: &str,
    (code, span, table): (
        Text,
        Range<usize>,
        std::collections::BTreeMap<String, String>,
    ),
    top: &mut LanguageFields,
    languages: &mut Languages,
) {
    let old = format!("[translations.{}]", code.get_ref());
    let translations = Spanned::new(span, table);
    if code.get_ref() == default_language {
        cx.warn_key(
            code.span(),
            format!(
                "`{old}` is the old form of `[translations]` for the default language; \
                 using it as that"
            ),
        );
        merge_translations(top, translations);
        return;
    }
    let new = format!("[languages.{}.translations]", code.get_ref());
    match languages.get_mut(code.get_ref()) {
        Some(fields) if fields.translations.is_some() => cx.warn_key(
            code.span(),
            format!("`{old}` is the old form of `{new}`, which is also set; ignoring `{old}`"),
        ),
        Some(fields) => {
            cx.warn_key(
                code.span(),
                format!("`{old}` is the old form of `{new}`; using it as that"),
            );
            fields.translations = Some(translations);
        }
        None => cx.warn_key(
            code.span(),
            format!(
                "`{old}` is the old form of `{new}`, but `{}` is not a language of this site; \
                 ignoring it",
                code.get_ref()
            ),
        ),
    }
}

/// The language a top-level taxonomy's legacy `lang` sends it to, if another than the default.
pub(super) fn taxonomy_language(
    cx: &mut Context,
    taxonomy: &mut Spanned<RawTaxonomy>,
    default_language: &str,
    languages: &Languages,
) -> Option<String> {
    let lang = taxonomy.get_mut().lang.take()?;
    let code = lang.get_ref();
    if code == default_language {
        cx.warn_key(
            lang.span(),
            format!(
                "`lang` is the old way to give a taxonomy to a language; `{code}` is the \
                 default language, so ignoring `lang`"
            ),
        );
        None
    } else if languages.contains_key(code) {
        cx.warn_key(
            lang.span(),
            format!(
                "`lang` is the old way to give a taxonomy to a language; using this taxonomy \
                 as one of `[languages.{code}]`"
            ),
        );
        Some(code.clone())
    } else {
        cx.error_key(
            lang.span(),
            format!("this taxonomy is for language `{code}`, which is not a language of this site"),
        );
        None
    }
}

/// Highlighting keys at the top level, before Zola 0.14.
pub(super) struct TopLevelHighlighting {
    pub highlight_code: Option<Spanned<bool>>,
    pub highlight_theme: Option<Text>,
    pub highlight_themes_css: Option<Spanned<Vec<RawThemeCss>>>,
    pub extra_syntaxes: Option<Texts>,
}

/// Highlighting keys in `[markdown]`, Zola 0.13 to 0.21.
pub(super) struct MarkdownHighlighting {
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

/// `[markdown.highlighting]`, or what the old highlighting keys amount to.
pub(super) fn highlighting(
    cx: &mut Context,
    current: Option<Spanned<RawHighlighting>>,
    markdown: MarkdownHighlighting,
    top: TopLevelHighlighting,
) -> Option<Highlighting> {
    let code = in_markdown_first(
        cx,
        markdown.highlight_code,
        "highlight_code",
        top.highlight_code,
        "highlight_code",
    );
    let theme = in_markdown_first(
        cx,
        markdown.highlight_theme,
        "highlight_theme",
        top.highlight_theme,
        "highlight_theme",
    );
    let themes_css = in_markdown_first(
        cx,
        markdown.highlight_themes_css,
        "highlight_themes_css",
        top.highlight_themes_css,
        "highlight_themes_css",
    );
    let extras = in_markdown_first(
        cx,
        markdown.extra_syntaxes_and_themes,
        "extra_syntaxes_and_themes",
        top.extra_syntaxes,
        "extra_syntaxes",
    );
    let error_on_missing = markdown.error_on_missing_highlight.map(|value| Old {
        name: "error_on_missing_highlight",
        value,
    });
    let present: Vec<(&str, Range<usize>)> = [
        code.as_ref().map(|o| (o.name, o.span())),
        theme.as_ref().map(|o| (o.name, o.span())),
        themes_css.as_ref().map(|o| (o.name, o.span())),
        extras.as_ref().map(|o| (o.name, o.span())),
        error_on_missing.as_ref().map(|o| (o.name, o.span())),
    ]
    .into_iter()
    .flatten()
    .collect();

    if let Some(current) = current {
        for (name, span) in present {
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

    let Some(code) = code.filter(|code| *code.value.get_ref()) else {
        for (name, span) in present {
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
        return None;
    };
    cx.warn_key(
        code.span(),
        "`highlight_code` is the old switch of `[markdown.highlighting]`; using it as that",
    );

    let css_files: Vec<RawThemeCss> = themes_css
        .as_ref()
        .map(|css| css.value.get_ref().clone())
        .unwrap_or_default();
    let theme_name = theme
        .as_ref()
        .map_or(OLD_DEFAULT_THEME, |t| t.value.get_ref().as_str());
    let (style, chosen) = if theme_name == "css" {
        let chosen = theme_of_css_files(&css_files);
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
        let span = theme.as_ref().map(Old::span).expect("`css` was written");
        cx.warn_key(
            span,
            format!(
                "`highlight_theme = \"css\"` is the old form of `markdown.highlighting.style = \
                 \"class\"`; using it as that, {with}"
            ),
        );
        (HighlightStyle::Class, chosen)
    } else {
        if let Some(theme) = &theme {
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
        (HighlightStyle::Inline, chosen)
    };
    if let Some(css) = &themes_css {
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
    let extras: Vec<String> = match extras {
        Some(extras) => {
            cx.warn_key(
                extras.span(),
                format!(
                    "`{}` is the old name of `markdown.highlighting.extra_grammars` and \
                     `extra_themes`; using it as both (the new highlighter reads JSON TextMate \
                     files, not Sublime ones)",
                    extras.name
                ),
            );
            extras
                .value
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect()
        }
        None => Vec::new(),
    };
    let line = cx.line_of_key(theme.as_ref().map_or(code.span(), Old::span));
    let error_on_missing_language = match error_on_missing {
        Some(old) => {
            cx.warn_key(
                old.span(),
                "`error_on_missing_highlight` is the old name of \
                 `markdown.highlighting.error_on_missing_language`; using it as that",
            );
            *old.value.get_ref()
        }
        None => false,
    };
    Some(Highlighting {
        error_on_missing_language,
        style,
        theme: chosen,
        extra_grammars: extras.clone(),
        extra_themes: extras,
        css_exports: css_files
            .into_iter()
            .map(|css| ThemeCssExport {
                theme: css.theme,
                filename: css.filename,
            })
            .collect(),
        from_legacy_keys: true,
        line,
    })
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
