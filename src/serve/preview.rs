//! The open page first: after an edit to the Markdown body of one page or section (its front
//! matter unchanged), that file alone is rendered again with the last build's model, through
//! the same Markdown, value and template code as a build, so its page can be pushed before the
//! whole site is rebuilt; after a template edit, the open pages are rendered with the
//! templates loaded again. Both go through the build routine (`build::run`, with
//! `Scope::Alone`). The build that follows is what the site is: it settles the preview.

use std::path::Path;
use std::sync::Arc;

use crate::build::{self, Alone, Item, Memory, Prepared, Scope};
use crate::error::Result;
use crate::load::{self, ContentFile, StaticFiles};
use crate::parse::front_matter;
use crate::render::Output;
use crate::templates::functions::Env;
use crate::templates::Templates;

/// The page or section of content file `rel` (below `content/`).
fn item(model: &Prepared, rel: &str) -> Option<Item> {
    let site = &model.shared.site;
    match (site.page_by_file.get(rel), site.section_by_file.get(rel)) {
        (Some(&id), _) => Some(Item::Page(id)),
        (_, Some(&id)) => Some(Item::Section(id)),
        _ => None,
    }
}

/// Loads the site's templates again, for the model's site, after one was saved.
pub(super) fn reload_templates(model: &Prepared, root: &Path) -> Result<Templates> {
    let config = &model.shared.site.config;
    let files = load::load_templates(root, config)?;
    let env = Env {
        shared: model.shared.clone(),
        statics: StaticFiles::new(root, config.theme_name()),
        images: model.images.clone(),
        markdown_options: model.shared.site.markdown_options.clone(),
    };
    Ok(Templates::parse(&files)?.finish(Arc::new(env)))
}

/// Renders the page of content file `rel` with `templates` (see [`reload_templates`]), as a
/// build renders it; `None` when the file has no page of its own.
pub(super) fn render_with(
    model: &Prepared,
    templates: &Templates,
    rel: &str,
) -> Option<Result<Output>> {
    let alone = Alone {
        item: item(model, rel)?,
        rendered: None,
        templates: Some(templates),
    };
    render_alone(model, alone)
}

/// The output of `alone`, rendered by the build routine; `None` when there is none.
fn render_alone(model: &Prepared, alone: Alone) -> Option<Result<Output>> {
    match build::run(model, Scope::Alone(alone), Memory::default(), &()) {
        Ok(ran) => ran.finished.0.into_iter().next().map(Ok),
        Err(error) => Some(Err(error)),
    }
}

/// Renders the page of content file `rel` (below `content/`) as it reads now, `text`, if only
/// its body changed since `model` was built; `None` when that is not so (or the file has no
/// page of its own), an error when its Markdown or template fails.
pub(super) fn render(model: &Prepared, rel: &str, text: &str) -> Option<Result<Output>> {
    let shared = &model.shared;
    let site = &shared.site;
    let item = item(model, rel)?;
    let (file, permalink) = match item {
        Item::Page(id) if site.pages[id].meta.render && !site.pages[id].unlisted => {
            let page = &site.pages[id];
            (&page.file, &page.permalink)
        }
        Item::Section(id) => {
            let section = &site.sections[id];
            (section.file.as_ref()?, &section.permalink)
        }
        Item::Page(_) => return None,
    };
    let (body, line) = same_front_matter(file, text)?;
    let rendered = match site.render_markdown_of(&shared.permalinks, file, body, line, permalink) {
        Ok(rendered) => rendered,
        Err(error) => return Some(Err(error)),
    };
    let alone = Alone {
        item,
        rendered: Some(rendered),
        templates: None,
    };
    render_alone(model, alone)
}

/// The body of `text` and its first line, when `text` splits into the same front matter, at
/// the same place, as the file the model was built from (so the model's page is still its page).
fn same_front_matter<'a>(file: &ContentFile, text: &'a str) -> Option<(&'a str, usize)> {
    let path = Path::new(&file.shown);
    let old = front_matter::split(path, &file.text).ok()?;
    let new = front_matter::split(path, text).ok()?;
    let same = old.front_matter == new.front_matter
        && old.front_matter_line == new.front_matter_line
        && old.body_line == new.body_line
        && file.text.len() - old.body.len() == text.len() - new.body.len();
    same.then_some((new.body, new.body_line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(text: &str) -> ContentFile {
        ContentFile {
            rel: "a.md".into(),
            shown: PathBuf::from("content/a.md"),
            text: text.into(),
        }
    }

    #[test]
    fn only_a_body_edit_keeps_the_page() {
        let old = file("+++\ntitle = \"A\"\n+++\n\nOld body.\n");
        assert_eq!(
            same_front_matter(&old, "+++\ntitle = \"A\"\n+++\n\nNew body.\n"),
            Some(("\nNew body.\n", 4))
        );
        for changed in [
            "+++\ntitle = \"B\"\n+++\n\nOld body.\n",
            "\n+++\ntitle = \"A\"\n+++\n\nOld body.\n",
            "+++\ntitle = \"A\"\n+++ \n\nOld body.\n",
            "+++\ntitle = \"A\"\n",
            "",
        ] {
            assert_eq!(same_front_matter(&old, changed), None, "{changed:?}");
        }
    }
}
