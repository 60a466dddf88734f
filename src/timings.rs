//! What a build spent its time on (`loess build --timings`): each stage, each template's
//! renders, the slowest outputs, and the template functions that cost most.
//!
//! Collecting is off unless asked for; then each render and each function call adds its time
//! here (a lock per render or call, which a timed build can afford). The times of renders that
//! run in parallel add up to more than the stage's own time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many of the slowest outputs a report lists.
const SLOWEST: usize = 10;

/// Times collected while a build runs.
#[derive(Debug, Default)]
pub struct Timings {
    on: AtomicBool,
    stages: Mutex<Vec<(&'static str, Instant)>>,
    renders: Mutex<Vec<Render>>,
    functions: Mutex<HashMap<String, Spent>>,
}

/// One output's render.
#[derive(Debug, Clone)]
struct Render {
    template: String,
    /// The output's path in the output directory.
    source: String,
    time: Duration,
}

/// How often something ran, and for how long in all and at most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spent {
    pub count: usize,
    pub total: Duration,
    pub max: Duration,
}

impl Spent {
    fn add(&mut self, time: Duration) {
        self.count += 1;
        self.total += time;
        self.max = self.max.max(time);
    }
}

/// The times of a build, summed up.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Each stage in order, with how long it took.
    pub stages: Vec<(String, Duration)>,
    /// Each template's renders, the costliest first.
    pub templates: Vec<(String, Spent)>,
    /// The slowest outputs: each one's path, its template and its time.
    pub slowest: Vec<(String, String, Duration)>,
    /// Each template function's calls, the costliest first.
    pub functions: Vec<(String, Spent)>,
}

impl Timings {
    /// Starts collecting.
    pub fn start(&self) {
        self.on.store(true, Ordering::Relaxed);
    }

    pub fn is_on(&self) -> bool {
        self.on.load(Ordering::Relaxed)
    }

    /// Notes that stage `name` begins now.
    pub fn stage(&self, name: &'static str) {
        if self.is_on() {
            let mut stages = self.stages.lock().expect("no timer panicked");
            stages.push((name, Instant::now()));
        }
    }

    /// Notes a render of output `rel` with `template` that took `time`.
    pub fn render(&self, template: &str, rel: &str, time: Duration) {
        let render = Render {
            template: template.to_string(),
            source: rel.to_string(),
            time,
        };
        self.renders.lock().expect("no timer panicked").push(render);
    }

    /// Notes a call of template function `name` that took `time`.
    pub fn function(&self, name: &str, time: Duration) {
        let mut functions = self.functions.lock().expect("no timer panicked");
        match functions.get_mut(name) {
            Some(spent) => spent.add(time),
            None => {
                let mut spent = Spent::default();
                spent.add(time);
                functions.insert(name.to_string(), spent);
            }
        }
    }

    /// The report, the last stage ending at `end`.
    pub fn report(&self, end: Instant) -> Report {
        let stages = self.stages.lock().expect("no timer panicked").clone();
        let ends = stages.iter().skip(1).map(|(_, at)| *at).chain([end]);
        let stages = (stages.iter().zip(ends))
            .map(|((name, start), end)| (name.to_string(), end.saturating_duration_since(*start)))
            .collect();
        let renders = self.renders.lock().expect("no timer panicked").clone();
        let mut by_template: HashMap<String, Spent> = HashMap::new();
        for render in &renders {
            by_template
                .entry(render.template.clone())
                .or_default()
                .add(render.time);
        }
        let mut slowest: Vec<(String, String, Duration)> = renders
            .into_iter()
            .map(|r| (r.source, r.template, r.time))
            .collect();
        slowest.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        slowest.truncate(SLOWEST);
        let functions = self.functions.lock().expect("no timer panicked").clone();
        Report {
            stages,
            templates: costliest(by_template),
            slowest,
            functions: costliest(functions),
        }
    }
}

fn costliest(spent: HashMap<String, Spent>) -> Vec<(String, Spent)> {
    let mut list: Vec<(String, Spent)> = spent.into_iter().collect();
    list.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_calls_add_up_per_template_and_function() {
        let timings = Timings::default();
        timings.start();
        timings.stage("one");
        timings.stage("two");
        let ms = Duration::from_millis;
        timings.render("page.html", "a/index.html", ms(5));
        timings.render("page.html", "b/index.html", ms(7));
        timings.render("index.html", "index.html", ms(3));
        timings.function("get_page", ms(2));
        timings.function("get_page", ms(4));
        timings.function("get_url", ms(1));
        let report = timings.report(Instant::now());
        assert_eq!(
            report
                .stages
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>(),
            ["one", "two"]
        );
        assert_eq!(report.templates[0].0, "page.html");
        assert_eq!(
            report.templates[0].1,
            Spent {
                count: 2,
                total: ms(12),
                max: ms(7)
            }
        );
        assert_eq!(
            report.slowest[0],
            ("b/index.html".into(), "page.html".into(), ms(7))
        );
        assert_eq!(report.functions[0].0, "get_page");
        assert_eq!(report.functions[0].1.count, 2);
        assert_eq!(report.functions[1].0, "get_url");
    }
}
