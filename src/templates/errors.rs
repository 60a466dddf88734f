//! Template errors as people read them: a syntax error at its file, line and column with the
//! source line and a caret; a rendering error with Tera's chain of causes, each template
//! followed by its file, and the place in the template of a missing variable when it can be
//! found.

use std::collections::HashMap;
use std::error::Error as _;
use std::path::PathBuf;

use crate::error::{Error, Location};

/// The templates' files and texts, by template name.
#[derive(Debug, Default, Clone)]
pub struct Sources(pub HashMap<String, (PathBuf, String)>);

impl Sources {
    /// A syntax error found by Tera's parser, at its place in the template's file.
    pub fn syntax_error(&self, error: &tera::Error) -> Option<Error> {
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
    pub fn describe(&self, error: &tera::Error) -> String {
        let mut parts = vec![error.to_string()];
        let mut source = error.source();
        while let Some(cause) = source {
            parts.push(cause.to_string());
            source = cause.source();
        }
        let mut text = parts.join("\n  caused by: ");
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
        if let Some(place) = self.missing_variable(&parts) {
            text.push_str(&format!("\n  --> {place}"));
        }
        text
    }

    /// `templates/page.html:5:8` for "Variable `page.nope` not found ... while rendering
    /// 'page.html'", when the variable is written exactly once in that template.
    fn missing_variable(&self, parts: &[String]) -> Option<String> {
        let message = parts.iter().find(|p| p.starts_with("Variable `"))?;
        let variable = message.strip_prefix("Variable `")?.split('`').next()?;
        let name = quoted(message.rsplit("while rendering").next()?)?;
        let (path, text) = self.0.get(&name)?;
        let mut found = text.match_indices(variable).filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + variable.len()..].chars().next();
            let word =
                |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            !word(before) && !word(after)
        });
        let (at, _) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let location = Location::in_text(path, text, at, 1);
        Some(location.to_string())
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

    #[test]
    fn a_missing_variable_is_found_in_its_template() {
        let text = "<p>\n  {{ page.title }} {{ page.nope.deeper }}\n</p>";
        let mut tera = tera::Tera::default();
        tera.add_raw_template("page.html", text).unwrap();
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "T"}));
        let error = tera.render("page.html", &context).unwrap_err();
        let text = sources("page.html", text).describe(&error);
        assert!(text.ends_with("\n  --> templates/page.html:2:23"), "{text}");
        assert!(text.contains("'page.html' (templates/page.html)"), "{text}");
    }
}
