//! Embeds the default theme, `themes/terrace/`, in the binary for `loess init`: writes the list
//! of its files, each with an `include_bytes!` of its contents, to `$OUT_DIR/terrace.rs`.

use std::path::{Path, PathBuf};

fn main() {
    let theme = Path::new("themes/terrace");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(theme, &mut files);
    files.sort();
    let mut code = String::from("/// The files of the terrace theme, by path inside it.\n");
    code.push_str("pub(crate) const FILES: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let rel = file.strip_prefix(theme).expect("below the theme");
        let rel = rel.to_str().expect("theme file names are UTF-8");
        let absolute = std::fs::canonicalize(file).expect("a theme file");
        code.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            rel.replace('\\', "/"),
            absolute
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("terrace.rs"), code).expect("OUT_DIR is writable");
}

/// Every file below `dir`, hidden files aside.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("a readable theme directory");
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
