//! `longhand seed`: a large synthetic workspace, on demand, for benchmarks.
//!
//! An empty workspace is filled with members in many zones (each with working hours), teams
//! with DRIs and charters, public and private spaces, documents of every kind and
//! classification with one to three revisions, comment and topic threads, and asks in every
//! state, all from word lists and one seeded generator, so a seed gives the same content
//! every time (only the shared password's salt and the event log's instants differ).
//!
//! Going through the per-item actions (a transaction each) is far too slow for a million
//! comments, so the seed writes rows in bulk (`store::seed`, multi-row inserts) in large
//! transactions, and appends in each one the events the actions would have appended
//! (`store::events::append_many`), so the chain holds one entry per change and `longhand
//! verify` passes. Content instants lie in the year before the seed; the events carry the
//! instant they were written, as every event does.
//!
//! Jobs: only instants still ahead are queued (an open ask's reminder, escalation and
//! expiry); nothing is queued for an instant already past, which would fire at once. Digest
//! chains are started by the worker at start-up (`digests::schedule_missing`).

mod asks;
mod people;
mod words;
mod writing;

use super::{App, OpError, OpResult, commit, invalid};
use crate::store::WriteTx;
use crate::store::events::{self, BatchEvent};
use crate::store::seed as store_seed;
use jiff::{SignedDuration, Timestamp};
use words::Words;

/// The password of every seeded account unless another is given.
pub const DEFAULT_PASSWORD: &str = "longhand-seed";
/// The seed used unless another is given.
pub const DEFAULT_SEED: u64 = 14;

/// The largest sizes a seed accepts.
pub const MAX_MEMBERS: i64 = 10_000;
pub const MAX_DOCUMENTS: i64 = 1_000_000;
pub const MAX_COMMENTS: i64 = 10_000_000;
pub const MAX_ASKS: i64 = 2_000_000;

/// How much to write; built by [`SeedPlan::new`], which checks the sizes.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    members: usize,
    documents: usize,
    comments: usize,
    asks: usize,
    seed: u64,
    password: super::auth::Password,
    password_text: String,
}

/// The sizes as given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub members: i64,
    pub documents: i64,
    pub comments: i64,
    pub asks: i64,
}

fn size(what: &str, value: i64, low: i64, high: i64) -> OpResult<usize> {
    if value < low || value > high {
        return Err(invalid(format!(
            "--{what} must be between {low} and {high}, not {value}"
        )));
    }
    usize::try_from(value).map_err(invalid)
}

impl SeedPlan {
    /// Checks the sizes (at least two members, so asks have someone to go to; at most the
    /// `MAX_*` caps) and the password (the sign-in rules: 10 to 256 characters).
    pub fn new(sizes: Sizes, seed: u64, password: Option<&str>) -> OpResult<SeedPlan> {
        let password_text = password.unwrap_or(DEFAULT_PASSWORD).to_owned();
        Ok(SeedPlan {
            members: size("members", sizes.members, 2, MAX_MEMBERS)?,
            documents: size("documents", sizes.documents, 0, MAX_DOCUMENTS)?,
            comments: size("comments", sizes.comments, 0, MAX_COMMENTS)?,
            asks: size("asks", sizes.asks, 0, MAX_ASKS)?,
            seed,
            password: super::auth::Password::parse(&password_text)
                .map_err(|err| invalid(format!("--seed-password: {err}")))?,
            password_text,
        })
    }

    fn total(&self) -> u64 {
        (self.members + self.documents + self.comments + self.asks) as u64
    }
}

/// How far a seed has come: items written of the total, and what it is writing.
#[derive(Debug, Clone, Copy)]
pub struct SeedProgress {
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

/// What a seed wrote.
#[derive(Debug, Clone, Default)]
pub struct SeedSummary {
    pub members: u64,
    pub teams: u64,
    pub spaces: u64,
    pub documents: u64,
    pub revisions: u64,
    pub threads: u64,
    pub comments: u64,
    pub asks: u64,
    pub events: u64,
    pub jobs: u64,
    /// The admin to sign in as, and every account's password.
    pub admin_email: String,
    pub password: String,
}

/// Fills an empty workspace as `plan` says. Refuses (`OpError::Conflict`) when any member or
/// document exists: a seed never mixes with real content.
pub async fn run(
    app: &App,
    plan: &SeedPlan,
    progress: &(dyn Fn(SeedProgress) + Sync),
) -> OpResult<SeedSummary> {
    {
        let mut conn = app.store().read().await?;
        if !store_seed::workspace_is_empty(&mut conn).await? {
            return Err(OpError::Conflict(
                "this workspace already has members or documents; seed a new, empty one (another --data-dir or database)"
                    .to_owned(),
            ));
        }
    }
    let mut seeder = Seeder {
        app,
        words: Words::new(plan.seed),
        now: app.now(),
        progress,
        done: 0,
        total: plan.total(),
        summary: SeedSummary {
            password: plan.password_text.clone(),
            ..SeedSummary::default()
        },
    };
    let password_hash = super::auth::hash_password(plan.password.clone()).await?;
    let world = people::seed(&mut seeder, plan.members, &password_hash).await?;
    let docs = writing::documents(&mut seeder, &world, plan.documents).await?;
    writing::threads(&mut seeder, &world, &docs, plan.comments).await?;
    asks::seed(&mut seeder, &world, plan.asks).await?;
    let mut tx = app.store().write().await?;
    store_seed::finish(&mut tx, app.store().dialect()).await?;
    commit(tx).await?;
    Ok(seeder.summary)
}

/// The state a seed carries from phase to phase.
struct Seeder<'a> {
    app: &'a App,
    words: Words,
    /// The instant content leads up to.
    now: Timestamp,
    progress: &'a (dyn Fn(SeedProgress) + Sync),
    done: u64,
    total: u64,
    summary: SeedSummary,
}

impl Seeder<'_> {
    /// The start of the seeded history, a year before the seed.
    fn history_start(&self) -> Timestamp {
        self.now - SignedDuration::from_hours(24 * 365)
    }

    /// An instant uniformly between `from` and `to` (whole microseconds).
    fn instant_between(&mut self, from: Timestamp, to: Timestamp) -> Timestamp {
        let (low, high) = (from.as_microsecond(), to.as_microsecond());
        let at = self.words.between(low, high.max(low));
        Timestamp::from_microsecond(at).unwrap_or(from)
    }

    /// Appends a batch's events and commits it, then reports `items` more done.
    async fn commit(
        &mut self,
        mut tx: WriteTx,
        events: &[BatchEvent],
        stage: &'static str,
        items: u64,
    ) -> OpResult<()> {
        events::append_many(&mut tx, self.app.store().dialect(), self.app.now(), events).await?;
        commit(tx).await?;
        self.summary.events += events.len() as u64;
        self.done += items;
        (self.progress)(SeedProgress {
            stage,
            done: self.done,
            total: self.total,
        });
        Ok(())
    }
}

/// An event of a batch, its payload in the canonical text `append` would store.
fn event(actor: Option<i64>, kind: &'static str, payload: serde_json::Value) -> BatchEvent {
    BatchEvent {
        actor_id: actor,
        kind,
        payload: payload.to_string(),
    }
}
