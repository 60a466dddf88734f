//! The image pass: relative addresses made absolute, and with `lazy_async_image` the `<img>`
//! tag written by hand with `loading="lazy" decoding="async"` (unless a hook or responsive
//! images write the image later).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::driver::{Document, Output};
use super::links::absolute;
use crate::parse::hooks::Sites;

/// Whether the text now is the alt text of an image written by hand (so it goes in an
/// attribute, escaped).
#[derive(Default)]
pub(super) struct Images {
    in_alt: bool,
}

impl Images {
    pub(super) fn in_alt(&self) -> bool {
        self.in_alt
    }

    /// An image's start or end.
    pub(super) fn event<'a>(
        &mut self,
        event: Event<'a>,
        doc: &Document<'a>,
        sites: &Sites,
        out: &mut Output<'a>,
    ) {
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let input = doc.input;
                let dest_url = match absolute(&dest_url, input.permalink) {
                    Some(url) => CowStr::from(url),
                    None => dest_url,
                };
                if input.options.lazy_async_image && !sites.keeps_images() {
                    out.events
                        .push(Event::Html(lazy_tag_start(&dest_url, &title).into()));
                    self.in_alt = true;
                } else {
                    out.events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Image) if self.in_alt => {
                self.in_alt = false;
                out.events.push(Event::Html(
                    "\" loading=\"lazy\" decoding=\"async\" />".into(),
                ));
            }
            other => out.events.push(other),
        }
    }
}

/// `<img src="…" title="…" alt="`, the alt text and the rest of the tag to follow.
fn lazy_tag_start(url: &str, title: &str) -> String {
    let mut tag = String::from("<img src=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut tag, url);
    if !title.is_empty() {
        // Zola escapes the title as a URL here.
        tag.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut tag, title);
    }
    tag.push_str("\" alt=\"");
    tag
}
