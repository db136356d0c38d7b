//! A team's check-ins at a glance: for each member, their period (current, or the one of a
//! given date), whether they answered, late or not yet, and whether they are blocked.

use super::schedule::view_of;
use super::{
    ScheduleView, TeamAccess, calendar_of_member, domain_schedule, require_sight, team_access,
};
use crate::ops::{Actor, App, OpError, OpResult};
use crate::store::blockers as store_blockers;
use crate::store::checkins as store_checkins;
use crate::store::members as store_members;
use crate::views::checkins::{BlockerRecord, CheckinRecord, HelpRecord};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use longhand_domain::checkins::{Period, Schedule, Standing};
use sqlx::AnyConnection;

/// Where a member's check-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinStatus {
    /// Answered within the working day.
    Answered,
    /// Answered after the working day.
    AnsweredLate,
    /// Not answered; the working day is not over.
    Waiting,
    /// Not answered, and the working day is over (an answer is still taken, marked late).
    Overdue,
    /// Not answered, and the period closed.
    Missed,
    /// No period: check-ins are off, the member's first prompt is ahead, or they do not work
    /// that day.
    NoPeriod,
}

impl CheckinStatus {
    /// The API's form.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckinStatus::Answered => "answered",
            CheckinStatus::AnsweredLate => "late",
            CheckinStatus::Waiting => "waiting",
            CheckinStatus::Overdue => "overdue",
            CheckinStatus::Missed => "missed",
            CheckinStatus::NoPeriod => "none",
        }
    }

    /// How a page says it.
    pub fn label(self) -> &'static str {
        match self {
            CheckinStatus::Answered => "answered",
            CheckinStatus::AnsweredLate => "answered late",
            CheckinStatus::Waiting => "not answered yet",
            CheckinStatus::Overdue => "not answered, overdue",
            CheckinStatus::Missed => "missed",
            CheckinStatus::NoPeriod => "no check-in",
        }
    }

    /// Whether the member answered.
    pub fn answered(self) -> bool {
        matches!(self, CheckinStatus::Answered | CheckinStatus::AnsweredLate)
    }
}

/// One member's row of the team's check-ins.
#[derive(Debug, Clone)]
pub struct MemberCheckin {
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub zone: TimeZone,
    pub period: Option<Period>,
    pub status: CheckinStatus,
    pub checkin: Option<CheckinRecord>,
    /// The open blockers this member reported in the team, whichever period they came from.
    pub open_blockers: Vec<BlockerRecord>,
}

impl MemberCheckin {
    pub fn blocked(&self) -> bool {
        !self.open_blockers.is_empty()
    }
}

/// A team's check-ins for a period.
#[derive(Debug, Clone)]
pub struct TeamCheckins {
    pub team_slug: String,
    pub team_name: String,
    pub schedule: ScheduleView,
    /// The date asked for; `None` for each member's current period.
    pub date: Option<Date>,
    pub rows: Vec<MemberCheckin>,
}

impl TeamCheckins {
    fn count(&self, keep: impl Fn(&MemberCheckin) -> bool) -> usize {
        self.rows.iter().filter(|r| keep(r)).count()
    }

    pub fn answered(&self) -> usize {
        self.count(|r| r.status.answered())
    }

    pub fn late(&self) -> usize {
        self.count(|r| r.status == CheckinStatus::AnsweredLate)
    }

    pub fn blocked(&self) -> usize {
        self.count(MemberCheckin::blocked)
    }

    /// Members with a period who have not answered it.
    pub fn not_yet(&self) -> usize {
        self.count(|r| {
            matches!(
                r.status,
                CheckinStatus::Waiting | CheckinStatus::Overdue | CheckinStatus::Missed
            )
        })
    }
}

/// The team's check-ins in each member's current period at `now`: who answered, late, who is
/// blocked, who has not answered yet (for the team page and the team digest).
pub async fn team_period_summary(
    app: &App,
    actor: &Actor,
    team_slug: &str,
    now: Timestamp,
) -> OpResult<TeamCheckins> {
    let mut conn = app.store().read().await?;
    let access = team_access(&mut conn, actor, team_slug).await?;
    require_sight(actor, &access)?;
    summarise(&mut conn, actor, &access, None, now).await
}

/// The team's check-ins of the periods whose prompt fell on each member's local `date`.
pub async fn team_checkins_on(
    app: &App,
    actor: &Actor,
    team_slug: &str,
    date: Date,
) -> OpResult<TeamCheckins> {
    let mut conn = app.store().read().await?;
    let access = team_access(&mut conn, actor, team_slug).await?;
    require_sight(actor, &access)?;
    summarise(&mut conn, actor, &access, Some(date), app.now()).await
}

async fn summarise(
    conn: &mut AnyConnection,
    actor: &Actor,
    access: &TeamAccess,
    date: Option<Date>,
    now: Timestamp,
) -> OpResult<TeamCheckins> {
    let record = store_checkins::schedule(conn, access.team.id).await?;
    let schedule = match &record {
        Some(r) => domain_schedule(r)?,
        None => None,
    };
    let open = store_blockers::of_team(conn, access.team.id, "open").await?;
    let mut rows = Vec::new();
    for member in store_members::active_in_team(conn, access.team.id).await? {
        let calendar = calendar_of_member(conn, member.id).await?;
        let period = period_of(schedule.as_ref(), &calendar, date, now);
        let checkin = match period {
            Some(p) => {
                store_checkins::find(conn, access.team.id, member.id, &p.date.to_string()).await?
            }
            None => None,
        };
        rows.push(MemberCheckin {
            status: status(period, checkin.as_ref(), now),
            open_blockers: open
                .iter()
                .filter(|b| b.reporter_id == member.id)
                .cloned()
                .collect(),
            member_id: member.id,
            handle: member.handle,
            name: member.name,
            zone: calendar.time_zone().clone(),
            period,
            checkin,
        });
    }
    Ok(TeamCheckins {
        team_slug: access.team.slug.clone(),
        team_name: access.team.name.clone(),
        schedule: view_of(access, record.as_ref(), access.manages(actor)),
        date,
        rows,
    })
}

fn period_of(
    schedule: Option<&Schedule>,
    calendar: &longhand_domain::calendar::Calendar,
    date: Option<Date>,
    now: Timestamp,
) -> Option<Period> {
    let schedule = schedule?;
    match date {
        Some(date) => schedule.period_on(calendar, date),
        None => schedule.period_at(calendar, now),
    }
}

fn status(
    period: Option<Period>,
    checkin: Option<&CheckinRecord>,
    now: Timestamp,
) -> CheckinStatus {
    let Some(period) = period else {
        return CheckinStatus::NoPeriod;
    };
    match (checkin, period.standing(now)) {
        (Some(c), _) if c.late => CheckinStatus::AnsweredLate,
        (Some(_), _) => CheckinStatus::Answered,
        (None, Standing::Upcoming) => CheckinStatus::NoPeriod,
        (None, Standing::OnTime) => CheckinStatus::Waiting,
        (None, Standing::Late) => CheckinStatus::Overdue,
        (None, Standing::Closed) => CheckinStatus::Missed,
    }
}

/// The page of one member's check-in: `/checkins/{team}/{handle}/{date}`.
pub(crate) fn checkin_link(team_slug: &str, handle: &str, date: Date) -> String {
    format!("/checkins/{team_slug}/{handle}/{date}")
}

/// One member's check-in for one period, as their teammates read it.
#[derive(Debug, Clone)]
pub struct OneCheckin {
    pub team_slug: String,
    pub team_name: String,
    pub handle: String,
    pub name: String,
    pub zone: TimeZone,
    pub checkin: CheckinRecord,
    pub blockers: Vec<BlockerRecord>,
    pub help: Vec<HelpRecord>,
}

/// A member's check-in of a period (anyone who sees the team's check-ins).
pub async fn one(
    app: &App,
    actor: &Actor,
    team_slug: &str,
    handle: &str,
    date: Date,
) -> OpResult<OneCheckin> {
    let mut conn = app.store().read().await?;
    let access = team_access(&mut conn, actor, team_slug).await?;
    require_sight(actor, &access)?;
    let member = store_members::by_handle(&mut conn, handle)
        .await
        .map_err(crate::ops::named("check-in"))?;
    let checkin = store_checkins::find(&mut conn, access.team.id, member.id, &date.to_string())
        .await?
        .ok_or(OpError::NotFound("check-in"))?;
    Ok(OneCheckin {
        blockers: store_blockers::of_checkin(&mut conn, checkin.id).await?,
        help: store_checkins::help_of(&mut conn, checkin.id).await?,
        zone: calendar_of_member(&mut conn, member.id)
            .await?
            .time_zone()
            .clone(),
        team_slug: access.team.slug,
        team_name: access.team.name,
        handle: member.handle,
        name: member.name,
        checkin,
    })
}
