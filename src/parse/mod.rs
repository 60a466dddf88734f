//! The parse stage: pure functions from a file's text to typed data.
//!
//! Front matter (TOML, or YAML read as TOML) is split off and deserialized; dates are checked; Markdown becomes HTML with
//! heading ids, a table of contents and a summary; code blocks are highlighted; data files
//! become template values. Nothing here touches the disk.

pub mod code;
pub mod data;
pub mod date;
pub mod front_matter;
pub mod hooks;
pub mod markdown;
pub mod math;
pub mod responsive;
pub mod shortcodes;
pub mod yaml;
