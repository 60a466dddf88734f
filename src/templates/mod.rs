//! The template stage: Tera 1 loaded with the site's and the theme's templates, built-in
//! defaults for any a site lacks, and Zola's functions over the site's values.

mod depth;
mod errors;
mod filters;
pub(crate) mod functions;
mod hoist;
mod images;
mod library;
mod load_data;
pub(crate) mod markdown;
pub(crate) mod record;
pub(crate) mod usage;
pub(crate) mod values;

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use tera::{Context, Function, Tera};

use crate::error::{Error, Result};
use crate::load::TemplateFile;
use crate::timings::Timings;
use errors::Sources;
use functions::{
    Env, GetPage, GetSection, GetTaxonomy, GetTaxonomyTerm, GetTaxonomyUrl, GetUrl, MarkdownFilter,
    Trans,
};
pub(crate) use hoist::Constants;

pub(crate) use usage::Fields;
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
    /// The time renders and function calls take, when a build asks (`--timings`).
    pub timings: Arc<Timings>,
    /// Values of the calls that were evaluated once (see `hoist`); every context holds them.
    pub constants: Constants,
    /// The fields of listed pages each template reads (see `usage`).
    fields: HashMap<String, Fields>,
    /// Where each template came from and its text, for messages.
    sources: Sources,
    /// Each template's [`Templates::version`], once asked for.
    versions: Mutex<HashMap<String, u64>>,
}

/// The templates of one site parsed, before any function is registered.
#[derive(Clone)]
pub struct Parsed {
    tera: Tera,
    sources: Sources,
}

impl Templates {
    /// A hash of everything `template` renders with besides its context's variables: the
    /// text of it and of the templates it extends, includes and imports, and the constants
    /// its context holds. Equal versions and equal variables render equal text (given equal
    /// function results).
    pub fn version(&self, template: &str) -> u64 {
        let mut versions = self.versions.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&version) = versions.get(template) {
            return version;
        }
        let mut hasher = DefaultHasher::new();
        let mut chain: Vec<String> = self
            .sources
            .chain(template)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let dynamic = chain.iter().any(|name| {
            (self.sources.0.get(name)).is_some_and(|(_, text)| errors::has_dynamic_links(text))
        });
        if dynamic {
            // It may use any template: all of them count.
            chain = self.sources.0.keys().cloned().collect();
            chain.sort();
        }
        for name in chain {
            name.hash(&mut hasher);
            match self.sources.0.get(&name) {
                Some((_, text)) => text.hash(&mut hasher),
                // A built-in template: the same for as long as this program runs.
                None => "built-in".hash(&mut hasher),
            }
        }
        for (name, value) in self.constants_for(template) {
            name.hash(&mut hasher);
            record::hash_value(value, &mut hasher);
        }
        let version = hasher.finish();
        versions.insert(template.to_string(), version);
        version
    }

    /// Calls function `name` as a template would, outside any render.
    pub fn call(
        &self,
        name: &str,
        args: &HashMap<String, serde_json::Value>,
    ) -> tera::Result<serde_json::Value> {
        match self.tera.functions.get(name) {
            Some(function) => function.call(args),
            None => Err(tera::Error::msg(format!("no function `{name}`"))),
        }
    }

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
        depth::guard(&mut tera);
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
        let load_data = library::register(&mut tera, &env);
        let image_metadata = images::GetImageMetadata(env.clone());
        tera.register_filter("slice", filters::slice);
        tera.register_filter("first", filters::first);
        tera.register_filter("last", filters::last);
        tera.register_filter("nth", filters::nth);
        // Wrapped before the copy the `markdown` filter's shortcodes render with, so that
        // their calls are recorded too.
        let timings = Arc::new(Timings::default());
        record::wrap_functions(&mut tera, &timings);
        let in_filter = Arc::new(markdown::FilterShortcodes::new(tera.clone(), &own));
        tera.register_filter("markdown", MarkdownFilter(env.clone(), in_filter));
        let usage = Usage::analyse(&tera);
        let eval = |name: &str, args: &HashMap<String, serde_json::Value>, fields: &Fields| {
            let listing = fields.clone();
            let result = match name {
                "get_section" => GetSection(env.clone(), listing).call(args),
                "get_page" => GetPage(env.clone(), listing).call(args),
                "get_taxonomy" => GetTaxonomy(env.clone(), listing).call(args),
                "get_taxonomy_term" => GetTaxonomyTerm(env.clone(), listing).call(args),
                "load_data" => load_data.call(args),
                "get_image_metadata" => image_metadata.call(args),
                _ => return None,
            };
            // A null result stays a call: a context cannot hold a null variable.
            result.ok().filter(|value| !value.is_null())
        };
        let constants = hoist::hoist(&mut tera, &usage, &eval);
        let fields = tera
            .templates
            .keys()
            .map(|name| (name.clone(), usage.fields(name).of_pages()))
            .collect();
        Templates {
            tera,
            timings,
            constants,
            fields,
            sources: own,
            versions: Mutex::new(HashMap::new()),
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

    /// The file and text of template `name` and of each template it extends, nearest first;
    /// built-in templates, which have no file, are left out.
    pub fn files_of(&self, name: &str) -> Vec<(&std::path::Path, &str)> {
        let parents = self
            .tera
            .get_template(name)
            .map(|t| t.parents.as_slice())
            .unwrap_or_default();
        std::iter::once(name)
            .chain(parents.iter().map(String::as_str))
            .filter_map(|n| self.sources.0.get(n))
            .map(|(path, text)| (path.as_path(), text.as_str()))
            .collect()
    }

    /// The file and text of every template of the site and its theme, in name order.
    pub fn files(&self) -> Vec<(&std::path::Path, &str)> {
        let mut names: Vec<&String> = self.sources.0.keys().collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let (path, text) = &self.sources.0[n];
                (path.as_path(), text.as_str())
            })
            .collect()
    }

    /// Renders template `name`; an error message carries Tera's whole chain of causes.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        depth::scoped(|| self.tera.render(name, context)).map_err(|e| self.sources.describe(&e))
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
