//! `[markdown.responsive_images]`: `![alt](photo.png)` of a local image becomes an `<img>`
//! with its size, a `srcset` of the configured widths below its own (made by the image
//! pipeline and kept in `static/processed_images/` as `resize_image` results are) and `sizes`,
//! inside a `<picture>` offering WebP first when asked; every image but the first loads
//! lazily. Without the table, images are written as before.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Rgb, RgbImage};

use crate::serve::Server;
use crate::support::TestSite;

fn png(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    });
    let mut bytes = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

const PAGE: &str = "+++\ntitle = \"Post\"\n+++\n![A photo](photo.png \"Title\")\n\nText.\n\n\
                    ![Again](/banner.png)\n\n![Remote](https://example.com/x.jpg)\n\n![Icon](icon.svg)\n";

fn site(config: &str) -> TestSite {
    TestSite::new()
        .file(
            "config.toml",
            format!("base_url = \"https://example.org\"\n{config}"),
        )
        .file("templates/page.html", "{{ page.content | safe }}")
        .file("content/post/index.md", PAGE)
        .file("content/post/photo.png", png(400, 300))
        .file(
            "content/post/icon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>",
        )
        .file("static/banner.png", png(150, 50))
}

const RESPONSIVE: &str = "[markdown.responsive_images]\nwidths = [800, 100, 200]\n\
                          sizes = \"(min-width: 40em) 40em, 100vw\"\nformats = [\"webp\"]\n";

/// The width and format of the file an address of the output names.
fn decoded(root: &std::path::Path, url: &str) -> (u32, ImageFormat) {
    let rel = url.strip_prefix("https://example.org/").unwrap();
    let reader = ImageReader::open(root.join(rel))
        .unwrap()
        .with_guessed_format()
        .unwrap();
    let format = reader.format().unwrap();
    (reader.decode().unwrap().width(), format)
}

/// The candidates of the first `srcset` after `opening` (which ends with its opening quote).
fn candidates<'a>(html: &'a str, opening: &str) -> Vec<&'a str> {
    let value = html.split(opening).nth(1).unwrap();
    value.split('"').next().unwrap().split(", ").collect()
}

#[test]
fn local_images_get_srcset_sizes_and_their_size() {
    let site = site(RESPONSIVE);
    let built = site.build();
    let html = built.html("post/index.html");
    let first = html.split("<p>Text.</p>").next().unwrap();
    // The widths below the image's own (400), then the image itself; WebP copies first.
    let webp = candidates(first, "<source type=\"image/webp\" srcset=\"");
    assert_eq!(webp.len(), 3, "{first}");
    for (candidate, width) in webp.iter().zip([100, 200, 400]) {
        let (url, w) = candidate.split_once(' ').unwrap();
        assert_eq!(w, format!("{width}w"));
        assert_eq!(decoded(&site.public(), url), (width, ImageFormat::WebP));
    }
    let img = first.split("<img ").nth(1).unwrap();
    let srcset = candidates(img, "srcset=\"");
    assert_eq!(srcset.len(), 3);
    for (candidate, width) in srcset.iter().take(2).zip([100, 200]) {
        let (url, w) = candidate.split_once(' ').unwrap();
        assert!(url.contains("/processed_images/photo."), "{url}");
        assert_eq!(w, format!("{width}w"));
        assert_eq!(decoded(&site.public(), url), (width, ImageFormat::Png));
    }
    assert_eq!(srcset[2], "https://example.org/post/photo.png 400w");
    assert!(
        img.starts_with("src=\"https://example.org/post/photo.png\""),
        "{img}"
    );
    assert!(
        img.contains(" sizes=\"(min-width: 40em) 40em, 100vw\" width=\"400\" height=\"300\" alt=\"A photo\" title=\"Title\" decoding=\"async\"></picture>"),
        "the first image loads at once: {img}"
    );
    // The second, from static/ (its address as written, as without the table): smaller than
    // every width but 100, so 100 and its own.
    assert!(html.contains(
        "<img src=\"/banner.png\" srcset=\"https://example.org/processed_images/banner."
    ));
    assert!(
        html.contains(
            "webp 150w\" sizes=\"(min-width: 40em) 40em, 100vw\"><img src=\"/banner.png\""
        ),
        "{html}"
    );
    assert!(html.contains(
        "/banner.png 150w\" sizes=\"(min-width: 40em) 40em, 100vw\" width=\"150\" height=\"50\" alt=\"Again\" loading=\"lazy\" decoding=\"async\"></picture>"
    ), "{html}");
    // Remote images and SVG are left as they are.
    assert!(html.contains("<p><img src=\"https://example.com/x.jpg\" alt=\"Remote\" /></p>"));
    assert!(html.contains("<p><img src=\"https://example.org/post/icon.svg\" alt=\"Icon\" /></p>"));
    // The copies are kept with the site's processed images, as resize_image's are.
    let kept = std::fs::read_dir(site.root.join("static/processed_images")).unwrap();
    assert_eq!(
        kept.count(),
        2 + 3 + 1 + 2,
        "photo png ×2, webp ×3; banner png ×1, webp ×2"
    );
}

#[test]
fn without_formats_there_is_no_picture() {
    let built = site("[markdown.responsive_images]\nwidths = [200]\n").build();
    let html = built.html("post/index.html");
    assert!(!html.contains("<picture>"), "{html}");
    assert!(
        html.contains("https://example.org/post/photo.png 400w\" sizes=\"100vw\" width=\"400\"")
    );
}

#[test]
fn without_the_table_images_are_written_as_before() {
    let built = site("").build();
    assert_eq!(
        built.html("post/index.html"),
        "<p><img src=\"https://example.org/post/photo.png\" alt=\"A photo\" title=\"Title\" /></p>\n\
         <p>Text.</p>\n<p><img src=\"/banner.png\" alt=\"Again\" /></p>\n\
         <p><img src=\"https://example.com/x.jpg\" alt=\"Remote\" /></p>\n\
         <p><img src=\"https://example.org/post/icon.svg\" alt=\"Icon\" /></p>\n"
    );
}

#[test]
fn bad_settings_are_config_errors_at_their_place() {
    let run = site("[markdown.responsive_images]\nwidths = []\n").run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with(
            "error: config.toml:3:10: `widths` must list the image widths to make, in pixels"
        ),
        "{}",
        run.stderr
    );
    let run =
        site("[markdown.responsive_images]\nwidths = [100]\nformats = [\"gif\"]\n").run(&["build"]);
    assert!(
        run.stderr
            .starts_with("error: config.toml:4:12: unknown image format `gif` in `formats`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_preview_serves_responsive_images_and_their_edits() {
    let site = site(RESPONSIVE);
    let server = Server::start(&site, &[]);
    let page = server.get("/post/");
    let copy = page
        .body
        .split("srcset=\"")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let path = copy.split_once("/processed_images/").unwrap().1;
    let image = server.get(&format!("/processed_images/{path}"));
    assert_eq!(image.status, 200, "the copies are served");
    let file = site.root.join("content/post/index.md");
    std::fs::write(&file, PAGE.replace("![A photo]", "![A new photo]")).unwrap();
    server.wait_for_text("/post/", "height=\"300\" alt=\"A new photo\"");
}
