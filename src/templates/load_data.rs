//! `load_data(path | url | literal, format, required=true, encoding="utf-8")`: a data file of
//! the site, data fetched over HTTP, or a literal string, parsed as TOML, JSON, YAML, CSV, XML,
//! BibTeX or plain text (see `parse::data`). With `url`, Zola's `method` (`GET`, `POST`),
//! `body`, `content_type` and `headers` (`["Name=value"]`) say how to ask (see
//! `load::remote`). Each file is read and each distinct request made, and parsed, once per
//! build, however many pages (rendered in parallel) ask for it. A file that is missing or a
//! request that fails gives `null` with `required=false`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use tera::{Error, Function, Result};

use super::functions::{bool_arg, not_found, string_arg, Basics};
use crate::load::remote::{Method, Remote, Request};
use crate::load::Located;
use crate::once_map::OnceMap;
use crate::parse::data::{self, Format};

const NAME: &str = "load_data";

/// What fetching and parsing remote data gave.
type Fetched = std::result::Result<Value, Failure>;

/// Why remote data is missing.
#[derive(Debug, Clone)]
enum Failure {
    /// The request failed: `null` with `required=false`.
    Request(String),
    /// The answer did not parse: always an error.
    Parse(String),
}

/// The function, with what it loaded in this build (shared by its clones).
pub(super) struct LoadData<E> {
    env: Arc<E>,
    loaded: Arc<OnceMap<(PathBuf, Format), std::result::Result<Value, String>>>,
    fetched: Arc<OnceMap<(Request, Format), Fetched>>,
    remote: Arc<OnceLock<Remote>>,
}

impl<E> Clone for LoadData<E> {
    fn clone(&self) -> Self {
        LoadData {
            env: self.env.clone(),
            loaded: self.loaded.clone(),
            fetched: self.fetched.clone(),
            remote: self.remote.clone(),
        }
    }
}

impl<E> LoadData<E> {
    pub(super) fn new(env: Arc<E>) -> LoadData<E> {
        LoadData {
            env,
            loaded: Arc::default(),
            fetched: Arc::default(),
            remote: Arc::default(),
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
        let url = string_arg(NAME, args, "url")?;
        let literal = string_arg(NAME, args, "literal")?;
        match (path, url, literal) {
            (Some(path), None, None) => self.load_file(path, args, required),
            (None, Some(url), None) => self.load_url(url, args, required),
            (None, None, Some(text)) => {
                let format = format(args, None)?;
                data::parse(format, Path::new("(literal)"), text)
                    .map_err(|e| Error::msg(format!("`{NAME}`: {e}")))
            }
            _ => Err(Error::msg(format!(
                "`{NAME}` needs one of a `path`, a `url` or a `literal` argument (with a string value)"
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
        let Some(located) = statics.lookup(path) else {
            return if required {
                Err(not_found(NAME, path))
            } else {
                Ok(Value::Null)
            };
        };
        let result = match located {
            Located::File(found) => {
                let format = format(args, Some(&found.file))?;
                self.loaded
                    .get_or_compute((found.file.clone(), format), || {
                        let shown = statics.shown(&found.file);
                        let text =
                            crate::fs::read_text(&found.file, shown).map_err(|e| e.to_string())?;
                        data::parse(format, shown, &text).map_err(|e| e.to_string())
                    })
            }
            // A file this build makes (a compiled stylesheet), shown by its output path.
            Located::Made { key, bytes } => {
                let shown = PathBuf::from(key);
                let format = format(args, Some(&shown))?;
                self.loaded.get_or_compute((shown.clone(), format), || {
                    let text = std::str::from_utf8(&bytes).map_err(|e| e.to_string())?;
                    data::parse(format, &shown, text).map_err(|e| e.to_string())
                })
            }
        };
        result.map_err(|message| Error::msg(format!("`{NAME}`: {message}")))
    }

    /// The data at `url`, fetched once per build for each distinct request.
    fn load_url(&self, url: &str, args: &HashMap<String, Value>, required: bool) -> Result<Value> {
        if let Err(e) = url::Url::parse(url) {
            // A URL that does not parse is `null` too when not required, as in Zola.
            return match required {
                true => Err(Error::msg(format!(
                    "`{NAME}`: `{url}` is not a valid URL: {e}"
                ))),
                false => Ok(Value::Null),
            };
        }
        let request = request(url, args)?;
        let format = format(args, None)?;
        let fetched = self.fetched.get_or_compute((request.clone(), format), || {
            let remote = self.remote.get_or_init(Remote::default);
            let text = remote.fetch(&request).map_err(Failure::Request)?;
            let shown = Path::new(&request.url);
            data::parse(format, shown, &text).map_err(|e| Failure::Parse(e.to_string()))
        });
        match fetched {
            Ok(value) => Ok(value),
            Err(Failure::Request(_)) if !required => Ok(Value::Null),
            Err(Failure::Request(message)) => Err(Error::msg(format!(
                "`{NAME}`: cannot load {}: {message}",
                request.url
            ))),
            Err(Failure::Parse(message)) => Err(Error::msg(format!("`{NAME}`: {message}"))),
        }
    }
}

/// The request a `load_data(url=…)` call makes.
fn request(url: &str, args: &HashMap<String, Value>) -> Result<Request> {
    let method = match string_arg(NAME, args, "method")? {
        None => Method::Get,
        Some(name) => Method::from_name(name).ok_or_else(|| {
            Error::msg(format!(
                "`{NAME}`: `method` must be GET or POST, not `{name}`"
            ))
        })?,
    };
    let headers = match args.get("headers") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(header).collect::<Result<_>>()?,
        Some(other) => return Err(headers_error(other)),
    };
    let format = format(args, None)?;
    Ok(Request {
        url: url.to_string(),
        method,
        body: string_arg(NAME, args, "body")?.map(str::to_string),
        content_type: string_arg(NAME, args, "content_type")?.map(str::to_string),
        headers,
        accept: format.media_type(),
    })
}

/// A `"Name=value"` item of `headers`: split at the first `=`, as Zola does.
fn header(item: &Value) -> Result<(String, String)> {
    let text = item.as_str().ok_or_else(|| headers_error(item))?;
    match text.split_once('=') {
        Some((name, value)) if is_token(name) => Ok((name.to_string(), value.to_string())),
        Some((name, _)) => Err(Error::msg(format!(
            "`{NAME}`: `{name}` (in `headers`) is not a valid header name"
        ))),
        None => Err(Error::msg(format!(
            "`{NAME}`: the header `{text}` has no value: write it as \"Name=value\""
        ))),
    }
}

fn headers_error(value: &Value) -> Error {
    Error::msg(format!(
        "`{NAME}`: `headers` must be a list of strings such as [\"Accept-Language=fr\"], not {value}"
    ))
}

/// Whether `name` can be an HTTP header's name.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
