//! The link checker's destination: the build routine hands it every file a build writes; it
//! reads each HTML page (`html`), notes which Markdown made which of its tags (`origin`), and
//! keeps the path of every file, rendered or copied, for links to arrive at.

use std::collections::HashMap;
use std::sync::Mutex;

use super::html::Document;
use super::origin::MarkdownLinks;
use super::resolve::SiteUrl;
use super::Scanned;
use crate::build::Destination;
use crate::error::Result;
use crate::render::{CopyJob, Output};

/// Reads the pages of a build as they are rendered.
pub(super) struct Scanner<'a> {
    site_url: &'a SiteUrl,
    markdown: &'a MarkdownLinks<'a>,
    pages: Mutex<Vec<Scanned>>,
    files: Mutex<Vec<String>>,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(site_url: &'a SiteUrl, markdown: &'a MarkdownLinks<'a>) -> Scanner<'a> {
        Scanner {
            site_url,
            markdown,
            pages: Mutex::new(Vec::new()),
            files: Mutex::new(Vec::new()),
        }
    }
}

impl Destination for Scanner<'_> {
    /// The HTML pages read, by path, and the path of every file the site has.
    type Finished = (Vec<Scanned>, Vec<String>);

    fn copy(&self, copies: &[CopyJob]) -> Result<()> {
        let mut files = self.files.lock().expect("no scan panicked");
        files.extend(copies.iter().map(|copy| copy.rel.clone()));
        Ok(())
    }

    fn write(&self, output: Output) -> Result<()> {
        if is_html(&output.rel) {
            let text = String::from_utf8_lossy(&output.bytes);
            let doc = Document::parse(&text);
            let scanned = Scanned {
                url: self.site_url.of_output(&output.rel),
                markdown: self.markdown.attribute(output.origin.kind, &text, &doc),
                doc,
                rel: output.rel.clone(),
                origin: output.origin,
            };
            self.pages.lock().expect("no scan panicked").push(scanned);
        }
        self.files
            .lock()
            .expect("no scan panicked")
            .push(output.rel);
        Ok(())
    }

    fn finish(self) -> Result<Self::Finished> {
        // A later output replaces an earlier one at the same path, as a page replaces an alias.
        let mut latest: HashMap<String, Scanned> = HashMap::new();
        for page in self.pages.into_inner().expect("no scan panicked") {
            latest.insert(page.rel.clone(), page);
        }
        let mut pages: Vec<Scanned> = latest.into_values().collect();
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok((pages, self.files.into_inner().expect("no scan panicked")))
    }
}

fn is_html(rel: &str) -> bool {
    rel.ends_with(".html") || rel.ends_with(".htm")
}
