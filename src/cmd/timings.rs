//! `loess build --timings`: the build's times as tables.

use std::fmt::Write as _;
use std::time::Duration;

use crate::timings::{Report, Spent};

/// How many templates and functions the tables list.
const ROWS: usize = 10;

/// The report as text: stages, templates, slowest outputs, functions.
pub(super) fn table(report: &Report) -> String {
    let mut out = String::from("\nStages\n");
    for (name, time) in &report.stages {
        let _ = writeln!(out, "  {:<18} {:>10}", name, ms(*time));
    }
    if !report.templates.is_empty() {
        out.push_str(
            "\nTemplates (renders; total, average and longest time; renders run in parallel)\n",
        );
        spent_rows(&mut out, &report.templates);
    }
    if !report.slowest.is_empty() {
        out.push_str("\nSlowest outputs\n");
        for (source, template, time) in &report.slowest {
            let _ = writeln!(out, "  {:>10}  {source} ({template})", ms(*time));
        }
    }
    if !report.functions.is_empty() {
        out.push_str("\nTemplate functions (calls; total, average and longest time)\n");
        spent_rows(&mut out, &report.functions);
    }
    out.push('\n');
    out
}

fn spent_rows(out: &mut String, rows: &[(String, Spent)]) {
    let width = rows
        .iter()
        .take(ROWS)
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(0);
    for (name, spent) in rows.iter().take(ROWS) {
        let average = spent.total / u32::try_from(spent.count.max(1)).unwrap_or(u32::MAX);
        let _ = writeln!(
            out,
            "  {name:<width$} {:>8} × {:>10} {:>10} {:>10}",
            spent.count,
            ms(spent.total),
            ms(average),
            ms(spent.max)
        );
    }
    if rows.len() > ROWS {
        let _ = writeln!(out, "  … and {} more", rows.len() - ROWS);
    }
}

fn ms(time: Duration) -> String {
    format!("{:.1} ms", time.as_secs_f64() * 1000.0)
}
