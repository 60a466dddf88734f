//! Integration tests: fixture sites built in temporary directories, with assertions on the HTML.

mod support;

mod aliases;
mod anchors;
mod bad_input;
mod bench_site;
mod browser;
mod check;
mod check_external;
mod cli;
mod example_site;
mod features;
mod feeds;
mod get_url;
mod highlighting;
mod images;
mod languages;
mod library;
mod load_data;
mod markdown;
mod markdown_filter;
mod markdown_snapshots;
mod minify;
mod output_dir;
mod pagination;
mod sass;
mod search;
mod search_box;
mod sections;
mod serve;
mod serve_edits;
mod shortcodes;
mod sitemap;
mod taxonomies;
mod warnings;
