//! A whole build of a site held in memory, for the fuzz targets in `fuzz/`: the text of every
//! file goes in, the bytes of every output (or the error `loess build` would report) come out.
//! The same stages as `loess build` run, between the load and write stages, which are left out.
//! Not part of the library's interface.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::config::Config;
use crate::error::Result;
use crate::load::{ContentFile, Sources, TemplateFile};
use crate::templates::{Parsed, Templates};

/// The files of a site.
#[derive(Clone, Copy)]
pub struct MemorySite<'a> {
    /// The text of `config.toml`.
    pub config: &'a str,
    /// Paths below `content/` (`blog/_index.md`, `blog/post.md`) and the text of each file.
    pub content: &'a [(&'a str, &'a str)],
    /// The site's templates, parsed once by [`templates`] for many builds.
    pub templates: &'a Parsed,
}

/// Parses templates given by name (`page.html`, `shortcodes/note.md`) and text, with the
/// built-in defaults of those not given.
pub fn templates(files: &[(&str, &str)]) -> Result<Parsed> {
    let files: Vec<TemplateFile> = files
        .iter()
        .map(|(name, text)| TemplateFile {
            name: name.to_string(),
            shown: Path::new("templates").join(name),
            text: text.to_string(),
        })
        .collect();
    Templates::parse(&files)
}

/// Builds `site`: every output file by its path in the output directory, sorted by path.
pub fn build(site: &MemorySite) -> Result<Vec<(String, Vec<u8>)>> {
    let config = Config::parse(Path::new("config.toml"), site.config)?;
    let content = site
        .content
        .iter()
        .map(|(rel, text)| ContentFile {
            rel: rel.to_string(),
            shown: Path::new("content").join(rel),
            text: text.to_string(),
        })
        .collect();
    let sources = Sources {
        config,
        content,
        assets: Vec::new(),
        templates: Vec::new(),
        static_files: Vec::new(),
        styles: Vec::new(),
    };
    // The directory of a site that has none of its files on disk, for the one read that
    // templates may ask for by path (`get_hash`): there is nothing there to read.
    let root = Path::new("/nonexistent-site");
    let parsed = site.templates.clone();
    let out = PathBuf::from("public");
    let prepared = crate::build::model(root, sources, parsed, false, None, out)?;
    let outputs = Mutex::new(Vec::new());
    crate::render::render_site(&prepared.shared, &prepared.templates, &|output| {
        let mut outputs = outputs.lock().expect("no sink panicked");
        outputs.push((output.rel, output.bytes));
        Ok(())
    })?;
    let mut outputs = outputs.into_inner().expect("no sink panicked");
    outputs.sort();
    Ok(outputs)
}
