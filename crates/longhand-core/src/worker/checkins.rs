//! The check-in jobs: a member's prompt (which queues their next one and the reminder), the
//! reminder at 80 % of the window, and a blocker's escalation steps.
//!
//! Each checks that its subject still stands: the schedule still has the version the job was
//! queued under, the member is still an active member of the team, the instant is still one
//! of their prompts (a member who moved zones gets a new chain from now), the blocker is
//! still open. The notifications' dedupe keys name the member and the period, so a job run
//! twice notifies once.

use super::Ran;
use crate::ops::blockers::{escalation_path, queue_escalation};
use crate::ops::checkins::{Message, calendar_of_member, domain_schedule, notify_member};
use crate::ops::jobs::Job;
use crate::ops::{App, OpResult};
use crate::store::WriteTx;
use crate::store::blockers as store_blockers;
use crate::store::checkins as store_checkins;
use crate::store::members as store_members;
use crate::store::teams as store_teams;
use crate::views::teams::TeamRecord;
use crate::wording;
use jiff::Timestamp;
use longhand_domain::calendar::Calendar;
use longhand_domain::checkins::{Period, Schedule, Standing};
use serde_json::json;

/// What a check-in job runs against, when it still stands.
struct Subject {
    team: TeamRecord,
    schedule: Schedule,
    calendar: Calendar,
}

/// The team, its schedule and the member's calendar, unless the job no longer applies.
async fn still_standing(
    tx: &mut WriteTx,
    team_id: i64,
    member_id: i64,
    version: i64,
) -> OpResult<Result<Subject, &'static str>> {
    let Some(record) = store_checkins::schedule(tx, team_id).await? else {
        return Ok(Err("the team has no check-in schedule"));
    };
    if record.version != version {
        return Ok(Err("the team's schedule changed since"));
    }
    let Some(schedule) = domain_schedule(&record)? else {
        return Ok(Err("the team's check-ins are off"));
    };
    let in_team = store_members::active_in_team(tx, team_id)
        .await?
        .iter()
        .any(|m| m.id == member_id);
    if !in_team {
        return Ok(Err("the member left the team or was deactivated"));
    }
    let team = store_teams::by_id(tx, team_id).await?;
    let calendar = calendar_of_member(tx, member_id).await?;
    Ok(Ok(Subject {
        team,
        schedule,
        calendar,
    }))
}

/// Prompts a member for the period `prompt_at` opens, queues its reminder and the member's
/// next prompt.
pub(super) async fn prompt(
    app: &App,
    tx: &mut WriteTx,
    (team_id, member_id, version): (i64, i64, i64),
    prompt_at: Timestamp,
) -> OpResult<Ran> {
    let s = match still_standing(tx, team_id, member_id, version).await? {
        Ok(s) => s,
        Err(why) => return Ok(Ran::Skipped(why)),
    };
    let now = app.now();
    if !s.schedule.is_prompt(&s.calendar, prompt_at) {
        // The member's calendar moved (a new zone, new working days): start over from now.
        queue_prompt(app, tx, (team_id, member_id, version), &s, now).await?;
        return Ok(Ran::Skipped(
            "no longer one of the member's prompts; the next one is queued",
        ));
    }
    let Some(period) = s.schedule.period_at(&s.calendar, prompt_at) else {
        return Ok(Ran::Skipped("the prompt opens no period"));
    };
    queue_next(app, tx, (team_id, member_id, version), &s, &period, now).await?;
    if period.standing(now) == Standing::Closed {
        return Ok(Ran::Skipped("the period closed before its prompt ran"));
    }
    let date = period.date.to_string();
    if store_checkins::find(tx, team_id, member_id, &date)
        .await?
        .is_some()
    {
        return Ok(Ran::Skipped("the member answered already"));
    }
    Job::CheckinReminder {
        team_id,
        member_id,
        version,
        prompt_at,
        remind_at: period.remind_at,
    }
    .enqueue(app, tx)
    .await?;
    if !tell_member(app, tx, member_id, &s, &period, PeriodNotice::Prompt).await? {
        return Ok(Ran::Skipped(
            "the member was prompted for this period already",
        ));
    }
    app.record(
        tx,
        None,
        "checkin.prompted",
        json!({ "team": s.team.slug, "member": member_id, "period": date }),
    )
    .await?;
    Ok(Ran::Acted)
}

/// Queues the member's next prompt: the one that closes this period, or, when the job ran so
/// late that it passed, the prompt of the member's current period (it runs at once).
async fn queue_next(
    app: &App,
    tx: &mut WriteTx,
    ids: (i64, i64, i64),
    s: &Subject,
    period: &Period,
    now: Timestamp,
) -> OpResult<()> {
    let next = match period.closes_at {
        Some(closes) if closes > now => Some(closes),
        Some(_) => s.schedule.period_at(&s.calendar, now).map(|p| p.opens_at),
        None => None,
    };
    let Some(prompt_at) = next else {
        return Ok(());
    };
    let (team_id, member_id, version) = ids;
    Job::CheckinPrompt {
        team_id,
        member_id,
        version,
        prompt_at,
    }
    .enqueue(app, tx)
    .await
}

async fn queue_prompt(
    app: &App,
    tx: &mut WriteTx,
    (team_id, member_id, version): (i64, i64, i64),
    s: &Subject,
    now: Timestamp,
) -> OpResult<()> {
    let Some(prompt_at) = s.schedule.next_prompt(&s.calendar, now) else {
        return Ok(());
    };
    Job::CheckinPrompt {
        team_id,
        member_id,
        version,
        prompt_at,
    }
    .enqueue(app, tx)
    .await
}

/// Reminds a member who has not answered the period `prompt_at` opened.
pub(super) async fn remind(
    app: &App,
    tx: &mut WriteTx,
    (team_id, member_id, version): (i64, i64, i64),
    prompt_at: Timestamp,
) -> OpResult<Ran> {
    let s = match still_standing(tx, team_id, member_id, version).await? {
        Ok(s) => s,
        Err(why) => return Ok(Ran::Skipped(why)),
    };
    let Some(period) = s.schedule.period_at(&s.calendar, prompt_at) else {
        return Ok(Ran::Skipped("the prompt opens no period"));
    };
    if period.opens_at != prompt_at || period.standing(app.now()) == Standing::Closed {
        return Ok(Ran::Skipped("the period moved or closed since"));
    }
    let date = period.date.to_string();
    if store_checkins::find(tx, team_id, member_id, &date)
        .await?
        .is_some()
    {
        return Ok(Ran::Skipped("the member answered"));
    }
    if !tell_member(app, tx, member_id, &s, &period, PeriodNotice::Reminder).await? {
        return Ok(Ran::Skipped("the member was reminded already"));
    }
    Ok(Ran::Acted)
}

/// The two notices a check-in period sends a member: the prompt that opens it and the
/// reminder for those who have not answered.
#[derive(Clone, Copy)]
enum PeriodNotice {
    Prompt,
    Reminder,
}

impl PeriodNotice {
    fn kind(self) -> &'static str {
        match self {
            PeriodNotice::Prompt => "checkin_prompt",
            PeriodNotice::Reminder => "checkin_reminder",
        }
    }

    fn title(self, team: &str) -> String {
        match self {
            PeriodNotice::Prompt => format!("Check-in for {team}: done, next, blockers"),
            PeriodNotice::Reminder => format!("Reminder: your check-in for {team}"),
        }
    }

    /// What follows "Due by TIME (ZONE)".
    fn tail(self) -> &'static str {
        match self {
            PeriodNotice::Prompt => ". Answers after that are marked late.",
            PeriodNotice::Reminder => "; it takes a minute.",
        }
    }

    fn key(self) -> &'static str {
        match self {
            PeriodNotice::Prompt => "prompt",
            PeriodNotice::Reminder => "reminder",
        }
    }
}

/// Sends `notice` for `period` to the member, due time in their zone; false when it was sent
/// already (its dedupe key is the team, member, period and notice).
async fn tell_member(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    s: &Subject,
    period: &Period,
    notice: PeriodNotice,
) -> OpResult<bool> {
    let zone = s.calendar.time_zone();
    let message = Message {
        kind: notice.kind(),
        title: &notice.title(&s.team.name),
        body: &format!(
            "Due by {} ({}){}",
            wording::when(period.due_at, zone),
            wording::zone_time(zone),
            notice.tail()
        ),
        link: &format!("/checkins/{}", s.team.slug),
        dedupe_key: &format!(
            "checkin:{}:{member_id}:{}:{}",
            s.team.id,
            period.opens_at.as_microsecond(),
            notice.key()
        ),
    };
    notify_member(app, tx, member_id, &message).await
}

/// Escalation step `step` of an open blocker: tells the next person in the team's path and
/// queues the step after.
pub(super) async fn escalate(
    app: &App,
    tx: &mut WriteTx,
    blocker_id: i64,
    step: u32,
) -> OpResult<Ran> {
    let blocker = store_blockers::by_id(tx, blocker_id).await?;
    if blocker.state != "open" {
        return Ok(Ran::Skipped("the blocker was resolved"));
    }
    let path = escalation_path(tx, blocker.team_id).await?;
    let Some(person) = usize::try_from(step).ok().and_then(|s| path.get(s)) else {
        return Ok(Ran::Skipped("the escalation path is shorter now"));
    };
    let zone = crate::ops::checkins::zone_of_member(tx, person.id).await?;
    let message = Message {
        kind: "blocker_escalated",
        title: &format!(
            "Still blocked: {} waits on {} — “{}”",
            blocker.reporter_name, blocker.owner_name, blocker.body
        ),
        body: &format!(
            "Open since {} ({}) in {}.",
            wording::when(blocker.opened_at, &zone),
            wording::zone_time(&zone),
            blocker.team_name
        ),
        link: &format!("/blockers/{blocker_id}"),
        dedupe_key: &format!("blocker:{blocker_id}:escalated:{step}"),
    };
    notify_member(app, tx, person.id, &message).await?;
    store_blockers::mark_escalated(tx, blocker_id, i64::from(step) + 1).await?;
    let payload = json!({ "blocker": blocker_id, "step": step, "to": person.handle });
    app.record(tx, None, "blocker.escalated", payload).await?;
    queue_escalation(app, tx, blocker_id, step + 1).await?;
    Ok(Ran::Acted)
}
