//! `loess serve` gives what `loess build` gives: a seeded, random sequence of edits (bodies,
//! titles, dates and tags of pages, pages added and removed, templates, the stylesheet) is
//! made to `tests/fixtures/serve-edits/` under a running server, with one page open, and
//! after each rebuild every served file is compared with a fresh build of the same files.

use crate::serve::{Events, Server};
use crate::support::{listing, TestSite};

const SCRIPT_TAG: &str = "<script src=\"/__loess/live.js\"></script>";

/// The page kept open during the sequence; it and `post-0` (which every post links to) stay.
const OPEN: &str = "post-1";
const TAGS: [&str; 5] = ["rust", "web", "notes", "travel", "food"];

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Edit {
    Body,
    Title,
    Date,
    Tags,
    Add,
    Remove,
    Template,
    Style,
}

pub const EDITS: [Edit; 8] = [
    Edit::Body,
    Edit::Title,
    Edit::Date,
    Edit::Tags,
    Edit::Add,
    Edit::Remove,
    Edit::Template,
    Edit::Style,
];

/// The site being edited, and what the test knows of it (the build cache's tests make the
/// same edits).
pub struct Editing<'a> {
    site: &'a TestSite,
    pub rng: Rng,
    /// The posts that exist now, by file stem.
    posts: Vec<String>,
    /// URL paths of posts removed, which must not be served.
    removed: Vec<String>,
    /// Edits made so far (every text written is unique).
    count: usize,
    /// Whether the open page's body was edited yet.
    edited_open: bool,
}

impl<'a> Editing<'a> {
    /// The fixture `serve-edits` copied into `site`, edited from the `seed`.
    pub fn new(site: &'a TestSite, seed: u64) -> Editing<'a> {
        Editing {
            site,
            rng: Rng(seed),
            posts: (0..8).map(|i| format!("post-{i}")).collect(),
            removed: Vec::new(),
            count: 0,
            edited_open: false,
        }
    }

    fn post_file(&self, stem: &str) -> std::path::PathBuf {
        self.site.root.join(format!("content/blog/{stem}.md"))
    }

    /// A post to edit: the open one half of the time.
    fn pick(&mut self) -> String {
        if self.rng.below(2) == 0 {
            return OPEN.to_string();
        }
        self.posts[self.rng.below(self.posts.len())].clone()
    }

    /// Replaces the line of `stem` that starts with `key` by `line`.
    fn set_line(&self, stem: &str, key: &str, line: &str) {
        let file = self.post_file(stem);
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<String> = text
            .lines()
            .map(|l| if l.starts_with(key) { line } else { l }.to_string())
            .collect();
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    }

    /// A date no other post has.
    fn date(&self) -> String {
        let k = self.count;
        format!("2023-{:02}-{:02}", 1 + k % 12, 1 + k % 28)
    }

    fn tags(&mut self) -> String {
        let tags: Vec<String> = TAGS
            .iter()
            .filter(|_| self.rng.below(2) == 0)
            .map(|t| format!("\"{t}\""))
            .collect();
        format!("tags = [{}]", tags.join(", "))
    }

    /// Makes one edit; returns the file changed (relative to the site) and, for a body edit of
    /// the open page, the text it must show.
    pub fn make(&mut self, edit: Edit) -> (String, Option<String>) {
        self.count += 1;
        let n = self.count;
        match edit {
            Edit::Body => {
                // The first body edit is the open page's.
                let first = !self.edited_open;
                let stem = if first { OPEN.to_string() } else { self.pick() };
                self.edited_open |= stem == OPEN;
                let file = self.post_file(&stem);
                let text = std::fs::read_to_string(&file).unwrap();
                let added = format!("Edit {n} of the body, with *emphasis*.");
                std::fs::write(&file, format!("{text}\n{added}\n")).unwrap();
                let shown = (stem == OPEN).then(|| format!("Edit {n} of the body"));
                (format!("content/blog/{stem}.md"), shown)
            }
            Edit::Title => {
                let stem = self.pick();
                self.set_line(&stem, "title = ", &format!("title = \"Title {n}\""));
                (format!("content/blog/{stem}.md"), None)
            }
            Edit::Date => {
                let stem = self.pick();
                self.set_line(&stem, "date = ", &format!("date = {}", self.date()));
                (format!("content/blog/{stem}.md"), None)
            }
            Edit::Tags => {
                let stem = self.pick();
                let tags = self.tags();
                self.set_line(&stem, "tags = ", &tags);
                (format!("content/blog/{stem}.md"), None)
            }
            Edit::Add => self.add(n),
            Edit::Remove => self.remove(),
            Edit::Template => {
                let name = ["page.html", "section.html"][self.rng.below(2)];
                let file = self.site.root.join("templates").join(name);
                let text = std::fs::read_to_string(&file).unwrap();
                let marked = format!("<i>template edit {n}</i>{{% endblock content %}}");
                std::fs::write(&file, text.replace("{% endblock content %}", &marked)).unwrap();
                (format!("templates/{name}"), None)
            }
            Edit::Style => {
                let css = format!("body {{ color: #{:06x}; }}\n", n * 4099);
                std::fs::write(self.site.root.join("static/style.css"), css).unwrap();
                ("static/style.css".to_string(), None)
            }
        }
    }

    fn add(&mut self, n: usize) -> (String, Option<String>) {
        let stem = format!("added-{n}");
        let tags = self.tags();
        let text = format!(
            "+++\ntitle = \"Added {n}\"\ndate = {}\n[taxonomies]\n{tags}\n+++\n\n\
             Added post {n}, linking to [the first post](@/blog/post-0.md).\n\n\
             <!-- more -->\n\n## More of {n}\n\nThe rest.\n",
            self.date()
        );
        std::fs::write(self.post_file(&stem), text).unwrap();
        self.removed.retain(|url| *url != format!("/blog/{stem}/"));
        self.posts.push(stem.clone());
        (format!("content/blog/{stem}.md"), None)
    }

    fn remove(&mut self) -> (String, Option<String>) {
        let removable: Vec<usize> = (0..self.posts.len())
            .filter(|&i| self.posts[i] != OPEN && self.posts[i] != "post-0")
            .collect();
        let stem = self
            .posts
            .remove(removable[self.rng.below(removable.len())]);
        std::fs::remove_file(self.post_file(&stem)).unwrap();
        self.removed.push(format!("/blog/{stem}/"));
        (format!("content/blog/{stem}.md"), None)
    }
}

/// Every file of a fresh `loess build` of `site` is served with the same bytes (the page
/// script aside), and removed pages are not served.
fn assert_serves_a_fresh_build(server: &Server, site: &TestSite, removed: &[String], step: &str) {
    let out = site.root.parent().unwrap().join("fresh");
    let base_url = server.url.trim_end_matches('/');
    let out_arg = out.to_str().unwrap();
    let run = site.run(&[
        "build",
        "--base-url",
        base_url,
        "--output-dir",
        out_arg,
        "--force",
    ]);
    assert_eq!(run.code, Some(0), "{step}: {}", run.stderr);
    let files = listing(&out);
    assert!(files.len() > 20, "{step}: {files:?}");
    for rel in &files {
        let built = std::fs::read_to_string(out.join(rel)).unwrap();
        let reply = server.get(&format!("/{rel}"));
        assert_eq!(reply.status, 200, "{step}: /{rel}");
        let served = reply.body.replacen(SCRIPT_TAG, "", 1);
        assert!(
            served == built,
            "{step}: /{rel} differs from a fresh build:\n{served}\n---\n{built}"
        );
    }
    for url in removed {
        assert_eq!(server.get(url).status, 404, "{step}: {url} is still served");
    }
}

/// Waits for the server to report the rebuild for the change to `shown`. A stylesheet the
/// fixture's templates hash is swapped in the pages at once and reported with the rebuild.
fn wait_for_rebuild(server: &Server, shown: &str) {
    let line = server.wait_for_line(&format!("{shown}: "));
    assert!(line.contains(", rebuilt ("), "{line}");
}

fn pushed(events: &mut Events, text: &str) {
    let page = events.wait_for("page");
    assert!(
        page.contains(text),
        "the pushed page lacks {text:?}: {page}"
    );
}

#[test]
fn every_rebuild_serves_what_a_fresh_build_writes() {
    let site = TestSite::fixture("serve-edits");
    let server = Server::start(&site, &[]);
    let mut events = server.events_on(&format!("/blog/{OPEN}/"));
    events.wait_for("ok");
    let mut editing = Editing::new(&site, 0x5eed_1055);
    // Every kind of edit once, in a shuffled order, then 18 drawn at random.
    let mut order = EDITS.to_vec();
    for i in (1..order.len()).rev() {
        order.swap(i, editing.rng.below(i + 1));
    }
    order.extend((0..18).map(|_| EDITS[editing.rng.below(EDITS.len())]));
    let mut previews = 0;
    for (i, edit) in order.into_iter().enumerate() {
        let (shown, pushed_text) = editing.make(edit);
        let step = format!("edit {} ({edit:?} {shown})", i + 1);
        if let Some(text) = pushed_text {
            pushed(&mut events, &text);
            previews += 1;
        }
        wait_for_rebuild(&server, &shown);
        assert_serves_a_fresh_build(&server, &site, &editing.removed, &step);
    }
    assert!(previews > 0, "the open page was never pushed");
}
