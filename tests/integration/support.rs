//! Test helpers: fixture sites copied into temporary directories, built through the library
//! or the `loess` binary, with chained assertions on the output.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use loess::{BuildOptions, BuildReport};

/// The repository root (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary directory.
pub struct TestSite {
    /// Shared with every build's result, so the files outlive a temporary `TestSite`.
    dir: Rc<tempfile::TempDir>,
    pub root: PathBuf,
}

impl TestSite {
    /// An empty site with a minimal config.
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        TestSite {
            dir: Rc::new(dir),
            root,
        }
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"Test\"\n",
        )
    }

    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::new();
        copy_tree(&repo().join("tests/fixtures").join(name), &site.root);
        site
    }

    /// A copy of the example site that ships in the repository.
    pub fn example() -> TestSite {
        let site = TestSite::new();
        for dir in ["content", "themes", "static"] {
            copy_tree(&repo().join(dir), &site.root.join(dir));
        }
        std::fs::copy(repo().join("config.toml"), site.root.join("config.toml")).unwrap();
        site
    }

    /// Writes (or replaces) a file of the site.
    pub fn file(self, rel: &str, text: impl AsRef<[u8]>) -> TestSite {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            ..BuildOptions::default()
        }
    }

    /// Builds with default options and panics with the error's text if the build fails.
    pub fn build(&self) -> Built {
        self.build_with(self.options())
    }

    pub fn build_with(&self, options: BuildOptions) -> Built {
        match self.try_build_with(options) {
            Ok(report) => Built {
                out: report.output_dir.clone(),
                report,
                _dir: self.dir.clone(),
            },
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    /// Builds and returns the error text; panics if the build succeeds.
    pub fn build_error(&self) -> String {
        match self.try_build_with(self.options()) {
            Ok(_) => panic!("the build succeeded"),
            Err(e) => e.to_string(),
        }
    }

    pub fn try_build_with(&self, options: BuildOptions) -> loess::Result<BuildReport> {
        loess::build(&options, &())
    }

    /// Runs the `loess` binary in the site directory.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(env!("CARGO_BIN_EXE_loess"), args))
    }

    /// The command running `binary` with `args` in the site directory.
    pub fn command(&self, binary: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
        let mut command = Command::new(binary);
        command
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1");
        command
    }

    /// The temporary directory holding the site directory.
    pub fn temp_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }
}

/// The result of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `command` to its end.
    pub fn of(mut command: Command) -> Run {
        let output = command.output().expect("loess runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// A finished build.
pub struct Built {
    _dir: Rc<tempfile::TempDir>,
    pub report: BuildReport,
    pub out: PathBuf,
}

impl Built {
    /// The build's warnings, each as its first line: `content/a.md:2:1: message`.
    pub fn warnings(&self) -> Vec<String> {
        self.report.warnings.iter().map(|w| w.heading()).collect()
    }

    /// The build's warnings as they are printed, with the source line and a caret where known.
    pub fn warnings_shown(&self) -> Vec<String> {
        self.report.warnings.iter().map(|w| w.to_string()).collect()
    }

    /// The text of an output file; panics with the list of outputs if it is missing.
    pub fn html(&self, rel: &str) -> String {
        let path = self.out.join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no {rel} in the output; it has:\n{}", self.listing()))
    }

    pub fn has(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }

    /// Asserts that output `rel` contains every needle.
    pub fn check(&self, rel: &str, needles: &[&str]) -> &Built {
        let html = self.html(rel);
        for needle in needles {
            assert!(html.contains(needle), "{rel} lacks {needle:?}:\n{html}");
        }
        self
    }

    /// Every file of the output, sorted.
    pub fn files(&self) -> Vec<String> {
        listing(&self.out)
    }

    /// Every file of the output, sorted, one per line.
    pub fn listing(&self) -> String {
        listing(&self.out).join("\n")
    }
}

/// Every file below `dir` (by its path in [`listing`]) with its bytes.
pub fn contents(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    listing(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// The files below `dir`, relative, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The order in which `needles` appear in `haystack` (panics if one is missing).
pub fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} not found in:\n{haystack}"))
        })
        .collect()
}

/// Whether `values` ascend.
pub fn ascending(values: &[usize]) -> bool {
    values.windows(2).all(|w| w[0] < w[1])
}

/// The case names of a fixture corpus (`tests/fixtures/<corpus>/<case>/`), sorted.
pub fn corpus_cases(corpus: &str) -> Vec<String> {
    let dir = repo().join("tests/fixtures").join(corpus);
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// A copy of one corpus case, without its `expected.txt` (and `stderr.txt`).
pub fn corpus_site(corpus: &str, case: &str) -> TestSite {
    let site = TestSite::fixture(&format!("{corpus}/{case}"));
    std::fs::remove_file(site.root.join("expected.txt")).ok();
    std::fs::remove_file(site.root.join("stderr.txt")).ok();
    site
}
