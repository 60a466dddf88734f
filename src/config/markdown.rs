//! `[markdown]`: how Markdown is rendered, and `[markdown.highlighting]`.

use serde::Serialize;

use super::types::string_enum;

string_enum! {
    /// Where heading anchor links go.
    #[derive(Default)]
    pub enum InsertAnchor {
        Left = "left",
        Right = "right",
        /// The whole heading is the link.
        Heading = "heading",
        #[default]
        None = "none",
    }
}

impl InsertAnchor {
    /// Whether the `anchor-link.html` template renders the link.
    pub fn uses_template(self) -> bool {
        matches!(self, InsertAnchor::Left | InsertAnchor::Right)
    }
}

string_enum! {
    /// How highlighted code is coloured.
    #[derive(Default)]
    pub enum HighlightStyle {
        /// `style="color: ..."` on each span.
        #[default]
        Inline = "inline",
        /// CSS classes, with the CSS written to `giallo.css` (or `giallo-light.css` and
        /// `giallo-dark.css`).
        Class = "class",
    }
}

string_enum! {
    /// What a `$…$` expression that does not parse is.
    #[derive(Default)]
    pub enum MathErrors {
        /// An error at its place: the build fails.
        #[default]
        Error = "error",
        /// A warning at its place; the expression stays as it was written.
        Warn = "warn",
    }
}

/// `[markdown.responsive_images]`: local images of the Markdown written with `srcset` and
/// `sizes` (a Loess addition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponsiveImages {
    /// The widths to make, in pixels; those not below an image's own width are left out.
    pub widths: Vec<u32>,
    /// The `sizes` attribute.
    pub sizes: String,
    /// Other formats offered first, through `<picture>`: `webp`, `avif`.
    pub formats: Vec<String>,
    /// The quality of lossy encodings (as `resize_image` takes it).
    pub quality: Option<u8>,
}

/// The colour theme of highlighted code: one, or a light and a dark one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum HighlightTheme {
    Single {
        theme: String,
    },
    Dual {
        light_theme: String,
        dark_theme: String,
    },
}

/// A CSS file to write for a theme, from the pre-0.22 `highlight_themes_css`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeCssExport {
    pub theme: String,
    /// Relative to the output directory: `syntax-theme-dark.css`.
    pub filename: String,
}

/// `[markdown.highlighting]`: present when code is highlighted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlighting {
    /// A code block in a language the highlighter does not know is an error, not plain text.
    pub error_on_missing_language: bool,
    pub style: HighlightStyle,
    #[serde(flatten)]
    pub theme: HighlightTheme,
    /// Files of extra TextMate grammars (JSON), relative to the site root.
    pub extra_grammars: Vec<String>,
    /// Files of extra TextMate themes (JSON), relative to the site root.
    pub extra_themes: Vec<String>,
    /// Beyond Zola: CSS files that old configurations asked for by name, written as well as
    /// the usual ones so their `<link>`s keep working.
    #[serde(skip)]
    pub css_exports: Vec<ThemeCssExport>,
    /// Beyond Zola: set when this came from pre-0.22 keys, whose theme names are those of the
    /// old highlighter (syntect) and may not exist in the new one.
    #[serde(skip)]
    pub from_legacy_keys: bool,
    /// The line of `config.toml` that names the theme (or opens the table), for messages.
    #[serde(skip)]
    pub line: Option<usize>,
}

impl Highlighting {
    pub fn uses_classes(&self) -> bool {
        self.style == HighlightStyle::Class
    }
}

/// `[markdown]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Markdown {
    /// None when code is not highlighted.
    pub highlighting: Option<Highlighting>,
    /// `:smile:` becomes 😄.
    pub render_emoji: bool,
    /// A class added to external links.
    pub external_links_class: Option<String>,
    /// External links open in a new tab (with `rel="noopener"`).
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    /// `rel="external"` on external links; on by default.
    pub external_links_external: bool,
    /// Quotes, dashes and ellipses in their typographic forms.
    pub smart_punctuation: bool,
    pub definition_list: bool,
    /// Footnotes at the bottom, GitHub-style, with back references.
    pub bottom_footnotes: bool,
    /// `loading="lazy" decoding="async"` on images.
    pub lazy_async_image: bool,
    /// The default for sections that do not set `insert_anchor_links`.
    pub insert_anchor_links: InsertAnchor,
    /// `> [!NOTE]` blocks become alerts.
    pub github_alerts: bool,
    /// `$…$` and `$$…$$` become MathML (a Loess addition; not shown to templates when off).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub math: bool,
    #[serde(skip_serializing_if = "MathErrors::is_default")]
    pub math_errors: MathErrors,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responsive_images: Option<ResponsiveImages>,
}

impl MathErrors {
    fn is_default(&self) -> bool {
        *self == MathErrors::default()
    }
}

impl Default for Markdown {
    fn default() -> Markdown {
        Markdown {
            highlighting: None,
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: true,
            smart_punctuation: false,
            definition_list: false,
            bottom_footnotes: false,
            lazy_async_image: false,
            insert_anchor_links: InsertAnchor::None,
            github_alerts: false,
            math: false,
            math_errors: MathErrors::Error,
            responsive_images: None,
        }
    }
}

impl Markdown {
    /// Whether external links get any attribute beyond `href`.
    pub fn has_external_link_tweaks(&self) -> bool {
        self.external_links_target_blank
            || self.external_links_no_follow
            || self.external_links_no_referrer
            || self.external_links_external
            || self.external_links_class.is_some()
    }
}
