//! The templates Markdown is rendered with: shortcodes (`shortcodes/NAME.html` and
//! `shortcodes/NAME.md`), `anchor-link.html` and `summary-cutoff.html`.
//!
//! Markdown is rendered before the site's values exist, so these templates get the functions
//! that need no rendered page (`get_url`, `trans`, `get_taxonomy_url`, `get_hash`,
//! `load_data`, `get_image_metadata`, `resize_image`, the `markdown` filter and the other
//! filters), as in Zola; `get_page`, `get_section`,
//! `get_taxonomy` and `get_taxonomy_term` fail with a message saying why. A shortcode sees its
//! arguments, `nth`, `body`, `lang`, `config`, and `page` or `section` as far as they are
//! known before Markdown is rendered: without content, summary, table of contents,
//! neighbours, translations, backlinks, pages and subsections, as in Zola.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Map, Value};
use tera::{Context, Function, Tera};

use super::errors::Sources;
use super::filters;
use super::functions::{Basics, GetTaxonomyUrl, GetUrl, MarkdownFilter, Trans};
use super::library;
use super::values::{page_before_markdown, section_before_markdown};
use super::Parsed;
use crate::config::Config;
use crate::images::Images;
use crate::load::StaticFiles;
use crate::parse::hooks::{Hook, Hooks};
use crate::parse::markdown::Options;
use crate::parse::shortcodes::{Invocation, Kind, Templating};
use crate::site::{MarkdownTemplates, Page, Section, Site, Taxonomy};

/// What the functions read while Markdown is rendered.
struct Early {
    config: Config,
    permalinks: HashMap<String, String>,
    statics: StaticFiles,
    images: Arc<Images>,
    taxonomies: Vec<Taxonomy>,
    markdown_options: Options,
}

impl Basics for Early {
    fn config(&self) -> &Config {
        &self.config
    }

    fn permalinks(&self) -> &HashMap<String, String> {
        &self.permalinks
    }

    fn statics(&self) -> &StaticFiles {
        &self.statics
    }

    fn images(&self) -> &Images {
        &self.images
    }

    fn taxonomies(&self) -> &[Taxonomy] {
        &self.taxonomies
    }

    fn markdown_options(&self) -> &Options {
        &self.markdown_options
    }
}

/// A function that cannot work before pages are rendered.
struct TooEarly(&'static str);

impl Function for TooEarly {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Err(tera::Error::msg(format!(
            "`{}` cannot be used in shortcodes: the site's pages are not rendered yet while Markdown is",
            self.0
        )))
    }
}

/// The site's templates for its Markdown.
#[derive(Debug)]
pub struct ContentTemplates {
    tera: Tera,
    sources: Sources,
    /// Shortcode names to their template and kind.
    shortcodes: HashMap<String, (String, Kind)>,
    /// The `config` value of each language.
    configs: HashMap<String, Value>,
    /// The Markdown render hooks among the templates.
    hooks: Hooks,
}

impl Parsed {
    /// The templates for the Markdown of `site`, whose paths and taxonomies are known.
    pub fn for_markdown(
        &self,
        site: &Site,
        statics: StaticFiles,
        images: Arc<Images>,
        options: Options,
    ) -> ContentTemplates {
        let mut tera = self.tera.clone();
        let early = Arc::new(Early {
            config: site.config.clone(),
            permalinks: site.permalinks(),
            statics,
            images,
            taxonomies: site.taxonomies.clone(),
            markdown_options: options,
        });
        tera.register_function("get_url", GetUrl(early.clone()));
        tera.register_function("get_taxonomy_url", GetTaxonomyUrl(early.clone()));
        tera.register_function("trans", Trans(early.clone()));
        for name in [
            "get_page",
            "get_section",
            "get_taxonomy",
            "get_taxonomy_term",
        ] {
            tera.register_function(name, TooEarly(name));
        }
        let _ = library::register(&mut tera, &early);
        tera.register_filter("slice", filters::slice);
        tera.register_filter("first", filters::first);
        tera.register_filter("last", filters::last);
        tera.register_filter("nth", filters::nth);
        let in_filter = Arc::new(FilterShortcodes::new(tera.clone(), &self.sources));
        tera.register_filter("markdown", MarkdownFilter(early.clone(), in_filter));
        let configs = site
            .config
            .language_codes()
            .into_iter()
            .map(|code| (code.to_string(), site.config.to_template_value_for(code)))
            .collect();
        let hooks = Hook::ALL
            .into_iter()
            .filter(|hook| tera.get_template(hook.template()).is_ok())
            .fold(Hooks::default(), Hooks::with);
        ContentTemplates {
            hooks,
            shortcodes: shortcodes(&tera, &self.sources),
            tera,
            sources: Sources(self.sources.0.clone()),
            configs,
        }
    }
}

/// The shortcodes among the templates: `shortcodes/NAME.html` or `.md`. Should both exist,
/// the site's own wins over its theme's, then `.html` over `.md`.
fn shortcodes(tera: &Tera, sources: &Sources) -> HashMap<String, (String, Kind)> {
    let mut found: HashMap<String, (String, Kind)> = HashMap::new();
    let rank = |template: &str, kind: Kind| {
        let from_theme = sources
            .0
            .get(template)
            .is_some_and(|(path, _)| path.starts_with("themes"));
        (from_theme, kind == Kind::Markdown)
    };
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    for template in names {
        let Some(file) = template.strip_prefix("shortcodes/") else {
            continue;
        };
        let (name, kind) = match (file.strip_suffix(".html"), file.strip_suffix(".md")) {
            (Some(name), _) => (name, Kind::Html),
            (_, Some(name)) => (name, Kind::Markdown),
            _ => continue,
        };
        let better = found
            .get(name)
            .is_none_or(|(other, other_kind)| rank(template, kind) < rank(other, *other_kind));
        if better {
            found.insert(name.to_string(), (template.clone(), kind));
        }
    }
    found
}

impl ContentTemplates {
    fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        super::depth::scoped(|| self.tera.render(name, context))
            .map_err(|e| self.sources.describe(&e))
    }
}

impl MarkdownTemplates for ContentTemplates {
    fn for_page<'a>(&'a self, site: &'a Site, page: &'a Page) -> Box<dyn Templating + 'a> {
        Box::new(Scope {
            templates: self,
            lang: &page.lang,
            item: Item::Page(site, page),
            context: OnceLock::new(),
        })
    }

    fn for_section<'a>(&'a self, site: &'a Site, section: &'a Section) -> Box<dyn Templating + 'a> {
        Box::new(Scope {
            templates: self,
            lang: &section.lang,
            item: Item::Section(site, section),
            context: OnceLock::new(),
        })
    }
}

enum Item<'a> {
    Page(&'a Site, &'a Page),
    Section(&'a Site, &'a Section),
}

/// The templates for one page's or section's Markdown.
struct Scope<'a> {
    templates: &'a ContentTemplates,
    lang: &'a str,
    item: Item<'a>,
    /// `config`, `lang` and `page` or `section`, made for the first shortcode.
    context: OnceLock<Context>,
}

impl Scope<'_> {
    fn context(&self) -> &Context {
        self.context.get_or_init(|| {
            let mut context = Context::new();
            if let Some(config) = self.templates.configs.get(self.lang) {
                context.insert("config", config);
            }
            context.insert("lang", self.lang);
            match self.item {
                Item::Page(site, page) => context.insert("page", &page_before_markdown(site, page)),
                Item::Section(site, section) => {
                    context.insert("section", &section_before_markdown(site, section))
                }
            }
            context
        })
    }
}

impl Templating for Scope<'_> {
    fn shortcode(&self, name: &str) -> Option<Kind> {
        self.templates.shortcodes.get(name).map(|(_, kind)| *kind)
    }

    fn closest_shortcode(&self, name: &str) -> Option<String> {
        closest(&self.templates.shortcodes, name)
    }

    fn render_shortcode(&self, call: &Invocation) -> Result<String, String> {
        let Some((template, _)) = self.templates.shortcodes.get(call.name) else {
            return Err(format!("there is no shortcode `{}`", call.name));
        };
        // As in Zola, the document's variables win over arguments of the same name.
        let mut context = call_context(call);
        context.extend(self.context().clone());
        self.templates.render(template, &context)
    }

    fn render_anchor_link(&self, id: &str, level: u32) -> Result<String, String> {
        let mut context = Context::new();
        context.insert("id", id);
        context.insert("level", &level);
        context.insert("lang", self.lang);
        self.templates.render("anchor-link.html", &context)
    }

    fn render_summary_cutoff(&self, summary: &str) -> Result<String, String> {
        let mut context = Context::new();
        context.insert("summary", summary);
        context.insert("lang", self.lang);
        self.templates.render("summary-cutoff.html", &context)
    }

    fn hooks(&self) -> Hooks {
        self.templates.hooks
    }

    fn render_hook(&self, hook: Hook, vars: Map<String, Value>) -> Result<String, String> {
        // The element's variables win over the document's (a code block's `lang` over the
        // page's language).
        let mut context = self.context().clone();
        context.extend(Context::from_value(Value::Object(vars)).map_err(|e| e.to_string())?);
        self.templates.render(hook.template(), &context)
    }

    fn image_meta(&self, path: &str) -> Value {
        let Some(function) = self.templates.tera.functions.get("get_image_metadata") else {
            return Value::Null;
        };
        let args = HashMap::from([
            ("path".to_string(), json!(path)),
            ("allow_missing".to_string(), json!(true)),
        ]);
        function.call(&args).unwrap_or(Value::Null)
    }

    fn resize_image(
        &self,
        path: &str,
        width: u32,
        format: &str,
        quality: Option<u8>,
    ) -> Result<Value, String> {
        let function = (self.templates.tera.functions.get("resize_image"))
            .ok_or_else(|| "`resize_image` is missing".to_string())?;
        let mut args = HashMap::from([
            ("path".to_string(), json!(path)),
            ("width".to_string(), json!(width)),
            ("op".to_string(), json!("fit_width")),
            ("format".to_string(), json!(format)),
        ]);
        if let Some(quality) = quality {
            args.insert("quality".to_string(), json!(quality));
        }
        function
            .call(&args)
            .map_err(|e| super::errors::causes(&e).join(": "))
    }
}

/// The known shortcode whose name is closest to `name`, if one is close.
fn closest(shortcodes: &HashMap<String, (String, Kind)>, name: &str) -> Option<String> {
    let mut names: Vec<&String> = shortcodes.keys().collect();
    names.sort();
    names
        .into_iter()
        .map(|known| (strsim::jaro_winkler(name, known), known))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, known)| known.clone())
}

/// The shortcodes of text given to the `markdown` filter, expanded as Zola's filter expands
/// them: with the templates as they were before the filter was added (so a shortcode there
/// cannot use the filter again), and with only its arguments, `body` and `nth` in its
/// context (no `lang`, `config`, `page` or `section`).
#[derive(Debug)]
pub(crate) struct FilterShortcodes {
    tera: Tera,
    sources: Sources,
    shortcodes: HashMap<String, (String, Kind)>,
}

impl FilterShortcodes {
    /// The shortcodes of `tera`, whose templates come from `sources`.
    pub(super) fn new(tera: Tera, sources: &Sources) -> FilterShortcodes {
        FilterShortcodes {
            shortcodes: shortcodes(&tera, sources),
            tera,
            sources: Sources(sources.0.clone()),
        }
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        super::depth::scoped(|| self.tera.render(name, context))
            .map_err(|e| self.sources.describe(&e))
    }
}

impl Templating for FilterShortcodes {
    fn shortcode(&self, name: &str) -> Option<Kind> {
        self.shortcodes.get(name).map(|(_, kind)| *kind)
    }

    fn closest_shortcode(&self, name: &str) -> Option<String> {
        closest(&self.shortcodes, name)
    }

    fn render_shortcode(&self, call: &Invocation) -> Result<String, String> {
        let Some((template, _)) = self.shortcodes.get(call.name) else {
            return Err(format!("there is no shortcode `{}`", call.name));
        };
        self.render(template, &call_context(call))
    }

    fn render_anchor_link(&self, id: &str, level: u32) -> Result<String, String> {
        let mut context = Context::new();
        context.insert("id", id);
        context.insert("level", &level);
        self.render("anchor-link.html", &context)
    }

    fn render_summary_cutoff(&self, summary: &str) -> Result<String, String> {
        let mut context = Context::new();
        context.insert("summary", summary);
        self.render("summary-cutoff.html", &context)
    }
}

/// A shortcode call's own variables: its arguments, then `body` and `nth`, which win over
/// arguments of the same name.
fn call_context(call: &Invocation) -> Context {
    let mut context = Context::new();
    for (key, value) in call.args {
        context.insert(key.as_str(), value);
    }
    if let Some(body) = call.body {
        context.insert("body", body);
    }
    context.insert("nth", &call.nth);
    context
}
