//! Files that templates name by path (`get_hash`, `get_url(cachebust=true)`, `load_data`,
//! `get_image_metadata`, `resize_image`), looked up as Zola does. Reading them is left until a
//! template asks, so this is the one read that happens after the load stage; every file found
//! is remembered, so that what was made from it changes when it does.

use std::collections::HashSet;
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
    /// Paths are looked up in the site root, then `static/`, `content/` and the theme's
    /// `static/`, as in Zola. (Zola also looks in the output directory, which holds the
    /// previous build while Loess renders: a build never reads its own output.)
    pub fn new(root: &Path, theme: Option<&str>) -> StaticFiles {
        let mut dirs = vec![root.join("static"), root.join("content")];
        if let Some(theme) = theme {
            dirs.push(root.join("themes").join(theme).join("static"));
        }
        StaticFiles {
            root: root.to_path_buf(),
            dirs,
            read: Arc::default(),
        }
    }

    /// The site directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `file` relative to the site directory, for messages.
    pub fn shown<'a>(&self, file: &'a Path) -> &'a Path {
        file.strip_prefix(&self.root).unwrap_or(file)
    }

    /// The file a template path names, remembered as read; paths that climb out with `..`
    /// name nothing.
    pub fn locate(&self, path: &str) -> Option<Found> {
        let key = match path.strip_prefix("@/") {
            Some(rest) => format!("content/{rest}"),
            None => path.trim_start_matches('/').to_string(),
        };
        let rel = Path::new(&key);
        if key.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return None;
        }
        let file = std::iter::once(&self.root)
            .chain(&self.dirs)
            .map(|dir| dir.join(rel))
            .find(|p| p.is_file())?;
        let mut read = self.read.lock().expect("no reader panicked");
        read.insert(file.clone());
        drop(read);
        Some(Found { file, key })
    }

    /// The bytes of the file a template path names.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.locate(path)?.file).ok()
    }

    /// Whether `file` (a path below one of the directories) was read, so that what was made
    /// from it changes when it does.
    pub fn has_read(&self, file: &Path) -> bool {
        self.read.lock().expect("no reader panicked").contains(file)
    }

    /// The first 20 hex digits of the SHA-256 of a file, for cache busting.
    pub fn short_hash(&self, path: &str) -> Option<String> {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.read(path)?);
        Some(digest.iter().take(10).map(|b| format!("{b:02x}")).collect())
    }
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
