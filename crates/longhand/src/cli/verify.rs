//! `longhand verify`: check the hash chain of the event log and name the first bad entry.

use super::config::WorkspaceArgs;
use super::{OutputFormat, open};
use longhand_core::ops;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: OutputFormat,
}

pub(crate) async fn verify(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let app = open(&args.workspace).await?;
    let outcome = ops::workspace::verify(&app).await?;
    let json = args.format == OutputFormat::Json;
    match outcome {
        Ok(head) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "ok": true, "entries": head.id, "head": head.hash })
                );
            } else {
                println!(
                    "event chain verified: {} entries, head {}",
                    head.id, head.hash
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(chain_break) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "ok": false, "first_bad_entry": chain_break.id, "reason": chain_break.reason })
                );
            } else {
                eprintln!(
                    "event chain broken at entry {}: {}",
                    chain_break.id, chain_break.reason
                );
            }
            Ok(ExitCode::FAILURE)
        }
    }
}
