//! The seed's asks, in every state: open (on track, at risk or overdue, as their clocks say),
//! answered, declined, withdrawn and expired. Each clock is placed in the responder's calendar
//! by the domain's `response_clock`, as creating an ask places it; only an open ask's
//! reminder, escalation and expiry still ahead are queued as jobs.

use super::people::World;
use super::{BatchEvent, Seeder, event};
use crate::ops::jobs::Job;
use crate::ops::{OpResult, invalid};
use crate::store::WriteTx;
use crate::store::seed::{self as store_seed, AskRow};
use jiff::{SignedDuration, Timestamp};
use longhand_domain::asks::{AskKind, AskState, Charter, ResponseClock, response_clock};
use longhand_domain::workspace::Role;
use serde_json::json;

/// Asks per transaction.
const ASKS_PER_BATCH: usize = 5_000;

const KINDS: [(AskKind, u32); 5] = [
    (AskKind::Review, 25),
    (AskKind::Approve, 15),
    (AskKind::Input, 20),
    (AskKind::Answer, 30),
    (AskKind::Fyi, 10),
];

/// The standard charter's levels, by how often people pick them.
const URGENCIES: [(&str, u32); 5] = [
    ("normal", 50),
    ("urgent", 10),
    ("complex", 20),
    ("design-review", 15),
    ("incident", 5),
];

const STATES: [(AskState, u32); 5] = [
    (AskState::Open, 40),
    (AskState::Answered, 30),
    (AskState::Declined, 7),
    (AskState::Withdrawn, 10),
    (AskState::Expired, 13),
];

/// One batch's rows, events and the jobs still ahead.
#[derive(Default)]
struct AskBatch {
    asks: Vec<AskRow>,
    events: Vec<BatchEvent>,
    jobs: Vec<Job>,
}

/// Writes `count` asks in batches.
pub(super) async fn seed(s: &mut Seeder<'_>, world: &World, count: usize) -> OpResult<()> {
    let charter = Charter::standard();
    let mut batch = AskBatch::default();
    for i in 0..count {
        ask(s, world, &charter, &mut batch, i as i64 + 1)?;
        if batch.asks.len() == ASKS_PER_BATCH || i + 1 == count {
            let done = std::mem::take(&mut batch);
            s.summary.asks += done.asks.len() as u64;
            let mut tx = s.app.store().write().await?;
            store_seed::insert(&mut tx, &done.asks).await?;
            queue(s, &mut tx, &done.jobs).await?;
            s.commit(tx, &done.events, "asks", done.asks.len() as u64)
                .await?;
        }
    }
    Ok(())
}

async fn queue(s: &mut Seeder<'_>, tx: &mut WriteTx, jobs: &[Job]) -> OpResult<()> {
    for job in jobs {
        job.enqueue(s.app, tx).await?;
    }
    s.summary.jobs += jobs.len() as u64;
    Ok(())
}

/// Who asks, who answers, and the team asked (a fifth of a workspace's asks go to a team,
/// landing with its DRI).
fn parties(s: &mut Seeder<'_>, world: &World) -> (usize, usize, Option<usize>) {
    let asker = s.words.below(world.people.len());
    if world.people[asker].role != Role::Guest && s.words.chance(20) {
        let team = s.words.below(world.teams.len());
        let dri = world.teams[team].dri;
        if dri != asker {
            return (asker, dri, Some(team));
        }
    }
    let mut responder = s.words.below(world.people.len() - 1);
    if responder >= asker {
        responder += 1;
    }
    (asker, responder, None)
}

/// When an ask in `state` was created: open ones mostly lately (so some are on track), the
/// others any time in the last quarter; an expired one early enough to have expired.
fn created_at(s: &mut Seeder<'_>, state: AskState) -> Timestamp {
    let hours = match state {
        AskState::Open => [12, 24 * 7, 24 * 90][s.words.weighted(&[35, 35, 30])],
        _ => 24 * 90,
    };
    let low = s.now - SignedDuration::from_hours(hours);
    let high = match state {
        AskState::Expired => s.now - SignedDuration::from_hours(24 * 6),
        _ => s.now - SignedDuration::from_mins(1),
    };
    s.instant_between(low.min(high), high)
}

fn ask(
    s: &mut Seeder<'_>,
    world: &World,
    charter: &Charter,
    batch: &mut AskBatch,
    id: i64,
) -> OpResult<()> {
    let state = STATES[s.words.weighted(&STATES.map(|x| x.1))].0;
    let mut kind = KINDS[s.words.weighted(&KINDS.map(|k| k.1))].0;
    if state == AskState::Expired && kind == AskKind::Fyi {
        kind = AskKind::Answer;
    }
    let urgency = URGENCIES[s.words.weighted(&URGENCIES.map(|u| u.1))].0;
    let level = charter.level(urgency).map_err(invalid)?;
    let (asker, responder, team) = parties(s, world);
    let created = created_at(s, state);
    let clock = if kind.clock_runs() {
        let calendar = &world.people[responder].calendar;
        Some(
            response_clock(created, level.target, charter.reminder_point(), calendar)
                .map_err(invalid)?,
        )
    } else {
        None
    };
    let needed_by = needed_by(s, state, kind, created);
    let closed = closing(s, state, kind, created, clock, needed_by);
    let (asker_id, responder_id) = (world.people[asker].id, world.people[responder].id);
    let team_slug = team.map(|t| world.teams[t].slug.clone());
    let payload = json!({ "ask": id, "to": world.people[responder].handle, "team": team_slug, "kind": kind.as_str(),
        "urgency": urgency, "due_at": clock.map(|c| c.due_at.to_string()),
        "needed_by": needed_by.map(|t| t.to_string()), "routed": None::<String> });
    batch
        .events
        .push(event(Some(asker_id), "ask.created", payload));
    if let Some((_, response, _)) = &closed {
        batch.events.push(match state {
            AskState::Expired => event(
                None,
                "ask.expired",
                json!({ "ask": id, "needed_by": needed_by.map(|t| t.to_string()) }),
            ),
            AskState::Withdrawn => event(
                Some(asker_id),
                "ask.closed",
                json!({ "ask": id, "state": state.as_str(), "response": response }),
            ),
            _ => event(
                Some(responder_id),
                "ask.closed",
                json!({ "ask": id, "state": state.as_str(), "response": response }),
            ),
        });
    }
    if state == AskState::Open {
        future_jobs(s.now, id, clock, needed_by, &mut batch.jobs);
    }
    let title = s.words.ask_title(kind.as_str());
    let body = s.words.paragraph(1, 3);
    batch.asks.push(AskRow {
        id,
        asker_id,
        responder_id,
        team_id: team.map(|t| world.teams[t].id),
        kind: kind.as_str(),
        urgency: level.key.clone(),
        target: level.target.to_string(),
        counts_urgent: level.counts_as_urgent,
        title,
        body,
        state: state.as_str(),
        created_at: created,
        remind_at: clock.map(|c| c.remind_at),
        due_at: clock.map(|c| c.due_at),
        responded_at: closed.as_ref().map(|c| c.0),
        response: closed.as_ref().map(|c| c.1.to_owned()),
        comment: closed.and_then(|c| c.2),
        needed_by,
    });
    Ok(())
}

/// A "needed by": always on an expired ask (passed), on a fifth of open ones (ahead).
fn needed_by(
    s: &mut Seeder<'_>,
    state: AskState,
    kind: AskKind,
    created: Timestamp,
) -> Option<Timestamp> {
    match state {
        AskState::Expired => Some(
            (created + SignedDuration::from_mins(s.words.between(120, 5 * 24 * 60))).min(s.now),
        ),
        AskState::Open if kind.clock_runs() && s.words.chance(20) => {
            Some(s.now + SignedDuration::from_mins(s.words.between(24 * 60, 14 * 24 * 60)))
        }
        _ => None,
    }
}

/// When and how a closed ask was closed: its instant, response and comment.
fn closing(
    s: &mut Seeder<'_>,
    state: AskState,
    kind: AskKind,
    created: Timestamp,
    clock: Option<ResponseClock>,
    needed_by: Option<Timestamp>,
) -> Option<(Timestamp, &'static str, Option<String>)> {
    let latest = clock.map_or(s.now, |c| {
        (c.due_at + c.due_at.duration_since(created)).min(s.now)
    });
    let at = s.instant_between(
        created + SignedDuration::from_mins(5),
        latest.max(created + SignedDuration::from_mins(5)),
    );
    let at = at.min(s.now);
    match state {
        AskState::Open => None,
        AskState::Expired => Some((needed_by.unwrap_or(at), "expired", None)),
        AskState::Withdrawn => Some((at, "withdrawn", None)),
        AskState::Declined => Some((at, "decline", Some(s.words.sentence()))),
        AskState::Answered => {
            let response = match kind {
                AskKind::Fyi => "acknowledge",
                AskKind::Approve if s.words.chance(20) => "object",
                AskKind::Approve | AskKind::Review if s.words.chance(50) => "approve",
                _ => "comment",
            };
            Some((at, response, Some(s.words.comment())))
        }
    }
}

/// The jobs an open ask still needs: its reminder, escalation and expiry, those ahead only.
fn future_jobs(
    now: Timestamp,
    id: i64,
    clock: Option<ResponseClock>,
    needed_by: Option<Timestamp>,
    jobs: &mut Vec<Job>,
) {
    if let Some(clock) = clock {
        if clock.remind_at > now {
            jobs.push(Job::RemindAsk {
                ask_id: id,
                remind_at: clock.remind_at,
                assignment: None,
            });
        }
        if clock.due_at > now {
            jobs.push(Job::EscalateAsk {
                ask_id: id,
                due_at: clock.due_at,
                assignment: None,
            });
        }
    }
    if let Some(needed_by) = needed_by.filter(|at| *at > now) {
        jobs.push(Job::ExpireAsk {
            ask_id: id,
            needed_by,
        });
    }
}
