//! Zola's template functions over one built site: `get_url`, `get_page`, `get_section`,
//! `get_taxonomy`, `get_taxonomy_term`, `get_taxonomy_url`, `trans`, and the `markdown`
//! filter. They answer from the shared pre-serialized values.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use tera::{Error, Filter, Function, Result};

use crate::config::{Config, InsertAnchor};
use crate::images::Images;
use crate::load::StaticFiles;
use crate::parse::markdown::{self, MarkdownInput, Options};
use crate::site::{lang, Taxonomy};
use crate::templates::markdown::FilterShortcodes;
use crate::templates::usage::Fields;
use crate::templates::values::Shared;

/// What every function reads.
pub struct Env {
    pub shared: Arc<Shared>,
    pub statics: StaticFiles,
    pub images: Arc<Images>,
    pub markdown_options: Options,
}

/// What the functions that also work while Markdown is rendered (`get_url`, `trans`,
/// `get_taxonomy_url`, the `markdown` filter) read: known before any page is rendered.
pub(crate) trait Basics: Send + Sync + 'static {
    fn config(&self) -> &Config;
    /// Content paths to permalinks.
    fn permalinks(&self) -> &HashMap<String, String>;
    fn statics(&self) -> &StaticFiles;
    /// The images of this build (`get_image_metadata`, `resize_image`).
    fn images(&self) -> &Images;
    fn taxonomies(&self) -> &[Taxonomy];
    fn markdown_options(&self) -> &Options;

    fn default_lang(&self) -> &str {
        &self.config().default_language
    }

    fn lang_arg(&self, function: &str, args: &HashMap<String, Value>) -> Result<String> {
        Ok(string_arg(function, args, "lang")?
            .map_or_else(|| self.default_lang().to_string(), str::to_string))
    }
}

impl Basics for Env {
    fn config(&self) -> &Config {
        &self.shared.site.config
    }

    fn permalinks(&self) -> &HashMap<String, String> {
        &self.shared.permalinks
    }

    fn statics(&self) -> &StaticFiles {
        &self.statics
    }

    fn images(&self) -> &Images {
        &self.images
    }

    fn taxonomies(&self) -> &[Taxonomy] {
        &self.shared.site.taxonomies
    }

    fn markdown_options(&self) -> &Options {
        &self.markdown_options
    }
}

pub(super) fn string_arg<'a>(
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

pub(super) fn bool_arg(
    function: &str,
    args: &HashMap<String, Value>,
    name: &str,
    default: bool,
) -> Result<bool> {
    match args.get(name) {
        None => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(Error::msg(format!(
            "`{function}`: argument `{name}` must be a boolean, not {other}"
        ))),
    }
}

pub(super) fn required<'a>(
    function: &str,
    args: &'a HashMap<String, Value>,
    name: &str,
) -> Result<&'a str> {
    string_arg(function, args, name)?.ok_or_else(|| {
        Error::msg(format!(
            "`{function}` needs a `{name}` argument with a string value"
        ))
    })
}

/// The message for a path argument that names no file.
pub(super) fn not_found(function: &str, path: &str) -> Error {
    Error::msg(format!(
        "`{function}`: there is no file `{path}` (looked in the site directory, static/, content/ and the theme's static/)"
    ))
}

/// The bytes of what a template path names (see `StaticFiles::lookup`), `None` when nothing is
/// found; an image this build resizes is made first, so that its bytes are this build's.
pub(super) fn read_named<E: Basics>(
    env: &E,
    function: &str,
    path: &str,
) -> Result<Option<Vec<u8>>> {
    env.images()
        .make_named(path)
        .map_err(|m| Error::msg(format!("`{function}`: `{path}`: {m}")))?;
    Ok(env.statics().read(path))
}

/// `get_url(path, trailing_slash=false, cachebust=false, lang)`.
pub(crate) struct GetUrl<E = Env>(pub Arc<E>);

impl<E: Basics> Function for GetUrl<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let env = &self.0;
        let path = required("get_url", args, "path")?;
        let lang = env.lang_arg("get_url", args)?;
        let trailing_slash = bool_arg("get_url", args, "trailing_slash", false)?;
        let cachebust = bool_arg("get_url", args, "cachebust", false)?;
        let config = env.config();
        if let Some(target) = path.strip_prefix("@/") {
            let (file, anchor) = target
                .split_once('#')
                .map_or((target, None), |(f, a)| (f, Some(a)));
            let file = lang::localized(file, &lang, config);
            let url = env.permalinks().get(&file).ok_or_else(|| {
                Error::msg(format!(
                    "`get_url`: there is no content file `{file}` for `{path}`"
                ))
            })?;
            return Ok(Value::String(
                anchor.map_or_else(|| url.clone(), |a| format!("{url}#{a}")),
            ));
        }
        // The language goes in front unless the path's first segment already names it.
        let first_segment = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let with_lang = if lang != config.default_language && first_segment != lang {
            format!("{lang}/{}", path.trim_start_matches('/'))
        } else {
            path.to_string()
        };
        let mut url = config.permalink(&with_lang);
        let ends_plainly = with_lang.ends_with('/')
            || with_lang.is_empty()
            || with_lang.contains('#')
            || config
                .all_feed_filenames()
                .iter()
                .any(|f| with_lang.ends_with(f.as_str()));
        if !ends_plainly {
            url.push('/');
        }
        // Zola joins a language and `/` into `fr//` and then drops one slash: the home page of
        // a language keeps its trailing slash.
        let language_home = with_lang != path && path.trim_start_matches('/').is_empty();
        if !trailing_slash && url.ends_with('/') && !language_home {
            url.pop();
        }
        if cachebust {
            let bytes = read_named(&**env, "get_url", &with_lang)?.ok_or_else(|| {
                Error::msg(format!(
                    "`get_url`: cannot find or read the file `{with_lang}` for `cachebust`"
                ))
            })?;
            url = format!("{url}?h={}", short_hash(&bytes));
        }
        Ok(Value::String(url))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The first 20 hex digits of the SHA-256 of `bytes`, for cache busting.
fn short_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// `get_page(path, lang)`: the page at `path` below `content/`, with its neighbours.
pub(crate) struct GetPage(pub Arc<Env>, pub Fields);

impl Function for GetPage {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let env = &self.0;
        let path = required("get_page", args, "path")?;
        let lang = env.lang_arg("get_page", args)?;
        let file = lang::localized(path.trim_start_matches("@/"), &lang, env.config());
        match env.shared.site.page_by_file.get(&file) {
            Some(&id) => Ok(env.shared.page_full(id, &self.1)),
            None => Err(Error::msg(format!("`get_page`: there is no page `{file}`"))),
        }
    }
}

/// `get_section(path, metadata_only=false, lang)`: the section whose `_index.md` is at `path`.
pub(crate) struct GetSection(pub Arc<Env>, pub Fields);

impl Function for GetSection {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let env = &self.0;
        let path = required("get_section", args, "path")?;
        let lang = env.lang_arg("get_section", args)?;
        let metadata_only = bool_arg("get_section", args, "metadata_only", false)?;
        let file = lang::localized(path.trim_start_matches("@/"), &lang, env.config());
        match env.shared.site.section_by_file.get(&file) {
            Some(&id) if metadata_only => Ok(env.shared.section_meta(id)),
            Some(&id) => Ok(env.shared.section_full(id, &self.1)),
            None => Err(Error::msg(format!(
                "`get_section`: there is no section `{file}`"
            ))),
        }
    }
}

fn find_taxonomy<'a, E: Basics>(
    env: &'a E,
    function: &str,
    args: &HashMap<String, Value>,
) -> Result<Option<&'a crate::site::Taxonomy>> {
    let kind = required(function, args, "kind")?;
    let lang = env.lang_arg(function, args)?;
    let found = env
        .taxonomies()
        .iter()
        .find(|t| t.kind.name == kind && t.lang == lang);
    match (found, bool_arg(function, args, "required", true)?) {
        (Some(t), _) => Ok(Some(t)),
        (None, false) => Ok(None),
        (None, true) => Err(Error::msg(format!(
            "`{function}`: there is no taxonomy `{kind}` in language `{lang}`"
        ))),
    }
}

/// `get_taxonomy(kind, lang, required=true)`: a taxonomy with all its terms and their pages.
pub(crate) struct GetTaxonomy(pub Arc<Env>, pub Fields);

impl Function for GetTaxonomy {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        Ok(find_taxonomy(&*self.0, "get_taxonomy", args)?
            .map_or(Value::Null, |t| self.0.shared.taxonomy(t, &self.1)))
    }
}

/// `get_taxonomy_term(kind, term, include_pages=true, lang, required=true)`.
pub(crate) struct GetTaxonomyTerm(pub Arc<Env>, pub Fields);

impl Function for GetTaxonomyTerm {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let env = &self.0;
        let name = required("get_taxonomy_term", args, "term")?;
        let include_pages = bool_arg("get_taxonomy_term", args, "include_pages", true)?;
        let Some(taxonomy) = find_taxonomy(&**env, "get_taxonomy_term", args)? else {
            return Ok(Value::Null);
        };
        // As in Zola, the term is found by its exact name (that of the merged term when names
        // share a slug), unlike `get_taxonomy_url`, which compares slugs.
        match (
            taxonomy.terms.iter().find(|t| t.name == name),
            bool_arg("get_taxonomy_term", args, "required", true)?,
        ) {
            (Some(term), _) => Ok(env.shared.term(term, include_pages, &self.1)),
            (None, false) => Ok(Value::Null),
            (None, true) => Err(Error::msg(format!(
                "`get_taxonomy_term`: there is no term `{name}` in taxonomy `{}`",
                taxonomy.kind.name
            ))),
        }
    }
}

/// `get_taxonomy_url(kind, name, lang, required=true)`: the permalink of a term.
pub(crate) struct GetTaxonomyUrl<E = Env>(pub Arc<E>);

impl<E: Basics> Function for GetTaxonomyUrl<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let env = &self.0;
        let name = required("get_taxonomy_url", args, "name")?;
        let Some(taxonomy) = find_taxonomy(&**env, "get_taxonomy_url", args)? else {
            return Ok(Value::Null);
        };
        let slug = env.config().slugify.taxonomies.slugify_path(name);
        match taxonomy.terms.iter().find(|t| t.slug == slug) {
            Some(term) => Ok(Value::String(term.permalink.clone())),
            None => Err(Error::msg(format!(
                "`get_taxonomy_url`: there is no term `{name}` in taxonomy `{}`",
                taxonomy.kind.name
            ))),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `trans(key, lang)`: a string of the site's `[translations]` for a language.
pub(crate) struct Trans<E = Env>(pub Arc<E>);

impl<E: Basics> Function for Trans<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let key = required("trans", args, "key")?;
        let lang = self.0.lang_arg("trans", args)?;
        match self.0.config().translation(key, &lang) {
            Some(text) => Ok(Value::String(text.to_string())),
            None => Err(Error::msg(format!(
                "`trans`: there is no translation `{key}` for language `{lang}`"
            ))),
        }
    }
}

/// The `markdown` filter: renders a string as Markdown, its shortcodes expanded;
/// `inline=true` drops the `<p>` tags at its start and the `</p>` lines at its end, as Zola
/// does. As in Zola, its output is escaped like any value in an autoescaped template, unless
/// `safe` follows it.
pub(crate) struct MarkdownFilter<E = Env>(pub Arc<E>, pub Arc<FilterShortcodes>);

impl<E: Basics> Filter for MarkdownFilter<E> {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
        let text = value
            .as_str()
            .ok_or_else(|| Error::msg("`markdown` filter: the value must be a string"))?;
        let inline = bool_arg("markdown", args, "inline", false)?;
        let resolve = |target: &str| self.0.permalinks().get(target).cloned();
        let rendered = markdown::render(&MarkdownInput {
            text,
            path: Path::new("(markdown filter)"),
            first_line: 1,
            permalink: "",
            resolve_link: &resolve,
            options: self.0.markdown_options(),
            templates: Some(self.1.as_ref()),
            insert_anchor: InsertAnchor::None,
        })
        .map_err(|e| Error::msg(format!("`markdown` filter: {e}")))?;
        let mut html = rendered.html;
        if inline {
            html = html
                .trim_start_matches("<p>")
                .trim_end_matches("</p>\n")
                .to_string();
        }
        Ok(Value::String(html))
    }
}
