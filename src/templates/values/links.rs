//! What pages and sections get from the rest of the site: `translations` (the versions of the
//! same file in other languages) and `backlinks` (the pages and sections that link to it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::site::{Site, Translation};

template_value! {
    /// One entry of `translations`.
    pub struct TranslationValue<'a> {
        lang: &'a str,
        permalink: &'a str,
        title: Option<&'a str>,
        /// As in Zola, the content file's absolute path.
        path: PathBuf,
    }
}

template_value! {
    /// One entry of `backlinks`.
    pub struct BacklinkValue<'a> {
        permalink: &'a str,
        title: Option<&'a str>,
    }
}

/// The translations and backlinks of one page or section.
#[derive(Debug, Default)]
pub struct Links<'a> {
    pub translations: Vec<TranslationValue<'a>>,
    pub backlinks: Vec<BacklinkValue<'a>>,
}

/// The translations and backlinks of the whole site, found once.
pub(crate) struct SiteLinks<'a> {
    site: &'a Site,
    /// Where content files are (an absolute path), for the paths of translations.
    content_dir: &'a Path,
    translations: HashMap<String, Vec<Translation>>,
    /// Content paths to the permalink and title of each page or section linking there.
    backlinks: HashMap<String, Vec<(String, Option<String>)>>,
}

impl<'a> SiteLinks<'a> {
    pub(crate) fn new(site: &'a Site, content_dir: &'a Path) -> SiteLinks<'a> {
        SiteLinks {
            site,
            content_dir,
            translations: site.translations(),
            backlinks: site.backlinks(),
        }
    }

    /// The links of page `id`.
    pub(crate) fn of_page(&self, id: usize) -> Links<'_> {
        let page = &self.site.pages[id];
        self.of(&page.file.rel, &format!("p:{}", page.canonical))
    }

    /// The links of section `id`.
    pub(crate) fn of_section(&self, id: usize) -> Links<'_> {
        let section = &self.site.sections[id];
        self.of(&section.rel, &format!("s:{}", section.canonical()))
    }

    /// The links of the page or section at content path `rel`, whose translations share
    /// `key`.
    fn of(&self, rel: &str, key: &str) -> Links<'_> {
        let translations = self.translations.get(key).map_or(Vec::new(), |list| {
            list.iter().map(|&t| self.translation(t)).collect()
        });
        let backlinks = self.backlinks.get(rel).map_or(Vec::new(), |list| {
            list.iter()
                .map(|(permalink, title)| BacklinkValue {
                    permalink,
                    title: title.as_deref(),
                })
                .collect()
        });
        Links {
            translations,
            backlinks,
        }
    }

    fn translation(&self, translation: Translation) -> TranslationValue<'_> {
        let (lang, permalink, title, rel) = match translation {
            Translation::Page(id) => {
                let p = &self.site.pages[id];
                (&p.lang, &p.permalink, &p.meta.title, &p.file.rel)
            }
            Translation::Section(id) => {
                let s = &self.site.sections[id];
                (&s.lang, &s.permalink, &s.meta.title, &s.rel)
            }
        };
        TranslationValue {
            lang,
            permalink,
            title: title.as_deref(),
            path: self.content_dir.join(rel),
        }
    }
}
