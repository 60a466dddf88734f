//! What a changed file is to the site: the pure function that turns a watcher's path into a
//! [`ChangeKind`], deciding how much of the site a change can affect.

use std::path::{Component, Path};

/// The kind of a changed file, by where it lives in the site directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    /// A Markdown file under `content/`.
    Content,
    /// A file under `templates/` or a theme's `templates/`.
    Template,
    /// A file copied unchanged: `static/`, a theme's `static/`, a page's or section's assets.
    Static,
    /// A stylesheet: a `.css` file that is copied, or anything under `sass/`.
    Style,
    /// `config.toml`, `zola.toml`, a theme's `theme.toml`, a whole theme, or a file under a
    /// path watched with `--extra-watch-path`: everything is built again.
    Config,
    /// Not part of the site: editors' temporary and backup files, hidden files, other files.
    Ignored,
}

/// Classifies a changed path, relative to the site directory.
pub(crate) fn classify(rel: &Path) -> ChangeKind {
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(part) if !is_editor_file(part) => parts.push(part),
                _ => return ChangeKind::Ignored,
            },
            _ => return ChangeKind::Ignored,
        }
    }
    match parts.as_slice() {
        ["config.toml" | "zola.toml"] => ChangeKind::Config,
        ["themes", _] | ["themes", _, "theme.toml"] => ChangeKind::Config,
        ["themes", _, rest @ ..] => in_site_dir(rest),
        ["themes"] => ChangeKind::Config,
        // Written by the build itself (`resize_image`), which copies what it uses.
        ["static", dir, ..] if *dir == crate::images::PROCESSED_DIR => ChangeKind::Ignored,
        rest => in_site_dir(rest),
    }
}

/// Classifies a changed path below an `--extra-watch-path`, relative to it: whatever it is,
/// it may feed the site (through a symbolic link, say), so the whole site is built again.
pub(super) fn classify_extra(rel: &Path) -> ChangeKind {
    let editor = |c: Component| match c {
        Component::Normal(part) => part.to_str().is_none_or(is_editor_file),
        _ => false,
    };
    if rel.components().any(editor) {
        ChangeKind::Ignored
    } else {
        ChangeKind::Config
    }
}

/// Classifies a path below the site (or a theme) by its first directory.
fn in_site_dir(parts: &[&str]) -> ChangeKind {
    let Some((&dir, inside)) = parts.split_first() else {
        return ChangeKind::Ignored;
    };
    let name = inside.last().copied().unwrap_or(dir);
    match dir {
        "content" if inside.is_empty() || name.ends_with(".md") => ChangeKind::Content,
        // Other paths in content/ are assets, or directories (which `plan` looks into).
        "content" | "static" if name.ends_with(".css") => ChangeKind::Style,
        "content" => ChangeKind::Static,
        "static" => ChangeKind::Static,
        "templates" => ChangeKind::Template,
        "sass" => ChangeKind::Style,
        _ => ChangeKind::Ignored,
    }
}

/// Files that editors create beside the one being saved, and hidden files (which a build
/// skips too): vim's swap files, `~` backups and its `4913` write probe, Emacs's `#autosave#`
/// and `.#lock`, JetBrains' `___jb_tmp___` and `___jb_old___`, Kate's `.kate-swp`.
fn is_editor_file(name: &str) -> bool {
    let swap = [
        ".swp",
        ".swo",
        ".swx",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || swap.iter().any(|suffix| name.ends_with(suffix))
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::*;

    fn kind(path: &str) -> ChangeKind {
        classify(Path::new(path))
    }

    #[test]
    fn site_files_by_directory() {
        let cases = [
            ("content/articles/a.md", Content),
            ("content/_index.md", Content),
            ("content/articles", Static),
            ("content", Content),
            ("content/articles/a/photo.jpg", Static),
            ("content/articles/a/extra.css", Style),
            ("templates/page.html", Template),
            ("templates/macros/nav.html", Template),
            ("templates", Template),
            ("static/favicon.svg", Static),
            ("static/processed_images/a.0123456789abcdef.jpg", Ignored),
            ("static/processed_images", Ignored),
            ("static/css/site.css", Style),
            ("static", Static),
            ("sass/site.scss", Style),
            ("config.toml", Config),
            ("zola.toml", Config),
        ];
        for (path, expected) in cases {
            assert_eq!(kind(path), expected, "{path}");
        }
    }

    #[test]
    fn theme_files() {
        let cases = [
            ("themes/terrace/templates/base.html", Template),
            ("themes/terrace/static/style.css", Style),
            ("themes/terrace/static/logo.svg", Static),
            ("themes/terrace/static/processed_images/a.png", Static),
            ("themes/terrace/sass/main.scss", Style),
            ("themes/terrace/theme.toml", Config),
            ("themes/terrace", Config),
            ("themes", Config),
            ("themes/terrace/README.md", Ignored),
            ("themes/terrace/content/a.md", Content),
        ];
        for (path, expected) in cases {
            assert_eq!(kind(path), expected, "{path}");
        }
    }

    #[test]
    fn extra_watch_paths_rebuild_everything_but_editor_files() {
        for (path, expected) in [
            ("notes.txt", Config),
            ("", Config),
            ("deep/er/data.json", Config),
            ("deep/.data.json.swp", Ignored),
            (".git/index", Ignored),
            ("data.json~", Ignored),
        ] {
            assert_eq!(classify_extra(Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn editor_files_and_others_are_ignored() {
        for path in [
            "content/a.md~",
            "content/.a.md.swp",
            "content/a.md.swp",
            "content/4913",
            "templates/5036",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md___jb_tmp___",
            "content/a.md___jb_old___",
            "static/a.css.kate-swp",
            "content/.hidden/a.md",
            ".git/index",
            "public/index.html",
            "target/debug/loess",
            "README.md",
            "config.toml~",
            "../config.toml",
            "/etc/passwd",
        ] {
            assert_eq!(kind(path), Ignored, "{path}");
        }
    }
}
