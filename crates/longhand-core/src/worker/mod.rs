//! The worker: runs the background jobs `ops` queued (`ops::jobs::Job`, a closed set of
//! kinds stored in the `jobs` table), in every server process. It sits above `ops`: it decodes
//! a job's description and carries it out with `ops` helpers and the store, one file per area.
//!
//! A job's effect and its completion commit in one transaction, and every effect carries a
//! dedupe key, so with several replicas each reminder and escalation happens exactly once —
//! also when a replica dies mid-run (its lease expires and another replica redoes the job,
//! whose half-done work was never committed). Tests drain the queue with [`run_due`] on a
//! fake clock instead of running the loop.
//!
//! A job that needs the network (polling a calendar feed, sending a delivery) does it in
//! `prepare`, before its transaction opens, so no database lock is held while a remote server takes its time.
//!
//! A claim is a short lease (`store::jobs::LEASE`, 10 s) that the running job renews every
//! [`HEARTBEAT`], so the job of a replica that dies resumes elsewhere within seconds. A job
//! that fails is retried with backoff, up to [`MAX_ATTEMPTS`]; then it is dead: logged as an
//! error, never claimed again, counted in `/readyz` and listed by [`dead`]; an admin can put
//! it back in the queue with its attempts reset (`ops::jobs::retry`).
//!
//! Instants in a payload are at storage precision (whole microseconds), like the rows they
//! are compared with; a job that finds its row moved on does nothing and says why in the log.

mod asks;
mod away;
mod checkins;
mod decisions;
mod deliveries;
mod digests;
mod meetings;
mod notifications;
mod planned_meetings;
mod reviews;

use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::jobs::{self as store_jobs, ClaimedJob};
use jiff::SignedDuration;
use std::convert::Infallible;
use std::time::Duration;

use crate::ops::jobs::Job;
use crate::views::jobs::DeadJob;

/// How many times a job is tried before it is given up on as dead. With the backoff below
/// the last retry comes about four and a half hours after the first failure.
pub const MAX_ATTEMPTS: i64 = 10;

/// How often a running job renews its lease: three renewals fit in one lease, so a slow
/// database answer does not cost a live worker its claim.
pub const HEARTBEAT: Duration = Duration::from_secs(3);

/// What a job did: acted, or decided there was nothing to do (and why, for the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ran {
    Acted,
    Skipped(&'static str),
}

/// What a job fetched before its transaction.
#[derive(Debug)]
enum Prepared {
    Nothing,
    Feed(meetings::Fetch),
    Delivery(deliveries::Outcome),
}

/// Network work, done before the job's transaction opens.
async fn prepare(job: &Job, app: &App) -> OpResult<Prepared> {
    match job {
        Job::PollCalendarFeed { member_id, run_at } => Ok(Prepared::Feed(
            meetings::fetch(app, *member_id, *run_at).await?,
        )),
        Job::Deliver { delivery_id, .. } => Ok(Prepared::Delivery(
            deliveries::send(app, *delivery_id).await?,
        )),
        _ => Ok(Prepared::Nothing),
    }
}

async fn execute_job(job: &Job, app: &App, tx: &mut WriteTx, prepared: Prepared) -> OpResult<Ran> {
    match job {
        Job::RemindAsk {
            ask_id, remind_at, ..
        } => asks::remind(app, tx, *ask_id, *remind_at).await,
        Job::EscalateAsk { ask_id, due_at, .. } => asks::escalate(app, tx, *ask_id, *due_at).await,
        Job::ExpireAsk { ask_id, needed_by } => asks::expire(app, tx, *ask_id, *needed_by).await,
        Job::NoteAway {
            member_id,
            first_day,
            starts_at,
        } => away::note(app, tx, *member_id, *first_day, *starts_at).await,
        Job::PollCalendarFeed { member_id, run_at } => match prepared {
            Prepared::Feed(fetch) => meetings::record(app, tx, *member_id, *run_at, fetch).await,
            _ => Ok(Ran::Skipped("nothing was fetched")),
        },
        Job::FlagMeeting { meeting_id, cutoff } => {
            planned_meetings::flag(app, tx, *meeting_id, *cutoff).await
        }
        Job::MeetingOutcomeDue { meeting_id, end } => {
            planned_meetings::outcome_due(app, tx, *meeting_id, *end).await
        }
        Job::ReviewDecision {
            document_id,
            review_date,
            ..
        } => decisions::remind_review(app, tx, *document_id, *review_date).await,
        Job::ReviewClosingSoon { round_id, at } => {
            reviews::closing_soon(app, tx, *round_id, *at).await
        }
        Job::CloseReviewRound {
            round_id,
            closes_at,
        } => reviews::close(app, tx, *round_id, *closes_at).await,
        Job::ReviewQuestionDue {
            question_id,
            deadline,
        } => reviews::question_due(app, tx, *question_id, *deadline).await,
        Job::SendDigest { member_id, at } => digests::send(app, tx, *member_id, *at).await,
        Job::ReturnNotification {
            notification_id,
            until,
        } => notifications::bring_back(tx, *notification_id, *until).await,
        Job::Deliver { delivery_id, .. } => match prepared {
            Prepared::Delivery(outcome) => deliveries::record(app, tx, *delivery_id, outcome).await,
            _ => Ok(Ran::Skipped("nothing was sent")),
        },
        Job::CheckinPrompt {
            team_id,
            member_id,
            version,
            prompt_at,
        } => checkins::prompt(app, tx, (*team_id, *member_id, *version), *prompt_at).await,
        Job::CheckinReminder {
            team_id,
            member_id,
            version,
            prompt_at,
            ..
        } => checkins::remind(app, tx, (*team_id, *member_id, *version), *prompt_at).await,
        Job::EscalateBlocker {
            blocker_id, step, ..
        } => checkins::escalate(app, tx, *blocker_id, *step).await,
    }
}

/// How long a failed job waits before its next attempt: 30 s, doubling, at most an hour.
fn backoff(attempts: i64) -> SignedDuration {
    let exponent = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    SignedDuration::from_secs((30 * 2i64.pow(exponent)).min(3600))
}

/// Claims and runs one due job; returns whether there was one.
pub async fn run_one(app: &App, worker: &str) -> OpResult<bool> {
    let now = app.now();
    let claimed = {
        let mut tx = app.store().write().await?;
        let claimed = store_jobs::claim(&mut tx, app.store().dialect(), worker, now).await?;
        crate::ops::commit(tx).await?;
        claimed
    };
    let Some(job) = claimed else { return Ok(false) };
    if job.attempts > MAX_ATTEMPTS {
        // Every earlier attempt ended without finishing or failing: the worker died mid-run
        // each time. A job that takes its worker down with it must not do so for ever.
        let why = "every attempt ended with its worker gone (lease expired)";
        give_up(app, worker, &job, why).await?;
        return Ok(true);
    }
    match with_heartbeat(app, worker, job.id, execute(app, worker, &job)).await {
        Ok(Ran::Acted) => {}
        Ok(Ran::Skipped(why)) => {
            tracing::info!(
                job = job.id,
                kind = job.kind,
                reason = why,
                "job did nothing"
            );
        }
        Err(err) => fail(app, worker, &job, &err.to_string()).await?,
    }
    Ok(true)
}

/// Runs `work` while renewing the job's lease every [`HEARTBEAT`]. When the process dies the
/// renewals stop with it, and the lease runs out soon after.
async fn with_heartbeat<T>(
    app: &App,
    worker: &str,
    id: i64,
    work: impl std::future::Future<Output = T>,
) -> T {
    tokio::select! {
        out = work => out,
        never = heartbeat(app, worker, id) => match never {},
    }
}

async fn heartbeat(app: &App, worker: &str, id: i64) -> Infallible {
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        match renew(app, worker, id).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = id, "the job's lease was lost to another worker"),
            Err(err) => tracing::warn!(job = id, error = %err, "could not renew the job's lease"),
        }
    }
}

async fn renew(app: &App, worker: &str, id: i64) -> OpResult<bool> {
    let mut tx = app.store().write().await?;
    let held = store_jobs::renew(&mut tx, id, worker, app.now()).await?;
    crate::ops::commit(tx).await?;
    Ok(held)
}

/// A failed attempt: retried later with backoff, or given up on after [`MAX_ATTEMPTS`].
async fn fail(app: &App, worker: &str, job: &ClaimedJob, error: &str) -> OpResult<()> {
    if job.attempts >= MAX_ATTEMPTS {
        return give_up(app, worker, job, error).await;
    }
    tracing::warn!(
        job = job.id,
        kind = job.kind,
        attempt = job.attempts,
        error,
        "job failed; will retry"
    );
    let mut tx = app.store().write().await?;
    let run_at = app.now() + backoff(job.attempts);
    let held = store_jobs::retry_later(&mut tx, job.id, worker, run_at, error).await?;
    if held {
        deliveries::mirror_failure(&mut tx, job, error, None).await?;
    }
    crate::ops::commit(tx).await?;
    if !held {
        tracing::info!(
            job = job.id,
            kind = job.kind,
            "another worker holds the failed job now; left to it"
        );
    }
    Ok(())
}

/// Marks a job dead; an operator has to look at it.
async fn give_up(app: &App, worker: &str, job: &ClaimedJob, error: &str) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    let buried = store_jobs::bury(&mut tx, job.id, worker, app.now(), error).await?;
    if buried {
        deliveries::mirror_failure(&mut tx, job, error, Some(app.now())).await?;
    }
    crate::ops::commit(tx).await?;
    if buried {
        tracing::error!(
            job = job.id,
            kind = job.kind,
            attempts = job.attempts,
            error,
            "job given up on after too many attempts; it is dead and will not run again"
        );
    }
    Ok(())
}

async fn execute(app: &App, worker: &str, claimed: &ClaimedJob) -> OpResult<Ran> {
    let job: Job = serde_json::from_str(&claimed.payload).map_err(|err| {
        OpError::Internal(anyhow::anyhow!("unreadable job {}: {err}", claimed.id))
    })?;
    let prepared = prepare(&job, app).await?;
    let mut tx = app.store().write().await?;
    // Finish first: if another worker took the job over after our lease ran out, this
    // transaction does nothing and rolls back.
    if !store_jobs::finish(&mut tx, claimed.id, worker, app.now()).await? {
        return Ok(Ran::Skipped("another worker took the job over"));
    }
    let ran = execute_job(&job, app, &mut tx, prepared).await?;
    crate::ops::commit(tx).await?;
    Ok(ran)
}

/// Runs every job that is due now; returns how many ran.
pub async fn run_due(app: &App, worker: &str) -> OpResult<usize> {
    let mut ran = 0;
    while run_one(app, worker).await? {
        ran += 1;
    }
    Ok(ran)
}

/// Jobs not yet done.
pub async fn pending(app: &App) -> OpResult<i64> {
    let mut conn = app.store().read().await?;
    Ok(store_jobs::pending_count(&mut conn).await?)
}

/// How many jobs were given up on (shown in `/readyz`).
pub async fn dead_count(app: &App) -> OpResult<i64> {
    let mut conn = app.store().read().await?;
    Ok(store_jobs::dead_count(&mut conn).await?)
}

/// The most recent dead jobs, at most `limit`, with the error that ended each.
pub async fn dead(app: &App, limit: i64) -> OpResult<Vec<DeadJob>> {
    let mut conn = app.store().read().await?;
    Ok(store_jobs::dead(&mut conn, limit).await?)
}

/// The worker loop of a server process: polls every two seconds until `stop` fires.
pub async fn work(app: App, worker: String, mut stop: tokio::sync::watch::Receiver<bool>) {
    // Members whose digest chain broke off (never started, or its job died) get it back.
    match crate::ops::digests::schedule_missing(&app).await {
        Ok(0) => {}
        Ok(started) => tracing::info!(started, "started digest chains for members without one"),
        Err(err) => tracing::error!(error = %err, "could not start missing digest chains"),
    }
    loop {
        if let Err(err) = run_due(&app, &worker).await {
            tracing::error!(error = %err, "the job worker could not run jobs");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(2)) => {}
            _ = stop.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let seconds: Vec<i64> = (1..=9).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(seconds, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
