//! Template errors as people read them: a syntax error at its file, line and column with the
//! source line and a caret; a rendering error with Tera's chain of causes, each template
//! followed by its file, the place of what failed (a missing variable, a filter, function,
//! test or macro call, a missing template) when it can be found, and the templates the failing
//! one extends, includes and imports.

use std::collections::HashMap;
use std::error::Error as _;
use std::path::PathBuf;

use super::depth;
use crate::error::{Error, Location};

/// The templates' files and texts, by template name.
#[derive(Debug, Default, Clone)]
pub(super) struct Sources(pub HashMap<String, (PathBuf, String)>);

impl Sources {
    /// A syntax error found by Tera's parser, at its place in the template's file.
    pub(super) fn syntax_error(&self, error: &tera::Error) -> Option<Error> {
        let name = quoted(&error.to_string())?;
        let (path, text) = self.0.get(&name)?;
        let detail = error.source()?.to_string();
        let at = detail
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))?;
        let (line, column) = at.trim().split_once(':')?;
        let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
        let message = detail
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("= "))?
            .to_string();
        let source_line = text
            .lines()
            .nth(line.checked_sub(1)?)
            .map(|l| l.trim_end().to_string());
        Some(Error::at(
            Location {
                path: path.clone(),
                line,
                column,
                source_line,
            },
            message,
        ))
    }

    /// Tera's error and its causes, one per line, with each template's file, and where a
    /// variable that was not found is written in the template.
    pub(super) fn describe(&self, error: &tera::Error) -> String {
        let parts = causes(error);
        if let Some(at) = parts.iter().position(|p| depth::is_recursion(p)) {
            return self.describe_recursion(&parts[0], &parts[at]);
        }
        let mut text = self.with_files(parts.join("\n  caused by: "));
        let root = parts
            .first()
            .filter(|p| p.starts_with("Failed to render"))
            .and_then(|p| quoted(p));
        let chain = root
            .as_deref()
            .map(|root| self.chain(root))
            .unwrap_or_default();
        let culprit = parts.iter().rev().find_map(|p| Culprit::of(p));
        if let Some(culprit) = culprit {
            let names: Vec<&str> = match &culprit.template {
                Some(name) => vec![name.as_str()],
                None => chain.iter().map(|(name, _)| name.as_str()).collect(),
            };
            text.push_str(&self.places(&names, &culprit));
        }
        if chain.len() > 1 {
            let links: Vec<String> = chain
                .iter()
                .map(|(name, how)| match how {
                    Some(how) => format!("{how} {name}"),
                    None => name.clone(),
                })
                .collect();
            text.push_str(&format!("\n  templates: {}", links.join(", ")));
        }
        text
    }

    /// A render stopped by the recursion guard: the template that was rendered, the chain of
    /// templates and macros, and where the call that repeats is written.
    fn describe_recursion(&self, first: &str, message: &str) -> String {
        let mut text = self.with_files(format!("{first}\n  caused by: {message}"));
        if let Some((caller, callee, called_macro)) = depth::repeated_call(message) {
            let pattern = match called_macro {
                Some(name) => format!(r"\b\w+::{}\s*\(", regex::escape(&name)),
                None => format!(
                    r#"\binclude\s+(?:\[[^\]]*)?["']{}["']"#,
                    regex::escape(&callee)
                ),
            };
            if let Ok(pattern) = regex::Regex::new(&pattern) {
                let culprit = Culprit {
                    pattern,
                    template: None,
                };
                text.push_str(&self.places(&[caller.as_str()], &culprit));
            }
        }
        text
    }

    /// `text` with each `'name'` of a template followed by its file.
    fn with_files(&self, mut text: String) -> String {
        let mut named: Vec<(&String, &PathBuf)> = self
            .0
            .iter()
            .filter(|(n, _)| text.contains(&format!("'{n}'")))
            .map(|(n, (path, _))| (n, path))
            .collect();
        named.sort();
        for (name, path) in named {
            text = text.replace(
                &format!("'{name}'"),
                &format!("'{name}' ({})", path.display()),
            );
        }
        text
    }

    /// Where `culprit` is written in the templates `names`: one place with its line and a
    /// caret, or a list of a few places, or nothing when it cannot be found.
    fn places(&self, names: &[&str], culprit: &Culprit) -> String {
        let mut found = Vec::new();
        for name in names {
            if let Some((path, text)) = self.0.get(*name) {
                found.extend(
                    culprit
                        .find(text)
                        .map(|at| Location::in_text(path, text, at, 1)),
                );
            }
        }
        match found.as_slice() {
            [] => String::new(),
            [one] => {
                let mut text = format!("\n  --> {one}");
                if let Some(line) = &one.source_line {
                    let number = one.line.to_string();
                    let pad = " ".repeat(number.len());
                    let caret = " ".repeat(one.column.saturating_sub(1));
                    text.push_str(&format!(
                        "\n  {pad} |\n  {number} | {line}\n  {pad} | {caret}^"
                    ));
                }
                text
            }
            many if many.len() <= 5 => {
                let list: Vec<String> = many.iter().map(|l| format!("\n  --> {l}")).collect();
                format!("\n  written at one of:{}", list.concat())
            }
            _ => String::new(),
        }
    }

    /// The template `root` and those it extends, includes and imports, each with how it is
    /// reached (`None` for the root), in the order they are met.
    pub(super) fn chain(&self, root: &str) -> Vec<(String, Option<&'static str>)> {
        let mut chain = vec![(root.to_string(), None)];
        let mut next = 0;
        while next < chain.len() {
            let name = chain[next].0.clone();
            next += 1;
            let Some((_, text)) = self.0.get(&name) else {
                continue;
            };
            for (how, linked) in links(text) {
                if !chain.iter().any(|(n, _)| *n == linked) {
                    chain.push((linked, Some(how)));
                }
            }
        }
        chain
    }
}

/// An error's message and each of its causes, outermost first.
pub(super) fn causes(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts
}

/// Whether a template's text names a template by a variable (`{% include page.extra.x %}`),
/// so that which templates it uses cannot be known from its text.
pub(super) fn has_dynamic_links(text: &str) -> bool {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\{%-?\s*(extends|include|import)\s+[^\s"'\[]"#)
            .expect("a valid pattern")
    });
    TAG.is_match(text)
}

/// The templates a template's text names in `extends`, `include` (one or a list) and
/// `import` tags, with the tag.
fn links(text: &str) -> Vec<(&'static str, String)> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\{%-?\s*(extends|include|import)\s+(\[[^\]]*\]|"[^"]*"|'[^']*')"#)
            .expect("a valid pattern")
    });
    static NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""([^"]*)"|'([^']*)'"#).expect("a valid pattern")
    });
    let mut found = Vec::new();
    for tag in TAG.captures_iter(text) {
        let how = match &tag[1] {
            "extends" => "extends",
            "include" => "includes",
            _ => "imports",
        };
        for name in NAME.captures_iter(&tag[2]) {
            let name = name.get(1).or(name.get(2)).map_or("", |m| m.as_str());
            found.push((how, name.to_string()));
        }
    }
    found
}

/// What a rendering error blames, as it is written in a template, and the template it names
/// (if it names one).
struct Culprit {
    pattern: regex::Regex,
    template: Option<String>,
}

impl Culprit {
    /// The culprit of one of Tera's messages, for the messages that name one.
    fn of(message: &str) -> Option<Culprit> {
        let between = |open: &str, close: char| -> Option<String> {
            let rest = message.split_once(open)?.1;
            Some(rest.split(close).next()?.to_string())
        };
        let (pattern, template) = if message.starts_with("Variable `") {
            let variable = between("Variable `", '`')?;
            let template = quoted(message.rsplit("while rendering").next()?);
            (
                format!(r"(?:^|[^\w.]){}(?:[^\w.]|$)", regex::escape(&variable)),
                template,
            )
        } else if message.starts_with("Filter call '") {
            let filter = between("Filter call '", '\'')?;
            (format!(r"\|\s*{}\b", regex::escape(&filter)), None)
        } else if message.starts_with("Function call '") {
            let function = between("Function call '", '\'')?;
            (format!(r"\b{}\s*\(", regex::escape(&function)), None)
        } else if message.starts_with("Test call '") {
            let test = between("Test call '", '\'')?;
            (
                format!(r"\bis\s+(?:not\s+)?{}\b", regex::escape(&test)),
                None,
            )
        } else if message.starts_with("Macro namespace `") {
            let namespace = between("Macro namespace `", '`')?;
            (format!(r"\b{}::", regex::escape(&namespace)), None)
        } else if message.starts_with("Template '") && message.contains("not found") {
            let name = between("Template '", '\'')?;
            let name = name.trim_start_matches('[').trim_end_matches(']');
            (format!(r#"["']{}["']"#, regex::escape(name)), None)
        } else {
            return None;
        };
        let pattern = regex::Regex::new(&pattern).ok()?;
        Some(Culprit { pattern, template })
    }

    /// The byte offsets where the culprit is written in `text`, inside template tags.
    fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        self.pattern.find_iter(text).filter_map(move |m| {
            // The variable pattern may start on the character before the name.
            let at = text[m.start()..m.end()]
                .find(|c: char| c.is_alphanumeric() || matches!(c, '_' | '|' | '"' | '\''))
                .map_or(m.start(), |i| m.start() + i);
            in_tag(text, at).then_some(at)
        })
    }
}

/// Whether byte `at` of a template is inside `{{ }}` or `{% %}`.
fn in_tag(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let open = before
        .rfind("{{")
        .into_iter()
        .chain(before.rfind("{%"))
        .max();
    let close = before
        .rfind("}}")
        .into_iter()
        .chain(before.rfind("%}"))
        .max();
    match (open, close) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The first `'quoted'` name in a message.
fn quoted(message: &str) -> Option<String> {
    let start = message.find('\'')? + 1;
    let end = message[start..].find('\'')? + start;
    Some(message[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(name: &str, text: &str) -> Sources {
        Sources(HashMap::from([(
            name.to_string(),
            (PathBuf::from(format!("templates/{name}")), text.to_string()),
        )]))
    }

    #[test]
    fn syntax_errors_point_at_the_template() {
        let text = "<html>\n<h1>{{ page.title }</h1>\n";
        let error = tera::Tera::default()
            .add_raw_template("page.html", text)
            .unwrap_err();
        let error = sources("page.html", text)
            .syntax_error(&error)
            .unwrap()
            .to_string();
        assert!(
            error.starts_with("templates/page.html:2:19: expected `or`, `and`"),
            "{error}"
        );
        assert!(
            error.ends_with("2 | <h1>{{ page.title }</h1>\n  |                   ^"),
            "{error}"
        );
    }

    fn render_error(templates: &[(&str, &str)]) -> String {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "T"}));
        let error = tera.render(templates[0].0, &context).unwrap_err();
        let sources = Sources(
            templates
                .iter()
                .map(|(name, text)| {
                    let path = PathBuf::from(format!("templates/{name}"));
                    (name.to_string(), (path, text.to_string()))
                })
                .collect(),
        );
        sources.describe(&error)
    }

    #[test]
    fn a_failing_filter_is_found_along_the_chain() {
        let text = render_error(&[
            ("page.html", "{% extends \"base.html\" %}{% block b %}{% include ['x.html', \"p.html\"] %}{% endblock %}"),
            ("base.html", "{% import \"m.html\" as m %}<main>{% block b %}{% endblock %}</main>"),
            ("p.html", "<p>\n{{ page.title | round }}</p>"),
            ("m.html", "{% macro a() %}{% endmacro a %}"),
        ]);
        assert!(
            text.ends_with(
                "  --> templates/p.html:2:15\n    |\n  2 | {{ page.title | round }}</p>\n    |               ^\n  \
                 templates: page.html, extends base.html, includes x.html, includes p.html, imports m.html"
            ),
            "{text}"
        );
    }

    #[test]
    fn templates_named_by_a_variable_are_noticed() {
        assert!(has_dynamic_links("{% include page.extra.partial %}"));
        assert!(has_dynamic_links("{%- extends parent -%}"));
        assert!(!has_dynamic_links(
            "{% include \"a.html\" %}{% include ['b.html'] %}"
        ));
        assert!(!has_dynamic_links("{% extends 'base.html' %}{{ include }}"));
    }

    #[test]
    fn a_culprit_written_in_several_places_is_listed() {
        let text = render_error(&[(
            "page.html",
            "{{ page.title | round }}\n{% if false %}{{ 1 | round }}{% endif %}\n| round",
        )]);
        assert!(
            text.ends_with(
                "  written at one of:\n  --> templates/page.html:1:15\n  --> templates/page.html:2:20"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_missing_variable_is_found_in_its_template() {
        let text = "<p>\n  {{ page.title }} {{ page.nope.deeper }}\n</p>";
        let mut tera = tera::Tera::default();
        tera.add_raw_template("page.html", text).unwrap();
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "T"}));
        let error = tera.render("page.html", &context).unwrap_err();
        let text = sources("page.html", text).describe(&error);
        assert!(
            text.contains("\n  --> templates/page.html:2:23\n"),
            "{text}"
        );
        assert!(text.contains("'page.html' (templates/page.html)"), "{text}");
    }

    #[test]
    fn a_failed_call_is_found_in_its_template() {
        let text = "<p>\n  {{ nope(a=1) }}{{ nope_not(b=2) }}\n</p>";
        let mut tera = tera::Tera::default();
        tera.add_raw_template("index.html", text).unwrap();
        tera.register_function("nope", |_: &HashMap<String, tera::Value>| {
            Err(tera::Error::msg("no"))
        });
        tera.register_function("nope_not", |_: &HashMap<String, tera::Value>| {
            Ok(tera::Value::Null)
        });
        let error = tera
            .render("index.html", &tera::Context::new())
            .unwrap_err();
        let text = sources("index.html", text).describe(&error);
        assert!(
            text.ends_with("caused by: no\n  --> templates/index.html:2:6\n    |\n  2 |   {{ nope(a=1) }}{{ nope_not(b=2) }}\n    |      ^"),
            "{text}"
        );
    }
}
