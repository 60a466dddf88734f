//! What the fuzz targets in `fuzz/` run, kept here so that the normal tests can replay what
//! they found: any input to a target is turned into a site (or a request path), put through
//! the same stages as `loess build` (or the dev server's path mapping) on files held in
//! memory, and the result checked. A check that fails is a [`Finding`]; a panic in the stages
//! is one too, for the fuzzer. Not part of the library's interface.

mod targets;

use std::path::{Path, PathBuf};

use crate::build::{self, Memory, Scope};
use crate::config::Config;
use crate::error::Result;
use crate::load::{ContentFile, Sources, TemplateFile};
use crate::templates::{Parsed, Templates};

pub use targets::{front_matter, markdown, serve_paths};

/// A property that an input broke, described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding(pub String);

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Output files by their paths in the output directory.
pub type Outputs = Vec<(String, Vec<u8>)>;

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
pub fn build(site: &MemorySite) -> Result<Outputs> {
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
        highlighter: None,
    };
    // The directory of a site that has none of its files on disk, for the one read that
    // templates may ask for by path (`get_hash`): there is nothing there to read.
    let root = Path::new("/nonexistent-site");
    let parsed = site.templates.clone();
    let out = PathBuf::from("public");
    let prepared = build::model(root, sources, parsed, Default::default(), None, out)?;
    let ran = build::run(&prepared, Scope::Site, Memory::default(), &())?;
    let mut outputs: Outputs = (ran.finished.0.into_iter())
        .map(|output| (output.rel, output.bytes))
        .collect();
    outputs.sort();
    Ok(outputs)
}

/// Builds `site` and checks what comes out: every output path stays inside the output
/// directory, HTML and XML are UTF-8, and an error can be shown. The outputs, if it built.
pub fn build_and_check(site: &MemorySite) -> Result<Option<Outputs>, Finding> {
    let outputs = match build(site) {
        Ok(outputs) => outputs,
        Err(e) if e.to_string().is_empty() => return Err(Finding("an empty error".into())),
        Err(_) => return Ok(None),
    };
    for (rel, bytes) in &outputs {
        let plain = |s: &str| !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0']);
        if rel.is_empty() || !rel.split('/').all(plain) {
            return Err(Finding(format!("output path {rel:?}")));
        }
        let text = rel.ends_with(".html") || rel.ends_with(".xml");
        if text && std::str::from_utf8(bytes).is_err() {
            return Err(Finding(format!("{rel} is not UTF-8")));
        }
    }
    Ok(Some(outputs))
}
