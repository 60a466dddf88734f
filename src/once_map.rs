//! [`OnceMap`]: values computed at most once per key, however many threads ask at the same
//! time (pages render in parallel); a thread asking for a key being computed waits for it,
//! and threads asking for other keys do not.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Debug)]
pub(crate) struct OnceMap<K, V>(Mutex<HashMap<K, Arc<OnceLock<V>>>>);

impl<K, V> Default for OnceMap<K, V> {
    fn default() -> Self {
        OnceMap(Mutex::default())
    }
}

impl<K: Eq + Hash, V: Clone> OnceMap<K, V> {
    /// The value of `key`, computed by `compute` if no thread has done so yet.
    pub(crate) fn get_or_compute(&self, key: K, compute: impl FnOnce() -> V) -> V {
        let cell = {
            let mut cells = self.0.lock().expect("no computation panicked");
            cells.entry(key).or_default().clone()
        };
        cell.get_or_init(compute).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn each_key_is_computed_once_by_racing_threads() {
        let map: OnceMap<u32, String> = OnceMap::default();
        let computed = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let (map, computed) = (&map, &computed);
                scope.spawn(move || {
                    for key in 0..20 {
                        let value = map.get_or_compute((key + thread) % 20, || {
                            computed.fetch_add(1, Ordering::SeqCst);
                            std::thread::yield_now();
                            format!("v{}", (key + thread) % 20)
                        });
                        assert_eq!(value, format!("v{}", (key + thread) % 20));
                    }
                });
            }
        });
        assert_eq!(computed.load(Ordering::SeqCst), 20);
    }
}
