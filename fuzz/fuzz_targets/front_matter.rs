//! Front matter: any text, split and deserialized as a page's and a section's, then built as
//! a page and as a section of a small site (dates, slugs, paths, taxonomies, aliases).

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use loess::fuzzing::MemorySite;
use loess::parse::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use loess::templates::Parsed;
use loess_fuzz::{build_and_check, parsed, text};

const CONFIG: &str = "base_url = \"https://example.org\"\n\
    title = \"Fuzz\"\n\
    taxonomies = [{ name = \"tags\" }]\n";

/// The built-in templates.
static TEMPLATES: LazyLock<Parsed> = LazyLock::new(|| parsed(&[]));

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else {
        return;
    };
    let path = Path::new("content/a.md");
    match front_matter::split(path, text) {
        Ok(split) => {
            let first = split.front_matter_line;
            for known in [PageFrontMatter::KEYS, SectionFrontMatter::KEYS] {
                let _ = front_matter::unknown_keys(path, split.front_matter, first, known);
            }
            if let Err(e) =
                front_matter::deserialize::<PageFrontMatter>(path, split.front_matter, first)
            {
                let _ = e.to_string();
            }
            if let Err(e) =
                front_matter::deserialize::<SectionFrontMatter>(path, split.front_matter, first)
            {
                let _ = e.to_string();
            }
        }
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    }
    let content = [
        ("_index.md", "+++\n+++\n"),
        ("a.md", text),
        ("s/_index.md", text),
        ("s/b.md", "+++\ntitle = \"B\"\ndate = 2025-01-02\n+++\nB.\n"),
    ];
    build_and_check(&MemorySite {
        config: CONFIG,
        content: &content,
        templates: &TEMPLATES,
    });
});
