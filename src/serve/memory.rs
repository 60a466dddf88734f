//! The served site's destination: the build routine hands it every file of a build, and it
//! gathers them into the [`Snapshot`] the server answers from (copied files by the file they
//! are read from, outputs reused from the previous build by that build's bytes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use super::paths::base_path;
use super::state::Snapshot;
use crate::build::{self, BuildOptions, Destination, Prepared, Scope};
use crate::error::{Error, Result};
use crate::load::ContentFile;
use crate::render::memo::Memo;
use crate::render::{CopyJob, Output};
use crate::site::MarkdownCache;
use crate::warning::Warning;

/// Gathers a build in memory; an output reused from the previous build takes its bytes from
/// `previous`.
struct Collector<'a> {
    previous: Option<&'a Snapshot>,
    rendered: Mutex<HashMap<String, Bytes>>,
    copies: Mutex<HashMap<String, PathBuf>>,
}

impl Destination for Collector<'_> {
    /// The rendered outputs and the copied files, by output path.
    type Finished = (HashMap<String, Bytes>, HashMap<String, PathBuf>);

    fn copy(&self, copies: &[CopyJob]) -> Result<()> {
        let mut kept = self.copies.lock().expect("no destination panicked");
        kept.extend(copies.iter().map(|c| (c.rel.clone(), c.from.clone())));
        Ok(())
    }

    fn write(&self, output: Output) -> Result<()> {
        let bytes = match (output.reused, self.previous) {
            (true, Some(site)) => site.rendered.get(&output.rel).cloned(),
            (true, None) => None,
            (false, _) => Some(Bytes::from(output.bytes)),
        };
        let bytes = bytes.ok_or_else(|| Error::Template {
            message: format!("{}: no previous text to reuse", output.rel),
        })?;
        let mut rendered = self.rendered.lock().expect("no destination panicked");
        rendered.insert(output.rel, bytes);
        Ok(())
    }

    fn reused_text(&self, rel: &str) -> Option<Vec<u8>> {
        Some(self.previous?.rendered.get(rel)?.to_vec())
    }

    fn finish(self) -> Result<Self::Finished> {
        let rendered = self.rendered.into_inner().expect("no destination panicked");
        let copies = self.copies.into_inner().expect("no destination panicked");
        Ok((rendered, copies))
    }
}

/// A site built into memory, with the model it was rendered from and what its build reported.
pub(super) struct Fresh {
    pub site: Snapshot,
    pub model: Arc<Prepared>,
    /// What each output was rendered from, for the next build to reuse unchanged ones.
    pub memo: Memo,
    /// Outputs rendered (not reused), and all outputs.
    pub rendered: (usize, usize),
    pub warnings: Vec<Warning>,
}

/// Renders the whole site described by `options` into memory; outputs whose inputs are the
/// same as in the `previous` build (its site and memo) keep that build's text.
pub(super) fn render_in_memory(
    options: &BuildOptions,
    cache: &MarkdownCache,
    previous: Option<(&Snapshot, &Memo)>,
) -> Result<Fresh> {
    let prepared = build::prepare_cached(options, &(), Some(cache))?;
    let collector = Collector {
        previous: previous.map(|(site, _)| site),
        rendered: Mutex::default(),
        copies: Mutex::default(),
    };
    let scope = Scope::Reusing(previous.map(|(_, memo)| memo));
    let ran = build::run(&prepared, scope, collector, &())?;
    let (rendered, copies) = ran.finished;
    let model = &prepared.shared.site;
    let shown = |file: &ContentFile| options.root.join(&file.shown);
    let pages = model.pages.iter().map(|p| (shown(&p.file), p.path.clone()));
    let sections = model
        .sections
        .iter()
        .filter_map(|s| Some((shown(s.file.as_ref()?), s.path.clone())));
    let base = base_path(&model.config.base_url);
    let site = Snapshot {
        rendered,
        copies,
        pages: pages
            .chain(sections)
            .map(|(file, path)| (file, format!("{base}{}", path.trim_start_matches('/'))))
            .collect(),
        allowed: allowed_dirs(&options.root),
        base_path: base,
    };
    Ok(Fresh {
        site,
        memo: ran.memo.unwrap_or_default(),
        rendered: (ran.outputs - ran.reused, ran.outputs),
        warnings: ran.warnings,
        model: Arc::new(prepared),
    })
}

/// The site directory and each theme's, resolved: copied files must resolve inside one.
fn allowed_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![root.to_path_buf()];
    if let Ok(themes) = std::fs::read_dir(root.join("themes")) {
        let resolved = themes
            .flatten()
            .filter_map(|t| t.path().canonicalize().ok());
        dirs.extend(resolved);
    }
    dirs
}
