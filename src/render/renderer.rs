//! Rendering one output: the context a template gets, with Zola's variable names.
//!
//! Work is split into a few chunks per thread; each chunk uses one context per template and
//! language, and only replaces the variables of each output in it. The site-wide values
//! (config, constant calls) are put in a context once per set of contexts, and sets are reused
//! from chunk to chunk, so there are only as many as chunks running at once.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::Value;
use tera::Context;

use super::memo::Memoizer;
use super::{minify, Kind, Origin, Output, Sink};
use crate::error::{Error, Result};
use crate::templates::record;
use crate::templates::values::Shared;
use crate::templates::{Fields, Templates};

/// Everything needed to render outputs.
pub(crate) struct Renderer<'a> {
    pub shared: &'a Shared,
    pub templates: &'a Templates,
    sink: &'a Sink<'a>,
    /// Whether HTML outputs are minified (`minify_html`).
    minify: bool,
    /// Contexts not in use: a chunk of work takes one set and gives it back, so no more sets
    /// are made than chunks run at once, however many kinds of output are rendered.
    pool: Mutex<Vec<Contexts>>,
    /// In the live preview: what outputs are rendered from, to reuse unchanged ones.
    pub memo: Option<Memoizer<'a>>,
}

/// Contexts reused from output to output, by template, language and role (the first
/// variable an output sets: `page`, `section`, `taxonomy`, ...), so that a template used in
/// two roles never sees the other role's variables; with the keys of the large values
/// [`Renderer::keep`] left in them.
#[derive(Default)]
pub(crate) struct Contexts {
    contexts: HashMap<Slot, Context>,
    kept: HashMap<(Slot, String), u64>,
    /// The content hash of each kept value (only when outputs are memoized).
    kept_hashes: HashMap<Slot, Vec<(String, u64)>>,
}

type Slot = (String, String, String);

impl<'a> Renderer<'a> {
    pub(crate) fn new(
        shared: &'a Shared,
        templates: &'a Templates,
        sink: &'a Sink<'a>,
    ) -> Renderer<'a> {
        Renderer {
            pool: Mutex::new(Vec::new()),
            memo: None,
            minify: shared.site.config.minify_html,
            shared,
            templates,
            sink,
        }
    }

    /// Runs `job` over `items` in parallel, one chunk per thread, each with its own contexts.
    pub(crate) fn each<T: Sync>(
        &self,
        items: &[T],
        job: impl Fn(&mut Contexts, &T) -> Result<usize> + Sync,
    ) -> Result<usize> {
        if items.is_empty() {
            return Ok(0);
        }
        let chunk = items
            .len()
            .div_ceil(rayon::current_num_threads().max(1) * 2)
            .max(1);
        let results: Vec<Result<usize>> = items
            .par_chunks(chunk)
            .map(|chunk| {
                let mut contexts = self
                    .pool
                    .lock()
                    .expect("no render panicked")
                    .pop()
                    .unwrap_or_default();
                let mut count = 0;
                let mut errors = Vec::new();
                for item in chunk {
                    match job(&mut contexts, item) {
                        Ok(n) => count += n,
                        Err(e) => errors.push(e),
                    }
                }
                self.pool.lock().expect("no render panicked").push(contexts);
                Error::collect(errors).map(|()| count)
            })
            .collect();
        let mut total = 0;
        let mut errors = Vec::new();
        for result in results {
            result
                .map(|n| total += n)
                .unwrap_or_else(|e| errors.push(e));
        }
        Error::collect(errors).map(|()| total)
    }

    /// The fields of listed pages that `template` reads (see `templates::usage`).
    pub(crate) fn fields(&self, template: &str) -> &Fields {
        self.templates.fields(template)
    }

    /// A fresh context for one output outside the parallel jobs.
    pub(crate) fn context(&self, template: &str, lang: &str) -> Context {
        let mut context = Context::new();
        let mut vars = vec![
            ("config", self.shared.config(lang).clone()),
            ("lang", Value::String(lang.to_string())),
        ];
        vars.extend(
            self.templates
                .constants_for(template)
                .map(|(name, value)| (name, value.clone())),
        );
        put(&mut context, vars);
        context
    }

    /// Renders output `rel` (an output of `kind`) with `template` and `vars` (see
    /// [`Renderer::render`]) and hands it on, or hands on its previous text when nothing it is rendered from changed.
    pub(crate) fn render_out(
        &self,
        contexts: &mut Contexts,
        (rel, kind): (String, Kind),
        template: &str,
        lang: &str,
        vars: Vec<(&str, Value)>,
        origin: &Path,
    ) -> Result<usize> {
        let made_by = Origin::new(kind, template);
        let Some(memo) = &self.memo else {
            let started = self.templates.timings.is_on().then(std::time::Instant::now);
            let text = self.render(contexts, template, lang, vars, origin)?;
            if let Some(started) = started {
                (self.templates.timings).render(template, &rel, started.elapsed());
            }
            return self.emit(rel, text, made_by);
        };
        let role = vars.first().map_or("", |(name, _)| *name);
        let slot = (template.to_string(), lang.to_string(), role.to_string());
        let kept = contexts
            .kept_hashes
            .get(&slot)
            .map_or(&[][..], Vec::as_slice);
        let fingerprint = memo.fingerprint(template, lang, kept, &vars);
        if memo.reuse(&rel, fingerprint) {
            (self.sink)(Output {
                rel,
                bytes: Vec::new(),
                reused: true,
                origin: made_by,
            })?;
            return Ok(1);
        }
        let started = self.templates.timings.is_on().then(std::time::Instant::now);
        let (text, calls) =
            record::recording(|| self.render(contexts, template, lang, vars, origin));
        if let Some(started) = started {
            (self.templates.timings).render(template, &rel, started.elapsed());
        }
        memo.rendered(&rel, fingerprint, calls);
        self.emit(rel, text?, made_by)
    }

    /// Renders `template` with `vars` set in the chunk's context for that template and language.
    pub(crate) fn render(
        &self,
        contexts: &mut Contexts,
        template: &str,
        lang: &str,
        vars: Vec<(&str, Value)>,
        origin: &Path,
    ) -> Result<String> {
        let role = vars.first().map_or("", |(name, _)| *name);
        let context = self.slot(contexts, template, lang, role);
        put(context, vars);
        self.templates.render(template, context).map_err(|m| {
            Error::file(
                origin,
                format!("rendering with template `{template}` failed: {m}"),
            )
        })
    }

    /// The context for outputs of `template` in `lang` whose first variable is `role`.
    fn slot<'c>(
        &self,
        contexts: &'c mut Contexts,
        template: &str,
        lang: &str,
        role: &str,
    ) -> &'c mut Context {
        let slot = (template.to_string(), lang.to_string(), role.to_string());
        contexts
            .contexts
            .entry(slot)
            .or_insert_with(|| self.context(template, lang))
    }

    /// Sets variable `name` to `make()` in the context of `role` outputs, unless it already
    /// holds the value known as `key`: a term with all its pages is built once for all its
    /// pagers, not once per pager.
    pub(crate) fn keep(
        &self,
        contexts: &mut Contexts,
        (template, lang, role): (&str, &str, &str),
        name: &str,
        key: u64,
        make: impl FnOnce() -> Value,
    ) {
        let id = (
            (template.to_string(), lang.to_string(), role.to_string()),
            name.to_string(),
        );
        if contexts.kept.get(&id) == Some(&key) {
            return;
        }
        let value = make();
        if self.memo.is_some() {
            let mut hasher = std::hash::DefaultHasher::new();
            record::hash_value(&value, &mut hasher);
            let hashes = contexts.kept_hashes.entry(id.0.clone()).or_default();
            hashes.retain(|(kept, _)| kept != name);
            hashes.push((name.to_string(), std::hash::Hasher::finish(&hasher)));
        }
        put(
            self.slot(contexts, template, lang, role),
            vec![(name, value)],
        );
        contexts.kept.insert(id, key);
    }

    /// Hands a finished output, and what produced it, to the write stage, minified first if
    /// it is HTML and the config asks for it.
    pub(crate) fn emit(&self, rel: String, text: String, origin: Origin) -> Result<usize> {
        let bytes = if self.minify && minify::applies_to(&rel) {
            minify::html(&text)
        } else {
            text.into_bytes()
        };
        (self.sink)(Output {
            rel,
            bytes,
            reused: false,
            origin,
        })?;
        Ok(1)
    }
}

/// Moves values into a context (inserting would copy them through serialization). A null
/// value removes the variable: Zola leaves `paginator` undefined where there is none.
pub(super) fn put(context: &mut Context, vars: Vec<(&str, Value)>) {
    let mut map = serde_json::Map::new();
    for (name, value) in vars {
        if value.is_null() {
            context.remove(name);
        } else {
            map.insert(name.to_string(), value);
        }
    }
    context.extend(Context::from_value(Value::Object(map)).expect("an object is a valid context"));
}
