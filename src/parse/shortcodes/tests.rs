//! Unit tests of the lexer, the call grammar and expansion, through `expand`.

use std::path::Path;

use super::*;
use crate::error::Result;

/// Shortcodes `hi` (HTML), `md` (Markdown) and `box` (HTML), rendered as a trace.
struct Fake;

impl Templating for Fake {
    fn shortcode(&self, name: &str) -> Option<Kind> {
        match name {
            "hi" | "box" | "fail" => Some(Kind::Html),
            "md" => Some(Kind::Markdown),
            _ => None,
        }
    }

    fn render_shortcode(&self, call: &Invocation) -> Result<String, String> {
        if call.name == "fail" {
            return Err("it broke".into());
        }
        let args = serde_json::to_string(call.args).unwrap();
        Ok(match call.body {
            Some(body) => format!("<{} {args} {}>[{body}]", call.name, call.nth),
            None => format!("<{} {args} {}>", call.name, call.nth),
        })
    }

    fn render_anchor_link(&self, _: &str, _: u32) -> Result<String, String> {
        Ok(String::new())
    }

    fn render_summary_cutoff(&self, _: &str) -> Result<String, String> {
        Ok(String::new())
    }
}

fn run(text: &str) -> Result<Expanded> {
    let code = CodeMap::of(text, pulldown_cmark::Options::empty());
    expand(text, Path::new("content/p.md"), 1, &code, &Fake)
}

/// The expanded text with the HTML outputs put back in place of their placeholders.
fn expanded(text: &str) -> String {
    let e = run(text).unwrap();
    e.substitute(&e.text)
}

#[test]
fn arguments_of_every_type() {
    assert_eq!(
        expanded(
            r#"{{ hi(s="a b", t='c', u=`d"e`, i=-3, z=0, f=1.5, b=true, n=false, a=[1, "x", [2.5],]) }}"#
        ),
        r#"<hi {"s":"a b","t":"c","u":"d\"e","i":-3,"z":0,"f":1.5,"b":true,"n":false,"a":[1,"x",[2.5]]} 1>"#
    );
    assert_eq!(
        expanded("{{hi()}} {{ hi(\n  x=1\n) }}"),
        "<hi {} 1> <hi {\"x\":1} 2>"
    );
}

#[test]
fn bodies_nest_and_count() {
    assert_eq!(
        expanded("{% box(k=1) %}\n  a {{ hi() }} {% box() %}in{% end %}\n{% end %} {{ hi() }}"),
        "<box {\"k\":1} 1>[a <hi {} 1> <box {} 2>[in]] <hi {} 2>"
    );
}

#[test]
fn markdown_shortcodes_stay_text_and_html_ones_become_placeholders() {
    let e = run("a {{ md() }} b {{ hi() }} c").unwrap();
    assert_eq!(e.text, "a <md {} 1> b @@LOESS_SC_0@@ c");
    assert_eq!(e.html, ["<hi {} 1>"]);
    assert_eq!(e.map.original(2), 2);
    assert_eq!(e.map.original(5), 2, "inside a replacement: its call");
    assert_eq!(e.map.original(12), 13, "after it: shifted");
    assert_eq!(
        e.map.original(e.text.len() - 1),
        "a {{ md() }} b {{ hi() }} c".len() - 1
    );
}

#[test]
fn escapes_lose_their_markers() {
    assert_eq!(
        expanded("{{/* hi(a=1) */}} {%/* box() */%}{{ hi() }}{%/* end */%} {%/* end */%}"),
        "{{ hi(a=1) }} {% box() %}{{ hi() }}{% end %} {% end %}"
    );
    assert_eq!(expanded("`{{/* hi() */}}`"), "`{{ hi() }}`");
}

#[test]
fn inline_code_is_text_and_code_blocks_forgive() {
    assert_eq!(
        expanded("`{{ hi() }}` {{ hi() }}"),
        "`{{ hi() }}` <hi {} 1>"
    );
    assert_eq!(
        expanded("```\n{{ hi() }} {{ nope() }} {{ x(1) }} {% end %}\n```\n"),
        "```\n<hi {} 1> {{ nope() }} {{ x(1) }} {% end %}\n```\n"
    );
    assert_eq!(
        expanded("{{ page.title }} {% if x %}"),
        "{{ page.title }} {% if x %}"
    );
}

#[test]
fn malformed_calls_are_text_and_warnings_at_their_place() {
    let warned = |text: &str| {
        let e = run(text).unwrap();
        assert_eq!(e.substitute(&e.text), text, "left as written");
        assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
        e.warnings[0].heading()
    };
    assert!(warned("{{ hi(a=) }}")
        .starts_with("content/p.md:1:9: invalid shortcode call, left as text: expected a value"));
    assert!(warned("{{ hi(a=1,) }}").starts_with(
        "content/p.md:1:11: invalid shortcode call, left as text: expected an argument after `,`"
    ));
    assert!(warned("{{ hi(a) }}").starts_with(
        "content/p.md:1:8: invalid shortcode call, left as text: expected `=` after `a`"
    ));
    assert!(warned("{{ hi(a='x) }}").starts_with(
        "content/p.md:1:9: invalid shortcode call, left as text: this string has no closing '"
    ));
    // An apostrophe inside a single-quoted string ends it.
    assert_eq!(
        warned("x\n{{ hi(text='it's') }}"),
        "content/p.md:2:15: invalid shortcode call, left as text: this string ends at this ', \
         inside a word: a string cannot hold its own quote character (quote it with another \
         of \", ' or `)"
    );
    // What Zola reads as a call but Loess cannot take is an error.
    let e = run(&format!("{{{{ hi(a={}) }}}}", "9".repeat(30))).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("content/p.md:1:9: invalid shortcode call: this integer is out of range"));
    // A string glued to the next argument is still a call, as in Zola.
    assert_eq!(expanded("{{ hi(a='x'b=1) }}"), r#"<hi {"a":"x","b":1} 1>"#);
    // The calls after it are still calls.
    let e = run("{{ hi(a=) }} {{ hi() }}").unwrap();
    assert_eq!(e.substitute(&e.text), "{{ hi(a=) }} <hi {} 1>");
    // In code, silently text.
    assert!(run("```\n{{ hi(a=) }}\n```\n").unwrap().warnings.is_empty());
}

#[test]
fn mistakes_are_errors_at_their_place() {
    let e = |text: &str| run(text).unwrap_err().to_string();
    assert_eq!(
        e("x\n\nsee {{ nope() }}"),
        "content/p.md:3:5: unknown shortcode `nope`: there is no templates/shortcodes/nope.html or nope.md in the site or its theme; to write the call as text, escape it as `{{/* ... */}}` or `{%/* ... */%}`\n  |\n3 | see {{ nope() }}\n  |     ^"
    );
    assert!(e("{% box() %}\nno end")
        .starts_with("content/p.md:1:1: shortcode `box` opened here is never closed"));
    assert!(e("text {% end %}").starts_with("content/p.md:1:6: `{% end %}` closes no shortcode"));
    assert!(e("{{ fail() }}").starts_with("content/p.md:1:1: shortcode `fail` failed: it broke"));
}
