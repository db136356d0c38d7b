//! `longhand search` and `longhand reindex`: the search index from the terminal.
//!
//! ```text
//! longhand search QUERY --as HANDLE [--format text|json] [--limit N]
//! longhand reindex [--data-dir D] [--database-url URL]
//! ```
//!
//! Both use the index in `<data dir>/search`, the one `longhand serve` keeps. `search` first
//! lets it catch up with the event log (or, when a running server holds the index, reads the
//! server's last commit) and answers exactly as the API does for that member. `reindex`
//! throws the index away and builds it again from the database, with a progress bar on a
//! terminal; it refuses while a server holds the index.
//!
//! Exit codes: 0 done; 2 when the command cannot answer (an unknown member, bad input, a
//! database or index that cannot be opened), with one readable line on stderr.

use crate::cli::config::WorkspaceArgs;
use anyhow::Context;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use longhand_core::ops::search::{self, BuildProgress};
use longhand_core::ops::{self, App};
use longhand_core::views::search::{SearchHit, SearchRequest, SearchResults};
use longhand_domain::names::Handle;
use serde::Serialize;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

/// Exit code when the command could not answer.
const USAGE: u8 = 2;

/// `longhand search`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = SEARCH_HELP)]
pub struct SearchArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// What to look for: words, "phrases", prefix*, -exclusions, and kind:, space:, author:,
    /// status:, before:, after: filters.
    query: String,
    /// Search as this member: only what they may open. Required.
    #[arg(long = "as", env = "LONGHAND_AS", value_name = "HANDLE", value_parser = parse_handle)]
    member: Handle,
    /// Output: one result per line, or the API's JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// At most this many results (1 to 50).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=50))]
    limit: u32,
}

const SEARCH_HELP: &str = "\
The search runs as the member --as names and finds only what they may open, exactly as the
search page and GET /api/v1/search do; there is no operator mode, because a search index is
about people's access, and the database itself is what an operator reads. Searches from the
command line are not counted in the search success rate.

Exit codes: 0 done (also when nothing matched), 2 the command could not answer.";

/// `longhand reindex`.
#[derive(Debug, clap::Args)]
pub struct ReindexArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

fn parse_handle(raw: &str) -> Result<Handle, String> {
    Handle::parse(raw).map_err(|err| err.to_string())
}

async fn open(workspace: &WorkspaceArgs) -> anyhow::Result<App> {
    let resolved = workspace.resolve()?;
    let app = super::open(workspace).await?;
    app.set_search_dir(resolved.data_dir.join("search"));
    Ok(app)
}

fn failed(err: &anyhow::Error) -> ExitCode {
    eprintln!("error: {err:#}");
    ExitCode::from(USAGE)
}

/// Runs `longhand search`.
pub async fn run_search(args: SearchArgs) -> ExitCode {
    match search_and_print(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => failed(&err),
    }
}

async fn search_and_print(args: SearchArgs) -> anyhow::Result<()> {
    let app = open(&args.workspace).await?;
    let actor = ops::members::actor_by_handle(&app, &args.member)
        .await
        .with_context(|| format!("--as {}", args.member.as_str()))?;
    let mut req = SearchRequest::new(args.query);
    req.per_page = args.limit;
    let results = search::lookup(&app, &actor, &req).await?;
    match args.format {
        Format::Text => print!("{}", text(&results)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&JsonResults::from(&results))?
        ),
    }
    Ok(())
}

fn text(results: &SearchResults) -> String {
    let mut out = String::new();
    for note in &results.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for hit in &results.hits {
        out.push_str(&format!(
            "{:<9} {}  {}\n",
            hit.kind.as_str(),
            hit.title,
            hit.href
        ));
        let snippet: String = hit
            .snippet
            .iter()
            .map(|f| {
                if f.highlighted {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect();
        if !snippet.trim().is_empty() {
            out.push_str(&format!("          {}\n", snippet.trim()));
        }
    }
    out.push_str(&format!(
        "{} of {} results\n",
        results.hits.len(),
        results.total
    ));
    out
}

/// The JSON output: the API's shape, without the search id (nothing is recorded).
#[derive(Debug, Serialize)]
struct JsonResults {
    total: u64,
    notes: Vec<String>,
    hits: Vec<JsonHit>,
}

#[derive(Debug, Serialize)]
struct JsonHit {
    kind: &'static str,
    title: String,
    href: String,
    space: Option<String>,
    author: Option<String>,
    status: Option<String>,
    at: String,
    snippet: Vec<JsonFragment>,
}

#[derive(Debug, Serialize)]
struct JsonFragment {
    text: String,
    highlighted: bool,
}

impl From<&SearchHit> for JsonHit {
    fn from(hit: &SearchHit) -> Self {
        JsonHit {
            kind: hit.kind.as_str(),
            title: hit.title.clone(),
            href: hit.href.clone(),
            space: hit.space.as_ref().map(|(slug, _)| slug.clone()),
            author: hit.author.clone(),
            status: hit.status.clone(),
            at: hit.at.to_string(),
            snippet: hit
                .snippet
                .iter()
                .map(|f| JsonFragment {
                    text: f.text.clone(),
                    highlighted: f.highlighted,
                })
                .collect(),
        }
    }
}

impl From<&SearchResults> for JsonResults {
    fn from(r: &SearchResults) -> Self {
        JsonResults {
            total: r.total,
            notes: r.notes.clone(),
            hits: r.hits.iter().map(JsonHit::from).collect(),
        }
    }
}

/// Runs `longhand reindex`.
pub async fn run_reindex(args: ReindexArgs) -> ExitCode {
    match reindex(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => failed(&err),
    }
}

async fn reindex(args: ReindexArgs) -> anyhow::Result<()> {
    let app = open(&args.workspace).await?;
    let bar = progress_bar();
    let started = Instant::now();
    let shown = bar.clone();
    let summary = search::rebuild(&app, &move |p: BuildProgress| {
        shown.set_message(p.stage);
        shown.set_position(p.items);
    })
    .await?;
    bar.finish_and_clear();
    println!(
        "indexed {} items in {:.1} s; the index takes {}",
        summary.items,
        started.elapsed().as_secs_f64(),
        human_size(summary.bytes)
    );
    Ok(())
}

/// A spinner with a count, drawn only when stderr is a terminal.
fn progress_bar() -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(None, target);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} items indexed ({msg}) {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
