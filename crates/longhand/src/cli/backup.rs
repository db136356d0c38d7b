//! `longhand backup` and `longhand restore`: a consistent JSON-lines dump of the workspace,
//! and loading one into an empty workspace, all or nothing.

use super::config::WorkspaceArgs;
use super::open;
use anyhow::Context;
use longhand_core::ops;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct BackupArgs {
    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub(crate) to: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RestoreArgs {
    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
    /// The backup file to read.
    #[arg(long, value_name = "FILE")]
    pub(crate) from: PathBuf,
}

pub(crate) async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let app = open(&args.workspace).await?;
    let partial = args.to.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let mut writer = std::io::BufWriter::new(file);
    let summary = ops::backup::dump(&app, &mut writer).await?;
    writer.flush()?;
    writer.get_ref().sync_all()?;
    // Rename last, so a crash never leaves a truncated file under the real name.
    std::fs::rename(&partial, &args.to)
        .with_context(|| format!("cannot write {}", args.to.display()))?;
    println!(
        "backed up {} rows (event chain at entry {}) to {}",
        summary.rows,
        summary.chain_head_id,
        args.to.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let file = std::fs::File::open(&args.from)
        .with_context(|| format!("cannot open {}", args.from.display()))?;
    let app = open(&args.workspace).await?;
    // The store verifies the chain against the header before it commits, so an error here
    // means nothing was written and the same command can be run again with a good file.
    let summary = ops::backup::restore(&app, &mut std::io::BufReader::new(file))
        .await
        .with_context(|| format!("cannot restore {}", args.from.display()))?;
    println!(
        "restored {} rows; event chain verified ({} entries)",
        summary.rows, summary.chain_head_id
    );
    Ok(ExitCode::SUCCESS)
}
