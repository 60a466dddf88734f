//! Making one processed image: the source decoded and turned upright, cropped and resized
//! (Lanczos3, as in Zola), encoded with its colour profile where the encoder keeps one, and
//! written through a temporary file in the same directory, so that the file is either
//! absent or complete, with the source's permissions.

use std::io::Write;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};

use super::ops::{Output, Plan};

/// Decodes `source`, applies `plan`, and writes the result to `target` as `output`; the
/// message says what went wrong, without the paths.
pub fn make(source: &Path, plan: &Plan, output: Output, target: &Path) -> Result<(), String> {
    let reader = ImageReader::open(source)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let profile = decoder.icc_profile().ok().flatten();
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    if let Some((x, y, w, h)) = plan.crop {
        image = image.crop_imm(x, y, w, h);
    }
    if let Some((w, h)) = plan.resize {
        image = image.resize_exact(w, h, FilterType::Lanczos3);
    }
    let bytes = encode(&image, output, profile).map_err(|e| e.to_string())?;
    write_whole(source, target, &bytes).map_err(|e| e.to_string())
}

fn encode(
    image: &DynamicImage,
    output: Output,
    profile: Option<Vec<u8>>,
) -> image::ImageResult<Vec<u8>> {
    let mut bytes = Vec::new();
    let with_profile = |encoder: &mut dyn ImageEncoder| {
        if let Some(profile) = profile {
            // An encoder that cannot embed a profile writes the pixels as they are.
            let _ = encoder.set_icc_profile(profile);
        }
    };
    match output {
        Output::Jpeg { quality } => {
            let mut encoder = JpegEncoder::new_with_quality(&mut bytes, quality);
            with_profile(&mut encoder);
            image.write_with_encoder(encoder)?;
        }
        Output::Png => {
            let mut encoder = PngEncoder::new(&mut bytes);
            with_profile(&mut encoder);
            image.write_with_encoder(encoder)?;
        }
        // The pure-Rust WebP encoder is lossless only; a lossy request is reported as a
        // warning when it is queued (see `Images::resize`).
        Output::WebP { .. } => {
            let mut encoder = WebPEncoder::new_lossless(&mut bytes);
            with_profile(&mut encoder);
            image.write_with_encoder(encoder)?;
        }
    }
    Ok(bytes)
}

/// Writes `bytes` to `target` by renaming a finished temporary file over it, readable as
/// `source` is (a temporary file starts readable by its owner only).
fn write_whole(source: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".loess-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    std::fs::set_permissions(temporary.path(), std::fs::metadata(source)?.permissions())?;
    temporary.persist(target).map_err(|e| e.error)?;
    Ok(())
}
