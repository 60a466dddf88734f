//! The whole build, stage by stage. This file reads as the table of contents of Loess.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::load::{self, SiteDir};
use crate::site::Site;
use crate::templates::functions::SiteIndex;
use crate::templates::values::Values;
use crate::templates::Templates;
use crate::{render, write};

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site directory (holding `config.toml` and `content/`).
    pub root: PathBuf,
    /// The configuration file; by default `zola.toml` or `config.toml` in `root`.
    pub config_file: Option<PathBuf>,
    /// Where the site goes; by default `public/` in `root`.
    pub output_dir: Option<PathBuf>,
    /// Replaces the configured `base_url`.
    pub base_url: Option<String>,
    /// Builds draft pages and sections too.
    pub drafts: bool,
    /// Replaces an output directory that Loess did not create.
    pub force: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    fn config_file(&self) -> Result<PathBuf> {
        if let Some(file) = &self.config_file {
            return Ok(file.clone());
        }
        ["zola.toml", "config.toml"]
            .iter()
            .map(|name| self.root.join(name))
            .find(|path| path.is_file())
            .ok_or_else(|| {
                Error::file(
                    &self.root,
                    "no config.toml (or zola.toml) here: is this a site directory? (see --root)",
                )
            })
    }
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub files_written: usize,
    pub output_dir: PathBuf,
    pub warnings: Vec<String>,
    pub elapsed: Duration,
}

/// Told which stage a build has reached, to show progress.
pub trait Progress: Sync {
    fn stage(&self, name: &'static str);
}

impl Progress for () {
    fn stage(&self, _: &'static str) {}
}

/// Builds the site described by `options` into its output directory.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport> {
    let started = Instant::now();
    let out = options.output_dir();
    write::check_output_dir(&out, &options.root, options.force)?;
    let site_dir = SiteDir {
        root: options.root.clone(),
        config_file: options.config_file()?,
    };

    progress.stage("reading");
    let (mut config, config_text) = load::read_config(&site_dir)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
    }
    let sources = load::load(&site_dir, config, &config_text)?;

    progress.stage("parsing");
    let site = Site::assemble(
        sources.config,
        sources.content,
        sources.assets,
        options.drafts,
    )?;

    progress.stage("rendering");
    let index = Arc::new(site_index(&site));
    let templates = Templates::load(&sources.templates, index.clone())?;
    let outputs = render::render_site(&site, &templates, &index.values)?;
    let copies = render::copies(&site, &sources.static_files);

    progress.stage("writing");
    let files_written = write::write_site(&out, &outputs, &copies)?;
    Ok(BuildReport {
        pages: site.pages.len(),
        sections: site.sections.len(),
        files_written,
        output_dir: out,
        warnings: site.warnings,
        elapsed: started.elapsed(),
    })
}

fn site_index(site: &Site) -> SiteIndex {
    SiteIndex {
        values: Values::new(site),
        base_url: site.config.base_url.clone(),
        default_language: site.config.default_language.clone(),
        permalinks: site.permalinks(),
        page_by_file: site.page_by_file.clone(),
        section_by_file: site.section_by_file.clone(),
    }
}
