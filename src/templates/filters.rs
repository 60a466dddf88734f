//! Array filters that read only the items they return.
//!
//! Tera's own `slice`, `first`, `last` and `nth` copy their whole input before picking from
//! it, so `section.pages | slice(end=5)` on every page of a large site copies every page
//! once per page. These replacements keep Tera's behaviour (and messages) and copy only the
//! result.

use std::collections::HashMap;

use serde_json::Value;
use tera::{Error, Result};

fn array<'a>(filter: &str, value: &'a Value) -> Result<&'a [Value]> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(Error::msg(format!(
            "Filter `{filter}` was called on an incorrect value: got `{other}` but expected a Vec<Value>"
        ))),
    }
}

fn number(filter: &str, name: &str, value: &Value) -> Result<f64> {
    value.as_f64().ok_or_else(|| {
        Error::msg(format!(
            "Filter `{filter}` received an incorrect type for arg `{name}`: got `{value}` but expected a f64"
        ))
    })
}

fn empty() -> Value {
    Value::String(String::new())
}

/// A negative index counts from the end, as in Tera.
fn index(i: f64, len: usize) -> usize {
    if i >= 0.0 {
        i as usize
    } else {
        (len as f64 + i) as usize
    }
}

pub(super) fn first(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(array("first", value)?
        .first()
        .cloned()
        .unwrap_or_else(empty))
}

pub(super) fn last(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    Ok(array("last", value)?.last().cloned().unwrap_or_else(empty))
}

pub(super) fn nth(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let items = array("nth", value)?;
    let n = match args.get("n") {
        Some(v) => v.as_u64().ok_or_else(|| {
            Error::msg(format!("Filter `nth` received an incorrect type for arg `n`: got `{v}` but expected a usize"))
        })? as usize,
        None => return Err(Error::msg("The `nth` filter has to have an `n` argument")),
    };
    Ok(items.get(n).cloned().unwrap_or_else(empty))
}

pub(super) fn slice(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    let items = array("slice", value)?;
    if items.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let start = match args.get("start") {
        Some(v) => index(number("slice", "start", v)?, items.len()),
        None => 0,
    };
    let end = match args.get("end") {
        Some(v) => index(number("slice", "end", v)?, items.len()),
        None => items.len(),
    }
    .min(items.len());
    if start >= end {
        return Ok(Value::Array(Vec::new()));
    }
    Ok(Value::Array(items[start..end].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Our filters and Tera's give the same answers.
    #[test]
    fn same_results_as_tera() {
        let mut ours = tera::Tera::default();
        ours.register_filter("slice", slice);
        ours.register_filter("first", first);
        ours.register_filter("last", last);
        ours.register_filter("nth", nth);
        let cases = [
            "{{ a | slice(end=2) | json_encode() }}",
            "{{ a | slice(start=1) | json_encode() }}",
            "{{ a | slice(start=-2) | json_encode() }}",
            "{{ a | slice(start=1, end=-1) | json_encode() }}",
            "{{ a | slice(start=3, end=1) | json_encode() }}",
            "{{ a | slice(end=10) | json_encode() }}",
            "{{ e | slice(end=1) | json_encode() }}",
            "{{ a | first }}{{ a | last }}{{ a | nth(n=1) }}{{ a | nth(n=9) }}|{{ e | first }}{{ e | last }}",
        ];
        let mut context = tera::Context::new();
        context.insert("a", &json!([1, 2, 3, 4]));
        context.insert("e", &json!([]));
        for case in cases {
            let expected = tera::Tera::one_off(case, &context, false).unwrap();
            let mut ours = ours.clone();
            assert_eq!(ours.render_str(case, &context).unwrap(), expected, "{case}");
        }
        let mut ours = ours.clone();
        let error = ours.render_str("{{ 3 | first }}", &context).unwrap_err();
        assert!(format!("{:?}", error).contains("Filter `first` was called on an incorrect value"));
    }
}
