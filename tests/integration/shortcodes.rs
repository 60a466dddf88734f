//! Shortcodes: `templates/shortcodes/NAME.html` and `NAME.md`, called inline and with a body,
//! with every kind of argument, `nth`, the page's variables, escapes, calls in code, and a
//! theme's shortcodes overridden by the site's. `tests/fixtures/shortcodes/` builds to the
//! same HTML with Zola 0.22, apart from the cases marked below.

use crate::support::TestSite;

#[test]
fn every_form_renders_as_in_zola() {
    let built = TestSite::fixture("shortcodes").build();
    // Zola fails on `{{ not_a_shortcode() }}` in the code block; without it, its output is
    // this byte for byte.
    assert_eq!(
        built.html("forms/index.html"),
        concat!(
            "<h1 id=\"inline-text\">Inline <b>heading #1</b>\n text</h1>\n",
            "<p>Say <b>one #2</b>\n and <b>two #3</b>\n in a line.</p>\n",
            // Alone in its paragraph: no <p> around it.
            "<b>alone #4</b>\n",
            // `lang` and `nth` are the document's, whatever the arguments say.
            "<code>s=double d=single b=back i=-3 n=0 f=1.5 t=true a=[1,&quot;x&quot;,false] lang=en nth=1</code>\n",
            // A body is passed as written (trimmed), with the calls in it rendered.
            "<blockquote class=\"q\">A *body* with &lt;b&gt;inner #5&lt;&#x2F;b&gt;\n inside.<cite>Grace</cite></blockquote>\n",
            // A Markdown shortcode's output is rendered with the page.
            "<p><strong>Markdown body</strong> (md 1)</p>\n",
            "<h2 id=\"from-a-shortcode\">From a shortcode</h2>\n",
            // The site's badge wins over the theme's; the theme's own shortcode works.
            "<p><span class=\"badge\">site wins</span> <em class=\"themed\">Forms</em></p>\n",
            "<p class=\"ctx\">Forms|https:&#x2F;&#x2F;example.org&#x2F;forms&#x2F;|calm|76||Ada|en|https://example.org/plain/</p>\n",
            "<p>Escaped: {{ hi(name=\"x\") }} and {% quote(author=\"y\") %}raw {{ hi() }}{% end %}.</p>\n",
            // In code blocks calls render (escaped), as in Zola; what is no call stays text.
            "<pre><code data-lang=\"jinja\">&lt;b&gt;in code #6&lt;/b&gt;\n",
            " {{ not_a_shortcode() }} {{ range(end=3) | join(sep=&quot;,&quot;) }}\n",
            "{{ hi(name=&quot;escaped in code&quot;) }}\n",
            "</code></pre>\n\n",
        )
    );
    assert_eq!(
        built.html("index.html"),
        "<p>Home <span class=\"badge\">home</span></p>\n\n"
    );
}

#[test]
fn calls_in_inline_code_are_text() {
    let built = TestSite::fixture("shortcodes").build();
    // Zola 0.22 writes a placeholder for the first call here, and for every later one.
    assert_eq!(
        built.html("inline/index.html"),
        "<p>Use <code>{{ hi(name=\"code\") }}</code> or <code>{{ hi() }}</code>, then <b>after #1</b>\n.</p>\n\n"
    );
}

/// A site with shortcode `name` and page `content/p.md` whose body is `body`.
fn one_page(shortcode: &str, template: &str, body: &str) -> TestSite {
    TestSite::new()
        .file("templates/page.html", "{{ page.content | safe }}")
        .file(&format!("templates/shortcodes/{shortcode}"), template)
        .file("content/p.md", format!("+++\ntitle = \"P\"\n+++\n{body}"))
}

#[test]
fn nth_counts_each_name_through_bodies() {
    let built = one_page(
        "box.html",
        "[{{ nth }}:{{ body | default(value='') }}]",
        "{% box() %}a {% box() %}b{% end %}{% end %} {{ box() }} {{/* box() */}}\n",
    )
    .file("templates/shortcodes/other.html", "<{{ nth }}>")
    .file(
        "content/q.md",
        "+++\n+++\n{{ other() }} {{ box() }} {{ other() }}\n",
    )
    .build();
    assert_eq!(
        built.html("p/index.html"),
        "<p>[1:a [2:b]] [3:] {{ box() }}</p>\n"
    );
    assert_eq!(built.html("q/index.html"), "<p><1> [1:] <2></p>\n");
}

#[test]
fn markdown_shortcodes_add_to_the_table_of_contents() {
    let built = one_page("part.md", "## {{ title }}\n", "# Top\n\n{{ part(title=\"Made\") }}\n")
        .file(
            "templates/page.html",
            "{% for h in page.toc %}{{ h.id }}:{% for c in h.children %}{{ c.id }}{% endfor %}{% endfor %}",
        )
        .build();
    assert_eq!(built.html("p/index.html"), "top:made");
}

#[test]
fn sections_get_their_section() {
    let built = TestSite::new()
        .file("templates/section.html", "{{ section.content | safe }}")
        .file("templates/index.html", "{{ section.content | safe }}")
        .file(
            "templates/shortcodes/where.html",
            "{{ section.title }} {{ section.relative_path | safe }} {{ page is defined }}",
        )
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\n+++\n{{ where() }}\n",
        )
        .build();
    assert_eq!(built.html("blog/index.html"), "Blog blog/_index.md false");
}

#[test]
fn functions_that_need_rendered_pages_say_why() {
    let site = one_page(
        "list.html",
        "{{ get_section(path=\"_index.md\") }}",
        "{{ list() }}\n",
    );
    let error = site.build_error();
    assert!(
        error.contains("`get_section` cannot be used in shortcodes"),
        "{error}"
    );
}

#[test]
fn calls_span_lines_and_keep_argument_order_free() {
    let built = one_page(
        "pair.html",
        "{{ a }}-{{ b }}",
        "{{ pair(\n  b=2,\n  a=1\n) }}\n",
    )
    .build();
    assert_eq!(built.html("p/index.html"), "1-2");
}

#[test]
fn a_malformed_call_is_text_as_in_zola() {
    // Zola 0.22.1 renders this page to the same HTML, without a word.
    let built = one_page(
        "hi.html",
        "<b>{{ a }}{{ b | default(value=\"\") }}</b>",
        "{{ hi(a=\"x\"b=1) }}\n\n{{ hi(a=1,) }} and {{ range(end=3) | join(sep=\",\") }}\n\n\
         {{ hi(a='it's') }}\n",
    )
    .build();
    assert_eq!(
        built.html("p/index.html"),
        "<b>x1</b>\n<p>{{ hi(a=1,) }} and {{ range(end=3) | join(sep=\",\") }}</p>\n\
         <p>{{ hi(a='it's') }}</p>\n"
    );
    assert_eq!(
        built.warnings(),
        [
            "content/p.md:6:11: invalid shortcode call, left as text: expected an argument after `,`",
            "content/p.md:6:36: invalid shortcode call, left as text: expected `}}` to end the call, found `|`",
            "content/p.md:8:12: invalid shortcode call, left as text: this string ends at this ', \
             inside a word: a string cannot hold its own quote character (quote it with another of \", ' or `)",
        ]
    );
}
