//! `math = true`: `$…$` and `$$…$$` become MathML at build time, with no script; math that
//! does not parse is an error at its place (or a warning, with `math_errors = "warn"`); off,
//! dollars are text as before. In Chromium, the MathML is laid out as mathematics and a saved
//! formula updates the open page in place.

use crate::browser::Browser;
use crate::serve::Server;
use crate::support::TestSite;

#[test]
fn the_common_constructs_become_mathml() {
    let built = TestSite::fixture("math").build();
    let html = built.html("formulas/index.html");
    let inline = |latex: &str| {
        format!(
            "<annotation encoding=\"application/x-tex\">{latex}</annotation></semantics></math>"
        )
    };
    built.check(
        "formulas/index.html",
        &[
            // A fraction, a square and a cube root, inline.
            "A fraction <math><semantics><mfrac><mrow><mi>a</mi>",
            &inline(r"\frac{a+b}{2}"),
            "<msqrt><mi>x</mi></msqrt>",
            "<mroot><mi>y</mi><mn>3</mn></mroot>",
            // Greek letters and accents.
            "<mi>α</mi><mo>+</mo><mi>β</mi>",
            "<mi mathvariant=\"normal\">Γ</mi>",
            "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"false\">ˆ</mo></mover>",
            "<mover accent=\"true\"><mi>v</mi><mo stretchy=\"false\">⃗</mo></mover>",
            // A sum and an integral with limits, as blocks.
            "<math display=\"block\"><semantics><mrow><munderover><mo lspace=\"0\">∑</mo>",
            "<msubsup><mo lspace=\"0\">∫</mo><mn>0</mn><mi>∞</mi></msubsup>",
            // A matrix and aligned equations.
            "<mo>(</mo><mtable displaystyle=\"false\" scriptlevel=\"0\"><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr>",
            "<mtable displaystyle=\"true\" scriptlevel=\"0\"><mtr><mtd style=\"text-align: right;",
            // Dollars in code and escaped dollars stay text.
            "<code>$5</code>, nor is $this$.",
        ],
    );
    assert_eq!(html.matches("<math").count(), 11, "{html}");
    assert_eq!(html.matches("<math display=\"block\">").count(), 4);
    assert!(!html.contains("<script"), "no script is needed");
}

#[test]
fn without_math_dollars_are_text_as_before() {
    let text = "+++\ntitle = \"T\"\n+++\nA fraction $\\frac{a}{b}$ and $$x^2$$.\n";
    let page = |config: &str| {
        TestSite::new()
            .file("config.toml", config)
            .file("templates/page.html", "{{ page.content | safe }}")
            .file("content/t.md", text)
            .build()
            .html("t/index.html")
    };
    let plain = page("base_url = \"https://example.org\"\n");
    assert_eq!(plain, "<p>A fraction $\\frac{a}{b}$ and $$x^2$$.</p>\n");
    let off = page("base_url = \"https://example.org\"\n[markdown]\nmath = false\n");
    assert_eq!(off, plain);
}

fn site_with_broken_math(config: &str) -> TestSite {
    TestSite::new()
        .file(
            "config.toml",
            format!("base_url = \"https://example.org\"\n[markdown]\nmath = true\n{config}"),
        )
        .file("templates/page.html", "{{ page.content | safe }}")
        .file(
            "content/broken.md",
            "+++\ntitle = \"Broken\"\n+++\nFine: $x^2$.\n\nNot fine: $a + \\fracc{1}{2}$ here.\n",
        )
}

#[test]
fn math_that_does_not_parse_is_an_error_at_its_place() {
    let site = site_with_broken_math("");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: content/broken.md:6:16: this math does not parse: ")
            && lines[0].contains("fracc"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("6 | Not fine: $a + \\fracc{1}{2}$ here.\n  |                ^"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists(), "nothing is written");
}

#[test]
fn with_math_errors_warn_the_math_stays_as_written() {
    let site = site_with_broken_math("math_errors = \"warn\"\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: content/broken.md:6:16: this math does not parse: ")
            && run.stderr.contains("; shown as written"),
        "{}",
        run.stderr
    );
    let html = std::fs::read_to_string(site.public().join("broken/index.html")).unwrap();
    assert!(html.contains("Fine: <math><semantics><msup>"), "{html}");
    assert!(
        html.contains("Not fine: $a + \\fracc{1}{2}$ here."),
        "{html}"
    );
}

#[test]
fn a_bad_math_errors_value_is_a_config_error() {
    let site = site_with_broken_math("math_errors = \"ignore\"\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("error: config.toml:4:15: unknown variant `ignore`"),
        "{}",
        run.stderr
    );
}

/// Chromium lays the MathML out as mathematics (a fraction's numerator above its denominator,
/// a sum's limits above and below it), and a saved formula replaces the old one in place.
#[test]
fn chromium_draws_the_math_and_a_save_updates_it() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TestSite::fixture("math");
    let server = Server::start(&site, &[]);
    browser.open(&server.at("/formulas/"));
    browser.wait_for("return document.readyState === 'complete';", "the page");
    let stacked = browser.run(
        "const f = document.querySelector('mfrac'); \
         const [top, bottom] = [...f.children].map(c => c.getBoundingClientRect()); \
         const s = document.querySelector('munderover'); \
         const [sum, under, over] = [...s.children].map(c => c.getBoundingClientRect()); \
         return top.height > 0 && top.bottom <= bottom.top + 1 \
             && over.bottom <= sum.top + 1 && under.top >= sum.bottom - 1;",
    );
    assert_eq!(
        stacked,
        serde_json::json!(true),
        "fractions and limits are stacked"
    );
    browser.run("window.__loessMarker = 1;");
    let file = site.root.join("content/formulas.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace(r"\frac{a+b}{2}", r"\frac{c}{d}")).unwrap();
    browser.wait_for(
        "return [...document.querySelectorAll('annotation')].some(a => a.textContent === '\\\\frac{c}{d}');",
        "the new formula",
    );
    assert_eq!(
        browser.run("return window.__loessMarker;"),
        serde_json::json!(1),
        "the page was updated in place, not reloaded"
    );
}
