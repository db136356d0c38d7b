//! `longhand calendar`: business-time arithmetic on a member calendar file, one answer or a
//! batch of JSON lines.

use anyhow::Context;
use clap::Subcommand;
use longhand_core::formats::calendar_json::CalendarJson;
use longhand_domain::calendar::BusinessDuration;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub(crate) enum CalendarCommand {
    /// Print the instant a business duration after START falls on (RFC 3339, UTC).
    Add {
        /// A member-calendar JSON file.
        #[arg(long, value_name = "FILE")]
        calendar: PathBuf,
        #[arg(long, required_unless_present = "batch")]
        start: Option<String>,
        /// `4h`, `90m`, `3d` (business days) or ISO 8601 (`PT4H`, `P3D`).
        #[arg(long, required_unless_present = "batch")]
        duration: Option<String>,
        /// Read JSON lines `{"start": …, "duration": …}` from stdin, one result per line.
        #[arg(long)]
        batch: bool,
    },
    /// Print the business seconds between two instants.
    Between {
        #[arg(long, value_name = "FILE")]
        calendar: PathBuf,
        #[arg(long, required_unless_present = "batch")]
        from: Option<String>,
        #[arg(long, required_unless_present = "batch")]
        to: Option<String>,
        /// Read JSON lines `{"from": …, "to": …}` from stdin, one result per line.
        #[arg(long)]
        batch: bool,
    },
}

fn load_calendar(path: &PathBuf) -> anyhow::Result<longhand_domain::calendar::Calendar> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    CalendarJson::parse_text(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))
}

fn parse_instant(raw: &str) -> anyhow::Result<jiff::Timestamp> {
    longhand_domain::instant::parse(raw).map_err(|_| {
        anyhow::anyhow!("\"{raw}\" is not an RFC 3339 instant such as 2026-03-27T15:00:00Z")
    })
}

pub(crate) fn calendar(command: CalendarCommand) -> anyhow::Result<ExitCode> {
    match command {
        CalendarCommand::Add {
            calendar,
            start,
            duration,
            batch,
        } => {
            let calendar = load_calendar(&calendar)?;
            let add = |start: &str, duration: &str| -> anyhow::Result<String> {
                let duration = BusinessDuration::parse(duration)?;
                Ok(calendar.add(parse_instant(start)?, duration)?.to_string())
            };
            if batch {
                return run_batch(|line| add(field(line, "start")?, field(line, "duration")?));
            }
            println!(
                "{}",
                add(
                    start.as_deref().unwrap_or_default(),
                    duration.as_deref().unwrap_or_default()
                )?
            );
        }
        CalendarCommand::Between {
            calendar,
            from,
            to,
            batch,
        } => {
            let calendar = load_calendar(&calendar)?;
            let between = |from: &str, to: &str| -> anyhow::Result<String> {
                Ok(calendar
                    .between(parse_instant(from)?, parse_instant(to)?)
                    .as_secs()
                    .to_string())
            };
            if batch {
                return run_batch(|line| between(field(line, "from")?, field(line, "to")?));
            }
            println!(
                "{}",
                between(
                    from.as_deref().unwrap_or_default(),
                    to.as_deref().unwrap_or_default()
                )?
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn field<'a>(line: &'a serde_json::Value, name: &str) -> anyhow::Result<&'a str> {
    line.get(name)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| anyhow::anyhow!("the line has no \"{name}\" string"))
}

/// Reads JSON lines from stdin and writes one result per line; a bad line gets an error
/// object in its place (`{"error": …}`) so output stays aligned with input.
fn run_batch(
    compute: impl Fn(&serde_json::Value) -> anyhow::Result<String>,
) -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failures = 0usize;
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<serde_json::Value>(&line)
            .map_err(|err| anyhow::anyhow!("line {}: not JSON: {err}", number + 1))
            .and_then(|value| compute(&value));
        match result {
            Ok(answer) => writeln!(out, "{answer}")?,
            Err(err) => {
                failures += 1;
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({ "error": format!("line {}: {err:#}", number + 1) })
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
