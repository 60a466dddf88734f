//! What `resize_image` asks for, checked: the operation (`fill`, `fit_width`, `fit_height`,
//! `scale`, `fit`), the output format, quality and speed, the crop and resize that do it for a given
//! source size, and the name of the file that holds the result.
//!
//! The name is Zola's: the source's file stem, then a SipHash-1-3 (zero keys) of the path as
//! written, the operation and the format, then the format's extension. The same call therefore
//! names the same file as in Zola, and a site that moves between the two reuses its
//! `static/processed_images/`.

use std::hash::Hasher;
use std::path::Path;

use siphasher::sip::SipHasher13;

/// A resize operation with its dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Exactly `width` × `height`, whatever the aspect ratio.
    Scale(u32, u32),
    /// `width` wide, as high as the aspect ratio makes it.
    FitWidth(u32),
    /// `height` high, as wide as the aspect ratio makes it.
    FitHeight(u32),
    /// Shrunk (never enlarged) to fit inside `width` × `height`, keeping the aspect ratio.
    Fit(u32, u32),
    /// The centre of the image with the aspect ratio of `width` × `height`, scaled to that.
    Fill(u32, u32),
}

impl Operation {
    /// The operation `op` with the dimensions given; `op` defaults to `fill`.
    pub fn from_args(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Self, String> {
        let needs = |name: &str, value: Option<u32>| match value {
            None => Err(format!("op=\"{op}\" needs a `{name}` argument")),
            Some(0) => Err(format!("`{name}` must be at least 1 for op=\"{op}\"")),
            Some(n) => Ok(n),
        };
        Ok(match op {
            "fit_width" => Operation::FitWidth(needs("width", width)?),
            "fit_height" => Operation::FitHeight(needs("height", height)?),
            "scale" | "fit" | "fill" => {
                let (w, h) = (needs("width", width)?, needs("height", height)?);
                match op {
                    "scale" => Operation::Scale(w, h),
                    "fit" => Operation::Fit(w, h),
                    _ => Operation::Fill(w, h),
                }
            }
            _ => {
                return Err(format!(
                    "unknown op \"{op}\": use \"fill\", \"fit_width\", \"fit_height\", \"scale\" or \"fit\""
                ))
            }
        })
    }

    /// Zola's variant index and dimensions, as its file names hash them.
    fn hashed(self) -> (i64, Vec<u32>) {
        match self {
            Operation::Scale(w, h) => (0, vec![w, h]),
            Operation::FitWidth(w) => (1, vec![w]),
            Operation::FitHeight(h) => (2, vec![h]),
            Operation::Fit(w, h) => (3, vec![w, h]),
            Operation::Fill(w, h) => (4, vec![w, h]),
        }
    }
}

/// What to do to an image of a given size: crop (x, y, width, height) first, then resize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Plan {
    pub crop: Option<(u32, u32, u32, u32)>,
    pub resize: Option<(u32, u32)>,
}

impl Plan {
    /// The crop and resize that perform `op` on an image of `width` × `height`.
    pub(crate) fn new(op: Operation, (width, height): (u32, u32)) -> Plan {
        let scaled = |num: u32, by: u32, den: u32| {
            // At least one pixel, however thin the source.
            ((u64::from(num) * u64::from(by) / u64::from(den.max(1))) as u32).max(1)
        };
        let resize = |w, h| Plan {
            crop: None,
            resize: Some((w, h)),
        };
        match op {
            Operation::Scale(w, h) => resize(w, h),
            Operation::FitWidth(w) => resize(w, scaled(height, w, width)),
            Operation::FitHeight(h) => resize(scaled(width, h, height), h),
            Operation::Fit(w, h) if width <= w && height <= h => Plan::default(),
            Operation::Fit(w, h) => {
                let wider = u64::from(width) * u64::from(h) > u64::from(height) * u64::from(w);
                let inner = if wider {
                    Operation::FitWidth(w)
                } else {
                    Operation::FitHeight(h)
                };
                Plan::new(inner, (width, height))
            }
            Operation::Fill(w, h) => Plan::fill((width, height), (w, h)),
        }
    }

    /// Crops the centre with the target's aspect ratio, then scales it; when the ratios are
    /// within 0.1 of each other, only scales (as Zola does, in the same float arithmetic).
    fn fill((width, height): (u32, u32), (w, h): (u32, u32)) -> Plan {
        let factor_w = width as f32 / w as f32;
        let factor_h = height as f32 / h as f32;
        let crop = if (factor_w - factor_h).abs() <= 0.1 {
            None
        } else if factor_w < factor_h {
            let crop_h = ((factor_w * h as f32).round() as u32).min(height);
            Some((0, (height - crop_h) / 2, width, crop_h))
        } else {
            let crop_w = ((factor_h * w as f32).round() as u32).min(width);
            Some(((width - crop_w) / 2, 0, crop_w, height))
        };
        Plan {
            crop,
            resize: Some((w, h)),
        }
    }

    /// The size of the result, for a source of `size`.
    pub(crate) fn size(&self, size: (u32, u32)) -> (u32, u32) {
        self.resize.unwrap_or(size)
    }
}

/// The encoding of a processed image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Output {
    Jpeg {
        quality: u8,
    },
    Png,
    /// `None` is lossless, as in Zola.
    WebP {
        quality: Option<u8>,
    },
    /// `speed` from 1 (slowest, smallest) to 10.
    Avif {
        quality: u8,
        speed: u8,
    },
}

/// `value` if it lies in `range`, else the message saying so.
fn within(
    name: &str,
    format: &str,
    value: u8,
    range: std::ops::RangeInclusive<u8>,
) -> Result<u8, String> {
    if range.contains(&value) {
        return Ok(value);
    }
    Err(format!(
        "`{name}` for {format} must be between {} and {}, not {value}",
        range.start(),
        range.end()
    ))
}

impl Output {
    /// The output for `format` (`auto`, `jpg`/`jpeg`, `png`, `webp`, `avif`), `quality` and
    /// (for AVIF) `speed`, with Zola's defaults; `auto` is JPEG for lossy sources and PNG for
    /// the others.
    pub(crate) fn from_args(
        format: &str,
        lossy: bool,
        quality: Option<u8>,
        speed: Option<u8>,
    ) -> Result<Output, String> {
        let chosen = match (format, lossy) {
            ("auto", true) => "jpg",
            ("auto", false) => "png",
            (other, _) => other,
        };
        match chosen {
            "jpg" | "jpeg" => Ok(Output::Jpeg {
                quality: within("quality", "JPEG", quality.unwrap_or(75), 1..=100)?,
            }),
            "png" => Ok(Output::Png),
            "webp" => match quality {
                None => Ok(Output::WebP { quality: None }),
                Some(q) => Ok(Output::WebP {
                    quality: Some(within("quality", "WebP", q, 0..=100)?),
                }),
            },
            "avif" => Ok(Output::Avif {
                quality: within("quality", "AVIF", quality.unwrap_or(80), 1..=100)?,
                speed: within("speed", "AVIF", speed.unwrap_or(5), 1..=10)?,
            }),
            _ => Err(format!(
                "unknown format \"{format}\": use \"auto\", \"jpg\", \"png\", \"webp\" or \"avif\""
            )),
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Output::Jpeg { .. } => "jpg",
            Output::Png => "png",
            Output::WebP { .. } => "webp",
            Output::Avif { .. } => "avif",
        }
    }
}

/// The name of the processed file: `stem.<16 hex digits>.ext`. `key` is the source's path as
/// the template wrote it (see `load::Found::key`), `source` the file found.
pub(crate) fn file_name(source: &Path, key: &str, op: Operation, output: Output) -> String {
    let mut hasher = SipHasher13::new();
    hasher.write(key.as_bytes());
    let (variant, dimensions) = op.hashed();
    hasher.write(&variant.to_le_bytes());
    for dimension in dimensions {
        hasher.write(&dimension.to_le_bytes());
    }
    let (quality, speed): (i16, i16) = match output {
        Output::Jpeg { quality }
        | Output::WebP {
            quality: Some(quality),
        } => (quality.into(), -1),
        Output::Avif { quality, speed } => (quality.into(), speed.into()),
        Output::Png | Output::WebP { quality: None } => (-1, -1),
    };
    hasher.write(output.extension().as_bytes());
    hasher.write(&quality.to_le_bytes());
    hasher.write(&speed.to_le_bytes());
    let stem = source
        .file_stem()
        .map_or_else(|| "unknown".into(), |s| s.to_string_lossy());
    format!("{stem}.{:016x}.{}", hasher.finish(), output.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(op: Operation, size: (u32, u32)) -> Plan {
        Plan::new(op, size)
    }

    #[test]
    fn operations_need_their_dimensions() {
        assert_eq!(
            Operation::from_args("fit_width", Some(10), None),
            Ok(Operation::FitWidth(10))
        );
        assert_eq!(
            Operation::from_args("fit_height", Some(0), Some(7)),
            Ok(Operation::FitHeight(7))
        );
        assert_eq!(
            Operation::from_args("fit_width", None, Some(3)).unwrap_err(),
            "op=\"fit_width\" needs a `width` argument"
        );
        assert_eq!(
            Operation::from_args("fill", Some(3), Some(0)).unwrap_err(),
            "`height` must be at least 1 for op=\"fill\""
        );
        assert!(Operation::from_args("crop", Some(1), Some(1))
            .unwrap_err()
            .starts_with("unknown op \"crop\""));
    }

    #[test]
    fn plans_keep_the_aspect_ratio_where_asked() {
        let size = (300, 380);
        let only = |w, h| Plan {
            crop: None,
            resize: Some((w, h)),
        };
        assert_eq!(plan(Operation::Scale(150, 150), size), only(150, 150));
        assert_eq!(plan(Operation::FitWidth(100), size), only(100, 126));
        assert_eq!(plan(Operation::FitHeight(150), size), only(118, 150));
        assert_eq!(plan(Operation::Fit(5000, 5000), size), Plan::default());
        assert_eq!(plan(Operation::Fit(150, 150), size), only(118, 150));
        assert_eq!(plan(Operation::Fit(200, 100), (400, 100)), only(200, 50));
        assert_eq!(
            plan(Operation::Fill(150, 150), size),
            Plan {
                crop: Some((0, 40, 300, 300)),
                resize: Some((150, 150))
            }
        );
        assert_eq!(
            plan(Operation::Fill(100, 50), (300, 100)),
            Plan {
                crop: Some((50, 0, 200, 100)),
                resize: Some((100, 50))
            }
        );
        assert_eq!(plan(Operation::Fill(100, 127), size), only(100, 127));
        assert_eq!(plan(Operation::FitWidth(10), (1000, 1)), only(10, 1));
    }

    #[test]
    fn formats_and_qualities() {
        assert_eq!(
            Output::from_args("auto", true, None, None),
            Ok(Output::Jpeg { quality: 75 })
        );
        assert_eq!(
            Output::from_args("auto", false, Some(3), None),
            Ok(Output::Png)
        );
        assert_eq!(
            Output::from_args("webp", true, Some(0), None),
            Ok(Output::WebP { quality: Some(0) })
        );
        assert_eq!(
            Output::from_args("avif", true, None, None),
            Ok(Output::Avif {
                quality: 80,
                speed: 5
            })
        );
        assert!(Output::from_args("jpg", true, Some(0), None).is_err());
        assert!(Output::from_args("webp", true, Some(101), None).is_err());
        assert_eq!(
            Output::from_args("avif", true, Some(50), Some(11)).unwrap_err(),
            "`speed` for AVIF must be between 1 and 10, not 11"
        );
        assert!(Output::from_args("gif", true, None, None)
            .unwrap_err()
            .starts_with("unknown format \"gif\""));
    }

    #[test]
    fn names_depend_on_every_argument() {
        let source = Path::new("/site/static/photo.jpg");
        let jpeg = Output::Jpeg { quality: 75 };
        let name = file_name(source, "photo.jpg", Operation::Fill(40, 40), jpeg);
        assert!(
            name.starts_with("photo.") && name.ends_with(".jpg"),
            "{name}"
        );
        assert_eq!(name.len(), "photo.".len() + 16 + ".jpg".len());
        let others = [
            file_name(source, "static/photo.jpg", Operation::Fill(40, 40), jpeg),
            file_name(source, "photo.jpg", Operation::Scale(40, 40), jpeg),
            file_name(source, "photo.jpg", Operation::Fill(40, 41), jpeg),
            file_name(
                source,
                "photo.jpg",
                Operation::Fill(40, 40),
                Output::Jpeg { quality: 76 },
            ),
        ];
        for other in others {
            assert_ne!(other, name);
        }
        assert_eq!(
            name,
            file_name(source, "photo.jpg", Operation::Fill(40, 40), jpeg)
        );
    }
}
