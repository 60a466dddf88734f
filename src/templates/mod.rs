//! The template stage: Tera 1 loaded with the site's and the theme's templates, built-in
//! defaults for any a site lacks, and Zola's functions over the site's values.

pub mod functions;
pub mod values;

use std::collections::HashMap;
use std::error::Error as _;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::load::TemplateFile;
use functions::{GetPage, GetSection, GetUrl, MarkdownFilter, SiteIndex};

/// Defaults used when neither the site nor its theme has a template of that name.
const DEFAULTS: &[(&str, &str)] = &[
    ("index.html", include_str!("builtin/index.html")),
    ("section.html", include_str!("builtin/section.html")),
    ("page.html", include_str!("builtin/page.html")),
    ("404.html", include_str!("builtin/404.html")),
];

/// Helpers of the defaults, under a prefix no site uses.
const INTERNAL: &[(&str, &str)] = &[
    ("__loess/base.html", include_str!("builtin/base.html")),
    ("__loess/list.html", include_str!("builtin/list.html")),
];

/// The loaded templates of one site.
pub struct Templates {
    tera: Tera,
    /// Where each template came from, for messages.
    files: HashMap<String, PathBuf>,
}

impl Templates {
    /// Parses `files` (and the defaults they do not replace) and registers the functions.
    pub fn load(files: &[TemplateFile], index: Arc<SiteIndex>) -> Result<Templates> {
        let mut tera = Tera::default();
        let own: HashMap<String, PathBuf> = files
            .iter()
            .map(|f| (f.name.clone(), f.shown.clone()))
            .collect();
        let defaults = DEFAULTS.iter().filter(|(name, _)| !own.contains_key(*name));
        let sources = INTERNAL
            .iter()
            .chain(defaults)
            .map(|(name, text)| (*name, *text))
            .chain(files.iter().map(|f| (f.name.as_str(), f.text.as_str())));
        tera.add_raw_templates(sources)
            .map_err(|e| Error::Template {
                message: format!("templates could not be loaded: {}", describe(&e, &own)),
            })?;
        tera.register_function("get_url", GetUrl(index.clone()));
        tera.register_function("get_page", GetPage(index.clone()));
        tera.register_function("get_section", GetSection(index.clone()));
        tera.register_filter("markdown", MarkdownFilter(index));
        Ok(Templates { tera, files: own })
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template(name).is_ok()
    }

    /// Renders template `name`; an error message carries Tera's whole chain of causes.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera
            .render(name, context)
            .map_err(|e| describe(&e, &self.files))
    }
}

/// Tera's error and its causes on one line each, with template names followed by their files.
fn describe(error: &tera::Error, files: &HashMap<String, PathBuf>) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    let mut text = parts.join("\n  caused by: ");
    let mut named: Vec<(&String, &PathBuf)> = files
        .iter()
        .filter(|(n, _)| text.contains(&format!("'{n}'")))
        .collect();
    named.sort();
    for (name, path) in named {
        text = text.replace(
            &format!("'{name}'"),
            &format!("'{name}' ({})", path.display()),
        );
    }
    text
}
