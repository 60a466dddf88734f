//! Making one processed image: the source decoded and turned upright, cropped and resized
//! (Lanczos3, as in Zola), encoded with its colour profile where the encoder keeps one, and
//! written through a temporary file in the same directory, so that the file is either
//! absent or complete, with the source's permissions.
//!
//! The encoders are Zola's: `image`'s for JPEG, PNG and AVIF (rav1e), libwebp (the `webp`
//! crate) for WebP, lossy or lossless; a lossless WebP with a colour profile is written by
//! `image`, whose encoder keeps the profile.

use std::io::Write;
use std::path::Path;

use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};

use super::ops::{Output, Plan};

/// Decodes `source`, applies `plan`, and writes the result to `target` as `output`; says what
/// was lost on the way, if anything (a colour profile the encoder cannot keep). The message
/// says what went wrong, without the paths.
pub(super) fn make(
    source: &Path,
    plan: &Plan,
    output: Output,
    target: &Path,
) -> Result<Option<String>, String> {
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
    let lost = match (output, &profile) {
        (Output::WebP { quality: Some(_) }, Some(_)) => {
            Some("lossy WebP cannot hold the colour profile of the source: colours may differ")
        }
        _ => None,
    };
    let bytes = encode(&image, output, profile)?;
    write_whole(source, target, &bytes).map_err(|e| e.to_string())?;
    Ok(lost.map(str::to_string))
}

fn encode(
    image: &DynamicImage,
    output: Output,
    profile: Option<Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let has_profile = profile.is_some();
    let with_profile = |encoder: &mut dyn ImageEncoder| {
        if let Some(profile) = profile {
            // An encoder that cannot embed a profile writes the pixels as they are.
            let _ = encoder.set_icc_profile(profile);
        }
    };
    let written = match output {
        Output::Jpeg { quality } => {
            let mut encoder = JpegEncoder::new_with_quality(&mut bytes, quality);
            with_profile(&mut encoder);
            // JPEG has no alpha channel and 8 bits per channel.
            let flat = match image {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => image.clone(),
                _ => DynamicImage::ImageRgb8(image.to_rgb8()),
            };
            flat.write_with_encoder(encoder)
        }
        Output::Png => {
            let mut encoder = PngEncoder::new(&mut bytes);
            with_profile(&mut encoder);
            // PNG holds 8 or 16 bits per channel, not floats (OpenEXR, HDR).
            let whole = match image {
                DynamicImage::ImageRgb32F(_) => DynamicImage::ImageRgb16(image.to_rgb16()),
                DynamicImage::ImageRgba32F(_) => DynamicImage::ImageRgba16(image.to_rgba16()),
                _ => image.clone(),
            };
            whole.write_with_encoder(encoder)
        }
        Output::WebP { quality: None } if has_profile => {
            let mut encoder = WebPEncoder::new_lossless(&mut bytes);
            with_profile(&mut encoder);
            let eight = match image.color().has_alpha() {
                true => DynamicImage::ImageRgba8(image.to_rgba8()),
                false => DynamicImage::ImageRgb8(image.to_rgb8()),
            };
            eight.write_with_encoder(encoder)
        }
        Output::WebP { quality } => return libwebp(image, quality),
        Output::Avif { quality, speed } => {
            let mut encoder = AvifEncoder::new_with_speed_quality(&mut bytes, speed, quality);
            with_profile(&mut encoder);
            image.write_with_encoder(encoder)
        }
    };
    written.map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// `image` as WebP by libwebp: lossy at `quality` (0 to 100), or lossless.
fn libwebp(image: &DynamicImage, quality: Option<u8>) -> Result<Vec<u8>, String> {
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let pixels = if alpha {
        image.to_rgba8().into_raw()
    } else {
        image.to_rgb8().into_raw()
    };
    let encoder = if alpha {
        webp::Encoder::from_rgba(&pixels, width, height)
    } else {
        webp::Encoder::from_rgb(&pixels, width, height)
    };
    let lossless = quality.is_none();
    let quality = f32::from(quality.unwrap_or(75));
    let memory = encoder
        .encode_simple(lossless, quality)
        .map_err(|e| format!("libwebp cannot encode it: {e:?}"))?;
    Ok(memory.to_vec())
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
