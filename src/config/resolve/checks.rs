//! Checks of single values Zola makes too: language codes, feed file names, paths inside the
//! site, and globs (compiled here).

use toml::Spanned;

use super::context::Context;
use crate::config::raw::Text;
use crate::config::Globs;

/// Checks a language code the way Zola does: a Unicode language identifier (`en`, `pt-BR`,
/// `zh-Hant-TW`, `sr_Latn`).
pub(in crate::config) fn check_language_code(cx: &mut Context, code: &Text) {
    if !is_language_identifier(code.get_ref()) {
        cx.error_value(
            code.span(),
            format!(
                "`{}` is not a valid language code: use a Unicode language identifier such as \
                 `en`, `fr` or `pt-BR`",
                code.get_ref()
            ),
        );
    }
}

/// Language, then optionally script, region and variants, separated by `-` or `_`.
pub(super) fn is_language_identifier(code: &str) -> bool {
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut parts = code.split(['-', '_']).peekable();
    let language = parts.next().unwrap_or("");
    if !(matches!(language.len(), 2 | 3 | 5..=8) && alpha(language)) {
        return false;
    }
    if parts.peek().is_some_and(|s| s.len() == 4 && alpha(s)) {
        parts.next();
    }
    let is_region = |s: &str| {
        (s.len() == 2 && alpha(s)) || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
    };
    if parts.peek().is_some_and(|s| is_region(s)) {
        parts.next();
    }
    parts.all(|variant| match variant.len() {
        4 => variant.starts_with(|c: char| c.is_ascii_digit()) && alnum(variant),
        5..=8 => alnum(variant),
        _ => false,
    })
}

/// A feed file is written in the directory of each section: it must be a plain file name.
pub(super) fn check_feed_filename(cx: &mut Context, name: &Text) {
    let text = name.get_ref();
    if text.trim().is_empty() || text.contains(['/', '\\', '\0']) || text == "." || text == ".." {
        cx.error_value(
            name.span(),
            format!("feed file name {text:?} must be a plain file name such as \"atom.xml\""),
        );
    }
}

/// A path segment of URLs (`taxonomy_root`, `paginate_path`) must stay inside the site.
pub(super) fn check_relative_path(cx: &mut Context, path: &Text, key: &str) {
    let text = path.get_ref();
    if text.contains(['\\', '\0']) || text.split('/').any(|s| s == "..") {
        cx.error_value(
            path.span(),
            format!("`{key}` {text:?} must not contain `..`, `\\` or NUL"),
        );
    }
}

/// Compiles the globs of `key`; a bad one is an error at its place.
pub(super) fn globs(cx: &mut Context, patterns: &[Text], key: &str) -> Globs {
    let mut builder = globset::GlobSetBuilder::new();
    let mut ok = true;
    for pattern in patterns {
        match globset::Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => {
                ok = false;
                cx.error_value(
                    pattern.span(),
                    format!(
                        "invalid glob {:?} in `{key}`: {}",
                        pattern.get_ref(),
                        e.kind()
                    ),
                );
            }
        }
    }
    match builder.build() {
        Ok(set) if ok => Globs(set),
        Ok(_) => Globs::default(),
        Err(e) => {
            let span = patterns.first().map_or(0..0, Spanned::span);
            cx.error_value(span, format!("invalid globs in `{key}`: {e}"));
            Globs::default()
        }
    }
}
