//! A team's check-in schedule: reading it, saving it (its DRI and admins), and queueing the
//! prompts it starts.

use super::{TeamAccess, calendar_of_member, team_access};
use crate::formats::calendar_json::{DAY_KEYS, day_key, parse_time};
use crate::ops::jobs::Job;
use crate::ops::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use crate::store::WriteTx;
use crate::store::checkins::{self as store_checkins, NewSchedule};
use crate::store::members as store_members;
use crate::views::checkins::ScheduleRecord;
use jiff::civil::{Time, Weekday};
use jiff::{SignedDuration, Timestamp};
use longhand_domain::checkins::{Cadence, DEFAULT_ESCALATION, Schedule};
use serde_json::json;

/// The most business hours a team may let a blocker wait before it escalates: a month of
/// working days.
pub const MAX_ESCALATE_AFTER_HOURS: i64 = 160;

/// Whether a team checks in, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CadenceChoice {
    Off,
    Daily,
    Weekly,
}

impl CadenceChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            CadenceChoice::Off => "off",
            CadenceChoice::Daily => "daily",
            CadenceChoice::Weekly => "weekly",
        }
    }

    /// Parses `off`, `daily` or `weekly`.
    pub fn parse(raw: &str) -> OpResult<CadenceChoice> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "off" | "" => Ok(CadenceChoice::Off),
            "daily" => Ok(CadenceChoice::Daily),
            "weekly" => Ok(CadenceChoice::Weekly),
            other => Err(invalid(format!(
                "unknown cadence \"{other}\"; use off, daily or weekly"
            ))),
        }
    }
}

/// A team's schedule as the team page and the API show it.
#[derive(Debug, Clone)]
pub struct ScheduleView {
    pub team_slug: String,
    pub team_name: String,
    pub cadence: CadenceChoice,
    /// The weekly cadence's day.
    pub weekday: Weekday,
    /// The prompt's local time, in each member's zone.
    pub at: Time,
    /// How long an open blocker waits, in the owner's business hours, before each escalation.
    pub escalate_after_hours: i64,
    pub version: i64,
    /// When the schedule took effect; `None` for a team that never set one.
    pub since: Option<Timestamp>,
    /// Whether the reader may change it.
    pub can_edit: bool,
}

/// A schedule to save, parsed.
#[derive(Debug, Clone)]
pub struct ScheduleInput {
    pub cadence: CadenceChoice,
    pub weekday: Weekday,
    pub at: Time,
    pub escalate_after_hours: i64,
}

impl ScheduleInput {
    /// Parses the form's and the API's fields: `weekday` `mon` … `sun` (Monday when absent),
    /// `at` `HH:MM`, and the escalation delay in whole business hours (24 when absent).
    pub fn parse(
        cadence: &str,
        weekday: Option<&str>,
        at: &str,
        escalate_after_hours: Option<i64>,
    ) -> OpResult<ScheduleInput> {
        let hours = escalate_after_hours.unwrap_or(DEFAULT_ESCALATION.as_hours());
        if !(1..=MAX_ESCALATE_AFTER_HOURS).contains(&hours) {
            return Err(invalid(format!(
                "blockers escalate after 1 to {MAX_ESCALATE_AFTER_HOURS} business hours, not {hours}"
            )));
        }
        Ok(ScheduleInput {
            cadence: CadenceChoice::parse(cadence)?,
            weekday: parse_weekday(weekday.unwrap_or("mon"))?,
            at: parse_time(at, "the check-in time").map_err(invalid)?,
            escalate_after_hours: hours,
        })
    }
}

fn parse_weekday(raw: &str) -> OpResult<Weekday> {
    let key = raw.trim().to_ascii_lowercase();
    let short = key.get(..3).unwrap_or(&key);
    DAY_KEYS
        .iter()
        .position(|k| *k == short)
        .and_then(|i| i8::try_from(i).ok())
        .map(Weekday::from_monday_zero_offset)
        .and_then(Result::ok)
        .ok_or_else(|| {
            invalid(format!(
                "unknown weekday \"{raw}\"; use mon, tue, wed, thu, fri, sat or sun"
            ))
        })
}

/// The default of a team that never set a schedule: off, weekly on Monday at 09:30.
fn default_view(access: &TeamAccess, can_edit: bool) -> ScheduleView {
    ScheduleView {
        team_slug: access.team.slug.clone(),
        team_name: access.team.name.clone(),
        cadence: CadenceChoice::Off,
        weekday: Weekday::Monday,
        at: Time::constant(9, 30, 0, 0),
        escalate_after_hours: DEFAULT_ESCALATION.as_hours(),
        version: 0,
        since: None,
        can_edit,
    }
}

pub(crate) fn view_of(
    access: &TeamAccess,
    record: Option<&ScheduleRecord>,
    can_edit: bool,
) -> ScheduleView {
    let Some(record) = record else {
        return default_view(access, can_edit);
    };
    let fallback = default_view(access, can_edit);
    ScheduleView {
        cadence: CadenceChoice::parse(&record.cadence).unwrap_or(CadenceChoice::Off),
        weekday: parse_weekday(&record.weekday).unwrap_or(fallback.weekday),
        at: parse_time(&record.local_time, "time").unwrap_or(fallback.at),
        escalate_after_hours: record.escalate_after_minutes / 60,
        version: record.version,
        since: Some(record.since),
        ..fallback
    }
}

/// The domain's schedule for a stored one; `None` while check-ins are off.
pub(crate) fn domain_schedule(record: &ScheduleRecord) -> OpResult<Option<Schedule>> {
    let cadence = match record.cadence.as_str() {
        "off" => return Ok(None),
        "daily" => Cadence::Daily,
        _ => Cadence::Weekly(parse_weekday(&record.weekday)?),
    };
    let at = parse_time(&record.local_time, "time").map_err(|err| {
        OpError::Internal(anyhow::anyhow!("stored check-in time is invalid: {err}"))
    })?;
    Ok(Some(Schedule::new(cadence, at, record.since)))
}

/// The escalation delay of a team's blockers.
pub(crate) fn escalation_delay(record: Option<&ScheduleRecord>) -> SignedDuration {
    record.map_or(DEFAULT_ESCALATION, |r| {
        SignedDuration::from_mins(r.escalate_after_minutes)
    })
}

/// A team's check-in schedule (anyone who sees the team).
pub async fn get_schedule(app: &App, actor: &Actor, slug: &str) -> OpResult<ScheduleView> {
    let mut conn = app.store().read().await?;
    let access = team_access(&mut conn, actor, slug).await?;
    let record = store_checkins::schedule(&mut conn, access.team.id).await?;
    Ok(view_of(&access, record.as_ref(), access.manages(actor)))
}

/// Saves a team's schedule (its DRI or an admin), effective now: each member's first prompt
/// is the next one from now, and chains queued under the old schedule stop.
pub async fn set_schedule(
    app: &App,
    actor: &Actor,
    slug: &str,
    input: ScheduleInput,
) -> OpResult<ScheduleView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let access = team_access(&mut tx, actor, slug).await?;
    if !access.manages(actor) {
        return Err(forbidden(
            "only the team's DRI or an admin can change its check-in schedule",
        ));
    }
    let view = save(app, &mut tx, actor, &access, &input, now).await?;
    commit(tx).await?;
    Ok(view)
}

/// Saves the schedule in the caller's transaction, effective from `since`, records it and
/// queues the first prompts. The demo seeds a schedule that took effect a week ago.
pub(crate) async fn save(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    access: &TeamAccess,
    input: &ScheduleInput,
    since: Timestamp,
) -> OpResult<ScheduleView> {
    let local_time = input.at.strftime("%H:%M").to_string();
    let new = NewSchedule {
        team_id: access.team.id,
        cadence: input.cadence.as_str(),
        weekday: day_key(input.weekday),
        local_time: &local_time,
        escalate_after_minutes: input.escalate_after_hours * 60,
        since: longhand_domain::instant::at_storage_precision(since),
        updated_by: actor.id,
    };
    store_checkins::save_schedule(tx, &new, app.now()).await?;
    let payload = json!({ "team": access.team.slug, "cadence": new.cadence, "weekday": new.weekday, "at": local_time, "escalate_after_hours": input.escalate_after_hours });
    app.record(tx, Some(actor), "checkin.schedule_set", payload)
        .await?;
    for member in store_members::active_in_team(tx, access.team.id).await? {
        queue_first_prompt(app, tx, access.team.id, member.id).await?;
    }
    let record = store_checkins::schedule(tx, access.team.id).await?;
    Ok(view_of(access, record.as_ref(), true))
}

/// Queues a member's next prompt in a team, if the team checks in. Called when the schedule
/// is saved and when someone joins the team.
pub(crate) async fn queue_first_prompt(
    app: &App,
    tx: &mut WriteTx,
    team_id: i64,
    member_id: i64,
) -> OpResult<()> {
    let Some(record) = store_checkins::schedule(tx, team_id).await? else {
        return Ok(());
    };
    let Some(schedule) = domain_schedule(&record)? else {
        return Ok(());
    };
    let calendar = calendar_of_member(tx, member_id).await?;
    let Some(prompt_at) = schedule.next_prompt(&calendar, app.now()) else {
        return Ok(());
    };
    Job::CheckinPrompt {
        team_id,
        member_id,
        version: record.version,
        prompt_at,
    }
    .enqueue(app, tx)
    .await
}
