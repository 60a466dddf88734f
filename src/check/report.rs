//! What a check found: problems with their severity, the place a writer fixes them (a line
//! of Markdown, or a template), and the pages they show on; and the counts of the summary.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::warning::Warning;

/// How bad a problem is: errors make the check fail, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The severity of a broken link under a `[link_checker]` level.
    pub fn of_level(level: crate::config::LinkCheckerLevel) -> Severity {
        match level {
            crate::config::LinkCheckerLevel::Error => Severity::Error,
            crate::config::LinkCheckerLevel::Warn => Severity::Warning,
        }
    }
}

/// Where a problem comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A content file, at the line where the link is written when it was found there.
    Markdown { file: PathBuf, line: Option<usize> },
    /// Templates made it: those the pages were rendered with, and the file and line where
    /// the link is written literally, when it is.
    Template {
        names: Vec<String>,
        written: Option<(PathBuf, usize)>,
    },
    /// A generated page, by the path it is served at, when nothing more is known.
    Output(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Markdown { file, line } => {
                write!(f, "{}", file.display())?;
                match line {
                    Some(line) => write!(f, ":{line}"),
                    None => Ok(()),
                }
            }
            Place::Template { names, written } => {
                let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                let noun = if names.len() == 1 {
                    "template"
                } else {
                    "templates"
                };
                let templates = format!("{noun} {}", quoted.join(", "));
                match written {
                    Some((file, line)) => write!(f, "{}:{line} ({templates})", file.display()),
                    None => write!(f, "{templates}"),
                }
            }
            Place::Output(path) => write!(f, "{path}"),
        }
    }
}

/// One problem, and every page it shows on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    /// The site paths of the pages it shows on (`/blog/a/`), in order.
    pub pages: Vec<String>,
}

/// What a check did and found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Links checked (each occurrence counts).
    pub links: usize,
    /// HTML pages read.
    pub pages: usize,
    /// External links left unchecked because external checks were not asked for.
    pub external_unchecked: usize,
    /// External URLs fetched (each URL once, however many links name it).
    pub external_fetched: usize,
    /// Errors first, then warnings; each in the order of their places.
    pub problems: Vec<Problem>,
    /// Warnings of the build itself (legacy config keys, unknown front matter keys).
    pub build_warnings: Vec<Warning>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Warnings of the check and of the build.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning) + self.build_warnings.len()
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

/// Problems found on each page, one per place and message, listing the pages each shows on;
/// the same problem made by several templates is one problem, naming them all.
#[derive(Debug, Default)]
pub(super) struct Collector {
    problems: Vec<Problem>,
    index: HashMap<(Severity, Place, String), usize>,
}

impl Collector {
    /// Adds a problem on the page served at `page`.
    pub(super) fn add(&mut self, severity: Severity, place: Place, message: String, page: &str) {
        let key_place = match &place {
            Place::Template { written, .. } => Place::Template {
                names: Vec::new(),
                written: written.clone(),
            },
            other => other.clone(),
        };
        let key = (severity, key_place, message);
        let page = page.to_string();
        match self.index.get(&key) {
            Some(&i) => {
                let problem = &mut self.problems[i];
                if !problem.pages.contains(&page) {
                    problem.pages.push(page);
                }
                if let (Place::Template { names, .. }, Place::Template { names: new, .. }) =
                    (&mut problem.place, place)
                {
                    names.extend(
                        new.into_iter()
                            .filter(|n| !names.contains(n))
                            .collect::<Vec<_>>(),
                    );
                }
            }
            None => {
                self.index.insert(key.clone(), self.problems.len());
                let (severity, _, message) = key;
                self.problems.push(Problem {
                    severity,
                    place,
                    message,
                    pages: vec![page],
                });
            }
        }
    }

    /// The problems, errors first, each kind ordered by place and message.
    pub(super) fn finish(mut self) -> Vec<Problem> {
        for problem in &mut self.problems {
            problem.pages.sort();
            if let Place::Template { names, .. } = &mut problem.place {
                names.sort();
            }
        }
        self.problems.sort_by(|a, b| {
            (a.severity, &a.place, &a.message).cmp(&(b.severity, &b.place, &b.message))
        });
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, written: Option<(PathBuf, usize)>) -> Place {
        Place::Template {
            names: vec![name.to_string()],
            written,
        }
    }

    #[test]
    fn problems_merge_by_place_and_message() {
        let mut c = Collector::default();
        let place = template("page.html", None);
        c.add(Severity::Warning, place.clone(), "w".into(), "/b/");
        c.add(Severity::Error, place.clone(), "e".into(), "/b/");
        c.add(Severity::Error, place.clone(), "e".into(), "/a/");
        c.add(Severity::Error, place, "e".into(), "/a/");
        c.add(
            Severity::Error,
            template("index.html", None),
            "e".into(),
            "/",
        );
        let problems = c.finish();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].severity, Severity::Error);
        assert_eq!(problems[0].pages, ["/", "/a/", "/b/"]);
        assert_eq!(
            problems[0].place.to_string(),
            "templates `index.html`, `page.html`"
        );
        assert_eq!(problems[1].pages, ["/b/"]);
    }

    #[test]
    fn places_read_as_locations() {
        let md = Place::Markdown {
            file: "content/a.md".into(),
            line: Some(7),
        };
        assert_eq!(md.to_string(), "content/a.md:7");
        let t = template("page.html", Some(("templates/base.html".into(), 3)));
        assert_eq!(
            t.to_string(),
            "templates/base.html:3 (template `page.html`)"
        );
        assert_eq!(Place::Output("/404.html".into()).to_string(), "/404.html");
    }
}
