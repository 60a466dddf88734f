//! Images that templates ask about (`get_image_metadata`) and resize (`resize_image`).
//!
//! A template's call only reads the source's header and answers with the URL and size of
//! the result; the work is queued once per distinct file name, however many pages ask, and
//! done after rendering by [`Images::process`], in parallel. As in Zola, results are kept in
//! the site's `static/processed_images/`, named by a hash of the call (see `ops`), and made
//! again only when missing or older than their source. That directory is the only place
//! Loess writes outside its output, and it only ever adds files there or replaces its own
//! outdated ones; its files reach the output as copies of the results this build asked for.

mod encode;
mod meta;
pub(crate) mod ops;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fs;
use crate::load::{CopyJob, Found};
use crate::once_map::OnceMap;
use crate::warning::Warning;
pub(crate) use meta::Meta;
use ops::{Operation, Output, Plan};

pub(crate) use crate::load::PROCESSED_DIR;

/// The images of one build: their headers read so far, and the resizes asked for.
#[derive(Debug)]
pub struct Images {
    root: PathBuf,
    /// The site's `static/processed_images/`.
    dir: PathBuf,
    /// The URL of `processed_images/` in the output, ending in `/`.
    url: String,
    metas: OnceMap<PathBuf, Result<Meta, String>>,
    /// By file name.
    jobs: Mutex<BTreeMap<String, Job>>,
    /// The queued images made ahead of the others, because a template named their file.
    early: OnceMap<String, Result<(), String>>,
    warnings: Mutex<BTreeSet<Warning>>,
}

#[derive(Debug, Clone)]
struct Job {
    source: PathBuf,
    plan: Plan,
    output: Output,
    done: bool,
}

/// What `resize_image` returns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Resized {
    pub url: String,
    /// The file's path from the site directory: `static/processed_images/NAME`.
    pub static_path: String,
    pub width: u32,
    pub height: u32,
    pub orig_width: u32,
    pub orig_height: u32,
}

/// A `resize_image` call, checked.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub op: Operation,
    /// `auto`, `jpg`, `png`, `webp` or `avif`.
    pub format: &'a str,
    pub quality: Option<u8>,
    /// AVIF's encoding speed.
    pub speed: Option<u8>,
}

impl Images {
    pub fn new(root: &Path, config: &Config) -> Images {
        Images {
            root: root.to_path_buf(),
            dir: root.join("static").join(PROCESSED_DIR),
            url: config.permalink(&format!("{PROCESSED_DIR}/")),
            metas: OnceMap::default(),
            jobs: Mutex::default(),
            early: OnceMap::default(),
            warnings: Mutex::default(),
        }
    }

    /// The header of image `file`, read once per build.
    pub fn meta(&self, file: &Path) -> Result<Meta, String> {
        self.metas
            .get_or_compute(file.to_path_buf(), || Meta::read(file))
    }

    /// Queues the resize `request` of `found` and says what it makes.
    pub fn resize(&self, found: &Found, request: Request) -> Result<Resized, String> {
        let meta = self.meta(&found.file)?;
        if !meta.is_decodable() {
            return Err(format!(
                "{} images cannot be resized (they can be read for their size only)",
                meta.value().format.to_uppercase()
            ));
        }
        let output = Output::from_args(
            request.format,
            meta.is_lossy(),
            request.quality,
            request.speed,
        )?;
        let name = ops::file_name(&found.file, &found.key, request.op, output);
        let size = (meta.width, meta.height);
        let plan = Plan::new(request.op, size);
        let (width, height) = plan.size(size);
        let mut jobs = self.jobs.lock().expect("no image queue panicked");
        jobs.entry(name.clone()).or_insert_with(|| Job {
            source: found.file.clone(),
            plan,
            output,
            done: false,
        });
        Ok(Resized {
            url: format!("{}{name}", self.url),
            static_path: format!("static/{PROCESSED_DIR}/{name}"),
            width,
            height,
            orig_width: meta.width,
            orig_height: meta.height,
        })
    }

    fn warn(&self, warning: Warning) {
        let mut warnings = self.warnings.lock().expect("no image queue panicked");
        warnings.insert(warning);
    }

    /// What processing images had to say (once each).
    pub fn warnings(&self) -> Vec<Warning> {
        let warnings = self.warnings.lock().expect("no image queue panicked");
        warnings.iter().cloned().collect()
    }

    /// Makes every queued image that is missing or older than its source, in parallel, and
    /// returns the copies that put every image this build asked for into the output.
    pub fn process(&self) -> Result<Vec<CopyJob>> {
        let pending: Vec<(String, Job)> = {
            let jobs = self.jobs.lock().expect("no image queue panicked");
            let pending = jobs.iter().filter(|(_, job)| !job.done);
            pending.map(|(n, j)| (n.clone(), j.clone())).collect()
        };
        if !pending.is_empty() {
            fs::create_dir_all(&self.dir)?;
        }
        let results: Vec<(String, Result<()>)> = pending
            .par_iter()
            .map(|(name, job)| (name.clone(), self.make(name, job)))
            .collect();
        let mut errors = Vec::new();
        let mut jobs = self.jobs.lock().expect("no image queue panicked");
        for (name, result) in results {
            match result {
                Ok(()) => jobs.get_mut(&name).expect("a queued job").done = true,
                Err(e) => errors.push(e),
            }
        }
        Error::collect(errors)?;
        Ok(jobs
            .keys()
            .map(|name| CopyJob {
                from: self.dir.join(name),
                rel: format!("{PROCESSED_DIR}/{name}"),
                link: false,
            })
            .collect())
    }

    /// When a template path names an image this build queued (`processed_images/NAME`, or its
    /// `static_path`, `static/processed_images/NAME`), makes it now, once, so that reading the
    /// file (`get_hash`, `get_url(cachebust=true)`) reads what this build makes. Other paths,
    /// and images no render has asked for yet, are left to be found as they are.
    pub fn make_named(&self, path: &str) -> Result<(), String> {
        let path = path.trim_start_matches('/');
        let rest = path.strip_prefix("static/").unwrap_or(path);
        let Some(name) = rest.strip_prefix(&format!("{PROCESSED_DIR}/")) else {
            return Ok(());
        };
        let job = {
            let jobs = self.jobs.lock().expect("no image queue panicked");
            match jobs.get(name) {
                Some(job) => job.clone(),
                None => return Ok(()),
            }
        };
        self.early.get_or_compute(name.to_string(), || {
            fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
            self.make(name, &job).map_err(|e| e.to_string())
        })
    }

    /// Makes one image, unless it is there and at least as new as its source.
    fn make(&self, name: &str, job: &Job) -> Result<()> {
        let target = self.dir.join(name);
        let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if let (Some(made), Some(source)) = (modified(&target), modified(&job.source)) {
            if made >= source {
                return Ok(());
            }
        }
        let shown = job.source.strip_prefix(&self.root).unwrap_or(&job.source);
        match encode::make(&job.source, &job.plan, job.output, &target) {
            Ok(None) => Ok(()),
            Ok(Some(lost)) => {
                self.warn(Warning::file(
                    shown,
                    format!("{PROCESSED_DIR}/{name}: {lost}"),
                ));
                Ok(())
            }
            Err(message) => Err(Error::file(
                shown,
                format!("cannot make {PROCESSED_DIR}/{name} from this image: {message}"),
            )),
        }
    }
}
