//! `minify_html = true`: every HTML output is minified as Zola minifies it, with the
//! `minify-html` crate and Zola's settings, by the render thread that produced it.

/// Whether output `rel` is minified: as in Zola, any file whose name ends in `html`.
pub(super) fn applies_to(rel: &str) -> bool {
    rel.ends_with("html")
}

/// `html` minified: whitespace collapsed, optional closing tags and comments dropped, CSS in
/// `<style>` and `style` attributes minified; scripts, `<html>` and `<head>` kept as written.
pub(super) fn html(html: &str) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    minify_html::minify(html.as_bytes(), &cfg)
}
