//! `load_data(path | literal, format, required=true, encoding="utf-8")`: a data file of the
//! site (or a literal string) parsed as TOML, JSON, YAML, CSV, XML, BibTeX or plain text (see
//! `parse::data`). Each file is read and parsed once per build and format, however many pages
//! (rendered in parallel) ask for it. Remote data (`url`) is not supported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use tera::{Error, Function, Result};

use super::functions::{bool_arg, not_found, string_arg, Basics};
use crate::once_map::OnceMap;
use crate::parse::data::{self, Format};

const NAME: &str = "load_data";

/// The function, with what it loaded in this build (shared by its clones).
pub struct LoadData<E> {
    env: Arc<E>,
    loaded: Arc<OnceMap<(PathBuf, Format), std::result::Result<Value, String>>>,
}

impl<E> Clone for LoadData<E> {
    fn clone(&self) -> Self {
        LoadData {
            env: self.env.clone(),
            loaded: self.loaded.clone(),
        }
    }
}

impl<E> LoadData<E> {
    pub fn new(env: Arc<E>) -> LoadData<E> {
        LoadData {
            env,
            loaded: Arc::default(),
        }
    }
}

/// The `format` argument, or else the format of `file`'s extension.
fn format(args: &HashMap<String, Value>, file: Option<&Path>) -> Result<Format> {
    match string_arg(NAME, args, "format")? {
        Some(name) => Format::from_name(name).ok_or_else(|| {
            Error::msg(format!(
                "`{NAME}`: unknown format `{name}`: use toml, json, yaml, csv, xml, bibtex or plain"
            ))
        }),
        None => Ok(file.map_or(Format::Plain, Format::of_file)),
    }
}

impl<E: Basics> Function for LoadData<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if let Some(encoding) = string_arg(NAME, args, "encoding")? {
            if !matches!(encoding.to_ascii_lowercase().as_str(), "utf-8" | "utf8") {
                return Err(Error::msg(format!(
                    "`{NAME}`: data must be UTF-8 text; encoding `{encoding}` is not supported"
                )));
            }
        }
        let required = bool_arg(NAME, args, "required", true)?;
        let path = string_arg(NAME, args, "path")?;
        let literal = string_arg(NAME, args, "literal")?;
        if args.contains_key("url") {
            return Err(Error::msg(format!(
                "`{NAME}`: remote data (`url`) is not supported: Loess builds from the site's own files; save the data in the site and give its `path`"
            )));
        }
        match (path, literal) {
            (Some(path), None) => self.load_file(path, args, required),
            (None, Some(text)) => {
                let format = format(args, None)?;
                data::parse(format, Path::new("(literal)"), text)
                    .map_err(|e| Error::msg(format!("`{NAME}`: {e}")))
            }
            _ => Err(Error::msg(format!(
                "`{NAME}` needs either a `path` or a `literal` argument (with a string value)"
            ))),
        }
    }
}

impl<E: Basics> LoadData<E> {
    fn load_file(
        &self,
        path: &str,
        args: &HashMap<String, Value>,
        required: bool,
    ) -> Result<Value> {
        let statics = self.env.statics();
        let Some(found) = statics.locate(path) else {
            return if required {
                Err(not_found(NAME, path))
            } else {
                Ok(Value::Null)
            };
        };
        let format = format(args, Some(&found.file))?;
        let result = self
            .loaded
            .get_or_compute((found.file.clone(), format), || {
                let shown = statics.shown(&found.file);
                let text = crate::fs::read_text(&found.file, shown).map_err(|e| e.to_string())?;
                data::parse(format, shown, &text).map_err(|e| e.to_string())
            });
        result.map_err(|message| Error::msg(format!("`{NAME}`: {message}")))
    }
}
