//! Static files: everything in `static/` (and the theme's) is copied to the output as Zola
//! 0.22.1 copies it, hidden files and editors' backups included, unless `ignored_static` names
//! them; `hard_link_static = true` hard-links the site's static files and the assets of pages
//! instead of copying them (the theme's are copied).

use std::os::unix::fs::MetadataExt;

use crate::support::TestSite;

fn with_statics() -> TestSite {
    TestSite::new()
        .file("static/.gitkeep", "")
        .file("static/.htaccess", "Options -Indexes\n")
        .file(
            "static/.well-known/security.txt",
            "Contact: mailto:a@example.org\n",
        )
        .file("static/css/site.css", "body {}\n")
        .file("static/css/site.css~", "old\n")
        .file("static/notes.swp", "swap\n")
        .file("static/skip/me.txt", "no\n")
        .file("themes/t/static/theme.css", "theme\n")
        .file("themes/t/templates/index.html", "home")
        .file("content/post/index.md", "+++\n+++\n")
        .file("content/post/photo.txt", "asset\n")
}

fn config(extra: &str) -> String {
    format!(
        "base_url = \"https://example.org\"\ntheme = \"t\"\nignored_static = [\"skip/*\"]\n{extra}"
    )
}

#[test]
fn hidden_and_backup_files_in_static_are_copied() {
    let built = with_statics().file("config.toml", config("")).build();
    let files = built.files();
    for copied in [
        ".gitkeep",
        ".htaccess",
        ".well-known/security.txt",
        "css/site.css",
        "css/site.css~",
        "notes.swp",
        "theme.css",
        "post/photo.txt",
    ] {
        assert!(files.iter().any(|f| f == copied), "{copied}: {files:?}");
    }
    assert!(!built.has("skip/me.txt"), "ignored_static still applies");
    assert_eq!(built.html(".htaccess"), "Options -Indexes\n");
}

#[test]
fn hard_link_static_links_the_site_files_and_copies_the_theme_ones() {
    let site = with_statics().file("config.toml", config("hard_link_static = true\n"));
    let built = site.build();
    let inode = |path: std::path::PathBuf| std::fs::metadata(path).unwrap().ino();
    let same = |source: &str, output: &str| {
        inode(site.root.join(source)) == inode(site.public().join(output))
    };
    assert!(same("static/css/site.css", "css/site.css"));
    assert!(same(
        "static/.well-known/security.txt",
        ".well-known/security.txt"
    ));
    assert!(same("content/post/photo.txt", "post/photo.txt"));
    assert!(!same("themes/t/static/theme.css", "theme.css"));
    assert_eq!(built.html("css/site.css"), "body {}\n");
    // Without the setting, every file is a copy.
    let site = with_statics().file("config.toml", config(""));
    site.build();
    let inode = |path: std::path::PathBuf| std::fs::metadata(path).unwrap().ino();
    assert_ne!(
        inode(site.root.join("static/css/site.css")),
        inode(site.public().join("css/site.css"))
    );
}
