//! The parse stage: pure functions from a file's text to typed data.
//!
//! Front matter (TOML, or YAML read as TOML) is split off and deserialized; dates are checked; Markdown becomes HTML with
//! heading ids, a table of contents and a summary; code blocks are highlighted; data files
//! become template values. Nothing here touches the disk.

pub(crate) mod code;
pub(crate) mod data;
pub(crate) mod date;
pub(crate) mod front_matter;
pub(crate) mod hooks;
pub(crate) mod markdown;
pub(crate) mod math;
pub(crate) mod responsive;
pub(crate) mod shortcodes;
pub(crate) mod yaml;
