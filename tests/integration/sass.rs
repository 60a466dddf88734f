//! Sass: the theme's `sass/` is always compiled, the site's with `compile_sass = true`, each
//! non-partial file to CSS at the same path; errors name the file and line.

use crate::support::TestSite;

fn site(compile_sass: bool) -> TestSite {
    TestSite::new()
        .file(
            "config.toml",
            format!("base_url = \"https://example.org\"\ntheme = \"t\"\ncompile_sass = {compile_sass}\n"),
        )
        .file("themes/t/templates/index.html", "home")
        .file("themes/t/sass/theme.scss", "$w: 10px;\n.box { width: $w * 2; }\n")
        .file("themes/t/sass/shared.scss", "a { color: blue; }\n")
        .file("sass/_colors.scss", "$accent: #c60;\n")
        .file("sass/css/site.scss", "@use '../colors';\nh1 { color: colors.$accent; em { font-style: normal; } }\n")
        .file("sass/shared.scss", "a { color: red; }\n")
        .file("sass/_partials/skip.scss", "b { c: d }\n")
}

#[test]
fn theme_and_site_sass_compile_to_css() {
    let built = site(true).build();
    assert_eq!(built.html("theme.css"), ".box{width:20px}");
    assert_eq!(
        built.html("css/site.css"),
        "h1{color:#c60}h1 em{font-style:normal}"
    );
    // The site's file wins over the theme's of the same name.
    assert_eq!(built.html("shared.css"), "a{color:red}");
    assert!(!built.has("colors.css") && !built.has("_colors.css"));
    assert!(!built.has("_partials/skip.css") && !built.has("partials/skip.css"));
}

#[test]
fn the_site_sass_waits_for_compile_sass() {
    let built = site(false).build();
    assert!(built.has("theme.css"));
    assert_eq!(built.html("shared.css"), "a{color:blue}");
    assert!(!built.has("css/site.css"));
}

#[test]
fn a_sass_error_names_the_file_and_line() {
    let error = site(true)
        .file("sass/css/site.scss", "h1 {\n  color: $missing;\n}\n")
        .build_error();
    assert_eq!(
        error,
        "sass/css/site.scss:2:10: Undefined variable.\n  |\n2 |   color: $missing;\n  |          ^"
    );
}
