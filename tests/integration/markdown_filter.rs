//! The `markdown` filter expands shortcodes, as Zola 0.22's does: with their arguments, `body`
//! and `nth` only (no `lang`, `config`, `page` or `section`), and without the filter itself.

use crate::support::TestSite;

#[test]
fn shortcodes_in_filtered_text_expand_as_in_zola() {
    let built = TestSite::fixture("markdown-filter").build();
    // Zola's output for the same site, but for the call in inline code, which stays text in
    // Loess (Zola writes its internal placeholder there).
    let expected = "<main><p>Hello <b>Hi Ann #1</b>\n and <b>Hi Bob #2</b>\n.</p>\n\
                    <div class=\"box\">Inside *box*</div>\n\
                    <p><strong>bold from md</strong> w</p>\n\
                    lang=none config=none page=none section=none\n\
                    <p>{{ greet(name=\"literal\") }}</p>\n\
                    <p><code>{{ greet(name=\"code\") }}</code></p>\n</main>\n\
                    <p>Inline <b>Hi Cy #1</b>\n</p>\n";
    assert_eq!(built.html("index.html"), expected);
}

#[test]
fn a_shortcode_in_filtered_text_cannot_use_the_filter_again() {
    let error = TestSite::fixture("markdown-filter")
        .file(
            "content/_index.md",
            "+++\n[extra]\ntext = \"{% nested() %}Nested *md*{% end %}\"\ninline = \"x\"\n+++\n",
        )
        .build_error();
    assert!(error.contains("shortcode `nested` failed"), "{error}");
    assert!(error.contains("Filter 'markdown' not found"), "{error}");
}

#[test]
fn an_unknown_shortcode_in_filtered_text_is_an_error() {
    let error = TestSite::fixture("markdown-filter")
        .file(
            "content/_index.md",
            "+++\n[extra]\ntext = \"a {{ greeet() }}\"\ninline = \"x\"\n+++\n",
        )
        .build_error();
    assert!(error.contains("`markdown` filter"), "{error}");
    assert!(error.contains("greeet"), "{error}");
}

#[test]
fn page_shortcodes_keep_the_filter_and_their_context() {
    let built = TestSite::fixture("markdown-filter")
        .file(
            "content/post.md",
            "+++\ntitle = \"Post\"\n+++\n{% nested() %}Nested *md* {{ greet(name=\"Di\") }}{% end %}\n\n{{ context() }}\n",
        )
        .build();
    built.check(
        "post/index.html",
        &[
            "<div class=\"nested\"><p>Nested <em>md</em> <b>Hi Di #1</b>",
            "lang=en config=Filter page=Post section=none",
        ],
    );
}

#[test]
fn the_output_is_escaped_unless_safe_and_inline_trims_as_in_zola() {
    // Zola 0.22.1 renders this template to the same text.
    let built = TestSite::new()
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\n[extra]\n\
             md = \"Hi <b>there</b> & *you*\\n\\nSecond\"\none = \"<span>x</span> *y*\"\n",
        )
        .file(
            "templates/index.html",
            "A:{{ config.extra.md | markdown }}\nB:{{ config.extra.md | markdown | safe }}\n\
             C:{{ config.extra.md | markdown(inline=true) | safe }}\n\
             D:{{ config.extra.one | markdown(inline=true) | safe }}\n",
        )
        .build();
    assert_eq!(
        built.html("index.html"),
        "A:&lt;p&gt;Hi &lt;b&gt;there&lt;&#x2F;b&gt; &amp;amp; &lt;em&gt;you&lt;&#x2F;em&gt;\
         &lt;&#x2F;p&gt;\n&lt;p&gt;Second&lt;&#x2F;p&gt;\n\n\
         B:<p>Hi <b>there</b> &amp; <em>you</em></p>\n<p>Second</p>\n\n\
         C:Hi <b>there</b> &amp; <em>you</em></p>\n<p>Second\n\
         D:<span>x</span> <em>y</em>\n"
    );
}
