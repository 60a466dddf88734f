//! The link pass: `@/` links resolved to permalinks (or reported broken, with their line),
//! `#anchor` links noted for checking, relative links made absolute, and external links
//! written with the configured attributes.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::driver::{Document, Output};
use super::{AnchoredLink, MarkdownInput, Rendered};
use crate::error::{Error, Location, Result};
use crate::parse::hooks::{Hook, Sites};
use crate::warning::Warning;

/// Whether the link open now is external and written by hand (its end is `</a>`).
#[derive(Default)]
pub(super) struct Links {
    in_external_link: bool,
}

impl Links {
    /// A link's start, found at `offset` of the parsed text, or its end.
    pub(super) fn event<'a>(
        &mut self,
        event: Event<'a>,
        offset: usize,
        doc: &Document<'a>,
        sites: &Sites,
        out: &mut Output<'a>,
    ) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.is_empty() => {
                out.errors.push(Error::at(
                    doc.location(offset),
                    "this link has no URL: write one between the parentheses",
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let fixed = fixed_url(link_type, &dest_url, offset, doc, out);
                match &doc.input.options.external_link_attributes {
                    Some(attributes) if is_external(&dest_url) && !sites.has(Hook::Link) => {
                        self.in_external_link = true;
                        out.events.push(Event::InlineHtml(
                            external_link_tag(attributes, &dest_url, &title).into(),
                        ));
                    }
                    _ => out.events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: fixed.map_or(dest_url, CowStr::from),
                        title,
                        id,
                    })),
                }
            }
            Event::End(TagEnd::Link) if self.in_external_link => {
                self.in_external_link = false;
                out.events.push(Event::InlineHtml("</a>".into()));
            }
            other => out.events.push(other),
        }
    }
}

/// The address a link is written with, when it is not `dest` as it stands: an `@/` link's
/// permalink, or a relative link made absolute. A broken `@/` link is kept as an error.
fn fixed_url(
    link_type: LinkType,
    dest: &str,
    offset: usize,
    doc: &Document,
    out: &mut Output,
) -> Option<String> {
    let input = doc.input;
    if link_type == LinkType::Email {
        None
    } else if dest.starts_with("@/") {
        match resolve(input, dest, || doc.location(offset), &mut out.rendered) {
            Ok(url) => Some(url),
            Err(e) => {
                out.errors.push(e);
                None
            }
        }
    } else {
        same_document_anchor(input, dest, || doc.location(offset), &mut out.rendered);
        absolute(dest, input.permalink)
    }
}

/// The permalink of an `@/path.md#anchor` link; a missing file is an error, or with
/// `internal_level = "warn"` a warning, the link staying as written.
fn resolve(
    input: &MarkdownInput,
    dest: &str,
    location: impl Fn() -> Location,
    rendered: &mut Rendered,
) -> Result<String> {
    let (target, anchor) = match dest[2..].split_once('#') {
        Some((target, anchor)) => (target, Some(anchor)),
        None => (&dest[2..], None),
    };
    rendered.internal_links.push(target.to_string());
    let Some(url) = (input.resolve_link)(target) else {
        let message = format!("broken internal link `{dest}`: no content file {target}");
        if input.options.broken_links_warn {
            // As Zola does, the link is left as written.
            rendered.warnings.push(Warning::at(location(), message));
            return Ok(dest.to_string());
        }
        return Err(Error::at(location(), message));
    };
    Ok(match anchor {
        Some(anchor) => {
            rendered.anchored_links.push(AnchoredLink {
                target: target.to_string(),
                anchor: anchor.to_string(),
                location: location(),
            });
            format!("{url}#{anchor}")
        }
        None => url,
    })
}

/// Notes a `#anchor` link of a page or section, to check once every document is rendered, as
/// Zola checks it; a bare `#`, and text given to the `markdown` filter, have nothing to check.
fn same_document_anchor(
    input: &MarkdownInput,
    dest: &str,
    location: impl Fn() -> Location,
    rendered: &mut Rendered,
) {
    match dest.strip_prefix('#') {
        Some(anchor) if !anchor.is_empty() && !input.permalink.is_empty() => {
            rendered.anchored_links.push(AnchoredLink {
                target: String::new(),
                anchor: anchor.to_string(),
                location: location(),
            });
        }
        _ => {}
    }
}

/// A link relative to the document (`photo.jpg`, `./a/b.png`, `#part`, `?q`) made absolute
/// with its permalink, as Zola does; `None` for other links.
pub(super) fn absolute(url: &str, permalink: &str) -> Option<String> {
    if permalink.is_empty() || url.starts_with('/') || url.starts_with("..") || url == "#" {
        return None;
    }
    let scheme = url.find(':').is_some_and(|colon| {
        colon > 0
            && url[..colon]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if scheme {
        return None;
    }
    Some(format!("{permalink}{url}"))
}

fn is_external(url: &str) -> bool {
    url.starts_with("http:") || url.starts_with("https:")
}

/// The opening tag of an external link, with the configured attributes.
fn external_link_tag(attributes: &str, url: &str, title: &str) -> String {
    let mut tag = format!("<a {attributes}");
    if !title.is_empty() {
        tag.push_str("title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
        tag.push_str("\" ");
    }
    tag.push_str("href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut tag, url);
    tag.push_str("\">");
    tag
}
