//! The search benchmark (issue #14): Longhand's engine against SQLite FTS5 on one workspace.
//!
//! ```text
//! search_bench engine --data-dir D [--as HANDLE] [--runs N] [--json FILE]
//! search_bench fts5   --data-dir D [--runs N] [--json FILE]
//! search_bench compare ENGINE.json FTS5.json
//! ```
//!
//! `D` is a seeded workspace (`longhand seed`) whose index was built (`longhand reindex`).
//! Both modes first choose the same query set from the workspace's own text (a rare, a
//! medium and a very common word by measured document frequency, a frequent two-word phrase,
//! a prefix, an exclusion, and `kind:`, `space:` and `after:` filters: `queries.rs`), then run
//! each query once to warm up and `--runs` times (default 20) measured, and print per query
//! how many items matched and p50/p95/p99 in milliseconds, and the process's peak RSS.
//!
//! - `engine` opens the workspace and its index as `longhand search` does and runs every
//!   query through `ops::search::lookup` as an ordinary member (the first one by id unless
//!   `--as` names another), so the permission filter, the facet counts, the page of 20 hits
//!   re-read from the database and their snippets are all in the measured time.
//! - `fts5` builds an FTS5 table (porter stemming, title weighted 3:1 as the engine does) in
//!   `D/fts5-bench.sqlite3` from the rows the index holds, timing the build and printing its
//!   size, then runs the same queries as FTS5 `MATCH` with `ORDER BY rank LIMIT 20`,
//!   `snippet()` and a `count(*)` for the total. It uses the SQLite that sqlx bundles
//!   (libsqlite3-sys is compiled with `SQLITE_ENABLE_FTS5`). FTS5 has no permission filter,
//!   which is in its favour, and its counts cover every item, not one member's.
//! - `compare` prints the two JSON reports side by side.
//!
//! `scripts/bench-search.sh` seeds, indexes and runs all three in one command.
//!
//! The match counts differ by design: the engine counts what one member may open. To check
//! that both count the same items, open a copy of a seeded workspace to everyone (every space
//! `visibility = 'workspace'`, every document `classification = 'public'`, every ask sent by
//! the member searching), `longhand reindex` it and run both modes: every count then agrees
//! but `after:`'s, whose day starts at midnight in the member's zone for the engine and at
//! midnight UTC for FTS5. Stemming (Porter against Snowball) and the engine's typo matching
//! could also part them on other words; on the seeded vocabulary they do not.

#[path = "search_bench/engine.rs"]
mod engine;
#[path = "search_bench/fts5.rs"]
mod fts5;
#[path = "search_bench/queries.rs"]
mod queries;
#[path = "search_bench/report.rs"]
mod report;

use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// What the command line asked for.
#[derive(Debug)]
enum Command {
    Engine(Options),
    Fts5(Options),
    Compare(PathBuf, PathBuf),
}

/// The flags both measuring modes take.
#[derive(Debug)]
struct Options {
    data_dir: PathBuf,
    member: Option<String>,
    runs: usize,
    json: Option<PathBuf>,
}

const USAGE: &str =
    "usage: search_bench engine|fts5 --data-dir D [--as HANDLE] [--runs N] [--json FILE]
       search_bench compare ENGINE.json FTS5.json";

fn parse_options(mut args: impl Iterator<Item = String>) -> anyhow::Result<Options> {
    let mut options = Options {
        data_dir: PathBuf::new(),
        member: None,
        runs: 20,
        json: None,
    };
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--data-dir" => options.data_dir = PathBuf::from(value),
            "--as" => options.member = Some(value),
            "--runs" => options.runs = value.parse().context("--runs takes a number")?,
            "--json" => options.json = Some(PathBuf::from(value)),
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    if options.data_dir.as_os_str().is_empty() {
        bail!("--data-dir is required\n{USAGE}");
    }
    if options.runs == 0 {
        bail!("--runs must be at least 1");
    }
    Ok(options)
}

fn parse_command() -> anyhow::Result<Command> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("engine") => Ok(Command::Engine(parse_options(args)?)),
        Some("fts5") => Ok(Command::Fts5(parse_options(args)?)),
        Some("compare") => match (args.next(), args.next()) {
            (Some(a), Some(b)) => Ok(Command::Compare(a.into(), b.into())),
            _ => bail!("compare takes two JSON reports\n{USAGE}"),
        },
        _ => bail!("{USAGE}"),
    }
}

/// Prints a report as a table and writes it as JSON when asked.
fn publish(report: &report::Report, json: Option<&PathBuf>) -> anyhow::Result<()> {
    print!("{}", report.table());
    if let Some(path) = json {
        std::fs::write(path, serde_json::to_string_pretty(report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Engine(o) => {
            let report = engine::run(&o.data_dir, o.member.as_deref(), o.runs).await?;
            publish(&report, o.json.as_ref())
        }
        Command::Fts5(o) => {
            let report = fts5::run(&o.data_dir, o.runs).await?;
            publish(&report, o.json.as_ref())
        }
        Command::Compare(engine, fts5) => {
            print!("{}", report::compare(&engine, &fts5)?);
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = match parse_command() {
        Ok(command) => run(command).await,
        Err(err) => Err(err),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("search_bench: {err:#}");
            ExitCode::from(2)
        }
    }
}
