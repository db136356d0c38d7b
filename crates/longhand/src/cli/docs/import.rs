//! `longhand import adr DIR`: every decision record under a folder, read with
//! `longhand_domain::adr::import` and stored with `ops::documents::import`, one file at a
//! time so that one bad file does not stop the others.
//!
//! Text output is one line per record, `FILE: created SLUG (format, status; lint: …)`, then
//! `FILE:LINE: …` lines for what could not be mapped and `FILE: note: …` lines for what was
//! adapted, and `FILE: skipped: …` for every file that is not a record; the summary goes to
//! stderr, as `longhand lint` does it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use longhand_domain::adr;
use serde::Serialize;

use super::{Format, ImportAdrArgs, plural};
use crate::cli::lint::walk;
use longhand_core::ops::documents::{ImportAction, ImportInput, ImportOutcome};
use longhand_core::ops::{self, Actor, App};

pub(super) async fn run(args: ImportAdrArgs) -> anyhow::Result<ExitCode> {
    let (files, others) = decision_files(&args.dir)?;
    let app = crate::cli::open(&args.workspace).await?;
    let actor = ops::members::actor_by_handle(&app, &args.member).await?;
    if let Some(owner) = &args.owner {
        ops::members::actor_by_handle(&app, owner)
            .await
            .context("--owner")?;
    }
    let space = ops::spaces::get(&app, &actor, &args.space)
        .await
        .with_context(|| format!("--space {}", args.space))?
        .space
        .slug;
    let mut reports = Vec::new();
    let mut skipped: Vec<Skipped> = others
        .iter()
        .map(|path| Skipped::new(path, NOT_MARKDOWN))
        .collect();
    for path in &files {
        match import_file(&app, &actor, &args, &space, path).await {
            Some(report) => reports.push(report),
            None => skipped.push(Skipped::new(path, NOT_A_RECORD)),
        }
    }
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let summary = Summary::of(&reports, skipped.len());
    print(args.format, (&reports, &skipped), &summary, &space)?;
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The Markdown files under `dir` and the other files, each sorted by path.
fn decision_files(dir: &Path) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => bail!(
            "{} is a file; give the folder of decision records",
            dir.display()
        ),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", dir.display())),
    }
    let (markdown, others): (Vec<PathBuf>, Vec<PathBuf>) = walk::every_file(dir)?
        .into_iter()
        .partition(|path| walk::is_markdown(path));
    if markdown.is_empty() {
        bail!(
            "no Markdown files (*.md, *.markdown) found in {}",
            dir.display()
        );
    }
    Ok((markdown, others))
}

/// Why a file was not imported, as the report says it.
const NOT_MARKDOWN: &str =
    "not a Markdown file; a record must be named *.md or *.markdown to be imported";
const NOT_A_RECORD: &str = "not a decision record: it states no status and has no Decision \
     section, or it is the folder's index, README or a template";

/// A file the import did not read as a record, named in the report so that none goes missing
/// without a word.
#[derive(Debug, Serialize)]
struct Skipped {
    file: String,
    reason: &'static str,
}

impl Skipped {
    fn new(path: &Path, reason: &'static str) -> Skipped {
        Skipped {
            file: path.display().to_string(),
            reason,
        }
    }
}

/// What happened to one file.
#[derive(Debug, Serialize)]
struct FileReport {
    file: String,
    #[serde(flatten)]
    result: FileResult,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum FileResult {
    Imported(Box<Imported>),
    Failed { error: String },
}

#[derive(Debug, Serialize)]
struct Imported {
    slug: String,
    #[serde(skip)]
    kind: ImportAction,
    action: &'static str,
    format: &'static str,
    status: String,
    revision: i64,
    unmapped: Vec<Unmapped>,
    notes: Vec<String>,
    lint_errors: usize,
    lint_warnings: usize,
}

#[derive(Debug, Serialize)]
struct Unmapped {
    line: u32,
    message: String,
}

/// Imports one file; `None` when it is not a decision record.
async fn import_file(
    app: &App,
    actor: &Actor,
    args: &ImportAdrArgs,
    space: &str,
    path: &Path,
) -> Option<FileReport> {
    let file = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            let error = format!("cannot read the file: {err}");
            return Some(FileReport {
                file,
                result: FileResult::Failed { error },
            });
        }
    };
    // The path inside the folder, not the bare file name: a record kept as
    // `<topic>/index.md` is named by its folder.
    let source = path
        .strip_prefix(&args.dir)
        .unwrap_or(path)
        .display()
        .to_string();
    if !adr::is_adr_file(&source, &text) {
        return None;
    }
    let result = match store(app, actor, args, space, (&source, &text), &source).await {
        Ok(imported) => FileResult::Imported(Box::new(imported)),
        Err(error) => FileResult::Failed { error },
    };
    Some(FileReport { file, result })
}

async fn store(
    app: &App,
    actor: &Actor,
    args: &ImportAdrArgs,
    space: &str,
    (name, text): (&str, &str),
    source: &str,
) -> Result<Imported, String> {
    let read = adr::import(name, text, space).map_err(|err| err.to_string())?;
    let format = read.format.as_str();
    let unmapped = read
        .unmapped
        .iter()
        .map(|u| Unmapped {
            line: u.line,
            message: u.what.clone(),
        })
        .collect();
    let input =
        ImportInput::from_adr(read, args.owner.clone(), source).map_err(|e| e.to_string())?;
    let outcome = ops::documents::import(app, actor, input)
        .await
        .map_err(|err| err.to_string())?;
    Ok(imported(outcome, format, unmapped))
}

fn imported(outcome: ImportOutcome, format: &'static str, unmapped: Vec<Unmapped>) -> Imported {
    let errors = outcome.findings.iter().filter(|f| f.is_error()).count();
    Imported {
        slug: outcome.doc.slug,
        kind: outcome.action,
        action: outcome.action.as_str(),
        format,
        status: outcome.doc.status,
        revision: outcome.doc.revision,
        unmapped,
        notes: outcome.notes,
        lint_errors: errors,
        lint_warnings: outcome.findings.len() - errors,
    }
}

/// Totals over the run.
#[derive(Debug, Default, Serialize)]
struct Summary {
    created: usize,
    revised: usize,
    unchanged: usize,
    failed: usize,
    /// Files that are not decision records, Markdown or not.
    skipped: usize,
}

impl Summary {
    fn of(reports: &[FileReport], skipped: usize) -> Summary {
        let mut summary = Summary {
            skipped,
            ..Summary::default()
        };
        for report in reports {
            let counter = match &report.result {
                FileResult::Failed { .. } => &mut summary.failed,
                FileResult::Imported(imported) => match imported.kind {
                    ImportAction::Created => &mut summary.created,
                    ImportAction::Revised => &mut summary.revised,
                    ImportAction::Unchanged => &mut summary.unchanged,
                },
            };
            *counter += 1;
        }
        summary
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    space: &'a str,
    files: &'a [FileReport],
    skipped: &'a [Skipped],
    summary: &'a Summary,
}

fn print(
    format: Format,
    (reports, skipped): (&[FileReport], &[Skipped]),
    summary: &Summary,
    space: &str,
) -> anyhow::Result<()> {
    if format == Format::Json {
        let report = JsonReport {
            space,
            files: reports,
            skipped,
            summary,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    for report in reports {
        print_text(report);
    }
    for file in skipped {
        println!("{}: skipped: {}", file.file, file.reason);
    }
    eprintln!(
        "{} into {space}: {} created, {} revised, {} unchanged, {} failed; {} skipped",
        plural(reports.len(), "record"),
        summary.created,
        summary.revised,
        summary.unchanged,
        summary.failed,
        plural(summary.skipped, "other file")
    );
    Ok(())
}

fn print_text(report: &FileReport) {
    let file = &report.file;
    let imported = match &report.result {
        FileResult::Failed { error } => return println!("{file}: failed: {error}"),
        FileResult::Imported(imported) => imported,
    };
    let lint = match imported.kind {
        ImportAction::Unchanged => String::new(),
        _ => format!(
            "; lint: {} errors, {} warnings",
            imported.lint_errors, imported.lint_warnings
        ),
    };
    println!(
        "{file}: {} {} ({}, {}{lint})",
        imported.action, imported.slug, imported.format, imported.status
    );
    for unmapped in &imported.unmapped {
        println!("{file}:{}: {}", unmapped.line, unmapped.message);
    }
    for note in &imported.notes {
        println!("{file}: note: {note}");
    }
}
