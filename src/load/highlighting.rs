//! The syntax highlighter's grammars and themes: giallo's built-in set (the TextMate grammars
//! and themes VS Code ships), plus the site's own files from `extra_grammars` and
//! `extra_themes`, with the configured themes checked. The stylesheets of class-style
//! highlighting are made here too.
//!
//! The built-in set is decoded once per process, and a registry with extra files is kept
//! until those files change, so rebuilds in the live preview do not pay for either again.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use giallo::Registry;

use super::sass::Stylesheet;
use super::{FileToCopy, SiteDir};
use crate::config::{HighlightTheme, Highlighting};
use crate::error::{Error, Location, Result};
use crate::parse::code::Highlighter;
use crate::warning::Warning;

/// The theme used when an old configuration names one the highlighter does not have: a
/// light one for a name that says it is light, else a dark one.
fn legacy_fallback(name: &str) -> &'static str {
    if name.to_lowercase().contains("light") {
        "github-light"
    } else {
        "github-dark"
    }
}

/// Loads the highlighter `settings` describe; a theme it lacks is an error at its line in
/// the configuration file (for settings from old keys, a warning and another theme).
pub(crate) fn load(
    site: &SiteDir,
    settings: &Highlighting,
    config_text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Arc<Highlighter>> {
    let config_shown = site.shown(&site.config_file);
    let registry = registry(site, settings, &config_shown, warnings)?;
    let mut settings = settings.clone();
    for name in theme_names(&settings.theme) {
        if registry.contains_theme(&name) {
            continue;
        }
        let place = name_location(&config_shown, config_text, &name, settings.line);
        if settings.from_legacy_keys {
            let fallback = legacy_fallback(&name);
            warnings.push(Warning::at(
                place,
                format!(
                    "the theme `{name}` of the old highlighter does not exist in the new one \
                     (giallo, with VS Code's themes); using `{fallback}`"
                ),
            ));
            replace_theme(&mut settings.theme, &name, fallback);
        } else {
            return Err(Error::at(
                place,
                format!(
                    "the highlighting theme `{name}` does not exist; use one of VS Code's \
                     themes as giallo names them (`github-dark`, `catppuccin-latte`, `nord`, \
                     ...) or add its JSON file to `extra_themes`"
                ),
            ));
        }
    }
    Ok(Arc::new(Highlighter::new(registry, &settings)))
}

/// The stylesheets of class-style highlighting (none for inline styles): `giallo.css`, or
/// `giallo-light.css` and `giallo-dark.css`, and any files old configurations named. A file
/// the site's `static/` already has is left to it. A file of an old configuration whose
/// theme the highlighter lacks is written with the theme its code is highlighted with instead.
pub(crate) fn stylesheets(
    highlighter: &Highlighter,
    settings: &Highlighting,
    static_files: &[FileToCopy],
    warnings: &mut Vec<Warning>,
) -> Vec<Stylesheet> {
    if !settings.uses_classes() {
        return Vec::new();
    }
    let mut wanted: Vec<(String, String)> = match highlighter.theme() {
        HighlightTheme::Single { theme } => vec![("giallo.css".into(), theme.clone())],
        HighlightTheme::Dual {
            light_theme,
            dark_theme,
        } => vec![
            ("giallo-light.css".into(), light_theme.clone()),
            ("giallo-dark.css".into(), dark_theme.clone()),
        ],
    };
    for export in &settings.css_exports {
        let mut theme = export.theme.clone();
        if highlighter.css(&theme).is_none() {
            let fallback = legacy_fallback(&theme);
            warnings.push(Warning::new(format!(
                "`{}` is written with the theme `{fallback}`: the old highlighter's theme \
                 `{theme}` does not exist in the new one",
                export.filename
            )));
            theme = fallback.to_string();
        }
        wanted.push((export.filename.clone(), theme));
    }
    wanted
        .into_iter()
        .filter(|(rel, _)| !static_files.iter().any(|f| &f.rel == rel))
        .filter_map(|(rel, theme)| {
            let css = highlighter.css(&theme)?;
            Some(Stylesheet { rel, css })
        })
        .collect()
}

/// giallo's built-in grammars and themes, decoded on first use.
static BUILTIN: OnceLock<std::result::Result<Arc<Registry>, String>> = OnceLock::new();

/// The last registry made with extra files: the files' paths and bytes, and the registry.
type WithExtras = (Vec<(PathBuf, Vec<u8>)>, Arc<Registry>);
static WITH_EXTRAS: Mutex<Option<WithExtras>> = Mutex::new(None);

/// Starts decoding the built-in grammars and themes on another thread, so that it overlaps
/// reading the site; [`load`] waits for it.
pub(crate) fn preload() {
    if BUILTIN.get().is_none() {
        std::thread::spawn(decode_builtin);
    }
}

fn decode_builtin() -> &'static std::result::Result<Arc<Registry>, String> {
    BUILTIN.get_or_init(|| {
        let mut registry = Registry::builtin().map_err(|e| e.to_string())?;
        registry.link_grammars();
        Ok(Arc::new(registry))
    })
}

fn builtin(config_shown: &Path) -> Result<Arc<Registry>> {
    decode_builtin().clone().map_err(|e| {
        Error::file(
            config_shown,
            format!("the highlighter's built-in grammars could not be loaded: {e}"),
        )
    })
}

/// The built-in registry, or a copy of it with the site's extra grammars and themes.
fn registry(
    site: &SiteDir,
    settings: &Highlighting,
    config_shown: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Arc<Registry>> {
    let builtin = builtin(config_shown)?;
    let grammars = extra_files(site, &settings.extra_grammars, "extra_grammars", warnings)?;
    let themes = extra_files(site, &settings.extra_themes, "extra_themes", warnings)?;
    if grammars.is_empty() && themes.is_empty() {
        return Ok(builtin);
    }
    let key: Vec<(PathBuf, Vec<u8>)> = grammars
        .iter()
        .chain(&themes)
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let mut cached = WITH_EXTRAS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((cached_key, registry)) = cached.as_ref() {
        if *cached_key == key {
            return Ok(registry.clone());
        }
    }
    let mut registry = (*builtin).clone();
    for (path, _) in &grammars {
        registry
            .add_grammar_from_path(path)
            .map_err(|e| extra_error(site, path, "grammar", e))?;
    }
    for (path, _) in &themes {
        registry
            .add_theme_from_path(path)
            .map_err(|e| extra_error(site, path, "theme", e))?;
    }
    registry.link_grammars();
    let registry = Arc::new(registry);
    *cached = Some((key, registry.clone()));
    Ok(registry)
}

/// The extra files named under `key`, read (for the cache's key). A directory, as old
/// configurations named, is skipped with a warning: its Sublime files are not TextMate JSON.
fn extra_files(
    site: &SiteDir,
    names: &[String],
    key: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for name in names {
        let path = site.root.join(name);
        if path.is_dir() {
            warnings.push(Warning::file(
                &site.shown(&path),
                format!(
                    "`{key}` names a directory; the highlighter reads JSON TextMate files, \
                     so it is skipped"
                ),
            ));
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&site.shown(&path), e))?;
        files.push((path, bytes));
    }
    Ok(files)
}

fn extra_error(site: &SiteDir, path: &Path, what: &str, e: giallo::Error) -> Error {
    Error::file(
        &site.shown(path),
        format!("not a TextMate {what} the highlighter can read: {e}"),
    )
}

fn theme_names(theme: &HighlightTheme) -> Vec<String> {
    match theme {
        HighlightTheme::Single { theme } => vec![theme.clone()],
        HighlightTheme::Dual {
            light_theme,
            dark_theme,
        } => vec![light_theme.clone(), dark_theme.clone()],
    }
}

fn replace_theme(theme: &mut HighlightTheme, from: &str, to: &str) {
    let names: Vec<&mut String> = match theme {
        HighlightTheme::Single { theme } => vec![theme],
        HighlightTheme::Dual {
            light_theme,
            dark_theme,
        } => vec![light_theme, dark_theme],
    };
    for name in names.into_iter().filter(|n| n.as_str() == from) {
        *name = to.to_string();
    }
}

/// Where the configuration writes `"name"`, else the line the settings start on.
fn name_location(config: &Path, text: &str, name: &str, line: Option<usize>) -> Location {
    match text.find(&format!("\"{name}\"")) {
        Some(offset) => Location::in_text(config, text, offset, 1),
        None => Location::line(config, line.unwrap_or(1)),
    }
}
