//! A build through the build cache (`cache`): the Markdown of unchanged files comes from the
//! previous run, outputs whose memo still holds are not rendered, and the output directory
//! changes only where the new output differs (`write::Patch`), once the whole build succeeded.
//!
//! The previous output is trusted file by file: an output is reused only if its file is still
//! as the manifest recorded it (size and time), so a file edited or removed by hand is
//! rendered and written again. With no usable cache, or one made with other options, every
//! output is rendered and the whole directory staged and swapped in, as without the cache.

use std::path::{Path, PathBuf};

use super::{prepare_cached, run, BuildOptions, Prepared, Progress, Scope};
use crate::cache::{BuildCache, Stored};
use crate::error::Result;
use crate::warning::Warning;
use crate::write::{self, Patch, Ready};

/// What a cached build did: the model, how many files it wrote, what it had to tell.
pub(super) struct Done {
    pub prepared: Prepared,
    pub written: usize,
    /// Outputs, and those reused.
    pub outputs: usize,
    pub reused: usize,
    pub warnings: Vec<Warning>,
}

/// Builds the site of `options` with the build cache in `dir`.
pub(super) fn build(options: &BuildOptions, dir: &Path, progress: &dyn Progress) -> Result<Done> {
    let mut notes = Vec::new();
    let cache = BuildCache::new(dir, "build", &options.root, options.output_dir.as_deref());
    let Stored {
        context,
        markdown,
        markdown_reads,
        mut memo,
        manifest,
    } = cache.load(&mut notes).unwrap_or_default();
    let markdown_reads = match crate::cache::unchanged(&markdown_reads) {
        true => markdown_reads,
        false => {
            markdown.clear();
            Vec::new()
        }
    };
    let prepared = prepare_cached(options, progress, Some(&markdown))?;
    if options.timings {
        prepared.templates.timings.start();
    }
    let out = prepared.output_dir.clone();
    write::check_output_dir(&out, &options.root, options.replaces_existing_output())?;
    crate::cache::check_dir(dir, &options.root, &out)?;
    let keep_dotfiles = prepared.shared.site.config.preserve_dotfiles_in_output;
    let now = context_of(options, &out, keep_dotfiles);
    let found = (context == now)
        .then(|| manifest.verify(&out, keep_dotfiles))
        .flatten();
    if let Some(found) = &found {
        memo.retain(|rel| found.holds(rel));
    }
    let previous = found.as_ref().map(|_| &memo);
    let staging = (write::Staging::begin(&out)?)
        .keeping_dotfiles(keep_dotfiles)
        .showing_sources_within(&options.root);
    let ran = run(
        &prepared,
        Scope::Reusing(previous),
        Patch::new(staging, found),
        progress,
    )?;
    notes.extend(ran.warnings);
    let (outputs, reused) = (ran.outputs, ran.reused);
    // Files read while rendering Markdown now, with those read for what came from the cache.
    let read = markdown_reads.iter().map(|(file, ..)| file.clone());
    let markdown_reads = crate::cache::stamps(read.chain(prepared.markdown_statics.read_files()));
    let stored = Stored {
        context: now,
        markdown,
        markdown_reads,
        memo: ran.memo.unwrap_or_default(),
        manifest: Default::default(),
    };
    let all_reused = reused == outputs;
    let written = put_in_place(&cache, ran.finished, stored, all_reused, &mut notes)?;
    Ok(Done {
        prepared,
        written,
        outputs,
        reused,
        warnings: notes,
    })
}

/// Applies the `ready` build to the output and writes the cache of it (with its manifest) in
/// place of the old one; leaves both as they are when nothing changed (every output `reused`
/// and kept, no file gone, no Markdown rendered). Returns how many files were written.
fn put_in_place(
    cache: &BuildCache,
    ready: Ready,
    mut stored: Stored,
    all_reused: bool,
    notes: &mut Vec<Warning>,
) -> Result<usize> {
    if ready.changes_nothing() && all_reused && !stored.markdown.changed() {
        return Ok(0);
    }
    // From here the output changes: the cache describing the old one goes first.
    cache.forget()?;
    let (written, manifest) = ready.apply()?;
    stored.manifest = manifest;
    if let Err(e) = cache.save(&stored) {
        let message = format!("the build cache could not be written: {e}");
        notes.push(Warning::new(message));
    }
    Ok(written)
}

/// The options that change what a build writes beyond its files, written out: a memo and a
/// manifest made under others are not used.
fn context_of(options: &BuildOptions, out: &Path, keep_dotfiles: bool) -> String {
    let config: Option<&PathBuf> = options.config_file.as_ref();
    format!(
        "{:?}",
        (
            config,
            out,
            &options.base_url,
            options.drafts,
            options.minify,
            options.mode,
            options.skip_anchor_check,
            keep_dotfiles,
        )
    )
}
