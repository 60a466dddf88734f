//! Which functions a render called, with which arguments and what they returned: the part of
//! an output's input that is not in its context. The live preview keeps these to tell, on the
//! next build, whether an output would render the same (see `render::memo`).
//!
//! Every function of the templates is wrapped once; the wrapper records into the render of
//! the current thread only while a recording is on, so builds that do not record pay one
//! thread-local check per call.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tera::{Function, Tera};

use crate::timings::Timings;

/// Functions whose result is not a function of their arguments and the site.
const VOLATILE: [&str; 3] = ["now", "get_random", "get_env"];

/// One function call made while rendering.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Call {
    pub name: String,
    pub args: HashMap<String, Value>,
    /// The hash of what it returned (or of its error).
    pub result: u64,
}

/// The calls of one render.
#[derive(Debug, Default)]
pub(crate) struct Calls {
    pub calls: Vec<Call>,
    /// A volatile function was called: the output may differ on every render.
    pub volatile: bool,
}

thread_local! {
    /// The calls of the render running on this thread. Correct because Tera renders a template
    /// from start to end on one thread and calls its functions there; a function that handed
    /// work to other threads (none does) would have its calls left out, and one that let this
    /// thread run another render meanwhile (a rayon `join`) would mix that render's calls in.
    static RECORDING: RefCell<Option<Calls>> = const { RefCell::new(None) };
}

/// Runs `render` while recording the function calls it makes on this thread.
pub(crate) fn recording<T>(render: impl FnOnce() -> T) -> (T, Calls) {
    RECORDING.with(|r| *r.borrow_mut() = Some(Calls::default()));
    let result = render();
    let calls = RECORDING
        .with(|r| r.borrow_mut().take())
        .unwrap_or_default();
    (result, calls)
}

/// Wraps every function `tera` has so that calls are recorded, and timed into `timings` while
/// it is on.
pub(crate) fn wrap_functions(tera: &mut Tera, timings: &Arc<Timings>) {
    for (name, function) in tera.functions.iter_mut() {
        if super::depth::is_guard(name) {
            continue;
        }
        let inner = function.clone();
        *function = Arc::new(Recorded {
            name: name.clone(),
            inner,
            timings: timings.clone(),
        });
    }
}

/// The hash of a function's outcome, as [`Call::result`] holds it.
pub(crate) fn outcome_hash(outcome: &tera::Result<Value>) -> u64 {
    let mut hasher = DefaultHasher::new();
    match outcome {
        Ok(value) => hash_value(value, &mut hasher),
        Err(e) => e.to_string().hash(&mut hasher),
    }
    hasher.finish()
}

/// Feeds a JSON value into `hasher`, its structure included.
pub(crate) fn hash_value(value: &Value, hasher: &mut impl Hasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => (2u8, n.to_string()).hash(hasher),
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                hash_value(item, hasher);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
}

struct Recorded {
    name: String,
    inner: Arc<dyn Function>,
    timings: Arc<Timings>,
}

impl Function for Recorded {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let started = self.timings.is_on().then(Instant::now);
        let outcome = self.inner.call(args);
        if let Some(started) = started {
            self.timings.function(&self.name, started.elapsed());
        }
        RECORDING.with(|r| {
            if let Some(calls) = r.borrow_mut().as_mut() {
                if VOLATILE.contains(&self.name.as_str()) {
                    calls.volatile = true;
                }
                calls.calls.push(Call {
                    name: self.name.clone(),
                    args: args.clone(),
                    result: outcome_hash(&outcome),
                });
            }
        });
        outcome
    }

    fn is_safe(&self) -> bool {
        self.inner.is_safe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_recorded_only_while_recording() {
        let mut tera = Tera::default();
        tera.register_function("double", |args: &HashMap<String, Value>| {
            Ok(Value::from(args["n"].as_i64().unwrap_or(0) * 2))
        });
        tera.add_raw_template("t", "{{ double(n=2) }} {{ now() | date(format='%Y') }}")
            .unwrap();
        wrap_functions(&mut tera, &Arc::default());
        let context = tera::Context::new();
        tera.render("t", &context).unwrap();
        let (text, calls) = recording(|| tera.render("t", &context).unwrap());
        assert!(text.starts_with("4 "));
        let names: Vec<&str> = calls.calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["double", "now"]);
        assert!(calls.volatile);
        assert_eq!(calls.calls[0].result, outcome_hash(&Ok(Value::from(4))));
        let (_, none) = recording(|| ());
        assert!(none.calls.is_empty() && !none.volatile);
    }

    #[test]
    fn values_hash_by_content_and_shape() {
        let hash = |v: Value| {
            let mut h = DefaultHasher::new();
            hash_value(&v, &mut h);
            h.finish()
        };
        assert_eq!(
            hash(serde_json::json!({"a": [1, "x"]})),
            hash(serde_json::json!({"a": [1, "x"]}))
        );
        assert_ne!(
            hash(serde_json::json!(["ab"])),
            hash(serde_json::json!(["a", "b"]))
        );
        assert_ne!(hash(serde_json::json!(1)), hash(serde_json::json!("1")));
    }
}
