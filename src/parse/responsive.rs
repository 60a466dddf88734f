//! `[markdown.responsive_images]`: every local image of the Markdown (`![alt](photo.jpg)`) is
//! written with its `width` and `height`, a `srcset` of smaller copies made by the image
//! pipeline (as `resize_image` makes them, cached alike) and `sizes`; with `formats`, inside a
//! `<picture>` whose `<source>`s offer WebP or AVIF copies first. Every image but the first of
//! a document loads lazily.
//!
//! Images that are not local files, not raster images the pipeline can read (SVG, GIF), or
//! written by a `render-image.html` hook are left as they are.

use pulldown_cmark::{Event, Tag};
use serde_json::Value;

use super::hooks::{self, Sites};
use super::markdown::MarkdownInput;
use super::shortcodes::Templating;
use crate::config::ResponsiveImages;
use crate::error::{Error, Location, Result};

/// The formats of images the pipeline makes smaller copies of.
const RESIZABLE: [&str; 3] = ["jpg", "png", "webp"];

/// One copy of an image: its address and width.
struct Copy {
    url: String,
    width: u64,
}

/// Writes the local images of `events` as responsive images.
pub(crate) fn images(
    events: &mut Vec<Event>,
    sites: &Sites,
    input: &MarkdownInput,
    settings: &ResponsiveImages,
    location: &dyn Fn(usize) -> Location,
) -> Result<()> {
    let Some(templates) = input.templates else {
        return Ok(());
    };
    let starts: Vec<usize> = (events.iter().enumerate())
        .filter(|(_, e)| matches!(e, Event::Start(Tag::Image { .. })))
        .map(|(i, _)| i)
        .collect();
    let mut replaced = Vec::new();
    let mut errors = Vec::new();
    for (n, (&start, written)) in starts.iter().zip(sites.images()).enumerate() {
        let Some(path) = hooks::local_path(written, input) else {
            continue;
        };
        let meta = templates.image_meta(&path);
        let format = meta.get("format").and_then(Value::as_str).unwrap_or("");
        if !RESIZABLE.contains(&format) {
            continue;
        }
        let end = hooks::end_of(events, start);
        let element = &events[start..=end];
        let image = Image::of(element, &meta, n > 0);
        match image.markup(templates, &path, settings) {
            Ok(html) => replaced.push((start, end, html)),
            Err(e) => errors.push(Error::at(
                location(sites.image_offset(n)),
                format!("this image could not be made responsive: {e}"),
            )),
        }
    }
    Error::collect(errors)?;
    for (start, end, html) in replaced.into_iter().rev() {
        events.splice(start..=end, [Event::InlineHtml(html.into())]);
    }
    Ok(())
}

/// What an image's tag is written from.
struct Image {
    /// The address of the image itself.
    src: String,
    alt: String,
    title: String,
    width: u64,
    height: u64,
    lazy: bool,
}

impl Image {
    fn of(element: &[Event], meta: &Value, lazy: bool) -> Image {
        let (src, title) = match &element[0] {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => (dest_url.to_string(), title.to_string()),
            _ => (String::new(), String::new()),
        };
        let size = |key: &str| meta.get(key).and_then(Value::as_u64).unwrap_or(0);
        Image {
            src,
            alt: hooks::inner_text(element),
            title,
            width: size("width"),
            height: size("height"),
            lazy,
        }
    }

    /// The copies of the image in `format` ("auto": its own) at each width below its own,
    /// then at its own width (the image itself, for its own format).
    fn copies(
        &self,
        templates: &dyn Templating,
        path: &str,
        format: &str,
        settings: &ResponsiveImages,
    ) -> Result<Vec<Copy>, String> {
        let mut widths: Vec<u64> = (settings.widths.iter())
            .map(|&w| u64::from(w))
            .filter(|&w| w < self.width)
            .collect();
        if format != "auto" {
            widths.push(self.width);
        }
        let mut copies = Vec::new();
        for width in widths {
            let width32 = u32::try_from(width).map_err(|_| "the image is too wide".to_string())?;
            let made = templates.resize_image(path, width32, format, settings.quality)?;
            let url = made.get("url").and_then(Value::as_str).unwrap_or_default();
            copies.push(Copy {
                url: url.to_string(),
                width,
            });
        }
        if format == "auto" {
            copies.push(Copy {
                url: self.src.clone(),
                width: self.width,
            });
        }
        Ok(copies)
    }

    fn markup(
        &self,
        templates: &dyn Templating,
        path: &str,
        settings: &ResponsiveImages,
    ) -> Result<String, String> {
        let mut html = String::new();
        if !settings.formats.is_empty() {
            html.push_str("<picture>");
            // The newest format first: browsers take the first they can show.
            for format in settings.formats.iter().rev() {
                let copies = self.copies(templates, path, format, settings)?;
                html.push_str(&format!(
                    "<source type=\"image/{format}\" srcset=\"{}\" sizes=\"{}\">",
                    srcset(&copies),
                    attribute(&settings.sizes)
                ));
            }
        }
        let copies = self.copies(templates, path, "auto", settings)?;
        html.push_str(&format!("<img src=\"{}\"", attribute(&self.src)));
        if copies.len() > 1 {
            html.push_str(&format!(
                " srcset=\"{}\" sizes=\"{}\"",
                srcset(&copies),
                attribute(&settings.sizes)
            ));
        }
        html.push_str(&format!(
            " width=\"{}\" height=\"{}\" alt=\"{}\"",
            self.width,
            self.height,
            attribute(&self.alt)
        ));
        if !self.title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", attribute(&self.title)));
        }
        if self.lazy {
            html.push_str(" loading=\"lazy\"");
        }
        html.push_str(" decoding=\"async\">");
        if !settings.formats.is_empty() {
            html.push_str("</picture>");
        }
        Ok(html)
    }
}

fn srcset(copies: &[Copy]) -> String {
    let each: Vec<String> = (copies.iter())
        .map(|c| format!("{} {}w", attribute(&c.url), c.width))
        .collect();
    each.join(", ")
}

fn attribute(text: &str) -> String {
    let mut escaped = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
    escaped
}
