//! The command line, one module per command: `serve`, `migrate` (here), `admin`, `verify`,
//! `backup`/`restore`, `calendar`, `lint`, `audit`, `export`/`import` (`docs`), `decisions`,
//! `notify`, `search`/`reindex`, `seed`, and `checkin` (which talks to a running server's API instead of opening the store).
//!
//! Each command resolves where the workspace lives, opens the store, and calls
//! `longhand_core::ops` (or `longhand_web::server` for `serve`). Errors become one readable
//! line on stderr and a non-zero exit code.

pub(crate) mod admin;
pub(crate) mod audit;
pub(crate) mod backup;
pub(crate) mod calendar;
pub(crate) mod checkin;
pub mod config;
pub(crate) mod decisions;
pub(crate) mod docs;
pub(crate) mod lint;
pub(crate) mod notify;
pub(crate) mod search;
pub(crate) mod seed;
pub(crate) mod serve;
pub(crate) mod verify;

use clap::{Parser, Subcommand, ValueEnum};
use config::WorkspaceArgs;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::App;
use std::process::ExitCode;

/// Longhand: an async-first workspace for software teams.
#[derive(Debug, Parser)]
#[command(name = "longhand", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server.
    Serve(serve::ServeArgs),
    /// Apply database migrations and exit.
    Migrate(WorkspaceOnly),
    /// Manage people and tokens from the terminal.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Check the hash chain of the event log; exits 1 naming the first bad entry.
    Verify(verify::VerifyArgs),
    /// Write a consistent backup of the workspace (safe while the server runs).
    Backup(backup::BackupArgs),
    /// Load a backup into an empty workspace.
    Restore(backup::RestoreArgs),
    /// Business-time arithmetic on a member calendar file.
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Check Markdown documents for completeness; exits 1 on errors, 2 on usage errors.
    Lint(lint::LintArgs),
    /// Audit meetings from .ics files: load, focus time and what to replace with writing.
    Audit(audit::AuditArgs),
    /// Write the documents a member may read to a git repository, one commit per revision.
    Export(docs::ExportArgs),
    /// Read documents from files kept in git (folders of decision records).
    #[command(subcommand)]
    Import(docs::ImportCommand),
    /// The decision log: list decision records, or show one with its supersede chain.
    #[command(subcommand)]
    Decisions(decisions::DecisionsCommand),
    /// Notification channels: send a test message by email or webhook.
    #[command(subcommand)]
    Notify(notify::NotifyCommand),
    /// Answer your check-in (done, next, blockers, help needed) on a running server.
    Checkin(checkin::CheckinArgs),
    /// Search documents, decisions, threads, comments and asks as one member.
    Search(search::SearchArgs),
    /// Rebuild the search index from the database, with a progress bar.
    Reindex(search::ReindexArgs),
    /// Fill an empty workspace with synthetic content for benchmarks, with a progress bar.
    Seed(seed::SeedArgs),
}

#[derive(Debug, clap::Args)]
struct WorkspaceOnly {
    #[command(flatten)]
    workspace: WorkspaceArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum OutputFormat {
    Text,
    Json,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli.command)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Migrate(args) => {
            open(&args.workspace).await?;
            println!("migrations applied");
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin(command) => admin::admin(command).await,
        Command::Verify(args) => verify::verify(args).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
        Command::Calendar(command) => calendar::calendar(command),
        Command::Lint(args) => Ok(lint::run(args)),
        Command::Audit(args) => audit::run(args),
        Command::Export(args) => Ok(docs::run_export(args).await),
        Command::Import(command) => Ok(docs::run_import(command).await),
        Command::Decisions(command) => Ok(decisions::run(command).await),
        Command::Notify(command) => notify::run(command).await,
        Command::Checkin(args) => Ok(checkin::run(args).await),
        Command::Search(args) => Ok(search::run_search(args).await),
        Command::Reindex(args) => Ok(search::run_reindex(args).await),
        Command::Seed(args) => Ok(seed::run(args).await),
    }
}

/// Opens and migrates the workspace's store.
pub(crate) async fn open(args: &WorkspaceArgs) -> anyhow::Result<App> {
    let workspace = args.resolve()?;
    let store = Store::connect(&workspace.database_url).await?;
    store.migrate().await?;
    Ok(App::new(store, Clock::System))
}
