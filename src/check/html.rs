//! What a generated HTML page holds for the checker: its links (with the tag and attribute
//! that made each one), its ids and `<a name>`s, its `<title>` and its images without `alt`.
//!
//! Pages are read with `html5gum`, a WHATWG-conformant HTML tokenizer with no dependencies:
//! a checker needs tags and attributes in order, not a tree, and entities in attribute values
//! are decoded as a browser decodes them. (`lol_html` would also do, but brings a CSS selector
//! engine that nothing here uses.)

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};

/// What a link is for, as its tag says: the word used in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LinkKind {
    /// `<a href>`, `<area href>`, `<link rel="canonical">` and other links to pages.
    Page,
    /// `<img src>`, `srcset`, `<video poster>`, SVG `<image>` and `<use>`.
    Image,
    Script,
    Stylesheet,
    /// `<link rel="alternate">` to an Atom, RSS or JSON feed.
    Feed,
    /// `<iframe src>`, `<embed src>`, `<object data>`.
    Frame,
    /// `<video src>`, `<audio src>`, `<source src>`, `<track src>`.
    Media,
    /// `<link href>` of any other kind (icons, manifests, preloads).
    Resource,
    /// The target of `<meta http-equiv="refresh">`.
    Redirect,
}

impl LinkKind {
    /// How messages name a link of this kind.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            LinkKind::Page => "link",
            LinkKind::Image => "image",
            LinkKind::Script => "script",
            LinkKind::Stylesheet => "stylesheet",
            LinkKind::Feed => "feed link",
            LinkKind::Frame => "embedded document",
            LinkKind::Media => "media file",
            LinkKind::Resource => "linked resource",
            LinkKind::Redirect => "redirect",
        }
    }
}

/// One link of a page, as written in its attribute (entities decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub kind: LinkKind,
    pub value: String,
    /// Byte offset of the tag in the page.
    pub offset: usize,
}

/// What the checker reads from one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Document {
    pub links: Vec<Link>,
    /// Every `id` attribute, in order (duplicates included).
    pub ids: Vec<String>,
    /// The `name` of every `<a>`: old-style anchors.
    pub names: Vec<String>,
    /// The text of the first `<title>` outside SVG; `None` without one.
    pub title: Option<String>,
    /// `<img>` tags without an `alt` attribute, by their `src`.
    pub images_without_alt: Vec<Link>,
    /// The `href` of `<base>`, which links are resolved against instead of the page's URL.
    pub base: Option<String>,
    /// Whether the page sends the browser elsewhere (`<meta http-equiv="refresh">`).
    pub redirects: bool,
}

impl Document {
    /// Reads `html`.
    pub(crate) fn parse(html: &str) -> Document {
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        let mut doc = Document::default();
        let mut title: Option<String> = None;
        let mut svg_depth = 0usize;
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = tag.name.as_slice();
                    if name == b"svg" && !tag.self_closing {
                        svg_depth += 1;
                    } else if name == b"title" && svg_depth == 0 && doc.title.is_none() {
                        title = Some(String::new());
                    }
                    doc.start_tag(&tag);
                }
                Token::EndTag(tag) => match tag.name.as_slice() {
                    b"svg" => svg_depth = svg_depth.saturating_sub(1),
                    b"title" if title.is_some() => doc.title = title.take(),
                    _ => {}
                },
                Token::String(text) => {
                    if let Some(title) = title.as_mut() {
                        title.push_str(&String::from_utf8_lossy(&text.value));
                    }
                }
                _ => {}
            }
        }
        if title.is_some() && doc.title.is_none() {
            doc.title = title;
        }
        doc
    }

    /// Whether `#fragment` names a place in this page: an `id`, or the `name` of an `<a>`.
    pub(crate) fn has_anchor(&self, fragment: &str) -> bool {
        self.ids.iter().chain(&self.names).any(|id| id == fragment)
    }

    fn start_tag(&mut self, tag: &StartTag<usize>) {
        let attr = |name: &str| -> Option<String> {
            tag.attributes
                .get(name.as_bytes())
                .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        };
        let offset = tag.span.start;
        if let Some(id) = attr("id") {
            self.ids.push(id);
        }
        match tag.name.as_slice() {
            b"a" | b"area" => {
                self.push(LinkKind::Page, attr("href"), offset);
                if let Some(name) = attr("name").filter(|_| tag.name.as_slice() == b"a") {
                    self.names.push(name);
                }
            }
            b"link" => {
                if let Some(kind) = link_kind(attr("rel"), attr("type")) {
                    self.push(kind, attr("href"), offset);
                }
            }
            b"base" if self.base.is_none() => self.base = attr("href"),
            b"meta" => {
                if attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
                    self.redirects = true;
                    let url = attr("content").and_then(refresh_url);
                    self.push(LinkKind::Redirect, url, offset);
                }
            }
            b"img" => {
                if attr("alt").is_none() {
                    let src = attr("src").unwrap_or_default();
                    self.images_without_alt.push(Link {
                        kind: LinkKind::Image,
                        value: src,
                        offset,
                    });
                }
                self.push(LinkKind::Image, attr("src"), offset);
                self.srcset(attr("srcset"), offset);
            }
            name => self.resource(name, &attr, offset),
        }
    }

    /// The links of scripts, media, frames and SVG images.
    fn resource(&mut self, tag: &[u8], attr: &dyn Fn(&str) -> Option<String>, offset: usize) {
        match tag {
            b"source" => {
                self.push(LinkKind::Media, attr("src"), offset);
                self.srcset(attr("srcset"), offset);
            }
            b"script" => self.push(LinkKind::Script, attr("src"), offset),
            b"iframe" | b"embed" => self.push(LinkKind::Frame, attr("src"), offset),
            b"object" => self.push(LinkKind::Frame, attr("data"), offset),
            b"video" => {
                self.push(LinkKind::Media, attr("src"), offset);
                self.push(LinkKind::Image, attr("poster"), offset);
            }
            b"audio" | b"track" => self.push(LinkKind::Media, attr("src"), offset),
            b"image" | b"use" => {
                let href = attr("href").or_else(|| attr("xlink:href"));
                self.push(LinkKind::Image, href, offset);
            }
            _ => {}
        }
    }

    fn push(&mut self, kind: LinkKind, value: Option<String>, offset: usize) {
        if let Some(value) = value {
            self.links.push(Link {
                kind,
                value,
                offset,
            });
        }
    }

    fn srcset(&mut self, srcset: Option<String>, offset: usize) {
        for url in srcset.as_deref().map(srcset_urls).unwrap_or_default() {
            self.push(LinkKind::Image, Some(url.to_string()), offset);
        }
    }
}

/// What a `<link>` points to, by its `rel` and `type`; `None` for hints that name an origin
/// rather than a resource (`preconnect`, `dns-prefetch`).
fn link_kind(rel: Option<String>, kind: Option<String>) -> Option<LinkKind> {
    let rel = rel.unwrap_or_default().to_ascii_lowercase();
    let has = |word: &str| rel.split_ascii_whitespace().any(|w| w == word);
    if has("preconnect") || has("dns-prefetch") {
        return None;
    }
    let feed_type = kind.is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("rss") || t.contains("atom") || t.contains("feed+json")
    });
    Some(if has("stylesheet") {
        LinkKind::Stylesheet
    } else if has("alternate") && feed_type {
        LinkKind::Feed
    } else if has("canonical") || has("alternate") || has("prev") || has("next") {
        LinkKind::Page
    } else {
        LinkKind::Resource
    })
}

/// The URL of a refresh: `0; url=/new/` gives `/new/` (quotes and case as browsers allow).
fn refresh_url(content: String) -> Option<String> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let rest = match rest.get(..3) {
        Some(word) if word.eq_ignore_ascii_case("url") => rest[3..].trim_start(),
        _ => rest,
    };
    let rest = rest.strip_prefix('=').map_or(rest, str::trim_start);
    let url = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
        _ => rest.trim_end(),
    };
    (!url.is_empty()).then(|| url.to_string())
}

/// The URLs of a `srcset`, as the HTML standard splits it: each candidate is a URL up to
/// white space (trailing commas end it too), then descriptors up to a comma outside
/// parentheses.
pub(super) fn srcset_urls(srcset: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        let trimmed = url.trim_end_matches(',');
        if !trimmed.is_empty() {
            urls.push(trimmed);
        }
        if trimmed.len() < url.len() {
            continue;
        }
        // Skip the descriptors (`2x`, `640w`) up to the next comma outside parentheses.
        let mut depth = 0usize;
        let mut cut = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        rest = &rest[cut..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(html: &str) -> Vec<(LinkKind, String)> {
        Document::parse(html)
            .links
            .into_iter()
            .map(|l| (l.kind, l.value))
            .collect()
    }

    #[test]
    fn links_of_every_kind_with_entities_decoded() {
        let html = r#"<html><head><link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            <link rel="preconnect" href="https://fonts.example"><link rel="icon" href="/i.png">
            <script src="/a.js"></script><script>if (a<b) { x = "<a href='/no'>"; }</script>
            </head><body><a href="/p/?a=1&amp;b=2">p</a><img src="x.png" alt="">
            <video src="v.mp4" poster="v.jpg"></video><iframe src="/f/"></iframe>
            <meta http-equiv="Refresh" content="0; URL='/new/'"></body></html>"#;
        assert_eq!(
            links(html),
            [
                (LinkKind::Stylesheet, "/s.css".to_string()),
                (LinkKind::Feed, "/atom.xml".into()),
                (LinkKind::Resource, "/i.png".into()),
                (LinkKind::Script, "/a.js".into()),
                (LinkKind::Page, "/p/?a=1&b=2".into()),
                (LinkKind::Image, "x.png".into()),
                (LinkKind::Media, "v.mp4".into()),
                (LinkKind::Image, "v.jpg".into()),
                (LinkKind::Frame, "/f/".into()),
                (LinkKind::Redirect, "/new/".into()),
            ]
        );
    }

    #[test]
    fn ids_names_title_and_images_without_alt() {
        let doc = Document::parse(
            "<title> Hi &amp; bye </title><svg><title>icon</title></svg>\
             <h2 id=\"a\">A</h2><a name=\"old\"></a><p id=a><img src=\"n.png\"><img alt=x src=y>",
        );
        assert_eq!(doc.ids, ["a", "a"]);
        assert!(doc.has_anchor("old") && doc.has_anchor("a") && !doc.has_anchor("b"));
        assert_eq!(doc.title.as_deref(), Some(" Hi & bye "));
        let missing: Vec<&str> = doc
            .images_without_alt
            .iter()
            .map(|l| l.value.as_str())
            .collect();
        assert_eq!(missing, ["n.png"]);
        assert_eq!(Document::parse("<p>no title</p>").title, None);
        assert_eq!(
            Document::parse("<title></title>").title.as_deref(),
            Some("")
        );
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(srcset_urls("a.png 1x, b.png 2x"), ["a.png", "b.png"]);
        assert_eq!(
            srcset_urls(" a.png, b.png 640w ,c.png"),
            ["a.png", "b.png", "c.png"]
        );
        assert_eq!(srcset_urls("a,b.png 1x"), ["a,b.png"]);
        assert_eq!(srcset_urls("x.png (a, b) 1x, y.png"), ["x.png", "y.png"]);
        assert!(srcset_urls("  ").is_empty());
    }

    #[test]
    fn refresh_targets() {
        let url = |c: &str| refresh_url(c.to_string());
        assert_eq!(url("0; url=/a/").as_deref(), Some("/a/"));
        assert_eq!(url("5;URL = \"/b/\"").as_deref(), Some("/b/"));
        assert_eq!(url("0, /c/").as_deref(), Some("/c/"));
        assert_eq!(url("0"), None);
    }
}
