//! Files the build itself makes, named by `get_url(cachebust=true)`, `get_hash` and
//! `load_data` as Zola finds them in its output directory: compiled Sass, class-style
//! highlighting stylesheets, `elasticlunr.min.js`, and the images `resize_image` makes, each
//! hashed as this build writes it (an image is made as soon as a template names its file).

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use sha2::{Digest, Sha256};

use crate::support::TestSite;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([x as u8 * 9, y as u8 * 7, shade]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(image)
        .write_to(&mut bytes, ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

#[test]
fn compiled_sass_is_hashed_as_this_build_writes_it() {
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ncompile_sass = true\n",
        )
        .file(
            "sass/css/site.scss",
            "$ink: #a05a2c;\nbody { color: $ink; }\n",
        )
        .file(
            "templates/index.html",
            "{{ get_url(path='css/site.css', cachebust=true) }}\n\
             {{ get_hash(path='/css/site.css', sha_type=256, base64=false) }}\n\
             {{ load_data(path='css/site.css') | length }}",
        )
        .build();
    let css = std::fs::read(built.out.join("css/site.css")).unwrap();
    let hash = sha256_hex(&css);
    assert_eq!(
        built.html("index.html"),
        format!(
            "https://example.org/css/site.css?h={}\n{hash}\n{}",
            &hash[..20],
            css.len()
        )
    );
}

#[test]
fn a_file_of_the_site_comes_before_a_made_one_and_a_made_one_before_the_theme() {
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ncompile_sass = true\ntheme = \"t\"\n",
        )
        .file("themes/t/templates/index.html", "")
        .file("themes/t/static/made.css", "from the theme")
        .file("sass/made.scss", "a { b: c }")
        .file("sass/mine.scss", "a { b: c }")
        .file("static/mine.css", "from the site")
        .file(
            "templates/index.html",
            "{{ load_data(path='made.css') }}|{{ load_data(path='mine.css') }}",
        )
        .build();
    assert_eq!(built.html("index.html"), "a{b:c}|from the site");
}

#[test]
fn highlighting_stylesheets_can_be_cache_busted() {
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\n[markdown.highlighting]\nstyle = \"class\"\n\
             light_theme = \"github-light\"\ndark_theme = \"github-dark\"\n",
        )
        .file(
            "templates/index.html",
            "{{ get_url(path='giallo-dark.css', cachebust=true) }}",
        )
        .build();
    let css = std::fs::read(built.out.join("giallo-dark.css")).unwrap();
    assert_eq!(
        built.html("index.html"),
        format!(
            "https://example.org/giallo-dark.css?h={}",
            &sha256_hex(&css)[..20]
        )
    );
}

/// A page that resizes `photo.png` and hashes the result by its `static_path` and its URL.
const RESIZE_AND_HASH: &str = "\
{% set img = resize_image(path='photo.png', width=6, height=4, op='scale') %}\
{% set name = img.url | split(pat='/') | last %}\
{{ name }}\n\
{{ get_hash(path=img.static_path, sha_type=256, base64=false) }}\n\
{{ get_url(path='processed_images/' ~ name, cachebust=true) }}";

#[test]
fn a_processed_image_is_hashed_as_this_build_makes_it() {
    let site = TestSite::new()
        .file("static/photo.png", png(12, 8, 40))
        .file("templates/index.html", RESIZE_AND_HASH);
    let check = |site: &TestSite| {
        let built = site.build();
        let html = built.html("index.html");
        let lines: Vec<&str> = html.lines().collect();
        let made = std::fs::read(built.out.join("processed_images").join(lines[0])).unwrap();
        let hash = sha256_hex(&made);
        assert_eq!(lines[1], hash);
        let url = format!(
            "https://example.org/processed_images/{}?h={}",
            lines[0],
            &hash[..20]
        );
        assert_eq!(lines[2], url);
        hash
    };
    // On a first build, nothing is in `static/processed_images/` yet.
    assert!(!site.root.join("static/processed_images").exists());
    let first = check(&site);
    // The source changes: the hash is that of the image made again, not of the old one.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let site = site.file("static/photo.png", png(12, 8, 200));
    let second = check(&site);
    assert_ne!(first, second);
}

#[test]
fn the_search_script_can_be_cache_busted() {
    // Zola writes `elasticlunr.min.js` before rendering; the index itself, made from the
    // rendered site, is not among the files templates can name before it is written.
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\nbuild_search_index = true\n",
        )
        .file("content/_index.md", "+++\n+++\n")
        .file(
            "templates/index.html",
            "{{ get_url(path='elasticlunr.min.js', cachebust=true) }}",
        )
        .build();
    let script = std::fs::read(built.out.join("elasticlunr.min.js")).unwrap();
    assert_eq!(
        built.html("index.html"),
        format!(
            "https://example.org/elasticlunr.min.js?h={}",
            &sha256_hex(&script)[..20]
        )
    );
}

/// A section's asset is copied beside each language's version of the section, and templates
/// find it there by its place in the output (`es/blog/card.png`), as Zola finds it in its
/// output directory: the way the `tabi` theme looks up a translated section's social card.
#[test]
fn assets_are_found_by_their_place_in_the_output() {
    let card = png(12, 8, 40);
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\n[languages.es]\n",
        )
        .file("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n")
        .file("content/blog/_index.es.md", "+++\ntitle = \"Blog\"\n+++\n")
        .file("content/blog/card.png", &card)
        .file(
            "templates/section.html",
            "{% set meta = get_image_metadata(path=section.path ~ '/card.png', allow_missing=true) %}\
             {% if meta %}{{ meta.width }}x{{ meta.height }} \
             {{ get_url(path=section.path ~ 'card.png', cachebust=true) }}{% else %}missing{% endif %}",
        )
        .build();
    let hash = &sha256_hex(&card)[..20];
    assert_eq!(
        built.html("es/blog/index.html"),
        format!("12x8 https://example.org/es/blog/card.png?h={hash}")
    );
    assert_eq!(
        built.html("blog/index.html"),
        format!("12x8 https://example.org/blog/card.png?h={hash}")
    );
}
