//! Files that templates name by path (`get_hash`, `get_url(cachebust=true)`, `load_data`,
//! `get_image_metadata`, `resize_image`), looked up as Zola does. Reading them is left until a
//! template asks, so this is the one read that happens after the load stage; every file found
//! is remembered, so that what was made from it changes when it does. Besides the site's own
//! files, a path can name a file the build itself makes before rendering (compiled Sass, the
//! highlighting stylesheets, `elasticlunr.min.js`), which Zola finds in its output directory.

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where template paths are looked up, and the files found so far.
#[derive(Debug, Clone)]
pub struct StaticFiles {
    root: PathBuf,
    /// Searched in order after the site root itself.
    dirs: Vec<PathBuf>,
    /// The files found so far, through this value or a clone of it.
    read: Arc<Mutex<HashSet<PathBuf>>>,
    /// The files this build makes before rendering, by their path in the output.
    made: Arc<BTreeMap<String, Arc<[u8]>>>,
    /// The files this build copies into the output (page and section assets, static files),
    /// by their path there, with the file they are copied from.
    copied: Arc<BTreeMap<String, PathBuf>>,
}

/// What a template path names: a file on disk, or one this build makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    File(Found),
    /// A file of the output made before rendering, with its bytes.
    Made {
        key: String,
        bytes: Arc<[u8]>,
    },
}

/// A file a template path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where it is on disk.
    pub file: PathBuf,
    /// The path as written, with `@/` spelled `content/` and no leading `/`: the same for
    /// every page that names the file the same way.
    pub key: String,
}

impl StaticFiles {
    /// Paths are looked up in the site root, then `static/`, `content/`, the files this build
    /// makes (see [`StaticFiles::with_made`]) and the theme's `static/`, as in Zola, whose
    /// fourth place is its output directory. (Loess never reads its output directory, which
    /// holds the previous build while it renders.)
    pub fn new(root: &Path, theme: Option<&str>) -> StaticFiles {
        let mut dirs = vec![root.join("static"), root.join("content")];
        if let Some(theme) = theme {
            dirs.push(root.join("themes").join(theme).join("static"));
        }
        StaticFiles {
            root: root.to_path_buf(),
            dirs,
            read: Arc::default(),
            made: Arc::default(),
            copied: Arc::default(),
        }
    }

    /// These files, as the build makes them before rendering, found by their path in the
    /// output (`css/site.css`) after the site's `content/` and before the theme's `static/`.
    pub fn with_made(mut self, made: impl IntoIterator<Item = (String, Arc<[u8]>)>) -> Self {
        self.made = Arc::new(made.into_iter().collect());
        self
    }

    /// These files, as the build copies them into the output (its path there, and the file
    /// copied), found by that path where the files the build makes are: a page's asset can be
    /// named by its place in the output (`es/blog/card.jpg`), as Zola finds it there.
    pub fn with_copies(mut self, copied: impl IntoIterator<Item = (String, PathBuf)>) -> Self {
        self.copied = Arc::new(copied.into_iter().collect());
        self
    }

    /// The file copied to output path `key`, remembered as read.
    fn copied(&self, key: &str) -> Option<PathBuf> {
        let normal: Vec<&str> = key.split('/').filter(|p| !p.is_empty()).collect();
        let file = self.copied.get(&normal.join("/"))?.clone();
        self.read
            .lock()
            .expect("no reader panicked")
            .insert(file.clone());
        Some(file)
    }

    /// The site directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `file` relative to the site directory, for messages.
    pub fn shown<'a>(&self, file: &'a Path) -> &'a Path {
        file.strip_prefix(&self.root).unwrap_or(file)
    }

    /// The file on disk a template path names, remembered as read; paths that climb out with
    /// `..` name nothing. Files the build makes are passed over (see [`StaticFiles::lookup`]).
    pub fn locate(&self, path: &str) -> Option<Found> {
        let key = key(path)?;
        let (site, theme) = self.dirs.split_at(2.min(self.dirs.len()));
        let file = (self.on_disk(&key, std::iter::once(&self.root).chain(site)))
            .or_else(|| self.copied(&key))
            .or_else(|| self.on_disk(&key, theme.iter()))?;
        Some(Found { file, key })
    }

    /// What a template path names, in Zola's order: the site root, `static/`, `content/`, the
    /// files this build makes, the theme's `static/`.
    pub fn lookup(&self, path: &str) -> Option<Located> {
        let key = key(path)?;
        let (site, theme) = self.dirs.split_at(2.min(self.dirs.len()));
        if let Some(file) = self.on_disk(&key, std::iter::once(&self.root).chain(site)) {
            return Some(Located::File(Found { file, key }));
        }
        if let Some(bytes) = self.made.get(&key) {
            let bytes = bytes.clone();
            return Some(Located::Made { key, bytes });
        }
        if let Some(file) = self.copied(&key) {
            return Some(Located::File(Found { file, key }));
        }
        let file = self.on_disk(&key, theme.iter())?;
        Some(Located::File(Found { file, key }))
    }

    /// The first file `rel` names below `dirs`, remembered as read.
    fn on_disk<'a>(
        &self,
        rel: &str,
        mut dirs: impl Iterator<Item = &'a PathBuf>,
    ) -> Option<PathBuf> {
        let file = dirs.find_map(|dir| Some(dir.join(rel)).filter(|p| p.is_file()))?;
        let mut read = self.read.lock().expect("no reader panicked");
        read.insert(file.clone());
        drop(read);
        Some(file)
    }

    /// The bytes of what a template path names.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        match self.lookup(path)? {
            Located::File(found) => std::fs::read(found.file).ok(),
            Located::Made { bytes, .. } => Some(bytes.to_vec()),
        }
    }

    /// Every file read so far, sorted.
    pub fn read_files(&self) -> Vec<PathBuf> {
        let read = self.read.lock().expect("no reader panicked");
        let mut files: Vec<PathBuf> = read.iter().cloned().collect();
        files.sort();
        files
    }

    /// Whether `file` (a path below one of the directories) was read, so that what was made
    /// from it changes when it does.
    pub fn has_read(&self, file: &Path) -> bool {
        self.read.lock().expect("no reader panicked").contains(file)
    }
}

/// A template path as a path below the places it is looked up in: `@/` spelled `content/`, no
/// leading `/`; `None` for a path that is empty or climbs out with `..`.
fn key(path: &str) -> Option<String> {
    let key = match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    };
    let normal = Path::new(&key)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (!key.is_empty() && normal).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_looked_up_in_zolas_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, rel).unwrap();
        };
        for rel in [
            "data.toml",
            "static/data.toml",
            "static/a.css",
            "content/a.css",
            "content/b/c.json",
            "themes/t/static/b/c.json",
            "themes/t/static/only.js",
        ] {
            write(rel);
        }
        let statics = StaticFiles::new(root, Some("t"));
        let found = |path: &str| {
            statics
                .locate(path)
                .map(|f| (statics.shown(&f.file).to_path_buf(), f.key))
        };
        let at = |file: &str, key: &str| Some((PathBuf::from(file), key.to_string()));
        assert_eq!(found("data.toml"), at("data.toml", "data.toml"));
        assert_eq!(found("/a.css"), at("static/a.css", "a.css"));
        assert_eq!(found("b/c.json"), at("content/b/c.json", "b/c.json"));
        assert_eq!(
            found("@/b/c.json"),
            at("content/b/c.json", "content/b/c.json")
        );
        assert_eq!(found("only.js"), at("themes/t/static/only.js", "only.js"));
        for nothing in [
            "missing",
            "../data.toml",
            "b/../data.toml",
            "",
            "@/",
            "static",
        ] {
            assert_eq!(found(nothing), None, "{nothing}");
        }
        assert!(statics.has_read(&root.join("content/b/c.json")));
        assert!(!statics.has_read(&root.join("themes/t/static/b/c.json")));
    }
}
