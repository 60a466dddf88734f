//! Integration tests: fixture sites built in temporary directories, with assertions on the HTML.

mod support;

mod bad_input;
mod browser;
mod cli;
mod example_site;
mod features;
mod feeds;
mod output_dir;
mod pagination;
mod serve;
mod sitemap;
mod taxonomies;
mod warnings;
