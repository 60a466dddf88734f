//! `loess init`: a new site, ready to build. Owns what a new site holds (the configuration
//! written from the answers, a home page, an `articles/` section with a first article, and the
//! default theme, `terrace`, embedded in the binary) and the check that the target directory
//! is empty. Asking the questions is the command line's job (`cmd::init`).

mod files;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fs;

/// The default theme's files, by path inside `themes/terrace/`.
mod terrace {
    include!(concat!(env!("OUT_DIR"), "/terrace.rs"));
}

/// The answers a new site is made from; the defaults are Zola's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewSite {
    /// Where the site will be published.
    pub base_url: String,
    pub compile_sass: bool,
    pub build_search_index: bool,
    /// The date of the first article, `YYYY-MM-DD`.
    pub date: String,
}

impl NewSite {
    /// Zola's defaults, with `date` as the first article's date.
    pub(crate) fn with_defaults(date: &str) -> NewSite {
        NewSite {
            base_url: DEFAULT_BASE_URL.to_string(),
            compile_sass: true,
            build_search_index: false,
            date: date.to_string(),
        }
    }
}

/// The base URL a new site gets when none is given.
pub(crate) const DEFAULT_BASE_URL: &str = "https://example.com";

/// What [`create`] did.
#[derive(Debug, Clone, Default)]
pub(crate) struct Created {
    /// Files written, relative to the site directory.
    pub written: Vec<PathBuf>,
    /// Files that were there already and were left as they were (with `--force`).
    pub kept: Vec<PathBuf>,
}

/// Checks a base URL as a new site's configuration needs it: absolute, with a host.
pub(crate) fn check_base_url(url: &str) -> std::result::Result<(), String> {
    match url::Url::parse(url) {
        Ok(parsed) if parsed.has_host() => Ok(()),
        Ok(_) => Err(format!("`{url}` has no host name")),
        Err(e) => Err(format!(
            "`{url}` is not a URL ({e}); give one like {DEFAULT_BASE_URL}"
        )),
    }
}

/// Checks that a new site may be created in `dir`: it does not exist, or is an empty
/// directory (hidden files such as `.git` aside, as Zola allows), or `force` is set.
pub(crate) fn check_target(dir: &Path, force: bool) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::file(
            dir,
            "cannot create a site here: it is not a directory",
        ));
    }
    if force {
        return Ok(());
    }
    let mut visible = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let name = entry.map_err(|e| Error::io(dir, e))?.file_name();
        let name = name.to_string_lossy().into_owned();
        if !name.starts_with('.') {
            visible.push(name);
        }
    }
    visible.sort();
    match visible.first() {
        None => Ok(()),
        Some(first) => Err(Error::file(
            dir,
            format!(
                "cannot create a site here: the directory is not empty (it holds `{first}`; \
                 hidden files aside); use --force to add the new site's files to it"
            ),
        )),
    }
}

/// Creates the site `site` in `dir` (made if missing). With `force`, files already there
/// are kept as they are, and listed in [`Created::kept`].
pub(crate) fn create(dir: &Path, site: &NewSite, force: bool) -> Result<Created> {
    check_target(dir, force)?;
    check_base_url(&site.base_url)
        .map_err(|reason| Error::file(Path::new("--base-url"), reason))?;
    let mut created = Created::default();
    for sub in ["content", "templates", "static", "themes"] {
        fs::create_dir_all(&dir.join(sub))?;
    }
    if site.compile_sass {
        fs::create_dir_all(&dir.join("sass"))?;
    }
    let theme = terrace::FILES
        .iter()
        .map(|(rel, bytes)| (Path::new("themes/terrace").join(rel), bytes.to_vec()));
    let own = files::site_files(site)
        .into_iter()
        .map(|(rel, text)| (PathBuf::from(rel), text.into_bytes()));
    for (rel, bytes) in own.chain(theme) {
        let path = dir.join(&rel);
        if path.exists() {
            created.kept.push(rel);
            continue;
        }
        fs::create_dir_all(path.parent().expect("a file inside the site"))?;
        fs::write(&path, &bytes)?;
        created.written.push(rel);
    }
    Ok(created)
}
