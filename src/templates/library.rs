//! The rest of Zola's template library: `get_hash`, `load_data`, `get_image_metadata`,
//! `resize_image` (see `load_data` and `images`), and the filters `base64_encode`,
//! `base64_decode`, `regex_replace` and `num_format` (Tera's own `now`, `date`, ... are
//! built in).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use num_format::{Locale, ToFormattedString};
use regex::Regex;
use serde_json::Value;
use sha2::{Digest, Sha256, Sha384, Sha512};
use tera::{Error, Filter, Function, Result, Tera};

use super::functions::{read_named, Basics};
use super::images::{GetImageMetadata, ResizeImage};
use super::load_data::LoadData;

/// Registers the functions and filters of this module; returns `load_data`, sharing what
/// the registered one loads.
pub(super) fn register<E: Basics>(tera: &mut Tera, env: &Arc<E>) -> LoadData<E> {
    let load_data = LoadData::new(env.clone());
    tera.register_function("get_hash", GetHash(env.clone()));
    tera.register_function("load_data", load_data.clone());
    tera.register_function("get_image_metadata", GetImageMetadata(env.clone()));
    tera.register_function("resize_image", ResizeImage(env.clone()));
    tera.register_filter("base64_encode", base64_encode);
    tera.register_filter("base64_decode", base64_decode);
    tera.register_filter("regex_replace", RegexReplace::default());
    let language = env.config().default_language.clone();
    tera.register_filter("num_format", NumFormat(language));
    load_data
}

fn text<'a>(filter: &str, value: &'a Value) -> Result<&'a str> {
    value.as_str().ok_or_else(|| {
        Error::msg(format!("Filter `{filter}` was called on an incorrect value: got `{value}` but expected a String"))
    })
}

fn string_arg<'a>(filter: &str, args: &'a HashMap<String, Value>, name: &str) -> Result<&'a str> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(Error::msg(format!(
            "Filter `{filter}`: `{name}` must be a string, not {other}"
        ))),
        None => Err(Error::msg(format!(
            "Filter `{filter}` expected an arg called `{name}`"
        ))),
    }
}

fn base64_encode(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(Value::String(
        STANDARD.encode(text("base64_encode", value)?),
    ))
}

fn base64_decode(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let bytes = STANDARD
        .decode(text("base64_decode", value)?)
        .map_err(|e| Error::msg(format!("`base64_decode`: failed to decode: {e}")))?;
    let decoded = String::from_utf8(bytes)
        .map_err(|e| Error::msg(format!("`base64_decode`: invalid utf-8: {e}")))?;
    Ok(Value::String(decoded))
}

/// `regex_replace(pattern, rep)`; each pattern is compiled once per build.
#[derive(Default)]
struct RegexReplace(Mutex<HashMap<String, Regex>>);

impl Filter for RegexReplace {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
        let input = text("regex_replace", value)?;
        let pattern = string_arg("regex_replace", args, "pattern")?;
        let rep = string_arg("regex_replace", args, "rep")?;
        let mut compiled = self.0.lock().expect("no filter panicked");
        if !compiled.contains_key(pattern) {
            let regex = Regex::new(pattern).map_err(|e| {
                Error::msg(format!("`regex_replace`: failed to compile regex: {e}"))
            })?;
            compiled.insert(pattern.to_string(), regex);
        }
        Ok(Value::String(
            compiled[pattern].replace_all(input, rep).into_owned(),
        ))
    }
}

/// `num_format(locale)`: an integer with the locale's digit grouping (the site's language
/// by default).
struct NumFormat(String);

impl Filter for NumFormat {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
        let number = value.as_i64().ok_or_else(|| {
            Error::msg(format!("Filter `num_format` was called on an incorrect value: got `{value}` but expected a i64"))
        })?;
        let name = match args.get("locale") {
            Some(_) => string_arg("num_format", args, "locale")?,
            None => &self.0,
        };
        let locale = Locale::from_name(name).map_err(|_| {
            Error::msg(format!(
                "Filter `num_format` was called with an invalid `locale` argument: `{name}`."
            ))
        })?;
        Ok(Value::String(number.to_formatted_string(&locale)))
    }
}

/// `get_hash(path | literal, sha_type=384, base64=true)`.
struct GetHash<E>(Arc<E>);

impl<E: Basics> Function for GetHash<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let bytes = match (args.get("path"), args.get("literal")) {
            (Some(Value::String(path)), None) => read_named(&*self.0, "get_hash", path)?
                .ok_or_else(|| {
                    Error::msg(format!("`get_hash`: cannot find or read the file `{path}`"))
                })?,
            (None, Some(Value::String(literal))) => literal.as_bytes().to_vec(),
            (Some(_), Some(_)) => {
                return Err(Error::msg("`get_hash`: give `path` or `literal`, not both"))
            }
            _ => {
                return Err(Error::msg(
                    "`get_hash` needs a `path` or a `literal` argument with a string value",
                ))
            }
        };
        let base64 = match args.get("base64") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(Error::msg("`get_hash`: `base64` must be true or false")),
        };
        let digest: Vec<u8> = match args.get("sha_type").map(Value::as_u64) {
            None | Some(Some(384)) => Sha384::digest(&bytes).to_vec(),
            Some(Some(256)) => Sha256::digest(&bytes).to_vec(),
            Some(Some(512)) => Sha512::digest(&bytes).to_vec(),
            _ => return Err(Error::msg("`get_hash`: `sha_type` must be 256, 384 or 512")),
        };
        Ok(Value::String(if base64 {
            STANDARD.encode(digest)
        } else {
            digest.iter().map(|b| format!("{b:02x}")).collect()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn base64_round_trip() {
        let encoded = base64_encode(&json!("Ningxia ✓"), &HashMap::new()).unwrap();
        assert_eq!(encoded, json!("TmluZ3hpYSDinJM="));
        assert_eq!(
            base64_decode(&encoded, &HashMap::new()).unwrap(),
            json!("Ningxia ✓")
        );
        assert!(base64_decode(&json!("***"), &HashMap::new()).is_err());
    }

    #[test]
    fn regex_replace_and_num_format() {
        let filter = RegexReplace::default();
        let out = filter.filter(
            &json!("2025-03-28"),
            &args(&[
                ("pattern", json!(r"(\d+)-(\d+)-(\d+)")),
                ("rep", json!("$3/$2/$1")),
            ]),
        );
        assert_eq!(out.unwrap(), json!("28/03/2025"));
        assert!(filter
            .filter(
                &json!("x"),
                &args(&[("pattern", json!("(")), ("rep", json!(""))])
            )
            .is_err());
        let format = NumFormat("en".into());
        assert_eq!(
            format.filter(&json!(1234567), &HashMap::new()).unwrap(),
            json!("1,234,567")
        );
        assert_eq!(
            format
                .filter(&json!(1234567), &args(&[("locale", json!("fr"))]))
                .unwrap(),
            json!("1\u{202f}234\u{202f}567")
        );
        assert!(format
            .filter(&json!(1), &args(&[("locale", json!("xx-nope"))]))
            .is_err());
    }
}
