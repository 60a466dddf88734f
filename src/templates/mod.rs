//! The template stage: Tera 1 loaded with the site's and the theme's templates, built-in
//! defaults for any a site lacks, and Zola's functions over the site's values.

mod errors;
mod filters;
pub mod functions;
mod hoist;
mod library;
pub mod markdown;
pub mod usage;
pub mod values;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Context, Function, Tera};

use crate::error::{Error, Result};
use crate::load::TemplateFile;
use errors::Sources;
use functions::{
    Env, GetPage, GetSection, GetTaxonomy, GetTaxonomyTerm, GetTaxonomyUrl, GetUrl, MarkdownFilter,
    Trans,
};
pub use hoist::Constants;
pub use usage::Fields;
use usage::Usage;

/// Defaults used when neither the site nor its theme has a template of that name.
const DEFAULTS: &[(&str, &str)] = &[
    ("index.html", include_str!("builtin/index.html")),
    ("section.html", include_str!("builtin/section.html")),
    ("page.html", include_str!("builtin/page.html")),
    ("404.html", include_str!("builtin/404.html")),
    (
        "taxonomy_list.html",
        include_str!("builtin/taxonomy_list.html"),
    ),
    (
        "taxonomy_single.html",
        include_str!("builtin/taxonomy_single.html"),
    ),
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("rss.xml", include_str!("builtin/rss.xml")),
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    (
        "split_sitemap_index.xml",
        include_str!("builtin/split_sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("builtin/robots.txt")),
    (
        "internal/alias.html",
        include_str!("builtin/internal/alias.html"),
    ),
    ("anchor-link.html", include_str!("builtin/anchor-link.html")),
    (
        "summary-cutoff.html",
        include_str!("builtin/summary-cutoff.html"),
    ),
];

/// Helpers of the defaults, under a prefix no site uses.
const INTERNAL: &[(&str, &str)] = &[
    ("__loess/base.html", include_str!("builtin/base.html")),
    ("__loess/list.html", include_str!("builtin/list.html")),
];

/// The loaded templates of one site.
pub struct Templates {
    tera: Tera,
    /// Values of the calls that were evaluated once (see `hoist`); every context holds them.
    pub constants: Constants,
    /// The fields of listed pages each template reads (see `usage`).
    fields: HashMap<String, Fields>,
    /// Where each template came from and its text, for messages.
    sources: Sources,
}

/// The templates of one site parsed, before any function is registered.
#[derive(Clone)]
pub struct Parsed {
    tera: Tera,
    sources: Sources,
}

impl Templates {
    /// Parses `files` (and the defaults they do not replace) and registers the functions.
    pub fn load(files: &[TemplateFile], env: Arc<Env>) -> Result<Templates> {
        Ok(Templates::parse(files)?.finish(env))
    }

    /// Parses `files` and the defaults they do not replace.
    pub fn parse(files: &[TemplateFile]) -> Result<Parsed> {
        let mut tera = Tera::default();
        let own = Sources(
            files
                .iter()
                .map(|f| (f.name.clone(), (f.shown.clone(), f.text.clone())))
                .collect(),
        );
        let defaults = DEFAULTS
            .iter()
            .filter(|(name, _)| !own.0.contains_key(*name));
        let sources = INTERNAL
            .iter()
            .chain(defaults)
            .map(|(name, text)| (*name, *text))
            .chain(files.iter().map(|f| (f.name.as_str(), f.text.as_str())))
            .collect::<Vec<_>>();
        tera.add_raw_templates(sources.iter().copied())
            .map_err(|e| {
                // Tera checks `extends` and `import` in hash order; report the first problem
                // in name order instead, so a site always gets the same message.
                let e = first_link_error(&sources).unwrap_or(e);
                own.syntax_error(&e).unwrap_or_else(|| Error::Template {
                    message: format!("templates could not be loaded: {}", own.describe(&e)),
                })
            })?;
        Ok(Parsed { tera, sources: own })
    }
}

impl Parsed {
    /// The templates with Zola's functions over the built site.
    pub fn finish(self, env: Arc<Env>) -> Templates {
        let Parsed {
            mut tera,
            sources: own,
        } = self;
        tera.register_function("get_url", GetUrl(env.clone()));
        tera.register_function("get_page", GetPage(env.clone(), Fields::All));
        tera.register_function("get_section", GetSection(env.clone(), Fields::All));
        tera.register_function("get_taxonomy", GetTaxonomy(env.clone(), Fields::All));
        tera.register_function(
            "get_taxonomy_term",
            GetTaxonomyTerm(env.clone(), Fields::All),
        );
        tera.register_function("get_taxonomy_url", GetTaxonomyUrl(env.clone()));
        tera.register_function("trans", Trans(env.clone()));
        tera.register_filter("markdown", MarkdownFilter(env.clone()));
        library::register(&mut tera, &env);
        tera.register_filter("slice", filters::slice);
        tera.register_filter("first", filters::first);
        tera.register_filter("last", filters::last);
        tera.register_filter("nth", filters::nth);
        let usage = Usage::analyse(&tera);
        let eval = |name: &str, args: &HashMap<String, serde_json::Value>, fields: &Fields| {
            let listing = fields.clone();
            let result = match name {
                "get_section" => GetSection(env.clone(), listing).call(args),
                "get_page" => GetPage(env.clone(), listing).call(args),
                "get_taxonomy" => GetTaxonomy(env.clone(), listing).call(args),
                "get_taxonomy_term" => GetTaxonomyTerm(env.clone(), listing).call(args),
                _ => return None,
            };
            // A null result stays a call: a context cannot hold a null variable.
            result.ok().filter(|value| !value.is_null())
        };
        let constants = hoist::hoist(&mut tera, &usage, &eval);
        let fields = tera
            .templates
            .keys()
            .map(|name| (name.clone(), usage.fields(name)))
            .collect();
        Templates {
            tera,
            constants,
            fields,
            sources: own,
        }
    }
}

impl Templates {
    /// The constants (name and value) a template needs in its context.
    pub fn constants_for<'a>(
        &'a self,
        template: &str,
    ) -> impl Iterator<Item = (&'a str, &'a serde_json::Value)> {
        let indexes = self
            .constants
            .by_template
            .get(template)
            .into_iter()
            .flatten();
        indexes.map(|&i| {
            let (name, value) = &self.constants.values[i];
            (name.as_str(), value)
        })
    }

    /// The fields of listed pages that `template` reads.
    pub fn fields(&self, template: &str) -> &Fields {
        self.fields.get(template).unwrap_or(&Fields::All)
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template(name).is_ok()
    }

    /// Renders template `name`; an error message carries Tera's whole chain of causes.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera
            .render(name, context)
            .map_err(|e| self.sources.describe(&e))
    }
}

/// The first template, in name order, that extends a missing template or is part of an
/// `extends` cycle, or else that imports macros from a missing template. `None` if a template
/// does not parse (Tera reports that in the order the templates were given) or all is well.
fn first_link_error(sources: &[(&str, &str)]) -> Option<tera::Error> {
    let mut parsed = BTreeMap::new();
    for (name, text) in sources {
        parsed.insert(*name, tera::Template::new(name, None, text).ok()?);
    }
    for (&name, template) in &parsed {
        let mut chain: Vec<String> = Vec::new();
        let mut current = template;
        while let Some(parent) = &current.parent {
            let Some(next) = parsed.get(parent.as_str()) else {
                return Some(tera::Error::missing_parent(&current.name, parent));
            };
            chain.push(parent.clone());
            if parent == name {
                return Some(tera::Error::circular_extend(name, chain));
            }
            if chain.len() > parsed.len() {
                // A cycle above this template; it is reported from one of its own members.
                break;
            }
            current = next;
        }
    }
    parsed.values().find_map(|template| {
        let (missing, _) = template
            .imported_macro_files
            .iter()
            .find(|(file, _)| !parsed.contains_key(file.as_str()))?;
        Some(tera::Error::msg(format!(
            "Template '{}' imports macros from '{missing}', which doesn't exist",
            template.name
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_errors_are_found_in_name_order() {
        let cycle = [
            ("a.html", "{% extends \"z.html\" %}"),
            ("y.html", "{% extends \"z.html\" %}"),
            ("z.html", "{% extends \"y.html\" %}"),
        ];
        let e = first_link_error(&cycle).unwrap().to_string();
        assert!(
            e.starts_with("Circular extend detected for template 'y.html'"),
            "{e}"
        );
        let missing = [
            ("b.html", "{% extends \"x.html\" %}"),
            ("a.html", "{% import \"m.html\" as m %}"),
        ];
        let e = first_link_error(&missing).unwrap().to_string();
        assert!(
            e.starts_with("Template 'b.html' is inheriting from 'x.html'"),
            "{e}"
        );
        assert!(first_link_error(&[("a.html", "{{ x }")]).is_none());
        assert!(
            first_link_error(&[("a.html", "{% extends \"b.html\" %}"), ("b.html", "")]).is_none()
        );
    }
}
