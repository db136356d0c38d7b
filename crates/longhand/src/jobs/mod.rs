//! Background jobs: a closed set of kinds, stored in the `jobs` table, run by a worker in
//! every server process.
//!
//! A job's effect and its completion commit in one transaction, and every effect carries a
//! dedupe key, so with several replicas each reminder and escalation happens exactly once —
//! also when a replica dies mid-run (its lease expires and another replica redoes the job,
//! whose half-done work was never committed). Tests drain the queue with [`run_due`] on a
//! fake clock instead of running the loop.
//!
//! A job that needs the network (polling a calendar feed) fetches in [`Job::prepare`], before
//! its transaction opens, so no database lock is held while a remote server takes its time.

mod asks;
mod away;
mod meetings;
mod planned_meetings;

use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::jobs::{self as store_jobs, ClaimedJob};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Every kind of job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Remind the responder that an ask is at its reminder point.
    RemindAsk { ask_id: i64, remind_at: Timestamp },
    /// The ask is past due: tell the responder, the asker and the escalation path.
    EscalateAsk { ask_id: i64, due_at: Timestamp },
    /// The asker's "needed by" passed: an ask still open expires.
    ExpireAsk { ask_id: i64, needed_by: Timestamp },
    /// A member's time off begins: askers of open asks falling due during it hear about it.
    NoteAway {
        member_id: i64,
        first_day: jiff::civil::Date,
        starts_at: Timestamp,
    },
    /// Fetch a member's calendar feed; each poll schedules the next (or a retry).
    PollCalendarFeed { member_id: i64, run_at: Timestamp },
    /// A planned meeting's agenda cutoff (24 hours before it): flag it "no agenda, cancel"
    /// unless its agenda is complete.
    FlagMeeting { meeting_id: i64, cutoff: Timestamp },
    /// A planned meeting ended: remind the organiser that its outcome is due.
    MeetingOutcomeDue { meeting_id: i64, end: Timestamp },
}

/// What a job fetched before its transaction.
#[derive(Debug)]
enum Prepared {
    Nothing,
    Feed(meetings::Fetch),
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::RemindAsk { .. } => "remind_ask",
            Job::EscalateAsk { .. } => "escalate_ask",
            Job::ExpireAsk { .. } => "expire_ask",
            Job::NoteAway { .. } => "note_away",
            Job::PollCalendarFeed { .. } => "poll_calendar_feed",
            Job::FlagMeeting { .. } => "flag_meeting",
            Job::MeetingOutcomeDue { .. } => "meeting_outcome_due",
        }
    }

    fn run_at(&self) -> Timestamp {
        match self {
            Job::RemindAsk { remind_at, .. } => *remind_at,
            Job::EscalateAsk { due_at, .. } => *due_at,
            Job::ExpireAsk { needed_by, .. } => *needed_by,
            Job::NoteAway { starts_at, .. } => *starts_at,
            Job::PollCalendarFeed { run_at, .. } => *run_at,
            Job::FlagMeeting { cutoff, .. } => *cutoff,
            Job::MeetingOutcomeDue { end, .. } => *end,
        }
    }

    /// One job per ask and instant: rescheduling to a new instant is a new job, and the old
    /// one notices it is stale when it runs.
    fn dedupe_key(&self) -> String {
        match self {
            Job::RemindAsk { ask_id, remind_at } => {
                format!("remind_ask:{ask_id}:{}", remind_at.as_second())
            }
            Job::EscalateAsk { ask_id, due_at } => {
                format!("escalate_ask:{ask_id}:{}", due_at.as_second())
            }
            Job::ExpireAsk { ask_id, needed_by } => {
                format!("expire_ask:{ask_id}:{}", needed_by.as_second())
            }
            // One notice per stretch of time off: its first day names it.
            Job::NoteAway {
                member_id,
                first_day,
                ..
            } => format!("note_away:{member_id}:{first_day}"),
            Job::PollCalendarFeed { member_id, run_at } => {
                format!("poll_calendar_feed:{member_id}:{}", run_at.as_microsecond())
            }
            Job::FlagMeeting { meeting_id, cutoff } => {
                format!("flag_meeting:{meeting_id}:{}", cutoff.as_second())
            }
            Job::MeetingOutcomeDue { meeting_id, end } => {
                format!("meeting_outcome_due:{meeting_id}:{}", end.as_second())
            }
        }
    }

    /// Enqueues the job inside the caller's transaction.
    pub(crate) async fn enqueue(&self, app: &App, tx: &mut WriteTx) -> OpResult<()> {
        let payload = serde_json::to_string(self).map_err(|err| OpError::Internal(err.into()))?;
        store_jobs::enqueue(
            tx,
            self.kind(),
            &payload,
            self.run_at(),
            &self.dedupe_key(),
            app.now(),
        )
        .await?;
        Ok(())
    }

    /// Network work, done before the job's transaction opens.
    async fn prepare(&self, app: &App) -> OpResult<Prepared> {
        match self {
            Job::PollCalendarFeed { member_id, run_at } => Ok(Prepared::Feed(
                meetings::fetch(app, *member_id, *run_at).await?,
            )),
            _ => Ok(Prepared::Nothing),
        }
    }

    async fn execute(&self, app: &App, tx: &mut WriteTx, prepared: Prepared) -> OpResult<()> {
        match self {
            Job::RemindAsk { ask_id, remind_at } => {
                asks::remind(app, tx, *ask_id, *remind_at).await
            }
            Job::EscalateAsk { ask_id, due_at } => asks::escalate(app, tx, *ask_id, *due_at).await,
            Job::ExpireAsk { ask_id, needed_by } => {
                asks::expire(app, tx, *ask_id, *needed_by).await
            }
            Job::NoteAway {
                member_id,
                first_day,
                ..
            } => away::note(app, tx, *member_id, *first_day).await,
            Job::PollCalendarFeed { member_id, run_at } => match prepared {
                Prepared::Feed(fetch) => {
                    meetings::record(app, tx, *member_id, *run_at, fetch).await
                }
                Prepared::Nothing => Ok(()),
            },
            Job::FlagMeeting { meeting_id, cutoff } => {
                planned_meetings::flag(app, tx, *meeting_id, *cutoff).await
            }
            Job::MeetingOutcomeDue { meeting_id, end } => {
                planned_meetings::outcome_due(app, tx, *meeting_id, *end).await
            }
        }
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
    if let Err(err) = execute(app, worker, &job).await {
        tracing::warn!(job = job.id, kind = job.kind, error = %err, "job failed; will retry");
        let mut tx = app.store().write().await?;
        store_jobs::retry_later(
            &mut tx,
            job.id,
            app.now() + backoff(job.attempts),
            &err.to_string(),
        )
        .await?;
        crate::ops::commit(tx).await?;
    }
    Ok(true)
}

async fn execute(app: &App, worker: &str, claimed: &ClaimedJob) -> OpResult<()> {
    let job: Job = serde_json::from_str(&claimed.payload).map_err(|err| {
        OpError::Internal(anyhow::anyhow!("unreadable job {}: {err}", claimed.id))
    })?;
    let prepared = job.prepare(app).await?;
    let mut tx = app.store().write().await?;
    // Finish first: if another worker took the job over after our lease ran out, this
    // transaction does nothing and rolls back.
    if !store_jobs::finish(&mut tx, claimed.id, worker, app.now()).await? {
        return Ok(());
    }
    job.execute(app, &mut tx, prepared).await?;
    crate::ops::commit(tx).await
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

/// The worker loop of a server process: polls every two seconds until `stop` fires.
pub async fn work(app: App, worker: String, mut stop: tokio::sync::watch::Receiver<bool>) {
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

    #[test]
    fn jobs_round_trip_through_their_payload() {
        let job = Job::RemindAsk {
            ask_id: 7,
            remind_at: "2026-04-06T08:00:00Z".parse().unwrap(),
        };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(
            text,
            r#"{"kind":"remind_ask","ask_id":7,"remind_at":"2026-04-06T08:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
        assert_eq!(job.dedupe_key(), "remind_ask:7:1775462400");
    }
}
