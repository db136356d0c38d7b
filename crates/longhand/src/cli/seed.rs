//! `longhand seed`: fills an empty workspace with synthetic content for benchmarks.
//!
//! ```text
//! longhand seed [--data-dir D] [--database-url URL] --members N --documents N --comments N
//!               --asks N [--seed S] [--seed-password P]
//! ```
//!
//! Thin glue over `longhand_core::ops::seed::run`: parse, show a progress bar on a terminal,
//! print what was written and how to sign in. Exit codes: 0 seeded; 2 when the command
//! refuses (a workspace that is not empty, a size out of range) or cannot run, with one
//! readable line on stderr.

use crate::cli::config::WorkspaceArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use longhand_core::ops::seed::{self, SeedPlan, SeedProgress, SeedSummary, Sizes};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

/// Exit code when the command refuses or cannot run.
const USAGE: u8 = 2;

/// `longhand seed`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = SEED_HELP)]
pub struct SeedArgs {
    #[command(flatten)]
    workspace: WorkspaceArgs,
    /// Members to create (2 to 10,000); the first is the admin `admin@seed.example`.
    #[arg(long, allow_negative_numbers = true)]
    members: i64,
    /// Documents to write (0 to 1,000,000), each with one to three revisions.
    #[arg(long, allow_negative_numbers = true)]
    documents: i64,
    /// Comments to write (0 to 10,000,000), in threads of one to ten.
    #[arg(long, allow_negative_numbers = true)]
    comments: i64,
    /// Asks to create (0 to 2,000,000), in every state.
    #[arg(long, allow_negative_numbers = true)]
    asks: i64,
    /// The generator's seed: the same seed and sizes give the same content.
    #[arg(long, default_value_t = seed::DEFAULT_SEED)]
    seed: u64,
    /// Every seeded account's password (default: longhand-seed).
    #[arg(long, env = "LONGHAND_SEED_PASSWORD", value_name = "PASSWORD")]
    seed_password: Option<String>,
}

const SEED_HELP: &str = "\
The workspace must be empty (no member, no document): a seed never mixes with real content.
It writes members in many time zones with working hours, teams with DRIs and charters, public
and private spaces, documents of every kind and classification with one to three revisions,
comment and topic threads, and asks in every state, with the event log chained so `longhand
verify` passes. Content is dated over the year before the seed.

Jobs: only instants still ahead are queued — an open ask's reminder, escalation and
\"needed by\" expiry when they fall after now. Nothing is queued for an instant already past
(an overdue ask gets no breach job, so nothing fires at once). Digests start when a server's
worker starts.

Afterwards, `longhand reindex` builds the search index in one pass (a server would otherwise
catch up through the whole event log).

Exit codes: 0 seeded, 2 refused or could not run.";

/// Runs `longhand seed`.
pub async fn run(args: SeedArgs) -> ExitCode {
    match seed_and_report(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(USAGE)
        }
    }
}

async fn seed_and_report(args: SeedArgs) -> anyhow::Result<()> {
    let sizes = Sizes {
        members: args.members,
        documents: args.documents,
        comments: args.comments,
        asks: args.asks,
    };
    let plan = SeedPlan::new(sizes, args.seed, args.seed_password.as_deref())?;
    let app = super::open(&args.workspace).await?;
    let bar = progress_bar();
    let shown = bar.clone();
    let started = Instant::now();
    let summary = seed::run(&app, &plan, &move |p: SeedProgress| {
        shown.set_length(p.total);
        shown.set_position(p.done);
        shown.set_message(p.stage);
    })
    .await?;
    bar.finish_and_clear();
    print!("{}", report(&summary, started.elapsed().as_secs_f64()));
    Ok(())
}

fn report(s: &SeedSummary, seconds: f64) -> String {
    format!(
        "seeded in {seconds:.1} s: {} members, {} teams, {} spaces, {} documents ({} revisions), \
         {} threads, {} comments, {} asks; {} events, {} jobs queued\n\
         sign in as {} with the password {} (every seeded account has it)\n\
         next: longhand reindex, to build the search index in one pass\n",
        s.members,
        s.teams,
        s.spaces,
        s.documents,
        s.revisions,
        s.threads,
        s.comments,
        s.asks,
        s.events,
        s.jobs,
        s.admin_email,
        s.password
    )
}

/// A bar with the items written, drawn only when stderr is a terminal.
fn progress_bar() -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} items ({msg}) {elapsed} eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}
