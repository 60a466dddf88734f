//! `get_image_metadata(path, allow_missing=false)` and `resize_image(path, width, height,
//! op="fill", format="auto", quality, speed)`: the template side of `crate::images`.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tera::{Error, Function, Result};

use super::functions::{bool_arg, not_found, required, string_arg, Basics};
use crate::images::ops::Operation;
use crate::images::Request;
use crate::load::Found;

/// `function`'s message about the image `found`, named as written and as found.
fn about<E: Basics>(env: &E, function: &str, path: &str, found: &Found, message: &str) -> Error {
    let shown = env.statics().shown(&found.file).display().to_string();
    Error::msg(format!("`{function}`: `{path}` ({shown}): {message}"))
}

/// An optional whole number argument that fits `T`.
fn number<T: TryFrom<u64>>(
    function: &str,
    args: &HashMap<String, Value>,
    name: &str,
) -> Result<Option<T>> {
    match args.get(name) {
        None => Ok(None),
        Some(value) => value
            .as_u64()
            .and_then(|n| T::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| {
                Error::msg(format!(
                    "`{function}`: `{name}` must be a whole number of the right size, not {value}"
                ))
            }),
    }
}

/// `get_image_metadata(path, allow_missing=false)`: `{width, height, format, mime}`.
pub(super) struct GetImageMetadata<E>(pub Arc<E>);

impl<E: Basics> Function for GetImageMetadata<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        const NAME: &str = "get_image_metadata";
        let env = &*self.0;
        let path = required(NAME, args, "path")?;
        let allow_missing = bool_arg(NAME, args, "allow_missing", false)?;
        let Some(found) = env.statics().locate(path) else {
            return if allow_missing {
                Ok(Value::Null)
            } else {
                Err(not_found(NAME, path))
            };
        };
        let meta = env.images().meta(&found.file).map_err(|m| {
            about(
                env,
                NAME,
                path,
                &found,
                &format!("cannot read the image: {m}"),
            )
        })?;
        Ok(serde_json::to_value(meta.value()).expect("metadata serializes"))
    }
}

/// `resize_image(path, width, height, op="fill", format="auto", quality, speed)`: `{url,
/// static_path, width, height, orig_width, orig_height}`; the image is made after rendering.
pub(super) struct ResizeImage<E>(pub Arc<E>);

impl<E: Basics> Function for ResizeImage<E> {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        const NAME: &str = "resize_image";
        let env = &*self.0;
        let path = required(NAME, args, "path")?;
        let width = number::<u32>(NAME, args, "width")?;
        let height = number::<u32>(NAME, args, "height")?;
        let op = string_arg(NAME, args, "op")?.unwrap_or("fill");
        let format = string_arg(NAME, args, "format")?.unwrap_or("auto");
        let quality = number::<u8>(NAME, args, "quality")?;
        let speed = number::<u8>(NAME, args, "speed")?;
        let op = Operation::from_args(op, width, height)
            .map_err(|m| Error::msg(format!("`{NAME}`: {m}")))?;
        let found = (env.statics().locate(path)).ok_or_else(|| not_found(NAME, path))?;
        let request = Request {
            op,
            format,
            quality,
            speed,
        };
        let resized = env
            .images()
            .resize(&found, request)
            .map_err(|m| about(env, NAME, path, &found, &m))?;
        Ok(serde_json::to_value(resized).expect("a resize serializes"))
    }
}
