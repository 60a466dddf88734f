//! The whole build, stage by stage. This file reads as the table of contents of Loess:
//! [`prepare`] reads and models the site, [`run`] (in `routine`) renders it into a
//! destination, and [`build`] gives it the staging directory.

mod cached;
mod indexing;
mod routine;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{Config, Mode};
use crate::error::{Error, Result};
use crate::images::Images;
use crate::load::{self, SiteDir};
use crate::parse::markdown;
use crate::site::{MarkdownCache, MarkdownTemplates, Site};
use crate::templates::functions::Env;
use crate::templates::values::Shared;
use crate::templates::{Parsed, Templates};
use crate::timings::{self, Timings};
use crate::warning::Warning;
pub(crate) use crate::write::Destination;
use crate::{render, write};
pub(crate) use routine::{run, Alone, Item, Memory, Scope};

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
    /// Replaces `output_dir` even if it exists and is not empty (the configured output
    /// directory is always replaced, as Zola does).
    pub force: bool,
    /// Minifies HTML outputs whatever `minify_html` says.
    pub minify: bool,
    /// Leaves the anchors of `@/page.md#anchor` links unchecked (`loess check` checks every
    /// anchor in the generated pages instead).
    pub skip_anchor_check: bool,
    /// What the build is for, as templates see it in `config.mode` (`loess serve` and `loess
    /// check` set theirs).
    pub mode: Mode,
    /// Times each stage, template, output and template function (`--timings`).
    pub timings: bool,
    /// The directory of the build cache (see `cache`): what the previous build computed is
    /// reused from there, and the output directory changed only where it differs. `None`
    /// builds from scratch and keeps nothing.
    pub cache_dir: Option<PathBuf>,
}

impl BuildOptions {
    /// `--output-dir` if given, else the config's `output_dir` (`public`) in the site.
    pub fn output_dir(&self, config: &Config) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join(&config.output_dir))
    }

    /// Whether an existing, non-empty output directory may be replaced: the configured one
    /// always is (it is the generator's, as in Zola), one named by `output_dir` with `force`.
    pub fn replaces_existing_output(&self) -> bool {
        self.output_dir.is_none() || self.force
    }

    /// `--config` if given, else `zola.toml` or `config.toml` in the site.
    pub(crate) fn config_file(&self) -> Result<PathBuf> {
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
    /// Outputs, and those of them reused from the previous build (with the build cache).
    pub outputs: usize,
    pub outputs_reused: usize,
    pub output_dir: PathBuf,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
    /// Where the time went, when [`BuildOptions::timings`] asked.
    pub timings: Option<timings::Report>,
}

/// Told which stage a build has reached, to show progress.
pub trait Progress: Sync {
    fn stage(&self, name: &'static str);
}

impl Progress for () {
    fn stage(&self, _: &'static str) {}
}

/// A progress that also notes when each stage begins.
struct Timed<'a> {
    inner: &'a dyn Progress,
    timings: &'a Timings,
}

impl Progress for Timed<'_> {
    fn stage(&self, name: &'static str) {
        self.timings.stage(name);
        self.inner.stage(name);
    }
}

/// A site read, modelled and ready to render: the part of a build before any output.
pub(crate) struct Prepared {
    pub shared: Arc<Shared>,
    pub templates: Templates,
    /// Static files and assets, copied unchanged.
    pub copies: Vec<render::CopyJob>,
    /// What reading and modelling the site had to tell.
    pub warnings: Vec<Warning>,
    /// Where the output goes (the config's `output_dir` unless overridden).
    pub output_dir: PathBuf,
    /// The files templates read by path (`get_url(cachebust=true)`, `get_hash`) while the
    /// site was rendered, and those Markdown read: the output changes when one does.
    pub statics: load::StaticFiles,
    pub markdown_statics: load::StaticFiles,
    /// The images templates asked about and resized; made after rendering.
    pub images: Arc<Images>,
}

/// Reads and models the site and loads its templates; nothing is written.
pub(crate) fn prepare(options: &BuildOptions, progress: &dyn Progress) -> Result<Prepared> {
    prepare_cached(options, progress, None)
}

/// [`prepare`], with the Markdown of files unchanged since the last call taken from `cache`.
pub(crate) fn prepare_cached(
    options: &BuildOptions,
    progress: &dyn Progress,
    cache: Option<&MarkdownCache>,
) -> Result<Prepared> {
    let site_dir = SiteDir {
        root: options.root.clone(),
        config_file: options.config_file()?,
    };
    progress.stage("reading");
    let (mut config, config_text) = load::read_config(&site_dir)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
    }
    config.minify_html |= options.minify;
    config.mode = options.mode;
    let output_dir = options.output_dir(&config);
    let sources = load::load(&site_dir, config, &config_text)?;
    if let Some(cache) = cache {
        cache.settle(markdown_context(&sources, &config_text));
    }
    progress.stage("parsing");
    let parsed = Templates::parse(&sources.templates)?;
    progress.stage("modelling");
    let steps = ModelSteps {
        drafts: options.drafts,
        skip_anchor_check: options.skip_anchor_check,
    };
    model(&options.root, sources, parsed, steps, cache, output_dir)
}

/// A hash of what Markdown is rendered with beyond each file's own inputs: the configuration
/// and every template (shortcodes, `anchor-link.html`, `summary-cutoff.html` among them).
/// `None` with extra highlighting grammars or themes, whose files it does not read.
fn markdown_context(sources: &load::Sources, config_text: &str) -> Option<u64> {
    let highlighting = sources.config.markdown.highlighting.as_ref();
    if highlighting.is_some_and(|h| !h.extra_grammars.is_empty() || !h.extra_themes.is_empty()) {
        return None;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    config_text.hash(&mut hasher);
    for template in &sources.templates {
        (&template.name, &template.text).hash(&mut hasher);
    }
    Some(hasher.finish())
}

/// Which optional steps [`model`] takes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ModelSteps {
    /// Keeps draft pages and sections.
    pub drafts: bool,
    /// Leaves the anchors of links unchecked (see [`BuildOptions::skip_anchor_check`]).
    pub skip_anchor_check: bool,
}

/// The stages between load and render: models the site in `root` from its `sources` and
/// renders its Markdown with the `parsed` templates. Nothing is read from or written to the
/// disk here, except files that templates name by path.
pub(crate) fn model(
    root: &Path,
    sources: load::Sources,
    parsed: Parsed,
    steps: ModelSteps,
    cache: Option<&MarkdownCache>,
    output_dir: PathBuf,
) -> Result<Prepared> {
    // Stylesheets (and `elasticlunr.min.js`) are known before rendering, so templates can
    // name them (`get_hash`).
    let mut made: Vec<(String, Arc<[u8]>)> = (sources.styles.iter())
        .map(|s| (s.rel.clone(), Arc::from(s.css.as_bytes())))
        .collect();
    let search = render::search_fixed_files(&sources.config).into_iter();
    made.extend(search.map(|(rel, text)| (rel.to_string(), Arc::from(text.as_bytes()))));
    let theme = sources.config.theme_name();
    let statics = load::StaticFiles::new(root, theme).with_made(made.clone());
    let markdown_statics = load::StaticFiles::new(root, theme).with_made(made);
    let images = Arc::new(Images::new(root, &sources.config));
    let mut warnings = sources.config.warnings.clone();
    let markdown_options =
        markdown::Options::from_config(&sources.config, sources.highlighter.clone());
    let make_markdown_templates = |site: &Site| -> Arc<dyn MarkdownTemplates> {
        let statics = markdown_statics.clone();
        let options = markdown_options.clone();
        Arc::new(parsed.for_markdown(site, statics, images.clone(), options))
    };
    let mut site = Site::assemble_cached(
        sources.config,
        markdown_options.clone(),
        sources.content,
        sources.assets,
        steps.drafts,
        Some(&make_markdown_templates),
        cache,
    )?;
    if !steps.skip_anchor_check {
        site.check_anchors()?;
    }
    site.styles = sources.styles;
    warnings.extend(site.warnings.iter().cloned());
    let copies = render::copies(&site, &sources.static_files, &root.join("themes"));
    // Templates find the files copied into the output by their place there, as Zola does.
    let statics = statics.with_copies(copies.iter().map(|c| (c.rel.clone(), c.from.clone())));

    // Zola gives `translations[].path` as the file's absolute path.
    let content_dir =
        std::path::absolute(root).map_or_else(|_| root.join("content"), |r| r.join("content"));
    let shared = Arc::new(Shared::new(site, &content_dir));
    let env = Arc::new(Env {
        shared: shared.clone(),
        statics: statics.clone(),
        images: images.clone(),
        markdown_options,
    });
    let templates = parsed.finish(env);
    Ok(Prepared {
        shared,
        templates,
        copies,
        warnings,
        output_dir,
        statics,
        markdown_statics,
        images,
    })
}

/// Builds the site described by `options` into its output directory.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport> {
    let started = Instant::now();
    let stages = Timings::default();
    if options.timings {
        stages.start();
    }
    let progress = &Timed {
        inner: progress,
        timings: &stages,
    };
    let replace = options.replaces_existing_output();
    if let Some(out) = &options.output_dir {
        // Checked before reading anything, so a dangerous directory is refused at once.
        write::check_output_dir(out, &options.root, replace)?;
    }
    let done = match &options.cache_dir {
        Some(dir) => cached::build(options, dir, progress)?,
        None => build_cold(options, progress)?,
    };
    let prepared = &done.prepared;
    let out = prepared.output_dir.clone();
    let site = &prepared.shared.site;
    let timings = options.timings.then(|| {
        let end = Instant::now();
        let mut report = prepared.templates.timings.report(end);
        report.stages = stages.report(end).stages;
        report
    });
    Ok(BuildReport {
        timings,
        pages: site.pages.len(),
        sections: site.sections.len(),
        files_written: done.written,
        outputs: done.outputs,
        outputs_reused: done.reused,
        output_dir: out,
        warnings: done.warnings,
        elapsed: started.elapsed(),
    })
}

/// A build without the cache: every output rendered into a staging directory swapped in.
fn build_cold(options: &BuildOptions, progress: &dyn Progress) -> Result<cached::Done> {
    let prepared = prepare(options, progress)?;
    if options.timings {
        prepared.templates.timings.start();
    }
    let out = prepared.output_dir.clone();
    write::check_output_dir(&out, &options.root, options.replaces_existing_output())?;
    let keep_dotfiles = prepared.shared.site.config.preserve_dotfiles_in_output;
    let staging = (write::Staging::begin(&out)?)
        .keeping_dotfiles(keep_dotfiles)
        .showing_sources_within(&options.root);
    let ran = run(&prepared, Scope::Site, staging, progress)?;
    Ok(cached::Done {
        prepared,
        written: ran.finished,
        outputs: ran.outputs,
        reused: 0,
        warnings: ran.warnings,
    })
}
