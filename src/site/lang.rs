//! Languages of content files: `page.fr.md` and `_index.fr.md` are the French versions of
//! `page.md` and `_index.md`, and live under `/fr/`.

use crate::config::Config;

/// Splits the language off a content path: `a/b.fr.md` -> (`a/b.md`, `fr`). Files without a
/// code, or whose site has one language, are in the default language. As in Zola, the code is
/// everything after the first `.` of the file name, and must be a configured language.
pub fn split_language(rel: &str, config: &Config) -> Result<(String, String), String> {
    let default = || Ok((rel.to_string(), config.default_language.clone()));
    if !config.is_multilingual() {
        return default();
    }
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let Some((name, code)) = stem.split_once('.') else {
        return default();
    };
    if code != config.default_language && !config.has_language(code) {
        return Err(format!(
            "language code `{code}` is not one of the languages in the config's [languages]"
        ));
    }
    let canonical = if dir.is_empty() {
        format!("{name}.md")
    } else {
        format!("{dir}/{name}.md")
    };
    Ok((canonical, code.to_string()))
}

/// The path prefix of a language: `fr` for French on an English site, `` for the default.
pub fn prefix<'a>(lang: &'a str, config: &Config) -> &'a str {
    if lang == config.default_language {
        ""
    } else {
        lang
    }
}

/// The content path of a file in language `lang`: `a/_index.md` -> `a/_index.fr.md`.
pub fn localized(canonical: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return canonical.to_string();
    }
    match canonical.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => canonical.to_string(),
    }
}
