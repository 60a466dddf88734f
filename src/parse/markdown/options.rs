//! The rendering choices a site's configuration makes, and the parser extensions they turn on.

use std::sync::Arc;

use crate::config::{Config, LinkCheckerLevel, ResponsiveImages, SlugifyStrategy};
use crate::parse::code::Highlighter;
use crate::parse::math::Math;

/// Rendering choices from the site's configuration.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How heading text becomes an id.
    pub anchors: SlugifyStrategy,
    pub smart_punctuation: bool,
    /// Attributes written before `href` on external links (`class`, `rel`, `target`), if any.
    pub external_link_attributes: Option<String>,
    /// `:smile:` becomes 😄.
    pub render_emoji: bool,
    /// Footnotes collected in a list at the end, with links back to each reference.
    pub bottom_footnotes: bool,
    /// `loading="lazy" decoding="async"` on images.
    pub lazy_async_image: bool,
    pub definition_list: bool,
    /// `> [!NOTE]` blockquotes become alerts.
    pub github_alerts: bool,
    /// Colours code blocks, when `[markdown.highlighting]` is set.
    pub highlighter: Option<Arc<Highlighter>>,
    /// Turns `$…$` and `$$…$$` into MathML, when `math = true`.
    pub math: Option<Arc<Math>>,
    /// Local images with `srcset` and `sizes`, when `[markdown.responsive_images]` is set.
    pub responsive_images: Option<Arc<ResponsiveImages>>,
    /// An `@/` link to a missing file is a warning and stays as written, not an error
    /// (`[link_checker] internal_level = "warn"`).
    pub broken_links_warn: bool,
}

impl Options {
    /// The options `config` sets, highlighting with `highlighter` (loaded from the
    /// config's `[markdown.highlighting]`).
    pub fn from_config(config: &Config, highlighter: Option<Arc<Highlighter>>) -> Options {
        let markdown = &config.markdown;
        Options {
            anchors: config.slugify.anchors,
            smart_punctuation: markdown.smart_punctuation,
            external_link_attributes: external_link_attributes(markdown),
            render_emoji: markdown.render_emoji,
            bottom_footnotes: markdown.bottom_footnotes,
            lazy_async_image: markdown.lazy_async_image,
            definition_list: markdown.definition_list,
            github_alerts: markdown.github_alerts,
            highlighter,
            math: markdown
                .math
                .then(|| Arc::new(Math::new(markdown.math_errors))),
            responsive_images: markdown.responsive_images.clone().map(Arc::new),
            broken_links_warn: config.link_checker.internal_level == LinkCheckerLevel::Warn,
        }
    }
}

/// `class="…" rel="…" target="_blank" ` for external links, in the order Zola writes them.
pub(super) fn external_link_attributes(markdown: &crate::config::Markdown) -> Option<String> {
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

/// The parser's extensions for these options.
pub(crate) fn parser_options(options: &Options) -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    let mut flags = O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        flags |= O::ENABLE_SMART_PUNCTUATION;
    }
    if options.definition_list {
        flags |= O::ENABLE_DEFINITION_LIST;
    }
    if options.github_alerts {
        flags |= O::ENABLE_GFM;
    }
    if options.math.is_some() {
        flags |= O::ENABLE_MATH;
    }
    flags
}
