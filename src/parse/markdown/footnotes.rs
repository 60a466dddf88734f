//! The footnote pass (`bottom_footnotes`): definitions move to a list at the end, numbered in
//! the order of their first reference, with links back to each reference; unreferenced ones
//! are dropped.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Each footnote name's number and count of references.
type Numbers = HashMap<String, (usize, usize)>;

/// Moves the footnote definitions of `events` to a list at the end.
pub(super) fn to_bottom(events: &mut Vec<Event>) {
    let old = std::mem::take(events);
    let (definitions, numbers) = collect(old, events);
    if definitions.is_empty() {
        return;
    }
    write_list(events, definitions, &numbers);
}

/// Pushes the events of `old` to `events` but for the footnote definitions, which are
/// returned; references are written as numbered links.
fn collect<'a>(old: Vec<Event<'a>>, events: &mut Vec<Event<'a>>) -> (Vec<Vec<Event<'a>>>, Numbers) {
    // Definitions being read (a footnote may hold another), and those read.
    let mut reading: Vec<Vec<Event>> = Vec::new();
    let mut definitions: Vec<Vec<Event>> = Vec::new();
    let mut numbers = Numbers::new();
    for event in old {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => reading.push(vec![event]),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(mut definition) = reading.pop() {
                    definition.push(event);
                    definitions.push(definition);
                }
            }
            Event::FootnoteReference(name) => {
                let next = numbers.len() + 1;
                let entry = numbers.entry(name.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let (n, count) = *entry;
                let reference = Event::Html(
                    format!("<sup class=\"footnote-reference\" id=\"fr-{name}-{count}\"><a href=\"#fn-{name}\">{n}</a></sup>")
                        .into(),
                );
                match reading.last_mut() {
                    Some(definition) => definition.push(reference),
                    None => events.push(reference),
                }
            }
            other => match reading.last_mut() {
                Some(definition) => definition.push(other),
                None => events.push(other),
            },
        }
    }
    (definitions, numbers)
}

/// The footnote's name, from the definition's first event.
fn name_of(definition: &[Event]) -> String {
    match definition.first() {
        Some(Event::Start(Tag::FootnoteDefinition(name))) => name.to_string(),
        _ => String::new(),
    }
}

/// Pushes the list of the referenced definitions, in the order of their numbers.
fn write_list<'a>(
    events: &mut Vec<Event<'a>>,
    mut definitions: Vec<Vec<Event<'a>>>,
    numbers: &Numbers,
) {
    events.push(Event::Html(
        "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
    ));
    definitions.retain(|d| {
        numbers
            .get(&name_of(d))
            .is_some_and(|&(_, count)| count > 0)
    });
    definitions.sort_by_key(|d| numbers.get(&name_of(d)).map_or(0, |&(n, _)| n));
    for definition in definitions {
        let name = name_of(&definition);
        let count = numbers.get(&name).map_or(0, |&(_, count)| count);
        write_definition(events, definition, &name, count);
    }
    events.push(Event::Html("</ol>\n</section>\n".into()));
}

/// Pushes one definition as a list item, with its `count` links back to its references.
fn write_definition<'a>(
    events: &mut Vec<Event<'a>>,
    definition: Vec<Event<'a>>,
    name: &str,
    count: usize,
) {
    let last = definition.len();
    let mut backrefs_written = false;
    for (i, event) in definition.into_iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                events.push(Event::Html(format!("<li id=\"fn-{name}\">").into()));
            }
            // The links back go at the end of the last paragraph, or after the last element.
            Event::End(TagEnd::FootnoteDefinition) | Event::End(TagEnd::Paragraph)
                if !backrefs_written && i + 2 >= last =>
            {
                backrefs_written = true;
                let closing = if matches!(event, Event::End(TagEnd::Paragraph)) {
                    "</p>\n"
                } else {
                    "</li>\n"
                };
                events.push(Event::Html(backrefs(name, count, closing).into()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Event::Html("</li>\n".into()));
            }
            other => events.push(other),
        }
    }
}

/// ` <a href="#fr-name-1">↩</a> <a href="#fr-name-2">↩2</a>`…, then `closing`.
fn backrefs(name: &str, count: usize, closing: &str) -> String {
    let mut html = String::new();
    for n in 1..=count {
        let _ = if n == 1 {
            write!(html, " <a href=\"#fr-{name}-{n}\">↩</a>")
        } else {
            write!(html, " <a href=\"#fr-{name}-{n}\">↩{n}</a>")
        };
    }
    html.push_str(closing);
    html
}
