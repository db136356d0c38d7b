//! Printing findings: `file:line:col rule message` lines for people and CI logs, or one JSON
//! object for tools.
//!
//! Text output puts each finding on one line that editors and terminals turn into a link and
//! that `grep` can count; the indented line under it gives the severity and the hint, and the
//! summary goes to stderr so piping the findings elsewhere keeps them clean.

use std::fmt;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use longhand_domain::lint::{Finding, Severity};
use serde::Serialize;

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    Text,
    Json,
}

/// The findings of one file, in file order.
#[derive(Debug)]
pub(super) struct FileReport {
    pub path: PathBuf,
    pub findings: Vec<Finding>,
}

/// Writes the report to stdout (and the text summary to stderr); exit code 1 when any finding
/// is an error.
pub(super) fn print(
    format: Format,
    reports: &[FileReport],
    skipped: usize,
) -> anyhow::Result<ExitCode> {
    let summary = Summary::of(reports, skipped);
    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Text => write_text(&mut out, reports),
        Format::Json => write_json(&mut out, reports, &summary),
    }
    .and_then(|()| out.flush())
    .context("cannot write the report")?;
    if format == Format::Text {
        eprintln!("{summary}");
    }
    Ok(if summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn write_text(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    for report in reports {
        for finding in &report.findings {
            // `Finding`'s Display is `line:col rule message`.
            writeln!(out, "{}:{finding}", report.path.display())?;
            writeln!(out, "    [{}] hint: {}", finding.severity, finding.hint)?;
        }
    }
    Ok(())
}

/// One finding on the wire. Domain types do not derive `Serialize`; this is their JSON shape.
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    line: u32,
    column: u32,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    hint: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: &'a Summary,
}

fn write_json(
    out: &mut impl Write,
    reports: &[FileReport],
    summary: &Summary,
) -> std::io::Result<()> {
    let findings = reports
        .iter()
        .flat_map(|report| {
            let file = report.path.display().to_string();
            report.findings.iter().map(move |f| JsonFinding {
                file: file.clone(),
                line: f.position.line,
                column: f.position.column,
                rule: f.rule.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                hint: &f.hint,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &JsonReport { findings, summary })?;
    writeln!(out)
}

/// Totals over the run.
#[derive(Debug, Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    /// Files linted.
    files: usize,
    /// Files found by the walk that have no front matter, so are not Longhand documents.
    skipped: usize,
}

impl Summary {
    fn of(reports: &[FileReport], skipped: usize) -> Summary {
        let all = || reports.iter().flat_map(|r| &r.findings);
        let count = |severity| all().filter(|f| f.severity == severity).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            files: reports.len(),
            skipped,
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, {} in {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.files, "file")
        )?;
        if self.skipped > 0 {
            write!(f, " ({} without front matter skipped)", self.skipped)?;
        }
        Ok(())
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
