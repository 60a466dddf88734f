//! `loess serve`'s part of the build cache (`cache`): the rendered Markdown is read from it
//! for the first build, and written back after each good build, so the next server starts
//! with the Markdown of every file unchanged since. What cannot be read or written becomes a
//! warning shown with the next build's.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::build::BuildOptions;
use crate::cache::{self, BuildCache};
use crate::site::MarkdownCache;
use crate::warning::Warning;

/// The server's cache file, if it keeps one, and the warnings not yet shown.
pub(super) struct Persisted {
    cache: Option<BuildCache>,
    /// The files Markdown's templates read, in any build of this server.
    reads: Mutex<Vec<PathBuf>>,
    notes: Mutex<Vec<Warning>>,
}

impl Persisted {
    /// The cache of the site `options` describe (none without a cache directory, or with one
    /// a build may not use, which is a warning), and the Markdown it holds.
    pub(super) fn open(options: &BuildOptions) -> (Persisted, MarkdownCache) {
        let mut notes = Vec::new();
        let out = (options.output_dir.clone()).unwrap_or_else(|| options.root.join("public"));
        let dir = options.cache_dir.as_deref().filter(|dir| {
            let refused = cache::check_dir(dir, &options.root, &out).err();
            notes.extend(refused.map(Warning::from));
            notes.is_empty()
        });
        let cache = dir
            .map(|dir| BuildCache::new(dir, "serve", &options.root, options.output_dir.as_deref()));
        let stored = cache.as_ref().and_then(|c| c.load(&mut notes));
        let stored = stored.filter(|s| cache::unchanged(&s.markdown_reads));
        let reads = (stored.iter()).flat_map(|s| s.markdown_reads.iter().map(|r| r.0.clone()));
        let persisted = Persisted {
            cache,
            reads: Mutex::new(reads.collect()),
            notes: Mutex::new(notes),
        };
        (persisted, stored.map(|s| s.markdown).unwrap_or_default())
    }

    /// The warnings gathered since the last call.
    pub(super) fn take_notes(&self) -> Vec<Warning> {
        std::mem::take(&mut *self.notes.lock().expect("no builder panicked"))
    }

    /// Writes `markdown` to the cache file, if there is one, with the files `read` to render it
    /// (and those read before).
    pub(super) fn save(&self, markdown: &MarkdownCache, read: Vec<PathBuf>) {
        let Some(cache) = &self.cache else {
            return;
        };
        let mut reads = self.reads.lock().expect("no builder panicked");
        reads.extend(read);
        let stamps = cache::stamps(reads.iter().cloned());
        drop(reads);
        if let Err(e) = cache.save_markdown(markdown, &stamps) {
            let note = format!("the build cache could not be written: {e}");
            (self.notes.lock().expect("no builder panicked")).push(Warning::new(note));
        }
    }
}
