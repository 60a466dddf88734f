//! `get_image_metadata` and `resize_image` over `tests/fixtures/images/` (whose PNG, JPEG and
//! WebP sources are drawn here): the metadata of every format, each operation's result decoded
//! and measured, Zola's file names, URLs under a sub-path `base_url`, the cache in
//! `static/processed_images/`, shortcodes, `loess serve`, and the errors.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use image::{DynamicImage, ImageEncoder, ImageFormat, Rgb, RgbImage};
use serde_json::Value;

use crate::serve::Server;
use crate::support::{listing, TestSite};

/// A gradient, so that a crop or a resize changes what the pixels are.
fn gradient(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    }))
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

/// A JPEG whose EXIF says to turn it a quarter clockwise (orientation 6) to show it.
fn turned_jpeg(width: u32, height: u32) -> Vec<u8> {
    let exif = [
        b'I', b'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, first directory at 8
        1, 0, // one entry:
        0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // Orientation, SHORT, 1 value: 6
        0, 0, 0, 0, // no next directory
    ];
    let mut bytes = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut bytes);
    encoder.set_exif_metadata(exif.to_vec()).unwrap();
    gradient(width, height).write_with_encoder(encoder).unwrap();
    bytes
}

/// The fixture with its raster images drawn.
pub fn site() -> TestSite {
    TestSite::fixture("images")
        .file(
            "static/tall.png",
            encoded(&gradient(300, 380), ImageFormat::Png),
        )
        .file(
            "static/photo.jpg",
            encoded(&gradient(64, 48), ImageFormat::Jpeg),
        )
        .file(
            "static/wide.webp",
            encoded(&gradient(40, 20), ImageFormat::WebP),
        )
        .file("content/gallery/shot.jpg", turned_jpeg(64, 48))
}

/// The JSON values of the `label: value` lines of a page.
fn values(html: &str) -> BTreeMap<String, Value> {
    html.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(label, json)| (label.to_string(), serde_json::from_str(json).unwrap()))
        .collect()
}

#[test]
fn metadata_of_every_format() {
    let built = site().build();
    let values = values(&built.html("index.html"));
    let meta = |w: u32, h: u32, format: &str, mime: &str| serde_json::json!({"width": w, "height": h, "format": format, "mime": mime});
    let expected = [
        ("meta-png", meta(300, 380, "png", "image/png")),
        ("meta-jpg", meta(64, 48, "jpg", "image/jpeg")),
        ("meta-webp", meta(40, 20, "webp", "image/webp")),
        ("meta-gif", meta(3, 2, "gif", "image/gif")),
        // `width="32px" height="24"`, and a viewBox that is not used.
        ("meta-svg", meta(32, 24, "svg", "image/svg+xml")),
        // `viewBox="0 0 120.5 80"` alone.
        ("meta-svg-viewbox", meta(120, 80, "svg", "image/svg+xml")),
        // Stored 64 × 48, shown turned.
        ("meta-turned", meta(48, 64, "jpg", "image/jpeg")),
        ("meta-missing", Value::Null),
    ];
    for (label, value) in expected {
        assert_eq!(values[label], value, "{label}");
    }
}

/// Each resize: its label, its expected size, Zola's file name for the same call, and the
/// format of the file.
const RESIZES: &[(&str, (u32, u32), &str, ImageFormat)] = &[
    (
        "fill",
        (150, 150),
        "tall.1a8af075d3ff9151.png",
        ImageFormat::Png,
    ),
    (
        "fit",
        (118, 150),
        "tall.a0ab3835c1ff1435.png",
        ImageFormat::Png,
    ),
    (
        "fit-larger",
        (300, 380),
        "tall.1119eef14e58e8df.png",
        ImageFormat::Png,
    ),
    (
        "scale",
        (150, 150),
        "tall.17fd5d0b2383c322.png",
        ImageFormat::Png,
    ),
    (
        "fit_width",
        (100, 126),
        "tall.3e404a230d9b45be.png",
        ImageFormat::Png,
    ),
    (
        "fit_height",
        (118, 150),
        "tall.20e0c80ca82894ca.png",
        ImageFormat::Png,
    ),
    (
        "jpg",
        (32, 10),
        "photo.3bb64c5c3111c436.jpg",
        ImageFormat::Jpeg,
    ),
    (
        "jpg-quality",
        (32, 10),
        "photo.fbb586995830c6e4.jpg",
        ImageFormat::Jpeg,
    ),
    (
        "png-to-webp",
        (30, 30),
        "tall.69e5bf820e65a72a.webp",
        ImageFormat::WebP,
    ),
    (
        "webp-auto",
        (20, 10),
        "wide.e057d9d1c412237b.jpg",
        ImageFormat::Jpeg,
    ),
    (
        "turned",
        (16, 16),
        "shot.158bb10440c2c920.png",
        ImageFormat::Png,
    ),
];

#[test]
fn each_operation_makes_an_image_of_its_size() {
    let site = site();
    let built = site.build();
    let values = values(&built.html("index.html"));
    for &(label, (width, height), name, format) in RESIZES {
        let value = &values[label];
        let url = format!("https://example.org/blog/processed_images/{name}");
        assert_eq!(value["url"], url, "{label}");
        assert_eq!(
            value["static_path"],
            format!("static/processed_images/{name}")
        );
        assert_eq!(
            (value["width"].as_u64(), value["height"].as_u64()),
            (Some(width.into()), Some(height.into())),
            "{label}"
        );
        let file = built.out.join("processed_images").join(name);
        let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{label}: no {name}"));
        assert_eq!(image::guess_format(&bytes).unwrap(), format, "{label}");
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (width, height),
            "{label}"
        );
        let kept = std::fs::read(site.root.join("static/processed_images").join(name)).unwrap();
        assert_eq!(
            kept, bytes,
            "{label}: the output holds a copy of the kept image"
        );
    }
    assert_eq!(values["fill"]["orig_width"], 300);
    assert_eq!(values["turned"]["orig_height"], 64);
}

#[test]
fn a_cropped_fill_keeps_the_centre() {
    let built = site().build();
    let fill = image::open(built.out.join("processed_images/tall.1a8af075d3ff9151.png")).unwrap();
    let scaled = image::open(built.out.join("processed_images/tall.17fd5d0b2383c322.png")).unwrap();
    // The source's green channel grows downwards; `fill` drops 40 rows at the top and the
    // bottom, so its first row is greener than that of `scale`, which keeps them.
    let green = |image: &DynamicImage, y: u32| image.to_rgb8().get_pixel(75, y)[1];
    assert!(
        green(&fill, 0) > green(&scaled, 0) + 15,
        "{} {}",
        green(&fill, 0),
        green(&scaled, 0)
    );
    assert!(green(&fill, 149) + 15 < green(&scaled, 149));
}

/// The modification times of the files in `dir`.
fn times(dir: &Path) -> BTreeMap<String, SystemTime> {
    listing(dir)
        .into_iter()
        .map(|f| {
            let time = std::fs::metadata(dir.join(&f)).unwrap().modified().unwrap();
            (f, time)
        })
        .collect()
}

#[test]
fn images_are_made_again_only_when_missing_or_older_than_their_source() {
    let site = site();
    site.build();
    let kept = site.root.join("static/processed_images");
    let first = times(&kept);
    assert_eq!(first.len(), RESIZES.len() + 1, "{first:?}");
    site.build();
    assert_eq!(times(&kept), first, "a second build rewrote images");

    let made_earlier = SystemTime::now() - Duration::from_secs(3600);
    let fill = kept.join("tall.1a8af075d3ff9151.png");
    let file = std::fs::File::options().write(true).open(&fill).unwrap();
    file.set_modified(made_earlier).unwrap();
    std::fs::remove_file(kept.join("photo.3bb64c5c3111c436.jpg")).unwrap();
    let built = site.build();
    let second = times(&kept);
    assert!(second["tall.1a8af075d3ff9151.png"] > made_earlier + Duration::from_secs(60));
    assert!(second.contains_key("photo.3bb64c5c3111c436.jpg"));
    let unchanged = |name: &str| second[name] == first[name];
    assert!(unchanged("tall.17fd5d0b2383c322.png"));
    assert!(built.has("processed_images/photo.3bb64c5c3111c436.jpg"));
}

#[test]
fn only_the_images_a_build_uses_reach_the_output_and_none_is_removed() {
    let site = site()
        .file(
            "static/processed_images/old.0123456789abcdef.png",
            "an image of an older build",
        )
        .file("static/processed_images/notes.txt", "kept by hand");
    let built = site.build();
    let output: Vec<String> = (built.files().into_iter())
        .filter(|f| f.starts_with("processed_images/"))
        .collect();
    let mut expected: Vec<String> = RESIZES
        .iter()
        .map(|(_, _, name, _)| format!("processed_images/{name}"))
        .chain(["processed_images/shot.f3c711d6ca3e7122.jpg".to_string()])
        .collect();
    expected.sort();
    assert_eq!(output, expected);
    for left in ["old.0123456789abcdef.png", "notes.txt"] {
        assert!(site
            .root
            .join("static/processed_images")
            .join(left)
            .is_file());
    }
}

#[test]
fn shortcodes_resize_images_too() {
    let built = site().build();
    built.check(
        "gallery/index.html",
        &[r#"<img src="https://example.org/blog/processed_images/shot.f3c711d6ca3e7122.jpg" width="24" height="32">"#],
    );
    let made = image::open(built.out.join("processed_images/shot.f3c711d6ca3e7122.jpg")).unwrap();
    assert_eq!((made.width(), made.height()), (24, 32));
}

#[test]
fn errors_name_the_image_and_the_place_of_the_call() {
    let error_of = |call: &str| {
        site()
            .file("static/broken.png", "not an image at all")
            .file(
                "static/pic.avif",
                encoded(&gradient(8, 8), ImageFormat::Avif),
            )
            .file("templates/index.html", format!("<p>{{{{ {call} }}}}</p>"))
            .build_error()
    };
    let cases = [
        (
            "resize_image(path='tall.png', width=10, height=10, op='crop')",
            "`resize_image`: unknown op \"crop\": use \"fill\", \"fit_width\", \"fit_height\", \"scale\" or \"fit\"",
        ),
        (
            "resize_image(path='tall.png', height=10, op='fit_width')",
            "`resize_image`: op=\"fit_width\" needs a `width` argument",
        ),
        (
            "resize_image(path='tall.png', width=-3, height=10)",
            "`resize_image`: `width` must be a whole number of the right size, not -3",
        ),
        (
            "resize_image(path='broken.png', width=10, height=10)",
            "`resize_image`: `broken.png` (static/broken.png): not an image in a format Loess can read",
        ),
        (
            "resize_image(path='pic.avif', width=10, height=10)",
            "`resize_image`: `pic.avif` (static/pic.avif): AVIF images cannot be resized (they can be read for their size only)",
        ),
        (
            "resize_image(path='icon.svg', width=10, height=10)",
            "`resize_image`: `icon.svg` (static/icon.svg): SVG images cannot be resized",
        ),
        (
            "resize_image(path='photo.jpg', width=10, height=10, quality=0)",
            "`resize_image`: `photo.jpg` (static/photo.jpg): `quality` for JPEG must be between 1 and 100, not 0",
        ),
        (
            "resize_image(path='photo.jpg', width=10, height=10, format='avif', speed=0)",
            "`resize_image`: `photo.jpg` (static/photo.jpg): `speed` for AVIF must be between 1 and 10, not 0",
        ),
        (
            "resize_image(path='gone.png', width=10, height=10)",
            "`resize_image`: there is no file `gone.png` (looked in the site directory, static/, content/ and the theme's static/)",
        ),
        (
            "get_image_metadata(path='gone.png')",
            "`get_image_metadata`: there is no file `gone.png`",
        ),
        (
            "get_image_metadata(path='broken.png', allow_missing=true)",
            "`get_image_metadata`: `broken.png` (static/broken.png): cannot read the image: not an image in a format Loess can read",
        ),
    ];
    for (call, expected) in cases {
        let error = error_of(call);
        assert!(error.contains(expected), "{call}:\n{error}");
        let function = call.split('(').next().unwrap();
        assert!(
            error.contains(&format!("Function call '{function}' failed\n")),
            "{call}:\n{error}"
        );
        assert!(
            error.contains("\n  --> templates/index.html:1:7\n"),
            "{call}:\n{error}"
        );
    }
}

#[test]
fn loess_serve_serves_the_processed_images() {
    let site = site();
    let server = Server::start(&site, &[]);
    let page = server.get("/gallery/").body;
    let src = page
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no image in {page}"));
    let path = src
        .strip_prefix(server.url.trim_end_matches('/'))
        .unwrap_or(src);
    assert_eq!(path, "/processed_images/shot.f3c711d6ca3e7122.jpg");
    let reply = server.get(path);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "image/jpeg");
    let size = std::fs::metadata(site.root.join("static").join(&path[1..]))
        .unwrap()
        .len();
    assert_eq!(reply.headers["content-length"], size.to_string().as_str());
}
