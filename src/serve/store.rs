//! Writing the served site to disk (`--store-html`, `--output-dir`): each good build goes to
//! the output directory through the write stage, all or nothing, as `loess build` writes.

use std::path::Path;

use super::state::Snapshot;
use crate::build::BuildOptions;
use crate::error::Result;
use crate::render::{self, CopyJob, Output};
use crate::write;

/// Writes a site held in memory to `dir`, all or nothing, as `loess build` does, keeping the
/// dotfiles at the top of the old output if `keep_dotfiles`. The server checked `dir` when it
/// started; from then on it replaces what it wrote there.
pub(super) fn write_site(
    dir: &Path,
    options: &BuildOptions,
    site: &Snapshot,
    keep_dotfiles: bool,
) -> Result<usize> {
    let root = &options.root;
    write::check_output_dir(dir, root, true)?;
    let staging = (write::Staging::begin(dir)?)
        .keeping_dotfiles(keep_dotfiles)
        .showing_sources_within(root);
    let copies: Vec<CopyJob> = site
        .copies
        .iter()
        .map(|(rel, from)| CopyJob {
            from: from.clone(),
            rel: rel.clone(),
            link: false,
        })
        .collect();
    staging.copy(&copies)?;
    for (rel, bytes) in &site.rendered {
        staging.write(Output {
            rel: rel.clone(),
            bytes: bytes.to_vec(),
            reused: false,
            origin: render::Origin::default(),
        })?;
    }
    staging.commit()
}
