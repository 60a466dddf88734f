//! The Pagefind step of a build (`index_format = "pagefind"`), after the images and before
//! the destination finishes: the pages of the index are read back, from the destination's
//! directory when it is on disk (`loess build`), else from their text kept as they were
//! rendered (`loess check`, `loess serve`), and Pagefind's bundle goes to the destination with
//! the rest of the site, so that every command sees the files a build writes.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

use super::{Prepared, Progress};
use crate::error::Result;
use crate::pagefind;
use crate::render::{self, Output};
use crate::write::Destination;

/// Pages by output path, with their text.
type Texts = Vec<(String, Vec<u8>)>;

/// The pages of the index, and their text while the destination keeps none on disk.
pub(super) struct Indexing {
    pages: HashSet<String>,
    kept: Option<Mutex<Texts>>,
    /// Where pages kept in memory are gathered for Pagefind: where a build stages.
    within: PathBuf,
}

impl Indexing {
    /// The pages `prepared` indexes (none without a Pagefind index), for `destination`.
    pub(super) fn new(prepared: &Prepared, destination: &impl Destination) -> Indexing {
        let pages: HashSet<String> = render::pagefind_pages(&prepared.shared)
            .into_iter()
            .collect();
        let in_memory = !pages.is_empty() && destination.dir().is_none();
        Indexing {
            pages,
            kept: in_memory.then(|| Mutex::new(Vec::new())),
            within: pagefind::beside(&prepared.output_dir),
        }
    }

    /// Keeps the text of `output` if it is a page of the index that is not kept on disk.
    pub(super) fn keep(&self, output: &Output, destination: &impl Destination) {
        let Some(kept) = self
            .kept
            .as_ref()
            .filter(|_| self.pages.contains(&output.rel))
        else {
            return;
        };
        let text = if output.reused {
            destination.reused_text(&output.rel)
        } else {
            Some(output.bytes.clone())
        };
        if let Some(text) = text {
            let page = (output.rel.clone(), text);
            kept.lock().expect("no sink panicked").push(page);
        }
    }

    /// Makes the bundle of the pages and hands it to `destination`.
    pub(super) fn finish(
        self,
        destination: &impl Destination,
        progress: &dyn Progress,
    ) -> Result<()> {
        if self.pages.is_empty() {
            return Ok(());
        }
        progress.stage("indexing");
        let bundle = match (self.kept, destination.dir()) {
            (Some(kept), _) => {
                let kept = kept.into_inner().expect("no sink panicked");
                let pages = kept
                    .iter()
                    .map(|(rel, text)| (rel.as_str(), text.as_slice()));
                pagefind::bundle_of_rendered(&self.within, pages)?
            }
            (None, Some(dir)) => {
                let pages: Vec<String> = self.pages.into_iter().collect();
                pagefind::bundle_of_staged(dir, &pages)?
            }
            (None, None) => Vec::new(),
        };
        bundle
            .into_iter()
            .try_for_each(|output| destination.write(output))
    }
}
