//! `resize_image`'s formats as Zola has them: AVIF (with `quality` and `speed`), lossy WebP at
//! `quality` (libwebp) and lossless WebP, each decoded and measured, named as Zola names the
//! same calls, colour profiles kept where WebP can hold them; and every source format Zola reads, measured by `get_image_metadata` and
//! resized, `format="auto"` choosing JPEG or PNG as Zola does.

use std::collections::BTreeMap;

use image::{DynamicImage, ImageFormat, Rgb, Rgb32FImage, RgbImage};
use serde_json::Value;

use crate::support::{Built, TestSite};

/// A picture with detail, so that a lossy encoder has something to lose.
fn picture(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        let wave = ((x * 7 + y * 13) % 31) as u8 * 8;
        Rgb([(x * 255 / width) as u8, wave, (y * 255 / height) as u8])
    }))
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

/// The JSON values of the `label: value` lines of a page.
fn values(html: &str) -> BTreeMap<String, Value> {
    html.lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(label, json)| (label.to_string(), serde_json::from_str(json).unwrap()))
        .collect()
}

/// Builds a site whose `static/` holds `files` and whose home page prints `label: json` for
/// each call.
fn build(files: &[(&str, Vec<u8>)], calls: &[(&str, String)]) -> (Built, BTreeMap<String, Value>) {
    let template: String = calls
        .iter()
        .map(|(label, call)| format!("{label}: {{{{ {call} | json_encode() | safe }}}}\n"))
        .collect();
    let mut site = TestSite::new().file("templates/index.html", template);
    for (name, bytes) in files {
        site = site.file(&format!("static/{name}"), bytes);
    }
    let built = site.build();
    let values = values(&built.html("index.html"));
    (built, values)
}

/// The bytes of the processed image a `resize_image` value names.
fn made(built: &Built, value: &Value) -> (String, Vec<u8>) {
    let name = value["url"].as_str().unwrap().rsplit('/').next().unwrap();
    let bytes = std::fs::read(built.out.join("processed_images").join(name)).unwrap();
    (name.to_string(), bytes)
}

#[test]
fn avif_and_webp_are_written_as_asked_and_named_as_in_zola() {
    let calls = [
        ("avif", "format='avif'"),
        ("avif-fast", "format='avif', quality=40, speed=10"),
        ("webp-lossy", "format='webp', quality=60"),
        ("webp-lossless", "format='webp'"),
    ]
    .map(|(label, args)| {
        let call =
            format!("resize_image(path='photo.png', width=40, height=30, op='fit_width', {args})");
        (label, call)
    });
    let (built, values) = build(
        &[("photo.png", encoded(&picture(80, 60), ImageFormat::Png))],
        &calls,
    );
    // The names Zola 0.22.1 gives the same calls.
    let expected = [
        ("avif", "photo.9cb05aa956fc9333.avif"),
        ("avif-fast", "photo.cf0f535c9a5ddead.avif"),
        ("webp-lossy", "photo.01e1424a757654ee.webp"),
        ("webp-lossless", "photo.972410e5807e3a01.webp"),
    ];
    for (label, name) in expected {
        let value = &values[label];
        let (made_name, bytes) = made(&built, value);
        assert_eq!(made_name, name, "{label}");
        assert_eq!(
            (value["width"].as_u64(), value["height"].as_u64()),
            (Some(40), Some(30))
        );
        if label.starts_with("avif") {
            assert_eq!(&bytes[4..12], b"ftypavif", "{label}");
            let size = imagesize::blob_size(&bytes).unwrap();
            assert_eq!((size.width, size.height), (40, 30), "{label}");
        } else {
            assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WEBP"[..]));
            // `VP8 ` is the lossy bitstream, `VP8L` the lossless one.
            let chunk = if label == "webp-lossy" {
                b"VP8 "
            } else {
                b"VP8L"
            };
            assert_eq!(&bytes[12..16], chunk, "{label}");
            let decoded = image::load_from_memory_with_format(&bytes, ImageFormat::WebP).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (40, 30), "{label}");
        }
    }
    assert!(built.warnings().is_empty(), "{:?}", built.warnings());
}

#[test]
fn a_lower_webp_quality_gives_a_smaller_file() {
    let qualities = [5, 50, 95];
    let calls = qualities.map(|q| {
        let call = format!(
            "resize_image(path='photo.png', width=120, height=90, format='webp', quality={q})"
        );
        (
            ["q5", "q50", "q95"][qualities.iter().position(|&x| x == q).unwrap()],
            call,
        )
    });
    let (built, values) = build(
        &[("photo.png", encoded(&picture(240, 180), ImageFormat::Png))],
        &calls,
    );
    let sizes: Vec<usize> = ["q5", "q50", "q95"]
        .iter()
        .map(|label| made(&built, &values[*label]).1.len())
        .collect();
    assert!(sizes[0] < sizes[1] && sizes[1] < sizes[2], "{sizes:?}");
}

#[test]
fn every_source_format_zola_reads_is_measured_and_resized() {
    let rgb = picture(30, 20);
    let float = DynamicImage::ImageRgb32F(Rgb32FImage::from_fn(30, 20, |x, y| {
        Rgb([x as f32 / 30.0, y as f32 / 20.0, 0.5])
    }));
    // Each source, and the format `auto` makes of it: JPEG but for the formats Zola counts
    // as lossless.
    let sources = [
        (
            "a.gif",
            encoded(&rgb, ImageFormat::Gif),
            "gif",
            ImageFormat::Jpeg,
        ),
        (
            "a.bmp",
            encoded(&rgb, ImageFormat::Bmp),
            "bmp",
            ImageFormat::Png,
        ),
        (
            "a.tiff",
            encoded(&rgb, ImageFormat::Tiff),
            "tiff",
            ImageFormat::Png,
        ),
        (
            "a.tga",
            encoded(&rgb, ImageFormat::Tga),
            "tga",
            ImageFormat::Png,
        ),
        (
            "a.ico",
            encoded(&rgb.to_rgba8().into(), ImageFormat::Ico),
            "ico",
            ImageFormat::Png,
        ),
        (
            "a.qoi",
            encoded(&rgb, ImageFormat::Qoi),
            "qoi",
            ImageFormat::Jpeg,
        ),
        (
            "a.ppm",
            encoded(&rgb, ImageFormat::Pnm),
            "pbm",
            ImageFormat::Png,
        ),
        (
            "a.ff",
            encoded(&rgb.to_rgba16().into(), ImageFormat::Farbfeld),
            "ff",
            ImageFormat::Png,
        ),
        (
            "a.exr",
            encoded(&float, ImageFormat::OpenExr),
            "exr",
            ImageFormat::Jpeg,
        ),
        (
            "a.hdr",
            encoded(&float, ImageFormat::Hdr),
            "hdr",
            ImageFormat::Png,
        ),
    ];
    let files: Vec<(&str, Vec<u8>)> = sources.iter().map(|(n, b, ..)| (*n, b.clone())).collect();
    let calls: Vec<(&str, String)> = sources
        .iter()
        .flat_map(|(name, ..)| {
            [
                (*name, format!("get_image_metadata(path='{name}')")),
                (
                    &name[2..],
                    format!("resize_image(path='{name}', width=15, op='fit_width')"),
                ),
            ]
        })
        .collect();
    let (built, values) = build(&files, &calls);
    for (name, _, format, output) in sources {
        let meta = &values[name];
        assert_eq!(
            (meta["width"].as_u64(), meta["height"].as_u64()),
            (Some(30), Some(20)),
            "{name}"
        );
        assert_eq!(meta["format"], format, "{name}");
        let resized = &values[&name[2..]];
        let (file, bytes) = made(&built, resized);
        assert_eq!(
            image::guess_format(&bytes).unwrap(),
            output,
            "{name}: {file}"
        );
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (15, 10), "{name}");
    }
}

#[test]
fn a_colour_profile_is_kept_in_lossless_webp_and_its_loss_in_lossy_webp_is_a_warning() {
    use image::ImageEncoder;
    // A PNG with an ICC profile (its bytes do not matter to the encoders).
    let mut png = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new(&mut png);
    encoder
        .set_icc_profile(b"a colour profile".to_vec())
        .unwrap();
    picture(40, 30).write_with_encoder(encoder).unwrap();
    let calls = [
        (
            "lossless",
            "resize_image(path='p.png', width=20, height=15, format='webp')".to_string(),
        ),
        (
            "lossy",
            "resize_image(path='p.png', width=20, height=15, format='webp', quality=50)"
                .to_string(),
        ),
    ];
    let (built, values) = build(&[("p.png", png)], &calls);
    let (_, lossless) = made(&built, &values["lossless"]);
    // The extended format, which has room for the profile, around a lossless bitstream.
    assert_eq!(&lossless[12..16], b"VP8X");
    let icc = lossless.windows(4).position(|w| w == b"ICCP").is_some();
    assert!(icc && lossless.windows(4).any(|w| w == b"VP8L"));
    let (name, lossy) = made(&built, &values["lossy"]);
    assert_eq!(&lossy[12..16], b"VP8 ");
    assert_eq!(
        built.warnings(),
        [format!(
            "static/p.png: processed_images/{name}: lossy WebP cannot hold the colour profile of the source: colours may differ"
        )]
    );
}
