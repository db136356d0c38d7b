//! Docs as code (DESIGN.md §2.2): `longhand export --git DIR` writes documents to a git
//! repository, one commit per revision; `longhand import adr DIR` reads a folder of
//! architecture decision records into decision records.
//!
//! ```text
//! longhand export --git DIR --as HANDLE [--space S] [--format text|json]
//! longhand import adr DIR --space S --as HANDLE [--owner HANDLE] [--format text|json]
//! ```
//!
//! This module is glue: `export` turns the revisions `ops::documents::export` returns into a
//! `git fast-import` stream, `git` runs the git binary, `import` walks the folder and hands
//! each file to `longhand_domain::adr::import` and `ops::documents::import`.
//!
//! Both commands act as a member (`--as`, or `LONGHAND_AS`), and there is no default: what an
//! export contains depends on who it is for (classification applies), and an import's
//! revisions and events name their author, so the command asks rather than guessing.
//!
//! Exit codes, as for `longhand lint`: 0 when everything was done, 1 when an import could not
//! read or store some files (the others are imported), 2 when the command could not run at
//! all (a bad flag, a missing directory, an unknown space or member, git missing, a directory
//! that cannot hold the repository).

mod export;
mod git;
mod import;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use longhand_domain::names::Handle;

use crate::cli::config::WorkspaceArgs;

/// Exit code when the command could not run, as opposed to some files failing.
const USAGE: u8 = 2;

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `longhand export`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXPORT_HELP)]
pub struct ExportArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// The git repository to write: its top directory, or an empty or missing directory (made
    /// a new repository).
    #[arg(long = "git", value_name = "DIR")]
    dir: PathBuf,
    /// Export only the documents of this space.
    #[arg(long, value_name = "SPACE")]
    space: Option<String>,
    /// The member the export is for: only documents they may read are written.
    #[arg(long = "as", env = "LONGHAND_AS", value_name = "HANDLE", value_parser = parse_handle)]
    member: Handle,
    /// Output: one sentence, or a JSON object (commits, documents, branch, head).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

const EXPORT_HELP: &str = "\
Each document becomes one Markdown file with YAML front matter, SPACE/NAME.md (NAME is the slug
without its space prefix, or the whole slug when another document has that file), and each
revision one commit, in time order, with the revision's author (name and email) and time as
author and committer. Every commit carries a trailer `Longhand-Revision: SLUG@N`; running the
export again reads those trailers back from `git log` and appends only the revisions not yet
exported, so it also works from a fresh clone (not a shallow one). A revision older than the
repository's last commit, such as one of a document that has only just become readable, is
appended after it: git history is never rewritten.

Classification applies: the export contains exactly the documents the --as member may read
(public ones in spaces they can see, and internal ones unless they are a guest; confidential
ones of their spaces; restricted ones only when they own the document or are a named reader),
each with all its revisions. A document they can no longer read is not updated; what was exported before stays
in the repository's history.

The branch HEAD names is updated, and the working tree with it (as `git checkout` would: local
changes that conflict stop the export before anything moves). Needs `git` on PATH.

Exit codes: 0 done, 2 the export could not run.";

/// `longhand import`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a folder of architecture decision records as decision records.
    Adr(ImportAdrArgs),
}

/// `longhand import adr`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = IMPORT_HELP)]
pub struct ImportAdrArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// The folder to read; subfolders are read too.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The space the records go into.
    #[arg(long, value_name = "SPACE")]
    space: String,
    /// The member who imports: the author of the revisions and events.
    #[arg(long = "as", env = "LONGHAND_AS", value_name = "HANDLE", value_parser = parse_handle)]
    member: Handle,
    /// The owner of records whose file names nobody who can own documents here (default:
    /// the importing member for new records; existing records keep theirs).
    #[arg(long, value_name = "HANDLE", value_parser = parse_handle)]
    owner: Option<Handle>,
    /// Output: a line per file and a summary on stderr, or one JSON object.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

const IMPORT_HELP: &str = "\
Reads every decision record under DIR: adr-tools (Nygard), MADR 2-4 and log4brains files, and
the `kind: adr` files of a `longhand export`. Other Markdown files (README.md, templates,
index pages) are skipped. Each record's slug is SPACE-FILENAME (an export keeps its own), so
importing the folder again finds the same documents: an unchanged record is left alone, a
changed one gets a new revision. Nothing is duplicated.

A record's status is imported as the file states it (proposed, accepted, rejected, superseded,
deprecated), without the lint's publish gate: the import records decisions already taken. The
lint still runs; its counts are reported. What the file does not state is left as it is:
ADR formats name no intent or classification, so a record is new as `internal`, and a later
import does not undo a classification or intent set in Longhand.

For each file one line says what happened, followed by FILE:LINE lines for what could not be
mapped into fields (it stays in the body) and notes on what was adapted.

Exit codes: 0 every record imported, 1 some files failed (the rest were imported), 2 the
import could not run.";

fn parse_handle(raw: &str) -> Result<Handle, String> {
    Handle::parse(raw).map_err(|err| err.to_string())
}

/// Runs `longhand export`.
pub async fn run_export(args: ExportArgs) -> ExitCode {
    exit_code(export::run(args).await)
}

/// Runs `longhand import`.
pub async fn run_import(command: ImportCommand) -> ExitCode {
    match command {
        ImportCommand::Adr(args) => exit_code(import::run(args).await),
    }
}

fn exit_code(outcome: anyhow::Result<ExitCode>) -> ExitCode {
    outcome.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        ExitCode::from(USAGE)
    })
}

/// `1 revision`, `2 revisions`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
