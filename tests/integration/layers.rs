//! The layers of the library, as ARCHITECTURE.md draws them: each top-level module of `src/`
//! may name (`crate::module`) only modules of the layers below its own. This test reads the
//! sources, so a back-arrow fails here as it would fail to compile between crates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// From the top down. A module may use the modules of any layer below its own, never one of
/// its own layer or above.
const LAYERS: &[&[&str]] = &[
    &["cmd", "fuzzing"],
    &["serve", "check", "init"],
    &["build"],
    &["cache"],
    &["write", "pagefind"],
    &["render"],
    &["templates"],
    &["site", "images"],
    &["load"],
    &["parse"],
    &["config"],
    &["fs", "once_map", "timings", "toml_text"],
    &["warning"],
    &["error"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules of the library, from the files and directories of `src/`.
fn top_level_modules(src: &Path) -> BTreeSet<String> {
    let entries = std::fs::read_dir(src).expect("src/ is readable");
    let names = entries.map(|entry| entry.expect("src/ entry").path());
    names
        .filter(|path| path.is_dir() || path.extension().is_some_and(|e| e == "rs"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .filter(|name| name != "main" && name != "lib")
        .collect()
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The top-level modules `text` names through `crate::`, in `use` lines (with their braces)
/// and in paths; comments are left out.
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut named = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let macro_path = rest[..at].ends_with('$');
        rest = &rest[at + "crate::".len()..];
        if macro_path {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            named.extend(group_heads(group));
        } else {
            named.insert(identifier(rest).to_string());
        }
    }
    named.remove("");
    named
}

/// The first identifier of each item of a `{a::b, c, d::{e, f}}` group (`group` starts after
/// its opening brace).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = vec![identifier(group.trim_start()).to_string()];
    let mut depth = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(identifier(group[i + 1..].trim_start()).to_string()),
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let unplaced: Vec<String> = top_level_modules(&src)
        .into_iter()
        .filter(|module| layer_of(module).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules with no layer (add them to LAYERS and ARCHITECTURE.md): {unplaced:?}"
    );
}

#[test]
fn modules_use_only_the_layers_below_their_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).expect("under src/");
        let first = rel.components().next().expect("a first component");
        let first = first.as_os_str().to_str().expect("UTF-8 name");
        let module = first.trim_end_matches(".rs");
        let Some(own) = layer_of(module) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        for used in named_modules(&text) {
            match layer_of(&used) {
                Some(layer) if layer > own => {}
                // Its own submodules, named from the crate root.
                _ if used == module => {}
                Some(_) => wrong.push(format!("src/{}: {module} uses {used}", rel.display())),
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "uses against the layers (see ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_finds_paths_and_groups_but_not_comments() {
    let text = "use crate::a::B;\nuse crate::{b, c::{d, e}, f::G};\n// crate::h\n\
                fn x() { crate::i::j(); $crate::k }";
    let found: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(found, ["a", "b", "c", "f", "i"]);
}
