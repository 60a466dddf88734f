//! Markdown to HTML with pulldown-cmark: heading ids and the table of contents, the
//! `<!-- more -->` summary, word counts, and `@/` internal links resolved to permalinks.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::config::{Config, SlugifyStrategy};
use crate::error::{Error, Location, Result};

/// What a Markdown document needs besides its text.
pub struct MarkdownInput<'a> {
    pub text: &'a str,
    /// The file and the line its text starts on, for error locations.
    pub path: &'a Path,
    pub first_line: usize,
    /// The permalink of the page, for the table of contents' links.
    pub permalink: &'a str,
    /// Resolves an `@/path.md` link (without its `#anchor`) to a permalink.
    pub resolve_link: &'a (dyn Fn(&str) -> Option<String> + Sync),
    pub options: &'a Options,
}

/// Rendering choices from the site's configuration.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How heading text becomes an id.
    pub anchors: SlugifyStrategy,
    pub smart_punctuation: bool,
    /// Attributes written before `href` on external links (`class`, `rel`, `target`), if any.
    pub external_link_attributes: Option<String>,
}

impl Options {
    pub fn from_config(config: &Config) -> Options {
        Options {
            anchors: config.slugify.anchors,
            smart_punctuation: config.markdown.smart_punctuation,
            external_link_attributes: external_link_attributes(&config.markdown),
        }
    }
}

/// `class="…" rel="…" target="_blank" ` for external links, in the order Zola writes them.
fn external_link_attributes(markdown: &crate::config::Markdown) -> Option<String> {
    if !markdown.has_external_link_tweaks() {
        return None;
    }
    let mut attributes = String::new();
    if let Some(class) = &markdown.external_links_class {
        attributes.push_str(&format!("class=\"{class}\" "));
    }
    let rel: Vec<&str> = [
        (markdown.external_links_target_blank, "noopener"),
        (markdown.external_links_no_follow, "nofollow"),
        (markdown.external_links_no_referrer, "noreferrer"),
        (markdown.external_links_external, "external"),
    ]
    .iter()
    .filter_map(|&(on, value)| on.then_some(value))
    .collect();
    if !rel.is_empty() {
        attributes.push_str(&format!("rel=\"{}\" ", rel.join(" ")));
    }
    if markdown.external_links_target_blank {
        attributes.push_str("target=\"_blank\" ");
    }
    Some(attributes)
}

/// A rendered document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    /// Internal links with an anchor, to check once every page is rendered.
    pub anchored_links: Vec<AnchoredLink>,
    /// The content paths this document links to with `@/`.
    pub internal_links: Vec<String>,
}

/// A heading in a table of contents, with its sub-headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub permalink: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// An `@/page.md#anchor` link: the target file, the anchor, and where the link was written.
#[derive(Debug, Clone)]
pub struct AnchoredLink {
    pub target: String,
    pub anchor: String,
    pub location: Location,
}

const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";
const WORDS_PER_MINUTE: usize = 200;

fn parser_options(options: &Options) -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    let mut flags = O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= O::ENABLE_SMART_PUNCTUATION;
    }
    flags
}

/// Renders `input` to HTML; every broken internal link is reported, each with its line.
pub fn render(input: &MarkdownInput) -> Result<Rendered> {
    let mut rendered = Rendered::default();
    let mut errors = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut in_external_link = false;
    let mut code: Option<CodeBlock> = None;
    for (event, range) in
        Parser::new_ext(input.text, parser_options(input.options)).into_offset_iter()
    {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let location =
                    || Location::in_text(input.path, input.text, range.start, input.first_line);
                let dest_url = match resolve(input, &dest_url, location, &mut rendered) {
                    Ok(url) => CowStr::from(url),
                    Err(e) => {
                        errors.push(e);
                        dest_url
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) if is_external(&dest_url) && input.options.external_link_attributes.is_some() => {
                in_external_link = true;
                let attributes = input
                    .options
                    .external_link_attributes
                    .as_deref()
                    .unwrap_or("");
                Event::InlineHtml(external_link_tag(attributes, &dest_url, &title).into())
            }
            Event::End(TagEnd::Link) if in_external_link => {
                in_external_link = false;
                Event::InlineHtml("</a>".into())
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                code = Some(CodeBlock::new(&kind));
                continue;
            }
            Event::Text(text) if code.is_some() => {
                code.as_mut()
                    .expect("inside a code block")
                    .text
                    .push_str(&text);
                continue;
            }
            Event::End(TagEnd::CodeBlock) => match code.take() {
                Some(block) => Event::Html(block.html().into()),
                None => continue,
            },
            other => other,
        };
        events.push(event);
    }
    Error::collect(errors)?;
    rendered.toc = assign_heading_ids(&mut events, input.permalink, input.options.anchors);
    if let Some(marker) = events.iter().position(is_more_marker) {
        rendered.summary = Some(summary_html(&events[..marker]));
        // Themes link to the rest of an article with `#continue-reading`, as in Zola.
        events[marker] = Event::Html(CowStr::Borrowed(CONTINUE_READING));
    }
    html::push_html(&mut rendered.html, events.into_iter());
    // Zola writes the next block right after the marker, on the same line.
    if let Some(at) = rendered.html.find(CONTINUE_READING) {
        let after = at + CONTINUE_READING.len();
        if rendered.html[after..].starts_with('\n') {
            rendered.html.remove(after);
        }
    }
    rendered.word_count = count_words(input.text);
    rendered.reading_time = rendered.word_count.div_ceil(WORDS_PER_MINUTE);
    Ok(rendered)
}

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
        return Err(Error::at(
            location(),
            format!("broken internal link `{dest}`: no content file {target}"),
        ));
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

/// Words outside fenced code: every other stretch between ``` marks, as Zola counts them.
fn count_words(text: &str) -> usize {
    text.split("```")
        .step_by(2)
        .map(|prose| prose.unicode_words().count())
        .sum()
}

/// A code block being collected.
struct CodeBlock {
    /// The language named after the opening fence, if any.
    lang: Option<String>,
    text: String,
}

impl CodeBlock {
    fn new(kind: &CodeBlockKind) -> CodeBlock {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split([',', ' ', '\t'])
                .next()
                .filter(|l| !l.is_empty())
                .map(str::to_string),
            CodeBlockKind::Indented => None,
        };
        CodeBlock {
            lang,
            text: String::new(),
        }
    }

    /// `<pre><code data-lang="rust">…</code></pre>`, the text escaped.
    fn html(&self) -> String {
        let mut html = String::from("<pre><code");
        if let Some(lang) = &self.lang {
            html.push_str(" data-lang=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut html, lang);
            html.push('"');
        }
        html.push('>');
        let _ = pulldown_cmark_escape::escape_html(&mut html, &self.text);
        html.push_str("</code></pre>\n");
        html
    }
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

/// `<!-- more -->`, in any case and spacing.
fn is_more_marker(event: &Event) -> bool {
    let (Event::Html(s) | Event::InlineHtml(s)) = event else {
        return false;
    };
    let inner = s
        .trim()
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"));
    inner.is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// Gives every heading an id (its own `{#id}`, or a slug of its text, made unique) and
/// returns the table of contents.
fn assign_heading_ids(
    events: &mut [Event],
    permalink: &str,
    anchors: SlugifyStrategy,
) -> Vec<Heading> {
    let mut used = HashSet::new();
    let mut flat = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level as u32;
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title = heading_text(&events[i + 1..end]);
            let wanted = id
                .as_ref()
                .map_or_else(|| anchors.slugify_anchor(&title), |id| id.to_string());
            let unique = unique_id(&mut used, wanted);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            flat.push(Heading {
                level,
                permalink: format!("{permalink}#{unique}"),
                id: unique,
                title,
                children: Vec::new(),
            });
            i = end;
        }
        i += 1;
    }
    nest(flat)
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
fn unique_id(used: &mut HashSet<String>, wanted: String) -> String {
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
    used.insert(candidate.clone());
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

/// The HTML of `events`, with any element still open at the end closed.
fn summary_html(events: &[Event]) -> String {
    let mut open = Vec::new();
    for event in events {
        match event {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    let closing = open.into_iter().rev().map(Event::End);
    let mut out = String::new();
    html::push_html(&mut out, events.iter().cloned().chain(closing));
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(text: &str) -> Result<Rendered> {
        let resolve = |target: &str| (target == "a/b.md").then(|| "https://x.org/a/b/".to_string());
        render(&MarkdownInput {
            text,
            path: Path::new("content/p.md"),
            first_line: 5,
            permalink: "https://x.org/p/",
            resolve_link: &resolve,
            options: &Options::default(),
        })
    }

    #[test]
    fn extensions_are_on() {
        let r =
            render_str("| a |\n|---|\n| 1 |\n\n~~x~~ [^n]\n\n- [x] done\n\n[^n]: note\n").unwrap();
        for needle in [
            "<table>",
            "<del>x</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(r.html.contains(needle), "{needle} missing from {}", r.html);
        }
    }

    #[test]
    fn heading_ids_are_slugs_unique_and_custom() {
        let r =
            render_str("# Hello World\n\n## Intro\n\n## Intro\n\n## Mine {#custom .c}\n").unwrap();
        assert!(
            r.html.contains("<h1 id=\"hello-world\">Hello World</h1>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"intro\">") && r.html.contains("<h2 id=\"intro-1\">"));
        assert!(
            r.html.contains("<h2 id=\"custom\" class=\"c\">Mine</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn toc_is_a_tree() {
        let r = render_str("## A\n\n### *A1*\n\n#### A1x\n\n### A2\n\n## B `code`\n").unwrap();
        let shape: Vec<(String, usize)> = r
            .toc
            .iter()
            .map(|h| (h.id.clone(), h.children.len()))
            .collect();
        assert_eq!(shape, [("a".to_string(), 2), ("b-code".to_string(), 0)]);
        assert_eq!(r.toc[0].children[0].children[0].id, "a1x");
        assert_eq!(r.toc[1].title, "B code");
        assert_eq!(r.toc[0].permalink, "https://x.org/p/#a");
    }

    #[test]
    fn summary_stops_at_the_marker() {
        let r = render_str("First *para*.\n\n<!-- more -->\n\nSecond.\n").unwrap();
        assert_eq!(r.summary.as_deref(), Some("<p>First <em>para</em>.</p>"));
        assert!(r.html.contains("Second."));
        assert!(
            r.html.contains("<span id=\"continue-reading\"></span>"),
            "{}",
            r.html
        );
        let spaced = render_str("One.\n\n<!--MORE-->\n\nTwo.\n").unwrap();
        assert_eq!(spaced.summary.as_deref(), Some("<p>One.</p>"));
        let inline = render_str("Inline <!-- more --> rest\n").unwrap();
        assert_eq!(inline.summary.as_deref(), Some("<p>Inline </p>"));
        assert_eq!(render_str("No marker.").unwrap().summary, None);
    }

    #[test]
    fn external_links_get_the_configured_attributes() {
        let mut markdown = crate::config::Markdown::default();
        let options = Options {
            external_link_attributes: external_link_attributes(&markdown),
            ..Options::default()
        };
        let resolve = |_: &str| None;
        let input = |text| MarkdownInput {
            text,
            path: Path::new("content/p.md"),
            first_line: 1,
            permalink: "",
            resolve_link: &resolve,
            options: &options,
        };
        let r = render(&input("[a](https://x.org/?a=1&b=2 \"T\") [b](/local/)")).unwrap();
        assert_eq!(
            r.html.trim(),
            "<p><a rel=\"external\" title=\"T\" href=\"https://x.org/?a=1&amp;b=2\">a</a> <a href=\"/local/\">b</a></p>"
        );
        markdown.external_links_target_blank = true;
        markdown.external_links_no_follow = true;
        markdown.external_links_class = Some("ext".into());
        assert_eq!(
            external_link_attributes(&markdown).unwrap(),
            "class=\"ext\" rel=\"noopener nofollow external\" target=\"_blank\" "
        );
        markdown = crate::config::Markdown {
            external_links_external: false,
            ..Default::default()
        };
        assert_eq!(external_link_attributes(&markdown), None);
    }

    #[test]
    fn code_blocks_name_their_language_and_do_not_count_as_words() {
        let r = render_str("Two words\n\n```rust,linenos\nlet s = \"<a>\";\n```\n\n    indented\n")
            .unwrap();
        assert!(
            r.html.contains(
                "<pre><code data-lang=\"rust\">let s = &quot;&lt;a&gt;&quot;;\n</code></pre>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<pre><code>indented\n</code></pre>"),
            "{}",
            r.html
        );
        assert_eq!(r.word_count, 3);
    }

    #[test]
    fn words_and_reading_time() {
        let r = render_str(&"word ".repeat(401)).unwrap();
        assert_eq!((r.word_count, r.reading_time), (401, 3));
        assert_eq!(render_str("").unwrap().reading_time, 0);
    }

    #[test]
    fn internal_links_resolve_or_fail_with_their_line() {
        let r = render_str("See [b](@/a/b.md#part).\n").unwrap();
        assert!(
            r.html.contains("href=\"https://x.org/a/b/#part\""),
            "{}",
            r.html
        );
        assert_eq!(r.anchored_links[0].anchor, "part");
        let e = render_str("Text\n\nSee [gone](@/nope.md).\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "content/p.md:7:5: broken internal link `@/nope.md`: no content file nope.md\n  |\n7 | See [gone](@/nope.md).\n  |     ^"
        );
    }
}
