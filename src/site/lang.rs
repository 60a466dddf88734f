//! Languages of content files: `page.fr.md` and `_index.fr.md` are the French versions of
//! `page.md` and `_index.md`, and live under `/fr/`.

use std::collections::HashSet;

use super::{Page, Section};
use crate::config::Config;

/// Splits the language off a content path: `a/b.fr.md` -> (`a/b.md`, `fr`). Files without a
/// code, or whose site has one language, are in the default language. As in Zola, the code is
/// everything after the first `.` of the file name, and must be a configured language.
pub(crate) fn split_language(rel: &str, config: &Config) -> Result<(String, String), String> {
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
pub(crate) fn prefix<'a>(lang: &'a str, config: &Config) -> &'a str {
    if lang == config.default_language {
        ""
    } else {
        lang
    }
}

/// The content path of a file in language `lang`: `a/_index.md` -> `a/_index.fr.md`.
pub(crate) fn localized(canonical: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return canonical.to_string();
    }
    match canonical.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => canonical.to_string(),
    }
}

/// With `translation_fallback`, every page and section of the default language that has no
/// version in another language gets one there: the same content under that language's path.
pub(crate) fn add_fallbacks(config: &Config, sections: &mut Vec<Section>, pages: &mut Vec<Page>) {
    let default = config.default_language.as_str();
    for code in config
        .language_codes()
        .into_iter()
        .filter(|c| *c != default)
    {
        let has_page: HashSet<String> = pages
            .iter()
            .filter(|p| p.lang == code)
            .map(|p| p.canonical.clone())
            .collect();
        let copies: Vec<Page> = pages
            .iter()
            .filter(|p| p.lang == default && !has_page.contains(&p.canonical))
            .map(|p| page_in(p, code, config))
            .collect();
        pages.extend(copies);
        let has_section: HashSet<String> = sections
            .iter()
            .filter(|s| s.lang == code)
            .map(Section::canonical)
            .collect();
        let copies: Vec<Section> = sections
            .iter()
            .filter(|s| {
                s.lang == default && s.file.is_some() && !has_section.contains(&s.canonical())
            })
            .map(|s| section_in(s, code, config))
            .collect();
        sections.extend(copies);
    }
}

/// `/x/` in language `code`: `/fr/x/`.
fn localized_path(path: &str, code: &str, config: &Config) -> String {
    format!("/{}{}", prefix(code, config), path)
}

fn page_in(page: &Page, code: &str, config: &Config) -> Page {
    let mut copy = page.clone();
    copy.lang = code.to_string();
    copy.path = localized_path(&page.path, code, config);
    copy.permalink = config.permalink(&copy.path);
    copy.file.rel = localized(&page.canonical, code, config);
    copy.warnings.clear();
    let configured = config.taxonomies_for(code);
    copy.meta
        .taxonomies
        .retain(|name, _| configured.iter().any(|t| &t.name == name));
    copy
}

fn section_in(section: &Section, code: &str, config: &Config) -> Section {
    let mut copy = section.clone();
    copy.lang = code.to_string();
    copy.path = localized_path(&section.path, code, config);
    copy.permalink = config.permalink(&copy.path);
    copy.rel = localized(&section.canonical(), code, config);
    if let Some(file) = &mut copy.file {
        file.rel = copy.rel.clone();
    }
    copy.warnings.clear();
    copy
}
