//! The size and format of an image file, read from its header alone: every format Zola reads
//! (JPEG, PNG, WebP, GIF, BMP, ICO, TIFF, TGA, DDS, OpenEXR, HDR, PNM, QOI, farbfeld) with the
//! `image` crate (which also reads the EXIF orientation, so a photo taken upright reports its
//! upright size, as in Zola), AVIF with `imagesize` (it is written, not read, by `image`), and
//! SVG from its `width`/`height` or else its `viewBox` (`svg_metadata`, which Zola uses).

use std::io::{BufReader, Read};
use std::path::Path;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};
use serde::Serialize;

/// What an image file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Raster(ImageFormat),
    Svg,
}

/// An image's size (as displayed) and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub width: u32,
    pub height: u32,
    pub kind: Kind,
}

/// What `get_image_metadata` returns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MetaValue {
    pub width: u32,
    pub height: u32,
    /// The format's usual extension: `jpg`, `png`, `webp`, `gif`, `bmp`, `avif`, `svg`.
    pub format: &'static str,
    pub mime: &'static str,
}

impl Meta {
    /// Reads the header of `file`; the message says what is wrong, without the path.
    pub fn read(file: &Path) -> Result<Meta, String> {
        let is_svg = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        if is_svg {
            return svg(file);
        }
        let mut head = Vec::with_capacity(32);
        let opened = std::fs::File::open(file).map_err(|e| e.to_string())?;
        opened
            .take(32)
            .read_to_end(&mut head)
            .map_err(|e| e.to_string())?;
        // By its first bytes, else by its extension if that is TGA's, which has no signature.
        let format = image::guess_format(&head)
            .ok()
            .or_else(|| {
                ImageFormat::from_path(file)
                    .ok()
                    .filter(|f| *f == ImageFormat::Tga)
            })
            .ok_or_else(|| "not an image in a format Loess can read".to_string())?;
        let (width, height) = match format {
            ImageFormat::Avif => {
                let size = imagesize::size(file).map_err(|e| e.to_string())?;
                (size.width as u32, size.height as u32)
            }
            other if other.reading_enabled() => decoded_size(file, other)?,
            other => {
                return Err(format!(
                    "{} images are not supported",
                    other.extensions_str()[0].to_uppercase()
                ))
            }
        };
        Ok(Meta {
            width,
            height,
            kind: Kind::Raster(format),
        })
    }

    /// Whether the image may be stored lossily, so that `format="auto"` makes a JPEG of it:
    /// all but the formats Zola counts as lossless.
    pub fn is_lossy(&self) -> bool {
        use ImageFormat::*;
        !matches!(
            self.kind,
            Kind::Raster(Png | Pnm | Tiff | Tga | Bmp | Ico | Hdr | Farbfeld)
        )
    }

    /// Whether the pixels can be decoded, to be resized: SVG and AVIF cannot.
    pub fn is_decodable(&self) -> bool {
        matches!(self.kind, Kind::Raster(f) if f.reading_enabled() && f != ImageFormat::Avif)
    }

    pub fn value(&self) -> MetaValue {
        let (format, mime) = match self.kind {
            Kind::Raster(format) => (format.extensions_str()[0], format.to_mime_type()),
            Kind::Svg => ("svg", "image/svg+xml"),
        };
        MetaValue {
            width: self.width,
            height: self.height,
            format,
            mime,
        }
    }
}

/// The size of an image as it is displayed: turned as its EXIF says.
fn decoded_size(file: &Path, format: ImageFormat) -> Result<(u32, u32), String> {
    let opened = std::fs::File::open(file).map_err(|e| e.to_string())?;
    let mut decoder = ImageReader::with_format(BufReader::new(opened), format)
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    Ok(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

/// An SVG's `width` and `height` (units dropped, as Zola does), or its `viewBox`'s.
fn svg(file: &Path) -> Result<Meta, String> {
    let svg = svg_metadata::Metadata::parse_file(file).map_err(|e| e.to_string())?;
    let (width, height) = match (svg.width(), svg.height(), svg.view_box()) {
        (Some(w), Some(h), _) => (w, h),
        (_, _, Some(view_box)) => (view_box.width, view_box.height),
        _ => return Err("the SVG sets neither `width` and `height` nor a `viewBox`".into()),
    };
    Ok(Meta {
        width: width as u32,
        height: height as u32,
        kind: Kind::Svg,
    })
}
