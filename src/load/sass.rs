//! Sass: the `.scss` and `.sass` files of the theme's `sass/` (always) and the site's `sass/`
//! (with `compile_sass`) compiled to compressed CSS at the same relative path, as Zola does.
//! Files and directories whose names start with `_` are partials, only imported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Location, Result};

/// A compiled stylesheet: its path in the output (`css/site.css`) and its text.
#[derive(Debug, Clone)]
pub struct Stylesheet {
    pub rel: String,
    pub css: String,
}

/// Compiles every non-partial Sass file below each of `dirs`; `shown` gives a file's path as
/// messages show it.
pub(crate) fn compile(
    dirs: &[PathBuf],
    shown: &dyn Fn(&Path) -> PathBuf,
) -> Result<Vec<Stylesheet>> {
    let mut by_output: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut errors = Vec::new();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for source in entry_points(dir) {
            let inside = source
                .strip_prefix(dir)
                .expect("walkdir yields paths below its root");
            let rel = inside
                .with_extension("css")
                .to_string_lossy()
                .replace('\\', "/");
            match compile_one(&source, shown) {
                Ok(css) => {
                    if let Some((other, _)) = by_output.get(&rel) {
                        if other.parent() == source.parent() {
                            let message =
                                format!("compiles to {rel}, as {} does", shown(other).display());
                            errors.push(Error::file(&shown(&source), message));
                            continue;
                        }
                    }
                    // The site's own `sass/` comes after the theme's and wins.
                    by_output.insert(rel, (source, css));
                }
                Err(e) => errors.push(e),
            }
        }
    }
    Error::collect(errors)?;
    Ok(by_output
        .into_iter()
        .map(|(rel, (_, css))| Stylesheet { rel, css })
        .collect())
}

/// The `.scss` and `.sass` files below `dir`, partials left out, in name order.
fn entry_points(dir: &Path) -> Vec<PathBuf> {
    let partial =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('_');
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !partial(e))
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("scss" | "sass")
            )
        })
        .collect()
}

fn compile_one(source: &Path, shown: &dyn Fn(&Path) -> PathBuf) -> Result<String> {
    let options = grass::Options::default()
        .style(grass::OutputStyle::Compressed)
        .logger(&grass::NullLogger);
    grass::from_path(source, &options).map_err(|e| sass_error(source, *e, shown))
}

/// A Sass error at its file, line and column, with the source line.
fn sass_error(source: &Path, error: grass::Error, shown: &dyn Fn(&Path) -> PathBuf) -> Error {
    match error.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let line = loc.begin.line;
            Error::at(
                Location {
                    path: shown(Path::new(loc.file.name())),
                    line: line + 1,
                    column: loc.begin.column + 1,
                    source_line: Some(loc.file.source_line(line).trim_end().to_string()),
                },
                message,
            )
        }
        grass::ErrorKind::IoError(io) => Error::file(&shown(source), io.to_string()),
        grass::ErrorKind::FromUtf8Error(message) => Error::file(&shown(source), message),
        _ => Error::file(&shown(source), "Sass could not compile this file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_are_imported_not_compiled_and_errors_have_a_place() {
        let dir = tempfile::tempdir().unwrap();
        let sass = dir.path().join("sass");
        std::fs::create_dir_all(sass.join("_parts")).unwrap();
        std::fs::write(sass.join("_vars.scss"), "$c: #123;").unwrap();
        std::fs::write(sass.join("_parts/x.scss"), "a { b: c }").unwrap();
        std::fs::write(
            sass.join("site.scss"),
            "@use 'vars';\nbody { color: vars.$c; p { margin: 0 } }\n",
        )
        .unwrap();
        std::fs::create_dir_all(sass.join("sub")).unwrap();
        std::fs::write(sass.join("sub/x.sass"), "a\n  color: red\n").unwrap();
        let shown = |p: &Path| p.strip_prefix(dir.path()).unwrap_or(p).to_path_buf();
        let out = compile(std::slice::from_ref(&sass), &shown).unwrap();
        let got: Vec<(&str, &str)> = out.iter().map(|s| (s.rel.as_str(), s.css.trim())).collect();
        assert_eq!(
            got,
            [
                ("site.css", "body{color:#123}body p{margin:0}"),
                ("sub/x.css", "a{color:red}")
            ]
        );

        std::fs::write(sass.join("bad.scss"), "a {\n  color: ;\n}\n").unwrap();
        let e = compile(&[sass], &shown).unwrap_err().to_string();
        assert!(e.starts_with("sass/bad.scss:2:"), "{e}");
        assert!(e.contains("2 |   color: ;"), "{e}");
    }
}
