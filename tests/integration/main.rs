//! Integration tests: fixture sites built in temporary directories, with assertions on the HTML.

mod support;

mod aliases;
mod bad_input;
mod bench_site;
mod browser;
mod cli;
mod determinism;
mod example_site;
mod features;
mod feeds;
mod fuzz_inputs;
mod get_url;
mod languages;
mod library;
mod markdown;
mod output_dir;
mod pagination;
mod sass;
mod sections;
mod serve;
mod serve_edits;
mod serve_load;
mod shortcodes;
mod sitemap;
mod taxonomies;
mod unusual_input;
mod warnings;
