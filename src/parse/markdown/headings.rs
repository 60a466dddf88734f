//! The heading pass: every heading gets an id (its own `{#id}`, or a slug of its text that no
//! other heading uses) and its opening tag, or is written by the `render-heading.html` hook;
//! `anchor-link.html` goes in where `insert_anchor_links` asks; the table of contents is
//! returned as a tree.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Heading, MarkdownInput};
use crate::config::InsertAnchor;
use crate::error::{Error, Location, Result};
use crate::parse::hooks::{self, Hook, Sites};

/// An event to insert before the event at an index.
type Insert<'a> = (usize, Event<'a>);

/// Writes the headings of `events` and returns the table of contents.
pub(super) fn pass(
    events: &mut Vec<Event>,
    input: &MarkdownInput,
    sites: &Sites,
    location: &dyn Fn(usize) -> Location,
) -> Result<Vec<Heading>> {
    let (toc, anchors) = headings(events, input, sites, location)?;
    if !anchors.is_empty() {
        insert_many(events, anchors);
    }
    Ok(toc)
}

/// The start and end index of every heading, in order.
fn spans(events: &[Event]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some(i),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = open.take() {
                    spans.push((start, i));
                }
            }
            _ => {}
        }
    }
    spans
}

/// Gives every heading an id, writes its opening tag, and returns the table of contents and
/// the anchor links to insert (by event index, ascending).
fn headings<'a>(
    events: &mut [Event<'a>],
    input: &MarkdownInput,
    sites: &Sites,
    location: &dyn Fn(usize) -> Location,
) -> Result<(Vec<Heading>, Vec<Insert<'a>>)> {
    let spans = spans(events);
    // Ids written by hand are kept as they are; generated ones avoid them.
    let mut used: HashSet<String> = spans
        .iter()
        .filter_map(|&(start, _)| match &events[start] {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut flat = Vec::new();
    let mut anchors = Vec::new();
    for (n, (start, end)) in spans.into_iter().enumerate() {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = &events[start]
        else {
            continue;
        };
        let level = *level as u32;
        let title = heading_text(&events[start + 1..end]);
        let id = match id {
            Some(id) => id.to_string(),
            None => unique_id(&used, input.options.anchors.slugify_anchor(&title)),
        };
        used.insert(id.clone());
        if sites.has(Hook::Heading) {
            let at = location(sites.heading(n));
            hooks::heading(events, (start, end), (level, &id, &title), input, at)?;
        } else {
            events[start] = Event::Html(heading_tag(level, &id, classes).into());
            anchors.extend(anchor_link(input, (start, end), level, &id)?);
        }
        flat.push(Heading {
            level,
            permalink: format!("{}#{id}", input.permalink),
            id,
            title,
            children: Vec::new(),
        });
    }
    Ok((nest(flat), anchors))
}

/// `<h2 id="…" class="…">`.
fn heading_tag(level: u32, id: &str, classes: &[CowStr]) -> String {
    let mut tag = format!("<h{level} id=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut tag, id);
    tag.push('"');
    if !classes.is_empty() {
        tag.push_str(" class=\"");
        for (i, class) in classes.iter().enumerate() {
            if i > 0 {
                tag.push(' ');
            }
            let _ = pulldown_cmark_escape::escape_html(&mut tag, class);
        }
        tag.push('"');
    }
    tag.push('>');
    tag
}

/// The `anchor-link.html` events to insert in the heading `events[start..=end]`, where
/// `insert_anchor_links` asks for them.
fn anchor_link<'a>(
    input: &MarkdownInput,
    (start, end): (usize, usize),
    level: u32,
    id: &str,
) -> Result<Vec<Insert<'a>>> {
    let Some(templates) = input.templates else {
        return Ok(Vec::new());
    };
    if input.insert_anchor == InsertAnchor::None {
        return Ok(Vec::new());
    }
    let link = templates.render_anchor_link(id, level).map_err(|e| {
        Error::file(
            input.path,
            format!("rendering `anchor-link.html` failed: {e}"),
        )
    })?;
    Ok(match input.insert_anchor {
        InsertAnchor::Left => vec![(start + 1, Event::Html(link.into()))],
        InsertAnchor::Right => vec![(end, Event::Html(link.into()))],
        // The whole heading is the link: the template's opening `<a ...>` tag.
        _ => match opening_a_tag(&link) {
            Some(tag) => vec![
                (start + 1, Event::Html(tag.to_string().into())),
                (end, Event::Html("</a>".into())),
            ],
            None => Vec::new(),
        },
    })
}

/// The opening tag of the first `<a ...>...</a>` in `html`.
fn opening_a_tag(html: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = html[from..].find('<') {
        let start = from + at;
        let rest = html[start + 1..].trim_start();
        if rest.starts_with('a') && rest[1..].starts_with(|c: char| c == '>' || c.is_whitespace()) {
            let end = start + html[start..].find('>')?;
            if html[end..].contains("</a")
                || html[end..].contains("/ a")
                || html[end..].contains("</ a")
            {
                return Some(&html[start..=end]);
            }
            return None;
        }
        from = start + 1;
    }
    None
}

/// Inserts events at their indexes (ascending), each before the event that was there.
fn insert_many<'a>(events: &mut Vec<Event<'a>>, inserts: Vec<Insert<'a>>) {
    let old = std::mem::take(events);
    let mut inserts = inserts.into_iter().peekable();
    for (i, event) in old.into_iter().enumerate() {
        while let Some((_, insert)) = inserts.next_if(|(at, _)| *at == i) {
            events.push(insert);
        }
        events.push(event);
    }
    events.extend(inserts.map(|(_, insert)| insert));
}

/// The plain text of a heading's inline events.
fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(s) | Event::Code(s) = event {
            text.push_str(s);
        }
    }
    text
}

/// `intro`, then `intro-1`, `intro-2`, ... for later headings with the same text.
fn unique_id(used: &HashSet<String>, wanted: String) -> String {
    let base = if wanted.is_empty() {
        "section".to_string()
    } else {
        wanted
    };
    let mut candidate = base.clone();
    let mut n = 0;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    candidate
}

/// Turns a flat list of headings into a tree: each heading holds the deeper ones after it.
fn nest(flat: Vec<Heading>) -> Vec<Heading> {
    let mut roots: Vec<Heading> = Vec::new();
    for heading in flat {
        insert(&mut roots, heading);
    }
    roots
}

fn insert(siblings: &mut Vec<Heading>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if heading.level > last.level => insert(&mut last.children, heading),
        _ => siblings.push(heading),
    }
}
