//! Zola's template functions and filters over one site: `get_url`, `get_page`,
//! `get_section` and the `markdown` filter. They read the shared pre-serialized values, so a
//! call costs a lookup and a copy, never a fresh serialization of the site.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use tera::{Error, Filter, Function, Result};

use crate::parse::markdown::{self, MarkdownInput};
use crate::templates::values::Values;

/// What the functions know about the site.
pub struct SiteIndex {
    pub values: Values,
    pub base_url: String,
    pub default_language: String,
    /// Content paths to permalinks, for `@/` paths.
    pub permalinks: HashMap<String, String>,
    pub page_by_file: HashMap<String, usize>,
    pub section_by_file: HashMap<String, usize>,
}

fn string_arg<'a>(
    function: &str,
    args: &'a HashMap<String, Value>,
    name: &str,
) -> Result<Option<&'a str>> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::msg(format!(
            "`{function}`: argument `{name}` must be a string, not {other}"
        ))),
    }
}

fn bool_arg(function: &str, args: &HashMap<String, Value>, name: &str) -> Result<bool> {
    match args.get(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(Error::msg(format!(
            "`{function}`: argument `{name}` must be a boolean, not {other}"
        ))),
    }
}

fn required_path<'a>(function: &str, args: &'a HashMap<String, Value>) -> Result<&'a str> {
    string_arg(function, args, "path")?
        .ok_or_else(|| Error::msg(format!("`{function}` needs a `path` argument")))
}

/// `get_url(path, trailing_slash=false, lang)`: the absolute URL of a content file (`@/x.md`)
/// or of any path in the site.
pub struct GetUrl(pub Arc<SiteIndex>);

impl Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let path = required_path("get_url", args)?;
        if bool_arg("get_url", args, "cachebust")? {
            return Err(Error::msg("`get_url`: `cachebust` is not supported yet"));
        }
        if let Some(lang) = string_arg("get_url", args, "lang")? {
            if lang != self.0.default_language {
                return Err(Error::msg(format!(
                    "`get_url`: the site has no language `{lang}`"
                )));
            }
        }
        if let Some(target) = path.strip_prefix("@/") {
            let target = target.split_once('#').map_or(target, |(t, _)| t);
            let url = self.0.permalinks.get(target).ok_or_else(|| {
                Error::msg(format!(
                    "`get_url`: there is no content file `{target}` for `{path}`"
                ))
            })?;
            let anchor = path
                .split_once('#')
                .map(|(_, a)| format!("#{a}"))
                .unwrap_or_default();
            return Ok(Value::String(format!("{url}{anchor}")));
        }
        if path.starts_with("http://") || path.starts_with("https://") {
            return Ok(Value::String(path.to_string()));
        }
        let mut url = format!("{}/{}", self.0.base_url, path.trim_start_matches('/'));
        if bool_arg("get_url", args, "trailing_slash")? && !url.ends_with('/') {
            url.push('/');
        }
        Ok(Value::String(url))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `get_page(path)`: the page at `path` below `content/`, with its neighbours.
pub struct GetPage(pub Arc<SiteIndex>);

impl Function for GetPage {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let path = required_path("get_page", args)?;
        let path = path.strip_prefix("@/").unwrap_or(path);
        match self.0.page_by_file.get(path) {
            Some(&id) => Ok(self.0.values.pages[id].clone()),
            None => Err(Error::msg(format!("`get_page`: there is no page `{path}`"))),
        }
    }
}

/// `get_section(path, metadata_only=false)`: the section whose `_index.md` is at `path`.
pub struct GetSection(pub Arc<SiteIndex>);

impl Function for GetSection {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let path = required_path("get_section", args)?;
        let path = path.strip_prefix("@/").unwrap_or(path);
        let metadata_only = bool_arg("get_section", args, "metadata_only")?;
        match self.0.section_by_file.get(path) {
            Some(&id) if metadata_only => Ok(self.0.values.sections_meta[id].clone()),
            Some(&id) => Ok(self.0.values.sections[id].clone()),
            None => Err(Error::msg(format!(
                "`get_section`: there is no section `{path}`"
            ))),
        }
    }
}

/// The `markdown` filter: renders a string as Markdown; `inline=true` drops the outer `<p>`.
pub struct MarkdownFilter(pub Arc<SiteIndex>);

impl Filter for MarkdownFilter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
        let text = value
            .as_str()
            .ok_or_else(|| Error::msg("`markdown` filter: the value must be a string"))?;
        let inline = bool_arg("markdown", args, "inline")?;
        let resolve = |target: &str| self.0.permalinks.get(target).cloned();
        let rendered = markdown::render(&MarkdownInput {
            text,
            path: Path::new("(markdown filter)"),
            first_line: 1,
            permalink: "",
            resolve_link: &resolve,
        })
        .map_err(|e| Error::msg(format!("`markdown` filter: {e}")))?;
        let mut html = rendered.html;
        if inline {
            let trimmed = html.trim_end();
            if let Some(inner) = trimmed
                .strip_prefix("<p>")
                .and_then(|s| s.strip_suffix("</p>"))
            {
                if !inner.contains("<p>") {
                    html = inner.to_string();
                }
            }
        }
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}
