//! Rendering again only what changed. Each output of a build gets a fingerprint of all it was
//! rendered from: its template's version (the template, those it extends, includes and
//! imports, and its constants), the site-wide values (each language's `config`, every
//! permalink), and the variables of its context; and the list of function calls it made, with
//! a hash of each result (`templates::record`).
//!
//! The next build (in the live preview) reuses an output's previous text when its fingerprint
//! is the same and every call it made returns the same again, and renders it otherwise. An
//! output that called `now()`, `get_random()` or `get_env()` is always rendered. So a content
//! edit renders the outputs that show what changed (the page, its neighbours, listings, terms,
//! feeds, pages whose `get_page`/`get_section` calls read it), and a template edit those that
//! use the template, with the same result as rendering everything.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::templates::record::{self, hash_value, Call, Calls};
use crate::templates::values::Shared;
use crate::templates::Templates;

/// What each output of a build was rendered from, by output path.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Memo {
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    fingerprint: u64,
    calls: Vec<Call>,
}

impl Memo {
    /// Forgets the outputs `keep` refuses (those whose previous text is no longer at hand).
    pub(crate) fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.entries.retain(|rel, _| keep(rel));
    }
}

/// The memo of the build under way, and the previous one it reuses outputs from.
pub(crate) struct Memoizer<'a> {
    templates: &'a Templates,
    previous: Option<&'a Memo>,
    next: Mutex<HashMap<String, Entry>>,
    /// The hash of the site-wide values every output may see.
    global: u64,
    /// The result hash of each distinct call (by the hash of its name and arguments) in this
    /// build, so a call made by many outputs is checked once.
    results: Mutex<HashMap<u64, u64>>,
}

impl<'a> Memoizer<'a> {
    pub(crate) fn new(
        shared: &Shared,
        templates: &'a Templates,
        previous: Option<&'a Memo>,
    ) -> Self {
        let mut hasher = DefaultHasher::new();
        let mut permalinks: Vec<(&String, &String)> = shared.permalinks.iter().collect();
        permalinks.sort();
        permalinks.hash(&mut hasher);
        let mut langs: Vec<&String> = shared.configs.keys().collect();
        langs.sort();
        for lang in langs {
            lang.hash(&mut hasher);
            hash_value(&shared.configs[lang], &mut hasher);
        }
        Memoizer {
            templates,
            previous,
            next: Mutex::new(HashMap::new()),
            global: hasher.finish(),
            results: Mutex::new(HashMap::new()),
        }
    }

    /// The fingerprint of an output of `template` in `lang` with `vars` set and `kept`
    /// values (name and hash) left in its context.
    pub(crate) fn fingerprint(
        &self,
        template: &str,
        lang: &str,
        kept: &[(String, u64)],
        vars: &[(&str, Value)],
    ) -> u64 {
        let mut hasher = DefaultHasher::new();
        (
            self.global,
            self.templates.version(template),
            template,
            lang,
        )
            .hash(&mut hasher);
        kept.hash(&mut hasher);
        for (name, value) in vars {
            name.hash(&mut hasher);
            hash_value(value, &mut hasher);
        }
        hasher.finish()
    }

    /// Whether the previous build rendered `rel` from `fingerprint`, with calls that return
    /// the same now; if so, `rel` is carried into this build's memo.
    pub(crate) fn reuse(&self, rel: &str, fingerprint: u64) -> bool {
        let Some(entry) = self.previous.and_then(|memo| memo.entries.get(rel)) else {
            return false;
        };
        if entry.fingerprint != fingerprint || !entry.calls.iter().all(|c| self.same(c)) {
            return false;
        }
        self.lock().insert(rel.to_string(), entry.clone());
        true
    }

    /// Keeps what `rel` was rendered from, unless it cannot be reused.
    pub(crate) fn rendered(&self, rel: &str, fingerprint: u64, calls: Calls) {
        if calls.volatile {
            return;
        }
        let entry = Entry {
            fingerprint,
            calls: calls.calls,
        };
        self.lock().insert(rel.to_string(), entry);
    }

    /// This build's memo.
    pub(crate) fn finish(self) -> Memo {
        Memo {
            entries: self.next.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Whether `call` returns what it returned when it was recorded.
    fn same(&self, call: &Call) -> bool {
        let mut hasher = DefaultHasher::new();
        call.name.hash(&mut hasher);
        let mut args: Vec<(&String, &Value)> = call.args.iter().collect();
        args.sort_by(|a, b| a.0.cmp(b.0));
        for (name, value) in args {
            name.hash(&mut hasher);
            hash_value(value, &mut hasher);
        }
        let key = hasher.finish();
        let known = self.results_lock().get(&key).copied();
        let result = known.unwrap_or_else(|| {
            let result = record::outcome_hash(&self.templates.call(&call.name, &call.args));
            self.results_lock().insert(key, result);
            result
        });
        result == call.result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.next.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn results_lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, u64>> {
        self.results.lock().unwrap_or_else(|e| e.into_inner())
    }
}
