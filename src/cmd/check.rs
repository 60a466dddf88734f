//! `loess check`: builds the site in memory, checks its links, prints each problem with its
//! place and a summary line; the exit code is 1 when an error was found.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::{report, Cli};
use crate::check::{self, CheckOptions, ExternalOptions, Problem, Report, Severity};
use crate::error::Result;
use crate::BuildOptions;

/// How many pages a problem lists before it says how many more.
const PAGES_SHOWN: usize = 3;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// Leave external http(s) links unchecked (by default each is fetched, and its #anchor
    /// looked for, as `zola check` does).
    #[arg(long)]
    skip_external_links: bool,
    /// Seconds an external request may take.
    #[arg(long, default_value = "10", value_name = "SECONDS", value_parser = seconds)]
    timeout: Duration,
    /// How many more times an external link is tried after a timeout, a server error or
    /// 429 Too Many Requests.
    #[arg(long, default_value_t = 2, value_name = "N")]
    retries: u32,
    /// Include draft pages and sections.
    #[arg(long)]
    drafts: bool,
    /// Check the site as built with this base URL.
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Accepted from earlier versions, when external links were fetched only when asked.
    #[arg(short, long, hide = true, conflicts_with = "skip_external_links")]
    external: bool,
}

pub(super) fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let options = CheckOptions {
        build: BuildOptions {
            root: cli.root.clone(),
            config_file: cli.config.clone(),
            base_url: args.base_url.clone(),
            drafts: args.drafts,
            ..BuildOptions::default()
        },
        external: (args.external || !args.skip_external_links).then(|| ExternalOptions {
            timeout: args.timeout,
            retries: args.retries,
            ..ExternalOptions::default()
        }),
    };
    let spinner = report::Spinner::new(cli.quiet);
    let result = check::check(&options, &spinner);
    spinner.finish();
    let checked = result?;
    for warning in &checked.build_warnings {
        report::warning(warning);
    }
    for problem in &checked.problems {
        let line = describe(problem);
        match problem.severity {
            Severity::Error => report::problem(&line),
            Severity::Warning => report::warning(&line),
        }
    }
    if !cli.quiet {
        println!("{}", summary(&checked));
        if checked.external_unchecked > 0 {
            println!(
                "{} not checked (skipped: --skip-external-links)",
                count(
                    checked.external_unchecked,
                    "external link",
                    "external links"
                )
            );
        }
    }
    Ok(if checked.errors() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `content/a.md:7: broken link `/x/`: ... (on /a/, /b/ and 3 more pages)`.
fn describe(problem: &Problem) -> String {
    let pages = &problem.pages;
    let mut on = pages
        .iter()
        .take(PAGES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if pages.len() > PAGES_SHOWN {
        let more = pages.len() - PAGES_SHOWN;
        on.push_str(&format!(" and {}", count(more, "more page", "more pages")));
    }
    format!("{}: {} (on {on})", problem.place, problem.message)
}

/// `Checked 412 links on 37 pages: 2 problems, 3 warnings`.
pub(super) fn summary(report: &Report) -> String {
    format!(
        "Checked {} on {}: {}, {}",
        count(report.links, "link", "links"),
        count(report.pages, "page", "pages"),
        count(report.errors(), "problem", "problems"),
        count(report.warnings(), "warning", "warnings"),
    )
}

/// A positive number of seconds, such as `10` or `0.5`.
fn seconds(text: &str) -> Result<Duration, String> {
    let wrong = || format!("`{text}` is not a positive number of seconds");
    let value: f64 = text.trim().parse().map_err(|_| wrong())?;
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(wrong)
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Place;

    #[test]
    fn problems_list_a_few_pages() {
        let problem = Problem {
            severity: Severity::Error,
            place: Place::Markdown {
                file: "content/a.md".into(),
                line: Some(3),
            },
            message: "broken link `/x/`: nothing is built at /x/".into(),
            pages: ["/a/", "/b/", "/c/", "/d/", "/e/"]
                .map(String::from)
                .to_vec(),
        };
        assert_eq!(
            describe(&problem),
            "content/a.md:3: broken link `/x/`: nothing is built at /x/ \
             (on /a/, /b/, /c/ and 2 more pages)"
        );
    }

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(seconds("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(seconds("10"), Ok(Duration::from_secs(10)));
        for bad in ["0", "-1", "inf", "NaN", "soon"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_summary_counts() {
        let report = Report {
            links: 1,
            pages: 2,
            ..Report::default()
        };
        assert_eq!(
            summary(&report),
            "Checked 1 link on 2 pages: 0 problems, 0 warnings"
        );
    }
}
