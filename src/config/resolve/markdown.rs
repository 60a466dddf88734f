//! `[markdown]`, checked: the external link class, responsive images, and the highlighting keys
//! of older versions mapped onto `[markdown.highlighting]`.

use toml::Spanned;

use super::context::Context;
use crate::config::legacy;
use crate::config::markdown::{Markdown, ResponsiveImages};
use crate::config::raw::{RawConfig, RawMarkdown, RawResponsiveImages};

/// `[markdown.responsive_images]`, checked: some widths, known formats, a quality in 1..=100.
fn responsive_images(cx: &mut Context, raw: RawResponsiveImages) -> ResponsiveImages {
    if raw.widths.get_ref().is_empty() || raw.widths.get_ref().contains(&0) {
        cx.error_value(
            raw.widths.span(),
            "`widths` must list the image widths to make, in pixels",
        );
    }
    for format in &raw.formats {
        if !["webp", "avif"].contains(&format.get_ref().as_str()) {
            cx.error_value(
                format.span(),
                format!(
                    "unknown image format `{}` in `formats`: use \"webp\" or \"avif\"",
                    format.get_ref()
                ),
            );
        }
    }
    if let Some(quality) = raw
        .quality
        .as_ref()
        .filter(|q| !(1..=100).contains(q.get_ref()))
    {
        cx.error_value(quality.span(), "`quality` must be between 1 and 100");
    }
    let mut widths = raw.widths.into_inner();
    widths.sort_unstable();
    widths.dedup();
    ResponsiveImages {
        widths,
        sizes: raw.sizes.unwrap_or_else(|| "100vw".to_string()),
        formats: raw.formats.into_iter().map(Spanned::into_inner).collect(),
        quality: raw.quality.map(Spanned::into_inner),
    }
}

/// `[markdown]`, with the highlighting keys of older versions mapped onto
/// `[markdown.highlighting]`.
fn markdown(cx: &mut Context, raw: RawMarkdown, top: legacy::TopLevelHighlighting) -> Markdown {
    if let Some(class) = &raw.external_links_class {
        if class.get_ref().contains(['"', '\'']) {
            cx.error_value(
                class.span(),
                format!(
                    "`external_links_class` {:?} must not contain quotes",
                    class.get_ref()
                ),
            );
        }
    }
    let highlighting = legacy::highlighting(
        cx,
        raw.highlighting,
        legacy::MarkdownHighlighting {
            highlight_code: raw.highlight_code,
            highlight_theme: raw.highlight_theme,
            highlight_themes_css: raw.highlight_themes_css,
            extra_syntaxes_and_themes: raw.extra_syntaxes_and_themes,
            error_on_missing_highlight: raw.error_on_missing_highlight,
        },
        top,
    );
    Markdown {
        highlighting,
        render_emoji: raw.render_emoji,
        external_links_class: raw.external_links_class.map(Spanned::into_inner),
        external_links_target_blank: raw.external_links_target_blank,
        external_links_no_follow: raw.external_links_no_follow,
        external_links_no_referrer: raw.external_links_no_referrer,
        external_links_external: raw.external_links_external.unwrap_or(true),
        smart_punctuation: raw.smart_punctuation,
        definition_list: raw.definition_list,
        bottom_footnotes: raw.bottom_footnotes,
        lazy_async_image: raw.lazy_async_image,
        insert_anchor_links: raw.insert_anchor_links,
        github_alerts: raw.github_alerts,
        math: raw.math,
        math_errors: raw.math_errors,
        responsive_images: raw.responsive_images.map(|r| responsive_images(cx, r)),
    }
}

/// `[markdown]` of `raw`, with the top-level highlighting keys of older versions.
pub(super) fn resolve(cx: &mut Context, raw: &mut RawConfig) -> Markdown {
    let top = legacy::TopLevelHighlighting {
        highlight_code: raw.highlight_code.take(),
        highlight_theme: raw.highlight_theme.take(),
        highlight_themes_css: raw.highlight_themes_css.take(),
        extra_syntaxes: raw.extra_syntaxes.take(),
    };
    markdown(cx, std::mem::take(&mut raw.markdown), top)
}
