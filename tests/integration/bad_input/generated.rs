//! The parts of bad-input cases that a text fixture cannot hold, made when a case is copied:
//! invalid bytes, input nested 100,000 deep, symbolic links and an unreadable file.

use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::Path;

use crate::support::TestSite;

/// How deep the generated nesting goes.
const DEEP: usize = 100_000;

/// The cases with a file that cannot be read, and that file.
const UNREADABLE: [(&str, &str); 2] = [
    ("unreadable-file", "content/secret.md"),
    ("unreadable-static-file", "static/secret.css"),
];

/// Whether case `name` has a file that cannot be read (except by root).
pub fn is_unreadable(name: &str) -> bool {
    UNREADABLE.iter().any(|(case, _)| *case == name)
}

/// Adds to `site` (a copy of case `name`) what its fixture cannot hold.
pub fn complete(name: &str, site: TestSite) -> TestSite {
    let deep = |open: &str, middle: &str, close: &str| {
        format!("{}{middle}{}", open.repeat(DEEP), close.repeat(DEEP))
    };
    match name {
        // Kept out of the repository so that no tool ever "fixes" the bad byte.
        "invalid-utf8" => site.file(
            "content/bad.md",
            b"+++\ntitle = \"Caf\xe9\"\n+++\nBody.\n".as_slice(),
        ),
        "fm-nested-too-deep" => site.file(
            "content/deep.md",
            format!(
                "+++\ntitle = \"Deep\"\n[extra]\nlist = {}\n+++\n",
                deep("[", "", "]")
            ),
        ),
        "shortcode-nested-too-deep" => site.file(
            "content/deep.md",
            format!(
                "+++\ntitle = \"Deep\"\n+++\n{}\n",
                deep("{% box() %}", "x", "{% end %}")
            ),
        ),
        "shortcode-array-too-deep" => site.file(
            "content/deep.md",
            format!(
                "+++\ntitle = \"Deep\"\n+++\n{{{{ count(list={}) }}}}\n",
                deep("[", "", "]")
            ),
        ),
        "symlink-loop" => {
            symlink("..", site.root.join("content/sub/up")).unwrap();
            site
        }
        "symlink-dangling" => {
            symlink("../missing.md", site.root.join("content/gone.md")).unwrap();
            site
        }
        _ => {
            for (_, file) in UNREADABLE.iter().filter(|(case, _)| *case == name) {
                let secret = site.root.join(file);
                std::fs::set_permissions(secret, std::fs::Permissions::from_mode(0o000)).unwrap();
            }
            site
        }
    }
}

/// Whether the tests run as root, for whom file permissions do not stop a read.
pub fn running_as_root() -> bool {
    let dir = tempfile::tempdir().unwrap();
    std::fs::metadata(dir.path()).unwrap().uid() == 0
}

/// The user the binary runs as when the tests run as root: `nobody`.
pub const NOBODY: u32 = 65534;

/// Lets `nobody` run a copy of the binary in `site` (every directory open to all, the files
/// readable as they were), and returns the path of that copy.
pub fn open_to_nobody(site: &TestSite) -> std::path::PathBuf {
    let binary = site.temp_dir().join("loess");
    std::fs::copy(env!("CARGO_BIN_EXE_loess"), &binary).unwrap();
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
    open_dir(site.temp_dir());
    for entry in walkdir::WalkDir::new(&site.root).into_iter().flatten() {
        if entry.file_type().is_dir() {
            open_dir(entry.path());
        }
    }
    binary
}

fn open_dir(dir: &Path) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
}
