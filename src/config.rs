//! The site configuration: `config.toml`, deserialized into a typed struct.
//!
//! Unknown keys are errors that name the key and its line, so a typo never passes silently.

use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};
use toml::Spanned;

use crate::error::{Error, Location, Result};
use crate::parse::toml_value::toml_to_json;

/// The settings of one site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the site will live, possibly with a sub-path: `https://example.org/blog/`.
    pub base_url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The name of a directory under `themes/`.
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Free-form values for templates.
    #[serde(default)]
    pub extra: toml::Table,
}

fn default_language() -> String {
    "en".to_string()
}

impl Config {
    /// Parses the text of a configuration file; `path` is used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let mut config: Config = crate::parse::front_matter::deserialize(path, text, 1)?;
        config.set_base_url(&config.base_url.clone());
        Ok(config)
    }

    /// Replaces the base URL (for `--base-url`), normalising it to have no trailing slash.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = url.trim_end_matches('/').to_string();
    }

    /// The theme's name, if the site uses one.
    pub fn theme_name(&self) -> Option<&str> {
        self.theme.as_ref().map(|t| t.get_ref().as_str())
    }

    /// The error for a `theme` that names no directory under `themes/`.
    pub fn missing_theme(&self, path: &Path, text: &str) -> Error {
        let theme = self.theme.as_ref().expect("a theme was configured");
        let location = Location::in_text(path, text, theme.span().start, 1);
        Error::at(
            location,
            format!(
                "theme `{}` not found: there is no directory themes/{}",
                theme.get_ref(),
                theme.get_ref()
            ),
        )
    }

    /// The absolute URL of a path inside the site: `permalink("/articles/")`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The `config` object templates see, with Zola's field names.
    pub fn to_template_value(&self) -> Value {
        json!({
            "base_url": self.base_url,
            "title": self.title,
            "description": self.description,
            "theme": self.theme_name(),
            "default_language": self.default_language,
            "extra": toml_to_json(&toml::Value::Table(self.extra.clone())),
        })
    }
}
