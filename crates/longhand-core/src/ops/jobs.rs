//! Jobs, as `ops` see them: the description of work to do later ([`Job`], queued inside the
//! caller's transaction with `Job::enqueue`), and, for admins, the jobs given up on (dead)
//! and putting one back in the queue.
//!
//! Architecture Invariant: a job here is only a value. The worker (`crate::worker`) sits above
//! `ops`: it claims a stored job, decodes this description, and carries it out by calling
//! `ops` and the store. Nothing in `ops` calls the worker.
//!
//! A job dies after `worker::MAX_ATTEMPTS` failures; `/readyz` only counts them. Here an admin
//! sees which they are and why they failed, and once the cause is fixed (a feed back up, a
//! rolled-back release rolled forward) retries one: it runs at once, with its attempts reset.

use super::{Actor, App, OpError, OpResult, commit, forbidden};
use crate::store::WriteTx;
use crate::store::jobs::{self as store_jobs};
use crate::views::jobs::DeadJob;
use jiff::Timestamp;
use longhand_domain::access;
use longhand_domain::instant::at_storage_precision;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// How many dead jobs the admin page and the API list, most recent first.
pub const DEAD_LISTED: i64 = 100;

fn require_admin(actor: &Actor) -> OpResult<()> {
    if access::can_administer(actor.role) {
        Ok(())
    } else {
        Err(forbidden("only admins can see and retry failed jobs"))
    }
}

/// The most recent dead jobs, with the error that ended each (admins only).
pub async fn dead(app: &App, actor: &Actor) -> OpResult<Vec<DeadJob>> {
    require_admin(actor)?;
    let mut conn = app.store().read().await?;
    Ok(store_jobs::dead(&mut conn, DEAD_LISTED).await?)
}

/// Puts a dead job back in the queue with its attempts reset (admins only), recorded as
/// `job.retried`. A job that is not dead (retried already, or still trying) is a conflict.
pub async fn retry(app: &App, actor: &Actor, id: i64) -> OpResult<()> {
    require_admin(actor)?;
    let mut tx = app.store().write().await?;
    let Some(kind) = store_jobs::revive(&mut tx, id, app.now()).await? else {
        return Err(if store_jobs::exists(&mut tx, id).await? {
            OpError::Conflict(format!(
                "job {id} is not dead: it was retried already or is still being tried"
            ))
        } else {
            OpError::NotFound("job")
        });
    };
    app.record(
        &mut tx,
        Some(actor),
        "job.retried",
        json!({ "job": id, "kind": kind }),
    )
    .await?;
    commit(tx).await
}

/// Every kind of job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Remind the responder that an ask is at its reminder point.
    RemindAsk {
        ask_id: i64,
        remind_at: Timestamp,
        /// The `ask.reassigned` event that gave the ask to its responder; `None` for the
        /// first responder. See `Job::dedupe_key`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignment: Option<i64>,
    },
    /// The ask is past due: tell the responder, the asker and the escalation path.
    EscalateAsk {
        ask_id: i64,
        due_at: Timestamp,
        /// As for `Job::RemindAsk`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignment: Option<i64>,
    },
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
    /// A decision record's review date arrived (the morning of that day in its owner's zone):
    /// remind the owner to check the decision still holds.
    ReviewDecision {
        document_id: i64,
        review_date: jiff::civil::Date,
        remind_at: Timestamp,
    },
    /// 24 business hours before a review window closes: remind whoever has not answered.
    ReviewClosingSoon { round_id: i64, at: Timestamp },
    /// A review window's end: close the round (if it still closes then) and tell the owner.
    CloseReviewRound { round_id: i64, closes_at: Timestamp },
    /// An open question's deadline: unanswered, the owner is asked to decide on what is known.
    ReviewQuestionDue {
        question_id: i64,
        deadline: Timestamp,
    },
    /// A member's digest is due: send it (unless empty) and queue the next one. The member's
    /// `digest_schedules` row names the live instant; a job for another one is stale.
    SendDigest { member_id: i64, at: Timestamp },
    /// A snoozed notification's time came: it is back, unread (unless snoozed again or
    /// opened since).
    ReturnNotification {
        notification_id: i64,
        until: Timestamp,
    },
    /// Send one delivery (`ops::deliveries`) to its channel: email, Slack-compatible or JSON
    /// webhook. The network call happens before the job's transaction; a failure is retried
    /// with the worker's backoff.
    Deliver { delivery_id: i64, at: Timestamp },
    /// A member's check-in prompt in a team; it queues the member's next one. `version` is the
    /// schedule's: a chain queued under an older schedule stops.
    CheckinPrompt {
        team_id: i64,
        member_id: i64,
        version: i64,
        prompt_at: Timestamp,
    },
    /// 80 % into a check-in's on-time window: remind the member unless they answered.
    CheckinReminder {
        team_id: i64,
        member_id: i64,
        version: i64,
        prompt_at: Timestamp,
        remind_at: Timestamp,
    },
    /// An open blocker's escalation step (0-based) along the team's escalation path.
    EscalateBlocker {
        blocker_id: i64,
        step: u32,
        at: Timestamp,
    },
}

impl Job {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Job::RemindAsk { .. } => "remind_ask",
            Job::EscalateAsk { .. } => "escalate_ask",
            Job::ExpireAsk { .. } => "expire_ask",
            Job::NoteAway { .. } => "note_away",
            Job::PollCalendarFeed { .. } => "poll_calendar_feed",
            Job::FlagMeeting { .. } => "flag_meeting",
            Job::MeetingOutcomeDue { .. } => "meeting_outcome_due",
            Job::ReviewDecision { .. } => "review_decision",
            Job::ReviewClosingSoon { .. } => "review_closing_soon",
            Job::CloseReviewRound { .. } => "close_review_round",
            Job::ReviewQuestionDue { .. } => "review_question_due",
            Job::SendDigest { .. } => "send_digest",
            Job::ReturnNotification { .. } => "return_notification",
            Job::Deliver { .. } => "deliver",
            Job::CheckinPrompt { .. } => "checkin_prompt",
            Job::CheckinReminder { .. } => "checkin_reminder",
            Job::EscalateBlocker { .. } => "escalate_blocker",
        }
    }

    /// The instant the job is for; it runs then.
    pub(crate) fn run_at(&self) -> Timestamp {
        match self {
            Job::RemindAsk { remind_at: at, .. }
            | Job::EscalateAsk { due_at: at, .. }
            | Job::ExpireAsk { needed_by: at, .. }
            | Job::NoteAway { starts_at: at, .. }
            | Job::PollCalendarFeed { run_at: at, .. }
            | Job::FlagMeeting { cutoff: at, .. }
            | Job::MeetingOutcomeDue { end: at, .. }
            | Job::ReviewDecision { remind_at: at, .. }
            | Job::ReviewClosingSoon { at, .. }
            | Job::CloseReviewRound { closes_at: at, .. }
            | Job::ReviewQuestionDue { deadline: at, .. }
            | Job::SendDigest { at, .. }
            | Job::Deliver { at, .. }
            | Job::CheckinPrompt { prompt_at: at, .. }
            | Job::CheckinReminder { remind_at: at, .. }
            | Job::EscalateBlocker { at, .. }
            | Job::ReturnNotification { until: at, .. } => *at,
        }
    }

    fn run_at_mut(&mut self) -> &mut Timestamp {
        match self {
            Job::RemindAsk { remind_at: at, .. }
            | Job::EscalateAsk { due_at: at, .. }
            | Job::ExpireAsk { needed_by: at, .. }
            | Job::NoteAway { starts_at: at, .. }
            | Job::PollCalendarFeed { run_at: at, .. }
            | Job::FlagMeeting { cutoff: at, .. }
            | Job::MeetingOutcomeDue { end: at, .. }
            | Job::ReviewDecision { remind_at: at, .. }
            | Job::ReviewClosingSoon { at, .. }
            | Job::CloseReviewRound { closes_at: at, .. }
            | Job::ReviewQuestionDue { deadline: at, .. }
            | Job::SendDigest { at, .. }
            | Job::Deliver { at, .. }
            | Job::CheckinPrompt { prompt_at: at, .. }
            | Job::CheckinReminder { remind_at: at, .. }
            | Job::EscalateBlocker { at, .. }
            | Job::ReturnNotification { until: at, .. } => at,
        }
    }

    /// One job per subject and instant, to the microsecond: rescheduling to a new instant is
    /// a new job (even within the same second), and the old one notices it is stale when it
    /// runs.
    ///
    /// An ask's reminder and escalation are also one per assignment. Handed A → B → A, the
    /// ask gets A's instants back; A's first jobs may have run meanwhile and skipped (B held
    /// the ask), and a key of the instant alone would queue nothing for A's second turn.
    /// Two jobs of one instant cannot both notify one person: the notifications' own keys
    /// are the instant's and the person's.
    pub(crate) fn dedupe_key(&self) -> String {
        let at = self.run_at().as_microsecond();
        let turn = |assignment: &Option<i64>| match assignment {
            Some(event) => format!(":after:{event}"),
            None => String::new(),
        };
        match self {
            Job::RemindAsk {
                ask_id, assignment, ..
            } => format!("remind_ask:{ask_id}:{at}{}", turn(assignment)),
            Job::EscalateAsk {
                ask_id, assignment, ..
            } => format!("escalate_ask:{ask_id}:{at}{}", turn(assignment)),
            Job::ExpireAsk { ask_id, .. } => format!("expire_ask:{ask_id}:{at}"),
            // A stretch of time off is named by the instant it begins, not its first day: a
            // member who changes zone keeps the day but moves the instant, and the notice
            // must be queued again for the new one.
            Job::NoteAway { member_id, .. } => format!("note_away:{member_id}:{at}"),
            Job::PollCalendarFeed { member_id, .. } => {
                format!("poll_calendar_feed:{member_id}:{at}")
            }
            Job::FlagMeeting { meeting_id, .. } => format!("flag_meeting:{meeting_id}:{at}"),
            Job::MeetingOutcomeDue { meeting_id, .. } => {
                format!("meeting_outcome_due:{meeting_id}:{at}")
            }
            Job::ReviewDecision {
                document_id,
                review_date,
                ..
            } => format!("review_decision:{document_id}:{review_date}:{at}"),
            // A reopened round closes at a new instant: its jobs are new jobs.
            Job::ReviewClosingSoon { round_id, .. } => {
                format!("review_closing_soon:{round_id}:{at}")
            }
            Job::CloseReviewRound { round_id, .. } => {
                format!("close_review_round:{round_id}:{at}")
            }
            Job::ReviewQuestionDue { question_id, .. } => {
                format!("review_question_due:{question_id}:{at}")
            }
            // `store::digests::unscheduled` matches this form to find members whose chain
            // broke off.
            Job::SendDigest { member_id, .. } => format!("send_digest:{member_id}:{at}"),
            Job::ReturnNotification {
                notification_id, ..
            } => format!("return_notification:{notification_id}:{at}"),
            Job::Deliver { delivery_id, .. } => format!("deliver:{delivery_id}:{at}"),
            // One prompt per member, period and schedule version: two replicas queueing the
            // same next prompt queue one job, and a re-saved schedule starts a new chain.
            Job::CheckinPrompt {
                team_id,
                member_id,
                version,
                ..
            } => format!("checkin_prompt:{team_id}:{member_id}:{at}:v{version}"),
            Job::CheckinReminder {
                team_id,
                member_id,
                version,
                ..
            } => format!("checkin_reminder:{team_id}:{member_id}:{at}:v{version}"),
            // Exactly once per step, whatever instant the owner's calendar gives it.
            Job::EscalateBlocker {
                blocker_id, step, ..
            } => format!("escalate_blocker:{blocker_id}:{step}"),
        }
    }

    /// Enqueues the job inside the caller's transaction. Its instant is stored in whole
    /// microseconds; the payload keeps the same value, so the job's "am I stale?" checks
    /// compare like with like.
    pub(crate) async fn enqueue(&self, app: &App, tx: &mut WriteTx) -> OpResult<()> {
        let mut job = self.clone();
        let at = job.run_at_mut();
        *at = at_storage_precision(*at);
        let payload = serde_json::to_string(&job).map_err(|err| OpError::Internal(err.into()))?;
        store_jobs::enqueue(
            tx,
            job.kind(),
            &payload,
            job.run_at(),
            &job.dedupe_key(),
            app.now(),
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_rescheduled_within_the_same_second_is_queued_again() {
        for t in crate::store::testing::stores().await {
            let at: Timestamp = "2026-03-10T10:00:00.100000Z".parse().unwrap();
            let app = App::new(t.store.clone(), crate::clock::Clock::fake(at));
            let mut tx = app.store().write().await.unwrap();
            for due_at in [
                at + SignedDuration::from_secs(60),
                at + SignedDuration::from_millis(60_400),
            ] {
                Job::EscalateAsk {
                    ask_id: 1,
                    due_at,
                    assignment: None,
                }
                .enqueue(&app, &mut tx)
                .await
                .unwrap();
            }
            crate::ops::commit(tx).await.unwrap();
            let mut conn = app.store().read().await.unwrap();
            assert_eq!(store_jobs::pending_count(&mut conn).await.unwrap(), 2);
        }
    }

    #[test]
    fn a_payload_keeps_whole_microseconds_like_its_row() {
        let mut job = Job::RemindAsk {
            ask_id: 7,
            remind_at: "2026-04-06T08:00:00.123456789Z".parse().unwrap(),
            assignment: None,
        };
        let at = job.run_at_mut();
        *at = at_storage_precision(*at);
        assert_eq!(job.dedupe_key(), "remind_ask:7:1775462400123456");
        assert_eq!(job.run_at().to_string(), "2026-04-06T08:00:00.123456Z");
    }

    #[test]
    fn a_reassigned_asks_jobs_are_keyed_by_its_turn_as_well_as_the_instant() {
        let job = Job::EscalateAsk {
            ask_id: 7,
            due_at: "2026-04-06T08:00:00Z".parse().unwrap(),
            assignment: Some(42),
        };
        assert_eq!(job.dedupe_key(), "escalate_ask:7:1775462400000000:after:42");
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
    }

    #[test]
    fn jobs_round_trip_through_their_payload() {
        let job = Job::RemindAsk {
            ask_id: 7,
            remind_at: "2026-04-06T08:00:00Z".parse().unwrap(),
            assignment: None,
        };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(
            text,
            r#"{"kind":"remind_ask","ask_id":7,"remind_at":"2026-04-06T08:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
        assert_eq!(job.dedupe_key(), "remind_ask:7:1775462400000000");
    }
}
