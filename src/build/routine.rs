//! The one build routine: the stages after the model, in their order (copies, render, images,
//! the Pagefind index, finish), handing every file to a [`Destination`] (the trait is the write stage's). `loess build` gives it the staging
//! directory (`write::Staging`), `loess check` its link scanner, `loess serve` the snapshot it
//! serves from memory (and [`Memory`] to its previews), the fuzz targets [`Memory`]: so each
//! sees exactly the files a build writes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::indexing::Indexing;
use super::{Prepared, Progress};
use crate::error::Result;
use crate::parse::markdown::Rendered;
use crate::render::memo::Memo;
use crate::render::{self, CopyJob, Output};
use crate::templates::Templates;
use crate::warning::Warning;
use crate::write::Destination;

/// Which outputs [`run`] renders.
pub(crate) enum Scope<'a> {
    /// The whole site: every output, the copies and the images.
    Site,
    /// The whole site, recording what each output is rendered from (`render::memo`) and
    /// handing on as reused (see [`Output::reused`]) those that are as they were when the
    /// previous memo, if any, was made.
    Reusing(Option<&'a Memo>),
    /// The page of one page or section alone, with nothing copied and no images made (the
    /// build that follows makes them): what `loess serve` pushes ahead of a build.
    Alone(Alone<'a>),
}

/// A page or section of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item {
    Page(usize),
    Section(usize),
}

/// One page rendered alone (see [`Scope::Alone`]).
pub(crate) struct Alone<'a> {
    pub item: Item,
    /// Its Markdown as rendered again since the model was made, if it was.
    pub rendered: Option<Rendered>,
    /// Templates loaded again since the model was made, if they were.
    pub templates: Option<&'a Templates>,
}

/// What a run gives back.
pub(crate) struct Ran<F> {
    /// What the destination gave back.
    pub finished: F,
    /// How many outputs were handed on, and how many of those were reused.
    pub outputs: usize,
    pub reused: usize,
    /// What each output was rendered from, with [`Scope::Reusing`].
    pub memo: Option<Memo>,
    /// What the build had to tell: the model's warnings, then those of the images.
    pub warnings: Vec<Warning>,
}

/// Renders the `scope` of the `prepared` site into `destination`, in the stage order every
/// command shares: the copies, the render, the images the render asked for, then the
/// destination's finish.
pub(crate) fn run<D: Destination>(
    prepared: &Prepared,
    scope: Scope,
    destination: D,
    progress: &dyn Progress,
) -> Result<Ran<D::Finished>> {
    progress.stage("rendering");
    let reused = AtomicUsize::new(0);
    let indexing = match scope {
        Scope::Alone(_) => None,
        Scope::Site | Scope::Reusing(_) => Some(Indexing::new(prepared, &destination)),
    };
    let sink = |output: Output| {
        if output.reused {
            reused.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(indexing) = &indexing {
            indexing.keep(&output, &destination);
        }
        destination.write(output)
    };
    let (outputs, memo) = match scope {
        Scope::Alone(alone) => (render_alone(prepared, alone, &sink)?, None),
        Scope::Site | Scope::Reusing(_) => {
            destination.copy(&prepared.copies)?;
            let rendered = render_site(prepared, &scope, &sink)?;
            progress.stage("resizing images");
            destination.copy(&prepared.images.process()?)?;
            rendered
        }
    };
    if let Some(indexing) = indexing {
        indexing.finish(&destination, progress)?;
    }
    if let Some(stage) = destination.finishing() {
        progress.stage(stage);
    }
    Ok(Ran {
        finished: destination.finish()?,
        outputs,
        reused: reused.into_inner(),
        memo,
        warnings: [prepared.warnings.clone(), prepared.images.warnings()].concat(),
    })
}

/// Every output of the site, memoized with [`Scope::Reusing`].
fn render_site(
    prepared: &Prepared,
    scope: &Scope,
    sink: &render::Sink,
) -> Result<(usize, Option<Memo>)> {
    let (shared, templates) = (&prepared.shared, &prepared.templates);
    match scope {
        Scope::Reusing(previous) => {
            let (count, memo) = render::render_site_reusing(shared, templates, sink, *previous)?;
            Ok((count, Some(memo)))
        }
        _ => Ok((render::render_site(shared, templates, sink)?, None)),
    }
}

/// The page of `alone`, exactly as the whole site renders it but for what changed since.
fn render_alone(prepared: &Prepared, alone: Alone, sink: &render::Sink) -> Result<usize> {
    let shared = &prepared.shared;
    let templates = alone.templates.unwrap_or(&prepared.templates);
    let rendered = alone.rendered;
    match alone.item {
        Item::Page(id) => {
            render::render_page(shared, templates, sink, id, |fields| match rendered {
                Some(rendered) => shared.page_full_from(id, shared.page_with(id, rendered), fields),
                None => shared.page_full(id, fields),
            })
        }
        Item::Section(id) => {
            render::render_section(shared, templates, sink, id, |fields| match rendered {
                Some(rendered) => {
                    shared.section_full_from(id, shared.section_with(id, rendered), fields)
                }
                None => shared.section_full(id, fields),
            })
        }
    }
}

/// A destination that keeps everything in memory, in the order it came.
#[derive(Default)]
pub(crate) struct Memory {
    outputs: Mutex<Vec<Output>>,
    copies: Mutex<Vec<CopyJob>>,
}

impl Destination for Memory {
    /// The outputs and the copies.
    type Finished = (Vec<Output>, Vec<CopyJob>);

    fn copy(&self, copies: &[CopyJob]) -> Result<()> {
        let mut kept = self.copies.lock().expect("no destination panicked");
        kept.extend_from_slice(copies);
        Ok(())
    }

    fn write(&self, output: Output) -> Result<()> {
        let mut kept = self.outputs.lock().expect("no destination panicked");
        kept.push(output);
        Ok(())
    }

    fn finish(self) -> Result<Self::Finished> {
        let outputs = self.outputs.into_inner().expect("no destination panicked");
        let copies = self.copies.into_inner().expect("no destination panicked");
        Ok((outputs, copies))
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::config::Config;
    use crate::load::{ContentFile, FileToCopy, Sources, TemplateFile};

    /// Notes what reaches it, in order.
    #[derive(Default)]
    struct Log(Mutex<Vec<String>>);

    impl Log {
        fn note(&self, line: String) -> Result<()> {
            self.0.lock().unwrap().push(line);
            Ok(())
        }
    }

    impl Destination for Log {
        type Finished = Vec<String>;

        fn copy(&self, copies: &[CopyJob]) -> Result<()> {
            copies
                .iter()
                .try_for_each(|c| self.note(format!("copy {}", c.rel)))
        }

        fn write(&self, output: Output) -> Result<()> {
            self.note(format!("write {}", output.rel))
        }

        fn finishing(&self) -> Option<&'static str> {
            Some("finishing")
        }

        fn finish(self) -> Result<Vec<String>> {
            Ok(self.0.into_inner().unwrap())
        }
    }

    #[derive(Default)]
    struct Stages(Mutex<Vec<&'static str>>);

    impl Progress for Stages {
        fn stage(&self, name: &'static str) {
            self.0.lock().unwrap().push(name);
        }
    }

    /// A home page and page `a.md`, with a static file to copy.
    fn prepared() -> Prepared {
        let config = Config::parse(
            Path::new("config.toml"),
            "base_url = \"https://example.org\"\n",
        );
        let content = [
            ("_index.md", "+++\n+++\n"),
            ("a.md", "+++\ntitle = \"A\"\n+++\nBody.\n"),
        ];
        let sources = Sources {
            config: config.unwrap(),
            content: (content.iter())
                .map(|(rel, text)| ContentFile {
                    rel: rel.to_string(),
                    shown: Path::new("content").join(rel),
                    text: text.to_string(),
                })
                .collect(),
            assets: Vec::new(),
            templates: Vec::new(),
            static_files: vec![FileToCopy {
                from: PathBuf::from("/site/static/logo.svg"),
                rel: "logo.svg".into(),
            }],
            styles: Vec::new(),
            highlighter: None,
        };
        let page = "{{ page.title }}: {{ page.content | safe }}";
        let templates =
            [("page.html", page), ("index.html", "home")].map(|(name, text)| TemplateFile {
                name: name.to_string(),
                shown: Path::new("templates").join(name),
                text: text.to_string(),
            });
        let parsed = Templates::parse(&templates);
        let (root, out) = (Path::new("/nonexistent-site"), PathBuf::from("public"));
        super::super::model(
            root,
            sources,
            parsed.unwrap(),
            Default::default(),
            None,
            out,
        )
        .unwrap()
    }

    #[test]
    fn a_run_copies_then_renders_then_makes_images_then_finishes() {
        let stages = Stages::default();
        let ran = run(&prepared(), Scope::Site, Log::default(), &stages).unwrap();
        let log = ran.finished;
        assert_eq!(log[0], "copy logo.svg");
        assert!(log[1..].iter().all(|l| l.starts_with("write ")), "{log:?}");
        assert!(log.contains(&"write a/index.html".to_string()), "{log:?}");
        assert_eq!(ran.outputs, log.len() - 1);
        assert!(ran.memo.is_none());
        let stages = stages.0.into_inner().unwrap();
        assert_eq!(stages, ["rendering", "resizing images", "finishing"]);
    }

    #[test]
    fn a_second_run_reusing_the_memo_reuses_every_output() {
        let prepared = prepared();
        let first = run(&prepared, Scope::Reusing(None), Memory::default(), &()).unwrap();
        assert_eq!(first.reused, 0);
        let memo = first.memo.unwrap();
        let again = run(
            &prepared,
            Scope::Reusing(Some(&memo)),
            Memory::default(),
            &(),
        )
        .unwrap();
        assert_eq!(
            (again.outputs, again.reused),
            (first.outputs, first.outputs)
        );
    }

    #[test]
    fn a_page_alone_is_its_one_output_with_its_new_markdown() {
        let prepared = prepared();
        let id = prepared.shared.site.page_by_file["a.md"];
        let rendered = Rendered {
            html: "<p>Edited.</p>".into(),
            ..Rendered::default()
        };
        let alone = Alone {
            item: Item::Page(id),
            rendered: Some(rendered),
            templates: None,
        };
        let ran = run(&prepared, Scope::Alone(alone), Memory::default(), &()).unwrap();
        let (outputs, copies) = ran.finished;
        assert!(copies.is_empty());
        assert_eq!(outputs.len(), 1);
        assert_eq!(outputs[0].rel, "a/index.html");
        assert_eq!(
            String::from_utf8_lossy(&outputs[0].bytes),
            "A: <p>Edited.</p>"
        );
    }
}
