//! `longhand decisions`: the decision log from the terminal.
//!
//! ```text
//! longhand decisions list [--status S] [--space S] [--owner H] [--as HANDLE] [--format table|json]
//! longhand decisions show SLUG [--as HANDLE] [--format text|json|markdown]
//! ```
//!
//! Both read the workspace's database directly, like `backup` and `verify`: without `--as` they
//! see every decision record, private spaces included, because whoever can run the binary
//! against the data directory holds all of it anyway. With `--as HANDLE` they show only what
//! that member may read, exactly as the web pages and the API do.
//!
//! Exit codes: 0 done; 2 when the command cannot answer (an unknown status, space, member or
//! decision, a database that cannot be opened), with one readable line on stderr.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use longhand_core::ops::decisions::{self, DecisionQuery, Reader};
use longhand_core::ops::{self, Actor, OpError};
use longhand_core::views::decisions::{
    Decision, DecisionDetail, DecisionLink, ReviewHistory, ReviewedRound,
};
use longhand_domain::names::Handle;
use serde::Serialize;

use crate::cli::config::WorkspaceArgs;

/// Exit code when the command could not answer.
const USAGE: u8 = 2;

/// `longhand decisions`.
#[derive(Debug, Subcommand)]
pub enum DecisionsCommand {
    /// List decision records, newest decision first.
    List(ListArgs),
    /// Show one decision record: its fields, source and supersede chain.
    Show(ShowArgs),
}

/// `longhand decisions list`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = READER_HELP)]
pub struct ListArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// Only this status (proposed, accepted, rejected, superseded, deprecated); `superseded`
    /// includes accepted records another record supersedes.
    #[arg(long)]
    status: Option<String>,
    /// Only this space's records.
    #[arg(long, value_name = "SPACE")]
    space: Option<String>,
    /// Only records this member owns.
    #[arg(long, value_name = "HANDLE")]
    owner: Option<String>,
    /// Read as this member: only what they may read.
    #[arg(long = "as", env = "LONGHAND_AS", value_name = "HANDLE", value_parser = parse_handle)]
    member: Option<Handle>,
    /// Output: an aligned table, or a JSON array.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

/// `longhand decisions show`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = READER_HELP)]
pub struct ShowArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// The decision record's slug.
    slug: String,
    /// Read as this member: only what they may read.
    #[arg(long = "as", env = "LONGHAND_AS", value_name = "HANDLE", value_parser = parse_handle)]
    member: Option<Handle>,
    /// Output: the fields as text, a JSON object, or the record as a Markdown file with front
    /// matter (as /decisions/SLUG.md gives it).
    #[arg(long, value_enum, default_value = "text")]
    format: ShowFormat,
}

const READER_HELP: &str = "\
Without --as the command reads every decision record in the workspace, private spaces
included: it opens the database directly, like `longhand backup`, and whoever can do that
holds all of it already. With --as HANDLE it shows only what that member may read, as the web
pages and the API do.

A record's status is the one the log shows: an accepted record that another record
supersedes reads `superseded`, whichever of the two records states the relation.

Exit codes: 0 done, 2 the command could not answer (unknown status, space, member or decision).";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Markdown,
}

fn parse_handle(raw: &str) -> Result<Handle, String> {
    Handle::parse(raw).map_err(|err| err.to_string())
}

/// Runs `longhand decisions`.
pub async fn run(command: DecisionsCommand) -> ExitCode {
    let outcome = match command {
        DecisionsCommand::List(args) => list(args).await,
        DecisionsCommand::Show(args) => show(args).await,
    };
    outcome.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        ExitCode::from(USAGE)
    })
}

/// The member `--as` names, if any.
async fn member(app: &ops::App, handle: Option<&Handle>) -> anyhow::Result<Option<Actor>> {
    match handle {
        None => Ok(None),
        Some(handle) => Ok(Some(
            ops::members::actor_by_handle(app, handle)
                .await
                .with_context(|| format!("--as {handle}"))?,
        )),
    }
}

fn reader(actor: Option<&Actor>) -> Reader<'_> {
    actor.map_or(Reader::Operator, Reader::Member)
}

/// An action's error as the one line the command prints: what was not found reads as such.
fn explain(err: OpError, what: &str) -> anyhow::Error {
    match err {
        OpError::NotFound(thing) => anyhow::anyhow!("{what}: no such {thing}"),
        other => anyhow::Error::new(other).context(what.to_owned()),
    }
}

async fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let app = crate::cli::open(&args.workspace).await?;
    let actor = member(&app, args.member.as_ref()).await?;
    let what = match &args.space {
        Some(space) => format!("decisions in {space}"),
        None => "decisions".to_owned(),
    };
    let mut query = DecisionQuery {
        status: args.status,
        space: args.space,
        owner: args.owner,
        per_page: Some(decisions::MAX_PER_PAGE),
        ..DecisionQuery::default()
    };
    let mut found: Vec<Decision> = Vec::new();
    for page in 1.. {
        query.page = Some(page);
        let result = decisions::list(&app, reader(actor.as_ref()), &query)
            .await
            .map_err(|err| explain(err, &what))?;
        let last = page >= result.pages();
        found.extend(result.items);
        if last {
            break;
        }
    }
    match args.format {
        ListFormat::Json => {
            let rows: Vec<DecisionJson> = found.iter().map(DecisionJson::of).collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        }
        ListFormat::Table => print_table(&found),
    }
    Ok(ExitCode::SUCCESS)
}

async fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let app = crate::cli::open(&args.workspace).await?;
    let actor = member(&app, args.member.as_ref()).await?;
    let detail = decisions::get(&app, reader(actor.as_ref()), &args.slug)
        .await
        .map_err(|err| explain(err, &args.slug))?;
    match args.format {
        ShowFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&DetailJson::of(&detail))?
            );
        }
        ShowFormat::Markdown => print!("{}", decisions::markdown(&detail)),
        ShowFormat::Text => print_detail(&detail),
    }
    Ok(ExitCode::SUCCESS)
}

/// One decision in `--format json`.
#[derive(Debug, Serialize)]
struct DecisionJson {
    slug: String,
    title: String,
    /// As the log reads it.
    status: String,
    /// As the record itself states it.
    recorded_status: String,
    /// `YYYY-MM-DD`, or null.
    date: Option<String>,
    space: String,
    owner: String,
    deciders: Vec<String>,
    reversibility: Option<String>,
    category: Option<String>,
    review_date: Option<String>,
    /// The other records' slugs; a reference that names no record as written.
    supersedes: Vec<String>,
    superseded_by: Vec<String>,
}

fn labels(links: &[DecisionLink]) -> Vec<String> {
    links.iter().map(|link| link.label().to_owned()).collect()
}

impl DecisionJson {
    fn of(d: &Decision) -> DecisionJson {
        DecisionJson {
            slug: d.doc.slug.clone(),
            title: d.doc.title.clone(),
            status: d.status.clone(),
            recorded_status: d.doc.status.clone(),
            date: d.date.map(|date| date.to_string()),
            space: d.doc.space_slug.clone(),
            owner: d.doc.owner_handle.clone(),
            deciders: d.deciders.clone(),
            reversibility: d.reversibility.clone(),
            category: d.category.clone(),
            review_date: d.review_date.map(|date| date.to_string()),
            supersedes: labels(&d.supersedes),
            superseded_by: labels(&d.superseded_by),
        }
    }
}

/// One decision in `show --format json`: the list's object, and where it was decided, its
/// intent, its body and the review it was published from.
#[derive(Debug, Serialize)]
struct DetailJson {
    #[serde(flatten)]
    decision: DecisionJson,
    intent: String,
    source: Option<SourceJson>,
    body: String,
    review: Option<ReviewJson>,
}

/// The rounds of review a record was published from, first to last.
#[derive(Debug, Serialize)]
struct ReviewJson {
    proposal: String,
    rounds: Vec<RoundJson>,
}

/// One round; instants are RFC 3339 in UTC.
#[derive(Debug, Serialize)]
struct RoundJson {
    number: i64,
    state: &'static str,
    outcome: Option<&'static str>,
    window: String,
    opened_at: String,
    closes_at: String,
    closed_at: Option<String>,
    people: Vec<PersonJson>,
    questions: Vec<QuestionJson>,
}

#[derive(Debug, Serialize)]
struct PersonJson {
    handle: String,
    role: &'static str,
    verdict: Option<&'static str>,
    reason: Option<String>,
}

#[derive(Debug, Serialize)]
struct QuestionJson {
    question: String,
    raised_by: String,
    answer: Option<String>,
}

impl ReviewJson {
    fn of(review: &ReviewHistory) -> ReviewJson {
        ReviewJson {
            proposal: review.proposal_slug.clone(),
            rounds: review.rounds.iter().map(RoundJson::of).collect(),
        }
    }
}

impl RoundJson {
    fn of(r: &ReviewedRound) -> RoundJson {
        RoundJson {
            number: r.round.number,
            state: r.round.state.as_str(),
            outcome: r.round.outcome.map(|o| o.as_str()),
            window: r.window_label.clone(),
            opened_at: r.round.opened_at.to_string(),
            closes_at: r.round.closes_at.to_string(),
            closed_at: r.round.closed_at.map(|at| at.to_string()),
            people: r
                .participants
                .iter()
                .map(|p| PersonJson {
                    handle: p.handle.clone(),
                    role: p.role.as_str(),
                    verdict: p.verdict.map(|v| v.as_str()),
                    reason: p.reason.clone(),
                })
                .collect(),
            questions: r
                .questions
                .iter()
                .map(|q| QuestionJson {
                    question: q.question.clone(),
                    raised_by: q.raised_by_handle.clone(),
                    answer: q.answer.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
struct SourceJson {
    kind: &'static str,
    label: String,
    href: Option<String>,
}

impl DetailJson {
    fn of(detail: &DecisionDetail) -> DetailJson {
        DetailJson {
            decision: DecisionJson::of(&detail.decision),
            intent: detail.decision.doc.intent.clone(),
            source: detail.source.as_ref().map(|s| SourceJson {
                kind: s.kind.as_str(),
                label: s.label.clone(),
                href: s.href.clone(),
            }),
            body: detail.decision.doc.body.clone(),
            review: detail.review.as_ref().map(ReviewJson::of),
        }
    }
}

fn print_table(found: &[Decision]) {
    if found.is_empty() {
        println!("No decisions match.");
        return;
    }
    let rows: Vec<[String; 5]> = found
        .iter()
        .map(|d| {
            [
                d.date
                    .map_or_else(|| "-".to_owned(), |date| date.to_string()),
                d.status.clone(),
                d.doc.space_slug.clone(),
                d.doc.slug.clone(),
                d.doc.title.clone(),
            ]
        })
        .collect();
    let head = ["DATE", "STATUS", "SPACE", "SLUG", "TITLE"].map(str::to_owned);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            std::iter::once(&head)
                .chain(&rows)
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&head).chain(&rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            line.push_str(&format!("{cell:<width$}  "));
        }
        line.push_str(&row[4]);
        println!("{line}");
    }
}

fn print_detail(detail: &DecisionDetail) {
    let d = &detail.decision;
    let none = || "-".to_owned();
    let lines = [
        ("title", d.doc.title.clone()),
        ("slug", d.doc.slug.clone()),
        ("status", status_line(d)),
        ("date", d.date.map_or_else(none, |date| date.to_string())),
        ("space", d.doc.space_slug.clone()),
        ("owner", format!("@{}", d.doc.owner_handle)),
        ("deciders", d.deciders.join(", ")),
        ("reversibility", reversibility_line(d)),
        (
            "review date",
            d.review_date.map_or_else(none, |date| date.to_string()),
        ),
        ("decided in", source_line(detail)),
        ("review", review_line(detail)),
        ("supersedes", labels(&d.supersedes).join(", ")),
        ("superseded by", labels(&d.superseded_by).join(", ")),
    ];
    for (name, value) in lines {
        let value = if value.is_empty() { none() } else { value };
        println!("{name:<14}{value}");
    }
    if !d.doc.intent.is_empty() {
        println!("\n{}", d.doc.intent);
    }
}

fn status_line(d: &Decision) -> String {
    if d.status == d.doc.status {
        d.status.clone()
    } else {
        format!("{} (the record says {})", d.status, d.doc.status)
    }
}

fn reversibility_line(d: &Decision) -> String {
    match (&d.reversibility, &d.category) {
        (Some(r), Some(c)) => format!("{r} ({c})"),
        (Some(r), None) => r.clone(),
        (None, _) => String::new(),
    }
}

/// The review it was published from, in one line: "Cache sessions: round 1 revised, round 2
/// accepted". `--format markdown` has every round in full.
fn review_line(detail: &DecisionDetail) -> String {
    let Some(review) = &detail.review else {
        return String::new();
    };
    let rounds: Vec<String> = review
        .rounds
        .iter()
        .map(|r| {
            let state = r
                .round
                .outcome
                .map_or(r.round.state.as_str(), |o| o.as_str());
            format!("round {} {state}", r.round.number)
        })
        .collect();
    format!("{}: {}", review.proposal_slug, rounds.join(", "))
}

fn source_line(detail: &DecisionDetail) -> String {
    match &detail.source {
        Some(source) => match &source.href {
            Some(href) => format!("{} ({}, {href})", source.label, source.kind.as_str()),
            None => source.label.clone(),
        },
        None => String::new(),
    }
}
